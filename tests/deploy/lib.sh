# tests/deploy/lib.sh -- sourced by tests/deploy/t_*.sh after common.sh.
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
	REPL=$repl "$PY" - "$file" "$ere" <<'PYEOF'
import os, re, sys
path, ere, repl = sys.argv[1], re.compile(sys.argv[2]), os.environ['REPL']
lines = open(path).read().split('\n')
open(path, 'w').write('\n'.join(repl if ere.search(l) else l for l in lines))
PYEOF
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
