#!/bin/bash
# SPDX-License-Identifier: ISC
# Secret keys in list zones (rblsmtpd(8) Lists): Spamhaus DQS
# "<key>.zen.dq.spamhaus.net" and Abusix "<key>.<list>.mail.abusix.zone" are
# queried with the key but shown without it, and "name@zone" shows the
# admin's name, in every byte the client receives, the 0.88 stderr line,
# every syslog line (real rsyslog), -l stderr lines, the -vv summary and
# rblcheck's text and JSON output. TXT present, TXT missing, TXT timing out,
# A timing out and an error answer.
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
KEY=KEY123SECRET
cat >"$TESTDIR/keys.rules" <<EOF
.                                        nxdomain
*.$KEY.zen.dq.spamhaus.net               a=127.0.0.2 txt="spamhaus says listed"
1.0.0.127.$KEY.zen.dq.spamhaus.net       nxdomain
*.$KEY.dbl.dq.spamhaus.net               a=127.0.0.2
1.0.0.127.$KEY.dbl.dq.spamhaus.net       nxdomain
*.$KEY.combined.mail.abusix.zone         a=127.0.0.3
*.$KEY.combined.mail.abusix.zone type=TXT drop
1.0.0.127.$KEY.combined.mail.abusix.zone nxdomain
*.$KEY.sbl.dq.spamhaus.net               drop
*.$KEY.xbl.dq.spamhaus.net               a=127.255.255.254 txt="public resolver"
EOF
start_faultdns keys "$TESTDIR/keys.rules" 127.0.53.3
QLOG=$FAULTDNS_LAST_QUERYLOG
ENV=(DNSCACHEIP=127.0.53.3 TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=client.example)
DIALOGUE='HELO h\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nQUIT\r\n'

. "$TOP/tests/lib/logmark.sh"
# no_key NAME TEXT...: the key appears nowhere (any case), but TEXT is not empty
no_key() {
	local name=$1; shift
	local all; all=$(printf '%s\n' "$@")
	if [ -z "$all" ]; then
		not_ok "$name" "nothing to look at"
	elif printf '%s' "$all" | grep -qi "$KEY"; then
		not_ok "$name" "$(printf '%s' "$all" | grep -i "$KEY" | head -3)"
	else
		ok "$name"
	fi
}

# case NAME LIST WANT-REPLY: syslog run (-vv), then -l stderr run, then checks
kcase() {
	local name=$1 spec=$2 want=$3
	log_mark
	qlog_mark "$QLOG"
	run_cmd -i "$DIALOGUE" "${ENV[@]}" -- "$RBLSMTPD_BIN" -vv -T 1 -r "$spec" echo served
	local out=$RUN_OUT err=$RUN_ERR logs; logs=$(log_new_n)
	check_eq "$name: reply" "$(printf '%s\n' "$out" | sed -n 4p)" "$want^M"
	check_eq "$name: 0.88 stderr line" "$err" "rblsmtpd: 127.0.0.2 pid x: ${want}"
	check_match "$name: the query went to the real zone, key included" \
		"$(qlog_since "$QLOG")" "^2\.0\.0\.127\..*$KEY\..* A udp$"
	no_key "$name: no key in the client's bytes" "$out"
	no_key "$name: no key in the stderr line" "$err"
	no_key "$name: no key in syslog (blocked, rejected, summary)" "$logs"
	run_cmd -i "$DIALOGUE" "${ENV[@]}" -- "$RBLSMTPD_BIN" -vv -l stderr -T 1 -r "$spec" echo served
	no_key "$name: no key in -l stderr lines" "$RUN_ERR"
	LAST_LOGS=$logs
}

kcase "DQS zen, TXT present" "$KEY.zen.dq.spamhaus.net" "451 spamhaus says listed"
check_eq "DQS zen: syslog lines name zen.dq.spamhaus.net" "$LAST_LOGS" \
"rblsmtpd: zen.dq.spamhaus.net blocked 127.0.0.2 client.example -
rblsmtpd: zen.dq.spamhaus.net rejected 127.0.0.2 client.example - h <a@b> <c@d>
rblsmtpd: summary 127.0.0.2 451 zen.dq.spamhaus.net N zen.dq.spamhaus.net=listed:127.0.0.2@N"
kcase "DQS dbl, TXT missing" "$KEY.dbl.dq.spamhaus.net" "451 127.0.0.2 is listed by dbl.dq.spamhaus.net"
kcase "Abusix, TXT times out" "$KEY.combined.mail.abusix.zone" \
	"451 127.0.0.2 is listed by combined.mail.abusix.zone"
