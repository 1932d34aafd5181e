/* SPDX-License-Identifier: ISC */
/* logprefix: everything a log line carries before rblsmtpd's message — the
 * syslog priority, the time stamp (formats in logline.h), the host and the
 * tag — and the memo that lets a line sharing its prefix with the one before
 * skip it. Pure, bounded by end, on rblstat's hot path like logline. */
#include "logprefix.h"

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
	/* The sum of the second and third letters, mod 32, differs for all
	 * twelve names: one look-up instead of twelve compares (B8: every
	 * classic line, and every line of the year pre-pass). */
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const unsigned char by_sum[32] = {
		[15] = 1, [7] = 2, [19] = 3, [2] = 4, [26] = 5, [3] = 6,
		[1] = 7, [28] = 8, [21] = 9, [23] = 10, [5] = 11, [8] = 12,
	};
	int m = by_sum[((unsigned char)p[1] + (unsigned char)p[2]) & 31];
	const char *n = names + 3 * (m - 1);
	return m && p[0] == n[0] && p[1] == n[1] && p[2] == n[2] ? m : 0;
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
const char *logprefix_iso(const char *p, const char *end, struct logline_stamp *st)
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

const char *logprefix_stamp(const char *p, const char *end, struct logline_stamp *st)
{
	if (*p == '@')
		return parse_tai64n(p, end, st);
	if (is_digit(*p))
		return logprefix_iso(p, end, st);
	if (*p >= 'A' && *p <= 'Z')
		return parse_classic(p, end, st);
	return NULL;
}

/* Is [p,end) at a tag "rblsmtpd:" or "rblsmtpd[digits]:" followed by a space
 * or the end, or "rblsmtpd" and a space? Returns the start of the message or
 * NULL. */
static const char *match_tag(const char *p, const char *end)
{
	/* One word compare: this runs on every line, twice on most. */
	uint64_t w, tag;
	if (end - p < 9)
		return NULL;
	memcpy(&w, p, 8);
	memcpy(&tag, "rblsmtpd", 8);
	if (w != tag)
		return NULL;
	p += 8;
	if (*p == '[') {
		p++;
		while (p < end && is_digit(*p))
			p++;
		if (p >= end || *p != ']')
			return NULL;
		p++;
	}
	/* rsyslog writes a message it received as RFC 5424 with the plain
	 * APP-NAME as its tag, no colon: "host rblsmtpd msg" (a central host
	 * collecting a fleet that forwards with RSYSLOG_SyslogProtocol23Format). */
	if (p < end && *p == ' ')
		return p + 1;
	if (p >= end || *p != ':')
		return NULL;
	p++;
	if (p < end && *p == ' ')
		p++;
	return p;
}

static const char *token_end(const char *p, const char *end)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	return sp ? sp : end;
}

/* RFC 5424 after "<pri>1 ": TIMESTAMP HOST APP PROCID MSGID SD [BOM]MSG.
 * Returns the start of rblsmtpd's message, or NULL with *kind saying why not. */
static const char *parse_5424(const char *p, const char *end, struct logline_stamp *st,
			      struct sv *host, enum logprefix_result *kind)
{
	*kind = PFX_BAD;
	if (p < end && *p == '-') {
		p++;                      /* NILVALUE: no time */
		st->kind = LS_NONE;
	} else if (!(p = logprefix_iso(p, end, st))) {
		return NULL;
	}
	if (p >= end || *p++ != ' ')
		return NULL;
	const char *e = token_end(p, end);
	*host = (struct sv){ p, (size_t)(e - p) };
	if (e >= end)
		return NULL;
	p = e + 1;
	e = token_end(p, end);
	bool ours = e - p == 8 && memcmp(p, "rblsmtpd", 8) == 0;
	for (int i = 0; i < 2; i++) {  /* PROCID, MSGID */
		if (e >= end)
			return NULL;
		p = e + 1;
		e = token_end(p, end);
	}
	if (e >= end)
		return *kind = ours ? PFX_BAD : PFX_OTHER, NULL;
	p = e + 1;
	if (p < end && *p == '-') {
		p++;
	} else {
		/* Structured data: [id param="v\]"]…, quotes may escape ']'. */
		while (p < end && *p == '[') {
			bool quoted = false;
			for (p++; p < end; p++) {
				if (quoted && *p == '\\' && p + 1 < end) { p++; continue; }
				if (*p == '"') quoted = !quoted;
				else if (*p == ']' && !quoted) break;
			}
			if (p >= end)
				return *kind = ours ? PFX_BAD : PFX_OTHER, NULL;
			p++;
		}
	}
	if (!ours)
		return *kind = PFX_OTHER, NULL;
	if (p < end && *p == ' ')
		p++;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	const char *m = match_tag(p, end); /* tolerate a repeated "rblsmtpd: " */
	return m ? m : p;
}

