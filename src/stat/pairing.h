/* SPDX-License-Identifier: ISC */
/* pairing: one refusal logged twice is one refusal.
 *
 * rblsmtpd -v -l stderr writes djb's stderr line ("ip pid n: 451 text") and
 * its own "blocked" line for every refused connection; under tcpserver with
 * 2>&1 into multilog, other connections' lines fall between the two, and
 * rblsmtpd writes djb's line first (rblsmtpd(8), STANDARD ERROR), while logs
 * merged from syslog and stderr may hold them the other way round. The
 * blocked line carries no pid, so a pair is: the same client IP, within
 * PAIR_WINDOW seconds, each line used at most once (a djb line stands for
 * its pid's one connection).
 *
 * Blocked lines are counted at once (they name the list). A djb line that
 * repeats a recent blocked line is a duplicate; any other is kept pending,
 * since its blocked line may still come, and becomes a refusal of list "-"
 * when it can no longer be paired (PAIR_WINDOW later, when the table is
 * full, or at the end of the file). */
#ifndef STAT_PAIRING_H
#define STAT_PAIRING_H
#include <stdbool.h>
#include <stdint.h>
#include "logline.h"

#define PAIR_WINDOW 5           /* seconds between the two lines of one refusal */
#define PAIR_SLOTS 64           /* lines of each kind waiting for their partner */
#define PAIR_IP_MAX 64          /* longer "ip" fields are junk and are cut */

struct pair_djb {
	char ip[PAIR_IP_MAX];
	char host[LOGLINE_FIELD_MAX + 1];
	int64_t t;
	uint32_t pid;
	enum logline_verdict verdict;
};

struct pair_blocked {
	char ip[PAIR_IP_MAX];
	int64_t t;
	bool used;                  /* paired, or an empty slot */
};

struct pairing {
	struct pair_blocked blocked[PAIR_SLOTS];   /* a ring of the latest unpaired */
	size_t next;                               /* the ring's oldest slot */
	struct pair_djb djb[PAIR_SLOTS];           /* pending, oldest first */
	size_t ndjb;
};

/* Called for each pending djb line that turned out to be a refusal alone. */
typedef void pair_fn(void *ctx, const struct pair_djb *d);

void pairing_reset(struct pairing *p);
/* A blocked line at t: true when it completes a pending djb line (that line
 * is then a duplicate and is forgotten). */
bool pairing_blocked(struct pairing *p, struct sv ip, int64_t t);
/* A djb line at t: true when it repeats a blocked line; otherwise it is kept
 * (fn gets the oldest pending line when there is no room). */
bool pairing_djb(struct pairing *p, const struct logline *l, int64_t t, pair_fn *fn, void *ctx);
/* Give fn every pending djb line older than t - PAIR_WINDOW (INT64_MAX: all). */
void pairing_expire(struct pairing *p, int64_t t, pair_fn *fn, void *ctx);

#endif
