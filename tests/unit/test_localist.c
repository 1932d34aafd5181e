/* SPDX-License-Identifier: ISC */
/* Unit tests for localist. Expected answers were checked against Debian's
 * rbldnsd 1.0~20210120 serving the same data as ip4set + ip6trie.
 * Client addresses are filled by hand (addr.c is another module). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "localist.h"

static struct client_addr client(const char *text)
{
	struct client_addr a;
	memset(&a, 0, sizeof a);
	if (inet_pton(AF_INET, text, a.bytes) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, a.bytes) == 1)
		a.family = AF_INET6;
	if (a.family)
		inet_ntop(a.family, a.bytes, a.text, sizeof a.text);
	return a;
}

static struct localist *parse(const char *text, struct localist_stats *st)
{
	return localist_parse(text, strlen(text), st);
}

/* "NX", or "A.B.C.D" or "A.B.C.D txt" */
static char answer[512];
static const char *ask(const struct localist *l, const char *ip)
{
	struct client_addr a = client(ip);
	unsigned char v[4];
	char txt[300];
	if (!localist_lookup(l, &a, v, txt, sizeof txt))
		return "NX";
	snprintf(answer, sizeof answer, "%u.%u.%u.%u%s%s", v[0], v[1], v[2], v[3], *txt ? " " : "",
		 txt);
	return answer;
}

static const char sample[] =
	"# test data\n"
	":127.0.0.2:Listed $ default\n"
	"127.0.0.2\n"
	"127.0.0.3 :3:three $ here\n"
	"127.0.0.4 :4\n"
	"127.0.0.5 :5:\n"
	"127.0.0.6 plain text for $\n"
	"10.1\n"
	"10.2.3.0/24 :127.0.0.9:cidr\n"
	"10.3.0.0-10.3.1.255 :7:range\n"
	"!10.1.5.5\n"
	"10.4/16\n"
	"!10.4.0.0/14\n"
	"2001:db8::/32 :10:six $\n"
	"!2001:db8::5\n"
	"2001:db8:1::/48\n"
	"2001:db8:1:2::/64 :11:deeper\n"
	"::1\n"
	"10.5.0.9:12:attached\n"
	"10.6.0.1 :0:bad\n"
	"10.6.0.2 :abc:bad\n"
	"10.6.0.3 junk$$dollar $1 $= end$\n"
	"$1 VAR1\n"
	"$TTL 60\n"
	"10.7.0.1 :127.1:short\n"
	"10.7.0.2 :10.1.2:weird\n"
	"10.8.0.0/23 :2:x\n"
	"10.8.0.0/25 :3:y\n"
	"10.9.0.0/22 :2:x\n"
	"!10.9.0.0/23\n"
	"10.10.0.1-20 :2:suffix\n"
	"10.11.0.0/16 :2:wide\n"
	"!10.11.0.0/20\n"
	"10.12.0.1/24\n";

/* Each row was answered by rbldnsd for the sample above. */
static const char *const sample_answers[][2] = {
	{ "127.0.0.2", "127.0.0.2 Listed 127.0.0.2 default" },
	{ "127.0.0.3", "127.0.0.3 three 127.0.0.3 here" },
	{ "127.0.0.4", "127.0.0.4 Listed 127.0.0.4 default" },
	{ "127.0.0.5", "127.0.0.5" },
	{ "127.0.0.6", "127.0.0.2 plain text for 127.0.0.6" },
	{ "127.0.0.7", "NX" },
	{ "10.1.5.5", "NX" },
	{ "10.1.5.6", "127.0.0.2 Listed 10.1.5.6 default" },
	{ "10.2.3.4", "127.0.0.9 cidr" },
	{ "10.3.1.200", "127.0.0.7 range" },
	{ "10.4.1.1", "NX" },
	{ "2001:db8::5", "NX" },
	{ "2001:db8::6", "127.0.0.10 six 2001:db8::6" },
	{ "2001:db8:1::1", "127.0.0.2 Listed 2001:db8:1::1 default" },
	{ "2001:db8:1:2::1", "127.0.0.11 deeper" },
	{ "2001:db9::1", "NX" },
	{ "::1", "127.0.0.2 Listed ::1 default" },
	{ "::2", "NX" },
	{ "10.5.0.9", "127.0.0.12 attached" },
	{ "10.6.0.1", "NX" },
	{ "10.6.0.2", "NX" },
	{ "10.6.0.3", "127.0.0.2 junk$dollar VAR1 junk$$dollar $1 $= end$ end10.6.0.3" },
	{ "10.7.0.1", "127.0.0.1 short" },
	{ "10.7.0.2", "10.1.0.2 weird" },
	{ "10.8.0.1", "127.0.0.3 y" },
	{ "10.8.1.1", "127.0.0.2 x" },
	{ "10.9.0.1", "NX" },
	{ "10.9.2.1", "127.0.0.2 x" },
	{ "10.10.0.5", "127.0.0.2 suffix" },
	{ "10.10.0.25", "NX" },
	{ "10.11.0.1", "NX" },
	{ "10.11.16.1", "127.0.0.2 wide" },
	{ "10.12.0.1", "NX" },
};

