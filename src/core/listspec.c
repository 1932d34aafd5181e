/* SPDX-License-Identifier: ISC */
/* listspec: parse one -r/-a argument, "[name@]zone[=filter][*weight][:message]".
 *
 * This module owns only the syntax of a list argument and the name a list is
 * shown by. It does no I/O, keeps no state, and never looks at DNS label
 * lengths: djb's rblsmtpd accepted any base and failed at lookup time, and a
 * drop-in must do the same (an over-long name is a temporary lookup failure
 * there, not a usage error here: too_long is set and the engine fails it). */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "listspec.h"

/* Largest |weight| accepted: enough for any scoring scheme, and far from
 * overflowing an int when a few hundred lists are summed. */
#define LISTSPEC_WEIGHT_MAX 1000000

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parse a decimal octet value 0..255 at text[*pos], advancing *pos.
 * Stops as soon as the value exceeds 255, so hostile digit runs cost nothing. */
static bool parse_octet_value(const char *text, size_t len, size_t *pos, unsigned *out)
{
	size_t i = *pos;
	unsigned value = 0;

	if (i >= len || !is_digit(text[i]))
		return false;
	while (i < len && is_digit(text[i])) {
		value = value * 10 + (unsigned)(text[i] - '0');
		if (value > 255)
			return false;
		i++;
	}
	*pos = i;
	*out = value;
	return true;
}

static void set_bits(uint8_t set[32], unsigned lo, unsigned hi)
{
	for (unsigned v = lo; v <= hi; v++)
		set[v >> 3] |= (uint8_t)(1u << (v & 7));
}

/* One octet field: "N" or "[N;N..M;...]" (Postfix's ';' separator: ',' would
 * clash with Postfix list syntax, so postscreen users never write it). */
static bool parse_octet_field(const char *text, size_t len, size_t *pos, uint8_t set[32])
{
	size_t i = *pos;
	unsigned lo, hi;

	if (i < len && text[i] == '[') {
		i++;
		for (;;) {
			if (!parse_octet_value(text, len, &i, &lo))
				return false;
			hi = lo;
			if (i + 2 <= len && text[i] == '.' && text[i + 1] == '.') {
				i += 2;
				if (!parse_octet_value(text, len, &i, &hi))
					return false;
				if (hi < lo)
					return false; /* a reversed range is a typo, not an empty set */
			}
			set_bits(set, lo, hi);
			if (i < len && text[i] == ';') {
				i++;
				continue;
			}
			if (i < len && text[i] == ']') {
				i++;
				break;
			}
			return false;
		}
	} else {
		if (!parse_octet_value(text, len, &i, &lo))
			return false;
		set_bits(set, lo, lo);
	}
	*pos = i;
	return true;
}

static bool afilter_parse_n(const char *text, size_t len, struct a_filter *out)
{
	size_t i = 0;

	memset(out, 0, sizeof *out);
	for (int octet = 0; octet < 4; octet++) {
		if (octet > 0) {
			if (i >= len || text[i] != '.')
				return false;
			i++;
		}
		if (!parse_octet_field(text, len, &i, out->allow[octet]))
			return false;
	}
	return i == len;
}

bool afilter_parse(const char *text, struct a_filter *out)
{
	return afilter_parse_n(text, strlen(text), out);
}

bool afilter_match(const struct a_filter *f, const unsigned char a[4])
{
	for (int octet = 0; octet < 4; octet++)
		if (!(f->allow[octet][a[octet] >> 3] & (1u << (a[octet] & 7))))
			return false;
	return true;
}

/* "[+-]digits", bounded by LISTSPEC_WEIGHT_MAX. */
static bool parse_weight(const char *text, size_t len, int *out)
{
	size_t i = 0;
	bool negative = false;
	long value = 0;

	if (i < len && (text[i] == '+' || text[i] == '-')) {
		negative = text[i] == '-';
		i++;
	}
	if (i >= len)
		return false;
	for (; i < len; i++) {
		if (!is_digit(text[i]))
			return false;
		value = value * 10 + (text[i] - '0');
		if (value > LISTSPEC_WEIGHT_MAX)
			return false;
	}
	*out = negative ? (int)-value : (int)value;
	return true;
}

/* Zone families whose queries carry the customer's key as their first
 * label; the key must never be shown (rblsmtpd(8), Lists). */
static const struct {
	const char *name;
	size_t len;
} keyed_suffixes[] = { { "dq.spamhaus.net", 15 }, { "mail.abusix.zone", 16 } };

static bool ends_with_label(const char *zone, size_t end, const char *suffix, size_t slen)
{
	return end > slen && zone[end - slen - 1] == '.' &&
	       strncasecmp(zone + end - slen, suffix, slen) == 0;
}

size_t listspec_key_len(const char *zone, size_t len)
{
	size_t end = len;
	while (end > 0 && zone[end - 1] == '.')
		end--;
	/* rblstat asks for every list name it reads (B8): most end in a letter
	 * that no keyed suffix ends in, and are done here. */
	if (end < LISTSPEC_KEYED_MIN || ((zone[end - 1] | 0x20) != 't' && (zone[end - 1] | 0x20) != 'e'))
		return 0;
	for (size_t k = 0; k < sizeof keyed_suffixes / sizeof keyed_suffixes[0]; k++) {
		size_t slen = keyed_suffixes[k].len;
		if (!ends_with_label(zone, end, keyed_suffixes[k].name, slen))
			continue;
		size_t p = end - slen - 1;                      /* the '.' before the suffix */
		while (p > 0 && zone[p - 1] == '.')
			p--;
		size_t list = p;                                /* start of the list label */
		while (list > 0 && zone[list - 1] != '.')
			list--;
		if (list == p)
			return 0;                               /* no list label: nothing to hide */
		for (size_t i = 0; i < list; i++)
			if (zone[i] != '.')
				return list;                    /* a key before the list label */
		return 0;
	}
	return 0;
}

