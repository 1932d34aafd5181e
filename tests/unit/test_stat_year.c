/* SPDX-License-Identifier: ISC */
/* Unit tests for the year rule anchored on the file (rblstat(1) THE YEAR
 * RULE): stamp_year_latest, the pre-pass (yearscan) and its agreement with
 * the counting pass (stamp_year_of over logline_parse's stamps). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "logline.h"
#include "logprefix.h"
#include "reader.h"
#include "stamp.h"
#include "yearscan.h"

static const char *const MON[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int64_t at(int y, int m, int d, int h)
{
	return stamp_civil(y, m, d, h * 3600);
}

static void test_latest(void)
{
	/* The last line is dated no later than the anchor, as late as it can. */
	CHECK_EQ(stamp_year_latest(12, 31, 0, at(2026, 1, 2, 0)), 2025);
	CHECK_EQ(stamp_year_latest(1, 1, 0, at(2026, 1, 2, 0)), 2026);
	CHECK_EQ(stamp_year_latest(1, 2, 0, at(2026, 1, 2, 0)), 2026);     /* the anchor itself */
	CHECK_EQ(stamp_year_latest(1, 2, 1, at(2026, 1, 2, 0)), 2025);     /* one second after */
	CHECK_EQ(stamp_year_latest(12, 6, 0, at(2026, 12, 7, 0)), 2026);
	CHECK_EQ(stamp_year_latest(12, 8, 0, at(2026, 12, 7, 0)), 2025);
	/* Feb 29 only in a leap year: the latest one that is not after the anchor. */
	CHECK_EQ(stamp_year_latest(2, 29, 0, at(2027, 3, 1, 0)), 2024);
	CHECK_EQ(stamp_year_latest(2, 29, 0, at(2024, 3, 1, 0)), 2024);
	CHECK_EQ(stamp_year_latest(2, 29, 0, at(2024, 2, 28, 0)), 2020);
	CHECK_EQ(stamp_year_latest(2, 29, 0, at(2101, 3, 1, 0)), 2096);    /* 2100 is common */
}

/* A log as text: one line per stamp "Mon DD" (a classic rblsmtpd line). */
static size_t log_of(char *buf, size_t cap, const int (*md)[2], size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, cap - k, "%s %2d 12:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -\n",
				      MON[md[i][0] - 1], md[i][1]);
	return k;
}

/* The counting pass over the same bytes: every line the reader delivers,
 * dated as pipeline.c's count_batch dates it. Returns the year it gave the
 * latest classic line; *after is set when any line is dated after the
 * anchor. */
static int count_pass(const char *buf, size_t n, int64_t anchor, int first_year, bool *after)
{
	int64_t latest = INT64_MIN;
	struct stamp_year g;
	stamp_year_init(&g, 0, 0);
	stamp_year_file(&g, anchor, first_year);
	*after = false;
	int last = 0;
	const char *p = buf, *end = buf + n;
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		struct logline l;
		logline_parse(p, (size_t)(nl - p), &l);
		if (l.stamp.kind == LS_NOYEAR) {
			int y = stamp_year_of(&g, l.stamp.mon, l.stamp.mday, l.stamp.sod);
			int64_t t = stamp_civil(y, l.stamp.mon, l.stamp.mday, l.stamp.sod);
			if (t > anchor)
				*after = true;
			if (t > latest) {
				latest = t;
				last = y;
			}
		}
		p = nl + 1;
	}
	return last;
}

static void scan_all(struct yearscan *ys, const char *buf, size_t n)
{
	yearscan_init(ys);
	yearscan_feed(ys, buf, n);
	ys->complete = true;
}

