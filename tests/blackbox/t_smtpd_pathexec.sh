#!/bin/bash
# SPDX-License-Identifier: ISC
# Pins djb's PATH search for the server program (pathexec_run in ucspi-tcp
# 0.88), rule by rule, against Debian's rblsmtpd (REF_RBLSMTPD, and
# REF_RBLSMTPD6 when unpacked) on the same PATH and working directory:
#   - a name with a slash is executed as it is, never searched;
#   - $PATH unset: /bin:/usr/bin;
#   - an empty element (leading, trailing, doubled, or PATH empty) is ".";
#   - ENOENT: try the next element;
#   - EACCES (a non-executable file, a directory of that name): remembered,
#     try the next element; when nothing runs, the remembered error is
#     reported ("access denied"), not "file does not exist";
#   - any other error (ENOEXEC: a file that is no program) stops the search
#     and is reported at once, even if a later element has the program;
#   - error words are djb's: "file does not exist", "access denied",
#     "exec format error"; the line "rblsmtpd: fatal: unable to run PROG:
#     WORDS", exit 111.
# $RBLSMTPD is set empty, so no lookup is made and the exec comes at once.
# Then the same faults after a lookup (not listed: the exec comes after the
# lists), djb's message byte for byte, with and without $PATH.
# Not tested: EPERM and EISDIR from execve (same list as EACCES in djb's
# code) cannot be produced by an unprivileged file layout on Linux: a
# directory gives EACCES, and EPERM needs a security module or capabilities.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
[ -x "$REF_RBLSMTPD" ] || bail "no $REF_RBLSMTPD (apt-get install ucspi-tcp)"
REFS=("$REF_RBLSMTPD")
[ -x "$REF_RBLSMTPD6" ] && REFS+=("$REF_RBLSMTPD6")

W=$TESTDIR/w            # the working directory of every run ("." in PATH)
mkdir -p "$W" "$TESTDIR/good" "$TESTDIR/good2" "$TESTDIR/noexec" "$TESTDIR/isdir/smtpd-x" \
	"$TESTDIR/badelf" "$TESTDIR/empty"
prog() { printf '#!/bin/sh\necho "ran %s $*"\n' "$2" >"$1/smtpd-x"; chmod 755 "$1/smtpd-x"; }
prog "$TESTDIR/good" good
prog "$TESTDIR/good2" good2
prog "$W" dot
printf '#!/bin/sh\necho "ran noexec"\n' >"$TESTDIR/noexec/smtpd-x"; chmod 644 "$TESTDIR/noexec/smtpd-x"
printf '\177ELF not really' >"$TESTDIR/badelf/smtpd-x"; chmod 755 "$TESTDIR/badelf/smtpd-x"
: >"$TESTDIR/afile"

# pcase NAME PATH-SETTING WANT [PROG]: ours must give WANT (stdout|stderr|rc),
# and so must every reference binary.  PATH-SETTING "unset" runs without PATH.
pcase() {
	local name=$1 p=$2 want=$3 pg=${4:-smtpd-x} b got r envp=(PATH="$2")
	[ "$p" = unset ] && envp=()
	for b in "$RBLSMTPD_BIN" "${REFS[@]}"; do
		got=$(cd "$W" && { timeout -k 2 10 env -i "${envp[@]}" RBLSMTPD= TCPREMOTEIP=127.0.0.2 \
			"$b" "$pg" arg 2>"$TESTDIR/err"; echo "rc=$?"; })
		got="$(printf '%s' "$got" | tr '\n' ' ')|$(cat "$TESTDIR/err")"
		r=ours; [ "$b" = "$REF_RBLSMTPD" ] && r=ref; [ "$b" = "$REF_RBLSMTPD6" ] && r=ref6
		check_eq "PATH search: $name [$r]" "$got" "$want"
	done
}
T=$TESTDIR
fatal() { printf 'rc=111|rblsmtpd: fatal: unable to run %s: %s' "${2:-smtpd-x}" "$1"; }

