#!/bin/bash
# rblcheck: what man/rblcheck.1 documents and no other test reads: -v, the
# "note:" line (the early verdict differs from the all-answers one), which A
# record is the listing code, the outcome words, -l and $RBLSMTPD ignored,
# the DNSCACHEIP forms, exit 111, a filter-rejected test point.
. "$(dirname "$0")/../lib/common.sh"
start_dns
R=$RBLDNS_IP
F=$FAULTDNS_IP

norm() { sed -E 's/[0-9]+ ms/N ms/g; s/ +/ /g' "$RUN_OUT_FILE"; }
chk() { check_eq "$1" "$(norm)" "$(sed -E 's/ +/ /g' <<<"$2")"; }
# json EXPR: print EXPR evaluated with d = the JSON output
json() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$RUN_OUT_FILE" 2>&1; }

cat >"$TESTDIR/doc.rules" <<'RULES'
.                               nxdomain
# answers in the order given (faultdns keeps it; c-ares reads it so)
*.multia.test                   a=127.0.0.4 a=127.0.0.2 a=127.255.255.254 txt="multi A"
*.errfirst.test                 a=127.255.255.254 a=127.0.0.3 txt="error first"
*.onlyerr.test                  a=127.255.255.255 a=127.255.255.254
# one list listed at once, one listed 800 ms later
*.fast.test                     a=127.0.0.2 txt="fast says no"
*.slow.test                     delay=800 a=127.0.0.2 txt="slow says no"
RULES
start_faultdns doc "$TESTDIR/doc.rules" 127.0.53.3
X=127.0.53.3

# ---------------------------------------------------------------- -v
# "Also show when each TXT answer came": listed DNS lists whose TXT was
# asked for, answered or not; not a :message list, a file, or a clear list.
LOCAL=$TESTDIR/local.list
printf '127.0.0.2\n' >"$LOCAL"
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
