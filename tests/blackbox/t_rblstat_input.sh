#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat's input, following rblstat(1): INPUT FORMATS, Messages, THE YEAR
# RULE, PROMETHEUS OUTPUT (per host), the examples' units, EXIT STATUS,
# CAVEATS, and a corrupt gzip that stops the count at the damage.
# t_rblstat_output.sh has the output formats, DESCRIPTION and OPTIONS, and
# the list of what is documented but not tested, and why.
. "$(dirname "$0")/../lib/common.sh"

DOC=$TESTDATA/rblstat/doc    # doc.log and its reports (README there)
cd "$TESTDIR" || bail "no TESTDIR"

. "$TESTLIB/rblstat.sh"
R=rblstat_utc
DATA=$TESTDATA/rblstat

# A one-host log of one refusal, without summaries.
blocked 2026-01-01T00:00:00Z h zen >one.log

# ============================================================ INPUT FORMATS
# One refusal per format, its list named after it; the day it is counted
# on is the date written in the line.
e=$(date -u -d '2026-11-27 10:00:00' +%s)
tai=$(printf '@%016x%08x' $((0x4000000000000000 + e + 10)) 123456789)
cat >formats.log <<EOF
Nov 27 10:00:00 mx rblsmtpd: classic blocked 192.0.2.1 - -
Nov 27 10:00:00 mx rblsmtpd[123]: classic-pid blocked 192.0.2.1 - -
Nov 27 10:00:00.123456 mx rblsmtpd[123]: short-precise blocked 192.0.2.1 - -
<22>Nov 27 10:00:00 mx rblsmtpd: classic-pri blocked 192.0.2.1 - -
2026-11-27T10:00:00.123+01:00 mx rblsmtpd: rfc3339-colon blocked 192.0.2.1 - -
2026-11-27T10:00:00Z mx rblsmtpd: rfc3339-z blocked 192.0.2.1 - -
2026-11-27T10:00:00+0100 mx rblsmtpd[5]: short-iso blocked 192.0.2.1 - -
2026-11-27T10:00:00.123456+01:00 mx rblsmtpd[5]: short-iso-precise blocked 192.0.2.1 - -
2026-11-27T10:00:00+01:00 mx rblsmtpd no-colon blocked 192.0.2.1 - -
<22>1 2026-11-27T10:00:00.123Z mx rblsmtpd - - - rfc5424 blocked 192.0.2.1 - -
<22>1 2026-11-27T10:00:00Z mx rblsmtpd 77 - [x@1 a="b\\]c"][y@2] $(printf '\357\273\277')rfc5424-sd-bom blocked 192.0.2.1 - -
$tai rblsmtpd: tai64n blocked 192.0.2.1 - -
2026-11-27 10:00:00.123456789 rblsmtpd: tai64nlocal blocked 192.0.2.1 - -
2026-11-27_10:00:00.12345 rblsmtpd: svlogd-tt blocked 192.0.2.1 - -
2026-11-27T10:00:00.12345 rblsmtpd: svlogd-ttt blocked 192.0.2.1 - -
EOF
st --csv --by day --year 2026 formats.log
check_eq "input formats: every one read, dated 2026-11-27" \
	"$(counters lines skipped refusals | tr '\n' ' ')$(csv_rows day | cut -d, -f1 | sort | uniq -c | tr -s ' ')" \
	"lines,15 skipped,0 refusals,15  15 2026-11-27"
check_eq "input formats: every list name from its own line" \
	"$(csv_rows list | cut -d, -f1 | sort | tr '\n' ' ')" \
	"classic classic-pid classic-pri no-colon rfc3339-colon rfc3339-z rfc5424 rfc5424-sd-bom short-iso short-iso-precise short-precise svlogd-tt svlogd-ttt tai64n tai64nlocal "
check_eq "input formats: the host field kept (multilog and tai64nlocal have none)" \
	"$(csv_rows top | grep '^hosts,' | cut -d, -f3,4)" "mx,11
\"'-\",4"

