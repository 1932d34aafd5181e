#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/run-all.sh's console output for one script: the PASS/FAIL line, a
# skipped check's reason under it ("skipped: NAME (REASON)", also in the
# log), a failed check's "not ok" line and details, and the totals line.
. "$(dirname "$0")/../lib/common.sh"

cd "$TOP" || bail "no $TOP"
mkdir -p "$TESTDIR/t"
cat >"$TESTDIR/t/t_fake.sh" <<'SCRIPT'
echo "ok - passes"
echo "ok - ipv6 listener # SKIP no IPv6 tcpserver"
echo "ok - bare skip # SKIP"
echo "not ok - fails"
echo "#   the detail"
SCRIPT
out=$(TEST_SCRIPTS="$TESTDIR/t/t_fake.sh" BUILD="$TESTDIR/b" TEST_LOG="$TESTDIR/log" sh tests/run-all.sh 2>&1)
check_match "runner: the script's line" "$out" '^FAIL .*t_fake\.sh +1 passed, 1 failed, 2 skipped '
check_match "runner: a skipped check's reason on the console" "$out" '^    skipped: ipv6 listener \(no IPv6 tcpserver\)$'
check_match "runner: a skip without a reason says so" "$out" '^    skipped: bare skip \(no reason given\)$'
check_match "runner: the reason in the log too" "$(cat "$TESTDIR/log")" '^    skipped: ipv6 listener \(no IPv6 tcpserver\)$'
check_match "runner: the failed check and its detail" "$out" '^    #   the detail$'
check_match "runner: totals" "$out" '^1 passed, 1 failed, 2 skipped$'
