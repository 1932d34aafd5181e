/* logstamp: the time stamps at the start of a log line (logline.h lists
 * the formats), moved out of logline.c. Pure and bounded by end, like it. */
#include "logstamp.h"

#include <string.h>
#include "ascii.h"
#include "stamp.h"

/* TAI64 label of the Unix epoch as daemontools writes it: 2^62 + 10 (djb's
 * libtai takes TAI-UTC as a fixed 10 s, as tai64nlocal does). */
#define TAI64_UNIX_EPOCH 4611686018427387914ULL

#define LEAP_YEAR 2000   /* any leap year: the longest month lengths */

static bool is_digit(char c)
{
	return ascii_is_digit(c);
}

/* Exactly n digits at p (bounded by end); -1 when absent. */
static int digits_n(const char *p, const char *end, int n)
{
	if (end - p < n)
		return -1;
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* The eight bytes "hh:mm:ss" at p as hours, minutes and seconds, checked
 * as one word (B8: every line has a clock); false when one is no digit or a
 * colon is missing. The caller checks that eight bytes are there. */
static bool clock_fields(const char *p, int *h, int *m, int *s)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t pattern = 0x30303a30303a3030ULL;    /* "00:00:00", first byte lowest */
	const uint64_t colons = 0x0000ff0000ff0000ULL, highs = 0x8080808080808080ULL;
	uint64_t x;
	memcpy(&x, p, 8);
	x ^= pattern;       /* digits become 0..9, colons 0, anything else other values */
	if ((x & colons) || (((x + 0x7676767676767676ULL) | x) & highs))
		return false;
	*h = (int)(x & 0xff) * 10 + (int)(x >> 8 & 0xff);
	*m = (int)(x >> 24 & 0xff) * 10 + (int)(x >> 32 & 0xff);
	*s = (int)(x >> 48 & 0xff) * 10 + (int)(x >> 56 & 0xff);
	return true;
#else
	if (p[2] != ':' || p[5] != ':')
		return false;
	*h = digits_n(p, p + 2, 2);
	*m = digits_n(p + 3, p + 5, 2);
	*s = digits_n(p + 6, p + 8, 2);
	return *h >= 0 && *m >= 0 && *s >= 0;
#endif
}

/* "hh:mm:ss" at p, with an optional ".fraction". Returns the end or NULL. */
static const char *parse_clock(const char *p, const char *end, int *sod)
{
	int h = -1, m = -1, s = -1;
	if (end - p < 8 || !clock_fields(p, &h, &m, &s) || h > 23)
		return NULL;
	if (m < 0 || m > 59 || s < 0 || s > 60)
		return NULL;
	*sod = h * 3600 + m * 60 + (s == 60 ? 59 : s); /* a leap second stays in its minute */
	p += 8;
	if (p < end && (*p == '.' || *p == ',')) {
		p++;
		const char *f = p;
		while (p < end && is_digit(*p))
			p++;
		if (p == f)
			return NULL;
	}
	return p;
}

static int month_of(const char *p)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int i = 0; i < 12; i++)
		if (p[0] == names[3 * i] && p[1] == names[3 * i + 1] && p[2] == names[3 * i + 2])
			return i + 1;
	return 0;
}

/* "Jun 30 15:13:33" (day space- or zero-padded, or one digit). */
static const char *parse_classic(const char *p, const char *end, struct logline_stamp *st)
{
	if (end - p < 15)
		return NULL;
	int mon = month_of(p), mday = 0;
	if (mon == 0 || p[3] != ' ')
		return NULL;
	p += 4;
	if (*p == ' ')
		p++;
	if (p < end && is_digit(*p))
		mday = *p++ - '0';
	if (p < end && is_digit(*p))
		mday = mday * 10 + (*p++ - '0');
	/* The year is not known yet: allow Feb 29 here, stamp_resolve refuses
	 * it in a common year. Apr 31 or Feb 30 is no date in any year. */
	if (mday < 1 || (mday > 28 && mday > stamp_month_days(LEAP_YEAR, mon)) || p >= end || *p != ' ')
		return NULL;
	p = parse_clock(p + 1, end, &st->sod);
	if (!p)
		return NULL;
	st->kind = LS_NOYEAR;
	st->mon = mon;
	st->mday = mday;
	return p;
}

/* "2026-11-27T10:00:00[.frac][Z|±hh:mm|±hhmm]"; also ' ' or '_' for 'T'
 * (tai64nlocal, svlogd -tt). The offset is checked but not applied: we
 * count by the wall clock of the log (stamp.h). */
const char *logstamp_iso(const char *p, const char *end, struct logline_stamp *st)
{
	int y = digits_n(p, end, 4), mo = -1, d = -1, sod;
	if (y >= 1970 && end - p >= 19 && p[4] == '-' && p[7] == '-') {
		mo = digits_n(p + 5, end, 2);
		d = digits_n(p + 8, end, 2);
	}
	if (mo < 1 || mo > 12 || d < 1 || (d > 28 && d > stamp_month_days(y, mo)))
		return NULL;
	char sep = p[10];
	if (sep != 'T' && sep != 't' && sep != ' ' && sep != '_')
		return NULL;
	p = parse_clock(p + 11, end, &sod);
	if (!p)
		return NULL;
	if (p < end && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int oh = digits_n(p + 1, end, 2), om;
		if (oh < 0 || oh > 23)
			return NULL;
		p += 3;
		if (p < end && *p == ':')
			p++;
		om = digits_n(p, end, 2);
		if (om < 0 || om > 59)
			return NULL;
		p += 2;
	}
	st->kind = LS_CIVIL;
	st->secs = stamp_civil(y, mo, d, sod);
	return p;
}

/* "@" + 16 hex digits of TAI64 seconds + 8 of nanoseconds. */
static const char *parse_tai64n(const char *p, const char *end, struct logline_stamp *st)
{
	if (end - p < 25)
		return NULL;
	uint64_t label = 0;
	for (int i = 1; i <= 24; i++) {
		int v = ascii_hex_value(p[i]);
		if (v < 0)
			return NULL;
		if (i <= 16)
			label = label << 4 | (uint64_t)v;
	}
	/* Refuse labels before 1970 or absurdly far ahead (year > ~36000). */
	if (label < TAI64_UNIX_EPOCH || label - TAI64_UNIX_EPOCH > (1ULL << 40))
		return NULL;
	st->kind = LS_UTC;
	st->secs = (int64_t)(label - TAI64_UNIX_EPOCH);
	return p + 25;
}

const char *logstamp_parse(const char *p, const char *end, struct logline_stamp *st)
{
	if (*p == '@')
		return parse_tai64n(p, end, st);
	if (is_digit(*p))
		return logstamp_iso(p, end, st);
	if (*p >= 'A' && *p <= 'Z')
		return parse_classic(p, end, st);
	return NULL;
}
