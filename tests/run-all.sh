#!/bin/sh
# make test: unit tests, then every black-box script tests/blackbox/t_*.sh.
# Black-box scripts print "ok - …" / "not ok - …" lines (tests/lib/common.sh);
# this script counts them and ends with the one line CI reads.
BUILD=${BUILD:-build}; export BUILD
TOP=$(pwd); export TOP
log=$(mktemp); trap 'rm -f "$log"' EXIT
sh tests/run-unit.sh "$@" | tee "$log"
up=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log")
uf=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log")
passed=${up:-0}; failed=${uf:-1}
for t in tests/blackbox/t_*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	bash "$t" >"$log" 2>&1; rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $t exited $rc"; fi
	passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
