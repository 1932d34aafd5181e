/* SPDX-License-Identifier: ISC */
/* Unit tests for dnsservers: every $DNSCACHEIP form, garbage, limits, and a
 * round trip through c-ares' own parser. */
#include <ares.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include "check.h"
#include "dnsservers.h"

static char csv[1024];

static int parse(const char *value)
{
	return dnsservers_parse(value, csv, sizeof csv);
}

#define EXPECT(value, n, text)              \
	do {                                \
		CHECK_EQ(parse(value), (n)); \
		CHECK_STREQ(csv, (text));   \
	} while (0)

static void test_forms(void)
{
	EXPECT("127.0.0.1", 1, "127.0.0.1:53");
	EXPECT("127.0.0.54.127.0.0.56", 2, "127.0.0.54:53,127.0.0.56:53");
	EXPECT("1.2.3.4.5.6.7.8.9.10.11.12", 3, "1.2.3.4:53,5.6.7.8:53,9.10.11.12:53");
	EXPECT("127.0.0.1 10.0.0.1", 2, "127.0.0.1:53,10.0.0.1:53");
	EXPECT("127.0.0.1,10.0.0.1", 2, "127.0.0.1:53,10.0.0.1:53");
	EXPECT(" ,\t127.0.0.1 ,, \t10.0.0.1,\n", 2, "127.0.0.1:53,10.0.0.1:53");
	EXPECT("127.0.0.1:5353", 1, "127.0.0.1:5353");
	EXPECT("127.0.0.1:1", 1, "127.0.0.1:1");
	EXPECT("127.0.0.1:65535", 1, "127.0.0.1:65535");
	EXPECT("::1", 1, "[::1]:53");
	EXPECT("fe80::1", 1, "[fe80::1]:53");
	EXPECT("2001:DB8:0:0:0:0:0:53", 1, "[2001:db8::53]:53");
	EXPECT("[::1]:5353", 1, "[::1]:5353");
	EXPECT("[2001:db8::1]", 1, "[2001:db8::1]:53");
	EXPECT("::ffff:127.0.0.1", 1, "[::ffff:127.0.0.1]:53");
	EXPECT("127.0.0.54.127.0.0.56 [::1]:54,10.1.1.1:55 fe80::2", 5,
	       "127.0.0.54:53,127.0.0.56:53,[::1]:54,10.1.1.1:55,[fe80::2]:53");
	/* leading zeros in the djb form are plain decimal */
	EXPECT("127.000.000.001", 1, "127.0.0.1:53");
}

static void test_garbage(void)
{
	EXPECT(NULL, 0, "");
	EXPECT("", 0, "");
	EXPECT("   ,,, \t", 0, "");
	const char *bad[] = {
		"localhost", "127.0.0", "127..0.0.1", "127.0..0.1", ".", "...",
		"256.0.0.1", "127.0.0.1000", "127.0.0.99999999999999", "127.0.0.1:", "127.0.0.1:0",
		"127.0.0.1:65536", "127.0.0.1:53:53", "127.0.0.1:5x", "127.0.0.1:-1", "127.1:53",
		"[::1", "[::1]x", "[::1]:", "[::1]:0", "[::1]:70000", "[127.0.0.1]:53", "[]:53",
		"::1:53:", ":::1", "fe80::1%eth0", "0.0.0.0", "0.0.0.0:53", "::", "[::]:53",
		"x1.2.3.4", "+1.2.3.4", "\x01\x02", "\xff\xfe", ".x.1.2.3.4",
		"[[::1]]:53", "127.0.0.257",
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		int n = parse(bad[k]);
		if (!CHECK_EQ(n, 0))
			printf("  accepted \"%s\" -> %s\n", bad[k], csv);
	}
	/* Garbage next to good pieces is skipped; the good ones stay in order. */
	EXPECT("bogus 127.0.0.1 256.1.1.1 ::1 [x]:1", 2, "127.0.0.1:53,[::1]:53");
	/* 0.0.0.0 inside a djb run is skipped, the rest kept. */
	EXPECT("0.0.0.0.127.0.0.9", 1, "127.0.0.9:53");

	/* An over-long piece is skipped, even if it starts like an address. */
	char big[70000];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	EXPECT(big, 0, "");
	memcpy(big, "127.0.0.1 ", 10);
	EXPECT(big, 1, "127.0.0.1:53");
}

/* COMPAT(0.88): djb's dns_rcip.c skipped every '.' between quads and
 * stopped at the first thing that was neither a dot nor a quad (ip4_scan),
 * keeping what it had; it did not fall back to /etc/resolv.conf then. */
