/* SPDX-License-Identifier: ISC */
/* logline: the pure line parser (formats in logline.h).
 *
 * This is rblstat's hot loop, run on every line of possibly huge logs, so it
 * walks the bytes once with explicit bounds and hand-written digit readers:
 * no sscanf, no strptime, no allocation. Every read is checked against `end`
 * before it happens; the line need not be NUL-terminated. */
#include "logline.h"

#include <string.h>
#include "ascii.h"
#include "listspec.h"

#define MAX_TOKENS 9

static bool is_digit(char c)
{
	return ascii_is_digit(c);
}

/* Token flags: only bytes 33..126 (logfmt_byte_ok, rblsmtpd(8) LOG FORMAT), and at most
 * LOGLINE_FIELD_MAX of them; a clean field has both. */
enum { TOK_PRINTABLE = 1, TOK_SHORT = 2, TOK_CLEAN = TOK_PRINTABLE | TOK_SHORT };

/* Split the message into tokens, with their flags in clean[i]. The
 * last token takes the rest of the line when there are more. */
static int tokenize(const char *p, const char *end, struct sv *tok, unsigned char *clean)
{
	/* Eight bytes at a time while none is a space or outside 33..126 (the
	 * common case for sanitised fields), then byte by byte. */
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	int n = 0;
	while (n < MAX_TOKENS) {
		const char *s = p;
		bool ok = true;
		while (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			uint64_t below = (w - ones * 33) & ~w & highs;      /* a byte < 33 */
			uint64_t above = ((w + ones * (127 - 126)) | w) & highs; /* a byte > 126 */
			if (below | above) {
				/* The lowest flag is exact (borrows and carries only move
				 * upwards), so on a little-endian machine it is the first
				 * byte to look at: usually the space that ends the token. */
				if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
					p += __builtin_ctzll(below | above) >> 3;
				break;
			}
			p += 8;
		}
		while (p < end && *p != ' ') {
			unsigned char c = (unsigned char)*p++;
			ok &= c >= 33 && c <= 126;
		}
		tok[n] = (struct sv){ s, (size_t)(p - s) };
		clean[n] = (unsigned char)((ok && p > s ? TOK_PRINTABLE : 0) |
					   (p - s <= LOGLINE_FIELD_MAX ? TOK_SHORT : 0));
		n++;
		if (p >= end)
			return n;
		p++;                       /* the single space */
	}
	return n + 1;                      /* more than MAX_TOKENS: too many for any format */
}

static bool all_clean(const unsigned char *clean, int n)
{
	for (int i = 0; i < n; i++)
		if (clean[i] != TOK_CLEAN)
			return false;
	return true;
}

static bool parse_u32(struct sv s, uint32_t *out)
{
	if (s.n == 0 || s.n > 9)
		return false;
	uint32_t v = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (!is_digit(s.p[i]))
			return false;
		v = v * 10 + (uint32_t)(s.p[i] - '0');
	}
	*out = v;
	return true;
}

static bool parse_u64(struct sv s, uint64_t *out)
{
	if (s.n == 0 || s.n > 19)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (!is_digit(s.p[i]))
			return false;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	*out = v;
	return true;
}

/* A list name as rblsmtpd shows its own: without the key of a keyed zone
 * (listspec_shown_at, the rule rblsmtpd applies), so no report republishes
 * a key that another tool logged (rblstat(1) Messages). */
static struct sv shown_list(struct sv name)
{
	size_t k = listspec_shown_at(name.p, name.n);
	return (struct sv){ name.p + k, name.n - k };
}

const char *logline_event_name(enum logline_event e)
{
	return (unsigned)e < LE_COUNT ? logfmt_events[LOGFMT_TIMEOUT + e].word : "?";
}

const char *logline_result_name(enum logline_result r)
{
	return (unsigned)r < LR_COUNT ? logfmt_results[r].word : "?";
}

