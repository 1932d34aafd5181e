/* SPDX-License-Identifier: ISC */
/* Unit tests for rblcheck's pure modules: report (wording, JSON escaping)
 * and health (list health from probe answers, public resolvers). */
#include <stdbool.h>
#include <string.h>
#include "check.h"
#include "check/health.h"
#include "check/outcome.h"
#include "json.h"

static const char *const names[HEALTH_NPROBES] = {
	"127.0.0.2", "127.0.0.1", "198.51.100.7", "::ffff:7f00:2", "::ffff:7f00:1",
};

static void set_a(struct lookup *r, enum lookup_state st, unsigned char last)
{
	memset(r, 0, sizeof *r);
	r->state = st;
	if (st == LOOKUP_LISTED || st == LOOKUP_ERROR) {
		unsigned char v[4] = { 127, 0, 0, last };
		if (st == LOOKUP_ERROR) v[1] = v[2] = 255;
		memcpy(r->a[0], v, 4);
		memcpy(r->code, v, 4);
		r->na = 1;
		r->txt = TXT_DONE;
		strcpy(r->text, "why");
	}
}

static void fail(struct lookup *r, enum lookup_fail f, unsigned ms)
{
	memset(r, 0, sizeof *r);
	r->state = LOOKUP_TEMPFAIL;
	r->fail = f;
	r->ms = ms;
}

/* A healthy dual-stack list, then each probe bent in turn. */
static void healthy(struct lookup p[HEALTH_NPROBES])
{
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_LISTED, 2);
	set_a(&p[HEALTH_V4_CLEAR], LOOKUP_CLEAR, 0);
	set_a(&p[HEALTH_WILDCARD], LOOKUP_CLEAR, 0);
	set_a(&p[HEALTH_V6_LISTED], LOOKUP_LISTED, 2);
	set_a(&p[HEALTH_V6_CLEAR], LOOKUP_CLEAR, 0);
}

static struct action act(const char *zone, enum list_kind kind)
{
	struct action a;
	memset(&a, 0, sizeof a);
	a.spec.kind = kind;
	a.spec.weight = 1;
	strcpy(a.spec.zone, zone);
	return a;
}

