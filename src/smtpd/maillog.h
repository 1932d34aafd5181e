/* SPDX-License-Identifier: ISC */
/* maillog: the -v log lines of rblsmtpd(8) LOG FORMAT — what they say and where they go.
 *
 * Two halves. The maillog_fmt_* functions are pure: they build one message
 * (the text after "rblsmtpd: ") into the caller's buffer with the words and
 * field rules of core/logfmt (every field: bytes outside 33..126 → '?', at
 * most MAILLOG_FIELD_MAX bytes, empty → "-"), so no client or DNS byte can
 * split a line or shift a column. The sink (struct maillog) sends them to
 * syslog or stderr.
 *
 * The order of a refusal's lines (rblsmtpd(8) LOG FORMAT): the warnings of
 * the lookups (list warnings, resolver lines), "blocked", a "rejected" line
 * per refused RCPT (at most cfg->rejected_max of them), at the end of the
 * dialogue "rejected-more" when RCPTs went unlogged, and "summary" (-vv)
 * last, whichever way the dialogue ended.
 *
 * The sink must never hold up or break the mail path. Syslog lines are
 * written as one datagram "<PRI>Mmm dd hh:mm:ss rblsmtpd: msg" on a
 * non-blocking, close-on-exec AF_UNIX socket connected to /dev/log: no
 * syslog daemon → the lines are dropped at once; a full socket → we wait for
 * room, but give up (and drop this and every later line) as soon as the
 * daemon frees none for MAILLOG_STALL_MS, and wait at most MAILLOG_WAIT_MS
 * in all per connection even for a daemon that is slow but alive. A line
 * given up on goes to stderr instead ("rblsmtpd: msg\n"), so it lands in the
 * supervisor's log, unless fd 2 is the client's connection. The socket never
 * reaches the exec'd server. With -l stderr each line is one write() of
 * "rblsmtpd: msg\n" to fd 2. Nothing is done, not even a clock read, without
 * -v.
 *
 * fd 2 is never written when it is the client's connection (the same socket
 * as fd 0 or fd 1: xinetd, systemd with StandardError=inherit): a line there
 * would reach the client ahead of the SMTP greeting. Those lines, -l stderr
 * ones and the program's own stderr lines (maillog_stderr), go to syslog. */
#ifndef CORE_MAILLOG_H
#define CORE_MAILLOG_H
#include <stdbool.h>
#include <stddef.h>
#include <syslog.h>
#include "config.h"
#include "envelope.h"
#include "logfmt.h"
#include "lookup.h"
#include "policy.h"
#include "smtp.h"

#define MAILLOG_FIELD_MAX LOGFMT_FIELD_MAX
#define MAILLOG_LINE_MAX LOGFMT_LINE_MAX
#define MAILLOG_STALL_MS 500    /* a syslog socket full this long: daemon hung, drop */
#define MAILLOG_WAIT_MS 3000    /* most a connection waits for a slow syslog daemon */
#define MAILLOG_SOCKET "/dev/log"

/* Priorities (the syslog severities). */
enum { MAILLOG_ERR = 3, MAILLOG_WARNING = LOGFMT_PRI_WARNING, MAILLOG_INFO = LOGFMT_PRI_INFO };

/* The client, as the "blocked" and "rejected" lines show it: raw values,
 * NULL or "" when unknown; the formatters sanitise. */
struct maillog_conn {
	const char *ip;
	const char *host;   /* $TCPREMOTEHOST */
	const char *info;   /* $TCPREMOTEINFO */
};

/* "<list> blocked <ip> <host> <info>" */
size_t maillog_fmt_blocked(char *out, size_t outlen, const char *list,
			   const struct maillog_conn *c);

/* "<list> rejected <ip> <host> <info> <helo> <from> <to>" */
size_t maillog_fmt_rejected(char *out, size_t outlen, const char *list,
			    const struct maillog_conn *c, const struct envelope *env);

