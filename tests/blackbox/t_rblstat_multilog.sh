#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat on a real daemontools log: the set-up rblstat(1) and rblsmtpd(8)
# recommend, tcpserver -v ... rblsmtpd -v -l stderr ... 2>&1 | multilog t.
# rblsmtpd writes djb's stderr line before its "blocked" line, and the lines
# of other connections fall between the two: every refusal must still count
# once. 60 clients at once (swaks): 30 listed by test.rbl, 15 refused by
# $RBLSMTPD (tcprules), 15 accepted.
. "$(dirname "$0")/../lib/common.sh"

command -v multilog >/dev/null || bail "no multilog (Debian package daemontools, tests/lib/DEPS)"
start_dns
PORT=2525
cd "$TESTDIR" || bail "no TESTDIR"
printf '127.0.3.:allow,RBLSMTPD="-go away"\n:allow\n' | tcprules rules.cdb rules.tmp ||
	bail "tcprules"
# The accepted clients' "server": 250 to everything, 221 to QUIT.
cat >server.sh <<'SH'
#!/bin/sh
printf '220 served\r\n'
while read -r line; do
	case $line in
	[Qq][Uu][Ii][Tt]*) printf '221 bye\r\n'; exit 0 ;;
	*) printf '250 ok\r\n' ;;
	esac
done
SH
chmod +x server.sh
mkdir -p log && mkfifo logpipe
multilog t ./log <logpipe &
echo $! >run/multilog.pid
multilog_pid=$!
env -i PATH="$PATH" tcpserver -v -R -H -l rbltest.local -c 100 -b 100 -x rules.cdb 127.0.0.1 $PORT \
	env DNSCACHEIP=$RBLDNS_IP "$RBLSMTPD_BIN" -v -l stderr -r test.rbl ./server.sh \
	</dev/null >logpipe 2>&1 &
echo $! >run/tcpserver-ml.pid
wait_port 127.0.0.1 $PORT 5 || bail "tcpserver did not listen"

for i in $(seq 2 31); do echo 127.0.2.$i; done >clients
for i in $(seq 1 15); do echo 127.0.3.$i; done >>clients
for i in $(seq 1 15); do echo 127.0.1.$i; done >>clients
swaks_pids=()
while read -r src; do
	SWAKS_TIMEOUT=60 swaks_to 127.0.0.1 $PORT --local-interface "$src" --quit-after RCPT \
		>"swaks.$src" 2>&1 &
	swaks_pids+=($!)
done <clients
wait "${swaks_pids[@]}"
got=$(grep -l '<\*\* 451 ' swaks.127.0.2.* | wc -l)
got="$got $(grep -l '<\*\* 553 go away' swaks.127.0.3.* | wc -l)"
got="$got $(grep -l '<-  221 bye' swaks.127.0.1.* | wc -l)"
check_eq "clients: 30 refused 451, 15 refused 553 by \$RBLSMTPD, 15 accepted" "$got" "30 15 15"

# Stop tcpserver; multilog sees the end of its input and finishes 'current'.
_rt_kill_pidfile run/tcpserver-ml.pid
for i in $(seq 100); do kill -0 $multilog_pid 2>/dev/null || break; sleep 0.05; done
rm -f run/multilog.pid
L=log/current
echo "# $(wc -l <$L) log lines; e.g.:"; head -4 $L | sed 's/^/#   /'
# How often another connection's line fell between the two lines of one
# refusal (the case the pairing exists for).
apart=$(awk '{ip = ""} / rblsmtpd: [0-9.]+ pid /{seen[$3] = NR}
	/ rblsmtpd: [^ ]+ blocked /{if ($5 in seen && NR - seen[$5] > 1) n++} END {print n + 0}' $L)
echo "# refusals whose two lines are not adjacent: $apart"
check_eq "log: djb line before the blocked line for every refusal" \
	"$(awk '/ rblsmtpd: [0-9.]+ pid /{d[$3] = NR} / blocked /{if (d[$5] && d[$5] < NR) n++} END {print n + 0}' $L)" 45

run_cmd -e -- "$RBLSTAT_BIN" --csv $L
check_eq "rblstat: exit 0" "$RUN_RC" 0
check_eq "rblstat: 45 refusals, every djb line paired" \
	"$(grep -E '^(refusals|blocked|djb|djb_duplicates),' "$RUN_OUT_FILE")" \
	"refusals,45
blocked,45
djb,45
djb_duplicates,45"
check_eq "rblstat: per list (no '-' list)" "$(sed -n '/^list,/,/^$/p' "$RUN_OUT_FILE" | cut -d, -f1,2)" \
	"list,refusals
test.rbl,30
RBLSMTPD,15"
