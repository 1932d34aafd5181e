#!/bin/bash
# SPDX-License-Identifier: ISC
# Fault matrix, DNS side: every way a list can fail, with -C (fail open: the
# server runs) and -c (fail closed: 451 temporary RBL lookup error), always
# with -b in force so that a failure could only ever show up as a 451, never
# a 5xx. Every run is bounded by the DNS deadline (-T) plus a little, exits 0
# and never crashes. Then the oversized answers that must still work: 1000 A
# records and a 64 KB TXT (TCP fallback), and a truncated answer whose TCP
# retry is refused.
. "$(dirname "$0")/../lib/common.sh"

start_dns
T=1                  # -T seconds
SLACK_MS=1500        # start-up, exec, scheduler noise on a loaded CI box
TEMP='451 temporary RBL lookup error'

# A UDP-only server that answers every query with TC=1 and no records; TCP
# to it is refused (nothing listens): c-ares's TCP retry fails.
cat >"$TESTDIR/tconly.py" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
open(sys.argv[2], "w").write("up\n")
while True:
    q, peer = s.recvfrom(4096)
    if len(q) < 12:
        continue
    flags = 0x8000 | 0x0200 | (q[2] & 0x79) << 8  # QR, TC, opcode+RD kept
    s.sendto(q[:2] + bytes([flags >> 8, 0x80]) + q[4:6] + b"\0\0\0\0\0\0" + q[12:], peer)
PYEOF
"$PY" "$TESTDIR/tconly.py" 127.0.53.4 "$TESTDIR/tconly.up" </dev/null >/dev/null 2>&1 &
echo $! >"$TESTDIR/run/tconly.pid"
wait_for 5 test -s "$TESTDIR/tconly.up" || bail "tconly.py did not start"

# fault NAME DNSCACHEIP LISTARGS...: -C serves, -c answers 451; both in time
fault() {
	local name=$1 dns=$2; shift 2
	local limit=$((T * 1000 + SLACK_MS))
	run_cmd -i 'helo x\r\nmail from:<a@b>\r\nrcpt to:<c@d>\r\nquit\r\n' \
		TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" -- "$RBLSMTPD_BIN" -T $T -b -C "$@" echo served
	if [ "$RUN_RC" = 0 ] && [ "$RUN_OUT" = served ] && [ -z "$RUN_ERR" ] && [ "$RUN_MS" -le $limit ]; then
		ok "$name, -C: fail open, server runs ($RUN_MS ms)"
	else
		not_ok "$name, -C: fail open" "exit $RUN_RC in $RUN_MS ms (limit $limit)" "out: $RUN_OUT" "err: $RUN_ERR"
	fi
	run_cmd -i 'helo x\r\nmail from:<a@b>\r\nrcpt to:<c@d>\r\nquit\r\n' \
		TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" -- "$RBLSMTPD_BIN" -T $T -b -c "$@" echo served
	local want
	want=$(printf '220 rblsmtpd.local^M\n250 rblsmtpd.local^M\n250 rblsmtpd.local^M\n%s^M\n221 rblsmtpd.local^M' "$TEMP")
	if [ "$RUN_RC" = 0 ] && [ "$RUN_OUT" = "$want" ] && [ "$RUN_ERR" = "rblsmtpd: 127.0.0.2 pid x: $TEMP" ] &&
	   [ "$RUN_MS" -le $limit ]; then
		ok "$name, -c: 451 temporary, never 5xx ($RUN_MS ms)"
	else
		not_ok "$name, -c: 451 temporary" "exit $RUN_RC in $RUN_MS ms (limit $limit)" "out: $RUN_OUT" "err: $RUN_ERR"
	fi
}

fault "resolver silent"          "$FAULTDNS_IP" -r silent.test
fault "SERVFAIL"                 "$FAULTDNS_IP" -r servfail.test
fault "REFUSED"                  "$FAULTDNS_IP" -r refused.test
fault "garbage answer"           "$FAULTDNS_IP" -r garbage.test
fault "answer with a wrong ID"   "$FAULTDNS_IP" -r wrongid.test
fault "resolver unreachable"     "$DEAD_DNS_IP" -r listed.test
fault "two resolvers, both dead" "$DEAD_DNS_IP 127.0.53.8" -r listed.test
fault "truncated, TCP refused"   127.0.53.4 -r listed.test
fault "all lists failing"        "$FAULTDNS_IP" -r silent.test -r servfail.test -r refused.test \
	-r garbage.test -r wrongid.test
fault "DNS and list file failing" "$FAULTDNS_IP" -r servfail.test -r "$TESTDIR/no/such.list"

# A failing -a never refuses: -C = accept, -c = not anti-listed (clean -> accept)
run_cmd TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -T $T -b -c \
	-a servfail.test -r listed.test echo served
check_eq "-a failing, -c, client not listed: served" "$RUN_OUT $RUN_RC" "served 0"
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -T $T -b -C \
	-a silent.test -r listed.test echo served
check_eq "-a silent, -C: accept (0.88: failed -a = accept)" "$RUN_OUT $RUN_RC" "served 0"

# Oversized answers: must work, over TCP
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -T 3 -b \
	-r many-a.test echo served
check_eq "1000 A records (TCP): listed, 553 with its TXT" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 553 many A records"
big=$("$PY" -c 'print("".join("%s123456789" % chr(65 + i % 26) for i in range(20)))')
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -T 3 -b \
	-r bigtxt.test echo served
check_eq "64 KB TXT (TCP): listed, text cut to 200 bytes" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 553 $big"
check_eq "64 KB TXT: dialogue" "$RUN_OUT" "220 rblsmtpd.local^M
221 rblsmtpd.local^M"
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -T 3 -b \
	-r trunc.test echo served
check_eq "truncated over UDP, listed over TCP" "$RUN_ERR" "rblsmtpd: 127.0.0.2 pid x: 553 listed via tcp"
# both big ones at once, and the clean answer (NXDOMAIN) from the same lists
run_cmd TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -T 3 -b \
	-r many-a.test -r bigtxt.test -r trunc.test echo served
check_eq "big lists, client not listed: served" "$RUN_OUT $RUN_RC" "served 0"