/* "<list> rejected-more <ip> <host> <info> <count>": count refused RCPTs
 * were not logged, the -L limit of "rejected" lines having been reached. */
size_t maillog_fmt_rejected_more(char *out, size_t outlen, const char *list,
				 const struct maillog_conn *c, unsigned long long count);

/* "<list> <event> <ip> <detail>" for a lookup that failed or answered an
 * error code; returns 0 (out = "") when r needs no warning. Events and
 * details: timeout/servfail/refused/badanswer with "<ms>ms"; error with
 * "<code>=<meaning>" (127.255.255.254=open-resolver); a list that could not
 * be asked at all (unreadable file, bad name, resolver set-up) as refused
 * with "unusable". */
size_t maillog_fmt_warning(char *out, size_t outlen, const char *list, const char *ip,
			   const struct lookup *r);

/* "- badaddress <raw> not-an-ip": the client address (raw, as found in the
 * environment) does not parse, so no list is asked (rblsmtpd(8) ENVIRONMENT). Warning. */
size_t maillog_fmt_badaddr(char *out, size_t outlen, const char *raw);

/* "- sandbox <ip> <why>": the refusal dialogue runs without (part of) its
 * sandbox; why is sandbox.h's token of the first step that failed (nouser,
 * setuid, nonewprivs, seccomp). Warning. */
size_t maillog_fmt_sandbox(char *out, size_t outlen, const char *ip, const char *why);

/* "resolver <why> <ip> <server>": every DNS list failed because every
 * resolver was unreachable or refused (why "unreachable" or "refused"); one
 * line per such server, instead of a warning per list. */
size_t maillog_fmt_resolver(char *out, size_t outlen, const char *server, const char *why,
			    const char *ip);

/* The result of one list in a summary (logfmt_result_of_lookup):
 * "listed:127.0.0.2", "clear", "timeout", "servfail", "refused",
 * "badanswer", "resolver" (every resolver unreachable or refusing),
 * "error:127.255.255.254", "skipped" (not waited for, or not asked). */
void maillog_result(const struct lookup *r, char *out, size_t outlen);

/* "summary <ip> <verdict> <by> <ms> <results>": verdict accept/451/553,
 * by the deciding list or "-", results "zone=result@ms,…" for the n lists of
 * cfg (n = 0: "-"). A list still pending is "skipped@<waited>": how long it
 * was waited for. */
size_t maillog_fmt_summary(char *out, size_t outlen, const char *ip,
			   const struct config *cfg, const struct lookup *res, size_t n,
			   const struct verdict *v, const char *by, unsigned ms,
			   unsigned waited);

/* The list to name for a verdict: the deciding list's zone; for the -c
 * temporary error (no deciding list) the first failed -r list that was
 * fail-closed, else the first failed list; for an accept, the first -a list
 * that listed the client; else "-". */
const char *maillog_decider(const struct config *cfg, const struct lookup *res,
			    const struct verdict *v);

/* The sink. */
struct maillog {
	int verbose;               /* cfg->verbose: 0 = do nothing at all */
	bool to_stderr;
	int facility;              /* syslog facility code (LOG_MAIL, …) */
	const char *socket_path;   /* MAILLOG_SOCKET (the unit tests point it elsewhere) */
	int fd;                    /* its socket; -1 not yet opened; -2 unusable */
	unsigned wait_left_ms;     /* what is left of MAILLOG_WAIT_MS */
	long long start_ms;        /* monotonic clock at maillog_init */
	struct maillog_conn conn;
	const char *list;          /* the refusing list, for "rejected" */
	const struct config *cfg;  /* what maillog_lookups saw, for the summary */
	const struct lookup *res;
	size_t n;
	struct verdict verdict;    /* VERDICT_PENDING until maillog_lookups */
	unsigned verdict_ms;
	bool verdict_timed;        /* verdict_ms is set (lookups done, or a refusal) */
	struct envelope env;
	struct smtp_hooks hooks;
	unsigned rejected_max;     /* cfg->rejected_max: "rejected" lines at most, 0 = no limit */
	unsigned rejected_logged;
	unsigned long long rejected_unlogged; /* refused RCPTs past the limit */
	bool refusing;             /* maillog_refusal was called, maillog_refusal_end not yet */
	struct verdict refusal;    /* its verdict and list, for the summary */
	const char *refusal_by;
	bool reading_on;           /* maillog_reading_on: pending lists are read on */
	long long reading_end_ms;  /* maillog_reading_done's clock, 0 until then */
	signed char fd2_client;    /* fd 2 is the client's socket: 1/0, -1 not asked yet */
};

