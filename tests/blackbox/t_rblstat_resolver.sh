#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat reports a resolver outage as what it is (rblstat(1) Messages,
# OUTPUT): a summary with a "resolver" result is a connection (accepted or
# refused as it says) during an outage, counted per period and per log host,
# and the "resolver" lines are warnings of the resolver, never a list's
# error, in every format. Once rblstat did not know the word, skipped the
# summaries, and an outage showed only as refusals dropping. Also the other
# lines of the format that came with it: rejected-more (refused RCPTs
# exact), badaddress and sandbox (warnings, no list's).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSTAT_BIN" ] || bail "rblstat not built at $RBLSTAT_BIN"
cd "$TESTDIR" || bail "no TESTDIR"
. "$TESTLIB/rblstat.sh"

P="rblsmtpd:"
# table NAME: the rows of the CSV table whose header starts NAME (a blank
# line before each header; a list named like a table is only a row)
table() { printf '%s\n' "$OUT" | awk -v h="$1," 'BEGIN {RS = ""; FS = "\n"}
	index($1, h) == 1 {for (i = 2; i <= NF; i++) print $i}'; }
# Two hosts, two months. mx1: an outage in March, 3 connections accepted
# (fail open), each with its resolver line; mx2: one in April, a -c refusal
# during it (451 temporary error) with two dead servers, and one accepted
# connection with a resolver line only. A normal refusal in March on mx2
# with a rejected-more line. A list named "resolver" whose lookup was
# refused: its warning, not an outage.
cat >outage.log <<EOF
2026-03-01T10:00:00Z mx1 $P resolver unreachable 192.0.2.1 127.0.53.9
2026-03-01T10:00:00Z mx1 $P summary 192.0.2.1 accept - 3 zen.example=resolver@2,bl.example=resolver@2
2026-03-01T10:00:01Z mx1 $P resolver unreachable 192.0.2.2 127.0.53.9
2026-03-01T10:00:01Z mx1 $P summary 192.0.2.2 accept - 2 zen.example=resolver@1,bl.example=resolver@1
2026-03-01T10:00:02Z mx1 $P resolver refused 192.0.2.3 [::1]:5353
2026-03-01T10:00:02Z mx1 $P summary 192.0.2.3 accept - 2 zen.example=resolver@1,bl.example=resolver@1
2026-03-02T09:00:00Z mx2 $P zen.example blocked 198.51.100.7 - -
2026-03-02T09:00:00Z mx2 $P zen.example rejected 198.51.100.7 - - h <a@x.example> <b@y.example>
2026-03-02T09:00:00Z mx2 $P zen.example rejected-more 198.51.100.7 - - 41
2026-03-02T09:00:00Z mx2 $P summary 198.51.100.7 451 zen.example 12 zen.example=listed:127.0.0.2@10,bl.example=clear@11
2026-04-05T08:00:00Z mx2 $P resolver unreachable 203.0.113.9 127.0.53.9
2026-04-05T08:00:00Z mx2 $P resolver unreachable 203.0.113.9 127.0.53.8
2026-04-05T08:00:00Z mx2 $P zen.example blocked 203.0.113.9 - -
2026-04-05T08:00:00Z mx2 $P summary 203.0.113.9 451 zen.example 4 zen.example=resolver@3,bl.example=resolver@3
2026-04-05T08:00:01Z mx2 $P resolver unreachable 203.0.113.10 127.0.53.9
2026-04-05T08:00:02Z mx2 $P resolver refused 203.0.113.11 25ms
2026-04-05T08:00:03Z mx2 $P - badaddress 1.2.3 not-an-ip
2026-04-05T08:00:04Z mx2 $P - sandbox 203.0.113.9 seccomp
EOF

# ---------------------------------------------------------------- text
st outage.log
check_eq "text: nothing skipped" "$(sed -n 1p "$RUN_OUT_FILE")" \
	"rblstat: 18 lines read, 0 lines skipped, 2 refusals, 2026-03-01 to 2026-04-05"
check_eq "text: the outage connections are connections" \
	"$(grep '^Connections (summary lines)' "$RUN_OUT_FILE" | cut -d';' -f1)" \
	"Connections (summary lines): 5, accepted 3, refused 451 2, 553 0"
check_eq "text: resolver outages per period and per log host" \
	"$(sed -n '/^Resolver outages/,/^$/p' "$RUN_OUT_FILE")" \
"Resolver outages (every DNS server unreachable or refusing): 4 connections (summaries with a resolver result), 6 resolver lines
month    connections  lines
2026-03            3      3
2026-04            1      3
host  connections  lines
mx1             3      3
mx2             1      3"
check_eq "text: no list blamed (errors column), the list named resolver has its warning" \
	"$(awk '/^Lists/ {on = 1; next} on && NF == 0 {exit} on {print $1, $9}' "$RUN_OUT_FILE" | tr '\n' ' ')" \
	"list errors zen.example 0 bl.example 0 resolver 1 "
check_eq "text: refused RCPTs counted exactly" "$(grep '^Refused RCPTs' "$RUN_OUT_FILE")" \
	"Refused RCPTs: 42 (1 logged one by one, the rest counted by 1 rejected-more lines)"
check_eq "text: connection warnings" "$(grep '^Connection warnings' "$RUN_OUT_FILE")" \
	"Connection warnings: badaddress 1, sandbox 1"

# ---------------------------------------------------------------- CSV
st --csv outage.log
check_eq "csv: counters" "$(counters skipped other summaries accepted refused_451 warnings resolver_lines resolver_connections badaddress sandbox rejected rejected_more refused_rcpts | tr '\n' ' ')" \
	"skipped,0 other,0 rejected,1 rejected_more,1 refused_rcpts,42 warnings,9 resolver_lines,6 badaddress,1 sandbox,1 summaries,5 resolver_connections,4 accepted,3 refused_451,2 "
check_eq "csv: the resolver table" "$(table resolver)" \
"month,2026-03,3,3
month,2026-04,1,3
host,mx1,3,3
host,mx2,1,3"
check_eq "csv: no list error for the outage (servfail, refused, badanswer, error columns)" \
	"$(table list | cut -d, -f1,9-12 | tr '\n' ' ')" \
	"zen.example,0,0,0,0 bl.example,0,0,0,0 resolver,0,1,0,0 "
st --csv --by day outage.log
check_eq "csv --by day: the resolver table per day" "$(table resolver | grep '^day,')" \
"day,2026-03-01,3,3
day,2026-04-05,1,3"

# ---------------------------------------------------------------- JSON
st --json outage.log
check_eq "json: resolver member, totals, outcome per list" "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
t, r = d["totals"], d["resolver"]
print(t["summaries"], t["accepted"], t["resolver_connections"], t["resolver_lines"], t["refused_rcpts"],
      t["warnings"], t["badaddress"], t["sandbox"])
print(r["connections"], r["lines"], r["periods"], r["hosts"])
for l in d["lists"]:
    print(l["list"], l["results"]["resolver"], l["servfail"] + l["refused"] + l["badanswer"] + l["error"], l["median_ms"])
' "$RUN_OUT_FILE")" \
"5 3 4 6 42 9 1 1
4 6 [{'period': '2026-03', 'connections': 3, 'lines': 3}, {'period': '2026-04', 'connections': 1, 'lines': 3}] [{'host': 'mx1', 'connections': 3, 'lines': 3}, {'host': 'mx2', 'connections': 1, 'lines': 3}]
zen.example 4 0 10
bl.example 4 0 11
resolver 0 1 None"

# ---------------------------------------------------------------- Prometheus
st --prometheus outage.log
check_eq "prometheus: outage series per host, lookups by outcome resolver" \
	"$(grep -E '^rblsmtpd_(resolver_|lookups\{.*outcome="resolver"|lookup_duration_seconds_count)' "$RUN_OUT_FILE" | grep -v '} 0$')" \
'rblsmtpd_lookups{host="mx1",list="zen.example",outcome="resolver"} 3
rblsmtpd_lookups{host="mx1",list="bl.example",outcome="resolver"} 3
rblsmtpd_lookups{host="mx2",list="zen.example",outcome="resolver"} 1
rblsmtpd_lookups{host="mx2",list="bl.example",outcome="resolver"} 1
rblsmtpd_lookup_duration_seconds_count{host="mx2",list="zen.example"} 1
rblsmtpd_lookup_duration_seconds_count{host="mx2",list="bl.example"} 1
rblsmtpd_resolver_outage_connections{host="mx1"} 3
rblsmtpd_resolver_outage_connections{host="mx2"} 1
rblsmtpd_resolver_failures{host="mx1",why="unreachable"} 2
rblsmtpd_resolver_failures{host="mx1",why="refused"} 1
rblsmtpd_resolver_failures{host="mx2",why="unreachable"} 3'
if command -v promtool >/dev/null; then
	check_eq "prometheus: promtool accepts it" "$(promtool check metrics <"$RUN_OUT_FILE" 2>&1 | grep -v '^$' | head -3)" ""
fi
# The live counters (examples/mtail/rblsmtpd.mtail) read the same lines the
# same way: every rblstat gauge NAME is mtail's NAME_total.
if command -v mtail >/dev/null; then
	mkdir -p progs && cp "$TOP/examples/mtail/rblsmtpd.mtail" progs/
	run_cmd -t 60 -- mtail --progs "$TESTDIR/progs" --logs "$TESTDIR/outage.log" --one_shot \
		--one_shot_format prometheus --address 127.0.0.1 --port 3903 --logtostderr
	cp "$RUN_OUT_FILE" outage.mtail
	st --prometheus outage.log
	out=$("$PY" "$TESTLIB/promscrape.py" agree "$RUN_OUT_FILE" outage.mtail)
	check_rc "mtail agrees, series by series (resolver, rejected-more, sandbox, badaddress)" "$?" 0
	echo "$out" | tail -3 | sed 's/^/# /'
	check_eq "mtail knows every line of the log (none unknown)" \
		"$("$PY" "$TESTLIB/promscrape.py" sum outage.mtail rblsmtpd_log_messages_unknown_total)" 0
fi

# ---------------------------------------------------------------- HTML
st --html - outage.log
check_match "html: the totals" "$(cat "$RUN_OUT_FILE")" \
	'^<p id="summary">18 lines read, 0 lines skipped, <b>2 refusals</b>, 42 refused RCPTs, 9 warnings, 5 summary lines\.</p>$'
check_match "html: the outage" "$(cat "$RUN_OUT_FILE")" \
	'^<p id="resolver" class="note">Resolver outages \(every DNS server unreachable or refusing\): <b>4 connections</b> with a resolver result, 6 resolver lines\.</p>$'
check_eq "html: per period and per host" \
	"$(sed -n '/<table id="resolver-periods">/,/<\/table>/p;/<table id="resolver-hosts">/,/<\/table>/p' "$RUN_OUT_FILE" | grep -o '<tr><td class="k">[^<]*</td><td>[0-9]*</td><td>[0-9]*</td>' | sed 's/<[^>]*>/ /g' | tr -s ' ' | tr '\n' '|')" \
	" 2026-03 3 3 | 2026-04 1 3 | mx1 3 3 | mx2 1 3 |"

# --list and the time filter: the outage is no list's, so --list keeps it
st --csv --list nosuch.example outage.log
check_eq "--list: outage counts stay" "$(counters resolver_connections resolver_lines | tr '\n' ' ')" \
	"resolver_lines,6 resolver_connections,4 "
st --csv --since 2026-04 outage.log
check_eq "--since: outage counts of the period only" "$(counters resolver_connections resolver_lines | tr '\n' ' ')" \
	"resolver_lines,3 resolver_connections,1 "
