/* SPDX-License-Identifier: ISC */
/* stamp: calendar arithmetic and the rules that turn a log line's timestamp
 * into one comparable number.
 *
 * rblstat counts by the wall clock written in the log: a line stamped
 * "2026-11-30T23:30:00-05:00" belongs to November 30 even though it is
 * already December in UTC, because that is the month the mail admin sees in
 * that log. All times are therefore "civil seconds": days since 1970-01-01 of
 * the proleptic Gregorian calendar times 86400 plus the second of the day, as
 * if the wall clock were UTC. No mktime(), no time zone database in the hot
 * path. Only TAI64N stamps (multilog), which are true UTC instants, are
 * converted to rblstat's own local time (TZ), with a one-hour cache.
 *
 * Year rule for classic syslog lines (they carry no year), per input file
 * (rblstat(1) THE YEAR RULE):
 *  - the walk: after the first classic line, a jump back in month by six or
 *    more (Dec -> Jan) starts the next year; a jump forward by ten or more (a
 *    late Dec line after Jan in logs merged from several hosts) is put in the
 *    previous year without changing the state; smaller jumps forward are gaps
 *    in the log. Every classic stamp takes part, whatever the message;
 *  - the anchor: the file's latest classic line (normally its last) gets
 *    the latest year that dates it no later than the anchor (the file's
 *    mtime, or the gzip header's where older, or now for standard input;
 *    plus a day of slack for a log host's clock or zone running ahead of
 *    ours), so no line is dated after the anchor. A pre-pass over the file
 *    (yearscan.h) runs the same walk from 0 to learn how many years that
 *    line lies after the first, so the first line's year is known before
 *    the counting pass starts;
 *  - without that pre-pass (input that could not be read twice), the first
 *    classic line gets the latest year that dates it no later than the
 *    anchor, and the walk goes on from there;
 *  - --year Y: the first classic line is in Y, no anchor. */
#ifndef STAT_STAMP_H
#define STAT_STAMP_H
#include <stdbool.h>
#include <stdint.h>
#include "linestamp.h"

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
int64_t stamp_days(int y, int m, int d);
/* The inverse: civil date of a day number. */
void stamp_civil_from_days(int64_t days, int *y, int *m, int *d);

#define STAMP_DAY 86400          /* seconds in a civil day (no leap seconds) */

/* Days in month m (1..12) of year y, Gregorian. */
int stamp_month_days(int y, int m);

static inline int64_t stamp_civil(int y, int m, int d, int sod)
{
	return stamp_days(y, m, d) * STAMP_DAY + sod;
}

/* One step of the walk: the year of a classic line of month mon, given the
 * year and month of the walk so far (both updated). The same code dates the
 * counting pass (stamp_year_of) and the pre-pass (yearscan), so the two agree
 * line for line. */
static inline int stamp_walk(int *year, int *last_mon, int mon)
{
	int jump = mon - *last_mon;
	if (jump <= -6) {               /* Dec -> Jan: a new year began */
		*last_mon = mon;
		return ++*year;
	}
	if (jump >= 10)                 /* a Nov/Dec straggler after the turn */
		return *year - 1;
	*last_mon = mon;
	return *year;
}

/* The latest year that dates mon/mday/sod no later than anchor (civil
 * seconds), Feb 29 only in a leap year. */
int stamp_year_latest(int mon, int mday, int sod, int64_t anchor);

struct stamp_year {
	int ref_year;        /* --year */
	int64_t ref_now;     /* civil "now" */
	bool forced;         /* --year given */
	int64_t anchor;      /* this file's: see the year rule above */
	int first_year;      /* this file's first classic line (pre-pass), 0: unknown */
	bool started;        /* a classic line seen in this file */
	int year, last_mon;
	int memo_y, memo_m, memo_d;   /* the last date resolved, and its day number: */
	int64_t memo_days;            /* logs repeat a date for thousands of lines */
};

/* now_civil: the local wall clock now, as civil seconds. forced_year 0 = none. */
void stamp_year_init(struct stamp_year *g, int64_t now_civil, int forced_year);
/* A new input file begins: anchor is the latest civil second its classic
 * lines may have (slack included); first_year the year of its first classic
 * line from the pre-pass (stamp_year_first), 0 when there was none. Both are
 * ignored under --year. */
void stamp_year_file(struct stamp_year *g, int64_t anchor, int first_year);
/* A new input file begins, with nothing known of it: anchored on now. */
void stamp_year_reset(struct stamp_year *g);
/* The year of a classic line, updating the per-file state. */
int stamp_year_of(struct stamp_year *g, int mon, int mday, int sod);

/* Local-time conversion of UTC instants, cached per hour. */
struct stamp_tz {
	int64_t hour;        /* cached Unix hour, or INT64_MIN */
	int64_t offset;      /* civil - Unix seconds in that hour */
};
void stamp_tz_init(struct stamp_tz *z);
int64_t stamp_tz_local(struct stamp_tz *z, int64_t unix_secs);

/* Resolve a parsed stamp to civil seconds. Returns false for LS_NONE and
 * for a date that does not exist in the year found (Feb 29 of a common
 * year): the caller counts such a line as unparsable. */
bool stamp_resolve(const struct logline_stamp *s, struct stamp_year *g,
		   struct stamp_tz *z, int64_t *civil);

/* stamp_resolve with its common case inline (B8): a classic stamp of the
 * date resolved last, in the month seen last, changes no state (the year
 * rule sees no jump) and has the remembered day number. */
static inline bool stamp_resolve_fast(const struct logline_stamp *s, struct stamp_year *g,
				      struct stamp_tz *z, int64_t *civil)
{
	if (s->kind == LS_NOYEAR && g->started && s->mon == g->last_mon && s->mday == g->memo_d &&
	    s->mon == g->memo_m && g->year == g->memo_y) {
		*civil = g->memo_days * STAMP_DAY + s->sod;
		return true;
	}
	return stamp_resolve(s, g, z, civil);
}

/* Parse a --since/--until argument: "YYYY", "YYYY-MM", "YYYY-MM-DD",
 * optionally followed by "T" or " " and "HH:MM[:SS]". *lo is its first second,
 * *hi its last one (so "--until 2026-03" ends on March 31, 23:59:59).
 * Returns false when it does not parse. */
bool stamp_parse_date(const char *s, int64_t *lo, int64_t *hi);

/* "YYYY-MM" or "YYYY-MM-DD" for a period key (see agg.h). */
void stamp_format_month(int64_t month_key, char out[16]);
void stamp_format_day(int64_t day_key, char out[16]);

#endif
