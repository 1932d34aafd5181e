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

# --- A corrupt gzip stops at the damage -------------------------------------
# Three gzip members of 20000 refusals each; one byte in the middle of the
# second is changed. Deflate decodes on into plausible garbage until that
# member's CRC: only the first member may count, and stderr names the file
# and the byte offsets.
python3 - <<'PY'
import gzip, random
r = random.Random(7)
def member(day):
    return gzip.compress("".join(
        "Jun %2d 10:00:%02d mx rblsmtpd: zen blocked 10.%d.%d.%d - -\n"
        % (day, i % 60, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        for i in range(20000)).encode(), mtime=0)
m = [member(d) for d in (1, 2, 3)]
bad = bytearray(m[1]); bad[len(bad) // 2] ^= 0x55
open("damaged.gz", "wb").write(m[0] + bytes(bad) + m[2])
open("one.gz", "wb").write(bytes(bad))
open("offsets", "w").write("%d %d\n" % (len(m[0]), len(m[0]) + len(bad) - 4))  # after the CRC-32
PY
read -r member_at crc_at <offsets
$R --year 2025 --csv damaged.gz >dg.csv 2>dg.err; rc=$?
same "damaged gzip: exit 0 (reported, not fatal)" "$rc" 0
same "damaged gzip: only the member before the damage counts" "$(grep -E '^(refusals|skipped),' dg.csv)" \
'skipped,0
refusals,20000'
same "damaged gzip: only its days" "$(grep '^2025-' dg.csv)" '2025-06,zen,20000'
same "damaged gzip: stderr names the file and the byte offsets" "$(cat dg.err)" \
"rblstat: damaged.gz: corrupt gzip data at byte $crc_at (the damaged gzip member begins at byte $member_at and was not counted); lines before it were counted"
same "damaged gzip: counted as damaged input" "$(grep '^damaged,' dg.csv)" 'damaged,1'
$R --year 2025 --csv <damaged.gz >dg2.csv 2>/dev/null
cat damaged.gz | $R --year 2025 --csv >dg3.csv 2>/dev/null
same "damaged gzip on stdin (file, pipe): same numbers" "$(cat dg2.csv; cat dg3.csv)" "$(cat dg.csv; cat dg.csv)"
$R --year 2025 --csv one.gz >one.csv 2>/dev/null
same "damaged single-member gzip: no garbage refusals" "$(grep -E '^(refusals|lines),' one.csv)" \
'lines,0
refusals,0'

# --- --since/--until at their edges ------------------------------------------
# One refusal per instant, its list named after it; each bound must take the
# first and last second of the period it names and nothing around them.
ev() { echo "$1 mx rblsmtpd: $2 blocked 192.0.2.9 - -"; }
{
	ev 2025-03-09T23:59:59Z d-before;  ev 2025-03-10T00:00:00Z d-first
	ev 2025-03-10T23:59:59Z d-last;    ev 2025-03-11T00:00:00Z d-after
	ev 2025-01-31T23:59:59Z m-before;  ev 2025-02-01T00:00:00Z m-first
	ev 2025-02-28T23:59:59Z m-last;    ev 2025-03-01T00:00:00Z m-after
	ev 2024-01-31T23:59:59Z l-before;  ev 2024-02-01T00:00:00Z l-first
	ev 2024-02-29T23:59:59Z l-last;    ev 2024-03-01T00:00:00Z l-after
	ev 2024-12-31T23:59:59Z y-before;  ev 2025-01-01T00:00:00Z y-first
	ev 2025-12-31T23:59:59Z y-last;    ev 2026-01-01T00:00:00Z y-after
	ev 2025-03-10T12:33:59Z n-before;  ev 2025-03-10T12:34:00Z n-first
	ev 2025-03-10T12:34:59Z n-last;    ev 2025-03-10T12:35:00Z n-after
	ev 2025-03-10T12:34:55Z s-before;  ev 2025-03-10T12:34:56Z s-only
	ev 2025-03-10T12:34:57Z s-after
} >bounds.log
# lists SINCE UNTIL PREFIX: the lists counted (of that prefix), sorted
lists() {
	$R --csv --since "$1" --until "$2" bounds.log 2>/dev/null |
		sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep "^$3-" | sort | tr '\n' ' '
}
same "bounds: one day"           "$(lists 2025-03-10 2025-03-10 d)" "d-first d-last "
same "bounds: one month (28 d)"  "$(lists 2025-02 2025-02 m)" "m-first m-last "
same "bounds: February of a leap year" "$(lists 2024-02 2024-02 l)" "l-first l-last "
same "bounds: one year"          "$(lists 2025 2025 y)" "y-first y-last "
same "bounds: one minute"        "$(lists 2025-03-10T12:34 2025-03-10T12:34 n)" "n-first n-last "
same "bounds: one second"        "$(lists '2025-03-10 12:34:56' '2025-03-10 12:34:56' s)" "s-only "
same "bounds: --since alone takes its first second" \
	"$($R --csv --since 2025-03-10 bounds.log | sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep '^d-' | sort | tr '\n' ' ')" \
	"d-after d-first d-last "
same "bounds: --until alone takes its last second" \
	"$($R --csv --until 2025-03-10 bounds.log | sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep '^d-' | sort | tr '\n' ' ')" \
	"d-before d-first d-last "
# Classic stamps get their year from the year rule: the turn of the year
# is a bound like any other.
printf '%s\n' 'Dec 31 23:59:59 mx rblsmtpd: y-before blocked 192.0.2.9 - -' \
	'Jan  1 00:00:00 mx rblsmtpd: y-first blocked 192.0.2.9 - -' >classic.log
same "bounds: classic stamps across New Year" \
	"$($R --year 2024 --csv --since 2025 classic.log | sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep '^y-' | tr '\n' ' ')" "y-first "
same "bounds: filtered lines are counted as such" \
	"$($R --csv --since 2025-03-10 --until 2025-03-10 bounds.log | grep '^filtered,')" "filtered,14"

# --- Complete per-list outcomes (rblsmtpd -vv summaries) ----------------------
# rblsmtpd keeps reading answers after a refusal; "skipped" is left only for
# lists never asked or not answered in time. The report says how many
# refusals had every list's outcome.
S='mx rblsmtpd: summary'
printf '%s\n' \
	"2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12,b=listed:127.0.0.2@30,c=clear@40" \
	"2026-05-01T10:00:01Z $S 192.0.2.2 553 a 10 a=listed:127.0.0.2@10,b=clear@25,c=timeout@5000" \
	"2026-05-01T10:00:02Z $S 192.0.2.3 553 a 9 a=listed:127.0.0.2@9,b=skipped@0,c=skipped@0" \
	"2026-05-01T10:00:03Z $S 192.0.2.4 451 - 5000 a=clear@10,b=timeout@5000,c=clear@20" \
	"2026-05-01T10:00:04Z $S 192.0.2.5 accept - 40 a=clear@10,b=clear@30,c=clear@40" >summ.log
$R --csv summ.log >summ.csv 2>/dev/null
same "complete outcomes: csv counters" "$(grep -E '^refused_(complete|incomplete),' summ.csv)" \
'refused_complete,3
refused_incomplete,1'
$R summ.log 2>/dev/null >summ.txt
same "complete outcomes: text report line" "$(grep '^Refusals with every' summ.txt)" \
"Refusals with every list's outcome: 3, with lists skipped: 1 (listed, unique, also and overlap are exact for the first only)"
same "complete outcomes: per-list listed/unique from the completed summaries" \
	"$(sed -n '/^list,/,/^$/p' summ.csv | cut -d, -f1,5,6 | sed 1d)" 'a,3,2
b,1,0
c,0,0'

# A summary with a bad entry is a bad line, also now that the entries are
# checked by the counting thread (logline_parse_lazy), not the reader.
printf '%s\n' "2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12,b=bogus@3" \
	"2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12," \
	"2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12" >badsumm.log
same "bad summary entries: skipped, not counted" \
	"$($R --csv badsumm.log | grep -E '^(lines|skipped|summaries|refused_complete),')" 'lines,3
skipped,2
summaries,1
refused_complete,1'

[ $fails -eq 0 ]
