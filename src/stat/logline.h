/* logline: split one log line into its timestamp, host and rblsmtpd message
 * (logprefix reads everything before the message; this module the message).
 *
 * Pure: no allocation, no I/O, no clock, no locale. The result points into
 * the caller's line buffer (struct sv), so it lives only as long as that
 * buffer. Every byte of the line is untrusted; a line that does not fit one
 * of the formats below is classified, never trusted.
 *
 * Accepted line prefixes (then an optional host, then the tag
 * "rblsmtpd:" or "rblsmtpd[pid]:"):
 *   classic syslog / journalctl -o short   "Jun 30 15:13:33 host rblsmtpd: …"
 *   RFC 3339 (rsyslog, journalctl short-iso) "2026-11-27T10:00:00.123+01:00 host …"
 *   RFC 5424                                "<22>1 2026-…Z host rblsmtpd - - - msg"
 *   RFC 3164 with priority                  "<22>Jun 30 15:13:33 host rblsmtpd: …"
 *   multilog / svlogd -t                    "@4000000069xxxxxxyyyyyyyy rblsmtpd: …"
 *   tai64nlocal, svlogd -tt/-ttt            "2026-11-27 10:00:00.123456789 rblsmtpd: …"
 * Messages (rblsmtpd(8) LOG FORMAT), fields separated by one space, bytes 33..126:
 *   <list> blocked <ip> <host> <info>
 *   <list> rejected <ip> <host> <info> <helo> <from> <to>
 *   <list> timeout|servfail|refused|badanswer|error <ip> <detail>
 *   summary <ip> accept|451|553 <by> <ms> <results>
 *   <ip> pid <n>: <code> <text>            (djb's stderr line) */
#ifndef STAT_LOGLINE_H
#define STAT_LOGLINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "linestamp.h"
#include "logprefix.h"
#include "sv.h"

#define LOGLINE_FIELD_MAX 255 /* rblsmtpd(8) LOG FORMAT: a field is at most 255 bytes */

enum logline_kind {
	LL_OTHER,    /* a log line, but not one of ours (other program, unknown message) */
	LL_SKIP,     /* not a log line we understand, or one of ours with bad fields */
	LL_BLOCKED,
	LL_REJECTED,
	LL_WARNING,
	LL_SUMMARY,
	LL_DJB,      /* djb's "ip pid n: code text": a refusal, list unknown */
};

enum logline_event { LE_TIMEOUT, LE_SERVFAIL, LE_REFUSED, LE_BADANSWER, LE_ERROR, LE_COUNT };

enum logline_verdict { LV_ACCEPT, LV_451, LV_553 };

struct logline {
	enum logline_kind kind;
	struct logline_stamp stamp;
	struct sv host;       /* syslog host; empty for multilog lines */
	struct sv list;       /* blocked, rejected, warning; "-" for LL_DJB */
	struct sv ip;         /* all of ours */
	struct sv rhost, info;            /* blocked, rejected */
	struct sv helo, from, to;         /* rejected */
	enum logline_event event;         /* warning */
	struct sv detail;                 /* warning */
	enum logline_verdict verdict;     /* summary, djb (451 or 553) */
	uint32_t pid;                     /* djb */
	struct sv by;                     /* summary: deciding list or "-" */
	uint32_t ms;                      /* summary */
	struct sv results;                /* summary: "zone=result@ms,…" */
	bool results_checked;             /* summary: every entry parses (see below) */
};

/* Classify and split one line (without its '\n'; a trailing '\r' is ignored).
 * Returns out->kind; the other fields are meaningful for the kinds noted. */
enum logline_kind logline_parse(const char *line, size_t len, struct logline *out);
/* The same, but a summary's entries are left for the consumer to check
 * (results_checked false): rblstat's counter walks them anyway, so its
 * reading thread need not (B8). A summary with a bad entry is then LL_SUMMARY
 * here and must be treated as LL_SKIP when the walk finds it. */
enum logline_kind logline_parse_lazy(const char *line, size_t len, struct logline *out);

/* logline_parse_lazy, exactly, faster on a line that begins like the one
 * before it. */
enum logline_kind logline_parse_memo(const char *line, size_t len, struct logline *out,
				     struct logprefix_memo *memo);

/* One entry of a summary's result list. */
enum logline_result {
	LR_LISTED, LR_CLEAR, LR_TIMEOUT, LR_SERVFAIL, LR_REFUSED, LR_BADANSWER,
	LR_ERROR, LR_SKIPPED, LR_COUNT
};

struct logline_res {
	struct sv zone;
	enum logline_result result;
	struct sv code;       /* "127.0.0.2" for listed:/error:, else empty */
	uint32_t ms;
};

/* Take the next "zone=result@ms" off *rest (which shrinks). Returns 1 with
 * *out filled, 0 at the end, -1 when the entry is malformed (the caller should
 * then treat the whole summary as bad). */
int logline_next_result(struct sv *rest, struct logline_res *out);

/* Name of an event / result, for reports. */
const char *logline_event_name(enum logline_event e);
const char *logline_result_name(enum logline_result r);

#endif