static void test_health(void)
{
	struct lookup p[HEALTH_NPROBES];
	struct health_result h;
	struct action a = act("zen.example", LIST_BLOCK);

	healthy(p);
	p[HEALTH_V4_LISTED].ms = 12;
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK_STREQ(h.problem, "ok");
	CHECK_STREQ(health_ipv6_word(h.ipv6), "ok");
	CHECK_EQ(h.ms, 12);
	CHECK_STREQ(h.detail, "127.0.0.2 listed, 127.0.0.1 not listed; IPv6 ok");

	/* No IPv6 data is not a problem (RFC 5782: only where the list does IPv6). */
	healthy(p);
	set_a(&p[HEALTH_V6_LISTED], LOOKUP_CLEAR, 0);
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK_STREQ(health_ipv6_word(h.ipv6), "none");
	CHECK(strstr(h.detail, "IPv6 no data") != NULL);

	/* A only: healthy, said so. */
	healthy(p);
	p[HEALTH_V4_LISTED].text[0] = '\0';
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK(strstr(h.detail, "no TXT") != NULL);

	/* Wildcard: 127.0.0.1, or the documentation address, listed. */
	healthy(p);
	set_a(&p[HEALTH_V4_CLEAR], LOOKUP_LISTED, 2);
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "wildcard");
	CHECK(strstr(h.detail, "127.0.0.1") != NULL);
	healthy(p);
	set_a(&p[HEALTH_WILDCARD], LOOKUP_LISTED, 2);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "wildcard");
	CHECK(strstr(h.detail, "198.51.100.7") != NULL);
	CHECK(strstr(h.detail, "127.0.0.1") == NULL);
	healthy(p);
	set_a(&p[HEALTH_V6_CLEAR], LOOKUP_LISTED, 2);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "wildcard");
	CHECK_STREQ(health_ipv6_word(h.ipv6), "wildcard");

	/* Dead list: timeout on the test point. */
	healthy(p);
	fail(&p[HEALTH_V4_LISTED], FAIL_TIMEOUT, 5000);
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "timeout");
	CHECK_EQ(h.ms, 5000);
	CHECK(h.advice && strstr(h.advice, "dead"));
	healthy(p);
	fail(&p[HEALTH_V4_CLEAR], FAIL_SERVFAIL, 3);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "servfail");

	/* IPv6 queries that fail while IPv4 works. */
	healthy(p);
	fail(&p[HEALTH_V6_LISTED], FAIL_TIMEOUT, 5000);
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "timeout");
	CHECK_STREQ(health_ipv6_word(h.ipv6), "failed");
	CHECK(strstr(h.detail, "IPv6") != NULL);

	/* Error codes, whatever probe they come on, with their advice. */
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_ERROR, 254);
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "error");
	CHECK(h.has_code && h.code[3] == 254);
	CHECK(strstr(h.detail, "127.255.255.254 (open-resolver)") != NULL);
	CHECK(h.advice && strstr(h.advice, "public or open resolver"));
	CHECK_STREQ(health_ipv6_word(h.ipv6), "ok");
	set_a(&p[HEALTH_V6_LISTED], LOOKUP_ERROR, 254);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(health_ipv6_word(h.ipv6), "error");
	healthy(p);
	set_a(&p[HEALTH_WILDCARD], LOOKUP_ERROR, 255);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "error");
	CHECK(h.advice && strstr(h.advice, "DQS"));

	/* Test point missing: zone wrong or list empty. */
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_CLEAR, 0);
	set_a(&p[HEALTH_V6_LISTED], LOOKUP_CLEAR, 0);
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "not-listing");
	/* ... but answered and filtered out: the filter is the admin's choice. */
	p[HEALTH_V4_LISTED].na = 1;
	p[HEALTH_V4_LISTED].a[0][0] = 127;
	p[HEALTH_V4_LISTED].a[0][3] = 10;
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK(strstr(h.detail, "127.0.0.10") != NULL);
	/* IPv6-only list. */
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_CLEAR, 0);
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK(strstr(h.detail, "IPv6-only") != NULL);

	/* TXT of the test point never comes. */
	healthy(p);
	p[HEALTH_V4_LISTED].txt = TXT_FAILED;
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "txt-failed");

	/* Local files: readable is healthy, unreadable is not. */
	struct action f = act("/etc/rbl/local", LIST_BLOCK);
	f.spec.is_file = true;
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_CLEAR, 0);
	health_assess(&f, p, names, &h);
	CHECK(h.healthy);
	for (int k = 0; k < HEALTH_NPROBES; k++)
		fail(&p[k], FAIL_OTHER, 0);
	health_assess(&f, p, names, &h);
	CHECK(!h.healthy);
	CHECK_STREQ(h.problem, "unreadable");
}

/* No configured resolver answered (FAIL_RESOLVER): the resolver is named as
 * the problem, the list is not blamed, and nothing advises removing it. */
static void test_resolver_failed(void)
{
	struct lookup p[HEALTH_NPROBES];
	struct health_result h;
	struct action a = act("zen.example", LIST_BLOCK);

	for (int k = 0; k < HEALTH_NPROBES; k++)
		fail(&p[k], FAIL_RESOLVER, 3);
	CHECK_STREQ(outcome_result(&p[0]), "resolver");
	CHECK(outcome_resolver_failed(p, HEALTH_NPROBES));
	health_assess(&a, p, names, &h);
	CHECK(!h.healthy);
	CHECK(h.resolver_failed);
	CHECK_STREQ(h.problem, "resolver");
	CHECK_STREQ(h.detail, "127.0.0.2: no configured resolver answered, so the list was not checked");
	CHECK(h.advice && strstr(h.advice, "resolver") && !strstr(h.advice, "remove"));
	CHECK(strstr(HEALTH_RESOLVER_ADVICE, "remove") == NULL);

	/* Only the IPv6 probes' runs hit it: still the resolver, not "timeout". */
	healthy(p);
	fail(&p[HEALTH_V6_CLEAR], FAIL_RESOLVER, 3);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "resolver");
	CHECK(h.resolver_failed);
	CHECK(outcome_resolver_failed(p, HEALTH_NPROBES));

	/* Other failures are the list's (or the network's), as before. */
	healthy(p);
	fail(&p[HEALTH_V4_LISTED], FAIL_REFUSED, 3);
	CHECK(!outcome_resolver_failed(p, HEALTH_NPROBES));
	health_assess(&a, p, names, &h);
	CHECK(!h.resolver_failed);
	CHECK_STREQ(h.problem, "refused");
	/* a clear or listed lookup never counts, whatever its fail field says */
	healthy(p);
	p[HEALTH_V4_CLEAR].fail = FAIL_RESOLVER;
	CHECK(!outcome_resolver_failed(p, HEALTH_NPROBES));
	CHECK(!outcome_resolver_failed(p, 0));
}

