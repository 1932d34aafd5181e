/* SPDX-License-Identifier: ISC */
/* Unit tests: the decision policy, as a table of djb 0.88's cases, the
 * temporary-failure combinations, early decisions with pending lookups, and
 * scoring. */
#include <string.h>
#include "check.h"
#include "policy.h"

#define P LOOKUP_PENDING
#define L LOOKUP_LISTED
#define N LOOKUP_CLEAR
#define F LOOKUP_TEMPFAIL
#define E LOOKUP_ERROR

/* Build a config from a string like "r b r c a": r/a = list, b/B/c/C = flags. */
static void cfg_from(struct config *cfg, const char *spec)
{
	static struct action pool[16]; /* one config at a time */
	bool bounce = false, closed = false;
	memset(cfg, 0, sizeof *cfg);
	cfg->actions = pool;
	for (const char *p = spec; *p; p++) {
		switch (*p) {
		case 'b': bounce = true; break;
		case 'B': bounce = false; break;
		case 'c': closed = true; break;
		case 'C': closed = false; break;
		case 'r': case 'a': {
			struct action *a = &cfg->actions[cfg->nactions++];
			a->spec.kind = *p == 'r' ? LIST_BLOCK : LIST_ALLOW;
			a->spec.weight = 1;
			a->bounce = bounce;
			a->failclosed = closed;
			break;
		}
		}
	}
}

struct row {
	const char *cfg;
	enum lookup_state st[6];
	enum verdict_kind kind;
	int code;
	int by;
	bool temp;
};

static const struct row ordered[] = {
	/* listings and order (0.88) */
	{ "r", {L}, VERDICT_REFUSE, 451, 0, false },
	{ "r", {N}, VERDICT_ACCEPT, 0, -1, false },
	{ "br", {L}, VERDICT_REFUSE, 553, 0, false },
	{ "rb", {L}, VERDICT_REFUSE, 451, 0, false },       /* -r z -b → 451 */
	{ "bBr", {L}, VERDICT_REFUSE, 451, 0, false },
	{ "rr", {L, L}, VERDICT_REFUSE, 451, 0, false },    /* first hit wins */
	{ "rr", {N, L}, VERDICT_REFUSE, 451, 1, false },
	{ "ar", {L, L}, VERDICT_ACCEPT, 0, -1, false },     /* -a white -r black */
	{ "ra", {L, L}, VERDICT_REFUSE, 451, 0, false },    /* -r black -a white */
	{ "ar", {N, L}, VERDICT_REFUSE, 451, 1, false },
	/* temporary failures (rblsmtpd(8), -c and -C) */
	{ "r", {F}, VERDICT_ACCEPT, 0, -1, false },          /* -C fails open */
	{ "cr", {F}, VERDICT_REFUSE, 451, -1, true },
	{ "cbr", {F}, VERDICT_REFUSE, 451, -1, true },
	{ "brr", {F, L}, VERDICT_REFUSE, 451, 1, false },    /* earlier failure forbids 553 */
	{ "ar", {F, L}, VERDICT_ACCEPT, 0, -1, false },      /* failed -a accepts under -C */
	{ "cbar", {F, L}, VERDICT_REFUSE, 451, 1, false },
	{ "car", {F, N}, VERDICT_ACCEPT, 0, -1, false },
	/* error answers are never listings, whatever -c says */
	{ "cr", {E}, VERDICT_ACCEPT, 0, -1, false },
	{ "cbrr", {E, L}, VERDICT_REFUSE, 553, 1, false },
	{ "a r", {E, L}, VERDICT_REFUSE, 451, 1, false },
	/* early decisions with pending lookups */
	{ "rr", {P, L}, VERDICT_REFUSE, 451, 1, false },     /* dead list first: refuse now */
	{ "brr", {P, L}, VERDICT_REFUSE, 451, 1, false },    /* pending counts as failed: 451 */
	{ "rr", {L, P}, VERDICT_REFUSE, 451, 0, false },
	{ "rr", {P, N}, VERDICT_PENDING, 0, -1, false },     /* could still be listed */
	{ "rr", {N, P}, VERDICT_PENDING, 0, -1, false },
	{ "ar", {P, L}, VERDICT_PENDING, 0, -1, false },     /* allowlist could still accept */
	{ "ra", {P, L}, VERDICT_PENDING, 0, -1, false },
	{ "ra", {N, L}, VERDICT_ACCEPT, 0, -1, false },
	{ "ar", {P, N}, VERDICT_ACCEPT, 0, -1, false },      /* accepted either way */
	{ "cr", {P}, VERDICT_PENDING, 0, -1, false },
	{ "crr", {P, L}, VERDICT_REFUSE, 451, -1, true },    /* timed out under -c */
	{ "rr", {P, P}, VERDICT_PENDING, 0, -1, false },
	{ "", {N}, VERDICT_ACCEPT, 0, -1, false },
	{ "rr", {LOOKUP_SKIPPED, LOOKUP_SKIPPED}, VERDICT_ACCEPT, 0, -1, false },
};

