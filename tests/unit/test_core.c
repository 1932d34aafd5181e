/* SPDX-License-Identifier: ISC */
/* Unit tests: client addresses and reversed names, reply text, the command
 * line, the dialogue's line reader and verb table, exec error words. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "addr.h"
#include "check.h"
#include "config.h"
#include "execprog.h"
#include "logfmt.h"
#include "smtp.h"
#include "text.h"

static void test_addr(void)
{
	struct client_addr a;
	char rev[80];

	CHECK(addr_parse("127.0.0.2", &a));
	CHECK_EQ(a.family, AF_INET);
	addr_reverse(&a, rev, sizeof rev);
	CHECK_STREQ(rev, "2.0.0.127.");
	CHECK(addr_parse("10.200.3.45", &a));
	addr_reverse(&a, rev, sizeof rev);
	CHECK_STREQ(rev, "45.3.200.10.");

	CHECK(addr_parse("::ffff:192.0.2.1", &a)); /* mapped: IPv4 */
	CHECK_EQ(a.family, AF_INET);
	CHECK_STREQ(a.text, "192.0.2.1");
	addr_reverse(&a, rev, sizeof rev);
	CHECK_STREQ(rev, "1.2.0.192.");

	CHECK(addr_parse("fe80::1", &a));
	CHECK_EQ(a.family, AF_INET6);
	addr_reverse(&a, rev, sizeof rev);
	CHECK_STREQ(rev, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.");
	CHECK(addr_parse("2001:DB8::A", &a));
	CHECK_STREQ(a.text, "2001:db8::a");

	CHECK(!addr_parse("1.2.3.4.5", &a));
	CHECK_EQ(a.family, 0);
	CHECK_STREQ(a.text, "1.2.3.4.5");
	CHECK_EQ(addr_reverse(&a, rev, sizeof rev), 0);
	CHECK(!addr_parse("bad\nip\x01", &a));
	CHECK_STREQ(a.text, "bad?ip?");
	CHECK(!addr_parse("", &a));
	CHECK_STREQ(a.text, "");
	char huge[300];
	memset(huge, '1', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	CHECK(!addr_parse(huge, &a));
	CHECK(strlen(a.text) < ADDR_TEXT_MAX);
	CHECK(!addr_parse(NULL, &a));
	CHECK_EQ(addr_reverse(&a, rev, 4), 0);
}

static const char *fake_env[16];
static const char *fake_get(const char *name)
{
	for (int i = 0; fake_env[i]; i += 2)
		if (strcmp(fake_env[i], name) == 0)
			return fake_env[i + 1];
	return NULL;
}

static void test_addr_env(void)
{
	const char *e1[] = { "TCPREMOTEIP", "1.2.3.4", NULL };
	memcpy(fake_env, e1, sizeof e1);
	CHECK_STREQ(addr_env_value(fake_get), "1.2.3.4");
	const char *e2[] = { "PROTO", "TCP6", "TCP6REMOTEIP", "::1", "TCPREMOTEIP", "1.2.3.4", NULL };
	memcpy(fake_env, e2, sizeof e2);
	CHECK_STREQ(addr_env_value(fake_get), "::1");
	const char *e3[] = { "PROTO", "TCP", "TCP6REMOTEIP", "::1", "TCPREMOTEIP", "1.2.3.4", NULL };
	memcpy(fake_env, e3, sizeof e3);
	CHECK_STREQ(addr_env_value(fake_get), "1.2.3.4");
	const char *e4[] = { "REMOTE_ADDR", "2001:db8::2", NULL };
	memcpy(fake_env, e4, sizeof e4);
	CHECK_STREQ(addr_env_value(fake_get), "2001:db8::2");
	fake_env[0] = NULL;
	CHECK(addr_env_value(fake_get) == NULL);

	struct client_addr a;
	CHECK(!addr_from_peer(-1, &a));
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		CHECK(!addr_from_peer(sv[0], &a)); /* not an IP socket */
		close(sv[0]);
		close(sv[1]);
	}
}

