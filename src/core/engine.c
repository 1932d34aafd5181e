/* SPDX-License-Identifier: ISC */
/* engine: parallel lookups; see engine.h. */
#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "clock.h"
#include "dnsanswer.h"
#include "dnsservers.h"
#include "engine.h"
#include "localist.h"
#include "resolvers.h"

/* c-ares 1.18 (Debian 12's 1.18.1 is what the tests run) is the oldest that
 * has what this engine relies on: ARES_FLAG_NOCHECKRESP (SERVFAIL and REFUSED
 * reach on_answer instead of moving on silently), ARES_FLAG_IGNTC (a
 * truncated answer reaches us, and we choose the server for TCP),
 * ares_set_socket_functions (resolvers.c learns which server a socket talks
 * to: resolvers.h) and ares_set_servers_ports_csv. debian/control names the
 * same version. */
#if !defined(ARES_VERSION) || ARES_VERSION < 0x011200
#error "c-ares 1.18 or later is required (see the comment above)"
#endif

/* A query name: the reversed address, then the zone. */
#define QNAME_MAX (ADDR_REVERSE_MAX + LISTSPEC_ZONE_MAX)
#define MIN_TRY_MS 200
/* Sockets polled at once: c-ares opens one UDP and at most one TCP socket
 * per server of a channel, and a connection uses one or two channels. More
 * would only wait for the next round (their timeouts are still processed);
 * a bigger table costs every connection its clearing. */
#define POLL_MAX (2 * ARES_GETSOCK_MAXNUM)
/* For the steps engine_run shares with the batch: inlined as they were
 * before the batch existed, so rblsmtpd's cost per connection stays the
 * same (BENCHMARKS.md, B4/B5). */
#define ALWAYS_INLINE __attribute__((always_inline)) inline

struct engine;

struct query_ctx {
	struct engine *e;
	size_t index;
	bool txt;
	bool tcp;     /* asked over TCP (after a truncated UDP answer) */
	int first;    /* the channel's first server */
};

/* What the runs of one engine_run, or of one batch, share: the channels and
 * what the servers did. ch[tcp][k] asks servers k, k+1, ... in turn (c-ares
 * moves on after a timeout or an unreachable server). A bad answer from
 * server s is asked again on ch[.][s + 1]; a truncated one on ch[1][s], whose
 * only try has the whole deadline. Opened when first needed. */
struct net {
	unsigned deadline_ms;
	const char *dnscacheip;
	bool closing;          /* ares_destroy is running: ignore callbacks */
	struct resolvers rs;
	ares_channel ch[2][RESOLVERS_MAX];
	bool ch_ok[2][RESOLVERS_MAX];
	ares_channel poll_ch[POLL_MAX]; /* the channel of each pollfd given out */
	unsigned long queries; /* sent with ares_query */
};

/* One client's lookups. */
struct engine {
	struct net *net;
	const struct config *cfg;
	const struct client_addr *client;
	struct lookup *out;
	bool late;             /* the verdict is out: read answers for the log only */
	bool early_set;        /* opts.early is written */
	bool detached;         /* batch: reported; the last callback frees it */
	unsigned outstanding;  /* queries c-ares has not called back yet */
	long long start;
	char rev[ADDR_REVERSE_MAX]; /* reversed client address, with trailing dot */
	struct query_ctx (*ctx)[2]; /* per list: A and TXT query; cfg->nactions */
	enum lookup_state *st;      /* decide()'s scratch; cfg->nactions */
	/* in a batch only */
	struct engine_batch *batch;
	struct engine *prev, *next; /* the batch's runs in flight, oldest first */
	struct engine *dirty_next;  /* answered since the batch last looked */
	bool dirty;
	struct verdict *v, *early;
	void *tag;
};

/* engine_run's own: a run with channels of its own. */
struct solo {
	struct engine e;
	struct net n;
};

