/* engine: parallel lookups; see engine.h. */
#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dnsanswer.h"
#include "dnsservers.h"
#include "engine.h"
#include "localist.h"

struct engine;

struct query_ctx {
	struct engine *e;
	size_t index;
	bool txt;
};

/* The channel left open under no_teardown (see the end of engine_run). */
static ares_channel volatile kept_channel;
static struct query_ctx (*volatile kept_ctx)[2]; /* its queries' contexts */

struct engine {
	const struct config *cfg;
	const struct client_addr *client;
	struct lookup *out;
	ares_channel channel;
	bool channel_ok;
	bool closing;          /* ares_destroy is running: ignore callbacks */
	struct timespec start;
	char rev[80];          /* reversed client address, with trailing dot */
	struct query_ctx (*ctx)[2];    /* per list: A and TXT query; cfg->nactions */
	enum lookup_state *st;         /* decide()'s scratch; cfg->nactions */
};

static unsigned elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (now.tv_sec - start->tv_sec) * 1000LL +
		       (now.tv_nsec - start->tv_nsec) / 1000000;
	return ms < 0 ? 0 : (unsigned)ms;
}

static bool wants_txt(const struct list_spec *spec)
{
	return spec->kind == LIST_BLOCK && !spec->has_message && !spec->is_file;
}

/* COMPAT(0.88): djb's resolver ignored empty labels, so "zone." and ".zone"
 * worked; c-ares would call them bad names. */
static void build_name(const char *rev, const char *zone, char *out, size_t outlen)
{
	size_t n = (size_t)snprintf(out, outlen, "%s", rev);
	char prev = '.';
	for (const char *z = zone; *z && n + 1 < outlen; z++) {
		if (*z == '.' && prev == '.')
			continue;
		prev = *z;
		out[n++] = *z;
	}
	if (n > 0 && out[n - 1] == '.' && n > 1)
		n--;
	out[n] = '\0';
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen);

static void send_query(struct engine *e, size_t i, bool txt)
{
	char name[512];
	struct query_ctx *q = &e->ctx[i][txt];
	q->e = e;
	q->index = i;
	q->txt = txt;
	build_name(e->rev, e->cfg->actions[i].spec.query, name, sizeof name);
	if (txt)
		e->out[i].txt = TXT_PENDING;
	ares_query(e->channel, name, ns_c_in, txt ? ns_t_txt : ns_t_a, on_answer, q);
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct query_ctx *q = arg;
	struct engine *e = q->e;
	struct lookup *r = &e->out[q->index];
	(void)timeouts;
	if (e->closing)
		return;
	if (q->txt) {
		if (r->txt != TXT_PENDING)
			return;
		dnsanswer_txt(status, abuf, alen, r);
		r->txt_ms = elapsed_ms(&e->start);
		return;
	}
	if (r->state != LOOKUP_PENDING)
		return;
	dnsanswer_a(status, abuf, alen, &e->cfg->actions[q->index].spec, r);
	r->ms = elapsed_ms(&e->start);
	if (r->state == LOOKUP_LISTED && wants_txt(&e->cfg->actions[q->index].spec))
		send_query(e, q->index, true);
}

static void lookup_file(struct engine *e, size_t i)
{
	const struct list_spec *spec = &e->cfg->actions[i].spec;
	struct lookup *r = &e->out[i];
	struct localist_stats st;
	struct localist *l = localist_load(spec->query, &st);
	unsigned char a[1][4];
	if (!l) {
		r->state = LOOKUP_TEMPFAIL;
		r->fail = errno == ENOMEM ? FAIL_NOMEM : FAIL_OTHER;
	} else {
		if (localist_lookup(l, e->client, a[0], r->text, sizeof r->text) == 1) {
			size_t used = 0;
			char raw[sizeof r->text];
			memcpy(raw, r->text, sizeof raw);
			r->text[0] = '\0';
			text_append_printable(r->text, &used, sizeof r->text, raw, strlen(raw));
			dnsanswer_a_values((const unsigned char (*)[4])a, 1, spec, r);
			r->txt = TXT_DONE;
		} else {
			r->state = LOOKUP_CLEAR;
		}
		localist_free(l);
	}
	r->ms = elapsed_ms(&e->start);
}

