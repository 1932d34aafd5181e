/* SPDX-License-Identifier: ISC */
/* envelope: HELO, MAIL FROM and RCPT TO of a refused client; see envelope.h. */
#include <strings.h>
#include "envelope.h"
#include "logfmt.h"

static void store(char *field, const char *src, size_t len)
{
	if (len == 0) {
		field[0] = '\0'; /* unknown: logged as "-" */
		return;
	}
	logfmt_field(src, len, field, ENVELOPE_FIELD_MAX);
}

/* Everything after the verb, without the spaces around it. */
static const char *argument(const char *line, size_t len, size_t *alen)
{
	size_t i = 4;
	if (len <= i) {
		*alen = 0;
		return line + len;
	}
	while (i < len && line[i] == ' ')
		i++;
	size_t end = len;
	while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t'))
		end--;
	*alen = end - i;
	return line + i;
}

size_t envelope_address(const char *p, size_t len, const char *keyword, size_t *start)
{
	size_t i = 0, klen = 0;
	while (keyword[klen])
		klen++;
	if (len >= klen && strncasecmp(p, keyword, klen) == 0)
		i = klen;
	while (i < len && p[i] == ' ') /* "MAIL FROM: <a@b>" is common enough */
		i++;
	*start = i;
	if (i == len)
		return 0;
	size_t j = i;
	if (p[i] != '<') {
		while (j < len && p[j] != ' ')
			j++;
		return j - i;
	}
	bool quoted = false;
	for (j = i + 1; j < len; j++) {
		if (p[j] == '\\' && j + 1 < len)
			j++;
		else if (p[j] == '"')
			quoted = !quoted;
		else if (p[j] == '>' && !quoted)
			return j + 1 - i;
	}
	return len - i; /* never closed: keep all of it, as sent */
}

enum smtp_verb envelope_feed(struct envelope *e, enum smtp_verb verb, const char *line,
			     size_t len)
{
	if (verb == SMTP_OVERLONG)
		verb = smtp_verb_of(line, len);
	size_t alen, start;
	const char *arg = argument(line, len, &alen);

	switch (verb) {
	case SMTP_HELO:
	case SMTP_EHLO:
		store(e->helo, arg, alen);
		e->from[0] = e->to[0] = '\0'; /* RFC 5321 4.1.4: a new session */
		break;
	case SMTP_RSET:
		e->from[0] = e->to[0] = '\0';
		break;
	case SMTP_MAIL: {
		size_t n = envelope_address(arg, alen, "FROM:", &start);
		store(e->from, arg + start, n);
		e->to[0] = '\0';
		break;
	}
	case SMTP_RCPT: {
		size_t n = envelope_address(arg, alen, "TO:", &start);
		store(e->to, arg + start, n);
		break;
	}
	default:
		break;
	}
	return verb;
}
