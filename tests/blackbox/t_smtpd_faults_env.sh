#!/bin/bash
# SPDX-License-Identifier: ISC
# Fault matrix, the process's surroundings: no syslog daemon (or a hung
# one) and a client address ($TCPREMOTEIP) that is empty, garbage or
# overlong.  (The server program missing or not executable:
# t_smtpd_pathexec.sh.)
. "$(dirname "$0")/../lib/common.sh"

start_dns
DNS=DNSCACHEIP=$FAULTDNS_IP

# --- syslog daemon absent / hung ---------------------------------------------
# A private /dev (no start_syslog): /dev/log does not exist.
_rt_private_dev || bail "cannot set up a private /dev"
[ -e /dev/log ] && bail "/dev/log exists in the private /dev"
run_cmd -i 'rcpt to:<a@b>\r\nquit\r\n' TCPREMOTEIP=127.0.0.2 $DNS -- "$RBLSMTPD_BIN" -vv -b \
	-r listed.test echo served
# (the -v lines given up on follow that line on stderr: t_smtpd_log_lost.sh)
check_eq "no syslog daemon (-vv): refusal unchanged, exit 0" "$RUN_RC|$(printf '%s\n' "$RUN_ERR" | head -n 1)" \
	"0|rblsmtpd: 127.0.0.2 pid x: 553 listed here"
check_eq "no syslog daemon (-vv): dialogue unchanged" "$RUN_OUT" "220 rblsmtpd.local^M
553 listed here^M
221 rblsmtpd.local^M"
run_cmd TCPREMOTEIP=127.0.0.1 $DNS -- "$RBLSMTPD_BIN" -vv -r listed.test echo served
check_eq "no syslog daemon (-vv): clean client served" "$RUN_OUT|$RUN_RC" "served|0"

# /dev/log bound by a process that never reads: the socket fills up
cat >"$TESTDIR/deaflog.py" <<'PYEOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
open(sys.argv[1], "w").write("up\n")
time.sleep(3600)
PYEOF
"$PY" "$TESTDIR/deaflog.py" "$TESTDIR/deaf.up" </dev/null >/dev/null 2>&1 &
echo $! >"$TESTDIR/run/deaflog.pid"
wait_for 5 test -s "$TESTDIR/deaf.up" || bail "deaf syslog did not start"
for i in 1 2 3; do  # fill its queue first
	run_cmd -i "$(printf 'rcpt to:<a@b>\\r\\n%.0s' $(seq 300))quit\r\n" TCPREMOTEIP=127.0.0.2 $DNS -- \
		"$RBLSMTPD_BIN" -vv -r listed.test echo served
done
run_cmd -i "$(printf 'rcpt to:<a@b>\\r\\n%.0s' $(seq 300))quit\r\n" TCPREMOTEIP=127.0.0.2 $DNS -- \
	"$RBLSMTPD_BIN" -vv -r listed.test echo served
n=$(printf '%s\n' "$RUN_OUT" | grep -c '^451 listed here^M$')
if [ "$RUN_RC" = 0 ] && [ "$n" = 300 ] && [ "$RUN_MS" -le 3000 ]; then
	ok "hung syslog daemon (socket full): 300 refusals answered, exit 0, $RUN_MS ms (<= 3000)"
else
	not_ok "hung syslog daemon" "exit $RUN_RC, $n refusals, $RUN_MS ms"
fi
run_cmd TCPREMOTEIP=127.0.0.1 $DNS -- "$RBLSMTPD_BIN" -vv -r listed.test echo served
check_eq "hung syslog daemon: clean client served" "$RUN_OUT|$RUN_RC" "served|0"
_rt_kill_pidfile "$TESTDIR/run/deaflog.pid"

# --- $TCPREMOTEIP empty, garbage, overlong: logged, not listed, no query --------
addr_fault() {
	local name=$1 value=$2
	qlog_mark
	run_cmd TCPREMOTEIP="$value" $DNS -- "$RBLSMTPD_BIN" -c -b -v -l stderr -r listed.test -r all.rbl echo served
	check_eq "\$TCPREMOTEIP $name: served (not listed, even with -c), exit 0" "$RUN_OUT|$RUN_RC" "served|0"
	check_eq "\$TCPREMOTEIP $name: no DNS query" "$(qlog_since)"
	if printf '%s' "$RUN_ERR" | LC_ALL=C grep -q '[^[:print:]]' || [ "$(printf '%s' "$RUN_ERR" | wc -L)" -gt 400 ]; then
		not_ok "\$TCPREMOTEIP $name: stderr sanitised and bounded" "$(printf '%s' "$RUN_ERR" | head -c 500 | od -c | head)"
	else
		ok "\$TCPREMOTEIP $name: stderr sanitised and bounded"
	fi
}
addr_fault "empty" ""
addr_fault "garbage" "not an address; rm -rf /"
addr_fault "control bytes" "$(printf '1.2.3.4\r\n\001\033[31m')"
addr_fault "overlong (10 000 bytes)" "$(head -c 10000 /dev/zero | tr '\0' 7)"
addr_fault "IPv4 with junk" "127.0.0.2 "
addr_fault "IPv6 with a zone" "fe80::1%eth0"
# and when it is refused by $RBLSMTPD: the djb line shows it sanitised
run_cmd -i 'quit\r\n' TCPREMOTEIP="$(printf 'a\tb\001c')" RBLSMTPD=-nope -- "$RBLSMTPD_BIN" echo served
check_eq "garbage address refused by \$RBLSMTPD: stderr line sanitised" "$RUN_ERR" \
	"rblsmtpd: a?b?c pid x: 553 nope"