/* Returns ARES_SUCCESS, or the c-ares status (ARES_ENOMEM: out of memory). */
static int channel_open(struct engine *e, struct ares_options *o, int mask,
			const char *csv, int nservers)
{
	int rc = ares_init_options(&e->channel, o, mask);
	if (rc != ARES_SUCCESS)
		return rc;
	if (nservers > 0 && (rc = ares_set_servers_ports_csv(e->channel, csv)) != ARES_SUCCESS) {
		ares_destroy(e->channel);
		return rc;
	}
	return ARES_SUCCESS;
}

static int channel_server_count(ares_channel ch)
{
	struct ares_addr_port_node *servers = NULL;
	int n = 0;
	if (ares_get_servers_ports(ch, &servers) == ARES_SUCCESS)
		for (struct ares_addr_port_node *s = servers; s; s = s->next)
			n++;
	ares_free_data(servers);
	return n;
}

/* Set up c-ares. With $DNSCACHEIP naming servers, every option that would
 * otherwise come from /etc/resolv.conf is given, so the file is not read.
 *
 * With a single server, c-ares 1.18 reports its SERVFAIL and REFUSED both as
 * "could not contact DNS servers"; there is no other server to move on to, so
 * we ask for the answer unchecked (NOCHECKRESP) and get the real RCODE, which
 * the logs and rblcheck name. With several servers, c-ares's own checking
 * stays on so that a failing server hands over to the next one.
 * Returns ARES_SUCCESS, or the c-ares status (ARES_ENOMEM: out of memory). */
static int channel_init(struct engine *e, const char *dnscacheip)
{
	struct ares_options o;
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	char csv[DNSSERVERS_MAX * 64];
	int nservers = dnscacheip ? dnsservers_parse(dnscacheip, csv, sizeof csv) : 0;
	struct in_addr placeholder = { .s_addr = htonl(0x7f000001) };
	unsigned per_try = e->cfg->dns_deadline_ms / 4;

	memset(&o, 0, sizeof o);
	o.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
	/* c-ares doubles the wait on each of its 3 tries (1+2+4 = 7 quarters):
	 * with a quarter of -T per try it is still waiting when -T ends, so the
	 * deadline, not c-ares, decides, whatever -T is. */
	o.timeout = (int)(per_try < 200 ? 200 : per_try);
	o.tries = 3;
	if (nservers > 0) {
		mask |= ARES_OPT_SERVERS | ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS |
			ARES_OPT_NDOTS | ARES_OPT_SORTLIST;
		o.servers = &placeholder;
		o.nservers = 1;
		o.ndomains = 0;
		o.lookups = (char *)"b";
		o.ndots = 1;
		o.nsort = 0;
		if (nservers == 1)
			o.flags |= ARES_FLAG_NOCHECKRESP;
		return channel_open(e, &o, mask, csv, nservers);
	}
	int rc = channel_open(e, &o, mask, NULL, 0);
	if (rc != ARES_SUCCESS)
		return rc;
	if (channel_server_count(e->channel) != 1)
		return ARES_SUCCESS;
	ares_destroy(e->channel); /* resolv.conf names one server: reopen unchecked */
	o.flags |= ARES_FLAG_NOCHECKRESP;
	return channel_open(e, &o, mask, NULL, 0);
}

static bool txt_outstanding(const struct engine *e, const struct verdict *v, bool wait_all)
{
	if (wait_all) {
		for (size_t i = 0; i < e->cfg->nactions; i++)
			if (e->out[i].txt == TXT_PENDING)
				return true;
		return false;
	}
	return v->kind == VERDICT_REFUSE && v->by >= 0 && e->out[v->by].txt == TXT_PENDING;
}

static bool any_pending(const struct engine *e)
{
	for (size_t i = 0; i < e->cfg->nactions; i++)
		if (e->out[i].state == LOOKUP_PENDING)
			return true;
	return false;
}

