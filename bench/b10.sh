#!/bin/bash
# SPDX-License-Identifier: ISC
# bench/b10.sh -- B10 of BENCHMARKS.md (make bench-b10): rblcheck on whole
# networks.  A /16 (65,536 addresses) against two lists served by Debian's
# rbldnsd on loopback (batch.rbl lists 5 % of 198.18.0.0/16; the second
# lists nothing), from a prefix and from an address file, and a /14 to show
# that memory does not follow the input; the rblcheck of B10_OLD (the one
# thread and one c-ares channel per address design) on the largest inputs it
# takes; the ceiling: dnsperf, a plain bulk client, sending the same
# queries to the same rbldnsd with the same number in flight (128, -p's
# default).
# Prints the table and writes it into BENCHMARKS.md (between the b10 marks).
#   B10_OLD          git revision of the old rblcheck (default 39d34b2)
#   B10_OLD_SIZES    address counts for it (default "2048 16384 65536"; it
#                    stops at the first it fails)
#   BENCH_NO_WRITE=1 print the table only

if [ -z "${RBLTEST_NS:-}" ]; then
	need=
	for c in rbldnsd:rbldnsd dnsperf:dnsperf unshare:util-linux; do
		command -v "${c%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${c%%:*}" ] ||
			need="$need ${c#*:}"
	done
	if [ -n "$need" ]; then
		echo "# installing:$need"
		SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
		$SUDO apt-get install -y --no-install-recommends $need >/dev/null ||
			{ echo "bench: cannot install$need" >&2; exit 1; }
	fi
fi

. "$(dirname "$0")/../tests/lib/common.sh"

B=$TOP/bench
OLD_REV=${B10_OLD:-39d34b2}
OLD_SIZES=${B10_OLD_SIZES:-2048 16384 65536}
M="$PY $B/measure.py"
[ -x "$RBLCHECK_BIN" ] || bail "build first (make)"
T0=$(date +%s); LOAD0=$(cut -d" " -f1-3 /proc/loadavg)
note() { echo "# $*" >&2; }

# rbldnsd of its own, without the query log start_dns's keeps (writing a
# line per query would halve its rate): the two lists of B10.
IP=127.0.53.10
/usr/sbin/rbldnsd -n -b "$IP/53" -w "$TESTDATA" -c 1h batch.rbl:ip4set:batch.zone \
	clean.rbl:ip4set:empty.zone >/dev/null 2>"$TESTDIR/rbldnsd.log" </dev/null &
echo $! >"$TESTDIR/run/rbldnsd-b10.pid"
wait_for 5 _rt_dns_up "$IP" 0.0.18.198.batch.rbl || bail "rbldnsd on $IP"
LISTS=(-r batch.rbl -r clean.rbl)

MAXRSS=$TESTDIR/maxrss
cc -O2 -static -o "$MAXRSS" "$B/maxrss.c" 2>/dev/null || cc -O2 -o "$MAXRSS" "$B/maxrss.c" || bail "cc maxrss.c"

note "building the old rblcheck ($OLD_REV)"
mkdir -p "$TESTDIR/old"
git -C "$TOP" archive "$OLD_REV" | tar -x -C "$TESTDIR/old" || bail "git archive $OLD_REV"
make -C "$TESTDIR/old" -s -j2 build/rblcheck >/dev/null 2>&1 || bail "make old rblcheck"
OLD=$TESTDIR/old/build/rblcheck

# The queries of a /16: an A query per list per address, and the TXT query
# for each listed address (what rblcheck asks).
"$PY" - "$TESTDIR/queries" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for x in range(256):
        for y in range(256):
            f.write(f"{y}.{x}.18.198.batch.rbl A\n{y}.{x}.18.198.clean.rbl A\n")
            if y <= 12:
                f.write(f"{y}.{x}.18.198.batch.rbl TXT\n")
PY
NQ=$(wc -l <"$TESTDIR/queries")
"$PY" -c 'for i in range(65536): print("198.18.%d.%d" % (i // 256, i % 256))' >"$TESTDIR/addrs"

