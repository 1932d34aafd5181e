#!/bin/bash
# SPDX-License-Identifier: ISC
# -v / -vv logging (rblsmtpd(8) LOG FORMAT) through a real syslog daemon (a
# private rsyslogd on a private /dev/log): the seed's "blocked" line,
# "rejected" lines with the envelope, hostile client values, warnings for
# failing lists and error codes, summaries, -l stderr and -l syslog:FACILITY,
# the djb stderr line left alone, and no harm done when the syslog daemon is
# missing or hung.  Then, with -l stderr: HELO and EHLO forget the
# sender; the list a -c temporary error names; a comma in a zone in the
# summary.  (A syslog daemon restarting mid-dialogue:
# t_smtpd_logging_restart.sh; 200 clients at once: t_smtpd_logging_load.sh.)
. "$(dirname "$0")/../lib/common.sh"

start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
SERVER=(sh -c 'echo served')

# --- helpers: the log lines one run added, timestamp and host cut off
_flushes=0
. "$TESTLIB/logmark.sh"   # log_mark, log_new, log_new_n
rbl() { run_cmd "$@"; }   # run_cmd, named for readability below

# --- the seed's line, byte for byte (with the classic syslog prefix)
log_mark
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=client.example DNSCACHEIP=$RBLDNS_IP \
	-- "$RBLSMTPD_BIN" -v -r test.rbl "${SERVER[@]}"
check_eq "blocked: djb stderr line unchanged with -v" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2"
line=$(log_new; tail -n +$((_mark + 1)) "$SYSLOG_FILE" | grep -v rbltest)
check_match "blocked: seed format in the mail log" "$line" \
	'^[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ rblsmtpd: test\.rbl blocked 127\.0\.0\.2 client\.example -$'
check_eq "blocked: one line only" "$(log_new)" "rblsmtpd: test.rbl blocked 127.0.0.2 client.example -"
grep -q 'rblsmtpd: test.rbl blocked' "$SYSLOG_FILE.all" &&
	check_match "blocked: facility mail, priority info" "$(grep 'test.rbl blocked' "$SYSLOG_FILE.all")" '^mail\.info '

# --- without -v: nothing logged, stderr line the same
log_mark
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -r test.rbl "${SERVER[@]}"
check_eq "no -v: djb stderr line" "$RUN_ERR" \
	"rblsmtpd: 127.0.0.2 pid x: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2"
check_eq "no -v: nothing in syslog" "$(log_new)" ""

# --- the envelope: one "rejected" line per refused RCPT
log_mark
rbl -i 'EHLO first.example\r\nHELO client.test\r\nMAIL FROM:<a@example.org> SIZE=100\r\nRCPT TO:<b@example.org>\r\nRCPT TO: <c@example.org> NOTIFY=NEVER\r\nDATA\r\nRSET\r\nMAIL FROM:<>\r\nrcpt to:<postmaster@example.org>\r\nRSET\r\nRCPT TO:<d@example.org>\r\nQUIT\r\n' \
	TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=client.example TCPREMOTEINFO=ident \
	DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -v -b -r test.rbl "${SERVER[@]}"
check_eq "rejected: one line per RCPT, with helo, from, to" "$(log_new)" \
"rblsmtpd: test.rbl blocked 127.0.0.2 client.example ident
rblsmtpd: test.rbl rejected 127.0.0.2 client.example ident client.test <a@example.org> <b@example.org>
rblsmtpd: test.rbl rejected 127.0.0.2 client.example ident client.test <a@example.org> <c@example.org>
rblsmtpd: test.rbl rejected 127.0.0.2 client.example ident client.test <> <postmaster@example.org>
rblsmtpd: test.rbl rejected 127.0.0.2 client.example ident client.test - <d@example.org>"

# --- hostile values: CR, LF, NUL, TAB, spaces, 5000 bytes -> one line, fixed columns
big=$(printf 'x%.0s' $(seq 5000))
log_mark
rbl -i "HELO evil host\tname\000nul\r\nMAIL FROM:<a\rb c@x>\r\nRCPT TO:<\000@x> \r\nRCPT TO:<$big>\r\nHELO $big\r\nMAIL FROM:<$big>\r\nRCPT TO:<y@x>\r\nQUIT\r\n" \
	TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST="$(printf 'host\nrblsmtpd: forged blocked 1.2.3.4 - -')" \
	TCPREMOTEINFO="a b" DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -v -r test.rbl "${SERVER[@]}"