/* Remember where the tag was looked for (logprefix_memo). */
static void memo_keep(struct logprefix_memo *memo, const char *line, const char *tag,
		      const struct logline_stamp *st, struct sv host)
{
	size_t k = (size_t)(tag - line);
	memo->k = 0;
	if (k > LOGPREFIX_MEMO_MAX)
		return;
	memcpy(memo->bytes, line, k);
	memo->stamp = *st;
	memo->host_off = host.n ? (size_t)(host.p - line) : 0;
	memo->host_n = host.n;
	memo->k = k;
}

/* Every decision parse_prefix takes before it looks for the tag after the
 * host reads only the bytes before that point, so a line with the same
 * bytes there gets the same stamp and host. Without a host the tag itself
 * decided (the line was multilog's), so a line whose tag does not match
 * there takes the full way. Returns true when the memo decided. */
static bool from_memo(const struct logprefix_memo *memo, const char *line, size_t len,
		      struct logline_stamp *st, struct sv *host, const char **msg,
		      const char **endp, enum logprefix_result *res)
{
	size_t k = memo->k;
	if (!k || len <= k || memcmp(line, memo->bytes, k) != 0 || line[len - 1] == '\r')
		return false;
	const char *end = line + len, *m = match_tag(line + k, end);
	*st = memo->stamp;
	*host = memo->host_n ? (struct sv){ line + memo->host_off, memo->host_n }
			     : (struct sv){ NULL, 0 };
	*endp = end;
	if (m) {
		*msg = m;
		return *res = PFX_OURS, true;
	}
	if (memo->host_n)
		return *res = PFX_OTHER, true;   /* another program's line */
	return false;
}

/* After "<pri>" at p (syslog priority, as written by some relays into
 * files): where the rest begins, or NULL when the priority is malformed. */
static const char *skip_priority(const char *p, const char *end)
{
	const char *q = p + 1;
	while (q < end && q - p <= 4 && is_digit(*q))
		q++;
	if (q == p + 1 || q >= end || *q != '>')
		return NULL;
	return q + 1;
}

const char *logprefix_classic(const char *line, size_t len, struct logline_stamp *st)
{
	/* The steps of logprefix_parse up to its stamp, for a classic one. */
	const char *p = line, *end = line + len;
	if (p < end && end[-1] == '\r')
		end--;
	if (p < end && *p == '<') {
		if (!(p = skip_priority(p, end)) || (end - p >= 2 && p[0] == '1' && p[1] == ' '))
			return NULL;      /* RFC 5424 stamps have a year */
	}
	return p < end && *p >= 'A' && *p <= 'Z' ? parse_classic(p, end, st) : NULL;
}

enum logprefix_result logprefix_parse(const char *line, size_t len, struct logline_stamp *st,
				      struct sv *host, const char **msg, const char **endp,
				      struct logprefix_memo *memo)
{
	const char *p = line, *end = line + len;
	enum logprefix_result res;

	if (memo && from_memo(memo, line, len, st, host, msg, endp, &res))
		return res;
	st->kind = LS_NONE;
	*host = (struct sv){ NULL, 0 };
	if (p < end && end[-1] == '\r')
		end--;
	*endp = end;
	if (p >= end)
		return PFX_OTHER;              /* empty line */

	if (*p == '<') {
		if (!(p = skip_priority(p, end)))
			return PFX_BAD;
		if (end - p >= 2 && p[0] == '1' && p[1] == ' ') {
			*msg = parse_5424(p + 2, end, st, host, &res);
			return *msg ? PFX_OURS : res;
		}
		if (p >= end)
			return PFX_BAD;
	}

	if (*p == '-' && end - p >= 3 && p[1] == '-' && p[2] == ' ')
		return PFX_OTHER;              /* journalctl "-- Boot …" / "-- No entries --" */
	const char *q = logprefix_stamp(p, end, st);
	if (!q || q >= end || *q != ' ')
		return PFX_BAD;
	p = q + 1;

	/* Multilog and tai64nlocal lines have no host: the tag comes next. */
	*msg = match_tag(p, end);
	if (*msg && memo && line[0] != '<')
		memo_keep(memo, line, p, st, *host);
	if (!*msg) {
		const char *e = token_end(p, end);
		*host = (struct sv){ p, (size_t)(e - p) };
		if (e >= end || e == p)
			return PFX_BAD;
		if (memo && line[0] != '<')
			memo_keep(memo, line, e + 1, st, *host);
		*msg = match_tag(e + 1, end);
		if (!*msg)
			return PFX_OTHER;      /* another program's line */
	}
	return PFX_OURS;
}
