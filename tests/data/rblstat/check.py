#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Compare rblstat's JSON, CSV, text and HTML reports with gen.py's numbers.

Usage: check.py expected.json report.json report.csv report.txt report.html
Prints one "ok - …" / "not ok - …" line per check (TAP-like)."""
import csv
import html.parser
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

exp = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
csv_text = open(sys.argv[3], newline="").read()
txt = open(sys.argv[4]).read()
page = open(sys.argv[5]).read()
fails = 0


def check(cond, name, detail=""):
    global fails
    if cond:
        print("ok - " + name)
    else:
        fails += 1
        print("not ok - %s %s" % (name, detail))


def eq(got, want, name):
    check(got == want, name, "(got %r, want %r)" % (got, want))


# ---- JSON ---------------------------------------------------------------
for k in ["lines", "skipped", "other"]:
    eq(rep["input"][k], exp[k], "json input." + k)
for k in ["refusals", "rejected", "warnings", "summaries", "djb", "djb_duplicates"]:
    eq(rep["totals"][k], exp[k], "json totals." + k)
eq(rep["totals"]["accepted"], exp["verdicts"]["accept"], "json totals.accepted")
eq(rep["totals"]["refused_553"], exp["verdicts"]["553"], "json totals.refused_553")
eq(rep["input"]["damaged"], 1, "json input.damaged (the truncated gzip)")
months = {p["period"]: p["lists"] for p in rep["periods"]}
eq(months, exp["months"], "json refusals per month and list (year rollover, gz, tai64n, rfc3339)")
eq(sum(p["refusals"] for p in rep["periods"]), exp["refusals"], "json period totals add up")
lists = {l["list"]: l for l in rep["lists"]}
eq(sorted(lists), sorted(exp["lists"]), "json list names (hostile one included)")
for name, want in exp["lists"].items():
    got = lists.get(name, {})
    eq({k: got.get(k) for k in want}, want, "json list " + name)
    if want["listed"]:
        check(got["median_ms"] is not None and got["p95_ms"] is not None, "json latency " + name)
overlap = {}
for l in rep["lists"]:
    for other, n in l["overlap"].items():
        overlap[l["list"] + "|" + other] = n
eq(overlap, exp["overlap"], "json overlap matrix")
top = [[i["key"], i["count"]] for i in rep["top"]["clients"]["items"][:2]]
eq(top, exp["top_clients"], "json top clients")
check(not rep["top"]["hosts"]["approximate"], "json hosts table exact")
eq({i["key"]: i["count"] for i in rep["top"]["hosts"]["items"]}, exp["hosts"], "json refusals per host")
eq({i["key"]: i["count"] for i in rep["top"]["sender_domains"]["items"]}, exp["senders"], "json sender domains")
eq({i["key"]: i["count"] for i in rep["top"]["recipients"]["items"]}, exp["recipients"], "json recipients")

# ---- CSV ----------------------------------------------------------------
tables = {}
for block in csv_text.strip("\n").split("\n\n"):
    # rblstat neutralises cells a spreadsheet would evaluate with a leading
    # "'" (rblstat(1), CSV): undo it, as an importer that knows the rule does.
    rows = [[c[1:] if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@", "\t", "\r") else c
             for c in r] for r in csv.reader(io.StringIO(block))]
    tables[rows[0][0]] = rows
counters = {r[0]: int(r[1]) for r in tables["counter"][1:]}
eq(counters["refusals"], exp["refusals"], "csv refusals")
eq(counters["skipped"], exp["skipped"], "csv skipped")
eq(counters["lines"], exp["lines"], "csv lines")
cm = {}
for period, lst, n in tables["month"][1:]:
    cm.setdefault(period, {})[lst] = int(n)
eq(cm, exp["months"], "csv refusals per month and list")
head = tables["list"][0]
cl = {r[0]: dict(zip(head, r)) for r in tables["list"][1:]}
for name, want in exp["lists"].items():
    got = cl.get(name, {})
    eq({k: int(got.get(k, -1)) for k in ["refusals", "rcpts", "listed", "unique"]},
       {k: want[k] for k in ["refusals", "rcpts", "listed", "unique"]}, "csv list " + name)
eq({r[0] + "|" + r[1]: int(r[2]) for r in tables["list_a"][1:]}, exp["overlap"], "csv overlap")

# ---- text ---------------------------------------------------------------
m = re.search(r"(\d+) lines read, (\d+) lines skipped, (\d+) refusals", txt)
check(m is not None, "text summary line")
if m:
    eq([int(x) for x in m.groups()], [exp["lines"], exp["skipped"], exp["refusals"]], "text summary numbers")
sec = txt.split("Refusals per month\n", 1)[1].split("\n\n", 1)[0].splitlines()
names = [n for n in exp["lists"] if exp["lists"][n]["refusals"]]
# columns are aligned on spaces, and no list name contains a space
hdr = sec[0].split()
tm = {}
for row in sec[1:-1]:
    cells = row.split()
    tm[cells[0]] = {hdr[i]: int(cells[i]) for i in range(2, len(cells)) if int(cells[i])}
eq(tm, exp["months"], "text refusals per month and list")
eq(int(sec[-1].split()[1]), exp["refusals"], "text total row")
check(re.search(r"^\s*%d\s+203\.0\.113\.7$" % exp["top_clients"][0][1], txt, re.M) is not None,
      "text top client")

# ---- HTML ---------------------------------------------------------------
try:
    ET.fromstring(page.split("\n", 1)[1])      # the document after <!DOCTYPE html>
    check(True, "html is well-formed XML")
except ET.ParseError as e:
    check(False, "html is well-formed XML", str(e))


class Tables(html.parser.HTMLParser):
    VOID = {"meta", "br", "img", "hr", "input", "link"}
    SVG_VOID = {"line", "rect", "path", "circle"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tables, self.cur, self.cell, self.bad = [], {}, None, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if k in ("src", "href") or (v and "url(" in v):
                self.bad.append("external reference %s=%s" % (k, v))
        if tag == "script":
            self.bad.append("script")
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "table":
            self.cur = self.tables.setdefault(a.get("id"), [])
        elif tag == "tr" and self.cur is not None:
            self.cur.append([])
        elif tag in ("td", "th") and self.cur is not None:
            self.cell = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append("mismatched </%s> (open: %s)" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
        if tag in ("td", "th") and self.cur is not None:
            self.cur[-1].append(self.cell)
            self.cell = None
        elif tag == "table":
            self.cur = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


p = Tables()
p.feed(page)
p.close()
eq(p.bad, [], "html tags balanced, no scripts, no external assets")
eq(p.stack, [], "html all elements closed")
check("<svg" in page and "<rect" in page, "html has inline SVG charts")
check('<evil>&"list"' not in page and "&lt;evil&gt;&amp;&quot;list&quot;,x" in page, "html escapes list names")
per = p.tables.get("periods", [])
hm = {}
if per:
    hdr = per[0]
    for row in per[1:]:
        if row[0] == "total":
            eq(int(row[1]), exp["refusals"], "html total row")
            continue
        hm[row[0]] = {hdr[i]: int(row[i]) for i in range(2, len(row)) if int(row[i])}
eq(hm, exp["months"], "html refusals per month and list match")
hl = {r[0]: r for r in p.tables.get("lists", [])[1:]}
eq({k: int(v[1]) for k, v in hl.items()}, {k: v["refusals"] for k, v in exp["lists"].items()},
   "html per-list refusals")
sys.exit(1 if fails else 0)
