/* SPDX-License-Identifier: ISC */
/* health: is a configured list fit for use? Pure.
 *
 * rblcheck -H asks every list about a few probe addresses and hands the
 * answers here:
 *   HEALTH_V4_LISTED  127.0.0.2        RFC 5782 §5: an IPv4 list MUST list it
 *   HEALTH_V4_CLEAR   127.0.0.1        ... and MUST NOT list it
 *   HEALTH_WILDCARD   198.51.100.x     a documentation address: nobody lists it
 *   HEALTH_V6_LISTED  ::ffff:7f00:2    an IPv6 list MUST list it (32 nibbles)
 *   HEALTH_V6_CLEAR   ::ffff:7f00:1    ... and MUST NOT
 * and gets back one verdict per list: healthy or not, the problem in one
 * word, a detail line and what the administrator should do. */
#ifndef CHECK_HEALTH_H
#define CHECK_HEALTH_H
#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "lookup.h"

enum health_probe {
	HEALTH_V4_LISTED,
	HEALTH_V4_CLEAR,
	HEALTH_WILDCARD,
	HEALTH_V6_LISTED,
	HEALTH_V6_CLEAR,
	HEALTH_NPROBES
};

#define HEALTH_DETAIL_MAX 300

/* What to do when no configured resolver answers (FAIL_RESOLVER): the
 * resolver, not any list, is at fault. */
#define HEALTH_RESOLVER_ADVICE "no configured resolver answers (unreachable or refusing): " \
	"start or fix your recursive resolver, or point DNSCACHEIP or /etc/resolv.conf " \
	"at one that works; the lists are not at fault"

/* What the IPv6 test points show. */
enum health_ipv6 {
	HEALTH_IPV6_NONE,      /* neither listed: no IPv6 data (not a problem) */
	HEALTH_IPV6_OK,        /* ::ffff:7f00:2 listed, ::ffff:7f00:1 not */
	HEALTH_IPV6_WILDCARD,  /* ::ffff:7f00:1 listed */
	HEALTH_IPV6_FAILED,    /* no usable answer */
	HEALTH_IPV6_ERROR,     /* an error code */
	HEALTH_IPV6_FILE,      /* a local list file: no test points */
};

struct health_result {
	bool healthy;
	bool resolver_failed; /* the resolver failed, so the list is unchecked */
	const char *problem;  /* "ok", "error", "timeout", "servfail", "refused",
			       * "badanswer", "failed", "wildcard", "not-listing", "txt-failed",
			       * "unreadable", "resolver" */
	enum health_ipv6 ipv6;
	unsigned char code[4];     /* the error code, when problem is "error" */
	bool has_code;
	unsigned ms;               /* slowest probe answer */
	char detail[HEALTH_DETAIL_MAX]; /* one line, printable ASCII */
	const char *advice;        /* what to do, or NULL */
};

/* "none", "ok", "wildcard", "failed", "error", "file" */
const char *health_ipv6_word(enum health_ipv6 v);

/* The probe addresses, as text ("127.0.0.2", …); the wildcard one is given
 * by the caller (it picks a random documentation address). */
extern const char *const health_probe_fixed[HEALTH_NPROBES];

/* Judge one list from its answers to the probes (probe_text[i] names probe i
 * in the detail line). */
void health_assess(const struct action *a, const struct lookup probes[HEALTH_NPROBES],
		   const char *const probe_text[HEALTH_NPROBES], struct health_result *out);

/* What to do about an error code (127.255.255.x, or outside 127/8). */
const char *health_error_advice(const unsigned char code[4]);

/* Is ip (text, any form inet_pton reads) a well-known public resolver?
 * Returns its operator's name, or NULL. */
const char *health_public_resolver(const char *ip);

#endif
