#!/bin/bash
# One version everywhere: the VERSION file is what `rblsmtpd -V`, `rblcheck
# -V/--version` and `rblstat -V/--version` print (stdout, exit 0), what the
# man pages' footers (.Os) and examples of -V say, the top entry of
# debian/changelog (the package's version), NEWS's first entry and README's
# package file name. Debian's rblsmtpd 0.88 rejects -V (COMPATIBILITY).
# Also: each program's usage line has the forms of its man page's SYNOPSIS.
. "$(dirname "$0")/../lib/common.sh"

cd "$TOP" || bail "no $TOP"
V=$(cat VERSION)
check_match "VERSION: one line, N.N.N" "$V" '^[0-9]+\.[0-9]+\.[0-9]+$'
check_eq "VERSION: nothing but the version" "$(wc -l <VERSION)" 1

# --- the programs
for p in rblsmtpd rblcheck rblstat; do
	bin=$TOP/$BUILD/$p
	[ -x "$bin" ] || bail "no $bin (make)"
	opts="-V"; [ "$p" != rblsmtpd ] && opts="-V --version"
	for o in $opts; do
		run_cmd -- "$bin" "$o"
		check_eq "$p $o: prints \"$p $V\" on stdout, exit 0, nothing on stderr" \
			"$RUN_RC|$RUN_OUT|$RUN_ERR" "0|$p $V|"
	done
done
# -V does nothing else: no lookup, no program run
run_cmd TCPREMOTEIP=127.0.0.2 -- "$RBLSMTPD_BIN" -V -r 127.0.0.2.invalid echo ran
check_eq "rblsmtpd -V with lists and a program: only the version" "$RUN_RC|$RUN_OUT" "0|rblsmtpd $V"
# rblsmtpd keeps 0.88's option rules: --version is the illegal option '-'
run_cmd -- "$RBLSMTPD_BIN" --version
check_eq "rblsmtpd --version: illegal option (0.88's rules), exit 100" \
	"$RUN_RC|$(printf '%s\n' "$RUN_ERR" | head -n 1)" "100|rblsmtpd: illegal option -- -"
if [ -x "$REF_RBLSMTPD" ]; then
	run_cmd -- "$REF_RBLSMTPD" -V echo ran
	check_eq "Debian's rblsmtpd 0.88 rejects -V (man page, COMPATIBILITY)" \
		"$RUN_RC|$(printf '%s\n' "$RUN_ERR" | head -n 1)|$RUN_OUT" "100|rblsmtpd: illegal option -- V|"
else
	skip "Debian's rblsmtpd 0.88 rejects -V" "no $REF_RBLSMTPD (ucspi-tcp)"
fi
check_match "rblsmtpd(8) COMPATIBILITY: 0.88 rejects -V" \
	"$(mandoc -T ascii man/rblsmtpd.8 | col -b | sed -n '/^COMPATIBILITY/,/^SEE ALSO/p' | tr -s ' \t\n' ' ')" \
	'0\.88 has no way to tell its version and rejects -V'

# --- the documents
for m in man/*.[18]; do
	check_eq "$m: footer .Os rblsmtpd $V" "$(sed -n 's/^\.Os //p' "$m")" "rblsmtpd $V"
	# every "<program> N.N.N" in the page (the -V examples)
	bad=$(grep -oE 'rbl(smtpd|check|stat) [0-9]+\.[0-9]+\.[0-9]+' "$m" | grep -v " $V\$")
	check_eq "$m: every version named is $V" "$bad" ""
done
check_eq "debian/changelog: the package's version is VERSION" \
	"$(sed -n '1s/^rblsmtpd (\([^)]*\)).*/\1/p' debian/changelog)" "$V"
check_eq "NEWS: the first entry is VERSION" "$(grep -m 1 -oE '^rblsmtpd [0-9.]+' NEWS)" "rblsmtpd $V"
bad=$(grep -oE 'rblsmtpd[_-][0-9]+\.[0-9]+\.[0-9]+' README.md | grep -v "[_-]$V\$")
check_eq "README.md: every package or tarball name has $V" "$bad" ""

# --- usage lines against the SYNOPSIS. Both are made comparable: "[ -b ]"
# as "[-b]", option clusters "[-bBc]" split, "x [x ...]" as "x ...".
norm() {
	"$PY" -c '
import re, sys
for line in sys.stdin.read().split("\n"):
    line = re.sub(r"\[ ", "[", re.sub(r" \]", "]", line.strip()))
    line = re.sub(r"\[-([A-Za-z]{2,})\]", lambda m: " ".join("[-%s]" % c for c in m.group(1)), line)
    line = re.sub(r"(\w+) \[\1 \.\.\.\]", r"\1 ...", line)
    if line:
        print(re.sub(r"\s+", " ", line))'
}
# synopsis PAGE: the SYNOPSIS forms, one per line (continuations joined)
synopsis() {
	mandoc -T ascii "$1" | col -b | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
		awk -v p="$2" '$1 == p { if (f != "") print f; f = $0; next } NF { f = f " " $0 } END { print f }'
}
run_cmd -- "$RBLCHECK_BIN"
check_eq "rblcheck: usage line = rblcheck(1) SYNOPSIS (every form)" \
	"$(sed -n '/usage: /,$p' "$RUN_ERR_FILE" | sed 's/^rblcheck: usage: //' | norm)" "$(synopsis man/rblcheck.1 rblcheck | norm)"
run_cmd -- "$RBLSMTPD_BIN"
check_eq "rblsmtpd: usage line = rblsmtpd(8) SYNOPSIS (first form; the second is -V)" \
	"$(sed -e 's/^rblsmtpd: usage: //' "$RUN_ERR_FILE" | norm)" "$(synopsis man/rblsmtpd.8 rblsmtpd | head -n 1 | norm)"
