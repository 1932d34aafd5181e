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
 * Year rule for classic syslog lines (they carry no year), per input file:
 *  - the first such line gets the reference year (the current year, or
 *    --year), minus one when that would put it more than a day in the future
 *    (the reference "now" under --year is the end of that year, so --year Y
 *    puts the first line in Y);
 *  - after that, a jump back in month by six or more (Dec -> Jan) starts the
 *    next year; a jump forward by ten or more (a late Dec line after Jan in
 *    logs merged from several hosts) is put in the previous year without
 *    changing the state; smaller jumps forward are gaps in the log. */
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

struct stamp_year {
	int ref_year;        /* current year, or --year */
	int64_t ref_now;     /* civil "now" used by the future test */
	bool forced;         /* --year given */
	bool started;        /* a classic line seen in this file */
	int year, last_mon;
	int memo_y, memo_m, memo_d;   /* the last date resolved, and its day number: */
	int64_t memo_days;            /* logs repeat a date for thousands of lines */
};

/* now_civil: the local wall clock now, as civil seconds. forced_year 0 = none. */
void stamp_year_init(struct stamp_year *g, int64_t now_civil, int forced_year);
/* A new input file begins: forget the previous file's year. */
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
