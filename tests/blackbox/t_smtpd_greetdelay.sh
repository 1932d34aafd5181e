#!/bin/bash
# SPDX-License-Identifier: ISC
# The greet delay -w (rblsmtpd(8), -w), through a real tcpserver: an early
# talker is refused (dialogue and log line), a patient client is served
# after the delay, the lookups overlap the wait, a listed patient client
# gets the list's refusal; an early talker is refused as soon as the lookups
# are done, without sitting out the rest of the delay, and the -vv summary's
# ms leaves the delay out.  A client that connects and hangs up during the
# delay without sending a byte is not an early talker (a hang-up makes
# descriptor 0 readable, but with nothing to read): the man page allows the
# server to be run or the connection just to end; never an "early-talker"
# refusal, log line or stderr line.  A client that sends something and then
# hangs up is still an early talker.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
R=$RBLSMTPD_BIN

# ---------------------------------------------------------------- -w
cat >"$TESTDIR/smtpd.py" <<'PYEOF'
import sys
sys.stdout.buffer.write(b'220 real.server\r\n'); sys.stdout.flush()
for line in sys.stdin.buffer:
    if line[:4].upper() == b'QUIT':
        sys.stdout.buffer.write(b'221 bye\r\n'); break
    sys.stdout.buffer.write(b'250 real ' + line.rstrip(b'\r\n')[:20] + b'\r\n'); sys.stdout.flush()
PYEOF
# client: connects; "early": sends HELO at once; then waits for the
# greeting, sends RCPT + QUIT, prints "<ms after connect> <line>" per line
cat >"$TESTDIR/wclient.py" <<'PYEOF'
import socket, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(('127.0.0.1', port), timeout=10)
t0 = time.time()
print('connected %d' % int(t0 * 1000))
if mode == 'early':
    s.sendall(b'HELO early\r\n')
buf = b''
def line():
    global buf
    while b'\n' not in buf:
        b = s.recv(4096)
        if not b: return None
        buf += b
    l, buf = buf.split(b'\n', 1)
    return l.rstrip(b'\r').decode('latin-1')
first = line()
print('%d %s' % (int((time.time() - t0) * 1000), first))
s.sendall(b'RCPT TO:<a@b>\r\nQUIT\r\n')
while True:
    l = line()
    if l is None: break
    print('+ %s' % l)
PYEOF
start_tcpserver 127.0.0.1 2530 env DNSCACHEIP="$FAULTDNS_IP" "$R" -w 1 -r slow1.test -r slow2.test "$PY" "$TESTDIR/smtpd.py"
qlog_mark
run_cmd -t 15 -- "$PY" "$TESTDIR/wclient.py" 2530 early
out=$RUN_OUT
check_eq "-w 1: early talker refused (dialogue)" "$(printf '%s\n' "$out" | sed -n '2,$p' | sed 's/^[0-9]* //')" \
"220 rblsmtpd.local
+ 250 rblsmtpd.local
+ 451 protocol error: talked before greeting
+ 221 rblsmtpd.local"
wait_grep "$TCPSERVER_ERR" 'talked before' 3
check_match "-w 1: early talker log line" "$(cat "$TCPSERVER_ERR")" \
	'^rblsmtpd: 127\.0\.0\.1 pid [0-9]+: 451 protocol error: talked before greeting$'
# (the early talker is refused as soon as it talks and the lists are in:
# the rest of the delay is not sat out -- asserted with -w 4 below)
run_cmd -t 15 -- "$PY" "$TESTDIR/wclient.py" 2530 patient
out=$RUN_OUT
check_eq "-w 1: patient client gets the real server" "$(printf '%s\n' "$out" | sed -n '2,$p' | sed 's/^[0-9]* //')" \
"220 real.server
+ 250 real RCPT TO:<a@b>
+ 221 bye"
ms=$(printf '%s\n' "$out" | sed -n 2p | awk '{print $1}')
[ "$ms" -ge 900 ] && ok "-w 1: server greeting only after the delay (${ms} ms)" || not_ok "-w 1: server greeting after the delay" "$out"
# the lookups ran during the wait: their queries left right after connect
t0=$(printf '%s\n' "$out" | sed -n 1p | awk '{print $2}')
first_q=$(qlog_since_raw | grep 'slow1.test A' | tail -n1 | awk '{print $1}')
if [ -n "$first_q" ] && [ $((first_q - t0)) -lt 500 ]; then
	ok "-w 1: lookups overlap the wait (query $((first_q - t0)) ms after connect)"
else
	not_ok "-w 1: lookups overlap the wait" "connect=$t0 query=$first_q" "$(qlog_since_raw)"
