#!/bin/bash
# SPDX-License-Identifier: ISC
# -vv, late lookups (rblsmtpd(8) -vv and LOG FORMAT summary; doc/design.md
# "Late lookups"): the lists still pending at an early refusal are read on
# during the dialogue, and each one's outcome in the summary is settled
# exactly as on the normal path, where rblsmtpd waits for every answer:
#  1. a late list that times out, one that answers SERVFAIL, one that answers
#     an error code: the same result words as when the same lists are waited
#     for, each at its time;
#  2. the resolver dies after the refusal: the late list is "resolver";
#  3. a REFUSED is blamed on the resolver only while the server has answered
#     nothing else: settled over every answer, when the reading ends and
#     when the dialogue ends first;
#  4. -T bounds the reading: a list answering after -T is "timeout" at -T
#     and the dialogue does not wait for it; one answering before is read.
# The client's bytes and their timing never depend on the late lists.
# Checked: the summary's content (words, times within bounds), not when it
# is written nor its place among the other lines.
#
# Not tested here, and why: warning lines ("<list> timeout ...") and the
# "resolver" line for late lists. They are written with the verdict, before
# any late answer, so a late list has none today; what a late failure should
# log besides the summary is for the log format to say (rblsmtpd(8) LOG
# FORMAT), and this script does not pin the absence.
. "$(dirname "$0")/../lib/common.sh"

DNS=127.0.53.5
cat >"$TESTDIR/late.rules" <<'EOF'
.                   nxdomain
*.fast.test         a=127.0.0.2 txt="fast list"
*.never.test        drop
*.servfail-l.test   delay=400 rcode=2
*.err-l.test        delay=400 a=127.255.255.254 txt="late error code"
*.before-t.test     delay=1500 a=127.0.0.3 txt="before -T"
*.after-t.test      delay=3000 a=127.0.0.3 txt="after -T"
EOF
start_faultdns late "$TESTDIR/late.rules" $DNS

# A client on rblsmtpd's stdin/stdout: "<ms> <reply>" for each reply (ms
# since start), "<ms> QUIT" when it sends QUIT at HOLD ms, "<ms> exit <rc>".
# KILL: a pid file whose process is killed once the greeting is in, or "-".
cat >"$TESTDIR/client.py" <<'EOF'
import os, signal, subprocess, sys, time
hold, kill, errf = int(sys.argv[1]) / 1000.0, sys.argv[2], sys.argv[3]
t0 = time.monotonic()
def ms():
    return int((time.monotonic() - t0) * 1000)
