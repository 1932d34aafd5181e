#!/bin/bash
# SPDX-License-Identifier: ISC
# examples/mtail/rblsmtpd.mtail and rblstat read the same lines the same
# way. Over a log of every input format of rblstat(1) (classic syslog with
# and without pid, <pri>, fractions; RFC 3339 with and without the tag's
# colon; RFC 5424 with structured data and a BOM; multilog; tai64nlocal),
# every message rblsmtpd(8) writes and lines that must not count (other
# programs, malformed summaries and fields), mtail --one_shot and
# rblstat --prometheus give the same numbers, series by series (each gauge
# NAME is mtail's NAME_total). Then the words only the live counters know
# today, one by one: the resolver line and result, rejected-more, error
# meanings, summaries of more than 16 lists, djb's line, unknown lines.
. "$(dirname "$0")/../lib/common.sh"

command -v mtail >/dev/null || bail "no mtail (tests/lib/DEPS)"
PROG=$TOP/examples/mtail/rblsmtpd.mtail
SCRAPE=("$PY" "$TESTLIB/promscrape.py")
cd "$TESTDIR" || bail "no TESTDIR"
mkdir -p progs && cp "$PROG" progs/

# mtail_once LOG: mtail --one_shot's exposition of LOG in LOG.mtail
mtail_once() {
	run_cmd -t 60 -- mtail --progs "$TESTDIR/progs" --logs "$TESTDIR/$1" --one_shot \
		--one_shot_format prometheus --address 127.0.0.1 --port 3903 --logtostderr
	[ "$RUN_RC" = 0 ] || { not_ok "mtail --one_shot $1: exit $RUN_RC" "$RUN_ERR"; return 1; }
	cp "$RUN_OUT_FILE" "$1.mtail"
	grep -q 'Loaded program rblsmtpd.mtail' "$RUN_ERR_FILE" ||
		not_ok "mtail did not load the program" "$(grep -v '^I' "$RUN_ERR_FILE")"
}
# v LOG METRIC[,LABEL=VALUE...]...: mtail's sums
v() { local f=$1; shift; "${SCRAPE[@]}" sums "$f.mtail" "$@"; }

