/* SPDX-License-Identifier: ISC */
/* Unit tests: every -v log line (rblsmtpd(8) LOG FORMAT), the sanitising of its fields,
 * the envelope tracker, and the sink (stderr through a pipe; syslog through a
 * socket of our own, including one nobody reads). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "envelope.h"
#include "maillog.h"

static char line[MAILLOG_LINE_MAX];

static const struct maillog_conn seed = { "193.111.120.47", "ordb-test.null.dk", "" };

static void test_blocked(void)
{
	size_t n = maillog_fmt_blocked(line, sizeof line, "relays.ordb.org", &seed);
	CHECK_STREQ(line, "relays.ordb.org blocked 193.111.120.47 ordb-test.null.dk -");
	CHECK_EQ(n, strlen(line));

	struct maillog_conn none = { "127.0.0.2", NULL, NULL };
	maillog_fmt_blocked(line, sizeof line, "RBLSMTPD", &none);
	CHECK_STREQ(line, "RBLSMTPD blocked 127.0.0.2 - -");
	maillog_fmt_blocked(line, sizeof line, "early-talker", &none);
	CHECK_STREQ(line, "early-talker blocked 127.0.0.2 - -");

	/* hostile values: one column each, never a new line */
	struct maillog_conn bad = { "127.0.0.2", "a b\r\nrblsmtpd: x blocked", "id\tent\x7f\xff" };
	maillog_fmt_blocked(line, sizeof line, "bl example", &bad);
	CHECK_STREQ(line, "bl?example blocked 127.0.0.2 a?b??rblsmtpd:?x?blocked id?ent??");

	char *big = malloc(5001);
	memset(big, 'h', 5000);
	big[5000] = '\0';
	struct maillog_conn huge = { "127.0.0.2", big, big };
	size_t len = maillog_fmt_blocked(line, sizeof line, big, &huge);
	CHECK_EQ(len, 255 + 8 + 10 + 256 + 256);
	CHECK(strchr(line, '\n') == NULL);
	free(big);

	/* a small buffer is cut, never overrun */
	char tiny[8];
	CHECK_EQ(maillog_fmt_blocked(tiny, sizeof tiny, "zone", &seed), 7);
	CHECK_STREQ(tiny, "zone bl");
}

static void feed(struct envelope *e, const char *s)
{
	size_t len = strlen(s);
	envelope_feed(e, len > SMTP_LINE_MAX ? SMTP_OVERLONG : smtp_verb_of(s, len), s,
		      len > SMTP_LINE_MAX ? SMTP_LINE_MAX : len);
}