static void test_text(void)
{
	char out[TEXT_REPLY_MAX];
	char buf[400];
	size_t used = 0;

	text_reply(451, "Blackholed", out);
	CHECK_STREQ(out, "451 Blackholed");
	text_reply(553, "", out);
	CHECK_STREQ(out, "553 "); /* COMPAT(0.88): RBLSMTPD=- */
	text_reply(451, "a\tb\x7f\xe9", out);
	CHECK_STREQ(out, "451 a?b??");
	memset(buf, 'x', 250);
	buf[250] = '\0';
	CHECK_EQ(text_reply(451, buf, out), 204);
	CHECK_EQ(strlen(out), 204);

	buf[0] = '\0';
	text_append_printable(buf, &used, 8, "abc\0def", 7);
	CHECK_STREQ(buf, "abc?def");
	text_append_printable(buf, &used, 8, "ghi", 3);
	CHECK_STREQ(buf, "abc?def");

	text_subst_ip("see http://x/?ip=%IP% (%IP%) %I", "1.2.3.4", buf, sizeof buf);
	CHECK_STREQ(buf, "see http://x/?ip=1.2.3.4 (1.2.3.4) %I");
	text_subst_ip("%IP%%IP%", "1.2.3.4", buf, 10);
	CHECK_STREQ(buf, "1.2.3.41.");

	char f[300];
	logfmt_field(NULL, 0, f, 255);
	CHECK_STREQ(f, "-");
	logfmt_field("a b\r\nc", 6, f, 255);
	CHECK_STREQ(f, "a?b??c");
	memset(buf, 'y', 300);
	CHECK_EQ(logfmt_field(buf, 300, f, 255), 255);
}

