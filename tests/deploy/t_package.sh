#!/bin/bash
# SPDX-License-Identifier: ISC
# The Debian package, end to end: build it (scripts/package.sh, that is
# dpkg-buildpackage -us -uc -b), lintian it, install it with apt next to
# Debian's ucspi-tcp, check that rblsmtpd and `man rblsmtpd` are ours and
# tcpserver still works, serve a listed and a clean client through it, then
# `dpkg --purge` it and check Debian's files are back, byte for byte.
#
# dpkg and apt change /usr, /etc and /var. By default they do so on overlay
# mounts private to this test's mount namespace (the real system is never
# touched, and other tests that use Debian's /usr/bin/rblsmtpd meanwhile
# still see it). RBLTEST_PKG_REAL=1 installs on the real system instead;
# an exit trap then purges the package and removes its diversions whatever
# happened, and the final checks compare the system with its state before.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"

[ "$(id -u)" = 0 ] || bail "needs root (dpkg)"
for c in dpkg-buildpackage lintian apt-get tcpserver man hardening-check swaks; do
	command -v "$c" >/dev/null || bail "no $c (sh tests/lib/setup-deps.sh)"
done
dpkg-query -W -f='${Status}' ucspi-tcp 2>/dev/null | grep -q 'ok installed' ||
	bail "Debian's ucspi-tcp is not installed (the package must coexist with it)"
cd "$TOP" || bail "no $TOP"
VERSION=$(dpkg-parsechangelog -S Version) || bail "dpkg-parsechangelog"
ARCH=$(dpkg --print-architecture)
DEB=$TESTDIR/dist/rblsmtpd_${VERSION}_$ARCH.deb
DJB_BIN=/usr/bin/rblsmtpd DJB_MAN=/usr/share/man/man1/rblsmtpd.1.gz

# what the package may change, before and after
state() {
	sha256sum "$DJB_BIN" "$DJB_MAN" 2>&1
	ls -d /usr/bin/rblsmtpd.ucspi-tcp /usr/bin/rblcheck /usr/bin/rblstat \
		/usr/share/man/man8/rblsmtpd.8.gz /usr/share/doc/rblsmtpd 2>&1 | sort
	dpkg-divert --list | grep rblsmtpd | sort
	dpkg-query -W -f='${db:Status-Abbrev}\n' rblsmtpd 2>/dev/null || echo "rblsmtpd: unknown"
}

if [ "${RBLTEST_PKG_REAL:-0}" != 1 ]; then
	for d in usr etc var; do
		mkdir -p "$TESTDIR/ov/$d/up" "$TESTDIR/ov/$d/work"
		mount -t overlay "rbltest-$d" \
			-o "lowerdir=/$d,upperdir=$TESTDIR/ov/$d/up,workdir=$TESTDIR/ov/$d/work" "/$d" ||
			bail "cannot mount an overlay on /$d (RBLTEST_PKG_REAL=1 to install for real)"
		at_exit "umount -l /$d 2>/dev/null"
	done
	echo "# dpkg works on overlays of /usr /etc /var (private to this test)"
else
	echo "# RBLTEST_PKG_REAL=1: installing on the real system"
	at_exit "dpkg-query -W rblsmtpd >/dev/null 2>&1 && dpkg --purge rblsmtpd >/dev/null 2>&1; \
for f in $DJB_BIN $DJB_MAN; do dpkg-divert --list \"\$f\" | grep -q 'by rblsmtpd' && \
dpkg-divert --package rblsmtpd --remove --rename \"\$f\" >/dev/null 2>&1; done; true"
fi
BEFORE=$(state)

# --- build
OUTDIR=$TESTDIR/dist sh scripts/package.sh >"$TESTDIR/package.log" 2>&1
check_rc "scripts/package.sh (dpkg-buildpackage -us -uc -b)" "$?" 0
[ -f "$DEB" ] || { sed 's/^/#   /' "$TESTDIR/package.log"; bail "no $DEB"; }
ok "built $(basename "$DEB")"
contents=$(dpkg-deb -c "$DEB" | awk '{ print $NF }' | sed 's,^\./,/,')
for f in /usr/bin/rblsmtpd /usr/bin/rblcheck /usr/bin/rblstat \
	/usr/share/man/man8/rblsmtpd.8.gz /usr/share/man/man1/rblcheck.1.gz \
	/usr/share/man/man1/rblstat.1.gz /usr/share/doc/rblsmtpd/copyright \
	$(cd examples && find . -type f | sed 's,^\.,/usr/share/doc/rblsmtpd/examples,'); do
	check_match "package holds $f" "$contents" "^${f//./\\.}\$"
