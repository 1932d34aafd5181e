#!/bin/bash
# SPDX-License-Identifier: ISC
# rblcheck on many addresses (man rblcheck, "Many addresses"): a /16 from a
# prefix and from an address file in bounded memory with exact summaries,
# bad lines reported with their numbers and nothing else lost, the output
# order (input order, -u completion order), a dead list costing its deadline
# once per wave of addresses in flight, and the usage errors.
. "$(dirname "$0")/../lib/common.sh"
start_dns
R=$RBLDNS_IP
F=$FAULTDNS_IP
RSS_MAX_KB=20480
san=0
nm -D "$RBLCHECK_BIN" 2>/dev/null | grep -q __asan && san=1

# rss_check NAME: the peak RSS /usr/bin/time wrote into $TESTDIR/rss
rss_check() {
	local kb; kb=$(tail -n 1 "$TESTDIR/rss")
	if [ "$san" = 1 ]; then
		skip "$1: peak RSS < 20 MB" "ASan build (shadow memory)"
	elif [ -n "$kb" ] && [ "$kb" -lt "$RSS_MAX_KB" ]; then
		ok "$1: peak RSS ${kb} KB < 20 MB"
	else
		not_ok "$1: peak RSS < 20 MB" "got ${kb:-nothing} KB"
	fi
}

# ---------------------------------------------------------------- a /16
# batch.rbl lists 198.18.x.0-12 (tests/data/batch.zone): 3328 of 65536.
"$PY" -c 'for i in range(65536): print("198.18.%d.%d" % (i // 256, i % 256))' >"$TESTDIR/addrs"
SUMMARY="rblcheck: 65536 addresses checked, 3328 refused, 0 bad lines, 134400 queries in
rblcheck: -r batch.rbl: 3328 listed, 0 timeouts, 0 errors
rblcheck: -r nonexistent.local: 0 listed, 0 timeouts, 0 errors"
summary() { sed -E 's/( queries in) .*/\1/' "$RUN_ERR_FILE"; }

# -p 64: start_dns's rbldnsd writes a log line per query and, on a loaded
# machine, lets a few of 128 queries in flight overflow its socket buffer
# (man rblcheck, -p); a query lost three times would be a timeout.
run_cmd -t 600 DNSCACHEIP=$R -- /usr/bin/time -f %M -o "$TESTDIR/rss" \
	"$RBLCHECK_BIN" -p 64 -T 10 -r batch.rbl -r nonexistent.local 198.18.0.0/16
check_rc "/16 prefix: some refused -> exit 1" "$RUN_RC" 1
check_eq "/16 prefix: every address, in input order" \
	"$(grep -v '^ ' "$RUN_OUT_FILE" | cmp - "$TESTDIR/addrs" && echo same)" same
check_eq "/16 prefix: a report for each" "$(grep -c '^  reply: ' "$RUN_OUT_FILE")" 65536
check_eq "/16 prefix: the listed ones refused, with their TXT" \
	"$(grep -cE '^  reply: 451 Listed by batch\.rbl: 198\.18\.[0-9]+\.([0-9]|1[0-2])$' "$RUN_OUT_FILE")" 3328
check_eq "/16 prefix: the summary's numbers" "$(summary)" "$SUMMARY"
rss_check "/16 prefix"

# The same addresses from a file on standard input, as JSON.
run_cmd -t 600 -f "$TESTDIR/addrs" DNSCACHEIP=$R -- /usr/bin/time -f %M -o "$TESTDIR/rss" \
	"$RBLCHECK_BIN" -j -p 64 -T 10 -r batch.rbl -r nonexistent.local -f -
check_rc "/16 file, json: exit 1" "$RUN_RC" 1
check_eq "/16 file, json: one result per line, in input order, the summary" "$("$PY" -c '
import json, sys
text = open(sys.argv[1]).read()
d = json.loads(text)
r, s = d["results"], d["summary"]
lines = text.split("\n")
order = [x["ip"] for x in r] == open(sys.argv[2]).read().split()
print(len(lines), len(r), order, d["refused"],
      sum(1 for x in r if x["verdict"] == "451"), s["addresses"], s["refused"],
      s["bad_lines"], s["queries"],
      [(l["list"], l["type"], l["listed"], l["timeouts"], l["errors"]) for l in s["lists"]])
' "$RUN_OUT_FILE" "$TESTDIR/addrs" 2>&1)" \
"65537 65536 True 3328 3328 65536 3328 0 134400 [('batch.rbl', '-r', 3328, 0, 0), ('nonexistent.local', '-r', 0, 0, 0)]"
check_eq "/16 file, json: nothing on stderr" "$RUN_ERR" ""
rss_check "/16 file, json"

# ---------------------------------------------------------------- bad lines
printf '%s\n' '# yesterday' '127.0.0.2' '' 'example.org' '  127.0.0.3   # ok' \
	'127.0.0.4 127.0.0.5' '10.0.0.0/7' '127.0.0.300' '127.0.2.0/30' >"$TESTDIR/mixed"
printf '127.0.0.9\0junk\n::1\n' >>"$TESTDIR/mixed"
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl -f "$TESTDIR/mixed"
check_rc "bad lines: the good ones still refused -> exit 1" "$RUN_RC" 1
check_eq "bad lines: every good address checked, in order" "$(grep -v '^ ' "$RUN_OUT_FILE")" \
"127.0.0.2
127.0.0.3
127.0.2.0
127.0.2.1
127.0.2.2
127.0.2.3
::1"
check_eq "bad lines: file:line messages, then the summary" \
	"$(sed -E 's/( queries in) .*/\1/' "$RUN_ERR_FILE")" \
