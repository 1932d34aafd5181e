/* SPDX-License-Identifier: ISC */
/* listspec: one -r/-a argument, "[name@]zone[=filter][*weight][:message]".
 *
 * Pure parsing; no I/O. The filter is Postfix postscreen's syntax for the A
 * answer: four octets, each a number or a bracket list of numbers and ranges,
 * e.g. 127.0.0.2, 127.0.0.[2..11], 127.0.[0..255].[1;3]. */
#ifndef CORE_LISTSPEC_H
#define CORE_LISTSPEC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LISTSPEC_ZONE_MAX 256
#define LISTSPEC_KEYED_MIN 19  /* the shortest name with a key: "k.l.dq.spamhaus.net" */
#define LISTSPEC_MESSAGE_MAX 512

enum list_kind { LIST_BLOCK, LIST_ALLOW }; /* -r, -a */

struct a_filter {
	uint8_t allow[4][32]; /* per octet, a 256-bit set of accepted values */
};

struct list_spec {
	enum list_kind kind;
	/* The name every reply text, log line and report shows: the admin's
	 * "name@", else the zone without a secret key (listspec_key_len), cut
	 * to fit. Never used to look anything up. */
	char zone[LISTSPEC_ZONE_MAX];
	char query[LISTSPEC_ZONE_MAX]; /* where lookups go: the DNS zone as given
					* (key included), or the file path */
	bool too_long;                /* the zone as given does not fit query[]:
				       * a failure of this list, not a usage error */
	bool is_file;                 /* the zone contains '/': a local list file */
	bool has_filter;
	struct a_filter filter;
	int weight;                   /* default 1; used by scoring (-S) */
	bool has_message;
	char message[LISTSPEC_MESSAGE_MAX]; /* raw, "%IP%" not yet replaced */
};

/* How many leading bytes of zone (len bytes) are a secret key, to be left
 * out wherever the zone is shown; 0 when the zone carries none. Recognised:
 * Spamhaus DQS "<key>.<list>.dq.spamhaus.net" and Abusix
 * "<key>.<list>.mail.abusix.zone" (any case, stray dots allowed): everything
 * before "<list>.<suffix>" is the key. */
size_t listspec_key_len(const char *zone, size_t len);

/* Where the name a list is shown by begins in zone (len bytes: a zone or a
 * list file path as given to -r/-a, or a list name as logged): after the
 * key of a keyed zone (listspec_key_len), else at 0 (a file path, one with
 * a '/', has no key). rblsmtpd and rblcheck show their lists so, and
 * rblstat every list name it reads, so no output carries a key. */
size_t listspec_shown_at_any(const char *zone, size_t len);
static inline size_t listspec_shown_at(const char *zone, size_t len)
{
	/* rblstat asks for every list name it reads (B8): most are shorter
	 * than any keyed name or end in a letter no keyed suffix ends in
	 * ("net", "zone", or a trailing dot), and are done here. */
	unsigned char last = len ? (unsigned char)zone[len - 1] | 0x20 : 0;
	if (len < LISTSPEC_KEYED_MIN || (last != 't' && last != 'e' && last != '.'))
		return 0;
	return listspec_shown_at_any(zone, len);
}

/* A -r/-a argument as usage and error messages show it: the argument with
 * its zone's key left out (listspec_shown_at), in out (cut to outlen). The
 * argument need not parse. */
void listspec_shown_arg(const char *arg, char *out, size_t outlen);

/* Parse arg for a list of the given kind. Returns true on success; on
 * failure returns false and sets *err to a short static reason. The message
 * part starts after the first ':' and is taken verbatim; -a takes none. */
bool listspec_parse(const char *arg, enum list_kind kind, struct list_spec *out,
		    const char **err);

/* Parse a filter alone ("127.0.0.[2..11]"). */
bool afilter_parse(const char *text, struct a_filter *out);

/* Does the A answer a (network order bytes) pass the filter? */
bool afilter_match(const struct a_filter *f, const unsigned char a[4]);

#endif
