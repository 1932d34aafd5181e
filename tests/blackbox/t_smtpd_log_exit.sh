#!/bin/bash
# SPDX-License-Identifier: ISC
# A refusal's last lines (rejected-more, the -vv summary) on every way the
# dialogue ends (rblsmtpd(8) DIALOGUE, LOG FORMAT): QUIT, end of input, a
# client gone (write error), the -t timeout with a quiet client, the -t
# alarm while a reply is blocked on a client that never reads (0.88's alarm
# killed the process there, and the summary was lost: the hostile clients
# vanished from the statistics), and SIGTERM. The lists still pending at the
# verdict get their state at that moment: an answer already in is read, a
# list still silent is "skipped" with the time it was waited for.
. "$(dirname "$0")/../lib/common.sh"

[ -x "$RBLSMTPD_BIN" ] || bail "no $RBLSMTPD_BIN (make)"
start_dns
start_syslog "$TESTDIR/maillog" || bail "no private rsyslogd"
. "$TESTLIB/logmark.sh"
R=$RBLSMTPD_BIN
DNS=127.0.53.5
cat >"$TESTDIR/late.rules" <<EOF
.                 nxdomain
*.slow.test       delay=1000 a=127.0.0.3 txt="slow list"
*.fast.test       a=127.0.0.2 txt="fast list"
*.never.test      drop
EOF
start_faultdns late "$TESTDIR/late.rules" $DNS
LISTS=(-r never.test -r slow.test -r fast.test)
ENVS=(TCPREMOTEIP=127.0.0.2 DNSCACHEIP=$DNS)
d=$TESTDIR/exit; mkdir -p "$d"

# summary_of: the summary line among the new log lines
summary_of() { log_new | grep '^rblsmtpd: summary '; }
# ms_of LIST SUMMARY: the @ms of that list's entry
ms_of() { printf '%s\n' "$2" | grep -o "$1=[^,]*" | sed 's/.*@//'; }

# ---------------------------------------------------------------- QUIT, EOF
log_mark
run_cmd -t 20 -i 'RCPT TO:<a@b>\r\nQUIT\r\n' "${ENVS[@]}" -- "$R" -vv -T 5 "${LISTS[@]}" true
check_match "QUIT: summary, lists not answered yet skipped" "$(summary_of)" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test [0-9]+ never\.test=skipped@[0-9]+,slow\.test=skipped@[0-9]+,fast\.test=listed:127\.0\.0\.2@[0-9]+$'
log_mark
run_cmd -t 20 "${ENVS[@]}" -- "$R" -vv -T 5 "${LISTS[@]}" true
check_match "end of input: summary" "$(summary_of)" '^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test '

# ---------------------------------------------------------------- write error
# the client is gone: its end of the pipe closed, the first reply fails
log_mark
( sleep 3 | env -i PATH="$PATH" "${ENVS[@]}" "$R" -vv -T 5 "${LISTS[@]}" true | true ) 2>/dev/null
check_match "write error: summary" "$(summary_of)" '^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test '

# ---------------------------------------------------------------- -t, quiet client
log_mark
run_cmd -t 20 -c 'printf "HELO x\r\n"; sleep 5' "${ENVS[@]}" -- "$R" -vv -t 2 -T 5 "${LISTS[@]}" true
sum=$(summary_of)
check_match "-t, quiet client: summary, the slow list's answer read during the dialogue" "$sum" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test [0-9]+ never\.test=skipped@[0-9]+,slow\.test=listed:127\.0\.0\.3@[0-9]+,fast\.test=listed:127\.0\.0\.2@[0-9]+$'
ms=$(ms_of never.test "$sum")
[ -n "$ms" ] && [ "$ms" -ge 1800 ] && [ "$ms" -le 3500 ] &&
	ok "-t 2, quiet client: the silent list skipped after being waited for the dialogue ($ms ms)" ||
	not_ok "-t 2, quiet client: the silent list skipped after the dialogue" "$sum"

