/* SPDX-License-Identifier: ISC */
/* rblcheck: test DNS blocklists the way rblsmtpd uses them.
 *
 *   rblcheck [list options] [-f file] ip|prefix ...   every list's answer and
 *                                                     rblsmtpd's reply
 *   rblcheck -H [list options]        health check of every list
 *
 * The lookups and the verdict come from the same engine and policy code as
 * rblsmtpd's; the reply printed is the one the engine reports for a run that
 * stops where rblsmtpd stops (the early verdict), so it is rblsmtpd's reply
 * by construction, while the report still waits for every answer. All
 * addresses (all health probes) share one engine batch: one set of resolver
 * sockets, a bounded number of lookups in flight (-p), each address under
 * its own deadline, so a dead list costs one deadline per wave of addresses
 * in flight, and memory follows the work in flight, not the input. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "clock.h"
#include "config.h"
#include "engine.h"
#include "json.h"
#include "dnsanswer.h"
#include "dnsservers.h"
#include "check/addrlist.h"
#include "check/health.h"
#include "check/outcome.h"
#include "check/prefix.h"
#include "check/tally.h"
#include "reply.h"
#include "text.h"

#ifndef RBLSMTPD_VERSION
#error "RBLSMTPD_VERSION: the Makefile passes the VERSION file's content"
#endif
#define MAX_SERVERS DNSSERVERS_MAX
/* -p's default: lookups (an address in a list) in flight. 64 addresses in
 * two lists in one wave: one deadline for them, as when each address had a
 * thread of its own. Every query waits in the resolver's receive buffer until
 * the resolver reads it; one that overflows it is lost, and c-ares asks
 * again only after a quarter of -T. Measured against rbldnsd on loopback
 * (Linux's default 208 KB buffer, a loaded 2-core machine): 64 lost none,
 * 128 a few, 256 thousands (BENCHMARKS.md, B10); djb's dnscache keeps at
 * most 200 queries. */
#define PARALLEL_DEFAULT 128
/* In input order, finished addresses wait behind a slow one (a lost query
 * holds its address a quarter of -T): room for this many lookups' results,
 * and at least REORDER_FACTOR times the addresses in flight. */
#define REORDER_LOOKUPS 16384
#define REORDER_FACTOR 4
/* Results are written out at least this often (ms), so a run that waits
 * shows what it has, without a write per address. */
#define FLUSH_MS 100

struct addr_check {
	struct client_addr client;
	struct lookup *res;      /* cfg.nactions of them */
	struct verdict all;      /* with every answer in */
	struct verdict early;    /* where rblsmtpd stops: what it does */
};

static struct config cfg;
static const char *dnscacheip;

static _Noreturn void usage(const char *why)
{
	if (why)
		fprintf(stderr, "rblcheck: %s\n", why);
	char line[CONFIG_USAGE_MAX];
	config_usage(CONFIG_RBLCHECK, line, sizeof line);
	fprintf(stderr, "rblcheck: %s\n", line);
	exit(100);
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "rblcheck: fatal: %s\n", what);
	exit(111);
}

static _Noreturn void die_nomem(void)
{
	die("out of memory");
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die_nomem();
	return p;
}

static void *xmalloc(size_t n, size_t size)
{
	void *p = n && size > SIZE_MAX / n ? NULL : malloc(n ? n * size : 1);
	if (!p)
		die_nomem();
	return p;
}

static void run_done(void *arg, void *tag, int rc)
{
	(void)arg;
	(void)tag;
	if (rc != 0)
		die_nomem();
}

/* Every run at once in one batch, so that a dead list costs one deadline
 * for all of them (the health probes: a handful). */
