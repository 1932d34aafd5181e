/* SPDX-License-Identifier: ISC */
/* topk: a chained hash table of at most cap keys with batch eviction of the
 * smaller half (see topk.h for the guarantees). */
#include "topk.h"

#include <stdlib.h>
#include <string.h>

/* Eight bytes per step (a multiply-xorshift mix), not FNV-1a's one: keys
 * are hashed on every addition (B8). Only lookups use the hash; entries and
 * their order do not depend on it, so the counts are the same. */
static uint32_t hash_bytes(const char *s, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	uint64_t h = n * k, w;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	if (n) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * k;
	}
	h ^= h >> 32;
	h *= k;
	return (uint32_t)(h >> 32);
}

bool topk_init(struct topk *t, size_t cap, size_t keymax)
{
	memset(t, 0, sizeof *t);
	t->last = -1;
	if (cap < 2)
		cap = 2;
	if (keymax < 2 || keymax > TOPK_KEY_MAX)
		keymax = TOPK_KEY_MAX;
	t->cap = cap;
	t->keymax = keymax;
	t->nbuckets = 1;
	while (t->nbuckets < cap * 2)
		t->nbuckets <<= 1;
	t->e = calloc(cap, sizeof *t->e);
	t->keys = malloc(cap * keymax);
	t->bucket = malloc(t->nbuckets * sizeof *t->bucket);
	if (!t->e || !t->keys || !t->bucket) {
		topk_free(t);
		return false;
	}
	for (size_t i = 0; i < cap; i++)
		t->e[i].key = t->keys + i * keymax;
	memset(t->bucket, 0xff, t->nbuckets * sizeof *t->bucket);  /* all -1 */
	return true;
}

void topk_free(struct topk *t)
{
	free(t->e);
	free(t->keys);
	free(t->bucket);
	t->keys = NULL;
	t->e = NULL;
	t->bucket = NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Drop the entries in the lower half of the counts, compact, rehash.
 * Runs once per cap/2 new keys, so its O(cap log cap) is cheap per key. */
static void evict_half(struct topk *t)
{
	uint64_t *c = malloc(t->n * sizeof *c);
	uint64_t cut;
	if (c) {
		for (size_t i = 0; i < t->n; i++)
			c[i] = t->e[i].count;
		qsort(c, t->n, sizeof *c, cmp_u64);
		cut = c[(t->n - 1) / 2];
		free(c);
	} else {
		cut = UINT64_MAX;      /* no memory: drop everything, stay correct */
	}
	/* Entries at or below the cut go; keep at least one slot free. */
	size_t keep = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->e[i].count <= cut) {
			if (t->e[i].count > t->floor)
				t->floor = t->e[i].count;
			t->evicted++;
			continue;
		}
		if (keep != i) {
			/* Swap, so each slot keeps owning exactly one key buffer. */
			struct topk_entry x = t->e[keep];
			t->e[keep] = t->e[i];
			t->e[i] = x;
		}
		keep++;
	}
	if (keep == t->n) {            /* cannot happen (cut is a present count) */
		keep = 0;
		t->evicted += t->n;
	}
	t->n = keep;
	t->last = -1;          /* entries moved */
	memset(t->bucket, 0xff, t->nbuckets * sizeof *t->bucket);
	for (size_t i = 0; i < t->n; i++) {
		size_t b = t->e[i].hash & (t->nbuckets - 1);
		t->e[i].next = t->bucket[b];
		t->bucket[b] = (int32_t)i;
	}
}

void topk_add(struct topk *t, const char *key, size_t len, uint64_t by)
{
	if (len >= t->keymax)
		len = t->keymax - 1;
	t->total += by;
	if (t->last >= 0) {
		struct topk_entry *x = &t->e[t->last];
		if (x->len == len && memcmp(x->key, key, len) == 0) {
			x->count += by;
			return;
		}
	}
	uint32_t h = hash_bytes(key, len);
	size_t b = h & (t->nbuckets - 1);
	for (int32_t i = t->bucket[b]; i >= 0; i = t->e[i].next) {
		struct topk_entry *x = &t->e[i];
		if (x->hash == h && x->len == len && memcmp(x->key, key, len) == 0) {
			x->count += by;
			t->last = i;
			return;
		}
	}
	if (t->n == t->cap) {
		evict_half(t);
		b = h & (t->nbuckets - 1);
	}
	struct topk_entry *x = &t->e[t->n];
	memcpy(x->key, key, len);
	x->key[len] = '\0';
	x->len = (uint16_t)len;
	x->hash = h;
	x->count = t->floor + by;
	x->err = t->floor;
	x->next = t->bucket[b];
	t->last = (int32_t)t->n;
	t->bucket[b] = (int32_t)t->n++;
}

static int by_count_desc(const void *a, const void *b)
{
	const struct topk_entry *x = *(const struct topk_entry *const *)a;
	const struct topk_entry *y = *(const struct topk_entry *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->key, y->key);
}

size_t topk_sorted(const struct topk *t, const struct topk_entry **out, size_t max)
{
	/* Sorting all entries is fine: reports run once. */
	const struct topk_entry **all = malloc((t->n ? t->n : 1) * sizeof *all);
	if (!all)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		all[i] = &t->e[i];
	qsort(all, t->n, sizeof *all, by_count_desc);
	size_t k = t->n < max ? t->n : max;
	memcpy(out, all, k * sizeof *all);
	free(all);
	return k;
}
