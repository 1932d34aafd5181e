#!/bin/bash
# SPDX-License-Identifier: ISC
# Fault matrix, client side: what a hostile or broken SMTP client can do to
# the refusal dialogue. Outcomes checked: exit 0 (never a signal, never a
# crash), every command answered once and in order (nothing lost), time
# bounded by -t, memory bounded whatever the client sends.
. "$(dirname "$0")/../lib/common.sh"

REPLY='451 go away'
SAN=0
ldd "$RBLSMTPD_BIN" 2>/dev/null | grep -q libasan && SAN=1
RSS_MAX_KB=$((SAN ? 400000 : 16000))

# rbl ARGS...: rblsmtpd refusing every client by $RBLSMTPD (no DNS needed)
rbl_env=(TCPREMOTEIP=192.0.2.7 "RBLSMTPD=go away")

# --- a 10 MB line ------------------------------------------------------------
"$PY" -c 'import sys; sys.stdout.buffer.write(b"RCPT TO:<" + b"x" * 10485760 + b">\r\nNOOP\r\nQUIT\r\n")' \
	>"$TESTDIR/10mb"
run_cmd -f "$TESTDIR/10mb" "${rbl_env[@]}" -- /usr/bin/time -f 'rss=%M' -o "$TESTDIR/rss" \
	"$RBLSMTPD_BIN" echo served
rss=$(sed -n 's/^rss=//p' "$TESTDIR/rss")
check_eq "10 MB line: one refusal, then NOOP and QUIT, exit 0" "$RUN_OUT|$RUN_RC" \
	"220 rblsmtpd.local^M
$REPLY^M
250 rblsmtpd.local^M
221 rblsmtpd.local^M|0"
if [ -n "$rss" ] && [ "$rss" -le $RSS_MAX_KB ]; then
	ok "10 MB line: memory bounded (max RSS $rss KB <= $RSS_MAX_KB)"
else
	not_ok "10 MB line: memory bounded" "max RSS ${rss:-?} KB, limit $RSS_MAX_KB"
fi

# --- NUL bytes -----------------------------------------------------------------
run_cmd -i 'HE\000LO x\r\n\000\000\000\r\nNOOP\000\r\nRCPT TO:<a\000b@c>\r\n\000\nQUIT\r\n' \
	"${rbl_env[@]}" -- "$RBLSMTPD_BIN" -v -l stderr echo served
check_eq "NUL bytes: every line answered once, none obeyed by accident, exit 0" "$RUN_OUT|$RUN_RC" \
	"220 rblsmtpd.local^M
$REPLY^M
$REPLY^M
$REPLY^M
$REPLY^M
$REPLY^M
221 rblsmtpd.local^M|0"
check_match "NUL bytes: log line sanitised (NUL as ?)" "$RUN_ERR" \
	'^rblsmtpd: RBLSMTPD rejected 192\.0\.2\.7 - - - - <a\?b@c>$'
if printf '%s' "$RUN_ERR" | LC_ALL=C grep -q '[^[:print:]]'; then
	not_ok "NUL bytes: stderr holds only printable bytes" "$(printf '%s' "$RUN_ERR" | od -c | head)"
else
	ok "NUL bytes: stderr holds only printable bytes"
fi

# --- 10 000 commands, pipelined in one stream -------------------------------------
"$PY" -c '
import sys
w = sys.stdout.buffer.write
w(b"EHLO many.example\r\n")
for i in range(5000):
    w(b"MAIL FROM:<s%d@example.org>\r\nRCPT TO:<r%d@example.org>\r\n" % (i, i))
w(b"QUIT\r\n")' >"$TESTDIR/10k"
run_cmd -f "$TESTDIR/10k" "${rbl_env[@]}" -- "$RBLSMTPD_BIN" -v -L 0 -l stderr echo served
n250=$(printf '%s\n' "$RUN_OUT" | grep -c '^250 rblsmtpd.local^M$')
n451=$(printf '%s\n' "$RUN_OUT" | grep -c "^$REPLY^M\$")
nrej=$(printf '%s\n' "$RUN_ERR" | grep -c '^rblsmtpd: RBLSMTPD rejected 192\.0\.2\.7 - - many\.example <s[0-9]*@example\.org> <r[0-9]*@example\.org>$')
check_eq "10 001 commands: 5001 x 250, 5000 refusals, one 221, exit 0" \
	"$n250 $n451 $(printf '%s\n' "$RUN_OUT" | tail -n 1) $RUN_RC" "5001 5000 221 rblsmtpd.local^M 0"
check_eq "10 001 commands: a rejected log line for each RCPT (none lost)" "$nrej" 5000
last=$(printf '%s\n' "$RUN_ERR" | grep ' rejected ' | tail -n 1)
check_eq "10 001 commands: the log keeps the order" "$last" \
	"rblsmtpd: RBLSMTPD rejected 192.0.2.7 - - many.example <s4999@example.org> <r4999@example.org>"

