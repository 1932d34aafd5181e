/* SPDX-License-Identifier: ISC */
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
 * Messages (rblsmtpd(8) LOG FORMAT; the words, columns and field rules are
 * core/logfmt's, shared with the writer), fields separated by one space,
 * bytes 33..126:
 *   <list> blocked <ip> <host> <info>                        LL_BLOCKED
 *   <list> rejected <ip> <host> <info> <helo> <from> <to>    LL_REJECTED
 *   <list> rejected-more <ip> <host> <info> <count>          LL_REJECTED_MORE
 *   <list> timeout|servfail|refused|badanswer|error <ip> <detail>   LL_WARNING
 *   - badaddress <raw> not-an-ip, - sandbox <ip> <why>       LL_NOTICE
 *   resolver <why> <ip> <server>                             LL_RESOLVER
 *   summary <ip> accept|451|553 <by> <ms> <results>          LL_SUMMARY
 *   <ip> pid <n>: <code> <text>            (djb's stderr line) LL_DJB */
#ifndef STAT_LOGLINE_H
#define STAT_LOGLINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "linestamp.h"
#include "logfmt.h"
#include "logprefix.h"
#include "sv.h"

#define LOGLINE_FIELD_MAX LOGFMT_FIELD_MAX /* rblsmtpd(8) LOG FORMAT: a field's bound */

enum logline_kind {
	LL_OTHER,    /* a log line, but not one of ours (other program, unknown message) */
	LL_SKIP,     /* not a log line we understand, or one of ours with bad fields */
	LL_BLOCKED,
	LL_REJECTED,
	LL_REJECTED_MORE, /* RCPTs refused but not logged one by one: count */
	LL_WARNING,  /* a list's warning (event timeout … error) */
	LL_NOTICE,   /* a connection's warning, list "-" (event badaddress, sandbox) */
	LL_RESOLVER, /* every DNS server unreachable or refusing: one line per server */
	LL_SUMMARY,
	LL_DJB,      /* djb's "ip pid n: code text": a refusal, list unknown */
};

/* A list's warnings, in logfmt's order: the index of per-list counters
 * (event - LOGFMT_TIMEOUT). */
enum logline_event { LE_TIMEOUT, LE_SERVFAIL, LE_REFUSED, LE_BADANSWER, LE_ERROR, LE_COUNT };
#define LOGLINE_LIST_WARNING(ev) ((enum logline_event)((ev) - LOGFMT_TIMEOUT))

enum logline_verdict { LV_ACCEPT = LOGFMT_V_ACCEPT, LV_451 = LOGFMT_V_451, LV_553 = LOGFMT_V_553 };

struct logline {
	enum logline_kind kind;
	struct logline_stamp stamp;
	struct sv host;       /* syslog host; empty for multilog lines */
	struct sv list;       /* blocked, rejected(-more), warning, notice; "-" for LL_DJB */
	struct sv ip;         /* all of ours (badaddress: the raw address) */
	enum logfmt_event event;          /* all of ours but LL_DJB */
	struct sv rhost, info;            /* blocked, rejected(-more) */
	struct sv helo, from, to;         /* rejected */
	uint64_t count;                   /* rejected-more */
	struct sv detail;                 /* warning, notice; resolver: why */
	enum logline_verdict verdict;     /* summary, djb (451 or 553) */
	uint32_t pid;                     /* djb */
	struct sv by;                     /* summary: deciding list or "-"; resolver: the server */
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

/* One entry of a summary's result list (logfmt's result words). */
enum logline_result {
	LR_LISTED = LOGFMT_R_LISTED, LR_CLEAR = LOGFMT_R_CLEAR, LR_TIMEOUT = LOGFMT_R_TIMEOUT,
	LR_SERVFAIL = LOGFMT_R_SERVFAIL, LR_REFUSED = LOGFMT_R_REFUSED,
	LR_BADANSWER = LOGFMT_R_BADANSWER, LR_ERROR = LOGFMT_R_ERROR,
	LR_SKIPPED = LOGFMT_R_SKIPPED, LR_RESOLVER = LOGFMT_R_RESOLVER, LR_COUNT = LOGFMT_RESULTS
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

/* Name of a list warning / result, for reports (logfmt's words). */
const char *logline_event_name(enum logline_event e);
const char *logline_result_name(enum logline_result r);

#endif
