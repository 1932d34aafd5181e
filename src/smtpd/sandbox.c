/* sandbox: see sandbox.h. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "sandbox.h"
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define SANDBOX_VALGRIND 1
#endif
#endif
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#include <sys/ioctl.h>
#endif

/* A socket's type without SOCK_NONBLOCK and SOCK_CLOEXEC (the kernel's
 * SOCK_TYPE_MASK, not in the libc headers). */
#define SOCK_TYPE_BITS 0xf

#define ALLOW SCMP_ACT_ALLOW
#define DENY_OPEN SCMP_ACT_ERRNO(EACCES)
#define ARG(n, cmp, a, b) { .arg = (n), .op = (cmp), .datum_a = (a), .datum_b = (b) }

struct rule {
	int nr;          /* SCMP_SYS(name) */
	uint32_t action;
	bool late_only;  /* only with late lookups (sandbox_restrict's inet) */
	unsigned nargs;
	struct scmp_arg_cmp args[3];
};

/* Everything the refusal path does after sandbox_enter. Any other system
 * call kills the process: a missed one shows up in the tests as a dialogue
 * cut short (exit by SIGSYS), never as a client let through. */
static const struct rule rules[] = {
	/* the dialogue: smtp_run */
	{ SCMP_SYS(read), ALLOW, false, 0, { { 0 } } },       /* the client's bytes */
	{ SCMP_SYS(write), ALLOW, false, 0, { { 0 } } },      /* replies; -l stderr lines */
	{ SCMP_SYS(poll), ALLOW, false, 0, { { 0 } } },       /* waiting for the client */
	{ SCMP_SYS(ppoll), ALLOW, false, 0, { { 0 } } },      /* poll() where there is no poll */
	{ SCMP_SYS(rt_sigaction), ALLOW, false, 0, { { 0 } } }, /* the -t alarm's handler */
	{ SCMP_SYS(alarm), ALLOW, false, 0, { { 0 } } },      /* the -t alarm */
	{ SCMP_SYS(setitimer), ALLOW, false, 0, { { 0 } } },  /* alarm() where there is no alarm */
	{ SCMP_SYS(rt_sigreturn), ALLOW, false, 0, { { 0 } } }, /* back from a handler */
	{ SCMP_SYS(clock_gettime), ALLOW, false, 0, { { 0 } } }, /* deadlines (vDSO, or not) */
	{ SCMP_SYS(gettimeofday), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(time), ALLOW, false, 0, { { 0 } } },       /* syslog timestamps */
	{ SCMP_SYS(exit_group), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(exit), ALLOW, false, 0, { { 0 } } },
	/* memory, never executable: malloc (c-ares' answers, the summary) */
	{ SCMP_SYS(brk), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(mmap), ALLOW, false, 1, { ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0) } },
	{ SCMP_SYS(mprotect), ALLOW, false, 1, { ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0) } },
	{ SCMP_SYS(munmap), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(mremap), ALLOW, false, 0, { { 0 } } },
	/* the syslog writer (maillog): send, and one reconnect after a restart */
	{ SCMP_SYS(socket), ALLOW, false, 3, { ARG(0, SCMP_CMP_EQ, AF_UNIX, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_DGRAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(connect), ALLOW, false, 0, { { 0 } } },
	/* send() on a connected socket only: no datagram to an address of
	 * the caller's choosing */
	{ SCMP_SYS(sendto), ALLOW, false, 1, { ARG(4, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(close), ALLOW, false, 0, { { 0 } } },
	/* late lookups (-vv): c-ares through resolvers.c's socket functions,
	 * which may open a socket to the next server, or TCP after a truncated
	 * answer */
	{ SCMP_SYS(recvfrom), ALLOW, true, 0, { { 0 } } },
	{ SCMP_SYS(writev), ALLOW, true, 0, { { 0 } } },
	{ SCMP_SYS(socket), ALLOW, true, 3, { ARG(0, SCMP_CMP_EQ, AF_INET, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_DGRAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(socket), ALLOW, true, 3, { ARG(0, SCMP_CMP_EQ, AF_INET6, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_DGRAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(socket), ALLOW, true, 3, { ARG(0, SCMP_CMP_EQ, AF_INET, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_STREAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(socket), ALLOW, true, 3, { ARG(0, SCMP_CMP_EQ, AF_INET6, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_STREAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(setsockopt), ALLOW, true, 2, { ARG(1, SCMP_CMP_EQ, IPPROTO_TCP, 0),
		ARG(2, SCMP_CMP_EQ, TCP_NODELAY, 0) } },
	/* Files: none can be opened. A library that tries (c-ares seeding a new
	 * channel from /dev/urandom) gets EACCES and takes its fallback. */
	{ SCMP_SYS(open), DENY_OPEN, false, 0, { { 0 } } },
	{ SCMP_SYS(openat), DENY_OPEN, false, 0, { { 0 } } },
#ifdef __SANITIZE_ADDRESS__
	/* make SAN=1 (a test build): ASan's _exit looks at its signal stack;
	 * a sanitizer report needs the rest, and its abort after a nested bug.
	 * Its symbolizer cannot be started (no fork, no exec): the report's
	 * frames are module+offset (the modules from the map cached by
	 * __sanitizer_sandbox_on_notify), for addr2line. */
	{ SCMP_SYS(sigaltstack), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(gettid), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(getpid), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(futex), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(sched_yield), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(readlink), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(ioctl), ALLOW, false, 1, { ARG(1, SCMP_CMP_EQ, TCGETS, 0) } },
	{ SCMP_SYS(rt_sigprocmask), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(tgkill), ALLOW, false, 0, { { 0 } } },
#endif
};

#ifdef SANDBOX_VALGRIND
/* Under valgrind (the valgrind pass of make test-hardening) the filter also
 * applies to valgrind's own system calls, made on the program's behalf. */
static const struct rule valgrind_rules[] = {
	{ SCMP_SYS(rt_sigprocmask), ALLOW, false, 0, { { 0 } } }, /* around every call */
	{ SCMP_SYS(gettid), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(getpid), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(mmap), ALLOW, false, 0, { { 0 } } },     /* its own code cache is rwx */
	{ SCMP_SYS(mprotect), ALLOW, false, 0, { { 0 } } },
	{ SCMP_SYS(futex), ALLOW, false, 0, { { 0 } } },    /* its glibc clean-up at exit */
};
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

static bool add_rules(scmp_filter_ctx ctx, const struct rule *r, size_t n, bool inet)
{
	for (size_t i = 0; i < n; i++) {
		if (r[i].late_only && !inet)
			continue;
		if (r[i].nr < 0)
			continue; /* not a system call on this architecture (poll on arm64) */
		if (seccomp_rule_add_array(ctx, r[i].action, r[i].nr, r[i].nargs, r[i].args) != 0)
			return false;
	}
	return true;
}

static bool load_filter(bool inet)
{
#ifdef SANDBOX_VALGRIND
	/* valgrind 3.19 knows prctl(PR_SET_SECCOMP) but not seccomp(2), and
	 * warns at each of libseccomp's probes of it: API level 1 is prctl only */
	if (RUNNING_ON_VALGRIND)
		seccomp_api_set(1);
#endif
	/* KILL_PROCESS needs Linux 4.14; before, KILL ends the (only) thread. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		ctx = seccomp_init(SCMP_ACT_KILL);
	if (!ctx)
		return false;
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_sandbox_on_notify(NULL); /* caches /proc/self/maps */
#endif
	bool ok = add_rules(ctx, rules, sizeof rules / sizeof rules[0], inet);
#ifdef SANDBOX_VALGRIND
	if (RUNNING_ON_VALGRIND)
		ok = ok && add_rules(ctx, valgrind_rules, sizeof valgrind_rules / sizeof valgrind_rules[0], inet);
#endif
	ok = ok && seccomp_load(ctx) == 0;
	seccomp_release(ctx);
	return ok;
}

const char *sandbox_restrict(bool inet)
{
	const char *why = NULL;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		why = SANDBOX_NONEWPRIVS;
	if (!load_filter(inet) && !why)
		why = SANDBOX_SECCOMP;
	return why;
}

const char *sandbox_enter(const char *user, bool inet)
{
	const char *why = geteuid() == 0 ? drop_user(user) : NULL;
	const char *why2 = sandbox_restrict(inet);
	return why ? why : why2;
}
