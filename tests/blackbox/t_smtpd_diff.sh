#!/bin/bash
# SPDX-License-Identifier: ISC
# Differential test: Debian's rblsmtpd 0.88-7 (REF_RBLSMTPD, and the
# ucspi-tcp-ipv6 build REF_RBLSMTPD6 when unpacked) against ours, on the
# same inputs and the same DNS data (faultdns on 127.0.53.2, rbldnsd on
# 127.0.53.1).  For each case: stdout, stderr (pid -> "pid x") and the exit
# status must be identical.  Only cases where rblsmtpd(8) COMPATIBILITY
# promises 0.88's bytes are compared; every zone used publishes both A and TXT (we need the A
# record, 0.88 the TXT: man page COMPATIBILITY).
#
# Compared cases (0.88's documented behaviour, plus neighbours):
#   dialogue: every verb, case, tabs, leading spaces, empty line, "quit now",
#     input after QUIT ignored; bare LF; NUL inside a verb; unterminated last
#     line then EOF; DATA then a body (each body line is a command)
#   text: several TXT RRs joined (multi.test), control/8-bit bytes -> ?
#     (ctrl.test), 220-char TXT cut to 200 (long.test), %IP% in a TXT not
#     substituted (ip.test), TC=1 then TCP (trunc.test), rbldnsd's vix zone
#   order: -b -r / -r -b / -b -B -r / -r z -b (ucspi-tcp6 rts), -a before and
#     after -r, first hit wins, clustered flags and attached arguments, --
#   $RBLSMTPD: empty, text, -text, "-", tab, 8-bit, 300 bytes (cut), with -b
#     -r (no DNS query at all: query logs), TCPREMOTEIP unset
#   -t0 (no greeting, stdin not read), -t abc (= -t0), -t 5x, -t1 with a
#     NOOP every 0.4 s (single alarm, silent drop)
#   exec: not listed -> exec with the environment unchanged, exit status
#     passed through; program not found, not executable, a directory, lone
#     "-" as program: "rblsmtpd: fatal: unable to run ..." and 111
#   usage: no program, -R, -x, -t without argument: exit 100 and a usage
#     line on stderr (the text itself differs: COMPATIBILITY); "--" ends the
#     options, the next word is the program (that run compared whole)
# Not compared (deliberate differences, see man page COMPATIBILITY): TXT-only
# and A-only lists, empty TXT, error answers, temporary failures (0.88 takes
# 11-59 s and the verdicts are tested in t_smtpd_deviations.sh), IPv6 clients,
# usage text, no program word (0.88 looks up first).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
[ -x "$REF_RBLSMTPD" ] || bail "no $REF_RBLSMTPD (apt-get install ucspi-tcp)"
REFS=("$REF_RBLSMTPD")
if [ -x "$REF_RBLSMTPD6" ]; then
	REFS+=("$REF_RBLSMTPD6")
else
	echo "# note: no $REF_RBLSMTPD6 (tests/lib/setup-deps.sh): comparing with the IPv4 build only"
fi
start_dns

# A little program that shows what it was run with.
cat >"$TESTDIR/show" <<'SH'
#!/bin/sh
echo "ran: $*"
echo "RBLSMTPD=${RBLSMTPD-unset} TCPREMOTEIP=${TCPREMOTEIP-unset} X=${X-unset}"
exit 7
SH
chmod +x "$TESTDIR/show"
: >"$TESTDIR/notexec"; chmod 644 "$TESTDIR/notexec"
mkdir -p "$TESTDIR/adir"