static void test_scan_basic(void)
{
	char buf[8192];
	struct yearscan ys;
	/* A December 2025 log rotated on 2026-01-01, read at any later time:
	 * its anchor is its mtime plus a day. */
	static const int dec[][2] = { { 12, 1 }, { 12, 15 }, { 12, 31 } };
	size_t n = log_of(buf, sizeof buf, dec, 3);
	scan_all(&ys, buf, n);
	int64_t anchor = at(2026, 1, 2, 0);
	CHECK_EQ(yearscan_first_year(&ys, anchor), 2025);
	CHECK_EQ(ys.rel, 0);
	/* Dec -> Jan: the last line one year after the first. */
	static const int turn[][2] = { { 12, 20 }, { 12, 31 }, { 1, 1 }, { 1, 10 } };
	n = log_of(buf, sizeof buf, turn, 4);
	scan_all(&ys, buf, n);
	CHECK_EQ(ys.rel, 1);
	CHECK_EQ(yearscan_first_year(&ys, at(2026, 1, 11, 0)), 2025);
	/* Merged hosts: a Dec straggler after Jan lines, last: the latest line
	 * is the Jan one. */
	static const int merged[][2] = { { 11, 30 }, { 12, 31 }, { 1, 1 }, { 12, 31 } };
	n = log_of(buf, sizeof buf, merged, 4);
	scan_all(&ys, buf, n);
	CHECK_EQ(ys.rel, 1);
	CHECK_EQ(ys.mon, 1);
	CHECK_EQ(yearscan_first_year(&ys, at(2026, 1, 2, 0)), 2025);
	/* Out of order within a year: the latest line, not the last, is anchored. */
	static const int back[][2] = { { 3, 10 }, { 2, 1 } };
	n = log_of(buf, sizeof buf, back, 2);
	scan_all(&ys, buf, n);
	CHECK_EQ(ys.mon, 3);
	CHECK_EQ(yearscan_first_year(&ys, at(2026, 2, 5, 0)), 2025);
	/* Three turns: a log never rotated. */
	static const int years[][2] = { { 3, 1 }, { 9, 1 }, { 1, 1 }, { 7, 1 }, { 1, 1 }, { 7, 1 },
					{ 1, 1 }, { 6, 30 } };
	n = log_of(buf, sizeof buf, years, 8);
	scan_all(&ys, buf, n);
	CHECK_EQ(ys.rel, 3);
	CHECK_EQ(yearscan_first_year(&ys, at(2026, 12, 1, 0)), 2023);
	/* Nothing classic, or not complete: no first year. */
	scan_all(&ys, "2026-01-01T00:00:00Z mx rblsmtpd: zen blocked 192.0.2.1 - -\n", 58);
	CHECK(!ys.seen);
	CHECK_EQ(yearscan_first_year(&ys, anchor), 0);
	n = log_of(buf, sizeof buf, dec, 3);
	yearscan_init(&ys);
	yearscan_feed(&ys, buf, n);
	CHECK_EQ(yearscan_first_year(&ys, anchor), 0);
}

static void test_scan_lines(void)
{
	struct yearscan ys;
	/* Other programs' lines, a "<pri>", skipped lines with a good stamp and
	 * CRLF take part; ISO and TAI64N stamps, bad dates, RFC 5424 and
	 * journal markers do not. */
	const char *log =
		"Jul  1 00:00:00 mx postfix/smtpd[1]: connect\n"
		"<22>Aug  1 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1\n"  /* skipped line: too few fields */
		"2026-01-01T00:00:00Z mx rblsmtpd: zen blocked 192.0.2.1 - -\n"
		"<22>1 2026-01-01T00:00:00Z mx rblsmtpd - - - zen blocked 192.0.2.1 - -\n"
		"-- Boot 1234 --\n"
		"Feb 30 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -\n"
		"Jan  5 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -\r\n"
		"Jan  5 00:00:00\n";  /* a stamp and nothing else: a bad line, a good stamp */
	scan_all(&ys, log, strlen(log));
	CHECK_EQ(ys.rel, 1);                 /* Jul -> Aug -> Jan */
	CHECK_EQ(ys.mon, 1);
	CHECK_EQ(ys.mday, 5);
	/* An unterminated last line is cut: not scanned (nor counted). */
	const char *cut = "Dec 30 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -\nJan  1 00:00:00 mx rbl";
	scan_all(&ys, cut, strlen(cut));
	CHECK_EQ(ys.mon, 12);
	CHECK_EQ(ys.rel, 0);
	/* A line longer than READER_LINE_MAX is not a line, in one piece or
	 * many; one of exactly READER_LINE_MAX bytes is. */
	const char *first = "Dec 30 00:00:00 mx rblsmtpd: zen blocked 192.0.2.1 - -\n";
	size_t f = strlen(first);
	char *buf = malloc(f + READER_LINE_MAX + 2);
	for (size_t extra = 0; extra < 2; extra++) {
		size_t n = f + READER_LINE_MAX + extra + 1;   /* the second line: MAX + extra bytes */
		memcpy(buf, first, f);
		memset(buf + f, 'a', n - f);
		memcpy(buf + f, "Jan  1 00:00:00 x ", 18);
		buf[n - 1] = '\n';
		scan_all(&ys, buf, n);
		CHECK_EQ(ys.mon, extra ? 12 : 1);
		yearscan_init(&ys);
		for (size_t i = 0; i < n; i += 1000)
			yearscan_feed(&ys, buf + i, n - i < 1000 ? n - i : 1000);
		CHECK_EQ(ys.mon, extra ? 12 : 1);
	}
	free(buf);
}

