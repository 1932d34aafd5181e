#!/bin/bash
# SPDX-License-Identifier: ISC
# examples/mtail/rblsmtpd.mtail under the real mtail, as Debian runs it: the
# ExecStart of Debian's mtail.service (/etc/mtail bind-mounted to hold our
# program, LOGS, HOST and PORT as /etc/default/mtail sets them), following
# a file that a real rsyslogd writes from real rblsmtpd -vv connections
# under tcpserver, while smtptraffic.py keeps connecting (listed clients
# refused with 451, RBLSMTPD clients with 553, clean ones served). The real
# logrotate rotates the file: create + HUP (Debian's rsyslog way), again
# (compress, delaycompress), again (the oldest rotated file deleted), then
# copytruncate; traffic runs between the rotations, each taken at a quiet
# instant (see rotate below). promscrape.py scrapes /metrics every 0.2 s
# from start to end: no rblsmtpd_ series may go down or vanish. At each
# checkpoint every counter must equal what the clients were told. At the
# end, over every line rsyslogd wrote: live mtail = mtail --one_shot =
# rblstat --prometheus (series by series) = rblstat's text report.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"

for c in mtail logrotate rsyslogd tcpserver; do
	command -v "$c" >/dev/null || bail "no $c (sh tests/lib/setup-deps.sh)"
done
[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
UNIT=/lib/systemd/system/mtail.service
[ -f "$UNIT" ] || bail "no $UNIT (Debian package mtail)"
SCRAPE=("$PY" "$TESTLIB/promscrape.py")
cd "$TESTDIR" || bail "no TESTDIR"

start_dns
LOG=$TESTDIR/log/mail.log
mkdir -p log ctl etc-mtail
start_syslog "$LOG" || bail "no syslog"

# --- rblsmtpd under tcpserver; 127.0.0.5 gets RBLSMTPD="-..." (553)
cat >smtp.sh <<SH
#!/bin/sh
case \$TCPREMOTEIP in 127.0.0.5) RBLSMTPD='-Mail from %IP% refused'; export RBLSMTPD ;; esac
exec env DNSCACHEIP=$RBLDNS_IP $RBLSMTPD_BIN -vv -r test.rbl -r notxt.rbl -r err.rbl $SMTPD_CMD
SH
start_tcpserver 127.0.0.1 2525 /bin/sh "$TESTDIR/smtp.sh"

# --- mtail, by the ExecStart line of Debian's unit
cp "$EXAMPLES/mtail/rblsmtpd.mtail" etc-mtail/
mount --bind etc-mtail /etc/mtail || bail "bind mount /etc/mtail"
at_exit "umount /etc/mtail"
exec_line=$(sed -n "s/^ExecStart=\/bin\/sh -c '\(.*\)'\$/\1/p" "$UNIT" | sed 's/\$\$/$/g')
case $exec_line in *"--progs /etc/mtail"*'--logs "$LOGS"'*) ;;
	*) bail "$UNIT: ExecStart not as expected: $exec_line" ;; esac
echo "# mtail as the unit starts it: $exec_line"
PORT=3903
cat >default-mtail <<ENV
LOGS=$LOG
HOST=127.0.0.1
PORT=$PORT
ENV
: >"$LOG"
# EnvironmentFile=/etc/default/mtail, then ExecStart (as root here: Debian's
# mtail user reads /var/log/mail.log through its group adm)
(set -a; . ./default-mtail; exec setsid /bin/sh -c "$exec_line") \
	</dev/null >mtail.out 2>&1 &
echo $! >run/mtail.pid
wait_port 127.0.0.1 $PORT 10 || { sed 's/^/#   /' mtail.out; bail "mtail did not listen"; }
URL=http://127.0.0.1:$PORT/metrics
wait_grep mtail.out 'Loaded program rblsmtpd\.mtail' 10
check_match "mtail loaded the program" "$(cat mtail.out)" 'Loaded program rblsmtpd\.mtail'
"${SCRAPE[@]}" watch "$URL" scrapes.json ctl/stop-watch &
echo $! >run/watch.pid

# --- traffic: a listed client with 1, 3 and 2 RCPTs, a clean one, an
# RBLSMTPD one with 2
"$PY" "$TOP/tests/deploy/smtptraffic.py" 127.0.0.1 2525 ctl \
	127.0.0.2:1 127.0.0.9:1 127.0.0.2:3 127.0.0.5:2 127.0.0.2:2 &
echo $! >run/traffic.pid
at_exit "touch '$TESTDIR/ctl/stop' '$TESTDIR/ctl/stop-watch'"

