/* SPDX-License-Identifier: ISC */
/* fuzz_addr: the client address from the environment (addr_parse), its
 * reversed name (addr_reverse), the reply text built around it
 * (text_subst_ip, text_reply) and the log fields (logfmt_field).
 * Input: the value of $TCPREMOTEIP (cut at a NUL); the bytes after the first
 * NUL, if any, are a :message template for text_subst_ip. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "fuzz.h"
#include "logfmt.h"
#include "text.h"

static void printable(const char *s, unsigned lo)
{
	for (; *s; s++)
		if ((unsigned char)*s < lo || (unsigned char)*s > 126)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client_addr a;
	char rev[80], small[16], out[TEXT_CUT * 4], reply[TEXT_REPLY_MAX], field[256];

	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *tmpl = memchr(text, '\0', size) ? text + strlen(text) + 1 : "%IP% listed";
	if (tmpl > text + size)
		tmpl = "";

	bool ok = addr_parse(text, &a);
	if (strlen(a.text) >= ADDR_TEXT_MAX)
		__builtin_trap();
	printable(a.text, 33);
	size_t n = addr_reverse(&a, rev, sizeof rev);
	if (ok != (n > 0) || (ok && (a.family != AF_INET && a.family != AF_INET6)))
		__builtin_trap();
	if (n && (n >= sizeof rev || strlen(rev) != n || rev[n - 1] != '.'))
		__builtin_trap();
	if (n && addr_reverse(&a, small, sizeof small) != 0 && a.family == AF_INET6)
		__builtin_trap(); /* a 64-byte IPv6 name cannot fit 16 bytes */
	if (ok) { /* the canonical text parses back to the same address */
		struct client_addr b;
		if (!addr_parse(a.text, &b) || b.family != a.family ||
		    memcmp(a.bytes, b.bytes, sizeof a.bytes) != 0)
			__builtin_trap();
	}

	text_subst_ip(tmpl, a.text, out, sizeof out);
	size_t rl = text_reply(size & 1 ? 553 : 451, out, reply);
	if (rl >= TEXT_REPLY_MAX || strlen(reply) != rl)
		__builtin_trap();
	printable(reply, 32);
	size_t fl = logfmt_field(text, strlen(text), field, 255);
	if (fl > 255 || strlen(field) != fl || fl == 0)
		__builtin_trap();
	printable(field, 33);
	free(text);
	return 0;
}
