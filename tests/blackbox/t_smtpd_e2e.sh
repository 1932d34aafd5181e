#!/bin/bash
# SPDX-License-Identifier: ISC
# End to end: Debian's tcpserver runs our rblsmtpd in front of a small SMTP
# server; swaks is the client.  A refused and an accepted client, over IPv4
# and IPv6 loopback (IPv6: ucspi-tcp-ipv6's tcpserver from
# tests/lib/setup-deps.sh; without it the IPv6 half SKIPs, loudly).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
command -v swaks >/dev/null || bail "no swaks (tests/lib/setup-deps.sh)"
start_dns
R=$RBLSMTPD_BIN

# the "real" SMTP server behind rblsmtpd (the deployment tests' too)
SMTPD=("$PY" "$TESTLIB/smtpd.py")

e2e() {   # FAMILY IP PORT REFUSED-SRC WANT-REFUSAL ACCEPTED-SRC
	local fam=$1 ip=$2 port=$3 bad=$4 want=$5 good=$6 out
	start_tcpserver "$ip" "$port" env DNSCACHEIP="$RBLDNS_IP" "$R" -r test.rbl -a white.rbl "${SMTPD[@]}"
	local rc=$?
	if [ $rc -eq 77 ]; then
		echo "# SKIP: no IPv6 tcpserver -- run tests/lib/setup-deps.sh" >&2
		skip "$fam: refused and accepted clients through tcpserver" "no IPv6 tcpserver (tests/lib/setup-deps.sh)"
		return
	fi
	out=$(swaks_to "$ip" "$port" --local-interface "$bad" 2>&1)
	check_match "$fam: refused client $bad gets rblsmtpd's greeting" "$out" '^<-  220 rblsmtpd\.local$'
	check_match "$fam: refused client $bad: RCPT answered $want" "$out" "^<\*\* +$want"
	check_match "$fam: refused client: QUIT answered 221" "$out" '^<-  221 rblsmtpd\.local$'
	wait_grep "$TCPSERVER_ERR" 'rblsmtpd: ' 3
	check_match "$fam: log line on tcpserver's stderr" "$(cat "$TCPSERVER_ERR")" \
		"^rblsmtpd: $bad pid [0-9]+: $want$"
	out=$(swaks_to "$ip" "$port" --local-interface "$good" 2>&1)
	check_match "$fam: accepted client $good reaches the real server" "$out" \
		"^<-  220 real\\.server ESMTP ip=$good rbl=unset relay=no$"
	check_match "$fam: accepted client: message accepted" "$out" '^<-  250 accepted by real\.server$'
	check_eq "$fam: accepted client: no rblsmtpd line" "$(grep -c "rblsmtpd: $good " "$TCPSERVER_ERR")" 0
	stop_tcpserver "$ip" "$port"
}

e2e IPv4 127.0.0.1 2525 127.0.0.4 "451 Listed by test.rbl with code 4 for 127.0.0.4" 127.0.0.9
# 127.0.0.3 is on test.rbl but also on the allowlist white.rbl (-a after -r:
# the -r decides first)
start_tcpserver 127.0.0.1 2527 env DNSCACHEIP="$RBLDNS_IP" "$R" -a white.rbl -b -r test.rbl "${SMTPD[@]}"
out=$(swaks_to 127.0.0.1 2527 --local-interface 127.0.0.3 2>&1)
check_match "IPv4: -a before -r: allowlisted client accepted" "$out" '^<-  220 real\.server'
out=$(swaks_to 127.0.0.1 2527 --local-interface 127.0.0.2 2>&1)
check_match "IPv4: -b: refused with 553" "$out" '^<\*\* +553 Listed by test\.rbl, see http://test\.rbl/lookup\?ip=127\.0\.0\.2$'
stop_tcpserver 127.0.0.1 2527

# IPv6: our own addresses on lo (private namespace): 2001:db8::5 is listed
# by test.rbl's IPv6 part, 2001:db8::1 is excluded there
if tcpserver6_path >/dev/null; then
	ip -6 addr add 2001:db8::5/128 dev lo nodad 2>/dev/null
	ip -6 addr add 2001:db8::1/128 dev lo nodad 2>/dev/null
fi
e2e IPv6 ::1 2526 2001:db8::5 "451 Listed by IPv6 list, see http://test.rbl/lookup\\?ip=2001:db8::5" 2001:db8::1
