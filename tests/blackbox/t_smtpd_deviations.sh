#!/bin/bash
# SPDX-License-Identifier: ISC
# Every deliberate difference from 0.88 (rblsmtpd(8) COMPATIBILITY; the
# rules themselves: DESCRIPTION, Lists, and OPTIONS), one or more tests each:
#   no default list (no query at all: both query logs)
#   parallel lookups (query-log timestamps), early decision, -T deadline;
#     -T's retries (each query tried three times: a quarter of the deadline,
#     then twice as long)
#   RFC 5782: A first, TXT only after a listing (query logs), A-only and
#     TXT-only lists, TXT failing/silent/empty -> "<ip> is listed by <zone>"
#   error answers (127.255.255.x, outside 127/8): not listed, even -c,
#     TXT never asked or shown
#   list spec pieces that decide listings: =filter, :message with %IP%
#   local list files (ip4set/ip6trie data) answering like DNS lists
#   TC=1 -> TCP; faults (SERVFAIL, REFUSED, garbage, wrong ID) under -C/-c
#   an -a zone that looks like a numeric address is queried (0.88 never did)
# Not tested: "query IDs and ports are random" (c-ares picks the IDs, the
# kernel the ports; neither shows in the fault server's log, and a sample of
# a few runs would prove nothing about randomness).
# (IPv6 / address sources / DNSCACHEIP: t_smtpd_addr.sh; dialogue bounds:
# t_smtpd_dialogue.sh.)
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
R=$RBLSMTPD_BIN
F=(DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2)
Q=(DNSCACHEIP="$RBLDNS_IP")

rbl_mark() { RBL_MARK=$(wc -l <"$RBLDNS_QUERYLOG"); sleep 0.05; }
# rbldnsd queries since rbl_mark: "qname qtype"
rbl_since() { sleep "${QLOG_SETTLE:-0.2}"; tail -n +"$((RBL_MARK + 1))" "$RBLDNS_QUERYLOG" | grep '^[0-9]' | awk '{print $3, $4}'; }

# ---------------------------------------------------------------- no default list
qlog_mark; rbl_mark
run_cmd TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$FAULTDNS_IP.$RBLDNS_IP" -- "$R" echo ok
check_eq "no -r: exec (no default list)" "$RUN_OUT|$RUN_ERR|$RUN_RC" "ok||0"
check_eq "no -r: no query to faultdns" "$(qlog_since)" ""
check_eq "no -r: no query to rbldnsd" "$(rbl_since)" ""
rbl_mark
run_cmd TCPREMOTEIP=127.0.0.2 -- "$R" -b -c -t0 echo ok
check_eq "no -r, resolv.conf resolver, -b -c: exec, no query" "$RUN_OUT|$(rbl_since)" "ok|"

# ---------------------------------------------------------------- parallel
qlog_mark
run_cmd -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -T 20 -r slow1.test -r slow2.test -r slow3.test -r slow4.test -r slow5.test echo ok
check_eq "5 slow lists: slow5 lists, first hit in order wins" "$RUN_ERR" "rblsmtpd: 127.0.0.2 pid x: 451 listed by slow5"
raw=$(qlog_since_raw)
check_eq "5 slow lists: one A query each, then slow5's TXT" \
	"$(printf '%s\n' "$raw" | awk '{print $2, $3}' | sort)" \
"2.0.0.127.slow1.test A
2.0.0.127.slow2.test A
2.0.0.127.slow3.test A
2.0.0.127.slow4.test A
2.0.0.127.slow5.test A
2.0.0.127.slow5.test TXT"
# sequential lookups would space the A queries >= 100 ms apart (each answer
# takes 100 ms); parallel ones leave within a few ms of each other
spread=$(printf '%s\n' "$raw" | awk '$3 == "A" { if (!n++ || $1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { print hi - lo }')
if [ -n "$spread" ] && [ "$spread" -lt 60 ]; then
	ok "5 slow lists: all A queries sent together (spread ${spread} ms < 60)"
else
	not_ok "5 slow lists: all A queries sent together" "spread=$spread ms" "$raw"
