#!/bin/bash
# SPDX-License-Identifier: ISC
# List specs and configuration without limits 0.88 did not have
# (rblsmtpd(8) Lists):
# 200 lists; a zone of 300 bytes (and one that fits our buffer but not DNS)
# is a failure of that list, logged at -v, the other lists still work.  An
# unparsable client address logged at -v (rblsmtpd(8) ENVIRONMENT,
# TCPREMOTEIP), sanitised and bounded, through a real rsyslog.
# ($DNSCACHEIP with stray dots: t_smtpd_addr.sh.)
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
R=$RBLSMTPD_BIN
F=(DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2)

. "$TOP/tests/lib/logmark.sh"

# ---------------------------------------------------------------- 200 lists
many=()
for i in $(seq 1 199); do many+=(-r "z$i.nolist.test"); done
run_cmd -t 20 "${F[@]}" -- "$R" -t0 "${many[@]}" -r listed.test echo served
check_eq "200 lists: the 200th lists the client" "$RUN_RC|$RUN_OUT|$RUN_ERR" \
	"0|451 listed here^M|rblsmtpd: 127.0.0.2 pid x: 451 listed here"
run_cmd -t 20 DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.1 -- "$R" "${many[@]}" -r listed.test echo served
check_eq "200 lists: a clean client is served" "$RUN_RC|$RUN_OUT|$RUN_ERR" "0|served|"
qlog_mark
run_cmd -t 20 "${F[@]}" -- "$R" -t0 -a listed.test "${many[@]}" -b -r listed.test echo served
check_eq "200 lists: an -a first accepts" "$RUN_RC|$RUN_OUT" "0|served"
# The 200th answers 500 ms late (multi-late.test), after the 199 others: a
# listing taken while an earlier list is still pending is 451, not 553
# (rblsmtpd(8) COMPATIBILITY), so with an undelayed list the code depended
# on which answer came first (451 in 2 of 11 loaded runs).
run_cmd -t 20 "${F[@]}" -- "$R" -vv -l stderr -t0 "${many[@]}" -b -r multi-late.test echo served
check_match "200 lists: -vv summary names the 200th (553 under -b)" "$RUN_ERR" \
	'^rblsmtpd: summary 127\.0\.0\.2 553 multi-late\.test [0-9]+ z1\.nolist\.test=clear@'
run_cmd -t 20 DNSCACHEIP="$FAULTDNS_IP" -- "$RBLCHECK_BIN" "${many[@]}" -r listed.test 127.0.0.2
check_eq "200 lists: rblcheck exit 1 (listed)" "$RUN_RC" 1
check_match "200 lists: rblcheck reply" "$RUN_OUT" '^  reply: 451 listed here$'

# ---------------------------------------------------------------- over-long zones
long=$(printf 'a%.0s' $(seq 296)).test          # 301 bytes: over our 255
fits=$(printf 'b%.0s' $(seq 250)).test          # 255 bytes: too long for DNS with the address
for z in "$long" "$fits"; do
	n=${#z}
	qlog_mark
	run_cmd "${F[@]}" -- "$R" -t0 -r "$z" echo served
	check_eq "$n-byte zone alone: a failed lookup, fail open (served)" "$RUN_RC|$RUN_OUT|$RUN_ERR" "0|served|"
	check_eq "$n-byte zone: no query sent" "$(qlog_since)" ""
	run_cmd "${F[@]}" -- "$R" -t0 -b -r "$z" -r listed.test echo served
	check_eq "$n-byte zone, then a listing list under -b: 451 (an earlier list failed)" \
		"$RUN_RC|$RUN_OUT" "0|451 listed here^M"
	run_cmd "${F[@]}" -- "$R" -t0 -b -r listed.test -r "$z" echo served
	check_eq "listing list, then the $n-byte zone under -b: 553" "$RUN_RC|$RUN_OUT" "0|553 listed here^M"
	run_cmd "${F[@]}" -- "$R" -t0 -c -r "$z" -r nolist.test echo served
	check_eq "$n-byte zone under -c: 451 temporary error (COMPATIBILITY)" "$RUN_RC|$RUN_OUT" \
		"0|451 temporary RBL lookup error^M"
	log_mark
	run_cmd "${F[@]}" -- "$R" -v -r "$z" -r nolist.test echo served
	# (once in 45 runs under load this line was missing from the log: the
	# stderr and the daemon's whole log are shown then, to tell a dropped
	# line, which rblsmtpd writes to stderr instead, from a lost one)
	check_eq "$n-byte zone at -v: a warning naming it (cut to 255)" "$(log_new_n)" \
		"rblsmtpd: ${z:0:255} refused 127.0.0.2 unusable" ||
		{ printf '%s\n' "stderr: $RUN_ERR" | cut -c 1-300 | sed 's/^/#   /'
		  tail -n 4 "$SYSLOG_FILE.all" | cut -c 1-300 | sed 's/^/#   log: /'; }
done
run_cmd DNSCACHEIP="$FAULTDNS_IP" -- "$RBLCHECK_BIN" -r "$long" -r listed.test 127.0.0.2
check_match "rblcheck: 301-byte zone a failure" "$RUN_RC|$RUN_OUT" '^  -r a+ +[0-9]+ ms  failed$'
check_match "rblcheck: the other list answers" "$RUN_RC|$RUN_OUT" '^  reply: 451 listed here$'

# ---------------------------------------------------------------- unparsable address
bigaddr=$(printf 'x%.0s' $(seq 5000))
hostile="$(printf '1.2.3.4\r\nrblsmtpd: forged blocked 1.2.3.4 - -\001\033[31m\t')$bigaddr"
shown=$(printf '%s' "$hostile" | LC_ALL=C tr -c '!-~' '?' | head -c 255)
log_mark
qlog_mark
run_cmd DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP="$hostile" -- "$R" -v -c -r listed.test echo served
check_eq "bad TCPREMOTEIP: served, no query" "$RUN_RC|$RUN_OUT|$(qlog_since)" "0|served|"
check_eq "bad TCPREMOTEIP at -v: one warning, sanitised, cut to 255" "$(log_new_n)" \
	"rblsmtpd: - badaddress $shown not-an-ip"
check_match "bad TCPREMOTEIP: priority warning" \
	"$(grep 'badaddress' "$SYSLOG_FILE.all" | tail -1)" '^mail\.warning '
log_mark
run_cmd DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP="$hostile" -- "$R" -r listed.test echo served
check_eq "bad TCPREMOTEIP without -v: nothing logged" "$(log_new_n)" ""
run_cmd DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP="$hostile" -- "$R" -v -l stderr -r listed.test echo served
check_eq "bad TCPREMOTEIP, -l stderr: the same line" "$RUN_ERR" "rblsmtpd: - badaddress $shown not-an-ip"
run_cmd DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.1 -- "$R" -v -l stderr -r listed.test echo served
check_eq "good TCPREMOTEIP: no such line" "$RUN_ERR" ""
