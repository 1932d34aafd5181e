/* SPDX-License-Identifier: ISC */
/* rblsmtpd: refuse mail from clients on DNS blocklists.
 *
 *   tcpserver … rblsmtpd [options] smtpd [arg …]
 *
 * Parse the command line, pick the client address, ask the lists, then either
 * exec the real server or hold the refusal dialogue. All the deciding happens
 * in the core modules; this file only wires them to the process. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "addr.h"
#include "clock.h"
#include "config.h"
#include "engine.h"
#include "execprog.h"
#include "maillog.h"
#include "sandbox.h"
#include "smtp.h"
#include "reply.h"
#include "text.h"

/* Our stderr lines are written as "rblsmtpd: " + message + "\n", or sent to
 * syslog when fd 2 is the client's socket (maillog_stderr). */
#ifndef RBLSMTPD_VERSION
#error "RBLSMTPD_VERSION: the Makefile passes the VERSION file's content"
#endif
#define DEFAULT_BANNER "rblsmtpd.local"
#define EARLY_TALKER_TEXT "protocol error: talked before greeting"
#define PROG_SHOWN_MAX 400   /* of the program name in "unable to run" */
#define REASON_MAX 64        /* execprog_strerror's longest wording, and more */
#define PID_DIGITS_MAX 20    /* a long in decimal, sign included */

extern char **environ;

static struct config cfg;
/* What each list answered: cfg.nactions of them, allocated once, never freed
 * (the process execs or exits). Written by engine_run, then, during a
 * refusal's dialogue, by engine_late_process until engine_late_fds returns 0;
 * read by maillog (the -vv summary, through the pointer maillog_lookups
 * keeps) and reply_refusal_text. */
static struct lookup *results;
/* The engine whose pending lists the dialogue reads on (-vv); NULL when no
 * list was asked. */
static struct engine *lookups;
/* -v lines (rblsmtpd(8) LOG FORMAT), inert without -v; and where our stderr
 * lines go */
static struct maillog mlog = MAILLOG_INIT;

static void say(int priority, const char *msg, int n, size_t size)
{
	if (n > 0)
		maillog_stderr(&mlog, priority, msg, (size_t)n < size ? (size_t)n : size - 1);
}

static _Noreturn void usage(const char *why)
{
	if (why)
		maillog_stderr(&mlog, MAILLOG_ERR, why, strlen(why));
	char line[CONFIG_USAGE_MAX];
	size_t n = config_usage(CONFIG_RBLSMTPD, line, sizeof line);
	maillog_stderr(&mlog, MAILLOG_ERR, line, n);
	_exit(100);
}

/* -V: on stdout, never through maillog (0.88 had no -V; COMPATIBILITY) */
static _Noreturn void print_version(void)
{
	static const char line[] = "rblsmtpd " RBLSMTPD_VERSION "\n";
	_exit(write(1, line, sizeof line - 1) == (ssize_t)(sizeof line - 1) ? 0 : 111);
}

static _Noreturn void out_of_memory(void)
{
	static const char msg[] = "fatal: out of memory";
	maillog_stderr(&mlog, MAILLOG_ERR, msg, sizeof msg - 1);
	_exit(111);
}

static _Noreturn void run_server(void)
{
	char line[sizeof "rblsmtpd: fatal: unable to run : \n" + PROG_SHOWN_MAX + REASON_MAX];
	maillog_accept(&mlog);
	execprog_run(cfg.rest, environ);
	int n = snprintf(line, sizeof line, "fatal: unable to run %.*s: %s",
			 PROG_SHOWN_MAX, cfg.rest[0], execprog_strerror(errno));
	say(MAILLOG_ERR, line, n, sizeof line);
	_exit(111);
}

static const char *env_get(const char *name) { return getenv(name); }

/* -w: sit out the rest of the greet delay (the lookups already used part of
 * it). Returns true when the client sent something before our greeting: an
 * early talker. Bytes are only counted, never read, so the server we may
 * exec still gets them. A hang-up ends the wait without blame. */
