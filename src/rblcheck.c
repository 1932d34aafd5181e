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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "config.h"
#include "engine.h"
#include "dnsanswer.h"
#include "health.h"
#include "report.h"
#include "text.h"

#define USAGE "rblcheck: usage: rblcheck [ -b ] [ -B ] [ -c ] [ -C ] [ -j ] [ -v ] " \
	"[ -T dnstimeout ] [ -S threshold ] [ -r list ] [ -a list ] ip [ ip ... ]\n" \
	"       rblcheck -H [ -j ] [ -T dnstimeout ] [ -r list ] [ -a list ]\n"
#define PARALLEL 16          /* addresses looked up at once */
#define MAX_SERVERS 16
#define JSON_BUF 4096

struct run {
	struct client_addr client;
	struct lookup res[CONFIG_MAX_LISTS];
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
	fputs(USAGE, stderr);
	exit(100);
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "rblcheck: fatal: %s\n", what);
	exit(111);
}

static void *run_one(void *arg)
{
	struct run *r = arg;
	struct engine_opts o = { .wait_all = true, .dnscacheip = dnscacheip, .early = &r->early };
	r->rc = engine_run(&cfg, &r->client, &o, r->res, &r->all);
	return NULL;
}

static void run_all(struct run *runs, size_t n)
{
	for (size_t base = 0; base < n; base += PARALLEL) {
		pthread_t tid[PARALLEL];
		bool started[PARALLEL];
		size_t k = n - base < PARALLEL ? n - base : PARALLEL;
		for (size_t i = 0; i < k; i++)
			started[i] = pthread_create(&tid[i], NULL, run_one, &runs[base + i]) == 0;
		for (size_t i = 0; i < k; i++) {
			if (started[i])
				pthread_join(tid[i], NULL);
			else
				run_one(&runs[base + i]); /* no thread: do it here */
		}
	}
	for (size_t i = 0; i < n; i++)
		if (runs[i].rc != 0)
			die("out of memory");
}

/* "accept" or the reply line exactly as rblsmtpd sends it. */
static void reply_line(const struct run *r, const struct verdict *v, char out[TEXT_REPLY_MAX])
{
	char text[TEXT_CUT * 4];
	if (v->kind != VERDICT_REFUSE) {
		snprintf(out, TEXT_REPLY_MAX, "accept");
		return;
	}
	text_refusal(&cfg, &r->client, r->res, v, text, sizeof text);
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
	char buf[JSON_BUF];
	if (!s) {
		fputs("null", stdout);
		return;
	}
	report_json_escape(s, strlen(s), buf, sizeof buf);
	printf("\"%s\"", buf);
}

static void json_key(const char *k, const char *s, bool comma)
{
	printf("%s\"%s\":", comma ? "," : "", k);
	json_str(s);
}

