#!/bin/bash
# Pins -w (greet delay) for a client that connects and hangs up during the
# delay without sending a byte: it is not an early talker (a hang-up makes
# descriptor 0 readable, but with nothing to read).  The man page allows the
# server to be run or the connection just to end; never an "early-talker"
# refusal, log line or stderr line.  A client that sends something and then
# hangs up is still an early talker.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns

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
