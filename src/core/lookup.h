/* SPDX-License-Identifier: ISC */
/* lookup: what one list answered for the client — shared by the DNS engine,
 * the local list files, the policy, the logs and rblcheck. */
#ifndef CORE_LOOKUP_H
#define CORE_LOOKUP_H
#include <stdbool.h>
#include "text.h"

#define LOOKUP_A_MAX 8

enum lookup_state {
	LOOKUP_PENDING,   /* no answer yet */
	LOOKUP_LISTED,    /* an A record in 127/8 that passes the filter */
	LOOKUP_CLEAR,     /* NXDOMAIN, no A, or an A the filter rejects */
	LOOKUP_TEMPFAIL,  /* timeout, SERVFAIL, REFUSED, garbage, bad name */
	LOOKUP_ERROR,     /* an error code (127.255.255.x, non-127): never a listing */
	LOOKUP_SKIPPED,   /* not asked (client address unknown) */
};

enum lookup_fail {
	FAIL_NONE,
	FAIL_TIMEOUT,    /* no answer before the deadline */
	FAIL_SERVFAIL,   /* RCODE 2 from every server */
	FAIL_REFUSED,    /* RCODE 5, or nothing listening */
	FAIL_RESOLVER,   /* every configured resolver unreachable or refusing */
	FAIL_BADANSWER,  /* an answer that does not parse, is no response (QR=0),
	                  * or has an RCODE other than 0, 2, 3, 5 */
	FAIL_OTHER,      /* bad query name, unreadable list file, resolver setup */
	FAIL_NOMEM,      /* out of memory: engine_run fails, rblsmtpd exits 111 */
};

enum txt_state { TXT_NONE, TXT_PENDING, TXT_DONE, TXT_FAILED };

struct lookup {
	enum lookup_state state;
	enum lookup_fail fail;
	unsigned char a[LOOKUP_A_MAX][4]; /* the first A records of the answer */
	unsigned na;                      /* how many A records the answer had */
	unsigned char code[4];            /* the A value that decided: listing or error code */
	enum txt_state txt;
	char text[TEXT_CUT + 1];          /* TXT strings joined, sanitised, cut */
	unsigned ms;                      /* A answer (or failure) after this many ms */
	unsigned txt_ms;                  /* TXT answer after this many ms */
};

#endif
