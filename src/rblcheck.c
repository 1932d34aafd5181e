/* rblcheck: test DNS blocklists the way rblsmtpd uses them.
 *
 *   rblcheck [list options] ip ...    every list's answer and rblsmtpd's reply
 *   rblcheck -H [list options]        health check of every list
 *
 * The lookups and the verdict come from the same engine and policy code as
 * rblsmtpd's; the reply printed is the one engine_run reports for a run that
 * stops where rblsmtpd stops (engine_opts.early), so it is rblsmtpd's reply
 * by construction, while the report still waits for every answer. Each
 * address (each health probe) runs in its own thread, so a dead list costs
 * one deadline, not one per address. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "config.h"
#include "engine.h"
#include "json.h"
#include "dnsanswer.h"
#include "dnsservers.h"
#include "check/health.h"
#include "check/outcome.h"
#include "reply.h"
#include "text.h"

#ifndef RBLSMTPD_VERSION
#error "RBLSMTPD_VERSION: the Makefile passes the VERSION file's content"
#endif
#define MAX_SERVERS DNSSERVERS_MAX
/* Escaped, a byte takes at most 6 ("\u00XX"); the longest string printed
 * is a list's :message. */
/* Open files kept free of lookups: stdio, and slack for the c-ares library. */
#define FD_RESERVE 16

struct addr_check {
	struct client_addr client;
	struct lookup *res;      /* cfg.nactions of them, allocated by run_one */
	struct verdict all;      /* with every answer in */
	struct verdict early;    /* where rblsmtpd stops: what it does */
	int rc;
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

static void run_one(struct addr_check *r)
{
	struct engine_opts o = { .wait_all = true, .dnscacheip = dnscacheip, .early = &r->early };
	if (!r->res)
		r->res = malloc(cfg.nactions * sizeof *r->res);
	r->rc = r->res ? engine_run(&cfg, &r->client, &o, r->res, &r->all) : -1;
}

struct pool {
	struct addr_check *runs;
	size_t n;
	atomic_size_t next; /* the next run not yet taken by a worker */
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		run_one(&p->runs[i]);
	return NULL;
}

/* How many runs at once the open-file limit allows: each run's c-ares
 * channel may hold a UDP and a TCP socket per resolver, and a list file
 * open while it is read. The soft limit is raised to the hard one first. */
static size_t fd_budget(void)
{
	struct rlimit rl;
	char servers[MAX_SERVERS][ADDR_TEXT_MAX];
	int nservers = engine_servers(dnscacheip, cfg.dns_deadline_ms, servers, MAX_SERVERS);
	size_t per_run = 2 * (size_t)(nservers > 0 ? nservers : 1) + 1;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max;
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > SIZE_MAX / 2)
		return SIZE_MAX / 2;
	return rl.rlim_cur > FD_RESERVE + per_run ? (rl.rlim_cur - FD_RESERVE) / per_run : 1;
}

/* Every run at once, so that a dead list costs one deadline for the whole
 * command, not one per address: a worker per run, as far as the open-file
 * limit and the threads we can start allow; with fewer, each worker takes
 * the next run when it finishes one. */
static void run_all(struct addr_check *runs, size_t n)
{
	struct pool p = { .runs = runs, .n = n };
	size_t budget = fd_budget();
	size_t want = n < budget ? n : budget;
	pthread_t *tid = xcalloc(want, sizeof *tid);
	size_t started = 0;

	atomic_init(&p.next, 0);
	while (started < want && pthread_create(&tid[started], NULL, worker, &p) == 0)
		started++;
	if (started == 0)
		worker(&p); /* no thread at all: do it here */
	for (size_t i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	for (size_t i = 0; i < n; i++)
		if (runs[i].rc != 0)
			die_nomem();
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
	printf("%s{", first ? "" : ",");
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

static int check_ips(void)
{
	struct addr_check *runs = xcalloc(cfg.nrest, sizeof *runs);
	int refused = 0;
	for (size_t i = 0; i < cfg.nrest; i++)
		if (!addr_parse(cfg.rest[i], &runs[i].client)) {
			char why[ADDR_TEXT_MAX + sizeof "not an IP address: "];
			snprintf(why, sizeof why, "not an IP address: %s", runs[i].client.text);
			usage(why);
		}
	run_all(runs, cfg.nrest);
	bool resolver = resolver_failed(runs, cfg.nrest);
	if (cfg.json)
		fputs("{\"results\":[", stdout);
	else if (resolver)
		print_resolver_error();
	for (size_t i = 0; i < cfg.nrest; i++) {
		if (runs[i].early.kind == VERDICT_REFUSE)
			refused++;
		if (cfg.json)
			print_ip_json(&runs[i], i == 0);
		else
			print_ip_text(&runs[i]);
	}
	if (cfg.json)
		printf("],\"refused\":%d,\"resolver_error\":%s}\n", refused,
		       resolver ? "true" : "false");
	for (size_t i = 0; i < cfg.nrest; i++)
		free(runs[i].res);
	free(runs);
	return refused ? 1 : 0;
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
	if (cfg.health && cfg.nrest > 0)
		usage("-H takes no addresses");
	if (!cfg.health && cfg.nrest == 0)
		usage(NULL);
	dnscacheip = getenv("DNSCACHEIP");

	rc = cfg.health ? check_health() : check_ips();
	if (fflush(stdout) != 0 || ferror(stdout))
		die("unable to write output");
	return rc;
}
