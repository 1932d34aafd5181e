#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat(1) THE YEAR RULE, anchored on the file: a file's latest classic
# (yearless) line is dated no later than its mtime plus a day (the gzip
# header's MTIME where that is older; now for standard input), the years
# before it follow the month walk, --year still overrides, and no report
# shows a date after the anchor.  Run at several fixed "todays"
# (RBLSTAT_NOW, rblstat(1) ENVIRONMENT) against files whose mtimes are set.
. "$(dirname "$0")/../lib/common.sh"

cd "$TESTDIR" || bail "no TESTDIR"
. "$TESTLIB/rblstat.sh"

# mk FILE MTIME STAMP...: one refusal per classic STAMP ("Dec 31 23:59:59",
# or "host|Dec 31 23:59:59" for another host), the file's mtime MTIME (UTC)
mk() {
	local f=$1 m=$2 s h; shift 2
	: >"$f"
	for s in "$@"; do
		h=mx
		case $s in *'|'*) h=${s%%|*}; s=${s#*|} ;; esac
		echo "$s $h rblsmtpd: zen blocked 192.0.2.1 - -" >>"$f"
	done
	TZ=UTC touch -d "$m" "$f" || bail "touch $f"
}
# months: "YYYY-MM,list,n" rows of the month table of $OUT, on one line
months() { csv_rows month | tr '\n' ' '; }
# years: "N YYYY" for the months of each year in $OUT's month table
years() { csv_rows month | cut -d- -f1 | sort | uniq -c | tr -s ' ' | tr '\n' ' '; }
# at TODAY FILE...: rblstat --csv as if today were TODAY
at() { local t=$1; shift; st RBLSTAT_NOW="$t" --csv "$@"; }
# pipe TODAY SHCMD [ARGS...]: rblstat --csv reading SHCMD's output on a pipe
pipe() {
	local t=$1 c=$2; shift 2
	run_cmd -c "$c" TZ=UTC LC_ALL=C RBLSTAT_NOW="$t" "$@" -- "$RBLSTAT_BIN" --csv
	OUT=$(cat "$RUN_OUT_FILE")
}
TODAYS="2026-01-05 2026-06-15 2026-12-06 2027-12-31"

# ------------------------------------------------------------ the issue's case
# A December 2025 log rotated on 2026-01-01 (logrotate: mtime of the last
# write), compressed keeping the mtime (gzip -k keeps the file's mtime and
# writes it into the header), read on 2026-12-06: 2025-12, not 2026-12.
mk dec.log '2026-01-01 00:00:00' 'Dec  1 00:10:00' 'Dec 15 12:00:00' 'Dec 31 23:59:00'
gzip -k dec.log || bail "gzip"
cp -p dec.log.gz copied.log.gz && TZ=UTC touch -d '2026-06-01' copied.log.gz
st RBLSTAT_NOW=2026-12-06 dec.log.gz
check_eq "Dec 2025 archive (mtime 2026-01-01, gzip) read on 2026-12-06: 2025-12, its period in 2025" \
	"$(head -1 "$RUN_OUT_FILE")" "rblstat: 3 lines read, 0 lines skipped, 3 refusals, 2025-12-01 to 2025-12-31"
got=
for t in $TODAYS; do
	for f in dec.log dec.log.gz copied.log.gz; do at "$t" "$f"; got+="$t $f $(months)
"; done
done
check_eq "the same archive on four todays, plain, gzip, and gzip copied later (header MTIME): always 2025-12" \
	"$got" "$(for t in $TODAYS; do for f in dec.log dec.log.gz copied.log.gz; do echo "$t $f 2025-12,zen,3 "; done; done)
"
# gzip's header MTIME is used only where it is older: a header newer than
# the file (gzip -c >, then the file's mtime set back) leaves the file's.
printf '%s\n' 'Dec 31 23:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -' >newhdr.log
TZ=UTC touch -d '2027-01-01' newhdr.log && gzip -k newhdr.log && TZ=UTC touch -d '2026-01-01' newhdr.log.gz
at 2027-06-01 newhdr.log.gz
check_eq "gzip header newer than the file: the file's mtime (Dec 31 -> 2025)" "$(months)" "2025-12,zen,1 "
# A header without MTIME (gzip -n): the file's own mtime.
gzip -n -c dec.log >nomtime.gz && TZ=UTC touch -d '2026-01-01' nomtime.gz
at 2026-12-06 nomtime.gz
check_eq "gzip -n (no MTIME): the file's mtime" "$(months)" "2025-12,zen,3 "