static void test_djb_dots(void)
{
	EXPECT(".127.0.0.1", 1, "127.0.0.1:53");
	EXPECT("127.0.0.1.", 1, "127.0.0.1:53");
	EXPECT("..127.0.0.1...", 1, "127.0.0.1:53");
	EXPECT("127.0.0.54..127.0.0.56", 2, "127.0.0.54:53,127.0.0.56:53");
	EXPECT(".127.0.0.54.....127.0.0.56.", 2, "127.0.0.54:53,127.0.0.56:53");
	EXPECT("127.0.0.1.1", 1, "127.0.0.1:53");           /* "1" is no quad: stop */
	EXPECT("1.2.3.4.5.6.7", 1, "1.2.3.4:53");
	EXPECT("1.2.3.4x", 1, "1.2.3.4:53");
	EXPECT("1.2.3.4/32", 1, "1.2.3.4:53");
	EXPECT("127.0.0.54.x.127.0.0.56", 1, "127.0.0.54:53"); /* nothing after garbage */
	EXPECT("127.0.0.54..127..0.0.56", 1, "127.0.0.54:53");
	EXPECT("0.0.0.0..127.0.0.9.", 1, "127.0.0.9:53");
	/* the other pieces are still read (our extension: spaces, commas) */
	EXPECT(".127.0.0.1. 10.0.0.1.", 2, "127.0.0.1:53,10.0.0.1:53");
	/* 16 quads with dots between: all of them, and nothing past 16 */
	char value[1024] = "";
	size_t vn = 0;
	for (int k = 1; k <= DNSSERVERS_MAX + 1; k++)
		vn += (size_t)snprintf(value + vn, sizeof value - vn, "..10.0.0.%d", k);
	CHECK_EQ(parse(value), DNSSERVERS_MAX);
}

static void test_limits(void)
{
	char value[2048] = "";
	char want[2048] = "";
	size_t vn = 0, wn = 0;

	/* DNSSERVERS_MAX + 4 servers in djb's form: only the first MAX are kept. */
	for (int k = 1; k <= DNSSERVERS_MAX + 4; k++) {
		vn += (size_t)snprintf(value + vn, sizeof value - vn, "%s10.0.0.%d", k > 1 ? "." : "", k);
		if (k <= DNSSERVERS_MAX)
			wn += (size_t)snprintf(want + wn, sizeof want - wn, "%s10.0.0.%d:53",
					       k > 1 ? "," : "", k);
	}
	EXPECT(value, DNSSERVERS_MAX, want);

	/* Same with separate pieces. */
	vn = 0;
	for (int k = 1; k <= DNSSERVERS_MAX + 4; k++)
		vn += (size_t)snprintf(value + vn, sizeof value - vn, "10.0.0.%d ", k);
	EXPECT(value, DNSSERVERS_MAX, want);

	/* Buffer too small: -1, and never a write past csvlen. */
	char small[16];
	memset(small, 'Z', sizeof small);
	CHECK_EQ(dnsservers_parse("127.0.0.1", small, 12), -1); /* "127.0.0.1:53" needs 13 */
	CHECK_EQ(small[12], 'Z');
	memset(small, 'Z', sizeof small);
	CHECK_EQ(dnsservers_parse("127.0.0.1", small, 13), 1);
	CHECK_STREQ(small, "127.0.0.1:53");
	memset(small, 'Z', sizeof small);
	CHECK_EQ(dnsservers_parse("127.0.0.1 127.0.0.2", small, 13), -1);
	CHECK_EQ(small[13], 'Z');
	CHECK_EQ(dnsservers_parse("127.0.0.1", small, 0), -1);
	CHECK_EQ(small[0], '1'); /* untouched when csvlen is 0 */
	CHECK_EQ(dnsservers_parse("bogus", small, 1), 0);
	CHECK_STREQ(small, "");
	CHECK_EQ(dnsservers_parse("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", small, sizeof small), -1);
}

/* What we write must be what c-ares 1.18 reads back, port included. */
static void test_cares_round_trip(void)
{
	ares_channel channel;
	struct ares_addr_port_node *servers = NULL, *s;
	char text[INET6_ADDRSTRLEN];

	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
		return;
	if (ares_init(&channel) != ARES_SUCCESS) {
		ares_library_cleanup();
		return;
	}
	CHECK_EQ(parse("127.0.0.54.127.0.0.56 [::1]:5300 10.0.0.1:5301 fe80::9"), 5);
	CHECK_EQ(ares_set_servers_ports_csv(channel, csv), ARES_SUCCESS);
	CHECK_EQ(ares_get_servers_ports(channel, &servers), ARES_SUCCESS);
	const char *want_host[] = { "127.0.0.54", "127.0.0.56", "::1", "10.0.0.1", "fe80::9" };
	int want_port[] = { 53, 53, 5300, 5301, 53 };
	int k = 0;
	for (s = servers; s && k < 5; s = s->next, k++) {
		inet_ntop(s->family, &s->addr, text, sizeof text);
		CHECK_STREQ(text, want_host[k]);
		CHECK_EQ(s->udp_port, want_port[k]);
		CHECK_EQ(s->tcp_port, want_port[k]);
	}
	CHECK_EQ(k, 5);
	CHECK(s == NULL);
	ares_free_data(servers);
	ares_destroy(channel);
	ares_library_cleanup();
}

int main(void)
{
	test_forms();
	test_garbage();
	test_djb_dots();
	test_limits();
	test_cares_round_trip();
	return check_done("dnsservers");
}
