/* SPDX-License-Identifier: ISC */
/* Unit tests: dnsanswer's status mapping, out of memory (FAIL_NOMEM, which
 * makes engine_run fail and rblsmtpd exit 111), and a crafted A answer. */
#include <ares.h>
#include <string.h>
#include "check.h"
#include "dnsanswer.h"
#include "listspec.h"

static const unsigned char listed_a[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
	1, '2', 1, '0', 1, '0', 3, '1', '2', '7', 4, 'z', 'o', 'n', 'e', 0, 0, 1, 0, 1,
	0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 127, 0, 0, 2,
};

int main(void)
{
	struct list_spec spec;
	struct lookup r;
	const char *err;
	CHECK(listspec_parse("zone", LIST_BLOCK, &spec, &err));

	static const struct { int status; enum lookup_state st; enum lookup_fail fail; } map[] = {
		{ ARES_ENOTFOUND, LOOKUP_CLEAR, FAIL_NONE },
		{ ARES_ENODATA, LOOKUP_CLEAR, FAIL_NONE },
		{ ARES_ETIMEOUT, LOOKUP_TEMPFAIL, FAIL_TIMEOUT },
		{ ARES_ECANCELLED, LOOKUP_TEMPFAIL, FAIL_TIMEOUT },
		{ ARES_ESERVFAIL, LOOKUP_TEMPFAIL, FAIL_SERVFAIL },
		{ ARES_EREFUSED, LOOKUP_TEMPFAIL, FAIL_REFUSED },
		{ ARES_ECONNREFUSED, LOOKUP_TEMPFAIL, FAIL_REFUSED },
		{ ARES_EBADRESP, LOOKUP_TEMPFAIL, FAIL_BADANSWER },
		{ ARES_ENOMEM, LOOKUP_TEMPFAIL, FAIL_NOMEM },
		{ ARES_EBADNAME, LOOKUP_TEMPFAIL, FAIL_OTHER },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		memset(&r, 0, sizeof r);
		dnsanswer_a(map[i].status, NULL, 0, &spec, &r);
		CHECK_EQ(r.state, map[i].st);
		CHECK_EQ(r.fail, map[i].fail);
	}

	memset(&r, 0, sizeof r);
	dnsanswer_a(ARES_SUCCESS, listed_a, (int)sizeof listed_a, &spec, &r);
	CHECK_EQ(r.state, LOOKUP_LISTED);
	CHECK_EQ(r.na, 1);
	CHECK(memcmp(r.code, "\x7f\x00\x00\x02", 4) == 0);
	/* cut short anywhere: never a listing, never a crash */
	for (size_t n = 0; n < sizeof listed_a; n++) {
		memset(&r, 0, sizeof r);
		dnsanswer_a(ARES_SUCCESS, listed_a, (int)n, &spec, &r);
		CHECK(r.state != LOOKUP_LISTED);
	}

	/* The header first: only QR=1 with NOERROR or NXDOMAIN is an answer;
	 * every other RCODE and QR=0 fail the list, whatever records follow. */
	unsigned char h[sizeof listed_a];
	for (unsigned rcode = 0; rcode < 16; rcode++) {
		memcpy(h, listed_a, sizeof h);
		h[3] = (unsigned char)((h[3] & 0xf0) | rcode);
		enum dns_header want = rcode == 0 || rcode == 3 ? DNSHDR_ANSWER
				       : rcode == 2 ? DNSHDR_SERVFAIL
				       : rcode == 5 ? DNSHDR_REFUSED : DNSHDR_BAD;
		CHECK_EQ(dnsanswer_header(h, (int)sizeof h), want);
		h[2] &= 0x7f; /* QR=0 */
		CHECK_EQ(dnsanswer_header(h, (int)sizeof h), DNSHDR_BAD);
	}
	memcpy(h, listed_a, sizeof h);
	h[2] |= 0x02; /* TC */
	CHECK_EQ(dnsanswer_header(h, (int)sizeof h), DNSHDR_TRUNCATED);
	CHECK_EQ(dnsanswer_header(listed_a, 11), DNSHDR_BAD);
	CHECK_EQ(dnsanswer_header(NULL, 0), DNSHDR_BAD);
	CHECK_EQ(dnsanswer_header_fail(DNSHDR_SERVFAIL), FAIL_SERVFAIL);
	CHECK_EQ(dnsanswer_header_fail(DNSHDR_REFUSED), FAIL_REFUSED);
	CHECK_EQ(dnsanswer_header_fail(DNSHDR_BAD), FAIL_BADANSWER);
	CHECK_EQ(dnsanswer_header_fail(DNSHDR_TRUNCATED), FAIL_BADANSWER);

	/* The step after the header (the engine's header_says), on crafted
	 * packets: server 1 of 2 (index from 0) sent the message. */
	int server = -7;
	memcpy(h, listed_a, sizeof h);
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, 1, 2, 0, &server),
		 DNSNEXT_READ);
	CHECK_EQ(server, -7); /* untouched */
	h[2] |= 0x02; /* TC over UDP: TCP to the server that truncated, not the first */
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, 1, 2, 0, &server),
		 DNSNEXT_TCP);
	CHECK_EQ(server, 1);
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, -1, 2, 1, &server),
		 DNSNEXT_TCP);
	CHECK_EQ(server, 1); /* sender unknown: the channel's first server */
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), true, 0, 2, 0, &server),
		 DNSNEXT_READ); /* TC over TCP: read what there is */
	memcpy(h, listed_a, sizeof h);
	h[3] = (unsigned char)((h[3] & 0xf0) | 2); /* SERVFAIL from server 0 of 2 */
	server = -7;
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, 0, 2, 0, &server),
		 DNSNEXT_NEXT_SERVER);
	CHECK_EQ(server, 1);
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), true, 0, 2, 0, &server),
		 DNSNEXT_NEXT_SERVER); /* over TCP too */
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, 1, 2, 0, &server),
		 DNSNEXT_FAIL); /* the last server */
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, -1, 2, 0, &server),
		 DNSNEXT_FAIL); /* sender unknown: no next server to name */
	h[2] &= 0x7f; /* QR=0 from server 0 of 3 */
	h[3] &= 0xf0;
	CHECK_EQ(dnsanswer_next(dnsanswer_header(h, (int)sizeof h), false, 0, 3, 0, &server),
		 DNSNEXT_NEXT_SERVER);
	CHECK_EQ(server, 1);
	CHECK_EQ(dnsanswer_next(dnsanswer_header(listed_a, 11), false, 2, 3, 0, &server),
		 DNSNEXT_FAIL); /* too short, from the last server */

	/* TXT: out of memory is TXT_FAILED and FAIL_NOMEM; other failures not */
	memset(&r, 0, sizeof r);
	dnsanswer_txt(ARES_ENOMEM, NULL, 0, &r);
	CHECK_EQ(r.txt, TXT_FAILED);
	CHECK_EQ(r.fail, FAIL_NOMEM);
	memset(&r, 0, sizeof r);
	dnsanswer_txt(ARES_ETIMEOUT, NULL, 0, &r);
	CHECK_EQ(r.txt, TXT_FAILED);
	CHECK_EQ(r.fail, FAIL_NONE);
	memset(&r, 0, sizeof r);
	dnsanswer_txt(ARES_ENOTFOUND, NULL, 0, &r);
	CHECK_EQ(r.txt, TXT_DONE);
	CHECK_STREQ(r.text, "");
	return check_done("dnsanswer");
}
