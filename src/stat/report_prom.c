/* report_prom: the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector. One series per (log host, list) seen,
 * labels host and list (and outcome, le). Values are totals over the logs
 * read, so they are counters only as long as the set of logs only grows
 * (rblstat(1), PROMETHEUS OUTPUT). */
#include "report.h"

#include <string.h>

#define PROM_PREFIX "rblsmtpd_"
#define MS_PER_S 1000.0

void report_prom_value(FILE *f, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			putc('\\', f);
		if (*v == '\n')
			fputs("\\n", f);
		else
			putc(*v, f);
	}
}

static void label(FILE *f, const char *name, const char *v, bool comma)
{
	fprintf(f, "%s=\"", name);
	report_prom_value(f, v);
	fputs(comma ? "\"," : "\"", f);
}

static void head(FILE *f, const char *metric, const char *type, const char *help)
{
	fprintf(f, "# HELP " PROM_PREFIX "%s %s\n# TYPE " PROM_PREFIX "%s %s\n", metric, help,
		metric, type);
}

/* A series starts: metric{host="…",list="…" — the caller closes it. */
static void series(FILE *f, const char *metric, const struct host_row *h, const char *list)
{
	fprintf(f, PROM_PREFIX "%s{", metric);
	label(f, "host", h->name, true);
	label(f, "list", list, false);
}

typedef void prom_body(FILE *f, const struct host_row *h, const char *list,
		       const struct host_list *hl);

/* Every (host, selected list) with something counted, in report row order. */
static void each(FILE *f, const struct report *r, prom_body *fn)
{
	const struct hosts *hs = &r->a->per_host;
	for (size_t i = 0; i <= HOSTS_MAX; i++) {
		const struct host_row *h = hs->row[i];
		if (!h)
			continue;
		for (size_t k = 0; k < r->nrows; k++) {
			const struct host_list *hl = &h->l[r->rows[k]];
			uint64_t any = hl->refusals + hl->rcpts;
			for (int o = 0; o < LR_COUNT; o++)
				any += hl->res[o];
			if (any)
				fn(f, h, r->a->lists[r->rows[k]].name, hl);
		}
	}
}

static void refusals(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	series(f, "refusals_total", h, list);
	fprintf(f, "} %llu\n", (unsigned long long)hl->refusals);
}

static void rcpts(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	series(f, "refused_rcpts_total", h, list);
	fprintf(f, "} %llu\n", (unsigned long long)hl->rcpts);
}

static void lookups(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	for (int o = 0; o < LR_COUNT; o++) {
		if (o == LR_SKIPPED)
			continue;          /* not a lookup's outcome: it was never asked */
		series(f, "lookups_total", h, list);
		fprintf(f, ",outcome=\"%s\"} %llu\n", logline_result_name(o),
			(unsigned long long)hl->res[o]);
	}
}

static void latency(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	for (int b = 0; b < HOSTS_BUCKETS; b++) {
		series(f, "lookup_duration_seconds_bucket", h, list);
		fprintf(f, ",le=\"%g\"} %llu\n", hosts_bucket_ms[b] / MS_PER_S,
			(unsigned long long)hl->lat_le[b]);
	}
	series(f, "lookup_duration_seconds_bucket", h, list);
	fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)hl->lat_n);
	series(f, "lookup_duration_seconds_sum", h, list);
	fprintf(f, "} %.3f\n", (double)hl->lat_sum_ms / MS_PER_S);
	series(f, "lookup_duration_seconds_count", h, list);
	fprintf(f, "} %llu\n", (unsigned long long)hl->lat_n);
}

/* The per (host, list) metrics, in output order. */
static const struct {
	const char *metric, *type, *help;
	prom_body *body;
} per_list[] = {
	{ "refusals_total", "counter",
	  "SMTP connections rblsmtpd refused, by log host and deciding list.", refusals },
	{ "refused_rcpts_total", "counter",
	  "RCPT commands rblsmtpd refused, by log host and list.", rcpts },
	{ "lookups_total", "counter",
	  "List lookups by outcome, from rblsmtpd -vv summary lines.", lookups },
	{ "lookup_duration_seconds", "histogram",
	  "Time from query to answer of list lookups, from rblsmtpd -vv summary lines.", latency },
};

void report_prometheus(FILE *f, struct report *r)
{
	for (size_t i = 0; i < sizeof per_list / sizeof per_list[0]; i++) {
		head(f, per_list[i].metric, per_list[i].type, per_list[i].help);
		each(f, r, per_list[i].body);
	}
	head(f, "log_lines_total", "counter", "Log lines rblstat read.");
	fprintf(f, PROM_PREFIX "log_lines_total %llu\n", (unsigned long long)r->lines);
	head(f, "log_lines_skipped_total", "counter", "Log lines rblstat could not parse.");
	fprintf(f, PROM_PREFIX "log_lines_skipped_total %llu\n", (unsigned long long)r->skipped);
}
