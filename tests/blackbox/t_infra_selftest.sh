#!/bin/bash
# SPDX-License-Identifier: ISC
# Self-test of the black-box test infrastructure (tests/lib, tests/dns,
# tests/data), using Debian's reference rblsmtpd as the client.  Also the
# example of how a black-box script is written.
. "$(dirname "$0")/../lib/common.sh"

REF=$REF_RBLSMTPD
[ -x "$REF" ] || bail "no $REF (apt-get install ucspi-tcp)"

start_dns
ok "start_dns: rbldnsd and faultdns answer"
start_dns   # idempotent
ok "start_dns twice"

# --- the DNS data, seen with the dig-free probe
check_eq "rbldnsd serves rbl.maps.vix.com" \
	"$(dns_ask "$RBLDNS_IP" 2.0.0.127.rbl.maps.vix.com ANY)" \
"status=NOERROR tc=0 an=2
A 127.0.0.2
TXT \"Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>\""
check_eq "rbldnsd: nonexistent.local is empty" \
	"$(dns_ask "$RBLDNS_IP" 2.0.0.127.nonexistent.local TXT)" "status=NXDOMAIN tc=0 an=0"
check_eq "rbldnsd on [::1]:$RBLDNS_IP6_PORT, IPv6 entry" \
	"$(dns_ask "[$RBLDNS_IP6]:$RBLDNS_IP6_PORT" \
		1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.test6.rbl A)" \
	"status=NOERROR tc=0 an=1
A 127.0.0.2"
check_eq "faultdns over IPv6 ([::1]:53)" \
	"$(dns_ask "[$FAULTDNS_IP6]:53" 2.0.0.127.multi.test TXT)" \
	"status=NOERROR tc=0 an=2
TXT \"first \" \"second\"
TXT \"|third\""
check_eq "faultdns on the alternate port" \
	"$(dns_ask "$FAULTDNS_IP:$FAULTDNS_ALT_PORT" x.servfail.test A)" \
	"status=SERVFAIL tc=0 an=0"
check_eq "faultdns: A listed, TXT silent" \
	"$(dns_ask "$FAULTDNS_IP" 2.0.0.127.txt-silent.test A; \
	   "$PY" "$DNSPROBE" -w 0.3 "$FAULTDNS_IP" 2.0.0.127.txt-silent.test TXT)" \
	"status=NOERROR tc=0 an=1
A 127.0.0.2
error=TimeoutError"
check_eq "faultdns: 1000 A records over TCP" \
	"$(dns_ask "$FAULTDNS_IP" 2.0.0.127.many-a.test A -t | sed -n '1p;2p;$p')" \
	"status=NOERROR tc=0 an=1000
A 127.0.0.2
A 127.0.3.233"

