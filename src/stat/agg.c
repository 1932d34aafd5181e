/* SPDX-License-Identifier: ISC */
/* agg: counters behind every report (rules in agg.h). */
#include "agg.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stamp.h"

struct agg *agg_new(const struct agg_config *cfg)
{
	struct agg *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->cfg = *cfg;
	hosts_init(&a->per_host, true, cfg->per_host ? AGG_LISTS_MAX + 1 : 0);
	a->phash_size = 1;
	while (a->phash_size < 2 * AGG_PERIODS_MAX)
		a->phash_size <<= 1;
	a->phash = malloc(a->phash_size * sizeof *a->phash);
	a->periods_cap = 64;
	a->periods = malloc(a->periods_cap * sizeof *a->periods);
	size_t cap = cfg->top_cap;
	/* Addresses and networks fit in 64 bytes (a longer "ip" field is junk
	 * and is cut); domains, addresses and host names may use all 255. */
	if (!a->phash || !a->periods || !topk_init(&a->clients, cap, 64) ||
	    !topk_init(&a->networks, cap, 64) || !topk_init(&a->senders, cap, TOPK_KEY_MAX) ||
	    !topk_init(&a->recipients, cap, TOPK_KEY_MAX) || !topk_init(&a->hosts, cap, TOPK_KEY_MAX)) {
		agg_free(a);
		return NULL;
	}
	memset(a->phash, 0xff, a->phash_size * sizeof *a->phash);
	strcpy(a->lists[AGG_OTHER].name, "(other)");
	a->lists[AGG_OTHER].len = strlen("(other)");
	a->last_days = INT64_MIN;
	a->lists[AGG_OTHER].selected = cfg->lists == NULL;
	a->last_list = -1;
	a->first = INT64_MAX;
	a->last = INT64_MIN;
	return a;
}

void agg_free(struct agg *a)
{
	if (!a)
		return;
	free(a->phash);
	free(a->periods);
	topk_free(&a->clients);
	topk_free(&a->networks);
	topk_free(&a->senders);
	topk_free(&a->recipients);
	topk_free(&a->hosts);
	hosts_free(&a->per_host);
	free(a);
}

void agg_file_begin(struct agg *a)
{
	pairing_reset(&a->pairs);
}

/* memcmp(a, b, n) == 0, inline: list names are short and looked up for
 * every line and summary entry (B8). */
static bool bytes_eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	for (; n >= 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
	}
	for (; n; n--)
		if (*a++ != *b++)
			return false;
	return true;
}

int agg_list_index(struct agg *a, struct sv name)
{
	/* Logs name a handful of lists, mostly the same one again: a cached
	 * linear scan beats hashing here. */
	if (a->last_list >= 0) {
		const struct agg_list *l = &a->lists[a->last_list];
		if (l->len == name.n && bytes_eq(l->name, name.p, name.n))
			return a->last_list;
	}
	for (size_t i = 0; i < a->nlists; i++) {
		const struct agg_list *l = &a->lists[i];
		if (l->len == name.n && bytes_eq(l->name, name.p, name.n))
			return a->last_list = (int)i;
	}
	if (a->nlists == AGG_LISTS_MAX || name.n > LOGLINE_FIELD_MAX) {
		a->other_used = true;
		return AGG_OTHER;
	}
	struct agg_list *l = &a->lists[a->nlists];
	memcpy(l->name, name.p, name.n);
	l->name[name.n] = '\0';
	l->len = name.n;
	l->selected = a->cfg.lists == NULL;
	for (size_t i = 0; i < a->cfg.nlists; i++)
		if (strcmp(a->cfg.lists[i], l->name) == 0)
			l->selected = true;
	return a->last_list = (int)a->nlists++;
}

static int64_t period_key(struct agg *a, int64_t civil)
{
	int64_t days = civil >= 0 ? civil / STAMP_DAY : (civil - (STAMP_DAY - 1)) / STAMP_DAY;
	if (a->cfg.by == AGG_BY_DAY)
		return days;
	if (days != a->last_days) {    /* logs are mostly in order: one date per day */
		int y, m, d;
		stamp_civil_from_days(days, &y, &m, &d);
		a->last_days = days;
		a->last_month = (int64_t)y * 12 + m - 1;
	}
	return a->last_month;
}

