/* SPDX-License-Identifier: ISC */
/* report_csv: several RFC 4180 tables separated by one empty line. The
 * first header cell names the table (counter, month|day, list, list_a,
 * resolver, top),
 * so a reader can split on empty lines and dispatch on it. */
#include "report.h"

static void u(FILE *f, uint64_t v)
{
	fprintf(f, ",%llu", (unsigned long long)v);
}

static void ms(FILE *f, long v)
{
	if (v < 0)
		fputs(",", f);
	else
		fprintf(f, ",%ld", v);
}

static void csv_counters(FILE *f, const struct report *r)
{
	const struct agg_totals *t = &r->a->tot;
	const struct { const char *name; uint64_t v; } c[] = {
		{ "lines", r->lines }, { "skipped", r->skipped }, { "other", t->other },
		{ "undated", t->undated }, { "filtered", t->filtered },
		{ "refusals", t->refusals }, { "blocked", t->blocked }, { "djb", t->djb },
		{ "djb_duplicates", t->djb_dup }, { "rejected", t->rejected },
		{ "rejected_more", t->rejected_more }, { "refused_rcpts", t->rcpts },
		{ "warnings", t->warnings }, { "resolver_lines", t->resolver_lines },
		{ "badaddress", t->badaddress }, { "sandbox", t->sandbox },
		{ "summaries", t->summaries }, { "resolver_connections", t->resolver_conns },
		{ "accepted", t->verdict[LV_ACCEPT] }, { "refused_451", t->verdict[LV_451] },
		{ "refused_553", t->verdict[LV_553] },
		{ "refused_complete", t->refused_complete },
		{ "refused_incomplete", t->refused_partial },
		{ "files", r->in.files }, { "unreadable", r->in.unreadable },
		{ "damaged", r->in.damaged },
	};
	fputs("counter,value\n", f);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		fprintf(f, "%s,%llu\n", c[i].name, (unsigned long long)c[i].v);
}

static void csv_periods(FILE *f, const struct report *r)
{
	const struct agg *a = r->a;
	struct report_period rp;
	fprintf(f, "\n%s,list,refusals\n", a->cfg.by == AGG_BY_DAY ? "day" : "month");
	for (size_t i = 0; report_next_period(r, &i, &rp);)
		for (size_t c = 0; c < r->ncols; c++) {
			if (!rp.p->n[r->cols[c]])
				continue;
			fprintf(f, "%s,", rp.label);
			report_csv_field(f, a->lists[r->cols[c]].name);
			u(f, rp.p->n[r->cols[c]]);
			putc('\n', f);
		}
}

static void csv_lists(FILE *f, const struct report *r)
{
	fputs("\nlist,refusals,share,rcpts,listed,unique,also_listed,timeout,servfail,refused,"
	      "badanswer,error,median_ms,p95_ms\n", f);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct agg_list *L = &r->a->lists[r->rows[k]];
		report_csv_field(f, L->name);
		u(f, L->refusals);
		fprintf(f, ",%.2f", report_share(r, r->rows[k]));
		u(f, L->rcpts);
		u(f, L->listed);
		u(f, L->unique);
		u(f, L->listed - L->unique);
		for (int e = 0; e < LE_COUNT; e++)
			u(f, L->warn[e]);
		ms(f, hist_quantile(&L->lat, 50));
		ms(f, hist_quantile(&L->lat, 95));
		putc('\n', f);
	}
}

static void csv_overlap(FILE *f, const struct report *r)
{
	const struct agg *a = r->a;
	fputs("\nlist_a,list_b,both\n", f);
	for (size_t i = 0; i < r->nrows; i++)
		for (size_t j = 0; j < r->nrows; j++) {
			uint64_t n = a->overlap[r->rows[i]][r->rows[j]];
			if (i == j || !n)
				continue;
			report_csv_field(f, a->lists[r->rows[i]].name);
			putc(',', f);
			report_csv_field(f, a->lists[r->rows[j]].name);
			u(f, n);
			putc('\n', f);
		}
}

static void csv_top(FILE *f, const struct report *r)
{
	fputs("\ntop,rank,key,count,max_error\n", f);
	for (int k = 0; k < RT_COUNT; k++)
		for (size_t i = 0; i < r->ntops[k]; i++) {
			fprintf(f, "%s,%zu,", report_top_name(k), i + 1);
			report_csv_field(f, r->tops[k][i]->key);
			u(f, r->tops[k][i]->count);
			u(f, r->tops[k][i]->err);
			putc('\n', f);
		}
}

/* Resolver outages, per period ("month"/"day" rows) and log host ("host"). */
static void csv_resolver(FILE *f, const struct report *r)
{
	const char *per = r->a->cfg.by == AGG_BY_DAY ? "day" : "month";
	struct report_period rp;
	fputs("\nresolver,key,connections,lines\n", f);
	for (size_t i = 0; report_next_outage(r, &i, &rp);) {
		fprintf(f, "%s,%s", per, rp.label);
		u(f, rp.p->resolver_conns);
		u(f, rp.p->resolver_lines);
		putc('\n', f);
	}
	const struct host_row *h;
	for (size_t i = 0; (h = report_next_outage_host(r, &i));) {
		fputs("host,", f);
		report_csv_field(f, h->name);
		u(f, h->resolver_conns);
		u(f, h->resolver_lines);
		putc('\n', f);
	}
}

void report_csv(FILE *f, struct report *r)
{
	csv_counters(f, r);
	csv_periods(f, r);
	csv_lists(f, r);
	csv_overlap(f, r);
	csv_resolver(f, r);
	csv_top(f, r);
}