/* Fed in pieces of every size, the scan is the same. */
static void test_scan_pieces(void)
{
	char buf[8192];
	static const int md[][2] = { { 11, 30 }, { 12, 31 }, { 1, 1 }, { 12, 31 }, { 1, 2 },
				     { 7, 1 }, { 1, 3 }, { 2, 28 } };
	size_t n = log_of(buf, sizeof buf, md, 8);
	struct yearscan whole, ys;
	scan_all(&whole, buf, n);
	bool same = true;
	for (size_t piece = 1; piece < 140; piece++) {
		yearscan_init(&ys);
		for (size_t i = 0; i < n; i += piece)
			yearscan_feed(&ys, buf + i, n - i < piece ? n - i : piece);
		same &= ys.rel == whole.rel && ys.mon == whole.mon && ys.mday == whole.mday &&
			ys.sod == whole.sod && ys.seen;
	}
	CHECK(same);
	CHECK_EQ(whole.rel, 2);
	CHECK_EQ(whole.mon, 2);
}

/* logprefix_classic says LS_NOYEAR exactly when logline_parse does, also
 * from a line's first YEARSCAN_HEAD bytes. */
static void test_classic_agrees(void)
{
	static const char *const lines[] = {
		"Jun 30 15:13:33 ns1 rblsmtpd: relays.ordb.org blocked 193.111.120.47 x -",
		"Jun 30 15:13:33.123456789012345678901234567890123456789012345678901234567890 h rblsmtpd: z blocked 1.2.3.4 - -",
		"Jun 30 15:13:33. h rblsmtpd: z blocked 1.2.3.4 - -",
		"<13>Jun 30 15:13:33 h rblsmtpd: z blocked 1.2.3.4 - -",
		"<13>Jun 30 15:13:33",
		"<1234>Jun 30 15:13:33 h x",
		"<12345>Jun 30 15:13:33 h x",
		"<13>1 2026-01-01T00:00:00Z h rblsmtpd - - - z blocked 1.2.3.4 - -",
		"<13>",
		"Jun 30 15:13:33\r",
		"Jun 30 15:13:3\r",
		"Jun 31 15:13:33 h x",
		"Feb 29 00:00:00 h x",
		"Jun  1 24:00:00 h x",
		"Jun 1 00:00:00 h x",
		"Jun 01 00:00:60 h x",
		"jun 01 00:00:00 h x",
		"Jux 01 00:00:00 h x",
		"2026-11-27T10:00:00Z h rblsmtpd: z blocked 1.2.3.4 - -",
		"@4000000069280e5a1c2d3e4f rblsmtpd: z blocked 1.2.3.4 - -",
		"-- Boot --",
		"",
	};
	bool agree = true, head_agrees = true;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct logline l;
		struct logline_stamp st, st2;
		size_t len = strlen(lines[i]);
		logline_parse(lines[i], len, &l);
		bool c = logprefix_classic(lines[i], len, &st) != NULL;
		size_t h = len < YEARSCAN_HEAD ? len : YEARSCAN_HEAD;
		bool c2 = logprefix_classic(lines[i], h, &st2) != NULL;
		if (c != (l.stamp.kind == LS_NOYEAR) ||
		    (c && (st.mon != l.stamp.mon || st.mday != l.stamp.mday || st.sod != l.stamp.sod))) {
			agree = false;
			printf("# classic disagrees on: %s\n", lines[i]);
		}
		if (c2 != c || (c && (st2.mon != st.mon || st2.mday != st.mday || st2.sod != st.sod))) {
			head_agrees = false;
			printf("# head disagrees on: %s\n", lines[i]);
		}
	}
	CHECK(agree);
	CHECK(head_agrees);
}

