/* SPDX-License-Identifier: ISC */
/* fuzz_logline: rblstat's line parser (logline_parse) and the summary's
 * result list (logline_next_result). Input: one or more lines; each is
 * parsed the way the reader hands them over (without the '\n').
 * Invariants: every view points inside the line. */
#include <string.h>
#include "fuzz.h"
#include "logline.h"

static const char *lo, *hi;

static void inside(struct sv v)
{
	if (v.n && (v.p < lo || v.p + v.n > hi))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct logprefix_memo memo = { 0 };
	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct logline ll;
		lo = p;
		hi = p + len;
		memset(&ll, 0, sizeof ll);
		enum logline_kind k = logline_parse(p, len, &ll);
		/* The memo (rblstat's reading thread, B8) changes nothing: the
		 * same kind, stamp, host and fields as the lazy parse. */
		struct logline lz, lm;
		memset(&lz, 0, sizeof lz);
		memset(&lm, 0, sizeof lm);
		enum logline_kind kz = logline_parse_lazy(p, len, &lz);
		if (logline_parse_memo(p, len, &lm, &memo) != kz || lz.stamp.kind != lm.stamp.kind ||
		    lz.stamp.sod != lm.stamp.sod || lz.stamp.mon != lm.stamp.mon ||
		    lz.stamp.mday != lm.stamp.mday ||
		    (lz.stamp.kind != LS_NOYEAR && lz.stamp.secs != lm.stamp.secs) ||
		    lz.host.p != lm.host.p || lz.host.n != lm.host.n || lz.ip.p != lm.ip.p ||
		    lz.ip.n != lm.ip.n || lz.list.n != lm.list.n || lz.results.p != lm.results.p ||
		    lz.results.n != lm.results.n)
			__builtin_trap();
		if (k != LL_OTHER && k != LL_SKIP) {
			inside(ll.host); inside(ll.ip);
			if (k != LL_DJB) /* its list is a static "-" */
				inside(ll.list);
			inside(ll.rhost);
			inside(ll.info); inside(ll.helo); inside(ll.from); inside(ll.to);
			inside(ll.detail); inside(ll.by); inside(ll.results);
		}
		if (k == LL_WARNING)
			(void)logline_event_name(LOGLINE_LIST_WARNING(ll.event));
		if (k != LL_OTHER && k != LL_SKIP && k != LL_DJB && (unsigned)ll.event >= LOGFMT_EVENTS)
			__builtin_trap();
		if (k == LL_SUMMARY) {
			struct sv rest = ll.results;
			struct logline_res r;
			int n = 0, rc;
			while ((rc = logline_next_result(&rest, &r)) == 1) {
				inside(r.zone); inside(r.code);
				(void)logline_result_name(r.result);
				if (++n > (int)len + 1)
					__builtin_trap(); /* must make progress */
			}
			if (rc != 0 && rc != -1)
				__builtin_trap();
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}
