/* SPDX-License-Identifier: ISC */
/* execprog: PATH search and exec; see execprog.h. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "execprog.h"

void execprog_run(char *const *argv, char *const *envp)
{
	const char *prog = argv[0];
	if (strchr(prog, '/')) {
		execve(prog, argv, envp);
		return;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	size_t plen = strlen(prog);
	int remembered = 0;
	for (;;) {
		const char *colon = strchr(path, ':');
		size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
		char full[PATH_MAX]; /* longer candidates are skipped, as execve would refuse them */
		if (dlen + 1 + plen + 1 <= sizeof full) {
			size_t n = 0;
			if (dlen == 0) {
				full[n++] = '.';
			} else {
				memcpy(full, path, dlen);
				n = dlen;
			}
			full[n++] = '/';
			memcpy(full + n, prog, plen + 1);
			execve(full, argv, envp);
			if (errno == EACCES || errno == EPERM || errno == EISDIR)
				remembered = errno;
			else if (errno != ENOENT && errno != ENOTDIR)
				return;
		}
		if (!colon)
			break;
		path = colon + 1;
	}
	errno = remembered ? remembered : ENOENT;
}

const char *execprog_strerror(int err)
{
	switch (err) {
	case ENOENT: return "file does not exist";
	case EACCES: return "access denied";
	case EPERM: return "permission denied";
	case EISDIR: return "is a directory";
	case ENOEXEC: return "exec format error";
	case ENOMEM: return "out of memory";
	case ENOTDIR: return "not a directory";
	case E2BIG: return "argument list too long";
	case ELOOP: return "symbolic link loop";
	case ENAMETOOLONG: return "file name too long";
	case ETXTBSY: return "text busy";
	case EIO: return "input/output error";
	default: return strerror(err);
	}
}