fi
gap=$(printf '%s\n' "$raw" | awk '$3 == "A" && $2 ~ /slow5/ { a = $1 } $3 == "TXT" { t = $1 } END { print t - a }')
if [ -n "$gap" ] && [ "$gap" -ge 90 ]; then
	ok "slow5: TXT asked only after its A answer came (${gap} ms later)"
else
	not_ok "slow5: TXT asked only after its A answer" "gap=$gap" "$raw"
fi

# ---------------------------------------------------------------- early decision / -T
run_cmd -t 30 -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -T 20 -r silent.test -r listed.test echo ok
check_eq "-r silent -r listed, -T 20: refused" "$RUN_ERR|$RUN_RC" "rblsmtpd: 127.0.0.2 pid x: 451 listed here|0"
[ "$RUN_MS" -lt 10000 ] && ok "-r silent -r listed: decided without waiting -T 20 (${RUN_MS} ms)" ||
	not_ok "-r silent -r listed: decided without waiting -T 20" "took $RUN_MS ms"
run_cmd -t 30 -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -T 20 -b -r silent.test -r listed.test echo ok
check_eq "-b -r silent -r listed: 451 (the silent list forbids 553, as 0.88 after its timeout)" \
	"$RUN_ERR" "rblsmtpd: 127.0.0.2 pid x: 451 listed here"
[ "$RUN_MS" -lt 10000 ] || not_ok "-b -r silent -r listed: decided early" "took $RUN_MS ms"
run_cmd -t 30 "${F[@]}" -- "$R" -T 20 -a a-only.test -r silent.test -r listed.test echo ok
check_eq "-a listing -r silent -r listed: accepted" "$RUN_OUT|$RUN_RC" "ok|0"
[ "$RUN_MS" -lt 10000 ] && ok "-a decides early too (${RUN_MS} ms)" || not_ok "-a decides early" "took $RUN_MS ms"
# here the silent list could still refuse (if it lists): the verdict must wait
run_cmd -t 30 "${F[@]}" -- "$R" -T 1 -r silent.test -a a-only.test -r listed.test echo ok
check_eq "-r silent -a listing -r listed, -T 1: accepted after the deadline" "$RUN_OUT|$RUN_RC" "ok|0"
[ "$RUN_MS" -ge 900 ] && ok "-r silent before -a: waited for the deadline (${RUN_MS} ms)" ||
	not_ok "-r silent before -a: must wait for the silent list" "took $RUN_MS ms"
run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -r silent.test echo ok
check_eq "-T 1, silent list: fail open (exec)" "$RUN_OUT|$RUN_ERR|$RUN_RC" "ok||0"
[ "$RUN_MS" -ge 900 ] && [ "$RUN_MS" -lt 8000 ] && ok "-T 1: waited for the deadline (${RUN_MS} ms)" ||
	not_ok "-T 1: waited about the deadline" "took $RUN_MS ms"
run_cmd -t 10 -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -T 1 -c -r silent.test echo ok
check_eq "-T 1 -c, silent list: 451 temporary RBL lookup error" "$RUN_OUT|$RUN_ERR" \
"220 rblsmtpd.local^M
451 temporary RBL lookup error^M
221 rblsmtpd.local^M|rblsmtpd: 127.0.0.2 pid x: 451 temporary RBL lookup error"
run_cmd -t 10 -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -T 1 -c -b -r silent.test echo ok
check_eq "-T 1 -c -b, silent: still 451" "$RUN_ERR" "rblsmtpd: 127.0.0.2 pid x: 451 temporary RBL lookup error"
run_cmd -t 10 "${F[@]}" -- "$R" -T 0.5 -a silent.test -r listed.test echo ok
check_eq "-T 0.5: failed -a under -C = accept" "$RUN_OUT|$RUN_RC" "ok|0"
run_cmd -t 10 "${F[@]}" -- "$R" -T 0.5 -c -a silent.test -r listed.test -t0 echo ok
check_eq "-T 0.5 -c: failed -a = not allowlisted, -r listed: 451" "$RUN_OUT" "451 listed here^M"
run_cmd -t 10 "${F[@]}" -- "$R" -T 0.5 -b -r silent.test -r listed.test -t0 echo ok
check_eq "-T 0.5 -b -r silent -r listed: 451" "$RUN_OUT" "451 listed here^M"

