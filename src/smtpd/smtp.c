/* smtp: the refusal dialogue; see smtp.h. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "clock.h"
#include "smtp.h"

/* One reply: the longest we send is "220 " + a banner or "451 " + text, both
 * far shorter than a command line may be. */
#define REPLY_MAX (SMTP_LINE_MAX + sizeof "\r\n")
/* alarm() takes unsigned seconds; a day is as good as forever for a dialogue. */
#define ALARM_MAX_S (24 * 60 * 60)
/* poll() takes int milliseconds: wait in slices of at most this. */
#define POLL_SLICE_MS (1000 * 1000)

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
	char buf[REPLY_MAX];
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

/* Poll the client and, while it has any, the background work. Returns
 * poll's result for the client: > 0 readable, 0 not (yet), < 0 error. */
static int wait_client(int in, long long left, const struct smtp_background *bg, bool *bg_on)
{
	struct pollfd p[1 + SMTP_BACKGROUND_MAX];
	int timeout = left > POLL_SLICE_MS ? POLL_SLICE_MS : (int)left;
	int n = 0;
	p[0] = (struct pollfd){ .fd = in, .events = POLLIN, .revents = 0 };
	if (*bg_on) {
		int t = timeout;
		n = bg->fds(bg->ctx, p + 1, SMTP_BACKGROUND_MAX, &t);
		*bg_on = n > 0;
		if (n > 0 && t < timeout)
			timeout = t < 0 ? 0 : t;
	}
	int rc = poll(p, (nfds_t)(1 + n), timeout);
	if (rc < 0)
		return errno == EINTR ? 0 : -1;
	if (n > 0)
		bg->process(bg->ctx, p + 1, n);
	return p[0].revents ? 1 : 0;
}

void smtp_run(const struct smtp_dialogue *d)
{
	struct smtp_linebuf lb = { .len = 0, .overlong = false };
	char buf[SMTP_READ_CHUNK];
	char ok_reply[sizeof "250 " + SMTP_BANNER_MAX];

	if (d->timeout_s == 0) { /* COMPAT(0.88): -t0 writes the refusal once */
		say(d->out, d->refusal, "");
		return;
	}
	long long deadline = clock_ms() + (long long)d->timeout_s * 1000;
	bool bg_on = d->bg != NULL;
	/* COMPAT(0.88): an alarm bounds the whole dialogue, as djb's did. poll()
	 * already bounds the reads; the alarm also ends a write that blocks on a
	 * client that never reads its replies. */
	signal(SIGALRM, alarm_exit);
	alarm(d->timeout_s > ALARM_MAX_S ? ALARM_MAX_S : (unsigned)d->timeout_s + 1);
	snprintf(ok_reply, sizeof ok_reply, "250 %s", d->banner);
	if (!say(d->out, "220 ", d->banner))
		return;
	for (;;) {
		long long left = deadline - clock_ms();
		if (left <= 0)
			return; /* timeout: drop silently, as 0.88 did */
		int rc = wait_client(d->in, left, d->bg, &bg_on);
		if (rc < 0)
			return;
		if (rc == 0)
			continue;
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
