/* SPDX-License-Identifier: ISC */
/* topk: bounded "most frequent keys" counter.
 *
 * Holds at most `cap` keys, so memory does not grow with the log. While
 * fewer than cap distinct keys have been seen, every count is exact. When a
 * new key finds the table full, the half of the table with the smallest
 * counts is dropped in one pass (Space-Saving's guarantee, with Misra-Gries'
 * amortised batch eviction: O(1) per addition instead of a heap update), and
 * `floor` becomes the largest count dropped so far. A key that enters later
 * starts at floor + 1 with err = floor, so for every reported key
 *     count - err <= true count <= count,
 * and every key whose true count exceeds the final floor is in the table.
 * Reports say when this happened (topk.evicted). */
#ifndef STAT_TOPK_H
#define STAT_TOPK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOPK_KEY_MAX 256   /* keys are cut to 255 bytes (log fields are at most that) */

struct topk_entry {
	uint64_t count;      /* an upper bound of the true count */
	uint64_t err;        /* count - err is a lower bound */
	uint32_t hash;
	int32_t next;        /* hash chain */
	uint16_t len;
	char *key;           /* NUL-terminated, in the table's key arena */
};

struct topk {
	struct topk_entry *e;
	char *keys;          /* cap slots of keymax bytes: small entries, cache-friendly */
	size_t keymax;
	int32_t *bucket;     /* hash heads */
	size_t cap, n, nbuckets;
	uint64_t total;      /* all additions */
	uint64_t evicted;    /* keys dropped to make room */
	uint64_t floor;      /* largest count dropped */
	int32_t last;        /* the entry added to last, or -1: the same key often
	                      * comes again (one log host, a recipient's RCPTs) */
};

/* keymax: longest key kept plus one (at most TOPK_KEY_MAX); longer keys
 * are cut. Returns false when out of memory. */
bool topk_init(struct topk *t, size_t cap, size_t keymax);
void topk_free(struct topk *t);
void topk_add(struct topk *t, const char *key, size_t len, uint64_t by);
/* Fill out[] with up to max entries, highest count first (ties by key).
 * Returns how many. */
size_t topk_sorted(const struct topk *t, const struct topk_entry **out, size_t max);

#endif
