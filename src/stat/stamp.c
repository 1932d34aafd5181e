/* SPDX-License-Identifier: ISC */
/* stamp: civil time arithmetic, the year rule, local time for TAI64N.
 * See stamp.h for the rules; this file only implements them. */
#include "stamp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t stamp_days(int y, int m, int d)
{
	/* Hinnant: shift the year to start in March so Feb 29 is the last day. */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void stamp_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void stamp_year_init(struct stamp_year *g, int64_t now_civil, int forced_year)
{
	memset(g, 0, sizeof *g);
	g->forced = forced_year != 0;
	g->ref_year = forced_year;
	g->ref_now = now_civil;
	stamp_year_reset(g);
}

void stamp_year_file(struct stamp_year *g, int64_t anchor, int first_year)
{
	g->started = false;
	g->anchor = anchor;
	g->first_year = first_year;
}

void stamp_year_reset(struct stamp_year *g)
{
	/* A day of slack: the log host's clock or zone may run ahead of ours. */
	stamp_year_file(g, g->ref_now + STAMP_DAY, 0);
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int stamp_year_latest(int mon, int mday, int sod, int64_t anchor)
{
	int y, m, d;
	int64_t days = anchor >= 0 ? anchor / STAMP_DAY : (anchor - (STAMP_DAY - 1)) / STAMP_DAY;
	stamp_civil_from_days(days, &y, &m, &d);
	if (stamp_civil(y, mon, mday, sod) > anchor)
		y--;
	if (mon == 2 && mday == 29)
		while (!leap_year(y))   /* at most 7 steps back (1900 -> 1896) */
			y--;
	return y;
}

int stamp_year_of(struct stamp_year *g, int mon, int mday, int sod)
{
	if (!g->started) {
		g->started = true;
		if (g->forced)
			g->year = g->ref_year;
		else if (g->first_year)
			g->year = g->first_year;
		else
			g->year = stamp_year_latest(mon, mday, sod, g->anchor);
		g->last_mon = mon;
		return g->year;
	}
	return stamp_walk(&g->year, &g->last_mon, mon);
}

void stamp_tz_init(struct stamp_tz *z)
{
	z->hour = INT64_MIN;
	z->offset = 0;
}

int64_t stamp_tz_local(struct stamp_tz *z, int64_t t)
{
	/* Zone offsets change on hour boundaries (at least everywhere DST is
	 * whole or half hours applied on the hour), so one localtime_r() per
	 * hour of log is enough. */
	int64_t hour = t >= 0 ? t / 3600 : (t - 3599) / 3600;
	if (hour != z->hour) {
		time_t tt = (time_t)t;
		struct tm tm;
		if (localtime_r(&tt, &tm) == NULL)
			z->offset = 0;
		else
			z->offset = stamp_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
						tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) - t;
		z->hour = hour;
	}
	return t + z->offset;
}

bool stamp_resolve(const struct logline_stamp *s, struct stamp_year *g,
		   struct stamp_tz *z, int64_t *civil)
{
	switch (s->kind) {
	case LS_CIVIL:
		*civil = s->secs;
		return true;
	case LS_NOYEAR: {
		int y = stamp_year_of(g, s->mon, s->mday, s->sod);
		if (y != g->memo_y || s->mon != g->memo_m || s->mday != g->memo_d) {
			if (s->mday > stamp_month_days(y, s->mon))
				return false;  /* Feb 29 of a common year */
			g->memo_y = y;
			g->memo_m = s->mon;
			g->memo_d = s->mday;
			g->memo_days = stamp_days(y, s->mon, s->mday);
		}
		*civil = g->memo_days * STAMP_DAY + s->sod;
		return true;
	}
	case LS_UTC:
		*civil = stamp_tz_local(z, s->secs);
		return true;
	case LS_NONE:
		break;
	}
	return false;
}

/* Read exactly n digits; -1 when any is missing. */
static int fixed_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int stamp_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return days[m - 1] + (m == 2 && leap_year(y));
}

bool stamp_parse_date(const char *s, int64_t *lo, int64_t *hi)
{
	size_t n = strlen(s);
	int y = n >= 4 ? fixed_digits(s, 4) : -1;
	int m = 0, d = 0;
	if (y < 1)
		return false;
	if (n == 4) {
		*lo = stamp_civil(y, 1, 1, 0);
		*hi = stamp_civil(y, 12, 31, STAMP_DAY - 1);
		return true;
	}
	if (n < 7 || s[4] != '-' || (m = fixed_digits(s + 5, 2)) < 1 || m > 12)
		return false;
	if (n == 7) {
		*lo = stamp_civil(y, m, 1, 0);
		*hi = stamp_civil(y, m, stamp_month_days(y, m), STAMP_DAY - 1);
		return true;
	}
	if (n < 10 || s[7] != '-' || (d = fixed_digits(s + 8, 2)) < 1 || d > stamp_month_days(y, m))
		return false;
	if (n == 10) {
		*lo = stamp_civil(y, m, d, 0);
		*hi = *lo + STAMP_DAY - 1;
		return true;
	}
	int hh, mm, ss = 0;
	if (n < 16 || (s[10] != 'T' && s[10] != ' ') || (hh = fixed_digits(s + 11, 2)) < 0 ||
	    hh > 23 || s[13] != ':' || (mm = fixed_digits(s + 14, 2)) < 0 || mm > 59)
		return false;
	if (n == 19 && s[16] == ':' && (ss = fixed_digits(s + 17, 2)) >= 0 && ss <= 60) {
		*lo = *hi = stamp_civil(y, m, d, hh * 3600 + mm * 60 + ss);
		return true;
	}
	if (n != 16)
		return false;
	*lo = stamp_civil(y, m, d, hh * 3600 + mm * 60);
	*hi = *lo + 59;
	return true;
}

void stamp_format_month(int64_t key, char out[16])
{
	int64_t y = key >= 0 ? key / 12 : (key - 11) / 12;
	snprintf(out, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)(key - y * 12 + 1) % 100u);
}

void stamp_format_day(int64_t key, char out[16])
{
	int y, m, d;
	stamp_civil_from_days(key, &y, &m, &d);
	/* Years are 1970..9999 here (the parser's bounds); the modulo tells gcc. */
	snprintf(out, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}
