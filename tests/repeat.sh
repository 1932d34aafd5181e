#!/bin/sh
# SPDX-License-Identifier: ISC
# make test-repeat: run black-box scripts N times (default 20), optionally
# under a CPU load of LOAD busy processes (default 0) and JOBS whole runs
# at once (default 1), to find tests whose result depends on timing.
# Every script has its own network namespace and scratch directory
# (tests/lib/common.sh), so runs going at once do not share a port or a
# file: JOBS=2 only adds load.  Arguments: the scripts (default every
# tests/blackbox/t_*.sh).  One line per run, as it ends; each run's log is
# $BUILD/repeat/run-I.log; the last line:
#   repeat: N runs, N with failures (LOAD busy processes, JOBS at once)
BUILD=${BUILD:-build}; export BUILD
N=${N:-20} LOAD=${LOAD:-0} JOBS=${JOBS:-1}
dir=$BUILD/repeat
rm -rf "$dir" && mkdir -p "$dir" || exit 1
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

# one_run I: run I of N; its exit status goes to run-I.rc
one_run() {
	t0=$(date +%s)
	TEST_LOG=$dir/run-$1.log sh tests/run-all.sh >"$dir/run-$1.out" 2>&1; rc=$?
	echo "$rc" >"$dir/run-$1.rc"
	last="$(tail -n 1 "$dir/run-$1.out") ($(($(date +%s) - t0)) s)"
	if [ "$rc" -ne 0 ]; then
		{ echo "run $1/$N: $last  FAILED:"
		  grep -e '^FAIL ' -e '^    ' "$dir/run-$1.out" | sed 's/^/  /'; } >"$dir/run-$1.line"
	else
		echo "run $1/$N: $last" >"$dir/run-$1.line"
	fi
	cat "$dir/run-$1.line" # one write: the lines of runs ending at once do not mix
}
# stream S: runs S, S+JOBS, S+2*JOBS, ... one after the other
stream() {
	i=$1
	while [ "$i" -le "$N" ]; do one_run "$i"; i=$((i + JOBS)); done
}
s=1 streams=
while [ "$s" -le "$JOBS" ]; do
	stream "$s" &
	streams="$streams $!"; s=$((s + 1))
done
wait $streams
bad=0 i=1
while [ "$i" -le "$N" ]; do
	[ "$(cat "$dir/run-$i.rc" 2>/dev/null)" = 0 ] || bad=$((bad + 1))
	i=$((i + 1))
done
echo "repeat: $N runs, $bad with failures ($LOAD busy processes, $JOBS at once; scripts: ${TEST_SCRIPTS:-all})"
[ "$bad" -eq 0 ]
