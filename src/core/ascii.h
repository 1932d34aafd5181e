/* SPDX-License-Identifier: ISC */
/* ascii: character classes of untrusted bytes, without the locale (ctype's
 * depend on it and are undefined for negative chars). */
#ifndef CORE_ASCII_H
#define CORE_ASCII_H
#include <stdbool.h>

static inline bool ascii_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The value of a hex digit (either case), or -1. */
static inline int ascii_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