"rblcheck: $TESTDIR/mixed:4: not an IP address or prefix: example.org
rblcheck: $TESTDIR/mixed:6: more than one word (one address or prefix per line): 127.0.0.4?127.0.0.5
rblcheck: $TESTDIR/mixed:7: prefix too large: more than 16777216 addresses (IPv4 /8, IPv6 /104 at most): 10.0.0.0/7
rblcheck: $TESTDIR/mixed:8: not an IP address or prefix: 127.0.0.300
rblcheck: $TESTDIR/mixed:10: not an IP address or prefix: 127.0.0.9?junk
rblcheck: 7 addresses checked, 6 refused, 5 bad lines, 13 queries in
rblcheck: -r test.rbl: 6 listed, 0 timeouts, 0 errors"

# ---------------------------------------------------------------- a local list file
# read once for the run; every address of the prefix looked up in it
printf '%s\n' '198.51.100.7' '198.51.100.128/27 :127.0.0.3:Local net $' >"$TESTDIR/local.list"
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r "$TESTDIR/local.list" -r nonexistent.local 198.51.100.0/24
check_eq "local list file: every address of the prefix looked up in it" \
	"$(grep -c '^  reply: 451 ' "$RUN_OUT_FILE") $(grep -c '^  reply: 451 Local net 198\.51\.100\.1[2-5][0-9]$' "$RUN_OUT_FILE") $(grep '^rblcheck: -r /' "$RUN_ERR_FILE" | sed 's/.*: //')" \
	"33 32 33 listed, 0 timeouts, 0 errors"

# ---------------------------------------------------------------- order
# 192.0.2.1 answers 1.5 s late, the others at once.
cat >"$TESTDIR/order.rules" <<'EOF'
1.2.0.192.order.test    delay=1500 a=127.0.0.2 txt="slow one"
order.test              nxdomain
EOF
start_faultdns order "$TESTDIR/order.rules" 127.0.53.3
run_cmd DNSCACHEIP=127.0.53.3 -- "$RBLCHECK_BIN" -T 5 -r order.test 192.0.2.0/30
check_eq "order: input order by default, the slow address first" \
	"$(grep -v '^ ' "$RUN_OUT_FILE" | tr '\n' ' ')" "192.0.2.0 192.0.2.1 192.0.2.2 192.0.2.3 "
run_cmd DNSCACHEIP=127.0.53.3 -- "$RBLCHECK_BIN" -u -T 5 -r order.test 192.0.2.0/30
check_eq "order: -u, the slow address last" "$(grep -v '^ ' "$RUN_OUT_FILE" | sed -n 4p)" "192.0.2.1"
check_eq "order: -u, every address once" "$(grep -v '^ ' "$RUN_OUT_FILE" | sort | tr '\n' ' ')" \
	"192.0.2.0 192.0.2.1 192.0.2.2 192.0.2.3 "

# ---------------------------------------------------------------- waves
# -p 8 with two lists: 4 addresses in flight.  silent.test never answers:
# each wave of 4 waits its deadline (-T 1) once, then the next 4 start.
qlog_mark
run_cmd -t 60 DNSCACHEIP=$F -- "$RBLCHECK_BIN" -T 1 -p 8 -r silent.test -r listed.test 127.0.1.0/28 127.0.2.0/30
check_rc "waves: all listed -> exit 1" "$RUN_RC" 1
check_eq "waves: the dead list timed out for each, once in the summary" \
	"$(grep -c '^  -r silent\.test .*  timeout$' "$RUN_OUT_FILE") $(grep '^rblcheck: -r silent' "$RUN_ERR_FILE")" \
	"20 rblcheck: -r silent.test: 0 listed, 20 timeouts, 0 errors"
# the first query of each address to silent.test, grouped where more than
# 0.9 s passed since the one before: 5 waves of 4
check_eq "waves: 20 addresses in 5 waves of 4, each a deadline after the last" "$(qlog_since_raw |
	awk '$2 ~ /silent\.test$/ && !seen[$2]++ { print $1 }' | sort -n |
	awk 'NR > 1 && $1 - prev > 900 { print n; n = 0 } { n++; prev = $1 } END { print n }' |
	tr '\n' ' ')" "4 4 4 4 4 "

# ---------------------------------------------------------------- one address, usage
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -j -r test.rbl 127.0.0.2
check_eq "one address: no summary, one line of JSON" \
	"$(wc -l <"$RUN_OUT_FILE") $(grep -c summary "$RUN_OUT_FILE") [$RUN_ERR]" "1 0 []"
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl 10.0.0.0/7
check_rc "a prefix over 2^24 addresses: usage error" "$RUN_RC" 100
check_match "a prefix over 2^24 addresses: says so" "$RUN_ERR" \
	'^rblcheck: bad prefix 10\.0\.0\.0/7: prefix too large: more than 16777216 addresses'
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl 2001:db8::/103
check_rc "an IPv6 /103: usage error" "$RUN_RC" 100
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -p 0 -r test.rbl 127.0.0.2
check_rc "-p 0: usage error" "$RUN_RC" 100
check_match "-p 0: says so" "$RUN_ERR" '^rblcheck: bad parallel lookups -- 0$'
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl -f "$TESTDIR/nonexistent"
check_rc "an address file that cannot be opened: exit 111" "$RUN_RC" 111
check_match "an address file that cannot be opened: says so" "$RUN_ERR" \
	"^rblcheck: fatal: unable to open $TESTDIR/nonexistent: No such file or directory$"
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r test.rbl -f "$TESTDIR/mixed"
check_rc "-H with -f: usage error" "$RUN_RC" 100
