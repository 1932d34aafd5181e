/* SPDX-License-Identifier: ISC */
/* Unit test: the log is one contract (core/logfmt). Every line rblsmtpd can
 * write is made by maillog's own formatters, over every input that changes
 * the words (each lookup state and failure, each verdict, each resolver
 * why), and parsed back by rblstat's parser (logline_parse,
 * logline_next_result) to the same values. Then the table is walked: every
 * event word, result word and verdict must have been written and read back,
 * so a word added to the table that the writer never produces fails here,
 * as does a word the writer produces that the parser does not know. rblcheck's
 * outcome words are checked against the same table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "check/outcome.h"
#include "envelope.h"
#include "logfmt.h"
#include "logline.h"
#include "maillog.h"

#define PREFIX "2026-01-02T03:04:05Z mx1 rblsmtpd: "

static bool seen_event[LOGFMT_EVENTS], seen_result[LOGFMT_RESULTS], seen_verdict[LOGFMT_VERDICTS];
static bool seen_why[LOGFMT_WHYS];

static int sveq(struct sv v, const char *s)
{
	return v.n == strlen(s) && memcmp(v.p, s, v.n) == 0;
}

/* The sanitised form of a field, as the writer must write it. */
static const char *san(const char *s)
{
	static char buf[8][LOGFMT_FIELD_MAX + 1];
	static int k;
	char *o = buf[k++ % 8];
	logfmt_field(s, s ? strlen(s) : 0, o, LOGFMT_FIELD_MAX);
	return o;
}

static int columns(const char *msg)
{
	int n = 1;
	for (const char *p = msg; *p; p++)
		n += *p == ' ';
	return n;
}

/* Parse one message as rblstat reads it, from a line of rsyslog's. */
static enum logline_kind reparse(const char *msg, struct logline *l)
{
	static char line[LOGFMT_LINE_MAX + 100];
	snprintf(line, sizeof line, PREFIX "%s", msg);
	return logline_parse(line, strlen(line), l);
}

/* What a written line must read back as. */
struct want {
	enum logline_kind kind;
	enum logfmt_event event;
	const char *list, *ip, *rhost, *info, *helo, *from, *to, *detail, *by;
	unsigned long long count;
};

static void round_trip(const char *what, const char *msg, const struct want *w)
{
	struct logline l;
	memset(&l, 0, sizeof l);
	enum logline_kind k = reparse(msg, &l);
	int ok = CHECK_EQ(k, w->kind) && CHECK_EQ(l.event, w->event);
	if (w->event != LOGFMT_SUMMARY)
		ok &= CHECK_EQ(columns(msg), logfmt_events[w->event].columns);
	if (w->list) ok &= CHECK(sveq(l.list, w->list));
	if (w->ip) ok &= CHECK(sveq(l.ip, w->ip));
	if (w->rhost) ok &= CHECK(sveq(l.rhost, w->rhost));
	if (w->info) ok &= CHECK(sveq(l.info, w->info));
	if (w->helo) ok &= CHECK(sveq(l.helo, w->helo));
	if (w->from) ok &= CHECK(sveq(l.from, w->from));
	if (w->to) ok &= CHECK(sveq(l.to, w->to));
	if (w->detail) ok &= CHECK(sveq(l.detail, w->detail));
	if (w->by) ok &= CHECK(sveq(l.by, w->by));
	if (w->kind == LL_REJECTED_MORE)
		ok &= CHECK_EQ(l.count, w->count);
	if (!ok)
		printf("# %s: written \"%s\"\n", what, msg);
	else
		seen_event[w->event] = true;
}

static const char *hostile = "evil host\r\nrblsmtpd: x blocked 1.2.3.4 - -";