ROWS=$TESTDIR/rows
: >"$ROWS"
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@" >>"$ROWS"; }
fmt_s() { awk -v s="$1" 'BEGIN { printf "%.2f s", s }'; }
fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
qps() { awk -v q="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? q / s : 0) }'; }

ceil() {   # ceil INFLIGHT: dnsperf's queries per second on the same queries
	dnsperf -s "$IP" -d "$TESTDIR/queries" -n 1 -q "$1" -t 5 >"$TESTDIR/dnsperf.$1" 2>&1
	grep -q 'Queries lost: *0 ' "$TESTDIR/dnsperf.$1" || note "dnsperf -q $1 lost queries"
	sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p' "$TESTDIR/dnsperf.$1" | cut -d. -f1
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# run_ours ID NAME WANT_ADDRESSES ARGS...: ROUNDS runs, each right after a
# ceiling run (the machine's load changes from minute to minute); the
# median wall time, peak RSS and rate; the summary must count every address.
: >"$TESTDIR/ceilings"
run_ours() {
	local id=$1 name=$2 want=$3; shift 3
	local out=$TESTDIR/out.$id i t rss q
	: >"$TESTDIR/t.$id"
	for i in $(seq 1 "${ROUNDS:-3}"); do
		ceil 128 >>"$TESTDIR/ceilings"
		t=$(env -i PATH="$PATH" DNSCACHEIP=$IP $M -n 1 -i "${STDIN:-/dev/null}" -o "$out" -- \
			"$MAXRSS" "$RBLCHECK_BIN" "$@" | awk '{ print $1 }')
		rss=$(sed -n 's/^maxrss //p' "$out")
		q=$(sed -n 's/^rblcheck: .* addresses checked, .*, \([0-9]*\) queries in .*/\1/p' "$out")
		grep -q "^rblcheck: $want addresses checked, " "$out" ||
			not_ok "B10 $name: not every address checked" "$(grep '^rblcheck:' "$out")"
		echo "$t $rss $q" >>"$TESTDIR/t.$id"
	done
	t=$(awk '{ print $1 }' "$TESTDIR/t.$id" | median)
	rss=$(awk '{ print $2 }' "$TESTDIR/t.$id" | sort -n | tail -1)
	q=$(awk '{ print $3 }' "$TESTDIR/t.$id" | median)
	echo "$(qps "$q" "$t") $name|$want|$(fmt_s "$t")|$(fmt_mb "$rss")" >>"$TESTDIR/ours"
}

note "ours, each run after a ceiling run"
run_ours p16 "prefix 198.18.0.0/16" 65536 "${LISTS[@]}" 198.18.0.0/16
run_ours p16p64 "the same, -p 64" 65536 -p 64 "${LISTS[@]}" 198.18.0.0/16
run_ours p16u "the same, -u (completion order)" 65536 -u "${LISTS[@]}" 198.18.0.0/16
STDIN=$TESTDIR/addrs run_ours f16 "file of 65,536 lines (-f -)" 65536 "${LISTS[@]}" -f -
ROUNDS=1 run_ours p14 "prefix 198.16.0.0/14" 262144 "${LISTS[@]}" 198.16.0.0/14
for id in p16 p16p64 p16u f16; do
	grep -q '^rblcheck: -r batch.rbl: 3328 listed, 0 timeouts, 0 errors$' "$TESTDIR/out.$id" ||
		not_ok "B10 $id: batch.rbl should list 3328 of the /16" "$(grep '^rblcheck:' "$TESTDIR/out.$id")"
done
ceiling=$(median <"$TESTDIR/ceilings")
ceilings=$(sort -n "$TESTDIR/ceilings" | tr '\n' ' ')
ceil500=$(ceil 500)
lost500=$(sed -n 's/^ *Queries lost: *\([0-9]*\).*/\1/p' "$TESTDIR/dnsperf.500")
while read -r r rest; do
	IFS='|' read -r name want t rss <<<"$rest"
	row "$name" "$want" "$t" "$rss" "$r" \
		"$(awk -v a="$r" -v b="$ceiling" 'BEGIN { printf "%.2f× of the ceiling", (b > 0 ? a / b : 0) }')"
done <"$TESTDIR/ours"

note "old rblcheck"
for n in $OLD_SIZES; do
	head -n "$n" "$TESTDIR/addrs" >"$TESTDIR/addrs.$n"
	out=$TESTDIR/old.$n
	t=$(env -i PATH="$PATH" DNSCACHEIP=$IP $M -n 1 -o "$out" -- timeout 300 \
		"$MAXRSS" "$OLD" "${LISTS[@]}" $(cat "$TESTDIR/addrs.$n") | awk '{ print $1 }')
	rss=$(sed -n 's/^maxrss //p' "$out")
	got=$(grep -c '^  reply: ' "$out")
	if [ "$got" != "$n" ]; then
		row "old rblcheck ($OLD_REV), $n arguments" "$n" "$(fmt_s "$t")" "${rss:+$(fmt_mb "$rss")}" \
			"-" "failed: $got of $n results ($(grep -m1 -v -e '^ ' -e '^[0-9]' "$out" | cut -c1-60))"
		break
	fi
	# queries: an A per list per address, a TXT per batch.rbl listing
	listed=$(grep -c '^  -r batch.rbl .* listed ' "$out")
	q=$((2 * n + listed))
	r=$(qps "$q" "$t")
	row "old rblcheck ($OLD_REV), $n arguments" "$n" "$(fmt_s "$t")" "$(fmt_mb "$rss")" "$r" \
		"$(awk -v a="$r" -v b="$ceiling" 'BEGIN { printf "%.2f× of the ceiling", (b > 0 ? a / b : 0) }')"
done

secs=$(( $(date +%s) - T0 ))
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
TABLE=$TESTDIR/table.md
{
	echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') in ${secs} s on: $cpu, $(nproc) CPUs, $(. /etc/os-release; echo "$PRETTY_NAME"); load average before/after: $LOAD0 / $(cut -d' ' -f1-3 /proc/loadavg)."
	echo "Ours: $(git -C "$TOP" describe --always --dirty 2>/dev/null), default -p (128 lookups in flight); rbldnsd $(dpkg-query -W -f '${Version}' rbldnsd 2>/dev/null); dnsperf $(dpkg-query -W -f '${Version}' dnsperf 2>/dev/null)."
	echo "Ceiling: dnsperf, the same $NQ queries, 128 in flight: **$ceiling queries/s**, the median of $(wc -l <"$TESTDIR/ceilings") runs, one before each of ours ($ceilings); 500 in flight: $ceil500/s, $lost500 lost."
	echo "Each row of ours: the median of 3 runs (the /14: one run); peak RSS: the largest of its runs."
	echo
	echo "| case | addresses | wall | peak RSS | queries/s | rate |"
	echo "|---|---|---|---|---|---|"
	cat "$ROWS"
} >"$TABLE"
cat "$TABLE"
if [ "${BENCH_NO_WRITE:-0}" != 1 ]; then
	"$PY" - "$TOP/BENCHMARKS.md" "$TABLE" <<'PY'
import sys
md, table = sys.argv[1], open(sys.argv[2]).read()
s = open(md).read()
a, b = s.index("<!-- b10:begin -->"), s.index("<!-- b10:end -->")
open(md, "w").write(s[:a] + "<!-- b10:begin -->\n" + table + s[b:])
PY
	echo "# written into BENCHMARKS.md"
fi
