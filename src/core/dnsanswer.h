/* SPDX-License-Identifier: ISC */
/* dnsanswer: classify a DNS answer for one list. Pure: works on the status
 * c-ares reports and the raw answer packet, so it can be fuzzed.
 *
 * RFC 5782: listed when an A record is in 127.0.0.0/8 and passes the list's
 * filter. An A record in 127.255.255.0/24 (Spamhaus's error codes) or outside
 * 127/8 says the list cannot be used: LOOKUP_ERROR, never a listing. */
#ifndef CORE_DNSANSWER_H
#define CORE_DNSANSWER_H
#include <stdbool.h>
#include <stddef.h>
#include "listspec.h"
#include "lookup.h"

/* What the header of a DNS message says, before any record is read.
 * c-ares 1.18 maps only RCODE 1-5 to errors and never looks at QR: an answer
 * with RCODE 6-15 (YXDOMAIN, NOTAUTH, ...) or a message that is not a response
 * would otherwise be read as NOERROR, its records as a listing. */
enum dns_header {
	DNSHDR_ANSWER,     /* QR=1, RCODE NOERROR or NXDOMAIN: records may be read */
	DNSHDR_TRUNCATED,  /* TC=1 (over UDP: ask again over TCP) */
	DNSHDR_SERVFAIL,   /* RCODE 2 */
	DNSHDR_REFUSED,    /* RCODE 5 */
	DNSHDR_BAD,        /* too short, QR=0, or any other RCODE (1, 4, 6-15) */
};

/* Classify the header of the alen bytes at abuf (NULL or short: DNSHDR_BAD). */
enum dns_header dnsanswer_header(const unsigned char *abuf, int alen);

/* What the engine does with a message whose header says h. */
enum dns_next {
	DNSNEXT_READ,         /* an answer: read its records */
	DNSNEXT_TCP,          /* truncated over UDP: ask *server again over TCP */
	DNSNEXT_NEXT_SERVER,  /* not an answer: ask *server, the next one */
	DNSNEXT_FAIL,         /* not an answer and no server left: the list fails */
};

/* The step after a message with header h from server `from` (its index in
 * the resolver list, -1 when unknown) of nservers, for a query asked over
 * TCP or not whose channel started at server `first`. A truncated answer is
 * asked again of the server that sent it (it has the whole answer), or of
 * `first` when that is unknown; TC over TCP is read as it is. Sets *server
 * for DNSNEXT_TCP and DNSNEXT_NEXT_SERVER. */
enum dns_next dnsanswer_next(enum dns_header h, bool tcp, int from, size_t nservers,
			     int first, int *server);

/* The failure of a list whose last server answered h (h != DNSHDR_ANSWER). */
enum lookup_fail dnsanswer_header_fail(enum dns_header h);

/* Map a c-ares status (ARES_SUCCESS, ARES_ENOTFOUND, ARES_ETIMEOUT, …) and the
 * A answer to out->state, out->fail, out->a, out->na and out->code.
 * Out of memory (the status, or while parsing) is a TEMPFAIL with FAIL_NOMEM. */
void dnsanswer_a(int status, const unsigned char *abuf, int alen,
		 const struct list_spec *spec, struct lookup *out);

/* Classify A values already in hand (a local list file's answer). */
void dnsanswer_a_values(const unsigned char (*a)[4], unsigned n,
			const struct list_spec *spec, struct lookup *out);

/* Join every character-string of every TXT record in packet order with no
 * separator (COMPAT(0.88)), bytes outside 32..126 as '?', cut to TEXT_CUT.
 * Sets out->txt to TXT_DONE (text may be empty) or TXT_FAILED; out of memory
 * also sets out->fail to FAIL_NOMEM. */
void dnsanswer_txt(int status, const unsigned char *abuf, int alen, struct lookup *out);

/* A short name for an error code: "open-resolver" for 127.255.255.254, … */
const char *dnsanswer_error_meaning(const unsigned char code[4]);

#endif
