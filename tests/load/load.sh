#!/bin/bash
# SPDX-License-Identifier: ISC
# Load: LOAD_CONNECTIONS connections (default 1000), LOAD_CONCURRENCY at once
# (default 100), through Debian's tcpserver -c LOAD_CONCURRENCY, to
# rblsmtpd -v -r test.rbl (rbldnsd) logging through a private rsyslogd. Half
# the clients come from listed addresses (127.0.2.2-251), half from clean
# ones (127.0.1.1-250). Checked: every accepted connection reaches the
# server (which names the client back), every refused one gets the refusal
# naming its own address, nothing else happens to any connection; the
# syslog "blocked" lines equal the refused count; tcpserver saw every child
# exit with status 0; no process is left behind.
#   make load                                   the full run
#   tests/blackbox/t_smtpd_load.sh              200 connections, in make test
. "$(dirname "$0")/../lib/common.sh"

N=${LOAD_CONNECTIONS:-1000}
C=${LOAD_CONCURRENCY:-100}
PORT=2525
start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
printf '#!/bin/sh\necho "220 served $TCPREMOTEIP"\n' >"$TESTDIR/server"
chmod 755 "$TESTDIR/server"
start_tcpserver -v -c "$C" -b "$C" -- 127.0.0.1 $PORT \
	env DNSCACHEIP=$RBLDNS_IP "$RBLSMTPD_BIN" -v -r test.rbl "$TESTDIR/server"
TCPSERVER_PID=$(cat "$TESTDIR/run/tcpserver-127.0.0.1-$PORT.pid")

cat >"$TESTDIR/clients.py" <<'PYEOF'
import asyncio, sys, time
port, n, conc = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sem = asyncio.Semaphore(conc)
out = {"refused": 0, "served": 0, "lost": 0}
lost = []
async def one(i):
    listed = i % 2 == 0
    src = "127.0.2.%d" % (2 + i // 2 % 250) if listed else "127.0.1.%d" % (1 + i // 2 % 250)
    async with sem:
        try:
            r, w = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=(src, 0)), 20)
            greeting = await asyncio.wait_for(r.readline(), 20)
            if listed and greeting == b"220 rblsmtpd.local\r\n":
                w.write(b"HELO load.test\r\nMAIL FROM:<a@example.org>\r\n"
                        b"RCPT TO:<b@example.org>\r\nQUIT\r\n")
                await w.drain()
                rest = await asyncio.wait_for(r.read(), 20)
                want = (b"250 rblsmtpd.local\r\n250 rblsmtpd.local\r\n"
                        b"451 Listed by test.rbl, see http://test.rbl/lookup?ip=%s\r\n"
                        b"221 rblsmtpd.local\r\n" % src.encode())
                ok = rest == want
                kind = "refused"
            else:
                rest = await asyncio.wait_for(r.read(), 20)
                ok = not listed and greeting == b"220 served %s\n" % src.encode() and rest == b""
                kind = "served"
            w.close()
        except Exception as e:
            ok, kind, greeting = False, "exception", repr(e).encode()
        if ok:
            out[kind] += 1
        else:
            out["lost"] += 1
            lost.append("%d %s %s %r" % (i, src, kind, greeting[:80]))
async def main():
    await asyncio.gather(*(one(i) for i in range(n)))
t0 = time.time()
asyncio.run(main())
for l in lost[:10]:
    print("# lost:", l)
print("# %d connections, %d at once, in %.1f s" % (n, conc, time.time() - t0))
print(out["refused"], out["served"], out["lost"])
PYEOF
counts=$(timeout 300 "$PY" "$TESTDIR/clients.py" $PORT "$N" "$C")
printf '%s\n' "$counts" | grep '^#'
counts=$(printf '%s\n' "$counts" | grep -v '^#')
check_eq "load: $N connections, $C at once: $((N / 2)) refused, $((N - N / 2)) served, none lost" \
	"$counts" "$((N / 2)) $((N - N / 2)) 0"

# every child ended, status 0, and tcpserver is idle again
wait_for 10 test "$(grep -c ' end [0-9]* status ' "$TCPSERVER_ERR")" -ge "$N"
check_eq "load: tcpserver saw $N children end, all with status 0" \
	"$(grep -o ' end [0-9]* status [0-9]*' "$TCPSERVER_ERR" | awk '{print $4}' | sort | uniq -c | awk '{print $2 "x" $1}')" \
	"0x$N"
wait_for 5 sh -c "! pgrep -P $TCPSERVER_PID >/dev/null"
left=$(pgrep -P "$TCPSERVER_PID" | tr '\n' ' ')
check_eq "load: no process left behind (children of tcpserver)" "$left" ""
check_eq "load: tcpserver back to 0 connections" \
	"$(grep -o 'status: [0-9]*/' "$TCPSERVER_ERR" | tail -n 1)" "status: 0/"

logger -p mail.info -t rbltest flush
wait_grep "$SYSLOG_FILE" 'rbltest: flush$' 10 || echo "# flush line not seen"
blocked=$(grep -c ' rblsmtpd: test\.rbl blocked 127\.0\.2\.[0-9]* - -$' "$SYSLOG_FILE")
check_eq "load: syslog 'blocked' lines = refused connections" "$blocked" "$((N / 2))"
check_eq "load: a 'rejected' line per refused RCPT" \
	"$(grep -c ' rblsmtpd: test\.rbl rejected 127\.0\.2\.[0-9]* - - load\.test <a@example\.org> <b@example\.org>$' "$SYSLOG_FILE")" \
	"$((N / 2))"
check_eq "load: the djb stderr line for each refused connection" \
	"$(grep -c '^rblsmtpd: 127\.0\.2\.[0-9]* pid [0-9]*: 451 Listed by test\.rbl' "$TCPSERVER_ERR")" "$((N / 2))"
stop_tcpserver 127.0.0.1 $PORT
