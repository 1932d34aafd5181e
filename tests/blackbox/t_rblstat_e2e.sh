#!/bin/bash
# SPDX-License-Identifier: ISC
# The log is one contract, end to end: real rblsmtpd runs under tcpserver,
# logging through a real rsyslog, and rblstat's numbers on that mail log are
# what the test sent, in every format (text, CSV, JSON, Prometheus, HTML's
# totals). The traffic is the kind an administrator opens the statistics
# for: a resolver outage (a dead DNS server: every client accepted, fail
# open), a local list refusing, a pipelining flood over the -L cap of
# rejected lines, and a hostile client that floods and never reads (its
# dialogue ended by the -t alarm during a blocked write).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] && [ -x "$RBLSTAT_BIN" ] || bail "build first (make)"
start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
R=$RBLSMTPD_BIN
SMTPD="$PY $TESTLIB/smtpd.py"
printf '127.0.0.3\n' >"$TESTDIR/local.list"

# client.py PORT SOURCE-IP RCPTS MODE: HELO, MAIL, RCPTS RCPTs in one go,
# QUIT. MODE read: reads every reply, prints how many were 451; MODE hostile:
# never reads, closes after 6 s.
cat >"$TESTDIR/client.py" <<'EOF'
import socket, sys, threading, time
port, src, n, mode = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket()
if mode == "hostile":   # a small window: rblsmtpd's replies block soon
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
s.settimeout(30)
s.bind((src, 0))
s.connect(("127.0.0.1", port))
msg = b"HELO client.test\r\nMAIL FROM:<a@spam.example>\r\n" + \
      b"".join(b"RCPT TO:<u%d@local.example>\r\n" % i for i in range(n)) + b"QUIT\r\n"
if mode == "hostile":
    threading.Thread(target=lambda: s.sendall(msg), daemon=True).start()
    time.sleep(6)
    s.close()
    print("hostile done")
    sys.exit(0)
threading.Thread(target=lambda: s.sendall(msg), daemon=True).start()
f = s.makefile("rb")
refused = 0
for line in f:
    if line.startswith(b"451 "): refused += 1
    if line.startswith(b"221 "): break
print(refused)
EOF
client() { "$PY" "$TESTDIR/client.py" "$@"; }

# ---------------------------------------------------------------- the traffic
# outage: the only DNS server is dead
start_tcpserver 127.0.0.1 2540 env DNSCACHEIP="$DEAD_DNS_IP" "$R" -vv -r listed.test -r nothing.test $SMTPD
for i in 1 2 3 4; do
	out=$("$PY" "$TESTLIB/smtpfirst.py" 127.0.0.1 2540 127.0.0.2)
	case $out in *"rcpt: 250 real.server ok"*) ;; *) not_ok "outage: connection $i served" "$out" ;; esac
done
# a local list refuses 127.0.0.3: three connections, two RCPTs each
start_tcpserver 127.0.0.1 2541 "$R" -vv -r "$TESTDIR/local.list" $SMTPD
local_refused=0
for i in 1 2 3; do local_refused=$((local_refused + $(client 2541 127.0.0.3 2 read))); done
check_eq "local list: 6 RCPTs refused (as the client counted)" "$local_refused" 6
# the flood and the hostile client, listed by a DNS list
start_tcpserver 127.0.0.1 2542 env DNSCACHEIP="$FAULTDNS_IP" "$R" -vv -t 2 -r listed.test $SMTPD
flood_refused=$(client 2542 127.0.0.4 5000 read)
check_eq "flood: 5000 RCPTs refused (as the client counted)" "$flood_refused" 5000
client 2542 127.0.0.5 300000 hostile >/dev/null
wait_for 10 sh -c "[ \$(grep -c ' rblsmtpd: summary ' '$SYSLOG_FILE') -ge 9 ]" ||
	not_ok "every connection's summary in the mail log" "$(grep -c ' rblsmtpd: summary ' "$SYSLOG_FILE") of 9"
sleep 0.5
LOG=$SYSLOG_FILE
# The hostile client's refused RCPTs: as many as rblsmtpd read before its
# replies blocked; the log says how many, in rejected lines and rejected-more.
h_lines=$(grep -c ' rblsmtpd: listed\.test rejected 127\.0\.0\.5 ' "$LOG")
h_more=$(grep ' rblsmtpd: listed\.test rejected-more 127\.0\.0\.5 ' "$LOG" | awk '{print $NF}')
HOSTILE=$((h_lines + ${h_more:-0}))
echo "# hostile client: $HOSTILE RCPTs refused before its replies blocked ($h_lines lines + ${h_more:-0})"
check_match "hostile client: its summary, written after the alarm" "$(grep ' summary 127\.0\.0\.5 ' "$LOG")" \
	' rblsmtpd: summary 127\.0\.0\.5 451 listed\.test [0-9]+ listed\.test=listed:127\.0\.0\.2@[0-9]+$'
check_eq "caps: 100 rejected lines for the flood, at most 100 for the hostile client" \
	"$(grep -c ' rejected 127\.0\.0\.4 ' "$LOG") $(( h_lines <= 100 ))" "100 1"
