/* SPDX-License-Identifier: ISC */
/* Unit tests: the refusal sandbox (src/smtpd/sandbox.c). The /etc/passwd
 * parser, then the real filter, installed in a forked child per probe: what
 * the dialogue, the log writer and the late lookups use works; everything
 * else is killed (SIGSYS) or, for open, fails with EACCES. Root-only checks
 * (the switch of user) are skipped otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "sandbox.h"

static bool entry(const char *line, const char *name, unsigned *uid, unsigned *gid)
{
	return sandbox_passwd_entry(line, strlen(line), name, uid, gid);
}

static void test_passwd(void)
{
	unsigned uid = 7, gid = 7;
	CHECK(entry("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin", "nobody",
		    &uid, &gid));
	CHECK_EQ(uid, 65534);
	CHECK_EQ(gid, 65534);
	CHECK(entry("rbl:x:0:12::/:", "rbl", &uid, &gid));
	CHECK_EQ(uid, 0);
	CHECK_EQ(gid, 12);
	CHECK(entry("a:*:4294967294:1:", "a", &uid, &gid)); /* the largest id */
	CHECK_EQ(uid, 4294967294u);

	uid = gid = 7;
	CHECK(!entry("nobody:x:65534:65534:", "nobod", &uid, &gid));   /* a prefix */
	CHECK(!entry("nobod:x:65534:65534:", "nobody", &uid, &gid));
	CHECK(!entry("Nobody:x:1:1:", "nobody", &uid, &gid));          /* case */
	CHECK(!entry("nobody:x:65534:65534", "nobody", &uid, &gid));   /* gid not ended */
	CHECK(!entry("nobody:x:65534", "nobody", &uid, &gid));
	CHECK(!entry("nobody", "nobody", &uid, &gid));
	CHECK(!entry("", "nobody", &uid, &gid));
	CHECK(!entry(":x:1:1:", "", &uid, &gid));                      /* no empty name */
	CHECK(!entry("nobody:x::1:", "nobody", &uid, &gid));           /* empty uid */
	CHECK(!entry("nobody:x:1:-1:", "nobody", &uid, &gid));
	CHECK(!entry("nobody:x: 1:1:", "nobody", &uid, &gid));
	CHECK(!entry("nobody:x:1x:1:", "nobody", &uid, &gid));
	CHECK(!entry("a:*:4294967295:1:", "a", &uid, &gid));           /* (uid_t)-1 */
	CHECK(!entry("a:*:99999999999:1:", "a", &uid, &gid));
	CHECK(!entry("+nobody:::::", "+nobody", &uid, &gid));          /* NIS compat */
	CHECK_EQ(uid, 7); /* nothing stored by a line that did not match */
	CHECK_EQ(gid, 7);
	/* the name ends at the first ':' and the length counts, not a NUL */
	CHECK(!sandbox_passwd_entry("nobody:x:1:1:", 6, "nobody", &uid, &gid));
}

enum outcome { ALLOWED, FAILED, KILLED, OTHER };
struct result {
	enum outcome o;
	int err;
};

