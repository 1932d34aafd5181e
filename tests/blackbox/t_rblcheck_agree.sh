#!/bin/bash
# SPDX-License-Identifier: ISC
# rblcheck's verdict is rblsmtpd's: for each case, run rblsmtpd -t0 (the reply
# line once, or exec "echo accept") and rblcheck with the same options and
# address, and check both print the same line and rblcheck's exit status
# says refused (1) or not (0).  Against rbldnsd and the fault-injecting server.
. "$(dirname "$0")/../lib/common.sh"
start_dns

LOCAL=$TESTDIR/local.list
printf '%s\n' '# a local list file' ':127.0.0.2:Local list says no to $' \
	'127.0.0.9' '10.9.0.0/16 :127.0.0.3:Local net $' '2001:db8:99::/48' >"$LOCAL"

# agree SERVER IP OPTIONS...: rblsmtpd and rblcheck give the same reply
agree() {
	local server=$1 ip=$2; shift 2
	local name="agree: $* $ip @$server"
	run_cmd -t 20 TCPREMOTEIP="$ip" DNSCACHEIP="$server" -- \
		"$RBLSMTPD_BIN" -t0 "$@" echo accept
	local smtpd; smtpd=$(tr -d '\r' <"$RUN_OUT_FILE")
	local src=$RUN_RC
	run_cmd -t 20 DNSCACHEIP="$server" -- "$RBLCHECK_BIN" "$@" "$ip"
	local check; check=$(sed -n 's/^  reply: //p' "$RUN_OUT_FILE")
	local want_rc=0
	[ "$check" = accept ] || want_rc=1
	if [ "$src" != 0 ]; then
		not_ok "$name" "rblsmtpd exited $src: $(cat "$RUN_ERR_FILE")"
	elif [ -z "$smtpd" ] || [ "$smtpd" != "$check" ]; then
		not_ok "$name" "rblsmtpd: $smtpd" "rblcheck: $check" "$RUN_OUT"
	elif [ "$RUN_RC" != "$want_rc" ]; then
		not_ok "$name" "rblcheck exited $RUN_RC, want $want_rc" "$RUN_ERR"
	else
		ok "$name -> $check"
	fi
}

R=$RBLDNS_IP
F=$FAULTDNS_IP
# server|ip|options (split at spaces; "~" is a space inside a word)
cases=(
"$R|127.0.0.2|-r rbl.maps.vix.com"
"$R|127.0.0.1|-r rbl.maps.vix.com"
"$R|127.0.0.2|-b -r test.rbl"
"$R|127.0.0.2|-b -B -r test.rbl"
"$R|127.0.0.2|-b -r nonexistent.local -B -r test.rbl"
"$F|127.0.0.2|-T1 -C -a silent.test -r listed.test"
"$R|127.0.0.4|-r test.rbl -b"
"$R|127.0.2.7|-r test.rbl"
"$R|127.0.2.1|-r test.rbl"
"$R|127.0.0.2|-r notxt.rbl"
"$R|127.0.0.3|-r notxt.rbl:Blocked~%IP%~by~notxt"
"$R|127.0.0.2|-r filter.rbl=127.0.0.[10..11]"
"$R|127.0.0.4|-r filter.rbl=127.0.0.[10..11]"
"$R|127.0.0.5|-r filter.rbl=127.0.0.[10..11] -r test.rbl"
"$R|127.0.0.2|-r err.rbl"
"$R|127.0.0.2|-c -r err.rbl"
"$R|127.0.0.5|-r err.rbl -r notxt.rbl"
"$R|127.0.0.3|-a white.rbl -r test.rbl"
"$R|127.0.0.2|-a white.rbl -r test.rbl"
"$R|127.0.0.3|-r test.rbl -a white.rbl"
"$R|10.1.2.3|-r all.rbl"
"$R|10.1.2.3|-r nonexistent.local -r all.rbl"
"$R|127.0.0.2|-S 2 -r test.rbl -r notxt.rbl*2"
"$R|127.0.0.2|-S 3 -r test.rbl -r notxt.rbl"
"$R|127.0.0.3|-S 1 -r test.rbl -a white.rbl"
"$R|127.0.0.3|-S 1 -b -r test.rbl -r notxt.rbl*3"
"$R|::1|-r test.rbl"
"$R|2001:db8::1|-r test.rbl"
"$R|2001:db8::2|-r test.rbl"
"$R|2001:db8:0:ff::9|-b -r test.rbl"
"$R|2001:db8::77|-r notxt.rbl"
"$R|2001:db8::3|-a white.rbl -r all.rbl"
"$R|::ffff:127.0.0.2|-r test6.rbl"
"$R|::ffff:127.0.0.2|-r rbl.maps.vix.com"
"$R|127.0.0.9|-r $LOCAL"
"$R|10.9.8.7|-b -r $LOCAL"
"$R|2001:db8:99::1|-r $LOCAL -r test.rbl"
"$R|127.0.0.8|-r $LOCAL -r test.rbl"
"$R|127.0.0.2|-r $TESTDIR/missing.list -r test.rbl"
"$F|127.0.0.2|-T1 -r silent.test -r listed.test"
"$F|127.0.0.2|-T1 -b -r silent.test -r listed.test"
"$F|127.0.0.2|-T1 -b -r listed.test -r silent.test"
"$F|127.0.0.2|-T1 -c -r silent.test"
"$F|127.0.0.2|-T1 -C -r silent.test"
"$F|127.0.0.2|-T1 -a silent.test -r listed.test"
"$F|127.0.0.2|-T1 -c -a silent.test -r listed.test"
"$F|127.0.0.2|-r servfail.test"
"$F|127.0.0.2|-c -r servfail.test"
"$F|127.0.0.2|-c -r refused.test -r listed.test"
"$F|127.0.0.2|-r err254.test"
# which answer comes first decides the text here (-c: a list still pending
# when the verdict is taken counts as timed out): the order is fixed
"$F|127.0.0.2|-c -r err254.test -r multi-late.test"
"$F|127.0.0.2|-c -r err254-late.test -r listed.test"
"$F|127.0.0.2|-r notlocal.test"
"$F|127.0.0.2|-r a-only.test"
"$F|127.0.0.2|-r multi.test"
"$F|127.0.0.2|-r ctrl.test"
"$F|127.0.0.2|-r long.test"
"$F|127.0.0.2|-r emptytxt.test"
"$F|127.0.0.2|-T1 -r txt-silent.test"
"$F|127.0.0.2|-r txt-only.test"
"$F|127.0.0.2|-b -r listed.test"
"$F|127.0.0.1|-r listed.test"
"$F|127.0.0.2|-r ip.test"
"$F|127.0.0.2|-r many-a.test"
"$F|2001:db8::2|-r listed.test"
"[::1]:53|2001:db8::2|-b -r multi.test"
"$F:$FAULTDNS_ALT_PORT|127.0.0.2|-r listed.test:custom~%IP%~(\"x\")"
)
for c in "${cases[@]}"; do
	IFS='|' read -r server ip opts <<<"$c"
	read -r -a words <<<"$opts"
	agree "$server" "$ip" "${words[@]//\~/ }"
done
