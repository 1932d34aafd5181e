/* SPDX-License-Identifier: ISC */
/* config: command-line parsing; see config.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include "config.h"

#define DEFAULT_DIALOGUE_TIMEOUT 60
#define DEFAULT_DNS_DEADLINE_MS 5000
#define MAX_DNS_DEADLINE_MS 600000
#define MAX_GREET_DELAY_MS 600000
#define DEFAULT_REJECTED_MAX 100
#define MAX_REJECTED_MAX 1000000000U
#define MAX_PARALLEL 10000 /* rblcheck -p: far below c-ares' 65536 query IDs */

/* Every option of rblsmtpd and rblcheck, in usage-line order (flags, then
 * options with an argument). What each letter sets is option_flag's and
 * option_with_arg's switch; which program takes it, whether it takes an
 * argument, and the usage lines come from here (t_build_usage checks the
 * usage lines against the man pages' SYNOPSIS). */
enum { FOR_SMTPD = 1 << CONFIG_RBLSMTPD, FOR_CHECK = 1 << CONFIG_RBLCHECK,
       FOR_BOTH = FOR_SMTPD | FOR_CHECK,
       IN_HEALTH = 1 << 6,     /* shown in rblcheck's -H usage line too */
       ONLY_HEALTH = 1 << 7 }; /* shown in rblcheck's -H usage line only */
struct option_def {
	char letter;
	const char *arg;        /* its argument's name in the usage line; NULL: a flag */
	unsigned char where;    /* FOR_* | IN_HEALTH */
};
static const struct option_def options[] = {
	{ 'b', NULL, FOR_BOTH | IN_HEALTH },
	{ 'B', NULL, FOR_BOTH | IN_HEALTH },
	{ 'c', NULL, FOR_BOTH | IN_HEALTH },
	{ 'C', NULL, FOR_BOTH | IN_HEALTH },
	{ 'i', NULL, FOR_SMTPD },
	{ 'j', NULL, FOR_CHECK | IN_HEALTH },
	{ 'n', NULL, FOR_CHECK | IN_HEALTH | ONLY_HEALTH },
	{ 'N', NULL, FOR_CHECK | IN_HEALTH | ONLY_HEALTH },
	{ 'u', NULL, FOR_CHECK },        /* results as they complete */
	{ 'v', NULL, FOR_BOTH },
	{ 'V', NULL, FOR_BOTH },         /* the version, then exit (rblcheck: also --version) */
	{ 't', "timeout", FOR_SMTPD },
	{ 'T', "dnstimeout", FOR_BOTH | IN_HEALTH },
	{ 'w', "delay", FOR_SMTPD },
	{ 'S', "threshold", FOR_BOTH },
	{ 'l', "log", FOR_BOTH },        /* rblcheck: accepted and ignored */
	{ 'L', "lines", FOR_SMTPD },
	{ 'r', "list", FOR_BOTH | IN_HEALTH },
	{ 'a', "list", FOR_BOTH | IN_HEALTH },
	{ 'p', "lookups", FOR_CHECK },   /* lookups in flight */
	{ 'f', "file", FOR_CHECK },      /* an address file */
	{ 'H', NULL, FOR_CHECK },        /* its own usage line (below) */
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const struct option_def *option_of(enum config_program prog, char letter)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].letter == letter && (options[i].where & (1 << prog)))
			return &options[i];
	return NULL;
}