size_t listspec_shown_at_any(const char *zone, size_t len)
{
	size_t key = listspec_key_len(zone, len);
	return key && !memchr(zone, '/', len) ? key : 0;   /* a file path has no key */
}

/* Where the zone of a list argument begins: after "name@" when the
 * argument has one (the same test as parse_name, without its checks of
 * the name). head_len: the argument's length before its message. */
static size_t zone_start(const char *arg, size_t head_len)
{
	const char *at = memchr(arg, '@', head_len);
	if (!at)
		return 0;
	size_t name_len = (size_t)(at - arg);
	if (memchr(arg, '/', name_len) || strcspn(arg, "=*") < name_len)
		return 0;
	return name_len + 1;
}

void listspec_shown_arg(const char *arg, char *out, size_t outlen)
{
	size_t head_len = strcspn(arg, ":");
	size_t z = zone_start(arg, head_len);
	size_t zone_len = strcspn(arg + z, "=*:");
	size_t key = listspec_shown_at(arg + z, zone_len);
	snprintf(out, outlen, "%.*s%s", (int)z, arg, arg + z + key);
}

/* "name@" before the zone: the display name. A '/' before the '@' means a
 * file path that happens to contain '@', not a name. Returns the length of
 * "name@" (0 without one), or -1 when the name is unusable. */
static long parse_name(const char *arg, size_t head_len, struct list_spec *out)
{
	size_t start = zone_start(arg, head_len);
	if (!start)
		return 0;
	size_t name_len = start - 1;
	if (name_len == 0 || name_len + 1 > LISTSPEC_ZONE_MAX)
		return -1;
	for (size_t i = 0; i < name_len; i++)
		if ((unsigned char)arg[i] < 33 || (unsigned char)arg[i] > 126)
			return -1; /* it fills one space-separated log column */
	memcpy(out->zone, arg, name_len);
	out->zone[name_len] = '\0';
	return (long)name_len + 1;
}

/* The zone (or file path): zone_len bytes at zone. Copies it to query and,
 * unless a name was given, its keyless part to the shown name. Over-long is
 * not an error here (rblsmtpd(8) COMPATIBILITY): the list fails when it is looked up. */
static void set_zone(const char *zone, size_t zone_len, bool named, struct list_spec *out)
{
	size_t keep = zone_len < LISTSPEC_ZONE_MAX ? zone_len : LISTSPEC_ZONE_MAX - 1;
	out->too_long = zone_len >= LISTSPEC_ZONE_MAX;
	memcpy(out->query, zone, keep);
	out->query[keep] = '\0';
	out->is_file = memchr(zone, '/', zone_len) != NULL;
	if (named)
		return;
	size_t key = listspec_shown_at(zone, zone_len);
	size_t shown = zone_len - key < LISTSPEC_ZONE_MAX ? zone_len - key : LISTSPEC_ZONE_MAX - 1;
	memcpy(out->zone, zone + key, shown);
	out->zone[shown] = '\0';
}

/* "=filter" and "*weight", in that order, from arg[*pos] to head_len. */
static const char *parse_filter_weight(const char *arg, size_t head_len, size_t *pos,
				       struct list_spec *out)
{
	size_t i = *pos;
	if (i < head_len && arg[i] == '=') {
		size_t start = ++i;
		while (i < head_len && arg[i] != '*')
			i++;
		if (i == start || !afilter_parse_n(arg + start, i - start, &out->filter))
			return "bad filter";
		out->has_filter = true;
	}
	if (i < head_len && arg[i] == '*') {
		size_t start = ++i;
		while (i < head_len && arg[i] != '=' && arg[i] != '*')
			i++;
		if (!parse_weight(arg + start, i - start, &out->weight))
			return "bad weight";
	}
	*pos = i;
	return NULL;
}

/* ":message" (message points past the ':'), taken verbatim. */
static const char *parse_message(const char *message, enum list_kind kind, struct list_spec *out)
{
	if (kind == LIST_ALLOW)
		return "-a takes no message";
	size_t message_len = strlen(message);
	if (message_len == 0)
		return "empty message";
	if (message_len + 1 > LISTSPEC_MESSAGE_MAX)
		return "message too long";
	memcpy(out->message, message, message_len + 1);
	out->has_message = true;
	return NULL;
}

bool listspec_parse(const char *arg, enum list_kind kind, struct list_spec *out,
		    const char **err)
{
	const char *reason = NULL;

	memset(out, 0, sizeof *out);
	out->kind = kind;
	out->weight = 1;

	/* The message may contain anything, '=' and '*' included, so it is cut
	 * off first; only the part before the first ':' has structure. */
	const char *message = strchr(arg, ':');
	size_t head_len = message ? (size_t)(message - arg) : strlen(arg);

	long name_len = parse_name(arg, head_len, out);
	if (name_len < 0) {
		*err = "bad display name";
		return false;
	}
	const char *zone = arg + name_len;
	head_len -= (size_t)name_len;
	size_t zone_len = strcspn(zone, "=*:");
	if (zone_len > head_len)
		zone_len = head_len;
	if (zone_len == 0) {
		*err = "empty zone";
		return false;
	}
	set_zone(zone, zone_len, name_len > 0, out);

	size_t i = zone_len;
	if (!(reason = parse_filter_weight(zone, head_len, &i, out)) && i != head_len)
		reason = "bad list syntax"; /* e.g. "zone*2=filter": parts out of order */
	if (!reason && message)
		reason = parse_message(message + 1, kind, out);
	if (reason) {
		*err = reason;
		return false;
	}
	return true;
}
