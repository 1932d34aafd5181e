#!/bin/sh
# SPDX-License-Identifier: ISC
# make test-repeat: run black-box scripts N times in a row (default 20),
# optionally under a CPU load of LOAD busy processes (default 0), to find
# tests whose result depends on timing.  Arguments: the scripts (default
# every tests/blackbox/t_*.sh).  One line per run; each run's log is
# $BUILD/repeat/run-I.log; the last line:
#   repeat: N runs, N with failures (LOAD busy processes)
BUILD=${BUILD:-build}; export BUILD
N=${N:-20} LOAD=${LOAD:-0}
dir=$BUILD/repeat
mkdir -p "$dir" || exit 1
[ $# -gt 0 ] && TEST_SCRIPTS="$*" && export TEST_SCRIPTS
busy=
stop_busy() { for p in $busy; do kill "$p" 2>/dev/null; done; busy=; }
trap stop_busy EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
i=0
while [ "$i" -lt "$LOAD" ]; do
	sh -c 'while :; do :; done' &
	busy="$busy $!"; i=$((i + 1))
done
bad=0 i=1
while [ "$i" -le "$N" ]; do
	TEST_LOG=$dir/run-$i.log sh tests/run-all.sh >"$dir/run-$i.out" 2>&1; rc=$?
	last=$(tail -n 1 "$dir/run-$i.out")
	if [ "$rc" -ne 0 ]; then
		bad=$((bad + 1))
		echo "run $i/$N: $last  FAILED:"
		grep -e '^FAIL ' -e '^    ' "$dir/run-$i.out" | sed 's/^/  /'
	else
		echo "run $i/$N: $last"
	fi
	i=$((i + 1))
done
echo "repeat: $N runs, $bad with failures ($LOAD busy processes; scripts: ${TEST_SCRIPTS:-all})"
[ "$bad" -eq 0 ]
