#!/bin/bash
# SPDX-License-Identifier: ISC
# rblcheck: the per-address report, the -H health check, -j JSON, the
# public-resolver warning and the exit statuses; then the rest of what
# man/rblcheck.1 documents: -v, the "note:" line (the early verdict differs
# from the all-answers one), which A record is the listing code, the outcome
# words, -l and $RBLSMTPD ignored, the DNSCACHEIP forms, exit 111, a
# filter-rejected test point.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/rblcheck.sh"
start_dns
R=$RBLDNS_IP
F=$FAULTDNS_IP

# A few more lists for the health check and the -v, "note:" and several-A
# checks, on a third server.
cat >"$TESTDIR/extra.rules" <<'RULES'
.                               nxdomain
# an IPv4-only list: the v4 test point and nothing else (its A 300 ms late,
# so that in "json:" below quote.test, first on the command line, always
# answers first and decides: the verdict would otherwise depend on the order)
2.0.0.127.v4only.test           a=127.0.0.2 txt="v4 only"
2.0.0.127.v4only.test   type=A  delay=300 a=127.0.0.2
# IPv4 fine, IPv6 queries never answered
2.0.0.127.v6silent.test         a=127.0.0.2 txt="v6 silent"
*.v6silent.test                 nxdomain
2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.v6silent.test  drop
1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.v6silent.test  drop
2.0.0.127.err255.test           a=127.255.255.255 txt="Error: excessive number of queries"
2.0.0.127.err252.test           a=127.255.255.252 txt="Error: typo"
2.0.0.127.txtdrop.test          a=127.0.0.2
2.0.0.127.txtdrop.test type=TXT drop
# TXT with characters JSON must escape
*.quote.test                    a=127.0.0.2 txt="say \"hi\" \\ back"
# answers in the order given (faultdns keeps it; c-ares reads it so)
*.multia.test                   a=127.0.0.4 a=127.0.0.2 a=127.255.255.254 txt="multi A"
*.errfirst.test                 a=127.255.255.254 a=127.0.0.3 txt="error first"
*.onlyerr.test                  a=127.255.255.255 a=127.255.255.254
# one list listed at once, one listed 800 ms later
*.fast.test                     a=127.0.0.2 txt="fast says no"
*.slow.test                     delay=800 a=127.0.0.2 txt="slow says no"
RULES
start_faultdns extra "$TESTDIR/extra.rules" 127.0.53.3
X=127.0.53.3

# ---------------------------------------------------------------- usage
for args in "" "-r test.rbl" "-H" "-x -r test.rbl 1.2.3.4" "-r test.rbl not-an-ip" \
	"-H -r test.rbl 127.0.0.2" "-T abc -r test.rbl 1.2.3.4" "127.0.0.2"; do
	# shellcheck disable=SC2086
	run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" $args
	if [ "$RUN_RC" = 100 ] && grep -q '^rblcheck: usage: ' "$RUN_ERR_FILE"; then
		ok "usage: rblcheck $args -> 100"
	else
		not_ok "usage: rblcheck $args -> 100" "rc=$RUN_RC" "$RUN_ERR"
	fi
done

# ---------------------------------------------------------------- addresses
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl -r notxt.rbl -r filter.rbl=127.0.0.[10..11] \
	-r err.rbl -a white.rbl 127.0.0.2 127.0.0.3 2001:db8::2 10.0.0.1
check_rc "addresses: one refused -> exit 1" "$RUN_RC" 1
chk "addresses: report" \
"127.0.0.2
  -r test.rbl     N ms  listed 127.0.0.2 \"Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2\"
  -r notxt.rbl    N ms  listed 127.0.0.2 (no TXT)
  -r filter.rbl   N ms  listed 127.0.0.10 \"filter.rbl code 10 for 127.0.0.2\"
  -r err.rbl      N ms  error 127.255.255.254 open-resolver
  -a white.rbl    N ms  clear
  reply: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2
127.0.0.3
  -r test.rbl     N ms  listed 127.0.0.2 \"Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.3\"
  -r notxt.rbl    N ms  listed 127.0.0.2 (no TXT)
  -r filter.rbl   N ms  listed 127.0.0.11 \"filter.rbl code 11 for 127.0.0.3\"
  -r err.rbl      N ms  error 127.255.255.255 rate-limited
  -a white.rbl    N ms  listed 127.0.0.2
  reply: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.3
