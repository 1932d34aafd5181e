#!/bin/sh
# Install the Debian packages a profile needs, only when something is missing.
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
. "$(dirname "$0")/../tests/lib/apt-wait.sh"
if [ -n "$missing" ]; then
	echo "installing:$missing"
	apt_wait update -qq
	apt_wait install -y -qq $missing >/dev/null
fi
# The tests' own tools (tests/lib/DEPS), and Debian's IPv6 ucspi-tcp unpacked aside.
if [ "$profile" = test ]; then
	$SUDO sh "$(dirname "$0")/../tests/lib/setup-deps.sh"
fi
