/* SPDX-License-Identifier: ISC */
/* addrlist: see addrlist.h. */
#include <errno.h>
#include <string.h>
#include "addrlist.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

enum addrline addrlist_parse_line(const char *line, size_t len, struct prefix *p,
				  const char **why)
{
	char word[PREFIX_TEXT_MAX + 1];
	size_t i = 0, start, end;

	while (i < len && blank(line[i]))
		i++;
	start = i;
	while (i < len && !blank(line[i]) && line[i] != '#')
		i++;
	end = i;
	while (i < len && blank(line[i]))
		i++;
	if (i < len && line[i] != '#') {
		*why = "more than one word (one address or prefix per line)";
		return ADDRLINE_BAD;
	}
	if (start == end)
		return ADDRLINE_NONE;
	*why = "not an IP address or prefix";
	if (end - start > PREFIX_TEXT_MAX)
		return ADDRLINE_BAD;
	for (size_t k = start; k < end; k++)
		if ((unsigned char)line[k] < 33 || (unsigned char)line[k] > 126)
			return ADDRLINE_BAD; /* NUL, control or 8-bit bytes */
	memcpy(word, line + start, end - start);
	word[end - start] = '\0';
	return prefix_parse(word, p, why) ? ADDRLINE_PREFIX : ADDRLINE_BAD;
}

void addrlist_show(const char *line, size_t len, char out[ADDRLIST_SHOW_MAX + 4])
{
	size_t n = len > ADDRLIST_SHOW_MAX ? ADDRLIST_SHOW_MAX : len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		out[i] = c >= 33 && c <= 126 ? (char)c : '?';
	}
	if (len > n)
		memcpy(out + n, "...", 3), n += 3;
	out[n] = '\0';
}

void addrlist_init(struct addrlist *l, char *const *words, size_t nwords, FILE *f,
		   const char *name)
{
	memset(l, 0, sizeof *l);
	l->words = words;
	l->nwords = nwords;
	l->f = f;
	l->name = name;
}

/* Read one line into l->line (at most ADDRLIST_LINE_MAX bytes kept; *cut
 * when there were more). Returns the length kept, or -1 at the end of the
 * file, or -2 on a read error. */
static long read_line(struct addrlist *l, bool *cut)
{
	size_t n = 0;
	int c;
	*cut = false;
	while ((c = getc_unlocked(l->f)) != EOF && c != '\n') {
		if (n < ADDRLIST_LINE_MAX)
			l->line[n++] = (char)c;
		else
			*cut = true;
	}
	if (c == EOF) {
		if (ferror(l->f))
			return -2;
		if (n == 0 && !*cut)
			return -1;
	}
	l->line[n] = '\0';
	return (long)n;
}

/* The next prefix from the file into l->cur: 1, 0 at the end, -1 on error. */
static int next_line(struct addrlist *l, addrlist_bad_fn *bad, void *arg)
{
	for (;;) {
		bool cut;
		long n = read_line(l, &cut);
		const char *why;
		char shown[ADDRLIST_SHOW_MAX + 4];
		if (n == -1)
			return 0;
		if (n == -2)
			return -1;
		l->lineno++;
		/* past the limit, only a comment's tail may be lost */
		enum addrline k = ADDRLINE_BAD;
		if (cut && !memchr(l->line, '#', (size_t)n))
			why = "line too long";
		else
			k = addrlist_parse_line(l->line, (size_t)n, &l->cur, &why);
		if (k == ADDRLINE_PREFIX)
			return 1;
		if (k == ADDRLINE_BAD) {
			l->bad++;
			addrlist_show(l->line, (size_t)n, shown); /* a cut line is longer than shown */
			bad(arg, l->name, l->lineno, shown, why);
		}
	}
}

int addrlist_next(struct addrlist *l, struct client_addr *out, addrlist_bad_fn *bad, void *arg)
{
	while (!l->have || !prefix_next(&l->cur, out)) {
		l->have = false;
		if (l->wordi < l->nwords) {
			const char *why;
			if (prefix_parse(l->words[l->wordi++], &l->cur, &why))
				l->have = true;
			continue;
		}
		if (!l->f)
			return 0;
		int r = next_line(l, bad, arg);
		if (r <= 0) {
			if (r < 0 && errno == 0)
				errno = EIO;
			return r;
		}
		l->have = true;
	}
	return 1;
}
