#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every unit-test binary given as argument, each under `timeout` (a unit
# stuck in a loop fails within UNIT_TIMEOUT seconds, default 60, instead of
# hanging make test).  Prints one line per binary as it finishes, with its
# "not ok" lines (the "ok" checks are only counted), and a summary line
#   unit: N passed, N failed
# UNIT_LOG=FILE appends every binary's whole output there.
UNIT_TIMEOUT=${UNIT_TIMEOUT:-60}
passed=0 failed=0
now_ms() { echo $(($(date +%s%N) / 1000000)); }
for t in "$@"; do
	t0=$(now_ms)
	out=$(timeout -k 5 "$UNIT_TIMEOUT" "$t" 2>&1); rc=$?
	ms=$(($(now_ms) - t0))
	[ -n "${UNIT_LOG:-}" ] && printf '== %s (exit %s)\n%s\n' "$t" "$rc" "$out" >>"$UNIT_LOG"
	printf '%s\n' "$out" | grep -v -e ' passed, .* failed$' -e '^ok\( \|$\)' || true
	line=$(printf '%s\n' "$out" | grep ' passed, .* failed$' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		# killed by timeout: whatever it printed, it did not finish
		p=${p:-0}; f=$((${f:-0} + 1))
		echo "not ok - $t timed out after ${UNIT_TIMEOUT} s (UNIT_TIMEOUT)"
	elif [ -z "$p" ]; then
		p=0; f=1; echo "not ok - $t produced no summary (exit $rc)"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; echo "not ok - $t exited $rc"
	fi
	printf 'unit %s: %s passed, %s failed (%d.%d s)\n' "$(basename "$t")" "$p" "$f" \
		$((ms / 1000)) $((ms % 1000 / 100))
	passed=$((passed + p)); failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
