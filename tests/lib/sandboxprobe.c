/* SPDX-License-Identifier: ISC */
/* sandboxprobe.so: an LD_PRELOAD hook for tests/blackbox/t_smtpd_sandbox.sh,
 * to show that rblsmtpd's refusal sandbox blocks what it should.
 *
 *   SANDBOX_PROBE=NAME   at the first alarm() (rblsmtpd's dialogue makes it
 *                        right after entering the sandbox, before its 220),
 *                        try one system call, write "sandboxprobe: NAME ok"
 *                        or "sandboxprobe: NAME errno N" on fd 2, then do
 *                        the alarm. A call the filter kills never returns:
 *                        the process dies by SIGSYS, before the greeting.
 *   NAMEs: execve (/bin/true), open (/etc/passwd, read-only), netlink
 *   (socket AF_NETLINK), inet (socket AF_INET stream), unix (socket AF_UNIX
 *   datagram, as the syslog writer's), kill (signal 0 to pid 1).
 *
 * Raw system calls, so that nothing but the named call is made. Built with
 * gcc, not sanitized; never installed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long probe(const char *what)
{
	if (strcmp(what, "execve") == 0) {
		char *argv[] = { (char *)"true", NULL };
		return syscall(SYS_execve, "/bin/true", argv, argv + 1);
	}
	if (strcmp(what, "open") == 0)
		return syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
	if (strcmp(what, "netlink") == 0)
		return syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 0);
	if (strcmp(what, "inet") == 0)
		return syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (strcmp(what, "unix") == 0)
		return syscall(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (strcmp(what, "kill") == 0)
		return syscall(SYS_kill, 1, 0);
	errno = EINVAL;
	return -1;
}

unsigned alarm(unsigned seconds)
{
	static int done;
	const char *what = getenv("SANDBOX_PROBE");
	if (what && !done) {
		char line[128];
		done = 1;
		long rc = probe(what);
		int n = rc >= 0 ? snprintf(line, sizeof line, "sandboxprobe: %s ok\n", what)
				: snprintf(line, sizeof line, "sandboxprobe: %s errno %d\n", what, errno);
		if (n > 0 && write(2, line, (size_t)n) < 0)
			return 0;
	}
	return (unsigned)syscall(SYS_alarm, seconds);
}
