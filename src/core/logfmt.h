/* SPDX-License-Identifier: ISC */
/* logfmt: the one owner of the -v log format (rblsmtpd(8) LOG FORMAT).
 *
 * rblsmtpd writes its lines with these words and rules (smtpd/maillog.c),
 * rblstat reads them with the same table (stat/logline.c), rblcheck words a
 * list's outcome with the same result words (check/outcome.c). A word added
 * here and not on both sides fails tests/unit/test_logfmt.c, which writes
 * every event and result with maillog's formatters and parses it back with
 * rblstat's parser.
 *
 * Field rules: fields are separated by one space; every byte outside 33..126
 * becomes '?', a field is cut to LOGFMT_FIELD_MAX bytes, an empty or unknown
 * field is "-" (logfmt_field). So each kind of line has a fixed number of
 * columns (logfmt_events[].columns). The one exception is a summary's last
 * column, the results: one "zone=result@ms" entry per list, comma-joined,
 * with no length bound but the line's (LOGFMT_LINE_MAX), whole entries only;
 * a comma in a zone becomes '?'.
 *
 * Telling the lines apart (what the parser relies on, what the writer keeps):
 *  - "summary <ip> <verdict> …": six columns, a verdict word in column 3 (a
 *    list named "summary" has an address there);
 *  - "resolver <why> <ip> <server>": why is "unreachable" or "refused"; a
 *    list named "resolver" with a "refused" warning has a detail of
 *    "<digits>ms" or "unusable" there, a server address never is either
 *    (logfmt_is_warning_detail);
 *  - every other line of ours has its event word in column 2.
 *
 * Pure: tables and small functions; no I/O, no allocation. */
#ifndef CORE_LOGFMT_H
#define CORE_LOGFMT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lookup.h"

#define LOGFMT_FIELD_MAX 255
#define LOGFMT_LINE_MAX 8192   /* one message; summaries keep whole entries */

/* Syslog severities of the lines. */
enum { LOGFMT_PRI_WARNING = 4, LOGFMT_PRI_INFO = 6 };

/* Every kind of line rblsmtpd -v writes, by its event word. The five list
 * warnings are contiguous, from LOGFMT_TIMEOUT to LOGFMT_ERROR, in this
 * order (rblstat's per-list warning counters are indexed by it). */
enum logfmt_event {
	LOGFMT_BLOCKED,       /* <list> blocked <ip> <host> <info> */
	LOGFMT_REJECTED,      /* <list> rejected <ip> <host> <info> <helo> <from> <to> */
	LOGFMT_REJECTED_MORE, /* <list> rejected-more <ip> <host> <info> <count> */
	LOGFMT_TIMEOUT,       /* <list> timeout <ip> <ms>ms */
	LOGFMT_SERVFAIL,      /* <list> servfail <ip> <ms>ms */
	LOGFMT_REFUSED,       /* <list> refused <ip> <ms>ms|unusable */
	LOGFMT_BADANSWER,     /* <list> badanswer <ip> <ms>ms */
	LOGFMT_ERROR,         /* <list> error <ip> <a>=<meaning> */
	LOGFMT_BADADDRESS,    /* - badaddress <raw> not-an-ip */
	LOGFMT_SANDBOX,       /* - sandbox <ip> <why> */
	LOGFMT_RESOLVER,      /* resolver <why> <ip> <server> */
	LOGFMT_SUMMARY,       /* summary <ip> <verdict> <by> <ms> <results> */
	LOGFMT_EVENTS
};
#define LOGFMT_LIST_WARNINGS (LOGFMT_ERROR - LOGFMT_TIMEOUT + 1)

struct logfmt_event_info {
	const char *word;
	unsigned char len;          /* strlen(word) */
	unsigned char columns;      /* fields of the whole line */
	unsigned char word_column;  /* where the word is: 0 (resolver, summary) or 1 */
	unsigned char priority;     /* LOGFMT_PRI_* */
};
extern const struct logfmt_event_info logfmt_events[LOGFMT_EVENTS];
/* The lengths of the words that open a line (word_column 0: "summary",
 * "resolver") as bits, so a parser can pass over any other first column
 * without a lookup (test_logfmt checks it against the table). */
#define LOGFMT_OPENING_LENGTHS ((1u << 7) | (1u << 8))

/* The event whose word is p[0..n), or -1. A switch on the length and the
 * first byte, then one compare: rblstat asks this for every line (B8), so
 * it is inline, below with the other word lookups. */
static inline int logfmt_event_of(const char *p, size_t n);

/* The warning event a lookup gets (-v), or -1 when it needs none: listed,
 * clear, pending, not asked, and every list failed by the resolver (the
 * resolver's own line says it, once). */
int logfmt_warning_of(const struct lookup *r);

/* The resolver line's why words. */
enum logfmt_why { LOGFMT_WHY_UNREACHABLE, LOGFMT_WHY_REFUSED, LOGFMT_WHYS };
extern const char *const logfmt_why_words[LOGFMT_WHYS];
int logfmt_why_of(const char *p, size_t n);

/* The detail column of a list warning other than error: "<digits>ms" or
 * "unusable". */
#define LOGFMT_UNUSABLE "unusable"
bool logfmt_is_warning_detail(const char *p, size_t n);

/* The badaddress line's fixed last column. */
#define LOGFMT_NOT_AN_IP "not-an-ip"

/* Result words: a list's outcome in a summary entry "zone=result@ms"
 * (listed and error carry ":<a>", the A record), and rblcheck's wording. */