2001:db8::2
  -r test.rbl     N ms  listed 127.0.0.2 \"Listed by IPv6 list, see http://test.rbl/lookup?ip=2001:db8::2\"
  -r notxt.rbl    N ms  listed 127.0.0.2 (no TXT)
  -r filter.rbl   N ms  clear
  -r err.rbl      N ms  clear
  -a white.rbl    N ms  clear
  reply: 451 Listed by IPv6 list, see http://test.rbl/lookup?ip=2001:db8::2
10.0.0.1
  -r test.rbl     N ms  clear
  -r notxt.rbl    N ms  clear
  -r filter.rbl   N ms  clear
  -r err.rbl      N ms  clear
  -a white.rbl    N ms  clear
  reply: accept"

run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl 10.0.0.1 2001:db8::1 127.0.2.1
check_rc "addresses: none refused -> exit 0" "$RUN_RC" 0

run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -T1 -r silent.test -r servfail.test -r err254.test \
	-r a-only.test -r txt-silent.test 127.0.0.2
chk "addresses: faults" \
"127.0.0.2
  -r silent.test     N ms  timeout
  -r servfail.test   N ms  $(sed -n 's/.*servfail.test *[0-9]* ms  //p' "$RUN_OUT_FILE")
  -r err254.test     N ms  error 127.255.255.254 open-resolver
  -r a-only.test     N ms  listed 127.0.0.2 (no TXT)
  -r txt-silent.test N ms  listed 127.0.0.2 (TXT lookup failed)
  reply: 451 127.0.0.2 is listed by a-only.test"
check_match "addresses: SERVFAIL list fails (servfail)" "$(cat "$RUN_OUT_FILE")" \
	'servfail.test +[0-9]+ ms  servfail$'
[ "$RUN_MS" -lt 2500 ] && ok "addresses: a silent list costs one deadline (${RUN_MS} ms)" ||
	not_ok "addresses: a silent list costs one deadline" "took $RUN_MS ms"

# Scoring shows weights and the score.
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -S 3 -r test.rbl*2 -r notxt.rbl 127.0.0.2
check_match "addresses: -S shows the score" "$(cat "$RUN_OUT_FILE")" '^  score: 3 \(threshold 3\)$'
check_match "addresses: -S shows weights" "$(cat "$RUN_OUT_FILE")" '^  -r test.rbl\*2 '