static void test_list_lines(void)
{
	char msg[LOGFMT_LINE_MAX];
	const struct maillog_conn conns[] = {
		{ "192.0.2.7", "client.example", "ident" },
		{ "192.0.2.7", NULL, NULL },
		{ "2001:db8::7", hostile, "a b" },
	};
	const char *lists[] = { "zen.example", "RBLSMTPD", "early-talker", "/etc/rbl/local.list",
				"resolver", "summary", "bl example" };
	for (size_t i = 0; i < sizeof conns / sizeof conns[0]; i++)
		for (size_t j = 0; j < sizeof lists / sizeof lists[0]; j++) {
			const struct maillog_conn *c = &conns[i];
			maillog_fmt_blocked(msg, sizeof msg, lists[j], c);
			round_trip("blocked", msg, &(struct want){ .kind = LL_BLOCKED,
				   .event = LOGFMT_BLOCKED, .list = san(lists[j]), .ip = san(c->ip),
				   .rhost = san(c->host), .info = san(c->info) });

			struct envelope env = ENVELOPE_ZERO;
			maillog_fmt_rejected(msg, sizeof msg, lists[j], c, &env);
			round_trip("rejected, empty envelope", msg, &(struct want){
				   .kind = LL_REJECTED, .event = LOGFMT_REJECTED, .list = san(lists[j]),
				   .ip = san(c->ip), .rhost = san(c->host), .info = san(c->info),
				   .helo = "-", .from = "-", .to = "-" });
			const char *cmds[] = { "EHLO spam bot", "MAIL FROM:<a@b.example> SIZE=1",
					       "RCPT TO:<c d@e.example>" };
			for (size_t k = 0; k < 3; k++)
				envelope_feed(&env, smtp_verb_of(cmds[k], strlen(cmds[k])), cmds[k],
					      strlen(cmds[k]));
			maillog_fmt_rejected(msg, sizeof msg, lists[j], c, &env);
			round_trip("rejected", msg, &(struct want){ .kind = LL_REJECTED,
				   .event = LOGFMT_REJECTED, .list = san(lists[j]), .ip = san(c->ip),
				   .rhost = san(c->host), .info = san(c->info), .helo = "spam?bot",
				   .from = "<a@b.example>", .to = "<c?d@e.example>" });

			const unsigned long long counts[] = { 1, 149621, 1ULL << 40 };
			for (size_t k = 0; k < 3; k++) {
				maillog_fmt_rejected_more(msg, sizeof msg, lists[j], c, counts[k]);
				round_trip("rejected-more", msg, &(struct want){
					   .kind = LL_REJECTED_MORE, .event = LOGFMT_REJECTED_MORE,
					   .list = san(lists[j]), .ip = san(c->ip), .rhost = san(c->host),
					   .info = san(c->info), .count = counts[k] });
			}
		}
}

static struct lookup lk(enum lookup_state st, enum lookup_fail f, unsigned ms)
{
	struct lookup r;
	memset(&r, 0, sizeof r);
	r.state = st;
	r.fail = f;
	r.ms = ms;
	return r;
}

/* Every lookup that changes a word: each state with each failure, and the
 * error codes. */
static size_t all_lookups(struct lookup *out)
{
	size_t n = 0;
	for (int st = LOOKUP_PENDING; st <= LOOKUP_SKIPPED; st++)
		for (int f = FAIL_NONE; f <= FAIL_NOMEM; f++, n++)
			out[n] = lk((enum lookup_state)st, (enum lookup_fail)f, 17 + (unsigned)n);
	static const unsigned char codes[][4] = {
		{ 127, 0, 0, 2 }, { 127, 255, 255, 254 }, { 127, 255, 255, 255 },
		{ 127, 255, 255, 252 }, { 127, 255, 255, 7 }, { 10, 0, 0, 2 },
	};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		out[n] = lk(LOOKUP_LISTED, FAIL_NONE, 5);
		memcpy(out[n++].code, codes[i], 4);
		out[n] = lk(LOOKUP_ERROR, FAIL_NONE, 6);
		memcpy(out[n++].code, codes[i], 4);
	}
	return n;
}

#define LOOKUPS_MAX 128

