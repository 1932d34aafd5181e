/* SPDX-License-Identifier: ISC */
/* addr: the client's address — where it comes from and its reversed DNS name.
 *
 * Pure functions, except addr_from_peer() which asks the kernel about fd 0.
 * Never trusts its input: any string may arrive from the environment. */
#ifndef CORE_ADDR_H
#define CORE_ADDR_H
#include <stdbool.h>
#include <stddef.h>

#define ADDR_TEXT_MAX 64 /* room for the longest IPv6 text form and more */
/* addr_reverse()'s longest result: 32 IPv6 nibbles, each with its dot, + NUL */
#define ADDR_REVERSE_MAX (32 * 2 + 1)

struct client_addr {
	int family;                /* AF_INET, AF_INET6, or 0 when it did not parse */
	unsigned char bytes[16];   /* 4 bytes for AF_INET, 16 for AF_INET6 */
	char text[ADDR_TEXT_MAX];  /* canonical text (inet_ntop), or the sanitised raw input */
};

/* Parse text as an IPv4 or IPv6 address. "::ffff:a.b.c.d" becomes IPv4.
 * Returns true when it parsed; otherwise out->family is 0 and out->text holds
 * the input with every byte outside 33..126 turned into '?' (cut to fit). */
bool addr_parse(const char *text, struct client_addr *out);

/* Choose the client address as rblsmtpd(8) ENVIRONMENT says, from a getenv-like
 * function: $TCP6REMOTEIP when $PROTO is TCP6, else $TCPREMOTEIP, else
 * $REMOTE_ADDR. Returns the variable's value, or NULL when none is set. */
const char *addr_env_value(const char *(*get)(const char *name));

/* getpeername() on fd, as text. Returns false when fd is not a socket. */
bool addr_from_peer(int fd, struct client_addr *out);

/* Reversed-name prefix for DNS lists, with a trailing dot:
 * 127.0.0.2 -> "2.0.0.127.", IPv6 -> 32 lowercase nibbles "1.0.0.…8.e.f.".
 * Returns the length written, or 0 when the family is unknown (no query). */
size_t addr_reverse(const struct client_addr *a, char *out, size_t outlen);

#endif
