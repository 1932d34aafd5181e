/* SPDX-License-Identifier: ISC */
/* json: the one JSON string writer of rblcheck -j and rblstat --json.
 *
 * One rule for every byte string, whatever it came from (a TXT record, a
 * log line): '"' and '\' are backslash-escaped; every byte below 0x20, from
 * 0x7f up, and '<', '>', '&' is written \u00XX. The output is plain ASCII,
 * so valid UTF-8 whatever the input, and safe to embed in an HTML <script>. */
#ifndef CORE_JSON_H
#define CORE_JSON_H
#include <stddef.h>
#include <stdio.h>

/* Write s (len bytes, NULs included) to f as a quoted JSON string;
 * s == NULL writes null. */
void json_string(FILE *f, const char *s, size_t len);

/* The same into out (outlen bytes with the NUL): the body without quotes,
 * cut at a whole character, never inside an escape. Returns its length. */
size_t json_escape(const char *s, size_t len, char *out, size_t outlen);

#endif
