/* SPDX-License-Identifier: ISC */
/* ipsyntax: rbldnsd's address syntax; see ipsyntax.h. */
#include <string.h>
#include "ascii.h"
#include "ipsyntax.h"

/* A decimal number of one or more digits, at most max: true, *s moved past
 * it. Never reads past end; stops reading once over max. */
static bool decimal(const char **s, const char *end, unsigned max, unsigned *out)
{
	const char *p = *s;
	unsigned v = 0;
	if (p >= end || !ascii_is_digit(*p))
		return false;
	while (p < end && ascii_is_digit(*p)) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > max)
			return false;
		p++;
	}
	*s = p;
	*out = v;
	return true;
}

uint32_t ipsyntax_mask4(unsigned bits)
{
	return bits == 0 ? 0 : 0xffffffffu << (32 - bits);
}

/* One to four dotted octets. Returns the prefix length in bits (8..32) and
 * the address, or -1. *next is where parsing stopped. */
int ipsyntax_ip4_prefix(const char *s, const char *end, const char **next, uint32_t *addr)
{
	uint32_t a = 0;
	int bits = 0;

	for (;;) {
		unsigned octet;
		if (!decimal(&s, end, 255, &octet))
			return -1;
		bits += 8;
		a |= (uint32_t)octet << (32 - bits);
		if (bits == 32 || s >= end || *s != '.')
			break;
		s++;
	}
	*next = s;
	*addr = a;
	return bits;
}

/* rbldnsd's ip4parse_range(): "prefix", "prefix/len", "a-b" with b either a
 * prefix of the same length or one octet replacing the last one of a. The
 * host part of a CIDR must be zero, and /0 is refused. */
bool ipsyntax_ip4_range(const char *s, const char *end, const char **next, uint32_t *first,
			uint32_t *last)
{
	uint32_t a, b;
	int bits = ipsyntax_ip4_prefix(s, end, &s, &a);

	if (bits < 0)
		return false;
	if (s < end && *s == '-') {
		int bbits = ipsyntax_ip4_prefix(s + 1, end, &s, &b);
		if (bbits < 0)
			return false;
		if (bbits == 8) {
			b = (b >> (bits - 8)) | (a & ipsyntax_mask4((unsigned)bits - 8));
			bbits = bits;
		} else if (bbits != bits) {
			return false;
		}
		b |= ~ipsyntax_mask4((unsigned)bbits);
		if (a > b)
			return false;
	} else {
		if (s < end && *s == '/') {
			unsigned len;
			s++;
			if (!decimal(&s, end, 32, &len))
				return false;
			bits = (int)len;
		} else if (bits == 8) {
			return false; /* a bare number: rbldnsd wants "10/8" */
		}
		if (bits == 0 || (a & ~ipsyntax_mask4((unsigned)bits)))
			return false;
		b = a | ~ipsyntax_mask4((unsigned)bits);
	}
	*next = s;
	*first = a;
	*last = b;
	return true;
}

/* rbldnsd's ip6cidr(): groups of hex, "::" once, trailing groups may be left
 * out ("2001:db8" is 2001:db8::/32); "/len" optional; a single bare group is
 * refused. Returns the prefix length or -1. */
int ipsyntax_ip6_cidr(const char *s, const char *end, const char **next, unsigned char ap[16])
{
	size_t bytes = 0;
	long zero_start = -1;
	int bits = -1;

	memset(ap, 0, 16);
	if (s + 2 <= end && s[0] == ':' && s[1] == ':') {
		zero_start = 0;
		s += 2;
	}
	for (;;) {
		unsigned v = 0;
		const char *field = s;
		while (s < end && ascii_hex_value(*s) >= 0) {
			v = (v << 4) | (unsigned)ascii_hex_value(*s);
			if (v > 0xffff)
				break;
			s++;
		}
		if (s == field || v > 0xffff)
			break;
		ap[bytes++] = (unsigned char)(v >> 8);
		ap[bytes++] = (unsigned char)v;
		if (s >= end || *s != ':' || bytes + 2 > 16) {
			bits = (int)bytes * 8;
			break;
		}
		s++;
		if (zero_start < 0 && s < end && *s == ':') {
			zero_start = (long)bytes;
			s++;
		}
	}
	if (zero_start >= 0) {
		size_t zeros = 16 - bytes;
		if (zeros == 0) {
			bits = -1;
		} else {
			memmove(ap + zero_start + zeros, ap + zero_start, bytes - (size_t)zero_start);
			memset(ap + zero_start, 0, zeros);
			bits = 128;
		}
	}
	if (bits >= 0 && s < end && *s == '/') {
		unsigned len;
		s++;
		if (!decimal(&s, end, 128, &len))
			return -1;
		bits = (int)len;
	} else if (bits == 16) {
		return -1;
	}
	*next = s;
	return bits;
}

/* Zero the host part; true when it was already zero. */
bool ipsyntax_mask6(unsigned char ap[16], unsigned bits)
{
	bool clean = true;
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = bits >= (i + 1) * 8 ? 8 : bits > i * 8 ? bits - i * 8 : 0;
		unsigned char m = keep ? (unsigned char)(0xff << (8 - keep)) : 0;
		if (ap[i] & ~m)
			clean = false;
		ap[i] &= m;
	}
	return clean;
}

/* An A value, inet_aton style as rbldnsd's ip4addr(): "2" = 127.0.0.2,
 * "127.2" = 127.0.0.2, "10.1.2" = 10.1.0.2. */
bool ipsyntax_a_value(const char *s, const char *end, const char **next, unsigned char out[4])
{
	uint32_t a;
	int bits = ipsyntax_ip4_prefix(s, end, &s, &a);

	if (bits < 0)
		return false;
	if (bits == 8)
		a >>= 24;
	else if (bits == 16)
		a = (a & 0xff000000u) | ((a >> 16) & 255);
	else if (bits == 24)
		a = (a & 0xffff0000u) | ((a >> 8) & 255);
	if (a == 0)
		return false;
	if (bits == 8)
		a |= 0x7f000000u; /* only the last octet given: 127.0.0.x */
	out[0] = (unsigned char)(a >> 24);
	out[1] = (unsigned char)(a >> 16);
	out[2] = (unsigned char)(a >> 8);
	out[3] = (unsigned char)a;
	*next = s;
	return true;
}
