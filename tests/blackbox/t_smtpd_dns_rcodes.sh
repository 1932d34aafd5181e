#!/bin/bash
# SPDX-License-Identifier: ISC
# Only real answers count (rblsmtpd(8) ENVIRONMENT, DNSCACHEIP): a response whose RCODE is neither
# NOERROR nor NXDOMAIN (every RCODE 6-15, with and without records), or a
# message with QR=0, is a failure of that list — never a listing, never
# "clear": -C serves, -c answers 451 (with -b in force, so a listing would
# show as 553), it is logged as a failure, and with two resolvers the second
# is asked. Same for the TXT answer that gives the reply text.
. "$(dirname "$0")/../lib/common.sh"

start_dns
BAD=127.0.53.5       # answers every query with a bad header
GOOD=127.0.53.6      # lists every client
BAD2=127.0.53.7      # as BAD
TEMP='451 temporary RBL lookup error'

{
	echo ". nxdomain"
	for n in 6 7 8 9 10 11 12 13 14 15; do
		echo "rc$n.test xrcode=$n a=127.0.0.2 txt=\"rcode $n with records\""
		echo "rc${n}e.test xrcode=$n"
		echo "*.txtrc$n.test a=127.0.0.2"
		echo "*.txtrc$n.test type=TXT xrcode=$n txt=\"TXT with rcode $n\""
	done
	echo "noqr.test noqr a=127.0.0.2 txt=\"not a response\""
	echo "noqre.test noqr nxdomain"
	echo "*.txtnoqr.test a=127.0.0.2"
	echo "*.txtnoqr.test type=TXT noqr txt=\"TXT not a response\""
} >"$TESTDIR/bad.rules"
printf '%s\n' ". nxdomain" "*.test a=127.0.0.2 txt=\"good resolver\"" >"$TESTDIR/good.rules"
start_faultdns bad "$TESTDIR/bad.rules" $BAD
BAD_QLOG=$FAULTDNS_LAST_QUERYLOG
start_faultdns bad2 "$TESTDIR/bad.rules" $BAD2
start_faultdns good "$TESTDIR/good.rules" $GOOD
GOOD_QLOG=$FAULTDNS_LAST_QUERYLOG

DIALOGUE='helo x\r\nmail from:<a@b>\r\nrcpt to:<c@d>\r\nquit\r\n'
WANT_TEMP=$(printf '220 rblsmtpd.local^M\n250 rblsmtpd.local^M\n250 rblsmtpd.local^M\n%s^M\n221 rblsmtpd.local^M' "$TEMP")

# bad ZONE DNSCACHEIP: -C serves, -c gives 451 temporary, in well under -T
bad() {
	local zone=$1 dns=$2 what=$3
	run_cmd -i "$DIALOGUE" TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" -- \
		"$RBLSMTPD_BIN" -T 2 -b -C -r "$zone" echo served
	check_eq "$what, -C: a failure, server runs" "$RUN_RC|$RUN_OUT|$RUN_ERR" "0|served|"
	run_cmd -i "$DIALOGUE" TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" -- \
		"$RBLSMTPD_BIN" -T 2 -b -c -r "$zone" echo served
	check_eq "$what, -c: 451 temporary, never 553" "$RUN_RC|$RUN_OUT|$RUN_ERR" \
		"0|$WANT_TEMP|rblsmtpd: 127.0.0.2 pid x: $TEMP"
	[ "$RUN_MS" -lt 1500 ] || not_ok "$what, -c: decided at once" "$RUN_MS ms"
}

for n in 6 7 8 9 10 11 12 13 14 15; do
	bad rc$n.test $BAD "RCODE $n with an A record 127.0.0.2"
	bad rc${n}e.test $BAD "RCODE $n, empty"
done
bad noqr.test $BAD "QR=0 with an A record 127.0.0.2"
bad noqre.test $BAD "QR=0, NXDOMAIN"
bad rc9.test "$BAD $BAD2" "two resolvers, both RCODE 9 with records"
bad noqr.test "$BAD $BAD2" "two resolvers, both QR=0"

# Two resolvers: the second is asked and its listing counts (553, its TXT)
for z in rc6 rc6e rc11 rc15 rc15e noqr noqre; do
	qlog_mark "$GOOD_QLOG"
	run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$BAD $GOOD" -- \
		"$RBLSMTPD_BIN" -T 2 -b -c -r $z.test echo served
	check_eq "$z: bad answer from the first resolver, the second is asked" \
		"$RUN_ERR|$(qlog_since "$GOOD_QLOG" | grep ' A ' | sort -u)" \
		"rblsmtpd: 127.0.0.2 pid x: 553 good resolver|2.0.0.127.$z.test A udp"
done

# TXT with a bad header: never the reply text; the listing (A) stands
for z in txtrc6 txtrc9 txtrc15 txtnoqr; do
	run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$BAD -- \
		"$RBLSMTPD_BIN" -T 2 -b -r $z.test echo served
	check_eq "$z: TXT answer with a bad header is not the text" "$RUN_ERR" \
		"rblsmtpd: 127.0.0.2 pid x: 553 127.0.0.2 is listed by $z.test"
	run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$BAD $GOOD" -- \
		"$RBLSMTPD_BIN" -T 2 -b -r $z.test echo served
	check_eq "$z, two resolvers: the second one's TXT" "$RUN_ERR" \
		"rblsmtpd: 127.0.0.2 pid x: 553 good resolver"
done

# -C after a bad -r: the ordered walk goes on (a failure, not a listing)
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$BAD $GOOD" -- \
	"$RBLSMTPD_BIN" -T 2 -b -C -r rc8.test echo served
check_eq "-C with a good second resolver: listed by it" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 553 good resolver"
# an -a list answered with RCODE 7 + A record is not an allowlisting
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$BAD -- \
	"$RBLSMTPD_BIN" -T 2 -b -c -a rc7.test -r rc6.test echo served
check_eq "-c -a RCODE 7 with A: not allowlisted, -r RCODE 6: 451" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: $TEMP"

# Logged as a failure (badanswer), with the summary
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
log_mark
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$BAD -- "$RBLSMTPD_BIN" -vv -T 2 -b \
	-r rc10.test -r noqr.test echo served
check_eq "logged: badanswer warnings, summary" "$RUN_OUT|$(log_new_n)" "served|rblsmtpd: rc10.test badanswer 127.0.0.2 Nms
rblsmtpd: noqr.test badanswer 127.0.0.2 Nms
rblsmtpd: summary 127.0.0.2 accept - N rc10.test=badanswer@N,noqr.test=badanswer@N"
