#!/bin/bash
# SPDX-License-Identifier: ISC
# examples/daemontools/smtpd (run, log/run) and examples/tcp.smtp, for real:
# the service directory under daemontools' svscan/supervise (with multilog)
# and under runit's runsv (its log/ service too), only the run files' EDIT
# lines changed (DNSCACHEIP set under daemontools, empty as shipped under
# runit). Clients with swaks: a listed one refused, a clean one served, and
# tcp.smtp's rules (allow-list, permanent block, relaying), as shipped.
# multilog's log must hold the expected lines.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"

for c in svscan supervise svc multilog envuidgid setuidgid tcprules runsv sv swaks; do
	command -v "$c" >/dev/null || bail "no $c (sh tests/lib/setup-deps.sh)"
done
[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
# rblsmtpd and tcprules as the run file names them: on PATH
mkdir -p "$TESTDIR/bin" && ln -s "$RBLSMTPD_BIN" "$TESTDIR/bin/rblsmtpd"
export PATH=$TESTDIR/bin:$PATH
add_lo_addr 198.51.100.25 203.0.113.7

tcprules "$TESTDIR/tcp.smtp.cdb" "$TESTDIR/tcp.smtp.tmp" <"$EXAMPLES/tcp.smtp" ||
	bail "tcprules rejects examples/tcp.smtp"
ok "tcprules compiles examples/tcp.smtp"

# service SUPERVISOR PORT [DNSCACHEIP]: a copy of the example service
# directory, only its EDIT lines changed (edit_line refuses any other)
service() {
	local dir=$TESTDIR/$1/smtpd
	mkdir -p "$TESTDIR/$1"
	cp -r "$EXAMPLES/daemontools/smtpd" "$dir"
	edit_line "$dir/run" '^IP=' "IP=127.0.0.1"
	edit_line "$dir/run" '^PORT=' "PORT=$2"
	edit_line "$dir/run" '^RULES=' "RULES=$TESTDIR/tcp.smtp.cdb"
	edit_line "$dir/run" '^SMTPUSER=' "SMTPUSER=root"
	edit_line "$dir/run" '^LISTS=' 'LISTS="-r test.rbl -a white.rbl"'
	edit_line "$dir/run" '^SMTPD=' "SMTPD=\"$SMTPD_CMD\""
	[ -n "${3:-}" ] && edit_line "$dir/run" '^DNSCACHEIP=' "DNSCACHEIP=$3"
	# $TESTDIR is root's alone: multilog runs as root here
	edit_line "$dir/log/run" '^LOGUSER=' "LOGUSER=root"
	SVDIR=$dir
}

# clients PORT LOG TAG: the swaks and smtpfirst clients, then the log
clients() {
	local port=$1 log=$2 tag=$3 out
	wait_port 127.0.0.1 "$port" 10 || { not_ok "$tag: nothing listens on $port"; return; }
	out=$(swaks_to 127.0.0.1 "$port" --local-interface 127.0.0.2 2>&1)
	check_match "$tag: listed client: rblsmtpd's greeting" "$out" '^<-  220 rblsmtpd\.local$'
	check_match "$tag: listed client: RCPT 451" "$out" \
		'^<\*\* +451 Listed by test\.rbl, see http://test\.rbl/lookup\?ip=127\.0\.0\.2$'
	out=$(swaks_to 127.0.0.1 "$port" --local-interface 127.0.0.9 2>&1)
	check_match "$tag: clean client reaches the SMTP server" "$out" \
		'^<-  220 real\.server ESMTP ip=127\.0\.0\.9 rbl=unset relay=no$'
	check_match "$tag: clean client: message accepted" "$out" '^<-  250 accepted by real\.server$'
	out=$(swaks_to 127.0.0.1 "$port" --local-interface 127.0.0.1 2>&1)
	check_match "$tag: tcp.smtp: this host relays, not looked up" "$out" \
		'^<-  220 real\.server ESMTP ip=127\.0\.0\.1 rbl= relay=yes$'
	out=$(swaks_to 127.0.0.1 "$port" --local-interface 203.0.113.7 2>&1)
	check_match "$tag: tcp.smtp: allow-listed partner, no relaying" "$out" \
		'^<-  220 real\.server ESMTP ip=203\.0\.113\.7 rbl= relay=no$'
	out=$(swaks_to 127.0.0.1 "$port" --local-interface 198.51.100.25 2>&1)
	check_match "$tag: tcp.smtp: blocked network gets 553" "$out" \
		'^<\*\* +553 Mail from 198\.51\.100\.0/24 is refused here; contact postmaster$'
	wait_grep "$log" 'rblsmtpd: 198\.51\.100\.25 pid' 10
	local lines; lines=$(cut -d' ' -f2- "$log")
	check_match "$tag: multilog: time stamps" "$(head -1 "$log")" '^@4000[0-9a-f]{20} '
	check_match "$tag: multilog: the 0.88 line" "$lines" \
		'^rblsmtpd: 127\.0\.0\.2 pid [0-9]+: 451 Listed by test\.rbl, see http://test\.rbl/lookup\?ip=127\.0\.0\.2$'
	check_match "$tag: multilog: the -v blocked line" "$lines" '^rblsmtpd: test\.rbl blocked 127\.0\.0\.2 '
	check_match "$tag: multilog: the rejected RCPT" "$lines" \
		'^rblsmtpd: test\.rbl rejected 127\.0\.0\.2 .* client\.test <a@example\.org> <b@example\.org>$'
	check_match "$tag: multilog: RBLSMTPD= refusal" "$lines" \
		'^rblsmtpd: RBLSMTPD blocked 198\.51\.100\.25 '
	check_match "$tag: multilog: tcpserver -v lines" "$lines" '^tcpserver: status: '
	check_eq "$tag: multilog: no line for the clean client" \
		"$(grep -c 'rblsmtpd: 127\.0\.0\.9 ' "$log")" 0
}

# --- daemontools: svscan starts supervise for smtpd and smtpd/log, piped.
# The run file's DNSCACHEIP names the test's DNS server while resolv.conf
# names a dead one: the listed client is refused only if DNSCACHEIP is used.
echo "nameserver $DEAD_DNS_IP" >"$TESTDIR/resolv.dead"
use_resolv_conf "$TESTDIR/resolv.dead" || bail "use_resolv_conf"
service daemontools 2525 "$RBLDNS_IP"
setsid svscan "$TESTDIR/daemontools" >"$TESTDIR/svscan.out" 2>&1 </dev/null &
echo $! >"$TESTDIR/run/svscan.pid"
at_exit "svc -dx '$SVDIR' '$SVDIR/log' 2>/dev/null; kill -- -\$(cat '$TESTDIR/run/svscan.pid') 2>/dev/null"
wait_for 10 svok "$SVDIR" || not_ok "daemontools: supervise did not start smtpd"
clients 2525 "$SVDIR/log/main/current" daemontools
out=$(svstat "$SVDIR")
check_match "daemontools: svstat says up" "$out" ': up \(pid [0-9]+\)'

# --- runit: runsv runs smtpd and its log/ (the same example files), with
# DNSCACHEIP as shipped (empty): the servers of resolv.conf
use_resolv_conf "$TESTDIR/resolv.conf.default" || bail "use_resolv_conf"
service runit 2526
setsid runsv "$SVDIR" >"$TESTDIR/runsv.out" 2>&1 </dev/null &
echo $! >"$TESTDIR/run/runsv.pid"
at_exit "sv -w 5 force-stop '$SVDIR' '$SVDIR/log' >/dev/null 2>&1; sv exit '$SVDIR' '$SVDIR/log' >/dev/null 2>&1; kill -- -\$(cat '$TESTDIR/run/runsv.pid') 2>/dev/null"
clients 2526 "$SVDIR/log/main/current" runit
check_match "runit: sv status says run" "$(sv status "$SVDIR")" '^run: .*: \(pid [0-9]+\)'
