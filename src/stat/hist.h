/* SPDX-License-Identifier: ISC */
/* hist: a fixed-size latency histogram for median and p95 in constant memory.
 *
 * Buckets are 1 ms wide below 100 ms, 10 ms up to 1 s, 100 ms up to 10 s and
 * 1 s up to 100 s; everything slower falls into the last bucket. A reported
 * quantile is the lower edge of the bucket that holds it, so it is exact
 * below 100 ms and at most 10 % low above. */
#ifndef STAT_HIST_H
#define STAT_HIST_H
#include <stdint.h>

#define HIST_BUCKETS (100 + 90 + 90 + 90 + 1)

struct hist {
	uint64_t n;
	uint32_t b[HIST_BUCKETS];
};

void hist_add(struct hist *h, uint32_t ms);
/* q in 0..100 (percent). Returns the quantile in ms, or -1 when empty. */
long hist_quantile(const struct hist *h, int q);
/* The bucket index of ms, and the lower edge of a bucket (for tests). */
int hist_bucket(uint32_t ms);
uint32_t hist_lower(int bucket);

#endif
