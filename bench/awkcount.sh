#!/bin/sh
# SPDX-License-Identifier: ISC
# awkcount.sh LOG: the grep+awk side of B8 -- refusals per month and list,
# as "YYYY-MM list count" (the year given by $YEAR, default 2025).
LC_ALL=C grep -F 'rblsmtpd: ' "$1" |
mawk -v y="${YEAR:-2025}" '$7 == "blocked" { c[$1 " " $6]++ }
END {
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " ")
	for (i = 1; i <= 12; i++) n[m[i]] = sprintf("%02d", i)
	for (k in c) { split(k, p, " "); print y "-" n[p[1]], p[2], c[k] }
}'
