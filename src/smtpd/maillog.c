/* SPDX-License-Identifier: ISC */
/* maillog: the -v log lines and their sink; see maillog.h. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "clientfd.h"
#include "dnsanswer.h"
#include "logfmt.h"
#include "maillog.h"

/* A bounded appender: never writes past cap, always NUL-terminated. */
struct buf {
	char *p;
	size_t cap, len;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->cap == 0)
		return;
	if (n > b->cap - 1 - b->len)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* One column: a space before it unless it is the first, then the field. */
static void field(struct buf *b, const char *s)
{
	char f[MAILLOG_FIELD_MAX + 1];
	size_t n = logfmt_field(s, s ? strlen(s) : 0, f, MAILLOG_FIELD_MAX);
	if (b->len)
		put(b, " ", 1);
	put(b, f, n);
}

static struct buf buf_of(char *out, size_t outlen)
{
	struct buf b = { out, outlen, 0 };
	if (outlen)
		out[0] = '\0';
	return b;
}

size_t maillog_fmt_blocked(char *out, size_t outlen, const char *list,
			   const struct maillog_conn *c)
{
	struct buf b = buf_of(out, outlen);
	field(&b, list);
	field(&b, logfmt_events[LOGFMT_BLOCKED].word);
	field(&b, c->ip);
	field(&b, c->host);
	field(&b, c->info);
	return b.len;
}

size_t maillog_fmt_rejected(char *out, size_t outlen, const char *list,
			    const struct maillog_conn *c, const struct envelope *env)
{
	struct buf b = buf_of(out, outlen);
	field(&b, list);
	field(&b, logfmt_events[LOGFMT_REJECTED].word);
	field(&b, c->ip);
	field(&b, c->host);
	field(&b, c->info);
	field(&b, env->helo);
	field(&b, env->from);
	field(&b, env->to);
	return b.len;
}

size_t maillog_fmt_rejected_more(char *out, size_t outlen, const char *list,
				 const struct maillog_conn *c, unsigned long long count)
{
	struct buf b = buf_of(out, outlen);
	char num[24];
	snprintf(num, sizeof num, "%llu", count);
	field(&b, list);
	field(&b, logfmt_events[LOGFMT_REJECTED_MORE].word);
	field(&b, c->ip);
	field(&b, c->host);
	field(&b, c->info);
	field(&b, num);
	return b.len;
}