/* Dotted-quad IPv4 without inet_pton (hot path): true with the 4 bytes. */
static bool parse_ipv4(struct sv ip, unsigned char b[4])
{
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		unsigned v = 0, nd = 0;
		while (i < ip.n && ip.p[i] >= '0' && ip.p[i] <= '9' && nd < 4) {
			v = v * 10 + (unsigned)(ip.p[i++] - '0');
			nd++;
		}
		if (nd == 0 || nd > 3 || v > 255)
			return false;
		b[k] = (unsigned char)v;
		if (k < 3 && (i >= ip.n || ip.p[i++] != '.'))
			return false;
	}
	return i == ip.n;
}

static size_t put_u8(char *out, unsigned v)
{
	size_t n = 0;
	if (v >= 100) out[n++] = (char)('0' + v / 100);
	if (v >= 10) out[n++] = (char)('0' + v / 10 % 10);
	out[n++] = (char)('0' + v % 10);
	return n;
}

/* The period row for a time, or NULL when the table is full. */
static struct agg_period *period_for(struct agg *a, int64_t civil)
{
	int64_t key = period_key(a, civil);
	if (a->nperiods && a->periods[a->last_period].key == key)
		return &a->periods[a->last_period];
	size_t mask = a->phash_size - 1;
	size_t h = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ULL >> 20) & mask;
	for (; a->phash[h] >= 0; h = (h + 1) & mask)
		if (a->periods[a->phash[h]].key == key)
			return &a->periods[a->last_period = (size_t)a->phash[h]];
	if (a->nperiods == AGG_PERIODS_MAX)
		return NULL;
	if (a->nperiods == a->periods_cap) {
		struct agg_period *np = realloc(a->periods, 2 * a->periods_cap * sizeof *np);
		if (!np)
			return NULL;
		a->periods = np;
		a->periods_cap *= 2;
	}
	struct agg_period *p = &a->periods[a->nperiods];
	memset(p, 0, sizeof *p);
	p->key = key;
	a->phash[h] = (int32_t)a->nperiods;
	a->last_period = a->nperiods++;
	return p;
}

/* The length of a canonical dotted quad's first three octets and their
 * dots ("192.0.2."), or 0 when ip is not one (leading zeros, > 255, other
 * bytes): then the /24 is that prefix as it stands (B8: no number
 * conversion on the hot path). */
static size_t canonical_ipv4_prefix(struct sv ip)
{
	size_t i = 0, prefix = 0;
	for (int k = 0; k < 4; k++) {
		size_t s = i;
		unsigned v = 0;
		while (i < ip.n && i - s < 4 && ip.p[i] >= '0' && ip.p[i] <= '9')
			v = v * 10 + (unsigned)(ip.p[i++] - '0');
		size_t nd = i - s;
		if (nd == 0 || nd > 3 || v > 255 || (nd > 1 && ip.p[s] == '0'))
			return 0;
		if (k == 2)
			prefix = i + 1;
		if (k < 3 && (i >= ip.n || ip.p[i++] != '.'))
			return 0;
	}
	return i == ip.n ? prefix : 0;
}

size_t agg_network(struct sv ip, char out[64])
{
	size_t pre = canonical_ipv4_prefix(ip);
	if (pre) {
		memcpy(out, ip.p, pre);
		memcpy(out + pre, "0/24", 5);
		return pre + 4;
	}
	char buf[64];
	size_t n = ip.n < sizeof buf ? ip.n : sizeof buf - 1;
	unsigned char b[16];
	if (parse_ipv4(ip, b)) {
		size_t k = 0;
		for (int i = 0; i < 3; i++) {
			k += put_u8(out + k, b[i]);
			out[k++] = '.';
		}
		memcpy(out + k, "0/24", 5);
		return k + 4;
	}
	memcpy(buf, ip.p, n);
	buf[n] = '\0';
	if (ip.n < sizeof buf && inet_pton(AF_INET6, buf, b) == 1) {
		memset(b + 6, 0, 10);
		inet_ntop(AF_INET6, b, out, 64 - 4);
		strcat(out, "/48");
		return strlen(out);
	}
	memcpy(out, buf, n + 1);
	return n;
}

