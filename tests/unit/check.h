/* SPDX-License-Identifier: ISC */
/* Minimal unit-test helpers: each test binary prints one "ok"/"not ok" line
 * per check and a closing "N passed, N failed" line; exit status 1 on failure. */
#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_report((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(a, b) check_report((long long)(a) == (long long)(b), #a " == " #b, __FILE__, __LINE__)
#define CHECK_STREQ(a, b) check_streq((a), (b), #a, __FILE__, __LINE__)

static inline int check_report(int ok, const char *what, const char *file, int line)
{
	if (ok) check_passed++;
	else { check_failed++; printf("not ok - %s:%d: %s\n", file, line, what); }
	return ok;
}

static inline int check_streq(const char *got, const char *want, const char *what,
			      const char *file, int line)
{
	int ok = got && want && strcmp(got, want) == 0;
	if (!ok)
		printf("not ok - %s:%d: %s: got \"%s\", want \"%s\"\n", file, line, what,
		       got ? got : "(null)", want ? want : "(null)");
	check_failed += !ok;
	check_passed += ok;
	return ok;
}

static inline int check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}
#endif