static void test_ipv6_words(void)
{
	CHECK_STREQ(health_ipv6_word(HEALTH_IPV6_NONE), "none");
	CHECK_STREQ(health_ipv6_word(HEALTH_IPV6_OK), "ok");
	CHECK_STREQ(health_ipv6_word(HEALTH_IPV6_WILDCARD), "wildcard");
	CHECK_STREQ(health_ipv6_word(HEALTH_IPV6_FAILED), "failed");
	CHECK_STREQ(health_ipv6_word(HEALTH_IPV6_ERROR), "error");
	CHECK_STREQ(health_ipv6_word(HEALTH_IPV6_FILE), "file");
}

static void test_public(void)
{
	CHECK_STREQ(health_public_resolver("8.8.8.8"), "Google Public DNS");
	CHECK_STREQ(health_public_resolver("8.8.4.4"), "Google Public DNS");
	CHECK_STREQ(health_public_resolver("1.1.1.1"), "Cloudflare");
	CHECK_STREQ(health_public_resolver("1.0.0.1"), "Cloudflare");
	CHECK_STREQ(health_public_resolver("9.9.9.9"), "Quad9");
	CHECK_STREQ(health_public_resolver("149.112.112.112"), "Quad9");
	CHECK_STREQ(health_public_resolver("208.67.222.222"), "OpenDNS");
	CHECK_STREQ(health_public_resolver("208.67.220.220"), "OpenDNS");
	CHECK_STREQ(health_public_resolver("2001:4860:4860::8888"), "Google Public DNS");
	CHECK_STREQ(health_public_resolver("2001:4860:4860:0:0:0:0:8844"), "Google Public DNS");
	CHECK_STREQ(health_public_resolver("2606:4700:4700::1111"), "Cloudflare");
	CHECK_STREQ(health_public_resolver("2620:fe::fe"), "Quad9");
	CHECK_STREQ(health_public_resolver("::ffff:8.8.8.8"), "Google Public DNS");
	CHECK(health_public_resolver("127.0.0.1") == NULL);
	CHECK(health_public_resolver("127.0.0.53") == NULL);
	CHECK(health_public_resolver("8.8.8.9") == NULL);
	CHECK(health_public_resolver("::1") == NULL);
	CHECK(health_public_resolver("garbage") == NULL);
	CHECK(health_public_resolver("") == NULL);
	CHECK(health_public_resolver(NULL) == NULL);
}

static void test_advice(void)
{
	unsigned char c252[4] = { 127, 255, 255, 252 }, c254[4] = { 127, 255, 255, 254 };
	unsigned char c255[4] = { 127, 255, 255, 255 }, c10[4] = { 10, 0, 0, 2 };
	unsigned char c2[4] = { 127, 0, 0, 2 }, c200[4] = { 127, 255, 255, 200 };
	CHECK(strstr(health_error_advice(c252), "typo") != NULL);
	CHECK(strstr(health_error_advice(c254), "own recursive resolver") != NULL);
	CHECK(strstr(health_error_advice(c255), "rate-limited") != NULL);
	CHECK(strstr(health_error_advice(c10), "NXDOMAIN") != NULL);
	CHECK(strstr(health_error_advice(c200), "documentation") != NULL);
	CHECK(health_error_advice(c2) == NULL);
}

static void test_json(void)
{
	char out[64];
	CHECK_EQ(json_escape("plain", 5, out, sizeof out), 5);
	CHECK_STREQ(out, "plain");
	json_escape("a\"b\\c", 5, out, sizeof out);
	CHECK_STREQ(out, "a\\\"b\\\\c");
	json_escape("t\tn\nx\001\177\351", 8, out, sizeof out);
	CHECK_STREQ(out, "t\\u0009n\\u000ax\\u0001\\u007f\\u00e9");
	json_escape("nul\0in", 6, out, sizeof out);
	CHECK_STREQ(out, "nul\\u0000in");
	/* Cut at a character boundary, never in the middle of an escape. */
	char small[8];
	CHECK_EQ(json_escape("abcd\001", 5, small, sizeof small), 4);
	CHECK_STREQ(small, "abcd");
	CHECK_EQ(json_escape("abc", 3, small, 1), 0);
	CHECK_STREQ(small, "");
	CHECK_EQ(json_escape("x", 1, small, 0), 0);
}

