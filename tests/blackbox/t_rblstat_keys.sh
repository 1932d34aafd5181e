#!/bin/bash
# SPDX-License-Identifier: ISC
# Secret keys hidden on input too: rblstat shows every list name it reads
# (blocked, rejected, warning lines, summary entries and "by") without the
# key of a keyed zone, by rblsmtpd's own rule (rblstat(1) Messages,
# rblsmtpd(8) -r), in every format; and the usage and error messages of
# rblsmtpd and rblcheck show a bad list without its key, on stderr and in
# syslog (fd 2 = the client's socket).
. "$(dirname "$0")/../lib/common.sh"

cd "$TESTDIR" || bail "no TESTDIR"
. "$TESTLIB/rblstat.sh"
KEY=KEY123SECRET
KEY2=otherkey9

# no_key NAME TEXT: the keys appear nowhere in TEXT (any case), TEXT not empty
no_key() {
	if [ -z "$2" ]; then
		not_ok "$1" "nothing to look at"
	elif printf '%s' "$2" | grep -qi -e "$KEY" -e "$KEY2"; then
		not_ok "$1" "$(printf '%s' "$2" | grep -i -e "$KEY" -e "$KEY2" | head -3)"
	else
		ok "$1"
	fi
}

# ------------------------------------------------------------ rblstat
# A log as the seed's patched 0.88 (or any tool logging the zone as
# queried) writes it: keyed zones in every list field, two keys for one
# list, one line without a key, an Abusix zone in capitals with a trailing
# dot, and a list file whose path looks keyed (a path has no key).
cat >keys.log <<EOF
Dec  1 10:00:00 mx1 rblsmtpd: $KEY.zen.dq.spamhaus.net blocked 192.0.2.1 a.example.net -
Dec  1 10:00:00 mx1 rblsmtpd: $KEY.zen.dq.spamhaus.net rejected 192.0.2.1 a.example.net - helo.example <s@example.org> <r@example.com>
Dec  1 10:00:00 mx1 rblsmtpd: $KEY.xbl.dq.spamhaus.net error 192.0.2.1 127.255.255.254
Dec  1 10:00:00 mx1 rblsmtpd: summary 192.0.2.1 553 $KEY.zen.dq.spamhaus.net 40 $KEY.zen.dq.spamhaus.net=listed:127.0.0.2@40,$KEY.xbl.dq.spamhaus.net=error:127.255.255.254@12,$KEY.COMBINED.MAIL.ABUSIX.ZONE.=clear@30
Dec  1 10:00:05 mx2 rblsmtpd: $KEY2.zen.dq.spamhaus.net blocked 192.0.2.2 b.example.net -
Dec  1 10:00:05 mx2 rblsmtpd: $KEY2.zen.dq.spamhaus.net timeout 192.0.2.3 -
Dec  1 10:00:05 mx2 rblsmtpd: summary 192.0.2.2 451 $KEY2.zen.dq.spamhaus.net 20 $KEY2.zen.dq.spamhaus.net=listed:127.0.0.3@20
Dec  1 10:00:09 mx2 rblsmtpd: zen.dq.spamhaus.net blocked 192.0.2.4 c.example.net -
Dec  1 10:00:09 mx2 rblsmtpd: /etc/rbl/$KEY.zen.dq.spamhaus.net blocked 192.0.2.5 d.example.net -
EOF
for fmt in "" --csv --json --prometheus "--html -"; do
	# shellcheck disable=SC2086
	st --year 2025 $fmt keys.log
	no_key "rblstat ${fmt:-text}: no key, bar the list file's path" "$(grep -v '/etc/rbl/' "$RUN_OUT_FILE")"
done
st --year 2025 --csv keys.log
check_eq "rblstat: one row per list, keys gone (both keys and none are one list)" \
	"$(csv_rows list | cut -d, -f1-5 | tr '\n' ' ')" \
	"zen.dq.spamhaus.net,3,75.00,1,2 /etc/rbl/$KEY.zen.dq.spamhaus.net,1,25.00,0,0 COMBINED.MAIL.ABUSIX.ZONE.,0,0.00,0,0 xbl.dq.spamhaus.net,0,0.00,0,0 "
check_eq "rblstat: warnings counted on the keyless names (timeout, error)" \
	"$(csv_rows list | grep -E '^(zen|xbl)' | cut -d, -f1,8,12 | tr '\n' ' ')" \
	"zen.dq.spamhaus.net,1,0 xbl.dq.spamhaus.net,0,1 "
