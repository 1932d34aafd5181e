#!/bin/bash
# SPDX-License-Identifier: ISC
# One black-box pass under valgrind (make test-hardening): representative
# rblsmtpd runs (and rblstat, rblcheck when built) under memcheck with
# --error-exitcode, definite leaks counted as errors. Each case must give
# the same result as without valgrind and a clean memcheck report.
# Needs the plain build (BUILD=build): valgrind cannot run ASan binaries.
. "$(dirname "$0")/../lib/common.sh"

command -v valgrind >/dev/null || bail "valgrind not installed (tests/lib/DEPS)"
ldd "$RBLSMTPD_BIN" | grep -q libasan && bail "$RBLSMTPD_BIN is an ASan build; use BUILD=build"
start_dns
# (Only definite leaks count: rblsmtpd leaves its c-ares channel, with the
# queries it no longer waits for, to exec/exit; memcheck calls those blocks
# "possibly lost" because c-ares links them by interior pointers.)
# (--vgdb=no: no gdbserver FIFOs in /tmp, which a refusal, sandboxed as
# nobody, could not remove at exit; see src/smtpd/sandbox.c for valgrind.)
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --track-fds=no --child-silent-after-fork=yes --vgdb=no)
n=0
printf '127.0.0.0/24 :2:Listed by the local file $\n!127.0.0.1\n2001:db8::/32 :3:v6 $\n' \
	>"$TESTDIR/local.list"

# vg NAME WANT_RC WANT_ERE RUN_CMD-ARGS...: run under valgrind; check exit
# status, that some line of stdout+stderr matches WANT_ERE, and the report
vg() {
	local name=$1 want_rc=$2 want=$3; shift 3
	n=$((n + 1))
	local log=$TESTDIR/vg.$n.log args=() pre=()
	while [ "$1" != -- ]; do pre+=("$1"); shift; done; shift
	run_cmd -t 60 -m "${pre[@]}" -- "${VG[@]}" --log-file="$log" "$@"
	if [ "$RUN_RC" = "$want_rc" ] && [ ! -s "$log" ] && printf '%s\n' "$RUN_OUT" | grep -Eq -- "$want"; then
		ok "valgrind: $name"
	else
		not_ok "valgrind: $name" "exit $RUN_RC (want $want_rc)" "output: $(printf '%s' "$RUN_OUT" | head -c 400)" \
			"memcheck: $(head -n 40 "$log")"
	fi
}
D=DNSCACHEIP=$FAULTDNS_IP
# The static-PIE rblsmtpd makes memcheck report glibc's own static start-up
# (TLS setup, SSE string routines); the dynamically linked build of the same
# objects is what memcheck can judge.
R=$TOP/$BUILD/tests/rblsmtpd-dynamic
[ -x "$R" ] || bail "no $R (make $BUILD/tests/rblsmtpd-dynamic)"
vg "listed client, A then TXT, dialogue" 0 '^553 listed here' \
	-i 'helo x\r\nmail from:<a@b>\r\nrcpt to:<c@d>\r\nquit\r\n' TCPREMOTEIP=127.0.0.2 $D -- \
	"$R" -b -r listed.test echo served
vg "clean client: exec" 0 '^served$' TCPREMOTEIP=127.0.0.1 $D -- "$R" -r listed.test -r multi.test echo served
vg "-c, SERVFAIL: 451 temporary" 0 '^451 temporary RBL lookup error' -i 'rcpt to:<a@b>\r\n' \
	TCPREMOTEIP=127.0.0.2 $D -- "$R" -c -r servfail.test echo served
vg "silent list: deadline, ares_destroy with queries pending" 0 '^served$' \
	TCPREMOTEIP=127.0.0.2 $D -- "$R" -T 0.5 -r silent.test -r garbage.test echo served
vg "early verdict: dead list still pending" 0 '^451 listed here' -i 'rcpt to:<a@b>\r\n' \
	TCPREMOTEIP=127.0.0.2 $D -- "$R" -T 3 -r silent.test -r listed.test -r servfail.test echo served
