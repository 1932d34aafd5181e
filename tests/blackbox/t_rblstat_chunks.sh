#!/bin/bash
# SPDX-License-Identifier: ISC
# rblstat on logs larger than its read buffers (B8: the reader reads into
# the pipeline's six 1 MB buffers and the counting thread reads the lines
# there, uncopied). However the bytes arrive -- a file read 1 MB at a time,
# a pipe's 64 KB reads, gzip, the log cut into several files at odd places --
# and with lines near and over the 64 KB line limit crossing buffer
# boundaries, the report must be the same, and equal to the generator's counts.
. "$(dirname "$0")/../lib/common.sh"

cd "$TESTDIR" || bail "no TESTDIR"
"$PY" "$TOP/bench/genlog.py" big.log 12 || bail "genlog.py"
sort big.log.expected >want

stat_csv() { "$RBLSTAT_BIN" --year 2025 --csv "$@"; }
months() { sed -n '/^month,list,refusals/,/^$/p' | sed '1d;/^$/d' | tr , ' ' | sort; }

stat_csv big.log >file.csv || not_ok "rblstat on the file: exit $?"
check_eq "12 MB log: refusals per month and list are the generator's" "$(months <file.csv)" "$(cat want)"
check_match "12 MB log: every line counted" "$(cat file.csv)" "^lines,$(wc -l <big.log)\$"

cat big.log | stat_csv >pipe.csv
check_file_eq "the same log through a pipe (64 KB reads): the same report" pipe.csv file.csv

gzip -1 -c big.log >big.log.gz
stat_csv big.log.gz >gz.csv
check_file_eq "the same log gzipped: the same report" gz.csv file.csv

# Cut into three files at line boundaries away from any 1 MB mark. Files
# are counted one after the other (the year rule restarts per file, but the
# log's one year has no turn), so only the "files" counter differs.
total=$(wc -l <big.log)
head -n 33333 big.log >part1
sed -n "33334,$((total - 4321))p" big.log >part2
tail -n 4321 big.log >part3
stat_csv part1 part2 part3 | sed 's/^files,3$/files,1/' >parts.csv
check_file_eq "the same log in three files: the same report" parts.csv file.csv

# Long lines: every 20000th line is followed by another program's line of
# 60000 bytes (kept), with its time stamp, and one of 70000 bytes (over the limit: a skipped line), so they straddle buffer boundaries.
awk 'BEGIN { while (length(k) < 60000) k = k "k"; o = k "oooooooooo"; while (length(o) < 70000) o = o "o" }
	{ print } NR % 20000 == 0 { t = $1 " " $2 " " $3 " mx1 other: "; print t k; print t o }' \
	big.log >long.log
nlong=$(( $(wc -l <big.log) / 20000 ))
stat_csv long.log >long.csv
check_eq "long lines: refusals unchanged" "$(months <long.csv)" "$(cat want)"
check_match "long lines: every line is counted" "$(cat long.csv)" "^lines,$((total + 2 * nlong))\$"
skipped=$(sed -n 's/^skipped,//p' file.csv)
check_match "long lines: the 70000-byte lines are skipped (too long)" "$(cat long.csv)" "^skipped,$((skipped + nlong))\$"
cat long.log | stat_csv >longpipe.csv
check_file_eq "long lines through a pipe: the same report" longpipe.csv long.csv
