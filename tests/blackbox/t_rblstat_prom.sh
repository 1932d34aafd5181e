#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat --prometheus for a fleet: real rblsmtpd -vv lines (four clients
# against test.rbl and notxt.rbl) sent by three mail hosts, mx1..mx3, as
# forwarded syslog messages over TCP to a central rsyslogd (imtcp), which writes them
# with their hosts (mx3 forwards RFC 5424: rsyslog then writes the tag without
# its colon). promtool (Debian package prometheus, tests/lib/DEPS) must
# accept the output (gauges: totals over the file), the series must be per
# host, and the numbers must equal those of rblstat's text report and of
# what was sent.
. "$(dirname "$0")/../lib/common.sh"

command -v promtool >/dev/null || bail "no promtool (Debian package prometheus, tests/lib/DEPS)"
start_dns
cd "$TESTDIR" || bail "no TESTDIR"

# 1. Real rblsmtpd lines: listed with TXT, listed without, a 553 by code 4
#    (-r test.rbl=127.0.0.4 is not used: plain lists), and a clean client.
for ip in 127.0.0.2 127.0.0.3 127.0.2.9 127.0.1.1; do
	run_cmd -i 'HELO h\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nQUIT\r\n' \
		TCPREMOTEIP=$ip DNSCACHEIP=$RBLDNS_IP -- \
		"$RBLSMTPD_BIN" -vv -l stderr -r test.rbl -r notxt.rbl sh -c 'echo 220 served'
	grep '^rblsmtpd: ' "$RUN_ERR_FILE" | grep -v '^rblsmtpd: [0-9.]* pid ' | sed 's/^rblsmtpd: //'
done >msgs
echo "# rblsmtpd wrote $(wc -l <msgs) lines, e.g.:"; sed -n '1,3s/^/#   /p' msgs
check_eq "rblsmtpd: 3 refusals, 3 refused RCPTs, 4 summaries" \
	"$(grep -c ' blocked ' msgs) $(grep -c ' rejected ' msgs) $(grep -c '^summary ' msgs)" "3 3 4"

# 2. A central rsyslogd; mx1 sends the lines once, mx2 twice, mx3 three times.
mkdir -p rsyslog.work
cat >rsyslog.conf <<CONF
global(workDirectory="$TESTDIR/rsyslog.work")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="5140")
*.* action(type="omfile" file="$TESTDIR/central.log" template="RSYSLOG_FileFormat")
CONF
/usr/sbin/rsyslogd -n -f rsyslog.conf -i "$TESTDIR/rsyslogd.ownpid" >rsyslogd.log 2>&1 </dev/null &
echo $! >run/rsyslogd-central.pid
wait_port 127.0.0.1 5140 5 || { sed 's/^/#   /' rsyslogd.log; bail "central rsyslogd"; }
"$PY" - msgs <<'PY' || bail "sending to rsyslogd"
import socket, sys
msgs = open(sys.argv[1]).read().splitlines()
s = socket.create_connection(("127.0.0.1", 5140))
for n, host in enumerate(["mx1", "mx2", "mx3"], 1):
    for _ in range(n):
        for m in msgs:
            if host == "mx3":  # forwarding as RSYSLOG_SyslogProtocol23Format
                f = "<22>1 2026-11-29T10:00:00Z %s rblsmtpd - - - %s\n"
            else:              # rsyslog's default, RSYSLOG_TraditionalForwardFormat
                f = "<22>Nov 29 10:00:00 %s rblsmtpd: %s\n"
            s.sendall((f % (host, m)).encode())
s.close()
PY
want=$(( $(wc -l <msgs) * 6 ))
wait_for 10 sh -c "[ \$(grep -c rblsmtpd central.log 2>/dev/null) -ge $want ]" ||
	echo "# only $(grep -c rblsmtpd central.log) of $want lines arrived"
echo "# central.log: $(sed -n 1p central.log)"