static void test_warnings(void)
{
	char msg[LOGFMT_LINE_MAX];
	struct lookup res[LOOKUPS_MAX];
	size_t n = all_lookups(res);
	for (size_t i = 0; i < n; i++) {
		size_t len = maillog_fmt_warning(msg, sizeof msg, "bl.example", "192.0.2.7", &res[i]);
		int ev = logfmt_warning_of(&res[i]);
		CHECK_EQ(len > 0, ev >= 0);
		if (!len)
			continue;
		/* the detail as the man page has it */
		char detail[64];
		if (ev == LOGFMT_ERROR)
			snprintf(detail, sizeof detail, "%u.%u.%u.%u=", res[i].code[0], res[i].code[1],
				 res[i].code[2], res[i].code[3]);
		else if (res[i].fail == FAIL_OTHER)
			snprintf(detail, sizeof detail, "unusable");
		else
			snprintf(detail, sizeof detail, "%ums", res[i].ms);
		struct logline l;
		CHECK_EQ(reparse(msg, &l), LL_WARNING);
		CHECK(l.detail.n >= strlen(detail) && memcmp(l.detail.p, detail, strlen(detail)) == 0);
		round_trip("warning", msg, &(struct want){ .kind = LL_WARNING,
			   .event = (enum logfmt_event)ev, .list = "bl.example", .ip = "192.0.2.7" });
		/* a list named "resolver" keeps its warnings */
		maillog_fmt_warning(msg, sizeof msg, "resolver", "192.0.2.7", &res[i]);
		round_trip("warning of a list named resolver", msg, &(struct want){
			   .kind = LL_WARNING, .event = (enum logfmt_event)ev, .list = "resolver",
			   .ip = "192.0.2.7" });
	}
}

static void test_connection_lines(void)
{
	char msg[LOGFMT_LINE_MAX];
	const char *raws[] = { "not an address", "999.1.2.3", "", hostile };
	for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
		maillog_fmt_badaddr(msg, sizeof msg, raws[i]);
		round_trip("badaddress", msg, &(struct want){ .kind = LL_NOTICE,
			   .event = LOGFMT_BADADDRESS, .list = "-", .ip = san(raws[i]),
			   .detail = LOGFMT_NOT_AN_IP });
	}
	const char *whys[] = { "no-user", "seccomp-failed", "setuid-failed", "two words" };
	for (size_t i = 0; i < sizeof whys / sizeof whys[0]; i++) {
		maillog_fmt_sandbox(msg, sizeof msg, "192.0.2.7", whys[i]);
		round_trip("sandbox", msg, &(struct want){ .kind = LL_NOTICE, .event = LOGFMT_SANDBOX,
			   .list = "-", .ip = "192.0.2.7", .detail = san(whys[i]) });
	}
	const char *servers[] = { "127.0.0.1", "127.0.53.9:5353", "[::1]:5353", "2001:db8::53" };
	for (int w = 0; w < LOGFMT_WHYS; w++)
		for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++) {
			maillog_fmt_resolver(msg, sizeof msg, servers[i], logfmt_why_words[w], "192.0.2.7");
			struct want want = { .kind = LL_RESOLVER, .event = LOGFMT_RESOLVER, .ip = "192.0.2.7",
					     .detail = logfmt_why_words[w], .by = servers[i] };
			round_trip("resolver", msg, &want);
			struct logline l;
			if (reparse(msg, &l) == LL_RESOLVER &&
			    logfmt_why_of(l.detail.p, l.detail.n) == w)
				seen_why[w] = true;
		}
}

static void add_list(struct config *cfg, const char *zone)
{
	struct action *a = &cfg->actions[cfg->nactions++];
	memset(a, 0, sizeof *a);
	a->spec.kind = LIST_BLOCK;
	snprintf(a->spec.zone, sizeof a->spec.zone, "%s", zone);
}

/* A summary over every lookup, for each verdict: the entries read back to
 * the lookups' results, their codes and times. */
