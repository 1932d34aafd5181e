/* SPDX-License-Identifier: ISC */
/* tally: see tally.h. */
#include <stdlib.h>
#include <string.h>
#include "tally.h"

bool tally_init(struct tally *t, size_t nlists)
{
	memset(t, 0, sizeof *t);
	t->nlists = nlists;
	t->list = calloc(nlists ? nlists : 1, sizeof *t->list);
	return t->list != NULL;
}

void tally_add(struct tally *t, const struct lookup *res, bool refused)
{
	t->addresses++;
	t->refused += refused;
	for (size_t i = 0; i < t->nlists; i++) {
		struct tally_list *c = &t->list[i];
		switch (res[i].state) {
		case LOOKUP_LISTED:
			c->listed++;
			break;
		case LOOKUP_ERROR:
			c->errors++;
			break;
		case LOOKUP_TEMPFAIL:
			if (res[i].fail == FAIL_TIMEOUT)
				c->timeouts++;
			else
				c->errors++;
			break;
		case LOOKUP_PENDING:
		case LOOKUP_CLEAR:
		case LOOKUP_SKIPPED:
			break;
		}
	}
}

void tally_free(struct tally *t)
{
	free(t->list);
	t->list = NULL;
}
