#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Write the seed inputs of tests/fuzz/corpus/<target>/seed-*.

Run once from the top directory (python3 tests/fuzz/seeds.py); the files are
checked in. Existing seed files are overwritten, others kept:
  fuzz-<sha1>  inputs the fuzzers found (make fuzz), minimised with
               fuzz_<target> -merge=1, those of at most 2 KB, up to 400 a target
  bug-*        an input that exposed a bug (its regression test)"""
import os, struct, glob

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def put(target, name, data):
    d = os.path.join(top, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("latin-1")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)

# --- smtp: byte 0 = chunk size selector, then the client's bytes ---------
dialogues = {
    "rts": b"helo x\r\nmail from:<a@b>\r\nrcpt to:<c@d>\r\ndata\r\nquit\r\n",
    "bare-lf": b"EHLO client.test\nMAIL FROM:<>\nRCPT TO:<x@example.org>\nRSET\nNOOP\nQUIT\n",
    "nul": b"HELO a\x00b\r\nMA\x00L FROM:<a\x00@b>\r\nRCPT TO:<\x01\x7f\xff>\r\n",
    "overlong": b"RCPT TO:<" + b"x" * 1200 + b">\r\nQUIT\r\n",
    "overlong-exact": b"A" * 1000 + b"\r\n" + b"B" * 1001 + b"\n" + b"C" * 999 + b"\r\r\n",
    "quoted": b'MAIL FROM:<"a>b"@c> SIZE=10\r\nRCPT TO: <\\>x@y>\r\nRCPT TO:noangle rest\r\n',
    "noeol": b"HELO partial line without end",
    "pipelined": b"".join(b"RCPT TO:<u%d@example.org>\r\n" % i for i in range(50)),
    "empty-lines": b"\r\n\n\r\r\n    \r\nHELO\r\nMAIL\r\nRCPT \r\n",
}
for i, (k, v) in enumerate(dialogues.items()):
    put("smtp", k, bytes([i * 37 % 256]) + v)
put("smtp", "big-chunks", b"\xff" + dialogues["rts"] * 20)

# --- listspec: byte 0 = kind (even -r, odd -a) ----------------------------
specs = ["zen.spamhaus.org", "zen.spamhaus.org=127.0.0.[2..11]",
         "b.barracudacentral.org=127.0.0.2*3", "bl.example=127.0.[0..255].[1;3;5..7]*-2",
         "bl.example:Blocked, see http://x/?ip=%IP%", "bl.example=127.0.0.2*2:msg: with : colons",
         "/etc/rbl/local.list", "./rel/list=127.0.0.[2;4]", "zone*+1000000", "zone*1000001",
         "=127.0.0.2", "zone=", "zone=127.0.0", "zone=127.0.0.[3..2]", "zone*2=127.0.0.2",
         "zone=[0..255].[0..255].[0..255].[0..255]", "z" * 300, "zone:" + "m" * 600]
for i, s in enumerate(specs):
    put("listspec", "%02d" % i, bytes([i % 2 if i != 8 else 1]) + s.encode())

# --- addr: $TCPREMOTEIP [NUL :message template] -----------------------------
addrs = ["127.0.0.2", "0.0.0.0", "255.255.255.255", "::1", "::ffff:127.0.0.2",
         "2001:db8::1", "2001:0db8:0000:0000:0000:ff00:0042:8329", "fe80::1%eth0",
         "1.2.3", "01.02.03.04", "1.2.3.4 ", " 1.2.3.4", "", "x" * 80,
         "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:8:9", "::ffff:0:1.2.3.4", "\x01\xff\x7f",
         "127.0.0.2\x00see %IP% and %IP%%IP%% IP", "::1\x00%IP" + "%IP%" * 80]
for i, a in enumerate(addrs):
    put("addr", "%02d" % i, a)

# --- dnsanswer: byte 0 = filter choice, then a DNS response ------------------
def name(n):
    out = b""
    for label in n.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"

def response(qname, qtype, answers, rcode=0, flags=0x8180, ancount=None, extra=b""):
    hdr = struct.pack(">HHHHHH", 0x1234, flags | rcode, 1,
                      len(answers) if ancount is None else ancount, 0, 0)
    q = name(qname) + struct.pack(">HH", qtype, 1)
    body = b""
    for (t, rdata) in answers:
        body += b"\xc0\x0c" + struct.pack(">HHIH", t, 1, 300, len(rdata)) + rdata
    return hdr + q + body + extra

q = "2.0.0.127.zone.example"
A = lambda *o: (1, bytes(o))
def TXT(*strings):
    return (16, b"".join(bytes([len(s)]) + s for s in strings))

packets = {
    "a-listed": response(q, 1, [A(127, 0, 0, 2)]),
    "a-code10": response(q, 1, [A(127, 0, 0, 10), A(127, 0, 0, 4)]),
    "a-error254": response(q, 1, [A(127, 255, 255, 254)]),
    "a-notlocal": response(q, 1, [A(10, 0, 0, 2)]),
    "a-mixed": response(q, 1, [A(127, 255, 255, 252), A(127, 0, 1, 3), A(10, 1, 1, 1)]),
    "a-many": response(q, 1, [A(127, 0, i // 256, i % 256) for i in range(100)]),
    "a-nodata": response(q, 1, []),
    "a-nxdomain": response(q, 1, [], rcode=3),
    "a-badrdlen": response(q, 1, [(1, b"\x7f\x00\x00")]),
    "a-ancount-lies": response(q, 1, [A(127, 0, 0, 2)], ancount=5),
    "a-cname": response(q, 1, [(5, name("other.example")), A(127, 0, 0, 2)]),
    "a-ptr-loop": response(q, 1, []) + b"\xc0\x0c\x00\x01",
    "txt-one": response(q, 16, [TXT(b"listed here")]),
    "txt-multi": response(q, 16, [TXT(b"first ", b"second"), TXT(b"|third")]),
    "txt-ctrl": response(q, 16, [TXT(b"tab\there\x01nul\x00hi\xe9\x7fend")]),
    "txt-empty": response(q, 16, [TXT(b"")]),
    "txt-long": response(q, 16, [TXT(b"A" * 255, b"B" * 255)]),
    "txt-short-string": response(q, 16, [(16, b"\x20abc")]),
    "txt-and-a": response(q, 16, [A(127, 0, 0, 2), TXT(b"x")]),
    "header-only": struct.pack(">HHHHHH", 1, 0x8180, 0, 0, 0, 0),
    "short": b"\x12\x34\x81",
}
for i, (k, v) in enumerate(packets.items()):
    put("dnsanswer", k, bytes([i % 4]) + v)

# --- localist: the test data files and hand-made lines -----------------------
here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for f in sorted(glob.glob(os.path.join(here, "tests/data/*.zone")) +
                glob.glob(os.path.join(here, "examples/*.list"))):
    with open(f, "rb") as fh:
        put("localist", os.path.basename(f), fh.read())
put("localist", "handmade", "\n".join([
    ":127.0.0.2:Listed $, see http://x/?$", "$0 zero", "$= base [$=] $0 $1 $$",
    "10.1 :3:ten", "10.8.0.0/23", "192.168.1.1-192.168.2.7 :4:range", "192.0.2.1-9",
    "!10.1.2.3", "2001:db8::/32 :5:v6 $", "!2001:db8::1", "2001:db8:0:ff::/64",
    "::1", "::/0", "1.2.3.4/33", "1.2.3.4/0", "1.2.3.5/31", "bad line", "; comment",
    "# comment", "$SOA 1 2 3", "127.0.0.2 plain text $ here", "127.0.0.3 :127.0.0.3",
    "127.0.0.4\t:0:", "fe80::1/10", "1.2.3.4\r", "5.6.7.8 :2:\x00after nul", ""]))
put("localist", "wide-range", "0.0.0.1-255.255.255.254 :2:wide\n")

# --- logline: one line per input, every format -----------------------------
lines = [
    "Jun 30 15:13:33 ns1 rblsmtpd: relays.ordb.org blocked 193.111.120.47 ordb-test.null.dk -",
    "Nov 27 10:00:00 mx rblsmtpd[123]: zen.spamhaus.org rejected 192.0.2.1 - - helo.x <a@b> <c@d>",
    "2026-11-27T10:00:00.123+01:00 mx rblsmtpd: bl.example timeout 192.0.2.1 5000ms",
    "2026-11-27T10:00:00Z mx rblsmtpd: bl.example error 192.0.2.1 127.255.255.254=open-resolver",
    "<22>1 2026-11-27T10:00:00Z mx rblsmtpd - - - summary 192.0.2.1 553 zen 12 zen=listed:127.0.0.2@11,bl=clear@3,x=timeout@5000",
    "<22>Jun 30 15:13:33 host rblsmtpd: summary ::1 accept - 4 -",
    "@4000000069a1b2c3d4e5f607 rblsmtpd: 192.0.2.1 pid 4242: 451 temporary RBL lookup error",
    "2026-11-27 10:00:00.123456789 rblsmtpd: summary 192.0.2.1 451 - 5001 a=servfail@3,b=skipped@5001,c=error:127.255.255.255@4,d=refused@1,e=badanswer@2",
    "Nov 27 10:00:00 mx postfix/smtpd[1]: connect from x",
    "Nov 27 10:00:00 mx rblsmtpd: summary 192.0.2.1 553 zen 12 zen=listed:@11,=clear@",
    "<999999999999>", "<22>", "@4000", "2026-13-45T99:99:99Z h rblsmtpd: x",
    "Feb 30 25:61:61 h rblsmtpd: a blocked b c d e f g h",
    # the lines of core/logfmt's table that came later
    "Nov 27 10:00:00 mx rblsmtpd: zen rejected-more 192.0.2.1 - - 149621",
    "Nov 27 10:00:00 mx rblsmtpd: resolver unreachable 192.0.2.1 127.0.53.9",
    "Nov 27 10:00:00 mx rblsmtpd: resolver refused 192.0.2.1 [::1]:5353",
    "Nov 27 10:00:00 mx rblsmtpd: resolver refused 192.0.2.1 12ms",
    "Nov 27 10:00:00 mx rblsmtpd: summary 192.0.2.1 accept - 3 a=resolver@2,b=resolver@2",
    "Nov 27 10:00:00 mx rblsmtpd: - badaddress 1.2.3 not-an-ip",
    "Nov 27 10:00:00 mx rblsmtpd: - sandbox 192.0.2.1 seccomp-failed",
    "Nov 27 10:00:00 mx rblsmtpd: summary blocked accept - 3 -",
]
for i, l in enumerate(lines):
    put("logline", "%02d" % i, l)
put("logline", "all", "\n".join(lines) + "\r\n")

# --- config: byte 0 = program (even rblsmtpd, odd rblcheck), NUL-separated words
argvs = [
    ["-r", "zen.spamhaus.org", "qmail-smtpd"],
    ["-cBt1", "-r", "a.example", "-b", "-a", "w.example", "prog", "arg"],
    ["-T", "0.25", "-S", "3", "-r", "a*2", "-r", "b=127.0.0.[2..11]:m %IP%", "-vv", "-l", "stderr", "x"],
    ["-w", "2.5", "-i", "-l", "syslog:local3", "-t", "abc", "x"],
    ["-x"], ["--", "-r"], ["-", "x"], ["-t"], ["-T", "99999999999999"],
    ["-H", "-j", "-r", "zone", "127.0.0.2", "::1"],
    ["-r", "x", "127.0.0.54.127.0.0.56"], ["x", "1.2.3.4:5300, [::1]:53 , ::2"],
    ["x", "[::1", "]:53"], ["x", "300.1.1.1 1.2.3.4:99999 [1::2]:0"],
]
for i, a in enumerate(argvs):
    put("config", "%02d" % i, bytes([i % 2]) + "\0".join(a).encode())
