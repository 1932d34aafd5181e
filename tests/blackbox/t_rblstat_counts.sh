#!/bin/bash
# SPDX-License-Identifier: ISC
# Black-box tests for rblstat: golden numbers from a generator that knows
# what it wrote (tests/data/rblstat/gen.py), checked in every output format;
# plus exit codes, stdin, filters, the year rule against today's date, and
# the bounded top-N tables; the --since/--until bounds at their edges; the
# refusals with every list's outcome (-vv summaries). Files only: no DNS.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/rblstat.sh"
export TZ=UTC LC_ALL=C     # also for date(1) in the year rule below
R=rblstat_utc
DATA=$TESTDATA/rblstat

W=$TESTDIR/w
mkdir -p "$W" || bail "mkdir $W"
"$PY" "$DATA/gen.py" "$W" || bail "generator ran"
cd "$W" || bail "cd $W"
F="maillog maillog.1.gz rsyslog.log current maillog.3.gz junk.log"

# Golden numbers in all four formats.
$R --year 2025 --top 1000 --json $F >r.json 2>err.txt; rc=$?
check_true "exit 0 with a truncated gzip among the inputs" '[ $rc -eq 0 ]'
check_true "truncated gzip reported on stderr" 'grep -q "maillog.3.gz: truncated gzip data" err.txt'
$R --year 2025 --top 1000 --csv $F >r.csv 2>/dev/null
$R --year 2025 $F >r.txt 2>/dev/null
$R --year 2025 --html r.html $F >r2.txt 2>/dev/null
check_true "--html FILE still writes the text report to stdout" 'cmp -s r.txt r2.txt'
"$PY" "$DATA/check.py" expected.json r.json r.csv r.txt r.html ||
	not_ok "check.py: the golden numbers in every format (its \"not ok\" lines above)"
$R --year 2025 --html - $F >r3.html 2>/dev/null
check_true "--html - writes the page to stdout" 'cmp -s r.html r3.html'

# Inputs: stdin, gzip found by its magic bytes, unreadable files.
cat maillog | $R --year 2025 --json >stdin.json 2>/dev/null
$R --year 2025 --json maillog >file.json 2>/dev/null
check_true "stdin gives the same report as the file" 'cmp -s stdin.json file.json'
cp maillog.1.gz rotated-without-suffix
$R --year 2025 --json rotated-without-suffix >a.json 2>/dev/null
$R --year 2025 --json maillog.1.gz >b.json 2>/dev/null
check_true "gzip detected by magic bytes, not by name" '[ "$(jget a.json "d[\"totals\"]")" = "$(jget b.json "d[\"totals\"]")" ] && [ "$(jget a.json "d[\"totals\"][\"refusals\"]")" -gt 0 ]'
$R --year 2025 --json maillog /nonexistent/log >c.json 2>err.txt; rc=$?
check_true "unreadable input: exit 1" '[ $rc -eq 1 ]'
check_true "unreadable input: named on stderr" 'grep -q "/nonexistent/log" err.txt'
check_true "unreadable input: the others still reported" '[ "$(jget c.json "d[\"totals\"][\"refusals\"]")" = "$(jget file.json "d[\"totals\"][\"refusals\"]")" ]'
head -c 100000 /dev/urandom >random.bin
$R random.bin >/dev/null 2>&1; rc=$?
check_true "binary garbage is not fatal" '[ $rc -eq 0 ]'

# Usage errors.
for args in "--by week" "--csv --json" "--top 0" "--top x" "--since yesterday" "--bogus" "--year 12" "--since 2026-03 --until 2026-02"; do
	$R $args maillog >/dev/null 2>&1; rc=$?
	check_true "usage error exits 100: $args" '[ $rc -eq 100 ]'
done
$R --help >/dev/null 2>&1; rc=$?
check_true "--help exits 0" '[ $rc -eq 0 ]'

# Filters and --by day, against the generator's numbers.
want=$(jget expected.json 'sum(v for m in ("2025-12","2026-01") for v in d["months"].get(m,{}).values())')
$R --year 2025 --json --since 2025-12 --until 2026-01 $F >f.json 2>/dev/null
check_true "--since/--until (whole months, inclusive)" '[ "$(jget f.json "d[\"totals\"][\"refusals\"]")" = "$want" ]'
want=$(jget expected.json 'd["lists"]["bl.spamcop.net"]["refusals"]')
$R --year 2025 --json --list bl.spamcop.net $F >l.json 2>/dev/null
check_true "--list ZONE" '[ "$(jget l.json "d[\"totals\"][\"refusals\"]")" = "$want" ] && [ "$(jget l.json "[x[\"list\"] for x in d[\"lists\"]]")" = "['"'"'bl.spamcop.net'"'"']" ]'
$R --year 2025 --json --by day $F >d.json 2>/dev/null
check_true "--by day: days add up to the total" '[ "$(jget d.json "sum(p[\"refusals\"] for p in d[\"periods\"])")" = "$(jget expected.json "d[\"refusals\"]")" ]'
check_true "--by day: labels are dates" '[ "$(jget d.json "d[\"periods\"][0][\"period\"]")" = "2025-08-01" ]'