# ---------------------------------------------------------------- -T retries
# (rblsmtpd(8), -T: "each query is retried twice, each try waiting twice as
# long as the one before, starting at a quarter of the deadline")
# -T 2: tries at 0, 500 (a quarter) and 1500 ms (then a half): 3 queries.
qlog_mark
run_cmd -t 15 "${F[@]}" -- "$R" -T 2 -r silent.test echo ok
times=$(qlog_since_raw | awk '$2 == "2.0.0.127.silent.test" && $3 == "A" {print $1}')
gaps=$(printf '%s\n' "$times" | awk 'NR == 1 {p = $1; next} {printf "%d ", $1 - p; p = $1}')
read -r g1 g2 <<<"$gaps"
if [ "$(printf '%s\n' "$times" | grep -c .)" = 3 ] &&
   [ "${g1:-0}" -ge 400 ] && [ "${g1:-0}" -le 750 ] && [ "${g2:-0}" -ge 850 ] && [ "${g2:-0}" -le 1300 ]; then
	ok "-T 2: three tries, 500 then 1000 ms apart (gaps: $gaps)"
else
	not_ok "-T 2: three tries, 500 then 1000 ms apart" "gaps: $gaps" "$(qlog_since_raw)"
fi
check_eq "-T 2: silent list fails open at the deadline" "$RUN_OUT" "ok"

# ---------------------------------------------------------------- faults, -C / -c
for z in servfail refused garbage wrongid; do
	run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -r $z.test echo ok
	check_eq "$z under -C: exec" "$RUN_OUT|$RUN_ERR|$RUN_RC" "ok||0"
	run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -c -r $z.test -t0 echo ok
	check_eq "$z under -c: 451 temporary RBL lookup error" "$RUN_OUT|$RUN_RC" "451 temporary RBL lookup error^M|0"
done
run_cmd -t 10 "${F[@]}" DNSCACHEIP="$DEAD_DNS_IP" -- "$R" -T 2 -c -r listed.test -t0 echo ok
check_eq "no DNS server listening, -c: 451 temporary RBL lookup error" "$RUN_OUT" "451 temporary RBL lookup error^M"
run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -c -r "$(printf 'x%.0s' $(seq 70)).test" -t0 echo ok
check_eq "74-char label, -c: temporary error" "$RUN_OUT" "451 temporary RBL lookup error^M"
run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -r "$(printf 'x%.0s' $(seq 70)).test" -r listed.test -t0 echo ok
check_eq "74-char label, -C: skipped, next list decides (451)" "$RUN_OUT" "451 listed here^M"

# ---------------------------------------------------------------- TC=1 -> TCP
qlog_mark
run_cmd -t 20 "${F[@]}" -- "$R" -t0 -r trunc.test echo ok
check_eq "trunc.test: listed via TCP" "$RUN_OUT" "451 listed via tcp^M"
check_eq "trunc.test: A udp, A tcp, then TXT udp, TXT tcp" "$(qlog_since)" \
"2.0.0.127.trunc.test A udp
2.0.0.127.trunc.test A tcp
2.0.0.127.trunc.test TXT udp
2.0.0.127.trunc.test TXT tcp"
run_cmd -t 20 "${F[@]}" -- "$R" -t0 -r many-a.test echo ok
check_eq "1000 A records (TCP): listed" "$RUN_OUT" "451 many A records^M"
run_cmd -t 20 "${F[@]}" -- "$R" -t0 -r bigtxt.test echo ok
check_eq "64000-byte TXT over TCP: first 200 bytes" "$RUN_OUT" \
	"451 $(printf '%s' {A..T} | sed 's/./&123456789/g')^M"
run_cmd -t 20 "${F[@]}" TCPREMOTEIP=127.0.0.1 -- "$R" -r trunc.test echo ok
check_eq "trunc.test, clean client: NXDOMAIN over TCP, exec" "$RUN_OUT" "ok"

