/* SPDX-License-Identifier: ISC */
/* clientfd: see clientfd.h. */
#include <sys/stat.h>
#include "clientfd.h"

static bool same_file(const struct stat *x, int fd)
{
	struct stat y;
	return fstat(fd, &y) == 0 && x->st_dev == y.st_dev && x->st_ino == y.st_ino;
}

bool clientfd_same(int fd, int a, int b)
{
	struct stat s;
	if (fstat(fd, &s) != 0 || !S_ISSOCK(s.st_mode))
		return false;
	return same_file(&s, a) || same_file(&s, b);
}
