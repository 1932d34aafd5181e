/* SPDX-License-Identifier: ISC */
/* report_html: one self-contained page: inline CSS, inline SVG charts drawn
 * here, no scripts, no external assets. The markup is also well-formed XML
 * (every element closed, attributes quoted) so strict parsers accept it.
 * Tables carry ids (periods, lists, overlap, top-clients, …) and the same
 * numbers as the text report. */
#include "report.h"

#include <string.h>

static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
};
#define NCOLORS (sizeof palette / sizeof palette[0])

static const char *color(size_t i)
{
	return palette[i % NCOLORS];
}

static uint64_t nice_max(uint64_t v)
{
	uint64_t m = 1;
	while (m < v) {
		if (m * 2 >= v) return m * 2;
		if (m * 5 >= v) return m * 5;
		m *= 10;
	}
	return m;
}

static void chart_periods(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	const int W = 900, H = 300, L = 60, B = 40, T = 10;
	uint64_t max = 0;
	size_t n = 0;
	for (size_t i = 0; i < a->nperiods; i++) {
		if (a->periods[i].total > max) max = a->periods[i].total;
		n += a->periods[i].total > 0;
	}
	if (n == 0)
		return;
	max = nice_max(max);
	double plot_w = W - L - 10, plot_h = H - B - T;
	double bw = plot_w / (double)n;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"refusals per period\">\n", W, H, W, H);
	for (int g = 0; g <= 4; g++) {
		double y = T + plot_h - plot_h * g / 4.0;
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
			"<text x=\"%d\" y=\"%.1f\" class=\"ax\" text-anchor=\"end\">%llu</text>\n",
			L, W - 10, y, y, L - 6, y + 4, (unsigned long long)(max * (uint64_t)g / 4));
	}
	size_t step = n / 12 + 1;
	struct report_period rp;
	for (size_t i = 0; report_next_period(r, &i, &rp);) {
		const struct agg_period *p = rp.p;
		const char *label = rp.label;
		double x = L + bw * (double)rp.k, y = T + plot_h;
		for (size_t c = 0; c < r->ncols; c++) {
			uint64_t v = p->n[r->cols[c]];
			if (!v)
				continue;
			double h = plot_h * (double)v / (double)max;
			y -= h;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				"<title>%s ", x + bw * 0.1, y, bw * 0.8, h, color(c), label);
			report_html_text(f, a->lists[r->cols[c]].name);
			fprintf(f, ": %llu</title></rect>\n", (unsigned long long)v);
		}
		if (rp.k % step == 0)
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" class=\"ax\" text-anchor=\"middle\">%s</text>\n",
				x + bw / 2, H - B + 16, label);
	}
	fputs("</svg>\n", f);
}

static void chart_lists(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	if (r->ncols == 0)
		return;
	const int W = 900, row = 24, L = 260;
	int H = (int)r->ncols * row + 10;
	uint64_t max = a->lists[r->cols[0]].refusals;   /* cols are sorted by refusals */
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"refusals per list\">\n", W, H, W, H);
	for (size_t c = 0; c < r->ncols; c++) {
		const struct agg_list *Ls = &a->lists[r->cols[c]];
		double w = (W - L - 120) * (double)Ls->refusals / (double)(max ? max : 1);
		int y = 5 + (int)c * row;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", L - 8, y + 16);
		report_html_text(f, Ls->name);
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
			"<text x=\"%.1f\" y=\"%d\" class=\"lbl\">%llu (%.1f%%)</text>\n",
			L, y + 3, w, row - 6, color(c), L + w + 6, y + 16,
			(unsigned long long)Ls->refusals, report_share(r, r->cols[c]));
	}
	fputs("</svg>\n", f);
}

static void th(FILE *f, const char *s)
{
	fputs("<th>", f);
	report_html_text(f, s);
	fputs("</th>", f);
}

static void td_u(FILE *f, uint64_t v)
{
	fprintf(f, "<td>%llu</td>", (unsigned long long)v);
}

static void td_ms(FILE *f, long v)
{
	if (v < 0)
		fputs("<td>-</td>", f);
	else
		fprintf(f, "<td>%ld</td>", v);
}

static void td_s(FILE *f, const char *s)
{
	fputs("<td class=\"k\">", f);
	report_html_text(f, s);
	fputs("</td>", f);
}

