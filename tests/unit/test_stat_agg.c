/* SPDX-License-Identifier: ISC */
/* Unit tests for agg (counting rules), topk (bounded top-N) and hist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agg.h"
#include "check.h"
#include "hist.h"
#include "stamp.h"
#include "topk.h"

static struct agg *new_agg(enum agg_by by, const char *const *lists, size_t n)
{
	struct agg_config cfg = { .by = by, .since = INT64_MIN, .until = INT64_MAX,
				  .lists = lists, .nlists = n, .top_cap = 100 };
	return agg_new(&cfg);
}

/* Parse with a fixed year so tests do not depend on today's date. */
static void feed(struct agg *a, const char *line)
{
	struct logline l;
	struct stamp_year g;
	struct stamp_tz z;
	int64_t civil = 0;
	stamp_year_init(&g, 0, 2026);
	stamp_tz_init(&z);
	bool has = logline_parse(line, strlen(line), &l) != LL_SKIP &&
		   stamp_resolve(&l.stamp, &g, &z, &civil);
	agg_add(a, &l, has, civil);
}

static const struct agg_list *list_named(struct agg *a, const char *name)
{
	struct sv s = { name, strlen(name) };
	return &a->lists[agg_list_index(a, s)];
}

static void test_counts(void)
{
	struct agg *a = new_agg(AGG_BY_MONTH, NULL, 0);
	feed(a, "Jan 10 10:00:00 h1 rblsmtpd: zen blocked 1.2.3.4 - -");
	feed(a, "Jan 10 10:00:01 h1 rblsmtpd: zen rejected 1.2.3.4 - - helo <x@Spam.EXAMPLE> <Joe@Example.org>");
	feed(a, "Jan 10 10:00:02 h1 rblsmtpd: zen rejected 1.2.3.4 - - helo <> <joe@example.org>");
	feed(a, "Feb 10 10:00:00 h2 rblsmtpd: sc blocked 1.2.3.9 - -");
	feed(a, "Feb 10 10:00:00 h2 rblsmtpd: sc timeout 1.2.3.9 -");
	feed(a, "Feb 10 10:00:00 h2 rblsmtpd: sc servfail 1.2.3.9 -");
	feed(a, "Feb 10 10:00:00 h2 postfix: hello");
	feed(a, "garbage");
	CHECK_EQ(a->tot.lines, 8);
	CHECK_EQ(a->tot.other, 1);
	CHECK_EQ(a->tot.skipped, 1);
	CHECK_EQ(a->tot.refusals, 2);
	CHECK_EQ(a->tot.rejected, 2);
	CHECK_EQ(a->tot.warnings, 2);
	CHECK_EQ(list_named(a, "zen")->refusals, 1);
	CHECK_EQ(list_named(a, "zen")->rcpts, 2);
	CHECK_EQ(list_named(a, "sc")->warn[LE_TIMEOUT], 1);
	CHECK_EQ(list_named(a, "sc")->warn[LE_SERVFAIL], 1);
	CHECK_EQ(a->nperiods, 2);
	agg_sort_periods(a);
	CHECK_EQ(a->periods[0].key, 2026 * 12 + 0);
	CHECK_EQ(a->periods[0].total, 1);
	CHECK_EQ(a->periods[1].key, 2026 * 12 + 1);
	/* top tables: /24 network merges both clients; domains lowercased */
	const struct topk_entry *e[4];
	CHECK_EQ(topk_sorted(&a->networks, e, 4), 1);
	CHECK_STREQ(e[0]->key, "1.2.3.0/24");
	CHECK_EQ(e[0]->count, 2);
	CHECK_EQ(topk_sorted(&a->senders, e, 4), 2);
	CHECK_EQ(topk_sorted(&a->recipients, e, 4), 1);
	CHECK_STREQ(e[0]->key, "joe@example.org");
	CHECK_EQ(e[0]->count, 2);
	CHECK_EQ(topk_sorted(&a->hosts, e, 4), 2);
	agg_free(a);
}

/* A stamp that names no real date is an unparsable line, not next month's. */
static void test_impossible_dates(void)
{
	struct agg *a = new_agg(AGG_BY_MONTH, NULL, 0);
	feed(a, "Feb 29 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -");   /* 2026: common */
	feed(a, "Feb 30 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -");
	feed(a, "2026-04-31T10:00:00Z mx rblsmtpd: zen blocked 1.2.3.4 - -");
	feed(a, "Mar  1 10:00:00 mx rblsmtpd: zen blocked 1.2.3.5 - -");
	CHECK_EQ(a->tot.lines, 4);
	CHECK_EQ(a->tot.skipped, 3);
	CHECK_EQ(a->tot.undated, 0);
	CHECK_EQ(a->tot.refusals, 1);
	CHECK_EQ(a->nperiods, 1);
	agg_free(a);
}

