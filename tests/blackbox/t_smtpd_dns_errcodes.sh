#!/bin/bash
# SPDX-License-Identifier: ISC
# Error answers: the exact range (rblsmtpd(8) Lists, LOG FORMAT "error";
# rblcheck(1) "error"). An A record in 127.255.255.0/24 is an error code:
# never a listing (not under -c either), the client is served, a warning
# "<list> error <ip> <code>=<meaning>" is logged, the summary says
# error:<code>, rblcheck reports "error" and -H "UNHEALTHY". Every other
# answer in 127/8 is an ordinary return code that a list may use, so
# 127.255.254.x, 127.255.0.x and 127.0.255.x are listings like 127.0.0.2:
# 553 under -b, no warning, rblcheck "listed", -H "ok". Both sides of each
# boundary are pinned (127.255.255.0 vs 127.255.254.255; the second and the
# third octet apart). Answers outside 127/8 are error codes too: pinned in
# t_pin_answers.sh and by err.rbl's 10.0.0.2.
. "$(dirname "$0")/../lib/common.sh"

DNS=127.0.53.3
# Only 2.0.0.127.<zone> answers, so that rblcheck -H's other probes
# (127.0.0.1, a documentation address, the IPv6 test points) are clear.
codes_err="127.255.255.0 127.255.255.2"
codes_listed="127.255.254.255 127.255.254.2 127.255.0.2 127.0.255.2 127.254.255.2"
zone_of() { local c=${1#127.}; echo "c${c//./-}.test"; }   # 127.255.0.2 -> c255-0-2.test
{
	echo ".   nxdomain"
	for c in $codes_err $codes_listed; do
		echo "2.0.0.127.$(zone_of "$c")   a=$c txt=\"code $c\""
	done
} >"$TESTDIR/codes.rules"
start_faultdns codes "$TESTDIR/codes.rules" $DNS

# ---------------------------------------------------------------- rblsmtpd
# -vv -l stderr: the log lines on stderr, in any order (not pinned here);
# -c -b: a listing is 553, a failure would be 451, an error neither.
smtpd_case() {   # CODE listed|error
	local c=$1 kind=$2 z sum others
	z=$(zone_of "$c")
	run_cmd -t 15 DNSCACHEIP=$DNS TCPREMOTEIP=127.0.0.2 -- \
		"$RBLSMTPD_BIN" -vv -l stderr -c -b -t0 -r "$z" echo served
	sum=$(printf '%s\n' "$RUN_ERR" | sed -n 's/^rblsmtpd: summary 127\.0\.0\.2 \([^ ]*\) \([^ ]*\) [0-9]* /\1 \2 /p' |
		sed 's/@[0-9]*$//')
	others=$(printf '%s\n' "$RUN_ERR" | grep -v '^rblsmtpd: summary ' | LC_ALL=C sort)
	if [ "$kind" = listed ]; then
		check_eq "rblsmtpd: $c is a listing: 553 with its text, blocked, no warning" \
			"$RUN_RC|$RUN_OUT|$others" \
			"0|553 code $c^M|rblsmtpd: 127.0.0.2 pid x: 553 code $c
rblsmtpd: $z blocked 127.0.0.2 - -"
		check_eq "rblsmtpd: $c: summary listed:$c" "$sum" "553 $z $z=listed:$c"
	else
		check_eq "rblsmtpd: $c is an error code: served under -c, one warning line" \
			"$RUN_RC|$RUN_OUT|$others" \
			"0|served|rblsmtpd: $z error 127.0.0.2 $c=error-code"
		check_eq "rblsmtpd: $c: summary error:$c" "$sum" "accept - $z=error:$c"
	fi
}
for c in $codes_err; do smtpd_case "$c" error; done
for c in $codes_listed; do smtpd_case "$c" listed; done

# ---------------------------------------------------------------- rblcheck
# The latency column varies: "N ms", and runs of spaces squeezed.
norm() { sed -E 's/ +[0-9]+ ms / N ms /' | tr -s ' '; }
check_case() {   # CODE listed|error
	local c=$1 kind=$2 z
	z=$(zone_of "$c")
	run_cmd -t 15 DNSCACHEIP=$DNS -- "$RBLCHECK_BIN" -c -b -r "$z" 127.0.0.2
	if [ "$kind" = listed ]; then
		check_eq "rblcheck: $c listed, reply 553, exit 1" "$RUN_RC|$(printf '%s\n' "$RUN_OUT" | norm)" \
			"1|127.0.0.2
 -r $z N ms listed $c \"code $c\"
 reply: 553 code $c"
	else
		check_eq "rblcheck: $c an error, reply accept, exit 0" "$RUN_RC|$(printf '%s\n' "$RUN_OUT" | norm)" \
			"0|127.0.0.2
 -r $z N ms error $c error-code
 reply: accept"
	fi
	run_cmd -t 15 DNSCACHEIP=$DNS -- "$RBLCHECK_BIN" -H -r "$z"
	if [ "$kind" = listed ]; then
		check_eq "rblcheck -H: $c: ok, exit 0" "$RUN_RC|$(printf '%s\n' "$RUN_OUT" | norm)" \
			"0|ok $z N ms 127.0.0.2 listed, 127.0.0.1 not listed; IPv6 no data"
	else
		check_eq "rblcheck -H: $c: UNHEALTHY error, exit 2" "$RUN_RC|$(printf '%s\n' "$RUN_OUT" | norm)" \
			"2|UNHEALTHY $z N ms error: 127.0.0.2 answers $c (error-code); the list answers an error code; read the list's documentation"
	fi
}
for c in $codes_err; do check_case "$c" error; done
for c in $codes_listed; do check_case "$c" listed; done