# ---------------------------------------------------------------- A then TXT
qlog_mark
run_cmd "${F[@]}" TCPREMOTEIP=127.0.0.1 -- "$R" -r listed.test -r multi.test -a a-only.test -r ctrl.test echo ok
check_eq "clean client: exec" "$RUN_OUT" "ok"
check_eq "clean client: one A query per list, no TXT" "$(qlog_since | sort)" \
"1.0.0.127.a-only.test A udp
1.0.0.127.ctrl.test A udp
1.0.0.127.listed.test A udp
1.0.0.127.multi.test A udp"
qlog_mark
run_cmd -i 'quit\r\n' "${F[@]}" -- "$R" -r listed.test echo ok
raw=$(qlog_since_raw)
check_eq "listed client: A, then TXT" "$(printf '%s\n' "$raw" | awk '{print $2, $3, $4}')" \
"2.0.0.127.listed.test A udp
2.0.0.127.listed.test TXT udp"
rbl_mark
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.9 -- "$R" -r test.rbl -r white.rbl echo ok
check_eq "rbldnsd, clean client: only A queries" "$RUN_OUT|$(rbl_since | sort)" "ok|9.0.0.127.test.rbl A
9.0.0.127.white.rbl A"
rbl_mark
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.4 -- "$R" -t0 -r test.rbl echo ok
check_eq "rbldnsd, listed client: A then TXT, TXT text" "$RUN_OUT|$(rbl_since)" \
"451 Listed by test.rbl with code 4 for 127.0.0.4^M|4.0.0.127.test.rbl A
4.0.0.127.test.rbl TXT"
qlog_mark
run_cmd -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -r a-only.test echo ok
check_eq "A-only list: refused with '<ip> is listed by <zone>'" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 451 127.0.0.2 is listed by a-only.test"
check_eq "A-only list: A then TXT (NODATA)" "$(qlog_since)" \
"2.0.0.127.a-only.test A udp
2.0.0.127.a-only.test TXT udp"
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.3 -- "$R" -b -t0 -r notxt.rbl echo ok
check_eq "rbldnsd A-only list (notxt.rbl), -b: 553 default text" "$RUN_OUT" "553 127.0.0.3 is listed by notxt.rbl^M"
run_cmd "${F[@]}" -- "$R" -r txt-only.test echo ok
check_eq "TXT-only list: not listed" "$RUN_OUT|$RUN_ERR" "ok|"
run_cmd "${F[@]}" -- "$R" -c -r txt-only.test echo ok
check_eq "TXT-only list under -c: not listed" "$RUN_OUT|$RUN_ERR" "ok|"
run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -t0 -r txt-silent.test echo ok
check_eq "TXT query silent: default text" "$RUN_OUT" "451 127.0.0.2 is listed by txt-silent.test^M"
run_cmd -t 10 "${F[@]}" -- "$R" -T 1 -t0 -r emptytxt.test echo ok
check_eq "TXT empty string: default text" "$RUN_OUT" "451 127.0.0.2 is listed by emptytxt.test^M"

# our own server for the faults faultdns.rules does not have, on a port of
# its own (DNSCACHEIP=127.0.53.3:5300 reaches it)
cat >"$TESTDIR/own.rules" <<'RULES'
.                          nxdomain
*.txtfail.test             a=127.0.0.2
*.txtfail.test   type=TXT  rcode=2
*.txtrefused.test          a=127.0.0.2
*.txtrefused.test type=TXT rcode=5
*.multia.test              a=127.0.0.3 a=127.0.0.10 txt="two A records for %IP%"
*.err255.test              a=127.255.255.255 txt="rate limited"
*.err252.test              a=127.255.255.252 txt="typo"
RULES
start_faultdns own "$TESTDIR/own.rules" 127.0.53.3:5300
OWN=(DNSCACHEIP=127.0.53.3:5300 TCPREMOTEIP=127.0.0.2)
run_cmd -t 10 "${OWN[@]}" -- "$R" -t0 -r txtfail.test echo ok
check_eq "TXT query SERVFAIL: default text" "$RUN_OUT" "451 127.0.0.2 is listed by txtfail.test^M"
run_cmd -t 10 "${OWN[@]}" -- "$R" -c -b -t0 -r txtrefused.test echo ok
check_eq "TXT query REFUSED, -c -b: still a listing, 553 default text" "$RUN_OUT" "553 127.0.0.2 is listed by txtrefused.test^M"

