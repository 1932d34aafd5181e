/* SPDX-License-Identifier: ISC */
/* fuzz_dnsanswer: raw DNS answers through the engine's own parse-and-classify
 * code: dnsanswer_a and dnsanswer_txt with ARES_SUCCESS and the fuzz bytes as
 * abuf (c-ares' ares_parse_a_reply / ares_parse_txt_reply_ext underneath),
 * and dnsanswer_header, which decides whether they are read at all.
 * Byte 0 picks the list's filter (none, 127.0.0.2, 127.0.0.[2..11],
 * 127.0.[0..255].[1;3]); the rest is the packet. */
#include <ares.h>
#include <string.h>
#include "dnsanswer.h"
#include "fuzz.h"
#include "listspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const specs[] = {
		"zone.example", "zone.example=127.0.0.2", "zone.example=127.0.0.[2..11]",
		"zone.example=127.0.[0..255].[1;3]",
	};
	struct list_spec spec;
	struct lookup r;
	const char *err;

	if (size == 0)
		return 0;
	if (!listspec_parse(specs[data[0] & 3], LIST_BLOCK, &spec, &err))
		__builtin_trap();
	const unsigned char *abuf = data + 1;
	int alen = (int)(size - 1);

	memset(&r, 0, sizeof r);
	dnsanswer_a(ARES_SUCCESS, abuf, alen, &spec, &r);
	switch (r.state) {
	case LOOKUP_LISTED: /* RFC 5782: in 127/8, not an error code, passes the filter */
		if (r.code[0] != 127 || (r.code[1] == 255 && r.code[2] == 255) ||
		    (spec.has_filter && !afilter_match(&spec.filter, r.code)))
			__builtin_trap();
		break;
	case LOOKUP_ERROR:
		(void)dnsanswer_error_meaning(r.code);
		break;
	case LOOKUP_CLEAR:
	case LOOKUP_TEMPFAIL:
		break;
	default:
		__builtin_trap();
	}

	/* The header check that comes first in the engine: only QR=1 with
	 * RCODE 0 or 3 (and TC=0) is ever read for records. */
	enum dns_header h = dnsanswer_header(abuf, alen);
	if (h == DNSHDR_ANSWER &&
	    (alen < 12 || !(abuf[2] & 0x80) || (abuf[2] & 0x02) || ((abuf[3] & 15) != 0 && (abuf[3] & 15) != 3)))
		__builtin_trap();
	if (h != DNSHDR_ANSWER && dnsanswer_header_fail(h) == FAIL_NONE)
		__builtin_trap();

	memset(&r, 0, sizeof r);
	dnsanswer_txt(ARES_SUCCESS, abuf, alen, &r);
	if (r.txt != TXT_DONE && r.txt != TXT_FAILED)
		__builtin_trap();
	size_t n = strlen(r.text);
	if (n > TEXT_CUT)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)r.text[i] < 32 || (unsigned char)r.text[i] > 126)
			__builtin_trap();
	return 0;
}