static void test_summaries(void)
{
	struct agg *a = new_agg(AGG_BY_DAY, NULL, 0);
	feed(a, "Jan 10 10:00:00 h rblsmtpd: summary 1.1.1.1 553 a 10 a=listed:127.0.0.2@10,b=listed:127.0.0.2@20,c=clear@30");
	feed(a, "Jan 10 10:00:00 h rblsmtpd: summary 1.1.1.2 553 a 10 a=listed:127.0.0.2@12,b=clear@20,c=skipped@0");
	feed(a, "Jan 10 10:00:00 h rblsmtpd: summary 1.1.1.3 451 c 10 a=timeout@5000,b=clear@21,c=listed:127.0.0.4@30");
	feed(a, "Jan 10 10:00:00 h rblsmtpd: summary 1.1.1.4 accept - 10 a=clear@11,b=clear@22,c=error:127.255.255.254@31");
	const struct agg_list *A = list_named(a, "a"), *B = list_named(a, "b"), *C = list_named(a, "c");
	CHECK_EQ(a->tot.summaries, 4);
	CHECK_EQ(a->tot.verdict[LV_553], 2);
	CHECK_EQ(a->tot.verdict[LV_451], 1);
	CHECK_EQ(a->tot.verdict[LV_ACCEPT], 1);
	CHECK_EQ(A->listed, 2);
	CHECK_EQ(A->unique, 1);
	CHECK_EQ(B->listed, 1);
	CHECK_EQ(B->unique, 0);
	CHECK_EQ(C->listed, 1);
	CHECK_EQ(C->unique, 1);
	int ia = agg_list_index(a, (struct sv){ "a", 1 }), ib = agg_list_index(a, (struct sv){ "b", 1 });
	CHECK_EQ(a->overlap[ia][ib], 1);
	CHECK_EQ(a->overlap[ib][ia], 1);
	CHECK_EQ(a->overlap[ia][ia], 2);
	CHECK_EQ(C->res[LR_SKIPPED], 1);
	CHECK_EQ(C->res[LR_ERROR], 1);
	CHECK_EQ(C->lat.n, 3);               /* skipped is not a latency */
	CHECK_EQ(hist_quantile(&A->lat, 50), 11);
	CHECK_EQ(hist_quantile(&A->lat, 95), 5000);
	CHECK_EQ(a->tot.refusals, 0);        /* summaries are not refusals */
	/* Complete outcomes: refusing summaries without a "skipped" list. */
	CHECK_EQ(a->tot.refused_complete, 2);
	CHECK_EQ(a->tot.refused_partial, 1);
	agg_free(a);
}

