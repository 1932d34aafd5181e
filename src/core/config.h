/* SPDX-License-Identifier: ISC */
/* config: the command line of rblsmtpd and rblcheck, parsed into an ordered
 * list of list lookups and the settings in force.
 *
 * Pure: no I/O, no exit(). djb's sgetopt rules: options may be clustered
 * ("-cBt1"), an argument may be attached ("-t1") or the next word; parsing
 * stops at the first word not starting with '-', "--" ends the options and is
 * consumed, a lone "-" ends them and is not. */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include "listspec.h"

/* Room for config_parse's diagnostic ("bad list <spec cut to 200>: why";
 * the spec is shown without its zone's key, listspec_shown_arg). */
#define CONFIG_ERR_MAX 300

/* One -r/-a, with the -b/-c state in force at its position on the command
 * line: COMPAT(0.88) "order is behaviour" (-b -r z → 553, -r z -b → 451). */
struct action {
	struct list_spec spec;
	bool bounce;      /* -b in force: a listing answers 553 */
	bool failclosed;  /* -c in force: a failed lookup answers 451 */
	bool no_testpoints; /* rblcheck -n in force: the list has no RFC 5782
			     * test entry (127.0.0.2), -H does not ask for one */
};

enum log_target { LOG_TO_SYSLOG, LOG_TO_STDERR };

struct config {
	/* both programs */
	struct action *actions;          /* nactions of them, allocated: any number
					  * of lists, as 0.88 took (rblsmtpd(8) COMPATIBILITY) */
	size_t nactions;
	size_t cap;                      /* room in actions[] */
	bool nomem;                      /* config_parse failed for want of memory */
	unsigned dns_deadline_ms;        /* -T seconds (decimals), default 5 s */
	bool scoring;                    /* -S given */
	long threshold;                  /* -S threshold */
	int verbose;                     /* number of -v */
	bool version;                    /* -V (rblcheck: also --version) */
	char *const *rest;               /* first non-option word on (program or IPs) */
	size_t nrest;
	/* rblsmtpd only (rblcheck accepts -l and ignores it) */
	unsigned long dialogue_timeout;  /* -t seconds, default 60 */
	bool interrogate;                /* -i */
	unsigned greet_delay_ms;         /* -w seconds (decimals) */
	enum log_target log_target;      /* -l syslog[:FACILITY] | -l stderr */
	char log_facility[16];           /* "mail" unless -l syslog:FACILITY */
	unsigned rejected_max;           /* -L: "rejected" log lines per connection at
					  * most (default 100), 0 = no limit */
	/* rblcheck only */
	bool health;                     /* -H */
	bool json;                       /* -j */
	const char *addr_file;           /* -f FILE ("-": stdin), or NULL */
	unsigned parallel;               /* -p: lookups in flight, 0: the default */
	bool unordered;                  /* -u: results as they complete */
};

enum config_program { CONFIG_RBLSMTPD, CONFIG_RBLCHECK };

/* Parse argv (argc words, argv[0] is the program name). On failure returns
 * false and writes the diagnostic line (without "usage", without newline),
 * e.g. "illegal option -- x", into err; out of memory also sets cfg->nomem
 * (a system failure, not a usage error). cfg is overwritten: config_free a
 * parsed one before parsing into it again. */
bool config_parse(enum config_program prog, int argc, char *const *argv,
		  struct config *cfg, char *err, size_t errlen);

/* The usage line of prog (rblcheck: two lines, joined by "\n"), without
 * the "prog: " prefix and the final newline, built from the option table.
 * Returns its length. */
#define CONFIG_USAGE_MAX 512
size_t config_usage(enum config_program prog, char *out, size_t outlen);

/* Release what config_parse allocated (also after a failed parse). */
void config_free(struct config *cfg);

/* Parse a decimal number of seconds ("5", "0.25") into milliseconds,
 * bounded by max_ms. Returns false on garbage. */
bool config_parse_seconds(const char *s, unsigned max_ms, unsigned *ms);

#endif