static void test_envelope(void)
{
	struct envelope e = ENVELOPE_ZERO;
	feed(&e, "RCPT TO:<early@x>");
	CHECK_STREQ(e.helo, "");
	CHECK_STREQ(e.from, "");
	CHECK_STREQ(e.to, "<early@x>");
	feed(&e, "EHLO first.example");
	feed(&e, "helo  client.example  ");
	CHECK_STREQ(e.helo, "client.example");
	CHECK_STREQ(e.to, ""); /* a new HELO starts over */
	feed(&e, "MAIL FROM:<a@b.example> SIZE=100 BODY=8BITMIME");
	CHECK_STREQ(e.from, "<a@b.example>");
	feed(&e, "RCPT TO:<c@d.example> NOTIFY=NEVER");
	CHECK_STREQ(e.to, "<c@d.example>");
	feed(&e, "rcpt to: <e@f.example>");
	CHECK_STREQ(e.to, "<e@f.example>");
	CHECK_STREQ(e.from, "<a@b.example>");
	feed(&e, "MAIL FROM:<>");
	CHECK_STREQ(e.from, "<>");
	CHECK_STREQ(e.to, "");
	feed(&e, "MAIL FROM:bare@x.example SIZE=1");
	CHECK_STREQ(e.from, "bare@x.example");
	feed(&e, "MAIL FROM:<\"a>b\"@x.example> X");
	CHECK_STREQ(e.from, "<\"a>b\"@x.example>");
	feed(&e, "MAIL FROM:<never closed");
	CHECK_STREQ(e.from, "<never?closed");
	feed(&e, "MAIL");
	CHECK_STREQ(e.from, "");
	feed(&e, "MAIL <no@keyword>");
	CHECK_STREQ(e.from, "<no@keyword>");
	feed(&e, "RSET");
	CHECK_STREQ(e.from, "");
	CHECK_STREQ(e.to, "");
	CHECK_STREQ(e.helo, "client.example");
	feed(&e, "HELO");
	CHECK_STREQ(e.helo, "");
	feed(&e, "NOOP RCPT TO:<x@y>");
	CHECK_STREQ(e.to, "");

	/* control bytes, NUL and CR inside the line */
	const char nul[] = "HELO a\0b\rc";
	envelope_feed(&e, SMTP_HELO, nul, sizeof nul - 1);
	CHECK_STREQ(e.helo, "a?b?c");
	const char rcpt[] = "RCPT TO:<x\0y@z\r\n>";
	CHECK_EQ(envelope_feed(&e, SMTP_RCPT, rcpt, sizeof rcpt - 1), SMTP_RCPT);
	CHECK_STREQ(e.to, "<x?y@z?" "?>");

	/* an overlong RCPT is still a RCPT; its address is cut to 255 bytes */
	char *big = malloc(5100);
	strcpy(big, "RCPT TO:<");
	memset(big + 9, 'r', 5000);
	strcpy(big + 5009, ">");
	CHECK_EQ(envelope_feed(&e, SMTP_OVERLONG, big, SMTP_LINE_MAX), SMTP_RCPT);
	CHECK_EQ(strlen(e.to), 255);
	CHECK(e.to[0] == '<' && e.to[254] == 'r');
	free(big);

	size_t start;
	CHECK_EQ(envelope_address("FROM:<a\\>b@c> X", 15, "FROM:", &start), 8);
	CHECK_EQ(start, 5);
}

static void test_rejected(void)
{
	struct envelope e = ENVELOPE_ZERO;
	maillog_fmt_rejected(line, sizeof line, "bl.example", &seed, &e);
	CHECK_STREQ(line, "bl.example rejected 193.111.120.47 ordb-test.null.dk - - - -");
	feed(&e, "EHLO spam bot\t");
	feed(&e, "MAIL FROM:<a@b>");
	feed(&e, "RCPT TO:<c@d>");
	maillog_fmt_rejected(line, sizeof line, "bl.example", &seed, &e);
	CHECK_STREQ(line, "bl.example rejected 193.111.120.47 ordb-test.null.dk - spam?bot <a@b> <c@d>");
}

static struct lookup failed_lookup(enum lookup_state st, enum lookup_fail f, unsigned ms)
{
	struct lookup r;
	memset(&r, 0, sizeof r);
	r.state = st;
	r.fail = f;
	r.ms = ms;
	return r;
}

static const char *warn(const struct lookup *r)
{
	maillog_fmt_warning(line, sizeof line, "bl.example", "127.0.0.2", r);
	return line;
}

