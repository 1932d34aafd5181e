/* SPDX-License-Identifier: ISC */
/* localist: a local list file in rbldnsd's ip4set/ip6trie data format,
 * answering exactly like a DNS list (A value and TXT), with no network.
 *
 * Supported subset: "addr[/len]" and abbreviated IPv4 ("10.1" = 10.1/16),
 * IPv4 ranges "a.b.c.d-e.f.g.h", IPv6 "addr/len", each optionally followed by
 * a value ":A:TXT" (A may be abbreviated, ":3:" = 127.0.0.3) or by plain TXT;
 * a line ":A:TXT" alone sets the default value; "!addr[/len]" excludes;
 * '#' and ';' comments; "$SOA", "$NS", "$TTL" lines are ignored. In TXT, "$"
 * becomes the client's address. The most specific entry wins.
 *
 * Parsing is pure (localist_parse works on a buffer); only localist_load reads
 * a file. Every malformed line is skipped and counted, never fatal. */
#ifndef CORE_LOCALIST_H
#define CORE_LOCALIST_H
#include <stddef.h>
#include <stdint.h>
#include "addr.h"

struct localist;

struct localist_stats {
	size_t entries;   /* listed and excluded entries kept */
	size_t bad_lines; /* malformed lines skipped */
};

/* Parse buf (not NUL-terminated, len bytes). Returns NULL only when out of memory. */
struct localist *localist_parse(const char *buf, size_t len, struct localist_stats *stats);

/* Read and parse path. Returns NULL and sets errno when the file cannot be read. */
struct localist *localist_load(const char *path, struct localist_stats *stats);

/* Look a client up. Returns 1 when listed: *a gets the A value (network order
 * bytes, e.g. 127.0.0.2) and txt the TXT with '$' replaced by a->text, cut to
 * txtlen-1 bytes (txt is "" when the entry has no text). Returns 0 when not listed. */
int localist_lookup(const struct localist *l, const struct client_addr *a,
		    unsigned char aval[4], char *txt, size_t txtlen);

void localist_free(struct localist *l);

#endif