static void table_periods(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	fputs("<table id=\"periods\"><thead><tr>", f);
	th(f, a->cfg.by == AGG_BY_DAY ? "day" : "month");
	th(f, "refusals");
	for (size_t c = 0; c < r->ncols; c++)
		th(f, a->lists[r->cols[c]].name);
	fputs("</tr></thead><tbody>\n", f);
	struct report_period rp;
	for (size_t i = 0; report_next_period(r, &i, &rp);) {
		fputs("<tr>", f);
		td_s(f, rp.label);
		td_u(f, rp.p->total);
		for (size_t c = 0; c < r->ncols; c++)
			td_u(f, rp.p->n[r->cols[c]]);
		fputs("</tr>\n", f);
	}
	fputs("<tr class=\"total\">", f);
	td_s(f, "total");
	td_u(f, a->tot.refusals);
	for (size_t c = 0; c < r->ncols; c++)
		td_u(f, a->lists[r->cols[c]].refusals);
	fputs("</tr></tbody></table>\n", f);
}

static void table_lists(FILE *f, struct report *r)
{
	static const char *const head[] = {
		"list", "refusals", "share", "rcpts", "listed", "unique", "also",
		"timeouts", "errors", "median_ms", "p95_ms"
	};
	fputs("<table id=\"lists\"><thead><tr>", f);
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		th(f, head[i]);
	fputs("</tr></thead><tbody>\n", f);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct agg_list *L = &r->a->lists[r->rows[k]];
		fputs("<tr>", f);
		td_s(f, L->name);
		td_u(f, L->refusals);
		fprintf(f, "<td>%.1f%%</td>", report_share(r, r->rows[k]));
		td_u(f, L->rcpts);
		td_u(f, L->listed);
		td_u(f, L->unique);
		td_u(f, L->listed - L->unique);
		td_u(f, L->warn[LE_TIMEOUT]);
		td_u(f, report_errors(L));
		td_ms(f, hist_quantile(&L->lat, 50));
		td_ms(f, hist_quantile(&L->lat, 95));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void table_overlap(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	int idx[AGG_LISTS_MAX + 1];
	size_t n = 0;
	for (size_t k = 0; k < r->nrows; k++)
		if (a->lists[r->rows[k]].listed)
			idx[n++] = r->rows[k];
	if (n < 2)
		return;
	fputs("<h2>Overlap</h2><p>Clients listed by both lists (from summary lines); "
	      "the diagonal is every client the list listed.</p>\n"
	      "<table id=\"overlap\"><thead><tr><th></th>", f);
	for (size_t j = 0; j < n; j++)
		th(f, a->lists[idx[j]].name);
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr>", f);
		td_s(f, a->lists[idx[i]].name);
		for (size_t j = 0; j < n; j++)
			td_u(f, a->overlap[idx[i]][idx[j]]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void table_top(FILE *f, struct report *r, enum report_top k)
{
	const struct topk *tk = report_top_table(r, k);
	if (r->ntops[k] == 0 || (k == RT_HOSTS && tk->n < 2))
		return;
	fprintf(f, "<h2>Top %zu %s</h2>\n", r->top, report_top_title(k));
	if (tk->evicted)
		fprintf(f, "<p class=\"note\">Approximate: more than %zu distinct keys were seen; "
			"a count may be high by up to its error column.</p>\n", tk->cap);
	fprintf(f, "<table id=\"top-%s\"><thead><tr><th>count</th><th>%s</th>%s</tr></thead><tbody>\n",
		report_top_name(k), k == RT_HOSTS ? "host" : report_top_name(k),
		tk->evicted ? "<th>error</th>" : "");
	for (size_t i = 0; i < r->ntops[k]; i++) {
		fputs("<tr>", f);
		td_u(f, r->tops[k][i]->count);
		td_s(f, r->tops[k][i]->key);
		if (tk->evicted)
			td_u(f, r->tops[k][i]->err);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/* Resolver outages: totals, per period and per log host (only when any). */
static void html_outages(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	if (!a->tot.resolver_conns && !a->tot.resolver_lines)
		return;
	fprintf(f, "<p id=\"resolver\" class=\"note\">Resolver outages (every DNS server unreachable "
		"or refusing): <b>%llu connections</b> with a resolver result, %llu resolver lines."
		"</p>\n<table id=\"resolver-periods\"><thead><tr>",
		(unsigned long long)a->tot.resolver_conns, (unsigned long long)a->tot.resolver_lines);
	th(f, a->cfg.by == AGG_BY_DAY ? "day" : "month");
	fputs("<th>connections</th><th>lines</th></tr></thead><tbody>\n", f);
	struct report_period rp;
	for (size_t i = 0; report_next_outage(r, &i, &rp);) {
		fputs("<tr>", f);
		td_s(f, rp.label);
		td_u(f, rp.p->resolver_conns);
		td_u(f, rp.p->resolver_lines);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n<table id=\"resolver-hosts\"><thead><tr><th>host</th>"
	      "<th>connections</th><th>lines</th></tr></thead><tbody>\n", f);
	const struct host_row *h;
	for (size_t i = 0; (h = report_next_outage_host(r, &i));) {
		fputs("<tr>", f);
		td_s(f, h->name);
		td_u(f, h->resolver_conns);
		td_u(f, h->resolver_lines);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

void report_html(FILE *f, struct report *r)
{
	const struct agg *a = r->a;
	const char *per = a->cfg.by == AGG_BY_DAY ? "day" : "month";
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	      "<title>rblsmtpd refusals</title>\n<style>\n"
	      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;"
	      "max-width:960px;color:#222;padding:0 1em}\n"
	      "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}\n"
	      "table{border-collapse:collapse;margin:.5em 0;font-variant-numeric:tabular-nums}\n"
	      "th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right}\n"
	      "th{background:#f4f4f4}td.k{text-align:left;font-family:monospace}\n"
	      "tr.total td{font-weight:bold;border-top:2px solid #999}\n"
	      "svg{max-width:100%;height:auto;display:block}\n"
	      "svg .grid{stroke:#e5e5e5}svg .ax,svg .lbl{font-size:12px;fill:#555}\n"
	      ".legend span{display:inline-block;margin-right:1em}\n"
	      ".legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em}\n"
	      ".note{color:#a60}\n</style></head><body>\n<h1>rblsmtpd refusals</h1>\n", f);
	fprintf(f, "<p id=\"summary\">%llu lines read, %llu lines skipped, "
		"<b>%llu refusals</b>, %llu refused RCPTs, %llu warnings, %llu summary lines.</p>\n",
		(unsigned long long)r->lines, (unsigned long long)r->skipped,
		(unsigned long long)a->tot.refusals, (unsigned long long)a->tot.rcpts,
		(unsigned long long)a->tot.warnings, (unsigned long long)a->tot.summaries);
	html_outages(f, r);
	fprintf(f, "<h2>Refusals per %s</h2>\n", per);
	chart_periods(f, r);
	fputs("<p class=\"legend\">", f);
	for (size_t c = 0; c < r->ncols; c++) {
		fprintf(f, "<span><i style=\"background:%s\"></i>", color(c));
		report_html_text(f, a->lists[r->cols[c]].name);
		fputs("</span>", f);
	}
	fputs("</p>\n", f);
	table_periods(f, r);
	fputs("<h2>Refusals per list</h2>\n", f);
	chart_lists(f, r);
	table_lists(f, r);
	if (!a->tot.summaries)
		fputs("<p class=\"note\">No summary lines: run rblsmtpd with -vv for unique catches, "
		      "overlap and latency.</p>\n", f);
	else
		fprintf(f, "<p id=\"connections\">Connections (summary lines): %llu, accepted %llu, "
			"refused 451 %llu, 553 %llu; time to verdict median %ld ms, p95 %ld ms.</p>\n"
			"<p id=\"complete\">Refusals with every list's outcome: %llu, with lists "
			"skipped: %llu (listed, unique, also and overlap are exact for the first only)."
			"</p>\n", (unsigned long long)a->tot.summaries,
			(unsigned long long)a->tot.verdict[LV_ACCEPT],
			(unsigned long long)a->tot.verdict[LV_451],
			(unsigned long long)a->tot.verdict[LV_553],
			hist_quantile(&a->verdict_lat, 50), hist_quantile(&a->verdict_lat, 95),
			(unsigned long long)a->tot.refused_complete,
			(unsigned long long)a->tot.refused_partial);
	table_overlap(f, r);
	for (int k = 0; k < RT_COUNT; k++)
		table_top(f, r, (enum report_top)k);
	fputs("<p><small>Generated by rblstat.</small></p>\n</body></html>\n", f);
}
