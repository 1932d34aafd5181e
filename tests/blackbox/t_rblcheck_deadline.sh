#!/bin/bash
# SPDX-License-Identifier: ISC
# rblcheck: one DNS deadline for the whole run, not one per batch of
# addresses (man rblcheck: the addresses in flight share one deadline), and
# a low open-file limit loses no answer (one set of resolver sockets).
. "$(dirname "$0")/../lib/common.sh"
start_dns
F=$FAULTDNS_IP

ips=()
for i in $(seq 1 64); do ips+=("127.0.1.$i"); done

# A list that never answers and one that answers at once, 64 addresses, -T 1:
# every address waits for the dead list at the same time (0.88-style batches
# of 16 took 4 x -T).
run_cmd -t 20 DNSCACHEIP=$F -- "$RBLCHECK_BIN" -T 1 -r silent.test -r listed.test "${ips[@]}"
check_rc "64 addresses: all refused -> exit 1" "$RUN_RC" 1
check_eq "64 addresses: the dead list timed out for each" \
	"$(grep -cE '^  -r silent\.test +[0-9]+ ms  timeout$' "$RUN_OUT_FILE")" 64
check_eq "64 addresses: the live list answered each" \
	"$(grep -cE '^  -r listed\.test +[0-9]+ ms  listed 127\.0\.0\.2 "listed here"$' "$RUN_OUT_FILE")" 64
[ "$RUN_MS" -lt 2000 ] && ok "64 addresses, one dead list: one deadline (${RUN_MS} ms < 2 x -T)" ||
	not_ok "64 addresses, one dead list: one deadline" "took $RUN_MS ms with -T 1"

# JSON: the same run, one object per address, in command-line order.
run_cmd -t 20 DNSCACHEIP=$F -- "$RBLCHECK_BIN" -j -T 1 -r silent.test -r listed.test "${ips[@]}"
check_eq "64 addresses json: in order, every result in" "$("$PY" -c '
import json,sys
d=json.load(open(sys.argv[1]))
r=d["results"]
print(len(r), d["refused"], r[0]["ip"], r[63]["ip"],
      sorted(set(l["result"] for x in r for l in x["lists"])))' "$RUN_OUT_FILE")" \
"64 64 127.0.1.1 127.0.1.64 ['listed', 'timeout']"
[ "$RUN_MS" -lt 2000 ] && ok "64 addresses json: one deadline (${RUN_MS} ms)" ||
	not_ok "64 addresses json: one deadline" "took $RUN_MS ms with -T 1"

# A low open-file limit: fewer lookups at once, but none fails for want of a
# socket (c-ares would report that as "refused").
run_cmd -t 30 DNSCACHEIP=$F -- bash -c 'ulimit -n 40 && exec "$0" "$@"' \
	"$RBLCHECK_BIN" -T 1 -r listed.test -r servfail.test "${ips[@]}"
check_eq "ulimit -n 40: every address listed" \
	"$(grep -cE '^  -r listed\.test +[0-9]+ ms  listed 127\.0\.0\.2 "listed here"$' "$RUN_OUT_FILE")" 64
check_eq "ulimit -n 40: every SERVFAIL reported as such" \
	"$(grep -cE '^  -r servfail\.test +[0-9]+ ms  servfail$' "$RUN_OUT_FILE")" 64
check_eq "ulimit -n 40: nothing on stderr but the summary" \
	"$(grep -v -e '^rblcheck: 64 addresses checked, ' -e '^rblcheck: -r [a-z.]*: ' "$RUN_ERR_FILE")" ""