static void test_sample(void)
{
	struct localist_stats st;
	struct localist *l = parse(sample, &st);
	CHECK(l != NULL);
	if (!l)
		return;
	for (size_t k = 0; k < sizeof sample_answers / sizeof sample_answers[0]; k++)
		if (!CHECK_STREQ(ask(l, sample_answers[k][0]), sample_answers[k][1]))
			printf("  for %s\n", sample_answers[k][0]);
	CHECK_EQ(st.bad_lines, 3); /* :0:, :abc:, 10.12.0.1/24 */
	CHECK(st.entries > 0);
	localist_free(l);
}

static void test_abbreviations(void)
{
	struct localist *l = parse("127.0.0\n126.0\n!126.0.5\n125/8 :3\n124.16-31\n"
				   "123.1.2.3-123.1.2\n122-122.0\n121.0.0.0-121.0.0.255\n",
				   NULL);
	CHECK_STREQ(ask(l, "127.0.0.0"), "127.0.0.2");
	CHECK_STREQ(ask(l, "127.0.0.255"), "127.0.0.2");
	CHECK_STREQ(ask(l, "127.0.1.0"), "NX");
	CHECK_STREQ(ask(l, "126.0.200.1"), "127.0.0.2");
	CHECK_STREQ(ask(l, "126.0.5.1"), "NX");
	CHECK_STREQ(ask(l, "126.1.0.0"), "NX");
	CHECK_STREQ(ask(l, "125.255.255.255"), "127.0.0.3");
	/* "124.16-31" is 124.16.0.0-124.31.255.255 */
	CHECK_STREQ(ask(l, "124.15.255.255"), "NX");
	CHECK_STREQ(ask(l, "124.16.0.0"), "127.0.0.2");
	CHECK_STREQ(ask(l, "124.31.255.255"), "127.0.0.2");
	CHECK_STREQ(ask(l, "124.32.0.0"), "NX");
	/* "a.b.c.d-a.b.c" mixes lengths: refused */
	CHECK_STREQ(ask(l, "123.1.2.3"), "NX");
	CHECK_STREQ(ask(l, "122.0.0.1"), "NX"); /* "122-122.0": lengths differ */
	CHECK_STREQ(ask(l, "121.0.0.77"), "127.0.0.2");
	localist_free(l);

	/* Bare numbers, /0, host bits, reversed ranges, >255, >32 are all refused. */
	struct localist_stats st;
	l = parse("10\n0.0.0.0/0\n10.0.0.1/8\n10.0.0.9-10.0.0.1\n10.0.0.256\n10.0.0.0/33\n"
		  "10.0.0.0/\n10.0.0.1-\n1.2.3.4.5\n10.0.0.1x\n-10.0.0.1\n",
		  &st);
	CHECK_EQ(st.bad_lines, 11);
	CHECK_EQ(st.entries, 0);
	CHECK_STREQ(ask(l, "10.0.0.1"), "NX");
	localist_free(l);
}

