#!/bin/sh
# SPDX-License-Identifier: ISC
# Build the Debian package: installs the build dependencies, then runs
# dpkg-buildpackage -us -uc -b on a copy of this tree (so nothing is
# written outside it), and leaves rblsmtpd_<version>_<arch>.deb in
# $OUTDIR (default ./dist), and rblsmtpd-dbgsym_<version>_<arch>.deb, the
# debug symbols dh_strip keeps apart (optional). Then:
#   apt install ./dist/rblsmtpd_<version>_<arch>.deb
set -e
# a release build, even when called from a make run with SAN=1 and the like
unset MAKEFLAGS MFLAGS MAKELEVEL SAN FUZZ LINKMODE
cd "$(dirname "$0")/.."
top=$(pwd)
out=${OUTDIR:-$top/dist}
sh scripts/deps.sh package
version=$(dpkg-parsechangelog -S Version)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rblsmtpd-$version" "$out"
# the sources only: no build trees, no earlier packages
tar -c --exclude=./build --exclude=./build-san --exclude=./build-fuzz --exclude=./dist \
	--exclude=./.git --exclude=./rblsmtpd --exclude=./rblcheck --exclude=./rblstat . |
	tar -x -C "$tmp/rblsmtpd-$version"
(cd "$tmp/rblsmtpd-$version" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
	{ tail -n 40 "$tmp/build.log" >&2; echo "package.sh: dpkg-buildpackage failed" >&2; exit 1; }
cp "$tmp"/*.deb "$out"/
ls "$out"/rblsmtpd_"$version"_*.deb
# dh_strip's detached debug symbols: only for gdb on a core dump
for d in "$tmp"/rblsmtpd-dbgsym_*.deb; do
	[ -e "$d" ] && echo "$out/${d##*/} (debug symbols, optional: install it only to debug with gdb)"
done
exit 0
