/* report_csv: several RFC 4180 tables separated by one empty line. The
 * first header cell names the table (counter, month|day, list, list_a, top),
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

void report_csv(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	const struct agg_totals *t = &a->tot;

	fputs("counter,value\n", f);
	fprintf(f, "lines,%llu\nskipped,%llu\nother,%llu\nundated,%llu\nfiltered,%llu\n",
		(unsigned long long)r->lines, (unsigned long long)r->skipped,
		(unsigned long long)t->other, (unsigned long long)t->undated,
		(unsigned long long)t->filtered);
	fprintf(f, "refusals,%llu\nblocked,%llu\ndjb,%llu\ndjb_duplicates,%llu\nrejected,%llu\n"
		"warnings,%llu\nsummaries,%llu\naccepted,%llu\nrefused_451,%llu\nrefused_553,%llu\n",
		(unsigned long long)t->refusals, (unsigned long long)t->blocked,
		(unsigned long long)t->djb, (unsigned long long)t->djb_dup,
		(unsigned long long)t->rejected, (unsigned long long)t->warnings,
		(unsigned long long)t->summaries, (unsigned long long)t->verdict[LV_ACCEPT],
		(unsigned long long)t->verdict[LV_451], (unsigned long long)t->verdict[LV_553]);
	fprintf(f, "files,%zu\nunreadable,%zu\ndamaged,%zu\n", r->in.files, r->in.unreadable,
		r->in.damaged);

	fprintf(f, "\n%s,list,refusals\n", a->cfg.by == AGG_BY_DAY ? "day" : "month");
	for (size_t i = 0; i < a->nperiods; i++) {
		const struct agg_period *p = &a->periods[i];
		char label[16];
		agg_period_label(a, p->key, label);
		for (size_t c = 0; c < r->ncols; c++) {
			if (!p->n[r->cols[c]])
				continue;
			fprintf(f, "%s,", label);
			report_csv_field(f, a->lists[r->cols[c]].name);
			u(f, p->n[r->cols[c]]);
			putc('\n', f);
		}
	}

	fputs("\nlist,refusals,share,rcpts,listed,unique,also_listed,timeout,servfail,refused,"
	      "badanswer,error,median_ms,p95_ms\n", f);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct agg_list *L = &a->lists[r->rows[k]];
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
