/* dnsanswer: classify a DNS answer for one list. Pure: works on the status
 * c-ares reports and the raw answer packet, so it can be fuzzed.
 *
 * RFC 5782: listed when an A record is in 127.0.0.0/8 and passes the list's
 * filter. An A record in 127.255.255.0/24 (Spamhaus's error codes) or outside
 * 127/8 says the list cannot be used: LOOKUP_ERROR, never a listing. */
#ifndef CORE_DNSANSWER_H
#define CORE_DNSANSWER_H
#include "listspec.h"
#include "lookup.h"

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
