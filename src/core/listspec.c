/* listspec: parse one -r/-a argument, "zone[=filter][*weight][:message]".
 *
 * This module owns only the syntax of a list argument. It does no I/O, keeps
 * no state, and never looks at DNS label lengths: djb's rblsmtpd accepted any
 * base and failed at lookup time, and a drop-in must do the same (an over-long
 * name is a temporary lookup failure there, not a usage error here). */
#include <string.h>
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

bool listspec_parse(const char *arg, enum list_kind kind, struct list_spec *out,
		    const char **err)
{
	size_t zone_len, filter_start, filter_len = 0, weight_start, weight_len = 0;
	const char *message = NULL;
	const char *reason = NULL;

	memset(out, 0, sizeof *out);
	out->kind = kind;
	out->weight = 1;

	/* The message may contain anything, '=' and '*' included, so it is cut
	 * off first; only the part before the first ':' has structure. */
	message = strchr(arg, ':');
	size_t head_len = message ? (size_t)(message - arg) : strlen(arg);

	zone_len = strcspn(arg, "=*:");
	if (zone_len > head_len)
		zone_len = head_len;
	if (zone_len == 0) {
		reason = "empty zone";
		goto fail;
	}
	if (zone_len + 1 > LISTSPEC_ZONE_MAX) {
		reason = "zone too long";
		goto fail;
	}
	memcpy(out->zone, arg, zone_len);
	out->zone[zone_len] = '\0';
	out->is_file = memchr(out->zone, '/', zone_len) != NULL;

	size_t i = zone_len;
	if (i < head_len && arg[i] == '=') {
		filter_start = ++i;
		while (i < head_len && arg[i] != '*')
			i++;
		filter_len = i - filter_start;
		if (filter_len == 0 || !afilter_parse_n(arg + filter_start, filter_len, &out->filter)) {
			reason = "bad filter";
			goto fail;
		}
		out->has_filter = true;
	}
	if (i < head_len && arg[i] == '*') {
		weight_start = ++i;
		while (i < head_len && arg[i] != '=' && arg[i] != '*')
			i++;
		weight_len = i - weight_start;
		if (!parse_weight(arg + weight_start, weight_len, &out->weight)) {
			reason = "bad weight";
			goto fail;
		}
	}
	if (i != head_len) {
		reason = "bad list syntax"; /* e.g. "zone*2=filter": parts out of order */
		goto fail;
	}

	if (message) {
		if (kind == LIST_ALLOW) {
			reason = "-a takes no message";
			goto fail;
		}
		message++;
		size_t message_len = strlen(message);
		if (message_len == 0) {
			reason = "empty message";
			goto fail;
		}
		if (message_len + 1 > LISTSPEC_MESSAGE_MAX) {
			reason = "message too long";
			goto fail;
		}
		memcpy(out->message, message, message_len + 1);
		out->has_message = true;
	}
	return true;

fail:
	*err = reason;
	return false;
}