check_eq "hostile client: its replies blocked (fewer than its 300000 RCPTs refused)" \
	"$(( HOSTILE > 0 && HOSTILE < 300000 ))" 1
RCPTS=$((local_refused + flood_refused + HOSTILE))
LOCAL=$TESTDIR/local.list

# What the test sent: 9 connections (4 accepted during the outage, 5
# refused: 3 by the local list, 2 by listed.test), 4 resolver lines (one
# dead server, once per connection), no other warning.
# ---------------------------------------------------------------- text
"$RBLSTAT_BIN" "$LOG" >"$TESTDIR/r.txt"
check_match "text: nothing skipped, 5 refusals" "$(sed -n 1p "$TESTDIR/r.txt")" \
	'^rblstat: [0-9]+ lines read, 0 lines skipped, 5 refusals, '
check_eq "text: connections" "$(grep '^Connections' "$TESTDIR/r.txt" | cut -d';' -f1)" \
	"Connections (summary lines): 9, accepted 4, refused 451 5, 553 0"
check_eq "text: per list refusals and refused RCPTs" \
	"$(awk '/^Lists/ {on = 1; next} on && NF == 0 {exit} on && NR > 0 {print $1, $2, $4}' "$TESTDIR/r.txt" | tail -n +2 | sort | tr '\n' '|')" \
	"$(printf '%s\n' "$LOCAL 3 6" "listed.test 2 $((flood_refused + HOSTILE))" "nothing.test 0 0" | sort | tr '\n' '|')"
check_match "text: the outage" "$(cat "$TESTDIR/r.txt")" \
	'^Resolver outages \(every DNS server unreachable or refusing\): 4 connections \(summaries with a resolver result\), 4 resolver lines$'
check_match "text: refused RCPTs" "$(cat "$TESTDIR/r.txt")" "^Refused RCPTs: $RCPTS "

# ---------------------------------------------------------------- CSV
"$RBLSTAT_BIN" --csv "$LOG" >"$TESTDIR/r.csv"
check_eq "csv: counters" \
	"$(grep -E '^(skipped|refusals|blocked|warnings|resolver_lines|summaries|resolver_connections|accepted|refused_451|refused_rcpts),' "$TESTDIR/r.csv" | tr '\n' ' ')" \
	"skipped,0 refusals,5 blocked,5 refused_rcpts,$RCPTS warnings,4 resolver_lines,4 summaries,9 resolver_connections,4 accepted,4 refused_451,5 "
check_eq "csv: resolver table (one period, one host)" \
	"$(awk 'BEGIN {RS = ""; FS = "\n"} index($1, "resolver,key,") == 1 {for (i = 2; i <= NF; i++) print $i}' "$TESTDIR/r.csv" | cut -d, -f1,3,4 | tr '\n' ' ')" \
	"month,4,4 host,4,4 "

# ---------------------------------------------------------------- JSON
"$RBLSTAT_BIN" --json "$LOG" >"$TESTDIR/r.json"
check_eq "json: totals, outage, per list" "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
t, r = d["totals"], d["resolver"]
print(d["input"]["skipped"], t["refusals"], t["summaries"], t["accepted"], t["refused_451"], t["refused_rcpts"],
      t["resolver_connections"], t["resolver_lines"], r["connections"], r["lines"])
for l in sorted(d["lists"], key=lambda l: l["list"]):
    print(l["list"], l["refusals"], l["rcpts"], l["results"]["resolver"], l["servfail"] + l["refused"] + l["error"])
' "$TESTDIR/r.json")" \
"0 5 9 4 5 $RCPTS 4 4 4 4
$LOCAL 3 6 0 0
listed.test 2 $((flood_refused + HOSTILE)) 4 0
nothing.test 0 0 4 0"

# ---------------------------------------------------------------- Prometheus
"$RBLSTAT_BIN" --prometheus "$LOG" >"$TESTDIR/r.prom"
sum() { grep "^rblsmtpd_$1[{ ]" "$TESTDIR/r.prom" | grep -- "${2:-}" | awk '{s += $NF} END {print s + 0}'; }
check_eq "prometheus: refusals, refused RCPTs, connections, outage, lookups with outcome resolver, skipped lines" \
	"$(sum refusals) $(sum refused_rcpts) $(sum connections) $(sum connections 'verdict="accept"') $(sum resolver_outage_connections) $(sum resolver_failures) $(sum lookups 'outcome="resolver"') $(sum log_lines_skipped)" \
	"5 $RCPTS 9 4 4 4 8 0"

# ---------------------------------------------------------------- HTML
"$RBLSTAT_BIN" --html - "$LOG" >"$TESTDIR/r.html"
check_match "html: totals" "$(cat "$TESTDIR/r.html")" \
	"^<p id=\"summary\">[0-9]+ lines read, 0 lines skipped, <b>5 refusals</b>, $RCPTS refused RCPTs, 4 warnings, 9 summary lines\\.</p>\$"
check_match "html: the outage" "$(cat "$TESTDIR/r.html")" \
	'<b>4 connections</b> with a resolver result, 4 resolver lines\.</p>$'
