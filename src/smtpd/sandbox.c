/* SPDX-License-Identifier: ISC */
/* sandbox: see sandbox.h. The filter's rules, and why each call is there,
 * are in src/gen/sandbox_gen.c; libseccomp compiles them at build time into
 * the programs of sandbox_filter.h, loaded here with one prctl. */
#include <errno.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include "sandbox.h"
#include "sandbox_filter.h"
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define SANDBOX_VALGRIND 1
#endif
#endif
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif

static bool decimal_id(const char *s, size_t len, unsigned *out)
{
	unsigned long long v = 0;
	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v >= 0xffffffffULL)
		return false;
	*out = (unsigned)v;
	return true;
}

bool sandbox_passwd_entry(const char *line, size_t len, const char *name,
			  unsigned *uid, unsigned *gid)
{
	const char *f[4];
	size_t flen[4];
	size_t start = 0, k = 0;
	for (size_t i = 0; i <= len && k < 4; i++) {
		if (i == len || line[i] == ':') {
			f[k] = line + start;
			flen[k++] = i - start;
			start = i + 1;
		}
	}
	/* name:password:uid:gid and at least a ':' after gid */
	if (k < 4 || start > len)
		return false;
	size_t nlen = strlen(name);
	if (nlen == 0 || flen[0] != nlen || memcmp(f[0], name, nlen) != 0)
		return false;
	unsigned u, g;
	if (!decimal_id(f[2], flen[2], &u) || !decimal_id(f[3], flen[3], &g))
		return false;
	*uid = u;
	*gid = g;
	return true;
}

/* Not through NSS (getpwnam): the static rblsmtpd links no NSS code, and a
 * system user is in /etc/passwd. */
static bool find_user(const char *name, unsigned *uid, unsigned *gid)
{
	FILE *f = fopen(SANDBOX_PASSWD, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool found = false;
	if (!f)
		return false;
	while (!found && (n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		found = sandbox_passwd_entry(line, (size_t)n, name, uid, gid);
	}
	free(line);
	fclose(f);
	return found;
}

static const char *drop_user(const char *name)
{
	unsigned uid, gid;
	if (!name || !*name)
		name = SANDBOX_DEFAULT_USER;
	if (!find_user(name, &uid, &gid))
		return SANDBOX_NOUSER;
	if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
		return SANDBOX_SETUID;
	/* never trust a partial change: all four ids must be the user's */
	if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid)
		return SANDBOX_SETUID;
	return NULL;
}

#define PROGRAM(f) { .len = sizeof f / sizeof f[0], .filter = (struct sock_filter *)f }

static bool load_filter(bool late)
{
	/* [late][valgrind] */
	static const struct sock_fprog programs[2][2] = {
		{ PROGRAM(sandbox_filter_0_0), PROGRAM(sandbox_filter_0_1) },
		{ PROGRAM(sandbox_filter_1_0), PROGRAM(sandbox_filter_1_1) },
	};
	bool valgrind = false;
#ifdef SANDBOX_VALGRIND
	valgrind = RUNNING_ON_VALGRIND; /* nothing but valgrind can make it true */
#endif
#ifdef __SANITIZE_ADDRESS__
	/* make SAN=1: a report after this can still name the modules of its
	 * frames, from /proc/self/maps read now */
	__sanitizer_sandbox_on_notify(NULL);
#endif
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &programs[late][valgrind], 0, 0) == 0;
}

const char *sandbox_restrict(bool late)
{
	const char *why = NULL;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		why = SANDBOX_NONEWPRIVS;
	if (!load_filter(late) && !why)
		why = SANDBOX_SECCOMP;
	return why;
}

/* close_range(2) (Linux 5.9); on an older kernel, or where a container's
 * filter refuses it, one close() per number up to the descriptor limit
 * (capped: a limit of millions would cost a second). */
static void close_from_to(unsigned first, unsigned last)
{
	if (first > last || close_range(first, last, 0) == 0)
		return;
	struct rlimit rl;
	unsigned top = 65536;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < top)
		top = (unsigned)rl.rlim_cur;
	for (unsigned fd = first; fd <= last && fd < top; fd++)
		close((int)fd);
}

void sandbox_close_fds(int keep)
{
	if (keep > 2)
		close_from_to(3, (unsigned)keep - 1);
	close_from_to(keep > 2 ? (unsigned)keep + 1 : 3, ~0U);
}

const char *sandbox_enter(const char *user, bool late)
{
	const char *why = geteuid() == 0 ? drop_user(user) : NULL;
	const char *why2 = sandbox_restrict(late);
	return why ? why : why2;
}
