#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat's output and options, following rblstat(1): OUTPUT (every format,
# byte for byte, and the escaping of what a refused client chose),
# DESCRIPTION and OPTIONS.  INPUT FORMATS to CAVEATS: t_rblstat_input.sh;
# the counts against a generator, filters and bounds: t_rblstat_counts.sh.
# Exact bytes where the page gives a format.  Files only (no DNS).
#
# Documented but not tested here, and why:
#  - JSON "\u00XX for bytes outside printable ASCII" and CSV "a field
#    beginning with TAB or CR": no such byte reaches a report from a log.
#    The parser skips lines with bytes rblsmtpd never writes, and the one
#    unvetted field, the syslog host, is made printable ('?') before any
#    table (agg.c count_refusal).  tests/unit/test_stat_report.c checks the
#    escaping functions on those bytes.
#  - "Out of memory" (exit 111) is provoked with ulimit -v, which the
#    sanitizer build cannot run under (ASan reserves terabytes): skipped
#    there.
#  - Memory use "does not grow with the size of the logs": checked as the
#    peak RSS of a 20000-key and a 400000-key log (same within a margin),
#    not proven.
#  - examples/rblstat-prometheus.service and .timer: systemd does not run
#    them here; their ExecStart command is run by sh over a private
#    /var/log, and systemd-analyze reads the timer's calendar.
#  - "exposition format (version 0.0.4)": the output carries no version;
#    t_rblstat_prom.sh has promtool accept it.  Prometheus's handling of
#    counter resets (increase(), rate()) is advice, not rblstat behaviour.
#  - The EXAMPLES are the options and inputs checked here, on real paths.
# Read elsewhere, so not repeated: --since/--until edges and the space
# form, gzip by magic bytes, stdin, --year against the clock, Space-Saving
# bounds (t_rblstat_counts.sh); the corrupt gzip cases (t_rblstat_input.sh);
# a real multilog and a real rsyslog fleet (t_rblstat_multilog.sh,
# t_rblstat_prom.sh).
. "$(dirname "$0")/../lib/common.sh"

DOC=$TESTDATA/rblstat/doc    # doc.log and its reports (README there)
cd "$TESTDIR" || bail "no TESTDIR"

. "$TESTLIB/rblstat.sh"
R=rblstat_utc
DATA=$TESTDATA/rblstat

# ============================================================ OUTPUT formats
# One log with every kind of message (doc.log: two hosts, two lists with
# -vv summaries, refused RCPTs, a warning, a paired and an unpaired djb
# line, a postfix line); the whole report in each format, byte for byte.
# The goldens were checked by hand against the log (tests/data/rblstat/doc/README).
st "$DOC/doc.log"
check_file_eq "text: summary line, periods, lists, overlap, connections, top tables" "$RUN_OUT_FILE" "$DOC/doc.txt"
check_eq "text: summary line \"N lines read, N lines skipped, N refusals\"" "$(sed -n 1p "$RUN_OUT_FILE")" \
	"rblstat: 12 lines read, 0 lines skipped, 4 refusals, 2026-03-01 to 2026-04-02"
st --csv "$DOC/doc.log"
check_file_eq "csv: counter, month, list, list_a, top tables" "$RUN_OUT_FILE" "$DOC/doc.csv"
check_eq "csv: first header cell of each table" \
	"$(awk 'NR == 1 || prev == "" {split($0, f, ","); print f[1]} {prev = $0}' "$RUN_OUT_FILE" | tr '\n' ' ')" \
	"counter month list list_a resolver top "