/* " [ -x ]" / " [ -x arg ]" for every option of prog that passes want. */
static size_t usage_options(enum config_program prog, unsigned char want, char *out,
			    size_t outlen)
{
	size_t n = 0;
	for (size_t i = 0; i < NOPTIONS && n < outlen; i++) {
		const struct option_def *o = &options[i];
		if (!(o->where & (1 << prog)) || (o->where & want) != want || o->letter == 'H' ||
		    (!want && (o->where & ONLY_HEALTH)))
			continue;
		int k = snprintf(out + n, outlen - n, " [ -%c%s%s ]", o->letter,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		n += k > 0 ? (size_t)k : 0;
	}
	return n < outlen ? n : outlen - 1;
}

size_t config_usage(enum config_program prog, char *out, size_t outlen)
{
	char opts[CONFIG_USAGE_MAX], health[CONFIG_USAGE_MAX];
	usage_options(prog, 0, opts, sizeof opts);
	if (prog == CONFIG_RBLSMTPD) {
		int k = snprintf(out, outlen, "usage: rblsmtpd%s smtpd [ arg ... ]", opts);
		return k < 0 ? 0 : (size_t)k < outlen ? (size_t)k : outlen - 1;
	}
	usage_options(prog, IN_HEALTH, health, sizeof health);
	int k = snprintf(out, outlen, "usage: rblcheck%s ip|prefix [ ip|prefix ... ]\n"
			 "       rblcheck -H%s",
			 opts, health);
	return k < 0 ? 0 : (size_t)k < outlen ? (size_t)k : outlen - 1;
}

static const char *const facilities[] = {
	"mail", "daemon", "user", "local0", "local1", "local2", "local3",
	"local4", "local5", "local6", "local7", "auth", "authpriv", NULL,
};

bool config_parse_seconds(const char *s, unsigned max_ms, unsigned *ms)
{
	unsigned long whole = 0, frac = 0, scale = 1000;
	const char *p = s;
	if (!*p)
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (unsigned long)(*p - '0');
		if (whole > max_ms / 1000 + 1)
			return false;
	}
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			scale /= 10;
			frac += (unsigned long)(*p - '0') * scale; /* digits past ms are dropped */
		}
	}
	bool digits = false;
	for (const char *q = s; q < p; q++)
		digits |= *q >= '0' && *q <= '9';
	if (*p || !digits)
		return false;
	unsigned long total = whole * 1000 + frac;
	if (total > max_ms)
		return false;
	*ms = (unsigned)total;
	return true;
}

/* COMPAT(0.88): -t takes the leading digits and ignores the rest, so that
 * "-t abc" is 0 and "-t 5x" is 5, as djb's scan_ulong did. Being strict here
 * would turn a sloppy but working config into refused connections. */
static unsigned long parse_leading_digits(const char *s)
{
	unsigned long v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > 100000000UL) /* no dialogue lasts years; avoid overflow */
			break;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	return v;
}

static bool parse_strict_long(const char *s, long *out)
{
	char *end;
	if (!*s)
		return false;
	long v = strtol(s, &end, 10);
	if (*end || v < -1000000 || v > 1000000)
		return false;
	*out = v;
	return true;
}

static bool parse_log_target(const char *s, struct config *cfg)
{
	if (strcmp(s, "stderr") == 0) {
		cfg->log_target = LOG_TO_STDERR;
		return true;
	}
	if (strcmp(s, "syslog") == 0) {
		cfg->log_target = LOG_TO_SYSLOG;
		return true;
	}
	if (strncmp(s, "syslog:", 7) == 0) {
		for (size_t i = 0; facilities[i]; i++)
			if (strcmp(s + 7, facilities[i]) == 0) {
				cfg->log_target = LOG_TO_SYSLOG;
				snprintf(cfg->log_facility, sizeof cfg->log_facility, "%s", facilities[i]);
				return true;
			}
	}
	return false;
}

#define FIRST_LISTS 4 /* room allocated for the first lists; doubled as needed */

static bool add_list(struct config *cfg, const char *arg, enum list_kind kind,
		     bool bounce, bool failclosed, char *err, size_t errlen)
{
	const char *why;
	if (cfg->nactions == cfg->cap) {
		size_t cap = cfg->cap ? cfg->cap * 2 : FIRST_LISTS;
		struct action *more = cap > SIZE_MAX / sizeof *more ? NULL
				      : realloc(cfg->actions, cap * sizeof *more);
		if (!more) {
			cfg->nomem = true;
			snprintf(err, errlen, "out of memory");
			return false;
		}
		cfg->actions = more;
		cfg->cap = cap;
	}
	struct action *a = &cfg->actions[cfg->nactions];
	if (!listspec_parse(arg, kind, &a->spec, &why)) {
		/* As the list is shown everywhere: without its zone's key (one
		 * line per connection under multilog until the typo is fixed). */
		char shown[CONFIG_ERR_MAX];
		listspec_shown_arg(arg, shown, sizeof shown);
		snprintf(err, errlen, "bad list %.200s: %s", shown, why);
		return false;
	}
	a->bounce = bounce;
	a->failclosed = failclosed;
	cfg->nactions++;
	return true;
}

void config_free(struct config *cfg)
{
	free(cfg->actions);
	cfg->actions = NULL;
	cfg->nactions = cfg->cap = 0;
}

/* The -b/-c (and rblcheck's -n) state at the current position of the
 * command line. */
struct position {
	bool bounce;
	bool failclosed;
	bool no_testpoints;
};

