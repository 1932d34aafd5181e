#!/bin/sh
# SPDX-License-Identifier: ISC
# Install the Debian packages a profile needs, only when something is missing:
# without recommends, starting and enabling no service on this host, apt's
# output in build/apt.log (tests/lib/quiet-install.sh).
#   sh scripts/deps.sh build   compiler, c-ares, zlib, libseccomp
#   sh scripts/deps.sh test    the above plus every tool the tests run
#   sh scripts/deps.sh package the build's plus debhelper (scripts/package.sh)
set -e
profile=${1:-build}
pkgs="gcc make pkg-config libc-ares-dev zlib1g-dev libseccomp-dev"
[ "$profile" = package ] && pkgs="$pkgs debhelper dpkg-dev"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/apt-wait.sh"
. "$top/tests/lib/quiet-install.sh"
# apt's output goes here; the console gets one line (quiet-install.sh)
export APT_LOG="${APT_LOG:-$top/build/apt.log}"
if [ -n "$missing" ]; then
	mkdir -p "$(dirname "$APT_LOG")"
	apt_wait update -q
	# shellcheck disable=SC2086
	quiet_install "$APT_LOG" $missing || exit 1
fi
# The tests' own tools (tests/lib/DEPS), and Debian's IPv6 ucspi-tcp unpacked aside.
if [ "$profile" = test ]; then
	$SUDO env APT_LOG="$APT_LOG" sh "$top/tests/lib/setup-deps.sh"
fi
