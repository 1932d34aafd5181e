/* SPDX-License-Identifier: ISC */
/* report_json: one JSON object (schema in rblstat(1), JSON OUTPUT). */
#include "report.h"
#include <string.h>
#include "json.h"

static void json_str(FILE *f, const char *s)
{
	json_string(f, s, strlen(s));
}

static void kv(FILE *f, const char *k, uint64_t v, bool comma)
{
	fprintf(f, "\"%s\":%llu%s", k, (unsigned long long)v, comma ? "," : "");
}

static void kms(FILE *f, const char *k, long v)
{
	if (v < 0)
		fprintf(f, "\"%s\":null", k);
	else
		fprintf(f, "\"%s\":%ld", k, v);
}

static void json_input(FILE *f, const struct report *r)
{
	const struct agg_totals *t = &r->a->tot;
	fprintf(f, "{\"by\":\"%s\",\n\"input\":{", r->a->cfg.by == AGG_BY_DAY ? "day" : "month");
	kv(f, "files", r->in.files, true);
	kv(f, "unreadable", r->in.unreadable, true);
	kv(f, "damaged", r->in.damaged, true);
	kv(f, "lines", r->lines, true);
	kv(f, "skipped", r->skipped, true);
	kv(f, "other", t->other, true);
	kv(f, "undated", t->undated, true);
	kv(f, "filtered", t->filtered, false);
}

static void json_totals(FILE *f, const struct report *r)
{
	const struct agg_totals *t = &r->a->tot;
	fputs("},\n\"totals\":{", f);
	kv(f, "refusals", t->refusals, true);
	kv(f, "blocked", t->blocked, true);
	kv(f, "djb", t->djb, true);
	kv(f, "djb_duplicates", t->djb_dup, true);
	kv(f, "rejected", t->rejected, true);
	kv(f, "rejected_more", t->rejected_more, true);
	kv(f, "refused_rcpts", t->rcpts, true);
	kv(f, "warnings", t->warnings, true);
	kv(f, "resolver_lines", t->resolver_lines, true);
	kv(f, "badaddress", t->badaddress, true);
	kv(f, "sandbox", t->sandbox, true);
	kv(f, "summaries", t->summaries, true);
	kv(f, "resolver_connections", t->resolver_conns, true);
	kv(f, "accepted", t->verdict[LV_ACCEPT], true);
	kv(f, "refused_451", t->verdict[LV_451], true);
	kv(f, "refused_553", t->verdict[LV_553], true);
	kv(f, "refused_complete", t->refused_complete, true);
	kv(f, "refused_incomplete", t->refused_partial, true);
	kms(f, "verdict_median_ms", hist_quantile(&r->a->verdict_lat, 50));
	putc(',', f);
	kms(f, "verdict_p95_ms", hist_quantile(&r->a->verdict_lat, 95));
}

static void json_periods(FILE *f, const struct report *r)
{
	const struct agg *a = r->a;
	struct report_period rp;
	fputs("},\n\"periods\":[", f);
	for (size_t i = 0; report_next_period(r, &i, &rp);) {
		fprintf(f, "%s\n {\"period\":\"%s\",\"refusals\":%llu,\"lists\":{", rp.k ? "," : "",
			rp.label, (unsigned long long)rp.p->total);
		bool c1 = true;
		for (size_t c = 0; c < r->ncols; c++) {
			if (!rp.p->n[r->cols[c]])
				continue;
			fputs(c1 ? "" : ",", f);
			c1 = false;
			json_str(f, a->lists[r->cols[c]].name);
			fprintf(f, ":%llu", (unsigned long long)rp.p->n[r->cols[c]]);
		}
		fputs("}}", f);
	}
}

