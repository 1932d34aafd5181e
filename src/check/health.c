/* SPDX-License-Identifier: ISC */
/* health: list health from probe answers; see health.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "dnsanswer.h"
#include "logfmt.h"
#include "check/health.h"
#include "check/outcome.h"

/* A list the resolver could not ask: the advice is the resolver's, and short
 * (rblcheck prints HEALTH_RESOLVER_ADVICE once above the lists). */
#define RESOLVER_LIST_ADVICE "fix the resolver first (no configured resolver answers); " \
	"the list is not at fault"

const char *const health_probe_fixed[HEALTH_NPROBES] = {
	"127.0.0.2", "127.0.0.1", NULL, "::ffff:7f00:2", "::ffff:7f00:1",
};

const char *health_error_advice(const unsigned char code[4])
{
	if (code[0] != 127)
		return "the answer is not in 127.0.0.0/8: your resolver rewrites NXDOMAIN "
		       "(ISP redirection, Pi-hole, captive portal) or the list is broken; "
		       "use an honest recursive resolver of your own";
	if (code[1] == 255 && code[2] == 255) {
		switch (code[3]) {
		case 254:
			return "you query through a public or open resolver; run your own "
			       "recursive resolver (dnscache, unbound) and point DNSCACHEIP "
			       "or /etc/resolv.conf at it";
		case 255:
			return "rate-limited (excessive queries); use a DQS key or your own "
			       "mirror of the list, or query less";
		case 252:
			return "typo in the zone name or the DQS key; check the spelling";
		default:
			return "the list answers an error code; read the list's documentation";
		}
	}
	return NULL;
}

static const char *fail_advice(enum lookup_fail f, bool file)
{
	if (file)
		return "check the list file's path and permissions";
	switch (f) {
	case FAIL_TIMEOUT:
		return "the list is dead or unreachable; remove it, or check your "
		       "resolver and network (every connection waits for it until -T)";
	case FAIL_SERVFAIL:
		return "the list's servers or your resolver fail; if it persists, remove the list";
	case FAIL_REFUSED:
		return "your resolver or the list refuses the query; check the resolver's "
		       "access rules, or whether the list still exists";
	case FAIL_RESOLVER:
		return RESOLVER_LIST_ADVICE;
	case FAIL_BADANSWER:
		return "garbled answers; check the resolver, then the list";
	default:
		return "check the zone name and the resolver setup";
	}
}

const char *health_ipv6_word(enum health_ipv6 v)
{
	static const char *const words[] = {
		[HEALTH_IPV6_NONE] = "none",        [HEALTH_IPV6_OK] = "ok",
		[HEALTH_IPV6_WILDCARD] = "wildcard", [HEALTH_IPV6_FAILED] = "failed",
		[HEALTH_IPV6_ERROR] = "error",      [HEALTH_IPV6_FILE] = "file",
	};
	return (unsigned)v < sizeof words / sizeof words[0] ? words[v] : "none";
}

/* The first probe (in order) in state st, or -1. */
static int first_in(const struct lookup p[HEALTH_NPROBES], enum lookup_state st, int from, int to)
{
	for (int i = from; i < to; i++)
		if (p[i].state == st)
			return i;
	return -1;
}

static enum health_ipv6 ipv6_state(const struct lookup p[HEALTH_NPROBES])
{
	const struct lookup *l = &p[HEALTH_V6_LISTED], *c = &p[HEALTH_V6_CLEAR];
	if (l->state == LOOKUP_ERROR || c->state == LOOKUP_ERROR)
		return HEALTH_IPV6_ERROR;
	if (l->state == LOOKUP_TEMPFAIL || c->state == LOOKUP_TEMPFAIL)
		return HEALTH_IPV6_FAILED;
	if (c->state == LOOKUP_LISTED)
		return HEALTH_IPV6_WILDCARD;
	if (l->state == LOOKUP_LISTED)
		return HEALTH_IPV6_OK;
	return HEALTH_IPV6_NONE; /* RFC 5782 §5 applies only where the list does IPv6 */
}

/* "IPv6 <state>" wording of the detail lines. */
static const char *ipv6_detail(enum health_ipv6 v)
{
	return v == HEALTH_IPV6_NONE ? "no data" : health_ipv6_word(v);
}