static void test_outcome(void)
{
	struct action a = act("zen.example", LIST_BLOCK);
	struct lookup r;
	char out[OUTCOME_TEXT_MAX];

	set_a(&r, LOOKUP_LISTED, 2);
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "listed 127.0.0.2 \"why\"");
	CHECK_STREQ(outcome_result(&r), "listed");
	r.na = 2;
	r.a[1][0] = 127; r.a[1][3] = 4;
	r.text[0] = '\0';
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "listed 127.0.0.2,127.0.0.4 (no TXT)");
	r.txt = TXT_FAILED;
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "listed 127.0.0.2,127.0.0.4 (TXT lookup failed)");
	struct action m = a;
	m.spec.has_message = true;
	strcpy(m.spec.message, "go away %IP%\n");
	outcome_text(&m, &r, out, sizeof out);
	CHECK_STREQ(out, "listed 127.0.0.2,127.0.0.4 message \"go away %IP%?\"");

	set_a(&r, LOOKUP_CLEAR, 0);
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "clear");
	r.na = 1;
	r.a[0][0] = 127; r.a[0][3] = 11;
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "clear (127.0.0.11 filtered out)");

	set_a(&r, LOOKUP_ERROR, 254);
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "error 127.255.255.254 open-resolver");
	CHECK_STREQ(outcome_result(&r), "error");

	fail(&r, FAIL_TIMEOUT, 5000);
	CHECK_STREQ(outcome_result(&r), "timeout");
	fail(&r, FAIL_SERVFAIL, 1);
	CHECK_STREQ(outcome_result(&r), "servfail");
	fail(&r, FAIL_REFUSED, 1);
	CHECK_STREQ(outcome_result(&r), "refused");
	fail(&r, FAIL_BADANSWER, 1);
	CHECK_STREQ(outcome_result(&r), "badanswer");
	fail(&r, FAIL_OTHER, 1);
	outcome_text(&a, &r, out, sizeof out);
	CHECK_STREQ(out, "failed");
	memset(&r, 0, sizeof r);
	r.state = LOOKUP_SKIPPED;
	CHECK_STREQ(outcome_result(&r), "skipped");

	/* Many A values stay within the buffer. */
	set_a(&r, LOOKUP_LISTED, 2);
	r.na = 1000;
	for (int k = 0; k < LOOKUP_A_MAX; k++) {
		r.a[k][0] = 127; r.a[k][1] = 255; r.a[k][2] = 255; r.a[k][3] = 255;
	}
	char tiny[20];
	size_t n = outcome_a_values(&r, tiny, sizeof tiny);
	CHECK(n < sizeof tiny);
	CHECK_STREQ(tiny, "127.255.255.255");
}

/* A list after rblcheck -n has no test entry: not listing 127.0.0.2 is
 * fine, every other rule still applies. */
static void test_no_testpoints(void)
{
	struct lookup p[HEALTH_NPROBES];
	struct health_result h;
	struct action a = act("private.example", LIST_BLOCK);
	a.no_testpoints = true;

	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_CLEAR, 0);
	set_a(&p[HEALTH_V6_LISTED], LOOKUP_CLEAR, 0);
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK_STREQ(h.problem, "ok");
	CHECK_STREQ(h.detail, "no test entry (-n): 127.0.0.2 not listed, 127.0.0.1 not listed; IPv6 no data");
	/* a private list that has the entry after all: described as usual */
	healthy(p);
	health_assess(&a, p, names, &h);
	CHECK(h.healthy);
	CHECK_STREQ(h.detail, "127.0.0.2 listed, 127.0.0.1 not listed; IPv6 ok");
	/* still unhealthy: listing everything, dead, error codes */
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_CLEAR, 0);
	set_a(&p[HEALTH_WILDCARD], LOOKUP_LISTED, 2);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "wildcard");
	healthy(p);
	fail(&p[HEALTH_V4_CLEAR], FAIL_TIMEOUT, 5000);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "timeout");
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_ERROR, 254);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "error");
	/* without -n the same answers are a problem */
	a.no_testpoints = false;
	healthy(p);
	set_a(&p[HEALTH_V4_LISTED], LOOKUP_CLEAR, 0);
	set_a(&p[HEALTH_V6_LISTED], LOOKUP_CLEAR, 0);
	health_assess(&a, p, names, &h);
	CHECK_STREQ(h.problem, "not-listing");
}

int main(void)
{
	test_health();
	test_no_testpoints();
	test_public();
	test_advice();
	test_resolver_failed();
	test_ipv6_words();
	test_json();
	test_outcome();
	return check_done("test_rblcheck");
}