x255=${big:0:254}
check_eq "hostile: every field sanitised and cut to 255 bytes" "$(log_new)" \
"rblsmtpd: test.rbl blocked 127.0.0.2 host?rblsmtpd:?forged?blocked?1.2.3.4?-?- a?b
rblsmtpd: test.rbl rejected 127.0.0.2 host?rblsmtpd:?forged?blocked?1.2.3.4?-?- a?b evil?host?name?nul <a?b?c@x> <?@x>
rblsmtpd: test.rbl rejected 127.0.0.2 host?rblsmtpd:?forged?blocked?1.2.3.4?-?- a?b evil?host?name?nul <a?b?c@x> <$x255
rblsmtpd: test.rbl rejected 127.0.0.2 host?rblsmtpd:?forged?blocked?1.2.3.4?-?- a?b x${x255} <$x255 <y@x>"
bad=$(log_new | awk '{ for (i = 1; i <= NF; i++) if (length($i) > 255) print "long", i; print NF }' | sort -u | tr '\n' ' ')
check_eq "hostile: 5 or 9 columns, none over 255 bytes" "$bad" "6 9 "

# --- warnings: each kind of failure, and the summary (-vv)
log_mark
rbl -t 10 TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -vv -T 1 \
	-r silent.test -r servfail.test -r refused.test -r garbage.test -r err254.test \
	-r notlocal.test "${SERVER[@]}"
check_eq "warnings: server exec'd" "$RUN_OUT" "served"
# garbage answers are ignored (as djb did) so that list times out.
got=$(log_new_n)
want='^rblsmtpd: silent\.test timeout 127\.0\.0\.2 Nms
rblsmtpd: servfail\.test servfail 127\.0\.0\.2 Nms
rblsmtpd: refused\.test refused 127\.0\.0\.2 Nms
rblsmtpd: garbage\.test timeout 127\.0\.0\.2 Nms
rblsmtpd: err254\.test error 127\.0\.0\.2 127\.255\.255\.254=open-resolver
rblsmtpd: notlocal\.test error 127\.0\.0\.2 10\.0\.0\.2=not-127
rblsmtpd: summary 127\.0\.0\.2 accept - N silent\.test=timeout@N,servfail\.test=servfail@N,refused\.test=refused@N,garbage\.test=timeout@N,err254\.test=error:127\.255\.255\.254@N,notlocal\.test=error:10\.0\.0\.2@N$'
if [[ "$got" =~ $want ]]; then ok "warnings: timeout, servfail, refused, badanswer, error codes; then summary"
else not_ok "warnings: timeout, servfail, refused, badanswer, error codes; then summary" "$got"; fi
check_match "warnings: timeout detail is the deadline" "$(log_new)" '^rblsmtpd: silent\.test timeout 127\.0\.0\.2 1[0-9]{3}ms$'
check_match "warnings: priority warning" "$(grep 'silent.test timeout' "$SYSLOG_FILE.all")" '^mail\.warning '

for c in 2:127.255.255.254=open-resolver 3:127.255.255.255=rate-limited \
	 4:127.255.255.252=typing-error-in-zone 5:10.0.0.2=not-127; do
	log_mark
	rbl TCPREMOTEIP=127.0.0.${c%%:*} DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -v -r err.rbl "${SERVER[@]}"
	check_eq "error code ${c#*:}: accepted, warning names it" "$RUN_OUT|$(log_new)" \
		"served|rblsmtpd: err.rbl error 127.0.0.${c%%:*} ${c#*:}"
done

# --- summaries: refused (a list not waited for is skipped), accepted, -a
log_mark
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -vv \
	-r listed.test -r silent.test "${SERVER[@]}"
