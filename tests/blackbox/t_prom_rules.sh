#!/bin/bash
# SPDX-License-Identifier: ISC
# examples/prometheus/rblsmtpd.rules.yml: `promtool check rules` accepts it
# without a word, `promtool test rules` passes rblsmtpd.rules.test.yml, and
# that test has, for every alert of the rules, a case where it fires and
# one where it must not. The rules read the metric names that
# examples/mtail/rblsmtpd.mtail declares.
. "$(dirname "$0")/../lib/common.sh"

command -v promtool >/dev/null || bail "no promtool (Debian package prometheus, tests/lib/DEPS)"
EX=$TOP/examples/prometheus
cd "$TESTDIR" || bail "no TESTDIR"
cp "$EX/rblsmtpd.rules.yml" "$EX/rblsmtpd.rules.test.yml" .

run_cmd -- promtool check rules rblsmtpd.rules.yml
check_eq "promtool check rules: clean" "$RUN_RC $RUN_ERR" "0 "
check_match "promtool check rules: every rule read" "$RUN_OUT" '^  SUCCESS: [0-9]+ rules found$'
run_cmd -t 60 -- promtool test rules rblsmtpd.rules.test.yml
check_eq "promtool test rules: every case passes" "$RUN_RC $(printf '%s\n%s' "$RUN_OUT" "$RUN_ERR" | grep -c FAILED)" "0 0"
[ "$RUN_RC" = 0 ] || printf '%s\n%s\n' "$RUN_OUT" "$RUN_ERR" | head -30 | sed 's/^/#   /'

# every alert: a firing case (exp_alerts with labels) and a silent one
alerts=$(sed -n 's/^ *- alert: *\([A-Za-z]*\)$/\1/p' rblsmtpd.rules.yml)
cases=$(awk '/alertname:/ { a = $2 }
	/exp_alerts: *\[\]/ { print a, "silent" }
	/exp_alerts: *$/ { print a, "fires" }' rblsmtpd.rules.test.yml | sort -u)
missing=
for a in $alerts; do
	for c in fires silent; do
		grep -qx "$a $c" <<<"$cases" || missing="$missing $a:$c"
	done
done
check_eq "every alert ($(echo $alerts | wc -w)) has a firing and a silent test case" "$missing" ""
check_eq "at least the alerts of the issue: not answering, error codes, resolver, no catch, lines missing, ratio" \
	"$(for a in ListNotAnswering ListErrorAnswers ResolverOutage ListCatchesNothing SummariesMissing RefusalRatioChanged; do
		grep -qx "Rblsmtpd$a" <<<"$alerts" || echo "no Rblsmtpd$a"; done)" ""

# the rules' metrics are the program's
declared=$(sed -n 's/^\(counter\|histogram\) \(rblsmtpd_[a-z_]*\).*/\2/p' "$TOP/examples/mtail/rblsmtpd.mtail")
used=$(grep -o 'rblsmtpd_[a-z_]*' rblsmtpd.rules.yml | sed 's/_bucket$//' | sort -u)
check_eq "every metric the rules read is declared by rblsmtpd.mtail" \
	"$(for u in $used; do grep -qx "$u" <<<"$declared" || echo "$u"; done)" ""

# a broken threshold is caught by the test file
sed 's/rblsmtpd:list_failure_ratio:rate15m > 0.5$/rblsmtpd:list_failure_ratio:rate15m > 1/' rblsmtpd.rules.yml >r.tmp &&
	mv r.tmp rblsmtpd.rules.yml
run_cmd -t 60 -- promtool test rules rblsmtpd.rules.test.yml
check_eq "promtool test rules fails on a rule that no longer fires" \
	"$RUN_RC $(printf '%s\n%s' "$RUN_OUT" "$RUN_ERR" | grep -c 'alertname: RblsmtpdListNotAnswering')" "1 1"