# TAI64N: TAI = UTC + 10 s, shown in $TZ.  A label for 23:59:55 UTC is that
# day in UTC (00:00:05 the next day if the 10 s were not taken off), the
# next day in Tokyo, still that day in New York.
e=$(date -u -d '2025-11-27 23:59:55' +%s)
printf '@%016x00000000 rblsmtpd: zen blocked 192.0.2.1 - -\n' $((0x4000000000000000 + e + 10)) >tai.log
got=
for z in UTC Asia/Tokyo America/New_York; do st TZ=$z --csv --by day tai.log; got+="$z $(csv_rows day) "; done
check_eq "TAI64N: minus 10 s, in the local time zone (TZ)" "$got" \
	"UTC 2025-11-27,zen,1 Asia/Tokyo 2025-11-28,zen,1 America/New_York 2025-11-27,zen,1 "
st TZ=UTC --csv --until '2025-11-27 23:59:55' tai.log; a=$(counters refusals)
st TZ=UTC --csv --since '2025-11-27 23:59:56' tai.log
check_eq "TAI64N: to the second" "$a $(counters refusals)" "refusals,1 refusals,0"

# Dates as written in the log (the logging host's wall clock); TZ plays no
# part for them.
echo "2026-11-30T23:30:00-05:00 h rblsmtpd: zen blocked 192.0.2.1 - -" >wall.log
echo "Nov 30 23:30:00 h rblsmtpd: zen blocked 192.0.2.1 - -" >>wall.log
echo "2026-11-30T23:30:00+14:00 h rblsmtpd: zen blocked 192.0.2.1 - -" >>wall.log
got=
for z in UTC Asia/Tokyo America/New_York; do st TZ=$z --csv --by day --year 2026 wall.log; got+="$(csv_rows day) "; done
check_eq "wall-clock dates: November 30 in every TZ" "$got" \
	"2026-11-30,zen,3 2026-11-30,zen,3 2026-11-30,zen,3 "

# Merged logs of several hosts: the per-host table shows only with more
# than one host (doc.txt above has it).
st one.log
check_eq "one host: no per-host table" "$(grep -c 'per log host' "$RUN_OUT_FILE")" 0

# ============================================================ Messages
# djb's line and a blocked line for the same IP, within 5 s either way, in
# the same file, are one refusal (of the blocked line's list); each pairs
# at most once.
D='rblsmtpd: 192.0.2.1 pid 7: 451 listed'
pair() {   # pair NAME WANT FILE...: "refusals djb_duplicates lists"
	st --csv "${@:3}"
	check_eq "pairing: $1" "$(counters refusals djb_duplicates | cut -d, -f2 | tr '\n' ' ')$(csv_rows list | cut -d, -f1,2 | tr '\n' ' ')" "$2"
}
printf '%s\n' "2026-01-01T00:00:00Z h $D" "$(blocked 2026-01-01T00:00:05Z h zen)" >p.log
pair "djb then blocked, 5 s apart: one refusal" "1 1 zen,1 " p.log
printf '%s\n' "2026-01-01T00:00:00Z h $D" "$(blocked 2026-01-01T00:00:06Z h zen)" >p.log
pair "6 s apart: two" "2 0 \"'-\",1 zen,1 " p.log
printf '%s\n' "$(blocked 2026-01-01T00:00:00Z h zen)" "2026-01-01T00:00:05Z h $D" >p.log
pair "blocked then djb, 5 s apart: one" "1 1 zen,1 " p.log
printf '%s\n' "$(blocked 2026-01-01T00:00:00Z h zen)" "2026-01-01T00:00:06Z h $D" >p.log
pair "blocked then djb, 6 s apart: two" "2 0 \"'-\",1 zen,1 " p.log
printf '%s\n' "2026-01-01T00:00:00Z h $D" >p1.log
printf '%s\n' "$(blocked 2026-01-01T00:00:01Z h zen)" >p2.log
pair "not across files" "2 0 \"'-\",1 zen,1 " p1.log p2.log
printf '%s\n' "2026-01-01T00:00:00Z h $D" "$(blocked 2026-01-01T00:00:01Z h zen 192.0.2.2)" >p.log
pair "not across IPs" "2 0 \"'-\",1 zen,1 " p.log
printf '%s\n' "2026-01-01T00:00:00Z h $D" "2026-01-01T00:00:01Z h $D" "$(blocked 2026-01-01T00:00:02Z h zen)" >p.log
pair "two djb lines, one blocked: one pair" "2 1 \"'-\",1 zen,1 " p.log
printf '%s\n' "$(blocked 2026-01-01T00:00:00Z h zen)" "2026-01-01T00:00:01Z h $D" "$(blocked 2026-01-01T00:00:02Z h zen)" >p.log
pair "one djb line, two blocked: one pair" "2 1 zen,2 " p.log
printf '%s\n' "$(blocked 2026-01-01T00:00:00Z h zen)" "2026-01-01T00:00:01Z h $D" "2026-01-01T00:00:02Z h $D" >p.log
pair "one blocked line, two djb after it: one pair" "2 1 \"'-\",1 zen,1 " p.log
printf '%s\n' "2026-01-01T00:00:00Z h rblsmtpd: 192.0.2.1 pid 7: 553 go away" >p.log
pair "a 553 djb line alone: a refusal of list '-'" "1 0 \"'-\",1 " p.log

