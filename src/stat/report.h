/* SPDX-License-Identifier: ISC */
/* report: the output formats (formats.c) over one finished struct agg.
 *
 * Every format shows the same numbers in the same order (report_prepare
 * decides the order once), so tests can check one format against another.
 * Strings from the log are escaped for the format at hand: CSV quotes
 * fields with separators or quotes, JSON escapes as RFC 8259 requires (and
 * bytes >= 0x80 as \u00XX so the output is always valid UTF-8), HTML turns
 * markup characters into entities and any non-ASCII byte into '?'. */
#ifndef STAT_REPORT_H
#define STAT_REPORT_H
#include <stdio.h>
#include "agg.h"

#define REPORT_TOP_MAX 1000

struct report_input {
	size_t files;               /* inputs named (stdin counts as one) */
	size_t unreadable;          /* could not be opened or read */
	size_t damaged;             /* truncated or corrupt compressed data */
};

enum report_top { RT_CLIENTS, RT_NETWORKS, RT_SENDERS, RT_RECIPIENTS, RT_HOSTS, RT_COUNT };

struct report {
	struct agg *a;
	struct report_input in;
	size_t top;                 /* --top N */
	int rows[AGG_LISTS_MAX + 1];/* list rows: selected and seen, by refusals */
	size_t nrows;
	int cols[AGG_LISTS_MAX + 1];/* lists with refusals, for the period table */
	size_t ncols;
	uint64_t lines;             /* every line read, including overlong ones */
	uint64_t skipped;           /* bad lines + overlong + cut by damage */
	const struct topk_entry *tops[RT_COUNT][REPORT_TOP_MAX];
	size_t ntops[RT_COUNT];
};

void report_prepare(struct report *r, struct agg *a, const struct report_input *in,
		    uint64_t overlong, uint64_t partial, size_t top);

/* The periods with refusals, in order, labelled: the walk every format
 * makes. for (size_t i = 0; report_next_period(r, &i, &rp);) ... */
struct report_period {
	const struct agg_period *p;
	char label[16];
	size_t k;                   /* 0 for the first period shown, then 1, 2, … */
};
bool report_next_period(const struct report *r, size_t *i, struct report_period *out);
/* The same walk over the periods with a resolver outage (connections or
 * resolver lines): for (size_t i = 0; report_next_outage(r, &i, &rp);) ... */
bool report_next_outage(const struct report *r, size_t *i, struct report_period *out);
/* The log hosts with a resolver outage, in order of first appearance:
 * for (size_t i = 0; (h = report_next_outage_host(r, &i));) ... */
const struct host_row *report_next_outage_host(const struct report *r, size_t *i);

/* Helpers shared by the formats. */
const struct topk *report_top_table(const struct report *r, enum report_top t);
const char *report_top_name(enum report_top t);    /* "clients", … */
const char *report_top_title(enum report_top t);   /* "client IPs", … */
double report_share(const struct report *r, int li); /* percent of refusals */
uint64_t report_errors(const struct agg_list *L);    /* warnings other than timeout */

void report_csv_field(FILE *f, const char *s);
void report_html_text(FILE *f, const char *s);
/* A Prometheus label value, without its quotes: backslash, double quote and
 * newline as \\, \" and \n (the exposition format's only escapes). */
void report_prom_value(FILE *f, const char *s);

/* The output formats: --NAME selects one for stdout (the first, text, is
 * the default); a to_file format is --NAME FILE instead, written besides
 * stdout's ("-": to stdout, alone). A new format is a report_NAME.c file and
 * a line in report_formats (formats.c): rblstat's options, its usage line and
 * the "exclude each other" rule follow from the table. */
typedef void report_writer(FILE *f, struct report *r);
struct report_format {
	const char *name;
	report_writer *write;
	bool per_host;              /* needs agg_config.per_host */
	bool to_file;               /* --NAME FILE, not a choice for stdout */
};
#define REPORT_FORMATS_MAX 8
extern const struct report_format report_formats[];   /* ends with { NULL } */
const struct report_format *report_format_find(const char *name);
/* The formats' part of the usage line, "[--csv | --json | --prometheus]
 * [--html FILE]", into out. Returns its length. */
size_t report_formats_usage(char *out, size_t outlen);

void report_text(FILE *f, struct report *r);
void report_csv(FILE *f, struct report *r);
void report_json(FILE *f, struct report *r);
void report_html(FILE *f, struct report *r);
void report_prometheus(FILE *f, struct report *r);

#endif