# 3. The metrics.
run_cmd -e -- "$RBLSTAT_BIN" --prometheus central.log
check_eq "prometheus: exit 0" "$RUN_RC" 0
cp "$RUN_OUT_FILE" metrics.prom
run_cmd -e -- promtool check metrics
run_cmd -e -f metrics.prom -- promtool check metrics
check_eq "promtool check metrics accepts the output" "$RUN_RC $RUN_OUT$RUN_ERR" "0 "
check_eq "per-host series: refusals" "$(grep '^rblsmtpd_refusals{' metrics.prom)" \
'rblsmtpd_refusals{host="mx1",list="test.rbl"} 3
rblsmtpd_refusals{host="mx1",list="notxt.rbl"} 0
rblsmtpd_refusals{host="mx2",list="test.rbl"} 6
rblsmtpd_refusals{host="mx2",list="notxt.rbl"} 0
rblsmtpd_refusals{host="mx3",list="test.rbl"} 9
rblsmtpd_refusals{host="mx3",list="notxt.rbl"} 0'
check_eq "per-host series: lookups of notxt.rbl on mx2" \
	"$(grep '^rblsmtpd_lookups{host="mx2",list="notxt.rbl"' metrics.prom | grep -v '} 0$')" \
'rblsmtpd_lookups{host="mx2",list="notxt.rbl",outcome="listed"} 4
rblsmtpd_lookups{host="mx2",list="notxt.rbl",outcome="clear"} 4'

# 4. The same numbers as the text report.
run_cmd -e -- "$RBLSTAT_BIN" central.log
cp "$RUN_OUT_FILE" report.txt
sum() { grep "^rblsmtpd_$1{" metrics.prom | grep "$2" | awk '{s += $NF} END {print s + 0}'; }
txt_list() { awk -v l="$1" -v c="$2" '/^Lists/{t=1; next} t && $1 == l {print $c; exit}' report.txt; }
txt_host() { awk -v h="$1" '/^Top .*per log host/{t=1; next} t && $2 == h {print $1; exit}' report.txt; }
for l in test.rbl notxt.rbl; do
	check_eq "$l: refusals as in the text report" "$(sum refusals "list=\"$l\"")" "$(txt_list $l 2)"
	check_eq "$l: refused RCPTs as in the text report" "$(sum refused_rcpts "list=\"$l\"")" "$(txt_list $l 4)"
	check_eq "$l: listed lookups as the text report's 'listed'" \
		"$(sum lookups "list=\"$l\",outcome=\"listed\"")" "$(txt_list $l 5)"
done
for h in mx1 mx2 mx3; do
	check_eq "$h: refusals as in the text report's host table" \
		"$(sum refusals "host=\"$h\"")" "$(txt_host $h)"
done
check_eq "histogram: +Inf bucket = count = timed lookups (mx3, test.rbl)" \
	"$(grep -E 'host="mx3",list="test.rbl"(,le="\+Inf")?\} ' metrics.prom | grep -E 'bucket|_count' | awk '{print $NF}' | tr '\n' ' ')" "12 12 "
# Connections by verdict: per host, as sent (mx2 sent the 4 connections
# twice: 1 accepted, 3 refused with 451, each time), zeros included; their
# sums are the text report's connection line.
check_eq "connections by verdict, per host (mx2)" "$(grep '^rblsmtpd_connections{host="mx2"' metrics.prom)" \
'rblsmtpd_connections{host="mx2",verdict="accept"} 2
rblsmtpd_connections{host="mx2",verdict="451"} 6
rblsmtpd_connections{host="mx2",verdict="553"} 0'
conn=$(sed -n 's/^Connections (summary lines): \([0-9]*\), accepted \([0-9]*\), refused 451 \([0-9]*\), 553 \([0-9]*\);.*/\1 \2 \3 \4/p' report.txt)
check_eq "connections: the text report's numbers" \
	"$(sum connections '') $(sum connections accept) $(sum connections '"451"') $(sum connections '"553"')" "$conn"
check_eq "time to verdict: one observation per connection (mx3)" \
	"$(grep '^rblsmtpd_verdict_duration_seconds_count{host="mx3"}' metrics.prom)" \
	'rblsmtpd_verdict_duration_seconds_count{host="mx3"} 12'