kcase "Abusix, upper case, trailing dot" "$KEY.COMBINED.MAIL.ABUSIX.ZONE." \
	"451 127.0.0.2 is listed by COMBINED.MAIL.ABUSIX.ZONE."
kcase "display name, TXT missing" "spamhaus-dbl@$KEY.dbl.dq.spamhaus.net=127.0.0.2*2" \
	"451 127.0.0.2 is listed by spamhaus-dbl"
check_eq "display name: in every log line" "$LAST_LOGS" \
"rblsmtpd: spamhaus-dbl blocked 127.0.0.2 client.example -
rblsmtpd: spamhaus-dbl rejected 127.0.0.2 client.example - h <a@b> <c@d>
rblsmtpd: summary 127.0.0.2 451 spamhaus-dbl N spamhaus-dbl=listed:127.0.0.2@N"
kcase "display name, other zone" "mylist@listed.$KEY.zen.dq.spamhaus.net" \
	"451 spamhaus says listed"

# -c with a list that times out (A) and one that answers an error code: the
# warnings and the 451 name the lists without their key.
log_mark
run_cmd -i "$DIALOGUE" "${ENV[@]}" -- "$RBLSMTPD_BIN" -vv -c -T 1 -r "$KEY.xbl.dq.spamhaus.net" \
	-r "$KEY.sbl.dq.spamhaus.net" echo served
logs=$(log_new_n)
check_eq "warnings (timeout, error answer), -c: reply" "$(printf '%s\n' "$RUN_OUT" | sed -n 4p)" \
	"451 temporary RBL lookup error^M"
check_eq "warnings: lines" "$(printf '%s\n' "$logs" | grep -v summary)" \
"rblsmtpd: xbl.dq.spamhaus.net error 127.0.0.2 127.255.255.254=open-resolver
rblsmtpd: sbl.dq.spamhaus.net timeout 127.0.0.2 Nms
rblsmtpd: sbl.dq.spamhaus.net blocked 127.0.0.2 client.example -
rblsmtpd: sbl.dq.spamhaus.net rejected 127.0.0.2 client.example - h <a@b> <c@d>"
no_key "warnings: no key in syslog" "$logs"
no_key "warnings: no key in the client's bytes or stderr" "$RUN_OUT" "$RUN_ERR"

# -i: the reply handed to the server in $RBLSMTPD has no key either
run_cmd "${ENV[@]}" -- "$RBLSMTPD_BIN" -i -r "$KEY.dbl.dq.spamhaus.net" sh -c 'echo "$RBLSMTPD"'
check_eq "-i: \$RBLSMTPD for the server" "$RUN_OUT" "127.0.0.2 is listed by dbl.dq.spamhaus.net"

# rblcheck: text, JSON and health, through the same display names
ALL=(-r "$KEY.zen.dq.spamhaus.net" -r "$KEY.dbl.dq.spamhaus.net" -r "$KEY.combined.mail.abusix.zone"
	-r "$KEY.xbl.dq.spamhaus.net" -r "n@$KEY.sbl.dq.spamhaus.net" -a "$KEY.combined.mail.abusix.zone")
run_cmd -t 20 DNSCACHEIP=127.0.53.3 -- "$RBLCHECK_BIN" -T 1 "${ALL[@]}" 127.0.0.2 127.0.0.1
check_match "rblcheck text: lists shown by name" "$RUN_OUT" 'zen\.dq\.spamhaus\.net .*listed'
no_key "rblcheck text: no key" "$RUN_OUT" "$RUN_ERR"
run_cmd -t 20 DNSCACHEIP=127.0.53.3 -- "$RBLCHECK_BIN" -j -T 1 "${ALL[@]}" 127.0.0.2
check_match "rblcheck JSON: lists shown by name" "$RUN_OUT" '"list":"combined\.mail\.abusix\.zone"'
check_match "rblcheck JSON: display name" "$RUN_OUT" '"list":"n"'
no_key "rblcheck JSON: no key" "$RUN_OUT" "$RUN_ERR"
run_cmd -t 30 DNSCACHEIP=127.0.53.3 -- "$RBLCHECK_BIN" -H -T 1 "${ALL[@]}"
no_key "rblcheck -H: no key" "$RUN_OUT" "$RUN_ERR"
run_cmd -t 30 DNSCACHEIP=127.0.53.3 -- "$RBLCHECK_BIN" -H -j -T 1 "${ALL[@]}"
no_key "rblcheck -H -j: no key" "$RUN_OUT" "$RUN_ERR"
