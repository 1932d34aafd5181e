/* health: list health from probe answers; see health.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "dnsanswer.h"
#include "check/health.h"
#include "check/report.h"

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
	case FAIL_BADANSWER:
		return "garbled answers; check the resolver, then the list";
	default:
		return "check the zone name and the resolver setup";
	}
}

static bool any_a(const struct lookup *r)
{
	return r->na > 0;
}

/* The first probe (in order) in state st, or -1. */
static int first_in(const struct lookup p[HEALTH_NPROBES], enum lookup_state st, int from, int to)
{
	for (int i = from; i < to; i++)
		if (p[i].state == st)
			return i;
	return -1;
}

void health_assess(const struct action *a, const struct lookup p[HEALTH_NPROBES],
		   const char *const txt[HEALTH_NPROBES], struct health_result *out)
{
	char code[REPORT_IP4_MAX];
	int i;

	memset(out, 0, sizeof *out);
	out->healthy = true;
	out->problem = "ok";
	for (i = 0; i < HEALTH_NPROBES; i++)
		if (p[i].ms > out->ms)
			out->ms = p[i].ms;

	if (a->spec.is_file) {
		out->ipv6 = "file";
		i = first_in(p, LOOKUP_TEMPFAIL, 0, HEALTH_NPROBES);
		if (i >= 0) {
			out->healthy = false;
			out->problem = "unreadable";
			snprintf(out->detail, sizeof out->detail, "cannot read the list file");
			out->advice = fail_advice(p[i].fail, true);
		} else {
			snprintf(out->detail, sizeof out->detail,
				 "local list file (test points not required)");
		}
		return;
	}

	/* IPv6 first: its word goes into every result. */
	const struct lookup *v6l = &p[HEALTH_V6_LISTED], *v6c = &p[HEALTH_V6_CLEAR];
	if (v6l->state == LOOKUP_ERROR || v6c->state == LOOKUP_ERROR)
		out->ipv6 = "error";
	else if (v6l->state == LOOKUP_TEMPFAIL || v6c->state == LOOKUP_TEMPFAIL)
		out->ipv6 = "failed";
	else if (v6c->state == LOOKUP_LISTED)
		out->ipv6 = "wildcard";
	else if (v6l->state == LOOKUP_LISTED)
		out->ipv6 = "ok";
	else
		out->ipv6 = "none"; /* RFC 5782 §5 applies only where the list does IPv6 */

	/* 1. An error code on any probe: the list cannot be used as set up. */
	i = first_in(p, LOOKUP_ERROR, 0, HEALTH_NPROBES);
	if (i >= 0) {
		out->healthy = false;
		out->problem = "error";
		out->has_code = true;
		memcpy(out->code, p[i].code, 4);
		report_ip4(p[i].code, code);
		snprintf(out->detail, sizeof out->detail, "%s answers %s (%s)", txt[i], code,
			 dnsanswer_error_meaning(p[i].code));
		out->advice = health_error_advice(p[i].code);
		return;
	}
	/* 2. No usable answer to the IPv4 probes. */
	i = first_in(p, LOOKUP_TEMPFAIL, 0, HEALTH_V6_LISTED);
	if (i >= 0) {
		out->healthy = false;
		out->problem = report_result(&p[i]);
		snprintf(out->detail, sizeof out->detail, "%s: %s after %u ms", txt[i],
			 out->problem, p[i].ms);
		out->advice = fail_advice(p[i].fail, false);
		return;
	}
	/* 3. Listing what nobody lists: the list lists the world. */
	bool wild4 = p[HEALTH_V4_CLEAR].state == LOOKUP_LISTED;
	bool wilddoc = p[HEALTH_WILDCARD].state == LOOKUP_LISTED;
	if (wild4 || wilddoc || v6c->state == LOOKUP_LISTED) {
		out->healthy = false;
		out->problem = "wildcard";
		char which[200];
		snprintf(which, sizeof which, "%s%s%s%s%s",
			 wild4 ? txt[HEALTH_V4_CLEAR] : "",
			 wild4 && wilddoc ? " and " : "",
			 wilddoc ? txt[HEALTH_WILDCARD] : "",
			 (wild4 || wilddoc) && v6c->state == LOOKUP_LISTED ? " and " : "",
			 v6c->state == LOOKUP_LISTED ? txt[HEALTH_V6_CLEAR] : "");
		snprintf(out->detail, sizeof out->detail,
			 "lists %s, which no list may list: it lists everything", which);
		out->advice = "remove the list: it is dead and answers \"listed\" for every "
			      "address (or your resolver forges answers)";
		return;
	}
	/* 4. IPv6 probes failing while IPv4 works: every IPv6 client waits. */
	if (strcmp(out->ipv6, "failed") == 0) {
		const struct lookup *f = v6l->state == LOOKUP_TEMPFAIL ? v6l : v6c;
		i = f == v6l ? HEALTH_V6_LISTED : HEALTH_V6_CLEAR;
		out->healthy = false;
		out->problem = report_result(f);
		snprintf(out->detail, sizeof out->detail, "IPv6 test point %s: %s after %u ms",
			 txt[i], out->problem, f->ms);
		out->advice = fail_advice(f->fail, false);
		return;
	}
	/* 5. The test point must be listed (by IPv4 or, for an IPv6-only list, IPv6). */
	bool v4ok = p[HEALTH_V4_LISTED].state == LOOKUP_LISTED;
	if (!v4ok && v6l->state != LOOKUP_LISTED) {
		if (any_a(&p[HEALTH_V4_LISTED])) {
			char vals[LOOKUP_A_MAX * REPORT_IP4_MAX];
			report_a_values(&p[HEALTH_V4_LISTED], vals, sizeof vals);
			snprintf(out->detail, sizeof out->detail,
				 "test point %s answers %s, which the filter rejects; "
				 "IPv6 %s", txt[HEALTH_V4_LISTED], vals,
				 strcmp(out->ipv6, "none") == 0 ? "no data" : out->ipv6);
			return; /* the list works; the filter is the admin's choice */
		}
		out->healthy = false;
		out->problem = "not-listing";
		snprintf(out->detail, sizeof out->detail,
			 "test point %s is not listed (RFC 5782 section 5 requires it)",
			 txt[HEALTH_V4_LISTED]);
		out->advice = "the zone name is wrong, or the list is empty or shut down "
			      "(many dead lists answer NXDOMAIN for everything); check the "
			      "list's documentation";
		return;
	}
	const struct lookup *tp = &p[HEALTH_V4_LISTED];
	if (v4ok && tp->txt == TXT_FAILED) {
		out->healthy = false;
		out->problem = "txt-failed";
		snprintf(out->detail, sizeof out->detail,
			 "test point %s is listed but its TXT query failed", txt[HEALTH_V4_LISTED]);
		out->advice = "every listed client waits for the TXT until -T; give the list a "
			      ":message (then no TXT is asked for) or remove it";
		return;
	}
	snprintf(out->detail, sizeof out->detail, "%s %s%s, %s not listed; IPv6 %s",
		 v4ok ? txt[HEALTH_V4_LISTED] : "IPv6-only list:",
		 v4ok ? "listed" : "no IPv4 data",
		 v4ok && tp->txt == TXT_DONE && !tp->text[0] && a->spec.kind == LIST_BLOCK &&
		 !a->spec.has_message ? " (A only, no TXT)" : "",
		 txt[HEALTH_V4_CLEAR],
		 strcmp(out->ipv6, "none") == 0 ? "no data" : out->ipv6);
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
