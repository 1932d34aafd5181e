/* SPDX-License-Identifier: ISC */
/* report_text: aligned plain-text tables, the default output.
 * Cells are collected per table and printed once the column widths are
 * known; the first column is left-aligned, the others right-aligned. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"
#include "stamp.h"

#define TEXT_COLS_MAX (AGG_LISTS_MAX + 4)
#define TEXT_CELL 64   /* list names are cut to this in tables */

struct tbl {
	size_t ncol, n, cap;
	char (*cell)[TEXT_CELL];
};

static void tbl_init(struct tbl *t, size_t ncol)
{
	t->ncol = ncol;
	t->n = t->cap = 0;
	t->cell = NULL;
}

static void tbl_add(struct tbl *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tbl_add(struct tbl *t, const char *fmt, ...)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		void *p = realloc(t->cell, cap * sizeof *t->cell);
		if (!p)
			return;                /* out of memory: the table loses cells */
		t->cell = p;
		t->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->cell[t->n++], TEXT_CELL, fmt, ap);
	va_end(ap);
}

static void tbl_print(FILE *f, struct tbl *t)
{
	size_t w[TEXT_COLS_MAX] = { 0 };
	for (size_t i = 0; i < t->n; i++) {
		size_t len = strlen(t->cell[i]);
		if (len > w[i % t->ncol])
			w[i % t->ncol] = len;
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t c = i % t->ncol;
		int width = (int)w[c];
		if (c == 0)
			fprintf(f, "%-*s", c + 1 == t->ncol ? 0 : width, t->cell[i]);
		else
			fprintf(f, "  %*s", width, t->cell[i]);
		if (c + 1 == t->ncol)
			putc('\n', f);
	}
	free(t->cell);
	t->cell = NULL;
}

static void ms_cell(struct tbl *t, long v)
{
	if (v < 0)
		tbl_add(t, "%s", "-");
	else
		tbl_add(t, "%ld", v);
}

static void print_periods(FILE *f, struct report *r)
{
	struct agg *a = r->a;
	struct tbl t;
	tbl_init(&t, r->ncols + 2);
	tbl_add(&t, "%s", a->cfg.by == AGG_BY_DAY ? "day" : "month");
	tbl_add(&t, "refusals");
	for (size_t c = 0; c < r->ncols; c++)
		tbl_add(&t, "%s", a->lists[r->cols[c]].name);
	struct report_period rp;
	for (size_t i = 0; report_next_period(r, &i, &rp);) {
		tbl_add(&t, "%s", rp.label);
		tbl_add(&t, "%llu", (unsigned long long)rp.p->total);
		for (size_t c = 0; c < r->ncols; c++)
			tbl_add(&t, "%llu", (unsigned long long)rp.p->n[r->cols[c]]);
	}
	tbl_add(&t, "total");
	tbl_add(&t, "%llu", (unsigned long long)a->tot.refusals);
	for (size_t c = 0; c < r->ncols; c++)
		tbl_add(&t, "%llu", (unsigned long long)a->lists[r->cols[c]].refusals);
	fprintf(f, "Refusals per %s\n", a->cfg.by == AGG_BY_DAY ? "day" : "month");
	tbl_print(f, &t);
}

static void print_lists(FILE *f, struct report *r)
{
	static const char *const head[] = {
		"list", "refusals", "share", "rcpts", "listed", "unique", "also",
		"timeouts", "errors", "median_ms", "p95_ms"
	};
	struct tbl t;
	tbl_init(&t, sizeof head / sizeof head[0]);
	for (size_t i = 0; i < t.ncol; i++)
		tbl_add(&t, "%s", head[i]);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct agg_list *L = &r->a->lists[r->rows[k]];
		tbl_add(&t, "%s", L->name);
		tbl_add(&t, "%llu", (unsigned long long)L->refusals);
		tbl_add(&t, "%.1f%%", report_share(r, r->rows[k]));
		tbl_add(&t, "%llu", (unsigned long long)L->rcpts);
		tbl_add(&t, "%llu", (unsigned long long)L->listed);
		tbl_add(&t, "%llu", (unsigned long long)L->unique);
		tbl_add(&t, "%llu", (unsigned long long)(L->listed - L->unique));
		tbl_add(&t, "%llu", (unsigned long long)L->warn[LE_TIMEOUT]);
		tbl_add(&t, "%llu", (unsigned long long)report_errors(L));
		ms_cell(&t, hist_quantile(&L->lat, 50));
		ms_cell(&t, hist_quantile(&L->lat, 95));
	}
	fputs("\nLists (listed, unique, also and latency come from summary lines)\n", f);
	tbl_print(f, &t);
}

static void print_overlap(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	size_t n = 0;
	int idx[AGG_LISTS_MAX + 1];
	for (size_t k = 0; k < r->nrows; k++)
		if (a->lists[r->rows[k]].listed)
			idx[n++] = r->rows[k];
	if (n < 2)
		return;
	struct tbl t;
	tbl_init(&t, n + 1);
	tbl_add(&t, "listed by both");
	for (size_t j = 0; j < n; j++)
		tbl_add(&t, "[%zu]", j + 1);
	for (size_t i = 0; i < n; i++) {
		tbl_add(&t, "[%zu] %s", i + 1, a->lists[idx[i]].name);
		for (size_t j = 0; j < n; j++)
			tbl_add(&t, "%llu", (unsigned long long)a->overlap[idx[i]][idx[j]]);
	}
	fputs("\nOverlap (clients listed by both lists; the diagonal is all clients a list listed)\n", f);
	tbl_print(f, &t);
}

