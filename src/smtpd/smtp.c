/* SPDX-License-Identifier: ISC */
/* smtp: the refusal dialogue; see smtp.h. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
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

/* How the dialogue ends on -t or SIGTERM and still lets its caller log.
 *
 * The alarm must end a write() that blocks on a client that never reads its
 * replies (COMPAT(0.88): djb's alarm did, by dying), yet the connection's
 * last lines (rejected-more, the summary) must still be logged afterwards
 * (rblsmtpd(8) LOG FORMAT), and a signal handler can log nothing safely. So
 * the handler never logs: it notes that the dialogue is over (`ended`) and,
 * when it interrupted a reply's write() (`writing` is set only around that
 * one system call, so nothing else can be half done: no lock held, no buffer
 * half updated), siglongjmps out of it back into smtp_run, which returns.
 * Fired anywhere else it only notes: smtp_run looks at `ended` before every
 * wait and every write, and poll() already stops at the -t deadline; say()
 * sets `writing` before it looks, so a signal can never slip in between the
 * look and a write that then blocks. The caller then logs. Should that
 * block too (a stalled stderr pipe), the handler has armed the alarm once
 * more: its next firing, SMTP_GRACE_S later, ends the process as 0.88 did.
 * No signal mask is saved or restored (sigsetjmp's 0, SA_NODEFER: the
 * handler blocks nothing), so the jump makes no system call: the refusal's
 * seccomp filter (sandbox.h) has no rt_sigprocmask. */
static sigjmp_buf out_of_write;
static volatile sig_atomic_t writing, ended;

static void end_dialogue(int sig)
{
	if (sig == SIGALRM && ended)
		_exit(0); /* the grace is over: logging blocked as well */
	if (!ended) {
		ended = 1;
		alarm(SMTP_GRACE_S);
	}
	if (writing) {
		writing = 0;
		siglongjmp(out_of_write, 1);
	}
}

static void catch_end(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = end_dialogue;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocked wait returns EINTR; SA_NODEFER: nothing is
	 * blocked during the handler, so leaving it by siglongjmp leaves no
	 * mask to restore (end_dialogue may run nested: it only sets flags, arms
	 * the alarm, and jumps to the same place) */
	sa.sa_flags = SA_NODEFER;
	sigaction(sig, &sa, NULL);
}

/* One write per reply, retried on EINTR and short writes; false once the
 * dialogue has ended (see above) or the client is gone. */
static bool say(int fd, const char *a, const char *b)
{
	char buf[REPLY_MAX];
	int len = snprintf(buf, sizeof buf, "%s%s\r\n", a, b);
	if (len < 0)
		return false;
	if ((size_t)len >= sizeof buf)
		len = sizeof buf - 1;
	for (size_t off = 0; off < (size_t)len;) {
		writing = 1;
		atomic_signal_fence(memory_order_seq_cst);
		if (ended) {
			writing = 0;
			return false;
		}
		ssize_t w = write(fd, buf + off, (size_t)len - off);
		atomic_signal_fence(memory_order_seq_cst);
		writing = 0;
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += (size_t)w;
	}
	return true;
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
	 * client that never reads its replies (end_dialogue). */
	if (sigsetjmp(out_of_write, 0))
		return; /* the alarm or SIGTERM, during a blocked write */
	catch_end(SIGALRM);
	catch_end(SIGTERM);
	alarm(d->timeout_s > ALARM_MAX_S ? ALARM_MAX_S : (unsigned)d->timeout_s + 1);
	snprintf(ok_reply, sizeof ok_reply, "250 %s", d->banner);
	if (!say(d->out, "220 ", d->banner))
		return;
	for (;;) {
		if (ended)
			return;
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