static void unhealthy(struct health_result *out, const char *problem, const char *advice)
{
	out->healthy = false;
	out->problem = problem;
	out->advice = advice;
}

/* A local list file answers no test points; it is only unhealthy unread. */
static void assess_file(const struct lookup p[HEALTH_NPROBES], struct health_result *out)
{
	int i = first_in(p, LOOKUP_TEMPFAIL, 0, HEALTH_NPROBES);
	out->ipv6 = HEALTH_IPV6_FILE;
	if (i >= 0) {
		unhealthy(out, "unreadable", fail_advice(p[i].fail, true));
		snprintf(out->detail, sizeof out->detail, "cannot read the list file");
	} else {
		snprintf(out->detail, sizeof out->detail,
			 "local list file (test points not required)");
	}
}

/* The rules, in order; the first that finds a problem decides. Each
 * returns true when it has filled in out. */
typedef bool health_rule(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			 const char *const txt[HEALTH_NPROBES], struct health_result *out);

/* 0. No resolver answered: the list was never asked, so nothing is known
 * about it, and removing it would not help. */
static bool rule_resolver(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			  const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	(void)a; /* one signature for every rule (the table); this one needs no spec */
	for (int i = 0; i < HEALTH_NPROBES; i++) {
		if (p[i].state != LOOKUP_TEMPFAIL || p[i].fail != FAIL_RESOLVER)
			continue;
		unhealthy(out, logfmt_results[LOGFMT_R_RESOLVER].word, RESOLVER_LIST_ADVICE);
		out->resolver_failed = true;
		snprintf(out->detail, sizeof out->detail,
			 "%s: no configured resolver answered, so the list was not checked", txt[i]);
		return true;
	}
	return false;
}

/* 1. An error code on any probe: the list cannot be used as set up. */
static bool rule_error_code(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			    const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	(void)a; /* one signature for every rule (the table); this one needs no spec */
	char code[OUTCOME_IP4_MAX];
	int i = first_in(p, LOOKUP_ERROR, 0, HEALTH_NPROBES);
	if (i < 0)
		return false;
	unhealthy(out, "error", health_error_advice(p[i].code));
	out->has_code = true;
	memcpy(out->code, p[i].code, 4);
	outcome_ip4(p[i].code, code);
	snprintf(out->detail, sizeof out->detail, "%s answers %s (%s)", txt[i], code,
		 dnsanswer_error_meaning(p[i].code));
	return true;
}

/* 2. No usable answer to the IPv4 probes. */
static bool rule_v4_failed(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			   const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	(void)a; /* one signature for every rule (the table); this one needs no spec */
	int i = first_in(p, LOOKUP_TEMPFAIL, 0, HEALTH_V6_LISTED);
	if (i < 0)
		return false;
	unhealthy(out, outcome_result(&p[i]), fail_advice(p[i].fail, false));
	snprintf(out->detail, sizeof out->detail, "%s: %s after %u ms", txt[i], out->problem,
		 p[i].ms);
	return true;
}

/* 3. Listing what nobody lists: the list lists the world. */
static bool rule_wildcard(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			  const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	(void)a; /* one signature for every rule (the table); this one needs no spec */
#define WILDCARD_DETAIL "lists %s, which no list may list: it lists everything"
	static const int clear[] = { HEALTH_V4_CLEAR, HEALTH_WILDCARD, HEALTH_V6_CLEAR };
	/* what the detail line leaves for the names ("%s" is not printed) */
	char which[HEALTH_DETAIL_MAX - (sizeof WILDCARD_DETAIL - sizeof "%s")];
	size_t used = 0;
	which[0] = '\0';
	for (size_t k = 0; k < sizeof clear / sizeof clear[0]; k++) {
		if (p[clear[k]].state != LOOKUP_LISTED)
			continue;
		int w = snprintf(which + used, sizeof which - used, "%s%s", used ? " and " : "",
				 txt[clear[k]]);
		if (w > 0)
			used = used + (size_t)w < sizeof which ? used + (size_t)w : sizeof which - 1;
	}
	if (used == 0)
		return false;
	unhealthy(out, "wildcard", "remove the list: it is dead and answers \"listed\" for every "
				   "address (or your resolver forges answers)");
	snprintf(out->detail, sizeof out->detail, WILDCARD_DETAIL, which);
	return true;
}