# Ignored (counted as "other", not skipped): rblsmtpd's other messages,
# other programs, empty lines, journalctl's "--" markers.
printf '%s\n' '' '-- Boot 0123456789abcdef0123456789abcdef --' '-- No entries --' \
	'-- Journal begins at Mon 2026-11-02 10:00:00 UTC, ends at Sun 2026-11-29 10:00:00 UTC. --' \
	'Nov  1 00:00:00 h rblsmtpd: fatal: unable to run ./server: file does not exist' \
	'Nov  1 00:00:00 h postfix/smtpd[1]: connect from x[192.0.2.1]' \
	'2026-11-01T00:00:00Z h sshd[2]: Accepted publickey for root' >ign.log
st --csv ign.log
check_eq "ignored lines are not skipped" "$(counters lines skipped other refusals | tr '\n' ' ')" \
	"lines,7 skipped,0 other,7 refusals,0 "

# Skipped: no known timestamp, Feb 30, Apr 31, Feb 29 of a common year,
# binary garbage, a wrong number of fields, bytes rblsmtpd never writes.
{
	echo 'rblsmtpd: zen blocked 192.0.2.1 - -'
	echo 'Feb 30 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -'
	echo 'Apr 31 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -'
	echo 'Feb 29 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -'
	echo '2025-02-29T00:00:00Z h rblsmtpd: zen blocked 192.0.2.1 - -'
	printf '\001\002\377\376 garbage\n'
	echo 'Mar  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - - extra'
	echo 'Mar  1 00:00:00 h rblsmtpd: zen rejected 192.0.2.1 - - h <a@b>'
	printf 'Mar  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - caf\303\251\n'
	printf 'Mar  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - a\tb\n'
	echo 'Mar  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -'
} >skip.log
st --csv --year 2025 skip.log
check_eq "skipped lines (2025: Feb 29 impossible)" "$(counters lines skipped refusals | tr '\n' ' ')" \
	"lines,11 skipped,10 refusals,1 "
st --csv --year 2024 skip.log
check_eq "Feb 29 of a leap year is a date" "$(counters lines skipped refusals | tr '\n' ' ')$(csv_rows month | tr '\n' ' ')" \
	"lines,11 skipped,9 refusals,2 2024-02,zen,1 2024-03,zen,1 "
st --year 2025 skip.log
check_eq "text: \"N lines skipped\"" "$(sed -n 1p "$RUN_OUT_FILE")" \
	"rblstat: 11 lines read, 10 lines skipped, 1 refusals, 2025-03-01 to 2025-03-01"