done

# --- lintian: no error; every warning one debian/README.source explains
lint=$(lintian --allow-root "$DEB" 2>&1)
check_eq "lintian: no error" "$(printf '%s\n' "$lint" | grep '^E: ')" ""
unexplained=$(printf '%s\n' "$lint" | sed -n 's/^W: rblsmtpd[^:]*: \([^ ]*\).*/\1/p' | sort -u |
	while read -r tag; do grep -q -- "$tag" debian/README.source || echo "$tag"; done)
check_eq "lintian: every warning explained in debian/README.source" "$unexplained" ""
check_eq "lintian: no error or warning about debian/copyright (DEP-5, ISC)" \
	"$(printf '%s\n' "$lint" | grep -E '^[EW]: ' | grep -i -e copyright -e licen)" ""
check_match "package.sh names the -dbgsym package it leaves in dist/" "$(cat "$TESTDIR/package.log")" \
	"rblsmtpd-dbgsym_${VERSION}_$ARCH\.deb \(debug symbols, optional"
check_eq "the package's copyright file is debian/copyright" \
	"$(dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./usr/share/doc/rblsmtpd/copyright | sha256sum)" \
	"$(sha256sum <debian/copyright)"
[ -z "$unexplained" ] || printf '%s\n' "$lint" | sed 's/^/#   /'

# --- install, as the README says (after an admin read djb's page once: man
# keeps a formatted copy, which would keep its stale index entry alive)
MANPAGER=cat man rblsmtpd >/dev/null 2>&1
djb_sum=$(sha256sum <"$DJB_BIN")
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$DEB" >"$TESTDIR/apt.log" 2>&1
check_rc "apt-get install ./$(basename "$DEB")" "$?" 0 || sed 's/^/#   /' "$TESTDIR/apt.log"
check_eq "dpkg: rblsmtpd installed" "$(dpkg-query -W -f='${db:Status-Abbrev}' rblsmtpd 2>&1)" "ii "
check_eq "rblsmtpd on PATH is /usr/bin/rblsmtpd" "$(command -v rblsmtpd)" /usr/bin/rblsmtpd
dpkg-deb -x "$DEB" "$TESTDIR/x"
check_eq "/usr/bin/rblsmtpd is the package's" "$(sha256sum </usr/bin/rblsmtpd)" \
	"$(sha256sum <"$TESTDIR/x/usr/bin/rblsmtpd")"
check_match "dpkg: /usr/bin/rblsmtpd diverted by rblsmtpd" "$(dpkg-divert --list /usr/bin/rblsmtpd)" \
	'^diversion of /usr/bin/rblsmtpd to /usr/bin/rblsmtpd\.ucspi-tcp by rblsmtpd$'
check_match "rblsmtpd is ours (our usage line)" "$(rblsmtpd 2>&1)" '\[ -T dnstimeout \]'
check_eq "Debian's rblsmtpd kept as rblsmtpd.ucspi-tcp" "$(sha256sum </usr/bin/rblsmtpd.ucspi-tcp)" "$djb_sum"
check_eq "man -w rblsmtpd is ours (section 8)" "$(man -w rblsmtpd)" /usr/share/man/man8/rblsmtpd.8.gz
check_match "man rblsmtpd shows ours" "$(MANPAGER=cat man rblsmtpd 2>/dev/null | col -b)" 'RBLSMTPD\(8\)'
check_eq "rblsmtpd -V: the package's version" "$(rblsmtpd -V)" "rblsmtpd $VERSION"
# the man database (postinst): no entry left for the renamed section-1 page
apro=$(whatis -r '^rblsmtpd' 2>&1)
check_eq "whatis -r ^rblsmtpd (man -k's index): rblsmtpd (8) and rblsmtpd.ucspi-tcp (1), no stale rblsmtpd (1)" \
	"$(printf '%s\n' "$apro" | awk '{ print $1, $2 }' | LC_ALL=C sort)" "rblsmtpd (8)
