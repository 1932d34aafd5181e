#!/bin/bash
# SPDX-License-Identifier: ISC
# rblsmtpd(8) ENVIRONMENT: the client address (IPv6 nibbles, ::ffff:,
# PROTO/TCP6REMOTEIP, REMOTE_ADDR, getpeername() on fd 0, unparsable -> no
# query) and the DNSCACHEIP forms (djb dot-joined with a dead first server,
# space and comma lists, host:port, [v6]:port, bare IPv6, garbage ->
# resolv.conf; stray dots read as djb's dns_rcip.c did, compared with
# Debian's /usr/bin/rblsmtpd).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
R=$RBLSMTPD_BIN
nib() {   # IPv6 address -> 32 reversed nibbles with dots (python: no guessing)
	"$PY" -c 'import ipaddress,sys; print(".".join(reversed(ipaddress.IPv6Address(sys.argv[1]).exploded.replace(":",""))))' "$1"
}

# ---------------------------------------------------------------- IPv6 query names
qlog_mark
run_cmd -i 'rcpt\r\nquit\r\n' DNSCACHEIP="$FAULTDNS_IP" PROTO=TCP6 TCP6REMOTEIP=2001:db8::1 TCPREMOTEIP=2001:db8::1 -- "$R" -r listed.test echo ok
check_eq "IPv6 client: nibble query names, A then TXT" "$(qlog_since)" \
"$(nib 2001:db8::1).listed.test A udp
$(nib 2001:db8::1).listed.test TXT udp"
check_eq "IPv6 client: log line with the compact address" "$RUN_ERR" "rblsmtpd: 2001:db8::1 pid x: 451 listed here"
run_cmd DNSCACHEIP="$RBLDNS_IP" PROTO=TCP6 TCP6REMOTEIP=2001:DB8:0:FF:0:0:0:9 -- "$R" -t0 -r test.rbl echo ok
check_eq "IPv6 via rbldnsd (ip6trie), uppercase long form" "$RUN_OUT" "451 IPv6 net with code 3 for 2001:db8:0:ff::9^M"
run_cmd DNSCACHEIP="$RBLDNS_IP" PROTO=TCP6 TCP6REMOTEIP=2001:db8::1 -- "$R" -r test.rbl echo ok
check_eq "IPv6 excluded entry: not listed" "$RUN_OUT" "ok"
run_cmd DNSCACHEIP="$RBLDNS_IP" TCPREMOTEIP=::1 -- "$R" -t0 -r test6.rbl echo ok
check_eq "IPv6 in TCPREMOTEIP (no PROTO) works too" "$RUN_OUT" "451 Listed by IPv6 list, see http://test.rbl/lookup?ip=::1^M"

# ---------------------------------------------------------------- v4-mapped
for src in "TCPREMOTEIP=::ffff:127.0.0.2" "PROTO=TCP6 TCP6REMOTEIP=::ffff:127.0.0.2" "TCPREMOTEIP=::FFFF:7f00:2"; do
	qlog_mark
	run_cmd -i 'rcpt\r\nquit\r\n' DNSCACHEIP="$FAULTDNS_IP" $src -- "$R" -r listed.test echo ok
	check_eq "$src is IPv4: query and log" "$(qlog_since | head -n1)|$RUN_ERR" \
		"2.0.0.127.listed.test A udp|rblsmtpd: 127.0.0.2 pid x: 451 listed here"
done

# ---------------------------------------------------------------- which variable
acase() {   # NAME WANT-ADDRESS VAR=...
	local name=$1 want=$2; shift 2
	run_cmd RBLSMTPD=x "$@" -- "$R" -t0 echo ok
	check_eq "$name" "$RUN_ERR" "rblsmtpd: $want pid x: 451 x"
}
acase "PROTO=TCP6: TCP6REMOTEIP wins over TCPREMOTEIP" 2001:db8::6 PROTO=TCP6 TCP6REMOTEIP=2001:db8::6 TCPREMOTEIP=127.0.0.4
acase "PROTO=TCP: TCPREMOTEIP, TCP6REMOTEIP ignored" 127.0.0.4 PROTO=TCP TCP6REMOTEIP=2001:db8::6 TCPREMOTEIP=127.0.0.4
acase "no PROTO: TCPREMOTEIP" 127.0.0.4 TCP6REMOTEIP=2001:db8::6 TCPREMOTEIP=127.0.0.4
acase "PROTO=TCP6 without TCP6REMOTEIP: TCPREMOTEIP" 127.0.0.4 PROTO=TCP6 TCPREMOTEIP=127.0.0.4
acase "TCPREMOTEIP wins over REMOTE_ADDR" 127.0.0.4 TCPREMOTEIP=127.0.0.4 REMOTE_ADDR=127.0.0.5
acase "REMOTE_ADDR alone (systemd)" 127.0.0.5 REMOTE_ADDR=127.0.0.5
qlog_mark
run_cmd -i 'quit\r\n' DNSCACHEIP="$FAULTDNS_IP" REMOTE_ADDR=2001:db8::77 -- "$R" -r listed.test echo ok
check_eq "REMOTE_ADDR IPv6: looked up by nibbles" "$(qlog_since | head -n1)|$RUN_ERR" \
	"$(nib 2001:db8::77).listed.test A udp|rblsmtpd: 2001:db8::77 pid x: 451 listed here"

