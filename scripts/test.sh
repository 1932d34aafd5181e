#!/bin/sh
# The README's second command: install the build and test dependencies,
# build, and run every test (unit, corpus replay, black-box on loopback,
# the deployment suite: examples under real supervisors, the Debian package).
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh test
make -s
make test
make test-deploy
make test-hardening
