#!/bin/bash
# SPDX-License-Identifier: ISC
# -vv logging under load: 200 clients at once through Debian's tcpserver,
# 150 of them listed (127.0.2.x) and 50 not (127.0.1.x). Every refused client
# must have its "blocked" line and every client its summary: none lost.
# All 200 connections are open at the same time before any is closed.
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
PORT=2525
start_tcpserver -c 300 -b 300 -- 127.0.0.1 $PORT \
	env DNSCACHEIP=$RBLDNS_IP "$RBLSMTPD_BIN" -vv -r test.rbl sh -c 'echo "220 served"; read x'

cat >"$TESTDIR/clients.py" <<'EOF'
import asyncio, sys
port = int(sys.argv[1])
greeted = 0
async def one(src, n, all_in):
    global greeted
    r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(src, 0))
    greeting = await r.readline()
    greeted += 1
    if greeted == n:
        all_in.set()
    await all_in.wait()  # every connection is open at once
    ours = greeting.startswith(b"220 rblsmtpd.local")
    if ours:
        w.write(b"RCPT TO:<x@example.org>\r\nQUIT\r\n")
        await w.drain()
        await r.read()
    w.close()  # the accepted ones: "220 served", then the server waits for EOF
    return ours
async def main():
    all_in = asyncio.Event()
    srcs = ["127.0.2.%d" % i for i in range(2, 152)] + ["127.0.1.%d" % i for i in range(1, 51)]
    got = await asyncio.wait_for(asyncio.gather(*(one(s, len(srcs), all_in) for s in srcs), return_exceptions=True), 20)
    errors = [g for g in got if isinstance(g, BaseException)]
    print(sum(1 for g in got if g is True), sum(1 for g in got if g is False), len(errors))
asyncio.run(main())
EOF
t0=$(date +%s%N)
counts=$(timeout 30 "$PY" "$TESTDIR/clients.py" $PORT)
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# 200 clients in $ms ms: refused accepted errors = $counts"
check_eq "load: 150 refused, 50 accepted, no client errors" "$counts" "150 50 0"

logger -p mail.info -t rbltest flush
wait_grep "$SYSLOG_FILE" 'rbltest: flush$' 10 || echo "# flush line not seen"
blocked=$(grep -c ' rblsmtpd: test\.rbl blocked 127\.0\.2\.[0-9]* - -$' "$SYSLOG_FILE")
uniq=$(grep ' rblsmtpd: test\.rbl blocked ' "$SYSLOG_FILE" | awk '{print $8}' | sort -u | wc -l)
rejected=$(grep -c ' rblsmtpd: test\.rbl rejected 127\.0\.2\.[0-9]* - - - - <x@example.org>$' "$SYSLOG_FILE")
summaries=$(grep -c ' rblsmtpd: summary ' "$SYSLOG_FILE")
check_eq "load: one blocked line per refused client (none lost)" "$blocked $uniq" "150 150"
check_eq "load: one rejected line per refused RCPT" "$rejected" 150
check_eq "load: one summary per connection" "$summaries" 200
check_eq "load: the djb stderr line for every refused client" \
	"$(grep -c '^rblsmtpd: 127\.0\.2\.[0-9]* pid [0-9]*: 451 ' "$TCPSERVER_ERR")" 150
stop_tcpserver 127.0.0.1 $PORT