static void test_warning(void)
{
	struct lookup r = failed_lookup(LOOKUP_TEMPFAIL, FAIL_TIMEOUT, 5000);
	CHECK_STREQ(warn(&r), "bl.example timeout 127.0.0.2 5000ms");
	r = failed_lookup(LOOKUP_TEMPFAIL, FAIL_SERVFAIL, 3);
	CHECK_STREQ(warn(&r), "bl.example servfail 127.0.0.2 3ms");
	r = failed_lookup(LOOKUP_TEMPFAIL, FAIL_REFUSED, 1);
	CHECK_STREQ(warn(&r), "bl.example refused 127.0.0.2 1ms");
	r = failed_lookup(LOOKUP_TEMPFAIL, FAIL_BADANSWER, 7);
	CHECK_STREQ(warn(&r), "bl.example badanswer 127.0.0.2 7ms");
	r = failed_lookup(LOOKUP_TEMPFAIL, FAIL_OTHER, 0);
	CHECK_STREQ(warn(&r), "bl.example refused 127.0.0.2 unusable");

	static const struct { unsigned char code[4]; const char *want; } errs[] = {
		{ {127, 255, 255, 252}, "bl.example error 127.0.0.2 127.255.255.252=typing-error-in-zone" },
		{ {127, 255, 255, 254}, "bl.example error 127.0.0.2 127.255.255.254=open-resolver" },
		{ {127, 255, 255, 255}, "bl.example error 127.0.0.2 127.255.255.255=rate-limited" },
		{ {127, 255, 255, 1}, "bl.example error 127.0.0.2 127.255.255.1=error-code" },
		{ {10, 0, 0, 1}, "bl.example error 127.0.0.2 10.0.0.1=not-127" },
	};
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		r = failed_lookup(LOOKUP_ERROR, FAIL_NONE, 4);
		memcpy(r.code, errs[i].code, 4);
		CHECK_STREQ(warn(&r), errs[i].want);
	}
	r = failed_lookup(LOOKUP_LISTED, FAIL_NONE, 4);
	CHECK_EQ(maillog_fmt_warning(line, sizeof line, "z", "1.2.3.4", &r), 0);
	CHECK_STREQ(line, "");
	r = failed_lookup(LOOKUP_CLEAR, FAIL_NONE, 4);
	CHECK_EQ(maillog_fmt_warning(line, sizeof line, "z", "1.2.3.4", &r), 0);
	r = failed_lookup(LOOKUP_PENDING, FAIL_NONE, 0);
	CHECK_EQ(maillog_fmt_warning(line, sizeof line, "z", "1.2.3.4", &r), 0);
}

#define TEST_MAX_LISTS 64

/* The resolver failed every list: one line for it, no warning per list,
 * "resolver" as the list's result. */
static void test_resolver(void)
{
	struct lookup r = failed_lookup(LOOKUP_TEMPFAIL, FAIL_RESOLVER, 3);
	CHECK_EQ(maillog_fmt_warning(line, sizeof line, "z", "1.2.3.4", &r), 0);
	maillog_result(&r, line, sizeof line);
	CHECK_STREQ(line, "resolver");
	maillog_fmt_resolver(line, sizeof line, "127.0.53.9", "unreachable", "192.0.2.7");
	CHECK_STREQ(line, "resolver unreachable 192.0.2.7 127.0.53.9");
	maillog_fmt_resolver(line, sizeof line, "[::1]:5353", "refused", "192.0.2.7");
	CHECK_STREQ(line, "resolver refused 192.0.2.7 [::1]:5353");
}

static void test_sandbox_line(void)
{
	size_t n = maillog_fmt_sandbox(line, sizeof line, "192.0.2.7", "nouser");
	CHECK_STREQ(line, "- sandbox 192.0.2.7 nouser");
	CHECK_EQ(n, strlen(line));
	maillog_fmt_sandbox(line, sizeof line, "2001:db8::5", "seccomp");
	CHECK_STREQ(line, "- sandbox 2001:db8::5 seccomp");
	maillog_fmt_sandbox(line, sizeof line, "", NULL); /* unknown: "-", columns kept */
	CHECK_STREQ(line, "- sandbox - -");
}

static void add_list(struct config *cfg, const char *zone, enum list_kind kind, bool closed)
{
	if (!cfg->actions) { /* the configs here are static: this stays reachable */
		cfg->actions = calloc(TEST_MAX_LISTS, sizeof *cfg->actions);
		if (!cfg->actions)
			abort();
		cfg->cap = TEST_MAX_LISTS;
	}
	struct action *a = &cfg->actions[cfg->nactions++];
	a->spec.kind = kind;
	snprintf(a->spec.zone, sizeof a->spec.zone, "%s", zone);
	a->spec.weight = 1;
	a->failclosed = closed;
}

