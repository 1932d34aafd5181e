/* topk: Space-Saving with a hash table for lookups and a min-heap to find
 * the entry to evict in O(log cap). See topk.h for the guarantees. */
#include "topk.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

bool topk_init(struct topk *t, size_t cap)
{
	memset(t, 0, sizeof *t);
	if (cap < 1)
		cap = 1;
	t->cap = cap;
	t->nbuckets = 1;
	while (t->nbuckets < cap * 2)
		t->nbuckets <<= 1;
	t->e = calloc(cap, sizeof *t->e);
	t->heap = calloc(cap, sizeof *t->heap);
	t->bucket = malloc(t->nbuckets * sizeof *t->bucket);
	if (!t->e || !t->heap || !t->bucket) {
		topk_free(t);
		return false;
	}
	memset(t->bucket, 0xff, t->nbuckets * sizeof *t->bucket);  /* all -1 */
	return true;
}

void topk_free(struct topk *t)
{
	free(t->e);
	free(t->heap);
	free(t->bucket);
	t->e = NULL;
	t->heap = t->bucket = NULL;
}

static void heap_swap(struct topk *t, size_t a, size_t b)
{
	int32_t x = t->heap[a];
	t->heap[a] = t->heap[b];
	t->heap[b] = x;
	t->e[t->heap[a]].heap = (int32_t)a;
	t->e[t->heap[b]].heap = (int32_t)b;
}

/* Counts only grow, so an entry can only move down in the min-heap. */
static void sift_down(struct topk *t, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < t->n && t->e[t->heap[l]].count < t->e[t->heap[m]].count) m = l;
		if (r < t->n && t->e[t->heap[r]].count < t->e[t->heap[m]].count) m = r;
		if (m == i)
			return;
		heap_swap(t, i, m);
		i = m;
	}
}

static void unlink_key(struct topk *t, int32_t idx)
{
	struct topk_entry *x = &t->e[idx];
	int32_t *pp = &t->bucket[hash_bytes(x->key, x->len) & (t->nbuckets - 1)];
	while (*pp != idx)
		pp = &t->e[*pp].next;
	*pp = x->next;
}

void topk_add(struct topk *t, const char *key, size_t len, uint64_t by)
{
	if (len >= TOPK_KEY_MAX)
		len = TOPK_KEY_MAX - 1;
	t->total += by;
	size_t b = hash_bytes(key, len) & (t->nbuckets - 1);
	for (int32_t i = t->bucket[b]; i >= 0; i = t->e[i].next) {
		struct topk_entry *x = &t->e[i];
		if (x->len == len && memcmp(x->key, key, len) == 0) {
			x->count += by;
			sift_down(t, (size_t)x->heap);
			return;
		}
	}
	int32_t idx;
	uint64_t base = 0;
	if (t->n < t->cap) {
		idx = (int32_t)t->n;
		t->heap[t->n] = idx;
		t->e[idx].heap = (int32_t)t->n;
		t->n++;
	} else {
		idx = t->heap[0];          /* the smallest count makes room */
		base = t->e[idx].count;
		unlink_key(t, idx);
		t->evicted++;
	}
	struct topk_entry *x = &t->e[idx];
	memcpy(x->key, key, len);
	x->key[len] = '\0';
	x->len = (uint16_t)len;
	x->count = base + by;
	x->err = base;
	x->next = t->bucket[b];
	t->bucket[b] = idx;
	sift_down(t, (size_t)x->heap);
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
	/* Sorting all cap entries is fine: reports run once. */
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