# ---------------------------------------------------------------- error answers
for c in "-C" "-c"; do
	qlog_mark
	run_cmd -t 10 "${F[@]}" -- "$R" $c -r err254.test -r notlocal.test echo ok
	check_eq "err254/notlocal ($c): not listed, exec" "$RUN_OUT|$RUN_ERR|$RUN_RC" "ok||0"
	check_eq "err254/notlocal ($c): no TXT asked" "$(qlog_since | sort)" \
"2.0.0.127.err254.test A udp
2.0.0.127.notlocal.test A udp"
	for ip in 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5; do
		rbl_mark
		run_cmd "${Q[@]}" TCPREMOTEIP=$ip -- "$R" $c -r err.rbl echo ok
		check_eq "rbldnsd err.rbl $ip ($c): not listed, no TXT asked" "$RUN_OUT|$(rbl_since)" \
			"ok|$(echo $ip | awk -F. '{print $4"."$3"."$2"."$1}').err.rbl A"
	done
	run_cmd -t 10 "${OWN[@]}" -- "$R" $c -r err255.test -r err252.test echo ok
	check_eq "127.255.255.255 / .252 ($c): not listed" "$RUN_OUT" "ok"
done
run_cmd -t 10 "${F[@]}" -- "$R" -c -t0 -r err254.test -r listed.test echo ok
check_eq "-c -r err254 -r listed: the next list decides, its TXT" "$RUN_OUT" "451 listed here^M"
run_cmd -t 10 "${F[@]}" -- "$R" -b -t0 -r err254.test -r listed.test echo ok
check_eq "-b -r err254 -r listed: an error answer is no failure: 553" "$RUN_OUT" "553 listed here^M"
run_cmd -t 10 "${F[@]}" -- "$R" -t0 -a err254.test -r listed.test echo ok
check_eq "-a with an error answer does not allowlist" "$RUN_OUT" "451 listed here^M"
run_cmd -t 10 "${F[@]}" -- "$R" -t0 -a notlocal.test -r listed.test echo ok
check_eq "-a answering outside 127/8 does not allowlist" "$RUN_OUT" "451 listed here^M"
run_cmd -t 10 "${F[@]}" -- "$R" -t0 -r 'err254.test=127.255.255.254' echo ok
check_eq "a filter cannot make an error code a listing" "$RUN_OUT" "ok"

# ---------------------------------------------------------------- filters
# filter.rbl: .2 -> 127.0.0.10, .3 -> .11, .4 -> .4, .5 -> 127.0.1.3
fcase() {   # FILTER IP WANT
	qlog_mark; rbl_mark
	run_cmd "${Q[@]}" TCPREMOTEIP=$2 -- "$R" -t0 -r "filter.rbl$1" echo ok
	check_eq "filter.rbl$1, $2" "$RUN_OUT" "$3"
}
fcase '=127.0.0.[2..11]' 127.0.0.2 "451 filter.rbl code 10 for 127.0.0.2^M"
fcase '=127.0.0.[2..11]' 127.0.0.3 "451 filter.rbl code 11 for 127.0.0.3^M"
fcase '=127.0.0.[2..11]' 127.0.0.4 "451 filter.rbl code 4 for 127.0.0.4^M"
fcase '=127.0.0.[2..11]' 127.0.0.5 "ok"
check_eq "filter miss: no TXT asked" "$(rbl_since)" "5.0.0.127.filter.rbl A"
fcase '=127.0.0.4' 127.0.0.2 "ok"
fcase '=127.0.0.4' 127.0.0.4 "451 filter.rbl code 4 for 127.0.0.4^M"
fcase '=127.0.[0..255].[1;3]' 127.0.0.5 "451 filter.rbl code 1.3 for 127.0.0.5^M"
fcase '=127.0.[0..255].[1;3]' 127.0.0.3 "ok"
fcase '=127.0.0.[10;4]' 127.0.0.2 "451 filter.rbl code 10 for 127.0.0.2^M"
fcase '=127.0.0.[10;4]' 127.0.0.3 "ok"
run_cmd "${OWN[@]}" -- "$R" -t0 -r 'multia.test=127.0.0.10' echo ok
check_eq "filter: any of several A records may match" "$RUN_OUT" "451 two A records for %IP%^M"
run_cmd "${OWN[@]}" -- "$R" -t0 -r 'multia.test=127.0.0.[4..9]' echo ok
check_eq "filter: none of several A records matches" "$RUN_OUT" "ok"
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.3 -- "$R" -t0 -a 'white.rbl=127.0.0.3' -r test.rbl echo ok
check_eq "-a with a filter that misses: not allowlisted" "$RUN_OUT" "451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.3^M"
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.3 -- "$R" -t0 -a 'white.rbl=127.0.0.2' -r test.rbl echo ok
check_eq "-a with a filter that matches: allowlisted" "$RUN_OUT" "ok"