static const struct row scoring[] = {
	/* threshold 2, weights 1 */
	{ "rr", {L, L}, VERDICT_REFUSE, 451, 0, false },
	{ "rr", {L, N}, VERDICT_ACCEPT, 0, -1, false },
	{ "rra", {L, L, L}, VERDICT_ACCEPT, 0, -1, false },
	{ "rra", {L, L, N}, VERDICT_REFUSE, 451, 0, false },
	{ "brr", {L, L}, VERDICT_REFUSE, 553, 0, false },
	{ "brr", {L, L, F}, VERDICT_REFUSE, 553, 0, false }, /* only 2 actions: F ignored */
	{ "rr", {L, P}, VERDICT_PENDING, 0, -1, false },
	{ "rr", {N, P}, VERDICT_ACCEPT, 0, -1, false },      /* 2 unreachable */
	{ "rrr", {L, L, P}, VERDICT_REFUSE, 451, 0, false },
	{ "rra", {L, L, P}, VERDICT_PENDING, 0, -1, false }, /* allowlist could lower it */
	{ "crr", {L, F}, VERDICT_REFUSE, 451, -1, true },    /* failure could have reached 2 */
	{ "rr", {L, F}, VERDICT_ACCEPT, 0, -1, false },      /* -C: failure counts nothing */
	{ "crr", {N, F}, VERDICT_ACCEPT, 0, -1, false },     /* 0+1 < 2 */
};

static void run_table(const char *name, const struct row *rows, size_t n, bool scoring_mode)
{
	for (size_t i = 0; i < n; i++) {
		struct config cfg;
		struct verdict v;
		cfg_from(&cfg, rows[i].cfg);
		cfg.scoring = scoring_mode;
		cfg.threshold = 2;
		policy_decide(&cfg, rows[i].st, &v);
		bool ok = v.kind == rows[i].kind &&
			  (v.kind != VERDICT_REFUSE ||
			   (v.code == rows[i].code && v.by == rows[i].by && v.temp_error == rows[i].temp));
		if (!ok)
			printf("not ok - %s row %zu (%s): kind %d code %d by %d temp %d\n", name, i,
			       rows[i].cfg, v.kind, v.code, v.by, v.temp_error);
		check_report(ok, name, __FILE__, __LINE__);
	}
}

static void test_weights(void)
{
	struct config cfg;
	struct verdict v;
	enum lookup_state st[3] = { L, L, N };
	cfg_from(&cfg, "rra");
	cfg.scoring = true;
	cfg.threshold = 3;
	cfg.actions[1].spec.weight = 3;   /* the heavier list gives the text */
	policy_decide(&cfg, st, &v);
	CHECK_EQ(v.kind, VERDICT_REFUSE);
	CHECK_EQ(v.by, 1);
	CHECK_EQ(v.score, 4);
	st[2] = L;
	cfg.actions[2].spec.weight = 2;   /* allowlist subtracts its weight */
	policy_decide(&cfg, st, &v);
	CHECK_EQ(v.kind, VERDICT_ACCEPT);
	cfg.actions[0].spec.weight = 3;   /* tie: first in order wins */
	st[2] = N;
	policy_decide(&cfg, st, &v);
	CHECK_EQ(v.by, 0);
}

int main(void)
{
	run_table("ordered", ordered, sizeof ordered / sizeof ordered[0], false);
	run_table("scoring", scoring, sizeof scoring / sizeof scoring[0], true);
	test_weights();
	return check_done("policy");
}
