/* SPDX-License-Identifier: ISC */
/* Unit tests for the key rule on every side (rblsmtpd(8) -r, rblstat(1)
 * Messages): listspec_shown_at (the one rule), listspec_shown_arg (usage and
 * error messages), config_parse's "bad list" line, and rblstat's parser,
 * which shows every list name it reads without its key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "check.h"
#include "config.h"
#include "listspec.h"
#include "logline.h"

static size_t shown_at(const char *s)
{
	return listspec_shown_at(s, strlen(s));
}

static void test_shown_at(void)
{
	CHECK_EQ(shown_at("KEY.zen.dq.spamhaus.net"), 4);
	CHECK_EQ(shown_at("key123.ZEN.DQ.SPAMHAUS.NET"), 7);
	CHECK_EQ(shown_at("KEY.zen.dq.spamhaus.net."), 4);
	CHECK_EQ(shown_at("KEY..zen.dq.spamhaus.net"), 5);
	CHECK_EQ(shown_at("a.b.KEY.zen.dq.spamhaus.net"), 8);
	CHECK_EQ(shown_at("KEY.combined.mail.abusix.zone"), 4);
	CHECK_EQ(shown_at("KEY.Combined.Mail.Abusix.Zone."), 4);
	CHECK_EQ(shown_at("zen.dq.spamhaus.net"), 0);        /* no key */
	CHECK_EQ(shown_at(".zen.dq.spamhaus.net"), 0);
	CHECK_EQ(shown_at("dq.spamhaus.net"), 0);
	CHECK_EQ(shown_at("zen.spamhaus.org"), 0);
	CHECK_EQ(shown_at("bl.spamcop.net"), 0);
	CHECK_EQ(shown_at("KEY.zen.xdq.spamhaus.net"), 0);   /* another zone */
	CHECK_EQ(shown_at("/etc/rbl/KEY.zen.dq.spamhaus.net"), 0);   /* a file path */
	CHECK_EQ(shown_at("-"), 0);
	CHECK_EQ(shown_at(""), 0);
}

/* listspec_key_len before its first-letter shortcut, to check the shortcut
 * changes no answer. */
static size_t key_len_reference(const char *zone, size_t len)
{
	static const char *const suffixes[] = { "dq.spamhaus.net", "mail.abusix.zone", NULL };
	size_t end = len;
	while (end > 0 && zone[end - 1] == '.')
		end--;
	for (size_t k = 0; suffixes[k]; k++) {
		size_t slen = strlen(suffixes[k]);
		if (!(end > slen && zone[end - slen - 1] == '.' &&
		      strncasecmp(zone + end - slen, suffixes[k], slen) == 0))
			continue;
		size_t p = end - slen - 1;
		while (p > 0 && zone[p - 1] == '.')
			p--;
		size_t list = p;
		while (list > 0 && zone[list - 1] != '.')
			list--;
		if (list == p)
			return 0;
		for (size_t i = 0; i < list; i++)
			if (zone[i] != '.')
				return list;
		return 0;
	}
	return 0;
}

static void test_key_len_shortcut(void)
{
	static const char *const parts[] = { "", ".", "k", "KEY.", "zen.", "x.", "..", "dq.spamhaus.net",
					     "DQ.SPAMHAUS.NET", "mail.abusix.zone", "spamhaus.net",
					     "abusix.zone", "dq.spamhaus.nes", "q.spamhaus.net", "t", "e" };
	size_t np = sizeof parts / sizeof parts[0];
	char name[128];
	int differ = 0, keyed = 0;
	for (size_t a = 0; a < np; a++)
		for (size_t b = 0; b < np; b++)
			for (size_t c = 0; c < np; c++)
				for (size_t d = 0; d < np; d++) {
					snprintf(name, sizeof name, "%s%s%s%s", parts[a], parts[b], parts[c], parts[d]);
					size_t n = strlen(name);
					size_t want = key_len_reference(name, n);
					differ += listspec_key_len(name, n) != want;
					keyed += want != 0;
				}
	CHECK_EQ(differ, 0);
	CHECK(keyed > 100);
}

static void shown_arg(const char *arg, const char *want)
{
	char out[CONFIG_ERR_MAX];
	listspec_shown_arg(arg, out, sizeof out);
	CHECK_STREQ(out, want);
}

static void test_shown_arg(void)
{
	shown_arg("KEY.zen.dq.spamhaus.net=127.0.0.999", "zen.dq.spamhaus.net=127.0.0.999");
	shown_arg("KEY.zen.dq.spamhaus.net*x", "zen.dq.spamhaus.net*x");
	shown_arg("KEY.zen.dq.spamhaus.net:msg", "zen.dq.spamhaus.net:msg");
	shown_arg("KEY.zen.dq.spamhaus.net.=127.0.0.2*2:msg", "zen.dq.spamhaus.net.=127.0.0.2*2:msg");
	shown_arg("spamhaus@KEY.zen.dq.spamhaus.net=1", "spamhaus@zen.dq.spamhaus.net=1");
	shown_arg("bad name@KEY.zen.dq.spamhaus.net", "bad name@zen.dq.spamhaus.net");
	shown_arg("KEY.combined.mail.abusix.zone=x", "combined.mail.abusix.zone=x");
	shown_arg("zen.spamhaus.org=127.0.0.999", "zen.spamhaus.org=127.0.0.999");
	shown_arg("/etc/KEY.zen.dq.spamhaus.net*x", "/etc/KEY.zen.dq.spamhaus.net*x");
	shown_arg("=127.0.0.2", "=127.0.0.2");
	shown_arg("", "");
	/* An '@' in the message or after '=' is no name. */
	shown_arg("KEY.zen.dq.spamhaus.net:a@b", "zen.dq.spamhaus.net:a@b");
	shown_arg("KEY.zen.dq.spamhaus.net=1@x", "zen.dq.spamhaus.net=1@x");
}