/* Run probe in a child under the filter (late lookups or not). */
static struct result under_filter(bool late, long (*probe)(void *), void *arg)
{
	struct result r = { OTHER, 0 };
	int p[2];
	if (pipe(p) != 0)
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		int rep[2] = { 0, 0 };
		if (sandbox_restrict(late) != NULL)
			_exit(3);
		long rc = probe(arg);
		rep[0] = rc >= 0 ? ALLOWED : FAILED;
		rep[1] = rc >= 0 ? 0 : errno;
		if (write(p[1], rep, sizeof rep) != sizeof rep)
			_exit(4);
		_exit(0);
	}
	close(p[1]);
	int rep[2], status = 0;
	ssize_t n = read(p[0], rep, sizeof rep);
	close(p[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return r;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		r.o = KILLED;
	else if (n == sizeof rep && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		r = (struct result){ (enum outcome)rep[0], rep[1] };
	return r;
}

static int fd_unix = -1; /* a connected AF_UNIX datagram socket, made before */

static long p_write(void *a) { (void)a; return write(fd_unix, "x", 1); }
static long p_send(void *a) { (void)a; return send(fd_unix, "x", 1, MSG_DONTWAIT); }
static long p_sendto_addr(void *a)
{
	(void)a;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	return sendto(fd_unix, "x", 1, 0, (struct sockaddr *)&sa, sizeof sa);
}
static long p_clock(void *a)
{
	(void)a;
	struct timespec ts;
	return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
}
static long p_alarm(void *a) { (void)a; return syscall(SYS_alarm, 60); }
static long p_poll(void *a) { (void)a; return syscall(SYS_poll, NULL, 0, 0); }
static long p_malloc(void *a)
{
	(void)a;
	void *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return m == MAP_FAILED ? -1 : munmap(m, 1 << 20);
}
static long p_mmap_exec(void *a)
{
	(void)a;
	void *m = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return m == MAP_FAILED ? -1 : 0;
}
static long p_mprotect_exec(void *a)
{
	(void)a;
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return m == MAP_FAILED ? -1 : mprotect(m, 4096, PROT_READ | PROT_EXEC);
}
static long p_socket(void *a)
{
	const int *t = a;
	return syscall(SYS_socket, t[0], t[1], t[2]);
}
static int fd_tcp = -1, fd_udp = -1; /* made before the filter */
static long p_nodelay(void *a)
{
	(void)a;
	int on = 1;
	return setsockopt(fd_tcp, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}
static long p_broadcast(void *a)
{
	(void)a;
	int on = 1;
	return setsockopt(fd_udp, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
}
static long p_open(void *a) { (void)a; return syscall(SYS_open, "/etc/passwd", O_RDONLY); }
static long p_openat(void *a)
{
	(void)a;
	return syscall(SYS_openat, AT_FDCWD, "/tmp/sandbox-new-file", O_WRONLY | O_CREAT, 0600);
}
static long p_execve(void *a)
{
	(void)a;
	char *argv[] = { (char *)"true", NULL };
	return syscall(SYS_execve, "/bin/true", argv, argv + 1);
}
static long p_fork(void *a) { (void)a; return syscall(SYS_fork); }
static long p_kill(void *a) { (void)a; return syscall(SYS_kill, 1, 0); }
static long p_getuid(void *a) { (void)a; return syscall(SYS_getuid); }
static long p_unlink(void *a) { (void)a; return syscall(SYS_unlink, "/tmp/sandbox-none"); }
static long p_setuid(void *a) { (void)a; return syscall(SYS_setuid, 0); }
static long p_ptrace(void *a) { (void)a; return syscall(SYS_ptrace, 0, 0, 0, 0); }

struct probe {
	const char *name;
	long (*fn)(void *);
	int sock[3];
	enum outcome quiet, late; /* without and with late lookups */
	int err;                  /* for FAILED */
};

static const struct probe probes[] = {
	{ "write", p_write, { 0 }, ALLOWED, ALLOWED, 0 },
	{ "send (connected)", p_send, { 0 }, ALLOWED, ALLOWED, 0 },
	{ "sendto an address", p_sendto_addr, { 0 }, KILLED, KILLED, 0 },
	{ "clock_gettime", p_clock, { 0 }, ALLOWED, ALLOWED, 0 },
	{ "alarm", p_alarm, { 0 }, ALLOWED, ALLOWED, 0 },
	{ "poll", p_poll, { 0 }, ALLOWED, ALLOWED, 0 },
	{ "mmap+munmap rw", p_malloc, { 0 }, ALLOWED, ALLOWED, 0 },
	{ "mmap exec", p_mmap_exec, { 0 }, KILLED, KILLED, 0 },
	{ "mprotect exec", p_mprotect_exec, { 0 }, KILLED, KILLED, 0 },
	{ "socket unix dgram", p_socket, { AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0 },
	  ALLOWED, ALLOWED, 0 },
	{ "socket unix stream", p_socket, { AF_UNIX, SOCK_STREAM, 0 }, KILLED, KILLED, 0 },
	{ "socket netlink", p_socket, { AF_NETLINK, SOCK_RAW, 0 }, KILLED, KILLED, 0 },
	{ "socket packet", p_socket, { AF_PACKET, SOCK_RAW, 0 }, KILLED, KILLED, 0 },
	{ "socket inet dgram", p_socket, { AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0 },
	  KILLED, ALLOWED, 0 },
	{ "socket inet6 stream", p_socket, { AF_INET6, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0 },
	  KILLED, ALLOWED, 0 },
	{ "socket inet raw", p_socket, { AF_INET, SOCK_RAW, IPPROTO_ICMP }, KILLED, KILLED, 0 },
	{ "socket inet ping", p_socket, { AF_INET, SOCK_DGRAM, IPPROTO_ICMP }, KILLED, KILLED, 0 },
	{ "setsockopt TCP_NODELAY", p_nodelay, { 0 }, KILLED, ALLOWED, 0 },
	{ "setsockopt SO_BROADCAST", p_broadcast, { 0 }, KILLED, KILLED, 0 },
	{ "open", p_open, { 0 }, FAILED, FAILED, EACCES },
	{ "openat O_CREAT", p_openat, { 0 }, FAILED, FAILED, EACCES },
	{ "execve", p_execve, { 0 }, KILLED, KILLED, 0 },
	{ "fork", p_fork, { 0 }, KILLED, KILLED, 0 },
	{ "kill", p_kill, { 0 }, KILLED, KILLED, 0 },
	{ "getuid", p_getuid, { 0 }, KILLED, KILLED, 0 },
	{ "unlink", p_unlink, { 0 }, KILLED, KILLED, 0 },
	{ "setuid", p_setuid, { 0 }, KILLED, KILLED, 0 },
	{ "ptrace", p_ptrace, { 0 }, KILLED, KILLED, 0 },
};

static const char *outcome_name(enum outcome o)
{
	static const char *names[] = { "allowed", "failed", "killed", "other" };
	return names[o];
}

static void test_filter(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) {
		CHECK(!"socketpair");
		return;
	}
	fd_unix = sv[0];
	fd_tcp = socket(AF_INET, SOCK_STREAM, 0);
	fd_udp = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(fd_tcp >= 0 && fd_udp >= 0);
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		const struct probe *p = &probes[i];
		for (int late = 0; late < 2; late++) {
			struct result r = under_filter(late, p->fn, (void *)p->sock);
			enum outcome want = late ? p->late : p->quiet;
			bool ok = r.o == want && (want != FAILED || r.err == p->err);
			if (!check_report(ok, p->name, __FILE__, __LINE__))
				printf("#   %s%s: got %s (errno %d), want %s\n", p->name,
				       late ? " (late lookups)" : "", outcome_name(r.o), r.err,
				       outcome_name(want));
		}
	}
	close(sv[0]);
	close(sv[1]);
	close(fd_tcp);
	close(fd_udp);
}

/* sandbox_enter in a child, which then waits: its why, and the lines of its
 * /proc/PID/status named in keys, "Key:\tvalue" joined by '|'. */
static void enter_in_child(const char *user, char *why, size_t whylen, char *status,
			   size_t stlen)
{
	int rep[2], hold[2];
	why[0] = status[0] = '\0';
	if (pipe(rep) != 0 || pipe(hold) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(rep[0]);
		close(hold[1]);
		const char *w = sandbox_enter(user, false);
		char c;
		if (write(rep[1], w ? w : "-", strlen(w ? w : "-")) < 0)
			_exit(4);
		close(rep[1]);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(rep[1]);
	close(hold[0]);
	ssize_t n = read(rep[0], why, whylen - 1);
	why[n > 0 ? n : 0] = '\0';
	close(rep[0]);
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	size_t used = 0;
	while (f && fgets(line, sizeof line, f)) {
		static const char *keys[] = { "Uid:", "Gid:", "Groups:", "NoNewPrivs:", "Seccomp:" };
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strncmp(line, keys[k], strlen(keys[k])) == 0) {
				size_t e = strcspn(line, "\n");
				while (e > 0 && line[e - 1] == ' ') /* "Groups:\t \n" */
					e--;
				line[e] = '\0';
				int w = snprintf(status + used, stlen - used, "%s%s", used ? "|" : "", line);
				if (w > 0 && (size_t)w < stlen - used)
					used += (size_t)w;
			}
	}
	if (f)
		fclose(f);
	close(hold[1]);
	waitpid(pid, NULL, 0);
}

static void test_enter(void)
{
	char why[64], st[512];
	if (geteuid() != 0) {
		printf("ok - # SKIP sandbox_enter: not root\n");
		return;
	}
	/* the default user, nobody (uid and gid 65534 on Debian) */
	enter_in_child(NULL, why, sizeof why, st, sizeof st);
	CHECK_STREQ(why, "-");
	CHECK_STREQ(st, "Uid:\t65534\t65534\t65534\t65534|Gid:\t65534\t65534\t65534\t65534|"
		    "Groups:\t|NoNewPrivs:\t1|Seccomp:\t2");
	/* a user named: daemon (1:1) */
	enter_in_child("daemon", why, sizeof why, st, sizeof st);
	CHECK_STREQ(why, "-");
	CHECK_STREQ(st, "Uid:\t1\t1\t1\t1|Gid:\t1\t1\t1\t1|Groups:\t|NoNewPrivs:\t1|Seccomp:\t2");
	/* unknown: reported, and the rest is set up all the same */
	enter_in_child("no-such-user-rblsmtpd", why, sizeof why, st, sizeof st);
	CHECK_STREQ(why, SANDBOX_NOUSER);
	CHECK(strstr(st, "Uid:\t0\t0\t0\t0|") == st);
	CHECK(strstr(st, "|NoNewPrivs:\t1|Seccomp:\t2") != NULL);
}

/* In a child: /dev/null at 3, 20 and 21, then sandbox_close_fds(keep); the
 * exit status has a bit for each still open (1: 3, 2: 20, 4: 21). */
static int open_after_close(int keep)
{
	pid_t pid = fork();
	if (pid == 0) {
		int n = open("/dev/null", O_RDONLY);
		if (n < 0 || dup2(n, 3) != 3 || dup2(n, 20) != 20 || dup2(n, 21) != 21)
			_exit(99);
		sandbox_close_fds(keep);
		_exit((fcntl(3, F_GETFD) >= 0) | (fcntl(20, F_GETFD) >= 0) << 1 |
		      (fcntl(21, F_GETFD) >= 0) << 2);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void test_close_fds(void)
{
	CHECK_EQ(open_after_close(-1), 0); /* nothing kept: all closed */
	CHECK_EQ(open_after_close(20), 2); /* the log socket's number kept */
	CHECK_EQ(open_after_close(21), 4); /* the last one: nothing after it */
	CHECK_EQ(open_after_close(3), 1);  /* the first one: nothing before it */
	CHECK_EQ(open_after_close(2), 0);  /* 0-2 are never closed, nor "kept" */
}

int main(void)
{
	test_passwd();
	test_close_fds();
	test_filter();
	test_enter();
	return check_done("test_sandbox");
}
