#!/bin/bash
# SPDX-License-Identifier: ISC
# rblsmtpd(8) DIALOGUE: bounded dialogue.  A command line over 1000 bytes
# (its CRLF or LF not counted) is answered once with the refusal, the rest of
# the line is discarded and the next command handled; a client that hangs up
# mid-dialogue ends it cleanly: exit 0, not death by SIGPIPE (141), stderr
# line written; -t ends the dialogue even when the client never reads.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
R=$RBLSMTPD_BIN
B=(TCPREMOTEIP=127.0.0.2 RBLSMTPD=bounded)
x() { head -c "$1" /dev/zero | tr '\0' "${2:-x}"; }
G=$'220 rblsmtpd.local^M'
N=$'250 rblsmtpd.local^M'
Q=$'221 rblsmtpd.local^M'
M=$'451 bounded^M'

run_cmd -i "RCPT TO:<$(x 1500)>\r\nNOOP\r\nQUIT\r\n" "${B[@]}" -- "$R" echo ok
check_eq "1500-byte RCPT: one refusal, then NOOP and QUIT handled" "$RUN_OUT|$RUN_RC" "$G
$M
$N
$Q|0"
run_cmd -i "$(x 100000 a)\nHELO x\nQUIT\n" "${B[@]}" -- "$R" echo ok
check_eq "100000-byte line (many reads): answered once" "$RUN_OUT" "$G
$M
$N
$Q"
run_cmd -i "NOOP $(x 995)\nQUIT\n" "${B[@]}" -- "$R" echo ok
check_eq "1000-byte NOOP line + LF: normal (250)" "$RUN_OUT" "$G
$N
$Q"
run_cmd -i "NOOP $(x 995)\r\nQUIT\r\n" "${B[@]}" -- "$R" echo ok
check_eq "1000-byte NOOP line + CRLF: normal (250), same as with LF" "$RUN_OUT" "$G
$N
$Q"
run_cmd -i "NOOP $(x 996)\nQUIT\n" "${B[@]}" -- "$R" echo ok
check_eq "1001-byte NOOP line + LF: overlong, refused" "$RUN_OUT" "$G
$M
$Q"
run_cmd -i "NOOP $(x 996)\r\nQUIT\r\n" "${B[@]}" -- "$R" echo ok
check_eq "1001-byte NOOP line + CRLF: overlong, refused" "$RUN_OUT" "$G
$M
$Q"
run_cmd -i "QUIT $(x 2000)\r\nNOOP\r\n" "${B[@]}" -- "$R" echo ok
check_eq "overlong QUIT line is refused, not obeyed" "$RUN_OUT" "$G
$M
$N"
run_cmd -i "HELO x\r\n$(x 3000)" "${B[@]}" -- "$R" echo ok
check_eq "overlong unterminated line then EOF: one refusal, exit 0" "$RUN_OUT|$RUN_RC" "$G
$N
$M|0"
run_cmd -i "$(x 1200)\r\n$(x 1200)\r\nQUIT\r\n" "${B[@]}" -- "$R" echo ok
check_eq "two overlong lines: two refusals" "$RUN_OUT" "$G
$M
$M
$Q"

# ---------------------------------------------------------------- hang-up
cat >"$TESTDIR/hangup.py" <<'PYEOF'
import subprocess, sys, time
mode, argv = sys.argv[1], sys.argv[2:]
err = open(sys.argv[0] + '.err', 'wb')
p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
if mode == 'after-greeting':
    p.stdout.readline()          # 220
    p.stdout.close()             # the client goes away
    try:
        for i in range(200):
            p.stdin.write(b'NOOP\r\nRCPT TO:<a@b>\r\n'); p.stdin.flush()
    except BrokenPipeError:
        pass
elif mode == 'before-greeting':
    p.stdout.close()
    try:
        p.stdin.write(b'HELO x\r\n'); p.stdin.flush()
    except BrokenPipeError:
        pass
try:
    p.stdin.close()
except BrokenPipeError:
    pass
print('rc=%d' % p.wait(timeout=10))
PYEOF
for mode in after-greeting before-greeting; do
	run_cmd -t 15 "${B[@]}" -- "$PY" "$TESTDIR/hangup.py" $mode "$R" echo ok
	check_eq "client hangs up ($mode): exit 0, not SIGPIPE" "$RUN_OUT" "rc=0"
	check_eq "client hangs up ($mode): stderr line written" "$(sed 's/pid [0-9]*/pid x/' "$TESTDIR/hangup.py.err")" \
		"rblsmtpd: 127.0.0.2 pid x: 451 bounded"
done
# the exec'd server must not inherit an ignored SIGPIPE
cat >"$TESTDIR/sigpipe.sh" <<'SH'
#!/bin/sh
grep '^SigIgn' /proc/$$/status
SH
chmod +x "$TESTDIR/sigpipe.sh"
run_cmd TCPREMOTEIP=127.0.0.1 -- "$R" "$TESTDIR/sigpipe.sh"
sigign=$(printf '%s' "$RUN_OUT" | awk '{print $2}')
if [ -n "$sigign" ] && [ $(( 0x$sigign & 0x1000 )) -eq 0 ]; then
	ok "exec'd server: SIGPIPE not ignored ($RUN_OUT)"
else
	not_ok "exec'd server: SIGPIPE not ignored" "$RUN_OUT"
fi

# ---------------------------------------------------------------- -t, never-reading client
# -t bounds the whole dialogue even when the client never reads our replies
# (0.88's alarm did; a blocked write must not outlive -t).
d=$(mktemp -d); at_exit "rm -rf '$d'"
mkfifo "$d/out"
# Many commands, so the replies fill the pipe; the reader never reads.
yes 'RCPT TO:<a@example.org>' | head -n 20000 > "$d/in"
( exec 3<"$d/out"; sleep 20 ) & reader=$!
start=$(date +%s)
RBLSMTPD=blocked timeout 15 env TCPREMOTEIP=127.0.0.2 "$RBLSMTPD_BIN" -t 2 true \
	<"$d/in" >"$d/out" 2>/dev/null
rc=$?
took=$(( $(date +%s) - start ))
kill $reader 2>/dev/null; wait $reader 2>/dev/null
check_rc "never-reading client: dialogue ends with exit 0 (not killed by timeout)" "$rc" 0
[ "$took" -le 10 ] && ok "never-reading client: ended by -t, well before the 15 s guard" \
	|| not_ok "never-reading client: ended by -t" "took ${took}s"