static bool parse(const char *line, struct config *cfg, char *err)
{
	char copy[512];
	char *argv[32];
	int argc = 0;
	snprintf(copy, sizeof copy, "%s", line);
	for (char *t = strtok(copy, " "); t && argc < 31; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	static char keep[32][64]; /* cfg->rest points into argv: keep words alive */
	static char *kargv[32];
	for (int i = 0; i < argc; i++) {
		snprintf(keep[i], sizeof keep[i], "%s", argv[i]);
		kargv[i] = keep[i];
	}
	kargv[argc] = NULL;
	config_free(cfg); /* the previous parse's lists */
	return config_parse(CONFIG_RBLSMTPD, argc, kargv, cfg, err, 200);
}

/* rblsmtpd(8) Lists: any number of lists, in order, each with its -b/-c state
 * (0.88 took any number; a limit of 64 was a usage error here once). */
static void test_config_many_lists(void)
{
	enum { N = 1000 };
	static char words[N][24];
	static char *argv[2 * N + 4];
	struct config cfg;
	char err[200];
	int argc = 0;

	argv[argc++] = (char *)"rblsmtpd";
	for (int i = 0; i < N; i++) {
		snprintf(words[i], sizeof words[i], "z%d.example", i);
		if (i == N / 2)
			argv[argc++] = (char *)"-b";
		argv[argc++] = (char *)(i % 2 ? "-a" : "-r");
		argv[argc++] = words[i];
	}
	argv[argc++] = (char *)"prog";
	argv[argc] = NULL;
	CHECK(config_parse(CONFIG_RBLSMTPD, argc, argv, &cfg, err, sizeof err));
	CHECK_EQ(cfg.nactions, N);
	CHECK(!cfg.nomem);
	CHECK_STREQ(cfg.actions[0].spec.zone, "z0.example");
	CHECK_STREQ(cfg.actions[N - 1].spec.zone, "z999.example");
	CHECK(!cfg.actions[N / 2 - 1].bounce && cfg.actions[N / 2].bounce);
	CHECK_EQ(cfg.actions[N - 1].spec.kind, LIST_ALLOW);
	CHECK_EQ(cfg.nrest, 1);
	config_free(&cfg);
	CHECK(cfg.actions == NULL && cfg.nactions == 0);
}

/* rblcheck -n / -N: like -b/-B, for the lists that follow; rblsmtpd has
 * neither. */
static void test_config_testpoints(void)
{
	char *argv[] = { (char *)"rblcheck", (char *)"-H", (char *)"-r", (char *)"pub",
			 (char *)"-n", (char *)"-r", (char *)"priv", (char *)"-a", (char *)"w",
			 (char *)"-N", (char *)"-r", (char *)"pub2", NULL };
	struct config cfg;
	char err[200];
	CHECK(config_parse(CONFIG_RBLCHECK, 12, argv, &cfg, err, sizeof err));
	CHECK_EQ(cfg.nactions, 4);
	CHECK(!cfg.actions[0].no_testpoints && cfg.actions[1].no_testpoints);
	CHECK(cfg.actions[2].no_testpoints && !cfg.actions[3].no_testpoints);
	config_free(&cfg);
	char *smtpd[] = { (char *)"rblsmtpd", (char *)"-n", (char *)"-r", (char *)"z",
			  (char *)"prog", NULL };
	CHECK(!config_parse(CONFIG_RBLSMTPD, 5, smtpd, &cfg, err, sizeof err));
	CHECK_STREQ(err, "illegal option -- n");
	config_free(&cfg);
}

static void test_config(void)
{
	static struct config cfg;
	char err[200];

	CHECK(parse("rblsmtpd -b -r z1 -B -c -r z2 -a w prog arg", &cfg, err));
	CHECK_EQ(cfg.nactions, 3);
	CHECK(cfg.actions[0].bounce && !cfg.actions[0].failclosed);
	CHECK(!cfg.actions[1].bounce && cfg.actions[1].failclosed);
	CHECK_EQ(cfg.actions[2].spec.kind, LIST_ALLOW);
	CHECK_EQ(cfg.nrest, 2);
	CHECK_STREQ(cfg.rest[0], "prog");

	CHECK(parse("rblsmtpd -cBt1 -rz prog", &cfg, err)); /* clustered, attached */
	CHECK_EQ(cfg.dialogue_timeout, 1);
	CHECK_STREQ(cfg.actions[0].spec.zone, "z");
	CHECK(cfg.actions[0].failclosed);

	CHECK(parse("rblsmtpd -t abc prog", &cfg, err));
	CHECK_EQ(cfg.dialogue_timeout, 0);
	CHECK(parse("rblsmtpd -t 5x prog", &cfg, err));
	CHECK_EQ(cfg.dialogue_timeout, 5);
	CHECK(parse("rblsmtpd prog", &cfg, err));
	CHECK_EQ(cfg.dialogue_timeout, 60);
	CHECK_EQ(cfg.dns_deadline_ms, 5000);

	CHECK(parse("rblsmtpd -- -r z", &cfg, err)); /* "--" consumed */
	CHECK_EQ(cfg.nactions, 0);
	CHECK_STREQ(cfg.rest[0], "-r");
	CHECK(parse("rblsmtpd -b - x", &cfg, err));  /* lone "-" is the program */
	CHECK_STREQ(cfg.rest[0], "-");
	CHECK(parse("rblsmtpd -r z", &cfg, err));
	CHECK_EQ(cfg.nrest, 0);

	CHECK(!parse("rblsmtpd -R prog", &cfg, err));
	CHECK_STREQ(err, "illegal option -- R");
	CHECK(!parse("rblsmtpd -t", &cfg, err));
	CHECK_STREQ(err, "option requires an argument -- t");

	CHECK(parse("rblsmtpd -T 0.25 -w 2 -vv -S 3 -i -l stderr prog", &cfg, err));
	CHECK_EQ(cfg.dns_deadline_ms, 250);
	CHECK_EQ(cfg.greet_delay_ms, 2000);
	CHECK_EQ(cfg.verbose, 2);
	CHECK(cfg.scoring);
	CHECK_EQ(cfg.threshold, 3);
	CHECK(cfg.interrogate);
	CHECK_EQ(cfg.log_target, LOG_TO_STDERR);
	CHECK(parse("rblsmtpd -l syslog:local3 prog", &cfg, err));
	CHECK_STREQ(cfg.log_facility, "local3");
	CHECK(!parse("rblsmtpd -l syslog:bogus prog", &cfg, err));
	CHECK(!parse("rblsmtpd -T abc prog", &cfg, err));
	CHECK(!parse("rblsmtpd -T 0 prog", &cfg, err));
	CHECK(!parse("rblsmtpd -S x prog", &cfg, err));
	CHECK(!parse("rblsmtpd -w -1 prog", &cfg, err));

	/* -V: the version; "--version" only for rblcheck (rblsmtpd keeps
	 * 0.88's rule: "--x" is the illegal option '-') */
	CHECK(parse("rblsmtpd -r z prog", &cfg, err) && !cfg.version);
	CHECK(parse("rblsmtpd -vV", &cfg, err) && cfg.version && cfg.verbose == 1);
	CHECK(!parse("rblsmtpd --version", &cfg, err));
	CHECK_STREQ(err, "illegal option -- -");
	char *check_argv[] = { (char *)"rblcheck", (char *)"--version", NULL };
	config_free(&cfg);
	CHECK(config_parse(CONFIG_RBLCHECK, 2, check_argv, &cfg, err, sizeof err) && cfg.version);
	check_argv[1] = (char *)"-V";
	config_free(&cfg);
	CHECK(config_parse(CONFIG_RBLCHECK, 2, check_argv, &cfg, err, sizeof err) && cfg.version);

	unsigned ms;
	CHECK(config_parse_seconds("1.5", 10000, &ms) && ms == 1500);
	CHECK(config_parse_seconds("0.0019", 10000, &ms) && ms == 1);
	CHECK(!config_parse_seconds("11", 10000, &ms));
	CHECK(!config_parse_seconds(".", 10000, &ms));
	CHECK(!config_parse_seconds("99999999999999999999", 10000, &ms));
}

static enum smtp_feed feed_all(struct smtp_linebuf *lb, const char *s, size_t n, size_t *pos)
{
	return smtp_linebuf_feed(lb, s, n, pos);
}

static void test_smtp(void)
{
	CHECK_EQ(smtp_verb_of("HELO x", 6), SMTP_HELO);
	CHECK_EQ(smtp_verb_of("helo", 4), SMTP_HELO);
	CHECK_EQ(smtp_verb_of("QuIt now", 8), SMTP_QUIT);
	CHECK_EQ(smtp_verb_of("helo\tx", 6), SMTP_OTHER);  /* tab is no separator */
	CHECK_EQ(smtp_verb_of("  helo x", 8), SMTP_OTHER);  /* leading space: empty verb */
	CHECK_EQ(smtp_verb_of("", 0), SMTP_OTHER);
	CHECK_EQ(smtp_verb_of("ma\0l", 4), SMTP_OTHER);
	CHECK_EQ(smtp_verb_of("RCPT TO:<a@b>", 13), SMTP_RCPT);
	CHECK(smtp_verb_accepted(SMTP_MAIL));
	CHECK(!smtp_verb_accepted(SMTP_RCPT));
	CHECK(!smtp_verb_accepted(SMTP_DATA));

	struct smtp_linebuf lb = { .len = 0 };
	size_t pos = 0;
	const char *in = "mail\nrcpt x\r\nhel";
	size_t n = strlen(in);
	CHECK_EQ(feed_all(&lb, in, n, &pos), FEED_LINE);
	CHECK_STREQ(lb.line, "mail");
	lb.len = 0;
	CHECK_EQ(feed_all(&lb, in, n, &pos), FEED_LINE);
	CHECK_STREQ(lb.line, "rcpt x");
	lb.len = 0;
	CHECK_EQ(feed_all(&lb, in, n, &pos), FEED_NEED_MORE);
	pos = 0;
	CHECK_EQ(feed_all(&lb, "o\r\r\n", 4, &pos), FEED_LINE);
	CHECK_STREQ(lb.line, "helo\r"); /* only one CR is dropped */
	lb.len = 0;

	/* an overlong line: one FEED_OVERLONG, then the rest is dropped */
	char big[3000];
	memset(big, 'A', sizeof big);
	big[sizeof big - 6] = '\n';
	memcpy(big + sizeof big - 5, "NOOP\n", 5);
	pos = 0;
	CHECK_EQ(feed_all(&lb, big, sizeof big, &pos), FEED_OVERLONG);
	CHECK_EQ(lb.len, SMTP_LINE_MAX);
	CHECK_EQ(feed_all(&lb, big, sizeof big, &pos), FEED_LINE);
	CHECK_STREQ(lb.line, "NOOP");
	lb.len = 0;
	/* exactly SMTP_LINE_MAX bytes is fine */
	memset(big, 'B', SMTP_LINE_MAX);
	big[SMTP_LINE_MAX] = '\n';
	pos = 0;
	CHECK_EQ(feed_all(&lb, big, SMTP_LINE_MAX + 1, &pos), FEED_LINE);
	CHECK_EQ(lb.len, SMTP_LINE_MAX);
	lb.len = 0;
	/* ... and with CRLF: the CR does not count either */
	big[SMTP_LINE_MAX] = '\r';
	big[SMTP_LINE_MAX + 1] = '\n';
	pos = 0;
	CHECK_EQ(feed_all(&lb, big, SMTP_LINE_MAX + 2, &pos), FEED_LINE);
	CHECK_EQ(lb.len, SMTP_LINE_MAX);
	lb.len = 0;
	/* a CR after SMTP_LINE_MAX bytes that does not end the line: overlong,
	 * reported with SMTP_LINE_MAX bytes */
	big[SMTP_LINE_MAX + 1] = 'x';
	big[SMTP_LINE_MAX + 2] = '\n';
	pos = 0;
	CHECK_EQ(feed_all(&lb, big, SMTP_LINE_MAX + 3, &pos), FEED_OVERLONG);
	CHECK_EQ(lb.len, SMTP_LINE_MAX);
	CHECK_EQ(feed_all(&lb, big, SMTP_LINE_MAX + 3, &pos), FEED_NEED_MORE);
	lb.len = 0;
}

static void test_exec_words(void)
{
	CHECK_STREQ(execprog_strerror(ENOENT), "file does not exist");
	CHECK_STREQ(execprog_strerror(EACCES), "access denied");
	char *argv[] = { "rblsmtpd-no-such-program-xyz", NULL };
	char *envp[] = { NULL };
	setenv("PATH", "/nonexistent:", 1);
	execprog_run(argv, envp);
	CHECK_EQ(errno, ENOENT);
	char *argv2[] = { "/etc", NULL };
	execprog_run(argv2, envp);
	CHECK_EQ(errno, EACCES);
}

int main(void)
{
	test_addr();
	test_addr_env();
	test_text();
	test_config();
	test_config_many_lists();
	test_config_testpoints();
	test_smtp();
	test_exec_words();
	return check_done("core");
}
