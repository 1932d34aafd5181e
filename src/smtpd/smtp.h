/* SPDX-License-Identifier: ISC */
/* smtp: the small dialogue held with a refused client.
 *
 * COMPAT(0.88): "220 <banner>"; HELO, EHLO, MAIL, RSET, NOOP → "250 <banner>";
 * QUIT → "221 <banner>" and the end; every other line → the refusal. The verb
 * is the text before the first space, compared case-insensitively; one CR
 * before the LF is dropped. The timeout bounds the whole dialogue, after which
 * the connection is dropped silently.
 * Ours: a line over SMTP_LINE_MAX bytes is answered once with the refusal and
 * discarded up to its LF; a client that goes away ends the dialogue cleanly;
 * SIGTERM ends it as the timeout does. smtp_run returns on every one of these
 * ends, a write blocked on a client that never reads included, so that the
 * caller can log; it then has SMTP_GRACE_S seconds before the alarm ends the
 * process (see smtp.c, end_dialogue). */
#ifndef CORE_SMTP_H
#define CORE_SMTP_H
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#define SMTP_LINE_MAX 1000
#define SMTP_BANNER_MAX 200   /* the greeting name ($RBLGREETING), cut to this */
#define SMTP_READ_CHUNK 4096  /* bytes taken from the client per read() */
#define SMTP_GRACE_S 5        /* after -t or SIGTERM, for the caller's last log
			       * lines: more than the syslog sink's 3 s budget */

enum smtp_verb {
	SMTP_OTHER, SMTP_HELO, SMTP_EHLO, SMTP_MAIL, SMTP_RCPT, SMTP_DATA,
	SMTP_RSET, SMTP_NOOP, SMTP_QUIT, SMTP_OVERLONG,
};

/* Called for every command before its reply; line excludes CR/LF (for
 * SMTP_OVERLONG, the first SMTP_LINE_MAX bytes). refused: the reply is the refusal. */
struct smtp_hooks {
	void (*on_command)(void *ctx, enum smtp_verb verb, const char *line, size_t len,
			   bool refused);
	void *ctx;
};

/* Other work to do while the dialogue waits for the client (rblsmtpd -vv:
 * read the DNS answers still pending, for the log). fds fills at most max
 * pollfds and may lower *timeout_ms; it returns how many, 0 when there is
 * nothing more to do (it is not asked again). process gets them back after
 * every poll. Replies are never held up: the client's bytes are answered as
 * soon as they are read. */
#define SMTP_BACKGROUND_MAX 64
struct smtp_background {
	int (*fds)(void *ctx, struct pollfd *pfd, int max, int *timeout_ms);
	void (*process)(void *ctx, const struct pollfd *pfd, int n);
	void *ctx;
};

struct smtp_dialogue {
	int in, out;
	const char *refusal;        /* "451 text", without CRLF */
	const char *banner;         /* "rblsmtpd.local" unless $RBLGREETING */
	unsigned long timeout_s;    /* -t; 0 = write the refusal once, no dialogue */
	const struct smtp_hooks *hooks; /* may be NULL */
	const struct smtp_background *bg; /* may be NULL */
};

/* The verb of a line (CR/LF already removed). Pure. */
enum smtp_verb smtp_verb_of(const char *line, size_t len);

/* Does this verb get "250 banner" (true) or the refusal (false)? QUIT aside. */
bool smtp_verb_accepted(enum smtp_verb v);

/* Line assembly, pure: feed bytes, get complete lines. */
struct smtp_linebuf {
	char line[SMTP_LINE_MAX + 2]; /* + a CR that may end it, + NUL */
	size_t len;
	bool overlong;   /* this line passed SMTP_LINE_MAX; discard up to LF */
};
enum smtp_feed { FEED_NEED_MORE, FEED_LINE, FEED_OVERLONG };
/* Consume bytes from buf[*pos..n). Returns FEED_LINE with a complete line in
 * lb->line/lb->len (CR LF removed), FEED_OVERLONG once when a line grows past
 * SMTP_LINE_MAX, or FEED_NEED_MORE when buf is used up. */
enum smtp_feed smtp_linebuf_feed(struct smtp_linebuf *lb, const char *buf, size_t n, size_t *pos);

/* Run the dialogue to its end (QUIT, EOF, error, timeout or SIGTERM).
 * Installs handlers for SIGALRM and SIGTERM (the process never execs after). */
void smtp_run(const struct smtp_dialogue *d);

#endif
