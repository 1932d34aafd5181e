#!/bin/bash
# rblstat: output escaping on the raw bytes, damaged gzip input, impossible
# dates, and the --since/--until bounds at their edges. Files only: no DNS,
# no namespaces (like t_rblstat.sh).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
R=$TOP/$BUILD/rblstat
DATA=$TOP/tests/data/rblstat
export TZ=UTC LC_ALL=C
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
# same NAME GOT WANT: exact bytes, diff on failure
same() {
	if [ "$2" == "$3" ]; then ok "$1"; else nok "$1"; diff <(printf '%s\n' "$3") <(printf '%s\n' "$2") | sed 's/^/# /'; fi
}

[ -x "$R" ] || { nok "rblstat built at $R"; exit 1; }
W=$(mktemp -d) || exit 1
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1

# --- Escaping: a refused client chooses HELO, MAIL FROM and RCPT TO ---------
# (tests/data/rblstat/hostile.log). CSV cells a spreadsheet would evaluate
# get a leading "'" and quotes (OWASP); JSON escapes < > & as \u00XX; HTML
# uses entities.
$R --year 2025 --csv "$DATA/hostile.log" >h.csv 2>/dev/null
same "csv: formula cells neutralised (raw bytes)" "$(sed -n '/^top,/,$p' h.csv)" \
'top,rank,key,count,max_error
clients,1,192.0.2.2,2,0
networks,1,192.0.2.0/24,2,0
sender_domains,1,"'"'"'=2+2",3,0
sender_domains,2,"'"'"'-2+3",2,0
sender_domains,3,example.org,1,0
sender_domains,4,y,1,0
recipients,1,"'"'"'=hyperlink(""http://e.example"",""x"")",3,0
recipients,2,"'"'"'+1@x",2,0
recipients,3,"'"'"'@sum(1)",1,0
recipients,4,a<b>&c@x,1,0
hosts,1,"'"'"'=1+1",1,0
hosts,2,mx,1,0'
same "csv: a list name starting with '-' is neutralised" "$(grep -- '-cmd' h.csv | head -2)" \
"2025-06,\"'-cmd\",2
\"'-cmd\",2,100.00,0,0,0,0,0,0,0,0,0,,"
$R --year 2025 --json "$DATA/hostile.log" >h.json 2>/dev/null
same "json: < > & and quotes escaped (raw bytes)" "$(grep -o '"recipients":.*' h.json)" \
'"recipients":{"approximate":false,"items":[{"key":"=hyperlink(\"http://e.example\",\"x\")","count":3,"max_error":0},{"key":"+1@x","count":2,"max_error":0},{"key":"@sum(1)","count":1,"max_error":0},{"key":"a\u003cb\u003e\u0026c@x","count":1,"max_error":0}]},'
$R --year 2025 --html - "$DATA/hostile.log" >h.html 2>/dev/null
same "html: entities (raw bytes)" "$(grep -o '<td class="k">a[^/]*</td>' h.html)" \
'<td class="k">a&lt;b&gt;&amp;c@x</td>'
same "html: quotes as entities (raw bytes)" "$(grep -o '<td class="k">=hyper[^/]*' h.html)" \
'<td class="k">=hyperlink(&quot;http:'

[ $fails -eq 0 ]