static void test_summary(void)
{
	static struct config cfg;
	struct lookup res[8];
	struct verdict v = { .kind = VERDICT_ACCEPT, .by = -1 };

	memset(&cfg, 0, sizeof cfg);
	maillog_fmt_summary(line, sizeof line, "10.0.0.1", &cfg, NULL, 0, &v, "-", 0, 0);
	CHECK_STREQ(line, "summary 10.0.0.1 accept - 0 -");
	v = (struct verdict){ .kind = VERDICT_REFUSE, .code = 553, .by = -1 };
	maillog_fmt_summary(line, sizeof line, "10.0.0.1", &cfg, NULL, 0, &v, "RBLSMTPD", 1, 1);
	CHECK_STREQ(line, "summary 10.0.0.1 553 RBLSMTPD 1 -");

	add_list(&cfg, "dead.example", LIST_BLOCK, false);
	add_list(&cfg, "zen.example", LIST_BLOCK, false);
	add_list(&cfg, "slow.example", LIST_BLOCK, false);
	add_list(&cfg, "err.example", LIST_BLOCK, false);
	add_list(&cfg, "white.example", LIST_ALLOW, false);
	add_list(&cfg, "a,b", LIST_BLOCK, false);
	res[0] = failed_lookup(LOOKUP_TEMPFAIL, FAIL_SERVFAIL, 2);
	res[1] = failed_lookup(LOOKUP_LISTED, FAIL_NONE, 12);
	memcpy(res[1].code, "\x7f\0\0\x02", 4);
	res[2] = failed_lookup(LOOKUP_PENDING, FAIL_NONE, 0);
	res[3] = failed_lookup(LOOKUP_ERROR, FAIL_NONE, 3);
	memcpy(res[3].code, "\x7f\xff\xff\xfe", 4);
	res[4] = failed_lookup(LOOKUP_CLEAR, FAIL_NONE, 4);
	res[5] = failed_lookup(LOOKUP_SKIPPED, FAIL_NONE, 0);
	v = (struct verdict){ .kind = VERDICT_REFUSE, .code = 451, .by = 1 };
	CHECK_STREQ(maillog_decider(&cfg, res, &v), "zen.example");
	/* the list still pending was waited for 4000 ms (read on, -T 4) */
	maillog_fmt_summary(line, sizeof line, "10.0.0.1", &cfg, res, 6, &v,
			    maillog_decider(&cfg, res, &v), 13, 4000);
	CHECK_STREQ(line, "summary 10.0.0.1 451 zen.example 13 dead.example=servfail@2,"
			  "zen.example=listed:127.0.0.2@12,slow.example=skipped@4000,"
			  "err.example=error:127.255.255.254@3,white.example=clear@4,a?b=skipped@0");

	/* every result word */
	const struct { struct lookup r; const char *want; } words[] = {
		{ failed_lookup(LOOKUP_CLEAR, FAIL_NONE, 0), "clear" },
		{ failed_lookup(LOOKUP_TEMPFAIL, FAIL_TIMEOUT, 0), "timeout" },
		{ failed_lookup(LOOKUP_TEMPFAIL, FAIL_SERVFAIL, 0), "servfail" },
		{ failed_lookup(LOOKUP_TEMPFAIL, FAIL_REFUSED, 0), "refused" },
		{ failed_lookup(LOOKUP_TEMPFAIL, FAIL_BADANSWER, 0), "badanswer" },
		{ failed_lookup(LOOKUP_TEMPFAIL, FAIL_OTHER, 0), "refused" },
		{ failed_lookup(LOOKUP_PENDING, FAIL_NONE, 0), "skipped" },
		{ failed_lookup(LOOKUP_SKIPPED, FAIL_NONE, 0), "skipped" },
	};
	char word[40];
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		maillog_result(&words[i].r, word, sizeof word);
		CHECK_STREQ(word, words[i].want);
	}

	/* -c temporary error: the first failed fail-closed -r list */
	cfg.actions[2].failclosed = true;
	v = (struct verdict){ .kind = VERDICT_REFUSE, .code = 451, .by = -1, .temp_error = true };
	CHECK_STREQ(maillog_decider(&cfg, res, &v), "slow.example");
	cfg.actions[2].failclosed = false;
	CHECK_STREQ(maillog_decider(&cfg, res, &v), "dead.example");
	/* accepted because an -a list listed the client */
	v = (struct verdict){ .kind = VERDICT_ACCEPT, .by = -1 };
	CHECK_STREQ(maillog_decider(&cfg, res, &v), "-");
	res[4].state = LOOKUP_LISTED;
	CHECK_STREQ(maillog_decider(&cfg, res, &v), "white.example");

	/* many long zones: whole entries only, never a cut one */
	static struct config big;
	static struct lookup bres[TEST_MAX_LISTS];
	char zone[250];
	memset(zone, 'z', sizeof zone - 1);
	zone[sizeof zone - 1] = '\0';
	for (int i = 0; i < TEST_MAX_LISTS; i++) {
		add_list(&big, zone, LIST_BLOCK, false);
		bres[i] = failed_lookup(LOOKUP_CLEAR, FAIL_NONE, 1);
	}
	v = (struct verdict){ .kind = VERDICT_ACCEPT, .by = -1 };
	size_t n = maillog_fmt_summary(line, sizeof line, "10.0.0.1", &big, bres,
				       TEST_MAX_LISTS, &v, "-", 1, 1);
	CHECK(n < sizeof line);
	CHECK_EQ(n, strlen(line));
	CHECK(n > 4 && strcmp(line + n - 8, "=clear@1") == 0);
}

