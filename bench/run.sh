#!/bin/bash
# SPDX-License-Identifier: ISC
# bench/run.sh -- the benchmarks of issue 6 (make bench).  Runs Debian's
# /usr/bin/rblsmtpd and ours on the same DNS data in the same run, prints the
# table and writes it into BENCHMARKS.md (between the bench:begin/end marks).
# Everything runs in a private network namespace (tests/lib/common.sh):
# rbldnsd on 127.0.53.1, tests/dns/faultdns.py on 127.0.53.2, loopback only.
#   BENCH_TMP  where B8's 1 GB log is written (default /var/tmp; removed after)
#   BENCH_MB   size of that log in MB (default 1024)
#   BENCH_NO_WRITE=1  print the table only

# Install what the run needs before entering the namespace (no network there).
if [ -z "${RBLTEST_NS:-}" ]; then
	need=
	for c in valgrind:valgrind rbldnsd:rbldnsd tcpserver:ucspi-tcp python3:python3 \
		 mawk:mawk unshare:util-linux ss:iproute2; do
		command -v "${c%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${c%%:*}" ] ||
			need="$need ${c#*:}"
	done
	[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -n "$(ls /usr/lib/*/libc.a 2>/dev/null)" ] ||
		need="$need libc6-dev"
	if [ -n "$need" ]; then
		echo "# installing:$need"
		SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
		$SUDO apt-get install -y --no-install-recommends $need >/dev/null ||
			{ echo "bench: cannot install$need" >&2; exit 1; }
	fi
fi

. "$(dirname "$0")/../tests/lib/common.sh"

B=$TOP/bench
OURS=$RBLSMTPD_BIN
DEB=$REF_RBLSMTPD
M="$PY $B/measure.py"
RESULTS=$TESTDIR/results
[ -x "$OURS" ] && [ -x "$DEB" ] && [ -x "$RBLSTAT_BIN" ] || bail "build first (make); need $DEB"
start_dns
T0=$(date +%s); LOAD0=$(cut -d" " -f1-3 /proc/loadavg)