static void test_summaries(void)
{
	static struct action actions[LOOKUPS_MAX];
	static struct config cfg;
	struct lookup res[LOOKUPS_MAX];
	char msg[LOGFMT_LINE_MAX], zone[32];
	size_t n = all_lookups(res);
	cfg.actions = actions;
	cfg.cap = LOOKUPS_MAX;
	for (size_t i = 0; i < n; i++) {
		snprintf(zone, sizeof zone, i == 3 ? "a,b%zu" : "l%zu.example", i);
		add_list(&cfg, zone);
	}
	const struct verdict verdicts[LOGFMT_VERDICTS] = {
		[LOGFMT_V_ACCEPT] = { .kind = VERDICT_ACCEPT, .by = -1 },
		[LOGFMT_V_451] = { .kind = VERDICT_REFUSE, .code = 451, .by = 0 },
		[LOGFMT_V_553] = { .kind = VERDICT_REFUSE, .code = 553, .by = -1 },
	};
	for (int v = 0; v < LOGFMT_VERDICTS; v++) {
		maillog_fmt_summary(msg, sizeof msg, "192.0.2.7", &cfg, res, n, &verdicts[v],
				    v == LOGFMT_V_553 ? "RBLSMTPD" : "l0.example", 23, 4000);
		struct logline l;
		round_trip("summary", msg, &(struct want){ .kind = LL_SUMMARY, .event = LOGFMT_SUMMARY,
			   .ip = "192.0.2.7",
			   .by = v == LOGFMT_V_553 ? "RBLSMTPD" : "l0.example" });
		if (reparse(msg, &l) != LL_SUMMARY)
			continue;
		if (CHECK_EQ(l.verdict, v) && CHECK_EQ(l.ms, 23))
			seen_verdict[v] = true;
		struct sv rest = l.results;
		struct logline_res r;
		size_t i = 0;
		int rc;
		while ((rc = logline_next_result(&rest, &r)) == 1 && i < n) {
			enum logfmt_result want = logfmt_result_of_lookup(&res[i]);
			char word[40], expect[40];
			maillog_result(&res[i], word, sizeof word);
			snprintf(expect, sizeof expect, "%s", logfmt_results[want].word);
			if (logfmt_results[want].has_code)
				snprintf(expect + strlen(expect), sizeof expect - strlen(expect),
					 ":%u.%u.%u.%u", res[i].code[0], res[i].code[1], res[i].code[2],
					 res[i].code[3]);
			unsigned at = res[i].state == LOOKUP_PENDING ? 4000 : res[i].ms;
			int ok = CHECK_STREQ(word, expect) && CHECK_EQ(r.result, want) &&
				 CHECK_EQ(r.ms, at);
			snprintf(zone, sizeof zone, i == 3 ? "a?b%zu" : "l%zu.example", i);
			ok &= CHECK(sveq(r.zone, zone));
			if (logfmt_results[want].has_code) {
				char code[20];
				snprintf(code, sizeof code, "%u.%u.%u.%u", res[i].code[0], res[i].code[1],
					 res[i].code[2], res[i].code[3]);
				ok &= CHECK(sveq(r.code, code));
			}
			if (ok)
				seen_result[want] = true;
			else
				printf("# summary entry %zu of \"%s\"\n", i, msg);
			i++;
		}
		CHECK_EQ(rc, 0);
		CHECK_EQ(i, n);
	}
	/* no list asked */
	cfg.nactions = 0;
	maillog_fmt_summary(msg, sizeof msg, "192.0.2.7", &cfg, res, 0, &verdicts[LOGFMT_V_553],
			    "RBLSMTPD", 1, 1);
	round_trip("summary, no lists", msg, &(struct want){ .kind = LL_SUMMARY,
		   .event = LOGFMT_SUMMARY, .by = "RBLSMTPD" });
}

/* The parser's own lookups know every word of the table (each is a switch
 * on length and bytes: a word added to the table alone is not found). */
