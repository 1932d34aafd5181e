/* SPDX-License-Identifier: ISC */
/* sandbox: what rblsmtpd gives up once it has decided to refuse.
 *
 * The refusal dialogue talks for up to -t seconds with the clients we trust
 * least and never execs anything, so before it reads the first byte it gives
 * up what it does not need (man rblsmtpd, SECURITY):
 *   1. running as root: every group, then the gid and uid of a user from
 *      /etc/passwd ($RBLSMTPD_USER, default SANDBOX_DEFAULT_USER);
 *   2. PR_SET_NO_NEW_PRIVS: nothing it could exec would gain privileges;
 *   3. a seccomp filter that lets through only the system calls of the
 *      dialogue, the log writer and, with late lookups, c-ares (the list is
 *      in src/gen/sandbox_gen.c, one line each with its reason; libseccomp
 *      compiles it at build time). Any other call kills the process
 *      (SIGSYS), except open/openat, which fail with EACCES so that a library
 *      that tries to read a file degrades instead of dying.
 * Each step is taken even when an earlier one failed; the first failure is
 * returned so the caller can log it, and the refusal goes on either way: a
 * refused client never becomes an accepted one because of the sandbox.
 *
 * The accept path never comes here: the server is exec'd with rblsmtpd's
 * own privileges, environment and descriptors, as 0.88 passed them. */
#ifndef SMTPD_SANDBOX_H
#define SMTPD_SANDBOX_H
#include <stdbool.h>
#include <stddef.h>

#define SANDBOX_DEFAULT_USER "nobody"
#define SANDBOX_PASSWD "/etc/passwd"

/* Why a step failed: one log field each (the "sandbox" line, LOG FORMAT). */
#define SANDBOX_NOUSER "nouser"         /* the user is not in /etc/passwd */
#define SANDBOX_SETUID "setuid"         /* setgroups/setgid/setuid failed */
#define SANDBOX_NONEWPRIVS "nonewprivs" /* prctl(PR_SET_NO_NEW_PRIVS) failed */
#define SANDBOX_SECCOMP "seccomp"       /* no filter: a kernel without seccomp */

/* Pure: if line (one line of /etc/passwd, without its newline) is the entry
 * of user name, store its uid and gid and return true. Only a well-formed
 * entry counts: name:password:uid:gid:..., both ids decimal and below
 * 2^32 - 1 (the kernel's "no id"). */
bool sandbox_passwd_entry(const char *line, size_t len, const char *name,
			  unsigned *uid, unsigned *gid);

/* Step 0, for a dialogue that reads no late lookups: every descriptor
 * above 2 closed but keep (the syslog socket; -1 for none), so the dialogue
 * holds nothing to send on or read from but the client and the log: not the
 * DNS library's sockets, nor anything the parent left open (the refusal
 * path execs nothing that could need it). */
void sandbox_close_fds(int keep);

/* Steps 2 and 3 only. late: late lookups are read during the dialogue, so
 * c-ares may also open IPv4/IPv6 sockets (next server, TCP after a truncated
 * answer); without it no socket but the syslog one (AF_UNIX datagram) can be
 * made. Returns NULL, or the token of the first step that failed. */
const char *sandbox_restrict(bool late);

/* All three steps: user (NULL or "" for the default; not looked up unless
 * the effective uid is 0), then sandbox_restrict(late). Returns NULL when
 * every step succeeded, else the token of the first that failed. */
const char *sandbox_enter(const char *user, bool late);

#endif
