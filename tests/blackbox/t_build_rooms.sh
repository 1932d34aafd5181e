#!/bin/bash
# SPDX-License-Identifier: ISC
# The rooms of src/ (doc/design.md): which folder may include which, no
# circle among the modules, and no reference to documents outside the
# repository. Reads the sources only.
. "$(dirname "$0")/../lib/common.sh"
cd "$TOP" || bail "no $TOP"

layers=$("$PY" - <<'PYEOF'
import os, re, sys
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
mods = {}            # "core/engine" -> set of included modules
names = {}           # "engine.h" -> "core/engine"
for d in ("core", "smtpd", "check", "stat", "static", "gen"):
    for f in sorted(os.listdir("src/" + d)):
        if f.endswith((".c", ".h")):
            names.setdefault(f, []).append(d + "/" + f[:-2])
def resolve(name):
    if "/" in name:
        return name[:-2]
    cands = names.get(name, [])
    return cands[0] if len(cands) == 1 else None
dup = sorted(n for n, c in names.items() if n.endswith(".h") and len(c) > 1)
print("duplicate header names:", " ".join(dup) or "none")
for d in ("core", "smtpd", "check", "stat", "static", "gen"):
    for f in sorted(os.listdir("src/" + d)):
        if not f.endswith((".c", ".h")):
            continue
        m = d + "/" + f[:-2]
        for name in inc.findall(open("src/" + d + "/" + f, encoding="utf-8").read()):
            t = resolve(name)
            if t and t != m:
                mods.setdefault(m, set()).add(t)
# which folder may use which (core is shared; the programs' rooms are leaves)
allowed = {"core": {"core"}, "smtpd": {"smtpd", "core"}, "check": {"check", "core"},
           "stat": {"stat", "core"}, "static": {"static"}, "gen": {"gen"}}
bad = sorted("%s -> %s" % (m, t) for m, ts in mods.items() for t in ts
             if t.split("/")[0] not in allowed[m.split("/")[0]])
print("folder crossings:", "; ".join(bad) or "none")
# a circle among modules (a .c and its .h are one module)
state, path, circles = {}, [], []
def visit(m):
    state[m] = 1; path.append(m)
    for t in sorted(mods.get(m, ())):
        if state.get(t) == 1:
            circles.append(" -> ".join(path[path.index(t):] + [t]))
        elif not state.get(t):
            visit(t)
    path.pop(); state[m] = 2
for m in sorted(mods):
    if not state.get(m):
        visit(m)
print("circles:", "; ".join(circles) or "none")
PYEOF
)
check_eq "no header name used twice in src/" "$(grep '^duplicate' <<<"$layers")" \
	"duplicate header names: none"
check_eq "folders: core includes only core; smtpd, check, stat only themselves and core" \
	"$(grep '^folder' <<<"$layers")" "folder crossings: none"
check_eq "no circle of includes among the modules" "$(grep '^circles' <<<"$layers")" \
	"circles: none"
check_eq "no reference to a document outside the repository (SPEC) in src/ or tests/" \
	"$(grep -rnw 'SPEC' src tests --include='*.[ch]' --include='*.sh' --include='*.py' | grep -v t_build_rooms.sh)" ""
for f in src/*.c src/*/*.[ch]; do
	head -c 2 "$f" | grep -q '^/\*' || not_ok "opening comment: $f starts without one"
done
ok "every source file opens with a comment that says what it is for"