# (the silent list is read on during the dialogue: the summary waits for it,
# or for the dialogue's end, which comes first here)
check_eq "summary: refused, silent list skipped, no warning for it" "$(log_new_n)" \
"rblsmtpd: listed.test blocked 127.0.0.2 - -
rblsmtpd: summary 127.0.0.2 451 listed.test N listed.test=listed:127.0.0.2@N,silent.test=skipped@N"
log_mark
rbl TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -r test.rbl -a white.rbl "${SERVER[@]}"
# (white.rbl cannot change an accept: it may not be waited for)
check_match "summary: accepted client logged before exec" "$RUN_OUT|$(log_new_n)" \
	'^served\|rblsmtpd: summary 127\.0\.0\.1 accept - N test\.rbl=clear@N,white\.rbl=(clear|skipped)@N$'
log_mark
rbl TCPREMOTEIP=127.0.0.3 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -a white.rbl -b -r test.rbl "${SERVER[@]}"
check_match "summary: accepted by an -a list" "$(log_new_n)" \
	'^rblsmtpd: summary 127\.0\.0\.3 accept white\.rbl N white\.rbl=listed:127\.0\.0\.2@N,test\.rbl=(skipped|listed:127\.0\.0\.2)@N$'
log_mark
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -v -b -r test.rbl "${SERVER[@]}"
check_eq "-v alone: no summary" "$(log_new)" "rblsmtpd: test.rbl blocked 127.0.0.2 - -"

# --- who is named when no list's text decided
log_mark
rbl -i 'RCPT TO:<a@b>\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$FAULTDNS_IP -- "$RBLSMTPD_BIN" -vv \
	-c -r servfail.test "${SERVER[@]}"
check_eq "-c temporary error: the failed list is named" "$(log_new_n | sed 's/servfail\.test refused/servfail.test servfail/; s/=refused@/=servfail@/')" \
"rblsmtpd: servfail.test servfail 127.0.0.2 Nms
rblsmtpd: servfail.test blocked 127.0.0.2 - -
rblsmtpd: servfail.test rejected 127.0.0.2 - - - - <a@b>
rblsmtpd: summary 127.0.0.2 451 servfail.test N servfail.test=servfail@N"
log_mark
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 RBLSMTPD='-go away' -- "$RBLSMTPD_BIN" -vv -r test.rbl "${SERVER[@]}"
check_eq "\$RBLSMTPD decided: list RBLSMTPD" "$RUN_ERR|$(log_new_n)" \
"rblsmtpd: 127.0.0.2 pid x: 553 go away|rblsmtpd: RBLSMTPD blocked 127.0.0.2 - -
rblsmtpd: summary 127.0.0.2 553 RBLSMTPD N -"
log_mark
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.9 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -v -w 0.3 -r test.rbl "${SERVER[@]}"
check_eq "early talker: list early-talker" "$(log_new)" "rblsmtpd: early-talker blocked 127.0.0.9 - -"

log_mark
rbl TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -i -r test.rbl sh -c 'echo "$RBLSMTPD"'
check_eq "-i: server exec'd, summary shows the verdict handed over, no blocked line" "$RUN_OUT|$(log_new_n)" \
	"Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2|rblsmtpd: summary 127.0.0.2 451 test.rbl N test.rbl=listed:127.0.0.2@N"

# --- -l stderr, -l syslog:FACILITY
log_mark
rbl -i 'RCPT TO:<a@b>\r\n' TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=client.example DNSCACHEIP=$RBLDNS_IP \
	-- "$RBLSMTPD_BIN" -v -l stderr -r test.rbl "${SERVER[@]}"
check_eq "-l stderr: same lines on stderr, after the djb line" "$RUN_ERR" \
"rblsmtpd: 127.0.0.2 pid x: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2
rblsmtpd: test.rbl blocked 127.0.0.2 client.example -
rblsmtpd: test.rbl rejected 127.0.0.2 client.example - - - <a@b>"
check_eq "-l stderr: nothing in syslog" "$(log_new)" ""
rbl -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -v -l syslog:local3 -r test.rbl "${SERVER[@]}"
log_new >/dev/null
check_match "-l syslog:local3" "$(grep 'test.rbl blocked' "$SYSLOG_FILE.all" | tail -n 1)" '^local3\.info '

