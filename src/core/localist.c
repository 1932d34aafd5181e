/* SPDX-License-Identifier: ISC */
/* localist: a local list file in rbldnsd's ip4set/ip6trie data format.
 *
 * The goal is to answer exactly as rbldnsd would for the same file served as
 * "zone:ip4set:file zone:ip6trie:file", so a list can move between a local
 * file and a DNS zone without changing behaviour. IPv4 and IPv6 entries share
 * one file; a line is IPv4 when it parses as rbldnsd's ip4set address, else it
 * is tried as IPv6.
 *
 * IPv4 follows ip4set exactly: every range is expanded into whole /32, /24,
 * /16 or /8 blocks (so "10.8.0.0/23" becomes two /24 blocks), a lookup tries
 * the /32 blocks, then /24, /16, /8, and the first level holding the address
 * decides. Within that level an exclusion beats any listing (rbldnsd sorts
 * exclusions first). IPv6 follows ip6trie: longest prefix wins; for the same
 * prefix twice the first line wins.
 *
 * Where we differ from rbldnsd (on purpose, all harmless):
 *  - a last line without a newline is used (rbldnsd ignores it);
 *  - CRLF line ends are accepted (rbldnsd would keep the CR);
 *  - an address listed twice at the same ip4set level with different values
 *    answers with the first value only (rbldnsd returns every A and TXT);
 *  - $SOA, $NS, $TTL, $MAXRANGE4, $TIMESTAMP, $DATASET are ignored.
 *
 * Nothing here trusts the file: every read is bounded by the buffer length,
 * NUL bytes end a line's content, and malformed lines are counted and skipped.
 * Memory is one array per ip4set level, one IPv6 array and a value table;
 * a line can add at most a few thousand ip4set blocks (a wide odd range). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ascii.h"
#include "ipsyntax.h"
#include "localist.h"

#define TXT_TEMPLATE_MAX 255 /* rbldnsd cuts a TXT template to 255 bytes */
#define TXT_OUT_MAX 254      /* and an expanded TXT to 254 (its txtsubst) */
#define SUBST_COUNT 11       /* $0..$9, and $= the base template at index 10 */
#define SUBST_BASE 10
#define EXCLUDED UINT32_MAX  /* value index of an exclusion */
#define LEVELS 4             /* ip4set levels: /32, /24, /16, /8 */

struct list_value {
	unsigned char a[4];
	char *txt; /* template, never NULL ("" when none) */
};

struct v4_entry {
	uint32_t addr;  /* masked to its level */
	uint32_t value; /* index into values, or EXCLUDED */
	uint32_t line;  /* file order, to keep the first of equal entries */
};

struct v6_entry {
	unsigned char addr[16]; /* masked to bits */
	uint32_t value;
	uint32_t line;
	unsigned char bits;
};

struct v6_level {
	unsigned bits;
	size_t start, count;
};

struct localist {
	struct v4_entry *v4[LEVELS];
	size_t v4_count[LEVELS], v4_cap[LEVELS];
	struct v6_entry *v6;
	size_t v6_count, v6_cap;
	struct v6_level v6_levels[129];
	size_t v6_level_count;
	struct list_value *values;
	size_t value_count, value_cap;
	char *subst[SUBST_COUNT];
	bool oom;
};

/* --- small helpers ------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_comment(char c)
{
	return c == '#' || c == ';';
}

static bool grow(void **array, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t new_cap = *cap ? *cap : 64;
	while (new_cap < need) {
		if (new_cap > SIZE_MAX / 2 / size)
			return false;
		new_cap *= 2;
	}
	void *p = realloc(*array, new_cap * size);
	if (!p)
		return false;
	*array = p;
	*cap = new_cap;
	return true;
}

static char *dup_text(const char *text, size_t len)
{
	char *p = malloc(len + 1);
	if (p) {
		memcpy(p, text, len);
		p[len] = '\0';
	}
	return p;
}

/* --- building ------------------------------------------------------------ */

static uint32_t add_value(struct localist *l, const unsigned char a[4], const char *txt,
			  size_t txt_len)
{
	if (l->value_count >= EXCLUDED - 1 ||
	    !grow((void **)&l->values, &l->value_cap, l->value_count + 1, sizeof *l->values)) {
		l->oom = true;
		return EXCLUDED;
	}
	if (txt_len > TXT_TEMPLATE_MAX)
		txt_len = TXT_TEMPLATE_MAX;
	char *copy = dup_text(txt, txt_len);
	if (!copy) {
		l->oom = true;
		return EXCLUDED;
	}
	struct list_value *v = &l->values[l->value_count];
	memcpy(v->a, a, 4);
	v->txt = copy;
	return (uint32_t)l->value_count++;
}