# ---------------------------------------------------------------- :message
qlog_mark
run_cmd -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -r 'listed.test:Go away %IP%, see http://x/?%IP%' echo ok
check_eq ":message with %IP% (twice)" "$RUN_ERR" "rblsmtpd: 127.0.0.2 pid x: 451 Go away 127.0.0.2, see http://x/?127.0.0.2"
check_eq ":message: no TXT query" "$(qlog_since)" "2.0.0.127.listed.test A udp"
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.2 -- "$R" -b -t0 -r 'filter.rbl=127.0.0.10:code ten: %IP% :-) 100%' echo ok
check_eq "filter + :message, split at the first ':'" "$RUN_OUT" "553 code ten: 127.0.0.2 :-) 100%^M"
run_cmd "${Q[@]}" TCPREMOTEIP=127.0.0.2 -- "$R" -t0 -r "test.rbl:$(printf '\tx\001%.0s' 1)$(printf 'm%.0s' $(seq 250))" echo ok
check_eq ":message sanitised and cut to 200" "$RUN_OUT" "451 ?x?$(printf 'm%.0s' $(seq 197))^M"
run_cmd "${F[@]}" TCPREMOTEIP=::ffff:127.0.0.2 -- "$R" -t0 -r 'listed.test:%IP%' echo ok
check_eq ":message %IP% is the parsed address (v4-mapped -> v4)" "$RUN_OUT" "451 127.0.0.2^M"
run_cmd "${F[@]}" -- "$R" -t0 -r 'listed.test*3:weighted' echo ok
check_eq "*weight is accepted without -S" "$RUN_OUT" "451 weighted^M"