static bool early_talker(long long started_ms)
{
	long long until = started_ms + cfg.greet_delay_ms;
	for (;;) {
		int pending = 0;
		long long left = until - clock_ms();
		struct pollfd p = { .fd = 0, .events = POLLIN };
		int rc = poll(&p, 1, left > 0 ? (int)left : 0);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return false;
		return ioctl(0, FIONREAD, &pending) == 0 && pending > 0;
	}
}

/* Returns the raw value the address came from (NULL: none, or the peer). */
static const char *client_address(struct client_addr *client)
{
	const char *value = addr_env_value(env_get);
	if (value)
		addr_parse(value, client);
	else if (!addr_from_peer(0, client))
		addr_parse("", client);
	return value;
}

/* An address that does not parse is logged (-v), sanitised: rblsmtpd(8)
 * LOG FORMAT, badaddress. */
static void log_bad_address(const struct client_addr *client, const char *raw)
{
	char line[MAILLOG_LINE_MAX];
	if (client->family || !cfg.verbose)
		return;
	size_t len = maillog_fmt_badaddr(line, sizeof line, raw);
	maillog_send(&mlog, MAILLOG_WARNING, line, len);
}

/* $RBLGREETING, made safe to send: printable, bounded, never empty. */
static void banner_name(char *out, size_t outlen)
{
	const char *g = getenv("RBLGREETING");
	size_t used = 0;
	out[0] = '\0';
	if (g && *g)
		text_append_printable(out, &used, outlen, g, strlen(g));
	if (!used)
		snprintf(out, outlen, "%s", DEFAULT_BANNER);
}

/* -vv: the dialogue reads on the DNS answers still pending at the verdict,
 * until there are none (or -T has passed); the summary at the dialogue's end
 * gives them. */
static int late_fds(void *ctx, struct pollfd *pfd, int max, int *timeout_ms)
{
	(void)ctx;
	int n = engine_late_fds(lookups, pfd, max, timeout_ms);
	if (n == 0)
		maillog_reading_done(&mlog);
	return n;
}

static void late_process(void *ctx, const struct pollfd *pfd, int n)
{
	(void)ctx;
	engine_late_process(lookups, pfd, n);
}

/* The dialogue is over: take the late answers already in, without waiting,
 * so that the summary gives each list's state at this moment (a dialogue
 * ended by -t while a reply was blocked read none since). */
static void late_drain(void)
{
	struct pollfd pfd[SMTP_BACKGROUND_MAX];
	int timeout = 0;
	int n = late_fds(NULL, pfd, SMTP_BACKGROUND_MAX, &timeout);
	if (n > 0 && poll(pfd, (nfds_t)n, 0) > 0)
		late_process(NULL, pfd, n);
}

/* The dialogue runs with nothing to lose (man rblsmtpd, SECURITY): no root,
 * no new privileges, a syscall allowlist. What the log writer and the late
 * lookups would otherwise do lazily, with calls the filter forbids, is done
 * first. A sandbox that cannot be set up is logged, and the refusal goes on. */
static void enter_sandbox(bool late_lookups)
{
	maillog_before_sandbox(&mlog);
	if (late_lookups)
		engine_late_before_sandbox();
	else /* c-ares' sockets too: it is never called again (no teardown) */
		sandbox_close_fds(maillog_socket(&mlog));
	const char *why = sandbox_enter(getenv("RBLSMTPD_USER"), late_lookups);
	if (why)
		maillog_sandbox(&mlog, why);
}

