#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""smtptraffic.py -- steady SMTP traffic for tests/deploy/t_mtail.sh.

  smtptraffic.py HOST PORT DIR IP:NRCPT...

Connects again and again to HOST:PORT, cycling through the plan: from source
address IP (bound, so rblsmtpd sees it), HELO, MAIL FROM, NRCPT RCPT TOs,
QUIT. After each connection it appends "IP NRCPT VERDICT" to DIR/sent, the
verdict read from the first RCPT reply (250: accept, else its code), or
"fail" when the dialogue broke. Control files in DIR: while DIR/pause exists
it finishes the connection in hand, writes DIR/paused and waits (removing
DIR/paused when it goes on); DIR/stop ends it."""
import os, socket, sys, time

host, port, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
plan = [(p.split(':')[0], int(p.split(':')[1])) for p in sys.argv[4:]]


def reply(f):
    """One SMTP reply (its last line's code)."""
    while True:
        line = f.readline()
        if not line:
            raise EOFError('connection closed')
        if line[3:4] != b'-':
            return line[:3].decode('ascii', 'replace')


def dialogue(ip, n):
    s = socket.socket()
    s.settimeout(10)
    try:
        s.bind((ip, 0))
        s.connect((host, port))
        f = s.makefile('rb')
        reply(f)
        s.sendall(b'HELO client.test\r\n'); reply(f)
        s.sendall(b'MAIL FROM:<a@example.org>\r\n'); reply(f)
        verdict = None
        for k in range(n):
            s.sendall(b'RCPT TO:<r%d@example.org>\r\n' % k)
            code = reply(f)
            verdict = verdict or ('accept' if code == '250' else code)
        s.sendall(b'QUIT\r\n'); reply(f)
        while s.recv(4096):
            pass
        return verdict
    except (OSError, EOFError):
        return 'fail'
    finally:
        s.close()


i = 0
with open(os.path.join(d, 'sent'), 'a') as sent:
    while not os.path.exists(os.path.join(d, 'stop')):
        if os.path.exists(os.path.join(d, 'pause')):
            open(os.path.join(d, 'paused'), 'w').close()
            time.sleep(0.02)
            continue
        if os.path.exists(os.path.join(d, 'paused')):
            os.unlink(os.path.join(d, 'paused'))
        ip, n = plan[i % len(plan)]
        sent.write('%s %d %s\n' % (ip, n, dialogue(ip, n)))
        sent.flush()
        i += 1
        time.sleep(0.01)
