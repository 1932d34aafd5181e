#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat(1) a cut line: a last line without its newline (a file being
# written, a file or gzip stream cut short) is counted as skipped, never as
# data: cut at every byte of a blocked, a rejected and a summary line, the
# report is the one without that line, but for "lines" and "skipped".
. "$(dirname "$0")/../lib/common.sh"

cd "$TESTDIR" || bail "no TESTDIR"
. "$TESTLIB/rblstat.sh"

# Whole lines: two refusals with summaries, one refused RCPT.
cat >whole.log <<'EOF'
Dec  1 10:00:00 mx rblsmtpd: zen.spamhaus.org blocked 192.0.2.1 client.example.net listed
Dec  1 10:00:00 mx rblsmtpd: zen.spamhaus.org rejected 192.0.2.1 client.example.net listed helo.example <a@example.org> <b@example.com>
Dec  1 10:00:00 mx rblsmtpd: summary 192.0.2.1 553 zen.spamhaus.org 45 zen.spamhaus.org=listed:127.0.0.2@45,bl.spamcop.net=clear@120
Dec  1 10:00:05 mx rblsmtpd: bl.spamcop.net blocked 192.0.2.77 other.example.net listed
Dec  1 10:00:05 mx rblsmtpd: summary 192.0.2.77 451 bl.spamcop.net 60 zen.spamhaus.org=clear@30,bl.spamcop.net=listed:127.0.0.2@60
EOF

# cut_each NAME LINE: for every cut inside LINE (its first 1 .. all of its
# bytes, without the newline), a file of whole.log and the cut piece: read
# together they give the report of as many copies of whole.log, with one
# more line read and skipped per file.
cut_each() {
	local name=$1 line=$2 k n=${#2} d
	d=$(mktemp -d "$TESTDIR/cut.XXXX")
	for ((k = 1; k <= n; k++)); do
		cp whole.log "$d/whole.$k"
		{ cat whole.log; printf '%s' "${line:0:k}"; } >"$d/cut.$k"
	done
	st --csv --year 2025 "$d"/whole.*
	local want; want=$(printf '%s\n' "$OUT" | sed '/^lines,/d;/^skipped,/d')
	local lines; lines=$(counters lines | cut -d, -f2)
	st --csv --year 2025 "$d"/cut.*
	check_eq "$name: cut at each of its $n bytes, the report is the whole lines' (+1 line read, skipped, each)" \
		"$(counters lines skipped | tr '\n' ' ')$(printf '%s\n' "$OUT" | sed '/^lines,/d;/^skipped,/d')" \
		"lines,$((lines + n)) skipped,$n $want"
}
# The truncated list name, IP, host or info of a blocked line is never a
# refusal (nor a list, client or network of its own).
cut_each "blocked line" "Dec  1 10:00:09 mx rblsmtpd: dnsbl.sorbs.net blocked 192.0.2.123 cut.example.net listed-here"
# ... nor a refused RCPT, a sender or a recipient.
cut_each "rejected line" "Dec  1 10:00:09 mx rblsmtpd: zen.spamhaus.org rejected 192.0.2.1 client.example.net listed helo.example <a@example.org> <bb@example.com>"
# A cut summary is no connection, no verdict, no list result or latency
# (cut inside "@120" it would read as 12 ms, inside a list name as another list).
cut_each "summary line" "Dec  1 10:00:09 mx rblsmtpd: summary 192.0.2.9 553 zen.spamhaus.org 45 zen.spamhaus.org=listed:127.0.0.2@45,bl.spamcop.net=listed:127.0.0.2@120"

# The text report says so: "N lines skipped".
{ cat whole.log; printf 'Dec  1 10:00:09 mx rblsmtpd: zen.spamhaus.org blocked 192.0.2.9 x y'; } >cut.log
st --year 2025 cut.log
check_eq "text: the cut line among the skipped" "$(head -1 "$RUN_OUT_FILE")" \
	"rblstat: 6 lines read, 1 lines skipped, 2 refusals, 2025-12-01 to 2025-12-01"

# The same on standard input (a writer that stopped mid-line), and in a
# gzip file whose data ends without a newline (a compressed cut file).
run_cmd -c "cat $TESTDIR/cut.log" TZ=UTC LC_ALL=C -- "$RBLSTAT_BIN" --csv --year 2025
OUT=$(cat "$RUN_OUT_FILE")
check_eq "stdin: a cut last line is skipped" "$(counters lines skipped refusals | tr '\n' ' ')" \
	"lines,6 skipped,1 refusals,2 "
gzip -c cut.log >cut.log.gz
st --csv --year 2025 cut.log.gz
check_eq "gzip of a cut file: skipped, the file is not damaged" "$RUN_RC $(counters lines skipped refusals damaged | tr '\n' ' ')" \
	"0 lines,6 skipped,1 refusals,2 damaged,0 "
# A truncated gzip stream cut inside a blocked line's last field (what is
# left has all five fields): the whole lines count, the cut one is skipped.
"$PY" - <<'PY'
import gzip, random, zlib
r = random.Random(7)    # random last fields: literals, so the data can end inside one
lines = "".join("Dec  1 10:00:%02d mx rblsmtpd: zen.spamhaus.org blocked 192.0.2.%d client-%d.example.net listed-%08x\n"
                % (i % 60, i % 250 + 1, i, r.getrandbits(32)) for i in range(4000)).encode()
g = gzip.compress(lines, mtime=0)
# the first prefix past the middle whose data ends inside a line's last
# field, "listed-..." (one byte at a time through one decompressor)
z, tail, nl = zlib.decompressobj(31), b"", 0
for n in range(1, len(g)):
    out = z.decompress(g[n - 1:n])
    nl += out.count(b"\n")
    tail = (tail + out)[(tail + out).rfind(b"\n") + 1:]
    if n > len(g) // 2 and b".example.net listed-" in tail:
        break
open("trunc.gz", "wb").write(g[:n])
open("trunc.want", "w").write("%d\n" % nl)
PY
read -r whole <trunc.want
st --csv --year 2025 trunc.gz
check_eq "truncated gzip, cut inside a blocked line: the cut line skipped" \
	"$(counters lines skipped refusals | tr '\n' ' ')" "lines,$((whole + 1)) skipped,1 refusals,$whole "
# Files are not joined: a line cut at the end of one file and its rest at
# the start of the next are two bad lines, not one refusal.
printf 'Dec  1 10:00:09 mx rblsmtpd: zen.spamhaus.org blo' >a.log
printf 'cked 192.0.2.1 - -\n' >b.log
st --csv --year 2025 a.log b.log
check_eq "a line cut across two files: two skipped lines, no refusal" \
	"$(counters lines skipped refusals | tr '\n' ' ')" "lines,2 skipped,2 refusals,0 "
# A file of one unterminated line.
printf 'Dec  1 10:00:09 mx rblsmtpd: zen.spamhaus.org blocked 192.0.2.1 - -' >one.log
st --csv --year 2025 one.log
check_eq "one line, no newline: read, skipped" "$(counters lines skipped refusals | tr '\n' ' ')" \
	"lines,1 skipped,1 refusals,0 "