/* One option that takes an argument. */
static bool option_with_arg(struct config *cfg, char opt, const char *arg,
			    const struct position *pos, char *err, size_t errlen)
{
	switch (opt) {
	case 't': cfg->dialogue_timeout = parse_leading_digits(arg); break;
	case 'T':
		if (!config_parse_seconds(arg, MAX_DNS_DEADLINE_MS, &cfg->dns_deadline_ms) ||
		    cfg->dns_deadline_ms == 0) {
			snprintf(err, errlen, "bad DNS deadline -- %.50s", arg);
			return false;
		}
		break;
	case 'w':
		if (!config_parse_seconds(arg, MAX_GREET_DELAY_MS, &cfg->greet_delay_ms)) {
			snprintf(err, errlen, "bad greet delay -- %.50s", arg);
			return false;
		}
		break;
	case 'L': {
		/* digits only: a typo must not silently lift (or zero) the bound */
		unsigned long v = 0;
		const char *p = arg;
		for (; *p >= '0' && *p <= '9' && v <= MAX_REJECTED_MAX; p++)
			v = v * 10 + (unsigned long)(*p - '0');
		if (!*arg || *p || v > MAX_REJECTED_MAX) {
			snprintf(err, errlen, "bad log limit -- %.50s", arg);
			return false;
		}
		cfg->rejected_max = (unsigned)v;
		break;
	}
	case 'S':
		if (!parse_strict_long(arg, &cfg->threshold)) {
			snprintf(err, errlen, "bad threshold -- %.50s", arg);
			return false;
		}
		cfg->scoring = true;
		break;
	case 'f': cfg->addr_file = arg; break;
	case 'p': {
		long v;
		if (!parse_strict_long(arg, &v) || v < 1 || v > MAX_PARALLEL) {
			snprintf(err, errlen, "bad parallel lookups -- %.50s", arg);
			return false;
		}
		cfg->parallel = (unsigned)v;
		break;
	}
	case 'l':
		if (!parse_log_target(arg, cfg)) {
			snprintf(err, errlen, "bad log target -- %.50s", arg);
			return false;
		}
		break;
	case 'r':
	case 'a':
		if (!add_list(cfg, arg, opt == 'r' ? LIST_BLOCK : LIST_ALLOW,
			      pos->bounce, pos->failclosed, err, errlen))
			return false;
		cfg->actions[cfg->nactions - 1].no_testpoints = pos->no_testpoints;
		break;
	}
	return true;
}

/* One flag (an option without argument). */
static void option_flag(struct config *cfg, char opt, struct position *pos)
{
	switch (opt) {
	case 'b': pos->bounce = true; break;
	case 'B': pos->bounce = false; break;
	case 'c': pos->failclosed = true; break;
	case 'C': pos->failclosed = false; break;
	case 'n': pos->no_testpoints = true; break;
	case 'N': pos->no_testpoints = false; break;
	case 'i': cfg->interrogate = true; break;
	case 'v': cfg->verbose++; break;
	case 'H': cfg->health = true; break;
	case 'j': cfg->json = true; break;
	case 'u': cfg->unordered = true; break;
	case 'V': cfg->version = true; break;
	}
}

static void set_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg); /* small: the lists live in actions[] */
	cfg->dialogue_timeout = DEFAULT_DIALOGUE_TIMEOUT;
	cfg->dns_deadline_ms = DEFAULT_DNS_DEADLINE_MS;
	cfg->rejected_max = DEFAULT_REJECTED_MAX;
	cfg->log_target = LOG_TO_SYSLOG;
	snprintf(cfg->log_facility, sizeof cfg->log_facility, "mail");
}

bool config_parse(enum config_program prog, int argc, char *const *argv,
		  struct config *cfg, char *err, size_t errlen)
{
	struct position pos = { false, false, false };
	int i = 1;

	set_defaults(cfg);
	for (; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] != '-' || w[1] == '\0') /* program word, or a lone "-" */
			break;
		if (strcmp(w, "--") == 0) {
			i++;
			break;
		}
		if (prog == CONFIG_RBLCHECK && strcmp(w, "--version") == 0) {
			cfg->version = true;
			continue;
		}
		for (const char *p = w + 1; *p; p++) {
			char opt = *p;
			const struct option_def *o = option_of(prog, opt);
			if (!o) {
				snprintf(err, errlen, "illegal option -- %c", opt);
				return false;
			}
			if (!o->arg) {
				option_flag(cfg, opt, &pos);
				continue;
			}
			const char *arg;
			if (p[1]) {
				arg = p + 1;
			} else if (i + 1 < argc) {
				arg = argv[++i];
			} else {
				snprintf(err, errlen, "option requires an argument -- %c", opt);
				return false;
			}
			if (!option_with_arg(cfg, opt, arg, &pos, err, errlen))
				return false;
			break; /* the argument used up the rest of this word */
		}
	}
	cfg->rest = argv + i;
	cfg->nrest = (size_t)(argc - i);
	return true;
}
