/* SPDX-License-Identifier: ISC */
/* pairing: match djb's stderr line with the blocked line of the same
 * refusal, in either order (rules in pairing.h). */
#include "pairing.h"

#include <string.h>

void pairing_reset(struct pairing *p)
{
	p->ndjb = p->next = 0;
	for (size_t i = 0; i < PAIR_SLOTS; i++)
		p->blocked[i].used = true;
}

static void copy_field(char *dst, size_t cap, struct sv s, bool printable)
{
	size_t n = s.n < cap ? s.n : cap - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		dst[i] = !printable || (c >= 33 && c <= 126) ? (char)c : '?';
	}
	dst[n] = '\0';
}

static bool same_ip(const char *stored, struct sv ip)
{
	return ip.n < PAIR_IP_MAX && strncmp(stored, ip.p, ip.n) == 0 && stored[ip.n] == '\0';
}

/* Within the window of each other, in either order. */
static bool near(int64_t a, int64_t b)
{
	return a - b <= PAIR_WINDOW && b - a <= PAIR_WINDOW;
}

bool pairing_blocked(struct pairing *p, struct sv ip, int64_t t)
{
	for (size_t i = 0; i < p->ndjb; i++) {
		if (!same_ip(p->djb[i].ip, ip) || !near(p->djb[i].t, t))
			continue;
		memmove(&p->djb[i], &p->djb[i + 1], (p->ndjb - i - 1) * sizeof p->djb[0]);
		p->ndjb--;
		return true;
	}
	/* Unpaired: remember it for a djb line that may follow, over the
	 * oldest one (it was counted already). This runs for every refusal, so
	 * it is a ring: no shifting. */
	struct pair_blocked *b = &p->blocked[p->next];
	p->next = (p->next + 1) % PAIR_SLOTS;
	copy_field(b->ip, sizeof b->ip, ip, false);
	b->t = t;
	b->used = false;
	return false;
}

bool pairing_djb(struct pairing *p, const struct logline *l, int64_t t, pair_fn *fn, void *ctx)
{
	for (size_t k = 0; k < PAIR_SLOTS; k++) {          /* oldest first */
		struct pair_blocked *b = &p->blocked[(p->next + k) % PAIR_SLOTS];
		if (b->used || !same_ip(b->ip, l->ip) || !near(b->t, t))
			continue;
		b->used = true;
		return true;
	}
	if (p->ndjb == PAIR_SLOTS) {
		fn(ctx, &p->djb[0]);
		memmove(&p->djb[0], &p->djb[1], (PAIR_SLOTS - 1) * sizeof p->djb[0]);
		p->ndjb--;
	}
	struct pair_djb *d = &p->djb[p->ndjb++];
	copy_field(d->ip, sizeof d->ip, l->ip, false);
	/* The syslog host is the one field the parser does not vet. */
	copy_field(d->host, sizeof d->host, l->host, true);
	d->t = t;
	d->pid = l->pid;
	d->verdict = l->verdict;
	return false;
}

void pairing_expire(struct pairing *p, int64_t t, pair_fn *fn, void *ctx)
{
	size_t k = 0;
	while (k < p->ndjb && (t == INT64_MAX || p->djb[k].t < t - PAIR_WINDOW))
		fn(ctx, &p->djb[k++]);
	if (k) {
		memmove(&p->djb[0], &p->djb[k], (p->ndjb - k) * sizeof p->djb[0]);
		p->ndjb -= k;
	}
}
