#!/bin/bash
# SPDX-License-Identifier: ISC
# fd 2 = the client's socket (xinetd; systemd with StandardError=inherit):
# nothing of ours may reach the client ahead of the SMTP greeting. Here
# tcpserver runs rblsmtpd with 2>&1, so fd 2 is the connection, and the
# client (tests/lib/smtpfirst.py) checks that the first bytes it reads are
# "220 ". The lines go to syslog instead. (xinetd and systemd themselves:
# tests/deploy/.)
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
start_syslog "$TESTDIR/mail.log" || bail "no syslog"
FIRST=("$PY" "$TESTLIB/smtpfirst.py")
SMTPD="$PY $TESTLIB/smtpd.py"
# rblsmtpd with fd 2 = the socket, as xinetd starts it
inetd_like() {   # PORT RBLSMTPD-ARGS...
	local port=$1; shift
	start_tcpserver 127.0.0.1 "$port" sh -c 'exec 2>&1; exec "$@"' sh \
		env DNSCACHEIP="$RBLDNS_IP" "$RBLSMTPD_BIN" "$@"
}

inetd_like 2525 -vv -l stderr -r test.rbl $SMTPD
out=$("${FIRST[@]}" 127.0.0.1 2525 127.0.0.2); rc=$?
check_rc "listed, -vv -l stderr: first bytes are '220 '" "$rc" 0
check_eq "listed, -vv -l stderr: the client sees only SMTP" "$out" \
"greeting: 220 rblsmtpd.local
helo: 250 rblsmtpd.local
mail: 250 rblsmtpd.local
rcpt: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2
quit: 221 rblsmtpd.local"
out=$("${FIRST[@]}" 127.0.0.1 2525 127.0.0.9); rc=$?
check_rc "clean, -vv -l stderr: first bytes are '220 ' (no summary line)" "$rc" 0
check_match "clean: the real server's greeting" "$out" '^greeting: 220 real\.server ESMTP ip=127\.0\.0\.9 '
wait_grep "$SYSLOG_FILE" 'rblsmtpd: summary 127\.0\.0\.9 ' 5
log=$(sed 's/^.* rblsmtpd: /rblsmtpd: /' "$SYSLOG_FILE")
check_match "the 0.88 line went to syslog" "$log" \
	'^rblsmtpd: 127\.0\.0\.2 pid [0-9]+: 451 Listed by test\.rbl, see http://test\.rbl/lookup\?ip=127\.0\.0\.2$'
check_match "-l stderr lines went to syslog: blocked" "$log" '^rblsmtpd: test\.rbl blocked 127\.0\.0\.2 '
check_match "-l stderr lines went to syslog: summary" "$log" '^rblsmtpd: summary 127\.0\.0\.9 accept - '
check_eq "tcpserver's own stderr has no rblsmtpd line" "$(grep -c rblsmtpd "$TCPSERVER_ERR")" 0
stop_tcpserver 127.0.0.1 2525

# without -v: the 0.88 line alone, still to syslog (facility mail)
inetd_like 2526 -r test.rbl $SMTPD
out=$("${FIRST[@]}" 127.0.0.1 2526 127.0.0.4); rc=$?
check_rc "listed, no -v: first bytes are '220 '" "$rc" 0
wait_grep "$SYSLOG_FILE" 'rblsmtpd: 127\.0\.0\.4 pid' 5
check_match "no -v: the 0.88 line in the mail log" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: 127\.0\.0\.4 pid [0-9]+: 451 Listed by test\.rbl with code 4 for 127\.0\.0\.4$'
stop_tcpserver 127.0.0.1 2526

# a fatal error (server missing) and a usage error: not to the client either
inetd_like 2527 -r test.rbl /nonexistent/smtpd
out=$("${FIRST[@]}" 127.0.0.1 2527 127.0.0.9)
check_eq "exec failure: the client reads nothing" "$(printf '%s\n' "$out" | head -1)" "greeting: "
wait_grep "$SYSLOG_FILE" 'unable to run /nonexistent/smtpd' 5
check_match "exec failure: logged to syslog (mail.err)" "$(cat "$SYSLOG_FILE.all")" \
	'^mail\.err .* rblsmtpd: fatal: unable to run /nonexistent/smtpd: file does not exist$'
stop_tcpserver 127.0.0.1 2527
inetd_like 2528
out=$("${FIRST[@]}" 127.0.0.1 2528 127.0.0.9)
check_eq "usage error: the client reads nothing" "$(printf '%s\n' "$out" | head -1)" "greeting: "
wait_grep "$SYSLOG_FILE" 'rblsmtpd: usage: ' 5
check_match "usage error: logged to syslog" "$(cat "$SYSLOG_FILE")" 'rblsmtpd: usage: rblsmtpd \[ -b \]'
stop_tcpserver 127.0.0.1 2528

# fd 2 a pipe shared with fd 1 (2>&1 in a shell, not a socket): unchanged
got=$(run_smtp_pipe -i 'quit\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$RBLDNS_IP" \
	-- "$RBLSMTPD_BIN" -r test.rbl echo | head -1)
check_eq "fd 2 = a pipe with fd 1: the 0.88 line stays on stderr" "$got" \
	"rblsmtpd: 127.0.0.2 pid x: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2"