# ---------------------------------------------------------------- local list files
DEMO=$TOP/examples/demo.list
lcase() {   # NAME IP WANT ARGS...
	local name=$1 ip=$2 want=$3; shift 3
	run_cmd DNSCACHEIP="$DEAD_DNS_IP" TCPREMOTEIP=$ip -- "$R" -t0 "$@" echo ok
	check_eq "$name" "$RUN_OUT" "$want"
}
qlog_mark; rbl_mark
lcase "demo.list: 127.0.0.2 listed" 127.0.0.2 "451 Demo list: 127.0.0.2 is listed, see examples/demo.list^M" -r "$DEMO"
lcase "demo.list: 192.0.2.77 listed (CIDR)" 192.0.2.77 "451 Demo list: 192.0.2.77 is listed, see examples/demo.list^M" -r "$DEMO"
lcase "demo.list: 192.0.2.1 excluded" 192.0.2.1 "ok" -r "$DEMO"
lcase "demo.list: 127.0.0.1 not listed" 127.0.0.1 "ok" -r "$DEMO"
lcase "demo.list: 2001:db8::7 listed (IPv6)" 2001:db8::7 "451 Demo list: 2001:db8::7 is listed, see examples/demo.list^M" -r "$DEMO"
lcase "demo.list: 2001:db9::7 not listed" 2001:db9::7 "ok" -r "$DEMO"
lcase "demo.list with -b" 127.0.0.2 "553 Demo list: 127.0.0.2 is listed, see examples/demo.list^M" -b -r "$DEMO"
lcase "demo.list as -a" 127.0.0.2 "ok" -a "$DEMO" -r "$DEMO"
check_eq "list files: no DNS query" "$(qlog_since)|$(rbl_since)" "|"
cat >"$TESTDIR/own.list" <<'LIST'
# own list: default A/TXT, per-entry A/TXT, a range, an abbreviation
:127.0.0.2:own default for $
10.1                                 # 10.1.0.0/16
10.2.0.0/16 :127.0.0.5:code five $
!10.2.3.4
10.3.0.1-10.3.0.9 :127.0.0.9:range $
192.0.2.8/29
2001:db8:1::/48 :127.0.0.3:v6 entry $
LIST
lcase "own list: abbreviated 10.1" 10.1.200.3 "451 own default for 10.1.200.3^M" -r "$TESTDIR/own.list"
lcase "own list: per-entry A/TXT" 10.2.9.9 "451 code five 10.2.9.9^M" -r "$TESTDIR/own.list"
lcase "own list: exclusion" 10.2.3.4 "ok" -r "$TESTDIR/own.list"
lcase "own list: range" 10.3.0.5 "451 range 10.3.0.5^M" -r "$TESTDIR/own.list"
lcase "own list: outside the range" 10.3.0.10 "ok" -r "$TESTDIR/own.list"
lcase "own list: IPv6 entry" 2001:db8:1:2::9 "451 v6 entry 2001:db8:1:2::9^M" -r "$TESTDIR/own.list"
lcase "own list: filter on the entry's A (miss)" 10.2.9.9 "ok" -r "$TESTDIR/own.list=127.0.0.2"
lcase "own list: filter on the entry's A (hit)" 10.2.9.9 "451 code five 10.2.9.9^M" -r "$TESTDIR/own.list=127.0.0.[4..6]"
lcase "own list: :message" 10.1.0.1 "451 local 10.1.0.1 10.1.0.1^M" -r "$TESTDIR/own.list:local %IP% %IP%"
lcase "unreadable list file, -C: not listed" 127.0.0.2 "ok" -r "$TESTDIR/nosuch.list"
lcase "unreadable list file, -c: temporary error" 127.0.0.2 "451 temporary RBL lookup error^M" -c -r "$TESTDIR/nosuch.list"
lcase "list file then DNS-free -a file order: -a first wins" 10.1.0.1 "ok" -a "$TESTDIR/own.list" -r "$DEMO"
# the same data as a file and through rbldnsd give the same answers
for ip in 127.0.0.2 127.0.0.3 127.0.0.4 127.0.2.9 127.0.2.1 127.0.0.1 2001:db8::5 2001:db8::1 2001:db8:0:ff::9 ::1; do
	run_cmd "${Q[@]}" TCPREMOTEIP=$ip -- "$R" -t0 -r test.rbl echo ok; dns=$RUN_OUT
	f=$TESTDATA/test.zone; case $ip in *:*) f=$TESTDATA/test6.zone ;; esac
	run_cmd DNSCACHEIP="$DEAD_DNS_IP" TCPREMOTEIP=$ip -- "$R" -t0 -r "$f" echo ok
	check_eq "file $(basename "$f") answers like rbldnsd's test.rbl for $ip" "$RUN_OUT" "$dns"
done

# ---------------------------------------------------------------- -a numeric zone
# rblsmtpd(8) COMPATIBILITY: "an -a zone that looked like a numeric address
# was never queried and always matched [in 0.88]; here every zone is queried"
qlog_mark
run_cmd -t 15 "${F[@]}" -- "$R" -t0 -a 127.0.0.1 -r listed.test echo ok
check_eq "-a with a numeric zone: queried like any zone (not listed: refused)" \
	"$RUN_OUT|$(qlog_since | grep -c '^2\.0\.0\.127\.127\.0\.0\.1 A udp$')" "451 listed here^M|1"