# --- rts.tests cases, with -r given explicitly (Debian has no default RBL)
want_block="rblsmtpd: 127.0.0.2 pid x: 451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>
220 rblsmtpd.local^M
451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>^M
221 rblsmtpd.local^M
0"
got=$(run_smtp_pipe -i 'help\nquit\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$RBLDNS_IP" \
	-- "$REF" -r rbl.maps.vix.com echo whoops)
check_eq "rts: rblsmtpd finds 127.0.0.2 on the RBL" "$got" "$want_block"
got=$(run_smtp_pipe -i 'help\nquit\n' TCPREMOTEIP=127.0.0.1 DNSCACHEIP="$RBLDNS_IP" \
	-- "$REF" -r rbl.maps.vix.com echo ok)
check_eq "rts: rblsmtpd does not find 127.0.0.1 on the RBL" "$got" "ok
0"
got=$(run_smtp_pipe -i 'help\nquit\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$RBLDNS_IP" \
	-- "$REF" -a rbl.maps.vix.com -r rbl.maps.vix.com echo ok)
check_eq "rts: rblsmtpd understands -a" "$got" "ok
0"
# no DNSCACHEIP: the namespace's /etc/resolv.conf names rbldnsd
got=$(run_smtp_pipe -i 'help\nquit\n' TCPREMOTEIP=127.0.0.2 \
	-- "$REF" -r nonexistent.local echo ok)
check_eq "rts: rblsmtpd understands -r (resolv.conf)" "$got" "ok
0"
got=$(run_smtp_pipe -c 'sleep 2' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$RBLDNS_IP" \
	-- "$REF" -Ct0 -r rbl.maps.vix.com echo whoops)
check_eq "rts: -t0 prints an immediate error" "$got" \
"rblsmtpd: 127.0.0.2 pid x: 451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>
451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>^M
0"

# --- faultdns + query log (TXT strings joined with no separator: rblsmtpd(8) Lists)
qlog_mark
run_cmd -i 'quit\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$REF" -r multi.test echo ok
check_eq "multi.test: 451 first second|third (stdout)" "$RUN_OUT" \
	"220 rblsmtpd.local^M
221 rblsmtpd.local^M"
check_eq "multi.test: stderr log line" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 451 first second|third"
check_eq "query log: one TXT query over UDP" "$(qlog_since)" \
	"2.0.0.127.multi.test TXT udp"

qlog_mark
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$REF" -t0 -r ctrl.test echo ok
check_eq "ctrl.test: control and 8-bit bytes become ?" "$RUN_OUT" "451 tab?here?nul?hi??end^M"
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$REF" -t0 -r trunc.test echo ok
check_eq "trunc.test: TC=1, then the answer over TCP" "$RUN_OUT" "451 listed via tcp^M"
check_eq "query log: ctrl UDP; trunc UDP then TCP" "$(qlog_since)" \
	"2.0.0.127.ctrl.test TXT udp
2.0.0.127.trunc.test TXT udp
2.0.0.127.trunc.test TXT tcp"
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$REF" -t0 -r slow5.test echo ok
if [ "$RUN_OUT" = "451 listed by slow5^M" ] && [ "$RUN_MS" -ge 100 ]; then
	ok "slow5.test answers after >= 100 ms ($RUN_MS ms)"
else
	not_ok "slow5.test answers after >= 100 ms" "out=$RUN_OUT ms=$RUN_MS"
fi
run_cmd -t 1 TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$REF" -r silent.test echo ok
check_rc "run_cmd -t kills a hung command (exit 124)" "$RUN_RC" 124

# --- syslog: a private rsyslogd with its own /dev/log
if [ "$RBLTEST_NS" != private ]; then
	skip "syslog" "no private namespace"
elif start_syslog "$TESTDIR/maillog"; then
	in_syslog_ns logger -p mail.info -t rblsmtpd hello
	in_syslog_ns logger -p daemon.notice -t other not-mail
	if wait_log_lines "$SYSLOG_FILE" 1 5; then
		check_match "syslog: classic line in the mail log" "$(cat "$SYSLOG_FILE")" \
			'^[A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [^ ]+ rblsmtpd: hello$'
	else
		not_ok "syslog: classic line in the mail log" "nothing in $SYSLOG_FILE"
	fi
	wait_grep "$SYSLOG_FILE.all" not-mail 5
	check_eq "syslog: only mail.* in the mail log" "$(grep -c . "$SYSLOG_FILE")" 1
	check_match "syslog: .all file has facility.severity" "$(cat "$SYSLOG_FILE.all")" \
		'^daemon\.notice .* other: not-mail$'
	# /dev is now our private tmpfs, in this script's own mount namespace
	if [ -S /dev/log ] && [ "$(stat -f -c %T /dev)" = tmpfs ] &&
	   findmnt -n -o SOURCE /dev | grep -qx rbltest-dev; then
		ok "syslog: /dev/log is private to this script"
	else
		not_ok "syslog: /dev/log is private to this script" "$(ls -la /dev/log 2>&1; findmnt /dev)"
	fi
else
	not_ok "start_syslog"
fi

# --- tcpserver + swaks: swaks binds 127.0.0.2, so TCPREMOTEIP=127.0.0.2
port=$(free_port)
start_tcpserver 127.0.0.1 "$port" env DNSCACHEIP="$RBLDNS_IP" "$REF" -r rbl.maps.vix.com echo ok
out=$(swaks_to 127.0.0.1 "$port" --local-interface 127.0.0.2 2>&1)
check_match "swaks via tcpserver: RCPT refused with 451" "$out" \
	'^<\*\* +451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup\?127\.0\.0\.2>'
wait_grep "$TCPSERVER_ERR" 'rblsmtpd: ' 2
check_match "tcpserver stderr has rblsmtpd's log line" "$(cat "$TCPSERVER_ERR")" \
	'^rblsmtpd: 127\.0\.0\.2 pid [0-9]+: 451 Blackholed'
stop_tcpserver 127.0.0.1 "$port"

if tcpserver6_path >/dev/null; then
	start_tcpserver ::1 2526 env RBLSMTPD=-v6 "$REF" echo ok
	out=$(swaks_to ::1 2526 2>&1)
	check_match "IPv6 tcpserver + swaks: 553" "$out" '^<\*\* +553 v6$'
	wait_grep "$TCPSERVER_ERR" 'rblsmtpd: ' 2
	check_match "IPv6 client seen as ::1" "$(cat "$TCPSERVER_ERR")" '^rblsmtpd: ::1 pid [0-9]+: 553 v6$'
else
	skip "IPv6 tcpserver + swaks" "no ucspi-tcp-ipv6 tcpserver (tests/lib/setup-deps.sh)"
fi