check_eq "csv: top columns" "$(grep '^top,' "$RUN_OUT_FILE")" "top,rank,key,count,max_error"
st --json "$DOC/doc.log"
check_file_eq "json: the whole object" "$RUN_OUT_FILE" "$DOC/doc.json"
check_eq "json: members as documented" "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(d))
print(" ".join(d["input"]))
print("refused_complete" in d["totals"], "refused_incomplete" in d["totals"])
print(" ".join(d["periods"][0]))
print("results" in d["lists"][0], "overlap" in d["lists"][0])
print(" ".join(d["top"]["clients"]), " ".join(d["top"]["clients"]["items"][0]))' "$RUN_OUT_FILE")" \
"by input totals periods lists top resolver
files unreadable damaged lines skipped other undated filtered
True True
period refusals lists
True True
approximate items key count max_error"
st --prometheus "$DOC/doc.log"
check_file_eq "prometheus: the whole exposition" "$RUN_OUT_FILE" "$DOC/doc.prom"
check_eq "prometheus: histogram buckets 5 ms to 10 s" \
	"$(grep -o 'host="mx1",list="zen.example",le="[^"]*"' "$RUN_OUT_FILE" | sed 's/.*le=//' | tr '\n' ' ')" \
	'"0.005" "0.01" "0.025" "0.05" "0.1" "0.25" "0.5" "1" "2.5" "5" "10" "+Inf" '
st --html - "$DOC/doc.log"
cp "$RUN_OUT_FILE" doc.html
check_eq "html: no scripts, no external assets" \
	"$(grep -Eio '<script|<link|<img|<iframe|src=|href=|@import|url\(|https?://[^"]*' doc.html | sort -u | tr '\n' ' ')" \
	"http://www.w3.org/2000/svg "
