# tests/lib/deploy.sh -- sourced by tests/deploy/t_*.sh after common.sh.
# The deployment tests run the files of examples/ as an admin would, with
# only what a test must change substituted (paths, users, lists, the SMTP
# server): a substitution that matches nothing fails the test, so a renamed
# or broken example line cannot pass unnoticed.

EXAMPLES=$TOP/examples
SMTPD_CMD="$PY $TESTLIB/smtpd.py"
FIRST=("$PY" "$TESTLIB/smtpfirst.py")

# subst FILE ERE REPLACEMENT: replace every line matching ERE by REPLACEMENT
# (taken literally); bail when no line matches.
subst() {
	local file=$1 ere=$2 repl=$3
	grep -Eq -- "$ere" "$file" || bail "subst: no line /$ere/ in ${file#"$TESTDIR"/}"
	ERE=$ere REPL=$repl awk '{ if ($0 ~ ENVIRON["ERE"]) print ENVIRON["REPL"]; else print }' \
		"$file" >"$file.subst" && cat "$file.subst" >"$file" && rm -f "$file.subst"
}

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
