#!/bin/bash
# SPDX-License-Identifier: ISC
# bench/instr.sh BIN [BIN...] -- B4/B5 alone (instructions per connection,
# callgrind) for one or more rblsmtpd binaries, on the same DNS data as
# make bench: to compare two builds of ours without the whole run.
. "$(dirname "$0")/../tests/lib/common.sh"
start_dns
LISTS5="-r nonexistent.local -r test.rbl -r notxt.rbl -r white.rbl -r filter.rbl"
instr() {
	env -i PATH="$PATH" DNSCACHEIP=$RBLDNS_IP TCPREMOTEIP=127.0.0.9 \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" /nonexistent/smtpd 2>&1 |
		sed -n 's/.*Collected : *//p'
}
for bin in "$@"; do
	echo "# $bin B4 $(instr "$bin" -r nonexistent.local) B5 $(instr "$bin" $LISTS5)"
done
ok "measured"