static void test_ranges_expand_like_ip4set(void)
{
	/* An odd range spans several levels; every address inside is listed,
	 * the neighbours are not. */
	struct localist *l = parse("10.0.0.5-10.2.3.4 :5:r\n", NULL);
	CHECK_STREQ(ask(l, "10.0.0.4"), "NX");
	CHECK_STREQ(ask(l, "10.0.0.5"), "127.0.0.5 r");
	CHECK_STREQ(ask(l, "10.0.0.255"), "127.0.0.5 r");
	CHECK_STREQ(ask(l, "10.0.1.0"), "127.0.0.5 r");
	CHECK_STREQ(ask(l, "10.1.128.7"), "127.0.0.5 r");
	CHECK_STREQ(ask(l, "10.2.2.255"), "127.0.0.5 r");
	CHECK_STREQ(ask(l, "10.2.3.4"), "127.0.0.5 r");
	CHECK_STREQ(ask(l, "10.2.3.5"), "NX");
	localist_free(l);

	/* Widest possible range: everything. */
	struct localist_stats st;
	l = parse("0.0.0.0-255.255.255.255\n!1.2.3.4\n", &st);
	CHECK_EQ(st.bad_lines, 0);
	CHECK_STREQ(ask(l, "0.0.0.0"), "127.0.0.2");
	CHECK_STREQ(ask(l, "255.255.255.255"), "127.0.0.2");
	CHECK_STREQ(ask(l, "1.2.3.4"), "NX");
	localist_free(l);

	/* Same level: the exclusion wins whatever the order (rbldnsd sorts it first). */
	l = parse("!10.0.0.0/24\n10.0.0.0/23\n20.0.0.0/22\n!20.0.0.0/23\n", NULL);
	CHECK_STREQ(ask(l, "10.0.0.1"), "NX");
	CHECK_STREQ(ask(l, "10.0.1.1"), "127.0.0.2");
	CHECK_STREQ(ask(l, "20.0.1.1"), "NX");
	CHECK_STREQ(ask(l, "20.0.2.1"), "127.0.0.2");
	localist_free(l);

	/* A more specific level decides, listing or exclusion. */
	l = parse("10.0.0.0/8 :8\n!10.1.0.0/16\n10.1.2.0/24 :24\n!10.1.2.3\n", NULL);
	CHECK_STREQ(ask(l, "10.9.9.9"), "127.0.0.8");
	CHECK_STREQ(ask(l, "10.1.9.9"), "NX");
	CHECK_STREQ(ask(l, "10.1.2.9"), "127.0.0.24");
	CHECK_STREQ(ask(l, "10.1.2.3"), "NX");
	localist_free(l);

	/* The same address twice at one level: the first line's value. */
	l = parse("10.0.0.1 :3:first\n10.0.0.1 :4:second\n", NULL);
	CHECK_STREQ(ask(l, "10.0.0.1"), "127.0.0.3 first");
	localist_free(l);
}

static void test_values(void)
{
	struct localist *l = parse("1.0.0.1\n"          /* built-in default: 127.0.0.2, no TXT */
				   ":3\n"               /* A only: TXT from the built-in default */
				   "1.0.0.2\n"
				   ":4:four $\n"
				   "1.0.0.3\n"
				   "1.0.0.4 :5\n"       /* A only: TXT of the current default */
				   "1.0.0.5 :6:\n"      /* A and no TXT */
				   "1.0.0.6 : 7 :  spaced  \n"
				   "1.0.0.7 ; comment\n"
				   "1.0.0.8 # comment\n"
				   "1.0.0.9 text # not a comment\n"
				   "1.0.0.10 :127.0.0.2:a:b:c\n"
				   "1.0.0.11 :255.255.255.255:all\n"
				   "1.0.0.12 :8:x y\n"
				   ":\n"                /* bad default: kept the old one */
				   "1.0.0.13\n"
				   "1.0.0.14 :0.0.0.0:zero\n"
				   "1.0.0.15 :2 x\n",
				   NULL);
	CHECK_STREQ(ask(l, "1.0.0.1"), "127.0.0.2");
	CHECK_STREQ(ask(l, "1.0.0.2"), "127.0.0.3");
	CHECK_STREQ(ask(l, "1.0.0.3"), "127.0.0.4 four 1.0.0.3");
	CHECK_STREQ(ask(l, "1.0.0.4"), "127.0.0.5 four 1.0.0.4");
	CHECK_STREQ(ask(l, "1.0.0.5"), "127.0.0.6");
	CHECK_STREQ(ask(l, "1.0.0.6"), "NX"); /* ": 7" is not an A value */
	CHECK_STREQ(ask(l, "1.0.0.7"), "127.0.0.4 four 1.0.0.7");
	CHECK_STREQ(ask(l, "1.0.0.8"), "127.0.0.4 four 1.0.0.8");
	CHECK_STREQ(ask(l, "1.0.0.9"), "127.0.0.4 text # not a comment");
	CHECK_STREQ(ask(l, "1.0.0.10"), "127.0.0.2 a:b:c");
	CHECK_STREQ(ask(l, "1.0.0.11"), "255.255.255.255 all");
	CHECK_STREQ(ask(l, "1.0.0.12"), "127.0.0.8 x y");
	CHECK_STREQ(ask(l, "1.0.0.13"), "127.0.0.4 four 1.0.0.13");
	CHECK_STREQ(ask(l, "1.0.0.14"), "NX");
	CHECK_STREQ(ask(l, "1.0.0.15"), "NX");
	localist_free(l);
}

