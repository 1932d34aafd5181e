/* SPDX-License-Identifier: ISC */
/* sv: a view of bytes inside a line buffer (not NUL-terminated), the unit
 * every rblstat parser hands out: it lives only as long as that buffer. */
#ifndef STAT_SV_H
#define STAT_SV_H
#include <stdbool.h>
#include <stddef.h>

struct sv {
	const char *p;
	size_t n;
};

static inline bool sv_eq(struct sv a, const char *s, size_t n)
{
	return a.n == n && __builtin_memcmp(a.p, s, n) == 0;
}
#define SV_EQ_LIT(a, lit) sv_eq((a), (lit), sizeof(lit) - 1)

#endif
