/* SPDX-License-Identifier: ISC */
/* Unit tests of ipsyntax (rbldnsd's address syntax) and ascii, called
 * directly; test_localist checks the same syntax through whole list files. */
#include <string.h>
#include "ascii.h"
#include "check.h"
#include "ipsyntax.h"

/* Parse the whole of s as an IPv4 range: first..last, or "bad". */
static const char *range4(const char *s, char *out, size_t outlen)
{
	const char *end = s + strlen(s), *next = NULL;
	uint32_t a, b;
	if (!ipsyntax_ip4_range(s, end, &next, &a, &b))
		return "bad";
	snprintf(out, outlen, "%u.%u.%u.%u-%u.%u.%u.%u rest=\"%s\"", a >> 24, a >> 16 & 255,
		 a >> 8 & 255, a & 255, b >> 24, b >> 16 & 255, b >> 8 & 255, b & 255, next);
	return out;
}

static void test_ascii(void)
{
	CHECK(ascii_is_digit('0') && ascii_is_digit('9'));
	CHECK(!ascii_is_digit('a') && !ascii_is_digit('/') && !ascii_is_digit(':'));
	CHECK(!ascii_is_digit((char)0xb9)); /* superscript one in Latin-1 */
	CHECK_EQ(ascii_hex_value('0'), 0);
	CHECK_EQ(ascii_hex_value('9'), 9);
	CHECK_EQ(ascii_hex_value('a'), 10);
	CHECK_EQ(ascii_hex_value('F'), 15);
	CHECK_EQ(ascii_hex_value('g'), -1);
	CHECK_EQ(ascii_hex_value('G'), -1);
	CHECK_EQ(ascii_hex_value('\0'), -1);
	CHECK_EQ(ascii_hex_value((char)0xc1), -1);
}

static void test_ip4(void)
{
	char buf[80];
	const char *next;
	uint32_t a;
	const char *s = "10.1x";

	CHECK_EQ(ipsyntax_mask4(0), 0);
	CHECK_EQ(ipsyntax_mask4(8), 0xff000000u);
	CHECK_EQ(ipsyntax_mask4(32), 0xffffffffu);
	CHECK_EQ(ipsyntax_ip4_prefix(s, s + 5, &next, &a), 16);
	CHECK_EQ(a, 0x0a010000u);
	CHECK_STREQ(next, "x");
	s = "256.1";
	CHECK_EQ(ipsyntax_ip4_prefix(s, s + 5, &next, &a), -1);
	/* bounded by end, not by the NUL */
	s = "10.2.3.4";
	CHECK_EQ(ipsyntax_ip4_prefix(s, s + 4, &next, &a), 16);
	CHECK_EQ(a, 0x0a020000u);

	CHECK_STREQ(range4("127.0.0.2", buf, sizeof buf), "127.0.0.2-127.0.0.2 rest=\"\"");
	CHECK_STREQ(range4("10.1", buf, sizeof buf), "10.1.0.0-10.1.255.255 rest=\"\"");
	CHECK_STREQ(range4("10/8 x", buf, sizeof buf), "10.0.0.0-10.255.255.255 rest=\" x\"");
	CHECK_STREQ(range4("10.8.0.0/23", buf, sizeof buf), "10.8.0.0-10.8.1.255 rest=\"\"");
	CHECK_STREQ(range4("1.2.3.4-1.2.3.9", buf, sizeof buf), "1.2.3.4-1.2.3.9 rest=\"\"");
	CHECK_STREQ(range4("1.2.3.4-9", buf, sizeof buf), "1.2.3.4-1.2.3.9 rest=\"\"");
	CHECK_STREQ(range4("10.1-20", buf, sizeof buf), "10.1.0.0-10.20.255.255 rest=\"\"");
	CHECK_STREQ(range4("10", buf, sizeof buf), "bad");        /* bare number */
	CHECK_STREQ(range4("0.0.0.0/0", buf, sizeof buf), "bad"); /* /0 */
	CHECK_STREQ(range4("10.0.0.1/8", buf, sizeof buf), "bad"); /* host bits */
	CHECK_STREQ(range4("1.2.3.9-1.2.3.4", buf, sizeof buf), "bad");
	CHECK_STREQ(range4("1.2.3.4/33", buf, sizeof buf), "bad");
	CHECK_STREQ(range4("1.2.3.4-1.2", buf, sizeof buf), "bad");
}

static void test_ip6(void)
{
	unsigned char ap[16], want[16];
	const char *next;
	const char *s = "2001:db8::1/128 x";

	memset(want, 0, sizeof want);
	want[0] = 0x20; want[1] = 0x01; want[2] = 0x0d; want[3] = 0xb8; want[15] = 1;
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + strlen(s), &next, ap), 128);
	CHECK(memcmp(ap, want, 16) == 0);
	CHECK_STREQ(next, " x");
	s = "2001:DB8";
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + strlen(s), &next, ap), 32);
	CHECK(memcmp(ap, want, 4) == 0);
	s = "::";
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + 2, &next, ap), 128);
	s = "2001";
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + 4, &next, ap), -1); /* one bare group */
	/* eight groups end the address; the caller refuses what follows */
	s = "1:2:3:4:5:6:7:8::";
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + strlen(s), &next, ap), 128);
	CHECK_STREQ(next, "::");
	s = "2001:db8::/129";
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + strlen(s), &next, ap), -1);
	s = "12345::";
	CHECK_EQ(ipsyntax_ip6_cidr(s, s + strlen(s), &next, ap), -1);

	memset(ap, 0xff, sizeof ap);
	CHECK(!ipsyntax_mask6(ap, 60));
	CHECK_EQ(ap[7], 0xf0);
	CHECK_EQ(ap[8], 0);
	CHECK(ipsyntax_mask6(ap, 60));
}

static void test_a_value(void)
{
	unsigned char a[4];
	const char *next;
	const char *cases[][2] = {
		{ "2", "127.0.0.2" }, { "127.2", "127.0.0.2" }, { "10.1.2", "10.1.0.2" },
		{ "127.0.0.4", "127.0.0.4" }, { "0", NULL }, { "x", NULL }, { "300", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i][0];
		char got[20] = "bad";
		if (ipsyntax_a_value(s, s + strlen(s), &next, a))
			snprintf(got, sizeof got, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		CHECK_STREQ(got, cases[i][1] ? cases[i][1] : "bad");
	}
}

int main(void)
{
	test_ascii();
	test_ip4();
	test_ip6();
	test_a_value();
	return check_done("test_ipsyntax");
}