check_eq "html: inline CSS and two SVG charts (over time, per list)" \
	"$(grep -c '<style>' doc.html) $(grep -o 'aria-label="[^"]*"' doc.html | tr '\n' ' ')" \
	'1 aria-label="refusals per period" aria-label="refusals per list" '
check_eq "html: the text report's tables" "$(grep -o '<table id="[^"]*"' doc.html | tr '\n' ' ')" \
	'<table id="periods" <table id="lists" <table id="overlap" <table id="top-clients" <table id="top-networks" <table id="top-sender_domains" <table id="top-recipients" <table id="top-hosts" '
# ... and its connection line: accepted, 451, 553 and the time to verdict
# (here 2, 3 and 1 connections, verdicts after 10, 20, ... 60 ms).
for i in 1 2 3 4 5 6; do
	v=$(echo "accept accept 451 451 451 553" | cut -d' ' -f$i)
	echo "2026-01-01T00:00:0${i}Z h rblsmtpd: summary 192.0.2.$i $v - ${i}0 zen=clear@${i}0"
done >conn.log
st conn.log
txt=$(grep '^Connections (summary lines): ' "$RUN_OUT_FILE")
st --html - conn.log
check_eq "html: the text report's connection line" \
	"$(sed -n 's/^<p id="connections">\(.*\)\.<\/p>$/\1/p' "$RUN_OUT_FILE")" "$txt"
check_eq "html: ... which says 2 accepted, 3 with 451, 1 with 553, median 30 ms" "$txt" \
	"Connections (summary lines): 6, accepted 2, refused 451 3, 553 1; time to verdict median 30 ms, p95 60 ms"
# --html FILE with another format: the page goes to FILE, the format to stdout.
st --csv --html page.html "$DOC/doc.log"
check_eq "--html FILE --csv: CSV on stdout, the page in FILE" \
	"$(cmp -s "$RUN_OUT_FILE" "$DOC/doc.csv" && echo same) $(cmp -s page.html doc.html && echo same)" "same same"

# CSV: fields holding commas or quotes are quoted (RFC 4180).
printf '%s\n' '2026-01-01T00:00:00Z h rblsmtpd: zen rejected 192.0.2.1 - - h <a@x> <"a,b"@x>' \
	'2026-01-01T00:00:00Z h rblsmtpd: zen rejected 192.0.2.1 - - h <a@x> <a,b@x>' >comma.log
st --csv comma.log
check_eq "csv: commas and quotes quoted" "$(csv_rows top | grep '^recipients,')" 'recipients,1,"""a,b""@x",1,0
recipients,2,"a,b@x",1,0'

# List table columns: timeouts = timeout warnings; errors = servfail,
# refused, badanswer and error warnings (the CSV splits them).
{
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen timeout 192.0.2.1 -"
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen timeout 192.0.2.2 -"
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen servfail 192.0.2.1 -"
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen refused 192.0.2.1 -"
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen badanswer 192.0.2.1 -"
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen badanswer 192.0.2.3 -"
	echo "2026-01-01T00:00:00Z h rblsmtpd: zen error 192.0.2.1 127.255.255.254=open-resolver"
	blocked 2026-01-01T00:00:00Z h zen
} >warn.log
st warn.log
check_eq "text: timeouts and errors columns" "$(grep -A1 '^list ' "$RUN_OUT_FILE")" \
"list  refusals   share  rcpts  listed  unique  also  timeouts  errors  median_ms  p95_ms
zen          1  100.0%      0       0       0     0         2       5          -       -"
st --csv warn.log
check_eq "csv: each warning kind counted per list" "$(csv_rows list)" "zen,1,100.00,0,0,0,0,2,1,1,2,1,,"

# Every summary result kind; skipped is no lookup (no latency, no
# Prometheus outcome); listed:a and error:a carry an address.
S="rblsmtpd: summary"
{
	echo "2026-01-01T00:00:00Z h $S 192.0.2.1 553 a 5 a=listed:127.0.0.2@5,b=clear@6,c=timeout@5000,d=servfail@7"
	echo "2026-01-01T00:00:01Z h $S 192.0.2.2 451 - 9 a=refused@8,b=badanswer@9,c=error:127.255.255.254@10,d=skipped@0"
} >results.log
st --json results.log
check_eq "json: per-result counts of each summary result" "$("$PY" -c '
import json, sys
for l in json.load(open(sys.argv[1]))["lists"]:
    print(l["list"], " ".join("%s=%d" % kv for kv in l["results"].items() if kv[1]), l["median_ms"])' "$RUN_OUT_FILE")" \
"a listed=1 refused=1 5
b clear=1 badanswer=1 6
c timeout=1 error=1 10
d servfail=1 skipped=1 7"
st --prometheus results.log
check_eq "prometheus: skipped is no lookup and no outcome" \
	"$(grep '^rblsmtpd_lookups{host="h",list="d"' "$RUN_OUT_FILE" | grep -v '} 0$'; grep -c 'skipped"' "$RUN_OUT_FILE")" \
	'rblsmtpd_lookups{host="h",list="d",outcome="servfail"} 1
0'
check_eq "prometheus: a list's only skipped result is no timed lookup" \
	"$(grep '^rblsmtpd_lookup_duration_seconds_count{host="h",list="d"}' "$RUN_OUT_FILE")" \
	'rblsmtpd_lookup_duration_seconds_count{host="h",list="d"} 1'

# median_ms, p95_ms: "from a fixed histogram: exact below 100 ms, at most
# 10% low above".  One list per value, one lookup each.
vals="0 1 7 42 99 100 101 111 150 199 250 999 1234 2047 4999 5000 9999 10001 30000 65535"
for v in $vals; do echo "2026-01-01T00:00:00Z h $S 192.0.2.1 accept - 1 l$v=clear@$v"; done >lat.log
st --csv lat.log
bad=$(csv_rows list | awk -F, '{v = substr($1, 2) + 0; m = $13 + 0; p = $14 + 0
	if (v < 100 ? (m != v || p != v) : (m > v || m < 0.9 * v || p != m)) print $1 ": " $13 "," $14}')
check_eq "latency: exact below 100 ms, at most 10% low above ($(echo $vals | wc -w) values)" "$bad" ""

# Top tables: the first --top entries, default 10, at most 1000.
for i in $(seq 1 12); do for _ in $(seq 1 $i); do blocked 2026-01-01T00:00:00Z h zen 10.0.0.$i; done; done >top.log
st top.log
check_eq "--top default 10" "$(sed -n '/^Top 10 refused client IPs/,/^$/p' "$RUN_OUT_FILE" | sed '1,2d;/^$/d' | awk '{print $2}' | tr '\n' ' ')" \
	"10.0.0.12 10.0.0.11 10.0.0.10 10.0.0.9 10.0.0.8 10.0.0.7 10.0.0.6 10.0.0.5 10.0.0.4 10.0.0.3 "
st --top 2 --csv top.log
check_eq "--top 2: two rows per table" "$(csv_rows top | cut -d, -f1-4)" \
"clients,1,10.0.0.12,12
clients,2,10.0.0.11,11
networks,1,10.0.0.0/24,78
hosts,1,h,78"
st -n 2 --csv top.log
check_eq "-n is --top" "$(csv_rows top | cut -d, -f1-4 | tr '\n' ' ')" \
	"clients,1,10.0.0.12,12 clients,2,10.0.0.11,11 networks,1,10.0.0.0/24,78 hosts,1,h,78 "
st --top 1000 top.log; r1=$RUN_RC
st --top 1001 top.log
check_eq "--top: 1000 allowed, 1001 a usage error" "$r1 $RUN_RC" "0 100"

# --track: exact until that many distinct keys (default 5000), then
# approximate, and marked so in every format.
"$PY" - <<'PY'
for n in (5000, 5001):
    with open("keys%d.log" % n, "w") as f:
        for i in range(n):
            f.write("2026-01-01T00:00:00Z h rblsmtpd: zen blocked 10.0.%d.%d - -\n" % (i // 250, i % 250 + 1))
PY
st --json keys5000.log; a=$(grep -o '"clients":{"approximate":[a-z]*' "$RUN_OUT_FILE")
st --json keys5001.log; b=$(grep -o '"clients":{"approximate":[a-z]*' "$RUN_OUT_FILE")
check_eq "--track default 5000: 5000 keys exact, 5001 approximate" "$a $b" \
	'"clients":{"approximate":false "clients":{"approximate":true'
st --track 5001 --json keys5001.log
check_eq "--track 5001: 5001 keys exact" "$(grep -o '"clients":{"approximate":[a-z]*' "$RUN_OUT_FILE")" \
	'"clients":{"approximate":false'
st --track 100 keys5001.log
check_match "text: approximate table marked" "$(grep '^Top 10 refused client IPs' "$RUN_OUT_FILE")" \
	'^Top 10 refused client IPs \(approximate: more than 100 distinct keys; counts may be high by up to [0-9]+\)$'
st --track 100 --csv keys5001.log
check_eq "csv: approximate counts carry their max_error" \
	"$(csv_rows top | awk -F, '$1 == "clients" && $5 > 0 {n++} END {print (n > 0)}')" 1
st --track 100 --html - keys5001.log
check_match "html: approximate table marked" "$(cat "$RUN_OUT_FILE")" \
	'^<p class="note">Approximate: more than 100 distinct keys were seen; a count may be high by up to its error column.</p>$'
st --track 100 --csv keys5000.log
check_eq "csv: exact tables have max_error 0 (hosts: one key)" "$(csv_rows top | grep '^hosts,')" "hosts,1,h,5000,0"

# ============================================================ DESCRIPTION
# "Each file is read in turn; with none, or with '-', standard input."
blocked 2026-01-01T00:00:00Z h zen >one.log
run_cmd -f one.log TZ=UTC -- "$RBLSTAT_BIN" --csv -
a=$(grep -E '^(lines|refusals),' "$RUN_OUT_FILE" | tr '\n' ' ')
run_cmd -f one.log TZ=UTC -- "$RBLSTAT_BIN" --csv one.log - one.log
b=$(grep -E '^(lines|refusals|files),' "$RUN_OUT_FILE" | tr '\n' ' ')
check_eq "'-' is standard input, read in turn with the files" "$a| $b" \
	"lines,1 refusals,1 | lines,3 refusals,3 files,3 "

# "Memory use does not grow with the size of the logs": peak RSS with 10
# times more distinct keys (clients, networks, senders, recipients) stays
# within 4 MB. Both logs are big enough (9 and 90 MB) to fill every read
# buffer the pipeline lends (6 x 1 MB), so only the tables could differ.
"$PY" - <<'PY'
for n in (100000, 1000000):
    with open("mem%d.log" % n, "w") as f:
        for i in range(n):
            f.write("2026-01-01T00:00:00Z h rblsmtpd: zen rejected 10.%d.%d.%d - - h <a@d%d.example> <u%d@x>\n"
                    % (i >> 16 & 255, i >> 8 & 255, i & 255, i, i))
PY
# (ASan's quarantine of freed memory would grow: turn it off for this.)
rss() {
	/usr/bin/time -f %M -o rss.txt env TZ=UTC ASAN_OPTIONS=quarantine_size_mb=0 \
		"$RBLSTAT_BIN" --json "$@" >/dev/null 2>&1
	cat rss.txt
}
if [ -x /usr/bin/time ]; then
	small=$(rss mem100000.log) big=$(rss mem1000000.log)
	echo "# peak RSS: $small KB (100000 keys), $big KB (1000000 keys)"
	check_eq "memory bounded: 10x the keys, peak RSS within 4 MB" "$((big - small < 4096))" 1
else
	skip "memory bounded" "no /usr/bin/time (Debian package time)"
fi
rm -f mem*.log

# gzip from standard input that cannot seek is kept in $TMPDIR while it is
# checked: with TMPDIR unusable the input fails (exit 1, named), in a
# usable one it is read.
gzip -c one.log >one.gz
run_cmd -c "cat one.gz" TZ=UTC TMPDIR="$TESTDIR/no-such-dir" -- "$RBLSTAT_BIN" --csv
check_eq "TMPDIR: gzip on a pipe needs it (exit 1, '-' named)" "$RUN_RC $(grep -c '^rblstat: unable to read -: ' "$RUN_ERR_FILE")" "1 1"
mkdir -p tmp
run_cmd -c "cat one.gz" TZ=UTC TMPDIR="$TESTDIR/tmp" -- "$RBLSTAT_BIN" --csv
check_eq "TMPDIR: gzip on a pipe read through it, nothing left behind" \
	"$RUN_RC $(grep '^refusals,' "$RUN_OUT_FILE") $(ls tmp | wc -l)" "0 refusals,1 0"

# ============================================================ OPTIONS
# The short options are the long ones.
{
	blocked 2025-12-31T10:00:00Z h zen; blocked 2026-01-01T10:00:00Z h zen
	blocked 2026-01-02T10:00:00Z h sc;  blocked 2026-01-02T10:00:00Z h zen
	blocked 2026-02-01T10:00:00Z h zen; echo 'Mar  1 10:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -'
} >short.log
st --csv --by day --since 2026-01 --until 2026-01 --list zen --top 1 --year 2020 short.log; long=$OUT
st --csv -b day -s 2026-01 -u 2026-01 -l zen -n 1 -y 2020 short.log
check_eq "-b -s -u -l -n -y are --by --since --until --list --top --year" "$OUT" "$long"
check_eq "... and they took effect" "$(csv_rows day)" "2026-01-01,zen,1
2026-01-02,zen,1"
st --csv --year 2020 short.log
check_eq "--by month is the default" "$(csv_rows month)" "2020-03,zen,1
2025-12,zen,1
2026-01,zen,2
2026-01,sc,1
2026-02,zen,1"
st -y 2020 --csv short.log
check_eq "-y: the year of the first classic line" "$(csv_rows month | head -1)" "2020-03,zen,1"
st -h; a="$RUN_RC $OUT"
st --help
check_eq "-h, --help: the usage line, exit 0" "$a|$RUN_RC $OUT" \
	"0 usage: rblstat [--by month|day] [--since DATE] [--until DATE] [--list ZONE]... [--top N] [--year YYYY] [--track N] [--csv | --json | --prometheus] [--html FILE] [FILE...]|$a"
for args in "--csv --prometheus" "--json --prometheus" "--track 0" "--track x" "--top 1001" "--by" "--csv --html -"; do
	st $args one.log
	check_rc "usage error exits 100: $args" "$RUN_RC" 100
done
st --since 2026-01-02T10:00:00 --until 2026-01-02T10:00:00 --csv short.log
check_eq "--since/--until YYYY-MM-DDTHH:MM:SS (T form with seconds)" "$(csv_rows list | cut -d, -f1,2)" "sc,1
zen,1"

# --list: a zone, a list file path, RBLSMTPD, early-talker or '-'; may be
# repeated; other lists' refusals leave every table, but summaries still
# count unique catches against all lists.
{
	blocked 2026-01-01T00:00:00Z h zen.example 192.0.2.1
	blocked 2026-01-01T00:00:01Z h /etc/rbl/local.cdb 192.0.2.2
	blocked 2026-01-01T00:00:02Z h RBLSMTPD 192.0.2.3
	blocked 2026-01-01T00:00:03Z h early-talker 192.0.2.4
	echo "2026-01-01T00:00:04Z h rblsmtpd: 192.0.2.5 pid 7: 451 later"
	blocked 2026-01-01T00:00:05Z h sc.example 192.0.2.6
	echo "2026-01-01T00:00:06Z h $S 192.0.2.6 553 sc.example 12 sc.example=listed:127.0.0.2@10,zen.example=clear@30"
	echo "2026-01-01T00:00:07Z h $S 192.0.2.1 553 zen.example 12 sc.example=listed:127.0.0.2@10,zen.example=listed:127.0.0.2@30"
} >lists.log
got=
for l in zen.example /etc/rbl/local.cdb RBLSMTPD early-talker -; do
	st --csv --list "$l" lists.log
	got+="$l: $(csv_rows list | cut -d, -f1,2 | tr '\n' ' ')$(counters refusals | tr '\n' ' ')$(csv_rows top | grep -c '^clients,')
"
done
check_eq "--list: zone, file path, RBLSMTPD, early-talker, '-'" "$got" \
"zen.example: zen.example,1 refusals,1 1
/etc/rbl/local.cdb: /etc/rbl/local.cdb,1 refusals,1 1
RBLSMTPD: RBLSMTPD,1 refusals,1 1
early-talker: early-talker,1 refusals,1 1
-: \"'-\",1 refusals,1 1
"
st --csv --list zen.example --list - lists.log
check_eq "--list repeated" "$(csv_rows list | cut -d, -f1,2 | tr '\n' ' ') $(csv_rows month | tr '\n' ' ')" \
	"zen.example,1 \"'-\",1  2026-01,zen.example,1 2026-01,\"'-\",1 "
check_eq "--list: other lists leave the top tables" "$(csv_rows top | grep '^clients,' | cut -d, -f3 | tr '\n' ' ')" \
	"192.0.2.1 192.0.2.5 "
st --csv --list sc.example lists.log
check_eq "--list: unique catches still counted against all lists" \
	"$(csv_rows list | cut -d, -f1,5,6,7)" "sc.example,2,1,1"
st --prometheus --list sc.example lists.log
check_eq "--list selects the Prometheus series too" \
	"$(grep -o '^rblsmtpd_[a-z_]*{[^}]*list="[^"]*"' "$RUN_OUT_FILE" | sed 's/.*list=//' | sort -u)" '"sc.example"'

# --- Escaping: a refused client chooses HELO, MAIL FROM and RCPT TO ---------
# (tests/data/rblstat/hostile.log). CSV cells a spreadsheet would evaluate
# get a leading "'" and quotes (OWASP); JSON escapes < > & as \u00XX; HTML
# uses entities.
mkdir -p "$TESTDIR/escaping" && cd "$TESTDIR/escaping" || bail "no $TESTDIR/escaping"
$R --year 2025 --csv "$DATA/hostile.log" >h.csv 2>/dev/null
check_eq "csv: formula cells neutralised (raw bytes)" "$(sed -n '/^top,/,$p' h.csv)" \
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
check_eq "csv: a list name starting with '-' is neutralised" "$(grep -- '-cmd' h.csv | head -2)" \
"2025-06,\"'-cmd\",2
\"'-cmd\",2,100.00,0,0,0,0,0,0,0,0,0,,"
$R --year 2025 --json "$DATA/hostile.log" >h.json 2>/dev/null
check_eq "json: < > & and quotes escaped (raw bytes)" "$(grep -o '"recipients":.*' h.json)" \
'"recipients":{"approximate":false,"items":[{"key":"=hyperlink(\"http://e.example\",\"x\")","count":3,"max_error":0},{"key":"+1@x","count":2,"max_error":0},{"key":"@sum(1)","count":1,"max_error":0},{"key":"a\u003cb\u003e\u0026c@x","count":1,"max_error":0}]},'
$R --year 2025 --html - "$DATA/hostile.log" >h.html 2>/dev/null
check_eq "html: entities (raw bytes)" "$(grep -o '<td class="k">a[^/]*</td>' h.html)" \
'<td class="k">a&lt;b&gt;&amp;c@x</td>'
check_eq "html: quotes as entities (raw bytes)" "$(grep -o '<td class="k">=hyper[^/]*' h.html)" \
'<td class="k">=hyperlink(&quot;http:'
cd "$TESTDIR" || bail "no TESTDIR"
