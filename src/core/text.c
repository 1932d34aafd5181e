/* SPDX-License-Identifier: ISC */
/* text: reply text handling; see text.h. */
#include <stdio.h>
#include <string.h>
#include "text.h"

static int printable(unsigned char c) { return c >= 32 && c <= 126; }

void text_append_printable(char *dst, size_t *used, size_t cap, const char *src, size_t len)
{
	size_t n = *used;
	for (size_t i = 0; i < len && n + 1 < cap; i++)
		dst[n++] = printable((unsigned char)src[i]) ? src[i] : '?';
	if (cap)
		dst[n < cap ? n : cap - 1] = '\0';
	*used = n;
}

void text_subst_ip(const char *tmpl, const char *ip, char *out, size_t outlen)
{
	size_t n = 0, iplen = strlen(ip);
	if (!outlen)
		return;
	while (*tmpl && n + 1 < outlen) {
		if (strncmp(tmpl, "%IP%", 4) == 0) {
			for (size_t i = 0; i < iplen && n + 1 < outlen; i++)
				out[n++] = ip[i];
			tmpl += 4;
		} else {
			out[n++] = *tmpl++;
		}
	}
	out[n] = '\0';
}

size_t text_reply(int code, const char *text, char *out)
{
	size_t n = 0;
	out[n++] = (char)('0' + code / 100 % 10);
	out[n++] = (char)('0' + code / 10 % 10);
	out[n++] = (char)('0' + code % 10);
	out[n++] = ' ';
	out[n] = '\0';
	size_t len = strlen(text);
	text_append_printable(out, &n, TEXT_REPLY_MAX, text, len < TEXT_CUT ? len : TEXT_CUT);
	return n;
}