/* A sink usable by maillog_stderr before maillog_init (usage errors). */
#define MAILLOG_INIT { .fd = -1, .socket_path = MAILLOG_SOCKET, .facility = LOG_MAIL, \
		       .wait_left_ms = MAILLOG_WAIT_MS, .fd2_client = -1 }

/* Set up from the config; records the start of the connection's clock. The
 * conn strings must outlive the sink. Opens nothing yet. */
void maillog_init(struct maillog *l, const struct config *cfg, const struct maillog_conn *c);

/* Send one message at a priority (MAILLOG_INFO, MAILLOG_WARNING). */
void maillog_send(struct maillog *l, int priority, const char *msg, size_t len);

/* One of the program's own stderr lines ("rblsmtpd: msg\n", the 0.88 line,
 * usage, fatal errors), with or without -v: to fd 2, or to syslog at
 * priority when fd 2 is the client's connection. */
void maillog_stderr(struct maillog *l, int priority, const char *msg, size_t len);

/* After the lookups: a warning per failed list (-v); remembers the results,
 * the verdict and its time for the summary. res must outlive the sink. */
void maillog_lookups(struct maillog *l, const struct config *cfg, const struct lookup *res,
		     size_t n, const struct verdict *v);

/* The refusal (code 451/553, by list: a zone, "RBLSMTPD", "early-talker"):
 * "blocked" (-v). Returns the smtp hooks that log a "rejected" line per
 * refused RCPT, up to cfg->rejected_max, or NULL when not verbose. */
const struct smtp_hooks *maillog_refusal(struct maillog *l, int code, const char *list);

/* The dialogue is over, however it ended (QUIT, EOF, write error, -t, a
 * signal): "rejected-more" when RCPTs went unlogged, then the summary (-vv),
 * with the results as they are now. Once only; call it on every path out of
 * the refusal. */
void maillog_refusal_end(struct maillog *l);

/* The server is about to be exec'd: the summary (-vv). Its verdict is
 * "accept", or under -i the refusal handed to the server in $RBLSMTPD. */
void maillog_accept(struct maillog *l);

/* The sandbox (sandbox.h) could not be set up in full: maillog_fmt_sandbox,
 * priority warning (-v); after maillog_refusal, before the dialogue. */
void maillog_sandbox(struct maillog *l, const char *why);

/* Before a sandbox that forbids opening files and fstat: the time zone of
 * the syslog timestamps is loaded, and whether fd 2 is the client's socket
 * is known, for the lines still to come. */
void maillog_before_sandbox(struct maillog *l);
/* The syslog socket, if one is open (else -1): the descriptor a sandbox that
 * closes the others keeps. */
int maillog_socket(const struct maillog *l);

/* A resolver that failed every DNS list (maillog_fmt_resolver), priority
 * warning (-v). */
void maillog_resolver(struct maillog *l, const char *server, const char *why);

/* -vv, refusal with lists still pending: their answers are read on during
 * the dialogue (the results array is read at maillog_refusal_end);
 * maillog_reading_done when that reading stops (every list answered, or -T
 * passed), which is how long a list still pending was waited for. */
void maillog_reading_on(struct maillog *l);
void maillog_reading_done(struct maillog *l);

/* The smtp hook itself (ctx is the struct maillog). */
void maillog_on_command(void *ctx, enum smtp_verb verb, const char *line, size_t len,
			bool refused);

#endif