p = subprocess.Popen(sys.argv[4:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=open(errf, "wb"))
def reply():
    line = p.stdout.readline().decode(errors="replace").rstrip("\r\n")
    print("%d %s" % (ms(), line), flush=True)
reply()
if kill != "-":
    os.kill(int(open(kill).read()), signal.SIGKILL)
p.stdin.write(b"HELO x\r\nRCPT TO:<a@b>\r\n"); p.stdin.flush()
reply(); reply()
time.sleep(max(0, hold - (time.monotonic() - t0)))
print("%d QUIT" % ms(), flush=True)
p.stdin.write(b"QUIT\r\n"); p.stdin.flush()
reply()
p.wait()
print("%d exit %d" % (ms(), p.returncode), flush=True)
EOF
# converse HOLD_MS KILL SERVER RBLSMTPD-ARGS...: sets CONV (the client's
# lines), CONV_MS (their times) and SUM (the summary's results column, one
# "zone=result@ms" per line); the log lines (-l stderr) are in $TESTDIR/err
converse() {
	local hold=$1 kill=$2 dns=$3 out; shift 3
	out=$(env -i PATH="$PATH" TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$dns" timeout 20 \
		"$PY" "$TESTDIR/client.py" "$hold" "$kill" "$TESTDIR/err" \
		"$RBLSMTPD_BIN" -vv -l stderr "$@" echo served)
	CONV=$(printf '%s\n' "$out" | cut -d' ' -f2-)
	CONV_MS=$(printf '%s\n' "$out" | cut -d' ' -f1 | tr '\n' ' ')
	SUM=$(sed -n 's/^rblsmtpd: summary [^ ]* [^ ]* [^ ]* [0-9]* //p' "$TESTDIR/err" | tr ',' '\n')
}
# the summary of a run without a dialogue (the normal path), same form
summary_of() {
	run_cmd -t 20 TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$1" -- "$RBLSMTPD_BIN" -vv -l stderr "${@:2}" echo served
	printf '%s\n' "$RUN_ERR" | sed -n 's/^rblsmtpd: summary [^ ]* [^ ]* [^ ]* [0-9]* //p' | tr ',' '\n'
}
words() { sed 's/@[0-9]*$//'; }                # zone=result, one a line
ms_of() { printf '%s\n' "$SUM" | sed -n "s/^$1=[^@]*@//p"; }
# in_range NAME ZONE LO HI: the late list's time in [LO, HI)
in_range() {
	local t
	t=$(ms_of "$2")
	[ -n "$t" ] && [ "$t" -ge "$3" ] && [ "$t" -lt "$4" ] && ok "$1 ($2 @$t ms)" ||
		not_ok "$1" "want $2 at [$3, $4) ms; summary: $(printf '%s\n' "$SUM" | tr '\n' ' ')"
}
# replies_before NAME MS: the three replies before QUIT all came before MS
replies_before() {
	local r
	r=$(echo $CONV_MS | awk '{print $3}')
	[ -n "$r" ] && [ "$r" -lt "$2" ] && ok "$1 (replies at $CONV_MS ms)" ||
		not_ok "$1" "want the first three replies before $2 ms; times: $CONV_MS"
}
WANT='220 rblsmtpd.local
250 rblsmtpd.local
451 fast list
QUIT
221 rblsmtpd.local
exit 0'

# ---------------------------------------------------------------- 1. timeout, servfail, error
# Normal path: nothing before these lists lists the client, so rblsmtpd
# waits for all three (the silent one until -T) and accepts.
LISTS=(-r never.test -r servfail-l.test -r err-l.test)
normal=$(summary_of $DNS -T 1.5 "${LISTS[@]}")
check_eq "normal path: timeout, servfail, error" "$(printf '%s\n' "$normal" | words)" \
	"never.test=timeout
servfail-l.test=servfail
err-l.test=error:127.255.255.254"
# Late: fast.test, first, refuses at once; the three are read on.
converse 3000 - $DNS -T 1.5 -r fast.test "${LISTS[@]}"
check_eq "late: the dialogue as ever" "$CONV" "$WANT"
check_eq "late: each list's result as on the normal path" "$(printf '%s\n' "$SUM" | words | sed 1d)" \
	"$(printf '%s\n' "$normal" | words)"
in_range "late: timeout at -T (1500 ms), not when the dialogue ended (3000 ms)" never.test 1500 2500
in_range "late: servfail when it came (400 ms)" servfail-l.test 400 1500
in_range "late: error code when it came (400 ms)" err-l.test 400 1500

# ---------------------------------------------------------------- 2. the resolver dies
# The only server answers fast.test, then is killed once the greeting is in;
# c-ares's next try for never.test (at -T/4 = 1 s, then 3 s) meets an ICMP
# port unreachable: every DNS server is dead.
start_faultdns dies "$TESTDIR/late.rules" 127.0.53.6
disown -a   # killed on purpose below: no "Killed" notice from bash
converse 4500 "$TESTDIR/run/faultdns-dies.pid" 127.0.53.6 -T 4 -r fast.test -r never.test
check_eq "resolver dies after the refusal: the dialogue as ever" "$CONV" "$WANT"
check_eq "resolver dies after the refusal: the late list is 'resolver'" "$(printf '%s\n' "$SUM" | words)" \
	"fast.test=listed:127.0.0.2
never.test=resolver"
in_range "resolver dies: when c-ares retried, before -T" never.test 1000 4000

# ---------------------------------------------------------------- 3. blame
# The deciding list is a local file: the server has answered nothing when
# refused-l.test gets REFUSED (300 ms), so that failure is blamed on the
# resolver for now; clear-l.test's NXDOMAIN (800 ms) shows the server
# answers, so the REFUSED is the list's own: "refused", as on the normal
# path. (What each server answered is counted per connection: the runs
# share this server.)
printf '127.0.0.2 :127.0.0.2:local file\n' >"$TESTDIR/local.list"
cat >"$TESTDIR/blame.rules" <<'EOF'
.                   nxdomain
*.refused-l.test    delay=300 rcode=5
*.clear-l.test      delay=800 nxdomain
*.never.test        drop
EOF
start_faultdns blame "$TESTDIR/blame.rules" 127.0.53.7
normal=$(summary_of 127.0.53.7 -T 3 -r refused-l.test -r clear-l.test)
check_eq "blame, normal path: refused, clear" "$(printf '%s\n' "$normal" | words)" \
	"refused-l.test=refused
clear-l.test=clear"
WANT_FILE=${WANT/451 fast list/451 local file}
converse 1500 - 127.0.53.7 -T 3 -r "$TESTDIR/local.list" -r refused-l.test -r clear-l.test
check_eq "blame, late, every answer in: the dialogue as ever" "$CONV" "$WANT_FILE"
check_eq "blame, late, every answer in: refused, clear (as on the normal path)" \
	"$(printf '%s\n' "$SUM" | words | sed 1d)" "$(printf '%s\n' "$normal" | words)"
# the dialogue ends (1500 ms) with never.test still pending, before -T:
# refused-l.test is settled all the same, never.test is skipped
converse 1500 - 127.0.53.7 -T 3 -r "$TESTDIR/local.list" -r refused-l.test -r clear-l.test -r never.test
check_eq "blame, late, the dialogue ends first: refused, clear, skipped" \
	"$(printf '%s\n' "$SUM" | words | sed 1d)" "refused-l.test=refused
clear-l.test=clear
never.test=skipped"

# ---------------------------------------------------------------- 4. -T bounds the reading
# answers at 1500 ms, -T 3: read, with its time
converse 2200 - $DNS -T 3 -r fast.test -r before-t.test
check_eq "answer before -T: the dialogue as ever" "$CONV" "$WANT"
replies_before "answer before -T: the replies did not wait for it" 1000
check_eq "answer before -T: read (listed)" "$(printf '%s\n' "$SUM" | words)" \
	"fast.test=listed:127.0.0.2
before-t.test=listed:127.0.0.3"
in_range "answer before -T: its time" before-t.test 1500 2200
check_eq "answer before -T: no TXT query after the verdict (the text is not needed)" \
	"$(grep -c ' 2\.0\.0\.127\.before-t\.test TXT ' "$TESTDIR/faultdns-late.qlog")" 0
# answers at 3000 ms, -T 2, the client stays until 3300 ms: not read. (c-ares
# itself would give up at 7/4 of -T, 3500 ms: the answer comes before that,
# so only -T keeps it out.)
converse 3300 - $DNS -T 2 -r fast.test -r after-t.test
check_eq "answer after -T: the dialogue as ever" "$CONV" "$WANT"
check_eq "answer after -T: timeout, although the answer came during the dialogue" \
	"$(printf '%s\n' "$SUM" | words)" "fast.test=listed:127.0.0.2
after-t.test=timeout"
in_range "answer after -T: timed out at -T (2000 ms)" after-t.test 2000 3000
# the client quits at 2400 ms, between -T and the answer: not waited for
converse 2400 - $DNS -T 2 -r fast.test -r after-t.test
check_eq "quit between -T and the late answer: the dialogue as ever" "$CONV" "$WANT"
replies_before "quit between -T and the late answer: replies at once" 1000
q=$(echo $CONV_MS | awk '{print $4}'); x=$(echo $CONV_MS | awk '{print $6}')
[ -n "$x" ] && [ "$x" -lt 3000 ] && [ "$((x - q))" -lt 500 ] &&
	ok "quit between -T and the late answer: 221 and exit at once, before the answer (QUIT at $q, exit at $x ms)" ||
	not_ok "quit between -T and the late answer: 221 and exit at once" "times: $CONV_MS (answer due at 3000 ms)"
check_eq "quit between -T and the late answer: timeout" "$(printf '%s\n' "$SUM" | words)" \
	"fast.test=listed:127.0.0.2
after-t.test=timeout"
in_range "quit between -T and the late answer: timed out at -T (2000 ms)" after-t.test 2000 2400
