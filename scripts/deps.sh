#!/bin/sh
# Install the Debian packages a profile needs, only when something is missing.
#   sh scripts/deps.sh build   compiler, c-ares, zlib
#   sh scripts/deps.sh test    the above plus every tool the tests run
set -e
profile=${1:-build}
pkgs="gcc make pkg-config libc-ares-dev zlib1g-dev"
if [ "$profile" = test ]; then
	pkgs="$pkgs $(grep -v '^#' "$(dirname "$0")/../tests/lib/DEPS" 2>/dev/null | tr '\n' ' ')"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