/* 4. IPv6 probes failing while IPv4 works: every IPv6 client waits. */
static bool rule_v6_failed(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			   const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	(void)a; /* one signature for every rule (the table); this one needs no spec */
	if (out->ipv6 != HEALTH_IPV6_FAILED)
		return false;
	int i = p[HEALTH_V6_LISTED].state == LOOKUP_TEMPFAIL ? HEALTH_V6_LISTED : HEALTH_V6_CLEAR;
	unhealthy(out, outcome_result(&p[i]), fail_advice(p[i].fail, false));
	snprintf(out->detail, sizeof out->detail, "IPv6 test point %s: %s after %u ms", txt[i],
		 out->problem, p[i].ms);
	return true;
}

/* 5. The test point must be listed (by IPv4 or, for an IPv6-only list,
 * IPv6). A code the filter rejects is fine: the filter is the admin's
 * choice, and the list works (a detail line, no problem). A list given
 * after rblcheck -n has no test entry: not listing it is no problem. */
static bool rule_not_listing(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			     const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	const struct lookup *tp = &p[HEALTH_V4_LISTED];
	if (tp->state == LOOKUP_LISTED || p[HEALTH_V6_LISTED].state == LOOKUP_LISTED)
		return false;
	if (a->no_testpoints) {
		/* A private list (rblcheck -n): no test entry to ask for. What
		 * the other rules check (answers, errors, wildcards) still holds. */
		snprintf(out->detail, sizeof out->detail,
			 "no test entry (-n): %s not listed, %s not listed; IPv6 %s",
			 txt[HEALTH_V4_LISTED], txt[HEALTH_V4_CLEAR], ipv6_detail(out->ipv6));
		return true;
	}
	if (tp->na > 0) {
		char vals[LOOKUP_A_MAX * OUTCOME_IP4_MAX];
		outcome_a_values(tp, vals, sizeof vals);
		snprintf(out->detail, sizeof out->detail,
			 "test point %s answers %s, which the filter rejects; IPv6 %s",
			 txt[HEALTH_V4_LISTED], vals, ipv6_detail(out->ipv6));
		return true;
	}
	unhealthy(out, "not-listing", "the zone name is wrong, or the list is empty or shut down "
				      "(many dead lists answer NXDOMAIN for everything); check the "
				      "list's documentation");
	snprintf(out->detail, sizeof out->detail,
		 "test point %s is not listed (RFC 5782 section 5 requires it)",
		 txt[HEALTH_V4_LISTED]);
	return true;
}

/* 6. The listed test point's TXT never came: every listed client waits. */
static bool rule_txt_failed(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			    const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	(void)a; /* one signature for every rule (the table); this one needs no spec */
	const struct lookup *tp = &p[HEALTH_V4_LISTED];
	if (tp->state != LOOKUP_LISTED || tp->txt != TXT_FAILED)
		return false;
	unhealthy(out, "txt-failed", "every listed client waits for the TXT until -T; give the "
				     "list a :message (then no TXT is asked for) or remove it");
	snprintf(out->detail, sizeof out->detail,
		 "test point %s is listed but its TXT query failed", txt[HEALTH_V4_LISTED]);
	return true;
}

/* No rule found a problem: say what was seen. */
static void describe_ok(const struct action *a, const struct lookup p[HEALTH_NPROBES],
			const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	const struct lookup *tp = &p[HEALTH_V4_LISTED];
	bool v4ok = tp->state == LOOKUP_LISTED;
	bool a_only = v4ok && tp->txt == TXT_DONE && !tp->text[0] &&
		      a->spec.kind == LIST_BLOCK && !a->spec.has_message;
	snprintf(out->detail, sizeof out->detail, "%s %s%s, %s not listed; IPv6 %s",
		 v4ok ? txt[HEALTH_V4_LISTED] : "IPv6-only list:",
		 v4ok ? "listed" : "no IPv4 data", a_only ? " (A only, no TXT)" : "",
		 txt[HEALTH_V4_CLEAR], ipv6_detail(out->ipv6));
}