static void run_all(struct addr_check *runs, size_t n)
{
	struct engine_batch *b = engine_batch_new(&cfg, dnscacheip);
	if (!b)
		die_nomem();
	for (size_t i = 0; i < n; i++) {
		runs[i].res = xmalloc(cfg.nactions, sizeof *runs[i].res);
		if (engine_batch_add(b, &runs[i].client, runs[i].res, &runs[i].all,
				     &runs[i].early, &runs[i]) != 0)
			die_nomem();
	}
	while (engine_batch_running(b) > 0)
		engine_batch_wait(b, -1, run_done, NULL);
	engine_batch_free(b);
}

/* "accept" or the reply line exactly as rblsmtpd sends it. */
static void reply_line(const struct addr_check *r, const struct verdict *v, char out[TEXT_REPLY_MAX])
{
	char text[TEXT_CUT * 4];
	if (v->kind != VERDICT_REFUSE) {
		snprintf(out, TEXT_REPLY_MAX, "accept");
		return;
	}
	reply_refusal_text(&cfg, &r->client, r->res, v, text, sizeof text);
	text_reply(v->code, text, out);
}

static bool same_verdict(const struct verdict *a, const struct verdict *b)
{
	return a->kind == b->kind && (a->kind != VERDICT_REFUSE ||
		(a->code == b->code && a->by == b->by && a->temp_error == b->temp_error));
}

/* ---- JSON ---- */

static void json_str(const char *s)
{
	json_string(stdout, s, s ? strlen(s) : 0);
}

static void json_key(const char *k, const char *s, bool comma)
{
	printf("%s\"%s\":", comma ? "," : "", k);
	json_str(s);
}

static void json_lookup(const struct action *a, const struct lookup *r)
{
	char ip[OUTCOME_IP4_MAX];
	json_key("result", outcome_result(r), false);
	fputs(",\"a\":[", stdout);
	for (unsigned k = 0; k < r->na && k < LOOKUP_A_MAX; k++) {
		outcome_ip4(r->a[k], ip);
		printf("%s\"%s\"", k ? "," : "", ip);
	}
	putchar(']');
	if (r->state == LOOKUP_LISTED || r->state == LOOKUP_ERROR) {
		outcome_ip4(r->code, ip);
		json_key("code", ip, true);
	}
	if (r->state == LOOKUP_ERROR)
		json_key("meaning", dnsanswer_error_meaning(r->code), true);
	if (r->state == LOOKUP_LISTED && a->spec.kind == LIST_BLOCK) {
		if (r->txt == TXT_DONE)
			json_key("txt", r->text, true);
		else if (r->txt == TXT_FAILED)
			json_key("txt_error", "TXT lookup failed", true);
		if (a->spec.has_message)
			json_key("message", a->spec.message, true);
	}
	printf(",\"ms\":%u", r->ms);
	if (r->txt == TXT_DONE || r->txt == TXT_FAILED)
		if (!a->spec.is_file && r->txt_ms)
			printf(",\"txt_ms\":%u", r->txt_ms);
}

static void json_list_head(size_t i)
{
	const struct action *a = &cfg.actions[i];
	json_key("list", a->spec.zone, false);
	json_key("type", a->spec.kind == LIST_BLOCK ? "-r" : "-a", true);
	printf(",\"file\":%s,\"weight\":%d", a->spec.is_file ? "true" : "false", a->spec.weight);
}

/* ---- checking addresses ---- */

static int zone_width(void)
{
	size_t w = 8;
	for (size_t i = 0; i < cfg.nactions; i++) {
		size_t l = strlen(cfg.actions[i].spec.zone) + (cfg.scoring ? 4 : 0);
		if (l > w)
			w = l;
	}
	return (int)(w > 40 ? 40 : w);
}