static void test_djb_and_filters(void)
{
	const char *only[] = { "zen", "-" };
	struct agg *a = new_agg(AGG_BY_MONTH, only, 2);
	agg_file_begin(a);
	/* -l stderr: the blocked line then djb's line for the same connection */
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: zen blocked 5.5.5.5 - -");
	feed(a, "2026-03-01T10:00:01Z h rblsmtpd: 5.5.5.5 pid 9: 553 go away");
	/* a djb line alone is a refusal with list "-" */
	feed(a, "2026-03-01T10:00:02Z h rblsmtpd: 6.6.6.6 pid 9: 451 later");
	/* too late to be the same connection */
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: zen blocked 7.7.7.7 - -");
	feed(a, "2026-03-01T10:01:00Z h rblsmtpd: 7.7.7.7 pid 9: 553 go away");
	/* filtered by --list */
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: other blocked 8.8.8.8 - -");
	agg_file_end(a);
	CHECK_EQ(a->tot.djb, 3);
	CHECK_EQ(a->tot.djb_dup, 1);
	CHECK_EQ(a->tot.refusals, 4);
	CHECK_EQ(a->tot.filtered, 1);
	CHECK_EQ(list_named(a, "-")->refusals, 2);
	CHECK(!list_named(a, "other")->selected);
	agg_free(a);

	/* -l stderr under tcpserver into multilog: djb's line comes first, other
	 * connections' lines fall between the two lines of one refusal. */
	a = new_agg(AGG_BY_MONTH, NULL, 0);
	agg_file_begin(a);
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: 1.1.1.1 pid 10: 451 no");
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: 2.2.2.2 pid 11: 553 no");
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: 1.1.1.1 pid 12: 451 no");   /* same IP again */
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: 3.3.3.3 pid 13: 451 no");   /* $RBLSMTPD-like */
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: bl.test blocked 2.2.2.2 - -");
	feed(a, "2026-03-01T10:00:01Z h rblsmtpd: bl.test blocked 1.1.1.1 - -");
	feed(a, "2026-03-01T10:00:01Z h rblsmtpd: RBLSMTPD blocked 3.3.3.3 - -");
	feed(a, "2026-03-01T10:00:01Z h rblsmtpd: bl.test blocked 1.1.1.1 - -");
	feed(a, "2026-03-01T10:00:02Z h rblsmtpd: 4.4.4.4 pid 14: 451 no");   /* 0.88 alone */
	agg_file_end(a);
	CHECK_EQ(a->tot.refusals, 5);
	CHECK_EQ(a->tot.djb, 5);
	CHECK_EQ(a->tot.djb_dup, 4);
	CHECK_EQ(list_named(a, "bl.test")->refusals, 3);
	CHECK_EQ(list_named(a, "RBLSMTPD")->refusals, 1);
	CHECK_EQ(list_named(a, "-")->refusals, 1);
	agg_free(a);
	/* A djb line waits PAIR_WINDOW seconds for its blocked line, no more. */
	a = new_agg(AGG_BY_MONTH, NULL, 0);
	agg_file_begin(a);
	feed(a, "2026-03-01T10:00:00Z h rblsmtpd: 1.1.1.1 pid 10: 451 no");
	feed(a, "2026-03-01T10:00:06Z h rblsmtpd: bl.test blocked 1.1.1.1 - -");
	agg_file_end(a);
	CHECK_EQ(a->tot.refusals, 2);
	CHECK_EQ(a->tot.djb_dup, 0);
	agg_free(a);

	struct agg_config cfg = { .by = AGG_BY_MONTH, .top_cap = 10 };
	CHECK(stamp_parse_date("2026-02", &cfg.since, &cfg.until));
	a = agg_new(&cfg);
	feed(a, "2026-01-31T23:59:59Z h rblsmtpd: zen blocked 1.1.1.1 - -");
	feed(a, "2026-02-01T00:00:00Z h rblsmtpd: zen blocked 1.1.1.1 - -");
	feed(a, "2026-02-28T23:59:59Z h rblsmtpd: zen blocked 1.1.1.1 - -");
	feed(a, "2026-03-01T00:00:00Z h rblsmtpd: zen blocked 1.1.1.1 - -");
	feed(a, "<22>1 - h rblsmtpd - - - zen blocked 1.1.1.1 - -");
	CHECK_EQ(a->tot.refusals, 2);
	CHECK_EQ(a->tot.filtered, 2);
	CHECK_EQ(a->tot.undated, 1);
	agg_free(a);
}

static void test_list_overflow(void)
{
	struct agg *a = new_agg(AGG_BY_MONTH, NULL, 0);
	char line[128];
	for (int i = 0; i < AGG_LISTS_MAX + 10; i++) {
		snprintf(line, sizeof line, "2026-03-01T10:00:00Z h rblsmtpd: list%d.example blocked 1.1.1.1 - -", i);
		feed(a, line);
	}
	CHECK_EQ(a->nlists, AGG_LISTS_MAX);
	CHECK_EQ(a->lists[AGG_OTHER].refusals, 10);
	CHECK_EQ(a->tot.refusals, AGG_LISTS_MAX + 10);
	agg_free(a);
}

static void test_topk(void)
{
	struct topk t;
	CHECK(topk_init(&t, 4, TOPK_KEY_MAX));
	const char *keys[] = { "a", "b", "c", "d" };
	for (int i = 0; i < 4; i++)
		for (int k = 0; k <= (i < 2 ? i * 10 : i * 400 - 200); k++)
			topk_add(&t, keys[i], 1, 1);
	CHECK_EQ(t.evicted, 0);
	/* Distinct one-off keys churn the small slots; c (601) and d (1001) are
	 * above N/cap = 1914/4 and so must survive with exact counts. */
	char buf[16];
	for (int i = 0; i < 300; i++) {
		int n = snprintf(buf, sizeof buf, "x%d", i);
		topk_add(&t, buf, (size_t)n, 1);
	}
	CHECK(t.evicted >= 298 && t.evicted <= 302);
	const struct topk_entry *e[4];
	CHECK_EQ(topk_sorted(&t, e, 4), 4);
	CHECK_STREQ(e[0]->key, "d");
	CHECK_EQ(e[0]->count, 1001);
	CHECK_EQ(e[0]->err, 0);
	CHECK_STREQ(e[1]->key, "c");
	CHECK_EQ(e[1]->count, 601);
	/* the churned slots carry their error bound, and never undercount */
	CHECK(e[2]->count >= e[2]->err && e[2]->err > 0);
	CHECK_EQ(t.total, 1 + 11 + 601 + 1001 + 300);
	/* a key longer than the table's limit is cut, not overflowed */
	char longkey[600];
	memset(longkey, 'k', sizeof longkey);
	topk_add(&t, longkey, sizeof longkey, 5000);
	CHECK_EQ(topk_sorted(&t, e, 1), 1);
	CHECK_EQ(strlen(e[0]->key), TOPK_KEY_MAX - 1);
	topk_free(&t);
}

