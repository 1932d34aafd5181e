/* SPDX-License-Identifier: ISC */
/* hosts: counters per log host, and per log host and list for fleet
 * metrics (--prometheus).
 *
 * A central rsyslog collecting several mail hosts' logs writes each line
 * with its host; these tables keep, per host, the resolver outages (every
 * format reports them per host), and for --prometheus only (per_host:
 * nlists > 0) refusals, refused RCPTs, warnings, lookup outcomes and a
 * lookup-time histogram per (host, list), and connections by verdict with a
 * time-to-verdict histogram per host, so the other reports pay nothing for
 * them. At most HOSTS_MAX hosts; more share the row "(other)". Memory: one
 * row per host, allocated when first seen. */
#ifndef STAT_HOSTS_H
#define STAT_HOSTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "logline.h"

#define HOSTS_MAX 64
#define HOSTS_BUCKETS 11        /* finite histogram bounds; +Inf is the count */

/* Upper bounds (ms) of the lookup-time histogram buckets. */
extern const uint32_t hosts_bucket_ms[HOSTS_BUCKETS];

struct host_list {
	uint64_t refusals, rcpts;
	uint64_t warn[LE_COUNT];         /* warning lines */
	uint64_t res[LR_COUNT];          /* summary outcomes */
	uint64_t lat_n, lat_sum_ms;      /* lookups with a time (all but skipped) */
	uint64_t lat_le[HOSTS_BUCKETS];  /* cumulative: lookups of at most that many ms */
};

struct host_row {
	char name[LOGLINE_FIELD_MAX + 1];
	size_t len;
	uint64_t resolver_conns;         /* summaries with a resolver result */
	uint64_t resolver_lines;         /* resolver warning lines */
	uint64_t resolver_why[LOGFMT_WHYS]; /* those lines by why (unreachable, refused) */
	uint64_t verdict[3];             /* summaries: accept, 451, 553 (logline_verdict) */
	uint64_t vlat_n, vlat_sum_ms;    /* summaries' time to verdict */
	uint64_t vlat_le[HOSTS_BUCKETS]; /* cumulative, as host_list's lat_le */
	struct host_list l[];            /* one per list index */
};

struct hosts {
	bool on;
	size_t nlists;                   /* list indexes per row */
	struct host_row *row[HOSTS_MAX + 1];
	size_t n;                        /* rows used below HOSTS_MAX */
	int last;                        /* cache: the host of the last line */
};

/* nlists: list indexes per row, 0 for no per-list counters. */
void hosts_init(struct hosts *h, bool on, size_t nlists);
void hosts_free(struct hosts *h);
/* The counters of (host, list index); NULL when off, without per-list
 * counters, or out of memory. */
struct host_list *hosts_get(struct hosts *h, struct sv host, int li);
/* The row of a host; NULL when off or out of memory. */
struct host_row *hosts_row(struct hosts *h, struct sv host);
/* One lookup time. */
void hosts_lookup_time(struct host_list *hl, uint32_t ms);
/* One summary: its verdict and time to verdict. */
void hosts_summary(struct host_row *r, enum logline_verdict v, uint32_t ms);
/* The syslog host as reports show it: bytes outside 33..126 as '?', cut to
 * LOGLINE_FIELD_MAX, "-" when empty (multilog lines have none). */
size_t hosts_name(struct sv host, char out[LOGLINE_FIELD_MAX + 1]);

#endif
