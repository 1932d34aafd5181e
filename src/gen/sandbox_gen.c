/* SPDX-License-Identifier: ISC */
/* sandbox_gen: compiles the refusal sandbox's seccomp rules into BPF at
 * build time (make runs it: $(B)/gen/sandbox_filter.h).
 *
 * The rules are written here, in libseccomp's terms, and libseccomp builds
 * the filter program: no hand-written BPF. Doing it at build time rather than
 * in rblsmtpd keeps libseccomp out of rblsmtpd altogether: building the
 * program costs libseccomp about 270,000 instructions, more than twice a
 * whole refused connection (BENCHMARKS.md), and its tables would add
 * relocations to every connection's start-up, the accepted ones too. The
 * program is for the architecture of the build (the generator runs there);
 * its first instructions check it, and a call from any other ABI (x32,
 * i386) is killed.
 *
 * Output: four programs, sandbox_filter_<late>_<valgrind>: with and without
 * late lookups, with and without valgrind's needs (sandbox.c picks one). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* A socket's type without SOCK_NONBLOCK and SOCK_CLOEXEC (the kernel's
 * SOCK_TYPE_MASK, not in the libc headers). */
#define SOCK_TYPE_BITS 0xf

#define ALLOW SCMP_ACT_ALLOW
#define DENY_OPEN SCMP_ACT_ERRNO(EACCES)
#define ARG(n, cmp, a, b) { .arg = (n), .op = (cmp), .datum_a = (a), .datum_b = (b) }
#define NOARGS 0, { { 0 } }

/* When a rule applies (flags; 0: always). */
enum {
	LATE = 1,        /* with late lookups only (sandbox_restrict's inet) */
	NOT_VALGRIND = 2 /* not under valgrind (valgrind_rules replace it) */
};

struct rule {
	int nr;          /* SCMP_SYS(name) */
	uint32_t action;
	unsigned when;
	unsigned nargs;
	struct scmp_arg_cmp args[3];
};

/* Everything the refusal path does after sandbox_enter. Any other system
 * call kills the process (SECCOMP_RET_KILL_PROCESS): a missed one shows up
 * in the tests as a dialogue cut short (exit by SIGSYS), never as a client
 * let through; and an exploit gets no second try. */
