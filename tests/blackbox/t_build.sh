#!/bin/bash
# SPDX-License-Identifier: ISC
# The build as a user and the package see it: a fresh build of the three
# programs prints no linker warning (the static rblsmtpd used to warn about
# glibc's getservbyname/getservbyport_r), the binaries are hardened
# (Debian's hardening-check), `make install` installs stripped programs and
# the man pages, `make uninstall` removes all of it, and every man page is
# clean under `mandoc -T lint` with cross-references to the right sections;
# LICENSE is ISC and every source file carries its SPDX line.
. "$(dirname "$0")/../lib/common.sh"
# Nothing here reads $BUILD: these checks build the default build in a
# private directory whatever pass runs them, so the sanitizer pass of
# make test-hardening would repeat the plain pass's work byte for byte.
if ldd "$RBLSMTPD_BIN" 2>/dev/null | grep -q libasan; then
	skip "${0##*/}" "sanitizer pass ($BUILD): the same default build the plain pass checked"
	exit 0
fi

command -v hardening-check >/dev/null || bail "no hardening-check (devscripts; tests/lib/setup-deps.sh)"
command -v mandoc >/dev/null || bail "no mandoc (tests/lib/setup-deps.sh)"
cd "$TOP" || bail "no $TOP"
# the default build, whatever make this runs under (make SAN=1 test exports
# SAN=1, and passes it on in MAKEFLAGS)
make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u SAN -u FUZZ -u LINKMODE \
		-u WERROR -u CC make "$@"
}

# --- a fresh build in a private build directory (B=), the tree untouched
B=$TESTDIR/b
out=$(make -s B="$B" "$B/rblsmtpd" "$B/rblcheck" "$B/rblstat" "$B/tests/rblsmtpd-dynamic" 2>&1)
check_rc "fresh build succeeds" "$?" 0
check_eq "fresh build: no warning at all (compiler or linker)" "$out" ""
for p in rblsmtpd rblcheck rblstat; do [ -x "$B/$p" ] || bail "no $B/$p"; done

# --- hardening: rblcheck, rblstat, and rblsmtpd's objects linked dynamically
# (hardening-check reads the dynamic symbol table, which a static PIE lacks)
for p in rblcheck rblstat tests/rblsmtpd-dynamic; do
	out=$(hardening-check --nocfprotection "$B/$p" 2>&1)
	check_rc "hardening-check $p: PIE, stack protector, fortify, relro, bindnow" "$?" 0
	[ "$?" = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
done
# the static rblsmtpd: what hardening-check can see (relro, bindnow), and
# the rest from its own objects and headers
out=$(hardening-check --nopie --nostackprotector --nofortify --nocfprotection \
	"$B/rblsmtpd" 2>&1)
check_rc "hardening-check rblsmtpd (static PIE): relro, bindnow" "$?" 0
check_match "rblsmtpd is a static PIE" "$(readelf -h -l "$B/rblsmtpd")" 'Type: +DYN '
check_eq "rblsmtpd: no program interpreter" "$(readelf -l "$B/rblsmtpd" | grep -c 'Requesting program interpreter')" 0
check_match "rblsmtpd: BIND_NOW" "$(readelf -d "$B/rblsmtpd")" 'FLAGS.*BIND_NOW'
objs=$(nm "$B/rblsmtpd.o" "$B/libcore.a" 2>/dev/null)
check_match "rblsmtpd's objects: stack protector" "$objs" ' U __stack_chk_fail$'
check_match "rblsmtpd's objects: fortified calls" "$objs" ' U __[a-z]*printf_chk$'
check_eq "rblsmtpd: no glibc NSS service look-up linked in" \
	"$(nm "$B/rblsmtpd" | grep -c -E ' (__nss_|nss_)?(getservbyname|getservbyport_r)@|__nss_services_lookup')" 0

# --- make install / uninstall
D=$TESTDIR/dest
mkdir -p "$D/usr/share/man"     # there before: uninstall must leave it
out=$(make -s B="$B" install DESTDIR="$D" PREFIX=/usr 2>&1)
check_rc "make install" "$?" 0
check_eq "make install: the files" "$(cd "$D" && find . -type f | sort)" \
"./usr/bin/rblcheck
./usr/bin/rblsmtpd
./usr/bin/rblstat
./usr/share/man/man1/rblcheck.1
./usr/share/man/man1/rblstat.1
./usr/share/man/man8/rblsmtpd.8"
for p in rblsmtpd rblcheck rblstat; do
	check_eq "make install: $p stripped (no symbol table)" \
		"$(readelf -S "$D/usr/bin/$p" | grep -c -E '\.symtab|\.debug_')" 0
done
make -s B="$B" uninstall DESTDIR="$D" PREFIX=/usr
check_eq "make uninstall: no file left" "$(find "$D" -type f)" ""
check_eq "make uninstall: the directories install created are gone, the others kept" \
	"$(cd "$D" && find . | sort)" ".
./usr
./usr/share
./usr/share/man"

# --- man pages
out=$(mandoc -T lint -W warning man/*.1 man/*.8 2>&1)
check_rc "mandoc -T lint: no warning" "$?" 0
check_eq "mandoc -T lint: no output" "$out" ""
bad=$(for m in man/*.[18]; do
	awk -v f="$m" '$1 == ".Xr" && ($2 == "rblsmtpd" || $2 == "rblcheck" || $2 == "rblstat") {
		print f ": " $2 "(" $3 ")" }' "$m"
      done | grep -v -e 'rblsmtpd(8)' -e 'rblcheck(1)' -e 'rblstat(1)')
check_eq "man pages name our pages with their sections" "$bad" ""

# --- licence: LICENSE is ISC, and every source file says so in its first 3
# lines (scripts/spdx.sh adds the line; --check lists the files without it)
check_match "LICENSE: the ISC licence" "$(head -n 1 LICENSE)" '^ISC License$'
out=$(sh scripts/spdx.sh --check 2>&1)
name="every C, sh and py file (src, tests, scripts, bench) and the Makefile: SPDX-License-Identifier: ISC in its first 3 lines"
if [ -z "$out" ]; then ok "$name"
else not_ok "$name" "$(printf '%s\n' "$out" | grep -c .) files without it (sh scripts/spdx.sh adds it), e.g.:" \
	"$(printf '%s\n' "$out" | head -n 5)"
fi