int logline_next_result(struct sv *rest, struct logline_res *out)
{
	if (rest->n == 0)
		return 0;
	const char *p = rest->p, *end = p + rest->n;
	const char *comma = memchr(p, ',', rest->n);
	const char *e = comma ? comma : end;
	*rest = comma ? (struct sv){ comma + 1, (size_t)(end - comma - 1) } : (struct sv){ end, 0 };
	if (comma && rest->n == 0)
		return -1;                 /* trailing comma */
	/* The last '@' of the entry, and the last '=' before it (a list file's
	 * path may hold either): glibc's memrchr is vectorised. */
	const char *at = memrchr(p, '@', (size_t)(e - p));
	const char *eq = at ? memrchr(p, '=', (size_t)(at - p)) : NULL;
	if (!at || !eq || eq == p || !parse_u32((struct sv){ at + 1, (size_t)(e - at - 1) }, &out->ms))
		return -1;
	out->zone = shown_list((struct sv){ p, (size_t)(eq - p) });
	struct sv r = { eq + 1, (size_t)(at - eq - 1) };
	out->code = (struct sv){ NULL, 0 };
	const char *colon = memchr(r.p, ':', r.n);
	struct sv name = colon ? (struct sv){ r.p, (size_t)(colon - r.p) } : r;
	/* A switch on length and first byte: every summary entry comes here (B8). */
	int i = logfmt_result_of(name.p, name.n);
	if (i < 0)
		return -1;
	if (colon) {
		out->code = (struct sv){ colon + 1, (size_t)(r.p + r.n - colon - 1) };
		if (!logfmt_results[i].has_code || out->code.n == 0)
			return -1;
	}
	out->result = (enum logline_result)i;
	return 1;
}

/* djb: "<ip> pid <n>: <451|553> <text>"; the text may be anything. */
static enum logline_kind parse_djb(const struct sv *t, const unsigned char *clean,
				   struct logline *out)
{
	struct sv num = t[2];
	uint32_t pid;
	if (clean[0] != TOK_CLEAN || num.n < 2 || num.p[num.n - 1] != ':' ||
	    !parse_u32((struct sv){ num.p, num.n - 1 }, &pid))
		return LL_SKIP;
	int v = logfmt_verdict_of(t[3].p, t[3].n);
	if (v != LOGFMT_V_451 && v != LOGFMT_V_553)
		return LL_SKIP;
	out->verdict = (enum logline_verdict)v;
	out->ip = t[0];
	out->pid = pid;
	out->list = (struct sv){ "-", 1 };
	return LL_DJB;
}

/* "summary <ip> <verdict> <by> <ms> <results>"; v is t[2]'s verdict. */
static enum logline_kind parse_summary(const struct sv *t, const unsigned char *clean, int v,
				       struct logline *out)
{
	/* The results column is the one field with no length bound: it holds
	 * an entry per list, so it passes LOGLINE_FIELD_MAX with many lists. */
	if (!all_clean(clean, 5) || !(clean[5] & TOK_PRINTABLE))
		return LL_SKIP;
	out->event = LOGFMT_SUMMARY;
	out->ip = t[1];
	out->verdict = (enum logline_verdict)v;
	out->by = shown_list(t[3]);
	if (!parse_u32(t[4], &out->ms))
		return LL_SKIP;
	out->results = t[5];
	if (SV_EQ_LIT(t[5], "-")) {
		out->results.n = 0;    /* no lists were asked */
		out->results_checked = true;
		return LL_SUMMARY;
	}
	if (!out->results_checked)
		return LL_SUMMARY;     /* lazy: the consumer checks the entries */
	struct sv rest = t[5];
	struct logline_res r;
	int rc;
	while ((rc = logline_next_result(&rest, &r)) == 1)
		;
	return rc < 0 ? LL_SKIP : LL_SUMMARY;
}

/* "resolver <why> <ip> <server>" */
static enum logline_kind parse_resolver(const struct sv *t, const unsigned char *clean,
					struct logline *out)
{
	if (!all_clean(clean, 4))
		return LL_SKIP;
	out->event = LOGFMT_RESOLVER;
	out->list = (struct sv){ NULL, 0 };
	out->detail = t[1];
	out->ip = t[2];
	out->by = t[3];
	return LL_RESOLVER;
}

/* A line that opens with "summary" or "resolver" is that line, unless it is
 * the line of a list so named (logfmt.h, telling the lines apart): a summary
 * has a verdict in column 3; otherwise ev1, the word in column 2, is an
 * event word (for "resolver refused", with a warning's detail). Returns the
 * kind, or LL_OTHER to read it as a list's line or not at all. */
