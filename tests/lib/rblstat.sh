# SPDX-License-Identifier: ISC
# tests/lib/rblstat.sh -- helpers of the t_rblstat_*.sh scripts, sourced
# after tests/lib/common.sh:
#
#   . "$(dirname "$0")/../lib/common.sh"
#   . "$TESTLIB/rblstat.sh"
#
# rblstat reads files only: these scripts need no DNS (the namespace of
# common.sh costs nothing).

[ -x "$RBLSTAT_BIN" ] || bail "rblstat not built at $RBLSTAT_BIN (make)"

# st [VAR=val...] ARGS...: rblstat under env -i with TZ=UTC (unless given);
# OUT = its stdout (raw bytes, trailing newlines dropped).
st() {
	local envs=(TZ=UTC LC_ALL=C)
	while [[ $# -gt 0 && $1 == [A-Z]*=* ]]; do envs+=("$1"); shift; done
	run_cmd "${envs[@]}" -- "$RBLSTAT_BIN" "$@"
	OUT=$(cat "$RUN_OUT_FILE")
}
# rblstat_utc ARGS...: rblstat in UTC and the C locale, with the caller's
# stdin, stdout and stderr (for pipelines: `cat log | $R --json >r.json`)
rblstat_utc() { TZ=UTC LC_ALL=C "$RBLSTAT_BIN" "$@"; }
# csv_rows TABLE: the rows (no header) of one CSV table of $OUT
csv_rows() { printf '%s\n' "$OUT" | sed -n "/^$1,/,/^\$/p" | sed '1d;/^$/d'; }
# counters NAME...: "name,value" lines of the counter table
counters() { local re; re=$(IFS='|'; echo "$*"); printf '%s\n' "$OUT" | grep -E "^($re),"; }
# blocked STAMP HOST LIST [IP]: one refusal line
blocked() { echo "$1 $2 rblsmtpd: $3 blocked ${4:-192.0.2.1} - -"; }
# jget FILE EXPR: EXPR evaluated with d = the JSON in FILE
jget() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }
# check_true NAME SHELL-EXPR: ok if SHELL-EXPR (eval'd) succeeds
check_true() { if eval "$2"; then ok "$1"; else not_ok "$1" "false: $2"; fi; }
