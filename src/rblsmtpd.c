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
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "config.h"
#include "engine.h"
#include "execprog.h"
#include "maillog.h"
#include "smtp.h"
#include "text.h"

/* Our stderr lines are written as "rblsmtpd: " + message + "\n", or sent to
 * syslog when fd 2 is the client's socket (maillog_stderr). */
#define USAGE "usage: rblsmtpd [ -b ] [ -B ] [ -c ] [ -C ] [ -i ] [ -v ] " \
	"[ -t timeout ] [ -T dnstimeout ] [ -w delay ] [ -S threshold ] [ -l log ] " \
	"[ -r list ] [ -a list ] smtpd [ arg ... ]"
#define DEFAULT_BANNER "rblsmtpd.local"
#define BANNER_MAX 200
#define EARLY_TALKER_TEXT "protocol error: talked before greeting"

extern char **environ;

static struct config cfg;
static struct lookup results[CONFIG_MAX_LISTS];
/* -v lines (SPEC §5), inert without -v; and where our stderr lines go */
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
	maillog_stderr(&mlog, MAILLOG_ERR, USAGE, sizeof USAGE - 1);
	_exit(100);
}

static _Noreturn void out_of_memory(void)
{
	static const char msg[] = "fatal: out of memory";
	maillog_stderr(&mlog, MAILLOG_ERR, msg, sizeof msg - 1);
	_exit(111);
}

static _Noreturn void run_server(void)
{
	char line[600];
	maillog_accept(&mlog);
	execprog_run(cfg.rest, environ);
	int n = snprintf(line, sizeof line, "fatal: unable to run %.400s: %s",
			 cfg.rest[0], execprog_strerror(errno));
	say(MAILLOG_ERR, line, n, sizeof line);
	_exit(111);
}

static const char *env_get(const char *name) { return getenv(name); }

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* -w: sit out the rest of the greet delay (the lookups already used part of
 * it). Returns true when the client sent something before our greeting: an
 * early talker. Bytes are only counted, never read, so the server we may
 * exec still gets them. A hang-up ends the wait without blame. */
static bool early_talker(long long started_ms)
{
	long long until = started_ms + cfg.greet_delay_ms;
	for (;;) {
		int pending = 0;
		long long left = until - now_ms();
		struct pollfd p = { .fd = 0, .events = POLLIN };
		int rc = poll(&p, 1, left > 0 ? (int)left : 0);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return false;
		return ioctl(0, FIONREAD, &pending) == 0 && pending > 0;
	}
}

static void client_address(struct client_addr *client)
{
	const char *value = addr_env_value(env_get);
	if (value)
		addr_parse(value, client);
	else if (!addr_from_peer(0, client))
		addr_parse("", client);
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

/* list: what the log names as the refusing list (zone, "RBLSMTPD", …). */
static _Noreturn void refuse(const struct client_addr *client, int code, const char *text,
			     const char *list)
{
	char reply[TEXT_REPLY_MAX];
	char line[TEXT_REPLY_MAX + ADDR_TEXT_MAX + 64];
	char banner[BANNER_MAX + 1];

	text_reply(code, text, reply);
	/* COMPAT(0.88): one line on stderr, before anything reaches the client. */
	int n = snprintf(line, sizeof line, "%s pid %ld: %s", client->text, (long)getpid(), reply);
	say(MAILLOG_INFO, line, n, sizeof line);
	const struct smtp_hooks *hooks = maillog_refusal(&mlog, code, list);

	/* A client that hangs up must not kill us mid-dialogue. Set only here:
	 * an ignored SIGPIPE would be inherited by the server we exec. */
	signal(SIGPIPE, SIG_IGN);
	banner_name(banner, sizeof banner);
	struct smtp_dialogue d = {
		.in = 0, .out = 1, .refusal = reply, .banner = banner,
		.timeout_s = cfg.dialogue_timeout, .hooks = hooks,
	};
	smtp_run(&d);
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
	char err[300];
	struct client_addr client;
	struct verdict v;
	char text[TEXT_CUT * 4];

	if (!config_parse(CONFIG_RBLSMTPD, argc, argv, &cfg, err, sizeof err))
		usage(err);
	if (cfg.nrest == 0)
		usage(NULL);

	client_address(&client);
	struct maillog_conn conn = { client.text, getenv("TCPREMOTEHOST"), getenv("TCPREMOTEINFO") };
	maillog_init(&mlog, &cfg, &conn);

	/* COMPAT(0.88): $RBLSMTPD, set per client by tcprules, decides alone. */
	const char *preset = getenv("RBLSMTPD");
	if (preset) {
		if (!*preset)
			run_server();
		if (*preset == '-')
			refuse(&client, 553, preset + 1, "RBLSMTPD");
		refuse(&client, 451, preset, "RBLSMTPD");
	}
	long long started = now_ms();
	v.kind = VERDICT_ACCEPT;
	if (cfg.nactions > 0) {
		struct engine_opts opts = { .wait_all = false, .dnscacheip = getenv("DNSCACHEIP"),
					   .no_teardown = true };
		if (engine_run(&cfg, &client, &opts, results, &v) != 0)
			out_of_memory();
		maillog_lookups(&mlog, &cfg, results, cfg.nactions, &v);
	}
	if (v.kind == VERDICT_REFUSE) {
		engine_reply_text(&cfg, &client, results, &v, text, sizeof text);
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
