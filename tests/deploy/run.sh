#!/bin/sh
# make test-deploy: every tests/deploy/t_*.sh (the examples under real
# supervisors, the Debian package), counted like tests/run-all.sh.
BUILD=${BUILD:-build}; export BUILD
TOP=$(pwd); export TOP
log=$(mktemp); trap 'rm -f "$log"' EXIT
passed=0 failed=0
for t in tests/deploy/t_*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	bash "$t" >"$log" 2>&1; rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $t exited $rc"; fi
	passed=$((passed + p)); failed=$((failed + f))
done
echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
