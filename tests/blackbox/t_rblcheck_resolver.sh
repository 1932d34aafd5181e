#!/bin/bash
# SPDX-License-Identifier: ISC
# rblcheck with a dead resolver: when no configured resolver answers
# (nothing listens: ICMP port unreachable), rblcheck and rblcheck -H say the
# resolver is the problem (ERROR line, outcome "resolver", -H status
# UNKNOWN, JSON "resolver_error": true) and never advise removing a list.
#
# DEPENDS ON the engine change that reports this case as FAIL_RESOLVER (branch
# "engine"); until it is merged the engine says "refused" and these fail.
. "$(dirname "$0")/../lib/common.sh"
start_dns
D=$DEAD_DNS_IP
ADVICE='no configured resolver answers (unreachable or refusing): start or fix your recursive resolver, or point DNSCACHEIP or /etc/resolv.conf at one that works; the lists are not at fault'
LOCAL=$TESTDIR/local.list
printf '127.0.0.2\n' >"$LOCAL"

norm() { sed -E 's/[0-9]+ ms/N ms/g; s/ +/ /g' "$RUN_OUT_FILE"; }
no_removal() {
	if grep -qi 'remove' "$RUN_OUT_FILE"; then
		not_ok "$1: no advice to remove a list" "$(grep -i remove "$RUN_OUT_FILE")"
	else
		ok "$1: no advice to remove a list"
	fi
}

# ---------------------------------------------------------------- addresses
run_cmd DNSCACHEIP=$D -- "$RBLCHECK_BIN" -T 1 -r test.rbl -r notxt.rbl -r "$LOCAL" 127.0.0.2
check_rc "addresses: nothing listed by DNS, the local file refuses -> exit 1" "$RUN_RC" 1
check_eq "addresses: the resolver is named, once, first" "$(norm)" "$(sed -E 's/ +/ /g' <<EOT
ERROR $ADVICE
127.0.0.2
  -r test.rbl N ms resolver
  -r notxt.rbl N ms resolver
  -r $LOCAL N ms listed 127.0.0.2 (no TXT)
  reply: 451 127.0.0.2 is listed by $LOCAL
EOT
)"
no_removal "addresses"

# Two resolvers, both dead; fail open as rblsmtpd does.
run_cmd DNSCACHEIP="$D 127.0.53.10" -- "$RBLCHECK_BIN" -T 1 -r test.rbl 127.0.0.2 10.0.0.1
check_rc "addresses, two dead resolvers: accept -> exit 0" "$RUN_RC" 0
check_eq "addresses, two dead resolvers: one ERROR line" "$(grep -c '^ERROR ' "$RUN_OUT_FILE")" 1
check_eq "addresses, two dead resolvers: every lookup resolver" \
	"$(grep -cE '^  -r test\.rbl +[0-9]+ ms  resolver$' "$RUN_OUT_FILE")" 2

run_cmd DNSCACHEIP=$D -- "$RBLCHECK_BIN" -j -T 1 -r test.rbl 127.0.0.2
check_eq "addresses json: resolver_error, resolver, accept" "$("$PY" -c '
import json,sys
d=json.load(open(sys.argv[1]))
r=d["results"][0]
print(d["resolver_error"], r["lists"][0]["result"], r["verdict"])' "$RUN_OUT_FILE" 2>&1)" \
"True resolver accept"

# ---------------------------------------------------------------- health
run_cmd DNSCACHEIP=$D -- "$RBLCHECK_BIN" -H -T 1 -r test.rbl -r "$LOCAL"
check_rc "health: lists unchecked -> exit 2" "$RUN_RC" 2
check_eq "health: ERROR line, then UNKNOWN, not UNHEALTHY" "$(norm)" "$(sed -E 's/ +/ /g' <<EOT
ERROR $ADVICE
UNKNOWN test.rbl N ms resolver: 127.0.0.2: no configured resolver answered, so the list was not checked; fix the resolver first (no configured resolver answers); the list is not at fault
ok $LOCAL N ms local list file (test points not required)
EOT
)"
no_removal "health"

run_cmd DNSCACHEIP=$D -- "$RBLCHECK_BIN" -H -j -T 1 -r test.rbl
check_eq "health json: resolver_error, unknown, resolver" "$("$PY" -c '
import json,sys
d=json.load(open(sys.argv[1]))
l=d["lists"][0]
print(d["resolver_error"], d["healthy"], l["status"], l["problem"], "remove" in (l["advice"] or ""))' "$RUN_OUT_FILE" 2>&1)" \
"True False unknown resolver False"

# ---------------------------------------------------------------- a live resolver
run_cmd DNSCACHEIP=$RBLDNS_IP -- "$RBLCHECK_BIN" -j -T 1 -r test.rbl 127.0.0.2
check_eq "live resolver json: resolver_error false" "$("$PY" -c '
import json,sys; print(json.load(open(sys.argv[1]))["resolver_error"])' "$RUN_OUT_FILE" 2>&1)" "False"
run_cmd DNSCACHEIP=$RBLDNS_IP -- "$RBLCHECK_BIN" -T 1 -r test.rbl 127.0.0.2
check_eq "live resolver: no ERROR line" "$(grep -c '^ERROR' "$RUN_OUT_FILE")" 0
