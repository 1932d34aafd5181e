# SPDX-License-Identifier: ISC
# tests/lib/deploy.sh -- sourced by tests/deploy/t_*.sh after common.sh.
# The deployment tests run the files of examples/ as an admin would: a copy
# of the shipped file with only its lines marked for editing changed. A line
# is marked when the comment lines right above it include one starting
# "# EDIT:" (examples/README). edit_line refuses any other line, and a
# substitution that matches nothing fails the test, so a renamed, unmarked
# or broken example line cannot pass unnoticed.

EXAMPLES=$TOP/examples
SMTPD_CMD="$PY $TESTLIB/smtpd.py"
FIRST=("$PY" "$TESTLIB/smtpfirst.py")

# edit_marked FILE: the numbers of FILE's EDIT-marked lines, one a line
edit_marked() {
	awk '/^[[:space:]]*#/ { if ($0 ~ /^[[:space:]]*#[[:space:]]*EDIT:/) m = 1; next }
		{ if (m && NF) print NR; m = 0 }' "$1"
}

# edit_line FILE ERE REPLACEMENT: replace every line matching ERE by
# REPLACEMENT (taken literally); bail when no line matches, or when a
# matching line is not marked EDIT (an admin would not edit it either).
edit_line() {
	local file=$1 ere=$2 repl=$3 n marked bad
	n=$(grep -En -- "$ere" "$file" | cut -d: -f1)
	[ -n "$n" ] || bail "edit_line: no line /$ere/ in ${file#"$TESTDIR"/}"
	marked=$(edit_marked "$file")
	bad=$(printf '%s\n' "$n" | grep -vxF -e "$marked" -e '' | head -n 1)
	[ -z "$bad" ] || bail "edit_line: line $bad of ${file#"$TESTDIR"/} is not marked EDIT: $(sed -n "${bad}p" "$file")"
	ERE=$ere REPL=$repl awk '{ if ($0 ~ ENVIRON["ERE"]) print ENVIRON["REPL"]; else print }' \
		"$file" >"$file.subst" && cat "$file.subst" >"$file" && rm -f "$file.subst"
}
# the name the deployment tests used first
subst() { edit_line "$@"; }

# add_lo_addr IP...: more client addresses on this namespace's loopback
add_lo_addr() {
	local a
	for a in "$@"; do ip addr add "$a/32" dev lo 2>/dev/null; done
}

# first_bytes_ok NAME IP PORT SRC: smtpfirst.py from SRC; its output in FIRST_OUT
first_bytes_ok() {
	local name=$1; shift
	FIRST_OUT=$("${FIRST[@]}" "$@"); local rc=$?
	check_rc "$name: the first bytes the client reads are '220 '" "$rc" 0
}

# wait_any_port PORT [SECS=5]: until something listens on PORT, any address
# (xinetd and systemd-socket-activate bind the wildcard, 0.0.0.0 or [::])
_listening_any() { ss -Hltn "( sport = :$1 )" 2>/dev/null | grep -q .; }
wait_any_port() { wait_for "${2:-5}" _listening_any "$1"; }
