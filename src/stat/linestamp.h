/* SPDX-License-Identifier: ISC */
/* linestamp: a log line's time stamp as read, before any year is inferred
 * or any time zone applied (logprefix reads it, stamp dates it). */
#ifndef STAT_LINESTAMP_H
#define STAT_LINESTAMP_H
#include <stdint.h>

enum logline_stamp_kind {
	LS_NONE,     /* no timestamp */
	LS_CIVIL,    /* a wall-clock date with a year: civil seconds, see stamp.h */
	LS_NOYEAR,   /* classic syslog: month, day and time, the year to be inferred */
	LS_UTC,      /* TAI64N: Unix seconds (UTC), to be shown in local time */
};

struct logline_stamp {
	enum logline_stamp_kind kind;
	int64_t secs;  /* LS_CIVIL: civil seconds; LS_UTC: Unix time */
	int mon;       /* LS_NOYEAR: 1..12 */
	int mday;      /* LS_NOYEAR: 1..31 */
	int sod;       /* LS_NOYEAR: second of the day */
};

#endif
