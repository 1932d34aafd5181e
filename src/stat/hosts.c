/* SPDX-License-Identifier: ISC */
/* hosts: per (log host, list) counters (see hosts.h). */
#include "hosts.h"

#include <stdlib.h>
#include <string.h>

const uint32_t hosts_bucket_ms[HOSTS_BUCKETS] = {
	5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000
};

void hosts_init(struct hosts *h, bool on, size_t nlists)
{
	memset(h, 0, sizeof *h);
	h->on = on;
	h->nlists = nlists;
	h->last = -1;
}

void hosts_free(struct hosts *h)
{
	for (size_t i = 0; i <= HOSTS_MAX; i++)
		free(h->row[i]);
	memset(h->row, 0, sizeof h->row);
}

size_t hosts_name(struct sv host, char out[LOGLINE_FIELD_MAX + 1])
{
	size_t n = host.n < LOGLINE_FIELD_MAX ? host.n : LOGLINE_FIELD_MAX;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host.p[i];
		out[i] = c >= 33 && c <= 126 ? (char)c : '?';
	}
	if (n == 0)
		out[n++] = '-';
	out[n] = '\0';
	return n;
}

static struct host_row *new_row(struct hosts *h, const char *name, size_t len)
{
	struct host_row *r = calloc(1, sizeof *r + h->nlists * sizeof r->l[0]);
	if (r) {
		memcpy(r->name, name, len + 1);
		r->len = len;
	}
	return r;
}

static int row_index(struct hosts *h, const char *name, size_t len)
{
	if (h->last >= 0 && h->row[h->last]->len == len && memcmp(h->row[h->last]->name, name, len) == 0)
		return h->last;
	for (size_t i = 0; i < h->n; i++)
		if (h->row[i]->len == len && memcmp(h->row[i]->name, name, len) == 0)
			return h->last = (int)i;
	size_t i = h->n < HOSTS_MAX ? h->n : HOSTS_MAX;
	if (i == HOSTS_MAX) {
		name = "(other)";
		len = strlen(name);
	}
	if (!h->row[i] && !(h->row[i] = new_row(h, name, len)))
		return -1;
	if (i < HOSTS_MAX)
		h->n++;
	return h->last = (int)i;
}

struct host_row *hosts_row(struct hosts *h, struct sv host)
{
	if (!h->on)
		return NULL;
	char name[LOGLINE_FIELD_MAX + 1];
	size_t len = hosts_name(host, name);
	int i = row_index(h, name, len);
	return i < 0 ? NULL : h->row[i];
}

struct host_list *hosts_get(struct hosts *h, struct sv host, int li)
{
	if (li < 0 || (size_t)li >= h->nlists)
		return NULL;
	struct host_row *r = hosts_row(h, host);
	return r ? &r->l[li] : NULL;
}

/* One time into a histogram of HOSTS_BUCKETS cumulative buckets. */
static void observe(uint64_t *n, uint64_t *sum_ms, uint64_t le[HOSTS_BUCKETS], uint32_t ms)
{
	(*n)++;
	*sum_ms += ms;
	for (int b = HOSTS_BUCKETS - 1; b >= 0 && ms <= hosts_bucket_ms[b]; b--)
		le[b]++;
}

void hosts_lookup_time(struct host_list *hl, uint32_t ms)
{
	observe(&hl->lat_n, &hl->lat_sum_ms, hl->lat_le, ms);
}

void hosts_summary(struct host_row *r, enum logline_verdict v, uint32_t ms)
{
	r->verdict[v]++;
	observe(&r->vlat_n, &r->vlat_sum_ms, r->vlat_le, ms);
}
