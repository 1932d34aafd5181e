#!/bin/bash
# SPDX-License-Identifier: ISC
# A truncated UDP answer retried over TCP has until -T like any other
# (rblsmtpd(8), -T). c-ares 1.18 gave the TCP try one per-try timeout (-T/4): a
# list whose TCP answer came at 1.5 s under -T 5 was logged "timeout 1253ms"
# and the listed client served. The logged times are the real ones.
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
TC=127.0.53.5
cat >"$TESTDIR/tc.rules" <<'EOF'
.                       nxdomain
# truncated over UDP at once; over TCP the answer takes 1.5 s
*.slowtcp.test          tc tcpdelay=1500 a=127.0.0.2 txt="listed via slow tcp"
# the A record over slow TCP, the TXT at once over UDP
*.slowa.test            tc tcpdelay=1500 a=127.0.0.2
*.slowa.test   type=TXT txt="text over udp"
# over TCP after 6 s: past any -T below
*.deadtcp.test          tc tcpdelay=6000 a=127.0.0.2
EOF
start_faultdns tc "$TESTDIR/tc.rules" $TC

# listed over slow TCP: refused (553 under -b), with the TXT (also over TCP)
log_mark
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$TC -- "$RBLSMTPD_BIN" -vv -b \
	-r slowtcp.test echo served
check_eq "TCP answer at 1.5 s under -T 5: listed, 553 with its TXT" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 553 listed via slow tcp"
[ "$RUN_MS" -ge 2900 ] && [ "$RUN_MS" -lt 4900 ] && ok "A and TXT over TCP: two answers of 1.5 s ($RUN_MS ms)" ||
	not_ok "A and TXT over TCP: two answers of 1.5 s" "$RUN_MS ms"
got=$(log_new)
ms=$(printf '%s\n' "$got" | sed -n 's/.*slowtcp\.test=listed:127\.0\.0\.2@\([0-9]*\)$/\1/p')
[ -n "$ms" ] && [ "$ms" -ge 1490 ] && [ "$ms" -lt 2500 ] &&
	ok "summary: the A answer's real time ($ms ms)" || not_ok "summary: the A answer's real time" "$got"

run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$TC -- "$RBLSMTPD_BIN" -b -T 2 \
	-r slowa.test echo served
check_eq "-T 2, A over TCP at 1.5 s: listed" "$RUN_ERR" "rblsmtpd: 127.0.0.2 pid x: 553 text over udp"

# Not answered by -T: a timeout, logged with the real time waited
log_mark
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$TC -- "$RBLSMTPD_BIN" -v -b -T 2 \
	-r deadtcp.test echo served
check_eq "TCP answer after -T: fail open, served" "$RUN_OUT|$RUN_RC" "served|0"
got=$(log_new)
check_match "TCP answer after -T: timeout at -T, real time" "$got" \
	'^rblsmtpd: deadtcp\.test timeout 127\.0\.0\.2 (199[0-9]|2[0-9]{3})ms$'
[ "$RUN_MS" -lt 3000 ] && ok "TCP answer after -T: given up at -T ($RUN_MS ms)" ||
	not_ok "TCP answer after -T: given up at -T" "$RUN_MS ms"

# -c: the same list fails closed
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$TC -- "$RBLSMTPD_BIN" -c -b -T 1 \
	-r deadtcp.test echo served
check_eq "TCP answer after -T, -c: 451 temporary" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 451 temporary RBL lookup error"
