#!/bin/bash
# SPDX-License-Identifier: ISC
# A truncated answer is asked again over TCP of the server that truncated it
# (rblsmtpd(8) -T, ENVIRONMENT DNSCACHEIP; doc/design.md "c-ares"): with two
# servers in $DNSCACHEIP, when the second answers with TC, the TCP retry goes
# to the second (it has the answer), never back to the first.
#
# Two fault servers, A then B; only B has the zones (over UDP it answers TC=1,
# over TCP the listing):
#   quiet.test     A never answers: c-ares moves on to B itself, after one
#                  per-try timeout (-T/4), in the channel that started at A;
#                  a retry sent back to A would wait until -T, the list would
#                  time out and the client be served.
#   refusing.test  A answers REFUSED: rblsmtpd asks B next, in a channel of
#                  its own.
# Each case is checked by its outcome (553 with B's TXT, which also comes
# over TCP) and by both query logs: A never sees a TCP query.
# (dnsanswer_next's choice itself is unit-tested on crafted packets in
# tests/unit/test_dnsanswer.c; this pins the engine's use of it.)
#
# Not tested here, and why:
#  - the retry when the truncating server is unknown (a socket resolvers.c
#    could not track: more than its table holds) goes to the channel's first
#    server: no black-box setup opens that many sockets; test_dnsanswer.c
#    has the case (from = -1).
#  - which query ID and source port the TCP retry uses: c-ares picks them
#    at random, the fault server logs neither, and a few runs would prove
#    nothing about randomness (as for every query: t_smtpd_deviations.sh).
. "$(dirname "$0")/../lib/common.sh"

A=127.0.53.3
B=127.0.53.4
cat >"$TESTDIR/a.rules" <<'EOF'
.                    nxdomain
*.quiet.test         drop
*.refusing.test      rcode=5
EOF
cat >"$TESTDIR/b.rules" <<'EOF'
.                    nxdomain
*.quiet.test         tc a=127.0.0.2 txt="listed via tcp by the second"
*.refusing.test      tc a=127.0.0.2 txt="listed via tcp by the second"
EOF
start_faultdns a "$TESTDIR/a.rules" $A
QLOG_A=$FAULTDNS_LAST_QUERYLOG
start_faultdns b "$TESTDIR/b.rules" $B
QLOG_B=$FAULTDNS_LAST_QUERYLOG

# "qname qtype transport" of the queries for ZONE in LOG, in arrival order
queries() { sleep 0.2; grep " 2\.0\.0\.127\.$2 " "$1" | awk '{print $2, $3, $4}'; }

T=4   # per-try timeout 1 s: A's silence costs 1 s per query, A and TXT
for zone in quiet.test refusing.test; do
	run_cmd -t 20 DNSCACHEIP="$A,$B" TCPREMOTEIP=127.0.0.2 -- \
		"$RBLSMTPD_BIN" -vv -l stderr -T $T -b -t0 -r $zone echo served
	check_eq "$zone: listed by the second server over TCP: 553 with its TXT" \
		"$RUN_RC|$RUN_OUT" "0|553 listed via tcp by the second^M"
	sum=$(printf '%s\n' "$RUN_ERR" | sed -n "s/^rblsmtpd: summary 127\.0\.0\.2 553 $zone [0-9]* //p")
	ms=${sum##*@}
	check_eq "$zone: summary listed:127.0.0.2" "${sum%@*}" "$zone=listed:127.0.0.2"
	if [ "$zone" = quiet.test ]; then
		# after A's per-try timeout (1000 ms), well before -T
		[ -n "$ms" ] && [ "$ms" -ge 950 ] && [ "$ms" -lt $((T * 1000 - 500)) ] &&
			ok "$zone: answered after A's per-try timeout, before -T (@$ms)" ||
			not_ok "$zone: answered after A's per-try timeout, before -T" "summary: $sum"
	fi
	check_eq "$zone: A asked over UDP only (A, then TXT)" "$(queries "$QLOG_A" $zone)" \
		"2.0.0.127.$zone A udp
2.0.0.127.$zone TXT udp"
	check_eq "$zone: B asked over UDP, then over TCP, for A and TXT" "$(queries "$QLOG_B" $zone)" \
		"2.0.0.127.$zone A udp
2.0.0.127.$zone A tcp
2.0.0.127.$zone TXT udp
2.0.0.127.$zone TXT tcp"
	: >"$QLOG_A"; : >"$QLOG_B"
done

# rblcheck goes through the same engine
run_cmd -t 20 DNSCACHEIP="$A,$B" -- "$RBLCHECK_BIN" -T $T -b -r quiet.test 127.0.0.2
check_eq "rblcheck: quiet.test listed by the second server over TCP" \
	"$RUN_RC|$(printf '%s\n' "$RUN_OUT" | sed -E 's/ +[0-9]+ ms / N ms /' | tr -s ' ')" \
	'1|127.0.0.2
 -r quiet.test N ms listed 127.0.0.2 "listed via tcp by the second"
 reply: 553 listed via tcp by the second'
check_eq "rblcheck: A never asked over TCP" "$(grep -c ' tcp ' "$QLOG_A")" 0