note() { echo "# $*" >&2; }
# row ID CASE DEBIAN OURS RATIO TARGET MET
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@" >"$RESULTS.$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
yn() { if "$@"; then echo yes; else echo NO; fi; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
# run_t N OUTFILE VAR=val... -- CMD...: median wall seconds of N runs (env -i)
run_t() {
	local n=$1 out=$2; shift 2
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
	env -i PATH="$PATH" "${envs[@]}" $M -n "$n" -o "$out" -- "$@" | awk '{ print $1 }'
}
expect() {   # expect FILE ERE WHAT: a wrong verdict voids the timing
	grep -Eq -- "$2" "$1" || { not_ok "$3: output does not match /$2/"; sed 's/^/#   /' "$1"; }
}

# ---- B2/B3 for Debian: 59 s each, measured once, in the background
DNS=DNSCACHEIP=$RBLDNS_IP
FDNS=DNSCACHEIP=$FAULTDNS_IP
env -i PATH="$PATH" $FDNS TCPREMOTEIP=127.0.0.2 $M -n 1 -o "$TESTDIR/b2.deb" -- \
	"$DEB" -r silent.test -r listed.test /bin/true >"$TESTDIR/b2.deb.t" &
b2pid=$!
env -i PATH="$PATH" $FDNS TCPREMOTEIP=127.0.0.2 $M -n 1 -o "$TESTDIR/b3.deb" -- \
	"$DEB" -r silent.test /bin/echo accepted >"$TESTDIR/b3.deb.t" &
b3pid=$!
note "B2/B3: Debian's 59 s waits run in the background"

# ---- B1, B1m, B1c: five lists answering after 100 ms (faultdns slow1..5)
SLOW="-r slow1.test -r slow2.test -r slow3.test -r slow4.test"
note B1
d=$(run_t 5 "$TESTDIR/b1.deb" $FDNS TCPREMOTEIP=127.0.0.2 -- "$DEB" $SLOW -r slow5.test /bin/true)
o=$(run_t 5 "$TESTDIR/b1.our" $FDNS TCPREMOTEIP=127.0.0.2 -- "$OURS" $SLOW -r slow5.test /bin/true)
expect "$TESTDIR/b1.deb" '451 listed by slow5' "B1 Debian"
expect "$TESTDIR/b1.our" '451 listed by slow5' "B1 ours"
row B1 "5 lists × 100 ms, listed by the 5th" "$(ms "$d")" "$(ms "$o")" "$(ratio "$d" "$o")×" "≤ 220 ms" "$(yn le "$o" 0.22)"
b1deb=$d
o=$(run_t 5 "$TESTDIR/b1m.our" $FDNS TCPREMOTEIP=127.0.0.2 -- "$OURS" $SLOW -r 'slow5.test:blocked %IP%' /bin/true)
expect "$TESTDIR/b1m.our" '451 blocked 127.0.0.2' "B1m ours"
row B1m "same, 5th as \`zone:message\`" "($(ms "$b1deb"): no \`:message\`, B1's time)" "$(ms "$o")" "$(ratio "$b1deb" "$o")×" "≤ 120 ms" "$(yn le "$o" 0.12)"
d=$(run_t 5 "$TESTDIR/b1c.deb" $FDNS TCPREMOTEIP=127.0.0.1 -- "$DEB" $SLOW -r slow5.test /bin/echo accepted)
o=$(run_t 5 "$TESTDIR/b1c.our" $FDNS TCPREMOTEIP=127.0.0.1 -- "$OURS" $SLOW -r slow5.test /bin/echo accepted)
expect "$TESTDIR/b1c.deb" '^accepted' "B1c Debian"
expect "$TESTDIR/b1c.our" '^accepted' "B1c ours"
row B1c "same, client listed nowhere" "$(ms "$d")" "$(ms "$o")" "$(ratio "$d" "$o")×" "≤ 120 ms" "$(yn le "$o" 0.12)"

# ---- B2, B3 (ours)
note B2 B3
o2=$(run_t 5 "$TESTDIR/b2.our" $FDNS TCPREMOTEIP=127.0.0.2 -- "$OURS" -r silent.test -r listed.test /bin/true)
expect "$TESTDIR/b2.our" '451 listed here' "B2 ours"
o3=$(run_t 3 "$TESTDIR/b3.our" $FDNS TCPREMOTEIP=127.0.0.2 -- "$OURS" -T 1 -r silent.test /bin/echo accepted)
expect "$TESTDIR/b3.our" '^accepted' "B3 ours"

# ---- B4, B5: instructions per connection (callgrind), exec target fails
LISTS5="-r nonexistent.local -r test.rbl -r notxt.rbl -r white.rbl -r filter.rbl"
instr() {   # instr BIN LISTS...: total instructions, whole process
	local out=$TESTDIR/cg.log
	env -i PATH="$PATH" $DNS TCPREMOTEIP=127.0.0.9 valgrind --tool=callgrind \
		--callgrind-out-file=/dev/null "$@" /nonexistent/smtpd >"$out" 2>&1
	grep -q 'unable to run /nonexistent/smtpd' "$out" || not_ok "callgrind $1: no exec failure" "$(cat "$out")"
	sed -n 's/.*Collected : *//p' "$out"
}
note B4 B5
d=$(instr "$DEB" -r nonexistent.local); o=$(instr "$OURS" -r nonexistent.local)
row B4 "instructions per connection, 1 list (NXDOMAIN)" "$((d / 1000)) k" "$((o / 1000)) k" "$(ratio "$o" "$d")× of Debian" "≤ 1.0×" "$(yn le "$o" "$d")"
d=$(instr "$DEB" $LISTS5); o=$(instr "$OURS" $LISTS5)
row B5 "same, 5 lists" "$((d / 1000)) k" "$((o / 1000)) k" "$(ratio "$o" "$d")× of Debian" "≤ 1.0×" "$(yn le "$o" "$d")"

# ---- B6: peak RSS (ru_maxrss through a tiny static launcher)
note B6
MAXRSS=$TESTDIR/maxrss
cc -O2 -static -o "$MAXRSS" "$B/maxrss.c" 2>/dev/null || cc -O2 -o "$MAXRSS" "$B/maxrss.c" || bail "cc maxrss.c"
rss() {
	local i
	for i in 1 2 3 4 5; do
		env -i PATH="$PATH" $DNS TCPREMOTEIP=127.0.0.9 "$MAXRSS" "$@" /nonexistent/smtpd 2>&1 |
			sed -n 's/^maxrss //p'
	done | sort -n | sed -n 3p
}
d=$(rss "$DEB" -r nonexistent.local); o=$(rss "$OURS" -r nonexistent.local)
row B6 "peak RSS, 1 list (B4's case)" "$d KB" "$o KB" "$(ratio "$o" "$d")× of Debian" "≤ 1.25×" "$(yn le "$o" "$(awk -v d="$d" 'BEGIN{print d*1.25}')")"
d=$(rss "$DEB" $LISTS5); o=$(rss "$OURS" $LISTS5)
row B6b "peak RSS, 5 lists (B5's case)" "$d KB" "$o KB" "$(ratio "$o" "$d")× of Debian" "≤ 1.25×" "$(yn le "$o" "$(awk -v d="$d" 'BEGIN{print d*1.25}')")"

# ---- B7: connections per second through tcpserver
note B7
tcps() {   # tcps PORT BIN: tcpserver running BIN in front of a trivial server
	env -i PATH="$PATH" $DNS /usr/bin/tcpserver -R -H -l bench.local -c 200 -b 100 \
		127.0.0.1 "$1" "$2" -r nonexistent.local /bin/echo 220 bench.local \
		</dev/null >/dev/null 2>"$TESTDIR/tcpserver-$1.err" &
	echo $! >"$TESTDIR/run/tcpserver-$1.pid"
	wait_port 127.0.0.1 "$1" 5 || bail "tcpserver $1"
}
tcps 2601 "$DEB"; tcps 2602 "$OURS"
cps() {
	local port=$1 i
	for i in 1 2 3; do "$PY" "$B/loadgen.py" 127.0.0.1 "$port" 2000 50; done >"$TESTDIR/b7.$port"
	awk '$3 != 2000 { bad = 1 } END { exit bad }' "$TESTDIR/b7.$port" ||
		not_ok "B7 port $port: not every connection reached the server" "$(cat "$TESTDIR/b7.$port")"
	awk '{ print $2 }' "$TESTDIR/b7.$port" | sort -n | sed -n 2p
}
d=$(cps 2601); o=$(cps 2602)
row B7 "connections/s via tcpserver (2000, 50 at once)" "$d/s" "$o/s" "$(ratio "$o" "$d")×" "≥ 1.0×" "$(yn le "$d" "$o")"

# ---- B8: rblstat on a 1 GB log vs grep -F | mawk
note B8: generating the log
LOG=$(mktemp "${BENCH_TMP:-/var/tmp}/rblbench.XXXXXX.log") || bail mktemp
at_exit "rm -f '$LOG' '$LOG.expected'"
"$PY" "$B/genlog.py" "$LOG" "${BENCH_MB:-1024}" || bail genlog
cat "$LOG" >/dev/null   # into the page cache for both sides
mb=$(( $(stat -c %s "$LOG") / 1048576 ))
sort "$LOG.expected" >"$TESTDIR/b8.want"
"$B/awkcount.sh" "$LOG" | sort >"$TESTDIR/b8.awk"
"$RBLSTAT_BIN" --year 2025 --csv "$LOG" >"$TESTDIR/b8.csv"
sed -n '/^month,list,refusals/,/^$/p' "$TESTDIR/b8.csv" | sed '1d;/^$/d' | tr , ' ' | sort >"$TESTDIR/b8.rblstat"
same=yes
cmp -s "$TESTDIR/b8.awk" "$TESTDIR/b8.want" || { same=NO; not_ok "B8: awk numbers differ from the generator's"; }
cmp -s "$TESTDIR/b8.rblstat" "$TESTDIR/b8.want" || { same=NO; not_ok "B8: rblstat numbers differ from the generator's"; }
note B8: timing
d=$(run_t 3 /dev/null -- "$B/awkcount.sh" "$LOG")
o=$(run_t 3 /dev/null -- "$RBLSTAT_BIN" --year 2025 --csv "$LOG")
row B8 "rblstat, per-month per-list counts, $mb MB log" "grep+mawk $(ms "$d")" "$(ms "$o") (same numbers: $same)" "$(ratio "$d" "$o")× faster" "≥ 3×" "$(yn le "$o" "$(awk -v d="$d" 'BEGIN{print d/3}')")"
# B8p: the same log as Prometheus metrics (per log host and list); the
# refusals summed over hosts must equal the generator's per-list totals.
"$RBLSTAT_BIN" --year 2025 --prometheus "$LOG" >"$TESTDIR/b8.prom"
awk '{ c[$2] += $3 } END { for (l in c) print l, c[l] }' "$TESTDIR/b8.want" | sort >"$TESTDIR/b8p.want"
sed -n 's/^rblsmtpd_refusals{host="[^"]*",list="\([^"]*\)"} \([0-9]*\)$/\1 \2/p' "$TESTDIR/b8.prom" |
	awk '{ c[$1] += $2 } END { for (l in c) if (c[l]) print l, c[l] }' | sort >"$TESTDIR/b8p.got"
samep=yes
cmp -s "$TESTDIR/b8p.got" "$TESTDIR/b8p.want" || { samep=NO; not_ok "B8p: --prometheus numbers differ from the generator's"; }
o=$(run_t 3 /dev/null -- "$RBLSTAT_BIN" --year 2025 --prometheus "$LOG")
row B8p "rblstat --prometheus (per host and list), same log" "grep+mawk $(ms "$d")" "$(ms "$o") (same numbers: $samep)" "$(ratio "$d" "$o")× faster" "-" "-"

# ---- collect B2/B3 (Debian)
note "B2/B3: waiting for Debian's 59 s runs"
wait "$b2pid" "$b3pid"
d2=$(awk '{ print $1 }' "$TESTDIR/b2.deb.t"); d3=$(awk '{ print $1 }' "$TESTDIR/b3.deb.t")
expect "$TESTDIR/b2.deb" '451 listed here' "B2 Debian"
expect "$TESTDIR/b3.deb" '^accepted' "B3 Debian"
row B2 "silent list first, 2nd lists the client" "$(awk -v s="$d2" 'BEGIN{printf "%.1f s", s}')" "$(ms "$o2")" "$(ratio "$d2" "$o2")×" "≤ 200 ms" "$(yn le "$o2" 0.2)"
row B3 "silent list, not listed (ours: \`-T 1\`)" "$(awk -v s="$d3" 'BEGIN{printf "%.1f s", s}')" "$(ms "$o3")" "$(ratio "$d3" "$o3")×" "≤ 1050 ms" "$(yn le "$o3" 1.05)"

# ---- the table
secs=$(( $(date +%s) - T0 ))
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
TABLE=$TESTDIR/table.md
{
	echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') in ${secs} s on: $cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r); load average before/after: $LOAD0 / $(cut -d' ' -f1-3 /proc/loadavg)."
	echo "Ours: $(git -C "$TOP" describe --always --dirty 2>/dev/null), $(file -b "$OURS" | cut -d, -f1-2,5 | sed 's/  */ /g'); Debian: $(dpkg-query -W -f '${Package} ${Version}' ucspi-tcp 2>/dev/null)."
	echo
	echo "| # | case | Debian rblsmtpd | ours | ratio | target | met |"
	echo "|---|---|---|---|---|---|---|"
	for r in B1 B1m B1c B2 B3 B4 B5 B6 B6b B7 B8 B8p; do cat "$RESULTS.$r" 2>/dev/null; done
} >"$TABLE"
cat "$TABLE"
if [ "${BENCH_NO_WRITE:-0}" != 1 ]; then
	"$PY" - "$TOP/BENCHMARKS.md" "$TABLE" <<'PY'
import sys
md, table = sys.argv[1], open(sys.argv[2]).read()
s = open(md).read()
a, b = s.index("<!-- bench:begin -->"), s.index("<!-- bench:end -->")
open(md, "w").write(s[:a] + "<!-- bench:begin -->\n" + table + s[b:])
PY
	echo "# written into BENCHMARKS.md"
fi
