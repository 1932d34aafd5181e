#!/bin/bash
# SPDX-License-Identifier: ISC
# A dead resolver is the resolver's fault and costs nothing (rblsmtpd(8)
# ENVIRONMENT, DNSCACHEIP; LOG FORMAT, unreachable): when
# every configured resolver is unreachable (ICMP port unreachable) or refuses,
# every DNS list fails at once, -c/-C apply as for any failure, and the -v log
# says once per resolver that it failed (address and why) instead of a
# warning per list. 0.88-era behaviour of this program before the fix: with
# -r a -r b, ~2.5 s waited on the first list, "refused" for the second.
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
DEAD2=127.0.53.8
REFUSER=127.0.53.5
echo "# no rules: every query is REFUSED" >"$TESTDIR/refuse.rules"
start_faultdns refuser "$TESTDIR/refuse.rules" $REFUSER
# -T 10: c-ares' first try alone lasts 2.5 s, so "at once" (start-up and exec
# included, on a loaded box) is far from any timeout
T=10
FAST_MS=1500
LISTS=(-r listed.test -r multi.test)

# at_once WHAT: the last run_cmd took less than FAST_MS
at_once() {
	[ "$RUN_MS" -lt $FAST_MS ] && ok "$1: at once ($RUN_MS ms)" ||
		not_ok "$1: at once" "$RUN_MS ms (limit $FAST_MS)"
}
# dead DNSCACHEIP WHAT: -C serves and -c answers 451, both at once
dead() {
	local dns=$1 what=$2
	run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" -- \
		"$RBLSMTPD_BIN" -T $T -b -C "${LISTS[@]}" echo served
	check_eq "$what, -C: served" "$RUN_OUT|$RUN_ERR|$RUN_RC" "served||0"
	at_once "$what, -C"
	run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" -- \
		"$RBLSMTPD_BIN" -T $T -b -c "${LISTS[@]}" echo served
	check_eq "$what, -c: 451 temporary" "$RUN_ERR" \
		"rblsmtpd: 127.0.0.2 pid x: 451 temporary RBL lookup error"
	at_once "$what, -c"
}
dead "$DEAD_DNS_IP" "one resolver, unreachable"
dead "$DEAD_DNS_IP $DEAD2" "two resolvers, both unreachable"
dead "$REFUSER" "one resolver, refusing"
dead "$DEAD_DNS_IP $REFUSER" "one unreachable, one refusing"

# The log: the resolver once, no list blamed; the summary says "resolver"
log_mark
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$DEAD_DNS_IP -- "$RBLSMTPD_BIN" -vv -b "${LISTS[@]}" echo served
check_eq "unreachable: one resolver line, summary" "$(log_new_n)" \
"rblsmtpd: resolver unreachable 127.0.0.2 127.0.53.9
rblsmtpd: summary 127.0.0.2 accept - N listed.test=resolver@N,multi.test=resolver@N"
log_mark
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$DEAD_DNS_IP $DEAD2:5353" -- "$RBLSMTPD_BIN" -v -b "${LISTS[@]}" echo served
check_eq "two unreachable: a line for each, with its port" "$(log_new)" \
"rblsmtpd: resolver unreachable 127.0.0.2 127.0.53.9
rblsmtpd: resolver unreachable 127.0.0.2 127.0.53.8:5353"
log_mark
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$REFUSER -- "$RBLSMTPD_BIN" -v -c "${LISTS[@]}" echo served
check_eq "refusing, -c: the resolver named, 451 blocked line" "$(log_new)" \
"rblsmtpd: resolver refused 127.0.0.2 127.0.53.5
rblsmtpd: listed.test blocked 127.0.0.2 - -"

# One resolver dead, the next one fine: its answers count, nobody blamed
log_mark
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$DEAD_DNS_IP $FAULTDNS_IP" -- \
	"$RBLSMTPD_BIN" -T $T -v -b "${LISTS[@]}" echo served
check_eq "dead then good resolver: listed by the good one" "$RUN_ERR|$(log_new)" \
	"rblsmtpd: 127.0.0.2 pid x: 553 listed here|rblsmtpd: listed.test blocked 127.0.0.2 - -"
at_once "dead then good resolver"

# A resolver that refuses one zone but answers another is not dead: that
# list is "refused", as before
log_mark
run_cmd TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -vv -T 1 \
	-r listed.test -r refused.test echo served
check_eq "one zone refused, another answered: the list is blamed" "$RUN_OUT|$(log_new_n)" \
"served|rblsmtpd: refused.test refused 127.0.0.1 Nms
rblsmtpd: summary 127.0.0.1 accept - N listed.test=clear@N,refused.test=refused@N"
# A local list file still answers when the resolver is dead
printf '127.0.0.2 :127.0.0.2:on the local list\n' >"$TESTDIR/local.list"
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$DEAD_DNS_IP -- "$RBLSMTPD_BIN" -b \
	-r listed.test -r "$TESTDIR/local.list" echo served
check_eq "dead resolver, local list: the file's listing (451: a list failed first)" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 451 on the local list"
