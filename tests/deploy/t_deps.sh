#!/bin/bash
# SPDX-License-Identifier: ISC
# How scripts/deps.sh and tests/lib/setup-deps.sh install packages
# (tests/lib/quiet-install.sh): with a service-shipping package built here
# (nothing is downloaded), installed the way they install DEPS, no service
# starts and none is enabled: its init script is never run (policy-rc.d
# answers 101 during the install, and an existing policy-rc.d is put back),
# the systemd unit and /etc/rc?.d links it enables are disabled again, the
# daemon its postinst starts by hand is stopped; the system's enabled units,
# start links and daemons are as before; apt's output is in the log, the
# console gets one line.
#
# dpkg and apt work on overlays of /usr /etc /var private to this test's
# mount namespace, as in t_package.sh: the real system is never changed.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"

[ "$(id -u)" = 0 ] || bail "needs root (dpkg)"
for c in dpkg-deb apt-get systemctl update-rc.d deb-systemd-helper invoke-rc.d flock; do
	command -v "$c" >/dev/null || bail "no $c"
done
for d in usr etc var; do
	mkdir -p "$TESTDIR/ov/$d/up" "$TESTDIR/ov/$d/work"
	mount -t overlay "rbltest-$d" \
		-o "lowerdir=/$d,upperdir=$TESTDIR/ov/$d/up,workdir=$TESTDIR/ov/$d/work" "/$d" ||
		bail "cannot mount an overlay on /$d"
	at_exit "umount -l /$d 2>/dev/null"
done

# fakepkg NAME: a package with what a daemon's package has: an init script
# (it records that it was run), a systemd unit, a postinst doing what
# debhelper's snippets do, and then starting its daemon by hand as well
# (the daemon: a copy of sleep; its pid in /var/lib/NAME/direct.pid)
fakepkg() {
	local n=$1 r=$TESTDIR/pkg/$1
	mkdir -p "$r/DEBIAN" "$r/etc/init.d" "$r/usr/lib/systemd/system" "$r/usr/sbin" "$r/var/lib/$n"
	cat >"$r/DEBIAN/control" <<-EOF
	Package: $n
	Version: 1.0
	Architecture: all
	Maintainer: rblsmtpd tests <tests@example.invalid>
	Description: fake service of tests/deploy/t_deps.sh
	 Starts nothing it is not asked to.
	EOF
	cat >"$r/DEBIAN/postinst" <<-EOF
	#!/bin/sh
	set -e
	if [ "\$1" = configure ]; then
	    deb-systemd-helper enable $n.service >/dev/null || true
	    update-rc.d $n defaults >/dev/null
	    invoke-rc.d $n start || true
	    deb-systemd-invoke start $n.service >/dev/null || true
	    ( setsid sh -c 'echo \$\$ >/var/lib/$n/direct.pid; exec /usr/sbin/$n 600' \
	        </dev/null >/dev/null 2>&1 & )
	fi
	EOF
	cat >"$r/etc/init.d/$n" <<-EOF
	#!/bin/sh
	### BEGIN INIT INFO
	# Provides:          $n
	# Required-Start:
	# Required-Stop:
	# Default-Start:     2 3 4 5
	# Default-Stop:      0 1 6
	# Short-Description: fake service of the rblsmtpd tests
	### END INIT INFO
	case "\$1" in start|restart) echo "\$1" >>/var/lib/$n/init-ran ;; esac
	exit 0
	EOF
	cat >"$r/usr/lib/systemd/system/$n.service" <<-EOF
	[Unit]
	Description=fake service of the rblsmtpd tests
	[Service]
	ExecStart=/usr/sbin/$n 600
	[Install]
	WantedBy=multi-user.target
	EOF
	cp /usr/bin/sleep "$r/usr/sbin/$n"
	chmod 755 "$r/DEBIAN/postinst" "$r/etc/init.d/$n"
	dpkg-deb --root-owner-group -b "$r" "$TESTDIR/$n.deb" >/dev/null || bail "dpkg-deb -b $n"
}

