#!/bin/bash
# SPDX-License-Identifier: ISC
# -vv: the lookups still pending when rblsmtpd refuses are read on during the
# dialogue, for the log only. The client is refused at the speed of the list
# that decided; the summary (written last, at the dialogue's end) gives every
# list's real outcome and time; "skipped" stays for lists whose answer the
# dialogue's end cut short. The dialogue's bytes do not change.
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
DNS=127.0.53.5
SLOW_MS=3000
cat >"$TESTDIR/late.rules" <<EOF
.                 nxdomain
*.slow.test       delay=$SLOW_MS a=127.0.0.3 txt="slow list"
*.fast.test       a=127.0.0.2 txt="fast list"
*.never.test      drop
EOF
start_faultdns late "$TESTDIR/late.rules" $DNS

# A client on rblsmtpd's stdin/stdout: prints "<ms> <line>" for each reply,
# ms since start; sends HELO after the greeting and QUIT after HOLD ms.
cat >"$TESTDIR/client.py" <<'EOF'
import os, subprocess, sys, time
hold = int(sys.argv[1]) / 1000.0
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def reply():
    line = p.stdout.readline().decode(errors="replace").rstrip("\r\n")
    print("%d %s" % ((time.monotonic() - t0) * 1000, line), flush=True)
reply()
p.stdin.write(b"HELO x\r\nRCPT TO:<a@b>\r\n"); p.stdin.flush()
reply(); reply()
time.sleep(max(0, hold - (time.monotonic() - t0)))
p.stdin.write(b"QUIT\r\n"); p.stdin.flush()
reply()
p.wait()
EOF
# converse HOLD_MS RBLSMTPD-ARGS...: sets CONV (replies) and CONV_MS (their times)
converse() {
	local hold=$1; shift
	local out
	out=$(env -i PATH="$PATH" TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$DNS \
		timeout 20 "$PY" "$TESTDIR/client.py" "$hold" "$RBLSMTPD_BIN" "$@" echo served 2>/dev/null)
	CONV=$(printf '%s\n' "$out" | cut -d' ' -f2-)
	CONV_MS=$(printf '%s\n' "$out" | cut -d' ' -f1 | tr '\n' ' ')
}
WANT='220 rblsmtpd.local
250 rblsmtpd.local
451 fast list
221 rblsmtpd.local'

# ordered: -r slow -r fast. fast lists at once; slow could only make it 451
# too (nothing after it can change the side), so the verdict does not wait.
log_mark
converse $((SLOW_MS + 1000)) -vv -r slow.test -r fast.test
check_eq "-vv: the dialogue as ever" "$CONV" "$WANT"
first=${CONV_MS%% *}; last=$(echo $CONV_MS | awk '{print $3}')
[ "$first" -lt $((SLOW_MS / 2)) ] && [ "$last" -lt $((SLOW_MS / 2)) ] &&
	ok "-vv: refused at the fast list's speed (replies at $CONV_MS ms)" ||
	not_ok "-vv: refused at the fast list's speed" "replies at $CONV_MS ms, slow list $SLOW_MS ms"
got=$(log_new)
check_match "-vv: blocked names the deciding list" "$got" '^rblsmtpd: fast\.test blocked 127\.0\.0\.2 - -$'
sum=$(printf '%s\n' "$got" | grep ' summary ')
check_match "-vv: summary: both lists listed, each with its time" "$sum" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test [0-9]+ slow\.test=listed:127\.0\.0\.3@(299[0-9]|3[0-9]{3}),fast\.test=listed:127\.0\.0\.2@[0-9]+$'
vms=$(printf '%s\n' "$sum" | awk '{print $6}')
[ -n "$vms" ] && [ "$vms" -lt $((SLOW_MS / 2)) ] && ok "-vv: summary's verdict time is the fast one's ($vms ms)" ||
	not_ok "-vv: summary's verdict time is the fast one's" "$sum"
check_eq "-vv: order: blocked, rejected, then the summary" "$(printf '%s\n' "$got" | awk '{print ($2 == "summary") ? $2 : $3}' | tr '\n' ' ')" \
	"blocked rejected summary "

# rblstat counts on the completed summary: the client is in both lists'
# overlap, and the refusal is a complete one (no list skipped).
stat=$("$RBLSTAT_BIN" --json "$SYSLOG_FILE" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
lists = {l["list"]: l for l in r["lists"]}
f, s = lists.get("fast.test", {}), lists.get("slow.test", {})
print(r["totals"]["refusals"], r["totals"]["refused_complete"], r["totals"]["refused_incomplete"],
      f.get("overlap", {}).get("slow.test", 0), s.get("overlap", {}).get("fast.test", 0),
      f.get("listed", 0), s.get("listed", 0), f.get("unique", 0))')
check_eq "rblstat: one complete refusal, counted in both lists' overlap, no unique catch" \
	"$stat" "1 1 0 1 1 1 1 0"

# the same without -vv: same bytes, same speed
converse 500 -v -r slow.test -r fast.test
check_eq "-v: the same dialogue" "$CONV" "$WANT"

# the dialogue ends before the slow list answers: skipped
log_mark
converse 100 -vv -r slow.test -r fast.test
check_match "dialogue over first: the slow list skipped" "$(log_new_n)" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test N slow\.test=skipped@N,fast\.test=listed:127\.0\.0\.2@N$'

# a list that never answers: read until -T, then a timeout, as it would be
# without the early verdict (times and more cases: t_smtpd_late_outcomes.sh);
# the summary comes at the dialogue's end
log_mark
converse 2500 -vv -T 1 -r never.test -r fast.test
check_eq "-T passes during the dialogue: dialogue unchanged" "$CONV" "$WANT"
check_match "-T passes during the dialogue: never-answering list timed out" "$(log_new_n)" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test N never\.test=timeout@N,fast\.test=listed:127\.0\.0\.2@N$'