enum logfmt_result {
	LOGFMT_R_LISTED, LOGFMT_R_CLEAR, LOGFMT_R_TIMEOUT, LOGFMT_R_SERVFAIL,
	LOGFMT_R_REFUSED, LOGFMT_R_BADANSWER, LOGFMT_R_ERROR, LOGFMT_R_SKIPPED,
	LOGFMT_R_RESOLVER, LOGFMT_RESULTS
};
struct logfmt_result_info {
	const char *word;
	unsigned char len;
	bool has_code;              /* followed by ":<a>" */
	bool timed;                 /* its @ms is a list's lookup time (not skipped,
	                             * not resolver: no list answered either) */
};
extern const struct logfmt_result_info logfmt_results[LOGFMT_RESULTS];

/* The result whose word is p[0..n), or -1 (switch on length, as above). */
static inline int logfmt_result_of(const char *p, size_t n);

/* A lookup's result: pending (not waited for) and not asked are skipped;
 * a list that could not be asked at all (FAIL_OTHER) is refused. */
enum logfmt_result logfmt_result_of_lookup(const struct lookup *r);

/* Verdict words of a summary. */
enum logfmt_verdict { LOGFMT_V_ACCEPT, LOGFMT_V_451, LOGFMT_V_553, LOGFMT_VERDICTS };
extern const char *const logfmt_verdict_words[LOGFMT_VERDICTS];
static inline int logfmt_verdict_of(const char *p, size_t n);

/* The field rule: bytes outside 33..126 become '?', at most max bytes, an
 * empty (or NULL) field becomes "-". out must hold max+1 bytes. Returns the
 * length. */
size_t logfmt_field(const char *src, size_t len, char *out, size_t max);
static inline bool logfmt_byte_ok(unsigned char c)
{
	return c >= 33 && c <= 126;
}

/* p[0..n) == w[0..n), for the short words of the table (n >= 3): two
 * overlapping fixed-size loads each, no call to memcmp (rblstat asks for
 * every line and summary entry, B8). */
static inline __attribute__((always_inline)) bool logfmt_same_word_(const char *p, const char *w, size_t n)
{
	if (n >= 8) {
		uint64_t a, b, c, d;
		memcpy(&a, p, 8); memcpy(&b, w, 8);
		memcpy(&c, p + n - 8, 8); memcpy(&d, w + n - 8, 8);
		return ((a ^ b) | (c ^ d)) == 0;
	}
	if (n >= 4) {
		uint32_t a, b, c, d;
		memcpy(&a, p, 4); memcpy(&b, w, 4);
		memcpy(&c, p + n - 4, 4); memcpy(&d, w + n - 4, 4);
		return ((a ^ b) | (c ^ d)) == 0;
	}
	return memcmp(p, w, n) == 0;
}

static inline __attribute__((always_inline)) int logfmt_event_of(const char *p, size_t n)
{
	int ev = -1;
	if (n == 0)
		return -1;
	/* Pick the one candidate by length and a byte or two, then compare. */
	switch (n) {
	case 5: ev = p[0] == 'e' ? LOGFMT_ERROR : -1; break;
	case 7:
		switch (p[0]) {
		case 'b': ev = LOGFMT_BLOCKED; break;
		case 't': ev = LOGFMT_TIMEOUT; break;
		case 'r': ev = LOGFMT_REFUSED; break;
		case 's': ev = p[1] == 'a' ? LOGFMT_SANDBOX : LOGFMT_SUMMARY; break;
		}
		break;
	case 8:
		switch (p[0]) {
		case 'r': ev = p[2] == 'j' ? LOGFMT_REJECTED : LOGFMT_RESOLVER; break;
		case 's': ev = LOGFMT_SERVFAIL; break;
		}
		break;
	case 9: ev = p[0] == 'b' ? LOGFMT_BADANSWER : -1; break;
	case 10: ev = p[0] == 'b' ? LOGFMT_BADADDRESS : -1; break;
	case 13: ev = p[0] == 'r' ? LOGFMT_REJECTED_MORE : -1; break;
	}
	if (ev < 0 || logfmt_events[ev].len != n || !logfmt_same_word_(p, logfmt_events[ev].word, n))
		return -1;
	return ev;
}

static inline int logfmt_result_of(const char *p, size_t n)
{
	int r = -1;
	if (n == 0)
		return -1;
	switch (n) {
	case 5: r = p[0] == 'c' ? LOGFMT_R_CLEAR : LOGFMT_R_ERROR; break;
	case 6: r = LOGFMT_R_LISTED; break;
	case 7:
		switch (p[0]) {
		case 't': r = LOGFMT_R_TIMEOUT; break;
		case 'r': r = LOGFMT_R_REFUSED; break;
		case 's': r = LOGFMT_R_SKIPPED; break;
		}
		break;
	case 8: r = p[0] == 's' ? LOGFMT_R_SERVFAIL : LOGFMT_R_RESOLVER; break;
	case 9: r = LOGFMT_R_BADANSWER; break;
	}
	if (r < 0 || logfmt_results[r].len != n || !logfmt_same_word_(p, logfmt_results[r].word, n))
		return -1;
	return r;
}

static inline int logfmt_verdict_of(const char *p, size_t n)
{
	int v = n == 6 ? LOGFMT_V_ACCEPT : n != 3 ? -1 : p[0] == '4' ? LOGFMT_V_451 : LOGFMT_V_553;
	if (v < 0 || n != (v == LOGFMT_V_ACCEPT ? 6u : 3u) || !logfmt_same_word_(p, logfmt_verdict_words[v], n))
		return -1;
	return v;
}

#endif