# --- pipelined commands in one write, replies in order --------------------------
run_cmd -i 'HELO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: x\r\n.\r\nRSET\r\nNOOP\r\nVRFY x\r\nQUIT\r\nHELO after-quit\r\n' \
	"${rbl_env[@]}" -- "$RBLSMTPD_BIN" echo served
check_eq "pipelined: replies in order, nothing after QUIT" "$RUN_OUT|$RUN_RC" \
	"220 rblsmtpd.local^M
250 rblsmtpd.local^M
250 rblsmtpd.local^M
$REPLY^M
$REPLY^M
$REPLY^M
$REPLY^M
250 rblsmtpd.local^M
250 rblsmtpd.local^M
$REPLY^M
221 rblsmtpd.local^M|0"

# --- slowloris: never a newline; silence -------------------------------------------
run_cmd -t 20 -c 'while :; do printf x || exit 0; sleep 0.1; done' "${rbl_env[@]}" -- \
	"$RBLSMTPD_BIN" -t 2 echo served
if [ "$RUN_RC" = 0 ] && [ "$RUN_MS" -ge 1900 ] && [ "$RUN_MS" -le 4000 ]; then
	ok "slowloris (a byte every 100 ms, no newline): dropped at -t 2 ($RUN_MS ms), exit 0"
else
	not_ok "slowloris bounded by -t" "exit $RUN_RC after $RUN_MS ms"
fi
check_eq "slowloris: greeting only, no reply to the partial line" "$RUN_OUT" "220 rblsmtpd.local^M"
run_cmd -t 20 -c 'while :; do printf "NOOP\r\n" || exit 0; sleep 0.1; done' "${rbl_env[@]}" -- \
	"$RBLSMTPD_BIN" -t 2 echo served
if [ "$RUN_RC" = 0 ] && [ "$RUN_MS" -le 4000 ]; then
	ok "busy client (NOOP every 100 ms): -t bounds the whole dialogue ($RUN_MS ms)"
else
	not_ok "busy client bounded by -t" "exit $RUN_RC after $RUN_MS ms"
fi
mkfifo "$TESTDIR/silent"
exec 7<>"$TESTDIR/silent"   # a writer that never writes and never closes
run_cmd -t 20 -f "$TESTDIR/silent" "${rbl_env[@]}" -- "$RBLSMTPD_BIN" -t 1 echo served
exec 7>&-
check_eq "silent client: dropped at -t 1, exit 0" "$RUN_OUT|$RUN_RC|$((RUN_MS < 3000))" \
	"220 rblsmtpd.local^M|0|1"

# --- hang-ups, through a real tcpserver (exit status from its -v log) ------------
start_tcpserver -v -- 127.0.0.1 2525 env "RBLSMTPD=go away" "$RBLSMTPD_BIN" -v -l stderr echo served
cat >"$TESTDIR/hangup.py" <<'PYEOF'
import socket, struct, sys, time
def conn():
    s = socket.create_connection(("127.0.0.1", 2525), timeout=5)
    s.recv(100)                                        # the greeting
    return s
# 1. FIN right after a command, before reading its reply
s = conn(); s.sendall(b"HELO x\r\nRCPT TO:<a@b>\r\n"); s.close()
# 2. RST (SO_LINGER 0) in the middle of a pipelined burst
s = conn(); s.sendall(b"RCPT TO:<x@y>\r\n" * 2000)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); s.close()
# 3. half a line, then gone
s = conn(); s.sendall(b"MAIL FROM:<half"); s.close()
# 4. gone before the greeting is read
s = socket.create_connection(("127.0.0.1", 2525), timeout=5); s.close()
time.sleep(0.5)
PYEOF
timeout 20 "$PY" "$TESTDIR/hangup.py" || not_ok "hang-up client script failed"
wait_for 5 test "$(grep -c ' end [0-9]* status ' "$TCPSERVER_ERR")" -ge 4
ends=$(grep -o ' end [0-9]* status [0-9]*' "$TCPSERVER_ERR" | awk '{print $4}' | sort | uniq -c | awk '{print $2 "x" $1}')
check_eq "hang-ups (FIN, RST mid-burst, half line, before greeting): 4 exits, all status 0" "$ends" "0x4"
check_eq "hang-ups: the djb stderr line for each" \
	"$(grep -c '^rblsmtpd: 127\.0\.0\.1 pid [0-9]*: 451 go away$' "$TCPSERVER_ERR")" 4
check_match "hang-ups: the rejected line before the FIN is logged" "$(cat "$TCPSERVER_ERR")" \
	'^rblsmtpd: RBLSMTPD rejected 127\.0\.0\.1 - - x - <a@b>$'
stop_tcpserver 127.0.0.1 2525