# ------------------------------------------------------------ Dec -> Jan
mk turn.log '2026-01-11 03:00:00' 'Dec 20 10:00:00' 'Dec 31 23:59:59' 'Jan  1 00:00:00' 'Jan 10 09:00:00'
gzip -k turn.log
got=
for t in $TODAYS; do for f in turn.log turn.log.gz; do at "$t" "$f"; got+="$(months)| "; done; done
check_eq "Dec -> Jan archive (mtime 2026-01-11), four todays, plain and gzip: 2025-12 then 2026-01" \
	"$got" "$(for t in $TODAYS; do printf '%s' '2025-12,zen,2 2026-01,zen,2 | 2025-12,zen,2 2026-01,zen,2 | '; done)"

# ------------------------------------------------------------ first month later than today's
# Read on 2026-03-15: a Jun-Jul 2024 file (mtime 2024-08-01) is 2024, not
# the last June before today (2025) nor this year's.
mk junjul.log '2024-08-01 00:00:00' 'Jun  3 00:00:00' 'Jul 30 00:00:00'
at 2026-03-15 junjul.log
check_eq "first month (Jun) later than today's (Mar): dated by the file, 2024" "$(months)" "2024-06,zen,1 2024-07,zen,1 "
# ... and on standard input (no mtime: anchored on today), Nov..Feb read on
# 2026-03-15 is Nov 2025 .. Feb 2026.
mk novfeb.log '2020-01-01' 'Nov 20 00:00:00' 'Dec 31 00:00:00' 'Jan  5 00:00:00' 'Feb 27 00:00:00'
pipe 2026-03-15 "cat $TESTDIR/novfeb.log"
check_eq "stdin, first month (Nov) later than today's (Mar): Nov 2025 .. Feb 2026" "$(months)" \
	"2025-11,zen,1 2025-12,zen,1 2026-01,zen,1 2026-02,zen,1 "

# ------------------------------------------------------------ merged hosts
# A central rsyslog's file of three hosts around New Year: h2's clock runs
# ahead, h3's lines come late (stragglers, one of them last). The latest
# line (h1's Jan 1) is dated from the mtime; the stragglers stay in December.
mk merged.log '2026-01-01 00:05:00' 'h1|Nov 30 23:00:00' 'h1|Dec 31 23:59:58' 'h2|Jan  1 00:00:01' \
	'h3|Dec 31 23:59:59' 'h1|Jan  1 00:00:02' 'h3|Dec 31 23:59:59'
at 2026-12-06 merged.log
check_eq "merged multi-host file, a straggler last, read on 2026-12-06" "$(months)" \
	"2025-11,zen,1 2025-12,zen,3 2026-01,zen,2 "
st RBLSTAT_NOW=2026-12-06 --csv --by day merged.log
check_eq "merged: per day" "$(csv_rows day | tr '\n' ' ')" "2025-11-30,zen,1 2025-12-31,zen,3 2026-01-01,zen,2 "

# ------------------------------------------------------------ several years in one file
# A log never rotated: Mar 2024 to Nov 2026 (two turns), mtime 2026-11-30.
mk years.log '2026-11-30 12:00:00' 'Mar  1 00:00:00' 'Sep  1 00:00:00' 'Jan  1 00:00:00' \
	'Jul  1 00:00:00' 'Jan  1 00:00:00' 'Jun 15 00:00:00' 'Nov 29 00:00:00'
at 2026-12-06 years.log
check_eq "three years in one file, dated back from its mtime" "$(months)" \
	"2024-03,zen,1 2024-09,zen,1 2025-01,zen,1 2025-07,zen,1 2026-01,zen,1 2026-06,zen,1 2026-11,zen,1 "
# the same on standard input (kept in a temporary file for the pre-pass)
pipe 2026-12-06 "cat $TESTDIR/years.log"
check_eq "three years on stdin (a pipe), dated back from now" "$(months)" \
	"2024-03,zen,1 2024-09,zen,1 2025-01,zen,1 2025-07,zen,1 2026-01,zen,1 2026-06,zen,1 2026-11,zen,1 "

# ------------------------------------------------------------ the day of slack
# mtime 2026-01-01 00:00: a line up to a day later is this side of the
# anchor (a host clock ahead); a second more and the file is a year older.
mk slack1.log '2026-01-01 00:00:00' 'Dec 31 23:00:00' 'Jan  2 00:00:00'
mk slack2.log '2026-01-01 00:00:00' 'Dec 31 23:00:00' 'Jan  2 00:00:01'
at 2026-12-06 slack1.log; a=$(months)
at 2026-12-06 slack2.log
check_eq "a day of slack after the mtime, not a second more" "$a/ $(months)" \
	"2025-12,zen,1 2026-01,zen,1 / 2024-12,zen,1 2025-01,zen,1 "
# The mtime is read in TZ, like the log's wall clock: 2026-01-01 00:30 UTC
# is Dec 31 19:30 in New York, so a "Jan 1 20:00" line is past its anchor there.
mk tz.log '2026-01-01 00:30:00' 'Jan  1 20:00:00'
st TZ=UTC RBLSTAT_NOW=2026-12-06 --csv tz.log; a=$(months)
st TZ=America/New_York RBLSTAT_NOW=2026-12-06 --csv tz.log
check_eq "the mtime in TZ's wall clock (UTC / New York)" "$a/ $(months)" "2026-01,zen,1 / 2025-01,zen,1 "

