#!/bin/bash
# SPDX-License-Identifier: ISC
# Pins the reconnect path of the syslog writer (src/smtpd/maillog.c): the
# syslog daemon restarts in the middle of a refused dialogue (logrotate, a
# package upgrade); rblsmtpd's connected /dev/log socket then fails with
# ECONNREFUSED, and it must connect once more to the new daemon, so that the
# lines after the restart still arrive.  Also: with the daemon gone for good,
# the dialogue goes on undisturbed.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"

# The client's side: one RCPT, then wait for the go-ahead file (the daemon
# has been restarted meanwhile), then two more RCPTs and QUIT.
GO=$TESTDIR/go
client="printf 'HELO c.test\r\nMAIL FROM:<a@b>\r\nRCPT TO:<before@x>\r\n'
	i=0; while [ ! -e '$GO' ] && [ \$i -lt 200 ]; do sleep 0.05; i=\$((i + 1)); done
	printf 'RCPT TO:<after1@x>\r\nRCPT TO:<after2@x>\r\nQUIT\r\n'"

dialogue() {   # runs rblsmtpd in the background; its results in $TESTDIR/bg.*
	rm -f "$GO"
	( run_cmd -t 20 -c "$client" TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- \
		"$RBLSMTPD_BIN" -v -r listed.test echo served
	  printf '%s' "$RUN_OUT" >"$TESTDIR/bg.out"; echo "$RUN_RC" >"$TESTDIR/bg.rc" ) &
	BG=$!
}

dialogue
# the first "rejected" line proves rblsmtpd's socket is connected
wait_grep "$SYSLOG_FILE" 'rejected 127\.0\.0\.2 .* <before@x>$' 10 ||
	not_ok "syslog restart: first line before the restart" "$(cat "$SYSLOG_FILE")"
restart_syslog || bail "cannot restart rsyslogd"
touch "$GO"
wait "$BG"
check_eq "syslog restart: dialogue unharmed" "$(cat "$TESTDIR/bg.rc")|$(cat "$TESTDIR/bg.out")" \
"0|220 rblsmtpd.local^M
250 rblsmtpd.local^M
250 rblsmtpd.local^M
451 listed here^M
451 listed here^M
451 listed here^M
221 rblsmtpd.local^M"
wait_grep "$SYSLOG_FILE" '<after2@x>$' 5
check_eq "syslog restart: the lines after the restart arrive" \
	"$(grep -o 'rblsmtpd: listed.test .*' "$SYSLOG_FILE")" \
"rblsmtpd: listed.test blocked 127.0.0.2 - -
rblsmtpd: listed.test rejected 127.0.0.2 - - c.test <a@b> <before@x>
rblsmtpd: listed.test rejected 127.0.0.2 - - c.test <a@b> <after1@x>
rblsmtpd: listed.test rejected 127.0.0.2 - - c.test <a@b> <after2@x>"

# the daemon gone in the middle, not restarted: the lines are dropped, the
# dialogue and its timing are not affected
: >"$SYSLOG_FILE"
dialogue
wait_grep "$SYSLOG_FILE" '<before@x>$' 10 || not_ok "syslog gone: first line" "$(cat "$SYSLOG_FILE")"
_rt_kill_pidfile "$TESTDIR/run/rsyslogd.pid"
t0=$(_rt_now_ms)
touch "$GO"
wait "$BG"
ms=$(($(_rt_now_ms) - t0))
check_eq "syslog gone mid-dialogue: dialogue unharmed" "$(cat "$TESTDIR/bg.rc")|$(grep -c '^451 listed here' "$TESTDIR/bg.out")" "0|3"
[ "$ms" -lt 3000 ] && ok "syslog gone mid-dialogue: no wait (${ms} ms)" ||
	not_ok "syslog gone mid-dialogue: no wait" "$ms ms"
