#!/bin/sh
# Run every unit-test binary given as argument; print one summary line.
passed=0 failed=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -v ' passed, .* failed$' || true
	line=$(printf '%s\n' "$out" | grep ' passed, .* failed$' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$p" ] || { p=0; f=1; echo "not ok - $t produced no summary (exit $rc)"; }
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || { f=1; echo "not ok - $t exited $rc"; }
	echo "unit $(basename "$t"): $p passed, $f failed"
	passed=$((passed + p)); failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