pcase "found in the second element"            "$T/empty:$T/good"         "ran good arg rc=0|"
pcase "first match wins"                       "$T/good2:$T/good"         "ran good2 arg rc=0|"
pcase "not found anywhere"                     "$T/empty:/nonexistent"    "$(fatal 'file does not exist')"
pcase "leading empty element is ."             ":$T/good"                 "ran dot arg rc=0|"
pcase "trailing empty element is ."            "$T/empty:"                "ran dot arg rc=0|"
pcase "empty element in the middle is ."       "$T/empty::$T/good"        "ran dot arg rc=0|"
pcase "PATH empty: only ."                     ""                         "ran dot arg rc=0|"
pcase "non-executable file skipped"            "$T/noexec:$T/good"        "ran good arg rc=0|"
pcase "directory of that name skipped"         "$T/isdir:$T/good"         "ran good arg rc=0|"
pcase "EACCES remembered over a later ENOENT"  "$T/noexec:$T/empty"       "$(fatal 'access denied')"
pcase "EACCES remembered over a nonexistent dir" "$T/isdir:/nonexistent"  "$(fatal 'access denied')"
pcase "exec format error stops the search"     "$T/badelf:$T/good"        "$(fatal 'exec format error')"
pcase "PATH unset: /bin:/usr/bin"              unset                      "rc=0|" true
pcase "PATH unset: not in /bin:/usr/bin"       unset                      "$(fatal 'file does not exist')"
pcase "a slash: no search (./)"                "$T/good"                  "ran dot arg rc=0|" ./smtpd-x
pcase "a slash: relative path, no search"      "$T/good"                  "$(fatal 'file does not exist' nosuch/smtpd-x)" nosuch/smtpd-x

# One rule where this rblsmtpd differs from 0.88 (not in COMPATIBILITY yet):
# a PATH element that is a regular file gives ENOTDIR; 0.88 stops there with
# "not a directory", this rblsmtpd goes on to the next element.  Pinned as
# it is, so that a change either way is seen.
got=$(cd "$W" && { timeout -k 2 10 env -i PATH="$T/afile:$T/good" RBLSMTPD= \
	"$RBLSMTPD_BIN" smtpd-x arg 2>"$TESTDIR/err"; echo "rc=$?"; })
check_eq "PATH search: a file as PATH element (ENOTDIR) is skipped [ours]" \
	"$(printf '%s' "$got" | tr '\n' ' ')|$(cat "$TESTDIR/err")" "ran good arg rc=0|"
got=$(cd "$W" && { timeout -k 2 10 env -i PATH="$T/afile:$T/good" RBLSMTPD= \
	"$REF_RBLSMTPD" smtpd-x arg 2>"$TESTDIR/err"; echo "rc=$?"; })
check_eq "PATH search: a file as PATH element (ENOTDIR) stops 0.88 [ref]" \
	"$(printf '%s' "$got" | tr '\n' ' ')|$(cat "$TESTDIR/err")" "$(fatal 'not a directory')"

# --- the server program after a lookup: exact bytes --------------------------
start_dns
DNS=DNSCACHEIP=$FAULTDNS_IP
S=$TESTDIR/server; mkdir -p "$S"
printf '#!/bin/sh\necho hi\n' >"$S/noexec"; chmod 644 "$S/noexec"
mkdir "$S/adir"
printf '\177ELF garbage' >"$S/badelf"; chmod 755 "$S/badelf"
server_fault() {
	local name=$1 prog=$2 reason=$3
	run_cmd TCPREMOTEIP=127.0.0.1 $DNS -- "$RBLSMTPD_BIN" -r listed.test "$prog" arg
	check_eq "server $name: exit 111, djb's message" "$RUN_RC|$RUN_OUT|$RUN_ERR" \
		"111||rblsmtpd: fatal: unable to run $prog: $reason"
}
server_fault "missing (absolute path)" "$S/nosuch" "file does not exist"
server_fault "missing (searched in \$PATH)" "no-such-smtpd-program" "file does not exist"
server_fault "not executable" "$S/noexec" "access denied"
server_fault "a directory" "$S/adir" "access denied"
server_fault "not a program (bad ELF)" "$S/badelf" "exec format error"
run_cmd TCPREMOTEIP=127.0.0.1 RBLSMTPD= -- "$RBLSMTPD_BIN" "$S/nosuch"
check_eq "server missing, \$RBLSMTPD empty (no lookup): exit 111" "$RUN_RC|$RUN_ERR" \
	"111|rblsmtpd: fatal: unable to run $S/nosuch: file does not exist"
run_cmd TCPREMOTEIP=127.0.0.1 PATH=/nonexistent -- "$RBLSMTPD_BIN" -r "$S/noexec/x" echo
check_eq "server not in \$PATH, list file unreadable: exit 111" "$RUN_RC|$RUN_ERR" \
	"111|rblsmtpd: fatal: unable to run echo: file does not exist"
