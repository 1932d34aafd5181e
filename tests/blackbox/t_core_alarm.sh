#!/bin/bash
# -t bounds the whole dialogue even when the client never reads our replies
# (0.88's alarm did; a blocked write must not outlive -t).
. "$(dirname "$0")/../lib/common.sh"
d=$(mktemp -d); at_exit "rm -rf '$d'"
mkfifo "$d/out"
# Many commands, so the replies fill the pipe; the reader never reads.
yes 'RCPT TO:<a@example.org>' | head -n 20000 > "$d/in"
( exec 3<"$d/out"; sleep 20 ) & reader=$!
start=$(date +%s)
RBLSMTPD=blocked timeout 15 env TCPREMOTEIP=127.0.0.2 "$RBLSMTPD_BIN" -t 2 true \
	<"$d/in" >"$d/out" 2>/dev/null
rc=$?
took=$(( $(date +%s) - start ))
kill $reader 2>/dev/null; wait $reader 2>/dev/null
check_rc "never-reading client: dialogue ends with exit 0 (not killed by timeout)" "$rc" 0
[ "$took" -le 10 ] && ok "never-reading client: ended by -t, well before the 15 s guard" \
	|| not_ok "never-reading client: ended by -t" "took ${took}s"
