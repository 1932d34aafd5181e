/* SPDX-License-Identifier: ISC */
/* envelope: what a refused client said about its mail, for the "rejected"
 * log line — the last HELO/EHLO argument and the MAIL FROM / RCPT TO
 * addresses as sent, angle brackets included.
 *
 * Pure: fed one command line at a time (from the smtp hooks), no I/O. Every
 * byte is the client's, so every field is stored already sanitised for the
 * log (logfmt_field: bytes outside 33..126 → '?', at most
 * ENVELOPE_FIELD_MAX bytes); an empty field means "unknown" and is logged
 * as "-". */
#ifndef CORE_ENVELOPE_H
#define CORE_ENVELOPE_H
#include <stddef.h>
#include "smtp.h"

#define ENVELOPE_FIELD_MAX 255

struct envelope {
	char helo[ENVELOPE_FIELD_MAX + 1]; /* last HELO/EHLO argument */
	char from[ENVELOPE_FIELD_MAX + 1]; /* MAIL FROM of this transaction */
	char to[ENVELOPE_FIELD_MAX + 1];   /* the latest RCPT TO */
};

#define ENVELOPE_ZERO { "", "", "" }

/* Feed one command line (CR/LF removed; len bytes, may hold NULs). verb is
 * what smtp_verb_of said, or SMTP_OVERLONG for the first SMTP_LINE_MAX bytes
 * of an overlong line, which is read as the command it starts with.
 * HELO/EHLO set helo and, like RSET, end the transaction (from and to
 * forgotten); MAIL sets from and forgets to; RCPT sets to.
 * Returns the verb the line was taken as. */
enum smtp_verb envelope_feed(struct envelope *e, enum smtp_verb verb, const char *line,
			     size_t len);

/* The address part of "FROM:<a@b> SIZE=1" / "TO: <a@b>": from the '<' to
 * its matching '>' (quoted strings and backslash escapes honoured), or to the
 * end when no '>' closes it; without '<', the first word. p/len point after
 * the verb; the "FROM:"/"TO:" keyword (case-insensitive) is skipped when
 * present. Sets *start, returns the length. Exposed for the unit tests. */
size_t envelope_address(const char *p, size_t len, const char *keyword, size_t *start);

#endif
