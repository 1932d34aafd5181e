# SPDX-License-Identifier: ISC
# Sourced (sh) by scripts/deps.sh and tests/lib/setup-deps.sh, after
# apt-wait.sh; uses $SUDO (empty when root).
#
# quiet_install LOG PKG...: apt-get install --no-install-recommends PKG...
# (names or ./file.deb) without changing which services run on this host:
#  - /usr/sbin/policy-rc.d answers 101 ("not allowed") during the install, so
#    invoke-rc.d and deb-systemd-invoke start nothing (an existing
#    policy-rc.d is put back afterwards);
#  - a unit or /etc/rc?.d start link the install enabled is disabled again
#    (systemctl disable, update-rc.d disable): nothing new at the next boot;
#  - a daemon a maintainer script started by hand anyway (a process whose
#    parent is PID 1 running a file of a package this install added) is
#    stopped, by its pid.
# apt's and dpkg's output go to LOG; the console gets one summary line (or,
# on failure, the end of LOG). Our installs run one at a time (flock).
# Returns apt-get's status.
QI_POLICY=/usr/sbin/policy-rc.d
QI_MARK="rblsmtpd quiet_install"

qi_enabled_units() {
	systemctl list-unit-files --state=enabled --no-legend --no-pager 2>/dev/null |
		awk '{ print $1 }' | LC_ALL=C sort
}
qi_start_links() { ls -1 /etc/rc[S0-6].d/ 2>/dev/null | grep '^S' | LC_ALL=C sort -u; }
qi_installed() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" { print $2 }' | LC_ALL=C sort; }

# (a saved policy-rc.d left by an interrupted run is put back too; flock
# keeps two of our runs from swapping it at once)
qi_policy_on() {
	if [ -e "$QI_POLICY" ] && ! grep -q "$QI_MARK" "$QI_POLICY"; then
		$SUDO mv "$QI_POLICY" "$QI_POLICY.rblsmtpd-saved"
	fi
	printf '#!/bin/sh\n# %s: no service starts during the install\nexit 101\n' "$QI_MARK" |
		$SUDO tee "$QI_POLICY" >/dev/null && $SUDO chmod 755 "$QI_POLICY"
}
qi_policy_off() {
	$SUDO rm -f "$QI_POLICY"
	if [ -e "$QI_POLICY.rblsmtpd-saved" ]; then
		$SUDO mv "$QI_POLICY.rblsmtpd-saved" "$QI_POLICY"
	fi
}

quiet_install() {
	qi_log=$1; shift
	mkdir -p "$(dirname "$qi_log")" && : >>"$qi_log" || return 1
	qi_tmp=$(mktemp -d) || return 1
	# one of our installs at a time: they swap policy-rc.d
	qi_lock=${TMPDIR:-/tmp}/rblsmtpd-quiet-install.lock
	if (: >>"$qi_lock") 2>/dev/null; then exec 9>>"$qi_lock"; flock 9; fi
	qi_enabled_units >"$qi_tmp/units"; qi_start_links >"$qi_tmp/links"; qi_installed >"$qi_tmp/pkgs"
	echo "== $(date '+%F %T') apt-get install --no-install-recommends $*" >>"$qi_log"
	qi_policy_on
	trap 'qi_policy_off; exit 130' INT TERM HUP
	APT_LOG=$qi_log apt_wait install -y -q --no-install-recommends "$@"
	qi_rc=$?
	qi_policy_off
	trap - INT TERM HUP
	qi_new=$(qi_installed | LC_ALL=C comm -13 "$qi_tmp/pkgs" -)
	# what the install enabled, disabled again
	qi_off=
	for u in $(qi_enabled_units | LC_ALL=C comm -13 "$qi_tmp/units" -); do
		$SUDO systemctl --no-reload --quiet disable "$u" >>"$qi_log" 2>&1 && qi_off="$qi_off $u"
	done
	for l in $(qi_start_links | LC_ALL=C comm -13 "$qi_tmp/links" -); do
		n=${l#S[0-9][0-9]}
		case " $qi_off " in *" $n.service "*) continue ;; esac
		$SUDO update-rc.d "$n" disable >>"$qi_log" 2>&1 && qi_off="$qi_off $n"
	done
	# daemons started anyway: parent PID 1, running a file of a new package
	qi_stopped=
	if [ -n "$qi_new" ]; then
		# their files, also under /usr (merged /usr: /sbin/x runs as /usr/sbin/x)
		# shellcheck disable=SC2086
		dpkg -L $qi_new 2>/dev/null | sed -e p -e 's,^/\(bin\|sbin\|lib\)/,/usr/\1/,' >"$qi_tmp/files"
		for d in $(grep -l '^PPid:[[:space:]]*1$' /proc/[0-9]*/status 2>/dev/null); do
			d=${d%/status}
			exe=$(readlink "$d/exe" 2>/dev/null) || continue
			grep -qxF -- "$exe" "$qi_tmp/files" || continue
			$SUDO kill "${d#/proc/}" 2>/dev/null && qi_stopped="$qi_stopped ${exe##*/}[${d#/proc/}]"
		done
	fi
	exec 9>&-
	rm -rf "$qi_tmp"
	{ echo "new packages:" $qi_new; echo "disabled again:$qi_off"; echo "stopped:$qi_stopped"; } >>"$qi_log"
	if [ "$qi_rc" -ne 0 ]; then
		tail -n 20 "$qi_log" >&2
		echo "apt-get install failed (exit $qi_rc); its whole output: $qi_log" >&2
		return "$qi_rc"
	fi
	echo "installed $(printf '%s\n' $qi_new | grep -c .) packages ($*), no service started or enabled" \
		"${qi_off:+(disabled again:$qi_off) }${qi_stopped:+(stopped:$qi_stopped) }- apt's output: $qi_log"
}
