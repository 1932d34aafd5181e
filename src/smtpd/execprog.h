/* SPDX-License-Identifier: ISC */
/* execprog: run the real SMTP server in place of rblsmtpd.
 *
 * COMPAT(0.88): djb's pathexec_run: a name with '/' is run as given; else
 * each $PATH element is tried ("/bin:/usr/bin" when PATH is unset, an empty
 * element means "."); ENOENT goes on, EACCES/EPERM/EISDIR are remembered and
 * the search goes on, any other error stops it. No shell fallback. */
#ifndef CORE_EXECPROG_H
#define CORE_EXECPROG_H

/* Returns only on failure, with errno set to the reason to report. */
void execprog_run(char *const *argv, char *const *envp);

/* djb's wording for errno ("file does not exist", "access denied", …). */
const char *execprog_strerror(int err);

#endif
