/* SPDX-License-Identifier: ISC */
/* report: ordering and escaping shared by all output formats. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

static const struct agg *sort_agg;  /* qsort has no context argument */

static int by_refusals(const void *x, const void *y)
{
	const struct agg_list *p = &sort_agg->lists[*(const int *)x];
	const struct agg_list *q = &sort_agg->lists[*(const int *)y];
	if (p->refusals != q->refusals)
		return p->refusals < q->refusals ? 1 : -1;
	if (p->listed != q->listed)
		return p->listed < q->listed ? 1 : -1;
	return strcmp(p->name, q->name);
}

static bool list_seen(const struct agg_list *L)
{
	uint64_t n = L->refusals + L->rcpts + L->listed;
	for (int i = 0; i < LE_COUNT; i++)
		n += L->warn[i];
	for (int i = 0; i < LR_COUNT; i++)
		n += L->res[i];
	return n > 0;
}

void report_prepare(struct report *r, struct agg *a, const struct report_input *in,
		    uint64_t overlong, uint64_t partial, size_t top)
{
	memset(r, 0, sizeof *r);
	r->a = a;
	r->in = *in;
	r->top = top > REPORT_TOP_MAX ? REPORT_TOP_MAX : top;
	r->skipped = a->tot.skipped + overlong + partial;
	r->lines = a->tot.lines + overlong + partial;
	agg_sort_periods(a);
	for (int i = 0; i <= AGG_LISTS_MAX; i++) {
		if (i >= (int)a->nlists && i != AGG_OTHER)
			continue;
		const struct agg_list *L = &a->lists[i];
		if (L->selected && list_seen(L))
			r->rows[r->nrows++] = i;
	}
	sort_agg = a;
	qsort(r->rows, r->nrows, sizeof r->rows[0], by_refusals);
	for (size_t k = 0; k < r->nrows; k++)
		if (a->lists[r->rows[k]].refusals)
			r->cols[r->ncols++] = r->rows[k];
	for (int t = 0; t < RT_COUNT; t++)
		r->ntops[t] = topk_sorted(report_top_table(r, t), r->tops[t], r->top);
}

/* Every period row is shown: agg creates one only for a counted refusal
 * (count_refusal), never for a month of summaries or warnings alone. */
bool report_next_period(const struct report *r, size_t *i, struct report_period *out)
{
	const struct agg *a = r->a;
	if (*i >= a->nperiods)
		return false;
	out->k = *i;
	out->p = &a->periods[*i];
	agg_period_label(a, out->p->key, out->label);
	(*i)++;
	return true;
}

bool report_next_outage(const struct report *r, size_t *i, struct report_period *out)
{
	const struct agg *a = r->a;
	if (*i == 0)
		out->k = 0;
	else
		out->k++;
	for (; *i < a->nperiods; (*i)++) {
		const struct agg_period *p = &a->periods[*i];
		if (!p->resolver_conns && !p->resolver_lines)
			continue;
		out->p = p;
		agg_period_label(a, p->key, out->label);
		(*i)++;
		return true;
	}
	return false;
}

const struct host_row *report_next_outage_host(const struct report *r, size_t *i)
{
	const struct hosts *hs = &r->a->per_host;
	for (; *i <= HOSTS_MAX; (*i)++) {
		const struct host_row *h = hs->row[*i];
		if (h && (h->resolver_conns || h->resolver_lines)) {
			(*i)++;
			return h;
		}
	}
	return NULL;
}

const struct topk *report_top_table(const struct report *r, enum report_top t)
{
	switch (t) {
	case RT_CLIENTS: return &r->a->clients;
	case RT_NETWORKS: return &r->a->networks;
	case RT_SENDERS: return &r->a->senders;
	case RT_RECIPIENTS: return &r->a->recipients;
	default: return &r->a->hosts;
	}
}

const char *report_top_name(enum report_top t)
{
	static const char *const n[RT_COUNT] = {
		"clients", "networks", "sender_domains", "recipients", "hosts"
	};
	return n[t];
}

const char *report_top_title(enum report_top t)
{
	static const char *const n[RT_COUNT] = {
		"refused client IPs", "refused networks (/24, /48)",
		"sender domains of refused RCPTs", "recipients of refused RCPTs",
		"refusals per log host"
	};
	return n[t];
}

double report_share(const struct report *r, int li)
{
	uint64_t total = r->a->tot.refusals;
	return total ? 100.0 * (double)r->a->lists[li].refusals / (double)total : 0.0;
}

uint64_t report_errors(const struct agg_list *L)
{
	return L->warn[LE_SERVFAIL] + L->warn[LE_REFUSED] + L->warn[LE_BADANSWER] +
	       L->warn[LE_ERROR];
}

/* A cell starting with one of these is a formula (or DDE call) to a
 * spreadsheet; a refused client chooses its HELO, MAIL FROM and RCPT TO. */
#define CSV_FORMULA_LEAD "=+-@\t\r"

void report_csv_field(FILE *f, const char *s)
{
	bool formula = s[0] != '\0' && strchr(CSV_FORMULA_LEAD, s[0]) != NULL;
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	/* OWASP's rule: a leading "'" makes the cell text, and the quotes keep
	 * the cell whole whatever follows (RFC 4180 doubles inner quotes). */
	putc('"', f);
	if (formula)
		putc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

void report_html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(c >= 32 && c < 127 ? c : '?', f);
		}
	}
}
