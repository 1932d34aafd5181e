#!/bin/bash
# SPDX-License-Identifier: ISC
# Fault matrix: out of memory. An LD_PRELOAD allocator hook
# (tests/lib/failmalloc.c, built by make test as $BUILD/tests/failmalloc.so)
# makes allocation N+1 and every later one fail, for every N from 0 to past
# the number of allocations the run makes. The outcome must be, for each N,
# one of
#   same     exactly the run without the hook (the failure came after
#            anything that mattered);
#   exit111  exit 111, "rblsmtpd: fatal: out of memory", no SMTP reply;
#   open     fail open: the server exec'd, nothing else said. c-ares 1.18
#            drops an answer it has no memory for inside ares_process (no
#            status reaches us), so that lookup times out at -T and -C
#            fails open;
#   temp451  the same under -c: "451 temporary RBL lookup error";
#   text     the A record said "listed" but the TXT answer was dropped the
#            same way: the refusal the baseline gives (same code) with the
#            text rblsmtpd(8) Lists gives for a failed TXT, "<ip> is listed by <zone>";
#   late451  any 451 refusal, no 5xx: an answer that arrived after -T 0.5
#            (a loaded machine, or c-ares dropping it) is a timeout, and the
#            man page turns a timeout before the deciding list into 451
#            (COMPATIBILITY, -b) or, under -c, into the temporary error;
# never a 5xx the lists did not give, never a crash, never a hang.
. "$(dirname "$0")/../lib/common.sh"

SHIM=$TOP/$BUILD/tests/failmalloc.so
# rblsmtpd itself is a static PIE (Makefile LINKMODE): the shim needs the
# dynamically linked build of the same code.
RBLSMTPD_BIN=$TOP/$BUILD/tests/rblsmtpd-dynamic
[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make $BUILD/tests/rblsmtpd-dynamic)"
if ldd "$RBLSMTPD_BIN" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	skip "out of memory sweep" "sanitizer build ($BUILD): ASan owns malloc; the plain build runs it"
	exit 0
fi
[ -f "$SHIM" ] || bail "no $SHIM (make $BUILD/tests/failmalloc.so)"
start_dns

printf '127.0.0.0/24 :2:Listed by the local file $\n!127.0.0.1\n' >"$TESTDIR/local.list"
: >"$TESTDIR/empty.list"

