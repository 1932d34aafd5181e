#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""smtpd.py -- the "real" SMTP server behind rblsmtpd in the deployment
tests: SMTP on stdin/stdout, enough for swaks and smtpfirst.py. Its greeting
shows what the deployment handed it:
  220 real.server ESMTP ip=<$TCPREMOTEIP|$REMOTE_ADDR> rbl=<$RBLSMTPD|unset> relay=<yes|no>"""
import os, sys
out = sys.stdout.buffer
def say(s): out.write(s.encode() + b'\r\n'); out.flush()
ip = os.environ.get('TCPREMOTEIP') or os.environ.get('REMOTE_ADDR') or '-'
say('220 real.server ESMTP ip=%s rbl=%s relay=%s' % (
    ip, os.environ.get('RBLSMTPD', 'unset'), 'yes' if 'RELAYCLIENT' in os.environ else 'no'))
data = False
for line in sys.stdin.buffer:
    l = line.rstrip(b'\r\n').decode('latin-1')
    if data:
        if l == '.': data = False; say('250 accepted by real.server')
        continue
    v = l[:4].upper()
    if v == 'QUIT': say('221 real.server bye'); break
    if v == 'DATA': data = True; say('354 go ahead'); continue
    say('250 real.server ok')