# dcase NAME [-x ERE] [run_cmd OPTS and VAR=val...] -- ARGS...
#   runs every reference binary and ours with ARGS (run_cmd: env -i plus the
#   VAR=val given); compares stdout, stderr, exit status.  -x: also require
#   a line of our stdout+stderr to match ERE (so that a case where both
#   fail the same dull way, e.g. DNS down, cannot pass unnoticed).
dcase() {
	local name=$1; shift
	local pre=() ref r got want expect=
	if [ "$1" = -x ]; then expect=$2; shift 2; fi
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pre+=("$1"); shift; done
	shift
	run_cmd "${pre[@]}" -- "$RBLSMTPD_BIN" "$@"
	got=$(printf 'stdout:\n%s\nstderr:\n%s\nexit=%s' "$RUN_OUT" "$RUN_ERR" "$RUN_RC")
	[ -z "$expect" ] || check_match "$name: ours shows /$expect/" "$got" "$expect"
	for ref in "${REFS[@]}"; do
		run_cmd "${pre[@]}" -- "$ref" "$@"
		want=$(printf 'stdout:\n%s\nstderr:\n%s\nexit=%s' "$RUN_OUT" "$RUN_ERR" "$RUN_RC")
		r=ref; [ "$ref" = "$REF_RBLSMTPD6" ] && r=ref6
		check_eq "$name [$r]" "$got" "$want"
	done
}
D=(DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2)

# ---------------------------------------------------------------- dialogue
full='HELO x\r\nEHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nRSET\r\nNOOP\r\nVRFY x\r\n\r\nhelo\tx\r\n  helo x\r\nHeLo\r\nnoop extra  args\r\nquit now\r\nNOOP\r\n'
dcase "full dialogue, every verb (multi.test)" -x "^221 rblsmtpd.local\^M$" -i "$full" "${D[@]}" -- -r multi.test echo ok
dcase "bare LF, NUL in a verb, unterminated last line" -i 'mail\nma\000il\nhelo\nrcpt' "${D[@]}" -- -r multi.test echo ok
dcase "lower/mixed case verbs, help, expn, tab" -i 'ehlo a\nmAiL x\nrset\nnoop\nhelp\nexpn x\nrcpt\tto:<x>\nQuIt\n' "${D[@]}" -- -r listed.test echo ok
dcase "DATA then a body: every line a command" -i 'HELO x\r\nMAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n' "${D[@]}" -- -r listed.test echo ok
dcase "input after QUIT ignored" -i 'QUIT\r\nHELO x\r\nRCPT TO:<a@b>\r\n' "${D[@]}" -- -r listed.test echo ok
dcase "EOF at once" "${D[@]}" -- -r listed.test echo ok
dcase "CR alone is not an end of line" -i 'HELO x\rRCPT\r\nquit\r\n' "${D[@]}" -- -r listed.test echo ok
dcase "CRCRLF keeps one CR in the verb" -i 'QUIT\r\r\nNOOP\r\r\n' "${D[@]}" -- -r listed.test echo ok

# ---------------------------------------------------------------- text
dcase "TXT with control and 8-bit bytes" -x "^451 tab\?here\?nul\?hi\?\?end\^M$" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r ctrl.test echo ok
dcase "220-char TXT cut to 200" -x "^451 A1234.*T123456789\^M$" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r long.test echo ok
dcase "%IP% in a TXT is not substituted" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r ip.test echo ok
dcase "TC=1 over UDP, answer over TCP" -x "^451 listed via tcp" -t 20 -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r trunc.test echo ok
dcase "rbldnsd: vix zone, 127.0.0.2" -i 'rcpt\r\nquit\r\n' DNSCACHEIP="$RBLDNS_IP" TCPREMOTEIP=127.0.0.2 -- -r rbl.maps.vix.com echo ok
dcase "rbldnsd: test.rbl, \$ in TXT" -x "lookup\?ip=127\.0\.2\.7" -i 'rcpt\r\nquit\r\n' DNSCACHEIP="$RBLDNS_IP" TCPREMOTEIP=127.0.2.7 -- -r test.rbl echo ok
dcase "rbldnsd: excluded address not listed" DNSCACHEIP="$RBLDNS_IP" TCPREMOTEIP=127.0.2.1 -- -r test.rbl echo ok
dcase "not listed (1.0.0.127 NXDOMAIN) -> exec" -x "^ok$" DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.1 -- -r multi.test -r listed.test -r ctrl.test echo ok