static void format_code(const unsigned char a[4], char *out, size_t outlen)
{
	snprintf(out, outlen, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

size_t maillog_fmt_warning(char *out, size_t outlen, const char *list, const char *ip,
			   const struct lookup *r)
{
	struct buf b = buf_of(out, outlen);
	char detail[64];
	int ev = logfmt_warning_of(r);

	if (ev < 0)
		return 0;
	if (ev == LOGFMT_ERROR) {
		char code[20];
		format_code(r->code, code, sizeof code);
		snprintf(detail, sizeof detail, "%s=%s", code, dnsanswer_error_meaning(r->code));
	} else if (r->fail == FAIL_OTHER) {
		snprintf(detail, sizeof detail, "%s", LOGFMT_UNUSABLE);
	} else {
		snprintf(detail, sizeof detail, "%ums", r->ms);
	}
	field(&b, list);
	field(&b, logfmt_events[ev].word);
	field(&b, ip);
	field(&b, detail);
	return b.len;
}

size_t maillog_fmt_badaddr(char *out, size_t outlen, const char *raw)
{
	struct buf b = buf_of(out, outlen);
	field(&b, "-");
	field(&b, logfmt_events[LOGFMT_BADADDRESS].word);
	field(&b, raw);
	field(&b, LOGFMT_NOT_AN_IP);
	return b.len;
}

size_t maillog_fmt_sandbox(char *out, size_t outlen, const char *ip, const char *why)
{
	struct buf b = buf_of(out, outlen);
	field(&b, "-");
	field(&b, logfmt_events[LOGFMT_SANDBOX].word);
	field(&b, ip);
	field(&b, why);
	return b.len;
}

size_t maillog_fmt_resolver(char *out, size_t outlen, const char *server, const char *why,
			    const char *ip)
{
	struct buf b = buf_of(out, outlen);
	field(&b, logfmt_events[LOGFMT_RESOLVER].word);
	field(&b, why);
	field(&b, ip);
	field(&b, server);
	return b.len;
}

void maillog_result(const struct lookup *r, char *out, size_t outlen)
{
	enum logfmt_result w = logfmt_result_of_lookup(r);
	char code[20] = "";
	if (logfmt_results[w].has_code) {
		code[0] = ':';
		format_code(r->code, code + 1, sizeof code - 1);
	}
	snprintf(out, outlen, "%s%s", logfmt_results[w].word, code);
}

size_t maillog_fmt_summary(char *out, size_t outlen, const char *ip,
			   const struct config *cfg, const struct lookup *res, size_t n,
			   const struct verdict *v, const char *by, unsigned ms,
			   unsigned waited)
{
	struct buf b = buf_of(out, outlen);
	char num[24];

	field(&b, logfmt_events[LOGFMT_SUMMARY].word);
	field(&b, ip);
	if (v->kind == VERDICT_REFUSE)
		field(&b, logfmt_verdict_words[v->code == 553 ? LOGFMT_V_553 : LOGFMT_V_451]);
	else
		field(&b, logfmt_verdict_words[LOGFMT_V_ACCEPT]);
	field(&b, by);
	snprintf(num, sizeof num, "%u", ms);
	field(&b, num);
	put(&b, " ", 1);
	if (n == 0) {
		put(&b, "-", 1);
		return b.len;
	}
	for (size_t i = 0; i < n; i++) {
		/* zone, sanitised, and ',' made '?' too: it separates entries. */
		char zone[MAILLOG_FIELD_MAX + 1], result[40], entry[MAILLOG_FIELD_MAX + 64];
		const char *z = cfg->actions[i].spec.zone;
		logfmt_field(z, strlen(z), zone, MAILLOG_FIELD_MAX);
		for (char *c = zone; *c; c++)
			if (*c == ',')
				*c = '?';
		maillog_result(&res[i], result, sizeof result);
		unsigned at = res[i].state == LOOKUP_PENDING ? waited : res[i].ms;
		int len = snprintf(entry, sizeof entry, "%s%s=%s@%u", i ? "," : "", zone, result, at);
		/* Whole entries only: a cut one would make the column unreadable. */
		if (len < 0 || (size_t)len >= sizeof entry || b.len + (size_t)len >= b.cap)
			break;
		put(&b, entry, (size_t)len);
	}
	return b.len;
}

static bool failed(const struct lookup *r)
{
	return r->state == LOOKUP_TEMPFAIL || r->state == LOOKUP_PENDING;
}

const char *maillog_decider(const struct config *cfg, const struct lookup *res,
			    const struct verdict *v)
{
	if (v->kind == VERDICT_REFUSE) {
		if (v->by >= 0 && (size_t)v->by < cfg->nactions)
			return cfg->actions[v->by].spec.zone;
		for (size_t i = 0; i < cfg->nactions; i++)
			if (cfg->actions[i].spec.kind == LIST_BLOCK && cfg->actions[i].failclosed &&
			    failed(&res[i]))
				return cfg->actions[i].spec.zone;
		for (size_t i = 0; i < cfg->nactions; i++)
			if (failed(&res[i]))
				return cfg->actions[i].spec.zone;
		return "-";
	}
	if (v->kind == VERDICT_ACCEPT)
		for (size_t i = 0; i < cfg->nactions; i++)
			if (cfg->actions[i].spec.kind == LIST_ALLOW && res[i].state == LOOKUP_LISTED)
				return cfg->actions[i].spec.zone;
	return "-";
}

/* The sink. */

static const struct { const char *name; int code; } facilities[] = {
	{ "mail", LOG_MAIL }, { "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

void maillog_init(struct maillog *l, const struct config *cfg, const struct maillog_conn *c)
{
	memset(l, 0, sizeof *l);
	l->fd = -1;
	l->socket_path = MAILLOG_SOCKET;
	l->verbose = cfg->verbose;
	l->fd2_client = -1;
	/* the facility even without -v: maillog_stderr may need syslog */
	l->facility = LOG_MAIL;
	for (size_t i = 0; i < sizeof facilities / sizeof facilities[0]; i++)
		if (strcmp(cfg->log_facility, facilities[i].name) == 0)
			l->facility = facilities[i].code;
	l->wait_left_ms = MAILLOG_WAIT_MS;
	if (!l->verbose)
		return;
	l->to_stderr = cfg->log_target == LOG_TO_STDERR;
	l->start_ms = clock_ms();
	l->conn = *c;
	l->list = "-";
	l->rejected_max = cfg->rejected_max;
}

static void open_socket(struct maillog *l)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", l->socket_path);
	/* CLOEXEC: the socket must never leak into the server we exec. */
	l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0) {
		l->fd = -2;
		return;
	}
	if (connect(l->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(l->fd);
		l->fd = -2; /* no syslog daemon: drop every line, cheaply */
	}
}

/* Wait for room on the socket. A daemon that frees no room for
 * MAILLOG_STALL_MS is taken as hung: this line and every later one are
 * dropped without waiting again. One that is alive but slow gets more time,
 * up to MAILLOG_WAIT_MS in all for the connection. */
static bool wait_room(struct maillog *l)
{
	if (l->wait_left_ms == 0)
		return false;
	unsigned wait = l->wait_left_ms < MAILLOG_STALL_MS ? l->wait_left_ms : MAILLOG_STALL_MS;
	long long t0 = clock_ms();
	struct pollfd p = { .fd = l->fd, .events = POLLOUT };
	int rc = poll(&p, 1, (int)wait);
	long long spent = clock_ms() - t0;
	l->wait_left_ms = spent >= l->wait_left_ms ? 0 : l->wait_left_ms - (unsigned)spent;
	if (rc == 0) {
		close(l->fd);
		l->fd = -2;
		return false;
	}
	return true;
}

/* Returns false when the line was dropped. */
static bool send_syslog(struct maillog *l, int priority, const char *msg, size_t len)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char dgram[MAILLOG_LINE_MAX + 64];
	struct tm tm;
	time_t t = time(NULL);
	bool reconnected = false;

	if (l->fd == -1)
		open_socket(l);
	if (l->fd < 0)
		return false;
	localtime_r(&t, &tm);
	/* RFC 3164 as glibc's syslog() writes it; month names never localised. */
	int n = snprintf(dgram, sizeof dgram, "<%d>%s %2d %02d:%02d:%02d rblsmtpd: %.*s",
			 l->facility | priority, months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, (int)len, msg);
	if (n < 0)
		return false;
	size_t dlen = (size_t)n < sizeof dgram ? (size_t)n : sizeof dgram - 1;
	for (;;) {
		if (send(l->fd, dgram, dlen, MSG_NOSIGNAL | MSG_DONTWAIT) >= 0)
			return true;
		if (errno == EINTR)
			continue;
		if ((errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) && wait_room(l))
			continue;
		if ((errno == ECONNREFUSED || errno == ENOTCONN) && !reconnected) {
			/* the daemon restarted: one new connection, then give up */
			reconnected = true;
			close(l->fd);
			open_socket(l);
			if (l->fd >= 0)
				continue;
		}
		return false; /* dropped: the mail path matters more than the line */
	}
}

static void send_stderr(const char *msg, size_t len)
{
	char line[MAILLOG_LINE_MAX + 16];
	int n = snprintf(line, sizeof line, "rblsmtpd: %.*s\n", (int)len, msg);
	if (n < 0)
		return;
	size_t left = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	const char *p = line;
	while (left > 0) {
		ssize_t w = write(2, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		left -= (size_t)w;
	}
}

/* fd 2 is the client's socket (xinetd, systemd's StandardError=inherit):
 * asked once, only when a line would go there. */
static bool fd2_is_client(struct maillog *l)
{
	if (l->fd2_client < 0)
		l->fd2_client = clientfd_same(2, 0, 1);
	return l->fd2_client;
}

void maillog_send(struct maillog *l, int priority, const char *msg, size_t len)
{
	if (!l->verbose)
		return;
	if (l->to_stderr && !fd2_is_client(l))
		send_stderr(msg, len);
	else if (!send_syslog(l, priority, msg, len) && !fd2_is_client(l))
		send_stderr(msg, len); /* given up on: a trace in the supervisor's log */
}

void maillog_stderr(struct maillog *l, int priority, const char *msg, size_t len)
{
	if (fd2_is_client(l))
		send_syslog(l, priority, msg, len);
	else
		send_stderr(msg, len);
}

void maillog_lookups(struct maillog *l, const struct config *cfg, const struct lookup *res,
		     size_t n, const struct verdict *v)
{
	char line[MAILLOG_LINE_MAX];
	size_t len;

	if (!l->verbose)
		return;
	long long ms = clock_ms() - l->start_ms;
	l->cfg = cfg;
	l->res = res;
	l->n = n;
	l->verdict = *v;
	l->verdict_ms = ms < 0 ? 0 : (unsigned)ms;
	l->verdict_timed = true;
	for (size_t i = 0; i < n; i++)
		if ((len = maillog_fmt_warning(line, sizeof line, cfg->actions[i].spec.zone,
					       l->conn.ip, &res[i])) > 0)
			maillog_send(l, MAILLOG_WARNING, line, len);
}

void maillog_resolver(struct maillog *l, const char *server, const char *why)
{
	char line[MAILLOG_LINE_MAX];
	if (!l->verbose)
		return;
	size_t len = maillog_fmt_resolver(line, sizeof line, server, why, l->conn.ip);
	maillog_send(l, MAILLOG_WARNING, line, len);
}

void maillog_sandbox(struct maillog *l, const char *why)
{
	char line[MAILLOG_LINE_MAX];
	if (!l->verbose)
		return;
	size_t len = maillog_fmt_sandbox(line, sizeof line, l->conn.ip, why);
	maillog_send(l, MAILLOG_WARNING, line, len);
}

void maillog_before_sandbox(struct maillog *l)
{
	if (!l->verbose)
		return;
	/* fstat, forbidden in the sandbox: asked now, as a line given up on by
	 * syslog may have to go to stderr (not to a client's fd 2) */
	bool client = fd2_is_client(l);
	if (l->to_stderr && !client)
		return;
	/* localtime_r reads /etc/localtime on its first call only */
	struct tm tm;
	time_t t = time(NULL);
	localtime_r(&t, &tm);
}

int maillog_socket(const struct maillog *l)
{
	return l->fd >= 0 ? l->fd : -1;
}

/* The summary (-vv). A list still pending was waited for until the reading
 * on of the late answers stopped (maillog_reading_done), or is still being
 * waited for now; without that reading, until the verdict. */
static void summary(struct maillog *l, const struct verdict *v, const char *by)
{
	char line[MAILLOG_LINE_MAX];
	unsigned ms = l->verdict_ms;
	unsigned waited = ms;

	if (l->verbose < 2)
		return;
	long long now = clock_ms() - l->start_ms;
	if (now < 0)
		now = 0;
	if (!l->verdict_timed) /* no list was asked, nor a refusal made */
		ms = (unsigned)now;
	if (l->reading_end_ms)
		waited = (unsigned)(l->reading_end_ms - l->start_ms);
	else if (l->reading_on)
		waited = (unsigned)now;
	if (l->reading_on && waited > l->cfg->dns_deadline_ms)
		waited = l->cfg->dns_deadline_ms; /* nothing is read after -T */
	size_t len = maillog_fmt_summary(line, sizeof line, l->conn.ip, l->cfg, l->res, l->n,
					 v, by, ms, waited);
	maillog_send(l, MAILLOG_INFO, line, len);
}

void maillog_reading_on(struct maillog *l)
{
	l->reading_on = true;
}

void maillog_reading_done(struct maillog *l)
{
	if (l->reading_on && !l->reading_end_ms && l->verbose)
		l->reading_end_ms = clock_ms();
}

const struct smtp_hooks *maillog_refusal(struct maillog *l, int code, const char *list)
{
	char line[MAILLOG_LINE_MAX];

	if (!l->verbose)
		return NULL;
	if (!l->verdict_timed) { /* $RBLSMTPD decided, no list was asked */
		long long ms = clock_ms() - l->start_ms;
		l->verdict_ms = ms < 0 ? 0 : (unsigned)ms;
		l->verdict_timed = true;
	}
	l->refusal = (struct verdict){ .kind = VERDICT_REFUSE, .code = code, .by = -1 };
	l->refusal_by = list;
	l->refusing = true;
	l->list = list;
	size_t len = maillog_fmt_blocked(line, sizeof line, list, &l->conn);
	maillog_send(l, MAILLOG_INFO, line, len);
	l->hooks.on_command = maillog_on_command;
	l->hooks.ctx = l;
	return &l->hooks;
}

void maillog_refusal_end(struct maillog *l)
{
	char line[MAILLOG_LINE_MAX];

	if (!l->verbose || !l->refusing)
		return;
	l->refusing = false;
	if (l->rejected_unlogged) {
		size_t len = maillog_fmt_rejected_more(line, sizeof line, l->list, &l->conn,
						       l->rejected_unlogged);
		maillog_send(l, MAILLOG_INFO, line, len);
	}
	summary(l, &l->refusal, l->refusal_by);
}

void maillog_accept(struct maillog *l)
{
	if (!l->verbose)
		return;
	if (l->verdict.kind == VERDICT_REFUSE) /* -i: the verdict went to the server */
		summary(l, &l->verdict, maillog_decider(l->cfg, l->res, &l->verdict));
	else {
		struct verdict v = { .kind = VERDICT_ACCEPT, .by = -1 };
		summary(l, &v, l->n ? maillog_decider(l->cfg, l->res, &v) : "-");
	}
}

void maillog_on_command(void *ctx, enum smtp_verb verb, const char *line, size_t len,
			bool refused)
{
	struct maillog *l = ctx;
	char msg[MAILLOG_LINE_MAX];

	if (envelope_feed(&l->env, verb, line, len) != SMTP_RCPT || !refused)
		return;
	/* Bounded: a pipelining client must not write gigabytes of log; the
	 * rest is counted and said once, at the end (maillog_refusal_end). */
	if (l->rejected_max && l->rejected_logged >= l->rejected_max) {
		l->rejected_unlogged++;
		return;
	}
	l->rejected_logged++;
	size_t n = maillog_fmt_rejected(msg, sizeof msg, l->list, &l->conn, &l->env);
	maillog_send(l, MAILLOG_INFO, msg, n);
}
