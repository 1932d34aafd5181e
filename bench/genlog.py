#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""genlog.py OUT [MB] - a syslog-format mail log of about MB megabytes
(default 1024) for benchmark B8, and OUT.expected: "YYYY-MM list count"
for every month and list, the refusals ("<list> blocked ...") written.

Shape: a year (2025) of a busy MX's /var/log/mail.log, in time order,
rblsmtpd run with -vv in front of postfix (see block()): about 60 % of the
lines are rblsmtpd's, the rest the MTA's.  Each month is one random 2 MB block of lines written again and
again, so a gigabyte takes seconds to write."""
import random, sys

out, mb = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1024
rng = random.Random(6)
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
LISTS = ["zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org",
         "dnsbl.sorbs.net", "psbl.surriel.com"]
WEIGHT = [50, 20, 15, 10, 5]


def ip():
    return "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255),
                            rng.randint(0, 255), rng.randint(1, 254))


def block(m):
    """One month's block: 5000 connections.  -vv gives every connection a
    summary line; 60 % are refused (a "blocked" line, then a "rejected" line
    for each RCPT they try); the rest reach the MTA (postfix: four lines)."""
    lines, counts = [], {}
    day = 1
    for i in range(5000):
        if i % 180 == 179 and day < 28:
            day += 1
        t = "%s %2d %02d:%02d:%02d mx1" % (MON[m], day, rng.randint(0, 23),
                                           rng.randint(0, 59), rng.randint(0, 59))
        a, lst = ip(), rng.choices(LISTS, WEIGHT)[0]
        pid = rng.randint(1000, 99999)
        if rng.random() < 0.6:
            lines.append("%s rblsmtpd: %s blocked %s mail%d.example.net -" % (t, lst, a, pid))
            counts[lst] = counts.get(lst, 0) + 1
            for _ in range(rng.choice((0, 1, 1, 2))):
                lines.append("%s rblsmtpd: %s rejected %s mail%d.example.net - helo.example "
                             "<spam%d@example.com> <user@example.org>" % (t, lst, a, pid, pid))
            lines.append("%s rblsmtpd: summary %s 451 %s %d %s=listed:127.0.0.2@%d"
                         % (t, a, lst, rng.randint(5, 90), lst, rng.randint(5, 90)))
        else:
            if rng.random() < 0.03:
                lines.append("%s rblsmtpd: %s timeout %s -" % (t, lst, a))
            lines.append("%s rblsmtpd: summary %s accept - %d %s=clear@12,%s=clear@15"
                         % (t, a, rng.randint(5, 90), LISTS[0], LISTS[1]))
            lines.append("%s postfix/smtpd[%d]: connect from unknown[%s]" % (t, pid, a))
            lines.append("%s postfix/cleanup[%d]: %09X: message-id=<%d@example.com>"
                         % (t, pid + 1, pid * 7, pid))
            lines.append("%s postfix/qmgr[812]: %09X: from=<user%d@example.com>, size=%d, nrcpt=1 (queue active)"
                         % (t, pid * 7, rng.randint(0, 99999), rng.randint(900, 90000)))
            lines.append("%s postfix/smtpd[%d]: disconnect from unknown[%s] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"
                         % (t, pid, a))
    return ("\n".join(lines) + "\n").encode(), counts


total = mb * 1024 * 1024
with open(out, "wb") as f, open(out + ".expected", "w") as e:
    for m in range(12):
        data, counts = block(m)
        reps = max(1, round(total / 12 / len(data)))
        for _ in range(reps):
            f.write(data)
        for lst in sorted(counts):
            e.write("2025-%02d %s %d\n" % (m + 1, lst, counts[lst] * reps))