static void test_substitution(void)
{
	struct localist *l = parse("$1 See http://www.example.com/bl\n"
				   "$2 for details\n"
				   "$1 ignored second definition\n"
				   "127.0.0.2  $1/spammer/$ $2\n"
				   "127.0.0.3  $1/relay/$ $2\n"
				   "127.0.0.4  This spammer wants some $$$$.  $1/$\n"
				   "127.0.0.5  undefined $7 and $\n"
				   "127.0.0.6  trailing $\n"
				   "127.0.0.7  $$\n",
				   NULL);
	CHECK_STREQ(ask(l, "127.0.0.2"), "127.0.0.2 See http://www.example.com/bl/spammer/127.0.0.2 for details");
	CHECK_STREQ(ask(l, "127.0.0.3"), "127.0.0.2 See http://www.example.com/bl/relay/127.0.0.3 for details");
	CHECK_STREQ(ask(l, "127.0.0.4"), "127.0.0.2 This spammer wants some $$.  See http://www.example.com/bl/127.0.0.4");
	CHECK_STREQ(ask(l, "127.0.0.5"), "127.0.0.2 undefined $7 and 127.0.0.5");
	CHECK_STREQ(ask(l, "127.0.0.6"), "127.0.0.2 trailing 127.0.0.6");
	CHECK_STREQ(ask(l, "127.0.0.7"), "127.0.0.2 $");
	localist_free(l);

	/* The man page's base template example. */
	l = parse("$= See http://www.example.com/bl?$= ($) for details\n"
		  "127.0.0.2    r123\n"
		  "127.0.0.3\n"
		  "127.0.0.4    =See other blocklists for details about $\n",
		  NULL);
	CHECK_STREQ(ask(l, "127.0.0.2"), "127.0.0.2 See http://www.example.com/bl?r123 (127.0.0.2) for details");
	CHECK_STREQ(ask(l, "127.0.0.3"), "127.0.0.2 See http://www.example.com/bl?127.0.0.3 (127.0.0.3) for details");
	CHECK_STREQ(ask(l, "127.0.0.4"), "127.0.0.2 See other blocklists for details about 127.0.0.4");
	localist_free(l);

	/* Specials after '#', ';' and ':' too; unknown words are ignored. */
	struct localist_stats st;
	l = parse("#$1 one\n;$2 two\n:$3 three\n$SOA 1w a b 0 2h 2h 1w 1h\n$NS 1w ns\n"
		  "$MAXRANGE4 /24\n$TIMESTAMP 0\n$4\n$\n1.1.1.1 $1$2$3\n",
		  &st);
	CHECK_STREQ(ask(l, "1.1.1.1"), "127.0.0.2 onetwothree");
	CHECK_EQ(st.bad_lines, 2); /* "$4" without text, "$" alone */
	localist_free(l);
}