static void print_ip_text(const struct addr_check *r)
{
	char out[OUTCOME_TEXT_MAX];
	char reply[TEXT_REPLY_MAX];
	char zone[LISTSPEC_ZONE_MAX + sizeof "*-2147483648"]; /* zone*weight */
	int w = zone_width();

	printf("%s\n", r->client.text);
	for (size_t i = 0; i < cfg.nactions; i++) {
		const struct action *a = &cfg.actions[i];
		outcome_text(a, &r->res[i], out, sizeof out);
		if (cfg.scoring)
			snprintf(zone, sizeof zone, "%s*%d", a->spec.zone, a->spec.weight);
		else
			snprintf(zone, sizeof zone, "%s", a->spec.zone);
		printf("  %s %-*s %5u ms  %s", a->spec.kind == LIST_BLOCK ? "-r" : "-a", w, zone,
		       r->res[i].ms, out);
		if (cfg.verbose && (r->res[i].txt == TXT_DONE || r->res[i].txt == TXT_FAILED) &&
		    !a->spec.is_file)
			printf(" (TXT at %u ms)", r->res[i].txt_ms);
		putchar('\n');
	}
	if (cfg.scoring)
		printf("  score: %ld (threshold %ld)\n", r->early.score, cfg.threshold);
	reply_line(r, &r->early, reply);
	printf("  reply: %s\n", reply);
	if (!same_verdict(&r->early, &r->all)) {
		reply_line(r, &r->all, reply);
		printf("  note: rblsmtpd decides before the slower answers arrive; "
		       "with all of them in, the reply would be: %s\n", reply);
	}
}

static void print_ip_json(const struct addr_check *r, bool first)
{
	char reply[TEXT_REPLY_MAX];
	printf("%s{", first ? "" : ",\n"); /* a line per address, as it comes */
	json_key("ip", r->client.text, false);
	fputs(",\"lists\":[", stdout);
	for (size_t i = 0; i < cfg.nactions; i++) {
		printf("%s{", i ? "," : "");
		json_list_head(i);
		putchar(',');
		json_lookup(&cfg.actions[i], &r->res[i]);
		putchar('}');
	}
	putchar(']');
	reply_line(r, &r->early, reply);
	const struct verdict *v = &r->early;
	json_key("verdict", v->kind == VERDICT_REFUSE ? (v->code == 553 ? "553" : "451") : "accept",
		 true);
	json_key("by", v->kind == VERDICT_REFUSE && v->by >= 0 ? cfg.actions[v->by].spec.zone : NULL,
		 true);
	json_key("reply", reply, true);
	if (cfg.scoring)
		printf(",\"score\":%ld,\"threshold\":%ld", v->score, cfg.threshold);
	if (!same_verdict(&r->early, &r->all)) {
		reply_line(r, &r->all, reply);
		json_key("reply_all_answers", reply, true);
	}
	putchar('}');
}

/* Did no configured resolver answer, for any lookup of any run? Then the
 * resolver is the problem, not the lists (the engine reports FAIL_RESOLVER). */
static bool resolver_failed(const struct addr_check *runs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (outcome_resolver_failed(runs[i].res, cfg.nactions))
			return true;
	return false;
}

static void print_resolver_error(void)
{
	printf("ERROR     %s\n", HEALTH_RESOLVER_ADVICE);
}

/* ---- many addresses: one batch, results streamed ---- */

/* A place for one address from its start to its output. */
struct slot {
	struct addr_check c;
	bool done;
	struct slot *next_free;
};

struct checking {
	struct engine_batch *batch;
	struct slot *slots, *free;
	struct slot **order;     /* input order: a ring of the slots in use */
	size_t nslots, head, used;
	size_t window;           /* addresses in flight at most */
	struct tally tally;
	bool resolver;           /* some lookup found no resolver answering */
	bool wrote;              /* output since the last flush */
	long long flushed;       /* clock_ms() of the last flush */
};

static void print_summary_json(const struct checking *k, unsigned long bad, double secs,
			       unsigned long queries)
{
	const struct tally *t = &k->tally;
	printf(",\"summary\":{\"addresses\":%lu,\"refused\":%lu,\"bad_lines\":%lu,"
	       "\"seconds\":%.3f,\"queries\":%lu,\"queries_per_second\":%.0f,\"lists\":[",
	       t->addresses, t->refused, bad, secs, queries, secs > 0 ? queries / secs : 0.0);
	for (size_t i = 0; i < cfg.nactions; i++) {
		printf("%s{", i ? "," : "");
		json_key("list", cfg.actions[i].spec.zone, false);
		json_key("type", cfg.actions[i].spec.kind == LIST_BLOCK ? "-r" : "-a", true);
		printf(",\"listed\":%lu,\"timeouts\":%lu,\"errors\":%lu}", t->list[i].listed,
		       t->list[i].timeouts, t->list[i].errors);
	}
	fputs("]}", stdout);
}