/* Parse the value part of an entry or default line (text starts after the
 * address and its spaces, or at the leading ':' of a default line), the way
 * rbldnsd's parse_a_txt() does. *value gets a new value index, or keeps
 * `fallback` when the text names none. Returns false when the value is bad. */
static bool parse_value(struct localist *l, const char *s, const char *end, uint32_t fallback,
			uint32_t *value)
{
	unsigned char a[4];

	if (s >= end || is_comment(*s)) {
		*value = fallback;
		return true;
	}
	if (*s == ':') {
		if (!ipsyntax_a_value(s + 1, end, &s, a))
			return false;
		while (s < end && is_space(*s))
			s++;
		if (s >= end) { /* A only: the TXT of the fallback */
			const char *t = l->values[fallback].txt;
			*value = add_value(l, a, t, strlen(t));
			return true;
		}
		if (*s != ':')
			return false;
		s++;
		while (s < end && is_space(*s))
			s++;
	} else {
		memcpy(a, l->values[fallback].a, 4);
	}
	*value = add_value(l, a, s, (size_t)(end - s));
	return true;
}

static bool add_v4(struct localist *l, unsigned level, uint32_t addr, uint32_t count,
		   uint32_t value, uint32_t line)
{
	uint32_t step = 1u << (8 * level); /* one block of this level */

	if (count == 0)
		return true;
	if (!grow((void **)&l->v4[level], &l->v4_cap[level], l->v4_count[level] + count,
		  sizeof(struct v4_entry))) {
		l->oom = true;
		return false;
	}
	for (uint32_t k = 0; k < count; k++, addr += step) {
		struct v4_entry *e = &l->v4[level][l->v4_count[level]++];
		e->addr = addr;
		e->value = value;
		e->line = line;
	}
	return true;
}

/* Split [a, b] into whole /32, /24, /16 and /8 blocks, exactly as rbldnsd's
 * ip4set does (ds_ip4set_line's ip4range_expand_octet). */
static bool add_v4_range(struct localist *l, uint32_t a, uint32_t b, uint32_t value, uint32_t line)
{
	for (unsigned shift = 0; shift < 24; shift += 8) {
		unsigned level = shift / 8;
		if ((a | 255u) >= b) {
			if (b - a == 255u)
				return add_v4(l, level + 1, a << shift, 1, value, line);
			return add_v4(l, level, a << shift, b - a + 1, value, line);
		}
		if (a & 255u) {
			if (!add_v4(l, level, a << shift, 256u - (a & 255u), value, line))
				return false;
			a = (a >> 8) + 1;
		} else {
			a >>= 8;
		}
		if ((b & 255u) != 255u) {
			if (!add_v4(l, level, (b & ~255u) << shift, (b & 255u) + 1, value, line))
				return false;
			b = (b >> 8) - 1;
		} else {
			b >>= 8;
		}
	}
	return add_v4(l, 3, a << 24, b - a + 1, value, line);
}

static bool add_v6(struct localist *l, const unsigned char addr[16], unsigned bits,
		   uint32_t value, uint32_t line)
{
	if (!grow((void **)&l->v6, &l->v6_cap, l->v6_count + 1, sizeof *l->v6)) {
		l->oom = true;
		return false;
	}
	struct v6_entry *e = &l->v6[l->v6_count++];
	memcpy(e->addr, addr, 16);
	e->bits = (unsigned char)bits;
	e->value = value;
	e->line = line;
	return true;
}

/* "$n text" / "$= text": the first definition wins, as in rbldnsd. Other
 * specials ($SOA, $NS, $TTL, ...) are accepted and ignored. */
static bool special_line(struct localist *l, const char *s, const char *end)
{
	if (s + 2 <= end && (ascii_is_digit(s[0]) || s[0] == '=') && is_space(s[1])) {
		unsigned n = s[0] == '=' ? SUBST_BASE : (unsigned)(s[0] - '0');
		s += 2;
		while (s < end && is_space(*s))
			s++;
		if (s >= end)
			return false;
		if (!l->subst[n]) {
			size_t len = (size_t)(end - s);
			l->subst[n] = dup_text(s, len > TXT_TEMPLATE_MAX ? TXT_TEMPLATE_MAX : len);
			if (!l->subst[n])
				l->oom = true;
		}
		return true;
	}
	return s < end && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'));
}

