/* topk: bounded "most frequent keys" counter (Metwally et al.'s Space-Saving).
 *
 * Holds at most `cap` keys, so memory does not grow with the log. While
 * fewer than cap distinct keys have been seen, every count is exact. After
 * that, a new key replaces the key with the smallest count m and starts at
 * m + 1 with error m: each reported count may be too high by at most its
 * `err`, never too low, and any key whose true count exceeds N/cap (N = all
 * additions) is guaranteed to be in the table. Reports say when this
 * happened (topk.evicted). */
#ifndef TOPK_H
#define TOPK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOPK_KEY_MAX 256   /* keys are cut to 255 bytes (log fields are at most that) */

struct topk_entry {
	uint64_t count;      /* possibly over-estimated by err */
	uint64_t err;
	int32_t next;        /* hash chain */
	int32_t heap;        /* position in the min-heap */
	uint16_t len;
	char key[TOPK_KEY_MAX];  /* NUL-terminated */
};

struct topk {
	struct topk_entry *e;
	int32_t *heap;       /* entry indexes, min-heap on count */
	int32_t *bucket;     /* hash heads */
	size_t cap, n, nbuckets;
	uint64_t total;      /* all additions */
	uint64_t evicted;    /* keys dropped to make room */
};

/* Returns false when out of memory. */
bool topk_init(struct topk *t, size_t cap);
void topk_free(struct topk *t);
void topk_add(struct topk *t, const char *key, size_t len, uint64_t by);
/* Fill out[] with up to max entries, highest count first (ties by key).
 * Returns how many. */
size_t topk_sorted(const struct topk *t, const struct topk_entry **out, size_t max);

#endif
