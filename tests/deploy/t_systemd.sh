#!/bin/bash
# examples/systemd: rblsmtpd.socket and rblsmtpd@.service pass
# `systemd-analyze verify` without a word, and the service's ExecStart line
# (binary, lists and SMTP server substituted) runs under
# `systemd-socket-activate --accept --inetd` -- the socket as fd 0 and 1, as
# the unit's StandardInput=socket gives it -- with real clients. systemd is
# not PID 1 on the test machines: the units are never loaded for real.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"

command -v systemd-analyze >/dev/null || bail "no systemd-analyze (systemd)"
command -v systemd-socket-activate >/dev/null || bail "no systemd-socket-activate (systemd)"
[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
SD=$EXAMPLES/systemd

# --- the unit files
mkdir -p "$TESTDIR/units" && cp "$SD/rblsmtpd.socket" "$SD/rblsmtpd@.service" "$TESTDIR/units/"
out=$(cd "$TESTDIR/units" && systemd-analyze verify --man=no ./rblsmtpd.socket ./rblsmtpd@.service 2>&1)
rc=$?
check_rc "systemd-analyze verify: exit 0" "$rc" 0
check_eq "systemd-analyze verify: no warning" "$out" ""
check_match "socket: Accept=yes" "$(cat "$SD/rblsmtpd.socket")" '^Accept=yes$'
check_match "socket: port 25" "$(cat "$SD/rblsmtpd.socket")" '^ListenStream=25$'
svc=$(cat "$SD/rblsmtpd@.service")
check_match "service: StandardInput=socket" "$svc" '^StandardInput=socket$'
check_match "service: StandardError=journal" "$svc" '^StandardError=journal$'

# --- its ExecStart line, for real
start_dns
start_syslog "$TESTDIR/mail.log" || bail "no syslog"
exec_line=$(sed -n 's/^ExecStart=//p' "$SD/rblsmtpd@.service")
[ "$(printf '%s\n' "$exec_line" | wc -l)" = 1 ] || bail "not one ExecStart= line"
printf '%s\n' "$exec_line" >"$TESTDIR/exec"
subst "$TESTDIR/exec" '^/usr/bin/rblsmtpd ' "$exec_line"   # must start with our path
cmd=${exec_line/#\/usr\/bin\/rblsmtpd /$RBLSMTPD_BIN }
cmd=${cmd/ -r zen.spamhaus.org=127.0.0.\[2..11\] -r bl.spamcop.net / -r test.rbl }
cmd=${cmd/% \/var\/qmail\/bin\/qmail-smtpd/ $SMTPD_CMD}
[ "$cmd" != "$exec_line" ] && [ "${cmd%"$SMTPD_CMD"}" != "$cmd" ] &&
	[ "${cmd#*-r test.rbl }" != "$cmd" ] || bail "ExecStart not as expected: $exec_line"
echo "# ExecStart for the test: $cmd"

activate() {   # TAG CMD...: systemd-socket-activate on 127.0.0.1:25
	local tag=$1; shift
	# $cmd is split into words on purpose (as systemd splits ExecStart=)
	setsid systemd-socket-activate --accept --inetd -l 127.0.0.1:25 "$@" \
		</dev/null >"$TESTDIR/$tag.out" 2>"$TESTDIR/$tag.err" &
	echo $! >"$TESTDIR/run/activate.pid"
	wait_port 127.0.0.1 25 5 || { sed 's/^/#   /' "$TESTDIR/$tag.err"; bail "systemd-socket-activate did not listen"; }
}
stop_activate() { _rt_kill_pidfile "$TESTDIR/run/activate.pid"; wait_for 5 eval '! _listening_any 25'; }

# shellcheck disable=SC2086
activate journal $cmd
first_bytes_ok "socket-activate, listed" 127.0.0.1 25 127.0.0.2
check_match "socket-activate, listed: RCPT 451" "$FIRST_OUT" \
	'^rcpt: 451 Listed by test\.rbl, see http://test\.rbl/lookup\?ip=127\.0\.0\.2$'
first_bytes_ok "socket-activate, clean" 127.0.0.1 25 127.0.0.9
check_match "socket-activate, clean: the SMTP server's greeting" "$FIRST_OUT" '^greeting: 220 real\.server ESMTP '
out=$(swaks_to 127.0.0.1 25 --local-interface 127.0.0.9 2>&1)
check_match "socket-activate, clean, swaks: message accepted" "$out" '^<-  250 accepted by real\.server$'
wait_grep "$TESTDIR/journal.err" 'rblsmtpd: 127\.0\.0\.2 pid' 5
check_match "StandardError (the journal) gets the 0.88 line" "$(cat "$TESTDIR/journal.err")" \
	'^rblsmtpd: 127\.0\.0\.2 pid [0-9]+: 451 Listed by test\.rbl'
wait_grep "$SYSLOG_FILE" 'rblsmtpd: test\.rbl blocked 127\.0\.0\.2' 5
check_match "-v: the blocked line in syslog" "$(cat "$SYSLOG_FILE")" 'rblsmtpd: test\.rbl blocked 127\.0\.0\.2 - -$'
stop_activate

# StandardError=inherit (fd 2 = the socket too), with -vv -l stderr
# shellcheck disable=SC2086
activate inherit sh -c 'exec 2>&1; exec "$@"' sh ${cmd/ -v / -vv -l stderr }
first_bytes_ok "StandardError=inherit, -vv -l stderr, clean" 127.0.0.1 25 127.0.0.9
check_match "StandardError=inherit: the SMTP server's greeting first" "$FIRST_OUT" '^greeting: 220 real\.server ESMTP '
first_bytes_ok "StandardError=inherit, -vv -l stderr, listed" 127.0.0.1 25 127.0.0.2
wait_grep "$SYSLOG_FILE" 'rblsmtpd: summary 127\.0\.0\.9 accept' 5
check_match "StandardError=inherit: the lines went to syslog" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: summary 127\.0\.0\.9 accept - '
stop_activate
