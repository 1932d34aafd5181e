/* SPDX-License-Identifier: ISC */
/* maxrss: run CMD, print its peak resident set size in KB (wait4's
 * ru_maxrss) on stderr as "maxrss KB", exit with its status.
 *
 * Linux counts the forked child's memory before exec in ru_maxrss, so the
 * launcher itself must be tiny: bench/run.sh links this one statically
 * (it is far smaller than either rblsmtpd), unlike /usr/bin/time or python. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 100;
	pid_t pid = fork();
	if (pid < 0)
		return 111;
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 111;
	char line[64];
	int n = snprintf(line, sizeof line, "maxrss %ld\n", ru.ru_maxrss);
	if (write(2, line, (size_t)n) < 0)
		return 111;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
