#!/bin/bash
# SPDX-License-Identifier: ISC
# The order of a connection's lines (rblsmtpd(8) LOG FORMAT): for a refusal,
# on every path that decides it, the lookups' warnings, then "blocked", the
# "rejected" lines, "rejected-more" when some went unlogged, and "summary"
# last; for an accept, the warnings then the summary. Paths: a DNS listing
# with every list answered, $RBLSMTPD (553 and 451), a local list file, -S
# scoring, -c's temporary error, the -w early talker, and late answers read
# during the dialogue. Through a real rsyslog (the order the mail log shows)
# and -l stderr (one write each, in order).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
R=$RBLSMTPD_BIN
SERVER=(sh -c 'echo served')
printf '127.0.0.2 :127.0.0.2:local list says no\n' >"$TESTDIR/local.list"

# the event word of each line: blocked, rejected, summary, timeout, djb …
words() {
	sed 's/^rblsmtpd: //' | awk '$1 == "summary" || $1 == "resolver" {print $1; next}
		$2 == "pid" {print "djb"; next} {print $2}' | tr '\n' ' '
}
DIALOGUE='HELO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRCPT TO:<e@f>\r\nQUIT\r\n'

# path NAME WANT-WORDS VAR=VALUE... -- OPTIONS...: rblsmtpd with OPTIONS and
# the server, through syslog, then again with -l stderr
path() {
	local name=$1 want=$2 envs=(); shift 2
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	log_mark
	run_cmd -t 20 -i "$DIALOGUE" "${envs[@]}" -- "$R" "$@" "${SERVER[@]}"
	check_eq "$name: order in the mail log" "$(log_new | words)" "$want"
	run_cmd -t 20 -i "$DIALOGUE" "${envs[@]}" -- "$R" -l stderr "$@" "${SERVER[@]}"
	check_eq "$name: order with -l stderr (0.88's line just before blocked)" \
		"$(printf '%s\n' "$RUN_ERR" | words)" "${want/blocked/djb blocked}"
}
path "DNS listing, every list answered" "blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- -vv -r listed.test -r nothing.test
path "\$RBLSMTPD, 553" "blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.2 RBLSMTPD='-go away' -- -vv -r listed.test
path "\$RBLSMTPD, 451" "blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.2 RBLSMTPD='not now' -- -vv
path "local list file" "blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.2 -- -vv -r "$TESTDIR/local.list"
path "-S score" "blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- -vv -S 2 -r listed.test -r multi.test
path "-c temporary error, after the list's warning" "servfail blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- -vv -c -r servfail.test
path "-L 1: rejected-more before the summary" "blocked rejected rejected-more summary " \
	TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- -vv -L 1 -r listed.test
log_mark
run_cmd -t 20 TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$R" -vv -T 0.3 -r silent.test \
	"${SERVER[@]}"
check_eq "accepted: warnings, then the summary, then the server" "$(log_new | words)|$RUN_OUT" \
	"timeout summary |served"

# -w: the client talks first (its bytes are in the pipe before the greeting)
path "-w early talker" "blocked rejected rejected summary " \
	TCPREMOTEIP=127.0.0.9 DNSCACHEIP="$RBLDNS_IP" -- -vv -w 0.3 -r test.rbl

# Late answers: the slow list answers while the dialogue is on; the client
# sends its RCPTs after that, so the summary (once written at the answer)
# must still come last.
DNS=127.0.53.5
cat >"$TESTDIR/late.rules" <<EOF
.                 nxdomain
*.slow.test       delay=700 a=127.0.0.3 txt="slow list"
*.fast.test       a=127.0.0.2 txt="fast list"
EOF
start_faultdns late "$TESTDIR/late.rules" $DNS
log_mark
run_cmd -t 20 -c 'printf "HELO x\r\n"; sleep 1.5; printf "RCPT TO:<a@b>\r\nRCPT TO:<c@d>\r\nQUIT\r\n"' \
	TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$DNS -- "$R" -vv -r slow.test -r fast.test "${SERVER[@]}"
got=$(log_new)
check_eq "late answers: order in the mail log" "$(printf '%s\n' "$got" | words)" \
	"blocked rejected rejected summary "
check_match "late answers: the summary has the late list's answer" "$got" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test [0-9]+ slow\.test=listed:127\.0\.0\.3@[0-9]+,fast\.test=listed:127\.0\.0\.2@[0-9]+$'

# -t0: the refusal is written once; the summary still follows blocked
run_cmd -t 20 TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP" -- "$R" -vv -t0 -l stderr -r listed.test \
	"${SERVER[@]}"
check_eq "-t0: djb, blocked, summary" "$(printf '%s\n' "$RUN_ERR" | words)" "djb blocked summary "
