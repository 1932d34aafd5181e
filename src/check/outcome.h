/* SPDX-License-Identifier: ISC */
/* outcome: how rblcheck words one list's answer. Pure.
 *
 * Everything that reaches rblcheck's output from DNS (TXT, codes) passes
 * through here: TXT is already printable ASCII (dnsanswer sanitises it);
 * JSON output escapes it once more (core/json.h). */
#ifndef CHECK_OUTCOME_H
#define CHECK_OUTCOME_H
#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "lookup.h"

#define OUTCOME_IP4_MAX 16
#define OUTCOME_TEXT_MAX (TEXT_CUT + LISTSPEC_MESSAGE_MAX + 200)

/* One word for the outcome, the log's result word (core/logfmt): "listed",
 * "clear", "error", "timeout", "servfail", "refused", "resolver" (no
 * configured resolver answered: the list was not asked), "badanswer",
 * "skipped"; or rblcheck's own "failed" (bad name, unreadable list file) or
 * "pending". */
const char *outcome_result(const struct lookup *r);

/* Did any of the n lookups fail because no configured resolver answered
 * (FAIL_RESOLVER)? Then the resolver is at fault, not the lists. */
bool outcome_resolver_failed(const struct lookup *res, size_t n);

/* "a.b.c.d" */
void outcome_ip4(const unsigned char a[4], char out[OUTCOME_IP4_MAX]);

/* The A values of the answer, comma-joined ("127.0.0.2,127.0.0.4"), "" when
 * none. Returns the length. */
size_t outcome_a_values(const struct lookup *r, char *out, size_t outlen);

/* A human line for one list's outcome, without the zone or the latency:
 *   listed 127.0.0.2 "TXT text"      listed 127.0.0.2 (no TXT)
 *   listed 127.0.0.2 message "…"     clear       clear (127.0.0.4 filtered out)
 *   error 127.255.255.254 open-resolver          timeout   servfail … */
void outcome_text(const struct action *a, const struct lookup *r, char *out, size_t outlen);

#endif
