#!/bin/bash
# SPDX-License-Identifier: ISC
# examples/systemd: rblsmtpd.socket and rblsmtpd@.service pass
# `systemd-analyze verify` without a word, as shipped and with their EDIT
# lines changed (binary, lists, SMTP server, DNSCACHEIP, address), and the
# edited service's ExecStart line, with its Environment=, runs under
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

# --- its ExecStart line, for real: the units with only their EDIT lines
# changed (our binary, the test's list and SMTP server, an address for the
# socket, DNSCACHEIP naming the test's DNS server while resolv.conf names a
# dead one: the listed client is refused only if Environment= is applied)
start_dns
start_syslog "$TESTDIR/mail.log" || bail "no syslog"
mkdir -p "$TESTDIR/edited" && cp "$SD/rblsmtpd.socket" "$SD/rblsmtpd@.service" "$TESTDIR/edited/"
U=$TESTDIR/edited
check_match "service as shipped: ExecStart runs /usr/bin/rblsmtpd -v" "$svc" '^ExecStart=/usr/bin/rblsmtpd -v '
edit_line "$U/rblsmtpd.socket" '^ListenStream=' "ListenStream=127.0.0.1:25"
edit_line "$U/rblsmtpd@.service" '^ExecStart=' "ExecStart=$RBLSMTPD_BIN -v -r test.rbl $SMTPD_CMD"
edit_line "$U/rblsmtpd@.service" '^Environment=DNSCACHEIP=' "Environment=DNSCACHEIP=$RBLDNS_IP"
edit_line "$U/rblsmtpd@.service" '^User=' "User=root"
out=$(cd "$U" && systemd-analyze verify --man=no ./rblsmtpd.socket ./rblsmtpd@.service 2>&1)
check_eq "systemd-analyze verify, edited units: no warning" "$out" ""
echo "nameserver $DEAD_DNS_IP" >"$TESTDIR/resolv.dead"
use_resolv_conf "$TESTDIR/resolv.dead" || bail "use_resolv_conf"
listen=$(sed -n 's/^ListenStream=//p' "$U/rblsmtpd.socket")
[ "$listen" = 127.0.0.1:25 ] || bail "ListenStream not as edited: $listen"
cmd=$(sed -n 's/^ExecStart=//p' "$U/rblsmtpd@.service")
[ "$(printf '%s\n' "$cmd" | wc -l)" = 1 ] || bail "not one ExecStart= line"
envs=$(sed -n 's/^Environment=//p' "$U/rblsmtpd@.service")
[ "$envs" = "DNSCACHEIP=$RBLDNS_IP" ] || bail "Environment= not as edited: $envs"
echo "# ExecStart for the test: env $envs $cmd"

activate() {   # TAG CMD...: systemd-socket-activate on 127.0.0.1:25
	local tag=$1; shift
	# $cmd is split into words on purpose (as systemd splits ExecStart=)
	setsid systemd-socket-activate --accept --inetd -l "$listen" "$@" \
		</dev/null >"$TESTDIR/$tag.out" 2>"$TESTDIR/$tag.err" &
	echo $! >"$TESTDIR/run/activate.pid"
	wait_port 127.0.0.1 25 5 || { sed 's/^/#   /' "$TESTDIR/$tag.err"; bail "systemd-socket-activate did not listen"; }
}
stop_activate() { _rt_kill_pidfile "$TESTDIR/run/activate.pid"; wait_for 5 eval '! _listening_any 25'; }

# shellcheck disable=SC2086
activate journal env "$envs" $cmd
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
activate inherit env "$envs" sh -c 'exec 2>&1; exec "$@"' sh ${cmd/ -v / -vv -l stderr }
first_bytes_ok "StandardError=inherit, -vv -l stderr, clean" 127.0.0.1 25 127.0.0.9
check_match "StandardError=inherit: the SMTP server's greeting first" "$FIRST_OUT" '^greeting: 220 real\.server ESMTP '
first_bytes_ok "StandardError=inherit, -vv -l stderr, listed" 127.0.0.1 25 127.0.0.2
wait_grep "$SYSLOG_FILE" 'rblsmtpd: summary 127\.0\.0\.9 accept' 5
check_match "StandardError=inherit: the lines went to syslog" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: summary 127\.0\.0\.9 accept - '
stop_activate