static void print_summary_text(const struct checking *k, unsigned long bad, double secs,
			       unsigned long queries)
{
	const struct tally *t = &k->tally;
	fprintf(stderr, "rblcheck: %lu addresses checked, %lu refused, %lu bad lines, "
		"%lu queries in %.3f s, %.0f queries/s\n", t->addresses, t->refused, bad, queries,
		secs, secs > 0 ? queries / secs : 0.0);
	for (size_t i = 0; i < cfg.nactions; i++)
		fprintf(stderr, "rblcheck: %s %s: %lu listed, %lu timeouts, %lu errors\n",
			cfg.actions[i].spec.kind == LIST_BLOCK ? "-r" : "-a",
			cfg.actions[i].spec.zone, t->list[i].listed, t->list[i].timeouts,
			t->list[i].errors);
}

/* One address's result, in the order the output wants it. */
static void emit(struct checking *k, struct slot *sl)
{
	const struct addr_check *r = &sl->c;
	bool resolver = outcome_resolver_failed(r->res, cfg.nactions);
	if (cfg.json) {
		if (k->tally.addresses == 0)
			fputs("{\"results\":[", stdout);
		print_ip_json(r, k->tally.addresses == 0);
	} else {
		if (resolver && !k->resolver)
			print_resolver_error(); /* once, before the first address it hit */
		print_ip_text(r);
	}
	k->resolver |= resolver;
	tally_add(&k->tally, r->res, r->early.kind == VERDICT_REFUSE);
	k->wrote = true;
}

static void release(struct checking *k, struct slot *sl)
{
	sl->next_free = k->free;
	k->free = sl;
}

static void address_done(void *arg, void *tag, int rc)
{
	struct checking *k = arg;
	struct slot *sl = tag;
	if (rc != 0)
		die_nomem();
	sl->done = true;
	if (cfg.unordered) {
		emit(k, sl);
		release(k, sl);
		return;
	}
	while (k->used > 0 && k->order[k->head]->done) {
		struct slot *first = k->order[k->head];
		emit(k, first);
		release(k, first);
		k->head = (k->head + 1) % k->nslots;
		k->used--;
	}
}

static void bad_line(void *arg, const char *file, unsigned long lineno, const char *shown,
		     const char *why)
{
	(void)arg;
	fprintf(stderr, "rblcheck: %s:%lu: %s: %s\n", file, lineno, why, shown);
}

/* The command line's addresses and prefixes, checked before anything is
 * asked (a usage error), and whether the run is a batch (a summary). */
static bool check_words(void)
{
	bool prefix = false;
	for (size_t i = 0; i < cfg.nrest; i++) {
		struct prefix p;
		const char *why;
		char shown[ADDRLIST_SHOW_MAX + 4];
		if (prefix_parse(cfg.rest[i], &p, &why)) {
			prefix |= strchr(cfg.rest[i], '/') != NULL;
			continue;
		}
		char msg[ADDRLIST_SHOW_MAX + 200];
		addrlist_show(cfg.rest[i], strlen(cfg.rest[i]), shown);
		if (strchr(cfg.rest[i], '/'))
			snprintf(msg, sizeof msg, "bad prefix %s: %s", shown, why);
		else
			snprintf(msg, sizeof msg, "not an IP address: %s", shown);
		usage(msg);
	}
	return prefix || cfg.nrest > 1 || cfg.addr_file;
}

