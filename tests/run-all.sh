#!/bin/sh
# SPDX-License-Identifier: ISC
# make test: the unit binaries given as arguments (tests/run-unit.sh), then
# every black-box script tests/blackbox/t_*.sh, or the scripts named in
# $TEST_SCRIPTS (make test-deploy: tests/deploy/t_*.sh).
#
# Each script runs under `timeout` (TEST_TIMEOUT seconds, default 900: a
# hang fails that script, not the whole run).  As each one finishes, one line:
#   PASS t_smtpd_ext.sh            42 passed, 0 failed, 0 skipped    4.5 s
# followed, for a failure, by its "not ok" lines and their details, and for a
# skipped check by "    skipped: NAME (REASON)".  The whole
# output of everything goes to $TEST_LOG (default $BUILD/test.log).  The last
# line, which CI parses, counts "ok - ... # SKIP" lines apart from passes:
#   N passed, N failed, N skipped
BUILD=${BUILD:-build}; export BUILD
TOP=$(pwd); export TOP
TEST_TIMEOUT=${TEST_TIMEOUT:-900}
TEST_LOG=${TEST_LOG:-$BUILD/test.log}
mkdir -p "$(dirname "$TEST_LOG")" && : >"$TEST_LOG" || exit 1
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100)); }
t_start=$(now_ms)
passed=0 failed=0 skipped=0 bad_scripts=

if [ $# -gt 0 ]; then
	UNIT_LOG=$TEST_LOG sh tests/run-unit.sh "$@" >"$out" 2>&1
	cat "$out"
	up=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$out")
	uf=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$out")
	passed=${up:-0}; failed=${uf:-1}
	[ "${uf:-1}" -eq 0 ] || bad_scripts="unit"
fi

# the "not ok" lines of a script's output and the "#" detail lines after them
failures() {
	awk '/^not ok /{ d = 1; print; next } d && /^#/ { print; next } { d = 0 }' "$1" | head -n 200
}

for t in ${TEST_SCRIPTS:-tests/blackbox/t_*.sh}; do
	[ -f "$t" ] || continue
	t0=$(now_ms)
	echo "== $t" >>"$TEST_LOG"
	timeout -k 10 "$TEST_TIMEOUT" bash "$t" >"$out" 2>&1 </dev/null; rc=$?
	ms=$(($(now_ms) - t0))
	cat "$out" >>"$TEST_LOG"
	s=$(grep -c '^ok .*# SKIP' "$out")
	p=$(($(grep -c '^ok ' "$out") - s))
	f=$(grep -c '^not ok ' "$out")
	note=
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		f=$((f + 1)); note="not ok - $t timed out after $TEST_TIMEOUT s (TEST_TIMEOUT)"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; note="not ok - $t exited $rc"
	elif [ "$rc" -eq 0 ] && [ $((p + f + s)) -eq 0 ]; then
		f=1; note="not ok - $t ran no check"
	fi
	[ -n "$note" ] && echo "$note" >>"$TEST_LOG"
	status=PASS; [ "$f" -gt 0 ] && status=FAIL
	printf '%s %-28s %4d passed, %d failed, %d skipped  %8s\n' "$status" "${t#tests/}" \
		"$p" "$f" "$s" "$(secs "$ms")" | tee -a "$TEST_LOG"
	# a skipped check says why on the console too ("ok - NAME # SKIP REASON")
	[ "$s" -gt 0 ] && grep '^ok .*# SKIP' "$out" | head -n 20 |
		sed -e 's/^ok - \(.*\) # SKIP \{0,1\}\(.*\)$/    skipped: \1 (\2)/' -e 's/ ()$/ (no reason given)/' | tee -a "$TEST_LOG"
	if [ "$f" -gt 0 ]; then
		failures "$out" | sed 's/^/    /'
		[ -n "$note" ] && echo "    $note"
		bad_scripts="$bad_scripts ${t#tests/}"
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
[ -n "$bad_scripts" ] && echo "failed in:$bad_scripts (details: $TEST_LOG)" | tee -a "$TEST_LOG"
echo "# all tests: $(secs $(($(now_ms) - t_start))); full log: $TEST_LOG"
echo "$passed passed, $failed failed, $skipped skipped" | tee -a "$TEST_LOG"
[ "$failed" -eq 0 ]