static unsigned elapsed_ms(const struct engine *e)
{
	long long ms = clock_ms() - e->start;
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

/* Returns ARES_SUCCESS, or the c-ares status (ARES_ENOMEM: out of memory). */
static int channel_open(ares_channel *ch, struct ares_options *o, int mask,
			const char *csv, struct ares_addr_port_node *servers)
{
	int rc = ares_init_options(ch, o, mask);
	if (rc != ARES_SUCCESS)
		return rc;
	if (csv)
		rc = ares_set_servers_ports_csv(*ch, csv);
	else if (servers)
		rc = ares_set_servers_ports(*ch, servers);
	if (rc != ARES_SUCCESS)
		ares_destroy(*ch);
	return rc;
}

/* The options of every channel. With $DNSCACHEIP naming servers, every option
 * that would otherwise come from /etc/resolv.conf is given, so the file is not
 * read; the other channels always get their servers from the first.
 * NOCHECKRESP: every answer reaches on_answer, which decides what a SERVFAIL,
 * REFUSED or other RCODE means (c-ares 1.18 would take RCODE 6-15 as an
 * answer and report SERVFAIL from a single server as "connection refused").
 * IGNTC: on_answer retries a truncated answer over TCP itself, with the
 * whole deadline (c-ares would give up after one per-try timeout). */
static int channel_options(const struct net *e, bool tcp, bool from_file,
			   struct ares_options *o, struct in_addr *placeholder)
{
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	unsigned per_try = e->deadline_ms / 4;

	memset(o, 0, sizeof *o);
	o->flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_NOCHECKRESP |
		   (tcp ? ARES_FLAG_USEVC : ARES_FLAG_IGNTC);
	/* c-ares doubles the wait on each of its 3 tries (1+2+4 = 7 quarters):
	 * with a quarter of -T per try it is still waiting when -T ends, so the
	 * deadline, not c-ares, decides, whatever -T is. Over TCP, one try that
	 * lasts the whole deadline. */
	o->timeout = (int)(tcp ? e->deadline_ms : per_try < MIN_TRY_MS ? MIN_TRY_MS : per_try);
	o->tries = tcp ? 1 : 3;
	if (from_file)
		return mask;
	mask |= ARES_OPT_SERVERS | ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS | ARES_OPT_NDOTS |
		ARES_OPT_SORTLIST;
	placeholder->s_addr = htonl(INADDR_LOOPBACK);
	o->servers = placeholder;
	o->nservers = 1;
	o->lookups = (char *)"b";
	o->ndots = 1;
	return mask;
}

/* Open ch[tcp][first]. Returns ARES_SUCCESS or the c-ares status. */
static int channel_get(struct net *e, bool tcp, size_t first)
{
	struct ares_options o;
	struct in_addr placeholder;
	char csv[DNSSERVERS_MAX * 64];
	int rc;

	if (e->ch_ok[tcp][first])
		return ARES_SUCCESS;
	if (!tcp && first == 0) { /* the first: servers from $DNSCACHEIP or resolv.conf */
		int nservers = e->dnscacheip ? dnsservers_parse(e->dnscacheip, csv, sizeof csv) : 0;
		int mask = channel_options(e, tcp, nservers <= 0, &o, &placeholder);
		rc = channel_open(&e->ch[0][0], &o, mask, nservers > 0 ? csv : NULL, NULL);
		if (rc == ARES_SUCCESS && !resolvers_init(&e->rs, e->ch[0][0])) {
			ares_destroy(e->ch[0][0]);
			rc = ARES_ENOMEM;
		}
	} else {
		int mask = channel_options(e, tcp, false, &o, &placeholder);
		rc = channel_open(&e->ch[tcp][first], &o, mask, NULL, e->rs.node[first]);
	}
	if (rc != ARES_SUCCESS)
		return rc;
	ares_set_socket_functions(e->ch[tcp][first], resolvers_socket_functions(), &e->rs);
	e->ch_ok[tcp][first] = true;
	return ARES_SUCCESS;
}

static void fail(struct engine *e, struct query_ctx *q, enum lookup_fail why)
{
	struct lookup *r = &e->out[q->index];
	if (q->txt) {
		r->txt = TXT_FAILED;
		if (why == FAIL_NOMEM)
			r->fail = FAIL_NOMEM;
		return;
	}
	r->state = LOOKUP_TEMPFAIL;
	r->fail = why;
	r->ms = elapsed_ms(e);
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen);
static void batch_run_free(struct engine *e);
static void batch_mark(struct engine *e);

static void send_query(struct engine *e, size_t i, bool txt, bool tcp, int first)
{
	char name[QNAME_MAX];
	struct query_ctx *q = &e->ctx[i][txt];
	q->e = e;
	q->index = i;
	q->txt = txt;
	q->tcp = tcp;
	q->first = first;
	if (txt)
		e->out[i].txt = TXT_PENDING;
	int rc = channel_get(e->net, tcp, (size_t)first);
	if (rc != ARES_SUCCESS) {
		fail(e, q, rc == ARES_ENOMEM ? FAIL_NOMEM : FAIL_OTHER);
		return;
	}
	build_name(e->rev, e->cfg->actions[i].spec.query, name, sizeof name);
	/* counted before: c-ares may call back at once (no memory, bad name) */
	e->outstanding++;
	e->net->queries++;
	ares_query(e->net->ch[tcp][first], name, ns_c_in, txt ? ns_t_txt : ns_t_a, on_answer, q);
}

/* A failure that is the servers' (REFUSED; unreachable): the resolver's when
 * every server failed so. */
static enum lookup_fail blame(const struct engine *e, enum lookup_fail f)
{
	if ((f == FAIL_REFUSED || f == FAIL_RESOLVER) && resolvers_all_failed(&e->net->rs))
		return FAIL_RESOLVER;
	return f == FAIL_RESOLVER ? FAIL_REFUSED : f;
}

/* The header decides before any record is read: only NOERROR and NXDOMAIN
 * responses are answers. Returns true when q was dealt with here (asked
 * again, or failed). */
static bool header_says(struct engine *e, struct query_ctx *q, const unsigned char *abuf,
			int alen)
{
	struct resolvers *rs = &e->net->rs;
	int from = rs->last;
	enum dns_header h = dnsanswer_header(abuf, alen);
	if (from >= 0 && (size_t)from < rs->n) {
		rs->st[from].answers += h == DNSHDR_ANSWER;
		rs->st[from].refused += h == DNSHDR_REFUSED;
	}
	int server = 0;
	switch (dnsanswer_next(h, q->tcp, from, rs->n, q->first, &server)) {
	case DNSNEXT_READ:  /* (TC over TCP: as much as there is, as c-ares took it) */
		return false;
	case DNSNEXT_TCP:
		send_query(e, q->index, q->txt, true, server);
		return true;
	case DNSNEXT_NEXT_SERVER:
		send_query(e, q->index, q->txt, q->tcp, server);
		return true;
	case DNSNEXT_FAIL:
		break;
	}
	fail(e, q, blame(e, dnsanswer_header_fail(h)));
	return true;
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct query_ctx *q = arg;
	struct engine *e = q->e;
	(void)timeouts;
	e->outstanding--;
	if (e->detached) { /* reported already: out is no longer ours */
		if (e->outstanding == 0)
			batch_run_free(e);
		return;
	}
	if (e->net->closing)
		return;
	struct lookup *r = &e->out[q->index];
	const struct list_spec *spec = &e->cfg->actions[q->index].spec;
	if (q->txt ? r->txt != TXT_PENDING : r->state != LOOKUP_PENDING)
		return;
	if (e->batch)
		batch_mark(e);
	if (abuf && header_says(e, q, abuf, alen))
		return;
	if (q->txt) {
		dnsanswer_txt(status, abuf, alen, r);
		r->txt_ms = elapsed_ms(e);
		return;
	}
	dnsanswer_a(status, abuf, alen, spec, r);
	if (r->state == LOOKUP_TEMPFAIL)
		r->fail = blame(e, r->fail);
	r->ms = elapsed_ms(e);
	/* After the verdict no reply text is needed: no TXT query. */
	if (r->state == LOOKUP_LISTED && wants_txt(spec) && !e->late)
		send_query(e, q->index, true, false, 0);
}

static struct localist *batch_file(struct engine_batch *b, size_t i, int *err);

static void lookup_file(struct engine *e, size_t i)
{
	const struct list_spec *spec = &e->cfg->actions[i].spec;
	struct lookup *r = &e->out[i];
	struct localist_stats st;
	int err = 0;
	/* a batch reads each file once, not once per address */
	struct localist *l = e->batch ? batch_file(e->batch, i, &err) : localist_load(spec->query, &st);
	unsigned char a[1][4];
	if (!e->batch)
		err = errno;
	if (!l) {
		r->state = LOOKUP_TEMPFAIL;
		r->fail = err == ENOMEM ? FAIL_NOMEM : FAIL_OTHER;
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
		if (!e->batch)
			localist_free(l);
	}
	r->ms = elapsed_ms(e);
}

/* A list that cannot be asked at all: a temporary failure ("unusable"). */
static void fail_unusable(struct lookup *r)
{
	r->state = LOOKUP_TEMPFAIL;
	r->fail = FAIL_OTHER;
}

/* Every server unreachable: every DNS list fails now, not at the deadline. */
static void fail_if_no_resolver(struct engine *e)
{
	if (!resolvers_all_dead(&e->net->rs))
		return;
	for (size_t i = 0; i < e->cfg->nactions; i++) {
		struct lookup *r = &e->out[i];
		if (r->state == LOOKUP_PENDING)
			fail(e, &e->ctx[i][0], FAIL_RESOLVER);
		if (r->txt == TXT_PENDING)
			r->txt = TXT_FAILED;
	}
}

/* Ask every list at once: the files now, the DNS lists' A queries. Returns
 * -1 when out of memory. */
ALWAYS_INLINE static int start_lookups(struct engine *e)
{
	size_t revlen = addr_reverse(e->client, e->rev, sizeof e->rev);
	for (size_t i = 0; i < e->cfg->nactions; i++) {
		e->out[i].state = LOOKUP_PENDING;
		if (revlen == 0)
			e->out[i].state = LOOKUP_SKIPPED; /* address unknown: nothing to ask */
		else if (e->cfg->actions[i].spec.too_long)
			fail_unusable(&e->out[i]); /* COMPAT(0.88): a failed lookup, no usage error */
		else if (e->cfg->actions[i].spec.is_file)
			lookup_file(e, i);
	}
	for (size_t i = 0; i < e->cfg->nactions; i++) {
		if (e->out[i].state != LOOKUP_PENDING)
			continue;
		/* resolver unusable: a temporary failure of each DNS list */
		send_query(e, i, false, false, 0);
		if (e->out[i].fail == FAIL_NOMEM)
			return -1;
	}
	return 0;
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

/* The deadline: what is still pending timed out. */
static void expire(struct engine *e)
{
	for (size_t i = 0; i < e->cfg->nactions; i++) {
		struct lookup *r = &e->out[i];
		if (r->state == LOOKUP_PENDING) {
			r->state = LOOKUP_TEMPFAIL;
			r->fail = FAIL_TIMEOUT;
			r->ms = elapsed_ms(e);
		}
		if (r->txt == TXT_PENDING)
			r->txt = TXT_FAILED;
	}
}

/* Milliseconds left until e's deadline. */
static unsigned time_left(const struct engine *e)
{
	unsigned now = elapsed_ms(e);
	return e->net->deadline_ms > now ? e->net->deadline_ms - now : 0;
}

/* The sockets of every open channel, and how long to wait for them (never
 * longer than left ms). Remembers each pollfd's channel for poll_process. */
static int poll_fds(struct net *e, unsigned left, struct pollfd *pfd, int max, int *timeout_ms)
{
	struct timeval maxtv = { .tv_sec = left / 1000, .tv_usec = (left % 1000) * 1000 };
	int n = 0;
	if (max > POLL_MAX)
		max = POLL_MAX;
	for (size_t k = 0; k < 2 * RESOLVERS_MAX; k++) {
		ares_channel ch = e->ch[k / RESOLVERS_MAX][k % RESOLVERS_MAX];
		if (!e->ch_ok[k / RESOLVERS_MAX][k % RESOLVERS_MAX])
			continue;
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		/* Not ARES_GETSOCK_WRITABLE: it computes 1 << 31 in int (UB). */
		unsigned bits = (unsigned)ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
		for (unsigned i = 0; i < ARES_GETSOCK_MAXNUM && n < max; i++) {
			short ev = 0;
			if (bits & (1u << i)) ev |= POLLIN;
			if (bits & (1u << (i + ARES_GETSOCK_MAXNUM))) ev |= POLLOUT;
			if (!ev) continue;
			pfd[n] = (struct pollfd){ .fd = socks[i], .events = ev, .revents = 0 };
			e->poll_ch[n++] = ch;
			if (resolvers_sock_failed(&e->rs, socks[i]))
				maxtv = (struct timeval){ 0, 0 }; /* see poll_process */
		}
		struct timeval tv;
		maxtv = *ares_timeout(ch, &maxtv, &tv);
	}
	*timeout_ms = (int)(maxtv.tv_sec * 1000 + (maxtv.tv_usec + 999) / 1000);
	return n;
}

/* Hand what poll found to c-ares, then let every channel see its timeouts. */
static void poll_process(struct net *e, const struct pollfd *pfd, int n)
{
	for (int i = 0; i < n; i++) {
		/* a socket known to lead nowhere is read at once: c-ares then
		 * moves its queries on (resolvers_sock_failed) */
		bool failed = resolvers_sock_failed(&e->rs, pfd[i].fd);
		if (!pfd[i].revents && !failed)
			continue;
		ares_socket_t rd = failed || (pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) ? pfd[i].fd : ARES_SOCKET_BAD;
		ares_socket_t wr = (pfd[i].revents & POLLOUT) ? pfd[i].fd : ARES_SOCKET_BAD;
		ares_process_fd(e->poll_ch[i], rd, wr);
	}
	for (size_t k = 0; k < 2 * RESOLVERS_MAX; k++)
		if (e->ch_ok[k / RESOLVERS_MAX][k % RESOLVERS_MAX])
			ares_process_fd(e->ch[k / RESOLVERS_MAX][k % RESOLVERS_MAX],
					ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

static void wait_for_io(struct engine *e)
{
	struct pollfd pfd[POLL_MAX];
	int timeout;
	int n = poll_fds(e->net, time_left(e), pfd, POLL_MAX, &timeout);
	if (poll(pfd, (nfds_t)n, timeout) < 0)
		n = 0;
	poll_process(e->net, pfd, n);
	fail_if_no_resolver(e);
}

/* Is the run over? It is when the verdict is final (and the deciding list's
 * text is in hand) or, with wait_all, every answer is in; or at the
 * deadline, when what is still pending timed out. Sets *early where a run
 * without wait_all would have stopped. */
ALWAYS_INLINE static bool run_over(struct engine *e, bool wait_all, struct verdict *early, struct verdict *v)
{
	decide(e, v);
	/* Where a run without wait_all is over. */
	if (early && !e->early_set && v->kind != VERDICT_PENDING && !txt_outstanding(e, v, false)) {
		*early = *v;
		e->early_set = true;
	}
	bool more = wait_all ? any_pending(e) : v->kind == VERDICT_PENDING;
	if (!more && !txt_outstanding(e, v, wait_all))
		return true;
	if (elapsed_ms(e) >= e->net->deadline_ms) {
		expire(e);
		decide(e, v);
		if (early && !e->early_set)
			*early = *v;
		return true;
	}
	return false;
}

static void run_until_verdict(struct engine *e, const struct engine_opts *opts,
			      struct verdict *v)
{
	while (!run_over(e, opts->wait_all, opts->early, v))
		wait_for_io(e);
}

/* A REFUSED blamed on the resolver while it had not yet answered another
 * list, or the other way round: settle on what all the answers say. */
static void settle_blame(struct engine *e)
{
	for (size_t i = 0; i < e->cfg->nactions; i++) {
		struct lookup *r = &e->out[i];
		if (r->state == LOOKUP_TEMPFAIL && !e->cfg->actions[i].spec.is_file)
			r->fail = blame(e, r->fail);
	}
}

static void report_resolvers(const struct engine *e, struct engine_resolver_faults *f)
{
	const struct resolvers *rs = &e->net->rs;
	bool blamed = false;
	f->n = 0;
	for (size_t i = 0; i < e->cfg->nactions; i++)
		blamed |= e->out[i].state == LOOKUP_TEMPFAIL && e->out[i].fail == FAIL_RESOLVER;
	for (size_t i = 0; blamed && i < rs->n; i++) {
		const char *why = resolvers_fault(rs, i);
		if (!why)
			continue;
		resolvers_name(rs, i, f->f[f->n].addr, sizeof f->f[f->n].addr);
		f->f[f->n++].why = why;
	}
}

static void net_close(struct net *n)
{
	n->closing = true;
	for (size_t k = 0; k < 2 * RESOLVERS_MAX; k++)
		if (n->ch_ok[k / RESOLVERS_MAX][k % RESOLVERS_MAX])
			ares_destroy(n->ch[k / RESOLVERS_MAX][k % RESOLVERS_MAX]);
	resolvers_free(&n->rs);
}

/* Room for n lists (any number, as 0.88 took: rblsmtpd(8) COMPATIBILITY): their query contexts and
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

/* Out of memory anywhere (a query, an answer, a list file): the verdict
 * may rest on a lookup that never happened, so none is given. */
static int nomem_rc(const struct engine *e)
{
	for (size_t i = 0; i < e->cfg->nactions; i++)
		if (e->out[i].fail == FAIL_NOMEM)
			return -1;
	return 0;
}

int engine_run(const struct config *cfg, const struct client_addr *client,
	       const struct engine_opts *opts, struct lookup *out, struct verdict *v)
{
	struct solo local;
	struct solo *s = &local;

	/* Kept (rblsmtpd): allocated, so that the channels left open stay
	 * reachable through the caller's handle and engine_late_* can go on
	 * reading them. */
	if (opts->keep) {
		*opts->keep = NULL;
		if (!(s = malloc(sizeof *s)))
			return -1;
	}
	memset(s, 0, sizeof *s);
	struct engine *e = &s->e;
	e->net = &s->n;
	e->cfg = cfg;
	e->client = client;
	e->out = out;
	s->n.deadline_ms = cfg->dns_deadline_ms;
	s->n.dnscacheip = opts->dnscacheip;
	e->start = clock_ms();
	memset(out, 0, sizeof *out * cfg->nactions);
	if (!engine_alloc(e, cfg->nactions)) {
		if (opts->keep)
			free(s);
		return -1;
	}

	int rc = start_lookups(e);
	if (rc == 0) {
		fail_if_no_resolver(e);
		run_until_verdict(e, opts, v);
		settle_blame(e);
		if (opts->resolvers)
			report_resolvers(e, opts->resolvers);
	}
	/* Lists still pending after a final verdict were not waited for.
	 * ares_destroy walks c-ares' whole query tables (~40k instructions,
	 * a quarter of a connection's cost): rblsmtpd, which execs or exits
	 * next, leaves the channels to the kernel (c-ares sets FD_CLOEXEC). */
	if (!opts->keep) {
		net_close(e->net);
		free(e->ctx);
	} else {
		e->late = true;
		*opts->keep = e;
	}
	return rc == 0 ? nomem_rc(e) : rc;
}

bool engine_late_pending(const struct engine *e)
{
	return e && e->late && any_pending(e) && elapsed_ms(e) < e->net->deadline_ms;
}

void engine_late_end(struct engine *e)
{
	if (!e || !e->late)
		return;
	/* as at engine_run's deadline: what is still pending timed out */
	if (elapsed_ms(e) >= e->net->deadline_ms)
		expire(e);
	settle_blame(e);
	e->late = false; /* done: nothing more is read */
}

int engine_late_fds(struct engine *e, struct pollfd *pfd, int max, int *timeout_ms)
{
	if (!engine_late_pending(e)) {
		engine_late_end(e);
		return 0;
	}
	return poll_fds(e->net, time_left(e), pfd, max, timeout_ms);
}

void engine_late_process(struct engine *e, const struct pollfd *pfd, int n)
{
	if (e && e->late) {
		poll_process(e->net, pfd, n);
		fail_if_no_resolver(e);
	}
}

void engine_late_before_sandbox(void)
{
	unsigned seed;
	if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
		srand(seed);
}

int engine_servers(const char *dnscacheip, unsigned deadline_ms,
		   char (*out)[ADDR_TEXT_MAX], size_t max)
{
	struct net e;
	size_t n = 0;

	memset(&e, 0, sizeof e);
	e.deadline_ms = deadline_ms;
	e.dnscacheip = dnscacheip;
	if (channel_get(&e, false, 0) != ARES_SUCCESS)
		return -1;
	for (size_t i = 0; i < e.rs.n && n < max; i++) {
		const struct ares_addr_port_node *s = e.rs.node[i];
		const void *src = s->family == AF_INET6 ? (const void *)&s->addr.addr6
							 : (const void *)&s->addr.addr4;
		if (inet_ntop(s->family, src, out[n], ADDR_TEXT_MAX))
			n++;
	}
	net_close(&e);
	return (int)n;
}

/* ---- a batch: many runs on one net ---- */

struct engine_batch {
	struct net net;
	const struct config *cfg;
	struct engine *first, *last; /* runs in flight, oldest (earliest deadline) first */
	struct engine *dirty;        /* runs answered since the last look */
	size_t running;
	struct localist **files;     /* per list: the local list file, read once */
	int *file_err;               /* per list: errno of its failed reading, or 0 */
};

/* List i's file, read at its first lookup; a file that could not be read
 * fails every lookup of the batch the same way (*err: its errno). */
static struct localist *batch_file(struct engine_batch *b, size_t i, int *err)
{
	if (!b->files[i] && !b->file_err[i]) {
		struct localist_stats st;
		errno = 0;
		b->files[i] = localist_load(b->cfg->actions[i].spec.query, &st);
		if (!b->files[i])
			b->file_err[i] = errno ? errno : EIO;
	}
	*err = b->file_err[i];
	return b->files[i];
}

static void batch_mark(struct engine *e)
{
	if (!e->dirty) {
		e->dirty = true;
		e->dirty_next = e->batch->dirty;
		e->batch->dirty = e;
	}
}

static void batch_run_free(struct engine *e)
{
	free(e->ctx);
	free(e);
}

struct engine_batch *engine_batch_new(const struct config *cfg, const char *dnscacheip)
{
	struct engine_batch *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->cfg = cfg;
	b->files = calloc(cfg->nactions ? cfg->nactions : 1, sizeof *b->files);
	b->file_err = calloc(cfg->nactions ? cfg->nactions : 1, sizeof *b->file_err);
	if (!b->files || !b->file_err) {
		free(b->files);
		free(b->file_err);
		free(b);
		return NULL;
	}
	b->net.deadline_ms = cfg->dns_deadline_ms;
	b->net.dnscacheip = dnscacheip;
	return b;
}

int engine_batch_add(struct engine_batch *b, const struct client_addr *client,
		     struct lookup *out, struct verdict *v, struct verdict *early, void *tag)
{
	struct engine *e = calloc(1, sizeof *e);
	if (!e || !engine_alloc(e, b->cfg->nactions)) {
		free(e);
		return -1;
	}
	e->net = &b->net;
	e->cfg = b->cfg;
	e->client = client;
	e->out = out;
	e->batch = b;
	e->v = v;
	e->early = early;
	e->tag = tag;
	e->start = clock_ms();
	memset(out, 0, sizeof *out * b->cfg->nactions);
	e->prev = b->last;
	if (b->last)
		b->last->next = e;
	else
		b->first = e;
	b->last = e;
	b->running++;
	batch_mark(e); /* looked at on the next wait: it may be over already */
	if (start_lookups(e) != 0)
		return -1;
	fail_if_no_resolver(e);
	return 0;
}

/* Report a run that is over, and let it go: at once, or with the last
 * callback of the queries c-ares still holds (a timed-out list's). */
static void batch_finish(struct engine_batch *b, struct engine *e,
			 void (*done)(void *arg, void *tag, int rc), void *arg)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		b->first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		b->last = e->prev;
	b->running--;
	settle_blame(e);
	done(arg, e->tag, nomem_rc(e));
	if (e->outstanding == 0)
		batch_run_free(e);
	else
		e->detached = true;
}

size_t engine_batch_wait(struct engine_batch *b, int max_ms,
			 void (*done)(void *arg, void *tag, int rc), void *arg)
{
	struct engine *e;
	/* Runs added since the last wait may be over without any I/O (local
	 * list files only; no resolver): look at them first. */
	if (!b->dirty && b->first) {
		struct pollfd pfd[POLL_MAX];
		int timeout;
		int n = poll_fds(&b->net, time_left(b->first), pfd, POLL_MAX, &timeout);
		if (max_ms >= 0 && max_ms < timeout)
			timeout = max_ms;
		if (poll(pfd, (nfds_t)n, timeout) < 0)
			n = 0;
		poll_process(&b->net, pfd, n);
		if (resolvers_all_dead(&b->net.rs))
			for (e = b->first; e; e = e->next) {
				fail_if_no_resolver(e);
				batch_mark(e);
			}
	}
	while ((e = b->dirty)) {
		b->dirty = e->dirty_next;
		e->dirty = false;
		if (run_over(e, true, e->early, e->v))
			batch_finish(b, e, done, arg);
	}
	/* The oldest run has the earliest deadline. */
	while ((e = b->first) && elapsed_ms(e) >= b->net.deadline_ms) {
		run_over(e, true, e->early, e->v);
		batch_finish(b, e, done, arg);
	}
	return b->running;
}

size_t engine_batch_running(const struct engine_batch *b)
{
	return b->running;
}

unsigned long engine_batch_queries(const struct engine_batch *b)
{
	return b->net.queries;
}

void engine_batch_free(struct engine_batch *b)
{
	if (!b)
		return;
	/* c-ares calls every query back as it is destroyed: a detached run
	 * goes with its last one */
	net_close(&b->net);
	while (b->first) {
		struct engine *e = b->first;
		b->first = e->next;
		batch_run_free(e);
	}
	for (size_t i = 0; i < b->cfg->nactions; i++)
		localist_free(b->files[i]);
	free(b->files);
	free(b->file_err);
	free(b);
}