static void test_txt_bounds(void)
{
	/* Expansion is cut at 254 bytes, the template at 255, the caller's
	 * buffer at txtlen-1. Thousands of '$' cannot overflow anything. */
	char data[8192];
	size_t n = (size_t)snprintf(data, sizeof data, "$1 ");
	memset(data + n, 'v', 300);
	n += 300;
	n += (size_t)snprintf(data + n, sizeof data - n, "\n1.1.1.1 ");
	for (int k = 0; k < 2000; k++)
		data[n++] = '$';
	n += (size_t)snprintf(data + n, sizeof data - n, "\n1.1.1.2 $1$1$1\n1.1.1.3 ");
	memset(data + n, 't', 600);
	n += 600;
	data[n++] = '\n';
	struct localist *l = localist_parse(data, n, NULL);
	struct client_addr a = client("1.1.1.1");
	unsigned char v[4];
	char txt[400];
	CHECK(localist_lookup(l, &a, v, txt, sizeof txt));
	/* the template is cut to 255 '$' first: 127 "$$" pairs and one '$' */
	CHECK_EQ(strlen(txt), 127 + strlen("1.1.1.1"));
	CHECK(txt[126] == '$' && txt[127] == '1');
	a = client("1.1.1.2");
	CHECK(localist_lookup(l, &a, v, txt, sizeof txt));
	CHECK_EQ(strlen(txt), 254);
	CHECK(txt[0] == 'v' && txt[253] == 'v');
	a = client("1.1.1.3");
	CHECK(localist_lookup(l, &a, v, txt, sizeof txt));
	CHECK_EQ(strlen(txt), 254);

	char small[8];
	memset(small, 'Z', sizeof small);
	CHECK(localist_lookup(l, &a, v, small, 5));
	CHECK_STREQ(small, "tttt");
	CHECK_EQ(small[5], 'Z');
	CHECK(localist_lookup(l, &a, v, small, 1));
	CHECK_STREQ(small, "");
	CHECK(localist_lookup(l, &a, v, NULL, 0)); /* no room at all: A only */
	CHECK_EQ(v[3], 2);
	localist_free(l);
}

static void test_ipv6(void)
{
	struct localist_stats st;
	struct localist *l = parse(":127.0.1.2: Listed, see http://example.com/lookup?$\n"
				   "2001:21ab:c000/36\n"
				   "2001:21ab:def7:4242 :127.0.1.3: This one smells funny\n"
				   "2605:6001:42::/52\n"
				   "::1                   # localhost\n"
				   "!2605:6001:42::bead   # exclusion\n"
				   "2001:db8::/0\n"
				   "::/0 :9:everything\n"
				   "2001:db8::1/64\n"      /* host bits: refused */
				   "2001\n"                /* one bare group: refused */
				   "2001:db8:\n"
				   "2001:db8::1::2\n"      /* a second "::" ends the address; ":2" is a value */
				   "1:2:3:4:5:6:7:8:9\n"
				   "fe80::/10 :10\n"
				   "fe80::1:2:3:4:5:6:7\n" /* "::" with no room left */
				   "::ffff:1.2.3.4\n"
				   "12345::\n"
				   "2001:db8::/129\n",
				   &st);
	CHECK_STREQ(ask(l, "2001:21ab:c000::1"), "127.0.1.2 Listed, see http://example.com/lookup?2001:21ab:c000::1");
	CHECK_STREQ(ask(l, "2001:21ab:cfff:ffff::"), "127.0.1.2 Listed, see http://example.com/lookup?2001:21ab:cfff:ffff::");
	CHECK_STREQ(ask(l, "2001:21ab:def7:4242:1::"), "127.0.1.3 This one smells funny");
	CHECK_STREQ(ask(l, "2605:6001:42::bead"), "NX");
	CHECK_STREQ(ask(l, "2605:6001:42::beae"), "127.0.1.2 Listed, see http://example.com/lookup?2605:6001:42::beae");
	CHECK_STREQ(ask(l, "::1"), "127.0.1.2 Listed, see http://example.com/lookup?::1");
	CHECK_STREQ(ask(l, "::2"), "127.0.0.9 everything");
	CHECK_STREQ(ask(l, "fe80::1"), "127.0.0.10 Listed, see http://example.com/lookup?fe80::1");
	/* /0 with host bits, /64 with host bits, "2001", "2001:db8:", no room
	 * for "::", "::ffff:1.2.3.4", a 5-digit group, /129 */
	CHECK_EQ(st.bad_lines, 8);
	CHECK_EQ(st.entries, 9);
	/* rbldnsd's quirks, kept: the ':' that ends an address may start a value */
	CHECK_STREQ(ask(l, "2001:db8::1"), "127.0.0.2 Listed, see http://example.com/lookup?2001:db8::1");
	CHECK_STREQ(ask(l, "1:2:3:4:5:6:7:8"), "127.0.0.9 Listed, see http://example.com/lookup?1:2:3:4:5:6:7:8");
	/* IPv4 clients never match IPv6 entries, even ::/0. */
	CHECK_STREQ(ask(l, "1.2.3.4"), "NX");
	localist_free(l);

	/* Same prefix twice: the first line wins, exclusion or not. */
	l = parse("2001:db8::/32 :3\n2001:db8::/32 :4\n!2001:db9::/32\n2001:db9::/32\n", NULL);
	CHECK_STREQ(ask(l, "2001:db8::1"), "127.0.0.3");
	CHECK_STREQ(ask(l, "2001:db9::1"), "NX");
	localist_free(l);
}

