#!/bin/bash
# SPDX-License-Identifier: ISC
# Extensions over 0.88 (rblsmtpd(8) OPTIONS): scoring -S (weights, -a subtracts, highest-weight text,
# -c with failures), interrogation -i ($RBLSMTPD handed to the server: "text"
# for 451, "-text" for 553) and $RBLGREETING (220/250/221, sanitised).
# (The greet delay -w: t_smtpd_greetdelay.sh.)
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
R=$RBLSMTPD_BIN
F=(DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2)

# ---------------------------------------------------------------- -S
scase() {   # NAME WANT ARGS...
	local name=$1 want=$2; shift 2
	run_cmd -t 15 "${F[@]}" -- "$R" -t0 "$@" echo ok
	check_eq "-S: $name" "$RUN_OUT" "$want"
}
scase "one listing, threshold 2: accepted" "ok" -S 2 -r listed.test -r nothing.test
scase "two listings reach 2: refused, first text on a tie" "451 listed here^M" -S 2 -r listed.test -r multi.test
scase "highest weight gives the text" "451 first second|third^M" -S 2 -r listed.test -r 'multi.test*2'
scase "weight alone reaches the threshold" "451 see http://x/?ip=%IP%^M" -S 3 -r nothing.test -r 'ip.test*3'
scase "-a subtracts (default 1)" "ok" -S 2 -r listed.test -r multi.test -a a-only.test
scase "-a subtracts its weight" "ok" -S 3 -r 'listed.test*4' -a 'a-only.test*2'
scase "-a weight not enough" "451 listed here^M" -S 3 -r 'listed.test*5' -a 'a-only.test*2'
scase "-a before -r does not short-circuit under -S" "451 listed here^M" -S 1 -a nothing.test -r 'listed.test*1'
scase "-b: 553" "553 listed here^M" -S 2 -b -r listed.test -r multi.test
scase "threshold 0 with no listing: refused? no: needs a listing list" "ok" -S 1 -r nothing.test
scase "-C: failure ignored" "ok" -S 2 -r listed.test -r servfail.test
scase "-c: failure that could reach the threshold: 451 temporary" "451 temporary RBL lookup error^M" -S 2 -c -r listed.test -r servfail.test
scase "-c: failure that could not reach the threshold: accepted" "ok" -S 3 -c -r listed.test -r servfail.test
scase "-c: failure with weight 2 could reach 3" "451 temporary RBL lookup error^M" -S 3 -c -r listed.test -r 'servfail.test*2'
scase "-c on the listing list only, -C on the failed one" "ok" -S 2 -c -r listed.test -C -r servfail.test
# Which answer arrives first decides the text here (the verdict is taken as
# soon as the answers in hand decide it, pending lists counting as timed
# out): the order is fixed by the late zones, and both orders are pinned.
scase "-c: enough without the failed list: the listing's text" "451 listed here^M" -S 2 -c -r listed.test -r multi.test -r servfail-late.test
scase "-c: failure in hand, listing still pending: 451 temporary" "451 temporary RBL lookup error^M" -S 2 -c -r listed.test -r multi-late.test -r servfail.test
scase "-b with a failure: 451, not 553" "451 listed here^M" -S 2 -b -r listed.test -r multi.test -r servfail.test
scase "weights on error answers count nothing" "ok" -S 1 -r 'err254.test*5' -r 'notlocal.test*5'
run_cmd -t 30 "${F[@]}" -- "$R" -t0 -T 20 -S 2 -r silent.test -r listed.test -r multi.test echo ok
check_eq "-S: decided once the score is reached, silent list not waited for" "$RUN_OUT" "451 listed here^M"
[ "$RUN_MS" -lt 10000 ] && ok "-S early verdict (${RUN_MS} ms < -T 20)" || not_ok "-S early verdict" "took $RUN_MS ms"
run_cmd -t 30 "${F[@]}" -- "$R" -t0 -T 1 -S 2 -r silent.test -r listed.test echo ok
check_eq "-S: silent list that could reach the threshold is waited for (-T 1), then fail open" "$RUN_OUT" "ok"
[ "$RUN_MS" -ge 900 ] && ok "-S waited for the deadline (${RUN_MS} ms)" || not_ok "-S waited for the deadline" "took $RUN_MS ms"

# ---------------------------------------------------------------- -i
cat >"$TESTDIR/show" <<'SH'
#!/bin/sh
echo "server: RBLSMTPD=${RBLSMTPD-unset}"
SH
chmod +x "$TESTDIR/show"
icase() {   # NAME WANT ARGS...
	local name=$1 want=$2; shift 2
	run_cmd -t 15 -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -i "$@" "$TESTDIR/show"
	check_eq "-i: $name" "$RUN_OUT|$RUN_RC" "$want|0"
}
icase "451 listing -> RBLSMTPD=text" "server: RBLSMTPD=listed here" -r listed.test
icase "553 listing -> RBLSMTPD=-text" "server: RBLSMTPD=-first second|third" -b -r multi.test
icase "sanitised, cut text" "server: RBLSMTPD=tab?here?nul?hi??end" -r ctrl.test
icase ":message with %IP%" "server: RBLSMTPD=-go 127.0.0.2" -b -r 'listed.test:go %IP%'
icase "not listed -> RBLSMTPD unset" "server: RBLSMTPD=unset" -r nothing.test
icase "-c failure -> temporary error text" "server: RBLSMTPD=temporary RBL lookup error" -c -r servfail.test
icase "-S verdict" "server: RBLSMTPD=listed here" -S 2 -r listed.test -r multi.test
run_cmd -i 'rcpt\r\nquit\r\n' "${F[@]}" RBLSMTPD=preset -- "$R" -i -r listed.test "$TESTDIR/show"
check_eq "-i: a \$RBLSMTPD set by tcprules still refuses" "$RUN_OUT" "220 rblsmtpd.local^M
451 preset^M
221 rblsmtpd.local^M"
# the handed-over value reproduces the reply when fed to another rblsmtpd
run_cmd -i 'rcpt\r\nquit\r\n' "${F[@]}" -- "$R" -i -b -r multi.test "$R" -t0 echo no
check_eq "-i: RBLSMTPD round trip through a second rblsmtpd" "$RUN_OUT" "553 first second|third^M"

# ---------------------------------------------------------------- $RBLGREETING
gcase() {   # NAME GREETING WANT-NAME
	run_cmd -i 'helo x\r\nrcpt\r\nquit\r\n' TCPREMOTEIP=127.0.0.2 RBLSMTPD=no RBLGREETING="$2" -- "$R" echo ok
	check_eq "RBLGREETING: $1" "$RUN_OUT" "220 $3^M
250 $3^M
451 no^M
221 $3^M"
}
gcase "replaces rblsmtpd.local" mx.example.org mx.example.org
gcase "CR LF cannot inject a reply" "$(printf 'evil\r\n250 x')" "evil??250 x"
gcase "control and 8-bit bytes become ?" "$(printf 'a\tb\001\xe9c')" "a?b??c"
gcase "empty: rblsmtpd.local" "" rblsmtpd.local
long=$(printf 'h%.0s' $(seq 300))
run_cmd -i 'quit\r\n' TCPREMOTEIP=127.0.0.2 RBLSMTPD=no RBLGREETING="$long" -- "$R" echo ok
n=$(printf '%s\n' "$RUN_OUT" | head -n1 | tr -d '^M' | wc -c)
[ "$n" -le 220 ] && [ "$n" -ge 50 ] && ok "RBLGREETING: 300 bytes bounded (${n}-byte 220 line)" ||
	not_ok "RBLGREETING: 300 bytes bounded" "220 line is $n bytes"
