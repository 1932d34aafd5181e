#!/bin/bash
# SPDX-License-Identifier: ISC
# The ten rblsmtpd cases of ucspi-tcp 0.88's rts.tests, run on our rblsmtpd
# exactly as rts.sh runs them (env -, 2>&1, `sed 's/pid [0-9]*/pid x/'`,
# cat -v), and compared byte for byte with rts.exp (verbatim below, from
# ucspi-tcp 0.88).
#
# Changes to rts.tests, the form for an implementation with no default RBL
# (rblsmtpd(8) COMPATIBILITY):
#   - `-r rbl.maps.vix.com` is given explicitly in cases 1-5: after -b in
#     case 3, after the clustered flags in cases 4-5;
#   - the environment also holds DNSCACHEIP=127.0.53.1 (rbldnsd serving
#     rbl.maps.vix.com and nonexistent.local exactly as the suite assumes).
# The whole transcript is compared at once (one ok), and each case separately
# (so a failure names the case).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns

# The rblsmtpd part of rts.tests, with PATH holding our rblsmtpd first.
mkdir -p "$TESTDIR/bin"
ln -s "$RBLSMTPD_BIN" "$TESTDIR/bin/rblsmtpd"
cat >"$TESTDIR/rts.tests" <<'RTS'
echo '--- rblsmtpd does not find 127.0.0.1 on the RBL'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.1 rblsmtpd -r rbl.maps.vix.com echo ok 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd finds 127.0.0.2 on the RBL'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 rblsmtpd -r rbl.maps.vix.com echo whoops 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd -b uses a permanent error code'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 rblsmtpd -b -r rbl.maps.vix.com echo whoops 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd quits after a timeout'
sleep 2 \
| ( TCPREMOTEIP=127.0.0.2 rblsmtpd -cBt1 -r rbl.maps.vix.com echo whoops 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd prints an immediate error message with -t0'
sleep 2 \
| ( TCPREMOTEIP=127.0.0.2 rblsmtpd -Ct0 -r rbl.maps.vix.com echo whoops 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd understands an empty $RBLSMTPD'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 RBLSMTPD= rblsmtpd echo ok 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd understands a nonempty $RBLSMTPD'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 RBLSMTPD=Error rblsmtpd echo whoops 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd understands a permanent $RBLSMTPD'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 RBLSMTPD=-Error rblsmtpd echo whoops 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd understands -r'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 rblsmtpd -r nonexistent.local echo ok 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'

echo '--- rblsmtpd understands -a'
( echo help; echo quit ) \
| ( TCPREMOTEIP=127.0.0.2 rblsmtpd -a rbl.maps.vix.com echo ok 2>&1; echo $? ) \
| sed 's/pid [0-9]*/pid x/'
RTS

# rts.exp, verbatim (^M = CR through cat -v)
cat >"$TESTDIR/rts.exp" <<'EXP'
--- rblsmtpd does not find 127.0.0.1 on the RBL
ok
0
--- rblsmtpd finds 127.0.0.2 on the RBL
rblsmtpd: 127.0.0.2 pid x: 451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>
220 rblsmtpd.local^M
451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>^M
221 rblsmtpd.local^M
0
--- rblsmtpd -b uses a permanent error code
rblsmtpd: 127.0.0.2 pid x: 553 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>
220 rblsmtpd.local^M
553 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>^M
221 rblsmtpd.local^M
0
--- rblsmtpd quits after a timeout
rblsmtpd: 127.0.0.2 pid x: 451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>
220 rblsmtpd.local^M
0
--- rblsmtpd prints an immediate error message with -t0
rblsmtpd: 127.0.0.2 pid x: 451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>
451 Blackholed - see <URL:http://mail-abuse.org/cgi-bin/lookup?127.0.0.2>^M
0
--- rblsmtpd understands an empty $RBLSMTPD
ok
0
--- rblsmtpd understands a nonempty $RBLSMTPD
rblsmtpd: 127.0.0.2 pid x: 451 Error
220 rblsmtpd.local^M
451 Error^M
221 rblsmtpd.local^M
0
--- rblsmtpd understands a permanent $RBLSMTPD
rblsmtpd: 127.0.0.2 pid x: 553 Error
220 rblsmtpd.local^M
553 Error^M
221 rblsmtpd.local^M
0
--- rblsmtpd understands -r
ok
0
--- rblsmtpd understands -a
ok
0
EXP

# rts.sh: env - PATH="`pwd`:$PATH" sh rts.tests 2>&1 | cat -v
# (DNSCACHEIP added: the suite assumes a DNS cache that serves the RBL)
( cd "$TESTDIR" && timeout -k 2 60 env - PATH="$TESTDIR/bin:$PATH" \
	DNSCACHEIP="$RBLDNS_IP" sh rts.tests 2>&1 | cat -v ) >"$TESTDIR/rts.out"
check_file_eq "rts.tests (rblsmtpd part) matches rts.exp byte for byte" \
	"$TESTDIR/rts.out" "$TESTDIR/rts.exp"

# Per case, so that a failure names it.
split_cases() {   # FILE DIR: DIR/N = the Nth case's lines (from its --- line)
	mkdir -p "$2"
	awk -v d="$2" '/^--- /{n++} {print > (d "/" n)}' "$1"
}
split_cases "$TESTDIR/rts.exp" "$TESTDIR/exp.d"
split_cases "$TESTDIR/rts.out" "$TESTDIR/out.d"
for n in 1 2 3 4 5 6 7 8 9 10; do
	name=$(head -n1 "$TESTDIR/exp.d/$n")
	check_file_eq "rts case $n: ${name#--- }" "$TESTDIR/out.d/$n" "$TESTDIR/exp.d/$n"
done
