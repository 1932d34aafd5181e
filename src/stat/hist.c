/* SPDX-License-Identifier: ISC */
/* hist: see hist.h. */
#include "hist.h"

int hist_bucket(uint32_t ms)
{
	if (ms < 100) return (int)ms;
	if (ms < 1000) return 100 + (int)(ms - 100) / 10;
	if (ms < 10000) return 190 + (int)(ms - 1000) / 100;
	if (ms < 100000) return 280 + (int)(ms - 10000) / 1000;
	return HIST_BUCKETS - 1;
}

uint32_t hist_lower(int b)
{
	if (b < 100) return (uint32_t)b;
	if (b < 190) return 100 + (uint32_t)(b - 100) * 10;
	if (b < 280) return 1000 + (uint32_t)(b - 190) * 100;
	if (b < 370) return 10000 + (uint32_t)(b - 280) * 1000;
	return 100000;
}

void hist_add(struct hist *h, uint32_t ms)
{
	int b = hist_bucket(ms);
	if (h->b[b] != UINT32_MAX) {      /* saturate rather than wrap */
		h->b[b]++;
		h->n++;
	}
}

long hist_quantile(const struct hist *h, int q)
{
	if (h->n == 0)
		return -1;
	/* Nearest rank: the smallest value with at least q% of samples at or below. */
	uint64_t rank = (h->n * (uint64_t)q + 99) / 100;
	if (rank < 1)
		rank = 1;
	uint64_t seen = 0;
	for (int i = 0; i < HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank)
			return (long)hist_lower(i);
	}
	return (long)hist_lower(HIST_BUCKETS - 1);
}