static FILE *open_addr_file(const char **name)
{
	FILE *f;
	if (!cfg.addr_file)
		return NULL;
	if (strcmp(cfg.addr_file, "-") == 0) {
		*name = "stdin";
		return stdin;
	}
	*name = cfg.addr_file;
	if (!(f = fopen(cfg.addr_file, "r"))) {
		fprintf(stderr, "rblcheck: fatal: unable to open %s: %s\n", cfg.addr_file,
			strerror(errno));
		exit(111);
	}
	return f;
}

static void checking_init(struct checking *k)
{
	size_t lookups = cfg.parallel ? cfg.parallel : PARALLEL_DEFAULT;
	memset(k, 0, sizeof *k);
	k->window = lookups / cfg.nactions ? lookups / cfg.nactions : 1;
	k->nslots = REORDER_LOOKUPS / cfg.nactions;
	if (k->nslots < REORDER_FACTOR * k->window)
		k->nslots = REORDER_FACTOR * k->window;
	if (cfg.unordered)
		k->nslots = k->window;
	k->slots = xmalloc(k->nslots, sizeof *k->slots);
	k->order = xmalloc(k->nslots, sizeof *k->order);
	for (size_t i = k->nslots; i-- > 0;) {
		k->slots[i].c.res = xmalloc(cfg.nactions, sizeof *k->slots[i].c.res);
		release(k, &k->slots[i]);
	}
	if (!tally_init(&k->tally, cfg.nactions) ||
	    !(k->batch = engine_batch_new(&cfg, dnscacheip)))
		die_nomem();
}

static void checking_free(struct checking *k)
{
	engine_batch_free(k->batch);
	for (size_t i = 0; i < k->nslots; i++)
		free(k->slots[i].c.res);
	free(k->slots);
	free(k->order);
	tally_free(&k->tally);
}

static int check_ips(void)
{
	struct checking k;
	struct addrlist in;
	const char *name = NULL;
	bool more = true, read_error = false;

	bool batch_run = check_words();
	FILE *f = open_addr_file(&name);
	checking_init(&k);
	addrlist_init(&in, cfg.rest, cfg.nrest, f, name);
	long long start = clock_ms();
	for (;;) {
		/* start addresses while there is room */
		while (more && engine_batch_running(k.batch) < k.window && k.free) {
			struct slot *sl = k.free;
			int r = addrlist_next(&in, &sl->c.client, bad_line, NULL);
			if (r <= 0) {
				if (r < 0) {
					fprintf(stderr, "rblcheck: unable to read %s: %s\n", name,
						strerror(errno));
					read_error = true;
				}
				more = false;
				break;
			}
			k.free = sl->next_free;
			sl->done = false;
			k.order[(k.head + k.used++) % k.nslots] = sl;
			if (engine_batch_add(k.batch, &sl->c.client, sl->c.res, &sl->c.all,
					     &sl->c.early, sl) != 0)
				die_nomem();
		}
		if (engine_batch_running(k.batch) == 0)
			break;
		/* What is known goes out within FLUSH_MS, in a write per
		 * FLUSH_MS at most, not one per address. */
		long long now = clock_ms();
		if (k.wrote && now - k.flushed >= FLUSH_MS) {
			fflush(stdout);
			k.wrote = false;
			k.flushed = now;
		}
		engine_batch_wait(k.batch, k.wrote ? FLUSH_MS : -1, address_done, &k);
	}
	double secs = (double)(clock_ms() - start) / 1000.0;
	unsigned long queries = engine_batch_queries(k.batch);
	if (cfg.json) {
		if (k.tally.addresses == 0)
			fputs("{\"results\":[", stdout);
		printf("],\"refused\":%lu,\"resolver_error\":%s", k.tally.refused,
		       k.resolver ? "true" : "false");
		if (batch_run)
			print_summary_json(&k, in.bad, secs, queries);
		fputs("}\n", stdout);
	}
	if (batch_run && !cfg.json) {
		fflush(stdout); /* the summary comes after the results */
		print_summary_text(&k, in.bad, secs, queries);
	}
	int rc = read_error ? 111 : k.tally.refused ? 1 : 0;
	if (f && f != stdin)
		fclose(f);
	checking_free(&k);
	return rc;
}

