/* SPDX-License-Identifier: ISC */
/* Unit tests for logline (the pure line parser) and stamp (time rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "logline.h"
#include "stamp.h"

static enum logline_kind parse(const char *s, struct logline *l)
{
	return logline_parse(s, strlen(s), l);
}

static int sveq(struct sv v, const char *s)
{
	return v.n == strlen(s) && memcmp(v.p, s, v.n) == 0;
}

static void test_classic(void)
{
	struct logline l;
	CHECK_EQ(parse("Jun 30 15:13:33 ns1 rblsmtpd: relays.ordb.org blocked 193.111.120.47 ordb-test.null.dk -", &l), LL_BLOCKED);
	CHECK(sveq(l.host, "ns1"));
	CHECK(sveq(l.list, "relays.ordb.org"));
	CHECK(sveq(l.ip, "193.111.120.47"));
	CHECK(sveq(l.rhost, "ordb-test.null.dk"));
	CHECK(sveq(l.info, "-"));
	CHECK_EQ(l.stamp.kind, LS_NOYEAR);
	CHECK_EQ(l.stamp.mon, 6);
	CHECK_EQ(l.stamp.mday, 30);
	CHECK_EQ(l.stamp.sod, 15 * 3600 + 13 * 60 + 33);
	/* space-padded day, journalctl pid tag, CRLF */
	CHECK_EQ(parse("Jan  3 00:00:01 mx rblsmtpd[42]: zen blocked 1.2.3.4 - -\r", &l), LL_BLOCKED);
	CHECK_EQ(l.stamp.mday, 3);
	CHECK(sveq(l.info, "-"));
	/* journalctl -o short zero-pads; short-precise has microseconds */
	CHECK_EQ(parse("Dec 03 23:59:59.123456 mx rblsmtpd[42]: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(l.stamp.mon, 12);
	CHECK_EQ(parse("Oct 10 10:10:10 mx postfix/smtpd[9]: connect from x", &l), LL_OTHER);
	/* rsyslog's file line of a message received as RFC 5424: no colon */
	CHECK_EQ(parse("2026-11-29T10:00:00+00:00 mx3 rblsmtpd zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK(sveq(l.host, "mx3"));
	CHECK(sveq(l.list, "zen"));
	CHECK_EQ(parse("2026-11-29T10:00:00+00:00 mx3 rblsmtpdx zen blocked 1.2.3.4 - -", &l), LL_OTHER);
	CHECK_EQ(parse("Nov 10 10:10:10 mx rblsmtpd: fatal: unable to run x", &l), LL_OTHER);
}

static void test_messages(void)
{
	struct logline l;
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen rejected 1.2.3.4 host.example - helo.x <a@b.example> <c@d.example>", &l), LL_REJECTED);
	CHECK(sveq(l.helo, "helo.x"));
	CHECK(sveq(l.from, "<a@b.example>"));
	CHECK(sveq(l.to, "<c@d.example>"));
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen timeout 1.2.3.4 -", &l), LL_WARNING);
	CHECK_EQ(l.event, LOGFMT_TIMEOUT);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen error 1.2.3.4 127.255.255.254=open-resolver", &l), LL_WARNING);
	CHECK_EQ(l.event, LOGFMT_ERROR);
	CHECK(sveq(l.detail, "127.255.255.254=open-resolver"));
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 zen 12 zen=listed:127.0.0.2@10,sc=timeout@5000,x=error:127.255.255.254@3,y=skipped@0", &l), LL_SUMMARY);
	CHECK_EQ(l.verdict, LV_553);
	CHECK_EQ(l.ms, 12);
	CHECK(sveq(l.by, "zen"));
	struct sv rest = l.results;
	struct logline_res r;
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK(sveq(r.zone, "zen"));
	CHECK_EQ(r.result, LR_LISTED);
	CHECK(sveq(r.code, "127.0.0.2"));
	CHECK_EQ(r.ms, 10);
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK_EQ(r.result, LR_TIMEOUT);
	CHECK_EQ(r.ms, 5000);
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK_EQ(r.result, LR_ERROR);
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK_EQ(r.result, LR_SKIPPED);
	CHECK_EQ(logline_next_result(&rest, &r), 0);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 accept - 0 -", &l), LL_SUMMARY);
	CHECK_EQ(l.results.n, 0);
	{	/* ten lists: the results column passes 255 bytes and still counts */
		char line[2048];
		int n = snprintf(line, sizeof line, "Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 451 zone0.example.org 7 ");
		for (int i = 0; i < 10; i++)
			n += snprintf(line + n, sizeof line - (size_t)n, "%szone%d.example.org=listed:127.0.0.2@%d",
				      i ? "," : "", i, i);
		CHECK(n > 300);
		CHECK_EQ(parse(line, &l), LL_SUMMARY);
	}
	/* djb's stderr line, with spaces and odd bytes in the text */
	CHECK_EQ(parse("@400000006a1b2c3d00000000 rblsmtpd: 1.2.3.4 pid 123: 451 you are listed \x01 go", &l), LL_DJB);
	CHECK(sveq(l.ip, "1.2.3.4"));
	CHECK(sveq(l.list, "-"));
	CHECK_EQ(l.verdict, LV_451);
	CHECK_EQ(l.host.n, 0);
}

static void test_stamps(void)
{
	struct logline l;
	CHECK_EQ(parse("@400000006a1b2c3d0000abcd rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(l.stamp.kind, LS_UTC);
	CHECK_EQ(l.stamp.secs, 0x6a1b2c3dLL - 10);
	CHECK_EQ(parse("2026-11-27T10:00:00.123+01:00 host rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(l.stamp.kind, LS_CIVIL);
	CHECK_EQ(l.stamp.secs, stamp_civil(2026, 11, 27, 36000));
	CHECK(sveq(l.host, "host"));
	CHECK_EQ(parse("2026-11-27T10:00:00+0100 host rblsmtpd[5]: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(parse("2026-11-27T10:00:00Z host rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(parse("<22>1 2026-11-27T10:00:00.123+01:00 host rblsmtpd - - - zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK(sveq(l.host, "host"));
	CHECK(sveq(l.list, "zen"));
	CHECK_EQ(parse("<22>1 2026-11-27T10:00:00Z host rblsmtpd 77 - [x@1 a=\"b\\]c\"] \xEF\xBB\xBFzen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(parse("<22>1 2026-11-27T10:00:00Z host sshd 77 - - hello", &l), LL_OTHER);
	CHECK_EQ(parse("<22>Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	/* tai64nlocal and svlogd -tt */
	CHECK_EQ(parse("2026-11-27 10:00:00.123456789 rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(l.host.n, 0);
	CHECK_EQ(parse("2026-11-27_10:00:00.12345 rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	/* bad stamps */
	CHECK_EQ(parse("2026-13-27T10:00:00Z h rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 32 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 25:13:33 h rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("@40000000zzzzzzzz00000000 rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("@3fffffff6a1b2c3d00000000 rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
}

static void test_hostile(void)
{
	struct logline l;
	CHECK_EQ(parse("", &l), LL_OTHER);
	CHECK_EQ(parse("-- Boot 1234 --", &l), LL_OTHER);
	CHECK_EQ(parse("\x01\x02\xff\xfe binary", &l), LL_SKIP);
	CHECK_EQ(parse("<", &l), LL_SKIP);
	CHECK_EQ(parse("<22>1", &l), LL_SKIP);
	CHECK_EQ(parse("@4000", &l), LL_SKIP);
	CHECK_EQ(parse("Jun", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd:", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd[12", &l), LL_OTHER);
	/* wrong field counts, unsanitised bytes, empty fields */
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 - - extra", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4  -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 \x7f -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen rejected 1.2.3.4 - - - -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: zen timeout 1.2.3.4", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 maybe - 0 -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 z 99999999999 -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 z 1 z=listed@x", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 z 1 z=bogus@1", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 z 1 z=clear@1,", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 z 1 =clear@1", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: summary 1.2.3.4 553 z 1 z=clear:1@1", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: 1.2.3.4 pid x: 451 t", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: 1.2.3.4 pid 1: 250 t", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:33 h rblsmtpd: something new here", &l), LL_OTHER);

	/* An overlong field, and an overlong line read from an exact-size
	 * buffer without a terminating NUL (ASan catches any overread). */
	size_t n = 100000;
	char *big = malloc(n);
	memset(big, 'a', n);
	memcpy(big, "Jun 30 15:13:33 h rblsmtpd: zen blocked ", 40);
	CHECK_EQ(logline_parse(big, n, &l), LL_SKIP);
	memcpy(big, "@400000006a1b2c3d00000000 rblsmtpd: 1.2.3.4 pid 1: 451 ", 56);
	CHECK_EQ(logline_parse(big, n, &l), LL_DJB);
	/* every prefix of a valid line parses without reading past its end */
	const char *ok = "<22>1 2026-11-27T10:00:00.123+01:00 host rblsmtpd 7 - [a b=\"c\"] summary 1.2.3.4 553 z 1 z=listed:127.0.0.2@1";
	for (size_t k = 0; k <= strlen(ok); k++) {
		char *cut = malloc(k ? k : 1);
		memcpy(cut, ok, k);
		logline_parse(cut, k, &l);
		free(cut);
	}
	CHECK_EQ(parse(ok, &l), LL_SUMMARY);
	free(big);
}

/* Random mutations of valid lines, each in an exact-size buffer, so ASan
 * sees any read past the end; the result must always be a valid kind. */
static void test_mutations(void)
{
	static const char *const seeds[] = {
		"Jun 30 15:13:33 ns1 rblsmtpd: relays.ordb.org blocked 193.111.120.47 x -",
		"2026-11-27T10:00:00.1+01:00 h rblsmtpd[1]: z rejected 1.2.3.4 - - h <a@b> <c@d>",
		"<22>1 2026-11-27T10:00:00Z h rblsmtpd - - [a b=\"]\"] summary 1.2.3.4 451 z 3 z=listed:127.0.0.2@1,y=error:127.255.255.254@2",
		"@400000006a1b2c3d00000000 rblsmtpd: 1.2.3.4 pid 1: 553 text",
		"2026-11-27 10:00:00.123 rblsmtpd: z timeout 1.2.3.4 -",
	};
	unsigned seed = 12345;
	bool all_valid = true;
	for (int i = 0; i < 40000; i++) {
		const char *src = seeds[i % 5];
		size_t n = strlen(src);
		char *buf = malloc(n);
		memcpy(buf, src, n);
		for (int k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			buf[at] = (char)(seed >> 16);
		}
		seed = seed * 1103515245u + 12345u;
		size_t len = i % 3 ? n : (seed >> 8) % (n + 1);   /* sometimes cut short */
		struct logline l;
		enum logline_kind k = logline_parse(buf, len, &l);
		all_valid &= k >= LL_OTHER && k <= LL_DJB;
		free(buf);
	}
	CHECK(all_valid);
}

/* The clock is checked as one word (B8): every byte value at every
 * position of "hh:mm:ss" gives what the byte-by-byte rule gives. */
static void test_clock_bytes(void)
{
	bool all_same = true;
	for (int pos = 0; pos < 8; pos++)
		for (int c = 0; c < 256; c++) {
			char line[] = "Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 - -";
			char *clk = line + 7;
			clk[pos] = (char)c;
			bool ok = true;
			for (int i = 0; i < 8; i++)
				ok &= i == 2 || i == 5 ? clk[i] == ':' : clk[i] >= '0' && clk[i] <= '9';
			int h = (clk[0] - '0') * 10 + clk[1] - '0', m = (clk[3] - '0') * 10 + clk[4] - '0';
			int sec = (clk[6] - '0') * 10 + clk[7] - '0';
			ok = ok && h <= 23 && m <= 59 && sec <= 60;
			struct logline l;
			enum logline_kind k = logline_parse(line, strlen(line), &l);
			if (k != (ok ? LL_BLOCKED : LL_SKIP) ||
			    (ok && l.stamp.sod != h * 3600 + m * 60 + (sec == 60 ? 59 : sec))) {
				all_same = false;
				fprintf(stderr, "# clock byte %d = %d: kind %d\n", pos, c, (int)k);
			}
		}
	CHECK(all_same);
	struct logline l;
	CHECK_EQ(parse("Jun 30 23:59:60 h rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(l.stamp.sod, 86399);
	CHECK_EQ(parse("Jun 30 24:00:00 h rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 30 15:13:3", &l), LL_SKIP);
	/* The tag, one word: any byte of it changed makes another program's line. */
	for (int pos = 0; pos < 8; pos++) {
		char line[] = "Jun 30 15:13:33 h rblsmtpd: zen blocked 1.2.3.4 - -";
		line[18 + pos] ^= 0x20;
		CHECK_EQ(parse(line, &l), LL_OTHER);
	}
}

static bool sv_same(struct sv a, struct sv b)
{
	return a.n == b.n && (a.n == 0 || a.p == b.p);
}

/* What a parse gives that anyone reads: the kind, the stamp, the fields. */
static bool same_parse(const struct logline *a, const struct logline *b)
{
	if (a->kind != b->kind || a->stamp.kind != b->stamp.kind || !sv_same(a->host, b->host))
		return false;
	if (a->stamp.kind == LS_NOYEAR &&
	    (a->stamp.mon != b->stamp.mon || a->stamp.mday != b->stamp.mday || a->stamp.sod != b->stamp.sod))
		return false;
	if ((a->stamp.kind == LS_CIVIL || a->stamp.kind == LS_UTC) && a->stamp.secs != b->stamp.secs)
		return false;
	switch (a->kind) {
	case LL_OTHER: case LL_SKIP:
		return true;
	case LL_DJB:
		return sv_same(a->ip, b->ip) && a->verdict == b->verdict && a->pid == b->pid;
	case LL_SUMMARY:
		return sv_same(a->ip, b->ip) && a->verdict == b->verdict && sv_same(a->by, b->by) &&
		       a->ms == b->ms && sv_same(a->results, b->results);
	case LL_WARNING:
		return sv_same(a->list, b->list) && sv_same(a->ip, b->ip) && a->event == b->event &&
		       sv_same(a->detail, b->detail);
	default:
		return sv_same(a->list, b->list) && sv_same(a->ip, b->ip) && sv_same(a->rhost, b->rhost) &&
		       sv_same(a->info, b->info) && sv_same(a->helo, b->helo) &&
		       sv_same(a->from, b->from) && sv_same(a->to, b->to);
	}
}

/* logline_parse_memo gives what logline_parse_lazy gives, line after line:
 * runs of lines sharing a stamp and host, with one byte changed here and
 * there (in the shared part too), in every stamp format (B8). */
static void test_memo(void)
{
	static const char *const seeds[] = {
		"Jun 30 15:13:33 ns1 rblsmtpd: relays.ordb.org blocked 193.111.120.47 x -",
		"Jun 30 15:13:33 ns1 rblsmtpd: summary 1.2.3.4 451 z 3 z=listed:127.0.0.2@1",
		"Jun 30 15:13:33 ns1 postfix/smtpd[12]: connect from unknown[1.2.3.4]",
		"Jun 30 15:13:33 rblsmtpd rblsmtpd: z blocked 1.2.3.4 x -",
		"Jun 30 15:13:33 rblsmtpd[1]x rblsmtpd: z blocked 1.2.3.4 x -",
		"2026-11-27T10:00:00.1+01:00 h rblsmtpd[1]: z rejected 1.2.3.4 - - h <a@b> <c@d>",
		"<22>Jun 30 15:13:33 ns1 rblsmtpd: z blocked 1.2.3.4 x -",
		"@400000006a1b2c3d00000000 rblsmtpd: 1.2.3.4 pid 1: 553 text",
		"@400000006a1b2c3d00000000 other: 1.2.3.4 pid 1: 553 text",
		"@400000006a1b2c3d00000000 relay rblsmtpd: z blocked 1.2.3.4 x -",
		"2026-11-27 10:00:00.123 rblsmtpd: z timeout 1.2.3.4 -",
		"2026-11-27 10:00:00.123 rblsmtpd: z timeout 1.2.3.4 -\r",
	};
	const int nseeds = (int)(sizeof seeds / sizeof seeds[0]);
	struct logprefix_memo memo = { 0 };
	unsigned seed = 777;
	bool all_same = true;
	int hits = 0;
	for (int i = 0; i < 100000 && all_same; i++) {
		seed = seed * 1103515245u + 12345u;
		const char *src = seeds[(i / 7 + (seed >> 20) % 2) % nseeds];  /* runs of one seed */
		size_t n = strlen(src);
		char *buf = malloc(n);
		memcpy(buf, src, n);
		if (i % 3 == 0) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			buf[at] = (char)(seed >> 16);
		}
		seed = seed * 1103515245u + 12345u;
		size_t len = i % 5 ? n : (seed >> 8) % (n + 1);
		struct logline a, b;
		memset(&a, 0, sizeof a);
		memset(&b, 0, sizeof b);
		size_t k = memo.k;
		hits += k && len > k && memcmp(buf, memo.bytes, k) == 0;
		logline_parse_lazy(buf, len, &a);
		logline_parse_memo(buf, len, &b, &memo);
		if (!same_parse(&a, &b)) {
			all_same = false;
			fprintf(stderr, "# memo differs on %d: %.*s\n", i, (int)len, buf);
		}
		free(buf);
	}
	CHECK(all_same);
	CHECK(hits > 30000);
}

static void test_year_rule(void)
{
	struct stamp_year g;
	int64_t now = stamp_civil(2026, 2, 15, 43200);

	/* A file spanning Dec -> Jan read in February: Dec is last year. */
	stamp_year_init(&g, now, 0);
	CHECK_EQ(stamp_year_of(&g, 12, 30, 0), 2025);
	CHECK_EQ(stamp_year_of(&g, 12, 31, 0), 2025);
	CHECK_EQ(stamp_year_of(&g, 1, 1, 0), 2026);
	CHECK_EQ(stamp_year_of(&g, 12, 31, 86399), 2025);  /* a merged straggler */
	CHECK_EQ(stamp_year_of(&g, 1, 2, 0), 2026);
	CHECK_EQ(stamp_year_of(&g, 2, 15, 0), 2026);
	/* A new file starts over. */
	stamp_year_reset(&g);
	CHECK_EQ(stamp_year_of(&g, 2, 16, 40000), 2026);   /* within a day ahead: still now */
	stamp_year_reset(&g);
	CHECK_EQ(stamp_year_of(&g, 2, 17, 0), 2025);       /* more than a day ahead: last year */
	stamp_year_reset(&g);
	CHECK_EQ(stamp_year_of(&g, 3, 1, 0), 2025);

	/* --year: the first line is in that year; the turn still rolls over. */
	stamp_year_init(&g, now, 2019);
	CHECK_EQ(stamp_year_of(&g, 11, 1, 0), 2019);
	CHECK_EQ(stamp_year_of(&g, 12, 31, 0), 2019);
	CHECK_EQ(stamp_year_of(&g, 1, 1, 0), 2020);
	CHECK_EQ(stamp_year_of(&g, 6, 1, 0), 2020);
	CHECK_EQ(stamp_year_of(&g, 12, 1, 0), 2020);       /* Jun -> Dec: forward, same year */
	CHECK_EQ(stamp_year_of(&g, 1, 1, 0), 2021);
}

static void test_calendar(void)
{
	CHECK_EQ(stamp_days(1970, 1, 1), 0);
	CHECK_EQ(stamp_days(2000, 3, 1), 11017);
	CHECK_EQ(stamp_days(2026, 11, 27), 20784);
	int y, m, d;
	stamp_civil_from_days(20784, &y, &m, &d);
	CHECK(y == 2026 && m == 11 && d == 27);
	for (int64_t k = -1000; k < 100000; k += 37) {
		stamp_civil_from_days(k, &y, &m, &d);
		if (stamp_days(y, m, d) != k) { CHECK(0); break; }
	}
	int64_t lo, hi;
	CHECK(stamp_parse_date("2026-02", &lo, &hi));
	CHECK_EQ(lo, stamp_civil(2026, 2, 1, 0));
	CHECK_EQ(hi, stamp_civil(2026, 2, 28, 86399));
	CHECK(stamp_parse_date("2024-02-29", &lo, &hi));
	CHECK(!stamp_parse_date("2026-02-29", &lo, &hi));
	CHECK(stamp_parse_date("2026-02-03T04:05", &lo, &hi));
	CHECK_EQ(hi - lo, 59);
	CHECK(stamp_parse_date("2026-02-03 04:05:06", &lo, &hi));
	CHECK_EQ(lo, hi);
	CHECK(!stamp_parse_date("yesterday", &lo, &hi));
	CHECK(!stamp_parse_date("2026-1", &lo, &hi));
	char out[16];
	stamp_format_month(2026 * 12 + 10, out);
	CHECK_STREQ(out, "2026-11");
	stamp_format_day(20784, out);
	CHECK_STREQ(out, "2026-11-27");
}

/* Impossible dates are not dates: Feb 30, Apr 31 never; Feb 29 only in a
 * leap year (which, for classic stamps, is known only after the year rule). */
static void test_impossible_dates(void)
{
	struct logline l;
	CHECK_EQ(parse("Feb 30 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("Apr 31 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("Jun 31 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("Dec 31 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(parse("2025-02-29T10:00:00Z mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("2100-02-29T10:00:00Z mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("2025-04-31 10:00:00.5 rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("<22>1 2025-09-31T10:00:00Z mx rblsmtpd - - - zen blocked 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(parse("2024-02-29T10:00:00Z mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	CHECK_EQ(l.stamp.secs, stamp_civil(2024, 2, 29, 36000));
	CHECK_EQ(parse("2000-02-29T10:00:00Z mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);

	/* Feb 29 classic: parsed, then refused by the year it lands in. */
	struct stamp_year g;
	struct stamp_tz z;
	int64_t civil = -1;
	stamp_tz_init(&z);
	CHECK_EQ(parse("Feb 29 10:00:00 mx rblsmtpd: zen blocked 1.2.3.4 - -", &l), LL_BLOCKED);
	stamp_year_init(&g, 0, 2025);
	CHECK(!stamp_resolve(&l.stamp, &g, &z, &civil));
	stamp_year_init(&g, 0, 2024);
	CHECK(stamp_resolve(&l.stamp, &g, &z, &civil));
	CHECK_EQ(civil, stamp_civil(2024, 2, 29, 36000));
	CHECK_EQ(stamp_month_days(2025, 2), 28);
	CHECK_EQ(stamp_month_days(2024, 2), 29);
	CHECK_EQ(stamp_month_days(1900, 2), 28);
	CHECK_EQ(stamp_month_days(2000, 2), 29);
	CHECK_EQ(stamp_month_days(2025, 11), 30);
}

/* Every result name is recognised, and a name one byte longer or shorter
 * is not (the entry matcher compares lengths first, B8). */
static void test_result_names(void)
{
	for (int i = 0; i < LR_COUNT; i++) {
		const char *name = logline_result_name((enum logline_result)i);
		bool code = i == LR_LISTED || i == LR_ERROR;
		char e[64];
		struct logline_res r;
		snprintf(e, sizeof e, "z=%s%s@7", name, code ? ":127.0.0.2" : "");
		struct sv rest = { e, strlen(e) };
		CHECK_EQ(logline_next_result(&rest, &r), 1);
		CHECK_EQ(r.result, i);
		CHECK_EQ(r.ms, 7);
		snprintf(e, sizeof e, "z=%sx@7", name);
		rest = (struct sv){ e, strlen(e) };
		CHECK_EQ(logline_next_result(&rest, &r), -1);
		snprintf(e, sizeof e, "z=%.*s@7", (int)strlen(name) - 1, name);
		rest = (struct sv){ e, strlen(e) };
		CHECK_EQ(logline_next_result(&rest, &r), -1);
	}
}

/* stamp_resolve_fast (B8) gives what stamp_resolve gives, and leaves the
 * same year state, over runs of repeated dates, Dec -> Jan turns, late
 * stragglers, Feb 29 in common and leap years and a file change. */
static void test_resolve_fast(void)
{
	struct stamp_year slow, fast;
	struct stamp_tz z;
	stamp_tz_init(&z);
	stamp_year_init(&slow, stamp_civil(2027, 6, 1, 0), 0);
	stamp_year_init(&fast, stamp_civil(2027, 6, 1, 0), 0);
	unsigned seed = 99;
	int mon = 10, mday = 1;
	bool same = true;
	int turns = 0;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 16;
		if (r % 97 == 0) {             /* next day, month, year */
			if (++mday > 29) { mday = 1; mon = mon % 12 + 1; }
		}
		struct logline_stamp st = { .kind = LS_NOYEAR, .mon = mon, .mday = mday,
					    .sod = (int)(r % 86400) };
		if (r % 1009 == 0)             /* a straggler from two months back */
			st.mon = (mon + 9) % 12 + 1;
		if (r % 50021 == 0) {          /* another file */
			stamp_year_reset(&slow);
			stamp_year_reset(&fast);
		}
		turns += st.mon == 1 && slow.last_mon == 12;
		int64_t a = -1, b = -1;
		bool ra = stamp_resolve(&st, &slow, &z, &a);
		bool rb = stamp_resolve_fast(&st, &fast, &z, &b);
		if (ra != rb || a != b || slow.year != fast.year || slow.last_mon != fast.last_mon) {
			same = false;
			break;
		}
	}
	CHECK(same);
	CHECK(turns > 3);                      /* the test went through Dec -> Jan */
	/* A new file starting on the date the last one ended on: its year is
	 * found again (here 2026, as Dec 2027 is after "now"), not remembered. */
	static const int seq[][2] = { { 3, 1 }, { 6, 1 }, { 9, 1 }, { 12, 5 }, { 0, 0 }, { 12, 5 } };
	int64_t got[2];
	stamp_year_init(&slow, stamp_civil(2027, 6, 1, 0), 0);
	for (int i = 0; i < 6; i++) {
		if (!seq[i][0]) {
			stamp_year_reset(&slow);
			continue;
		}
		struct logline_stamp st = { .kind = LS_NOYEAR, .mon = seq[i][0], .mday = seq[i][1] };
		CHECK(stamp_resolve_fast(&st, &slow, &z, &got[i == 5]));
	}
	CHECK_EQ(got[0], stamp_civil(2027, 12, 5, 0));
	CHECK_EQ(got[1], stamp_civil(2026, 12, 5, 0));
}

int main(void)
{
	test_impossible_dates();
	test_classic();
	test_messages();
	test_stamps();
	test_hostile();
	test_mutations();
	test_clock_bytes();
	test_year_rule();
	test_calendar();
	test_resolve_fast();
	test_result_names();
	test_memo();
	return check_done("test_stat_parse");
}
