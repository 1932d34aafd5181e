#!/bin/bash
# Behaviours documented in man/rblsmtpd.8 that no other script read (found
# by reading the page line by line and grepping the tests for each):
#   -T    "each query is retried twice, each try waiting twice as long as the
#         one before, starting at a quarter of the deadline";
#   -w    "an early talker is refused as soon as the lookups are done,
#         without sitting out the rest of the delay";
#   -vv   summary "ms ... (the -w delay not included)";
#   rejected "HELO, EHLO and RSET forget the sender";
#   blocked "when -c refuses with 451 temporary RBL lookup error and no list
#         decided, list is the first failed -r list that was under -c";
#   summary "a comma in a zone becomes ?";
#   options "-- ends the options" (compared with Debian's rblsmtpd).
#   COMPATIBILITY "an -a zone that looked like a numeric address was never
#         queried and always matched [in 0.88]; here every zone is queried".
# Covered elsewhere (grep the tests): unit tests for list-file syntax
# (test_localist.c), summary truncation at 8 KB (test_maillog.c).
# Not tested: "query IDs and ports are random" (c-ares picks the IDs, the
# kernel the ports; neither shows in the fault server's log, and a sample of
# a few runs would prove nothing about randomness).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
R=$RBLSMTPD_BIN
F=(DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2)

# ---------------------------------------------------------------- -T retries
# -T 2: tries at 0, 500 (a quarter) and 1500 ms (then a half): 3 queries.
qlog_mark
run_cmd -t 15 "${F[@]}" -- "$R" -T 2 -r silent.test echo ok
times=$(qlog_since_raw | awk '$2 == "2.0.0.127.silent.test" && $3 == "A" {print $1}')
gaps=$(printf '%s\n' "$times" | awk 'NR == 1 {p = $1; next} {printf "%d ", $1 - p; p = $1}')
read -r g1 g2 <<<"$gaps"
if [ "$(printf '%s\n' "$times" | grep -c .)" = 3 ] &&
   [ "${g1:-0}" -ge 400 ] && [ "${g1:-0}" -le 750 ] && [ "${g2:-0}" -ge 850 ] && [ "${g2:-0}" -le 1300 ]; then
	ok "-T 2: three tries, 500 then 1000 ms apart (gaps: $gaps)"
else
	not_ok "-T 2: three tries, 500 then 1000 ms apart" "gaps: $gaps" "$(qlog_since_raw)"
fi
check_eq "-T 2: silent list fails open at the deadline" "$RUN_OUT" "ok"

# ---------------------------------------------------------------- -w
cat >"$TESTDIR/early.py" <<'PYEOF'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)
t0 = time.time()
s.sendall(b'HELO early\r\n')
buf = b''
while b'\n' not in buf:
    b = s.recv(4096)
    if not b: break
    buf += b
print('%d %s' % (int((time.time() - t0) * 1000), buf.split(b'\r')[0].decode()))
PYEOF
start_tcpserver 127.0.0.1 2550 env DNSCACHEIP="$FAULTDNS_IP" "$R" -vv -l stderr -w 4 -r listed.test echo served
ERR=$TCPSERVER_ERR
run_cmd -t 15 -- "$PY" "$TESTDIR/early.py" 2550
read -r t line <<<"$RUN_OUT"
# (the refusal is the dialogue: its greeting comes at once, RCPT gets the 451)
[ "$line" = "220 rblsmtpd.local" ] && [ "${t:-9999}" -lt 2500 ] &&
	ok "-w 4: early talker's refusal dialogue starts once the lookups are done (${t} ms)" ||
	not_ok "-w 4: early talker refused once the lookups are done" "$RUN_OUT" "$RUN_ERR"
wait_grep "$ERR" 'summary' 5
ms=$(sed -n 's/^rblsmtpd: summary 127\.0\.0\.1 [^ ]* [^ ]* \([0-9]*\) .*/\1/p' "$ERR" | head -n 1)
[ -n "$ms" ] && [ "$ms" -lt 1000 ] && ok "-w 4: summary ms leaves the delay out ($ms)" ||
	not_ok "-w 4: summary ms leaves the delay out" "$(cat "$ERR")"
stop_tcpserver 127.0.0.1 2550

# ---------------------------------------------------------------- rejected: the sender
run_cmd -i 'MAIL FROM:<a@b>\r\nHELO x\r\nRCPT TO:<r1@x>\r\nMAIL FROM:<c@d>\r\nEHLO y\r\nRCPT TO:<r2@x>\r\nMAIL FROM:<e@f>\r\nRCPT TO:<r3@x>\r\nQUIT\r\n' \
	"${F[@]}" -- "$R" -v -l stderr -r listed.test echo ok
check_eq "rejected: HELO and EHLO forget the sender" "$(grep rejected <<<"$RUN_ERR")" \
"rblsmtpd: listed.test rejected 127.0.0.2 - - x - <r1@x>
rblsmtpd: listed.test rejected 127.0.0.2 - - y - <r2@x>
rblsmtpd: listed.test rejected 127.0.0.2 - - y <e@f> <r3@x>"

# ---------------------------------------------------------------- blocked: which failed list
run_cmd -t 15 -i 'QUIT\r\n' "${F[@]}" -- "$R" -v -l stderr -C -r servfail.test -c -r refused.test -r servfail.test echo ok
check_eq "blocked: -c temporary error names the first failed list under -c" \
	"$(grep -e blocked -e 'pid x' <<<"$RUN_ERR")" \
"rblsmtpd: 127.0.0.2 pid x: 451 temporary RBL lookup error
rblsmtpd: refused.test blocked 127.0.0.2 - -"

# ---------------------------------------------------------------- summary: comma
run_cmd -t 15 "${F[@]}" -- "$R" -vv -l stderr -r 'a,b.test' echo ok
check_match "summary: a comma in a zone becomes ?" "$RUN_ERR" \
	'^rblsmtpd: summary 127\.0\.0\.2 accept - [0-9]+ a\?b\.test=clear@[0-9]+$'

# ---------------------------------------------------------------- --
for b in "$R" "$REF_RBLSMTPD"; do
	run_cmd TCPREMOTEIP=127.0.0.2 RBLSMTPD= -- "$b" -b -- -t0 x
	[ "$b" = "$R" ] && ours="$RUN_RC|$RUN_OUT|$RUN_ERR" || ref="$RUN_RC|$RUN_OUT|$RUN_ERR"
done
check_eq "--: ends the options, the next word is the program" "$ours" \
	"111||rblsmtpd: fatal: unable to run -t0: file does not exist"
check_eq "--: as Debian's rblsmtpd" "$ours" "$ref"

# ---------------------------------------------------------------- -a numeric zone
qlog_mark
run_cmd -t 15 "${F[@]}" -- "$R" -t0 -a 127.0.0.1 -r listed.test echo ok
check_eq "-a with a numeric zone: queried like any zone (not listed: refused)" \
	"$RUN_OUT|$(qlog_since | grep -c '^2\.0\.0\.127\.127\.0\.0\.1 A udp$')" "451 listed here^M|1"
