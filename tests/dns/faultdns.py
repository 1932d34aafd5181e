#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""faultdns.py - tiny fault-injecting authoritative DNS server for the tests.

Usage: faultdns.py [-p PORT] [-b ADDR]... [-l QUERYLOG] [-P PIDFILE] RULEFILE

  -b ADDR   listen on ADDR, UDP and TCP (repeatable; default 127.0.0.1).
            Forms: 127.0.53.2  ::1  127.0.53.2:5353  [::1]:5353
  -p PORT   default port for -b addresses without one (default 53)
  -l FILE   query log: one line per query received, appended, flushed:
              <epoch-ms> <qname> <qtype> <udp|tcp> <client> <rule>
            qname in presentation form (odd bytes as \\DDD), qtype a name
            (A, TXT, AAAA, ...) or TYPEnnn, rule = the rule's name or "-".
  -P FILE   pid file (written once all sockets are bound; removed on exit)
SIGTERM/SIGINT exit cleanly; SIGHUP reloads RULEFILE.

Rule file: one rule per line, '#' starts a comment (outside quotes).

  NAME [type=QTYPE] ITEM...

NAME  a domain name (case-insensitive, trailing dot optional); it matches
      itself and every name below it.  "*.zone" matches only names strictly
      below zone.  "." matches everything.  The longest matching NAME wins
      ("*.zone" counts one longer than "zone"); at equal length a rule with
      type= beats one without; then the first in the file.  A query that no
      rule matches gets REFUSED.
type= the rule applies only to queries of that QTYPE (A, TXT, AAAA, ANY, 16).

ITEMs (any order; records and modifiers combine):
  a=1.2.3.4        an A record (repeat for more)
  a=count:N        N A records 127.0.0.2, 127.0.0.3, ... (big: forces TCP)
  aaaa=::1         an AAAA record
  txt="s1" "s2"    one TXT record made of the following quoted strings;
                   repeat txt= for more records.  Strings take python-like
                   escapes: \\xNN \\NNN (octal, so \\000) \\n \\t \\r \\\\ \\"
                   Strings longer than 255 bytes are split into 255-byte
                   pieces.
  txtgen=N[/C]     one TXT record of N bytes "A123456789B123456789..."
                   in strings of C bytes (default 255); txtgen=64000 = 64 KB
  ttl=N            TTL of the records (default 60)
  nxdomain         answer NXDOMAIN (records ignored)
  nodata           answer NOERROR with no records (the default when a rule
                   has no record of the asked type)
  rcode=N          answer with RCODE N and no records (2 SERVFAIL, 5 REFUSED)
  xrcode=N         answer with RCODE N and the rule's records all the same
                   (YXDOMAIN with an A record: must never be a listing)
  noqr             send the rule's answer with QR=0 (not a response)
  drop             never answer
  garbage          answer with the query's ID followed by random bytes
  wrongid          send the rule's answer with a wrong ID (and nothing else)
  tc               over UDP answer TC=1 with no records; over TCP answer
                   normally.  (Any UDP answer > 512 bytes is sent this way.)
  delay=MS         wait MS milliseconds before answering (other queries are
                   not held up).  Answers without delay= go out over UDP in
                   the order the queries came, as rbldnsd's do.
  tcpdelay=MS      the same, over TCP only (UDP answers at once)

Example:
  .                            nxdomain
  silent.test                  drop
  *.multi.test                 a=127.0.0.2 txt="first " "second" txt="|third"
  1.0.0.127.multi.test         nxdomain
  2.0.0.127.txt-silent.test    a=127.0.0.2
  2.0.0.127.txt-silent.test    type=TXT drop
