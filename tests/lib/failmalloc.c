/* SPDX-License-Identifier: ISC */
/* failmalloc.so: an LD_PRELOAD allocator hook for the out-of-memory tests
 * (tests/blackbox/t_smtpd_faults_oom.sh). Test-only; never installed.
 *
 *   FAILMALLOC_AFTER=N   allocations 1..N succeed, every later one fails
 *                        (malloc, calloc, realloc with a size, posix_memalign,
 *                        aligned_alloc, memalign return NULL, errno ENOMEM)
 *   FAILMALLOC_COUNT=F   keep the number of allocations made so far in file F
 *                        (rewritten at every allocation: rblsmtpd leaves by
 *                        _exit or exec, no atexit runs), to size a sweep
 *
 * The variables are removed from the environment at load, so a program the
 * process execs (the SMTP server) allocates normally. Built with gcc, not
 * sanitized (ASan brings its own allocator: the test skips under SAN). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static long fail_after = -1; /* -1: never fail */
static long calls;
static int count_fd = -1;

static int fail_now(void)
{
	calls++;
	if (count_fd >= 0) {
		char buf[24];
		int n = snprintf(buf, sizeof buf, "%20ld\n", calls);
		if (n > 0)
			(void)!pwrite(count_fd, buf, (size_t)n, 0);
	}
	if (fail_after >= 0 && calls > fail_after) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

__attribute__((constructor)) static void init(void)
{
	const char *a = getenv("FAILMALLOC_AFTER");
	const char *c = getenv("FAILMALLOC_COUNT");
	if (a)
		fail_after = strtol(a, NULL, 10);
	if (c) {
		int fd = open(c, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) { /* out of the way of the fds the program uses */
			count_fd = fcntl(fd, F_DUPFD_CLOEXEC, 200);
			close(fd);
		}
	}
	unsetenv("FAILMALLOC_AFTER");
	unsetenv("FAILMALLOC_COUNT");
	unsetenv("LD_PRELOAD");
	calls = 0;
}

void *malloc(size_t n) { return fail_now() ? NULL : __libc_malloc(n); }
void *calloc(size_t a, size_t b) { return fail_now() ? NULL : __libc_calloc(a, b); }
void *realloc(void *p, size_t n)
{
	if (n == 0 || !fail_now())
		return __libc_realloc(p, n);
	return NULL;
}
void free(void *p) { __libc_free(p); }
void *memalign(size_t al, size_t n) { return fail_now() ? NULL : __libc_memalign(al, n); }
void *aligned_alloc(size_t al, size_t n) { return fail_now() ? NULL : __libc_memalign(al, n); }
int posix_memalign(void **p, size_t al, size_t n)
{
	if (fail_now())
		return ENOMEM;
	*p = __libc_memalign(al, n);
	return *p ? 0 : ENOMEM;
}