/* One line, already trimmed of surrounding spaces, CR and NUL tails. */
static bool data_line(struct localist *l, const char *s, const char *end, uint32_t *def,
		      uint32_t line)
{
	bool excluded = false;
	uint32_t first, last, value;
	unsigned char a6[16];
	const char *after;

	if (*s == ':' && !(s + 1 < end && s[1] == ':')) {
		if (!parse_value(l, s, end, 0, &value) || value == EXCLUDED)
			return false;
		*def = value;
		return true;
	}
	if (*s == '!') {
		excluded = true;
		s++;
		while (s < end && is_space(*s))
			s++;
	}

	bool v4 = ipsyntax_ip4_range(s, end, &after, &first, &last);
	int bits = -1;
	if (!v4) {
		bits = ipsyntax_ip6_cidr(s, end, &after, a6);
		if (bits < 0 || !ipsyntax_mask6(a6, (unsigned)bits))
			return false;
	}
	if (after < end && !is_space(*after) && !is_comment(*after) && *after != ':')
		return false;
	while (after < end && is_space(*after))
		after++;

	if (excluded)
		value = EXCLUDED;
	else if (!parse_value(l, after, end, *def, &value) || value == EXCLUDED)
		return false;

	if (v4)
		return add_v4_range(l, first, last, value, line);
	return add_v6(l, a6, (unsigned)bits, value, line);
}

static int cmp_v4(const void *pa, const void *pb)
{
	const struct v4_entry *a = pa, *b = pb;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	/* an exclusion first: at the same level it beats any listing */
	bool xa = a->value == EXCLUDED, xb = b->value == EXCLUDED;
	if (xa != xb)
		return xa ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int cmp_v6(const void *pa, const void *pb)
{
	const struct v6_entry *a = pa, *b = pb;
	if (a->bits != b->bits)
		return a->bits > b->bits ? -1 : 1; /* longest prefixes first */
	int c = memcmp(a->addr, b->addr, 16);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void finish(struct localist *l)
{
	for (unsigned level = 0; level < LEVELS; level++)
		if (l->v4_count[level])
			qsort(l->v4[level], l->v4_count[level], sizeof(struct v4_entry), cmp_v4);
	if (l->v6_count)
		qsort(l->v6, l->v6_count, sizeof *l->v6, cmp_v6);
	/* Group the IPv6 entries by prefix length, longest first, so a lookup
	 * is one binary search per length actually present in the file. */
	l->v6_level_count = 0;
	for (size_t i = 0; i < l->v6_count; i++) {
		if (i == 0 || l->v6[i].bits != l->v6[i - 1].bits) {
			struct v6_level *lv = &l->v6_levels[l->v6_level_count++];
			lv->bits = l->v6[i].bits;
			lv->start = i;
			lv->count = 0;
		}
		l->v6_levels[l->v6_level_count - 1].count++;
	}
}

struct localist *localist_parse(const char *buf, size_t len, struct localist_stats *stats)
{
	static const unsigned char default_a[4] = { 127, 0, 0, 2 };
	struct localist *l = calloc(1, sizeof *l);
	uint32_t def = 0, line_no = 0;
	size_t bad = 0, pos = 0;

	if (!l)
		return NULL;
	/* Value 0 is rbldnsd's built-in default: 127.0.0.2 and no TXT. */
	if (add_value(l, default_a, "", 0) != 0)
		goto oom;

	while (pos < len) {
		const char *start = buf + pos;
		const char *nl = memchr(start, '\n', len - pos);
		const char *end = nl ? nl : buf + len;
		pos = (size_t)(end - buf) + (nl ? 1 : 0);
		line_no++;

		/* A NUL ends the line's content, as it did for rbldnsd's fgets. */
		const char *nul = memchr(start, '\0', (size_t)(end - start));
		if (nul)
			end = nul;
		while (start < end && is_space(*start))
			start++;
		while (end > start && (is_space(end[-1]) || end[-1] == '\r'))
			end--;
		if (start == end)
			continue;

		if (start[0] == '$' ||
		    ((is_comment(start[0]) || start[0] == ':') && end - start >= 2 && start[1] == '$')) {
			if (!special_line(l, start + (start[0] == '$' ? 1 : 2), end))
				bad++;
		} else if (!is_comment(start[0])) {
			if (!data_line(l, start, end, &def, line_no))
				bad++;
		}
		if (l->oom)
			goto oom;
	}
	finish(l);
	if (stats) {
		stats->entries = l->v6_count;
		for (unsigned level = 0; level < LEVELS; level++)
			stats->entries += l->v4_count[level];
		stats->bad_lines = bad;
	}
	return l;

oom:
	localist_free(l);
	return NULL;
}

struct localist *localist_load(const char *path, struct localist_stats *stats)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			size_t new_cap = cap ? cap * 2 : 65536;
			char *p = new_cap > cap ? realloc(buf, new_cap) : NULL;
			if (!p) {
				free(buf);
				close(fd);
				errno = ENOMEM;
				return NULL;
			}
			buf = p;
			cap = new_cap;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	struct localist *l = localist_parse(buf ? buf : "", len, stats);
	free(buf);
	if (!l)
		errno = ENOMEM;
	return l;
}

/* --- lookup -------------------------------------------------------------- */

/* First entry with addr == key, or NULL. */
static const struct v4_entry *find_v4(const struct v4_entry *e, size_t n, uint32_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e[mid].addr < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && e[lo].addr == key ? &e[lo] : NULL;
}

static const struct v6_entry *find_v6(const struct v6_entry *e, size_t n, const unsigned char key[16])
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(e[mid].addr, key, 16) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && memcmp(e[lo].addr, key, 16) == 0 ? &e[lo] : NULL;
}