# sweep NAME STDIN ENV... -- ARGS...: the comparison described above
sweep() {
	local name=$1 input=$2; shift 2
	local envs=() args n count want_out want_err want_rc bad=0 exits=0 same=0 open=0 temp=0 text=0 late=0
	local detail=() code points=0 step=1
	while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
	args=("$@")
	# The baseline itself may meet a late answer on a loaded machine: take
	# the outcome two runs agree on (a third run breaks a tie).
	local i prev=
	for i in 1 2 3; do
		run_cmd -i "$input" "${envs[@]}" LD_PRELOAD="$SHIM" FAILMALLOC_COUNT="$TESTDIR/count" \
			-- "$RBLSMTPD_BIN" "${args[@]}"
		[ "$prev" = "$RUN_RC|$RUN_OUT|$RUN_ERR" ] && break
		prev="$RUN_RC|$RUN_OUT|$RUN_ERR"
	done
	want_out=$RUN_OUT want_err=$RUN_ERR want_rc=$RUN_RC
	count=$(tr -d ' ' <"$TESTDIR/count")
	[ -n "$count" ] || { not_ok "oom $name: no allocation count"; return; }
	code=$(printf '%s\n' "$want_err" | sed -n 's/^rblsmtpd: .* pid x: \([45][0-9][0-9]\) .*/\1/p')
	# every failure point up to 100, then about 100 more spread evenly
	[ "$count" -gt 100 ] && step=$(((count - 100) / 100 + 1))
	# (and the last three: the allocation count may vary by one or two)
	for n in $( (seq 0 100; seq 101 $step "$count"; seq "$count" $((count + 2))) | sort -nu); do
		[ "$n" -gt $((count + 2)) ] && break
		points=$((points + 1))
		run_cmd -t 20 -i "$input" "${envs[@]}" LD_PRELOAD="$SHIM" FAILMALLOC_AFTER=$n \
			-- "$RBLSMTPD_BIN" "${args[@]}"
		if [ "$RUN_RC" = "$want_rc" ] && [ "$RUN_OUT" = "$want_out" ] && [ "$RUN_ERR" = "$want_err" ]; then
			same=$((same + 1))
		elif [ "$RUN_RC" = 111 ] && [ -z "$RUN_OUT" ] &&
		     [ "$RUN_ERR" = "rblsmtpd: fatal: out of memory" ]; then
			exits=$((exits + 1))
		elif [ "$RUN_RC" = 0 ] && [ "$RUN_OUT" = served ] && [ -z "$RUN_ERR" ]; then
			open=$((open + 1))
		elif [ "$RUN_RC" = 0 ] && ! printf '%s\n' "$RUN_OUT" | grep -q '^5' &&
		     printf '%s\n' "$RUN_ERR" | grep -qx 'rblsmtpd: .* pid x: 451 temporary RBL lookup error'; then
			temp=$((temp + 1))
		elif [ -n "$code" ] && [ "$RUN_RC" = 0 ] &&
		     printf '%s\n' "$RUN_ERR" | grep -qx "rblsmtpd: .* pid x: $code [^ ]* is listed by [^ ]*" &&
		     ! printf '%s\n' "$RUN_OUT" | grep -v "^$code [^ ]* is listed by [^ ]*^M\$" | grep -q '^[45]'; then
			text=$((text + 1))
		elif [ "$RUN_RC" = 0 ] && ! printf '%s\n' "$RUN_OUT" | grep -q '^5' &&
		     [ "$(printf '%s\n' "$RUN_ERR" | grep -cx 'rblsmtpd: .* pid x: 451 .*')" = 1 ] &&
		     [ "$(printf '%s\n' "$RUN_ERR" | wc -l)" = 1 ]; then
			late=$((late + 1))
		else
			bad=$((bad + 1))
			[ ${#detail[@]} -lt 6 ] && detail+=("after $n allocations: exit $RUN_RC" \
				"stdout: $(printf '%s' "$RUN_OUT" | head -c 300)" \
				"stderr: $(printf '%s' "$RUN_ERR" | head -c 300)")
		fi
	done
	echo "# oom $name: $count allocations; $points runs: same $same, exit111 $exits, open $open, temp451 $temp, text $text, late451 $late, bad $bad"
	if [ "$bad" -eq 0 ] && [ "$exits" -gt 0 ]; then
		ok "oom $name: $points failure points, exit 111 or fail-safe, no crash"
	else
		not_ok "oom $name: $bad bad outcomes, $exits exits 111" "${detail[@]}"
	fi
}

DNS=DNSCACHEIP=$FAULTDNS_IP
sweep "listed client, -b (553)" 'helo x\r\nrcpt to:<a@b>\r\nquit\r\n' TCPREMOTEIP=127.0.0.2 $DNS -- \
	-T 0.5 -b -r listed.test echo served
sweep "clean client, -c -b (exec)" 'quit\r\n' TCPREMOTEIP=127.0.0.1 $DNS -- \
	-T 0.5 -c -b -r listed.test -r "$TESTDIR/empty.list" echo served
sweep "two lists, -a allowlist, IPv6 client" 'quit\r\n' TCPREMOTEIP=2001:db8::7 $DNS -- \
	-T 0.5 -b -a 1.0.0.127.listed.test -r multi.test -r listed.test echo served
sweep "local list file" 'quit\r\n' TCPREMOTEIP=127.0.0.9 -- \
	-b -r "$TESTDIR/local.list" echo served
sweep "1000 A records and a 64 KB TXT over TCP" 'quit\r\n' TCPREMOTEIP=127.0.0.2 $DNS -- \
	-T 0.5 -b -r bigtxt.test -r many-a.test echo served
sweep "-c, list failing (451 temporary)" 'quit\r\n' TCPREMOTEIP=127.0.0.2 $DNS -- \
	-c -T 0.5 -r servfail.test echo served