static const struct rule rules[] = {
	/* the dialogue: smtp_run */
	{ SCMP_SYS(read), ALLOW, 0, NOARGS },          /* the client's bytes */
	{ SCMP_SYS(write), ALLOW, 0, NOARGS },         /* replies; -l stderr lines */
	{ SCMP_SYS(poll), ALLOW, 0, NOARGS },          /* waiting for the client */
	{ SCMP_SYS(ppoll), ALLOW, 0, NOARGS },         /* poll() where there is no poll */
	{ SCMP_SYS(rt_sigaction), ALLOW, 0, NOARGS },  /* the -t alarm's and SIGTERM's handler */
	{ SCMP_SYS(alarm), ALLOW, 0, NOARGS },         /* the -t alarm */
	{ SCMP_SYS(setitimer), ALLOW, 0, NOARGS },     /* alarm() where there is no alarm */
	{ SCMP_SYS(rt_sigreturn), ALLOW, 0, NOARGS },  /* back from a handler */
	{ SCMP_SYS(clock_gettime), ALLOW, 0, NOARGS }, /* deadlines (when not in the vDSO) */
	{ SCMP_SYS(gettimeofday), ALLOW, 0, NOARGS },
	{ SCMP_SYS(time), ALLOW, 0, NOARGS },          /* syslog timestamps */
	{ SCMP_SYS(exit_group), ALLOW, 0, NOARGS },
	{ SCMP_SYS(exit), ALLOW, 0, NOARGS },
	/* memory, never executable: malloc (c-ares' answers, the summary) */
	{ SCMP_SYS(brk), ALLOW, 0, NOARGS },
	{ SCMP_SYS(mmap), ALLOW, 0, 1, { ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0) } },
	{ SCMP_SYS(mprotect), ALLOW, 0, 1, { ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0) } },
	{ SCMP_SYS(munmap), ALLOW, 0, NOARGS },
	{ SCMP_SYS(mremap), ALLOW, 0, NOARGS },
	/* the syslog writer (maillog): send, and one reconnect after a restart */
	{ SCMP_SYS(socket), ALLOW, 0, 3, { ARG(0, SCMP_CMP_EQ, AF_UNIX, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_DGRAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(connect), ALLOW, 0, NOARGS },
	/* send() on a connected socket only: no datagram to an address of the
	 * caller's choosing */
	{ SCMP_SYS(sendto), ALLOW, 0, 1, { ARG(4, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(close), ALLOW, 0, NOARGS },
	/* late lookups (-vv): c-ares, through resolvers.c's socket functions,
	 * which may also open a socket to the next server, or one over TCP
	 * after a truncated answer */
	{ SCMP_SYS(recvfrom), ALLOW, LATE, NOARGS },
	{ SCMP_SYS(writev), ALLOW, LATE, NOARGS },
	{ SCMP_SYS(socket), ALLOW, LATE, 3, { ARG(0, SCMP_CMP_EQ, AF_INET, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_DGRAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(socket), ALLOW, LATE, 3, { ARG(0, SCMP_CMP_EQ, AF_INET6, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_DGRAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(socket), ALLOW, LATE, 3, { ARG(0, SCMP_CMP_EQ, AF_INET, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_STREAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(socket), ALLOW, LATE, 3, { ARG(0, SCMP_CMP_EQ, AF_INET6, 0),
		ARG(1, SCMP_CMP_MASKED_EQ, SOCK_TYPE_BITS, SOCK_STREAM), ARG(2, SCMP_CMP_EQ, 0, 0) } },
	{ SCMP_SYS(setsockopt), ALLOW, LATE, 2, { ARG(1, SCMP_CMP_EQ, IPPROTO_TCP, 0),
		ARG(2, SCMP_CMP_EQ, TCP_NODELAY, 0) } },
	/* Files: none can be opened. A library that tries (c-ares keying a new
	 * channel from /dev/urandom) gets EACCES and takes its fallback. */
	{ SCMP_SYS(open), DENY_OPEN, NOT_VALGRIND, NOARGS },
	{ SCMP_SYS(openat), DENY_OPEN, NOT_VALGRIND, NOARGS },
#ifdef __SANITIZE_ADDRESS__
	/* make SAN=1 (a test build): ASan's _exit looks at its signal stack;
	 * a sanitizer report needs the rest, and its abort after a nested bug.
	 * Its symbolizer cannot be started (no fork, no exec): the report's
	 * frames are module+offset (the modules from the map cached by
	 * __sanitizer_sandbox_on_notify), for addr2line. */
	{ SCMP_SYS(sigaltstack), ALLOW, 0, NOARGS },
	{ SCMP_SYS(gettid), ALLOW, 0, NOARGS },
	{ SCMP_SYS(getpid), ALLOW, 0, NOARGS },
	{ SCMP_SYS(futex), ALLOW, 0, NOARGS },
	{ SCMP_SYS(sched_yield), ALLOW, 0, NOARGS },
	{ SCMP_SYS(readlink), ALLOW, 0, NOARGS },
	{ SCMP_SYS(ioctl), ALLOW, 0, 1, { ARG(1, SCMP_CMP_EQ, TCGETS, 0) } },
	{ SCMP_SYS(rt_sigprocmask), ALLOW, 0, NOARGS },
	{ SCMP_SYS(tgkill), ALLOW, 0, NOARGS },
#endif
};

/* Under valgrind (make test-hardening's valgrind pass, bench/'s callgrind
 * counts) the filter applies to valgrind's own system calls too, which are
 * indistinguishable from the program's: these let it run, and write its
 * report or profile at exit. valgrind.sh runs it with --vgdb=no: the FIFOs
 * of its gdbserver, made as root in /tmp, could not be removed as nobody.
 * The filter's policy is tested without valgrind (make test, make SAN=1
 * test); nothing outside valgrind can make RUNNING_ON_VALGRIND true. */
static const struct rule valgrind_rules[] = {
	{ SCMP_SYS(rt_sigprocmask), ALLOW, 0, NOARGS }, /* around every call */
	{ SCMP_SYS(rt_sigtimedwait), ALLOW, 0, NOARGS }, /* a signal (the -t alarm) taken
							   * during a blocked call */
	{ SCMP_SYS(gettid), ALLOW, 0, NOARGS },
	{ SCMP_SYS(getpid), ALLOW, 0, NOARGS },
	{ SCMP_SYS(mmap), ALLOW, 0, NOARGS },     /* its code cache is executable */
	{ SCMP_SYS(mprotect), ALLOW, 0, NOARGS },
	{ SCMP_SYS(futex), ALLOW, 0, NOARGS },    /* glibc's clean-up at exit */
	{ SCMP_SYS(open), ALLOW, 0, NOARGS },     /* callgrind's profile at exit */
	{ SCMP_SYS(openat), ALLOW, 0, NOARGS },
};


static bool add_rules(scmp_filter_ctx ctx, const struct rule *r, size_t n, bool late,
		      bool valgrind)
{
	for (size_t i = 0; i < n; i++) {
		if (((r[i].when & LATE) && !late) || ((r[i].when & NOT_VALGRIND) && valgrind))
			continue;
		if (r[i].nr < 0)
			continue; /* not a system call on this architecture (poll on arm64) */
		int rc = seccomp_rule_add_array(ctx, r[i].action, r[i].nr, r[i].nargs, r[i].args);
		if (rc != 0) {
			char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, r[i].nr);
			fprintf(stderr, "sandbox_gen: rule for %s: error %d\n", name ? name : "?", rc);
			free(name);
			return false;
		}
	}
	return true;
}

/* One program as a C array. */
static bool emit(bool late, bool valgrind)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return false;
	bool ok = add_rules(ctx, rules, sizeof rules / sizeof rules[0], late, valgrind);
	if (ok && valgrind)
		ok = add_rules(ctx, valgrind_rules, sizeof valgrind_rules / sizeof valgrind_rules[0],
			       late, true);
	FILE *tmp = tmpfile();
	ok = ok && tmp && seccomp_export_bpf(ctx, fileno(tmp)) == 0;
	seccomp_release(ctx);
	if (!ok)
		return false;
	/* struct sock_filter: u16 code, u8 jt, u8 jf, u32 k, native order */
	unsigned char insn[8];
	printf("static const struct sock_filter sandbox_filter_%d_%d[] = {\n", late, valgrind);
	rewind(tmp);
	size_t n = 0;
	while (fread(insn, 1, sizeof insn, tmp) == sizeof insn) {
		uint16_t code;
		uint32_t k;
		memcpy(&code, insn, 2);
		memcpy(&k, insn + 4, 4);
		printf("\t{ 0x%04x, %u, %u, 0x%08x },\n", code, insn[2], insn[3], k);
		n++;
	}
	printf("};\n");
	fclose(tmp);
	return n > 0;
}

int main(void)
{
	/* The filter must not depend on what the build machine's kernel
	 * offers (libseccomp asks it): API level 3 has KILL_PROCESS. A kernel
	 * older than 4.14 takes that unknown action as a kill of the thread. */
	if (seccomp_api_set(3) != 0)
		return 1;
	printf("/* Generated by src/gen/sandbox_gen.c (libseccomp %u.%u.%u): do not edit. */\n",
	       seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
	for (int late = 0; late < 2; late++)
		for (int valgrind = 0; valgrind < 2; valgrind++)
			if (!emit(late, valgrind)) {
				fprintf(stderr, "sandbox_gen: cannot build the filter\n");
				return 1;
			}
	return fflush(stdout) == 0 ? 0 : 1;
}