static size_t append(char *out, size_t used, size_t cap, const char *text, size_t len)
{
	if (used + len > cap)
		len = cap - used;
	memcpy(out + used, text, len);
	return used + len;
}

/* rbldnsd's txtsubst(): "$" is the address, "$$" a dollar, "$0".."$9" the
 * variables (kept literally when undefined), "$=" the entry's own text inside
 * a "$=" base template. Output is at most TXT_OUT_MAX bytes. */
static size_t expand_txt(const struct localist *l, const char *txt, const char *ip, char *out)
{
	const char *base = l->subst[SUBST_BASE];
	const char *own;
	size_t used = 0;

	if (txt[0] == '=') {
		own = ++txt;
	} else if (base && *base) {
		own = *txt ? txt : ip;
		txt = base;
	} else {
		own = txt;
	}
	while (used < TXT_OUT_MAX) {
		const char *dollar = strchr(txt, '$');
		size_t plain = dollar ? (size_t)(dollar - txt) : strlen(txt);
		used = append(out, used, TXT_OUT_MAX, txt, plain);
		if (!dollar)
			break;
		const char *s = dollar + 1;
		if (*s == '$') {
			used = append(out, used, TXT_OUT_MAX, "$", 1);
			s++;
		} else if (ascii_is_digit(*s)) {
			const char *var = l->subst[*s - '0'];
			used = var ? append(out, used, TXT_OUT_MAX, var, strlen(var))
				   : append(out, used, TXT_OUT_MAX, dollar, 2);
			s++;
		} else if (*s == '=') {
			used = append(out, used, TXT_OUT_MAX, own, strlen(own));
			s++;
		} else {
			used = append(out, used, TXT_OUT_MAX, ip, strlen(ip));
		}
		txt = s;
	}
	return used;
}

int localist_lookup(const struct localist *l, const struct client_addr *a,
		    unsigned char aval[4], char *txt, size_t txtlen)
{
	uint32_t value = EXCLUDED;
	bool found = false;

	if (txtlen)
		txt[0] = '\0';
	if (!l || !a)
		return 0;
	if (a->family == AF_INET) {
		uint32_t q = (uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 |
			     (uint32_t)a->bytes[2] << 8 | a->bytes[3];
		for (unsigned level = 0; level < LEVELS && !found; level++) {
			const struct v4_entry *e = find_v4(l->v4[level], l->v4_count[level],
							   q & ipsyntax_mask4(32 - 8 * level));
			if (e) {
				found = true;
				value = e->value;
			}
		}
	} else if (a->family == AF_INET6) {
		for (size_t k = 0; k < l->v6_level_count && !found; k++) {
			const struct v6_level *lv = &l->v6_levels[k];
			unsigned char key[16];
			memcpy(key, a->bytes, 16);
			ipsyntax_mask6(key, lv->bits);
			const struct v6_entry *e = find_v6(l->v6 + lv->start, lv->count, key);
			if (e) {
				found = true;
				value = e->value;
			}
		}
	}
	if (!found || value == EXCLUDED)
		return 0;

	const struct list_value *v = &l->values[value];
	memcpy(aval, v->a, 4);
	if (txtlen) {
		char expanded[TXT_OUT_MAX];
		char ip[ADDR_TEXT_MAX + 1];
		memcpy(ip, a->text, ADDR_TEXT_MAX);
		ip[ADDR_TEXT_MAX] = '\0'; /* a->text is trusted to be terminated, but cheaply made sure */
		size_t n = expand_txt(l, v->txt, ip, expanded);
		if (n > txtlen - 1)
			n = txtlen - 1;
		memcpy(txt, expanded, n);
		txt[n] = '\0';
	}
	return 1;
}

void localist_free(struct localist *l)
{
	if (!l)
		return;
	for (unsigned level = 0; level < LEVELS; level++)
		free(l->v4[level]);
	free(l->v6);
	for (size_t i = 0; i < l->value_count; i++)
		free(l->values[i].txt);
	free(l->values);
	for (unsigned n = 0; n < SUBST_COUNT; n++)
		free(l->subst[n]);
	free(l);
}
