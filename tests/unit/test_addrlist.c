/* SPDX-License-Identifier: ISC */
/* Unit tests for rblcheck's input of many addresses: prefix (parsing, the
 * addresses one at a time), addrlist (address-file lines, the reader with
 * its bad lines) and tally (the summary's counts). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "check/addrlist.h"
#include "check/prefix.h"
#include "check/tally.h"

static const char *parse_why(const char *text)
{
	struct prefix p;
	const char *why = NULL;
	return prefix_parse(text, &p, &why) ? "ok" : why;
}

/* The addresses of text, joined by spaces (at most max of them). */
static void expand(const char *text, unsigned max, char *out, size_t outlen)
{
	struct prefix p;
	struct client_addr a;
	const char *why;
	size_t n = 0;
	out[0] = '\0';
	if (!prefix_parse(text, &p, &why))
		return;
	for (unsigned i = 0; i < max && prefix_next(&p, &a); i++)
		n += (size_t)snprintf(out + n, outlen - n, "%s%s", i ? " " : "", a.text);
}

static void test_prefix_parse(void)
{
	struct prefix p;
	const char *why;

	CHECK(prefix_parse("192.0.2.7", &p, &why));
	CHECK_EQ(p.count, 1);
	CHECK_EQ(p.bits, 32);
	CHECK(prefix_parse("192.0.2.0/24", &p, &why));
	CHECK_EQ(p.count, 256);
	CHECK(prefix_parse("192.0.2.77/24", &p, &why)); /* host bits cleared */
	CHECK_EQ(p.first[3], 0);
	CHECK(prefix_parse("10.0.0.0/8", &p, &why));
	CHECK_EQ(p.count, 16777216);
	CHECK(prefix_parse("2001:db8::/104", &p, &why));
	CHECK_EQ(p.count, 16777216);
	CHECK(prefix_parse("2001:db8::1/128", &p, &why));
	CHECK_EQ(p.count, 1);
	CHECK(prefix_parse("192.0.2.0/32", &p, &why));
	CHECK_EQ(p.count, 1);

	CHECK_STREQ(parse_why("10.0.0.0/7"),
		    "prefix too large: more than 16777216 addresses (IPv4 /8, IPv6 /104 at most)");
	CHECK_STREQ(parse_why("2001:db8::/64"),
		    "prefix too large: more than 16777216 addresses (IPv4 /8, IPv6 /104 at most)");
	CHECK_STREQ(parse_why("192.0.2.0/33"), "prefix length out of range");
	CHECK_STREQ(parse_why("::/129"), "prefix length out of range");
	CHECK_STREQ(parse_why("192.0.2.0/"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("192.0.2.0/+8"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("192.0.2.0/0024"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("192.0.2.0/24x"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("192.0.2.0/24/1"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("/24"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("192.0.2.300"), "not an IP address or prefix");
	CHECK_STREQ(parse_why("192.0.2"), "not an IP address or prefix");
	CHECK_STREQ(parse_why(""), "not an IP address or prefix");
	CHECK_STREQ(parse_why("example.org"), "not an IP address or prefix");
	CHECK_STREQ(parse_why(" 192.0.2.1"), "not an IP address or prefix");
}

static void test_prefix_next(void)
{
	char got[2048];
	struct prefix p;
	struct client_addr a;
	const char *why;

	expand("192.0.2.7", 10, got, sizeof got);
	CHECK_STREQ(got, "192.0.2.7");
	expand("192.0.2.5/30", 10, got, sizeof got);
	CHECK_STREQ(got, "192.0.2.4 192.0.2.5 192.0.2.6 192.0.2.7");
	expand("192.0.2.254/23", 3, got, sizeof got);
	CHECK_STREQ(got, "192.0.2.0 192.0.2.1 192.0.2.2");
	expand("2001:db8::fe/126", 10, got, sizeof got);
	CHECK_STREQ(got, "2001:db8::fc 2001:db8::fd 2001:db8::fe 2001:db8::ff");
	/* IPv4-mapped: checked as IPv4, as a single mapped address is */
	expand("::ffff:192.0.2.0/127", 10, got, sizeof got);
	CHECK_STREQ(got, "192.0.2.0 192.0.2.1");
	expand("::ffff:7f00:2", 10, got, sizeof got);
	CHECK_STREQ(got, "127.0.0.2");

	/* every address of a /16 once, in order, the last one right */
	CHECK(prefix_parse("198.18.0.0/16", &p, &why));
	unsigned n = 0;
	bool in_order = true;
	while (prefix_next(&p, &a)) {
		unsigned v = (unsigned)a.bytes[2] << 8 | a.bytes[3];
		in_order &= a.family == AF_INET && a.bytes[0] == 198 && a.bytes[1] == 18 && v == n;
		n++;
	}
	CHECK_EQ(n, 65536);
	CHECK(in_order);
	CHECK_STREQ(a.text, "198.18.255.255");
	CHECK(!prefix_next(&p, &a));

	/* an IPv6 /104: the carry over three bytes */
	CHECK(prefix_parse("2001:db8::/104", &p, &why));
	p.next = p.count - 1;
	CHECK(prefix_next(&p, &a));
	CHECK_STREQ(a.text, "2001:db8::ff:ffff");
	CHECK(!prefix_next(&p, &a));
	CHECK(prefix_parse("10.0.0.0/8", &p, &why));
	p.next = 65536 + 256 + 1;
	CHECK(prefix_next(&p, &a));
	CHECK_STREQ(a.text, "10.1.1.1");
}

static enum addrline line(const char *s, const char **why, struct prefix *p)
{
	return addrlist_parse_line(s, strlen(s), p, why);
}

static void test_parse_line(void)
{
	struct prefix p;
	const char *why = NULL;

	CHECK_EQ(line("", &why, &p), ADDRLINE_NONE);
	CHECK_EQ(line("   \t \r", &why, &p), ADDRLINE_NONE);
	CHECK_EQ(line("# a comment", &why, &p), ADDRLINE_NONE);
	CHECK_EQ(line("  # indented comment 192.0.2.1", &why, &p), ADDRLINE_NONE);
	CHECK_EQ(line("192.0.2.1", &why, &p), ADDRLINE_PREFIX);
	CHECK_EQ(p.count, 1);
	CHECK_EQ(line(" \t192.0.2.0/24 \r", &why, &p), ADDRLINE_PREFIX);
	CHECK_EQ(p.count, 256);
	CHECK_EQ(line("192.0.2.1# no space before the comment", &why, &p), ADDRLINE_PREFIX);
	CHECK_EQ(line("2001:db8::1   # a comment", &why, &p), ADDRLINE_PREFIX);

	CHECK_EQ(line("192.0.2.1 192.0.2.2", &why, &p), ADDRLINE_BAD);
	CHECK_STREQ(why, "more than one word (one address or prefix per line)");
	CHECK_EQ(line("192.0.2.1 x # c", &why, &p), ADDRLINE_BAD);
	CHECK_EQ(line("hello", &why, &p), ADDRLINE_BAD);
	CHECK_STREQ(why, "not an IP address or prefix");
	CHECK_EQ(line("10.0.0.0/4", &why, &p), ADDRLINE_BAD);
	CHECK_STREQ(why, "prefix too large: more than 16777216 addresses (IPv4 /8, IPv6 /104 at most)");
	/* a NUL or an 8-bit byte inside the word: never a valid address */
	CHECK_EQ(addrlist_parse_line("192.0.2.1\0junk", 14, &p, &why), ADDRLINE_BAD);
	CHECK_EQ(line("192.0.2.1\xc2\xa0", &why, &p), ADDRLINE_BAD);
	char longw[200];
	memset(longw, '1', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	CHECK_EQ(line(longw, &why, &p), ADDRLINE_BAD);

	char shown[ADDRLIST_SHOW_MAX + 4];
	addrlist_show("a\tb\x01" "c d", 7, shown);
	CHECK_STREQ(shown, "a?b?c?d");
	char big[300];
	memset(big, 'x', sizeof big);
	addrlist_show(big, sizeof big, shown);
	CHECK_EQ(strlen(shown), ADDRLIST_SHOW_MAX + 3);
	CHECK(strcmp(shown + ADDRLIST_SHOW_MAX, "...") == 0);
}

struct bads {
	char text[2048];
	size_t n;
};

static void on_bad(void *arg, const char *file, unsigned long lineno, const char *shown,
		   const char *why)
{
	struct bads *b = arg;
	b->n += (size_t)snprintf(b->text + b->n, sizeof b->text - b->n, "%s:%lu: %s: %s\n", file,
				 lineno, why, shown);
}

/* Every address addrlist gives for words and file content, space-joined. */
static int read_all(char *const *words, size_t nwords, const char *content, size_t len,
		    char *out, size_t outlen, struct bads *b, unsigned long *badcount)
{
	FILE *f = content ? fmemopen((void *)content, len, "r") : NULL;
	struct addrlist *l = malloc(sizeof *l);
	struct client_addr a;
	size_t n = 0;
	int r;
	memset(b, 0, sizeof *b);
	out[0] = '\0';
	addrlist_init(l, words, nwords, f, "hosts.txt");
	while ((r = addrlist_next(l, &a, on_bad, b)) == 1)
		n += (size_t)snprintf(out + n, outlen - n, "%s%s", n ? " " : "", a.text);
	*badcount = l->bad;
	free(l);
	if (f)
		fclose(f);
	return r;
}

static void test_reader(void)
{
	char got[4096];
	struct bads b;
	unsigned long bad;
	char *words[] = { "192.0.2.1", "198.51.100.0/31" };
	static const char file[] =
		"# clients of yesterday\n"
		"203.0.113.5\n"
		"\n"
		"not-an-address\n"
		"  203.0.113.6  # spaces and a comment\r\n"
		"203.0.113.7 203.0.113.8\n"
		"2001:db8::/127\n"
		"203.0.113.300\n"
		"203.0.113.9";              /* the last line without its newline */

	CHECK_EQ(read_all(words, 2, file, sizeof file - 1, got, sizeof got, &b, &bad), 0);
	CHECK_STREQ(got, "192.0.2.1 198.51.100.0 198.51.100.1 203.0.113.5 203.0.113.6 "
			 "2001:db8:: 2001:db8::1 203.0.113.9");
	CHECK_EQ(bad, 3);
	CHECK_STREQ(b.text,
		    "hosts.txt:4: not an IP address or prefix: not-an-address\n"
		    "hosts.txt:6: more than one word (one address or prefix per line): "
		    "203.0.113.7?203.0.113.8\n"
		    "hosts.txt:8: not an IP address or prefix: 203.0.113.300\n");

	/* a line past ADDRLIST_LINE_MAX: bad unless the excess is a comment;
	 * the lines after it are read as usual */
	size_t cap = 4 * ADDRLIST_LINE_MAX;
	char *big = malloc(cap);
	size_t n = 0;
	n += (size_t)snprintf(big + n, cap - n, "192.0.2.10 #");
	memset(big + n, 'c', 2 * ADDRLIST_LINE_MAX);
	n += 2 * ADDRLIST_LINE_MAX;
	big[n++] = '\n';
	memset(big + n, '1', ADDRLIST_LINE_MAX + 5);
	n += ADDRLIST_LINE_MAX + 5;
	n += (size_t)snprintf(big + n, cap - n, "\n192.0.2.11\n");
	CHECK_EQ(read_all(NULL, 0, big, n, got, sizeof got, &b, &bad), 0);
	CHECK_STREQ(got, "192.0.2.10 192.0.2.11");
	CHECK_EQ(bad, 1);
	CHECK(strncmp(b.text, "hosts.txt:2: line too long: 1111", 32) == 0);
	free(big);

	/* NUL bytes inside a line: that line only */
	static const char nul[] = "192.0.2.1\0x\n192.0.2.2\n";
	CHECK_EQ(read_all(NULL, 0, nul, sizeof nul - 1, got, sizeof got, &b, &bad), 0);
	CHECK_STREQ(got, "192.0.2.2");
	CHECK_STREQ(b.text, "hosts.txt:1: not an IP address or prefix: 192.0.2.1?x\n");

	/* an empty file, words only */
	CHECK_EQ(read_all(NULL, 0, "", 0, got, sizeof got, &b, &bad), 0);
	CHECK_STREQ(got, "");
	CHECK_EQ(read_all(words, 1, NULL, 0, got, sizeof got, &b, &bad), 0);
	CHECK_STREQ(got, "192.0.2.1");
}

static void test_tally(void)
{
	struct tally t;
	struct lookup r[3];
	CHECK(tally_init(&t, 3));
	memset(r, 0, sizeof r);
	r[0].state = LOOKUP_LISTED;
	r[1].state = LOOKUP_TEMPFAIL;
	r[1].fail = FAIL_TIMEOUT;
	r[2].state = LOOKUP_CLEAR;
	tally_add(&t, r, true);
	r[0].state = LOOKUP_ERROR;
	r[1].fail = FAIL_SERVFAIL;
	r[2].state = LOOKUP_TEMPFAIL;
	r[2].fail = FAIL_RESOLVER;
	tally_add(&t, r, false);
	CHECK_EQ(t.addresses, 2);
	CHECK_EQ(t.refused, 1);
	CHECK_EQ(t.list[0].listed, 1);
	CHECK_EQ(t.list[0].errors, 1);
	CHECK_EQ(t.list[1].timeouts, 1);
	CHECK_EQ(t.list[1].errors, 1);
	CHECK_EQ(t.list[2].listed + t.list[2].timeouts, 0);
	CHECK_EQ(t.list[2].errors, 1);
	tally_free(&t);
}

int main(void)
{
	test_prefix_parse();
	test_prefix_next();
	test_parse_line();
	test_reader();
	test_tally();
	return check_done("test_addrlist");
}
