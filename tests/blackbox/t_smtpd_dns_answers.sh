#!/bin/bash
# SPDX-License-Identifier: ISC
# Pins two rules of how a list is asked and read:
#  - empty labels in a zone are ignored, as 0.88's resolver ignored them
#    (COMPAT(0.88) in src/core/engine.c): "-r .zone", "-r a..zone",
#    "-r zone." ask exactly <reversed>.zone;
#  - an answer carrying several A records: the listing code (the -vv summary's
#    listed:A) is the first record, in answer order, that is in 127.0.0.0/8,
#    outside 127.255.255.0/24 and passes the filter; error codes count only
#    when no record lists (then the first error code is shown).
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns

# ---------------------------------------------------------------- empty labels
zcase() {   # ZONE-AS-WRITTEN
	qlog_mark
	run_cmd -t 15 DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2 -- "$RBLSMTPD_BIN" -t0 -r "$1" echo ok
	check_eq "empty labels: -r '$1': listed, one A and one TXT query for 2.0.0.127.listed.test" \
		"$RUN_OUT|$(qlog_since)" "451 listed here^M|2.0.0.127.listed.test A udp
2.0.0.127.listed.test TXT udp"
}
zcase .listed.test
zcase listed..test
zcase listed.test.
zcase ..listed...test..
# an -a list too (the name is built the same way for every list)
qlog_mark
run_cmd -t 15 DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2 -- "$RBLSMTPD_BIN" -t0 -a .a-only..test -r listed.test echo ok
check_eq "empty labels: -a '.a-only..test' lists the client: accepted" "$RUN_OUT|$(qlog_since | grep a-only)" \
	"ok|2.0.0.127.a-only.test A udp"

# ---------------------------------------------------------------- several A records
cat >"$TESTDIR/multi-a.rules" <<'EOF'
.                     nxdomain
*.twoa.test           a=127.0.0.3 a=127.0.0.2 txt="two A records"
*.errfirst.test       a=127.255.255.254 a=127.0.0.4 txt="error code first"
*.errs.test           a=10.0.0.2 a=127.255.255.254
*.filt.test           a=127.0.0.3 a=127.0.0.10 a=127.0.0.11 txt="filtered"
EOF
start_faultdns multia "$TESTDIR/multi-a.rules" 127.0.53.3
acase() {   # NAME WANT-SUMMARY-RESULT WANT-STDOUT LIST
	run_cmd -t 15 DNSCACHEIP=127.0.53.3 TCPREMOTEIP=127.0.0.2 -- "$RBLSMTPD_BIN" -vv -l stderr -t0 -r "$4" echo ok
	local sum
	sum=$(printf '%s\n' "$RUN_ERR" | sed -n 's/^rblsmtpd: summary 127\.0\.0\.2 [^ ]* [^ ]* [0-9]* //p' | sed 's/@[0-9]*$//')
	check_eq "several A records: $1" "$sum|$RUN_OUT" "$2|$3"
}
acase "the first in answer order is the code" "twoa.test=listed:127.0.0.3" "451 two A records^M" twoa.test
acase "the first that passes the filter" "twoa.test=listed:127.0.0.2" "451 two A records^M" twoa.test=127.0.0.2
acase "filter range: the first inside it" "filt.test=listed:127.0.0.10" "451 filtered^M" 'filt.test=127.0.0.[10..11]'
acase "no record passes the filter: clear" "filt.test=clear" "ok" filt.test=127.0.0.2
acase "an error code before a listing: the listing counts" "errfirst.test=listed:127.0.0.4" "451 error code first^M" errfirst.test
acase "error codes only: the first one, not listed" "errs.test=error:10.0.0.2" "ok" errs.test
