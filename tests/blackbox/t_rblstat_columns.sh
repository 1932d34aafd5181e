#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat's per-period table (rblstat(1) OUTPUT): one column per list that
# refused something in the report, one row per period with refusals.
#  - b.test lists clients and c.test fails, but only in summaries and
#    warnings: neither refused anything, so neither gets a column (text,
#    HTML) or a cell (CSV, JSON), nor a bar or legend entry in the HTML
#    charts; both are still in the list table;
#  - February has summaries and a warning but no refusal: no row for it.
# Exact bytes of the table in every format.
. "$(dirname "$0")/../lib/common.sh"

cd "$TESTDIR" || bail "no TESTDIR"
S="mx rblsmtpd:"
cat >mail.log <<EOF
2026-01-05T10:00:00Z $S a.test blocked 192.0.2.1 - -
2026-01-05T10:00:00Z $S summary 192.0.2.1 451 a.test 5 a.test=listed:127.0.0.2@4,b.test=listed:127.0.0.2@3,c.test=clear@2
2026-01-06T10:00:00Z $S a.test blocked 192.0.2.2 - -
2026-02-05T10:00:00Z $S summary 192.0.2.9 accept - 5 a.test=clear@4,b.test=listed:127.0.0.2@3,c.test=timeout@5000
2026-02-05T10:00:00Z $S c.test timeout 192.0.2.9 5000ms
2026-02-06T10:00:00Z $S c.test servfail 192.0.2.8 12ms
2026-03-05T10:00:00Z $S a.test blocked 192.0.2.3 - -
2026-03-07T10:00:00Z $S d.test blocked 192.0.2.4 - -
EOF

run_cmd -e -- "$RBLSTAT_BIN" mail.log
check_eq "text: exit 0, every line read" "$RUN_RC|$(sed -n 1p "$RUN_OUT_FILE" | cut -d, -f1-3)" \
	"0|rblstat: 8 lines read, 0 lines skipped, 4 refusals"
check_eq "text: columns a.test and d.test only, no row for February" \
	"$(sed -n '/^Refusals per month$/,/^$/p' "$RUN_OUT_FILE")" \
"Refusals per month
month    refusals  a.test  d.test
2026-01         2       2       0
2026-03         2       1       1
total           4       3       1"
check_eq "text: b.test and c.test still in the list table (list, refusals)" \
	"$(sed -n '/^Lists /,/^$/p' "$RUN_OUT_FILE" | sed '1,2d' | awk 'NF {print $1, $2}')" \
	"a.test 3
d.test 1
b.test 0
c.test 0"

run_cmd -e -- "$RBLSTAT_BIN" --by day mail.log
check_eq "text --by day: the same, per day" "$(sed -n '/^Refusals per day$/,/^$/p' "$RUN_OUT_FILE")" \
"Refusals per day
day         refusals  a.test  d.test
2026-01-05         1       1       0
2026-01-06         1       1       0
2026-03-05         1       1       0
2026-03-07         1       0       1
total              4       3       1"

run_cmd -e -- "$RBLSTAT_BIN" --csv mail.log
check_eq "CSV: month rows of a.test and d.test only" "$(sed -n '/^month,/,/^$/p' "$RUN_OUT_FILE")" \
"month,list,refusals
2026-01,a.test,2
2026-03,a.test,1
2026-03,d.test,1"

run_cmd -e -- "$RBLSTAT_BIN" --json mail.log
check_eq "JSON: periods of a.test and d.test only" \
	"$("$PY" -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["periods"]))' "$RUN_OUT_FILE")" \
	'[{"period": "2026-01", "refusals": 2, "lists": {"a.test": 2}}, {"period": "2026-03", "refusals": 2, "lists": {"a.test": 1, "d.test": 1}}]'

run_cmd -e -- "$RBLSTAT_BIN" --html - mail.log
cp "$RUN_OUT_FILE" report.html
check_eq "HTML: the period table" "$(awk '/<table id="periods">/,/<\/table>/' report.html)" \
'<table id="periods"><thead><tr><th>month</th><th>refusals</th><th>a.test</th><th>d.test</th></tr></thead><tbody>
<tr><td class="k">2026-01</td><td>2</td><td>2</td><td>0</td></tr>
<tr><td class="k">2026-03</td><td>2</td><td>1</td><td>1</td></tr>
<tr class="total"><td class="k">total</td><td>4</td><td>3</td><td>1</td></tr></tbody></table>'
# everything before the list table: the charts, their legend, the period table
check_eq "HTML: b.test and c.test in no chart, legend or period column" \
	"$(sed '/<table id="lists">/,$d' report.html | grep -c '[bc]\.test')" 0
check_eq "HTML: b.test and c.test in the list table" \
	"$(awk '/<table id="lists">/,/<\/table>/' report.html | grep -o '<td class="k">[bc]\.test</td>' | tr '\n' ' ')" \
	'<td class="k">b.test</td> <td class="k">c.test</td> '
check_eq "HTML: no February in the period chart or table" "$(grep -c '2026-02' report.html)" 0