S="summary"
BOM=$(printf '\357\273\277')
# ---------------------------------------------------------------- common
cat >common.log <<LOG
Dec  6 10:00:00 mx1 rblsmtpd: zen.example blocked 192.0.2.1 host.example -
Dec  6 10:00:00 mx1 rblsmtpd: $S 192.0.2.1 451 zen.example 12 zen.example=listed:127.0.0.2@12,bl.example=clear@30
Dec  6 10:00:01 mx1 rblsmtpd[4242]: zen.example rejected 192.0.2.1 host.example - helo.test <a@spam.example> <u@local.example>
<22>Dec  6 10:00:02 mx1 rblsmtpd: zen.example rejected 192.0.2.1 host.example - helo.test <a@spam.example> <v@local.example>
Dec  6 10:00:03.123456 mx1 rblsmtpd: $S 192.0.2.2 accept - 5000 zen.example=clear@3,bl.example=timeout@5000
Dec  6 10:00:03 mx1 rblsmtpd: bl.example timeout 192.0.2.2 5000ms
Dec  6 10:00:04 mx1 postfix/smtpd[99]: connect from client.example[192.0.2.2]
2026-12-06T10:00:05.123+01:00 mx2 rblsmtpd: bl.example blocked 198.51.100.7 - -
2026-12-06T10:00:05.123+0100 mx2 rblsmtpd: $S 198.51.100.7 553 bl.example 40 zen.example=servfail@7,bl.example=listed:127.0.0.3@40
2026-12-06T10:00:05Z mx2 rblsmtpd: zen.example servfail 198.51.100.7 7ms
2026-12-06T10:00:06Z mx2 rblsmtpd bl.example rejected 198.51.100.7 - - x.test <> <w@local.example>
2026-12-06T10:00:07Z mx2 rblsmtpd $S 198.51.100.8 accept - 0 -
<22>1 2026-12-06T10:00:08.5Z mx3 rblsmtpd - - - $S 203.0.113.5 accept - 9 zen.example=refused@8,bl.example=badanswer@9
<22>1 2026-12-06T10:00:08Z mx3 rblsmtpd - - - zen.example refused 203.0.113.5 8ms
<22>1 2026-12-06T10:00:08Z mx3 rblsmtpd - - - bl.example badanswer 203.0.113.5 9ms
<22>1 2026-12-06T10:00:09Z mx3 rblsmtpd 77 ID47 [ex@32473 a="x\\]y"][b@1 c="d"] ${BOM}zen.example blocked 203.0.113.9 - -
<22>1 2026-12-06T10:00:09Z mx3 rblsmtpd - - - $S 203.0.113.9 451 zen.example 2 zen.example=listed:127.0.0.4@2,bl.example=skipped@2
<22>1 - mx3 rblsmtpd - - - zen.example error 203.0.113.10 127.255.255.254=open-resolver
@4000000069280e5a1c2d3e4f rblsmtpd: RBLSMTPD blocked 192.0.2.50 - -
@4000000069280e5a1c2d3e50 rblsmtpd: $S 192.0.2.50 553 RBLSMTPD 0 -
@4000000069280e5a1c2d3e51 rblsmtpd: /etc/rbl/local=1.list blocked 192.0.2.51 - -
@4000000069280e5a1c2d3e52 rblsmtpd: $S 192.0.2.51 553 /etc/rbl/local=1.list 1 /etc/rbl/local=1.list=listed:127.0.0.2@1,zen.example=error:127.255.255.254@20
2026-12-06 10:00:10.123456789 rblsmtpd: zen.example error 192.0.2.51 127.255.255.254=open-resolver
2026-12-06 10:00:11.5 rblsmtpd: zen.example refused 192.0.2.52 unusable
2026-12-06 10:00:11.5 rblsmtpd: $S 192.0.2.52 accept - 0 zen.example=refused@0
Dec  6 10:00:12 mx1 rblsmtpd: $S 192.0.2.60 451 zen.example 12 zen.example=listed:127.0.0.2@12,bl.example=clear@30,
Dec  6 10:00:12 mx1 rblsmtpd: $S 192.0.2.61 451 zen.example 12 zen.example=clear:127.0.0.2@12
Dec  6 10:00:12 mx1 rblsmtpd: $S 192.0.2.62 451 zen.example 12 zen.example=listed@x
Dec  6 10:00:12 mx1 rblsmtpd: $S 192.0.2.63 maybe zen.example 12 zen.example=listed@1
Dec  6 10:00:12 mx1 rblsmtpd: zen.example blocked 192.0.2.64 - - extra
Dec  6 10:00:12 mx1 rblsmtpd: zen.example rejected 192.0.2.64 - - h <a@b>
Dec  6 10:00:12 mx1 rblsmtpd: fatal: out of memory
LOG
mtail_once common.log || bail "mtail --one_shot"
run_cmd TZ=UTC -- "$RBLSTAT_BIN" --prometheus common.log
cp "$RUN_OUT_FILE" common.stat
out=$("${SCRAPE[@]}" agree common.stat common.log.mtail)
check_rc "every format, every message: rblstat --prometheus = mtail, series by series" "$?" 0
echo "$out" | tail -8 | sed 's/^/# /'
# the account of common.log, by hand
check_eq "connections by host and verdict (mx1: 1 451, 1 accept; mx2; mx3; multilog and tai64nlocal -)" \
	"$(v common.log rblsmtpd_connections_total,host=mx1,verdict=451 rblsmtpd_connections_total,host=mx1,verdict=accept \
		rblsmtpd_connections_total,host=mx2 rblsmtpd_connections_total,host=mx3 \
		rblsmtpd_connections_total,host=-,verdict=553 rblsmtpd_connections_total,host=-,verdict=accept)" "1 1 2 2 2 1"
check_eq "refusals by list (host mx1, mx2, mx3, - )" \
	"$(v common.log rblsmtpd_refusals_total,host=mx1 rblsmtpd_refusals_total,host=mx2 rblsmtpd_refusals_total,host=mx3 \
		rblsmtpd_refusals_total,host=-,list=RBLSMTPD "rblsmtpd_refusals_total,host=-,list=/etc/rbl/local=1.list")" "1 1 1 1 1"
check_eq "refused RCPTs (mx1 2, mx2 1)" \
	"$(v common.log rblsmtpd_refused_rcpts_total,host=mx1 rblsmtpd_refused_rcpts_total,host=mx2)" "2 1"