/* The sink, stderr mode: capture fd 2 through a pipe. */
static void test_stderr_sink(void)
{
	static struct config cfg;
	struct maillog l;
	int p[2], saved = dup(2);
	char got[8192];

	memset(&cfg, 0, sizeof cfg);
	add_list(&cfg, "bl.example", LIST_BLOCK, false);
	cfg.verbose = 2;
	cfg.log_target = LOG_TO_STDERR;
	strcpy(cfg.log_facility, "mail");
	CHECK(pipe(p) == 0);
	dup2(p[1], 2);

	struct maillog_conn c = { "127.0.0.2", "client.example", NULL };
	maillog_init(&l, &cfg, &c);
	struct lookup res[1] = { failed_lookup(LOOKUP_LISTED, FAIL_NONE, 5) };
	memcpy(res[0].code, "\x7f\0\0\x02", 4);
	struct verdict v = { .kind = VERDICT_REFUSE, .code = 451, .by = 0 };
	maillog_lookups(&l, &cfg, res, 1, &v);
	const struct smtp_hooks *h = maillog_refusal(&l, 451, "bl.example");
	CHECK(h != NULL);
	maillog_sandbox(&l, "no-user");
	const char *cmds[] = { "EHLO me", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "RCPT TO:<e@f>", "DATA" };
	for (size_t i = 0; i < 5; i++) {
		enum smtp_verb vb = smtp_verb_of(cmds[i], strlen(cmds[i]));
		h->on_command(h->ctx, vb, cmds[i], strlen(cmds[i]), !smtp_verb_accepted(vb));
	}
	maillog_refusal_end(&l);
	maillog_refusal_end(&l); /* once only */
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	ssize_t n = read(p[0], got, sizeof got - 1);
	close(p[0]);
	got[n > 0 ? n : 0] = '\0';
	/* the summary's ms is the clock's: check it apart */
	char *ms = strstr(got, "451 bl.example ");
	CHECK(ms != NULL);
	if (ms) {
		char *end = ms + 15;
		while (*end >= '0' && *end <= '9')
			end++;
		memmove(ms + 15, end, strlen(end) + 1);
	}
	/* blocked, rejected …, then the summary last */
	CHECK_STREQ(got, "rblsmtpd: bl.example blocked 127.0.0.2 client.example -\n"
			 "rblsmtpd: - sandbox 127.0.0.2 no-user\n"
			 "rblsmtpd: bl.example rejected 127.0.0.2 client.example - me <a@b> <c@d>\n"
			 "rblsmtpd: bl.example rejected 127.0.0.2 client.example - me <a@b> <e@f>\n"
			 "rblsmtpd: summary 127.0.0.2 451 bl.example  bl.example=listed:127.0.0.2@5\n");

	/* -L 2: two rejected lines, then one rejected-more line with the count
	 * of the rest, before the summary; 0 = no limit */
	static const struct { unsigned max; int lines; const char *more; } caps[] = {
		{ 2, 2, "rblsmtpd: bl.example rejected-more 127.0.0.2 client.example - 3\n" },
		{ 5, 5, NULL }, { 0, 5, NULL }, { 1, 1, "rejected-more 127.0.0.2 client.example - 4\n" },
	};
	for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
		cfg.rejected_max = caps[k].max;
		saved = dup(2);
		CHECK(pipe(p) == 0);
		dup2(p[1], 2);
		maillog_init(&l, &cfg, &c);
		maillog_lookups(&l, &cfg, res, 1, &v);
		h = maillog_refusal(&l, 451, "bl.example");
		for (int i = 0; i < 5; i++) {
			h->on_command(h->ctx, SMTP_RCPT, "RCPT TO:<x@y>", 13, true);
			h->on_command(h->ctx, SMTP_DATA, "DATA", 4, true);
		}
		maillog_refusal_end(&l);
		dup2(saved, 2);
		close(saved);
		close(p[1]);
		n = read(p[0], got, sizeof got - 1);
		close(p[0]);
		got[n > 0 ? n : 0] = '\0';
		int rejected = 0;
		for (char *q = got; (q = strstr(q, " rejected ")); q++)
			rejected++;
		CHECK_EQ(rejected, caps[k].lines);
		char *more = strstr(got, "rejected-more");
		CHECK((more != NULL) == (caps[k].more != NULL));
		if (more && caps[k].more)
			CHECK(strstr(got, caps[k].more) != NULL);
		char *sum = strstr(got, "rblsmtpd: summary ");
		CHECK(sum != NULL && strchr(sum, '\n') == got + strlen(got) - 1); /* last */
		CHECK(!more || more < sum);
	}
	cfg.rejected_max = 0;

	/* without -v: nothing at all, not even hooks */
	cfg.verbose = 0;
	maillog_init(&l, &cfg, &c);
	CHECK(maillog_refusal(&l, 451, "bl.example") == NULL);
	CHECK_EQ(l.fd, -1);
}

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The sink, syslog mode, against a socket of our own. */
static void test_syslog_sink(void)
{
	static struct config cfg;
	struct maillog l;
	char dir[] = "/tmp/maillog-XXXXXX", path[100], got[600];

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/log", dir);
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	CHECK(bind(srv, (struct sockaddr *)&sa, sizeof sa) == 0);

	memset(&cfg, 0, sizeof cfg);
	cfg.verbose = 1;
	cfg.log_target = LOG_TO_SYSLOG;
	strcpy(cfg.log_facility, "local3");
	struct maillog_conn c = { "127.0.0.2", "client.example", NULL };
	maillog_init(&l, &cfg, &c);
	l.socket_path = path;
	maillog_send(&l, MAILLOG_WARNING, "zone timeout 127.0.0.2 5000ms", 29);
	ssize_t n = recv(srv, got, sizeof got - 1, MSG_DONTWAIT);
	got[n > 0 ? n : 0] = '\0';
	/* <PRI>Mmm dd hh:mm:ss rblsmtpd: msg — local3 (19) * 8 + warning (4) = 156 */
	CHECK(n == 5 + 16 + 10 + 29);
	CHECK(strncmp(got, "<156>", 5) == 0);
	CHECK(got[8] == ' ' && got[11] == ' ' && got[14] == ':' && got[17] == ':');
	CHECK_STREQ(got + 21, "rblsmtpd: zone timeout 127.0.0.2 5000ms");
	CHECK(l.fd >= 0 && (fcntl(l.fd, F_GETFD) & FD_CLOEXEC));

	/* nobody reads: the queue fills; the sink waits MAILLOG_STALL_MS once,
	 * then gives up on every line at once, however many it is asked to
	 * send: each goes to stderr instead (a trace in the supervisor's log). */
	char errpath[120];
	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	int saved = dup(2), errfd = open(errpath, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	dup2(errfd, 2);
	long long t0 = mono_ms();
	for (int i = 0; i < 2000; i++)
		maillog_send(&l, MAILLOG_INFO, "x blocked 127.0.0.2 - -", 23);
	long long spent = mono_ms() - t0;
	CHECK(spent >= MAILLOG_STALL_MS - 5);
	CHECK(spent < MAILLOG_STALL_MS + 200);
	CHECK_EQ(l.fd, -2);
	t0 = mono_ms();
	maillog_send(&l, MAILLOG_INFO, "y", 1);
	CHECK(mono_ms() - t0 < 20);
	/* every line is somewhere: in the socket's queue, or on stderr */
	int queued = 0;
	while (recv(srv, got, sizeof got, MSG_DONTWAIT) > 0)
		queued++;
	FILE *ef = fopen(errpath, "r");
	char eline[200];
	int on_stderr = 0, y = 0, other = 0;
	while (ef && fgets(eline, sizeof eline, ef)) {
		if (strcmp(eline, "rblsmtpd: x blocked 127.0.0.2 - -\n") == 0)
			on_stderr++;
		else if (strcmp(eline, "rblsmtpd: y\n") == 0)
			y++;
		else
			other++;
	}
	if (ef)
		fclose(ef);
	CHECK(queued > 0 && on_stderr > 0);
	CHECK_EQ(queued + on_stderr, 2000);
	CHECK_EQ(y, 1);
	CHECK_EQ(other, 0);
	close(srv);
	unlink(path);

	/* no daemon at all: at once to stderr, no error */
	CHECK(ftruncate(errfd, 0) == 0);
	lseek(errfd, 0, SEEK_SET);
	maillog_init(&l, &cfg, &c);
	l.socket_path = path;
	t0 = mono_ms();
	maillog_send(&l, MAILLOG_INFO, "z", 1);
	maillog_send(&l, MAILLOG_INFO, "z", 1);
	CHECK(mono_ms() - t0 < 20);
	CHECK_EQ(l.fd, -2);
	/* ... unless fd 2 is the client's connection: then nowhere */
	l.fd2_client = 1;
	maillog_send(&l, MAILLOG_INFO, "w", 1);
	dup2(saved, 2);
	close(saved);
	close(errfd);
	ef = fopen(errpath, "r");
	size_t nread = ef ? fread(eline, 1, sizeof eline - 1, ef) : 0;
	eline[nread] = '\0';
	if (ef)
		fclose(ef);
	CHECK_STREQ(eline, "rblsmtpd: z\nrblsmtpd: z\n");
	unlink(errpath);
	rmdir(dir);
}

int main(void)
{
	test_blocked();
	test_envelope();
	test_rejected();
	test_warning();
	test_resolver();
	test_sandbox_line();
	test_summary();
	test_stderr_sink();
	test_syslog_sink();
	return check_done("test_maillog");
}