# JSON, with TXT that needs escaping.
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -j -r quote.test -r 'v4only.test:msg "%IP%"' 127.0.0.2
check_rc "json: exit 1" "$RUN_RC" 1
got=$("$PY" -c '
import json,sys
d=json.load(open(sys.argv[1]))
r=d["results"][0]
print(r["ip"], d["refused"], r["verdict"], r["by"])
print(r["reply"])
for l in r["lists"]: print(l["list"], l["type"], l["result"], l["a"], repr(l.get("txt")), repr(l.get("message")), type(l["ms"]).__name__)
' "$RUN_OUT_FILE" 2>&1)
check_eq "json: parses, TXT escaped" "$got" \
'127.0.0.2 1 451 quote.test
451 say "hi" \ back
quote.test -r listed ['"'"'127.0.0.2'"'"'] '"'"'say "hi" \\ back'"'"' None int
v4only.test -r listed ['"'"'127.0.0.2'"'"'] None '"'"'msg "%IP%"'"'"' int'

# ---------------------------------------------------------------- health
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r test.rbl -r notxt.rbl -r test6.rbl \
	-r filter.rbl=127.0.0.[10..11] -a white.rbl=127.0.0.2
check_rc "health: healthy lists -> exit 0 ... except white.rbl" "$RUN_RC" 2
chk "health: report" \
"ok        test.rbl     N ms  127.0.0.2 listed, 127.0.0.1 not listed; IPv6 ok
ok        notxt.rbl    N ms  127.0.0.2 listed (A only, no TXT), 127.0.0.1 not listed; IPv6 ok
ok        test6.rbl    N ms  IPv6-only list: no IPv4 data, 127.0.0.1 not listed; IPv6 ok
ok        filter.rbl   N ms  127.0.0.2 listed, 127.0.0.1 not listed; IPv6 ok
UNHEALTHY white.rbl    N ms  not-listing: test point 127.0.0.2 is not listed (RFC 5782 section 5 requires it); the zone name is wrong, or the list is empty or shut down (many dead lists answer NXDOMAIN for everything); check the list's documentation"

run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r test.rbl -r rbl.maps.vix.com
check_rc "health: all healthy -> exit 0" "$RUN_RC" 0
run_cmd DNSCACHEIP="[$RBLDNS_IP6]:$RBLDNS_IP6_PORT" -- "$RBLCHECK_BIN" -H -r test.rbl
check_rc "health: DNSCACHEIP=[::1]:port -> exit 0" "$RUN_RC" 0

run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -H -T1 -r v4only.test -r v6silent.test \
	-r err255.test -r err252.test -r txtdrop.test
check_rc "health: extra lists -> exit 2" "$RUN_RC" 2
chk "health: no IPv6 data, IPv6 silent, error codes, TXT dropped" \
"ok        v4only.test    N ms  127.0.0.2 listed, 127.0.0.1 not listed; IPv6 no data
UNHEALTHY v6silent.test  N ms  timeout: IPv6 test point ::ffff:7f00:2: timeout after N ms; the list is dead or unreachable; remove it, or check your resolver and network (every connection waits for it until -T)
UNHEALTHY err255.test    N ms  error: 127.0.0.2 answers 127.255.255.255 (rate-limited); rate-limited (excessive queries); use a DQS key or your own mirror of the list, or query less
UNHEALTHY err252.test    N ms  error: 127.0.0.2 answers 127.255.255.252 (typing-error-in-zone); typo in the zone name or the DQS key; check the spelling
UNHEALTHY txtdrop.test   N ms  txt-failed: test point 127.0.0.2 is listed but its TXT query failed; every listed client waits for the TXT until -T; give the list a :message (then no TXT is asked for) or remove it"

run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r all.rbl -r err.rbl -r nonexistent.local
check_rc "health: wildcard, error, empty -> exit 2" "$RUN_RC" 2
check_match "health: wildcard list" "$(norm)" \
	'^UNHEALTHY all\.rbl N ms wildcard: lists 127\.0\.0\.1 and 198\.51\.100\.X and ::ffff:7f00:1, which no list may list'
check_match "health: 127.255.255.254 says: public resolver" "$(norm)" \
	'^UNHEALTHY err\.rbl N ms error: 127\.0\.0\.2 answers 127\.255\.255\.254 \(open-resolver\); you query through a public or open resolver; run your own recursive resolver'
check_match "health: empty list" "$(norm)" '^UNHEALTHY nonexistent\.local N ms not-listing: '

run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -H -T1 -r silent.test -r servfail.test -r err254.test
check_rc "health: faults -> exit 2" "$RUN_RC" 2
check_match "health: silent list" "$(norm)" '^UNHEALTHY silent\.test N ms timeout: 127\.0\.0\.2: timeout after N ms; the list is dead'
check_match "health: SERVFAIL list" "$(norm)" '^UNHEALTHY servfail\.test N ms servfail: '
check_match "health: error-code list" "$(norm)" '^UNHEALTHY err254\.test N ms error: 127\.0\.0\.2 answers 127\.255\.255\.254'
[ "$RUN_MS" -lt 2500 ] && ok "health: probes run in parallel (${RUN_MS} ms)" ||
	not_ok "health: probes run in parallel" "took $RUN_MS ms"

# The IPv6 test points are asked as 32-nibble names, not as IPv4.
qlog_mark "$FAULTDNS_LAST_QUERYLOG"
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -H -r v4only.test
check_eq "health: the probes' names" "$(qlog_since "$FAULTDNS_LAST_QUERYLOG" | awk '$2 == "A" {print $1}' |
	sed -E 's/^198\.51\.100\.[0-9]+/X/; s/^[0-9]+\.100\.51\.198\./X./' | sort)" \
"1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.v4only.test
1.0.0.127.v4only.test
2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.v4only.test
2.0.0.127.v4only.test
X.v4only.test"

# -n: the lists after it have no RFC 5782 test entry (a private list, here
# white.rbl, and nonexistent.local, empty); -N: the lists after it have one
# again. A list that lists everything is still unhealthy under -n.
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r test.rbl -n -r white.rbl -a white.rbl \
	-r nonexistent.local -N -r notxt.rbl
