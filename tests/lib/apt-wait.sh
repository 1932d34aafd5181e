# SPDX-License-Identifier: ISC
# Sourced (sh) by scripts/deps.sh and tests/lib/setup-deps.sh; uses $SUDO
# (empty when root).
# apt-get that waits for another apt or dpkg run instead of failing with
# "Could not get lock": DPkg::Lock::Timeout makes apt wait for dpkg's lock;
# apt-get update's lists lock is not waited for that way, so a lock failure
# is retried every 5 s, for up to 10 minutes. With APT_LOG set, apt-get's
# output is appended to that file instead of the console (an error also
# goes to stderr).
apt_wait() {
	_aw_err=$(mktemp) || return 1
	_aw_n=0
	while ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" \
			>>"${APT_LOG:-/dev/stdout}" 2>"$_aw_err"; do
		if ! grep -q -e 'Could not get lock' -e 'Unable to lock' -e 'Unable to acquire' "$_aw_err" ||
		   [ "$_aw_n" -ge 120 ]; then
			[ -n "${APT_LOG:-}" ] && cat "$_aw_err" >>"$APT_LOG"
			cat "$_aw_err" >&2; rm -f "$_aw_err"; return 1
		fi
		[ "$_aw_n" -eq 0 ] && echo "apt is busy (lock held by another run): waiting" >&2
		_aw_n=$((_aw_n + 1)); sleep 5
	done
	if [ -n "${APT_LOG:-}" ]; then cat "$_aw_err" >>"$APT_LOG"; else cat "$_aw_err" >&2; fi
	rm -f "$_aw_err"
}