static size_t lower_copy(const char *s, size_t n, char *out)
{
	/* Eight bytes at a time: 0x20 is added to exactly the bytes in 'A'..'Z'
	 * (each lane's sums stay below 0x80 for ASCII; other bytes go the slow
	 * way), B8. */
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & highs)
			break;
		uint64_t ge_a = (w + ones * (0x80 - 'A')) & highs;   /* byte >= 'A' */
		uint64_t gt_z = (w + ones * (0x80 - 'Z' - 1)) & highs; /* byte > 'Z' */
		w |= (ge_a & ~gt_z) >> 2;                            /* 0x80 >> 2 = 0x20 */
		memcpy(out + i, &w, 8);
	}
	for (; i < n; i++) {
		char c = s[i];
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	return n;
}

size_t agg_address(struct sv addr, char out[LOGLINE_FIELD_MAX + 1])
{
	struct sv s = addr;
	if (s.n >= 2 && s.p[0] == '<' && s.p[s.n - 1] == '>' ) {
		s.p++;
		s.n -= 2;
	}
	if (s.n > LOGLINE_FIELD_MAX)
		s.n = LOGLINE_FIELD_MAX;
	return lower_copy(s.p, s.n, out);
}

size_t agg_sender_domain(struct sv from, char out[LOGLINE_FIELD_MAX + 1])
{
	if (SV_EQ_LIT(from, "<>")) {
		memcpy(out, "<>", 3);
		return 2;
	}
	size_t n = agg_address(from, out);
	char *at = memrchr(out, '@', n);
	if (!at)
		return n;
	size_t dn = n - (size_t)(at + 1 - out);
	memmove(out, at + 1, dn + 1);
	return dn;
}

static void count_refusal(struct agg *a, struct sv ip, struct sv host, int li, int64_t civil)
{
	struct agg_period *p = period_for(a, civil);
	if (!p) {
		a->tot.skipped++;          /* beyond AGG_PERIODS_MAX distinct periods */
		return;
	}
	struct agg_list *L = &a->lists[li];
	p->total++;
	p->n[li]++;
	L->refusals++;
	a->tot.refusals++;
	char buf[64];
	size_t n;
	topk_add(&a->clients, ip.p, ip.n, 1);
	n = agg_network(ip, buf);
	topk_add(&a->networks, buf, n, 1);
	/* The syslog host is the one field the parser does not vet: make it
	 * printable so no report has to care. */
	char hbuf[LOGLINE_FIELD_MAX + 1];
	size_t hn = hosts_name(host, hbuf);
	struct host_list *hl = hosts_get(&a->per_host, host, li);
	if (hl)
		hl->refusals++;
	topk_add(&a->hosts, hbuf, hn, 1);
}

/* A djb line that no blocked line paired: a refusal of list "-". */
static void count_djb(void *ctx, const struct pair_djb *d)
{
	struct agg *a = ctx;
	int li = agg_list_index(a, (struct sv){ "-", 1 });
	struct agg_list *L = &a->lists[li];
	if (d->verdict == LV_451) L->r451++;
	else L->r553++;
	count_refusal(a, (struct sv){ d->ip, strlen(d->ip) }, (struct sv){ d->host, strlen(d->host) },
		      li, d->t);
}

void agg_file_end(struct agg *a)
{
	pairing_expire(&a->pairs, INT64_MAX, count_djb, a);
}

/* A summary's entries, checked and kept for add_summary: one walk. Returns
 * the number of entries, or -1 when one is malformed (the line is bad). */
static int summary_entries(const struct logline *l, struct logline_res *res, int cap)
{
	struct sv rest = l->results;
	struct logline_res r;
	int n = 0, rc;
	while ((rc = logline_next_result(&rest, &r)) == 1) {
		if (n < cap)
			res[n] = r;
		n++;
	}
	return rc < 0 ? -1 : n;
}