check_rc "health -n: private lists without test entry are healthy -> exit 0" "$RUN_RC" 0
chk "health -n: report" \
"ok        test.rbl           N ms  127.0.0.2 listed, 127.0.0.1 not listed; IPv6 ok
ok        white.rbl          N ms  no test entry (-n): 127.0.0.2 not listed, 127.0.0.1 not listed; IPv6 no data
ok        white.rbl          N ms  no test entry (-n): 127.0.0.2 not listed, 127.0.0.1 not listed; IPv6 no data
ok        nonexistent.local  N ms  no test entry (-n): 127.0.0.2 not listed, 127.0.0.1 not listed; IPv6 no data
ok        notxt.rbl          N ms  127.0.0.2 listed (A only, no TXT), 127.0.0.1 not listed; IPv6 ok"
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -n -r white.rbl -r all.rbl -N -r nonexistent.local
check_rc "health -n, then -N: exit 2" "$RUN_RC" 2
check_match "health -n: a list of everything is still a wildcard" "$(norm)" '^UNHEALTHY all\.rbl N ms wildcard: '
check_match "health -N: the test entry is required again" "$(norm)" '^UNHEALTHY nonexistent\.local N ms not-listing: '
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -n -r test.rbl 127.0.0.2
check_match "-n changes nothing outside -H" "$(cat "$RUN_OUT_FILE")" '^  reply: 451 Listed by test\.rbl'
run_cmd -- "$RBLSMTPD_BIN" -n -r test.rbl true
check_eq "rblsmtpd has no -n: usage error" "$RUN_RC" 100