void health_assess(const struct action *a, const struct lookup p[HEALTH_NPROBES],
		   const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	static health_rule *const rules[] = {
		rule_resolver, rule_error_code, rule_v4_failed, rule_wildcard,
		rule_v6_failed, rule_not_listing, rule_txt_failed,
	};

	memset(out, 0, sizeof *out);
	out->healthy = true;
	out->problem = "ok";
	for (int i = 0; i < HEALTH_NPROBES; i++)
		if (p[i].ms > out->ms)
			out->ms = p[i].ms;
	if (a->spec.is_file) {
		assess_file(p, out);
		return;
	}
	out->ipv6 = ipv6_state(p); /* first: its word goes into every result */
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
		if (rules[r](a, p, txt, out))
			return;
	describe_ok(a, p, txt, out);
}

struct public_resolver {
	const char *ip;
	const char *name;
};

static const struct public_resolver publics[] = {
	{ "8.8.8.8", "Google Public DNS" },
	{ "8.8.4.4", "Google Public DNS" },
	{ "2001:4860:4860::8888", "Google Public DNS" },
	{ "2001:4860:4860::8844", "Google Public DNS" },
	{ "1.1.1.1", "Cloudflare" },
	{ "1.0.0.1", "Cloudflare" },
	{ "1.1.1.2", "Cloudflare for Families" },
	{ "1.0.0.2", "Cloudflare for Families" },
	{ "1.1.1.3", "Cloudflare for Families" },
	{ "1.0.0.3", "Cloudflare for Families" },
	{ "2606:4700:4700::1111", "Cloudflare" },
	{ "2606:4700:4700::1001", "Cloudflare" },
	{ "9.9.9.9", "Quad9" },
	{ "149.112.112.112", "Quad9" },
	{ "9.9.9.10", "Quad9" },
	{ "149.112.112.10", "Quad9" },
	{ "9.9.9.11", "Quad9" },
	{ "149.112.112.11", "Quad9" },
	{ "2620:fe::fe", "Quad9" },
	{ "2620:fe::9", "Quad9" },
	{ "2620:fe::10", "Quad9" },
	{ "2620:fe::11", "Quad9" },
	{ "208.67.222.222", "OpenDNS" },
	{ "208.67.220.220", "OpenDNS" },
	{ "208.67.222.123", "OpenDNS FamilyShield" },
	{ "208.67.220.123", "OpenDNS FamilyShield" },
	{ "2620:119:35::35", "OpenDNS" },
	{ "2620:119:53::53", "OpenDNS" },
	{ "94.140.14.14", "AdGuard DNS" },
	{ "94.140.15.15", "AdGuard DNS" },
	{ "2a10:50c0::ad1:ff", "AdGuard DNS" },
	{ "2a10:50c0::ad2:ff", "AdGuard DNS" },
	{ "76.76.2.0", "Control D" },
	{ "76.76.10.0", "Control D" },
	{ "185.228.168.9", "CleanBrowsing" },
	{ "185.228.169.9", "CleanBrowsing" },
	{ "64.6.64.6", "Verisign/Vercara" },
	{ "64.6.65.6", "Verisign/Vercara" },
	{ "4.2.2.1", "Level3/Lumen" },
	{ "4.2.2.2", "Level3/Lumen" },
	{ "77.88.8.8", "Yandex DNS" },
	{ "77.88.8.1", "Yandex DNS" },
	{ "8.26.56.26", "Comodo Secure DNS" },
	{ "8.20.247.20", "Comodo Secure DNS" },
	{ "156.154.70.1", "Neustar/Vercara UltraDNS" },
	{ "156.154.71.1", "Neustar/Vercara UltraDNS" },
};

static int to_bytes(const char *ip, unsigned char out[16])
{
	unsigned char b[16];
	if (inet_pton(AF_INET, ip, b) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff; /* compare as ::ffff:a.b.c.d */
		memcpy(out + 12, b, 4);
		return 1;
	}
	if (inet_pton(AF_INET6, ip, b) == 1) {
		memcpy(out, b, 16);
		return 1;
	}
	return 0;
}

const char *health_public_resolver(const char *ip)
{
	unsigned char want[16], have[16];
	if (!ip || !to_bytes(ip, want))
		return NULL;
	for (size_t i = 0; i < sizeof publics / sizeof publics[0]; i++)
		if (to_bytes(publics[i].ip, have) && memcmp(want, have, 16) == 0)
			return publics[i].name;
	return NULL;
}
