/* SPDX-License-Identifier: ISC */
/* agg: fold parsed log lines into the numbers rblstat reports.
 *
 * Owns all counters; never prints, never exits. Memory is fixed at creation
 * apart from the period table, which grows with the time span covered (one
 * row per month or day, at most AGG_PERIODS_MAX), not with the log size.
 *
 * What counts as what (also in the man page):
 *  - a refusal is a "blocked" line, or a djb stderr line ("ip pid n: 451 …",
 *    list "-") unless it is the other line of a refusal logged with both
 *    (rblsmtpd -l stderr): same IP, within PAIR_WINDOW seconds, before or
 *    after, in the same file (pairing.h);
 *  - "rejected" lines count refused RCPTs and feed the sender-domain and
 *    recipient tables (one count per refused RCPT); a "rejected-more" line
 *    adds its count of refused RCPTs that were not logged one by one (to the
 *    refused RCPTs only: it names no sender or recipient);
 *  - list warnings count per list and event; "resolver" lines, badaddress
 *    and sandbox lines count as warnings too, in totals of their own, never
 *    as a list's error; resolver lines also per period and log host;
 *  - a summary with a "resolver" result is a connection during a resolver
 *    outage (every DNS server unreachable or refusing): counted per period
 *    and log host, besides its verdict like any summary;
 *  - summaries (rblsmtpd -vv) give, per list, how many clients it listed,
 *    how many only it listed (unique catches), pairwise overlap, per-result
 *    counts and latency (every timed result: not "skipped", not "resolver"); a refusing summary
 *    is complete when no list is "skipped" (rblsmtpd waited for every
 *    answer), and only complete ones make those numbers exact. */
#ifndef STAT_AGG_H
#define STAT_AGG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hist.h"
#include "hosts.h"
#include "logline.h"
#include "pairing.h"
#include "topk.h"

#define AGG_LISTS_MAX 64        /* distinct list names; more go to "(other)" */
#define AGG_OTHER AGG_LISTS_MAX /* index of the "(other)" row */
#define AGG_PERIODS_MAX 20000   /* 54 years of days */
#define AGG_RESULTS_KEPT 16     /* summary entries kept from the check for the count */

enum agg_by { AGG_BY_MONTH, AGG_BY_DAY };

struct agg_config {
	enum agg_by by;
	int64_t since, until;       /* civil seconds, inclusive */
	const char *const *lists;   /* --list filter, NULL when none */
	size_t nlists;
	size_t top_cap;             /* entries kept by each top table */
	bool per_host;              /* keep per (host, list) counters (hosts.h) */
};

struct agg_list {
	char name[LOGLINE_FIELD_MAX + 1];
	size_t len;                 /* strlen(name) */
	bool selected;              /* passes --list */
	uint64_t refusals, r451, r553, rcpts;
	uint64_t warn[LE_COUNT];
	uint64_t res[LR_COUNT];     /* summary results */
	uint64_t listed, unique;
	struct hist lat;
};

struct agg_period {
	int64_t key;                /* month: year*12+month-1; day: days since 1970 */
	uint64_t total;
	uint64_t resolver_conns, resolver_lines; /* resolver outages (agg.h above) */
	uint64_t n[AGG_LISTS_MAX + 1];
};

struct agg_totals {
	uint64_t lines, other, skipped, undated, filtered, overlong;
	uint64_t blocked, rejected, warnings, summaries, djb, djb_dup;
	uint64_t rejected_more;     /* rejected-more lines */
	uint64_t rcpts;             /* refused RCPTs: rejected lines + rejected-more counts */
	uint64_t resolver_conns;    /* summaries with a resolver result */
	uint64_t resolver_lines;    /* resolver warning lines */
	uint64_t badaddress, sandbox; /* those warning lines */
	uint64_t refusals;
	uint64_t verdict[3];        /* summaries: accept, 451, 553 */
	uint64_t refused_complete;  /* refusing summaries with every list's outcome */
	uint64_t refused_partial;   /* refusing summaries with a list "skipped" */
};

struct agg {
	struct agg_config cfg;
	struct agg_totals tot;
	struct agg_list lists[AGG_LISTS_MAX + 1];
	size_t nlists;              /* used rows below AGG_OTHER */
	bool other_used;
	uint64_t overlap[AGG_LISTS_MAX + 1][AGG_LISTS_MAX + 1];
	struct hist verdict_lat;    /* summary ms: time to verdict */

	struct agg_period *periods;
	size_t nperiods, periods_cap;
	int32_t *phash;             /* period key -> index, open addressing */
	size_t phash_size;
	size_t last_period;

	int64_t first, last;        /* civil time of the first/last counted line */
	struct topk clients, networks, senders, recipients, hosts;

	struct pairing pairs;       /* blocked and djb lines of one refusal */
	struct hosts per_host;      /* resolver outages per host; per (host, list) when cfg.per_host */
	int last_list;              /* cache for list lookups */
	int64_t last_days, last_month; /* cache for month keys */
};

/* NULL when out of memory. */
struct agg *agg_new(const struct agg_config *cfg);
void agg_free(struct agg *a);
/* A new input file begins (djb duplicate matching does not cross files). */
void agg_file_begin(struct agg *a);
/* The input file is over: djb lines still waiting for their blocked line
 * are refusals of their own. Call before reporting. */
void agg_file_end(struct agg *a);
/* Fold one parsed line. civil is its resolved time (see stamp.h); has_time
 * false when the line has none. Also counts LL_OTHER and LL_SKIP lines. */
void agg_add(struct agg *a, const struct logline *l, bool has_time, int64_t civil);

/* Index of a list name, interning it; AGG_OTHER when the table is full. */
int agg_list_index(struct agg *a, struct sv name);
/* Periods sorted by key (reports call this once, at the end). */
void agg_sort_periods(struct agg *a);
/* Label of a period key, "YYYY-MM" or "YYYY-MM-DD". */
void agg_period_label(const struct agg *a, int64_t key, char out[16]);
/* The /24 (IPv4) or /48 (IPv6) network of an address, as text; the address
 * itself when it does not parse. Returns the length. */
size_t agg_network(struct sv ip, char out[64]);
/* The domain of an envelope address "<user@dom>" lowercased; "<>" for the
 * null sender; the bare address when it has no '@'. Returns the length. */
size_t agg_sender_domain(struct sv from, char out[LOGLINE_FIELD_MAX + 1]);
/* An envelope address without angle brackets, lowercased. */
size_t agg_address(struct sv addr, char out[LOGLINE_FIELD_MAX + 1]);

#endif
