#!/bin/bash
# Black-box tests for rblstat: golden numbers from a generator that knows
# what it wrote (tests/data/rblstat/gen.py), checked in every output format;
# plus exit codes, stdin, filters, the year rule against today's date, and
# the bounded top-N tables.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
R=$TOP/$BUILD/rblstat
DATA=$TOP/tests/data/rblstat
export TZ=UTC LC_ALL=C
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
t() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }

[ -x "$R" ] || { nok "rblstat built at $R"; exit 1; }
W=$(mktemp -d) || exit 1
trap 'rm -rf "$W"' EXIT
python3 "$DATA/gen.py" "$W" || { nok "generator ran"; exit 1; }
cd "$W" || exit 1
F="maillog maillog.1.gz rsyslog.log current maillog.3.gz junk.log"

# Golden numbers in all four formats.
$R --year 2025 --top 1000 --json $F >r.json 2>err.txt; rc=$?
t "exit 0 with a truncated gzip among the inputs" '[ $rc -eq 0 ]'
t "truncated gzip reported on stderr" 'grep -q "maillog.3.gz: truncated gzip data" err.txt'
$R --year 2025 --top 1000 --csv $F >r.csv 2>/dev/null
$R --year 2025 $F >r.txt 2>/dev/null
$R --year 2025 --html r.html $F >r2.txt 2>/dev/null
t "--html FILE still writes the text report to stdout" 'cmp -s r.txt r2.txt'
python3 "$DATA/check.py" expected.json r.json r.csv r.txt r.html || fails=$((fails + 1))
$R --year 2025 --html - $F >r3.html 2>/dev/null
t "--html - writes the page to stdout" 'cmp -s r.html r3.html'

# Inputs: stdin, gzip found by its magic bytes, unreadable files.
cat maillog | $R --year 2025 --json >stdin.json 2>/dev/null
$R --year 2025 --json maillog >file.json 2>/dev/null
t "stdin gives the same report as the file" 'cmp -s stdin.json file.json'
cp maillog.1.gz rotated-without-suffix
$R --year 2025 --json rotated-without-suffix >a.json 2>/dev/null
$R --year 2025 --json maillog.1.gz >b.json 2>/dev/null
t "gzip detected by magic bytes, not by name" '[ "$(jget a.json "d[\"totals\"]")" = "$(jget b.json "d[\"totals\"]")" ] && [ "$(jget a.json "d[\"totals\"][\"refusals\"]")" -gt 0 ]'
$R --year 2025 --json maillog /nonexistent/log >c.json 2>err.txt; rc=$?
t "unreadable input: exit 1" '[ $rc -eq 1 ]'
t "unreadable input: named on stderr" 'grep -q "/nonexistent/log" err.txt'
t "unreadable input: the others still reported" '[ "$(jget c.json "d[\"totals\"][\"refusals\"]")" = "$(jget file.json "d[\"totals\"][\"refusals\"]")" ]'
head -c 100000 /dev/urandom >random.bin
$R random.bin >/dev/null 2>&1; rc=$?
t "binary garbage is not fatal" '[ $rc -eq 0 ]'

# Usage errors.
for args in "--by week" "--csv --json" "--top 0" "--top x" "--since yesterday" "--bogus" "--year 12" "--since 2026-03 --until 2026-02"; do
	$R $args maillog >/dev/null 2>&1; rc=$?
	t "usage error exits 100: $args" '[ $rc -eq 100 ]'
done
$R --help >/dev/null 2>&1; rc=$?
t "--help exits 0" '[ $rc -eq 0 ]'

# Filters and --by day, against the generator's numbers.
want=$(jget expected.json 'sum(v for m in ("2025-12","2026-01") for v in d["months"].get(m,{}).values())')
$R --year 2025 --json --since 2025-12 --until 2026-01 $F >f.json 2>/dev/null
t "--since/--until (whole months, inclusive)" '[ "$(jget f.json "d[\"totals\"][\"refusals\"]")" = "$want" ]'
want=$(jget expected.json 'd["lists"]["bl.spamcop.net"]["refusals"]')
$R --year 2025 --json --list bl.spamcop.net $F >l.json 2>/dev/null
t "--list ZONE" '[ "$(jget l.json "d[\"totals\"][\"refusals\"]")" = "$want" ] && [ "$(jget l.json "[x[\"list\"] for x in d[\"lists\"]]")" = "['"'"'bl.spamcop.net'"'"']" ]'
$R --year 2025 --json --by day $F >d.json 2>/dev/null
t "--by day: days add up to the total" '[ "$(jget d.json "sum(p[\"refusals\"] for p in d[\"periods\"])")" = "$(jget expected.json "d[\"refusals\"]")" ]'
t "--by day: labels are dates" '[ "$(jget d.json "d[\"periods\"][0][\"period\"]")" = "2025-08-01" ]'

# The year rule against the real clock: a line dated 10 days ago is in
# that date's year; one dated 5 days ahead must be from the previous year.
past=$(date -d '10 days ago' '+%b %e %H:%M:%S')
past_m=$(date -d '10 days ago' '+%Y-%m')
fut=$(date -d '5 days' '+%b %e %H:%M:%S')
fut_m=$(( $(date -d '5 days' '+%Y') - 1 ))-$(date -d '5 days' '+%m')
echo "$past mx rblsmtpd: zen blocked 192.0.2.1 - -" >past.log
echo "$fut mx rblsmtpd: zen blocked 192.0.2.1 - -" >future.log
$R --csv past.log 2>/dev/null | grep -q "^$past_m,zen,1\$"
t "year rule: a recent line is in its own year" '[ $? -eq 0 ]'
$R --csv future.log 2>/dev/null | grep -q "^$fut_m,zen,1\$"
t "year rule: a line in the future is from last year" '[ $? -eq 0 ]'

# Bounded top-N: with room for 50 keys among thousands, the heavy hitter
# still leads and its true count lies within [count - error, count].
$R --year 2025 --json --track 50 $F >k.json 2>/dev/null
want=$(jget expected.json 'd["top_clients"][0][1]')
t "--track: table marked approximate" '[ "$(jget k.json "d[\"top\"][\"clients\"][\"approximate\"]")" = True ]'
t "--track: heavy hitter first, count bounds hold" '[ "$(jget k.json "(lambda i: i[\"key\"] == \"203.0.113.7\" and i[\"count\"] - i[\"max_error\"] <= $want <= i[\"count\"])(d[\"top\"][\"clients\"][\"items\"][0])")" = True ]'

# A larger log (200k lines, 28 days of June): nothing lost or double-counted.
# (Speed is measured in bench/, not here.)
python3 - <<'PY' >big.log
import random
r = random.Random(1)
for i in range(200000):
    print("Jun %2d 10:00:00 mx rblsmtpd: zen blocked 10.%d.%d.%d - -" % (1 + i % 28, r.randint(0,255), r.randint(0,255), r.randint(1,254)))
PY
$R --year 2025 --json big.log >big.json 2>/dev/null
t "200k lines: every refusal counted" '[ "$(jget big.json "d[\"totals\"][\"refusals\"]")" = 200000 ]'
t "200k lines: all in one month, one list" '[ "$(jget big.json "[(p[\"period\"] if \"period\" in p else p) for p in d[\"periods\"]].__len__()")" = 1 ]'

[ $fails -eq 0 ]
