/* SPDX-License-Identifier: ISC */
/* text: the reply text sent to a refused client — joining, substitution,
 * the 200-byte cut and the '?' sanitising of djb's rblsmtpd 0.88. Pure. */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H
#include <stddef.h>

#define TEXT_CUT 200                 /* COMPAT(0.88): text is cut to 200 bytes */
#define TEXT_REPLY_MAX (4 + TEXT_CUT + 1) /* "451 " + text + NUL */

/* Append src (len bytes) to dst (holding *used bytes, capacity cap incl. the
 * NUL), turning every byte outside 32..126 into '?'; stops silently at cap.
 * Keeps dst NUL-terminated. */
void text_append_printable(char *dst, size_t *used, size_t cap, const char *src, size_t len);

/* Replace every "%IP%" in tmpl by ip; result cut to outlen-1 bytes. */
void text_subst_ip(const char *tmpl, const char *ip, char *out, size_t outlen);

/* Build the reply line (without CRLF): "<code> <text>", text cut to TEXT_CUT
 * bytes first, then every byte outside 32..126 made '?'. out must hold
 * TEXT_REPLY_MAX bytes. Returns the length. */
size_t text_reply(int code, const char *text, char *out);

#endif
