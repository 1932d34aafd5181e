#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Generate rblsmtpd logs with known numbers for tests/blackbox/t_rblstat_counts.sh.

Usage: gen.py OUTDIR   (writes the logs and OUTDIR/expected.json)

Every line is generated together with its effect on the report, so the
expected numbers come from the generator's own bookkeeping, never from
rblstat. Dates: classic syslog files all start in 2025 (run rblstat with
--year 2025); one of them crosses into 2026 (year rollover) and is merged
from two hosts. Multilog stamps are UTC (run with TZ=UTC)."""
import datetime as dt
import gzip as _unused  # noqa: F401  (the .gz files are made by gzip(1))
import json
import os
import random
import subprocess
import sys
import zlib

out = sys.argv[1]
rng = random.Random(20261127)
LISTS = ["zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "<evil>&\"list\",x"]
# the 4th name is hostile on purpose: it must come out escaped in every format
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

exp = {
    "lines": 0, "skipped": 0, "other": 0, "refusals": 0, "rejected": 0,
    "warnings": 0, "summaries": 0, "djb": 0, "djb_duplicates": 0,
    "months": {}, "lists": {}, "overlap": {}, "clients": {}, "hosts": {},
    "senders": {}, "recipients": {}, "verdicts": {"accept": 0, "451": 0, "553": 0},
}


def L(name):
    return exp["lists"].setdefault(name, {
        "refusals": 0, "rcpts": 0, "listed": 0, "unique": 0, "timeout": 0,
        "servfail": 0, "refused": 0, "badanswer": 0, "error": 0})


def refusal(when, lst, ip, host):
    m = when.strftime("%Y-%m")
    exp["months"].setdefault(m, {}).setdefault(lst, 0)
    exp["months"][m][lst] += 1
    exp["refusals"] += 1
    L(lst)["refusals"] += 1
    exp["clients"][ip] = exp["clients"].get(ip, 0) + 1
    exp["hosts"][host] = exp["hosts"].get(host, 0) + 1


def rand_ip():
    # a few heavy hitters so the top table has a known order
    r = rng.random()
    if r < 0.08:
        return "203.0.113.7"
    if r < 0.12:
        return "2001:db8:77::25"
    return "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def message(when, host):
    """One rblsmtpd message and a closure applying its effect."""
    r = rng.random()
    ip = rand_ip()
    lst = rng.choice(LISTS) if rng.random() < 0.9 else LISTS[0]
    if r < 0.45:
        def eff():
            exp["blocked"] = exp.get("blocked", 0) + 1
            refusal(when, lst, ip, host)
        return "%s blocked %s %s -" % (lst, ip, rng.choice(["-", "mail.example.net"])), eff
    if r < 0.60:
        dom = rng.choice(["Spam.Example", "spam.example", "junk.test", "x.test"])
        to = rng.choice(["<Joe@Example.org>", "<ann@example.org>"])
        frm = rng.choice(["<a@%s>" % dom, "<>"])

        def eff():
            exp["rejected"] += 1
            L(lst)["rcpts"] += 1
            d = "<>" if frm == "<>" else dom.lower()
            exp["senders"][d] = exp["senders"].get(d, 0) + 1
            t = to.strip("<>").lower()
            exp["recipients"][t] = exp["recipients"].get(t, 0) + 1
        return "%s rejected %s - - helo.example %s %s" % (lst, ip, frm, to), eff
    if r < 0.70:
        ev = rng.choice(["timeout", "timeout", "servfail", "refused", "badanswer", "error"])
        detail = "127.255.255.254=open-resolver" if ev == "error" else "-"

        def eff():
            exp["warnings"] += 1
            L(lst)[ev] += 1
        return "%s %s %s %s" % (lst, ev, ip, detail), eff
    # summary: each of the first three lists listed / clear / timeout / skipped
    res, listed = [], []
    for z in LISTS[:3]:
        k = rng.random()
        ms = rng.randint(1, 300)
        if k < 0.35:
            res.append("%s=listed:127.0.0.%d@%d" % (z, rng.choice([2, 4, 10]), ms))
            listed.append(z)
        elif k < 0.8:
            res.append("%s=clear@%d" % (z, ms))
        elif k < 0.9:
            res.append("%s=timeout@5000" % z)
        else:
            res.append("%s=skipped@0" % z)
    verdict = "553" if listed else "accept"
    by = listed[0] if listed else "-"

    def eff():
        exp["summaries"] += 1
        exp["verdicts"][verdict] += 1
        for z in listed:
            L(z)["listed"] += 1
            if len(listed) == 1:
                L(z)["unique"] += 1
            for o in listed:
                if o != z:
                    key = z + "|" + o
                    exp["overlap"][key] = exp["overlap"].get(key, 0) + 1
    return "summary %s %s %s %d %s" % (ip, verdict, by, rng.randint(1, 400), ",".join(res)), eff


def other_line():
    def eff():
        exp["other"] += 1
    return rng.choice(["postfix/smtpd[%d]: connect from unknown" % rng.randint(1, 99999),
                       "CRON[1]: (root) CMD (true)", "rblsmtpd: fatal: unable to run x"]), eff


def classic(when, host, msg, tag="rblsmtpd:"):
    return "%s %2d %s %s %s %s" % (MON[when.month - 1], when.day, when.strftime("%H:%M:%S"), host, tag, msg)


def series(start, end, n):
    span = (end - start).total_seconds()
    return sorted(start + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(n))


def write(name, lines, gz=False):
    """lines: list of (text_bytes, effect). Returns the path."""
    path = os.path.join(out, name)
    with open(path, "wb") as f:
        for text, _ in lines:
            f.write(text + b"\n")
    if gz:
        subprocess.run(["gzip", "-n", "-f", path], check=True)
        path += ".gz"
    return path


def apply(lines):
    for _, eff in lines:
        exp["lines"] += 1
        eff()


def skip():
    exp["skipped"] += 1


files = []

# 1. maillog: classic, two hosts merged, Nov 2025 -> Jan 2026 (rollover).
lines = []
for when in series(dt.datetime(2025, 11, 20), dt.datetime(2026, 1, 10), 1500):
    host = rng.choice(["mx1", "mx2"])
    if rng.random() < 0.2:
        t, e = other_line()
        lines.append((classic(when, host, t, tag="").replace("  ", " ").encode(), e))
        continue
    m, e = message(when, host)
    tag = rng.choice(["rblsmtpd:", "rblsmtpd[%d]:" % rng.randint(2, 99999)])
    lines.append((classic(when, host, m, tag).encode(), e))
# a straggler from mx2 written just after mx1's first line of the new year
i = next(k for k, (t, _) in enumerate(lines) if t.startswith(b"Jan"))
strag = dt.datetime(2025, 12, 31, 23, 59, 59)
lines.insert(i + 1, (classic(strag, "mx2", "zen.spamhaus.org blocked 198.51.100.9 - -").encode(),
                     lambda: refusal(strag, "zen.spamhaus.org", "198.51.100.9", "mx2")))
apply(lines)
files.append(write("maillog", lines))

# 2. maillog.1.gz: classic, October 2025, made with gzip(1).
lines = []
for when in series(dt.datetime(2025, 10, 1), dt.datetime(2025, 10, 31, 23), 800):
    m, e = message(when, "mx1")
    lines.append((classic(when, "mx1", m).encode(), e))
apply(lines)
files.append(write("maillog.1", lines, gz=True))

# 3. rsyslog RFC 3339, RFC 5424 and journalctl short-iso, Feb-Mar 2026, host mx3.
lines = []
for when in series(dt.datetime(2026, 2, 1), dt.datetime(2026, 3, 15), 600):
    m, e = message(when, "mx3")
    form = rng.random()
    iso = when.strftime("%Y-%m-%dT%H:%M:%S")
    if form < 0.4:
        text = "%s.%06d+01:00 mx3 rblsmtpd: %s" % (iso, rng.randint(0, 999999), m)
    elif form < 0.7:
        text = "<22>1 %s.%03dZ mx3 rblsmtpd - - - %s" % (iso, rng.randint(0, 999), m)
    else:
        text = "%s+0100 mx3 rblsmtpd[%d]: %s" % (iso, rng.randint(2, 9999), m)
    lines.append((text.encode(), e))
apply(lines)
files.append(write("rsyslog.log", lines))

# 4. multilog current: TAI64N, UTC, April 2026; rblsmtpd -l stderr writes
#    "blocked" then djb's line for the same connection; some djb lines alone.
lines = []
EPOCH = dt.datetime(1970, 1, 1)


def tai(when):
    return "@%016x%08x" % ((1 << 62) + 10 + int((when - EPOCH).total_seconds()), rng.randint(0, 999999999))


for when in series(dt.datetime(2026, 4, 1), dt.datetime(2026, 4, 30), 300):
    ip = rand_ip()
    k = rng.random()
    if k < 0.5:
        lst = rng.choice(LISTS[:3])
        text = "%s rblsmtpd: %s blocked %s - -" % (tai(when), lst, ip)
        lines.append((text.encode(), lambda w=when, l_=lst, i_=ip: refusal(w, l_, i_, "-")))

        def dup():
            exp["djb"] += 1
            exp["djb_duplicates"] += 1
        lines.append((("%s rblsmtpd: %s pid %d: 553 listed, see http://x/?ip=%s" %
                       (tai(when), ip, rng.randint(2, 99999), ip)).encode(), dup))
    else:
        def alone(w=when, i_=ip):
            exp["djb"] += 1
            refusal(w, "-", i_, "-")
        lines.append((("%s rblsmtpd: %s pid %d: 451 temporary RBL lookup error" %
                       (tai(when), ip, rng.randint(2, 99999))).encode(), alone))
apply(lines)
files.append(write("current", lines))

# 5. maillog.3.gz, truncated: classic, September 2025. Only the lines that
#    survive the cut count; a cut last line is skipped.
lines = []
for when in series(dt.datetime(2025, 9, 1), dt.datetime(2025, 9, 30), 3000):
    m, e = message(when, "mx1")
    lines.append((classic(when, "mx1", m).encode(), e))
path = write("maillog.3", lines, gz=True)
data = open(path, "rb").read()
data = data[: len(data) * 2 // 3]
open(path, "wb").write(data)
plain = zlib.decompressobj(31).decompress(data)   # what survives, by zlib itself
whole = plain.count(b"\n")
apply(lines[:whole])
if not plain.endswith(b"\n"):
    exp["lines"] += 1
    skip()
files.append(path)

# 6. junk.log: garbage, binary, malformed and overlong lines among good ones.
lines = []
when = dt.datetime(2025, 8, 1, 12)
good = []
for k in range(200):
    when += dt.timedelta(minutes=7)
    c = k % 10
    if c == 0:
        junk = bytes(rng.choice([b for b in range(256) if b not in (10, 13)]) for _ in range(rng.randint(1, 120)))
        lines.append((b"\x01" + junk, skip))
    elif c == 1:
        lines.append((classic(when, "mx1", "zen.spamhaus.org blocked 1.2.3.4 -").encode(), skip))
    elif c == 2:
        lines.append((classic(when, "mx1", "summary 1.2.3.4 553 zen 12 zen=bogus@1").encode(), skip))
    elif c == 3:
        lines.append((classic(when, "mx1", "zen.spamhaus.org blocked 1.2.3.4 \x7f -").encode(), skip))
    elif c == 4 and k < 50:
        lines.append((classic(when, "mx1", "zen.spamhaus.org blocked " + "9" * 70000 + " - -").encode(), skip))
    elif c == 5:
        lines.append((b"Foo 99 99:99:99 mx1 rblsmtpd: zen blocked 1.2.3.4 - -", skip))
    else:
        m, e = message(when, "mx1")
        lines.append((classic(when, "mx1", m).encode(), e))
apply(lines)
files.append(write("junk.log", lines))

# The top tables: the two heavy hitters must lead, in this order.
top = sorted(exp["clients"].items(), key=lambda kv: (-kv[1], kv[0]))
exp["top_clients"] = top[:2]
exp["files"] = files
json.dump(exp, open(os.path.join(out, "expected.json"), "w"), indent=1, sort_keys=True)