static void decide(const struct engine *e, struct verdict *v)
{
	for (size_t i = 0; i < e->cfg->nactions; i++)
		e->st[i] = e->out[i].state;
	policy_decide(e->cfg, e->st, v);
}

static void wait_for_io(struct engine *e, unsigned deadline_ms)
{
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	struct pollfd pfd[ARES_GETSOCK_MAXNUM];
	/* Not ARES_GETSOCK_WRITABLE: it computes 1 << 31 in int (UB). */
	unsigned bits = (unsigned)ares_getsock(e->channel, socks, ARES_GETSOCK_MAXNUM);
	nfds_t n = 0;
	for (unsigned i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
		short ev = 0;
		if (bits & (1u << i)) ev |= POLLIN;
		if (bits & (1u << (i + ARES_GETSOCK_MAXNUM))) ev |= POLLOUT;
		if (!ev) continue;
		pfd[n].fd = socks[i];
		pfd[n].events = ev;
		pfd[n].revents = 0;
		n++;
	}
	unsigned now = elapsed_ms(&e->start);
	unsigned left = deadline_ms > now ? deadline_ms - now : 0;
	struct timeval maxtv = { .tv_sec = left / 1000, .tv_usec = (left % 1000) * 1000 };
	struct timeval tv, *tvp = ares_timeout(e->channel, &maxtv, &tv);
	int timeout = (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
	int rc = poll(pfd, n, timeout);
	if (rc <= 0) {
		ares_process_fd(e->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
		return;
	}
	for (nfds_t i = 0; i < n; i++) {
		if (!pfd[i].revents)
			continue;
		ares_socket_t rd = (pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) ? pfd[i].fd : ARES_SOCKET_BAD;
		ares_socket_t wr = (pfd[i].revents & POLLOUT) ? pfd[i].fd : ARES_SOCKET_BAD;
		ares_process_fd(e->channel, rd, wr);
	}
}

/* A list that cannot be asked at all: a temporary failure ("unusable"). */
static void fail_unusable(struct lookup *r)
{
	r->state = LOOKUP_TEMPFAIL;
	r->fail = FAIL_OTHER;
}

/* Room for n lists (any number: SPEC §3.10): their query contexts and
 * decide()'s scratch, in one block at e->ctx. */
static bool engine_alloc(struct engine *e, size_t n)
{
	if (n == 0)
		n = 1;
	e->ctx = malloc(n * (sizeof *e->ctx + sizeof *e->st));
	if (!e->ctx)
		return false;
	e->st = (enum lookup_state *)(e->ctx + n);
	return true;
}

int engine_run(const struct config *cfg, const struct client_addr *client,
	       const struct engine_opts *opts, struct lookup *out, struct verdict *v)
{
	struct engine e;
	bool need_dns = false;

	memset(&e, 0, sizeof e);
	e.cfg = cfg;
	e.client = client;
	e.out = out;
	clock_gettime(CLOCK_MONOTONIC, &e.start);
	memset(out, 0, sizeof *out * cfg->nactions);
	if (!engine_alloc(&e, cfg->nactions))
		return -1;

	size_t revlen = addr_reverse(client, e.rev, sizeof e.rev);
	for (size_t i = 0; i < cfg->nactions; i++) {
		out[i].state = LOOKUP_PENDING;
		if (revlen == 0)
			out[i].state = LOOKUP_SKIPPED; /* address unknown: nothing to ask */
		else if (cfg->actions[i].spec.too_long)
			fail_unusable(&out[i]); /* COMPAT(0.88): a failed lookup, no usage error */
		else if (cfg->actions[i].spec.is_file)
			lookup_file(&e, i);
		else
			need_dns = true;
	}

	if (need_dns) {
		int rc = channel_init(&e, opts->dnscacheip);
		if (rc == ARES_ENOMEM) {
			free(e.ctx);
			return -1;
		}
		e.channel_ok = rc == ARES_SUCCESS;
		for (size_t i = 0; i < cfg->nactions; i++) {
			if (out[i].state != LOOKUP_PENDING)
				continue;
			if (!e.channel_ok) /* resolver unusable: a temporary failure */
				fail_unusable(&out[i]);
			else
				send_query(&e, i, false);
		}
	}

	bool early_set = false;
	for (;;) {
		decide(&e, v);
		/* Where a run without wait_all breaks out of this loop. */
		if (opts->early && !early_set && v->kind != VERDICT_PENDING &&
		    !txt_outstanding(&e, v, false)) {
			*opts->early = *v;
			early_set = true;
		}
		bool more = opts->wait_all ? any_pending(&e) : v->kind == VERDICT_PENDING;
		if (!more && !txt_outstanding(&e, v, opts->wait_all))
			break;
		if (elapsed_ms(&e.start) >= cfg->dns_deadline_ms) {
			for (size_t i = 0; i < cfg->nactions; i++) {
				if (out[i].state == LOOKUP_PENDING) {
					out[i].state = LOOKUP_TEMPFAIL;
					out[i].fail = FAIL_TIMEOUT;
					out[i].ms = elapsed_ms(&e.start);
				}
				if (out[i].txt == TXT_PENDING)
					out[i].txt = TXT_FAILED;
			}
			decide(&e, v);
			if (opts->early && !early_set)
				*opts->early = *v;
			break;
		}
		wait_for_io(&e, cfg->dns_deadline_ms);
	}
	/* Lists still pending after a final verdict were not waited for.
	 * ares_destroy walks c-ares' whole query tables (~40k instructions,
	 * a quarter of a connection's cost): rblsmtpd, which execs or exits
	 * next, leaves the channel to the kernel (c-ares sets FD_CLOEXEC). */
	if (e.channel_ok && !opts->no_teardown) {
		e.closing = true;
		ares_destroy(e.channel);
	} else if (e.channel_ok) {
		kept_channel = e.channel; /* still reachable, not leaked, for memcheck */
		kept_ctx = e.ctx;         /* its queries in flight point into it */
	}
	if (!e.channel_ok || !opts->no_teardown)
		free(e.ctx);
	/* Out of memory anywhere (a query, an answer, a list file): the verdict
	 * may rest on a lookup that never happened, so none is given. */
	for (size_t i = 0; i < cfg->nactions; i++)
		if (out[i].fail == FAIL_NOMEM)
			return -1;
	return 0;
}

int engine_servers(const char *dnscacheip, char (*out)[ADDR_TEXT_MAX], size_t max)
{
	struct config cfg;
	struct engine e;
	struct ares_addr_port_node *servers = NULL;
	size_t n = 0;

	memset(&cfg, 0, sizeof cfg);
	cfg.dns_deadline_ms = 5000;
	memset(&e, 0, sizeof e);
	e.cfg = &cfg;
	if (channel_init(&e, dnscacheip) != ARES_SUCCESS)
		return -1;
	if (ares_get_servers_ports(e.channel, &servers) != ARES_SUCCESS) {
		ares_destroy(e.channel);
		return -1;
	}
	for (struct ares_addr_port_node *s = servers; s && n < max; s = s->next) {
		const void *src = s->family == AF_INET6 ? (const void *)&s->addr.addr6
							 : (const void *)&s->addr.addr4;
		if (inet_ntop(s->family, src, out[n], ADDR_TEXT_MAX))
			n++;
	}
	ares_free_data(servers);
	ares_destroy(e.channel);
	return (int)n;
}

void engine_reply_text(const struct config *cfg, const struct client_addr *client,
		       const struct lookup *res, const struct verdict *v,
		       char *out, size_t outlen)
{
	if (v->temp_error || v->by < 0) {
		snprintf(out, outlen, "%s", POLICY_TEMP_ERROR_TEXT);
		return;
	}
	const struct list_spec *spec = &cfg->actions[v->by].spec;
	const struct lookup *r = &res[v->by];
	if (spec->has_message)
		text_subst_ip(spec->message, client->text, out, outlen);
	else if (r->txt == TXT_DONE && r->text[0])
		snprintf(out, outlen, "%s", r->text);
	else
		snprintf(out, outlen, "%s is listed by %s", client->text, spec->zone); /* shown name */
}
