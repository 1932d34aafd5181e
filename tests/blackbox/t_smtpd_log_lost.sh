#!/bin/bash
# SPDX-License-Identifier: ISC
# Lost lines leave a trace (rblsmtpd(8) LOG FORMAT): a line the syslog
# sender gives up on (no daemon, a dead one, one hung past its budget) goes
# to standard error as "rblsmtpd: <line>", which under tcpserver is the log
# service (multilog); never when descriptor 2 is the client's socket. Once,
# with rsyslogd killed during traffic, 79 of 1,761 summaries vanished and
# nothing said so. Here every connection's summary is in the mail log or on
# standard error.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
R=$RBLSMTPD_BIN
SMTPD="$PY $TESTLIB/smtpd.py"
d=$TESTDIR/lost; mkdir -p "$d"

# ---------------------------------------------------------------- no daemon
mv /dev/log /dev/log.away
run_cmd -i 'RCPT TO:<a@b>\r\nQUIT\r\n' TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$RBLDNS_IP" -- \
	"$R" -vv -r test.rbl true
check_eq "no syslog daemon: the lines on stderr, after 0.88's" \
	"$(printf '%s\n' "$RUN_ERR" | sed 's/^\(rblsmtpd: summary [^ ]* [^ ]* [^ ]*\) [0-9]* /\1 N /; s/@[0-9][0-9]*$/@N/')" \
"rblsmtpd: 127.0.0.2 pid x: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2
rblsmtpd: test.rbl blocked 127.0.0.2 - -
rblsmtpd: test.rbl rejected 127.0.0.2 - - - - <a@b>
rblsmtpd: summary 127.0.0.2 451 test.rbl N test.rbl=listed:127.0.0.2@N"
check_rc "no syslog daemon: the dialogue as ever" "$RUN_RC" 0
run_cmd TCPREMOTEIP=127.0.0.1 DNSCACHEIP="$RBLDNS_IP" -- "$R" -vv -r test.rbl sh -c 'echo served'
check_match "no syslog daemon, accepted: the summary on stderr, the server run" "$RUN_OUT|$RUN_ERR" \
	'^served\|rblsmtpd: summary 127\.0\.0\.1 accept - [0-9]+ test\.rbl=clear@[0-9]+$'

# fd 2 = the client's socket (as xinetd starts it): still nothing for the client
start_tcpserver 127.0.0.1 2530 sh -c 'exec 2>&1; exec "$@"' sh \
	env DNSCACHEIP="$RBLDNS_IP" "$R" -vv -r test.rbl $SMTPD
out=$("$PY" "$TESTLIB/smtpfirst.py" 127.0.0.1 2530 127.0.0.2); rc=$?
check_rc "no syslog daemon, fd 2 the client's: first bytes '220 '" "$rc" 0
check_eq "no syslog daemon, fd 2 the client's: the client reads only SMTP" "$out" \
"greeting: 220 rblsmtpd.local
helo: 250 rblsmtpd.local
mail: 250 rblsmtpd.local
rcpt: 451 Listed by test.rbl, see http://test.rbl/lookup?ip=127.0.0.2
quit: 221 rblsmtpd.local"
stop_tcpserver 127.0.0.1 2530
mv /dev/log.away /dev/log

# ---------------------------------------------------------------- tcpserver: daemon killed, then back
# Every connection's summary must be somewhere: in the mail log, or in
# tcpserver's standard error (what multilog would keep).
start_tcpserver 127.0.0.1 2531 env DNSCACHEIP="$RBLDNS_IP" "$R" -vv -r test.rbl $SMTPD
ERR=$TCPSERVER_ERR
conns() {   # N SOURCE-IP: N connections, each HELO/MAIL/RCPT/QUIT
	for _ in $(seq "$1"); do "$PY" "$TESTLIB/smtpfirst.py" 127.0.0.1 2531 "$2" >/dev/null; done
}
conns 10 127.0.0.2
conns 10 127.0.0.9
wait_for 5 sh -c "[ \$(grep -c ' rblsmtpd: summary ' '$SYSLOG_FILE') -ge 20 ]"
rpid=$(cat "$TESTDIR/run/rsyslogd.pid")
{ kill -KILL "$rpid"; wait "$rpid"; } 2>/dev/null  # (no "Killed" notice)
conns 10 127.0.0.2
conns 10 127.0.0.9
restart_syslog || bail "rsyslogd did not come back"
conns 5 127.0.0.2
conns 5 127.0.0.9
wait_for 5 sh -c "[ \$(grep -c ' rblsmtpd: summary ' '$SYSLOG_FILE') -ge 30 ]"
sleep 0.5
in_log=$(grep -c ' rblsmtpd: summary ' "$SYSLOG_FILE")
on_err=$(grep -c '^rblsmtpd: summary ' "$ERR")
check_eq "daemon killed: 50 summaries, in the mail log or on stderr" "$in_log + $on_err = $((in_log + on_err))" \
	"30 + 20 = 50"
check_eq "daemon killed: the 10 refusals' blocked lines on stderr" "$(grep -c '^rblsmtpd: test\.rbl blocked ' "$ERR")" 10
stop_tcpserver 127.0.0.1 2531

# ---------------------------------------------------------------- a hung daemon
# Stopped: its socket fills (512 datagrams), rblsmtpd waits 500 ms once, then
# gives up on the rest of the connection's lines: they go to stderr.
rpid=$(cat "$TESTDIR/run/rsyslogd.pid")
{ printf 'HELO x\r\nMAIL FROM:<a@b>\r\n'; yes 'RCPT TO:<c@d>' | head -n 2000 | sed 's/$/\r/'
  printf 'QUIT\r\n'; } >"$d/in"
log_mark
kill -STOP "$rpid"
run_cmd -t 30 -f "$d/in" TCPREMOTEIP=127.0.0.2 DNSCACHEIP="$RBLDNS_IP" -- "$R" -vv -L 0 -r test.rbl true
kill -CONT "$rpid"
got=$(log_new)
in_log=$(printf '%s\n' "$got" | grep -c ' rejected ')
on_err=$(printf '%s\n' "$RUN_ERR" | grep -c '^rblsmtpd: test\.rbl rejected ')
[ "$on_err" -gt 0 ] && ok "hung daemon: lines given up on went to stderr ($on_err of 2000)" ||
	not_ok "hung daemon: lines given up on went to stderr" "none; $in_log in the log"
check_eq "hung daemon: 2000 rejected lines, in the mail log or on stderr" "$((in_log + on_err))" 2000
check_eq "hung daemon: the summary on stderr" "$(printf '%s\n' "$RUN_ERR" | grep -c '^rblsmtpd: summary ')" 1
[ "$RUN_MS" -lt 5000 ] && ok "hung daemon: the connection was not held up ($RUN_MS ms)" ||
	not_ok "hung daemon: the connection was not held up" "$RUN_MS ms"