/* The pre-pass and the counting pass agree on random logs: the counting
 * pass, started at the first year the scan gives, dates the last classic
 * line from the anchor and no line after it. Logs span up to five years,
 * with merged-host stragglers, other programs' lines and bad lines. */
static void test_agreement(void)
{
	static char buf[1 << 16];
	unsigned seed = 12345;
	int bad = 0, after = 0;
	for (int round = 0; round < 500; round++) {
		size_t k = 0;
		int mon = 1 + (int)(seed % 12);
		int nlines = 5 + (int)((seed >> 8) % 150);
		for (int i = 0; i < nlines && k + 200 < sizeof buf; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 16;
			int m = mon;
			if (r % 10 == 0)
				mon = mon % 12 + 1;                   /* the log moves on */
			if (r % 37 == 1)
				m = (mon + 10) % 12 + 1;              /* a straggler from the month before */
			int d = 1 + (int)((r >> 4) % 28);
			switch (r % 7) {
			case 0:
				k += (size_t)snprintf(buf + k, sizeof buf - k, "%s %2d 00:00:%02u mx postfix: x\n",
						      MON[m - 1], d, r % 60);
				break;
			case 1:
				k += (size_t)snprintf(buf + k, sizeof buf - k, "%s %2d 00:00:%02u mx rblsmtpd: bad\n",
						      MON[m - 1], d, r % 60);
				break;
			case 2:
				k += (size_t)snprintf(buf + k, sizeof buf - k, "2026-01-01T00:00:00Z mx rblsmtpd: z blocked 1.2.3.4 - -\n");
				break;
			default:
				k += (size_t)snprintf(buf + k, sizeof buf - k, "%s %2d 00:00:%02u mx rblsmtpd: z blocked 1.2.3.4 - -\n",
						      MON[m - 1], d, r % 60);
			}
		}
		struct yearscan ys;
		scan_all(&ys, buf, k);
		int64_t anchor = at(2026, 1 + (int)(seed % 12), 1 + (int)(seed % 28), 0);
		int first = yearscan_first_year(&ys, anchor);
		bool late;
		int last = count_pass(buf, k, anchor, first, &late);
		if (ys.seen && last != stamp_year_latest(ys.mon, ys.mday, ys.sod, anchor))
			bad++;
		after += late;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(after, 0);
}

static void test_year_file(void)
{
	struct stamp_year g;
	/* Without a pre-pass the first line is anchored. */
	stamp_year_init(&g, at(2026, 12, 6, 12), 0);
	stamp_year_file(&g, at(2026, 1, 2, 0), 0);
	CHECK_EQ(stamp_year_of(&g, 12, 1, 0), 2025);
	CHECK_EQ(stamp_year_of(&g, 1, 1, 0), 2026);
	/* With one, its first year. */
	stamp_year_file(&g, at(2026, 1, 2, 0), 2019);
	CHECK_EQ(stamp_year_of(&g, 12, 1, 0), 2019);
	/* reset: anchored on now (plus a day). */
	stamp_year_reset(&g);
	CHECK_EQ(stamp_year_of(&g, 12, 7, 0), 2026);
	stamp_year_reset(&g);
	CHECK_EQ(stamp_year_of(&g, 12, 8, 0), 2025);
	/* --year overrides both. */
	stamp_year_init(&g, at(2026, 12, 6, 12), 2011);
	stamp_year_file(&g, at(2026, 1, 2, 0), 2019);
	CHECK_EQ(stamp_year_of(&g, 12, 1, 0), 2011);
}

int main(void)
{
	test_latest();
	test_scan_basic();
	test_scan_lines();
	test_scan_pieces();
	test_classic_agrees();
	test_agreement();
	test_year_file();
	return check_done("test_stat_year");
}
