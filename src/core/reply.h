/* SPDX-License-Identifier: ISC */
/* reply: the text sent to a refused client, chosen from the verdict — the
 * deciding list's :message (with %IP%), else its TXT answer, else
 * "<ip> is listed by <zone>"; or the -c temporary error text. Pure; builds
 * on config, lookup and policy, which is why it is not in text (a leaf). */
#ifndef CORE_REPLY_H
#define CORE_REPLY_H
#include <stddef.h>

struct config;
struct client_addr;
struct lookup;
struct verdict;

/* The reply text for a refusal decided by list v->by (or the -c temporary
 * error), unsanitised and uncut: text_reply makes the line of it. */
void reply_refusal_text(const struct config *cfg, const struct client_addr *client,
			const struct lookup *res, const struct verdict *v, char *out, size_t outlen);

#endif
