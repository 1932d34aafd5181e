#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""smtpfirst.py IP PORT [SOURCE-IP] -- an SMTP client that insists the very
first bytes it reads from the server are "220 " (a log line written into the
socket ahead of the greeting breaks that). Then HELO, MAIL, RCPT, QUIT.
Prints one line per reply: "greeting: ...", "helo: ...", "mail: ...",
"rcpt: ...", "quit: ..." (the reply's last line, CR LF cut; bytes outside
32..126 as \\xNN). Exit 0 when the first bytes were "220 ", 1 otherwise,
2 on a connection error."""
import socket, sys

def show(b):
    return ''.join(chr(c) if 32 <= c < 127 else '\\x%02x' % c for c in b)

def reply(f):
    """One SMTP reply (all its lines); returns (first_bytes_line, last_line)."""
    first = f.readline()
    line = first
    while len(line) >= 4 and line[3:4] == b'-':
        line = f.readline()
    return first, line.rstrip(b'\r\n')

def main():
    ip, port = sys.argv[1], int(sys.argv[2])
    src = sys.argv[3] if len(sys.argv) > 3 else None
    try:
        s = socket.create_connection((ip, port), timeout=10,
                                     source_address=(src, 0) if src else None)
    except OSError as e:
        print('connect: %s' % e)
        return 2
    f = s.makefile('rb')
    first, last = reply(f)
    print('greeting: %s' % show(first.rstrip(b'\r\n')))
    good = first.startswith(b'220 ')
    for name, cmd in (('helo', b'HELO client.test'), ('mail', b'MAIL FROM:<a@example.org>'),
                      ('rcpt', b'RCPT TO:<b@example.org>'), ('quit', b'QUIT')):
        try:
            s.sendall(cmd + b'\r\n')
            _, last = reply(f)
        except OSError as e:
            last = ('error %s' % e).encode()
        print('%s: %s' % (name, show(last)))
    s.close()
    return 0 if good else 1

sys.exit(main())