pause() { touch ctl/pause; wait_for 20 test -e ctl/paused || bail "traffic did not pause"; }
resume() { rm -f ctl/pause; wait_for 5 test ! -e ctl/paused; }
sent() { awk -v ip="$1" -v v="$2" '($1 == ip || ip == "") && ($3 == v || v == "") { n++ }
	END { print n + 0 }' ctl/sent; }
rcpts() { awk -v ip="$1" '$1 == ip && $3 != "fail" { n += $2 } END { print n + 0 }' ctl/sent; }
nlines() { grep -c "$1" "$LOG.all"; }
# snap: mtail's /metrics into cur.prom; m METRIC [LABEL=VALUE...]: a sum from it
snap() { "${SCRAPE[@]}" show "$URL" >cur.prom.tmp && mv cur.prom.tmp cur.prom; }
m() { "${SCRAPE[@]}" sum cur.prom "$@"; }
# mtail_at N: mtail has counted N connections (snap, then compare)
mtail_at() { snap && [ "$(m rblsmtpd_connections_total)" = "$1" ]; }

# checkpoint NAME: traffic paused, every line in the log, then mtail's
# counters are what the clients saw (within 15 s of the last line)
# quiet: the clients paused, every connection's lines in the log, and mtail
# has counted them all (or 15 s have passed); n = the connections made
quiet() {
	pause
	n=$(sent "" "")
	wait_for 10 eval '[ "$(nlines " rblsmtpd: summary ")" -ge '"$n"' ]' ||
		echo "# only $(nlines ' rblsmtpd: summary ') summaries for $n connections in the log"
	wait_for 15 mtail_at "$n"
}
checkpoint() {
	local name=$1 n
	quiet
	local got want
	got=$("${SCRAPE[@]}" sums cur.prom rblsmtpd_connections_total,verdict=accept \
		rblsmtpd_connections_total,verdict=451 rblsmtpd_connections_total,verdict=553 \
		rblsmtpd_refusals_total,list=test.rbl rblsmtpd_refusals_total,list=RBLSMTPD \
		rblsmtpd_refused_rcpts_total,list=test.rbl rblsmtpd_refused_rcpts_total,list=RBLSMTPD \
		rblsmtpd_lookups_total,list=test.rbl,outcome=listed \
		rblsmtpd_lookups_total,list=notxt.rbl,outcome=clear \
		rblsmtpd_error_answers_total,list=err.rbl,meaning=open-resolver \
		rblsmtpd_log_messages_unknown_total rblsmtpd_verdict_duration_seconds_count)
	want=$(echo \
		"$(sent 127.0.0.9 accept)" "$(sent 127.0.0.2 451)" "$(sent 127.0.0.5 553)" \
		"$(sent 127.0.0.2 451)" "$(sent 127.0.0.5 553)" \
		"$(rcpts 127.0.0.2)" "$(rcpts 127.0.0.5)" \
		"$(sent 127.0.0.2 451)" "$(sent 127.0.0.9 accept)" "$(sent 127.0.0.2 451)" 0 "$n")
	check_eq "$name: mtail's counters are what $n connections sent ($(sent '' fail) failed)" "$got" "$want"
	resume
}

# logrotate CONF: one forced rotation, at a quiet instant: the clients
# paused, every line written and read by mtail. mtail is not exact for lines
# in flight at that instant (examples/README, "Monitoring": with create, a
# line rsyslog still writes into the renamed file after mtail has seen the
# new one; with copytruncate, lines mtail had not read when the file is
# truncated), so the test keeps them out; traffic runs before and after.
rotate() {
	quiet
	logrotate -f -s "$TESTDIR/logrotate.state" "$TESTDIR/$1" >>logrotate.out 2>&1 ||
		{ sed 's/^/#   /' logrotate.out; bail "logrotate $1"; }
	resume
}
# Debian's rsyslog rotation (/etc/logrotate.d/rsyslog, with "create" from
# /etc/logrotate.conf), keeping 2
cat >create.conf <<CONF
$LOG {
	create
	rotate 2
	missingok
	notifempty
	compress
	delaycompress
	postrotate
		kill -HUP \$(cat $TESTDIR/run/rsyslogd.pid)
	endscript
}
CONF
cat >copytruncate.conf <<CONF
$LOG {
	rotate 2
	copytruncate
	missingok
}
CONF

sleep 2
checkpoint "before any rotation"
rotate create.conf
sleep 2
checkpoint "create + HUP: mail.log.1"
rotate create.conf
sleep 2
checkpoint "create + HUP again: mail.log.2.gz, mail.log.1"
[ -f "$LOG.2.gz" ] || not_ok "no mail.log.2.gz"
rotate create.conf
sleep 2
checkpoint "create + HUP a third time: the oldest, mail.log.2.gz, deleted"
ls log | sed 's/^/# log\/: /'
rotate copytruncate.conf
sleep 2
checkpoint "copytruncate"

# the end: traffic stopped, every line read, then the scraper stopped
sleep 2
touch ctl/stop
wait_for 20 eval '! kill -0 "$(cat run/traffic.pid)" 2>/dev/null' || bail "smtptraffic.py did not stop"
n=$(sent '' '')
check_eq "every client's dialogue went through" "$(sent '' fail)" 0
wait_for 10 eval '[ "$(nlines " rblsmtpd: summary ")" -ge '"$n"' ]'
wait_for 15 mtail_at "$n"
sleep 0.5
touch ctl/stop-watch
wait_for 10 eval '! kill -0 "$(cat run/watch.pid)" 2>/dev/null'
out=$("${SCRAPE[@]}" monotonic scrapes.json rblsmtpd_)
check_rc "no counter went down or vanished, through every rotation" "$?" 0
echo "$out" | sed 's/^/# /'

# --- the same lines, all of them (rsyslogd's second file, every facility,
# never rotated: its mail lines with the facility field cut are mail.log's
# lines) through mtail once, rblstat --prometheus and rblstat's text report
snap && cp cur.prom live.prom || not_ok "scrape the live mtail"
sed -n 's/^mail\.[a-z]* //p' "$LOG.all" >full.log
echo "# full.log: $(wc -l <full.log) lines, $(grep -c ' rblsmtpd: summary ' full.log) summaries"
mkdir -p once
run_cmd -t 60 -- mtail --progs "$TESTDIR/etc-mtail" --logs "$TESTDIR/full.log" --one_shot \
	--one_shot_format prometheus --address 127.0.0.1 --port 3904 --logtostderr
check_rc "mtail --one_shot over every line: exit 0" "$RUN_RC" 0
cp "$RUN_OUT_FILE" once.prom
out=$("${SCRAPE[@]}" same live.prom once.prom)
check_rc "live mtail (through the rotations) = mtail over all the lines at once" "$?" 0
echo "$out" | tail -5 | sed 's/^/# /'
run_cmd -- "$RBLSTAT_BIN" --prometheus full.log
cp "$RUN_OUT_FILE" stat.prom
out=$("${SCRAPE[@]}" agree stat.prom live.prom)
check_rc "rblstat --prometheus = mtail, series by series" "$?" 0
echo "$out" | tail -5 | sed 's/^/# /'
run_cmd -- "$RBLSTAT_BIN" full.log
cp "$RUN_OUT_FILE" stat.txt
txt_list() { awk -v l="$1" -v c="$2" '/^Lists/{t=1; next} t && $1 == l {print $c; exit}' stat.txt; }
got= want=
for l in test.rbl notxt.rbl err.rbl RBLSMTPD; do
	want="$want $l $(txt_list $l 2) $(txt_list $l 4) $(txt_list $l 5) $(txt_list $l 8) $(txt_list $l 9)"
	set -- $("${SCRAPE[@]}" sums cur.prom rblsmtpd_refusals_total,list=$l rblsmtpd_refused_rcpts_total,list=$l \
		rblsmtpd_lookups_total,list=$l,outcome=listed rblsmtpd_list_warnings_total,list=$l,event=timeout \
		rblsmtpd_list_warnings_total,list=$l)
	got="$got $l $1 $2 $3 $4 $(($5 - $4))"
done
check_eq "rblstat's list table = mtail (refusals, rcpts, listed, timeouts, errors)" "$got" "$want"
check_eq "rblstat's connection line = mtail = what the clients were told" \
	"$(sed -n 's/^Connections (summary lines): \([0-9]*\), accepted \([0-9]*\), refused 451 \([0-9]*\), 553 \([0-9]*\);.*/\1 \2 \3 \4/p' stat.txt)
$("${SCRAPE[@]}" sums cur.prom rblsmtpd_connections_total rblsmtpd_connections_total,verdict=accept \
	rblsmtpd_connections_total,verdict=451 rblsmtpd_connections_total,verdict=553)" \
	"$(sent '' '') $(sent '' accept) $(sent '' 451) $(sent '' 553)
$(sent '' '') $(sent '' accept) $(sent '' 451) $(sent '' 553)"