rblsmtpd.ucspi-tcp (1)"
check_eq "man -w rblsmtpd.ucspi-tcp: djb's page" "$(man -w rblsmtpd.ucspi-tcp)" \
	/usr/share/man/man1/rblsmtpd.ucspi-tcp.1.gz
check_eq "tcpserver still Debian's" "$(dpkg -S /usr/bin/tcpserver | cut -d: -f1)" ucspi-tcp
for p in rblcheck rblstat; do
	out=$(hardening-check --nocfprotection "/usr/bin/$p" 2>&1)
	check_rc "installed $p: hardening-check" "$?" 0
done
out=$(hardening-check --nopie --nostackprotector --nofortify --nocfprotection /usr/bin/rblsmtpd 2>&1)
check_rc "installed rblsmtpd: hardening-check (static PIE: relro, bindnow)" "$?" 0
check_eq "installed binaries stripped" \
	"$(for p in rblsmtpd rblcheck rblstat; do readelf -S "/usr/bin/$p" 2>&1 | grep -c -e '\.symtab' -e Error; done | sort -u)" 0
check_eq "installed examples: run files executable" \
	"$(find /usr/share/doc/rblsmtpd/examples -name run -perm -u+x | wc -l)" 2

# --- serving: the README's three Install commands (the first two are what
# this test did above; the third runs with the test's list and SMTP server)
readme=$(awk '/^## Install/ { s = 1 } s && /^```sh/ { c = 1; next } c && /^```/ { exit } c' README.md |
	sed 's/ *#.*//')
check_eq "README: Install's first two commands" "$(printf '%s\n' "$readme" | sed -n '1,2p')" \
"sh scripts/package.sh
apt install ./dist/rblsmtpd_${VERSION}_$ARCH.deb"
third=$(printf '%s\n' "$readme" | sed -n '3p')
check_match "README: the third starts tcpserver on loopback" "$third" '^tcpserver .* 127\.0\.0\.1 [0-9]+ rblsmtpd .*&$'
port=$(printf '%s\n' "$third" | sed -n 's/.* 127\.0\.0\.1 \([0-9]*\) rblsmtpd .*/\1/p')
args=${third% &}; args=${args#* rblsmtpd }
args=${args/-r zen.spamhaus.org/-r test.rbl}; args=${args/% \/usr\/sbin\/sendmail -bs/ $SMTPD_CMD}
start_dns
opts=${third#tcpserver }; opts=${opts%% 127.0.0.1 *}
# shellcheck disable=SC2086
start_tcpserver $opts -- 127.0.0.1 "$port" env DNSCACHEIP="$RBLDNS_IP" rblsmtpd $args
out=$(swaks_to 127.0.0.1 "$port" --local-interface 127.0.0.2 2>&1)
check_match "installed: listed client refused (451)" "$out" '^<\*\* +451 Listed by test\.rbl'
out=$(swaks_to 127.0.0.1 "$port" --local-interface 127.0.0.9 2>&1)
check_match "installed: clean client served" "$out" '^<-  250 accepted by real\.server$'
check_match "installed: the -v line on tcpserver's stderr" "$(cat "$TCPSERVER_ERR")" \
	'^rblsmtpd: test\.rbl blocked 127\.0\.0\.2 '
stop_tcpserver 127.0.0.1 "$port"

# --- purge: Debian's files back
dpkg --purge rblsmtpd >"$TESTDIR/purge.log" 2>&1
check_rc "dpkg --purge rblsmtpd" "$?" 0 || sed 's/^/#   /' "$TESTDIR/purge.log"
check_eq "after purge: /usr/bin/rblsmtpd is Debian's again" "$(sha256sum <"$DJB_BIN")" "$djb_sum"
check_eq "after purge: man -w rblsmtpd is Debian's" "$(man -w rblsmtpd)" "$DJB_MAN"
check_eq "after purge: no diversion left" "$(dpkg-divert --list | grep -c rblsmtpd)" 0
check_eq "after purge: whatis -r ^rblsmtpd lists Debian's page alone" \
	"$(whatis -r '^rblsmtpd' 2>&1 | awk '{ print $1, $2 }')" "rblsmtpd (1)"
check_eq "after purge: the system as before" "$(state)" "$BEFORE"