# Lines longer than 65536 bytes are skipped (the length without '\n').
"$PY" - <<'PY'
pre = "2026-01-01T00:00:00Z h postfix/smtpd[1]: "
for n in (65536, 65537):
    with open("long%d.log" % n, "w") as f:
        f.write(pre + "x" * (n - len(pre)) + "\n")
        f.write("2026-01-01T00:00:00Z h rblsmtpd: zen blocked 192.0.2.1 - -\n")
PY
st --csv long65536.log; a=$(counters lines skipped other refusals | tr '\n' ' ')
st --csv long65537.log
check_eq "65536-byte line read, 65537 skipped, the next line still read" "$a| $(counters lines skipped other refusals | tr '\n' ' ')" \
	"lines,2 skipped,0 other,1 refusals,1 | lines,2 skipped,1 other,0 refusals,1 "

# A truncated gzip: exit 0, reported on stderr, every complete line counts,
# the cut last line is skipped.
"$PY" - <<'PY'
import gzip, zlib
s = "".join("2026-01-01T00:00:%02dZ h rblsmtpd: zen blocked 192.0.2.%d - -\n" % (i % 60, i % 250 + 1)
            for i in range(3000)).encode()
g = gzip.compress(s, mtime=0)
open("cut.gz", "wb").write(g[:len(g) // 2])
# what gzip -dc would give: the complete lines of the readable part
d = zlib.decompressobj(31).decompress(g[:len(g) // 2])
open("cut.want", "w").write("%d %d\n" % (d.count(b"\n"), len(g) // 2))
PY
read -r whole cutsize <cut.want
st --csv cut.gz
check_eq "truncated gzip: exit 0, complete lines counted, the cut line skipped" \
	"$RUN_RC $(counters lines skipped refusals damaged | tr '\n' ' ')" \
	"0 lines,$((whole + 1)) skipped,1 refusals,$whole damaged,1 "
# "... reported on standard error with the byte offset where the trouble
# was found": for a truncated file, where its data ends.
check_eq "truncated gzip: stderr names the file and the byte offset" "$(cat "$RUN_ERR_FILE")" \
	"rblstat: cut.gz: truncated gzip data at byte $cutsize; lines before it were counted"
run_cmd -c "cat cut.gz" TZ=UTC -- "$RBLSTAT_BIN" --csv
check_eq "truncated gzip on a pipe: the same offset" "$(cat "$RUN_ERR_FILE")" \
	"rblstat: -: truncated gzip data at byte $cutsize; lines before it were counted"

# ============================================================ THE YEAR RULE
# yr YEAR STAMP...: the months of one refusal per classic stamp
yr() {
	local y=$1; shift
	printf '%s h rblsmtpd: zen blocked 192.0.2.1 - -\n' "$@" >yr.log
	st --csv --year "$y" yr.log
	csv_rows month | tr '\n' ' '
}
check_eq "month back by 6 (Jul -> Jan): the year advances" \
	"$(yr 2025 'Jul  1 00:00:00' 'Jan  1 00:00:00')" "2025-07,zen,1 2026-01,zen,1 "
check_eq "month back by 5 (Aug -> Mar): same year" \
	"$(yr 2025 'Aug  1 00:00:00' 'Mar  1 00:00:00')" "2025-03,zen,1 2025-08,zen,1 "
check_eq "month forward by 11 (merged Dec after Jan): year before, running year kept" \
	"$(yr 2025 'Jan  5 00:00:00' 'Dec 31 00:00:00' 'Jan  6 00:00:00' 'Feb  1 00:00:00')" \
	"2024-12,zen,1 2025-01,zen,2 2025-02,zen,1 "
check_eq "month forward by 10 (Jan -> Nov): year before" \
	"$(yr 2025 'Jan  5 00:00:00' 'Nov 30 00:00:00' 'Jan  6 00:00:00')" "2024-11,zen,1 2025-01,zen,2 "
check_eq "month forward by 9 (Mar -> Dec): same year" \
	"$(yr 2025 'Mar  5 00:00:00' 'Dec 31 00:00:00' 'Jan  6 00:00:00')" "2025-03,zen,1 2025-12,zen,1 2026-01,zen,1 "
# Lines of other programs take part: Dec (rblsmtpd), Mar (postfix), Jul
# (rblsmtpd) is Dec 2024 -> Mar 2025 -> Jul 2025; without the postfix line
# Dec -> Jul (back by 5) would stay in 2024.
printf '%s\n' 'Dec 20 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -' 'Mar  1 00:00:00 h postfix/smtpd[1]: connect' \
	'Jul  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -' >other.log
st --csv --year 2024 other.log
check_eq "year rule: other programs' lines take part" "$(csv_rows month | tr '\n' ' ')" "2024-12,zen,1 2025-07,zen,1 "
# --year dates the first line of each file.
printf '%s\n' 'Dec 20 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -' 'Jan  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -' >y1.log
printf '%s\n' 'Mar  1 00:00:00 h rblsmtpd: zen blocked 192.0.2.1 - -' >y2.log
st --csv --year 2024 y1.log y2.log
check_eq "--year: the first line of each file" "$(csv_rows month | tr '\n' ' ')" "2024-03,zen,1 2024-12,zen,1 2025-01,zen,1 "
# Without --year the file's latest line is dated no later than its mtime
# plus a day (the anchor, t_rblstat_year.sh has the rest).  These files
# are written just before rblstat reads them, so the anchor is now plus a
# day: this year, unless that is more than a day ahead (then last year);
# the mtime is read in $TZ.  Stamps 1 minute inside and outside the day,
# at UTC and at UTC+14 (Pacific/Kiritimati).
want_year() {   # want_year TZ OFFSET_S [STAMP_TZ]: the stamp (wall clock of
	# now + OFFSET_S in STAMP_TZ, default TZ), and the YEAR and month the
	# rule gives it with TZ's clock
	TZ=$1 "$PY" -c '
import sys, time, datetime as dt
from zoneinfo import ZoneInfo
off, z = int(sys.argv[1]), sys.argv[2]; now = time.time()
t = dt.datetime.fromtimestamp(now + off, ZoneInfo(z)).replace(tzinfo=None)
n = dt.datetime.fromtimestamp(now)                   # wall clock in $TZ
try:
    c = t.replace(year=n.year)
except ValueError:                                   # Feb 29
    c = None
y = n.year if c is not None and (c - n).total_seconds() <= 86400 else n.year - 1
print(t.strftime("%b %e %H:%M:%S"), y, "%02d" % t.month)' "$2" "${3:-$1}"
}
got='' want=''
for z in UTC Pacific/Kiritimati; do
	for off in $((86400 - 60)) $((86400 + 60)); do
		read -r mon day hms y m <<<"$(want_year $z $off)"
		echo "$mon $day $hms h rblsmtpd: zen blocked 192.0.2.1 - -" >now.log
		st TZ=$z --csv now.log
		got+="$(csv_rows month) " want+="$y-$m,zen,1 "
	done
done
check_eq "year rule: a day ahead is this year, more is last year (TZ's clock)" "$got" "$want"
# ... and TZ is the mtime's zone: a stamp 30 h ahead of UTC's wall clock is
# 16 h ahead in UTC+14 (this year there) and 30 h ahead in UTC (last year).
# (Both years computed, so the days around New Year need no special case.)
read -r mon day hms y m <<<"$(want_year UTC 108000)"
read -r _ _ _ y14 _ <<<"$(want_year Pacific/Kiritimati 108000 UTC)"
echo "$mon $day $hms h rblsmtpd: zen blocked 192.0.2.1 - -" >now.log
st TZ=UTC --csv now.log; a=$(csv_rows month | cut -d- -f1)
st TZ=Pacific/Kiritimati --csv now.log
check_eq "year rule: TZ decides 'now' (UTC $y, UTC+14 $y14)" "$a $(csv_rows month | cut -d- -f1)" "$y $y14"

# ============================================================ PROMETHEUS
# host "-" for logs without one (multilog), "(other)" beyond 64 hosts;
# only (host, list) pairs with something counted.
printf '%s rblsmtpd: zen blocked 192.0.2.1 - -\n' "$tai" >ml.log
st --prometheus ml.log
check_eq "prometheus: host \"-\" for multilog lines" "$(grep '^rblsmtpd_refusals{' "$RUN_OUT_FILE")" \
	'rblsmtpd_refusals{host="-",list="zen"} 1'
for i in $(seq -w 0 65); do blocked 2026-01-01T00:00:00Z h$i zen; done >hosts66.log
st --prometheus hosts66.log
check_eq "prometheus: 64 hosts, then (other)" \
	"$(grep -c '^rblsmtpd_refusals{' "$RUN_OUT_FILE") $(grep '^rblsmtpd_refusals{' "$RUN_OUT_FILE" | tail -2 | tr '\n' ' ')" \
	'65 rblsmtpd_refusals{host="h63",list="zen"} 1 rblsmtpd_refusals{host="(other)",list="zen"} 2 '
printf '%s\n' "$(blocked 2026-01-01T00:00:00Z h1 zen)" "$(blocked 2026-01-01T00:00:00Z h2 sc)" \
	"2026-01-01T00:00:00Z h3 rblsmtpd: dead timeout 192.0.2.1 5000ms" >pairs.log
st --prometheus pairs.log
check_eq "prometheus: only (host, list) pairs with something counted, warnings too" \
	"$(grep -v '^#' "$RUN_OUT_FILE" | grep -o '{host="[^"]*",list="[^"]*"' | sort -u | tr '\n' ' ')" \
	'{host="h1",list="zen" {host="h2",list="sc" {host="h3",list="dead" '
# every (host, list) pair that appears has all its 30 series (refusals, rcpts, 8
# outcomes, 14 histogram lines, skipped, 5 events), zeros included
check_eq "prometheus: a pair seen only in a warning has every series, zeros included" \
	"$(grep -c '{host="h3",list="dead"' "$RUN_OUT_FILE") $(grep -E '^rblsmtpd_(refusals|list_warnings)\{host="h3"' "$RUN_OUT_FILE" | grep -v '} 0$')" \
	'30 rblsmtpd_list_warnings{host="h3",list="dead",event="timeout"} 1'
check_eq "prometheus: connections by verdict for every host, zeros included" \
	"$(grep -c '^rblsmtpd_connections{host="h[123]",verdict="\(accept\|451\|553\)"} 0$' "$RUN_OUT_FILE")" 9
check_eq "prometheus: TYPE lines (gauges: totals over the logs read)" "$(grep '^# TYPE' "$RUN_OUT_FILE")" \
"# TYPE rblsmtpd_refusals gauge
# TYPE rblsmtpd_refused_rcpts gauge
# TYPE rblsmtpd_lookups gauge
# TYPE rblsmtpd_lookup_duration_seconds histogram
# TYPE rblsmtpd_lookups_skipped gauge
# TYPE rblsmtpd_list_warnings gauge
# TYPE rblsmtpd_connections gauge
# TYPE rblsmtpd_verdict_duration_seconds histogram
# TYPE rblsmtpd_resolver_outage_connections gauge
# TYPE rblsmtpd_resolver_failures gauge
# TYPE rblsmtpd_log_lines gauge
# TYPE rblsmtpd_log_lines_skipped gauge"

# "Write the file under a temporary name and rename it ...;
# examples/rblstat-prometheus.service and .timer do that every 5 minutes."
# The service's ExecStart, as systemd would run it ($$ is $), over a private
# /var/log (this script has its own mount namespace).
ex=$TOP/examples
cmd=$(sed -n "s/^ExecStart=\/bin\/sh -c '\(.*\)'\$/\1/p" "$ex/rblstat-prometheus.service" | sed 's/\$\$/$/g')
if [ "$RBLTEST_NS" = private ] && [ -n "$cmd" ]; then
	mkdir -p varlog prom bin
	cp "$DOC/doc.log" varlog/mail.log && gzip -c formats.log >varlog/mail.log.1.gz
	mount --bind varlog /var/log || bail "bind mount /var/log"
	at_exit "umount /var/log"
	ln -sf "$RBLSTAT_BIN" bin/rblstat
	st --prometheus "$DOC/doc.log" formats.log
	cp "$RUN_OUT_FILE" want.prom
	run_cmd TZ=UTC PATH="$TESTDIR/bin:$PATH" OUT="$TESTDIR/prom/rblsmtpd.prom" -- /bin/sh -c "$cmd"
	check_eq "examples service: metrics written, renamed into place" \
		"$RUN_RC $(ls prom | tr '\n' ' ')$(cmp -s prom/rblsmtpd.prom want.prom && echo same)" \
		"0 rblsmtpd.prom same"
	mkdir /var/log/mail.log.2     # unreadable: exit 1, the others still reported
	run_cmd TZ=UTC PATH="$TESTDIR/bin:$PATH" OUT="$TESTDIR/prom/rblsmtpd.prom" -- /bin/sh -c "$cmd"
	check_eq "examples service: exit 1 still renames" \
		"$RUN_RC $(ls prom | tr '\n' ' ')$(grep -c 'rblsmtpd_log_lines 27$' prom/rblsmtpd.prom)" \
		"0 rblsmtpd.prom 1"
	cp prom/rblsmtpd.prom want.prom
	# a stand-in rblstat that fails half way (rm first: bin/rblstat is a link)
	rm -f bin/rblstat && printf '#!/bin/sh\necho half\nexit 111\n' >bin/rblstat && chmod +x bin/rblstat
	run_cmd TZ=UTC PATH="$TESTDIR/bin:$PATH" OUT="$TESTDIR/prom/rblsmtpd.prom" -- /bin/sh -c "$cmd"
	check_eq "examples service: exit 111 keeps the previous file" \
		"$(cmp -s prom/rblsmtpd.prom want.prom && echo kept)" "kept"
else
	skip "examples service" "no private mount namespace, or no ExecStart=/bin/sh -c '...'"
fi
if command -v systemd-analyze >/dev/null; then
	check_eq "examples timer: every 5 minutes" \
		"$(systemd-analyze calendar "$(sed -n 's/^OnCalendar=//p' "$ex/rblstat-prometheus.timer")" | sed -n 's/^Normalized form: //p')" \
		"*-*-* *:00/5:00"
else
	skip "examples timer" "no systemd-analyze"
fi

# ============================================================ EXIT STATUS
st --csv --year 2025 skip.log cut.gz
check_rc "exit 0 with skipped lines and a truncated gzip" "$RUN_RC" 0
mkdir -p adir
st --csv one.log adir one.log
check_eq "exit 1: an input that cannot be read (a directory), named; the others reported" \
	"$RUN_RC $(cat "$RUN_ERR_FILE") $(counters refusals files unreadable | tr '\n' ' ')" \
	"1 rblstat: unable to read adir: Is a directory refusals,2 files,3 unreadable,1 "
got=
for args in "" "--csv" "--json" "--prometheus" "--html -"; do
	run_cmd TZ=UTC -- sh -c "exec \"\$0\" $args \"\$1\" >/dev/full" "$RBLSTAT_BIN" one.log
	got+="$RUN_RC "
done
run_cmd TZ=UTC -- "$RBLSTAT_BIN" --html /dev/full one.log
check_eq "exit 111: the report could not be written (stdout in 5 formats, --html FILE)" \
	"$got$RUN_RC $(cat "$RUN_ERR_FILE")" "111 111 111 111 111 111 rblstat: unable to write /dev/full: No space left on device"
# Out of memory: whatever the limit, 0 (enough) or 111 with the message,
# never a crash; and 111 at the smallest.
if [ "$BUILD" = build ] && ! nm -D "$RBLSTAT_BIN" 2>/dev/null | grep -q __asan; then
	got='' n111=0
	for kb in 2000 4000 6000 8000 10000 12000 16000 24000 32000; do
		run_cmd TZ=UTC -- sh -c "ulimit -v $kb && exec \"\$0\" --csv \"\$1\"" "$RBLSTAT_BIN" "$DOC/doc.log"
		case "$RUN_RC:$RUN_ERR" in
		"0:") ;;
		"111:rblstat: fatal: out of memory") n111=$((n111 + 1)) ;;
		"127:"*"error while loading shared libraries"*) ;;   # too small for ld.so: not rblstat yet
		*) got+="$kb KB: $RUN_RC $RUN_ERR; " ;;
		esac
	done
	check_eq "exit 111: out of memory, never a crash ($n111 of 9 limits too small)" "$got $((n111 > 0))" " 1"
else
	skip "exit 111: out of memory" "ulimit -v does not work under the sanitizers"
fi

# ============================================================ CAVEATS
# A log written without -v has no blocked lines: no refusals, and the
# report says why the summary columns are empty.
printf '%s\n' "2026-01-01T00:00:00Z h rblsmtpd: summary 192.0.2.1 553 zen 12 zen=listed:127.0.0.2@10" >vv-only.log
st --csv vv-only.log
check_eq "summaries alone are not refusals" "$(counters refusals summaries refused_553 | tr '\n' ' ')" \
	"refusals,0 summaries,1 refused_553,1 "
st one.log
check_eq "text: no summary lines, says -vv is needed" "$(grep -c '^No summary lines: run rblsmtpd with -vv for unique catches, overlap and latency.$' "$RUN_OUT_FILE")" 1

# --- A corrupt gzip stops at the damage -------------------------------------
# Three gzip members of 20000 refusals each; one byte in the middle of the
# second is changed. Deflate decodes on into plausible garbage until that
# member's CRC: only the first member may count, and stderr names the file
# and the byte offsets.
mkdir -p "$TESTDIR/damaged" && cd "$TESTDIR/damaged" || bail "no $TESTDIR/damaged"
python3 - <<'PY'
import gzip, random
r = random.Random(7)
def member(day):
    return gzip.compress("".join(
        "Jun %2d 10:00:%02d mx rblsmtpd: zen blocked 10.%d.%d.%d - -\n"
        % (day, i % 60, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        for i in range(20000)).encode(), mtime=0)
m = [member(d) for d in (1, 2, 3)]
bad = bytearray(m[1]); bad[len(bad) // 2] ^= 0x55
open("damaged.gz", "wb").write(m[0] + bytes(bad) + m[2])
open("one.gz", "wb").write(bytes(bad))
open("offsets", "w").write("%d %d\n" % (len(m[0]), len(m[0]) + len(bad) - 4))  # after the CRC-32
PY
read -r member_at crc_at <offsets
$R --year 2025 --csv damaged.gz >dg.csv 2>dg.err; rc=$?
check_eq "damaged gzip: exit 0 (reported, not fatal)" "$rc" 0
check_eq "damaged gzip: only the member before the damage counts" "$(grep -E '^(refusals|skipped),' dg.csv)" \
'skipped,0
refusals,20000'
check_eq "damaged gzip: only its days" "$(grep '^2025-' dg.csv)" '2025-06,zen,20000'
check_eq "damaged gzip: stderr names the file and the byte offsets" "$(cat dg.err)" \
"rblstat: damaged.gz: corrupt gzip data at byte $crc_at (the damaged gzip member begins at byte $member_at and was not counted); lines before it were counted"
check_eq "damaged gzip: counted as damaged input" "$(grep '^damaged,' dg.csv)" 'damaged,1'
$R --year 2025 --csv <damaged.gz >dg2.csv 2>/dev/null
cat damaged.gz | $R --year 2025 --csv >dg3.csv 2>/dev/null
check_eq "damaged gzip on stdin (file, pipe): same numbers" "$(cat dg2.csv; cat dg3.csv)" "$(cat dg.csv; cat dg.csv)"
$R --year 2025 --csv one.gz >one.csv 2>/dev/null
check_eq "damaged single-member gzip: no garbage refusals" "$(grep -E '^(refusals|lines),' one.csv)" \
'lines,0
refusals,0'
cd "$TESTDIR" || bail "no TESTDIR"
