/* smtp: the refusal dialogue; see smtp.h. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "smtp.h"

static const struct { const char *name; enum smtp_verb verb; } verbs[] = {
	{ "HELO", SMTP_HELO }, { "EHLO", SMTP_EHLO }, { "MAIL", SMTP_MAIL },
	{ "RCPT", SMTP_RCPT }, { "DATA", SMTP_DATA }, { "RSET", SMTP_RSET },
	{ "NOOP", SMTP_NOOP }, { "QUIT", SMTP_QUIT },
};

enum smtp_verb smtp_verb_of(const char *line, size_t len)
{
	size_t vlen = 0;
	while (vlen < len && line[vlen] != ' ')
		vlen++;
	if (vlen != 4)
		return SMTP_OTHER;
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strncasecmp(line, verbs[i].name, 4) == 0 && memchr(line, '\0', 4) == NULL)
			return verbs[i].verb;
	return SMTP_OTHER;
}

bool smtp_verb_accepted(enum smtp_verb v)
{
	return v == SMTP_HELO || v == SMTP_EHLO || v == SMTP_MAIL || v == SMTP_RSET ||
	       v == SMTP_NOOP;
}

enum smtp_feed smtp_linebuf_feed(struct smtp_linebuf *lb, const char *buf, size_t n, size_t *pos)
{
	while (*pos < n) {
		char c = buf[(*pos)++];
		if (c == '\n') {
			bool was_overlong = lb->overlong;
			if (!was_overlong && lb->len > 0 && lb->line[lb->len - 1] == '\r')
				lb->len--;
			lb->line[lb->len] = '\0';
			lb->overlong = false;
			if (was_overlong) { /* its refusal went out already */
				lb->len = 0;
				continue;
			}
			return FEED_LINE;
		}
		if (lb->overlong)
			continue;
		if (lb->len >= SMTP_LINE_MAX) {
			/* The CR of a CRLF ending does not count, as the LF does not:
			 * a 1000-byte line is fine with either ending. */
			if (lb->len == SMTP_LINE_MAX && c == '\r') {
				lb->line[lb->len++] = c;
				continue;
			}
			lb->overlong = true;
			lb->len = SMTP_LINE_MAX; /* a CR kept above is not part of it */
			lb->line[lb->len] = '\0';
			return FEED_OVERLONG;
		}
		lb->line[lb->len++] = c;
	}
	return FEED_NEED_MORE;
}

/* One write per reply, retried on EINTR and short writes. */
static bool say(int fd, const char *a, const char *b)
{
	char buf[1100];
	int len = snprintf(buf, sizeof buf, "%s%s\r\n", a, b);
	if (len < 0)
		return false;
	if ((size_t)len >= sizeof buf)
		len = sizeof buf - 1;
	for (size_t off = 0; off < (size_t)len;) {
		ssize_t w = write(fd, buf + off, (size_t)len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += (size_t)w;
	}
	return true;
}

static void alarm_exit(int sig)
{
	(void)sig;
	_exit(0);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void smtp_run(const struct smtp_dialogue *d)
{
	struct smtp_linebuf lb = { .len = 0, .overlong = false };
	char buf[4096];
	char ok_reply[300];

	if (d->timeout_s == 0) { /* COMPAT(0.88): -t0 writes the refusal once */
		say(d->out, d->refusal, "");
		return;
	}
	long long deadline = now_ms() + (long long)d->timeout_s * 1000;
	/* COMPAT(0.88): an alarm bounds the whole dialogue, as djb's did. poll()
	 * already bounds the reads; the alarm also ends a write that blocks on a
	 * client that never reads its replies. */
	signal(SIGALRM, alarm_exit);
	alarm(d->timeout_s > 86400 ? 86400 : (unsigned)d->timeout_s + 1);
	snprintf(ok_reply, sizeof ok_reply, "250 %s", d->banner);
	if (!say(d->out, "220 ", d->banner))
		return;
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return;
		struct pollfd p = { .fd = d->in, .events = POLLIN };
		int rc = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return; /* timeout: drop silently, as 0.88 did */
		ssize_t got = read(d->in, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return;
		size_t pos = 0;
		enum smtp_feed f;
		while ((f = smtp_linebuf_feed(&lb, buf, (size_t)got, &pos)) != FEED_NEED_MORE) {
			enum smtp_verb v = f == FEED_OVERLONG ? SMTP_OVERLONG : smtp_verb_of(lb.line, lb.len);
			bool accepted = smtp_verb_accepted(v);
			if (d->hooks && d->hooks->on_command)
				d->hooks->on_command(d->hooks->ctx, v, lb.line, lb.len,
						     !accepted && v != SMTP_QUIT);
			if (f == FEED_LINE)
				lb.len = 0;
			if (v == SMTP_QUIT) {
				say(d->out, "221 ", d->banner);
				return;
			}
			if (!say(d->out, accepted ? ok_reply : d->refusal, ""))
				return;
		}
	}
}