/* config_parse's diagnostic for each way a keyed list can be wrong. */
static void bad_list(enum config_program prog, const char *opt, const char *arg, const char *want)
{
	char *argv[] = { "prog", (char *)opt, (char *)arg, "prog", NULL };
	struct config cfg;
	char err[CONFIG_ERR_MAX] = "";
	CHECK(!config_parse(prog, 4, argv, &cfg, err, sizeof err));
	CHECK_STREQ(err, want);
	config_free(&cfg);
}

static void test_config_messages(void)
{
	bad_list(CONFIG_RBLSMTPD, "-r", "KEY.zen.dq.spamhaus.net=127.0.0.999",
		 "bad list zen.dq.spamhaus.net=127.0.0.999: bad filter");
	bad_list(CONFIG_RBLSMTPD, "-r", "KEY.zen.dq.spamhaus.net*2x",
		 "bad list zen.dq.spamhaus.net*2x: bad weight");
	bad_list(CONFIG_RBLSMTPD, "-a", "KEY.zen.dq.spamhaus.net:hello",
		 "bad list zen.dq.spamhaus.net:hello: -a takes no message");
	bad_list(CONFIG_RBLCHECK, "-r", "KEY.sbl.dq.spamhaus.net:",
		 "bad list sbl.dq.spamhaus.net:: empty message");
	bad_list(CONFIG_RBLCHECK, "-r", "KEY.combined.mail.abusix.zone*1=127.0.0.2",
		 "bad list combined.mail.abusix.zone*1=127.0.0.2: bad list syntax");
	bad_list(CONFIG_RBLSMTPD, "-r", "x y@KEY.zen.dq.spamhaus.net",
		 "bad list x y@zen.dq.spamhaus.net: bad display name");
}

static int sveq(struct sv v, const char *s)
{
	return v.n == strlen(s) && memcmp(v.p, s, v.n) == 0;
}

static enum logline_kind parse(const char *s, struct logline *l)
{
	return logline_parse(s, strlen(s), l);
}

/* rblstat reads every list name without its key. */
static void test_parser(void)
{
	struct logline l;
	CHECK_EQ(parse("Dec  1 00:00:00 mx rblsmtpd: KEY.zen.dq.spamhaus.net blocked 192.0.2.1 - -", &l),
		 LL_BLOCKED);
	CHECK(sveq(l.list, "zen.dq.spamhaus.net"));
	CHECK_EQ(parse("Dec  1 00:00:00 mx rblsmtpd: KEY.zen.dq.spamhaus.net rejected 192.0.2.1 - - h <a@b> <c@d>", &l),
		 LL_REJECTED);
	CHECK(sveq(l.list, "zen.dq.spamhaus.net"));
	CHECK_EQ(parse("Dec  1 00:00:00 mx rblsmtpd: KEY.Combined.Mail.Abusix.Zone timeout 192.0.2.1 -", &l),
		 LL_WARNING);
	CHECK(sveq(l.list, "Combined.Mail.Abusix.Zone"));
	CHECK_EQ(parse("Dec  1 00:00:00 mx rblsmtpd: summary 192.0.2.1 451 KEY.zen.dq.spamhaus.net 5 "
		       "KEY.zen.dq.spamhaus.net=listed:127.0.0.2@5,zen.spamhaus.org=clear@3,"
		       "KEY.xbl.dq.spamhaus.net.=error:127.255.255.254@4", &l), LL_SUMMARY);
	CHECK(sveq(l.by, "zen.dq.spamhaus.net"));
	struct sv rest = l.results;
	struct logline_res r;
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK(sveq(r.zone, "zen.dq.spamhaus.net"));
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK(sveq(r.zone, "zen.spamhaus.org"));
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK(sveq(r.zone, "xbl.dq.spamhaus.net."));
	CHECK_EQ(r.result, LR_ERROR);
	/* Names without a key, file paths and "-" are as written. */
	CHECK_EQ(parse("Dec  1 00:00:00 mx rblsmtpd: /etc/rbl/KEY.zen.dq.spamhaus.net blocked 192.0.2.1 - -", &l),
		 LL_BLOCKED);
	CHECK(sveq(l.list, "/etc/rbl/KEY.zen.dq.spamhaus.net"));
	CHECK_EQ(parse("Dec  1 00:00:00 mx rblsmtpd: summary 192.0.2.1 accept - 5 zen.dq.spamhaus.net=clear@3", &l),
		 LL_SUMMARY);
	CHECK(sveq(l.by, "-"));
	rest = l.results;
	CHECK_EQ(logline_next_result(&rest, &r), 1);
	CHECK(sveq(r.zone, "zen.dq.spamhaus.net"));
}

int main(void)
{
	test_shown_at();
	test_key_len_shortcut();
	test_shown_arg();
	test_config_messages();
	test_parser();
	return check_done("test_keys");
}
