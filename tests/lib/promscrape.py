#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""promscrape.py -- read Prometheus text expositions (mtail, rblstat) for the
tests: tests/deploy/t_mtail.sh, tests/blackbox/t_mtail_agree.sh.

  promscrape.py watch URL FILE STOPFILE   scrape URL every 0.2 s, one JSON
                                          line per scrape in FILE, until
                                          STOPFILE exists
  promscrape.py monotonic FILE PREFIX     every series named PREFIX... of
                                          every scrape is still there, not
                                          lower, in the next: exit 1 and
                                          say where not
  promscrape.py show URL                  print the exposition at URL
  promscrape.py sums SRC METRIC[,L=V...]... the sums of several, on one line
  promscrape.py sum SRC METRIC [L=V...]   the sum of METRIC's series whose
                                          labels match, from SRC (a URL or
                                          an exposition file); 0 when none
  promscrape.py agree RBLSTAT MTAIL       rblstat --prometheus's numbers are
                                          mtail's: each gauge NAME is mtail's
                                          NAME_total, a histogram has the same
                                          name; a series missing on one side
                                          counts as 0 (mtail writes a
                                          histogram from its first value);
                                          the line counts are left out
  promscrape.py same A B                  the rblsmtpd_ series of A and B are
                                          the same, values included
A histogram's series are METRIC_bucket, METRIC_sum and METRIC_count; mtail's
label prog is left out everywhere."""
import json, os, re, sys, time, urllib.request

LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """{(name, ((label, value), ...)): float} of an exposition."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
        if not m:
            raise ValueError('bad line: %r' % line)
        labels = tuple(sorted(LABEL.findall(m.group(3) or '')))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def no_prog(series):
    return {(n, tuple(kv for kv in l if kv[0] != 'prog')): v for (n, l), v in series.items()}


def close(a, b):
    # rblstat prints sums of seconds with 3 decimals; mtail adds floats
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def fetch(src):
    if src.startswith('http://'):
        with urllib.request.urlopen(src, timeout=5) as r:
            return r.read().decode()
    with open(src) as f:
        return f.read()


def key(name, labels):
    return name + '{' + ','.join('%s="%s"' % kv for kv in labels) + '}'


cmd = sys.argv[1]
if cmd == 'watch':
    url, path, stop = sys.argv[2:5]
    with open(path, 'a') as out:
        while not os.path.exists(stop):
            try:
                s = parse(fetch(url))
                out.write(json.dumps({'t': time.time(),
                                      's': {key(*k): v for k, v in s.items()}}) + '\n')
                out.flush()
            except OSError:
                pass            # mtail not (yet) listening: no sample
            time.sleep(0.2)
elif cmd == 'monotonic':
    prev, n, bad, prefix = None, 0, 0, sys.argv[3]
    for line in open(sys.argv[2]):
        cur = json.loads(line)['s']
        n += 1
        for k, v in (prev or {}).items():
            if not k.startswith(prefix):
                continue
            if k not in cur:
                print('scrape %d: %s disappeared (was %g)' % (n, k, v)); bad += 1
            elif cur[k] < v:
                print('scrape %d: %s went down, %g -> %g' % (n, k, v, cur[k])); bad += 1
        prev = cur
    print('%d scrapes, %d %s series in the last' %
          (n, sum(k.startswith(prefix) for k in (prev or {})), prefix))
    sys.exit(1 if bad or n < 2 else 0)
elif cmd == 'show':
    sys.stdout.write(fetch(sys.argv[2]))
elif cmd in ('sum', 'sums'):
    series = parse(fetch(sys.argv[2]))
    specs = [sys.argv[3:]] if cmd == 'sum' else [a.split(',') for a in sys.argv[3:]]
    out = []
    for spec in specs:
        want = [tuple(a.split('=', 1)) for a in spec[1:]]
        total = 0.0
        for (name, labels), v in series.items():
            d = dict(labels)
            if name == spec[0] and all(d.get(k) == val for k, val in want):
                total += v
        out.append('%g' % total)
    print(' '.join(out))
elif cmd == 'agree':
    st, mt = no_prog(parse(fetch(sys.argv[2]))), no_prog(parse(fetch(sys.argv[3])))
    hist = ('_bucket', '_sum', '_count')
    def mtail_name(n):
        return n if n.endswith(hist) else n + '_total'
    families = {mtail_name(n) for n, _ in st if n not in ('rblsmtpd_log_lines',
                                                          'rblsmtpd_log_lines_skipped')}
    want = {(mtail_name(n), l): v for (n, l), v in st.items() if mtail_name(n) in families}
    got = {k: v for k, v in mt.items() if k[0] in families}
    bad = 0
    for k in sorted(set(want) | set(got)):
        if not close(want.get(k, 0.0), got.get(k, 0.0)):
            print('%s: rblstat %g, mtail %g' % (key(*k), want.get(k, 0.0), got.get(k, 0.0)))
            bad += 1
    print('%d series of %d families compared, %d differ' % (len(set(want) | set(got)),
                                                            len(families), bad))
    sys.exit(1 if bad or not want else 0)
elif cmd == 'same':
    a, b = no_prog(parse(fetch(sys.argv[2]))), no_prog(parse(fetch(sys.argv[3])))
    a = {k: v for k, v in a.items() if k[0].startswith('rblsmtpd_')}
    b = {k: v for k, v in b.items() if k[0].startswith('rblsmtpd_')}
    bad = [k for k in sorted(set(a) | set(b)) if k not in a or k not in b or not close(a[k], b[k])]
    for k in bad:
        print('%s: %s, %s' % (key(*k), a.get(k, 'none'), b.get(k, 'none')))
    print('%d series, %d differ' % (len(set(a) | set(b)), len(bad)))
    sys.exit(1 if bad or not a else 0)
else:
    sys.exit('usage: promscrape.py watch|monotonic|show|sum|sums|agree|same ...')