# ---------------------------------------------------------------- unparsable
for bad in garbage 1.2.3.4.5 127.0.0.256 "::ffff:1.2.3" "fe80::1%lo" " 127.0.0.2" "127.0.0.2 "; do
	qlog_mark
	run_cmd -t 10 DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP="$bad" -- "$R" -c -b -r listed.test -r silent.test echo ok
	check_eq "unparsable TCPREMOTEIP '$bad': accepted, no query (even -c)" "$RUN_OUT|$RUN_ERR|$RUN_RC|$(qlog_since)" "ok||0|"
done
run_cmd TCPREMOTEIP="$(printf 'a\tb\001c')" RBLSMTPD=x -- "$R" -t0 echo ok
check_eq "unparsable address in the log line: non-printables as ?" "$RUN_ERR" "rblsmtpd: a?b?c pid x: 451 x"

# ---------------------------------------------------------------- getpeername
# A tiny listener: accepts one connection from SRC, runs CMD with the socket
# as fd 0 and 1 and an EMPTY environment, sends the client lines, prints
# what came back and the exit status.  stderr of CMD is ours.
cat >"$TESTDIR/peer.py" <<'PYEOF'
import os, socket, sys
host, src, data = sys.argv[1], sys.argv[2], sys.argv[3].encode().decode('unicode_escape').encode('latin-1')
argv = sys.argv[4:]
fam = socket.AF_INET6 if ':' in host else socket.AF_INET
srv = socket.socket(fam, socket.SOCK_STREAM)
srv.bind((host, 0)); srv.listen(1)
cli = socket.socket(fam, socket.SOCK_STREAM)
cli.bind((src, 0)); cli.connect(srv.getsockname()[:2])
conn, _ = srv.accept(); srv.close()
pid = os.fork()
if pid == 0:
    cli.close()
    os.dup2(conn.fileno(), 0); os.dup2(conn.fileno(), 1)
    os.execve(argv[0], argv, {})
conn.close()
cli.settimeout(10)
cli.sendall(data)
out = b''
while True:
    b = cli.recv(4096)
    if not b: break
    out += b
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode('latin-1'))
print('exit=%d' % os.waitstatus_to_exitcode(st))
PYEOF
# no DNSCACHEIP in the empty environment: /etc/resolv.conf names rbldnsd
run_cmd -t 15 -- "$PY" "$TESTDIR/peer.py" 127.0.0.1 127.0.0.4 'RCPT TO:<a@b>\r\nQUIT\r\n' "$R" -r test.rbl /bin/echo ok
check_eq "no variables: getpeername() on fd 0 (IPv4 127.0.0.4)" "$RUN_OUT|$RUN_ERR" \
"220 rblsmtpd.local^M
451 Listed by test.rbl with code 4 for 127.0.0.4^M
221 rblsmtpd.local^M
exit=0|rblsmtpd: 127.0.0.4 pid x: 451 Listed by test.rbl with code 4 for 127.0.0.4"
run_cmd -t 15 -- "$PY" "$TESTDIR/peer.py" ::1 ::1 'RCPT TO:<a@b>\r\nQUIT\r\n' "$R" -b -r test.rbl /bin/echo ok
check_eq "no variables: getpeername() on fd 0 (IPv6 ::1)" "$RUN_OUT|$RUN_ERR" \
"220 rblsmtpd.local^M
553 Listed by IPv6 list, see http://test.rbl/lookup?ip=::1^M
221 rblsmtpd.local^M
exit=0|rblsmtpd: ::1 pid x: 553 Listed by IPv6 list, see http://test.rbl/lookup?ip=::1"
run_cmd -t 15 -- "$PY" "$TESTDIR/peer.py" 127.0.0.1 127.0.0.1 '' "$R" -r test.rbl /bin/echo ok
check_eq "no variables: getpeername(), clean client 127.0.0.1: exec" "$RUN_OUT|$RUN_ERR" "ok
exit=0|"
# REMOTE_ADDR/TCPREMOTEIP present but empty: the peer is NOT consulted
# (an empty TCPREMOTEIP is what 0.88 saw as "no address")
run_cmd -t 15 -- "$PY" "$TESTDIR/peer.py" 127.0.0.1 127.0.0.4 '' /usr/bin/env TCPREMOTEIP= "$R" -r test.rbl /bin/echo ok
check_eq "TCPREMOTEIP set but empty: no address, exec" "$RUN_OUT" "ok
exit=0"

