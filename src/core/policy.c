/* SPDX-License-Identifier: ISC */
/* policy: verdicts; see policy.h. */
#include "policy.h"

static void refuse(struct verdict *v, int code, int by, bool temp_error)
{
	v->kind = VERDICT_REFUSE;
	v->code = code;
	v->by = by;
	v->temp_error = temp_error;
}

/* COMPAT(0.88): the decision procedure of rblsmtpd.c, one list at a time,
 * on answers that are all in. */
static void walk_ordered(const struct config *cfg, const enum lookup_state *st,
			 struct verdict *v)
{
	bool mustnotbounce = false; /* an earlier lookup failed: never 553 */

	for (size_t i = 0; i < cfg->nactions; i++) {
		const struct action *a = &cfg->actions[i];
		bool block = a->spec.kind == LIST_BLOCK;
		if (st[i] == LOOKUP_LISTED) {
			if (block)
				refuse(v, a->bounce && !mustnotbounce ? 553 : 451, (int)i, false);
			else
				v->kind = VERDICT_ACCEPT;
			return;
		}
		if (st[i] == LOOKUP_TEMPFAIL || st[i] == LOOKUP_PENDING) {
			mustnotbounce = true;
			if (block && a->failclosed) {
				refuse(v, 451, -1, true);
				return;
			}
			if (!block && !a->failclosed) {
				v->kind = VERDICT_ACCEPT;
				return;
			}
		}
	}
	v->kind = VERDICT_ACCEPT;
}

/* Can the pending lookups still change the side? Each pending list has three
 * outcomes: listed, clear, failed. "Clear" always lets the walk go on; the
 * others may end it. Follow the "clear" path and collect where the other
 * branches would end; the side is settled when they all agree. */
static bool side_settled(const struct config *cfg, const enum lookup_state *st)
{
	bool maybe_accept = false, maybe_refuse = false;

	for (size_t i = 0; i < cfg->nactions; i++) {
		const struct action *a = &cfg->actions[i];
		bool block = a->spec.kind == LIST_BLOCK;
		switch (st[i]) {
		case LOOKUP_PENDING:
			if (block)
				maybe_refuse = true; /* listed (and, under -c, failed) */
			else
				maybe_accept = true; /* listed (and, under -C, failed) */
			break;
		case LOOKUP_LISTED:
			return block ? !maybe_accept : !maybe_refuse;
		case LOOKUP_TEMPFAIL:
			if (block && a->failclosed)
				return !maybe_accept;
			if (!block && !a->failclosed)
				return !maybe_refuse;
			break;
		default:
			break;
		}
	}
	return !maybe_refuse; /* the walk ends in "accept" */
}

static void decide_ordered(const struct config *cfg, const enum lookup_state *st,
			   struct verdict *v)
{
	if (!side_settled(cfg, st))
		return; /* VERDICT_PENDING */
	walk_ordered(cfg, st, v); /* pending lookups count as timed out */
}

/* Postscreen's model. A pending lookup can still move the score (down to
 * lo, up to hi) or, under -c, count as a failure; the verdict is final only
 * when every such outcome leads to the same side. It is then computed as if
 * the pending lookups had timed out. */
static void decide_scoring(const struct config *cfg, const enum lookup_state *st,
			   struct verdict *v)
{
	long score = 0, lo = 0, hi = 0;
	long failed_closed = 0;  /* -c lists that failed: what they could have added */
	long pending_closed = 0; /* -c lists still pending, the same if they time out */
	bool any_failed = false, any_pending = false;
	int by = -1;

	for (size_t i = 0; i < cfg->nactions; i++) {
		const struct action *a = &cfg->actions[i];
		long w = a->spec.weight;
		long contrib = a->spec.kind == LIST_BLOCK ? w : -w;
		switch (st[i]) {
		case LOOKUP_LISTED:
			score += contrib;
			if (contrib > 0 && (by < 0 || w > cfg->actions[by].spec.weight))
				by = (int)i;
			break;
		case LOOKUP_PENDING:
			any_pending = true;
			if (contrib < 0) lo += contrib;
			else hi += contrib;
			if (a->failclosed && contrib > 0)
				pending_closed += contrib;
			break;
		case LOOKUP_TEMPFAIL:
			any_failed = true;
			if (a->failclosed && contrib > 0)
				failed_closed += contrib;
			break;
		default:
			break;
		}
	}
	v->score = score;
	if (any_pending) {
		bool surely_listed = score + lo >= cfg->threshold;
		bool surely_refused = score + lo + failed_closed >= cfg->threshold;
		bool surely_accepted = score + hi + failed_closed < cfg->threshold;
		if (!surely_listed && !surely_refused && !surely_accepted)
			return; /* VERDICT_PENDING */
	}
	if (score >= cfg->threshold && by >= 0)
		refuse(v, cfg->actions[by].bounce && !any_failed && !any_pending ? 553 : 451,
		       by, false);
	else if (score + failed_closed + pending_closed >= cfg->threshold)
		refuse(v, 451, -1, true);
	else
		v->kind = VERDICT_ACCEPT;
}

void policy_decide(const struct config *cfg, const enum lookup_state *states,
		   struct verdict *v)
{
	v->kind = VERDICT_PENDING;
	v->code = 0;
	v->by = -1;
	v->temp_error = false;
	v->score = 0;
	if (cfg->scoring)
		decide_scoring(cfg, states, v);
	else
		decide_ordered(cfg, states, v);
}