static void test_hist(void)
{
	struct hist h = { 0 };
	CHECK_EQ(hist_quantile(&h, 50), -1);
	for (uint32_t i = 1; i <= 100; i++)
		hist_add(&h, i);
	CHECK_EQ(hist_quantile(&h, 50), 50);
	CHECK_EQ(hist_quantile(&h, 95), 95);
	CHECK_EQ(hist_bucket(99), 99);
	CHECK_EQ(hist_lower(hist_bucket(1234)), 1200);
	CHECK_EQ(hist_lower(hist_bucket(4000000000u)), 100000);
	for (int b = 0; b < HIST_BUCKETS; b++)
		if (hist_bucket(hist_lower(b)) != b) { CHECK(0); break; }
}

static void test_helpers(void)
{
	char out[LOGLINE_FIELD_MAX + 1];
	struct sv s;
	s = (struct sv){ "<A@B.Example>", 13 };
	CHECK_EQ(agg_sender_domain(s, out), 9);
	CHECK_STREQ(out, "b.example");
	s = (struct sv){ "<>", 2 };
	agg_sender_domain(s, out);
	CHECK_STREQ(out, "<>");
	s = (struct sv){ "postmaster", 10 };
	agg_sender_domain(s, out);
	CHECK_STREQ(out, "postmaster");
	char net[64];
	agg_network((struct sv){ "2001:db8:aa:bb::1", 17 }, net);
	CHECK_STREQ(net, "2001:db8:aa::/48");
	agg_network((struct sv){ "not-an-ip", 9 }, net);
	CHECK_STREQ(net, "not-an-ip");
}

/* The B8 fast paths (canonical dotted quads copied as text, lowercasing
 * eight bytes at a time) give what the slow ones give. */
static void test_fast_paths(void)
{
	static const struct { const char *ip, *net; } nets[] = {
		{ "192.0.2.77", "192.0.2.0/24" }, { "0.0.0.0", "0.0.0.0/24" },
		{ "255.255.255.255", "255.255.255.0/24" }, { "1.2.3.4", "1.2.3.0/24" },
		{ "010.001.002.003", "10.1.2.0/24" }, { "1.02.3.4", "1.2.3.0/24" },
		{ "1.2.3.04", "1.2.3.0/24" }, { "256.1.1.1", "256.1.1.1" },
		{ "1.2.3", "1.2.3" }, { "1.2.3.4.", "1.2.3.4." }, { "1.2.3.4444", "1.2.3.4444" },
		{ "1.2.3.", "1.2.3." }, { "1..2.3", "1..2.3" }, { "1.2.3.4x", "1.2.3.4x" },
	};
	char net[64], out[LOGLINE_FIELD_MAX + 1];
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		size_t n = agg_network((struct sv){ nets[i].ip, strlen(nets[i].ip) }, net);
		CHECK_STREQ(net, nets[i].net);
		CHECK_EQ(n, strlen(nets[i].net));
	}
	/* Every byte value at every position of a 20-byte address. */
	char in[21], want[21];
	for (int pos = 0; pos < 20; pos++)
		for (int c = 1; c < 256; c++) {
			memset(in, 'Q', 20);
			in[pos] = (char)c;
			for (int k = 0; k < 20; k++) {
				unsigned char b = (unsigned char)in[k];
				want[k] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			}
			want[20] = '\0';
			agg_address((struct sv){ in, 20 }, out);
			if (memcmp(out, want, 21) != 0) {
				CHECK_STREQ(out, want);
				return;
			}
		}
	CHECK_EQ(agg_address((struct sv){ "<MiXeD.Case@Example.ORG>", 24 }, out), 22);
	CHECK_STREQ(out, "mixed.case@example.org");
}

int main(void)
{
	test_impossible_dates();
	test_counts();
	test_summaries();
	test_djb_and_filters();
	test_list_overflow();
	test_topk();
	test_hist();
	test_helpers();
	test_fast_paths();
	return check_done("test_stat_agg");
}
