/* SPDX-License-Identifier: ISC */
/* reply: the text of a refusal, from the verdict and what the deciding list
 * said; see reply.h. Pure. */
#include <stdio.h>
#include "addr.h"
#include "config.h"
#include "lookup.h"
#include "policy.h"
#include "reply.h"
#include "text.h"

void reply_refusal_text(const struct config *cfg, const struct client_addr *client,
			const struct lookup *res, const struct verdict *v, char *out, size_t outlen)
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
		snprintf(out, outlen, "%s is listed by %s", client->text, spec->zone);
}