static void test_table_words(void)
{
	for (int e = 0; e < LOGFMT_EVENTS; e++) {
		const struct logfmt_event_info *w = &logfmt_events[e];
		CHECK_EQ(strlen(w->word), w->len);
		CHECK_EQ(logfmt_event_of(w->word, w->len), e);
		CHECK(w->columns >= 4 && w->columns <= 8 && w->word_column <= 1);
		if (w->word_column == 0)
			CHECK(w->len < 32 && (LOGFMT_OPENING_LENGTHS >> w->len & 1));
		if (!seen_event[e])
			printf("not ok - event \"%s\": no maillog formatter wrote a line rblstat read back\n",
			       w->word);
		CHECK(seen_event[e]);
	}
	for (int r = 0; r < LOGFMT_RESULTS; r++) {
		CHECK_EQ(strlen(logfmt_results[r].word), logfmt_results[r].len);
		CHECK_EQ(logfmt_result_of(logfmt_results[r].word, logfmt_results[r].len), r);
		if (!seen_result[r])
			printf("not ok - result \"%s\": never written and read back\n",
			       logfmt_results[r].word);
		CHECK(seen_result[r]);
	}
	for (int v = 0; v < LOGFMT_VERDICTS; v++) {
		CHECK_EQ(logfmt_verdict_of(logfmt_verdict_words[v], strlen(logfmt_verdict_words[v])), v);
		CHECK(seen_verdict[v]);
	}
	for (int w = 0; w < LOGFMT_WHYS; w++)
		CHECK(seen_why[w]);
	/* the five list warnings are contiguous, in rblstat's counter order */
	CHECK_EQ(LOGFMT_LIST_WARNINGS, LE_COUNT);
	CHECK_STREQ(logline_event_name(LE_TIMEOUT), "timeout");
	CHECK_STREQ(logline_event_name(LE_ERROR), "error");
	CHECK_EQ(LR_COUNT, LOGFMT_RESULTS);
	/* not words of ours */
	CHECK_EQ(logfmt_event_of("blockedx", 8), -1);
	CHECK_EQ(logfmt_event_of("Blocked", 7), -1);
	CHECK_EQ(logfmt_event_of("", 0), -1);
	CHECK_EQ(logfmt_result_of("resolver-failed", 15), -1);
	CHECK_EQ(logfmt_result_of("listex", 6), -1);
	CHECK(logfmt_is_warning_detail("5000ms", 6));
	CHECK(logfmt_is_warning_detail("unusable", 8));
	CHECK(!logfmt_is_warning_detail("ms", 2));
	CHECK(!logfmt_is_warning_detail("127.0.0.1", 9));
	CHECK(!logfmt_is_warning_detail("[::1]:53", 8));
}

/* rblcheck words a lookup with the same table, plus its two own words. */
static void test_rblcheck_words(void)
{
	struct lookup res[LOOKUPS_MAX];
	size_t n = all_lookups(res);
	for (size_t i = 0; i < n; i++) {
		const char *w = outcome_result(&res[i]);
		int r = logfmt_result_of(w, strlen(w));
		bool own = strcmp(w, "pending") == 0 || strcmp(w, "failed") == 0;
		if (!CHECK(r >= 0 || own))
			printf("# rblcheck word \"%s\" is in no table\n", w);
		if (r >= 0)
			CHECK_EQ(r, logfmt_result_of_lookup(&res[i]));
	}
	struct lookup dead = lk(LOOKUP_TEMPFAIL, FAIL_RESOLVER, 1);
	CHECK_STREQ(outcome_result(&dead), "resolver");
}

/* Lines that look like ours but are not: the rules of logfmt.h. */
static void test_telling_apart(void)
{
	struct logline l;
	/* a client whose address field reads "blocked" still has its summary */
	CHECK_EQ(reparse("summary blocked accept - 3 -", &l), LL_SUMMARY);
	CHECK_EQ(reparse("summary 1.2.3.4 accept - 3", &l), LL_SKIP);
	CHECK_EQ(reparse("summary 1.2.3.4 250 - 3 -", &l), LL_SKIP);
	CHECK_EQ(reparse("resolver unreachable 1.2.3.4", &l), LL_SKIP);
	CHECK_EQ(reparse("resolver asleep 1.2.3.4 127.0.0.1", &l), LL_SKIP);
	CHECK_EQ(reparse("resolver refused 1.2.3.4 127.0.0.1", &l), LL_RESOLVER);
	CHECK_EQ(reparse("resolver refused 1.2.3.4 12ms", &l), LL_WARNING);
	CHECK_EQ(reparse("zen rejected-more 1.2.3.4 - - 12x", &l), LL_SKIP);
	CHECK_EQ(reparse("zen rejected-more 1.2.3.4 - -", &l), LL_SKIP);
	CHECK_EQ(reparse("zen rejected-more 1.2.3.4 - - 99999999999999999999", &l), LL_SKIP);
	CHECK_EQ(reparse("- sandbox 1.2.3.4", &l), LL_SKIP);
	CHECK_EQ(reparse("x summary 1.2.3.4 accept - 3 -", &l), LL_OTHER);
	CHECK_EQ(reparse("fatal: unable to run x", &l), LL_OTHER);
}

int main(void)
{
	test_list_lines();
	test_warnings();
	test_connection_lines();
	test_summaries();
	test_table_words();
	test_rblcheck_words();
	test_telling_apart();
	return check_done("test_logfmt");
}
