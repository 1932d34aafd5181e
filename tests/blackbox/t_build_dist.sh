#!/bin/bash
# SPDX-License-Identifier: ISC
# The release tarball, as autotools' distcheck checks it: `make dist` writes
# rblsmtpd-VERSION.tar.gz, which holds exactly the files git tracks at HEAD
# under rblsmtpd-VERSION/ (no build output); unpacked in an empty directory
# it builds with a plain `make`, its programs say the version, and its unit
# tests pass.
. "$(dirname "$0")/../lib/common.sh"
# Nothing here reads $BUILD: these checks build the default build in a
# private directory whatever pass runs them, so the sanitizer pass of
# make test-hardening would repeat the plain pass's work byte for byte.
if ldd "$RBLSMTPD_BIN" 2>/dev/null | grep -q libasan; then
	skip "${0##*/}" "sanitizer pass ($BUILD): the same default build the plain pass checked"
	exit 0
fi

cd "$TOP" || bail "no $TOP"
command -v git >/dev/null && git -C "$TOP" rev-parse --verify -q HEAD >/dev/null || {
	skip "make dist" "not a git checkout (the tarball is made from git)"; exit 0; }
# the default build, whatever make this runs under (as in t_build.sh)
make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u SAN -u FUZZ -u LINKMODE \
		-u WERROR -u CC -u B make "$@"
}
V=$(cat VERSION)
D=rblsmtpd-$V

out=$(make -s dist DIST_DIR="$TESTDIR" 2>&1)
check_rc "make dist" "$?" 0 || printf '%s\n' "$out" | sed 's/^/#   /'
TGZ=$TESTDIR/$D.tar.gz
[ -f "$TGZ" ] || bail "no $TGZ"
ok "make dist wrote $D.tar.gz"
list=$(tar -tzf "$TGZ" | grep -v '/$' | LC_ALL=C sort)
check_eq "every entry under $D/" "$(printf '%s\n' "$list" | grep -vc "^$D/")" 0
check_eq "the tarball holds the files git tracks at HEAD, and nothing else" \
	"$(printf '%s\n' "$list" | sed "s,^$D/,,")" "$(git ls-tree -r --name-only HEAD | LC_ALL=C sort)"
check_eq "no build output in it" \
	"$(printf '%s\n' "$list" | grep -E "^$D/(build[^/]*/|dist/|rblsmtpd$|rblcheck$|rblstat$)|\\.(o|a|d|deb)\$")" ""
for f in LICENSE NEWS VERSION README.md examples/README; do
	check_match "the tarball has $f" "$list" "^$D/${f//./\\.}\$"
done

# --- distcheck: unpack, build, unit tests, in a directory of its own
mkdir -p "$TESTDIR/u" && tar -xzf "$TGZ" -C "$TESTDIR/u" || bail "cannot unpack $TGZ"
U=$TESTDIR/u/$D
out=$(cd "$U" && make -s -j2 2>&1)
check_rc "unpacked tarball: make" "$?" 0 || printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
check_eq "unpacked tarball: make prints no warning" "$out" ""
for p in rblsmtpd rblcheck rblstat; do
	check_eq "unpacked tarball: $p -V" "$("$U/$p" -V 2>&1)" "$p $V"
done
out=$(cd "$U" && make -s -j2 unit 2>&1)
rc=$?
check_rc "unpacked tarball: make unit" "$rc" 0
check_match "unpacked tarball: unit tests all pass" "$out" '^unit: [1-9][0-9]* passed, 0 failed$' ||
	printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
