/* SPDX-License-Identifier: ISC */
/* dnsanswer: answer classification; see dnsanswer.h. */
#include <ares.h>
#include <arpa/inet.h>
#include <string.h>
#include "dnsanswer.h"

#define PARSE_A_MAX 64 /* A records examined; a list answering more is odd anyway */

static enum lookup_fail fail_from_status(int status)
{
	switch (status) {
	case ARES_ETIMEOUT:
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION:
		return FAIL_TIMEOUT;
	case ARES_ESERVFAIL:
		return FAIL_SERVFAIL;
	case ARES_EREFUSED:
	case ARES_ECONNREFUSED:
		return FAIL_REFUSED;
	case ARES_EBADRESP:
	case ARES_EFORMERR:
	case ARES_ENOTIMP:
		return FAIL_BADANSWER;
	case ARES_ENOMEM:
		return FAIL_NOMEM;
	default:
		return FAIL_OTHER;
	}
}

#define DNS_HEADER_LEN 12
#define DNS_QR 0x80      /* in byte 2 */
#define DNS_TC 0x02      /* in byte 2 */
#define DNS_RCODE 0x0f   /* in byte 3 */
enum { RCODE_NOERROR = 0, RCODE_SERVFAIL = 2, RCODE_NXDOMAIN = 3, RCODE_REFUSED = 5 };

enum dns_header dnsanswer_header(const unsigned char *abuf, int alen)
{
	if (!abuf || alen < DNS_HEADER_LEN || !(abuf[2] & DNS_QR))
		return DNSHDR_BAD;
	if (abuf[2] & DNS_TC)
		return DNSHDR_TRUNCATED;
	switch (abuf[3] & DNS_RCODE) {
	case RCODE_NOERROR:
	case RCODE_NXDOMAIN:
		return DNSHDR_ANSWER;
	case RCODE_SERVFAIL:
		return DNSHDR_SERVFAIL;
	case RCODE_REFUSED:
		return DNSHDR_REFUSED;
	default:
		return DNSHDR_BAD;
	}
}

enum dns_next dnsanswer_next(enum dns_header h, bool tcp, int from, size_t nservers,
			     int first, int *server)
{
	if (h == DNSHDR_ANSWER || (h == DNSHDR_TRUNCATED && tcp))
		return DNSNEXT_READ;
	if (h == DNSHDR_TRUNCATED) {
		*server = from >= 0 ? from : first;
		return DNSNEXT_TCP;
	}
	if (from >= 0 && (size_t)from + 1 < nservers) { /* the next server may do better */
		*server = from + 1;
		return DNSNEXT_NEXT_SERVER;
	}
	return DNSNEXT_FAIL;
}

enum lookup_fail dnsanswer_header_fail(enum dns_header h)
{
	switch (h) {
	case DNSHDR_SERVFAIL: return FAIL_SERVFAIL;
	case DNSHDR_REFUSED: return FAIL_REFUSED;
	case DNSHDR_ANSWER: return FAIL_NONE;
	default: return FAIL_BADANSWER; /* also TC over TCP: never complete */
	}
}

static bool is_error_code(const unsigned char a[4])
{
	return a[0] != 127 || (a[1] == 255 && a[2] == 255);
}

void dnsanswer_a_values(const unsigned char (*a)[4], unsigned n,
			const struct list_spec *spec, struct lookup *out)
{
	int listed = -1, error = -1;
	out->na = n;
	for (unsigned i = 0; i < n; i++) {
		if (i < LOOKUP_A_MAX)
			memcpy(out->a[i], a[i], 4);
		if (is_error_code(a[i])) {
			if (error < 0) error = (int)i;
		} else if (!spec->has_filter || afilter_match(&spec->filter, a[i])) {
			if (listed < 0) listed = (int)i;
		}
	}
	out->fail = FAIL_NONE;
	if (listed >= 0) {
		out->state = LOOKUP_LISTED;
		memcpy(out->code, a[listed], 4);
	} else if (error >= 0) {
		out->state = LOOKUP_ERROR;
		memcpy(out->code, a[error], 4);
	} else {
		out->state = LOOKUP_CLEAR;
	}
}

void dnsanswer_a(int status, const unsigned char *abuf, int alen,
		 const struct list_spec *spec, struct lookup *out)
{
	out->na = 0;
	if (status == ARES_ENOTFOUND || status == ARES_ENODATA) {
		out->state = LOOKUP_CLEAR;
		out->fail = FAIL_NONE;
		return;
	}
	if (status != ARES_SUCCESS) {
		out->state = LOOKUP_TEMPFAIL;
		out->fail = fail_from_status(status);
		return;
	}
	struct ares_addrttl ttls[PARSE_A_MAX];
	int n = PARSE_A_MAX;
	int rc = ares_parse_a_reply(abuf, alen, NULL, ttls, &n);
	if (rc == ARES_ENODATA || (rc == ARES_SUCCESS && n == 0)) {
		out->state = LOOKUP_CLEAR;
		out->fail = FAIL_NONE;
		return;
	}
	if (rc != ARES_SUCCESS) {
		out->state = LOOKUP_TEMPFAIL;
		out->fail = rc == ARES_ENOMEM ? FAIL_NOMEM : FAIL_BADANSWER;
		return;
	}
	unsigned char vals[PARSE_A_MAX][4];
	for (int i = 0; i < n; i++)
		memcpy(vals[i], &ttls[i].ipaddr, 4);
	dnsanswer_a_values((const unsigned char (*)[4])vals, (unsigned)n, spec, out);
}

void dnsanswer_txt(int status, const unsigned char *abuf, int alen, struct lookup *out)
{
	struct ares_txt_ext *txt = NULL;
	size_t used = 0;
	out->text[0] = '\0';
	if (status != ARES_SUCCESS) {
		out->txt = (status == ARES_ENOTFOUND || status == ARES_ENODATA) ? TXT_DONE : TXT_FAILED;
		if (status == ARES_ENOMEM)
			out->fail = FAIL_NOMEM;
		return;
	}
	int rc = ares_parse_txt_reply_ext(abuf, alen, &txt);
	if (rc != ARES_SUCCESS) {
		out->txt = TXT_FAILED;
		if (rc == ARES_ENOMEM)
			out->fail = FAIL_NOMEM;
		return;
	}
	for (struct ares_txt_ext *t = txt; t; t = t->next)
		text_append_printable(out->text, &used, sizeof out->text,
				      (const char *)t->txt, t->length);
	ares_free_data(txt);
	out->txt = TXT_DONE;
}

const char *dnsanswer_error_meaning(const unsigned char code[4])
{
	if (code[0] != 127)
		return "not-127";
	if (code[1] == 255 && code[2] == 255) {
		switch (code[3]) {
		case 252: return "typing-error-in-zone";
		case 254: return "open-resolver";
		case 255: return "rate-limited";
		default: return "error-code";
		}
	}
	return "listed";
}