static void add_result(struct agg *a, const struct logline *l, const struct logline_res *r,
		       int *listed, size_t *nl, bool *skipped, bool *resolver)
{
	int li = agg_list_index(a, r->zone);
	struct agg_list *L = &a->lists[li];
	bool timed = logfmt_results[r->result].timed;
	L->res[r->result]++;
	if (timed)
		hist_add(&L->lat, r->ms);
	*skipped |= r->result == LR_SKIPPED;
	*resolver |= r->result == LR_RESOLVER;
	struct host_list *hl = hosts_get(&a->per_host, l->host, li);
	if (hl) {
		hl->res[r->result]++;
		if (timed)
			hosts_lookup_time(hl, r->ms);
	}
	if (r->result == LR_LISTED && *nl < AGG_LISTS_MAX + 1)
		listed[(*nl)++] = li;
}

/* A resolver outage, in its period and on its log host: a connection
 * (conns 1) or a resolver line (lines 1, why its logfmt_why). */
static void count_outage(struct agg *a, const struct logline *l, int64_t civil, int conns,
			 int lines, int why)
{
	a->tot.resolver_conns += (uint64_t)conns;
	a->tot.resolver_lines += (uint64_t)lines;
	struct agg_period *p = period_for(a, civil);
	if (p) {
		p->resolver_conns += (uint64_t)conns;
		p->resolver_lines += (uint64_t)lines;
	}
	struct host_row *h = hosts_row(&a->per_host, l->host);
	if (h) {
		h->resolver_conns += (uint64_t)conns;
		h->resolver_lines += (uint64_t)lines;
		if (lines && why >= 0 && why < LOGFMT_WHYS)
			h->resolver_why[why]++;
	}
}

/* n entries, the first min(n, AGG_RESULTS_KEPT) in res[]. */
static void add_summary(struct agg *a, const struct logline *l, const struct logline_res *res, int n,
			int64_t civil)
{
	int listed[AGG_LISTS_MAX + 1];
	size_t nl = 0;
	bool skipped = false, resolver = false;

	a->tot.verdict[l->verdict]++;
	hist_add(&a->verdict_lat, l->ms);
	struct host_row *hr = a->cfg.per_host ? hosts_row(&a->per_host, l->host) : NULL;
	if (hr)
		hosts_summary(hr, l->verdict, l->ms);
	if (n <= AGG_RESULTS_KEPT) {
		for (int i = 0; i < n; i++)
			add_result(a, l, &res[i], listed, &nl, &skipped, &resolver);
	} else {                       /* more lists than kept: walk again */
		struct sv rest = l->results;
		struct logline_res r;
		while (logline_next_result(&rest, &r) == 1)
			add_result(a, l, &r, listed, &nl, &skipped, &resolver);
	}
	if (resolver)
		count_outage(a, l, civil, 1, 0, -1);
	if (l->verdict != LV_ACCEPT) {
		if (skipped)
			a->tot.refused_partial++;
		else
			a->tot.refused_complete++;
	}
	for (size_t i = 0; i < nl; i++) {
		a->lists[listed[i]].listed++;
		if (nl == 1)
			a->lists[listed[i]].unique++;
		for (size_t j = 0; j < nl; j++)
			a->overlap[listed[i]][listed[j]]++;
	}
}

/* Refused RCPTs: one per rejected line, count per rejected-more line. */
static void add_rcpts(struct agg *a, const struct logline *l, struct agg_list *L, uint64_t n)
{
	a->tot.rcpts += n;
	L->rcpts += n;
	struct host_list *hl = hosts_get(&a->per_host, l->host, (int)(L - a->lists));
	if (hl)
		hl->rcpts += n;
}

static void add_rejected(struct agg *a, const struct logline *l, struct agg_list *L)
{
	char buf[LOGLINE_FIELD_MAX + 1];
	size_t n;
	a->tot.rejected++;
	add_rcpts(a, l, L, 1);
	if (!SV_EQ_LIT(l->from, "-")) {
		n = agg_sender_domain(l->from, buf);
		topk_add(&a->senders, buf, n, 1);
	}
	if (!SV_EQ_LIT(l->to, "-")) {
		n = agg_address(l->to, buf);
		topk_add(&a->recipients, buf, n, 1);
	}
}

/* A line of one list (blocked, djb, rejected, warning) that passed the
 * filters. */
