#!/bin/sh
# SPDX-License-Identifier: ISC
# The README's first command: install what is needed, build, and show
# rblsmtpd at work on the embedded default list (examples/demo.list, no DNS,
# no network): one client refused with the SMTP dialogue, one handed to the
# real server.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh build
make -s
list=examples/demo.list
server='echo "220 real.server.example ESMTP (the real SMTP server would talk here)"'
dialogue='HELO client.example\r\nMAIL FROM:<sender@example.com>\r\nRCPT TO:<postmaster@example.org>\r\nQUIT\r\n'

echo "The client sends: HELO, MAIL FROM, RCPT TO, QUIT. -v -l stderr shows the"
echo "syslog lines on stderr (without -l stderr they go to syslog, facility mail)."
echo
echo "== client 127.0.0.2 (listed in $list): refused"
echo "\$ TCPREMOTEIP=127.0.0.2 ./rblsmtpd -v -l stderr -r $list sh -c '...'"
printf "$dialogue" | TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=client.example \
	./rblsmtpd -v -l stderr -r "$list" sh -c "$server" 2>&1
echo
echo "== client 127.0.0.1 (not listed): handed to the real server"
echo "\$ TCPREMOTEIP=127.0.0.1 ./rblsmtpd -v -l stderr -r $list sh -c '...'"
printf "$dialogue" | TCPREMOTEIP=127.0.0.1 ./rblsmtpd -v -l stderr -r "$list" sh -c "$server" 2>&1
