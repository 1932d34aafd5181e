/* report: how rblcheck words one list's answer, and JSON escaping. Pure.
 *
 * Everything that reaches rblcheck's output from DNS (TXT, codes) passes
 * through here: TXT is already printable ASCII (dnsanswer sanitises it), and
 * report_json_escape makes any byte string a valid JSON string body. */
#ifndef CHECK_REPORT_H
#define CHECK_REPORT_H
#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "lookup.h"

#define REPORT_IP4_MAX 16
#define REPORT_OUTCOME_MAX (TEXT_CUT + LISTSPEC_MESSAGE_MAX + 200)

/* One word for the outcome: "listed", "clear", "error", "timeout",
 * "servfail", "refused", "resolver-failed" (no configured resolver
 * answered: the list was not asked), "badanswer", "failed", "skipped" or
 * "pending". */
const char *report_result(const struct lookup *r);

/* Did any of the n lookups fail because no configured resolver answered
 * (FAIL_RESOLVER)? Then the resolver is at fault, not the lists. */
bool report_resolver_failed(const struct lookup *res, size_t n);

/* "a.b.c.d" */
void report_ip4(const unsigned char a[4], char out[REPORT_IP4_MAX]);

/* The A values of the answer, comma-joined ("127.0.0.2,127.0.0.4"), "" when
 * none. Returns the length. */
size_t report_a_values(const struct lookup *r, char *out, size_t outlen);

/* A human line for one list's outcome, without the zone or the latency:
 *   listed 127.0.0.2 "TXT text"      listed 127.0.0.2 (no TXT)
 *   listed 127.0.0.2 message "…"     clear       clear (127.0.0.4 filtered out)
 *   error 127.255.255.254 open-resolver          timeout   servfail … */
void report_outcome(const struct action *a, const struct lookup *r, char *out, size_t outlen);

/* Escape s (len bytes) as the body of a JSON string (no quotes added):
 * '"' and '\\' escaped, control bytes and bytes >= 127 as \u00XX. The
 * result is cut at a character boundary to fit outlen (incl. the NUL).
 * Returns the length written. */
size_t report_json_escape(const char *s, size_t len, char *out, size_t outlen);

#endif
