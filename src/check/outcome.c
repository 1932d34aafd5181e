/* SPDX-License-Identifier: ISC */
/* outcome: rblcheck's wording; see outcome.h. */
#include <stdio.h>
#include <string.h>
#include "dnsanswer.h"
#include "logfmt.h"
#include "check/outcome.h"

/* The log's result words (core/logfmt), and two of rblcheck's own where it
 * says more than the log: "pending" (the log's skipped, not waited for) and
 * "failed" (the log's refused: the list could not be asked at all). */
const char *outcome_result(const struct lookup *r)
{
	if (r->state == LOOKUP_PENDING)
		return "pending";
	if (r->state == LOOKUP_TEMPFAIL && (r->fail == FAIL_OTHER || r->fail == FAIL_NOMEM ||
					    r->fail == FAIL_NONE))
		return "failed";
	return logfmt_results[logfmt_result_of_lookup(r)].word;
}

bool outcome_resolver_failed(const struct lookup *res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (res[i].state == LOOKUP_TEMPFAIL && res[i].fail == FAIL_RESOLVER)
			return true;
	return false;
}

void outcome_ip4(const unsigned char a[4], char out[OUTCOME_IP4_MAX])
{
	snprintf(out, OUTCOME_IP4_MAX, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

size_t outcome_a_values(const struct lookup *r, char *out, size_t outlen)
{
	size_t n = 0;
	unsigned shown = r->na < LOOKUP_A_MAX ? r->na : LOOKUP_A_MAX;
	if (outlen == 0)
		return 0;
	out[0] = '\0';
	for (unsigned i = 0; i < shown; i++) {
		char ip[OUTCOME_IP4_MAX];
		outcome_ip4(r->a[i], ip);
		int w = snprintf(out + n, outlen - n, "%s%s", i ? "," : "", ip);
		if (w < 0 || (size_t)w >= outlen - n) {
			out[n] = '\0';
			return n;
		}
		n += (size_t)w;
	}
	return n;
}

void outcome_text(const struct action *a, const struct lookup *r, char *out, size_t outlen)
{
	char vals[LOOKUP_A_MAX * OUTCOME_IP4_MAX];
	char code[OUTCOME_IP4_MAX];
	const char *word = outcome_result(r);

	outcome_a_values(r, vals, sizeof vals);
	outcome_ip4(r->code, code);
	switch (r->state) {
	case LOOKUP_LISTED:
		if (a->spec.has_message) {
			char msg[LISTSPEC_MESSAGE_MAX];
			size_t used = 0;
			msg[0] = '\0';
			text_append_printable(msg, &used, sizeof msg, a->spec.message,
					      strlen(a->spec.message));
			snprintf(out, outlen, "listed %s message \"%s\"", vals, msg);
		}
		else if (r->txt == TXT_DONE && r->text[0])
			snprintf(out, outlen, "listed %s \"%s\"", vals, r->text);
		else if (r->txt == TXT_FAILED)
			snprintf(out, outlen, "listed %s (TXT lookup failed)", vals);
		else if (a->spec.kind == LIST_ALLOW)
			snprintf(out, outlen, "listed %s", vals);
		else
			snprintf(out, outlen, "listed %s (no TXT)", vals);
		break;
	case LOOKUP_CLEAR:
		if (r->na > 0)
			snprintf(out, outlen, "clear (%s filtered out)", vals);
		else
			snprintf(out, outlen, "clear");
		break;
	case LOOKUP_ERROR:
		snprintf(out, outlen, "error %s %s", code, dnsanswer_error_meaning(r->code));
		break;
	default:
		snprintf(out, outlen, "%s", word);
		break;
	}
}
