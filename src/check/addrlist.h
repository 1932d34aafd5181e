/* SPDX-License-Identifier: ISC */
/* addrlist: the addresses rblcheck checks, one at a time, in input order:
 * the command line's words (addresses and prefixes), then the lines of an
 * address file (-f; "-" is standard input). The file is read a line at a
 * time as addresses are needed and a prefix gives its addresses one by one
 * (prefix.h), so memory does not grow with the input.
 *
 * An address file holds one address or prefix per line. Blank lines and
 * comments (from '#' to the end of the line) are skipped; blanks (space,
 * tab, CR, VT, FF) around the address are ignored. Any other line, or one
 * longer than ADDRLIST_LINE_MAX bytes before its comment, is a bad line: it
 * is handed to the caller's bad() with its number and skipped, and the
 * reading goes on. */
#ifndef CHECK_ADDRLIST_H
#define CHECK_ADDRLIST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "prefix.h"

#define ADDRLIST_LINE_MAX 1024
/* bad()'s text: the line with every byte outside 33..126 shown as '?', cut */
#define ADDRLIST_SHOW_MAX 80

enum addrline {
	ADDRLINE_NONE,    /* blank or comment */
	ADDRLINE_PREFIX,  /* an address or prefix */
	ADDRLINE_BAD,
};

/* One line, without its newline (any bytes, NUL included). Pure. Sets *p
 * for ADDRLINE_PREFIX, *why for ADDRLINE_BAD. */
enum addrline addrlist_parse_line(const char *line, size_t len, struct prefix *p,
				  const char **why);

/* The printable form of a bad line for a message: bytes outside 33..126
 * become '?', more than ADDRLIST_SHOW_MAX bytes end in "...". */
void addrlist_show(const char *line, size_t len, char out[ADDRLIST_SHOW_MAX + 4]);

typedef void addrlist_bad_fn(void *arg, const char *file, unsigned long lineno,
			     const char *shown, const char *why);

struct addrlist {
	char *const *words;    /* command-line words, already checked with prefix_parse */
	size_t nwords, wordi;
	FILE *f;               /* the address file, or NULL */
	const char *name;      /* its name for messages */
	unsigned long lineno;
	struct prefix cur;     /* the prefix being given out */
	bool have;             /* cur has addresses left */
	unsigned long bad;     /* bad lines so far */
	char line[ADDRLIST_LINE_MAX + 1];
};

void addrlist_init(struct addrlist *l, char *const *words, size_t nwords, FILE *f,
		   const char *name);

/* The next address into *out: 1, or 0 when there is none left, or -1 when
 * the file cannot be read (errno). Bad lines go to bad(arg, ...). */
int addrlist_next(struct addrlist *l, struct client_addr *out, addrlist_bad_fn *bad, void *arg);

#endif
