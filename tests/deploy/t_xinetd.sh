#!/bin/bash
# SPDX-License-Identifier: ISC
# examples/xinetd/smtp served by a real xinetd on loopback (this script's
# network namespace, its own config file; the system's xinetd.conf is never
# read). xinetd gives rblsmtpd the socket as fd 0, 1 and 2: the client must
# read "220 " first, also with -vv -l stderr, and the lines go to syslog.
# Only the example's EDIT lines are changed (tests/lib/deploy.sh, edit_line).
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"

XINETD=/usr/sbin/xinetd
[ -x "$XINETD" ] || bail "no $XINETD (sh tests/lib/setup-deps.sh)"
[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
start_syslog "$TESTDIR/mail.log" || bail "no syslog"

# xinetd_with [-p PORT] [-d DNSCACHEIP] ARGS: the example, only its EDIT lines
# changed: our binary, user, server_args (ARGS and the test's SMTP server),
# and if given the port and DNSCACHEIP (else as shipped: 25, empty)
XPORT=25
xinetd_with() {
	local f=$TESTDIR/xinetd.d/smtp
	XPORT=25
	mkdir -p "$TESTDIR/xinetd.d"
	cp "$EXAMPLES/xinetd/smtp" "$f"
	[ "$1" = -p ] && { XPORT=$2; edit_line "$f" '^[[:space:]]*port[[:space:]]*=' "	port = $2"; shift 2; }
	[ "$1" = -d ] && { edit_line "$f" '^[[:space:]]*env[[:space:]]*=' "	env = DNSCACHEIP=$2"; shift 2; }
	edit_line "$f" '^[[:space:]]*user[[:space:]]*=' "	user = root"
	edit_line "$f" '^[[:space:]]*server[[:space:]]*=' "	server = $RBLSMTPD_BIN"
	edit_line "$f" '^[[:space:]]*server_args[[:space:]]*=' "	server_args = $* $SMTPD_CMD"
	cat >"$TESTDIR/xinetd.conf" <<-EOF
	defaults
	{
		log_type = FILE $TESTDIR/xinetd.log
	}
	includedir $TESTDIR/xinetd.d
	EOF
	"$XINETD" -dontfork -f "$TESTDIR/xinetd.conf" -pidfile "$TESTDIR/xinetd.ownpid" \
		>"$TESTDIR/xinetd.out" 2>&1 </dev/null &
	echo $! >"$TESTDIR/run/xinetd.pid"
	wait_any_port "$XPORT" 5 || { sed 's/^/#   /' "$TESTDIR/xinetd.out"; bail "xinetd does not listen on $XPORT"; }
}
stop_xinetd() { _rt_kill_pidfile "$TESTDIR/run/xinetd.pid"; wait_for 5 eval '! _listening_any "$XPORT"'; }

# the example as shipped (its -v, its lists swapped for the test's)
xinetd_with -v -r test.rbl
first_bytes_ok "xinetd, listed" 127.0.0.1 25 127.0.0.2
check_eq "xinetd, listed: refused by rblsmtpd" "$FIRST_OUT" \
"greeting: 220 rblsmtpd.local
helo: 250 rblsmtpd.local
mail: 250 rblsmtpd.local
rcpt: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2
quit: 221 rblsmtpd.local"
first_bytes_ok "xinetd, clean" 127.0.0.1 25 127.0.0.9
check_match "xinetd, clean: the SMTP server answers" "$FIRST_OUT" '^greeting: 220 real\.server ESMTP '
check_match "xinetd, clean: RCPT accepted" "$FIRST_OUT" '^rcpt: 250 real\.server ok$'
out=$(swaks_to 127.0.0.1 25 --local-interface 127.0.0.9 2>&1)
check_match "xinetd, clean, swaks: message accepted" "$out" '^<-  250 accepted by real\.server$'
wait_grep "$SYSLOG_FILE" 'rblsmtpd: test\.rbl blocked 127\.0\.0\.2' 5
check_match "xinetd: the 0.88 line in syslog, not in the socket" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: 127\.0\.0\.2 pid [0-9]+: 451 Listed by test\.rbl, see http://test\.rbl/lookup\?ip=127\.0\.0\.2$'
check_match "xinetd: the blocked line in syslog" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: test\.rbl blocked 127\.0\.0\.2 - -$'
stop_xinetd

# the field report: -vv -l stderr under xinetd; on port 2525 (type =
# UNLISTED: xinetd would refuse a port /etc/services does not give smtp),
# with env = DNSCACHEIP naming the test's DNS server while resolv.conf names
# a dead one (the listed client is refused only if the env line works)
echo "nameserver $DEAD_DNS_IP" >"$TESTDIR/resolv.dead"
use_resolv_conf "$TESTDIR/resolv.dead" || bail "use_resolv_conf"
xinetd_with -p 2525 -d "$RBLDNS_IP" -vv -l stderr -r test.rbl
first_bytes_ok "xinetd -vv -l stderr, clean" 127.0.0.1 2525 127.0.0.9
check_match "xinetd -vv -l stderr, clean: the server's greeting first" "$FIRST_OUT" \
	'^greeting: 220 real\.server ESMTP '
first_bytes_ok "xinetd -vv -l stderr, listed" 127.0.0.1 2525 127.0.0.2
check_match "xinetd port 2525, env = DNSCACHEIP: listed client refused" "$FIRST_OUT" \
	'^rcpt: 451 Listed by test\.rbl'
wait_grep "$SYSLOG_FILE" 'rblsmtpd: summary 127\.0\.0\.9 accept' 5
check_match "xinetd -vv -l stderr: the summary went to syslog" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: summary 127\.0\.0\.9 accept - [0-9]+ test\.rbl=clear@[0-9]+$'
stop_xinetd
