/* SPDX-License-Identifier: ISC */
/* ipsyntax: rbldnsd's address syntax (ip4parse.c, ip6addr.c), as the local
 * list files use it. Pure; every function reads [s, end) only, needs no NUL,
 * and on success sets *next to where parsing stopped. */
#ifndef CORE_IPSYNTAX_H
#define CORE_IPSYNTAX_H
#include <stdbool.h>
#include <stdint.h>

/* The netmask of a /bits IPv4 prefix, host order (0 for /0). */
uint32_t ipsyntax_mask4(unsigned bits);

/* One to four dotted octets ("10", "10.1", "10.1.2.3"). Returns the prefix
 * length in bits (8..32) and the address (host order, missing octets 0),
 * or -1. */
int ipsyntax_ip4_prefix(const char *s, const char *end, const char **next, uint32_t *addr);

/* rbldnsd's ip4parse_range(): "prefix" (not a bare number), "prefix/len",
 * "a-b" with b a prefix as long as a or one octet replacing a's last. The
 * host part of a CIDR must be zero; /0 is refused. *first..*last inclusive. */
bool ipsyntax_ip4_range(const char *s, const char *end, const char **next, uint32_t *first,
			uint32_t *last);

/* rbldnsd's ip6cidr(): hex groups, "::" once, trailing groups may be left
 * out ("2001:db8" = 2001:db8::/32), "/len" optional; a single bare group is
 * refused. Returns the prefix length and the address in ap, or -1. */
int ipsyntax_ip6_cidr(const char *s, const char *end, const char **next, unsigned char ap[16]);

/* Zero the host part of ap beyond bits; true when it was already zero. */
bool ipsyntax_mask6(unsigned char ap[16], unsigned bits);

/* An A value, inet_aton style as rbldnsd's ip4addr(): "2" = 127.0.0.2,
 * "127.2" = 127.0.0.2, "10.1.2" = 10.1.0.2; 0.0.0.0 is refused. */
bool ipsyntax_a_value(const char *s, const char *end, const char **next, unsigned char out[4]);

#endif
