#!/bin/bash
# SPDX-License-Identifier: ISC
# Each program's usage line and its man page's SYNOPSIS name the same
# options with the same argument names (the usage lines are built from the
# programs' option tables: src/core/config.c, src/stat/formats.c).
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || bail "no $TOP"

# The options of a usage text: "-x" or "-x arg" / "--name" or "--name ARG",
# one per line, sorted, argument names lowercased.
usage_opts() {
	"$PY" -c '
import re, sys
t = sys.stdin.read()
out = set()
for m in re.finditer(r"\[ ?(-{1,2}[A-Za-z][-A-Za-z]*)(?: ([A-Za-z|]+))? ?\]", t):
    out.add((m.group(1) + " " + (m.group(2) or "")).strip().lower() if m.group(1).startswith("--") else (m.group(1) + " " + (m.group(2) or "")).strip())
for m in re.finditer(r"\[ ?(--[a-z]+(?: \| --[a-z]+)+) ?\]", t):
    out.update(x.strip() for x in m.group(1).split("|"))
for m in re.finditer(r"(?<![\[\w-])(-[A-Za-z]) \[", t):   # a bare "-H [" form
    out.add(m.group(1))
print("\n".join(sorted(out)))'
}
# The same from the SYNOPSIS of a man page (mdoc source): "Fl x Ar arg",
# clustered flags "Fl bBcC" split, alternatives "Fl -csv | Fl -json".
synopsis_opts() {
	"$PY" -c '
import re, sys
src = open(sys.argv[1]).read()
syn = src.split(".Sh SYNOPSIS", 1)[1].split("\n.Sh ", 1)[0]
out = set()
for line in syn.splitlines():
    for m in re.finditer(r"Fl (-?[A-Za-z][-A-Za-z]*)((?: Cm [a-z]+(?: \| (?:Cm )?[a-z]+)*)| Ar [A-Za-z]+)?", line):
        name, arg = m.group(1), (m.group(2) or "").strip()
        arg = re.sub(r"^(Ar|Cm) ", "", arg).replace(" | Cm ", "|").replace(" | ", "|").lower()
        if name.startswith("-"):
            out.add(("-" + name + " " + arg).strip())
        elif arg:
            out.add("-" + name + " " + arg)
        else:
            out.update("-" + c for c in name)
print("\n".join(sorted(out)))' "$1"
}

got=$("$RBLSMTPD_BIN" -Z 2>&1 | sed 's/^rblsmtpd: //' | grep usage | usage_opts)
check_eq "rblsmtpd: usage line names the options of rblsmtpd(8) SYNOPSIS" \
	"$got" "$(synopsis_opts man/rblsmtpd.8)"
got=$("$RBLCHECK_BIN" -Z 2>&1 | sed 's/^rblcheck: //' | usage_opts)
check_eq "rblcheck: usage lines name the options of rblcheck(1) SYNOPSIS" \
	"$got" "$(synopsis_opts man/rblcheck.1)"
got=$("$RBLSTAT_BIN" --help 2>&1 | usage_opts)
check_eq "rblstat: usage line names the options of rblstat(1) SYNOPSIS" \
	"$got" "$(synopsis_opts man/rblstat.1)"

# What the programs accept is what their usage lines say: every letter the
# usage names is taken, every other letter is an illegal option.
accepted() {   # accepted PROG: the letters PROG does not call illegal
	local prog=$1 c
	for c in {a..z} {A..Z}; do
		"$prog" "-$c" x 127.0.0.2 </dev/null 2>&1 >/dev/null | grep -q "illegal option -- $c" ||
			printf -- '-%s\n' "$c"
	done
}
letters() { grep -o -- '-[A-Za-z]' | sort -u; }
for p in rblsmtpd rblcheck; do
	bin=$RBLSMTPD_BIN; [ "$p" = rblcheck ] && bin=$RBLCHECK_BIN
	want=$("$bin" -Z 2>&1 | grep -o -- '\[ -[A-Za-z]\|rblcheck -H' | letters)
	got=$(export DNSCACHEIP=127.0.53.9; RBLSMTPD='' timeout 20 bash -c "$(declare -f accepted); accepted $bin" | sort -u)
	check_eq "$p: the letters it accepts are the letters its usage line names" "$got" "$want"
done