fi
stop_tcpserver 127.0.0.1 2530
# a listed client that waits: the list's refusal, after the delay
start_tcpserver 127.0.0.1 2531 env DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2 "$R" -w 0.5 -r listed.test "$PY" "$TESTDIR/smtpd.py"
run_cmd -t 15 -- "$PY" "$TESTDIR/wclient.py" 2531 patient
check_eq "-w 0.5: listed patient client: the list's refusal" "$(printf '%s\n' "$RUN_OUT" | sed -n '2,$p' | sed 's/^[0-9]* //')" \
"220 rblsmtpd.local
+ 451 listed here
+ 221 rblsmtpd.local"
stop_tcpserver 127.0.0.1 2531

# ---------------------------------------------------------------- -w: refused once the lookups are done
cat >"$TESTDIR/early.py" <<'PYEOF'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)
t0 = time.time()
s.sendall(b'HELO early\r\n')
buf = b''
while b'\n' not in buf:
    b = s.recv(4096)
    if not b: break
    buf += b
print('%d %s' % (int((time.time() - t0) * 1000), buf.split(b'\r')[0].decode()))
PYEOF
start_tcpserver 127.0.0.1 2550 env DNSCACHEIP="$FAULTDNS_IP" "$R" -vv -l stderr -w 4 -r listed.test echo served
ERR=$TCPSERVER_ERR
run_cmd -t 15 -- "$PY" "$TESTDIR/early.py" 2550
read -r t line <<<"$RUN_OUT"
# (the refusal is the dialogue: its greeting comes at once, RCPT gets the 451)
[ "$line" = "220 rblsmtpd.local" ] && [ "${t:-9999}" -lt 2500 ] &&
	ok "-w 4: early talker's refusal dialogue starts once the lookups are done (${t} ms)" ||
	not_ok "-w 4: early talker refused once the lookups are done" "$RUN_OUT" "$RUN_ERR"
wait_grep "$ERR" 'summary' 5
ms=$(sed -n 's/^rblsmtpd: summary 127\.0\.0\.1 [^ ]* [^ ]* \([0-9]*\) .*/\1/p' "$ERR" | head -n 1)
[ -n "$ms" ] && [ "$ms" -lt 1000 ] && ok "-w 4: summary ms leaves the delay out ($ms)" ||
	not_ok "-w 4: summary ms leaves the delay out" "$(cat "$ERR")"
stop_tcpserver 127.0.0.1 2550

# ---------------------------------------------------------------- -w: hang-up during the delay
# the "server": records that it ran
cat >"$TESTDIR/server" <<SH
#!/bin/sh
echo ran >>"$TESTDIR/server.ran"
SH
chmod +x "$TESTDIR/server"

# client: connect, optionally send bytes, close at once; wait until the
# connection is gone on the server's side
cat >"$TESTDIR/client.py" <<'PYEOF'
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)
if len(sys.argv) > 2:
    s.sendall(sys.argv[2].encode())
s.close()
PYEOF

P=2540
start_tcpserver 127.0.0.1 $P env DNSCACHEIP="$FAULTDNS_IP" "$RBLSMTPD_BIN" -vv -l stderr -w 1 \
	-r slow1.test "$TESTDIR/server"
ERR=$TCPSERVER_ERR

# hang-up, nothing sent
"$PY" "$TESTDIR/client.py" $P
# the delay (1 s) is sat out or cut short; either way the child is done by 3 s
wait_grep "$ERR" 'summary 127\.0\.0\.1 ' 5
sleep 1.5
check_eq "-w: hang-up during the delay: no early-talker line" \
	"$(grep -c -e 'early-talker' -e 'talked before greeting' "$ERR")" 0
check_match "-w: hang-up during the delay: accepted in the summary" "$(cat "$ERR")" \
	'^rblsmtpd: summary 127\.0\.0\.1 accept - [0-9]+ slow1\.test=clear@[0-9]+$'
n=$(grep -c '^ran$' "$TESTDIR/server.ran" 2>/dev/null)
case ${n:-0} in
0|1) ok "-w: hang-up during the delay: server run or connection ended (ran ${n:-0} times)" ;;
*) not_ok "-w: hang-up during the delay: server ran $n times" ;;
esac

# a byte, then the hang-up: an early talker
# (tcpserver's stderr is not opened for appending: never truncate it)
mark=$(wc -l <"$ERR")
"$PY" "$TESTDIR/client.py" $P 'HELO x'
wait_grep "$ERR" 'early-talker' 5
check_match "-w: bytes then hang-up: early talker" "$(tail -n +$((mark + 1)) "$ERR" | tr -d '\000')" \
	'^rblsmtpd: early-talker blocked 127\.0\.0\.1 - -$'
stop_tcpserver 127.0.0.1 $P
