/* SPDX-License-Identifier: ISC */
/* Unit tests for listspec: every accepted form, every error, hostile input. */
#include <stdlib.h>
#include "check.h"
#include "listspec.h"

static bool parse(const char *arg, enum list_kind kind, struct list_spec *s, const char **err)
{
	*err = NULL;
	return listspec_parse(arg, kind, s, err);
}

/* Does the filter accept exactly the values in [lo, hi] for octet `which`,
 * all other octets being fixed at the given values? */
static bool accepts(const struct a_filter *f, unsigned a, unsigned b, unsigned c, unsigned d)
{
	unsigned char q[4] = { (unsigned char)a, (unsigned char)b, (unsigned char)c, (unsigned char)d };
	return afilter_match(f, q);
}

static void test_plain_zone(void)
{
	struct list_spec s;
	const char *err;

	CHECK(parse("zen.spamhaus.org", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "zen.spamhaus.org");
	CHECK_EQ(s.kind, LIST_BLOCK);
	CHECK(!s.is_file);
	CHECK(!s.has_filter);
	CHECK(!s.has_message);
	CHECK_EQ(s.weight, 1);
	CHECK(err == NULL);

	CHECK(parse("list.dnswl.org", LIST_ALLOW, &s, &err));
	CHECK_EQ(s.kind, LIST_ALLOW);
	CHECK_STREQ(s.zone, "list.dnswl.org");

	/* Any byte is kept in the zone; DNS decides later (compatibility with 0.88). */
	CHECK(parse("a..b", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "a..b");
}

static void test_file_zone(void)
{
	struct list_spec s;
	const char *err;

	CHECK(parse("/etc/rbl/local.txt", LIST_BLOCK, &s, &err));
	CHECK(s.is_file);
	CHECK_STREQ(s.zone, "/etc/rbl/local.txt");
	CHECK(parse("./white", LIST_ALLOW, &s, &err));
	CHECK(s.is_file);
	CHECK(parse("./bl=127.0.0.3*2:go away", LIST_BLOCK, &s, &err));
	CHECK(s.is_file);
	CHECK_STREQ(s.zone, "./bl");
	CHECK(s.has_filter);
	CHECK_EQ(s.weight, 2);
	CHECK_STREQ(s.message, "go away");
}

static void test_message(void)
{
	struct list_spec s;
	const char *err;

	CHECK(parse("bl.example:Blocked, see http://x/?ip=%IP%", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "bl.example");
	CHECK(s.has_message);
	CHECK_STREQ(s.message, "Blocked, see http://x/?ip=%IP%");

	/* Split at the first ':'; '=' and '*' inside the message are text. */
	CHECK(parse("bl.example:a=b*c:d", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "bl.example");
	CHECK(!s.has_filter);
	CHECK_EQ(s.weight, 1);
	CHECK_STREQ(s.message, "a=b*c:d");

	CHECK(parse("bl.example=127.0.0.2*3::leading colon", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.message, ":leading colon");

	CHECK(!parse("bl.example:", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty message");

	CHECK(!parse("list.dnswl.org:hello", LIST_ALLOW, &s, &err));
	CHECK_STREQ(err, "-a takes no message");
	CHECK(!parse("list.dnswl.org=127.0.[0..255].[2..3]:x", LIST_ALLOW, &s, &err));
	CHECK_STREQ(err, "-a takes no message");

	/* Longest message that fits, and one byte more. */
	char arg[LISTSPEC_MESSAGE_MAX + 16];
	strcpy(arg, "z:");
	memset(arg + 2, 'm', LISTSPEC_MESSAGE_MAX - 1);
	arg[2 + LISTSPEC_MESSAGE_MAX - 1] = '\0';
	CHECK(parse(arg, LIST_BLOCK, &s, &err));
	CHECK_EQ(strlen(s.message), LISTSPEC_MESSAGE_MAX - 1);
	arg[2 + LISTSPEC_MESSAGE_MAX - 1] = 'm';
	arg[2 + LISTSPEC_MESSAGE_MAX] = '\0';
	CHECK(!parse(arg, LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "message too long");

	/* Bytes outside ASCII pass through untouched (sanitised at reply time). */
	CHECK(parse("z:\x01\xff\t", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.message, "\x01\xff\t");
}

static void test_weight(void)
{
	struct list_spec s;
	const char *err;

	CHECK(parse("z*5", LIST_BLOCK, &s, &err));
	CHECK_EQ(s.weight, 5);
	CHECK(parse("z*-3", LIST_ALLOW, &s, &err));
	CHECK_EQ(s.weight, -3);
	CHECK(parse("z*+7", LIST_BLOCK, &s, &err));
	CHECK_EQ(s.weight, 7);
	CHECK(parse("z*0", LIST_BLOCK, &s, &err));
	CHECK_EQ(s.weight, 0);
	CHECK(parse("z*1000000", LIST_BLOCK, &s, &err));
	CHECK_EQ(s.weight, 1000000);
	CHECK(parse("z*-1000000", LIST_BLOCK, &s, &err));
	CHECK_EQ(s.weight, -1000000);
	CHECK(parse("z*007", LIST_BLOCK, &s, &err));
	CHECK_EQ(s.weight, 7);

	const char *bad[] = { "z*", "z*-", "z*+", "z*1000001", "z*-1000001", "z*1.5", "z*x",
			      "z* 1", "z*1 ", "z*99999999999999999999999", "z*--1", "z*1*2",
			      "z*1=127.0.0.2", "z**1" };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		err = NULL;
		if (!CHECK(!parse(bad[k], LIST_BLOCK, &s, &err)))
			printf("  accepted: %s\n", bad[k]);
		CHECK(err != NULL);
	}
	CHECK(!parse("z*x", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad weight");
	CHECK(!parse("z*1=127.0.0.2", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad list syntax");
}

static void test_filter_in_spec(void)
{
	struct list_spec s;
	const char *err;

	CHECK(parse("zen.spamhaus.org=127.0.0.[2..11]", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "zen.spamhaus.org");
	CHECK(s.has_filter);
	CHECK(!accepts(&s.filter, 127, 0, 0, 1));
	CHECK(accepts(&s.filter, 127, 0, 0, 2));
	CHECK(accepts(&s.filter, 127, 0, 0, 11));
	CHECK(!accepts(&s.filter, 127, 0, 0, 12));
	CHECK(!accepts(&s.filter, 127, 0, 1, 2));

	CHECK(parse("z=127.0.0.2*4:msg", LIST_BLOCK, &s, &err));
	CHECK(s.has_filter);
	CHECK_EQ(s.weight, 4);
	CHECK_STREQ(s.message, "msg");
	CHECK(accepts(&s.filter, 127, 0, 0, 2));
	CHECK(!accepts(&s.filter, 127, 0, 0, 3));

	CHECK(parse("z=127.0.0.2:msg", LIST_BLOCK, &s, &err));
	CHECK(s.has_filter);
	CHECK_EQ(s.weight, 1);

	CHECK(!parse("z=", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad filter");
	CHECK(!parse("z=*2", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad filter");
	CHECK(!parse("z=:m", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad filter");
	CHECK(!parse("z=127.0.0.2=127.0.0.3", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad filter");
}

static void test_afilter(void)
{
	struct a_filter f;

	CHECK(afilter_parse("127.0.0.2", &f));
	CHECK(accepts(&f, 127, 0, 0, 2));
	CHECK(!accepts(&f, 127, 0, 0, 3));
	CHECK(!accepts(&f, 126, 0, 0, 2));

	CHECK(afilter_parse("127.0.[0..255].[1;3]", &f));
	CHECK(accepts(&f, 127, 0, 0, 1));
	CHECK(accepts(&f, 127, 0, 255, 3));
	CHECK(accepts(&f, 127, 0, 128, 1));
	CHECK(!accepts(&f, 127, 0, 128, 2));
	CHECK(!accepts(&f, 127, 1, 128, 1));

	CHECK(afilter_parse("[0..255].[0..255].[0..255].[0..255]", &f));
	CHECK(accepts(&f, 0, 0, 0, 0));
	CHECK(accepts(&f, 255, 255, 255, 255));

	CHECK(afilter_parse("127.0.0.[1;3;5..7;255]", &f));
	unsigned want[] = { 1, 3, 5, 6, 7, 255 };
	int count = 0;
	for (unsigned v = 0; v < 256; v++)
		count += accepts(&f, 127, 0, 0, v);
	CHECK_EQ(count, 6);
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		CHECK(accepts(&f, 127, 0, 0, want[k]));

	CHECK(afilter_parse("127.0.0.[7..7]", &f));
	CHECK(accepts(&f, 127, 0, 0, 7));
	CHECK(afilter_parse("000.0.0.255", &f));
	CHECK(accepts(&f, 0, 0, 0, 255));

	const char *bad[] = {
		"", "=", ".", "...", "127", "127.0.0", "127.0.0.2.", "127.0.0.2.1", ".127.0.0.2",
		"127..0.2", "127.0.0.256", "127.0.0.1000", "127.0.0.99999999999999999999",
		"127.0.0.[", "127.0.0.]", "127.0.0.[]", "127.0.0.[2", "127.0.0.2]", "127.0.0.[[2]]",
		"127.0.0.[2;]", "127.0.0.[;2]", "127.0.0.[2;;3]", "127.0.0.[11..2]", "127.0.0.[2..]",
		"127.0.0.[..2]", "127.0.0.[2...3]", "127.0.0.[2..3..4]", "127.0.0.[1,2]",
		"127.0.0.[256]", "127.0.0.[1..256]", "127.0.0.-1", "127.0.0.+1", "127.0.0. 2",
		"127.0.0.2 ", " 127.0.0.2", "127.0.0.0x2", "a.b.c.d", "127.0.0.[2]x",
		"127.0.0.[2] ", "127.0.0.2\n",
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		if (!CHECK(!afilter_parse(bad[k], &f)))
			printf("  accepted: \"%s\"\n", bad[k]);

	/* A very long bracket list is fine as long as it is well-formed. */
	char big[4096];
	size_t n = 0;
	n += (size_t)snprintf(big + n, sizeof big - n, "127.0.0.[");
	for (unsigned v = 0; v < 256; v++)
		n += (size_t)snprintf(big + n, sizeof big - n, v ? ";%u" : "%u", v);
	snprintf(big + n, sizeof big - n, "]");
	CHECK(afilter_parse(big, &f));
	CHECK(accepts(&f, 127, 0, 0, 0));
	CHECK(accepts(&f, 127, 0, 0, 200));
}

static void test_bad_specs(void)
{
	struct list_spec s;
	const char *err;

	CHECK(!parse("", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty zone");
	CHECK(!parse("=", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty zone");
	CHECK(!parse("*2", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty zone");
	CHECK(!parse(":msg", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty zone");
	CHECK(!parse("=127.0.0.2", LIST_ALLOW, &s, &err));
	CHECK_STREQ(err, "empty zone");

	/* Zone length: LISTSPEC_ZONE_MAX-1 fits; a longer one is no usage error
	 * (rblsmtpd(8) Lists; 0.88 failed the lookup): too_long, shown cut. */
	char arg[LISTSPEC_ZONE_MAX + 8];
	memset(arg, 'a', LISTSPEC_ZONE_MAX - 1);
	arg[LISTSPEC_ZONE_MAX - 1] = '\0';
	CHECK(parse(arg, LIST_BLOCK, &s, &err));
	CHECK_EQ(strlen(s.zone), LISTSPEC_ZONE_MAX - 1);
	CHECK(!s.too_long);
	CHECK_STREQ(s.query, arg);
	arg[LISTSPEC_ZONE_MAX - 1] = 'a';
	arg[LISTSPEC_ZONE_MAX] = '\0';
	CHECK(parse(arg, LIST_BLOCK, &s, &err));
	CHECK(s.too_long);
	CHECK_EQ(strlen(s.zone), LISTSPEC_ZONE_MAX - 1);
	CHECK_EQ(strlen(s.query), LISTSPEC_ZONE_MAX - 1);
	memcpy(arg + LISTSPEC_ZONE_MAX, "=127.0", 7);
	CHECK(!parse(arg, LIST_BLOCK, &s, &err)); /* the rest is still checked */
	CHECK_STREQ(err, "bad filter");

	/* Very long hostile strings of each part. */
	size_t big = 100000;
	char *h = malloc(big + 1);
	if (!h)
		return;
	memset(h, 'x', big);
	h[big] = '\0';
	CHECK(parse(h, LIST_BLOCK, &s, &err));
	CHECK(s.too_long);
	h[big / 2] = '@'; /* a 50000-byte display name */
	CHECK(!parse(h, LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad display name");
	h[0] = 'z';
	h[1] = '=';
	memset(h + 2, '[', big - 2);
	CHECK(!parse(h, LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad filter");
	h[1] = '*';
	memset(h + 2, '9', big - 2);
	CHECK(!parse(h, LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad weight");
	h[1] = ':';
	CHECK(!parse(h, LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "message too long");
	free(h);

	/* A failed parse leaves a defined, empty struct behind. */
	CHECK(!parse("z=bad", LIST_BLOCK, &s, &err));
	CHECK(!s.has_message);
}

/* The key of key-based zones (Spamhaus DQS, Abusix) is never shown. */
static void test_key_len(void)
{
	static const struct { const char *zone; const char *shown; } rows[] = {
		{ "KEY123.zen.dq.spamhaus.net", "zen.dq.spamhaus.net" },
		{ "abcdefghijklmnopqrstuvwxyz.dbl.dq.spamhaus.net", "dbl.dq.spamhaus.net" },
		{ "k.sbl.dq.spamhaus.net.", "sbl.dq.spamhaus.net." },     /* trailing dot */
		{ "K.ZEN.DQ.SPAMHAUS.NET", "ZEN.DQ.SPAMHAUS.NET" },       /* any case */
		{ ".k..zen.dq.spamhaus.net", "zen.dq.spamhaus.net" },     /* stray dots */
		{ "a.b.zen.dq.spamhaus.net", "zen.dq.spamhaus.net" },     /* all before the list */
		{ "KEY.combined.mail.abusix.zone", "combined.mail.abusix.zone" },
		{ "KEY.black.mail.abusix.zone", "black.mail.abusix.zone" },
		{ "KEY.exploit.mail.abusix.zone", "exploit.mail.abusix.zone" },
		/* no key to hide */
		{ "zen.dq.spamhaus.net", "zen.dq.spamhaus.net" },
		{ ".zen.dq.spamhaus.net", ".zen.dq.spamhaus.net" },
		{ "dq.spamhaus.net", "dq.spamhaus.net" },
		{ "combined.mail.abusix.zone", "combined.mail.abusix.zone" },
		{ "zen.spamhaus.org", "zen.spamhaus.org" },
		{ "KEY.zen.xdq.spamhaus.net", "KEY.zen.xdq.spamhaus.net" }, /* not the suffix */
		{ "KEY.zen.dq.spamhaus.net.example", "KEY.zen.dq.spamhaus.net.example" },
		{ "", "" },
		{ ".", "." },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len = strlen(rows[i].zone);
		size_t k = listspec_key_len(rows[i].zone, len);
		CHECK(k <= len);
		CHECK_STREQ(rows[i].zone + k, rows[i].shown);
	}

	/* Through the parser: shown without the key, queried with it. */
	struct list_spec s;
	const char *err;
	CHECK(parse("KEY123.zen.dq.spamhaus.net=127.0.0.[2..11]*2:blocked %IP%", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "zen.dq.spamhaus.net");
	CHECK_STREQ(s.query, "KEY123.zen.dq.spamhaus.net");
	CHECK(s.has_filter && s.weight == 2 && s.has_message);
	CHECK(parse("KEY123.combined.mail.abusix.zone", LIST_ALLOW, &s, &err));
	CHECK_STREQ(s.zone, "combined.mail.abusix.zone");
	/* a file path is shown as it is */
	CHECK(parse("/etc/KEY.zen.dq.spamhaus.net", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "/etc/KEY.zen.dq.spamhaus.net");
}

/* "name@zone": the admin's display name. */
static void test_display_name(void)
{
	struct list_spec s;
	const char *err;

	CHECK(parse("spamhaus@KEY.zen.dq.spamhaus.net=127.0.0.[2..11]*3:msg a@b", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "spamhaus");
	CHECK_STREQ(s.query, "KEY.zen.dq.spamhaus.net");
	CHECK(s.has_filter && s.weight == 3);
	CHECK_STREQ(s.message, "msg a@b");
	CHECK(parse("mine@secret.example.net", LIST_ALLOW, &s, &err));
	CHECK_STREQ(s.zone, "mine");
	CHECK_STREQ(s.query, "secret.example.net");
	CHECK(!s.is_file);
	CHECK(parse("local@/etc/rbl/my.list", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "local");
	CHECK_STREQ(s.query, "/etc/rbl/my.list");
	CHECK(s.is_file);
	/* '@' after a '/' belongs to the path; '@' only in the message is no name */
	CHECK(parse("/var/lib/rbl/a@b.list", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "/var/lib/rbl/a@b.list");
	CHECK_STREQ(s.query, "/var/lib/rbl/a@b.list");
	CHECK(parse("bl.example:mail postmaster@example.org", LIST_BLOCK, &s, &err));
	CHECK_STREQ(s.zone, "bl.example");
	CHECK_STREQ(s.query, "bl.example");
	/* no name, or one that cannot fill a log column */
	CHECK(!parse("@bl.example", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad display name");
	CHECK(!parse("my list@bl.example", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad display name");
	CHECK(!parse("x\001@bl.example", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "bad display name");
	CHECK(!parse("name@", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty zone");
	CHECK(!parse("name@=127.0.0.2", LIST_BLOCK, &s, &err));
	CHECK_STREQ(err, "empty zone");
}

int main(void)
{
	test_plain_zone();
	test_file_zone();
	test_message();
	test_weight();
	test_filter_in_spec();
	test_afilter();
	test_bad_specs();
	test_key_len();
	test_display_name();
	return check_done("listspec");
}
