#!/bin/bash
# SPDX-License-Identifier: ISC
# The README's first command (scripts/demo.sh) must keep working: one client
# refused with the dialogue, one handed to the server, on the embedded list.
. "$(dirname "$0")/../lib/common.sh"
out=$(cd "$TOP" && timeout 60 sh scripts/demo.sh 2>&1 | sed 's/pid [0-9]*/pid x/' | cat -v)
check_match "demo: refusal line" "$out" \
	'rblsmtpd: 127\.0\.0\.2 pid x: 451 Demo list: 127\.0\.0\.2 is listed, see examples/demo\.list'
check_match "demo: seed-format log line" "$out" \
	'rblsmtpd: examples/demo\.list blocked 127\.0\.0\.2 client\.example -'
dialogue=$(printf '%s\n' "$out" | sed -n '/^220 rblsmtpd/,/^221 rblsmtpd/p' | grep -v '^rblsmtpd: ')
check_eq "demo: dialogue" "$dialogue" "220 rblsmtpd.local^M
250 rblsmtpd.local^M
250 rblsmtpd.local^M
451 Demo list: 127.0.0.2 is listed, see examples/demo.list^M
221 rblsmtpd.local^M"
accepted=$(printf '%s\n' "$out" | sed -n '/not listed): handed to the real server/,$p')
check_match "demo: accepted client reaches the server" "$accepted" '^220 real\.server\.example'