check_eq "lookups: every outcome once or more, skipped apart" \
	"$(v common.log rblsmtpd_lookups_total,outcome=listed rblsmtpd_lookups_total,outcome=clear \
		rblsmtpd_lookups_total,outcome=timeout rblsmtpd_lookups_total,outcome=servfail \
		rblsmtpd_lookups_total,outcome=refused rblsmtpd_lookups_total,outcome=badanswer \
		rblsmtpd_lookups_total,outcome=error rblsmtpd_lookups_skipped_total)" "4 2 1 1 2 1 1 1"
check_eq "warnings by event (timeout, servfail, refused 2, badanswer, error 1: the undated one is not counted)" \
	"$(v common.log rblsmtpd_list_warnings_total,event=timeout rblsmtpd_list_warnings_total,event=servfail \
		rblsmtpd_list_warnings_total,event=refused rblsmtpd_list_warnings_total,event=badanswer \
		rblsmtpd_list_warnings_total,event=error)" "1 1 2 1 1"
check_eq "lines of rblsmtpd: all but the undated one (RFC 5424 '-'); unknown: 6 bad lines and the fatal error" \
	"$(v common.log rblsmtpd_log_messages_total rblsmtpd_log_messages_unknown_total)" "30 7"
check_eq "rblstat skipped the 6 bad lines too" "$(grep '^rblsmtpd_log_lines_skipped ' common.stat)" \
	"rblsmtpd_log_lines_skipped 6"

# ---------------------------------------------------------------- new words
# (rblstat counts these once the log-format table has them)
cat >words.log <<LOG
Dec  6 11:00:00 mx1 rblsmtpd: resolver unreachable 192.0.2.1 127.0.0.1
Dec  6 11:00:00 mx1 rblsmtpd: resolver refused 192.0.2.1 [::1]:5353
Dec  6 11:00:00 mx1 rblsmtpd: $S 192.0.2.1 accept - 0 bl.test=resolver@0,bl2.test=resolver@0
Dec  6 11:00:01 mx1 rblsmtpd: $S 192.0.2.2 accept - 3 bl.test=clear@3,bl2.test=clear@2
Dec  6 11:00:02 mx1 rblsmtpd: resolver refused 192.0.2.3 55ms
Dec  6 11:00:03 mx1 rblsmtpd: bl.test blocked 192.0.2.4 - -
Dec  6 11:00:03 mx1 rblsmtpd: bl.test rejected 192.0.2.4 - - h <a@b> <c@d>
Dec  6 11:00:03 mx1 rblsmtpd: bl.test rejected-more 192.0.2.4 - - 250
Dec  6 11:00:03 mx1 rblsmtpd: $S 192.0.2.4 451 bl.test 5 bl.test=listed:127.0.0.2@5,bl2.test=resolver@0
Dec  6 11:00:04 mx1 rblsmtpd: zen error 192.0.2.5 127.255.255.255=rate-limited
Dec  6 11:00:04 mx1 rblsmtpd: zen error 192.0.2.6 127.255.255.252=typing-error-in-zone
Dec  6 11:00:04 mx1 rblsmtpd: zen error 192.0.2.7 127.255.255.9=error-code
Dec  6 11:00:04 mx1 rblsmtpd: zen error 192.0.2.8 10.0.0.2=not-127
Dec  6 11:00:05 mx1 rblsmtpd: 192.0.2.9 pid 77: 451 listed
Dec  6 11:00:06 mx1 rblsmtpd: - badaddress bad!addr not-an-ip
LOG
entries=$(for i in $(seq -w 1 18); do printf 'l%s=clear@%d,' "$i" "${i#0}"; done)
echo "Dec  6 11:00:07 mx2 rblsmtpd: $S 192.0.2.10 accept - 18 ${entries%,}" >>words.log
mtail_once words.log || bail "mtail --one_shot"
check_eq "resolver lines by why (unreachable, refused); a list named resolver keeps its warnings" \
	"$(v words.log rblsmtpd_resolver_failures_total,why=unreachable rblsmtpd_resolver_failures_total,why=refused \
		rblsmtpd_list_warnings_total,list=resolver,event=refused)" "1 1 1"
