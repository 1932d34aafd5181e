#!/bin/bash
# SPDX-License-Identifier: ISC
# Bounded log volume per connection (rblsmtpd(8) -L, LOG FORMAT): at most
# -L "rejected" lines (default 100), then one line at the end of the
# dialogue, "<list> rejected-more <ip> <host> <info> <count>", priority
# info, count = the refused RCPTs not logged. A pipelining client once
# wrote 150 MB of log in 4 s. The dialogue stays 0.88's, byte for byte.
# rblstat counts the refused RCPTs exactly from both kinds of line.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
R=$RBLSMTPD_BIN
d=$TESTDIR/cap; mkdir -p "$d"
ENVS=(TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=client.example TCPREMOTEINFO=ident RBLSMTPD=blocked)

# flood N: HELO, MAIL, then N RCPTs in one write, then QUIT
flood() {
	{ printf 'HELO x\r\nMAIL FROM:<a@b.example>\r\n'
	  yes 'RCPT TO:<c@d.example>' | head -n "$1" | sed 's/$/\r/'
	  printf 'QUIT\r\n'; } >"$d/in.$1"
}
flood 20000
flood 150

# ---------------------------------------------------------------- the flood, default -L
log_mark
run_cmd -t 60 -f "$d/in.20000" "${ENVS[@]}" -- "$R" -vv true
got=$(log_new)
check_eq "20000 RCPTs, default: 100 rejected lines" "$(printf '%s\n' "$got" | grep -c ' rejected ')" 100
check_eq "20000 RCPTs, default: one rejected-more line with the other 19900" \
	"$(printf '%s\n' "$got" | grep ' rejected-more ')" \
	"rblsmtpd: RBLSMTPD rejected-more 192.0.2.7 client.example ident 19900"
check_eq "20000 RCPTs: blocked first, then rejected, rejected-more, summary last" \
	"$(printf '%s\n' "$got" | awk '{w = ($2 == "summary") ? $2 : $3} w != p {printf "%s ", w; p = w}')" \
	"blocked rejected rejected-more summary "
check_match "rejected-more: priority info" "$(grep ' rejected-more ' "$SYSLOG_FILE.all")" '^mail\.info '
check_eq "20000 RCPTs: every reply written" "$(grep -c '^451 blocked' "$RUN_OUT_FILE")" 20000
bytes=$(wc -c <"$SYSLOG_FILE")
echo "# mail log: $bytes bytes for 20000 refused RCPTs"
check_eq "log volume: under 40 KB for 20000 refused RCPTs" "$(( bytes < 40000 ))" 1

# rblstat: refused RCPTs exact from rejected + rejected-more
"$RBLSTAT_BIN" --csv "$SYSLOG_FILE" >"$d/stat.csv"
check_eq "rblstat: refused_rcpts 20000 (100 lines + 19900 counted), rejected 100, rejected_more 1" \
	"$(grep -E '^(rejected|rejected_more|refused_rcpts|skipped),' "$d/stat.csv" | tr '\n' ' ')" \
	"skipped,0 rejected,100 rejected_more,1 refused_rcpts,20000 "
check_eq "rblstat: the list's rcpts column" "$(grep '^RBLSMTPD,' "$d/stat.csv" | cut -d, -f4)" 20000

# ---------------------------------------------------------------- -L
cap() {   # NAME N-RCPTS WANT-REJECTED WANT-MORE ARGS...
	local name=$1 n=$2 want=$3 more=$4; shift 4
	log_mark
	run_cmd -t 60 -f "$d/in.$n" "${ENVS[@]}" -- "$R" -v "$@" true
	local g; g=$(log_new)
	check_eq "$name" "$(printf '%s\n' "$g" | grep -c ' rejected ') $(printf '%s\n' "$g" | grep ' rejected-more ' | awk '{print $NF}')" \
		"$want $more"
}
cap "-L 5: 5 lines, 145 counted" 150 5 145 -L 5
cap "-L5 (attached): the same" 150 5 145 -L5
cap "-L 150: every RCPT logged, no rejected-more" 150 150 "" -L 150
cap "-L 149: one counted" 150 149 1 -L 149
cap "-L 0: no limit" 20000 20000 "" -L 0
cap "default without -vv: 100" 150 100 50

# ---------------------------------------------------------------- the dialogue
run_cmd -t 60 -f "$d/in.150" "${ENVS[@]}" -- "$R" -v -L 1 true
a=$(md5sum <"$RUN_OUT_FILE")
run_cmd -t 60 -f "$d/in.150" "${ENVS[@]}" -- "$R" -v -L 0 true
b=$(md5sum <"$RUN_OUT_FILE")
run_cmd -t 60 -f "$d/in.150" "${ENVS[@]}" -- "$R" true
c=$(md5sum <"$RUN_OUT_FILE")
if [ -x "$REF_RBLSMTPD" ]; then
	run_cmd -t 60 -f "$d/in.150" "${ENVS[@]}" -- "$REF_RBLSMTPD" true
	ref=$(md5sum <"$RUN_OUT_FILE")
	check_eq "the dialogue: -L 1, -L 0, no -v and 0.88 send the same bytes" "$a $b $c" "$ref $ref $ref"
else
	check_eq "the dialogue: -L 1, -L 0 and no -v send the same bytes" "$a $b" "$c $c"
fi

# ---------------------------------------------------------------- usage
for bad in x 5x -1 '' 99999999999; do
	run_cmd "${ENVS[@]}" -- "$R" -L "$bad" true
	check_eq "-L '$bad': usage error" "$RUN_RC $(printf '%s\n' "$RUN_ERR" | head -1)" \
		"100 rblsmtpd: bad log limit -- $bad"
done
run_cmd "${ENVS[@]}" -- "$R" -L
check_eq "-L without a value: usage error" "$RUN_RC" 100
