/* SPDX-License-Identifier: ISC */
/* clock: the one clock every timing in rblsmtpd is read from — monotonic,
 * in milliseconds, so a change of the wall clock never shortens or stretches
 * a deadline, a dialogue or a logged time. */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

/* Milliseconds on CLOCK_MONOTONIC (an arbitrary origin: only differences mean
 * anything). */
long long clock_ms(void);

#endif