/* ---- health ---- */

struct resolvers {
	char ip[MAX_SERVERS][ADDR_TEXT_MAX];
	const char *public[MAX_SERVERS]; /* operator of a public resolver, or NULL */
	int n;                           /* -1: the configuration is unreadable */
	bool failed;                     /* none of them answered */
};

static void make_v6_probe(struct client_addr *c, unsigned char last, const char *text)
{
	/* Not through addr_parse: it maps ::ffff:a.b.c.d to IPv4, and RFC 5782
	 * §5's IPv6 test points are the 32-nibble names. */
	memset(c, 0, sizeof *c);
	c->family = AF_INET6;
	c->bytes[10] = c->bytes[11] = 0xff;
	c->bytes[12] = 0x7f;
	c->bytes[15] = last;
	snprintf(c->text, sizeof c->text, "%s", text);
}

/* The probe clients; wild holds the random documentation address. */
static void make_probes(struct addr_check runs[HEALTH_NPROBES], const char *names[HEALTH_NPROBES],
			char wild[OUTCOME_IP4_MAX])
{
	/* A documentation address (RFC 5737) no honest list lists; random, so a
	 * list cannot special-case one probe. */
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	snprintf(wild, OUTCOME_IP4_MAX, "198.51.100.%d", 1 + rand() % 254);
	for (int k = 0; k < HEALTH_NPROBES; k++)
		names[k] = health_probe_fixed[k] ? health_probe_fixed[k] : wild;
	addr_parse(names[HEALTH_V4_LISTED], &runs[HEALTH_V4_LISTED].client);
	addr_parse(names[HEALTH_V4_CLEAR], &runs[HEALTH_V4_CLEAR].client);
	addr_parse(names[HEALTH_WILDCARD], &runs[HEALTH_WILDCARD].client);
	make_v6_probe(&runs[HEALTH_V6_LISTED].client, 2, names[HEALTH_V6_LISTED]);
	make_v6_probe(&runs[HEALTH_V6_CLEAR].client, 1, names[HEALTH_V6_CLEAR]);
}

/* Only reads the resolver configuration; nothing is sent to it here. */
static void read_resolvers(struct resolvers *rs)
{
	rs->n = engine_servers(dnscacheip, cfg.dns_deadline_ms, rs->ip, MAX_SERVERS);
	for (int s = 0; s < rs->n; s++)
		rs->public[s] = health_public_resolver(rs->ip[s]);
}

static const char *health_status(const struct health_result *h, bool json)
{
	if (h->healthy)
		return "ok";
	if (h->resolver_failed)
		return json ? "unknown" : "UNKNOWN";
	return json ? "unhealthy" : "UNHEALTHY";
}

static void print_health_list_json(size_t i, const struct health_result *h,
				   const struct addr_check runs[HEALTH_NPROBES],
				   const char *const names[HEALTH_NPROBES])
{
	char code[OUTCOME_IP4_MAX];
	printf("%s{", i ? "," : "");
	json_list_head(i);
	json_key("status", health_status(h, true), true);
	json_key("problem", h->problem, true);
	json_key("ipv6", health_ipv6_word(h->ipv6), true);
	printf(",\"ms\":%u", h->ms);
	outcome_ip4(h->code, code);
	json_key("code", h->has_code ? code : NULL, true);
	json_key("meaning", h->has_code ? dnsanswer_error_meaning(h->code) : NULL, true);
	json_key("detail", h->detail, true);
	json_key("advice", h->advice, true);
	fputs(",\"probes\":[", stdout);
	for (int k = 0; k < HEALTH_NPROBES; k++) {
		printf("%s{", k ? "," : "");
		json_key("ip", names[k], false);
		putchar(',');
		json_lookup(&cfg.actions[i], &runs[k].res[i]);
		putchar('}');
	}
	fputs("]}", stdout);
}