# --- the log socket never reaches the server
rbl TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -r test.rbl \
	sh -c 'ls -l /proc/$$/fd | grep -c socket'
check_eq "exec: no log socket leaks into the server" "$RUN_OUT" "0"

# --- syslog daemon hung (stopped: /dev/log fills up) and missing
rpid=$(cat "$TESTDIR/run/rsyslogd.pid")
kill -STOP "$rpid"
slow=0
for i in $(seq 30); do
	rbl -t 5 TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -r test.rbl "${SERVER[@]}"
	[ "$RUN_OUT" = served ] || slow=$((slow + 1000))
	[ "$RUN_MS" -lt 1500 ] || slow=$((slow + 1))  # MAILLOG_STALL_MS (500) + margin
done
rbl -t 5 -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -r test.rbl "${SERVER[@]}"
check_eq "hung syslog: 30 accepted clients exec'd the server, each in < 1500 ms" "$slow" 0
check_match "hung syslog: a refused client still gets its dialogue" "$RUN_OUT" '^220 rblsmtpd.local'
echo "# hung syslog: last run took $RUN_MS ms"
kill -CONT "$rpid"

mv /dev/log /dev/log.away
rbl -t 5 -i 'QUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -r test.rbl "${SERVER[@]}"
check_eq "no syslog daemon: refused client answered" "$RUN_RC|$RUN_OUT" \
	"0|220 rblsmtpd.local^M
221 rblsmtpd.local^M"
t=$RUN_MS
rbl -t 5 TCPREMOTEIP=127.0.0.1 DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -vv -r test.rbl "${SERVER[@]}"
check_eq "no syslog daemon: accepted client exec'd" "$RUN_RC|$RUN_OUT" "0|served"
[ "$t" -lt 500 ] && [ "$RUN_MS" -lt 500 ] && ok "no syslog daemon: at once ($t ms, $RUN_MS ms)" ||
	not_ok "no syslog daemon: at once" "$t ms, $RUN_MS ms"
mv /dev/log.away /dev/log

# --- rblsmtpd(8) LOG FORMAT, read line by line: -l stderr runs
R=$RBLSMTPD_BIN
F=(DNSCACHEIP="$FAULTDNS_IP" TCPREMOTEIP=127.0.0.2)
# ---------------------------------------------------------------- rejected: the sender
run_cmd -i 'MAIL FROM:<a@b>\r\nHELO x\r\nRCPT TO:<r1@x>\r\nMAIL FROM:<c@d>\r\nEHLO y\r\nRCPT TO:<r2@x>\r\nMAIL FROM:<e@f>\r\nRCPT TO:<r3@x>\r\nQUIT\r\n' \
	"${F[@]}" -- "$R" -v -l stderr -r listed.test echo ok
check_eq "rejected: HELO and EHLO forget the sender" "$(grep rejected <<<"$RUN_ERR")" \
"rblsmtpd: listed.test rejected 127.0.0.2 - - x - <r1@x>
rblsmtpd: listed.test rejected 127.0.0.2 - - y - <r2@x>
rblsmtpd: listed.test rejected 127.0.0.2 - - y <e@f> <r3@x>"

# ---------------------------------------------------------------- blocked: which failed list
run_cmd -t 15 -i 'QUIT\r\n' "${F[@]}" -- "$R" -v -l stderr -C -r servfail.test -c -r refused.test -r servfail.test echo ok
check_eq "blocked: -c temporary error names the first failed list under -c" \
	"$(grep -e blocked -e 'pid x' <<<"$RUN_ERR")" \
"rblsmtpd: 127.0.0.2 pid x: 451 temporary RBL lookup error
rblsmtpd: refused.test blocked 127.0.0.2 - -"

# ---------------------------------------------------------------- summary: comma
run_cmd -t 15 "${F[@]}" -- "$R" -vv -l stderr -r 'a,b.test' echo ok
check_match "summary: a comma in a zone becomes ?" "$RUN_ERR" \
	'^rblsmtpd: summary 127\.0\.0\.2 accept - [0-9]+ a\?b\.test=clear@[0-9]+$'
