/* SPDX-License-Identifier: ISC */
/* prefix: see prefix.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "prefix.h"

bool prefix_parse(const char *text, struct prefix *p, const char **why)
{
	char addr[ADDR_TEXT_MAX];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned width, bits;

	memset(p, 0, sizeof *p);
	*why = "not an IP address or prefix";
	if (alen == 0 || alen >= sizeof addr)
		return false;
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, p->first) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, p->first) == 1)
		p->family = AF_INET6;
	else
		return false;
	width = p->family == AF_INET ? 32 : 128;
	bits = width;
	if (slash) {
		const char *d = slash + 1;
		size_t nd = strspn(d, "0123456789");
		if (nd == 0 || nd > 3 || d[nd] != '\0')
			return false;
		bits = 0;
		for (size_t i = 0; i < nd; i++)
			bits = bits * 10 + (unsigned)(d[i] - '0');
		if (bits > width) {
			*why = "prefix length out of range";
			return false;
		}
	}
	if (width - bits > PREFIX_MAX_BITS) {
		*why = "prefix too large: more than 16777216 addresses (IPv4 /8, IPv6 /104 at most)";
		return false;
	}
	for (unsigned i = bits; i < width; i++) /* clear the host bits */
		p->first[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	p->bits = bits;
	p->count = UINT64_C(1) << (width - bits);
	return true;
}

static void dotted_quad(const unsigned char b[4], char *out)
{
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];
		if (v >= 100)
			out[n++] = (char)('0' + v / 100);
		if (v >= 10)
			out[n++] = (char)('0' + v / 10 % 10);
		out[n++] = (char)('0' + v % 10);
		out[n++] = i < 3 ? '.' : '\0';
	}
}

bool prefix_next(struct prefix *p, struct client_addr *out)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	unsigned len = p->family == AF_INET ? 4 : 16;
	uint64_t add = p->next;

	if (p->next >= p->count)
		return false;
	p->next++;
	memset(out, 0, sizeof *out);
	memcpy(out->bytes, p->first, len);
	/* first + add: the host part of first is zero and add fits in it */
	for (unsigned i = len; i-- > 0 && add; add >>= 8)
		out->bytes[i] |= (unsigned char)(add & 0xff);
	out->family = p->family;
	if (p->family == AF_INET6 && memcmp(out->bytes, mapped, 12) == 0) {
		memmove(out->bytes, out->bytes + 12, 4);
		memset(out->bytes + 4, 0, 12);
		out->family = AF_INET;
	}
	if (out->family == AF_INET) /* as inet_ntop, in a tenth of the time */
		dotted_quad(out->bytes, out->text);
	else
		inet_ntop(out->family, out->bytes, out->text, sizeof out->text);
	return true;
}