/* Resolver outages: connections whose summary has a resolver result, and
 * resolver lines, per period and per log host. Not a list's error. */
static void print_outages(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	if (!a->tot.resolver_conns && !a->tot.resolver_lines)
		return;
	fprintf(f, "\nResolver outages (every DNS server unreachable or refusing): %llu connections "
		"(summaries with a resolver result), %llu resolver lines\n",
		(unsigned long long)a->tot.resolver_conns, (unsigned long long)a->tot.resolver_lines);
	struct tbl t;
	tbl_init(&t, 3);
	tbl_add(&t, "%s", a->cfg.by == AGG_BY_DAY ? "day" : "month");
	tbl_add(&t, "connections");
	tbl_add(&t, "lines");
	struct report_period rp;
	for (size_t i = 0; report_next_outage(r, &i, &rp);) {
		tbl_add(&t, "%s", rp.label);
		tbl_add(&t, "%llu", (unsigned long long)rp.p->resolver_conns);
		tbl_add(&t, "%llu", (unsigned long long)rp.p->resolver_lines);
	}
	tbl_print(f, &t);
	tbl_init(&t, 3);
	tbl_add(&t, "host");
	tbl_add(&t, "connections");
	tbl_add(&t, "lines");
	const struct host_row *h;
	for (size_t i = 0; (h = report_next_outage_host(r, &i));) {
		tbl_add(&t, "%s", h->name);
		tbl_add(&t, "%llu", (unsigned long long)h->resolver_conns);
		tbl_add(&t, "%llu", (unsigned long long)h->resolver_lines);
	}
	tbl_print(f, &t);
}

static void print_top(FILE *f, struct report *r, enum report_top k)
{
	const struct topk *tk = report_top_table(r, k);
	size_t n = r->ntops[k];
	if (n == 0 || (k == RT_HOSTS && tk->n < 2))
		return;                        /* one log host: nothing to compare */
	fprintf(f, "\nTop %zu %s", r->top, report_top_title(k));
	if (tk->evicted)
		fprintf(f, " (approximate: more than %zu distinct keys; counts may be high by up to %llu)",
			tk->cap, (unsigned long long)r->tops[k][n - 1]->err);
	putc('\n', f);
	int w = snprintf(NULL, 0, "%llu", (unsigned long long)r->tops[k][0]->count);
	if (w < 5)
		w = 5;
	static const char *const key[RT_COUNT] = { "client", "network", "domain", "recipient", "host" };
	fprintf(f, "%*s  %s\n", w, "count", key[k]);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%*llu  %s\n", w, (unsigned long long)r->tops[k][i]->count, r->tops[k][i]->key);
}

void report_text(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	fprintf(f, "rblstat: %llu lines read, %llu lines skipped, %llu refusals",
		(unsigned long long)r->lines, (unsigned long long)r->skipped,
		(unsigned long long)a->tot.refusals);
	if (a->first <= a->last) {
		char lo[16], hi[16];
		stamp_format_day(a->first / STAMP_DAY, lo);
		stamp_format_day(a->last / STAMP_DAY, hi);
		fprintf(f, ", %s to %s", lo, hi);
	}
	fputs("\n\n", f);
	print_periods(f, r);
	print_lists(f, r);
	print_overlap(f, r);
	if (a->tot.summaries) {
		fprintf(f, "\nConnections (summary lines): %llu, accepted %llu, refused 451 %llu, 553 %llu; "
			"time to verdict median %ld ms, p95 %ld ms\n",
			(unsigned long long)a->tot.summaries, (unsigned long long)a->tot.verdict[LV_ACCEPT],
			(unsigned long long)a->tot.verdict[LV_451], (unsigned long long)a->tot.verdict[LV_553],
			hist_quantile(&a->verdict_lat, 50), hist_quantile(&a->verdict_lat, 95));
		fprintf(f, "Refusals with every list's outcome: %llu, with lists skipped: %llu "
			"(listed, unique, also and overlap are exact for the first only)\n",
			(unsigned long long)a->tot.refused_complete,
			(unsigned long long)a->tot.refused_partial);
	} else {
		fputs("\nNo summary lines: run rblsmtpd with -vv for unique catches, overlap and latency.\n", f);
	}
	if (a->tot.rejected_more)
		fprintf(f, "Refused RCPTs: %llu (%llu logged one by one, the rest counted by %llu "
			"rejected-more lines)\n", (unsigned long long)a->tot.rcpts,
			(unsigned long long)a->tot.rejected, (unsigned long long)a->tot.rejected_more);
	if (a->tot.badaddress || a->tot.sandbox)
		fprintf(f, "Connection warnings: badaddress %llu, sandbox %llu\n",
			(unsigned long long)a->tot.badaddress, (unsigned long long)a->tot.sandbox);
	print_outages(f, r);
	for (int k = 0; k < RT_COUNT; k++)
		print_top(f, r, (enum report_top)k);
}
