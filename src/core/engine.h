/* engine: ask every list about the client at once, under one deadline.
 *
 * The only user of c-ares. All A queries go out together; a list whose A
 * record says "listed" is then asked for its TXT (unless the spec carries a
 * :message or the list is a local file). After every answer the policy is
 * consulted, and the engine returns as soon as the verdict is final (and the
 * deciding list's text is in hand), or at the deadline, when every lookup
 * still pending counts as a timeout. */
#ifndef CORE_ENGINE_H
#define CORE_ENGINE_H
#include <stdbool.h>
#include "addr.h"
#include "config.h"
#include "lookup.h"
#include "policy.h"

struct engine_opts {
	bool wait_all;            /* rblcheck: wait for every answer and every TXT */
	const char *dnscacheip;   /* $DNSCACHEIP, or NULL */
	bool no_teardown;         /* rblsmtpd: the process execs or exits next, so skip
	                           * ares_destroy (its sockets are close-on-exec) */
	struct verdict *early;    /* if not NULL: the verdict with which a run
				   * without wait_all would have returned (rblcheck
				   * reports what rblsmtpd does, not a re-evaluation) */
};

/* Fill out[0..cfg->nactions-1] and *v. Returns 0, or -1 when out of memory. */
int engine_run(const struct config *cfg, const struct client_addr *client,
	       const struct engine_opts *opts, struct lookup *out, struct verdict *v);

/* The reply text for a refusal decided by list v->by (or the -c temporary
 * error): the :message with %IP% replaced, else the TXT, else
 * "<ip> is listed by <zone>". */
void engine_reply_text(const struct config *cfg, const struct client_addr *client,
		       const struct lookup *res, const struct verdict *v,
		       char *out, size_t outlen);

/* The resolver servers engine_run would query, from dnscacheip (as engine_run
 * reads it) or else from /etc/resolv.conf as c-ares reads it. Sends nothing.
 * Writes up to max addresses as text (inet_ntop form, no port) into out.
 * Returns how many, or -1 when the resolver cannot be set up. */
int engine_servers(const char *dnscacheip, char (*out)[ADDR_TEXT_MAX], size_t max);

#endif
