#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat --prometheus: label values escaped as the text exposition format
# wants (rblstat(1) PROMETHEUS OUTPUT): a backslash as \\, a double quote as
# \", a newline as \n, every other byte as it is.
#
# rblsmtpd writes no backslash or quote in a field it logs... but it may: a
# list's zone or name@ is any of bytes 33..126, and rblstat reads any log:
# here crafted log lines whose host and list carry backslashes and quotes
# (a backslash before an n too, which must not turn into a newline).
# A newline cannot reach a label from a log (a line ends there; rblstat
# makes host names printable and skips a list name with bytes rblsmtpd
# never writes): the newline escape is unit-tested on the escaper itself
# (tests/unit/test_stat_report.c, test_prom).
#
# Checked on the label part of the series only ({host="…",list="…"), so that
# metric names and types may change: promtool check metrics accepts the
# output; the escaped bytes are exactly these; read back by the format's
# rules, each value is the host or list of the log.
. "$(dirname "$0")/../lib/common.sh"

command -v promtool >/dev/null || bail "no promtool (Debian package prometheus, tests/lib/DEPS)"
cd "$TESTDIR" || bail "no TESTDIR"

# host / list pairs: raw bytes as in the log
#   mx\1     bl\x        backslashes
#   mx"2     q"l         quotes
#   a\"b     \n"\\       all together; "\n" is a backslash and an n
S=rblsmtpd
while read -r host list; do
	printf '%s\n' \
		"2026-11-29T10:00:00Z $host $S: $list blocked 192.0.2.1 - -" \
		"2026-11-29T10:00:01Z $host $S: $list rejected 192.0.2.1 - - h <a@b.example> <c@d.example>" \
		"2026-11-29T10:00:02Z $host $S: summary 192.0.2.1 451 $list 7 $list=listed:127.0.0.2@6"
done >mail.log <<'EOF'
mx\1 bl\x
mx"2 q"l
a\"b \n"\\
EOF
run_cmd -e -- "$RBLSTAT_BIN" mail.log
check_eq "rblstat reads every line (none skipped)" "$RUN_RC|$(sed -n 1p "$RUN_OUT_FILE" | cut -d, -f1-3)" \
	"0|rblstat: 9 lines read, 0 lines skipped, 3 refusals"
run_cmd -e -- "$RBLSTAT_BIN" --prometheus mail.log
check_eq "--prometheus: exit 0" "$RUN_RC" 0
cp "$RUN_OUT_FILE" metrics.prom

run_cmd -e -f metrics.prom -- promtool check metrics
check_eq "promtool check metrics accepts the output" "$RUN_RC $RUN_OUT$RUN_ERR" "0 "

# the {host="…",list="…" part of every series line, once each
# the series with a list label (per-host ones, such as connections by
# verdict, have a host label alone)
series() { grep '^[a-zA-Z_:][a-zA-Z0-9_:]*{' metrics.prom | grep ',list="'; }
label_part() { sed -n 's/^[a-zA-Z_:][a-zA-Z0-9_:]*{\(host="\([^"\\]\|\\.\)*",list="\([^"\\]\|\\.\)*"\).*/\1/p'; }
check_eq "every series starts with a well-formed host and list label" \
	"$(series | wc -l)" "$(series | label_part | wc -l)"
check_eq "label bytes: \\ as \\\\, \" as \\\" (exactly)" "$(series | label_part | LC_ALL=C sort -u)" \
'host="a\\\"b",list="\\n\"\\\\"
host="mx\"2",list="q\"l"
host="mx\\1",list="bl\\x"'

# read back by the format's rules: \\ -> \, \" -> ", \n -> newline; any
# other escape is an error
"$PY" - metrics.prom >decoded <<'PY' || not_ok "decoding the labels" "$(cat decoded)"
import re, sys
pairs = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r'^[a-zA-Z_:][a-zA-Z0-9_:]*\{(.*)\} \S+$', line.rstrip("\n"))
    if not m:
        continue
    body, labels, i = m.group(1), {}, 0
    while i < len(body):
        k = re.match(r'([a-zA-Z_][a-zA-Z0-9_]*)="', body[i:])
        name, i, val = k.group(1), i + k.end(), ""
        while body[i] != '"':
            if body[i] == "\\":
                val += {"\\": "\\", '"': '"', "n": "\n"}[body[i + 1]]
                i += 2
            else:
                val += body[i]
                i += 1
        labels[name] = val
        i += 1
        if i < len(body):
            assert body[i] == ","
            i += 1
    if "list" in labels:
        pairs.add((labels["host"], labels["list"]))
for h, l in sorted(pairs):
    print(h, l)
PY
check_eq "read back: each host and list as in the log" "$(cat decoded)" \
'a\"b \n"\\
mx"2 q"l
mx\1 bl\x'
