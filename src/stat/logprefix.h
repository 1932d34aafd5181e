/* SPDX-License-Identifier: ISC */
/* logprefix: read what comes before rblsmtpd's message in a log line —
 * syslog priority, time stamp, host, tag (formats in logline.h). Pure; reads
 * only [line, line + len). */
#ifndef STAT_LOGPREFIX_H
#define STAT_LOGPREFIX_H
#include <stdbool.h>
#include <stddef.h>
#include "linestamp.h"
#include "sv.h"

enum logprefix_result {
	PFX_OURS,    /* rblsmtpd's tag: *msg is where its message starts */
	PFX_OTHER,   /* a log line, but another program's (or empty, or a journal marker) */
	PFX_BAD,     /* not a log line we understand */
};

/* What logprefix_parse remembers of the line before: the bytes up to where
 * its tag was looked for (stamp, host and their spaces) and what they gave.
 * Consecutive lines often share them (one connection's lines, one second),
 * so the next line with the same bytes skips the stamp and host (B8). Zero
 * it before the first line. */
#define LOGPREFIX_MEMO_MAX 64
struct logprefix_memo {
	size_t k;                 /* prefix bytes; 0: nothing remembered */
	char bytes[LOGPREFIX_MEMO_MAX];
	struct logline_stamp stamp;
	size_t host_off, host_n;  /* host_n 0: no host (the tag follows the stamp) */
};

/* Read the prefix of the len bytes at line (without '\n'; a trailing '\r'
 * is dropped: *end is where the line's content ends). Sets *st and *host
 * (empty when the line has none) and, for PFX_OURS, *msg (<= *end). memo may
 * be NULL; with one, the result is the same, faster. */
enum logprefix_result logprefix_parse(const char *line, size_t len, struct logline_stamp *st,
				      struct sv *host, const char **msg, const char **end,
				      struct logprefix_memo *memo);

/* Does the line (len bytes, as for logprefix_parse) begin with a classic
 * syslog stamp, the kind without a year? Exactly when logprefix_parse would
 * give it an LS_NOYEAR stamp: then *st is set and the stamp's end returned,
 * else NULL. What decides is a "<pri>", the stamp and the first digit of a
 * fraction, all within the line's first 23 bytes (and a CR that ends a
 * shorter line), so its first bytes alone give the same answer and stamp:
 * rblstat's year pre-pass (yearscan.h) looks at every line with it. */
const char *logprefix_classic(const char *line, size_t len, struct logline_stamp *st);

/* The stamp at p, by its first byte, into *st. Returns the byte after it,
 * or NULL when there is none. */
const char *logprefix_stamp(const char *p, const char *end, struct logline_stamp *st);
/* "2026-11-27T10:00:00[.frac][Z|±hh:mm|±hhmm]" (also ' ' or '_' for 'T'). */
const char *logprefix_iso(const char *p, const char *end, struct logline_stamp *st);

#endif