static void json_lookup(const struct action *a, const struct lookup *r)
{
	char ip[REPORT_IP4_MAX];
	json_key("result", report_result(r), false);
	fputs(",\"a\":[", stdout);
	for (unsigned k = 0; k < r->na && k < LOOKUP_A_MAX; k++) {
		report_ip4(r->a[k], ip);
		printf("%s\"%s\"", k ? "," : "", ip);
	}
	putchar(']');
	if (r->state == LOOKUP_LISTED || r->state == LOOKUP_ERROR) {
		report_ip4(r->code, ip);
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

static void print_ip_text(const struct run *r)
{
	char out[REPORT_OUTCOME_MAX];
	char reply[TEXT_REPLY_MAX];
	char zone[LISTSPEC_ZONE_MAX + 16];
	int w = zone_width();

	printf("%s\n", r->client.text);
	for (size_t i = 0; i < cfg.nactions; i++) {
		const struct action *a = &cfg.actions[i];
		report_outcome(a, &r->res[i], out, sizeof out);
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

static void print_ip_json(const struct run *r, bool first)
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

static int check_ips(void)
{
	struct run *runs = calloc(cfg.nrest, sizeof *runs);
	int refused = 0;
	if (!runs)
		die("out of memory");
	for (size_t i = 0; i < cfg.nrest; i++)
		if (!addr_parse(cfg.rest[i], &runs[i].client)) {
			char why[ADDR_TEXT_MAX + 40];
			snprintf(why, sizeof why, "not an IP address: %s", runs[i].client.text);
			usage(why);
		}
	run_all(runs, cfg.nrest);
	if (cfg.json)
		fputs("{\"results\":[", stdout);
	for (size_t i = 0; i < cfg.nrest; i++) {
		if (runs[i].early.kind == VERDICT_REFUSE)
			refused++;
		if (cfg.json)
			print_ip_json(&runs[i], i == 0);
		else
			print_ip_text(&runs[i]);
	}
	if (cfg.json)
		printf("],\"refused\":%d}\n", refused);
	free(runs);
	return refused ? 1 : 0;
}

/* ---- health ---- */

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

static int check_health(void)
{
	static struct run runs[HEALTH_NPROBES];
	const char *names[HEALTH_NPROBES];
	char wild[REPORT_IP4_MAX];
	char servers[MAX_SERVERS][ADDR_TEXT_MAX];
	const char *public[MAX_SERVERS];
	int nservers;
	int unhealthy = 0;

	/* A documentation address (RFC 5737) no honest list lists; random, so a
	 * list cannot special-case one probe. */
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	snprintf(wild, sizeof wild, "198.51.100.%d", 1 + rand() % 254);
	for (int k = 0; k < HEALTH_NPROBES; k++)
		names[k] = health_probe_fixed[k] ? health_probe_fixed[k] : wild;
	addr_parse(names[HEALTH_V4_LISTED], &runs[HEALTH_V4_LISTED].client);
	addr_parse(names[HEALTH_V4_CLEAR], &runs[HEALTH_V4_CLEAR].client);
	addr_parse(names[HEALTH_WILDCARD], &runs[HEALTH_WILDCARD].client);
	make_v6_probe(&runs[HEALTH_V6_LISTED].client, 2, names[HEALTH_V6_LISTED]);
	make_v6_probe(&runs[HEALTH_V6_CLEAR].client, 1, names[HEALTH_V6_CLEAR]);

	/* Only read the resolver configuration; nothing is sent to it here. */
	nservers = engine_servers(dnscacheip, cfg.dns_deadline_ms, servers, MAX_SERVERS);
	for (int s = 0; s < nservers; s++)
		public[s] = health_public_resolver(servers[s]);

	run_all(runs, HEALTH_NPROBES);

	struct health_result *hr = calloc(cfg.nactions, sizeof *hr);
	if (!hr)
		die("out of memory");
	for (size_t i = 0; i < cfg.nactions; i++) {
		struct lookup p[HEALTH_NPROBES];
		for (int k = 0; k < HEALTH_NPROBES; k++)
			p[k] = runs[k].res[i];
		health_assess(&cfg.actions[i], p, names, &hr[i]);
		unhealthy += !hr[i].healthy;
	}

	if (cfg.json) {
		fputs("{\"resolvers\":[", stdout);
		for (int s = 0; s < nservers; s++) {
			printf("%s{", s ? "," : "");
			json_key("ip", servers[s], false);
			json_key("public", public[s], true);
			putchar('}');
		}
		printf("],\"resolver_error\":%s,\"lists\":[", nservers < 0 ? "true" : "false");
		for (size_t i = 0; i < cfg.nactions; i++) {
			char code[REPORT_IP4_MAX];
			printf("%s{", i ? "," : "");
			json_list_head(i);
			json_key("status", hr[i].healthy ? "ok" : "unhealthy", true);
			json_key("problem", hr[i].problem, true);
			json_key("ipv6", hr[i].ipv6, true);
			printf(",\"ms\":%u", hr[i].ms);
			report_ip4(hr[i].code, code);
			json_key("code", hr[i].has_code ? code : NULL, true);
			json_key("meaning", hr[i].has_code ? dnsanswer_error_meaning(hr[i].code) : NULL,
				 true);
			json_key("detail", hr[i].detail, true);
			json_key("advice", hr[i].advice, true);
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
		printf("],\"unhealthy\":%d,\"healthy\":%s}\n", unhealthy, unhealthy ? "false" : "true");
	} else {
		int w = zone_width();
		if (nservers < 0)
			printf("WARNING   cannot read the resolver configuration\n");
		for (int s = 0; s < nservers; s++)
			if (public[s])
				printf("WARNING   resolver %s is a public resolver (%s): most DNSBLs "
				       "refuse or rate-limit it (Spamhaus answers 127.255.255.254); "
				       "run your own recursive resolver\n", servers[s], public[s]);
		for (size_t i = 0; i < cfg.nactions; i++) {
			printf("%-9s %-*s %5u ms  ", hr[i].healthy ? "ok" : "UNHEALTHY", w,
			       cfg.actions[i].spec.zone, hr[i].ms);
			if (hr[i].healthy)
				printf("%s\n", hr[i].detail);
			else
				printf("%s: %s; %s\n", hr[i].problem, hr[i].detail,
				       hr[i].advice ? hr[i].advice : "");
		}
	}
	free(hr);
	return unhealthy ? 2 : 0;
}

int main(int argc, char **argv)
{
	char err[300];
	int rc;

	if (!config_parse(CONFIG_RBLCHECK, argc, argv, &cfg, err, sizeof err))
		usage(err);
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
