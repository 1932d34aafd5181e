#!/bin/sh
# SPDX-License-Identifier: ISC
# Install what the black-box tests need (run as root, outside any test):
#  - every package named in tests/lib/DEPS (apt-get install, only if missing,
#    without recommends, starting and enabling no service on this host:
#    quiet-install.sh; apt's output in build/apt.log, or $APT_LOG);
#  - Debian's ucspi-tcp-ipv6, which conflicts with ucspi-tcp, is only
#    downloaded and unpacked into $RBLTEST_CACHE/ucspi-tcp-ipv6 (default
#    /var/cache/rblsmtpd-tests) for its IPv6 tcpserver and rblsmtpd.
# Idempotent; a failure of the ipv6 step only makes the IPv6 tests skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cache=${RBLTEST_CACHE:-/var/cache/rblsmtpd-tests}
pkgs=$(grep -v -e '^#' -e '^[[:space:]]*$' "$here/DEPS")
SUDO=
. "$here/apt-wait.sh"
. "$here/quiet-install.sh"
log=${APT_LOG:-$here/../../build/apt.log}
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	APT_LOG=$log apt_wait update -q || true
	# shellcheck disable=SC2086
	out=$(quiet_install "$log" $missing) || exit 1
	echo "setup-deps: $out"
fi
if [ ! -x "$cache/ucspi-tcp-ipv6/usr/bin/tcpserver" ]; then
	echo "setup-deps: unpacking ucspi-tcp-ipv6 into $cache"
	tmp=$(mktemp -d) && chmod 755 "$tmp" || exit 1
	if (cd "$tmp" && apt-get download -qq ucspi-tcp-ipv6 2>/dev/null ||
	    { APT_LOG=$log apt_wait update -q && apt-get download -qq ucspi-tcp-ipv6; }) &&
	   mkdir -p "$cache" && rm -rf "$cache/ucspi-tcp-ipv6" &&
	   dpkg -x "$tmp"/ucspi-tcp-ipv6_*.deb "$cache/ucspi-tcp-ipv6"; then
		echo "setup-deps: $cache/ucspi-tcp-ipv6/usr/bin/tcpserver ready"
	else
		echo "setup-deps: warning: no ucspi-tcp-ipv6; IPv6 tcpserver tests will skip"
	fi
	rm -rf "$tmp"
fi
exit 0
