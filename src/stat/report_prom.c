/* SPDX-License-Identifier: ISC */
/* report_prom: the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector. One series per (log host, list) seen,
 * labels host and list (and outcome, event, le), and per log host (verdict).
 * The values are totals over the logs read: they go down when logrotate
 * deletes a file, so they are gauges, named without "_total" (the histograms
 * keep their type, which the format has no gauge form of). Live counters for
 * alerting come from mtail (examples/mtail/rblsmtpd.mtail), under the same
 * names with "_total" (rblstat(1), PROMETHEUS OUTPUT). */
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

/* A series starts: metric{host="…",list="…" (no list when NULL) — the
 * caller closes it. */
static void series(FILE *f, const char *metric, const struct host_row *h, const char *list)
{
	fprintf(f, PROM_PREFIX "%s{", metric);
	label(f, "host", h->name, list != NULL);
	if (list)
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
			for (int e = 0; e < LE_COUNT; e++)
				any += hl->warn[e];
			if (any)
				fn(f, h, r->a->lists[r->rows[k]].name, hl);
		}
	}
}

static void refusals(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	series(f, "refusals", h, list);
	fprintf(f, "} %llu\n", (unsigned long long)hl->refusals);
}

static void rcpts(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	series(f, "refused_rcpts", h, list);
	fprintf(f, "} %llu\n", (unsigned long long)hl->rcpts);
}

static void lookups(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	for (int o = 0; o < LR_COUNT; o++) {
		if (o == LR_SKIPPED)
			continue;          /* not a lookup's outcome: lookups_skipped */
		series(f, "lookups", h, list);
		fprintf(f, ",outcome=\"%s\"} %llu\n", logline_result_name(o),
			(unsigned long long)hl->res[o]);
	}
}

static void skipped(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	series(f, "lookups_skipped", h, list);
	fprintf(f, "} %llu\n", (unsigned long long)hl->res[LR_SKIPPED]);
}

/* A histogram's buckets, sum and count, of a host and list (or a host). */
static void histogram(FILE *f, const char *metric, const struct host_row *h, const char *list,
		      const uint64_t le[HOSTS_BUCKETS], uint64_t n, uint64_t sum_ms)
{
	char name[64];
	snprintf(name, sizeof name, "%s_bucket", metric);
	for (int b = 0; b < HOSTS_BUCKETS; b++) {
		series(f, name, h, list);
		fprintf(f, ",le=\"%g\"} %llu\n", hosts_bucket_ms[b] / MS_PER_S,
			(unsigned long long)le[b]);
	}
	series(f, name, h, list);
	fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)n);
	snprintf(name, sizeof name, "%s_sum", metric);
	series(f, name, h, list);
	fprintf(f, "} %.3f\n", (double)sum_ms / MS_PER_S);
	snprintf(name, sizeof name, "%s_count", metric);
	series(f, name, h, list);
	fprintf(f, "} %llu\n", (unsigned long long)n);
}

static void latency(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	histogram(f, "lookup_duration_seconds", h, list, hl->lat_le, hl->lat_n, hl->lat_sum_ms);
}

static void warnings(FILE *f, const struct host_row *h, const char *list, const struct host_list *hl)
{
	for (int e = 0; e < LE_COUNT; e++) {
		series(f, "list_warnings", h, list);
		fprintf(f, ",event=\"%s\"} %llu\n", logline_event_name(e),
			(unsigned long long)hl->warn[e]);
	}
}

/* The per (host, list) metrics, in output order. */
static const struct {
	const char *metric, *type, *help;
	prom_body *body;
} per_list[] = {
	{ "refusals", "gauge",
	  "SMTP connections rblsmtpd refused in the logs read, by log host and deciding list.",
	  refusals },
	{ "refused_rcpts", "gauge",
	  "RCPT commands rblsmtpd refused in the logs read, by log host and list.", rcpts },
	{ "lookups", "gauge",
	  "List lookups in the logs read by outcome, from rblsmtpd -vv summary lines.", lookups },
	{ "lookup_duration_seconds", "histogram",
	  "Time from query to answer of list lookups in the logs read, from rblsmtpd -vv summary "
	  "lines (totals over the logs read, not a counter).", latency },
	{ "lookups_skipped", "gauge",
	  "Lists not answered by the verdict (or not asked) in the logs read, from rblsmtpd -vv "
	  "summary lines.", skipped },
	{ "list_warnings", "gauge",
	  "Warning lines of a list in the logs read, by event.", warnings },
};

/* The per host metrics: connections by verdict, time to verdict. */
static void per_host(FILE *f, const struct report *r)
{
	const struct hosts *hs = &r->a->per_host;
	head(f, "connections", "gauge",
	     "SMTP connections in the logs read, by log host and verdict, from rblsmtpd -vv "
	     "summary lines.");
	for (size_t i = 0; i <= HOSTS_MAX; i++)
		for (int v = 0; hs->row[i] && v < LOGFMT_VERDICTS; v++) {
			series(f, "connections", hs->row[i], NULL);
			fprintf(f, ",verdict=\"%s\"} %llu\n", logfmt_verdict_words[v],
				(unsigned long long)hs->row[i]->verdict[v]);
		}
	head(f, "verdict_duration_seconds", "histogram",
	     "Time from connection to verdict in the logs read, from rblsmtpd -vv summary lines "
	     "(totals over the logs read, not a counter).");
	for (size_t i = 0; i <= HOSTS_MAX; i++) {
		const struct host_row *h = hs->row[i];
		if (!h)
			continue;
		histogram(f, "verdict_duration_seconds", h, NULL, h->vlat_le, h->vlat_n, h->vlat_sum_ms);
	}
}

/* Resolver outages per log host: no list label, no list is at fault. */
static void outages(FILE *f, const struct report *r)
{
	const struct host_row *h;
	head(f, "resolver_outage_connections", "gauge",
	     "Connections in the logs read whose rblsmtpd -vv summary has a resolver result "
	     "(every DNS server unreachable or refusing), by log host.");
	for (size_t i = 0; (h = report_next_outage_host(r, &i));) {
		series(f, "resolver_outage_connections", h, NULL);
		fprintf(f, "} %llu\n", (unsigned long long)h->resolver_conns);
	}
	head(f, "resolver_failures", "gauge",
	     "rblsmtpd resolver lines in the logs read (one per DNS server and connection), by "
	     "log host and why (unreachable, refused).");
	for (size_t i = 0; (h = report_next_outage_host(r, &i));)
		for (int w = 0; w < LOGFMT_WHYS; w++) {
			series(f, "resolver_failures", h, NULL);
			fprintf(f, ",why=\"%s\"} %llu\n", logfmt_why_words[w],
				(unsigned long long)h->resolver_why[w]);
		}
}

void report_prometheus(FILE *f, struct report *r)
{
	for (size_t i = 0; i < sizeof per_list / sizeof per_list[0]; i++) {
		head(f, per_list[i].metric, per_list[i].type, per_list[i].help);
		each(f, r, per_list[i].body);
	}
	per_host(f, r);
	outages(f, r);
	head(f, "log_lines", "gauge", "Log lines rblstat read.");
	fprintf(f, PROM_PREFIX "log_lines %llu\n", (unsigned long long)r->lines);
	head(f, "log_lines_skipped", "gauge", "Log lines rblstat could not parse.");
	fprintf(f, PROM_PREFIX "log_lines_skipped %llu\n", (unsigned long long)r->skipped);
}