# ---------------------------------------------------------------- order
dcase "-b -r: 553" -x "^553 first second\|third" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -b -r multi.test echo ok
dcase "-r -b: 451" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r multi.test -b echo ok
dcase "-b -B -r: 451" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -b -B -r multi.test echo ok
dcase "ucspi-tcp6 rts: -r RBL -b is 451" -i 'help\nquit\n' DNSCACHEIP="$RBLDNS_IP" TCPREMOTEIP=127.0.0.2 -- -r rbl.maps.vix.com -b echo whoops
dcase "-a before -r: accepted" "${D[@]}" -- -a a-only.test -r multi.test echo ok
dcase "-r before -a: refused" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r multi.test -a a-only.test echo ok
dcase "-a not listing, then -r" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -a nonexistent.test -r listed.test echo ok
dcase "first hit wins" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r ip.test -r multi.test echo ok
dcase "first hit wins, clean list first" -x "^451 first" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -r nothing.test -r multi.test -b -r ip.test echo ok
dcase "clustered -bt0 attached -rzone" "${D[@]}" -- -bt0 -rmulti.test echo ok
dcase "clustered -cBt1 with separate -r" -c 'sleep 1.3' "${D[@]}" -- -cBt1 -r multi.test echo whoops
dcase "-- ends the options" -i 'rcpt\r\nquit\r\n' "${D[@]}" -- -b -r listed.test -- echo ok
dcase "options stop at the program word" "${D[@]}" TCPREMOTEIP=127.0.0.1 -- -r listed.test "$TESTDIR/show" -b -r x
dcase "-t given twice: last wins" -c 'sleep 0.3' "${D[@]}" -- -t 9 -r listed.test -t0 echo ok

# ---------------------------------------------------------------- $RBLSMTPD
dcase "RBLSMTPD empty: exec, no lookup" -i 'quit\n' "${D[@]}" RBLSMTPD= -- -r listed.test "$TESTDIR/show" a
dcase "RBLSMTPD=text: 451" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD='Go away' -- -r listed.test echo ok
dcase "RBLSMTPD=-text: 553" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD='-Go away' -- echo ok
dcase "RBLSMTPD=- : 553 with trailing space" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD=- -- echo ok
dcase "RBLSMTPD with a tab" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD="$(printf 'a\tb')" -- echo ok
dcase "RBLSMTPD with 8-bit and DEL" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD="$(printf 'caf\xc3\xa9\x7fx')" -- echo ok
dcase "RBLSMTPD 300 bytes: cut to 200" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD="$(printf 'x%.0s' $(seq 300))" -- echo ok
dcase "RBLSMTPD -300 bytes: cut to 200" -t 5 "${D[@]}" RBLSMTPD="-$(printf 'y%.0s' $(seq 300))" -- -t0 echo ok
dcase "RBLSMTPD=Manual with -b -r" -i 'rcpt\r\nquit\r\n' "${D[@]}" RBLSMTPD=Manual -- -b -r multi.test echo ok
dcase "TCPREMOTEIP unset, RBLSMTPD=x" -i 'rcpt\r\nquit\r\n' DNSCACHEIP="$FAULTDNS_IP" RBLSMTPD=x -- echo ok
dcase "TCPREMOTEIP empty, RBLSMTPD=x" -i 'rcpt\r\nquit\r\n' DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP= RBLSMTPD=x -- echo ok

qlog_mark
rbl_lines0=$(grep -c '^[0-9]' "$RBLDNS_QUERYLOG")
for b in "$RBLSMTPD_BIN" "${REFS[@]}"; do
	run_cmd -t 5 "${D[@]}" DNSCACHEIP="$FAULTDNS_IP.$RBLDNS_IP" RBLSMTPD=Manual -- "$b" -b -r multi.test -a listed.test -r rbl.maps.vix.com -t0 echo ok