/* list: what the log names as the refusing list (zone, "RBLSMTPD", …). */
static _Noreturn void refuse(const struct client_addr *client, int code, const char *text,
			     const char *list)
{
	char reply[TEXT_REPLY_MAX];
	char line[sizeof "rblsmtpd:  pid : \n" + ADDR_TEXT_MAX + PID_DIGITS_MAX + TEXT_REPLY_MAX];
	char banner[SMTP_BANNER_MAX + 1];

	text_reply(code, text, reply);
	/* COMPAT(0.88): one line on stderr, before anything reaches the client. */
	int n = snprintf(line, sizeof line, "%s pid %ld: %s", client->text, (long)getpid(), reply);
	say(MAILLOG_INFO, line, n, sizeof line);
	/* Only the summary (-vv) has a use for the lists not waited for. */
	static const struct smtp_background late = { late_fds, late_process, NULL };
	bool reading_on = cfg.verbose >= 2 && engine_late_pending(lookups);
	if (reading_on)
		maillog_reading_on(&mlog);
	const struct smtp_hooks *hooks = maillog_refusal(&mlog, code, list);

	/* A client that hangs up must not kill us mid-dialogue. Set only here:
	 * an ignored SIGPIPE would be inherited by the server we exec. */
	signal(SIGPIPE, SIG_IGN);
	banner_name(banner, sizeof banner);
	enter_sandbox(reading_on);
	struct smtp_dialogue d = {
		.in = 0, .out = 1, .refusal = reply, .banner = banner,
		.timeout_s = cfg.dialogue_timeout, .hooks = hooks,
		.bg = reading_on ? &late : NULL,
	};
	smtp_run(&d); /* returns however the dialogue ends, -t and SIGTERM included */
	if (reading_on) { /* the dialogue ended first: take and settle what is in */
		late_drain();
		engine_late_end(lookups);
	}
	maillog_refusal_end(&mlog); /* rejected-more, then the summary: the last lines */
	_exit(0);
}

/* -i: hand the verdict to the server in $RBLSMTPD's own syntax ("-text" for
 * 553), so that it, or another rblsmtpd, can reproduce the reply exactly. */
static void hand_over_verdict(int code, const char *text)
{
	char reply[TEXT_REPLY_MAX];
	char value[TEXT_REPLY_MAX + 1];
	text_reply(code, text, reply);
	snprintf(value, sizeof value, "%s%s", code == 553 ? "-" : "", reply + 4);
	if (setenv("RBLSMTPD", value, 1) != 0)
		out_of_memory();
}

int main(int argc, char **argv)
{
	char err[CONFIG_ERR_MAX];
	struct client_addr client;
	struct verdict v;
	char text[TEXT_CUT + 1]; /* text_reply cuts it to TEXT_CUT anyway */

	if (!config_parse(CONFIG_RBLSMTPD, argc, argv, &cfg, err, sizeof err)) {
		if (cfg.nomem)
			out_of_memory();
		usage(err);
	}
	if (cfg.version)
		print_version();
	if (cfg.nrest == 0)
		usage(NULL);

	const char *raw_address = client_address(&client);
	struct maillog_conn conn = { client.text, getenv("TCPREMOTEHOST"), getenv("TCPREMOTEINFO") };
	maillog_init(&mlog, &cfg, &conn);
	log_bad_address(&client, raw_address);

	/* COMPAT(0.88): $RBLSMTPD, set per client by tcprules, decides alone. */
	const char *preset = getenv("RBLSMTPD");
	if (preset) {
		if (!*preset)
			run_server();
		if (*preset == '-')
			refuse(&client, 553, preset + 1, "RBLSMTPD");
		refuse(&client, 451, preset, "RBLSMTPD");
	}
	long long started = clock_ms();
	v.kind = VERDICT_ACCEPT;
	if (cfg.nactions > 0) {
		struct engine_resolver_faults rf;
		struct engine_opts opts = { .wait_all = false, .dnscacheip = getenv("DNSCACHEIP"),
					   .keep = &lookups, .resolvers = &rf };
		results = malloc(cfg.nactions * sizeof *results); /* engine_run fills it */
		if (!results || engine_run(&cfg, &client, &opts, results, &v) != 0)
			out_of_memory();
		maillog_lookups(&mlog, &cfg, results, cfg.nactions, &v);
		for (size_t i = 0; i < rf.n; i++)
			maillog_resolver(&mlog, rf.f[i].addr, rf.f[i].why);
	}
	if (v.kind == VERDICT_REFUSE) {
		reply_refusal_text(&cfg, &client, results, &v, text, sizeof text);
		if (cfg.interrogate)
			hand_over_verdict(v.code, text);
	}
	/* -w: the greeting (ours or the server's) waits for the delay, and a
	 * client that could not wait for it is refused. */
	bool talked = cfg.greet_delay_ms && early_talker(started);
	if (v.kind == VERDICT_REFUSE && !cfg.interrogate)
		refuse(&client, v.code, text, maillog_decider(&cfg, results, &v));
	if (talked)
		refuse(&client, 451, EARLY_TALKER_TEXT, "early-talker");
	run_server();
}