vg "1000 A records and a 64 KB TXT over TCP" 0 '^553 A123456789B' -i 'rcpt to:<a@b>\r\n' \
	TCPREMOTEIP=127.0.0.2 $D -- "$R" -b -r bigtxt.test -r many-a.test echo served
vg "local list file, IPv6 client" 0 '^451 v6 2001:db8::5' -i 'rcpt to:<a@b>\r\n' \
	TCPREMOTEIP=2001:db8::5 -- "$R" -r "$TESTDIR/local.list" echo served
vg "-vv -l stderr: summary, blocked, rejected lines" 0 'rejected 127\.0\.0\.2 - - h <a@b> <c@d>$' \
	-i 'helo h\r\nmail from:<a@b>\r\nrcpt to:<c@d>\r\n' TCPREMOTEIP=127.0.0.2 $D -- \
	"$R" -vv -l stderr -r listed.test -r err254.test -a 1.0.0.127.listed.test echo served
vg "overlong line and NUL bytes" 0 '^221 ' \
	-i "$(head -c 5000 /dev/zero | tr '\0' x)\r\nHE\000LO\r\nquit\r\n" TCPREMOTEIP=1.2.3.4 RBLSMTPD=no -- \
	"$R" echo served
vg "unparsable address, -S scoring, -i" 0 '^served$' TCPREMOTEIP='not/an;ip' $D -- \
	"$R" -S 2 -i -r listed.test*2 echo served
vg "server missing: exit 111" 111 'unable to run /nonexistent' TCPREMOTEIP=127.0.0.1 $D -- \
	"$R" -r listed.test /nonexistent
vg "usage error: exit 100" 100 'usage' -- "$R" -r
vg "-vv: a refusal reads on the lists still pending (late lookups)" 0 'summary 127\.0\.0\.2 451 listed\.test' \
	-i 'helo h\r\nrcpt to:<c@d>\r\n' TCPREMOTEIP=127.0.0.2 $D -- \
	"$R" -vv -l stderr -r slow5.test -r listed.test echo served
vg "dead resolver: every list fails at once, -c" 0 '^451 temporary RBL lookup error' -i 'rcpt to:<a@b>\r\n' \
	TCPREMOTEIP=127.0.0.2 DNSCACHEIP=127.0.53.99 -- "$R" -c -v -l stderr -r listed.test -r multi.test echo served

if [ -x "$RBLSTAT_BIN" ]; then
	cat >"$TESTDIR/maillog" <<-'LOG'
	Jun 30 15:13:33 ns1 rblsmtpd: relays.ordb.org blocked 193.111.120.47 ordb-test.null.dk -
	Jun 30 15:13:34 ns1 rblsmtpd: zen.example rejected 192.0.2.1 - - helo.x <a@b> <c@d>
	Jun 30 15:13:35 ns1 rblsmtpd: bl.example timeout 192.0.2.1 5000ms
	Jun 30 15:13:36 ns1 rblsmtpd: summary 192.0.2.1 553 zen.example 12 zen.example=listed:127.0.0.2@11,bl.example=timeout@5000
	Jul  1 00:00:01 ns1 rblsmtpd: 192.0.2.9 pid 42: 451 temporary RBL lookup error
	garbage line
	LOG
	for fmt in "" --json --csv --prometheus; do
		vg "rblstat ${fmt:-text}" 0 '.' -- "$RBLSTAT_BIN" $fmt "$TESTDIR/maillog"
	done
	vg "rblstat --html FILE" 0 'zen\.example' -- "$RBLSTAT_BIN" --html "$TESTDIR/report.html" "$TESTDIR/maillog"
fi
if [ -x "$RBLCHECK_BIN" ]; then
	vg "rblcheck" 1 'listed' $D -- "$RBLCHECK_BIN" -r listed.test -r servfail.test 127.0.0.2
fi
