/* SPDX-License-Identifier: ISC */
/* dnsservers: $DNSCACHEIP -> the CSV that c-ares' ares_set_servers_ports_csv() takes.
 *
 * The value comes from the environment, so every piece is checked and an
 * unparsable piece is skipped, never fatal: the caller falls back to
 * /etc/resolv.conf when nothing usable is left. Output addresses are
 * re-printed from their parsed bytes, so no input byte reaches c-ares as is.
 *
 * Forms, per piece (pieces are separated by spaces, tabs, commas, newlines):
 *   127.0.0.54                 IPv4, port 53
 *   127.0.0.54.127.0.0.56      djb's form: a run of dotted quads joined by '.'
 *                              (stray dots skipped, trailing garbage ignored)
 *   127.0.0.54:5353            IPv4 with a port
 *   ::1, fe80::1, 2001:db8::53 bare IPv6, port 53
 *   [2001:db8::53]:5353        IPv6 with a port (brackets required, as in c-ares)
 *   [::1]                      IPv6 in brackets, port 53 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "dnsservers.h"

#define DNS_PORT 53
#define PIECE_MAX 1024 /* room for a djb run of DNSSERVERS_MAX quads; longer is garbage */

struct server_list {
	char *csv;
	size_t cap;
	size_t used;
	int count;
	bool overflow;
};

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r';
}

static void add_server(struct server_list *list, int family, const unsigned char *bytes,
		       unsigned port)
{
	char host[INET6_ADDRSTRLEN];
	char entry[INET6_ADDRSTRLEN + 16];
	int n;

	if (list->count >= DNSSERVERS_MAX)
		return;
	if (!inet_ntop(family, bytes, host, sizeof host))
		return;
	n = snprintf(entry, sizeof entry, family == AF_INET6 ? "%s[%s]:%u" : "%s%s:%u",
		     list->count ? "," : "", host, port);
	if (n < 0 || (size_t)n >= sizeof entry)
		return;
	if (list->used + (size_t)n + 1 > list->cap) {
		list->overflow = true;
		return;
	}
	memcpy(list->csv + list->used, entry, (size_t)n + 1);
	list->used += (size_t)n;
	list->count++;
}

/* Decimal 1..65535, the whole of text. */
static bool parse_port(const char *text, unsigned *out)
{
	unsigned value = 0;

	if (!*text)
		return false;
	for (; *text; text++) {
		if (*text < '0' || *text > '9')
			return false;
		value = value * 10 + (unsigned)(*text - '0');
		if (value > 65535)
			return false;
	}
	if (value == 0)
		return false;
	*out = value;
	return true;
}

static bool all_zero(const unsigned char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (bytes[i])
			return false;
	return true;
}

/* djb's ip4_scan: exactly "n.n.n.n" at p, each n decimal. Returns the bytes
 * used, 0 when p does not start with a quad. A number over 255 is no quad
 * (djb's scan kept it mod 256: "127.0.0.257" was 127.0.0.1). */
static size_t scan_quad(const char *p, unsigned char quad[4])
{
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		unsigned value = 0;
		size_t digits = 0;
		if (k > 0 && p[i++] != '.')
			return 0;
		for (; p[i] >= '0' && p[i] <= '9'; i++, digits++) {
			value = value * 10 + (unsigned)(p[i] - '0');
			if (value > 255)
				return 0;
		}
		if (digits == 0)
			return 0;
		quad[k] = (unsigned char)value;
	}
	return i;
}

/* COMPAT(0.88): djb's form, read as dns_rcip.c read $DNSCACHEIP: a dot
 * between or around quads is skipped (".127.0.0.1", "127.0.0.1.",
 * "127.0.0.54..127.0.0.56"), and the first thing that is neither a dot nor
 * a quad ends the run, keeping the quads before it ("127.0.0.1x"). At most
 * DNSSERVERS_MAX quads, 0.0.0.0 among them (djb's dns_transmit skipped it). */
static void add_dotted_run(struct server_list *list, const char *piece)
{
	const char *p = piece;
	for (size_t quads = 0; quads < DNSSERVERS_MAX;) {
		unsigned char quad[4];
		if (*p == '.') {
			p++;
			continue;
		}
		size_t used = scan_quad(p, quad);
		if (used == 0)
			return;
		p += used;
		quads++;
		if (!all_zero(quad, 4))
			add_server(list, AF_INET, quad, DNS_PORT);
	}
}

static void add_piece(struct server_list *list, char *piece)
{
	unsigned char bytes[16];
	unsigned port = DNS_PORT;
	char *colon;

	if (piece[0] == '[') {
		char *close = strchr(piece, ']');
		if (!close)
			return;
		*close = '\0';
		if (close[1] == ':') {
			if (!parse_port(close + 2, &port))
				return;
		} else if (close[1] != '\0') {
			return;
		}
		if (inet_pton(AF_INET6, piece + 1, bytes) != 1 || all_zero(bytes, 16))
			return;
		add_server(list, AF_INET6, bytes, port);
		return;
	}
	if (inet_pton(AF_INET6, piece, bytes) == 1) {
		if (!all_zero(bytes, 16))
			add_server(list, AF_INET6, bytes, port);
		return;
	}
	colon = strchr(piece, ':');
	if (colon) {
		/* Only IPv4 may take a port without brackets: "a.b.c.d:port". */
		if (strchr(colon + 1, ':'))
			return;
		*colon = '\0';
		if (!parse_port(colon + 1, &port))
			return;
		if (inet_pton(AF_INET, piece, bytes) != 1 || all_zero(bytes, 4))
			return;
		add_server(list, AF_INET, bytes, port);
		return;
	}
	add_dotted_run(list, piece);
}

int dnsservers_parse(const char *value, char *csv, size_t csvlen)
{
	struct server_list list = { csv, csvlen, 0, 0, false };
	char piece[PIECE_MAX];
	size_t i = 0;

	if (csvlen == 0)
		return -1;
	csv[0] = '\0';
	if (!value)
		return 0;
	while (value[i]) {
		while (value[i] && is_separator(value[i]))
			i++;
		size_t start = i;
		while (value[i] && !is_separator(value[i]))
			i++;
		size_t len = i - start;
		if (len == 0 || len + 1 > sizeof piece)
			continue;
		memcpy(piece, value + start, len);
		piece[len] = '\0';
		add_piece(&list, piece);
		if (list.overflow)
			return -1;
		if (list.count >= DNSSERVERS_MAX)
			break;
	}
	return list.count;
}