static void add_list_line(struct agg *a, const struct logline *l, int li, int64_t civil)
{
	struct agg_list *L = &a->lists[li];
	switch (l->kind) {
	case LL_BLOCKED:
		a->tot.blocked++;
		if (pairing_blocked(&a->pairs, l->ip, civil))
			a->tot.djb_dup++;  /* its djb line came first and waited */
		count_refusal(a, l->ip, l->host, li, civil);
		break;
	case LL_DJB:
		a->tot.djb++;
		if (pairing_djb(&a->pairs, l, civil, count_djb, a))
			a->tot.djb_dup++;
		break;
	case LL_REJECTED:
		add_rejected(a, l, L);
		break;
	case LL_REJECTED_MORE:
		a->tot.rejected_more++;
		add_rcpts(a, l, L, l->count);
		break;
	case LL_WARNING: {
		enum logline_event e = LOGLINE_LIST_WARNING(l->event);
		a->tot.warnings++;
		L->warn[e]++;
		struct host_list *hl = hosts_get(&a->per_host, l->host, li);
		if (hl)
			hl->warn[e]++;
		break;
	}
	default:
		break;
	}
}

void agg_add(struct agg *a, const struct logline *l, bool has_time, int64_t civil)
{
	struct logline_res res[AGG_RESULTS_KEPT];
	int nres = 0;
	a->tot.lines++;
	if (l->kind == LL_SUMMARY && (nres = summary_entries(l, res, AGG_RESULTS_KEPT)) < 0) {
		a->tot.skipped++;          /* a bad entry (logline_parse_lazy) */
		return;
	}
	if (l->kind == LL_OTHER || l->kind == LL_SKIP) {
		if (l->kind == LL_OTHER)
			a->tot.other++;
		else
			a->tot.skipped++;
		return;
	}
	if (!has_time) {
		/* A stamp naming no real date (Feb 29, 2025) is a bad line. */
		if (l->stamp.kind != LS_NONE)
			a->tot.skipped++;
		else
			a->tot.undated++;
		return;
	}
	if (a->pairs.ndjb)
		pairing_expire(&a->pairs, civil, count_djb, a);
	if (civil < a->cfg.since || civil > a->cfg.until) {
		a->tot.filtered++;
		return;
	}
	if (l->kind == LL_SUMMARY) {
		/* Summaries feed per-list rows; --list only hides rows. */
		a->tot.summaries++;
		add_summary(a, l, res, nres, civil);
	} else if (l->kind == LL_RESOLVER || l->kind == LL_NOTICE) {
		/* a connection's warnings, no list's: --list does not apply */
		a->tot.warnings++;
		if (l->kind == LL_RESOLVER)
			count_outage(a, l, civil, 0, 1, logfmt_why_of(l->detail.p, l->detail.n));
		else if (l->event == LOGFMT_SANDBOX)
			a->tot.sandbox++;
		else
			a->tot.badaddress++;
	} else {
		int li = agg_list_index(a, l->list);
		if (!a->lists[li].selected) {
			a->tot.filtered++;
			return;
		}
		add_list_line(a, l, li, civil);
	}
	if (civil < a->first) a->first = civil;
	if (civil > a->last) a->last = civil;
}

static int by_key(const void *x, const void *y)
{
	const struct agg_period *p = x, *q = y;
	return p->key < q->key ? -1 : p->key > q->key;
}

void agg_sort_periods(struct agg *a)
{
	qsort(a->periods, a->nperiods, sizeof *a->periods, by_key);
	/* The hash now points at stale slots: rebuild so lookups stay valid. */
	memset(a->phash, 0xff, a->phash_size * sizeof *a->phash);
	size_t mask = a->phash_size - 1;
	for (size_t i = 0; i < a->nperiods; i++) {
		size_t h = (size_t)((uint64_t)a->periods[i].key * 0x9E3779B97F4A7C15ULL >> 20) & mask;
		while (a->phash[h] >= 0)
			h = (h + 1) & mask;
		a->phash[h] = (int32_t)i;
	}
	a->last_period = 0;
}

void agg_period_label(const struct agg *a, int64_t key, char out[16])
{
	if (a->cfg.by == AGG_BY_DAY)
		stamp_format_day(key, out);
	else
		stamp_format_month(key, out);
}