# JSON health.
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -j -r test.rbl -r err.rbl
got=$("$PY" -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(d["healthy"], d["unhealthy"], [r["ip"] for r in d["resolvers"]], [r["public"] for r in d["resolvers"]])
for l in d["lists"]: print(l["list"], l["status"], l["problem"], l["ipv6"], l["code"], l["meaning"], len(l["probes"]), l["probes"][0]["ip"], l["probes"][0]["result"])
' "$RUN_OUT_FILE" 2>&1)
check_rc "health json: exit 2" "$RUN_RC" 2
check_eq "health json: parses" "$got" \
"False 1 ['127.0.53.1'] [None]
test.rbl ok ok ok None None 5 127.0.0.2 listed
err.rbl unhealthy error error 127.255.255.254 open-resolver 5 127.0.0.2 error"

# ---------------------------------------------------------------- public resolvers
# Only local list files, so nothing is ever sent to the public resolver (and
# this namespace has no route to it anyway).
LOCAL=$TESTDIR/local.list
printf '127.0.0.2\n' >"$LOCAL"
run_cmd DNSCACHEIP=8.8.8.8 -- "$RBLCHECK_BIN" -H -r "$LOCAL"
check_match "public resolver: DNSCACHEIP=8.8.8.8 warned" "$RUN_OUT" \
	'^WARNING   resolver 8\.8\.8\.8 is a public resolver \(Google Public DNS\)'
check_rc "public resolver: a warning alone -> exit 0" "$RUN_RC" 0
check_match "public resolver: local file is healthy" "$RUN_OUT" "^ok        $LOCAL "
run_cmd DNSCACHEIP="[2606:4700:4700::1111]:53" -- "$RBLCHECK_BIN" -H -r "$LOCAL"
check_match "public resolver: DNSCACHEIP=[v6]:53 warned" "$RUN_OUT" \
	'^WARNING   resolver 2606:4700:4700::1111 is a public resolver \(Cloudflare\)'
printf 'nameserver 127.0.0.1\nnameserver 9.9.9.9\n' >"$TESTDIR/resolv.public"
use_resolv_conf "$TESTDIR/resolv.public"
at_exit 'umount /etc/resolv.conf 2>/dev/null; umount /etc/resolv.conf 2>/dev/null' 
run_cmd -- "$RBLCHECK_BIN" -H -r "$LOCAL"
check_match "public resolver: /etc/resolv.conf warned" "$RUN_OUT" \
	'^WARNING   resolver 9\.9\.9\.9 is a public resolver \(Quad9\)'
check_eq "public resolver: only the public one" "$(grep -c WARNING "$RUN_OUT_FILE")" 1
run_cmd -- "$RBLCHECK_BIN" -H -j -r "$LOCAL"
check_eq "public resolver: json" "$("$PY" -c '
import json,sys; d=json.load(open(sys.argv[1])); print([(r["ip"], r["public"]) for r in d["resolvers"]])' "$RUN_OUT_FILE")" \
	"[('127.0.0.1', None), ('9.9.9.9', 'Quad9')]"
use_resolv_conf "$TESTDIR/resolv.conf.default"
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r "$TESTDIR/missing.list"
check_match "health: unreadable list file" "$RUN_OUT" '^UNHEALTHY .*missing\.list .* unreadable: '
check_rc "health: unreadable list file -> exit 2" "$RUN_RC" 2

# ---------------------------------------------------------------- -v
# "Also show when each TXT answer came": listed DNS lists whose TXT was
# asked for, answered or not; not a :message list, a file, or a clear list.
run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -v -T1 -r listed.test -r a-only.test -r txt-silent.test \
	-r 'ip.test:go away' -r slow1.test 127.0.0.2
chk "-v: TXT times" \
"127.0.0.2
  -r listed.test       N ms  listed 127.0.0.2 \"listed here\" (TXT at N ms)
  -r a-only.test       N ms  listed 127.0.0.2 (no TXT) (TXT at N ms)
  -r txt-silent.test   N ms  listed 127.0.0.2 (TXT lookup failed) (TXT at N ms)
  -r ip.test           N ms  listed 127.0.0.2 message \"go away\"
  -r slow1.test        N ms  clear
  reply: 451 listed here"
run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -v -r "$LOCAL" 127.0.0.2
chk "-v: no TXT time for a list file" \
"127.0.0.2
  -r $LOCAL N ms  listed 127.0.0.2 (no TXT)
  reply: 451 127.0.0.2 is listed by $LOCAL"
run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -T1 -r listed.test 127.0.0.2
check_eq "without -v: no TXT time" "$(grep -c 'TXT at' "$RUN_OUT_FILE")" 0

# ---------------------------------------------------------------- note:
# rblsmtpd decides on fast.test (slow.test counts as timed out: no 553
# after a failure); with every answer in, slow.test, first in order, would
# have decided, with -b: 553.
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -T3 -b -r slow.test -r fast.test 127.0.0.2
chk "note: the reply with every answer in" \
"127.0.0.2
  -r slow.test N ms listed 127.0.0.2 \"slow says no\"
  -r fast.test N ms listed 127.0.0.2 \"fast says no\"
  reply: 451 fast says no
  note: rblsmtpd decides before the slower answers arrive; with all of them in, the reply would be: 553 slow says no"
check_rc "note: exit 1" "$RUN_RC" 1
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -j -T3 -b -r slow.test -r fast.test 127.0.0.2
check_eq "note json: reply and reply_all_answers" \
	"$(json 'd["results"][0]["verdict"], d["results"][0]["by"], d["results"][0]["reply"], "|", d["results"][0]["reply_all_answers"]')" \
	"451 fast.test 451 fast says no | 553 slow says no"
# The same lists in the other order: the early verdict is the final one.
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -T3 -b -r fast.test -r slow.test 127.0.0.2
check_eq "no note when the verdicts agree" "$(grep -c '^  note:' "$RUN_OUT_FILE")" 0
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -j -T3 -b -r fast.test -r slow.test 127.0.0.2
check_eq "no reply_all_answers when the verdicts agree" \
	"$(json '"reply_all_answers" in d["results"][0], d["results"][0]["reply"]')" "False 553 fast says no"

# ---------------------------------------------------------------- several A records
# The listing code is the first A value (in answer order) that passes the
# filter; an error code only when none does; "a" lists them all.
run_cmd DNSCACHEIP=$X -- "$RBLCHECK_BIN" -j -r multia.test -r 'multia.test=127.0.0.2' \
	-r 'multia.test=127.0.0.9' -r errfirst.test -r onlyerr.test 127.0.0.2
check_eq "several A: json code" "$(json '"\n".join("%s %s %s %s %s" % (l["list"], l["result"], ",".join(l["a"]), l.get("code"), l.get("meaning")) for l in d["results"][0]["lists"])')" \
"multia.test listed 127.0.0.4,127.0.0.2,127.255.255.254 127.0.0.4 None
multia.test listed 127.0.0.4,127.0.0.2,127.255.255.254 127.0.0.2 None
multia.test error 127.0.0.4,127.0.0.2,127.255.255.254 127.255.255.254 open-resolver
errfirst.test listed 127.255.255.254,127.0.0.3 127.0.0.3 None
onlyerr.test error 127.255.255.255,127.255.255.254 127.255.255.255 rate-limited"
check_eq "several A: the reply comes from the first list" "$(json 'd["results"][0]["reply"]')" "451 multi A"

# ---------------------------------------------------------------- outcome words
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r 'test.rbl=127.0.0.2' -r "$TESTDIR/missing.list" 127.0.0.4
chk "outcome: clear with the rejected values, failed for an unreadable file" \
"127.0.0.4
  -r test.rbl N ms clear (127.0.0.4 filtered out)
  -r $TESTDIR/missing.list N ms failed
  reply: accept"
run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -T1 -r garbage.test -r slow5.test 127.0.0.2
check_match "outcome: a garbage answer is ignored: timeout (CAVEATS)" "$(norm)" '^ -r garbage\.test N ms timeout$'
lat=$(sed -nE 's/^  -r slow5\.test +([0-9]+) ms .*/\1/p' "$RUN_OUT_FILE")
[ -n "$lat" ] && [ "$lat" -ge 100 ] && [ "$lat" -lt 1000 ] &&
	ok "latency: the time until the A answer (slow5 answers after 100 ms: $lat ms)" ||
	not_ok "latency: the time until the A answer" "slow5: '$lat' ms" "$RUN_OUT"
# An IPv4-mapped IPv6 address counts as IPv4.
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl ::ffff:127.0.0.4
chk "::ffff:127.0.0.4 is looked up as 127.0.0.4" \
"127.0.0.4
  -r test.rbl N ms listed 127.0.0.4 \"Listed by test.rbl with code 4 for 127.0.0.4\"
  reply: 451 Listed by test.rbl with code 4 for 127.0.0.4"

# ---------------------------------------------------------------- ignored
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -r test.rbl 127.0.0.2
want=$(cat "$RUN_OUT_FILE")
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -l stderr -r test.rbl 127.0.0.2
check_eq "-l stderr: accepted and ignored" "$(sed -E 's/ +[0-9]+ ms/ N ms/' "$RUN_OUT_FILE")$RUN_ERR" \
	"$(sed -E 's/ +[0-9]+ ms/ N ms/' <<<"$want")"
run_cmd DNSCACHEIP=$R RBLSMTPD='-go away' -- "$RBLCHECK_BIN" -r test.rbl 127.0.0.2 10.0.0.1
check_match "\$RBLSMTPD ignored: the list decides" "$RUN_OUT" '^  reply: 451 Listed by test\.rbl'
check_match "\$RBLSMTPD ignored: a clear address is accepted" "$RUN_OUT" '^  reply: accept$'

# ---------------------------------------------------------------- DNSCACHEIP forms
# Read (never queried: a local file is the only list) from -H -j.
run_cmd DNSCACHEIP="127.0.53.1:5300,127.0.53.2 [::1]:5353" -- "$RBLCHECK_BIN" -H -j -r "$LOCAL"
check_eq "DNSCACHEIP: ip:port, commas, spaces, [v6]:port" \
	"$(json '[r["ip"] for r in d["resolvers"]], d["resolver_error"]')" \
	"['127.0.53.1', '127.0.53.2', '::1'] False"
run_cmd DNSCACHEIP="$F:$FAULTDNS_ALT_PORT" -- "$RBLCHECK_BIN" -r listed.test 127.0.0.2
check_match "DNSCACHEIP=ip:port is asked on that port" "$RUN_OUT" '^  reply: 451 listed here$'

# ---------------------------------------------------------------- health extras
run_cmd DNSCACHEIP=$R -- "$RBLCHECK_BIN" -H -r 'test.rbl=127.0.0.4'
check_rc "health: a test point the filter rejects is no problem -> exit 0" "$RUN_RC" 0
chk "health: a test point the filter rejects" \
"ok test.rbl N ms test point 127.0.0.2 answers 127.0.0.2, which the filter rejects; IPv6 no data"
# (with a list that answers in the same run: a resolver that refuses
# everything would be the resolver's fault, not the list's)
run_cmd DNSCACHEIP=$F -- "$RBLCHECK_BIN" -H -T1 -r refused.test -r nothing.test
check_match "health: a refusing list" "$(norm)" '^UNHEALTHY refused\.test N ms refused: 127\.0\.0\.2: refused after N ms; '

# ---------------------------------------------------------------- exit 111
run_cmd DNSCACHEIP=$R -- bash -c 'exec "$0" "$@" >/dev/full' "$RBLCHECK_BIN" -r test.rbl 127.0.0.2
check_rc "output to a full disk -> exit 111" "$RUN_RC" 111
check_eq "output to a full disk: says so" "$RUN_ERR" "rblcheck: fatal: unable to write output"
