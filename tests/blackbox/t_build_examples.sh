#!/bin/bash
# SPDX-License-Identifier: ISC
# The examples as documents (tests/deploy/ runs them): examples/README names
# every file under examples/ by its path there; every "# EDIT:" comment marks
# a line; each service example has its DNSCACHEIP line and the Exim and
# Postfix server lines next to qmail's; the service directory is
# /etc/sv/smtpd everywhere; and every tcpserver command line shown (README.md,
# the man pages, examples/) has -H, -R and -l, so tcpserver makes no DNS or
# ident look-up of its own per connection; rblcheck(1)'s cron lines write no
# file and print only when a list is unhealthy.
. "$(dirname "$0")/../lib/common.sh"
. "$TESTLIB/deploy.sh"      # edit_marked

cd "$TOP" || bail "no $TOP"
EX=examples
[ -f "$EX/README" ] || bail "no $EX/README"

# --- examples/README names every file (walks the tree: new files count)
files=$(cd "$EX" && find . -type f ! -name README | sed 's,^\./,,' | LC_ALL=C sort)
[ -n "$files" ] || bail "no file under $EX"
unnamed=$(printf '%s\n' "$files" | while IFS= read -r f; do
	grep -qE "(^|[[:space:],(])$(printf '%s' "$f" | sed 's/[.[\*^$]/\\&/g')([[:space:],):.]|$)" "$EX/README" ||
		echo "$f"
done)
check_eq "examples/README names every file under examples/ ($(printf '%s\n' "$files" | wc -l) files)" \
	"$unnamed" ""

# --- every EDIT comment marks a line: the comment block ends on a non-blank,
# non-comment line (a dangling marker would mark nothing)
dangling=$(for f in $(cd "$EX" && find . -type f ! -name README | sed 's,^\./,,'); do
	awk -v f="$f" '/^[[:space:]]*#/ { if ($0 ~ /^[[:space:]]*#[[:space:]]*EDIT:/) { m = 1; l = NR }; next }
		{ if (m && !NF) print f ":" l; m = 0 } END { if (m) print f ":" l }' "$EX/$f"
done)
check_eq "every '# EDIT:' comment sits right above the line it marks" "$dangling" ""

# marked FILE ERE: a line matching ERE is EDIT-marked
marked() {
	local n
	n=$(grep -nE -- "$2" "$EX/$1" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] && edit_marked "$EX/$1" | grep -qx "$n"
}
for f in daemontools/smtpd/run xinetd/smtp systemd/rblsmtpd@.service; do
	case $f in
	*/run) dns='^DNSCACHEIP=' smtpd='^SMTPD=' user='^SMTPUSER=' ;;
	xinetd/*) dns='^[[:space:]]*env[[:space:]]*=[[:space:]]*DNSCACHEIP=' smtpd='^[[:space:]]*server_args' user='^[[:space:]]*user[[:space:]]*=' ;;
	*) dns='^Environment=DNSCACHEIP=' smtpd='^ExecStart=' user='^User=' ;;
	esac
	marked "$f" "$dns" && ok "$f: a DNSCACHEIP line, marked EDIT" ||
		not_ok "$f: a DNSCACHEIP line, marked EDIT"
	marked "$f" "$smtpd" && marked "$f" "$user" && ok "$f: the SMTP server and its user, marked EDIT" ||
		not_ok "$f: the SMTP server and its user, marked EDIT"
	check_eq "$f: the qmail, Exim and Postfix servers named" \
		"$(grep -oE 'qmail-smtpd|exim4 -bs|sendmail -bs' "$EX/$f" | sort -u | tr '\n' ' ')" \
		"exim4 -bs qmail-smtpd sendmail -bs "
	check_match "$f: DNSCACHEIP=127.0.0.1 shown for a local resolver" "$(cat "$EX/$f")" \
		'^[[:space:]]*#.*DNSCACHEIP=127\.0\.0\.1'
done
check_match "xinetd/smtp: type = UNLISTED" "$(cat "$EX/xinetd/smtp")" '^[[:space:]]*type[[:space:]]*=[[:space:]]*UNLISTED$'

# --- one service directory path
check_eq "no /etc/smtpd anywhere (the service directory is /etc/sv/smtpd)" \
	"$(grep -rn '/etc/smtpd\b' README.md "$EX" man)" ""
for f in README.md "$EX/README" "$EX/daemontools/smtpd/run"; do
	check_match "$f: /etc/sv/smtpd" "$(cat "$f")" '/etc/sv/smtpd'
done

# --- tcpserver command lines: -H -R -l (the first line of each command,
# where the options are)
lines=$( { grep -n -E '^[[:space:]]*(\$ )?tcpserver -' README.md man/*.[18];
	grep -rn -E '^[[:space:]]*tcpserver -' "$EX"; } | sed 's/ rblsmtpd .*//')   # tcpserver's own options
[ -n "$lines" ] || bail "no tcpserver command line found"
bad=$(printf '%s\n' "$lines" | grep -v -E -e ' -[A-Za-z]*H' | sed 's/^/no -H: /'
      printf '%s\n' "$lines" | grep -v -E -e ' -[A-Za-z]*R' | sed 's/^/no -R: /'
      printf '%s\n' "$lines" | grep -v -E -e ' -l ' | sed 's/^/no -l: /')
check_eq "every tcpserver command line ($(printf '%s\n' "$lines" | wc -l)) has -H, -R and -l" "$bad" ""

# --- rblcheck(1)'s cron lines: no fixed file, output only on failure
# (run with a stand-in rblcheck that prints and exits with $FAKE_RC)
mkdir -p "$TESTDIR/bin"
printf '#!/bin/sh\necho "rblcheck output"\nexit "$FAKE_RC"\n' >"$TESTDIR/bin/rblcheck"
printf '#!/bin/sh\nout=$("$@" 2>&1) || { rc=$?; printf "%%s\\n" "$out"; exit $rc; }\n' >"$TESTDIR/bin/chronic"
chmod 755 "$TESTDIR/bin/rblcheck" "$TESTDIR/bin/chronic"
crons=$(grep -E '^0 \* \* \* \* ' man/rblcheck.1)
[ -n "$crons" ] || bail "no cron line in man/rblcheck.1"
check_eq "rblcheck(1) cron lines: no file written" "$(printf '%s\n' "$crons" | grep -cE '>[^&]')" 0
while IFS= read -r line; do
	cmd=${line#0 \* \* \* \* }
	quiet=$(cd "$TESTDIR" && FAKE_RC=0 PATH="$TESTDIR/bin:$PATH" sh -c "$cmd" 2>&1)
	loud=$(cd "$TESTDIR" && FAKE_RC=2 PATH="$TESTDIR/bin:$PATH" sh -c "$cmd" 2>&1)
	check_eq "cron line '${cmd%% *} …': silent when healthy, the output when not" "$quiet|$loud" "|rblcheck output"
done <<<"$crons"