check_eq "resolver result: an outcome of lookups, and an outage connection (2 of them)" \
	"$(v words.log rblsmtpd_lookups_total,list=bl.test,outcome=resolver rblsmtpd_lookups_total,list=bl2.test,outcome=resolver \
		rblsmtpd_resolver_outage_connections_total)" "1 2 2"
check_eq "rejected-more: 1 rejected line + 250 more refused RCPTs" \
	"$(v words.log rblsmtpd_refused_rcpts_total,list=bl.test)" "251"
check_eq "error answers by meaning" \
	"$(v words.log rblsmtpd_error_answers_total,meaning=rate-limited rblsmtpd_error_answers_total,meaning=typing-error-in-zone \
		rblsmtpd_error_answers_total,meaning=error-code rblsmtpd_error_answers_total,meaning=not-127 \
		rblsmtpd_error_answers_total,meaning=open-resolver)" "1 1 1 1 0"
check_eq "a summary of 18 lists: the first 16 counted, and said so" \
	"$(v words.log rblsmtpd_lookups_total,host=mx2,list=l16,outcome=clear rblsmtpd_lookups_total,host=mx2,list=l17 \
		rblsmtpd_summary_lists_uncounted_total,host=mx2 rblsmtpd_connections_total,host=mx2)" "1 0 1 1"
check_eq "djb's line and badaddress are known lines, counted as nothing else" \
	"$(v words.log rblsmtpd_log_messages_unknown_total rblsmtpd_refusals_total,list=-)" "0 0"
check_eq "a pair first seen has all its series at 0 (bl2.test: 8 outcomes, 5 events)" \
	"$(grep -c '^rblsmtpd_lookups_total{host="mx1",list="bl2.test"' words.log.mtail) $(grep -c '^rblsmtpd_list_warnings_total{.*host="mx1",list="bl2.test"' words.log.mtail)" "8 5"

# ---------------------------------------------------------------- 8-bit bytes
# mtail 3.0.0~rc50 (Debian 12) stops reading a file at its first byte that
# is not UTF-8, for good: every later line is lost. rblsmtpd writes none, but
# another program's line in the same log may. examples/README ("Monitoring")
# has rsyslog escape them (parser.escape8BitCharactersOnReceive): a central
# rsyslogd with and without it, the same three lines over TCP.
mkdir -p rsyslog.work
for esc in on off; do
	port=$([ $esc = on ] && echo 5140 || echo 5141)
	cat >rsyslog-$esc.conf <<CONF
global(workDirectory="$TESTDIR/rsyslog.work" parser.escape8BitCharactersOnReceive="$esc")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="$port")
*.* action(type="omfile" file="$TESTDIR/8bit-$esc.log" template="RSYSLOG_TraditionalFileFormat")
CONF
	/usr/sbin/rsyslogd -n -f rsyslog-$esc.conf -i "$TESTDIR/rsyslogd-$esc.ownpid" \
		>rsyslogd-$esc.out 2>&1 </dev/null &
	echo $! >run/rsyslogd-$esc.pid
	wait_port 127.0.0.1 $port 5 || { sed 's/^/#   /' rsyslogd-$esc.out; bail "rsyslogd ($esc)"; }
	"$PY" - $port <<'PY' || bail "sending to rsyslogd"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for m in (b"rblsmtpd: zen blocked 192.0.2.1 - -", b"postfix/smtpd[1]: helo=<caf\xe9>",
          b"rblsmtpd: zen blocked 192.0.2.2 - -"):
    s.sendall(b"<22>Dec  6 12:00:00 mx1 " + m + b"\n")
s.close()
PY
	wait_for 5 eval "[ \"\$(grep -c 'blocked' 8bit-$esc.log 2>/dev/null)\" = 2 ]" ||
		not_ok "rsyslogd ($esc) wrote $(grep -c blocked 8bit-$esc.log) of 2 lines"
	mtail_once 8bit-$esc.log
done
check_eq "rsyslog escapes the byte (#351): mtail counts both refusals" \
	"$(grep -c 'caf#351' 8bit-on.log) $(v 8bit-on.log rblsmtpd_refusals_total)" "1 2"
check_eq "not escaped, mtail 3.0.0~rc50 stops at the byte: the refusal after it is lost" \
	"$(grep -c "$(printf 'caf\351')" 8bit-off.log) $(v 8bit-off.log rblsmtpd_refusals_total)" "1 1"