# own faultdns reachable only on port 5300
printf "%s\n" ". nxdomain" "*.port.test a=127.0.0.2 txt=\"via port 5300\"" >"$TESTDIR/port.rules"
start_faultdns port "$TESTDIR/port.rules" 127.0.53.3:5300

# ---------------------------------------------------------------- $DNSCACHEIP dots
# faultdns (127.0.53.2) lists the client; /etc/resolv.conf names rbldnsd
# (127.0.53.1), which does not serve listed.test: a fallback shows.
dots() {
	local value=$1 want=$2 ref
	run_cmd -t 15 DNSCACHEIP="$value" TCPREMOTEIP=127.0.0.2 -- "$R" -t0 -r listed.test echo served
	check_eq "DNSCACHEIP='$value': ours" "$RUN_OUT" "$want"
	run_cmd -t 15 DNSCACHEIP="$value" TCPREMOTEIP=127.0.0.2 -- "$REF_RBLSMTPD" -t0 -r listed.test echo served
	check_eq "DNSCACHEIP='$value': Debian's rblsmtpd agrees" "$RUN_OUT" "$want"
}
dots ".$FAULTDNS_IP" "451 listed here^M"
dots "$FAULTDNS_IP." "451 listed here^M"
dots "...$FAULTDNS_IP..." "451 listed here^M"
dots "$FAULTDNS_IP..$RBLDNS_IP" "451 listed here^M"
dots "$FAULTDNS_IP.1" "451 listed here^M"
dots "${FAULTDNS_IP}x" "451 listed here^M"
dots "$FAULTDNS_IP/32" "451 listed here^M"

# ---------------------------------------------------------------- DNSCACHEIP forms
dcase() {   # NAME DNSCACHEIP WANT-OUT [ZONE]
	run_cmd -t 15 DNSCACHEIP="$2" TCPREMOTEIP=127.0.0.2 -- "$R" -T 3 -t0 -r "${4:-listed.test}" echo ok
	check_eq "DNSCACHEIP '$2': $1" "$RUN_OUT" "$3"
}
L="451 listed here^M"
dcase "djb dot-joined, first server dead" "$DEAD_DNS_IP.$FAULTDNS_IP" "$L"
dcase "djb dot-joined, three servers" "$DEAD_DNS_IP.$DEAD_DNS_IP.$FAULTDNS_IP" "$L"
dcase "space-separated, first dead" "$DEAD_DNS_IP $FAULTDNS_IP" "$L"
dcase "comma-separated, first dead" "$DEAD_DNS_IP,$FAULTDNS_IP" "$L"
dcase "comma and space" "$DEAD_DNS_IP, $FAULTDNS_IP" "$L"
dcase "bare IPv6 ::1 (faultdns on [::1]:53)" "::1" "$L"
dcase "[::1] without port" "[::1]" "$L"
dcase "IPv4 with port (faultdns alt port)" "$FAULTDNS_IP:$FAULTDNS_ALT_PORT" "$L"
dcase "[::1]:5300 (rbldnsd only there)" "[::1]:$RBLDNS_IP6_PORT" "451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2^M" test.rbl
dcase "127.0.53.3:5300 (own faultdns only there)" "127.0.53.3:5300" "451 via port 5300^M" port.test
dcase "dead v6 then v4 with port" "[::1]:9,$FAULTDNS_IP" "$L"
dcase "v4-mapped IPv6 server" "::ffff:$FAULTDNS_IP" "$L"
dcase "garbage: /etc/resolv.conf (rbldnsd) used" "not-an-address" "451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2^M" test.rbl
dcase "empty: /etc/resolv.conf used" "" "451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2^M" test.rbl
dcase "only dead: fail open" "$DEAD_DNS_IP" "ok"
run_cmd -t 15 TCPREMOTEIP=127.0.0.2 -- "$R" -T 3 -t0 -r test.rbl echo ok
check_eq "DNSCACHEIP unset: /etc/resolv.conf" "$RUN_OUT" "451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2^M"
# resolv.conf with a search list: never used
printf 'nameserver %s\nsearch test\noptions ndots:5\n' "$FAULTDNS_IP" >"$TESTDIR/resolv.search"
use_resolv_conf "$TESTDIR/resolv.search"
qlog_mark
run_cmd -t 15 TCPREMOTEIP=127.0.0.1 -- "$R" -T 2 -r nosuchzone echo ok
check_eq "resolv.conf search list never used" "$RUN_OUT|$(qlog_since)" "ok|1.0.0.127.nosuchzone A udp"