"""
import os, random, re, select, signal, socket, struct, sys, threading, time

TYPES = {'A': 1, 'NS': 2, 'CNAME': 5, 'SOA': 6, 'PTR': 12, 'MX': 15,
         'TXT': 16, 'AAAA': 28, 'SRV': 33, 'OPT': 41, 'ANY': 255}
TYPENAME = {v: k for k, v in TYPES.items()}
ESC = {'n': 10, 't': 9, 'r': 13, 'a': 7, 'b': 8, 'f': 12, 'v': 11,
       '\\': 92, '"': 34, "'": 39}
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s"]+(?:"(?:[^"\\]|\\.)*")?')


def unescape(s):
    """python-like string escapes -> bytes (other chars as UTF-8)."""
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c != '\\' or i + 1 == len(s):
            out += c.encode(); i += 1; continue
        n = s[i + 1]
        if n == 'x':
            out.append(int(s[i + 2:i + 4], 16)); i += 4
        elif n in '01234567':
            m = re.match(r'[0-7]{1,3}', s[i + 1:])
            out.append(int(m.group(), 8) & 255); i += 1 + len(m.group())
        else:
            out += bytes([ESC[n]]) if n in ESC else n.encode(); i += 2
    return bytes(out)


def qtype_of(s):
    s = s.upper()
    return TYPES[s] if s in TYPES else int(s[4:] if s.startswith('TYPE') else s)


def txt_rdata(strings):
    out = b'' if strings else b'\x00'
    for s in strings:
        pieces = [s[i:i + 255] for i in range(0, len(s), 255)] or [b'']
        for p in pieces:
            out += bytes([len(p)]) + p
    return out


class Rule:
    def __init__(self, line, lineno):
        toks = []
        for t in TOKEN.findall(line):
            if t.startswith('#'):
                break
            toks.append(t)
        name = toks[0].lower().rstrip('.')
        self.label = toks[0]
        self.wild = name.startswith('*.')
        self.zone = name[2:] if self.wild else name
        self.score = len(self.zone) + (1 if self.wild else 0)
        self.qtype, self.action, self.rcode = None, 'answer', 0
        self.tc = self.wrongid = self.noqr = False
        self.xrcode = None
        self.delay, self.tcpdelay, self.ttl, self.records = 0, 0, 60, []
        txt = None
        for t in toks[1:]:
            if t.startswith('"'):
                if txt is None:
                    raise ValueError('line %d: string without txt=' % lineno)
                txt.append(unescape(t[1:-1])); continue
            k, eq, v = t.partition('=')
            if v.startswith('"'):
                v = v[1:-1]
            k = k.lower()
            if k != 'txt' and txt is not None:
                self.records.append((16, txt_rdata(txt))); txt = None
            if k == 'type':
                self.qtype = qtype_of(v)
            elif k == 'a' and v.startswith('count:'):
                for i in range(int(v[6:])):
                    self.records.append((1, struct.pack('!I', 0x7f000002 + i)))
            elif k == 'a':
                self.records.append((1, socket.inet_pton(socket.AF_INET, v)))
            elif k == 'aaaa':
                self.records.append((28, socket.inet_pton(socket.AF_INET6, v)))
            elif k == 'txt':
                if txt is not None:
                    self.records.append((16, txt_rdata(txt)))
                txt = [unescape(v)] if t[4:] else []
            elif k == 'txtgen':
                n, _, c = v.partition('/')
                n, c = int(n), int(c or 255)
                text = ''.join(chr(65 + (i // 10) % 26) if i % 10 == 0
                               else str(i % 10) for i in range(n)).encode()
                self.records.append((16, txt_rdata(
                    [text[i:i + c] for i in range(0, n, c)])))
            elif k == 'ttl':
                self.ttl = int(v)
            elif k == 'delay':
                self.delay = int(v)
            elif k == 'tcpdelay':
                self.tcpdelay = int(v)
            elif k == 'xrcode':
                self.xrcode = int(v)
            elif k == 'noqr':
                self.noqr = True
            elif k in ('nxdomain', 'nodata', 'drop', 'garbage'):
                self.action = k
            elif k == 'rcode':
                self.action, self.rcode = 'rcode', int(v)
            elif k == 'tc':
                self.tc = True
            elif k == 'wrongid':
                self.wrongid = True
            else:
                raise ValueError('line %d: unknown item %r' % (lineno, t))
        if txt is not None:
            self.records.append((16, txt_rdata(txt)))

    def matches(self, qname, qtype):
        if self.qtype is not None and self.qtype != qtype:
            return False
        if self.zone == '':
            return not self.wild or qname != ''
        if qname.endswith('.' + self.zone):
            return True
        return not self.wild and qname == self.zone


def load_rules(path):
    rules = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.strip() and not line.lstrip().startswith('#'):
                rules.append(Rule(line, n))
    return rules


def parse_query(msg):
    """-> (id, flags, qname-presentation, qtype, raw question) or None."""
    if len(msg) < 12:
        return None
    qid, flags, qd = struct.unpack('!HHH', msg[:6])
    if flags & 0x8000 or qd != 1:
        return None
    labels, i = [], 12
    while True:
        if i >= len(msg):
            return None
        n = msg[i]
        if n == 0:
            i += 1; break
        if n > 63 or i + 1 + n > len(msg):
            return None
        labels.append(msg[i + 1:i + 1 + n]); i += 1 + n
    if i + 4 > len(msg):
        return None
    qtype = struct.unpack('!H', msg[i:i + 2])[0]

    def pres(lab):
        return ''.join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122
                                  or b in b'-_*:') else '\\%03d' % b for b in lab)
    return qid, flags, '.'.join(pres(l) for l in labels), qtype, msg[12:i + 4]


class Server:
    def __init__(self, rulefile, logfile):
        self.rulefile = rulefile
        self.rules = load_rules(rulefile)
        self.log = open(logfile, 'a', buffering=1) if logfile else None
        self.lock = threading.Lock()

    def find(self, qname, qtype):
        best = None
        for r in self.rules:
            if r.matches(qname.lower(), qtype):
                key = (r.score, r.qtype is not None)
                if best is None or key > best[0]:
                    best = (key, r)
        return best and best[1]

    def answer(self, msg, transport, client):
        """-> (delay seconds, reply bytes or None)."""
        q = parse_query(msg)
        if q is None:
            return 0, None
        qid, flags, qname, qtype, question = q
        rule = self.find(qname, qtype)
        if self.log:
            with self.lock:
                self.log.write('%d %s %s %s %s %s\n' % (
                    time.time() * 1000, qname or '.',
                    TYPENAME.get(qtype, 'TYPE%d' % qtype), transport, client,
                    rule.label if rule else '-'))
        if rule is None:
            return 0, self.reply(qid, flags, question, 5, [])
        delay = (rule.delay + (rule.tcpdelay if transport == 'tcp' else 0)) / 1000.0
        if rule.action == 'drop':
            return delay, None
        if rule.action == 'garbage':
            junk = bytearray(os.urandom(random.randint(1, 60)))
            junk[0] |= 0x80
            return delay, struct.pack('!H', qid) + bytes(junk)
        if rule.wrongid:
            qid = (qid + 1) & 0xffff
        recs = [r for r in rule.records if qtype in (r[0], 255)]
        if rule.action in ('nxdomain', 'rcode', 'nodata'):
            recs = []
        rcode = {'nxdomain': 3, 'rcode': rule.rcode}.get(rule.action, 0)
        if rule.xrcode is not None:
            rcode = rule.xrcode
        rep = self.reply(qid, flags, question, rcode, recs, rule.ttl)
        if rule.noqr:
            rep = rep[:2] + bytes([rep[2] & 0x7f]) + rep[3:]
        if transport == 'udp' and (rule.tc or len(rep) > 512):
            rep = self.reply(qid, flags | 0x0200, question, 0, [])
        return delay, rep

    @staticmethod
    def reply(qid, qflags, question, rcode, recs, ttl=60):
        flags = 0x8400 | (qflags & 0x0300) | 0x0080 | rcode   # QR AA [TC] RD RA
        out = struct.pack('!HHHHHH', qid, flags, 1, len(recs), 0, 0) + question
        for t, rdata in recs:
            out += struct.pack('!HHHIH', 0xc00c, t, 1, ttl, len(rdata)) + rdata
        return out

    def udp_query(self, sock, msg, addr):
        """Answer at once, in the order the queries came (as rbldnsd does:
        a test's outcome must not depend on thread scheduling); only a rule
        with delay= answers from a thread of its own."""
        delay, rep = self.answer(msg, 'udp', '%s#%d' % addr[:2])
        if rep is None:
            return
        if delay > 0:
            th = threading.Thread(target=self.send_later, args=(sock, rep, addr, delay))
            th.daemon = True
            th.start()
        else:
            self.send_later(sock, rep, addr, 0)

    @staticmethod
    def send_later(sock, rep, addr, delay):
        time.sleep(delay)
        try:
            sock.sendto(rep, addr)
        except OSError:
            pass

    def tcp_conn(self, conn, addr):
        conn.settimeout(30)
        try:
            while True:
                hdr = self.recv_exact(conn, 2)
                if hdr is None:
                    break
                msg = self.recv_exact(conn, struct.unpack('!H', hdr)[0])
                if msg is None:
                    break
                delay, rep = self.answer(msg, 'tcp', '%s#%d' % addr[:2])
                if rep is not None:
                    time.sleep(delay)
                    rep = rep[:65535]
                    conn.sendall(struct.pack('!H', len(rep)) + rep)
        except OSError:
            pass
        finally:
            conn.close()

    @staticmethod
    def recv_exact(conn, n):
        buf = b''
        while len(buf) < n:
            chunk = conn.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf


def parse_addr(a, port):
    m = re.match(r'^\[(.*)\]:(\d+)$', a)
    if m:
        return socket.AF_INET6, m.group(1), int(m.group(2))
    if a.count(':') == 1:
        h, p = a.split(':')
        return socket.AF_INET, h, int(p)
    return (socket.AF_INET6 if ':' in a else socket.AF_INET), a, port


def main(argv):
    port, binds, logfile, pidfile, rulefile = 53, [], None, None, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ('-p', '-b', '-l', '-P') and args:
            v = args.pop(0)
            if a == '-p': port = int(v)
            elif a == '-b': binds.append(v)
            elif a == '-l': logfile = v
            else: pidfile = v
        elif rulefile is None and not a.startswith('-'):
            rulefile = a
        else:
            sys.exit('usage: faultdns.py [-p PORT] [-b ADDR]... [-l QUERYLOG] '
                     '[-P PIDFILE] RULEFILE')
    if rulefile is None:
        sys.exit('faultdns: no rule file')
    srv = Server(rulefile, logfile)
    udp, tcp = [], []
    for b in binds or ['127.0.0.1']:
        fam, host, p = parse_addr(b, port)
        u = socket.socket(fam, socket.SOCK_DGRAM)
        u.bind((host, p))
        t = socket.socket(fam, socket.SOCK_STREAM)
        t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        t.bind((host, p))
        t.listen(64)
        udp.append(u); tcp.append(t)

    def stop(signum, frame):
        raise SystemExit(0)

    def reload(signum, frame):
        try:
            srv.rules = load_rules(rulefile)
        except (OSError, ValueError) as e:
            print('faultdns: reload failed: %s' % e, file=sys.stderr)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, reload)
    if pidfile:
        with open(pidfile + '.tmp', 'w') as f:
            f.write('%d\n' % os.getpid())
        os.rename(pidfile + '.tmp', pidfile)
    try:
        while True:
            ready, _, _ = select.select(udp + tcp, [], [])
            for s in ready:
                if s in udp:
                    try:
                        msg, addr = s.recvfrom(65535)
                    except OSError:
                        continue
                    srv.udp_query(s, msg, addr)
                    continue
                else:
                    try:
                        conn, addr = s.accept()
                    except OSError:
                        continue
                    th = threading.Thread(target=srv.tcp_conn, args=(conn, addr))
                th.daemon = True
                th.start()
    finally:
        if pidfile:
            try:
                os.unlink(pidfile)
            except OSError:
                pass


if __name__ == '__main__':
    main(sys.argv[1:])
