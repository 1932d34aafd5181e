#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""dnsprobe.py - minimal dig replacement for the tests (stdlib only).

Usage: dnsprobe.py [-t] [-w SECONDS] SERVER[:PORT]|[V6]:PORT NAME [QTYPE]

Sends one query (RD=1, no EDNS) over UDP, or TCP with -t, and prints:
  status=NOERROR tc=0 an=2
  A 127.0.0.2
  TXT "first " "second"
TXT strings are printed with python-style escapes for bytes outside 32..126
(and for " and \\).  Exit 0 on any answer, 2 on timeout / no answer,
3 on an unparsable answer.
"""
import random, socket, struct, sys

TYPES = {'A': 1, 'NS': 2, 'CNAME': 5, 'SOA': 6, 'PTR': 12, 'MX': 15,
         'TXT': 16, 'AAAA': 28, 'ANY': 255}
RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED']


def skip_name(msg, i):
    while True:
        n = msg[i]
        if n == 0:
            return i + 1
        if n & 0xc0 == 0xc0:
            return i + 2
        i += 1 + n


def esc(b):
    return ''.join(chr(c) if 32 <= c <= 126 and c not in b'"\\' else
                   '\\' + chr(c) if c in b'"\\' else '\\x%02x' % c for c in b)


def main(argv):
    tcp, wait = False, 3.0
    while argv and argv[0].startswith('-'):
        a = argv.pop(0)
        if a == '-t':
            tcp = True
        elif a == '-w':
            wait = float(argv.pop(0))
    if len(argv) < 2:
        sys.exit('usage: dnsprobe.py [-t] [-w SECONDS] SERVER NAME [QTYPE]')
    server, name = argv[0], argv[1]
    qtype = argv[2].upper() if len(argv) > 2 else 'A'
    port = 53
    if server.startswith('['):
        server, port = server[1:].split(']:')
    elif server.count(':') == 1:
        server, port = server.split(':')
    fam = socket.AF_INET6 if ':' in server else socket.AF_INET
    qid = random.randint(0, 65535)
    q = struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0)
    for lab in name.strip('.').split('.'):
        if lab:
            lab = lab.encode('latin-1')
            q += bytes([len(lab)]) + lab
    q += b'\0' + struct.pack('!HH', TYPES.get(qtype) or int(qtype), 1)
    s = socket.socket(fam, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
    s.settimeout(wait)
    try:
        s.connect((server, int(port)))
        if tcp:
            s.sendall(struct.pack('!H', len(q)) + q)
            buf = b''
            while len(buf) < 2 or len(buf) < 2 + struct.unpack('!H', buf[:2])[0]:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
            msg = buf[2:]
        else:
            s.send(q)
            while True:
                msg = s.recv(65536)
                if msg[:2] == q[:2]:
                    break
    except OSError as e:
        print('error=%s' % (e.__class__.__name__ if isinstance(e, socket.timeout)
                            else e.strerror))
        return 2
    try:
        flags, qd, an = struct.unpack('!HHH', msg[2:8])
        rc = flags & 15
        print('status=%s tc=%d an=%d' % (RCODES[rc] if rc < len(RCODES) else rc,
                                         (flags >> 9) & 1, an))
        i = 12
        for _ in range(qd):
            i = skip_name(msg, i) + 4
        for _ in range(an):
            i = skip_name(msg, i)
            t, _c, _ttl, ln = struct.unpack('!HHIH', msg[i:i + 10])
            rd = msg[i + 10:i + 10 + ln]
            i += 10 + ln
            if t == 1:
                print('A ' + socket.inet_ntop(socket.AF_INET, rd))
            elif t == 28:
                print('AAAA ' + socket.inet_ntop(socket.AF_INET6, rd))
            elif t == 16:
                parts, j = [], 0
                while j < len(rd):
                    parts.append('"%s"' % esc(rd[j + 1:j + 1 + rd[j]]))
                    j += 1 + rd[j]
                print('TXT ' + ' '.join(parts))
            else:
                print('TYPE%d %s' % (t, rd.hex()))
    except (struct.error, IndexError):
        print('unparsable answer: %s' % msg.hex())
        return 3
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
