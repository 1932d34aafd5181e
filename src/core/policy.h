/* SPDX-License-Identifier: ISC */
/* policy: from each list's lookup state to the verdict. Pure.
 *
 * Two modes. Ordered (the default, djb's): the lists are walked in command-line
 * order and the first decisive one wins, each with the -b/-c state in force at
 * its position. Scoring (-S): every list counts, -r adds its weight, -a
 * subtracts its weight, refuse when the score reaches the threshold.
 *
 * Lookups run in parallel, so some may still be pending when policy_decide is
 * asked. It answers with a final verdict only when no pending answer could
 * change whether the client is accepted or refused; the reply is then the one
 * ordered evaluation gives if every pending lookup timed out (which is what
 * it becomes: the caller stops waiting for it). */
#ifndef CORE_POLICY_H
#define CORE_POLICY_H
#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "lookup.h"

enum verdict_kind { VERDICT_PENDING, VERDICT_ACCEPT, VERDICT_REFUSE };

struct verdict {
	enum verdict_kind kind;
	int code;          /* 451 or 553 when refused */
	int by;            /* index of the list whose text is sent, -1 if none */
	bool temp_error;   /* text is "temporary RBL lookup error" (-c) */
	long score;        /* scoring mode: the score reached */
};

#define POLICY_TEMP_ERROR_TEXT "temporary RBL lookup error"

/* Decide from n actions and their states. */
void policy_decide(const struct config *cfg, const enum lookup_state *states,
		   struct verdict *v);

#endif
