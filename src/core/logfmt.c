/* SPDX-License-Identifier: ISC */
/* logfmt: the log format's words and field rules; see logfmt.h. */
#include "logfmt.h"

#include <string.h>

#define W(s) s, sizeof s - 1

const struct logfmt_event_info logfmt_events[LOGFMT_EVENTS] = {
	[LOGFMT_BLOCKED]       = { W("blocked"),       5, 1, LOGFMT_PRI_INFO },
	[LOGFMT_REJECTED]      = { W("rejected"),      8, 1, LOGFMT_PRI_INFO },
	[LOGFMT_REJECTED_MORE] = { W("rejected-more"), 6, 1, LOGFMT_PRI_INFO },
	[LOGFMT_TIMEOUT]       = { W("timeout"),       4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_SERVFAIL]      = { W("servfail"),      4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_REFUSED]       = { W("refused"),       4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_BADANSWER]     = { W("badanswer"),     4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_ERROR]         = { W("error"),         4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_BADADDRESS]    = { W("badaddress"),    4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_SANDBOX]       = { W("sandbox"),       4, 1, LOGFMT_PRI_WARNING },
	[LOGFMT_RESOLVER]      = { W("resolver"),      4, 0, LOGFMT_PRI_WARNING },
	[LOGFMT_SUMMARY]       = { W("summary"),       6, 0, LOGFMT_PRI_INFO },
};

const struct logfmt_result_info logfmt_results[LOGFMT_RESULTS] = {
	[LOGFMT_R_LISTED]    = { W("listed"),    true,  true },
	[LOGFMT_R_CLEAR]     = { W("clear"),     false, true },
	[LOGFMT_R_TIMEOUT]   = { W("timeout"),   false, true },
	[LOGFMT_R_SERVFAIL]  = { W("servfail"),  false, true },
	[LOGFMT_R_REFUSED]   = { W("refused"),   false, true },
	[LOGFMT_R_BADANSWER] = { W("badanswer"), false, true },
	[LOGFMT_R_ERROR]     = { W("error"),     true,  true },
	[LOGFMT_R_SKIPPED]   = { W("skipped"),   false, false },
	[LOGFMT_R_RESOLVER]  = { W("resolver"),  false, false },
};

const char *const logfmt_verdict_words[LOGFMT_VERDICTS] = { "accept", "451", "553" };
const char *const logfmt_why_words[LOGFMT_WHYS] = { "unreachable", "refused" };

int logfmt_why_of(const char *p, size_t n)
{
	for (int w = 0; w < LOGFMT_WHYS; w++)
		if (strlen(logfmt_why_words[w]) == n && memcmp(p, logfmt_why_words[w], n) == 0)
			return w;
	return -1;
}

bool logfmt_is_warning_detail(const char *p, size_t n)
{
	if (n == sizeof LOGFMT_UNUSABLE - 1 && memcmp(p, LOGFMT_UNUSABLE, n) == 0)
		return true;
	if (n < 3 || p[n - 2] != 'm' || p[n - 1] != 's')
		return false;
	for (size_t i = 0; i < n - 2; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static enum logfmt_result fail_result(enum lookup_fail f)
{
	switch (f) {
	case FAIL_TIMEOUT: return LOGFMT_R_TIMEOUT;
	case FAIL_SERVFAIL: return LOGFMT_R_SERVFAIL;
	case FAIL_BADANSWER: return LOGFMT_R_BADANSWER;
	case FAIL_RESOLVER: return LOGFMT_R_RESOLVER;
	default: return LOGFMT_R_REFUSED; /* FAIL_REFUSED, FAIL_OTHER: the list could not be asked */
	}
}

enum logfmt_result logfmt_result_of_lookup(const struct lookup *r)
{
	switch (r->state) {
	case LOOKUP_LISTED: return LOGFMT_R_LISTED;
	case LOOKUP_CLEAR: return LOGFMT_R_CLEAR;
	case LOOKUP_TEMPFAIL: return fail_result(r->fail);
	case LOOKUP_ERROR: return LOGFMT_R_ERROR;
	default: return LOGFMT_R_SKIPPED; /* LOOKUP_PENDING (not waited for), LOOKUP_SKIPPED */
	}
}

int logfmt_warning_of(const struct lookup *r)
{
	if (r->state == LOOKUP_ERROR)
		return LOGFMT_ERROR;
	if (r->state != LOOKUP_TEMPFAIL)
		return -1;
	switch (fail_result(r->fail)) {
	case LOGFMT_R_TIMEOUT: return LOGFMT_TIMEOUT;
	case LOGFMT_R_SERVFAIL: return LOGFMT_SERVFAIL;
	case LOGFMT_R_BADANSWER: return LOGFMT_BADANSWER;
	case LOGFMT_R_REFUSED: return LOGFMT_REFUSED;
	default: return -1; /* resolver: its own line says it, once */
	}
}

size_t logfmt_field(const char *src, size_t len, char *out, size_t max)
{
	size_t n = 0;
	if (!src || !len) {
		out[0] = '-';
		out[1] = '\0';
		return 1;
	}
	for (size_t i = 0; i < len && n < max; i++) {
		unsigned char c = (unsigned char)src[i];
		out[n++] = logfmt_byte_ok(c) ? (char)c : '?';
	}
	out[n] = '\0';
	return n;
}