done
check_eq "RBLSMTPD set: no DNS query at all (faultdns log)" "$(qlog_since)" ""
check_eq "RBLSMTPD set: no DNS query at all (rbldnsd log)" "$(grep -c '^[0-9]' "$RBLDNS_QUERYLOG")" "$rbl_lines0"

# ---------------------------------------------------------------- -t
dcase "-t0: message once, no greeting, stdin not read" -c 'sleep 0.3; echo quit' "${D[@]}" -- -t0 -r multi.test echo ok
dcase "-t abc is -t0" -c 'sleep 0.3' "${D[@]}" -- -t abc -r multi.test echo ok
dcase "-t 5x is 5 s" -i 'noop\r\nquit\r\n' "${D[@]}" -- -t 5x -r multi.test echo ok
dcase "-t1: single alarm, NOOP every 0.4 s, silent drop" -x "^250 rblsmtpd.local" \
	-c 'for i in 1 2 3 4 5 6; do printf "NOOP\r\n"; sleep 0.4; done' "${D[@]}" -- -t1 -r multi.test echo ok

# ---------------------------------------------------------------- exec
dcase "not listed: exec, env unchanged, exit status passed" -x "^RBLSMTPD=unset TCPREMOTEIP=127.0.0.1 X=a b$" -i 'x\n' DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.1 X='a b' -- -r multi.test "$TESTDIR/show" 1 '2 3'
dcase "no list: exec" TCPREMOTEIP=127.0.0.2 -- "$TESTDIR/show"
dcase "program not found" -x "^rblsmtpd: fatal: unable to run nosuchprog-xyz: file does not exist$" DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.1 -- -r multi.test nosuchprog-xyz
dcase "program path not found" TCPREMOTEIP=127.0.0.1 -- /nonexistent/dir/prog
dcase "program not executable" TCPREMOTEIP=127.0.0.1 -- "$TESTDIR/notexec"
dcase "program is a directory" TCPREMOTEIP=127.0.0.1 -- "$TESTDIR/adir"
dcase "not executable in PATH, then not found" TCPREMOTEIP=127.0.0.1 PATH="$TESTDIR:/nonexistent" -- notexec
dcase "lone - is the program" TCPREMOTEIP=127.0.0.1 -- -b - x

# ---------------------------------------------------------------- usage
ucase() {   # NAME ARGS...: exit 100 and a usage line, for every binary
	local name=$1 b r rcs=() ; shift
	for b in "$RBLSMTPD_BIN" "${REFS[@]}"; do
		run_cmd TCPREMOTEIP=127.0.0.2 RBLSMTPD=x -- "$b" "$@"
		r="rc=$RUN_RC usage=$(printf '%s\n' "$RUN_ERR" | grep -c '^rblsmtpd: usage: rblsmtpd ') out=[$RUN_OUT]"
		rcs+=("$r")
	done
	local want=${rcs[1]}
	check_eq "$name: exit 100, usage line, nothing on stdout" "${rcs[0]}" "$want"
	[ "$want" = "rc=100 usage=1 out=[]" ] || not_ok "$name: reference did not behave as expected" "$want"
}
ucase "usage: no arguments"
ucase "usage: -R" -R echo ok
ucase "usage: -x" -x echo ok
ucase "usage: -t without argument" -t
ucase "usage: only --" --

# ---------------------------------------------------------------- --
for b in "$RBLSMTPD_BIN" "$REF_RBLSMTPD"; do
	run_cmd TCPREMOTEIP=127.0.0.2 RBLSMTPD= -- "$b" -b -- -t0 x
	[ "$b" = "$RBLSMTPD_BIN" ] && ours="$RUN_RC|$RUN_OUT|$RUN_ERR" || ref="$RUN_RC|$RUN_OUT|$RUN_ERR"
done
check_eq "--: ends the options, the next word is the program" "$ours" \
	"111||rblsmtpd: fatal: unable to run -t0: file does not exist"
check_eq "--: as Debian's rblsmtpd" "$ours" "$ref"