# daemons: processes whose parent is PID 1, by executable, of this test's
# packages (other processes come and go with other tests on this machine)
daemons() {
	local d
	for d in $(grep -l '^PPid:[[:space:]]*1$' /proc/[0-9]*/status 2>/dev/null); do
		readlink "${d%/status}/exe" 2>/dev/null
	done | grep '^/usr/sbin/rbltest-' | LC_ALL=C sort -u
}
# what must not change: enabled units, start links, daemons, policy-rc.d
state() {
	echo "-- enabled units"; systemctl list-unit-files --state=enabled --no-legend --no-pager | awk '{ print $1 }'
	echo "-- start links"; ls -1 /etc/rc[S0-6].d/ | grep '^S' | LC_ALL=C sort -u
	echo "-- daemons of rbltest-* packages"; daemons
	echo "-- policy-rc.d"; cat /usr/sbin/policy-rc.d 2>&1
}

SUDO=
. "$TESTLIB/apt-wait.sh"
. "$TESTLIB/quiet-install.sh"

# case NAME POLICY: install NAME's package with policy-rc.d as POLICY says
# ("none": a fresh machine has none; else its content, put back afterwards)
case_install() {
	local n=$1 policy=$2 before out rc
	fakepkg "$n"
	if [ "$policy" = none ]; then rm -f /usr/sbin/policy-rc.d
	else printf '%s\n' "$policy" >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d; fi
	# (read from the overlay's upper layer: the overlays are gone by then)
	at_exit "kill \$(cat '$TESTDIR/ov/var/up/lib/$n/direct.pid' 2>/dev/null) 2>/dev/null"
	before=$(state)
	out=$(quiet_install "$TESTDIR/apt.log" "$TESTDIR/$n.deb" 2>&1); rc=$?
	check_rc "$n: quiet_install exit 0" "$rc" 0 || sed 's/^/#   /' "$TESTDIR/apt.log"
	check_eq "$n: installed" "$(dpkg-query -W -f='${db:Status-Abbrev}' "$n" 2>&1)" "ii "
	check_eq "$n: one line on the console" "$(printf '%s\n' "$out" | wc -l)" 1
	check_match "$n: the line says where apt's output is" "$out" "apt's output: $TESTDIR/apt\\.log\$"
	check_match "$n: apt's output in the log" "$(cat "$TESTDIR/apt.log")" "^Setting up $n "
	check_match "$n: --no-install-recommends" "$(cat "$TESTDIR/apt.log")" '^== .* apt-get install --no-install-recommends '
	check_eq "$n: its init script was never run" "$(cat "/var/lib/$n/init-ran" 2>&1)" \
		"cat: /var/lib/$n/init-ran: No such file or directory"
	check_eq "$n: its unit is not enabled" "$(systemctl is-enabled "$n.service" 2>&1)" disabled
	check_eq "$n: no start link" "$(ls /etc/rc[S0-6].d/ | grep -c "^S..$n\$")" 0
	local pid; pid=$(cat "/var/lib/$n/direct.pid" 2>/dev/null)
	[ -n "$pid" ] || not_ok "$n: its postinst started the daemon by hand" "no /var/lib/$n/direct.pid"
	wait_for 5 eval "! kill -0 $pid 2>/dev/null" 
	check_rc "$n: the daemon its postinst started by hand was stopped" "$(kill -0 "$pid" 2>/dev/null; echo $?)" 1
	check_eq "$n: enabled units, start links, daemons and policy-rc.d as before" "$(state)" "$before"
}

case_install rbltest-fakesvc-fresh none
case_install rbltest-fakesvc-policy '#!/bin/sh
# the admin'"'"'s own policy: everything allowed
exit 0'
check_eq "no policy-rc.d left aside" "$(ls /usr/sbin/policy-rc.d.* 2>&1)" \
	"ls: cannot access '/usr/sbin/policy-rc.d.*': No such file or directory"