# The year rule against the real clock: a line dated 10 days ago is in
# that date's year; one dated 5 days ahead must be from the previous year.
past=$(date -d '10 days ago' '+%b %e %H:%M:%S')
past_m=$(date -d '10 days ago' '+%Y-%m')
fut=$(date -d '5 days' '+%b %e %H:%M:%S')
fut_m=$(( $(date -d '5 days' '+%Y') - 1 ))-$(date -d '5 days' '+%m')
echo "$past mx rblsmtpd: zen blocked 192.0.2.1 - -" >past.log
echo "$fut mx rblsmtpd: zen blocked 192.0.2.1 - -" >future.log
$R --csv past.log 2>/dev/null | grep -q "^$past_m,zen,1\$"
check_true "year rule: a recent line is in its own year" '[ $? -eq 0 ]'
$R --csv future.log 2>/dev/null | grep -q "^$fut_m,zen,1\$"
check_true "year rule: a line in the future is from last year" '[ $? -eq 0 ]'

# Bounded top-N: with room for 50 keys among thousands, the heavy hitter
# still leads and its true count lies within [count - error, count].
$R --year 2025 --json --track 50 $F >k.json 2>/dev/null
want=$(jget expected.json 'd["top_clients"][0][1]')
check_true "--track: table marked approximate" '[ "$(jget k.json "d[\"top\"][\"clients\"][\"approximate\"]")" = True ]'
check_true "--track: heavy hitter first, count bounds hold" '[ "$(jget k.json "(lambda i: i[\"key\"] == \"203.0.113.7\" and i[\"count\"] - i[\"max_error\"] <= $want <= i[\"count\"])(d[\"top\"][\"clients\"][\"items\"][0])")" = True ]'

# A larger log (200k lines, 28 days of June): nothing lost or double-counted.
# (Speed is measured in bench/, not here.)
python3 - <<'PY' >big.log
import random
r = random.Random(1)
for i in range(200000):
    print("Jun %2d 10:00:00 mx rblsmtpd: zen blocked 10.%d.%d.%d - -" % (1 + i % 28, r.randint(0,255), r.randint(0,255), r.randint(1,254)))
PY
$R --year 2025 --json big.log >big.json 2>/dev/null
check_true "200k lines: every refusal counted" '[ "$(jget big.json "d[\"totals\"][\"refusals\"]")" = 200000 ]'
check_true "200k lines: all in one month, one list" '[ "$(jget big.json "[(p[\"period\"] if \"period\" in p else p) for p in d[\"periods\"]].__len__()")" = 1 ]'

# --- --since/--until at their edges ------------------------------------------
# One refusal per instant, its list named after it; each bound must take the
# first and last second of the period it names and nothing around them.
ev() { echo "$1 mx rblsmtpd: $2 blocked 192.0.2.9 - -"; }
{
	ev 2025-03-09T23:59:59Z d-before;  ev 2025-03-10T00:00:00Z d-first
	ev 2025-03-10T23:59:59Z d-last;    ev 2025-03-11T00:00:00Z d-after
	ev 2025-01-31T23:59:59Z m-before;  ev 2025-02-01T00:00:00Z m-first
	ev 2025-02-28T23:59:59Z m-last;    ev 2025-03-01T00:00:00Z m-after
	ev 2024-01-31T23:59:59Z l-before;  ev 2024-02-01T00:00:00Z l-first
	ev 2024-02-29T23:59:59Z l-last;    ev 2024-03-01T00:00:00Z l-after
	ev 2024-12-31T23:59:59Z y-before;  ev 2025-01-01T00:00:00Z y-first
	ev 2025-12-31T23:59:59Z y-last;    ev 2026-01-01T00:00:00Z y-after
	ev 2025-03-10T12:33:59Z n-before;  ev 2025-03-10T12:34:00Z n-first
	ev 2025-03-10T12:34:59Z n-last;    ev 2025-03-10T12:35:00Z n-after
	ev 2025-03-10T12:34:55Z s-before;  ev 2025-03-10T12:34:56Z s-only
	ev 2025-03-10T12:34:57Z s-after
} >bounds.log
# lists SINCE UNTIL PREFIX: the lists counted (of that prefix), sorted
lists() {
	$R --csv --since "$1" --until "$2" bounds.log 2>/dev/null |
		sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep "^$3-" | sort | tr '\n' ' '
}
check_eq "bounds: one day"           "$(lists 2025-03-10 2025-03-10 d)" "d-first d-last "
check_eq "bounds: one month (28 d)"  "$(lists 2025-02 2025-02 m)" "m-first m-last "
check_eq "bounds: February of a leap year" "$(lists 2024-02 2024-02 l)" "l-first l-last "
check_eq "bounds: one year"          "$(lists 2025 2025 y)" "y-first y-last "
check_eq "bounds: one minute"        "$(lists 2025-03-10T12:34 2025-03-10T12:34 n)" "n-first n-last "
check_eq "bounds: one second"        "$(lists '2025-03-10 12:34:56' '2025-03-10 12:34:56' s)" "s-only "
check_eq "bounds: --since alone takes its first second" \
	"$($R --csv --since 2025-03-10 bounds.log | sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep '^d-' | sort | tr '\n' ' ')" \
	"d-after d-first d-last "
