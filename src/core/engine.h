/* SPDX-License-Identifier: ISC */
/* engine: ask every list about the client at once, under one deadline.
 *
 * The only module that drives c-ares (channels, queries, its event loop);
 * resolvers gives c-ares its socket functions and dnsanswer reads the
 * statuses and packets c-ares hands back. All A queries go out together; a list whose A
 * record says "listed" is then asked for its TXT (unless the spec carries a
 * :message or the list is a local file). After every answer the policy is
 * consulted, and the engine returns as soon as the verdict is final (and the
 * deciding list's text is in hand), or at the deadline, when every lookup
 * still pending counts as a timeout.
 *
 * Only NOERROR and NXDOMAIN responses are answers: SERVFAIL, REFUSED, any
 * other RCODE and a message with QR=0 are asked again of the next server, and
 * fail the list when none is left. A truncated answer is asked again over TCP,
 * with what is left of the deadline. When every server is unreachable, every
 * DNS list fails at once with FAIL_RESOLVER (also when every server refused
 * and none answered). */
#ifndef CORE_ENGINE_H
#define CORE_ENGINE_H
#include <poll.h>
#include <stdbool.h>
#include "addr.h"
#include "config.h"
#include "dnsservers.h"
#include "lookup.h"
#include "policy.h"

struct engine;   /* one run's queries and channels; see engine_opts.keep */

/* The servers to blame when some list failed with FAIL_RESOLVER. */
struct engine_resolver_fault {
	char addr[ADDR_TEXT_MAX + 8];   /* address, ":port" unless 53 */
	const char *why;                /* "unreachable" or "refused" */
};
struct engine_resolver_faults {
	size_t n;
	struct engine_resolver_fault f[DNSSERVERS_MAX];
};

struct engine_opts {
	bool wait_all;            /* rblcheck: wait for every answer and every TXT */
	const char *dnscacheip;   /* $DNSCACHEIP, or NULL */
	struct engine **keep;     /* rblsmtpd: if not NULL, the engine is kept, not torn
	                           * down (the process execs or exits next, and c-ares's
	                           * sockets are close-on-exec): *keep is the handle
	                           * for engine_late_*, NULL after a failed run */
	struct verdict *early;    /* if not NULL: the verdict with which a run
				   * without wait_all would have returned (rblcheck
				   * reports what rblsmtpd does, not a re-evaluation) */
	struct engine_resolver_faults *resolvers; /* if not NULL: filled in */
};

/* Fill out[0..cfg->nactions-1] and *v. Returns 0, or -1 when out of memory. */
int engine_run(const struct config *cfg, const struct client_addr *client,
	       const struct engine_opts *opts, struct lookup *out, struct verdict *v);

/* After a run with opts.keep (rblsmtpd), the lists that were still pending
 * at the verdict may be read on, for the log only (-vv: their real outcome
 * in the summary). engine_late_fds gives the sockets to poll and the longest
 * wait (up to max; *timeout_ms in ms), or 0 when there is nothing left to read:
 * every list answered, or the deadline passed (then it has called
 * engine_late_end). engine_late_process hands it what poll() found; it
 * updates the lookups engine_run filled (the out array stays the caller's,
 * written to until the reading has ended), never sends a TXT query.
 * engine_late_end ends the reading, also early (the dialogue is over):
 * each outcome is then settled as engine_run settles its own, so a list
 * still pending once the deadline has passed is a timeout (FAIL_TIMEOUT),
 * one cut short before it stays LOOKUP_PENDING, and a REFUSED is blamed on
 * the resolver only if every server failed. A NULL engine has nothing
 * pending. */
bool engine_late_pending(const struct engine *e);   /* some list is left to read */
int engine_late_fds(struct engine *e, struct pollfd *pfd, int max, int *timeout_ms);
void engine_late_process(struct engine *e, const struct pollfd *pfd, int n);
void engine_late_end(struct engine *e);
/* Before a sandbox that forbids opening files (rblsmtpd's refusal path): a
 * channel c-ares opens late (the next server, TCP after truncation) cannot
 * read /dev/urandom for its query-ID key and falls back to rand(), seeded
 * here from getrandom() instead of the same sequence in every process. */
void engine_late_before_sandbox(void);

/* A batch (rblcheck): many clients' runs at once on one set of channels, so
 * that the resolver sockets and c-ares' tables do not grow with the number
 * of clients. Each run is engine_run with wait_all and early: every answer
 * and every TXT, or the deadline, which counts from the run's own start.
 *
 * engine_batch_add starts a run: out (cfg->nactions lookups), v and early
 * stay the caller's to fill until the run is reported done; client must stay
 * until then too. engine_batch_wait waits once for I/O (at most until the
 * oldest run's deadline, and at most max_ms when max_ms >= 0), then calls
 * done(arg, tag, rc) for every run that
 * is over (rc -1: out of memory, as engine_run), in the order they ended;
 * done must not call engine_batch_*. It returns how many runs are still in
 * flight. A run's queries that c-ares still holds at its deadline stay with
 * c-ares until their own timeouts (at most 7/4 of the deadline): they cost
 * memory, never a query. engine_batch_add returns 0, or -1 when out of
 * memory (then the batch can only be freed). engine_batch_queries: the DNS
 * queries sent so far (A and TXT, retries on another server or over TCP
 * included; c-ares's own resends not). */
struct engine_batch;
struct engine_batch *engine_batch_new(const struct config *cfg, const char *dnscacheip);
int engine_batch_add(struct engine_batch *b, const struct client_addr *client,
		     struct lookup *out, struct verdict *v, struct verdict *early, void *tag);
size_t engine_batch_wait(struct engine_batch *b, int max_ms,
			 void (*done)(void *arg, void *tag, int rc), void *arg);
size_t engine_batch_running(const struct engine_batch *b);
unsigned long engine_batch_queries(const struct engine_batch *b);
void engine_batch_free(struct engine_batch *b);

/* The resolver servers engine_run would query, from dnscacheip (as engine_run
 * reads it) or else from /etc/resolv.conf as c-ares reads it. Sends nothing.
 * Writes up to max addresses as text (inet_ntop form, no port) into out.
 * deadline_ms is -T, as engine_run would set the resolver up with it.
 * Returns how many, or -1 when the resolver cannot be set up. */
int engine_servers(const char *dnscacheip, unsigned deadline_ms,
		   char (*out)[ADDR_TEXT_MAX], size_t max);

#endif
