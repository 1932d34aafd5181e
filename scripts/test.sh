#!/bin/sh
# The README's second command: install the build and test dependencies,
# build, and run every test: make test (unit tests, fuzz-corpus replay, every
# black-box script on loopback), then make test-hardening (all of that again
# built with ASan+UBSan, then a valgrind pass).  Each prints one line per test
# script as it finishes and ends with "N passed, N failed, N skipped"; full
# logs: build/test.log, build-san/test.log, build/test-valgrind.log.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh test
make -s
echo "== make test (plain build)"
make -s test
echo "== make test-hardening (ASan+UBSan build, then valgrind)"
make -s test-hardening
