#!/bin/sh
# Install what the black-box tests need (run as root, outside any test):
#  - every package named in tests/lib/DEPS (apt-get install, only if missing);
#  - Debian's ucspi-tcp-ipv6, which conflicts with ucspi-tcp, is only
#    downloaded and unpacked into $RBLTEST_CACHE/ucspi-tcp-ipv6 (default
#    /var/cache/rblsmtpd-tests) for its IPv6 tcpserver and rblsmtpd.
# Idempotent; a failure of the ipv6 step only makes the IPv6 tests skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cache=${RBLTEST_CACHE:-/var/cache/rblsmtpd-tests}
pkgs=$(grep -v -e '^#' -e '^[[:space:]]*$' "$here/DEPS")
SUDO=
# apt-get that waits for another apt or dpkg run instead of failing with
# "Could not get lock": DPkg::Lock::Timeout makes apt wait for dpkg's lock;
# apt-get update's lists lock is not waited for that way, so a lock failure
# is retried every 5 s, for up to 10 minutes.
apt_wait() {
	_aw_err=$(mktemp) || return 1
	_aw_n=0
	while ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" 2>"$_aw_err"; do
		if ! grep -q -e 'Could not get lock' -e 'Unable to lock' -e 'Unable to acquire' "$_aw_err" ||
		   [ "$_aw_n" -ge 120 ]; then
			cat "$_aw_err" >&2; rm -f "$_aw_err"; return 1
		fi
		[ "$_aw_n" -eq 0 ] && echo "apt is busy (lock held by another run): waiting" >&2
		_aw_n=$((_aw_n + 1)); sleep 5
	done
	cat "$_aw_err" >&2; rm -f "$_aw_err"
}
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup-deps: installing$missing"
	apt_wait update -qq || true
	apt_wait install -y -qq $missing || exit 1
fi
if [ ! -x "$cache/ucspi-tcp-ipv6/usr/bin/tcpserver" ]; then
	echo "setup-deps: unpacking ucspi-tcp-ipv6 into $cache"
	tmp=$(mktemp -d) && chmod 755 "$tmp" || exit 1
	if (cd "$tmp" && apt-get download -qq ucspi-tcp-ipv6 2>/dev/null ||
	    { apt_wait update -qq && apt-get download -qq ucspi-tcp-ipv6; }) &&
	   mkdir -p "$cache" && rm -rf "$cache/ucspi-tcp-ipv6" &&
	   dpkg -x "$tmp"/ucspi-tcp-ipv6_*.deb "$cache/ucspi-tcp-ipv6"; then
		echo "setup-deps: $cache/ucspi-tcp-ipv6/usr/bin/tcpserver ready"
	else
		echo "setup-deps: warning: no ucspi-tcp-ipv6; IPv6 tcpserver tests will skip"
	fi
	rm -rf "$tmp"
fi
exit 0
