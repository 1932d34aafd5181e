# Helpers of t_rblstat_doc*.sh (sourced after tests/lib/common.sh).
# Every run of rblstat there goes through st; the others read $OUT.

# st [VAR=val...] ARGS...: rblstat under env -i with TZ=UTC (unless given);
# OUT = its stdout (raw bytes, trailing newlines dropped).
st() {
	local envs=(TZ=UTC LC_ALL=C)
	while [[ $# -gt 0 && $1 == [A-Z]*=* ]]; do envs+=("$1"); shift; done
	run_cmd "${envs[@]}" -- "$RBLSTAT_BIN" "$@"
	OUT=$(cat "$RUN_OUT_FILE")
}
# csv_rows TABLE: the rows (no header) of one CSV table of $OUT
csv_rows() { printf '%s\n' "$OUT" | sed -n "/^$1,/,/^\$/p" | sed '1d;/^$/d'; }
# counters NAME...: "name,value" lines of the counter table
counters() { local re; re=$(IFS='|'; echo "$*"); printf '%s\n' "$OUT" | grep -E "^($re),"; }
# blocked STAMP HOST LIST [IP]: one refusal line
blocked() { echo "$1 $2 rblsmtpd: $3 blocked ${4:-192.0.2.1} - -"; }
