# SPDX-License-Identifier: ISC
# tests/lib/rblcheck.sh -- helpers of the t_rblcheck_*.sh scripts that
# compare rblcheck's report, sourced after tests/lib/common.sh:
#
#   . "$(dirname "$0")/../lib/common.sh"
#   . "$TESTLIB/rblcheck.sh"

# norm: the last run_cmd's stdout with latencies ("  12 ms" -> "N ms"),
# 198.51.100.x (public resolvers of the warning) and runs of spaces made even
norm() { sed -E 's/[0-9]+ ms/N ms/g; s/198\.51\.100\.[0-9]+/198.51.100.X/g; s/ +/ /g' "$RUN_OUT_FILE"; }
# chk NAME WANT: the normalised output is WANT (spaces squeezed likewise)
chk() { check_eq "$1" "$(norm)" "$(sed -E 's/ +/ /g' <<<"$2")"; }
# json EXPR: print EXPR evaluated with d = the last run_cmd's JSON output
json() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$RUN_OUT_FILE" 2>&1; }