static void json_overlap(FILE *f, const struct report *r, size_t k)
{
	const struct agg *a = r->a;
	bool c1 = true;
	fputs(",\"overlap\":{", f);
	for (size_t j = 0; j < r->nrows; j++) {
		uint64_t n = a->overlap[r->rows[k]][r->rows[j]];
		if (j == k || !n)
			continue;
		fputs(c1 ? "" : ",", f);
		c1 = false;
		json_str(f, a->lists[r->rows[j]].name);
		fprintf(f, ":%llu", (unsigned long long)n);
	}
	fputs("}}", f);
}

static void json_lists(FILE *f, const struct report *r)
{
	fputs("],\n\"lists\":[", f);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct agg_list *L = &r->a->lists[r->rows[k]];
		fputs(k ? ",\n {\"list\":" : "\n {\"list\":", f);
		json_str(f, L->name);
		putc(',', f);
		kv(f, "refusals", L->refusals, true);
		fprintf(f, "\"share\":%.2f,", report_share(r, r->rows[k]));
		kv(f, "rcpts", L->rcpts, true);
		kv(f, "listed", L->listed, true);
		kv(f, "unique", L->unique, true);
		kv(f, "also_listed", L->listed - L->unique, true);
		for (int e = 0; e < LE_COUNT; e++)
			kv(f, logline_event_name(e), L->warn[e], true);
		fputs("\"results\":{", f);
		for (int i = 0; i < LR_COUNT; i++)
			kv(f, logline_result_name(i), L->res[i], i + 1 < LR_COUNT);
		fputs("},", f);
		kms(f, "median_ms", hist_quantile(&L->lat, 50));
		putc(',', f);
		kms(f, "p95_ms", hist_quantile(&L->lat, 95));
		json_overlap(f, r, k);
	}
}

static void json_top(FILE *f, const struct report *r)
{
	fputs("],\n\"top\":{", f);
	for (int k = 0; k < RT_COUNT; k++) {
		const struct topk *tk = report_top_table(r, k);
		fprintf(f, "%s\n \"%s\":{\"approximate\":%s,\"items\":[", k ? "," : "",
			report_top_name(k), tk->evicted ? "true" : "false");
		for (size_t i = 0; i < r->ntops[k]; i++) {
			fputs(i ? ",{\"key\":" : "{\"key\":", f);
			json_str(f, r->tops[k][i]->key);
			fprintf(f, ",\"count\":%llu,\"max_error\":%llu}",
				(unsigned long long)r->tops[k][i]->count,
				(unsigned long long)r->tops[k][i]->err);
		}
		fputs("]}", f);
	}
	fputs("}", f);
}

/* Resolver outages, per period and log host. */
static void json_resolver(FILE *f, const struct report *r)
{
	const struct agg_totals *t = &r->a->tot;
	struct report_period rp;
	fputs(",\n\"resolver\":{", f);
	kv(f, "connections", t->resolver_conns, true);
	kv(f, "lines", t->resolver_lines, true);
	fputs("\"periods\":[", f);
	for (size_t i = 0; report_next_outage(r, &i, &rp);) {
		fprintf(f, "%s{\"period\":\"%s\",", rp.k ? "," : "", rp.label);
		kv(f, "connections", rp.p->resolver_conns, true);
		kv(f, "lines", rp.p->resolver_lines, false);
		putc('}', f);
	}
	fputs("],\"hosts\":[", f);
	const struct host_row *h;
	bool first = true;
	for (size_t i = 0; (h = report_next_outage_host(r, &i)); first = false) {
		fputs(first ? "{\"host\":" : ",{\"host\":", f);
		json_str(f, h->name);
		putc(',', f);
		kv(f, "connections", h->resolver_conns, true);
		kv(f, "lines", h->resolver_lines, false);
		putc('}', f);
	}
	fputs("]}}\n", f);
}

void report_json(FILE *f, struct report *r)
{
	json_input(f, r);
	json_totals(f, r);
	json_periods(f, r);
	json_lists(f, r);
	json_top(f, r);
	json_resolver(f, r);
}