st --year 2025 --prometheus keys.log
check_eq "rblstat --prometheus: lookups of the keyless names" \
	"$(grep '^rblsmtpd_lookups{' "$RUN_OUT_FILE" | grep -v ' 0$' | sort | tr '\n' ' ')" \
	"rblsmtpd_lookups{host=\"mx1\",list=\"COMBINED.MAIL.ABUSIX.ZONE.\",outcome=\"clear\"} 1 rblsmtpd_lookups{host=\"mx1\",list=\"xbl.dq.spamhaus.net\",outcome=\"error\"} 1 rblsmtpd_lookups{host=\"mx1\",list=\"zen.dq.spamhaus.net\",outcome=\"listed\"} 1 rblsmtpd_lookups{host=\"mx2\",list=\"zen.dq.spamhaus.net\",outcome=\"listed\"} 1 "
# --list takes the name with or without a key.
a=
for l in zen.dq.spamhaus.net "$KEY.zen.dq.spamhaus.net"; do
	st --year 2025 --csv --list "$l" keys.log
	a+="$(counters refusals) "
done
check_eq "rblstat --list: with or without a key, the keyless list" "$a" "refusals,3 refusals,3 "

# ------------------------------------------------------------ error messages
# bad_list PROG NAME ARGS... WANT: exit 100, the stderr line naming the list
# without its key, then the usage
bad_list() {
	local prog=$1 name=$2 want=${*: -1}
	local args=("${@:3:$#-3}")
	run_cmd -- "$prog" "${args[@]}"
	check_eq "$name" "$RUN_RC $(head -1 "$RUN_ERR_FILE")" "100 $want"
	no_key "$name: no key in any line" "$(cat "$RUN_ERR_FILE" "$RUN_OUT_FILE")"
}
S=$RBLSMTPD_BIN C=$RBLCHECK_BIN
bad_list "$S" "rblsmtpd: bad filter" -r "$KEY.zen.dq.spamhaus.net=127.0.0.999" true \
	"rblsmtpd: bad list zen.dq.spamhaus.net=127.0.0.999: bad filter"
bad_list "$S" "rblsmtpd: bad weight" -S 1 -r "$KEY.zen.dq.spamhaus.net*two" true \
	"rblsmtpd: bad list zen.dq.spamhaus.net*two: bad weight"
bad_list "$S" "rblsmtpd: -a with a message" -a "$KEY.zen.dq.spamhaus.net:welcome" true \
	"rblsmtpd: bad list zen.dq.spamhaus.net:welcome: -a takes no message"
bad_list "$S" "rblsmtpd: a bad display name" -r "my list@$KEY.combined.mail.abusix.zone" true \
	"rblsmtpd: bad list my list@combined.mail.abusix.zone: bad display name"
bad_list "$S" "rblsmtpd: parts out of order" -r "$KEY.ZEN.DQ.SPAMHAUS.NET.*2=127.0.0.2" true \
	"rblsmtpd: bad list ZEN.DQ.SPAMHAUS.NET.*2=127.0.0.2: bad list syntax"
bad_list "$C" "rblcheck: bad filter" -r "$KEY.zen.dq.spamhaus.net=127.0.0.[2..1]" 127.0.0.2 \
	"rblcheck: bad list zen.dq.spamhaus.net=127.0.0.[2..1]: bad filter"
bad_list "$C" "rblcheck -H: -a with a message" -H -a "$KEY.sbl.dq.spamhaus.net:hi" \
	"rblcheck: bad list sbl.dq.spamhaus.net:hi: -a takes no message"
bad_list "$C" "rblcheck: an empty message" -r "$KEY.zen.dq.spamhaus.net:" 127.0.0.2 \
	"rblcheck: bad list zen.dq.spamhaus.net:: empty message"

# With fd 2 the client's socket (xinetd) the usage error goes to syslog:
# one line per connection until the typo is fixed, without the key.
start_syslog "$TESTDIR/mail.log" || bail "no syslog"
start_tcpserver 127.0.0.1 2525 sh -c 'exec 2>&1; exec "$@"' sh \
	"$RBLSMTPD_BIN" -r "$KEY.zen.dq.spamhaus.net=127.0.0.999" true
"$PY" "$TESTLIB/smtpfirst.py" 127.0.0.1 2525 127.0.0.9 >/dev/null
wait_grep "$SYSLOG_FILE" 'rblsmtpd: usage: ' 5
check_match "fd 2 a socket: the bad list in syslog, keyless" "$(cat "$SYSLOG_FILE")" \
	'rblsmtpd: bad list zen\.dq\.spamhaus\.net=127\.0\.0\.999: bad filter$'
no_key "fd 2 a socket: no key in syslog" "$(cat "$SYSLOG_FILE.all")"
stop_tcpserver 127.0.0.1 2525