static enum logline_kind parse_opening_word(const struct sv *t, int n,
					    const unsigned char *clean, int ev1,
					    struct logline *out)
{
	if (t[0].n >= 32 || !(LOGFMT_OPENING_LENGTHS >> t[0].n & 1))
		return LL_OTHER;           /* a list's name: most lines */
	int ev = logfmt_event_of(t[0].p, t[0].n);
	if (ev == LOGFMT_SUMMARY) {
		int v = n == logfmt_events[ev].columns ? logfmt_verdict_of(t[2].p, t[2].n) : -1;
		if (v >= 0)
			return parse_summary(t, clean, v, out);
		return ev1 >= 0 ? LL_OTHER : LL_SKIP;
	}
	if (ev == LOGFMT_RESOLVER) {
		int why = logfmt_why_of(t[1].p, t[1].n);
		bool cols = n == logfmt_events[ev].columns;
		if (why == LOGFMT_WHY_REFUSED && cols && logfmt_is_warning_detail(t[3].p, t[3].n))
			return LL_OTHER;   /* list "resolver", warning "refused" */
		if (why < 0 && ev1 >= 0)
			return LL_OTHER;   /* list "resolver", another event */
		return why < 0 || !cols ? LL_SKIP : parse_resolver(t, clean, out);
	}
	return LL_OTHER;
}

/* "<list> <event> <ip> …": the event's columns (logfmt_events). */
static enum logline_kind parse_list_line(const struct sv *t, int n, const unsigned char *clean,
					 int ev, struct logline *out)
{
	if (n != logfmt_events[ev].columns || !all_clean(clean, n))
		return LL_SKIP;
	out->event = (enum logfmt_event)ev;
	out->list = shown_list(t[0]);
	out->ip = t[2];
	switch (ev) {
	case LOGFMT_BLOCKED:
		out->rhost = t[3]; out->info = t[4];
		return LL_BLOCKED;
	case LOGFMT_REJECTED:
		out->rhost = t[3]; out->info = t[4];
		out->helo = t[5]; out->from = t[6]; out->to = t[7];
		return LL_REJECTED;
	case LOGFMT_REJECTED_MORE:
		out->rhost = t[3]; out->info = t[4];
		return parse_u64(t[5], &out->count) ? LL_REJECTED_MORE : LL_SKIP;
	case LOGFMT_BADADDRESS:
	case LOGFMT_SANDBOX:
		out->detail = t[3];
		return LL_NOTICE;
	case LOGFMT_TIMEOUT: case LOGFMT_SERVFAIL: case LOGFMT_REFUSED:
	case LOGFMT_BADANSWER: case LOGFMT_ERROR:
		out->detail = t[3];
		return LL_WARNING;
	default:                           /* word_column 0: not here */
		return LL_OTHER;
	}
}

static enum logline_kind parse_message(const char *p, const char *end, struct logline *out)
{
	struct sv t[MAX_TOKENS];
	unsigned char clean[MAX_TOKENS];
	int n = tokenize(p, end, t, clean);

	if (n >= 4 && SV_EQ_LIT(t[1], "pid"))
		return parse_djb(t, clean, out);
	if (n < 2)
		return LL_OTHER;
	int ev = logfmt_event_of(t[1].p, t[1].n);
	enum logline_kind k = parse_opening_word(t, n, clean, ev, out);
	if (k != LL_OTHER)
		return k;
	if (ev >= 0 && logfmt_events[ev].word_column == 1)
		return parse_list_line(t, n, clean, ev, out);
	return LL_OTHER;                   /* e.g. "rblsmtpd: fatal: …" */
}

/* The prefix (stamp, host, tag) is logprefix's; the message is ours. */
static enum logline_kind parse_line(const char *line, size_t len, struct logline *out,
				    struct logprefix_memo *memo)
{
	const char *msg = NULL, *end = NULL;
	switch (logprefix_parse(line, len, &out->stamp, &out->host, &msg, &end, memo)) {
	case PFX_OTHER:
		return out->kind = LL_OTHER;
	case PFX_BAD:
		return out->kind = LL_SKIP;
	case PFX_OURS:
		break;
	}
	if (msg >= end)
		return out->kind = LL_SKIP;
	return out->kind = parse_message(msg, end, out);
}

enum logline_kind logline_parse(const char *line, size_t len, struct logline *out)
{
	out->results_checked = true;           /* asks parse_summary to check */
	return parse_line(line, len, out, NULL);
}

enum logline_kind logline_parse_lazy(const char *line, size_t len, struct logline *out)
{
	out->results_checked = false;
	return parse_line(line, len, out, NULL);
}

enum logline_kind logline_parse_memo(const char *line, size_t len, struct logline *out,
				     struct logprefix_memo *memo)
{
	out->results_checked = false;
	return parse_line(line, len, out, memo);
}