check_eq "bounds: --until alone takes its last second" \
	"$($R --csv --until 2025-03-10 bounds.log | sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep '^d-' | sort | tr '\n' ' ')" \
	"d-before d-first d-last "
# Classic stamps get their year from the year rule: the turn of the year
# is a bound like any other.
printf '%s\n' 'Dec 31 23:59:59 mx rblsmtpd: y-before blocked 192.0.2.9 - -' \
	'Jan  1 00:00:00 mx rblsmtpd: y-first blocked 192.0.2.9 - -' >classic.log
check_eq "bounds: classic stamps across New Year" \
	"$($R --year 2024 --csv --since 2025 classic.log | sed -n '/^list,/,/^$/p' | cut -d, -f1 | grep '^y-' | tr '\n' ' ')" "y-first "
check_eq "bounds: filtered lines are counted as such" \
	"$($R --csv --since 2025-03-10 --until 2025-03-10 bounds.log | grep '^filtered,')" "filtered,14"

# --- Complete per-list outcomes (rblsmtpd -vv summaries) ----------------------
# rblsmtpd keeps reading answers after a refusal; "skipped" is left only for
# lists never asked or not answered in time. The report says how many
# refusals had every list's outcome.
S='mx rblsmtpd: summary'
printf '%s\n' \
	"2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12,b=listed:127.0.0.2@30,c=clear@40" \
	"2026-05-01T10:00:01Z $S 192.0.2.2 553 a 10 a=listed:127.0.0.2@10,b=clear@25,c=timeout@5000" \
	"2026-05-01T10:00:02Z $S 192.0.2.3 553 a 9 a=listed:127.0.0.2@9,b=skipped@0,c=skipped@0" \
	"2026-05-01T10:00:03Z $S 192.0.2.4 451 - 5000 a=clear@10,b=timeout@5000,c=clear@20" \
	"2026-05-01T10:00:04Z $S 192.0.2.5 accept - 40 a=clear@10,b=clear@30,c=clear@40" >summ.log
$R --csv summ.log >summ.csv 2>/dev/null
check_eq "complete outcomes: csv counters" "$(grep -E '^refused_(complete|incomplete),' summ.csv)" \
'refused_complete,3
refused_incomplete,1'
$R summ.log 2>/dev/null >summ.txt
check_eq "complete outcomes: text report line" "$(grep '^Refusals with every' summ.txt)" \
"Refusals with every list's outcome: 3, with lists skipped: 1 (listed, unique, also and overlap are exact for the first only)"
check_eq "complete outcomes: per-list listed/unique from the completed summaries" \
	"$(sed -n '/^list,/,/^$/p' summ.csv | cut -d, -f1,5,6 | sed 1d)" 'a,3,2
b,1,0
c,0,0'

# A summary with a bad entry is a bad line, also now that the entries are
# checked by the counting thread (logline_parse_lazy), not the reader.
printf '%s\n' "2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12,b=bogus@3" \
	"2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12," \
	"2026-05-01T10:00:00Z $S 192.0.2.1 553 a 12 a=listed:127.0.0.2@12" >badsumm.log
check_eq "bad summary entries: skipped, not counted" \
	"$($R --csv badsumm.log | grep -E '^(lines|skipped|summaries|refused_complete),')" 'lines,3
skipped,2
summaries,1
refused_complete,1'