# ------------------------------------------------------------ every classic stamp walks
# A skipped line (too few fields) still carries the syslog daemon's stamp:
# Jul -> (Jan, skipped) -> Mar is a turn; without it Jul -> Mar would not be.
{ echo 'Jul  1 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -'
  echo 'Jan  1 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1'
  echo 'Mar  1 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -'; } >skipwalk.log
TZ=UTC touch -d '2026-03-02' skipwalk.log
at 2026-12-06 skipwalk.log
check_eq "a skipped line's stamp takes part in the walk" "$(months)$(counters skipped)" \
	"2025-07,zen,1 2026-03,zen,1 skipped,1"

# ------------------------------------------------------------ standard input
# Anchored on now: a year of 2025 piped in on 2026-06-01 is 2025, not 2026
# (January 2026 would be before today, December 2026 after it).
for m in Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec; do echo "$m 15 12:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -"; done >year2025.log
pipe 2026-06-01 "cat $TESTDIR/year2025.log"
check_eq "stdin (a pipe), a whole year read on 2026-06-01: 2025" "$(years)" " 12 2025 "
# stdin redirected from a file: still now, not the file's mtime.
TZ=UTC touch -d '2020-01-01' year2025.log
run_cmd -f "$TESTDIR/year2025.log" TZ=UTC LC_ALL=C RBLSTAT_NOW=2026-06-01 -- "$RBLSTAT_BIN" --csv; OUT=$(cat "$RUN_OUT_FILE")
check_eq "stdin (a file, mtime 2020): anchored on now all the same" "$(years)" " 12 2025 "
# gzip on stdin: its header's MTIME where older than now.
pipe 2026-12-06 "cat $TESTDIR/dec.log.gz"
check_eq "gzip on stdin: the header's MTIME (2026-01-01) anchors it: 2025-12" "$(months)" "2025-12,zen,3 "
# Plain stdin is kept in a temporary file ($TMPDIR) for the pre-pass only
# when its first block has classic stamps.
pipe 2026-12-06 "cat $TESTDIR/dec.log" TMPDIR=/nonexistent
check_eq "classic stdin needs TMPDIR" "$RUN_RC $(cat "$RUN_ERR_FILE")" \
	"1 rblstat: unable to read -: No such file or directory"
# ... its first mebibyte, whatever the pipe hands out per read: a writer
# that sends journalctl's first line (no stamp) first, then the December log.
pipe 2026-12-06 "echo '-- Logs begin at Mon 2025-12-01 00:00:00 UTC. --'; sleep 0.5; cat $TESTDIR/dec.log"
check_eq "stdin written in pieces: the classic stamps after the first read count" "$(months)" "2025-12,zen,3 "
printf '%s\n' '2025-12-01T00:00:00Z mx rblsmtpd: zen blocked 192.0.2.1 - -' >iso.log
pipe 2026-12-06 "cat $TESTDIR/iso.log" TMPDIR=/nonexistent
check_eq "stdin with years in its stamps (journalctl -o short-iso) is not kept" "$RUN_RC $(months)" "0 2025-12,zen,1 "

# ------------------------------------------------------------ --year
at 2026-12-06 --year 2019 dec.log.gz turn.log
check_eq "--year still overrides the anchor (the first line of each file)" "$(months)" \
	"2019-12,zen,5 2020-01,zen,2 "
# RBLSTAT_NOW must be a date.
st RBLSTAT_NOW=yesterday --csv dec.log
check_eq "RBLSTAT_NOW that is no date: a usage error" "$RUN_RC $(head -1 "$RUN_ERR_FILE")" \
	"100 rblstat: bad RBLSTAT_NOW: yesterday"

# ------------------------------------------------------------ never after the anchor
# Over all the files above and every today: no period after the file's
# anchor (checked where the anchor is known: the newest mtime plus a day).
late=
for t in $TODAYS; do
	for f in dec.log dec.log.gz copied.log.gz turn.log merged.log years.log slack1.log slack2.log junjul.log; do
		st RBLSTAT_NOW="$t" --json "$f"
		last=$("$PY" -c 'import json,sys; print(max(p["period"] for p in json.load(sys.stdin)["periods"]))' <"$RUN_OUT_FILE")
		lim=$(TZ=UTC date -d "$(TZ=UTC date -r "$f" '+%F %T') + 1 day" +%Y-%m)
		[[ "$last" > "$lim" ]] && late+="$t $f $last > $lim; "
	done
done
check_eq "no month after the anchor's, for any file or today" "$late" ""
