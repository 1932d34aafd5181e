/* SPDX-License-Identifier: ISC */
/* tally: the counts of a batch run's summary (rblcheck(1): several
 * addresses): addresses checked, refused, and per list how many were
 * listed, timed out or failed otherwise. Pure. */
#ifndef CHECK_TALLY_H
#define CHECK_TALLY_H
#include <stdbool.h>
#include <stddef.h>
#include "lookup.h"

struct tally_list {
	unsigned long listed;    /* LOOKUP_LISTED (an allowlist's listing too) */
	unsigned long timeouts;  /* no answer before the deadline */
	unsigned long errors;    /* every other failure: error codes, servfail,
				  * refused, resolver-failed, badanswer, failed */
};

struct tally {
	unsigned long addresses, refused;
	size_t nlists;
	struct tally_list *list;  /* nlists of them */
};

/* Returns false when out of memory. */
bool tally_init(struct tally *t, size_t nlists);
/* One address: its nlists lookups, and whether it is refused. */
void tally_add(struct tally *t, const struct lookup *res, bool refused);
void tally_free(struct tally *t);

#endif