static void test_client_edge_cases(void)
{
	struct localist *l = parse("0.0.0.0/1\n::/1\n", NULL);
	struct client_addr a;
	unsigned char v[4];
	char txt[16];

	memset(&a, 0, sizeof a); /* family 0: address did not parse */
	CHECK_EQ(localist_lookup(l, &a, v, txt, sizeof txt), 0);
	CHECK_STREQ(txt, "");
	a.family = AF_UNIX;
	CHECK_EQ(localist_lookup(l, &a, v, txt, sizeof txt), 0);
	CHECK_EQ(localist_lookup(NULL, &a, v, txt, sizeof txt), 0);
	CHECK_EQ(localist_lookup(l, NULL, v, txt, sizeof txt), 0);
	localist_free(l);
	localist_free(NULL);
}

static void test_hostile_bytes(void)
{
	struct localist_stats st;

	/* CRLF and NUL */
	static const char crlf[] = "10.0.0.1 :3:crlf\r\n10.0.0.2\r\n:4:def\r\n10.0.0.3\r\n10.0.0.4 a\0b\n10.0.0.5";
	struct localist *l = localist_parse(crlf, sizeof crlf - 1, &st);
	CHECK_STREQ(ask(l, "10.0.0.1"), "127.0.0.3 crlf");
	CHECK_STREQ(ask(l, "10.0.0.2"), "127.0.0.2");
	CHECK_STREQ(ask(l, "10.0.0.3"), "127.0.0.4 def");
	CHECK_STREQ(ask(l, "10.0.0.4"), "127.0.0.4 a");
	CHECK_STREQ(ask(l, "10.0.0.5"), "127.0.0.4 def"); /* last line without newline */
	CHECK_EQ(st.bad_lines, 0);
	localist_free(l);

	/* Empty input and a lone newline. */
	l = localist_parse("", 0, &st);
	CHECK(l != NULL);
	CHECK_EQ(st.entries, 0);
	CHECK_STREQ(ask(l, "1.2.3.4"), "NX");
	localist_free(l);
	l = localist_parse(NULL, 0, &st);
	CHECK(l != NULL);
	localist_free(l);

	/* A line over 64 KB, then a good line. */
	size_t big = 200000;
	char *buf = malloc(big + 64);
	if (!buf)
		return;
	memcpy(buf, "10.0.0.1 ", 9);
	memset(buf + 9, 'x', big);
	size_t n = 9 + big;
	n += (size_t)snprintf(buf + n, big + 64 - n, "\n10.0.0.2\n");
	l = localist_parse(buf, n, &st);
	CHECK_STREQ(ask(l, "10.0.0.2"), "127.0.0.2");
	struct client_addr a = client("10.0.0.1");
	unsigned char v[4];
	char txt[300];
	CHECK(localist_lookup(l, &a, v, txt, sizeof txt));
	CHECK_EQ(strlen(txt), 254);
	localist_free(l);

	/* 64 KB of digits and dots, of colons, of '!' */
	const char fill[] = "1.:!$#[-/ ";
	for (size_t f = 0; f < sizeof fill - 1; f++) {
		memset(buf, fill[f], big);
		l = localist_parse(buf, big, &st);
		CHECK(l != NULL);
		CHECK_STREQ(ask(l, "1.1.1.1"), "NX");
		localist_free(l);
	}
	free(buf);

	/* Random bytes, and random lines built from address-like characters.
	 * Nothing may crash (run under ASan/valgrind); lookups must stay sane. */
	srand(12345);
	char chunk[4096];
	const char alphabet[] = "0123456789abcdef.:/-!$#; \t\n\r=";
	for (int round = 0; round < 3000; round++) {
		size_t len = (size_t)(rand() % (int)sizeof chunk);
		for (size_t k = 0; k < len; k++)
			chunk[k] = round % 2 ? (char)(rand() & 0xff)
					     : alphabet[rand() % (int)(sizeof alphabet - 1)];
		l = localist_parse(chunk, len, &st);
		if (!l) {
			CHECK(l != NULL);
			break;
		}
		const char *probe[] = { "0.0.0.0", "1.2.3.4", "10.0.0.1", "255.255.255.255", "::", "::1",
					"abcd::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" };
		for (size_t p = 0; p < sizeof probe / sizeof probe[0]; p++) {
			a = client(probe[p]);
			char t[300];
			memset(t, 'Q', sizeof t);
			if (localist_lookup(l, &a, v, t, sizeof t))
				check_report(strlen(t) <= 254, "txt bounded", __FILE__, __LINE__);
		}
		localist_free(l);
	}
}

