/* SPDX-License-Identifier: ISC */
/* json: JSON string escaping; see json.h. Pure (json_string writes to the
 * stream it is given). */
#include "json.h"

#include <string.h>

#define JSON_ESC_MAX 6 /* "\u00XX" */

/* The escaped form of c into buf (at least JSON_ESC_MAX bytes): its length. */
static size_t escape_byte(unsigned char c, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	if (c == '"' || c == '\\') {
		buf[0] = '\\';
		buf[1] = (char)c;
		return 2;
	}
	if (c < 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '&') {
		memcpy(buf, "\\u00", 4);
		buf[4] = hex[c >> 4];
		buf[5] = hex[c & 15];
		return 6;
	}
	buf[0] = (char)c;
	return 1;
}

void json_string(FILE *f, const char *s, size_t len)
{
	char buf[JSON_ESC_MAX];
	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (size_t i = 0; i < len; i++)
		fwrite(buf, 1, escape_byte((unsigned char)s[i], buf), f);
	putc('"', f);
}

size_t json_escape(const char *s, size_t len, char *out, size_t outlen)
{
	char buf[JSON_ESC_MAX];
	size_t n = 0;
	if (outlen == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		size_t k = escape_byte((unsigned char)s[i], buf);
		if (n + k + 1 > outlen)
			break;
		memcpy(out + n, buf, k);
		n += k;
	}
	out[n] = '\0';
	return n;
}