static void print_health_json(const struct resolvers *rs, const struct health_result *hr,
			      const struct addr_check runs[HEALTH_NPROBES],
			      const char *const names[HEALTH_NPROBES], int unhealthy)
{
	fputs("{\"resolvers\":[", stdout);
	for (int s = 0; s < rs->n; s++) {
		printf("%s{", s ? "," : "");
		json_key("ip", rs->ip[s], false);
		json_key("public", rs->public[s], true);
		putchar('}');
	}
	printf("],\"resolver_error\":%s,\"lists\":[", rs->n < 0 || rs->failed ? "true" : "false");
	for (size_t i = 0; i < cfg.nactions; i++)
		print_health_list_json(i, &hr[i], runs, names);
	printf("],\"unhealthy\":%d,\"healthy\":%s}\n", unhealthy, unhealthy ? "false" : "true");
}

static void print_health_text(const struct resolvers *rs, const struct health_result *hr)
{
	int w = zone_width();
	if (rs->n < 0)
		printf("WARNING   cannot read the resolver configuration\n");
	if (rs->failed)
		print_resolver_error();
	for (int s = 0; s < rs->n; s++)
		if (rs->public[s])
			printf("WARNING   resolver %s is a public resolver (%s): most DNSBLs "
			       "refuse or rate-limit it (Spamhaus answers 127.255.255.254); "
			       "run your own recursive resolver\n", rs->ip[s], rs->public[s]);
	for (size_t i = 0; i < cfg.nactions; i++) {
		const struct health_result *h = &hr[i];
		printf("%-9s %-*s %5u ms  ", health_status(h, false), w, cfg.actions[i].spec.zone,
		       h->ms);
		if (h->healthy)
			printf("%s\n", h->detail);
		else
			printf("%s: %s; %s\n", h->problem, h->detail, h->advice ? h->advice : "");
	}
}

static int check_health(void)
{
	static struct addr_check runs[HEALTH_NPROBES];
	const char *names[HEALTH_NPROBES];
	char wild[OUTCOME_IP4_MAX];
	struct resolvers rs;
	int unhealthy = 0;

	make_probes(runs, names, wild);
	read_resolvers(&rs);
	run_all(runs, HEALTH_NPROBES);
	rs.failed = resolver_failed(runs, HEALTH_NPROBES);

	struct health_result *hr = xcalloc(cfg.nactions, sizeof *hr);
	for (size_t i = 0; i < cfg.nactions; i++) {
		struct lookup p[HEALTH_NPROBES];
		for (int k = 0; k < HEALTH_NPROBES; k++)
			p[k] = runs[k].res[i];
		health_assess(&cfg.actions[i], p, names, &hr[i]);
		unhealthy += !hr[i].healthy;
	}
	if (cfg.json)
		print_health_json(&rs, hr, runs, names, unhealthy);
	else
		print_health_text(&rs, hr);
	free(hr);
	return unhealthy ? 2 : 0;
}

int main(int argc, char **argv)
{
	char err[CONFIG_ERR_MAX];
	int rc;

	if (!config_parse(CONFIG_RBLCHECK, argc, argv, &cfg, err, sizeof err)) {
		if (cfg.nomem)
			die("out of memory");
		usage(err);
	}
	if (cfg.version) {
		puts("rblcheck " RBLSMTPD_VERSION);
		return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 111;
	}
	if (cfg.nactions == 0)
		usage("no list given (-r or -a)");
	if (cfg.health && (cfg.nrest > 0 || cfg.addr_file))
		usage("-H takes no addresses");
	if (!cfg.health && cfg.nrest == 0 && !cfg.addr_file)
		usage(NULL);
	dnscacheip = getenv("DNSCACHEIP");

	rc = cfg.health ? check_health() : check_ips();
	if (fflush(stdout) != 0 || ferror(stdout))
		die("unable to write output");
	return rc;
}
