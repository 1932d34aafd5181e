#!/bin/bash
# SPDX-License-Identifier: ISC
# One version everywhere: the VERSION file is what `rblsmtpd -V`, `rblcheck
# -V/--version` and `rblstat -V/--version` print (stdout, exit 0), what the
# man pages' footers (.Os) and examples of -V say, the top entry of
# debian/changelog (the package's version), NEWS's first entry and README's
# package file name. Debian's rblsmtpd 0.88 rejects -V (COMPATIBILITY).
# (The usage lines against the SYNOPSIS, -V included: t_build_usage.sh.)
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
