#!/bin/sh
# SPDX-License-Identifier: ISC
# The README's second command: install the build and test dependencies
# (packages of a build or test machine: without recommends, starting and
# enabling no service, apt's output in build/apt.log; scripts/deps.sh),
# build, and run every test, in three phases:
#   make test           unit tests, fuzz-corpus replay, every black-box script
#                       (tests/blackbox/) on loopback
#   make test-deploy    the examples under real supervise/runsv/xinetd/
#                       systemd-socket-activate, the Debian package (tests/deploy/)
#   make test-hardening all of make test again built with ASan+UBSan, then a
#                       valgrind pass
# Each prints one line per test script as it finishes and ends with
# "N passed, N failed, N skipped"; full logs: build/test.log,
# build/test-deploy.log, build-san/test.log, build/test-valgrind.log.
# Every phase runs even when one before it failed; the last line adds them up.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh test
make -s
set +e  # a failing phase must not stop the others
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
phase() {
	echo "== $*"
	{ "$@"; echo $? >"$tmp/rc"; } 2>&1 | tee "$tmp/out"
	[ "$(cat "$tmp/rc")" = 0 ] || status=1
	grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/out" >>"$tmp/counts" || status=1
}
phase make -s test
phase make -s test-deploy
phase make -s test-hardening
echo "== all phases (make test, test-deploy, test-hardening)"
awk '{ p += $1; f += $3; s += $5 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$tmp/counts"
exit $status