static void test_load(void)
{
	struct localist_stats st;
	char path[] = "/tmp/test_localist_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	static const char data[] = ":5:from file $\n192.0.2.0/24\n2001:db8::/32\n";
	CHECK_EQ(write(fd, data, sizeof data - 1), (long long)(sizeof data - 1));
	close(fd);
	struct localist *l = localist_load(path, &st);
	CHECK(l != NULL);
	CHECK_STREQ(ask(l, "192.0.2.1"), "127.0.0.5 from file 192.0.2.1");
	CHECK_STREQ(ask(l, "2001:db8::1"), "127.0.0.5 from file 2001:db8::1");
	CHECK_EQ(st.entries, 2);
	localist_free(l);
	unlink(path);

	errno = 0;
	CHECK(localist_load("/nonexistent/dir/file", &st) == NULL);
	CHECK_EQ(errno, ENOENT);
	errno = 0;
	CHECK(localist_load("/tmp", &st) == NULL);
	CHECK(errno != 0);
}

static void test_speed(void)
{
	/* 50000 /32 entries, 20000 /24s and 10000 IPv6 /64s: load, then a
	 * million lookups, well under a second. */
	size_t cap = 4 * 1024 * 1024, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return;
	for (unsigned k = 0; k < 50000; k++)
		n += (size_t)snprintf(buf + n, cap - n, "10.%u.%u.%u :%u:txt $\n", (k * 7919u) >> 16 & 255,
				      (k * 7919u) >> 8 & 255, (k * 7919u) & 255, k % 200 + 1);
	for (unsigned k = 0; k < 20000; k++)
		n += (size_t)snprintf(buf + n, cap - n, "172.%u.%u\n", k >> 8 & 255, k & 255);
	for (unsigned k = 0; k < 10000; k++)
		n += (size_t)snprintf(buf + n, cap - n, "2001:db8:%x:%x\n", k >> 4, k & 15);
	struct localist_stats st;
	clock_t t0 = clock();
	struct localist *l = localist_parse(buf, n, &st);
	CHECK(l != NULL);
	CHECK_EQ(st.entries, 80000);
	CHECK_EQ(st.bad_lines, 0);
	struct client_addr a4 = client("10.0.0.0"), a6 = client("2001:db8::");
	unsigned char v[4];
	char txt[64];
	unsigned hits = 0;
	for (unsigned k = 0; k < 500000; k++) {
		uint32_t x = k * 7919u;
		a4.bytes[1] = (unsigned char)(x >> 16);
		a4.bytes[2] = (unsigned char)(x >> 8);
		a4.bytes[3] = (unsigned char)x;
		hits += (unsigned)localist_lookup(l, &a4, v, txt, sizeof txt);
		a6.bytes[5] = (unsigned char)(k & 0xff);
		a6.bytes[7] = (unsigned char)(k & 0x0f);
		hits += (unsigned)localist_lookup(l, &a6, v, txt, sizeof txt);
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(hits > 500000);
	if (!CHECK(secs < 5.0))
		printf("  took %.2f s\n", secs);
	localist_free(l);
	free(buf);
}

int main(void)
{
	test_sample();
	test_abbreviations();
	test_ranges_expand_like_ip4set();
	test_values();
	test_substitution();
	test_txt_bounds();
	test_ipv6();
	test_client_edge_cases();
	test_hostile_bytes();
	test_load();
	test_speed();
	return check_done("localist");
}
