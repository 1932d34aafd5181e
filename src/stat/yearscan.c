/* SPDX-License-Identifier: ISC */
/* yearscan: the year rule's pre-pass (see yearscan.h). */
#include "yearscan.h"

#include <string.h>
#include "linestamp.h"
#include "logprefix.h"
#include "linemax.h"
#include "stamp.h"

void yearscan_init(struct yearscan *ys)
{
	memset(ys, 0, sizeof *ys);
}

/* Lines of one connection, one second, share their stamp: the same bytes
 * up to and with the one after the stamp give the same stamp
 * (logprefix_classic), and the same stamp again moves nothing. */
static inline bool same_stamp(const struct yearscan *ys, const char *line, size_t len)
{
	if (ys->memo_n == 16 && len >= 16) {     /* "Jun 30 15:13:33 ": two words */
		uint64_t a, b, c, d;
		memcpy(&a, line, 8);
		memcpy(&b, line + 8, 8);
		memcpy(&c, ys->memo, 8);
		memcpy(&d, ys->memo + 8, 8);
		return ((a ^ c) | (b ^ d)) == 0;
	}
	return ys->memo_n && len >= ys->memo_n && memcmp(line, ys->memo, ys->memo_n) == 0;
}

/* Is a stamp of year rel after the latest one so far? (Dates compare as
 * their fields do, once the years are fixed.) */
static bool later(int rel, const struct logline_stamp *st, const struct yearscan *ys)
{
	if (rel != ys->rel)
		return rel > ys->rel;
	if (st->mon != ys->mon)
		return st->mon > ys->mon;
	if (st->mday != ys->mday)
		return st->mday > ys->mday;
	return st->sod > ys->sod;
}

/* A new stamp, or no stamp: the slow path, out of line. */
static void new_stamp(struct yearscan *ys, const char *line, size_t len)
{
	struct logline_stamp st;
	const char *e = logprefix_classic(line, len, &st);
	if (!e)
		return;
	size_t n = (size_t)(e - line) + 1;
	ys->memo_n = 0;
	if (n <= len && n <= YEARSCAN_MEMO) {
		memcpy(ys->memo, line, n);
		ys->memo_n = n;
	}
	int rel = 0;
	if (!ys->seen) {
		ys->year = 0;
		ys->last_mon = st.mon;
	} else {
		rel = stamp_walk(&ys->year, &ys->last_mon, st.mon);
	}
	if (!ys->seen || later(rel, &st, ys)) {
		ys->seen = true;
		ys->rel = rel;
		ys->mon = st.mon;
		ys->mday = st.mday;
		ys->sod = st.sod;
	}
}

static inline void scan_line(struct yearscan *ys, const char *line, size_t len)
{
	if (!same_stamp(ys, line, len))
		new_stamp(ys, line, len);
}

void yearscan_line(struct yearscan *ys, const char *line, size_t len)
{
	scan_line(ys, line, len);
}

/* The end of a line that began in an earlier piece: its first bytes are in
 * head, its length in len (the overlong rule needs the whole length). */
static void finish_line(struct yearscan *ys)
{
	if (ys->len <= READER_LINE_MAX)
		scan_line(ys, ys->head, ys->len < YEARSCAN_HEAD ? ys->len : YEARSCAN_HEAD);
	ys->len = 0;
}

static void add_bytes(struct yearscan *ys, const char *p, size_t n)
{
	if (ys->len < YEARSCAN_HEAD) {
		size_t k = YEARSCAN_HEAD - ys->len < n ? YEARSCAN_HEAD - ys->len : n;
		memcpy(ys->head + ys->len, p, k);
	}
	/* Saturate well above the line limit: the length only decides "too long". */
	ys->len = ys->len + n > READER_LINE_MAX + 1 ? READER_LINE_MAX + 1 : ys->len + n;
}

void yearscan_feed(struct yearscan *ys, const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			add_bytes(ys, p, (size_t)(end - p));
			return;
		}
		if (ys->len) {             /* a line begun in an earlier piece */
			add_bytes(ys, p, (size_t)(nl - p));
			finish_line(ys);
		} else if ((size_t)(nl - p) <= READER_LINE_MAX) {
			/* In place: the stamp is at the start, the first bytes will do. */
			size_t len = (size_t)(nl - p);
			scan_line(ys, p, len < YEARSCAN_HEAD ? len : YEARSCAN_HEAD);
		}
		p = nl + 1;
	}
}

int yearscan_first_year(const struct yearscan *ys, int64_t anchor)
{
	if (!ys->complete || !ys->seen)
		return 0;
	return stamp_year_latest(ys->mon, ys->mday, ys->sod, anchor) - ys->rel;
}
