/* SPDX-License-Identifier: ISC */
/* prefix: an address or a CIDR prefix as rblcheck takes them
 * ("192.0.2.7", "192.0.2.0/24", "2001:db8::/120"), and the addresses in a
 * prefix one at a time, never all at once. Pure.
 *
 * The address part is inet_pton's syntax; the length is 0..32 (IPv4) or
 * 0..128 (IPv6), digits only. Host bits are cleared ("192.0.2.7/24" is
 * 192.0.2.0/24). A prefix may hold at most PREFIX_MAX_ADDRESSES addresses
 * (IPv4 /8, IPv6 /104): a longer run is more likely a typo than a wish.
 * An address of ::ffff:0:0/96 is checked as IPv4, as addr_parse does. */
#ifndef CHECK_PREFIX_H
#define CHECK_PREFIX_H
#include <stdbool.h>
#include <stdint.h>
#include "addr.h"

#define PREFIX_MAX_BITS 24
#define PREFIX_MAX_ADDRESSES (UINT64_C(1) << PREFIX_MAX_BITS)
#define PREFIX_TEXT_MAX (ADDR_TEXT_MAX + 4) /* address, "/", up to 3 digits */

struct prefix {
	int family;               /* AF_INET or AF_INET6 */
	unsigned char first[16];  /* the first address (network order), host bits 0 */
	unsigned bits;            /* prefix length; 32 or 128 for a single address */
	uint64_t count;           /* addresses in it, 1 .. PREFIX_MAX_ADDRESSES */
	uint64_t next;            /* index of the next address prefix_next gives */
};

/* Parse text (NUL-terminated). Returns true, or false with *why set to a
 * short reason ("not an IP address or prefix", "prefix too large: ..."). */
bool prefix_parse(const char *text, struct prefix *p, const char **why);

/* The next address of p as a client address (canonical text), or false
 * when every address has been given. */
bool prefix_next(struct prefix *p, struct client_addr *out);

#endif