# ---------------------------------------------------------------- -t, never-reading client
# Many commands, so the replies fill the pipe; the reader never reads; the
# alarm ends the blocked write at -t + 1 s.
mkfifo "$d/out"
yes 'RCPT TO:<a@example.org>' | head -n 20000 >"$d/in"
( exec 3<"$d/out"; sleep 20 ) & reader=$!
log_mark
start=$(date +%s%N)
timeout 15 env -i PATH="$PATH" "${ENVS[@]}" "$R" -vv -t 2 -T 10 "${LISTS[@]}" true \
	<"$d/in" >"$d/out" 2>/dev/null
rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
kill $reader 2>/dev/null; wait $reader 2>/dev/null
check_rc "never-reading client: exit 0 after the alarm" "$rc" 0
[ "$took" -ge 2500 ] && [ "$took" -le 8000 ] && ok "never-reading client: ended by -t 2 ($took ms)" ||
	not_ok "never-reading client: ended by -t 2" "took $took ms"
got=$(log_new)
sum=$(printf '%s\n' "$got" | grep '^rblsmtpd: summary ')
check_match "never-reading client: its summary is written" "$sum" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test [0-9]+ never\.test=skipped@[0-9]+,slow\.test=listed:127\.0\.0\.3@[0-9]+,fast\.test=listed:127\.0\.0\.2@[0-9]+$'
ms=$(ms_of never.test "$sum")
[ -n "$ms" ] && [ "$ms" -ge 2500 ] && [ "$ms" -le 6000 ] &&
	ok "never-reading client: the silent list skipped at the moment the dialogue ended ($ms ms)" ||
	not_ok "never-reading client: the silent list's time is the dialogue's end" "$sum"
# (its answer came at 1 s, while the write was blocked: it is read, and
# timed, when the dialogue ends)
ms=$(ms_of slow.test "$sum")
[ -n "$ms" ] && [ "$ms" -ge 900 ] && [ "$ms" -le 6000 ] &&
	ok "never-reading client: the slow list's answer, in while the write was blocked, read at the end ($ms ms)" ||
	not_ok "never-reading client: the slow list's answer read at the end" "$sum"
check_eq "never-reading client: blocked first, summary last" \
	"$(printf '%s\n' "$got" | sed -n '1s/^rblsmtpd: [^ ]* \([^ ]*\) .*/\1/p;$s/^rblsmtpd: \([^ ]*\) .*/\1/p' | tr '\n' ' ')" \
	"blocked summary "
more=$(printf '%s\n' "$got" | grep -c ' rejected-more ')
check_eq "never-reading client: one rejected-more line (RCPTs past -L)" "$more" 1

# ---------------------------------------------------------------- SIGTERM
log_mark
env -i PATH="$PATH" "${ENVS[@]}" "$R" -vv -T 10 "${LISTS[@]}" true \
	< <(printf 'HELO x\r\nRCPT TO:<a@b>\r\n'; sleep 10) >"$d/term.out" 2>/dev/null & pid=$!
sleep 1.5
kill -TERM $pid
wait $pid; rc=$?
check_rc "SIGTERM: exit 0 after logging" "$rc" 0
sum=$(summary_of)
check_match "SIGTERM: summary, with the slow list's answer" "$sum" \
	'^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test [0-9]+ never\.test=skipped@[0-9]+,slow\.test=listed:127\.0\.0\.3@[0-9]+,fast\.test=listed:127\.0\.0\.2@[0-9]+$'
check_eq "SIGTERM: the dialogue ended without a word more" "$(tr -d '\r' <"$d/term.out")" \
"220 rblsmtpd.local
250 rblsmtpd.local
451 fast list"

# a blocked write ended by SIGTERM: the summary too
( exec 3<"$d/out"; sleep 20 ) & reader=$!
log_mark
env -i PATH="$PATH" "${ENVS[@]}" "$R" -vv -t 30 -T 10 "${LISTS[@]}" true <"$d/in" >"$d/out" 2>/dev/null & pid=$!
sleep 2
kill -TERM $pid
wait $pid; rc=$?
kill $reader 2>/dev/null; wait $reader 2>/dev/null
check_rc "SIGTERM during a blocked write: exit 0" "$rc" 0
check_match "SIGTERM during a blocked write: summary" "$(summary_of)" '^rblsmtpd: summary 127\.0\.0\.2 451 fast\.test '
