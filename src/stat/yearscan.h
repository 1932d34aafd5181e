/* SPDX-License-Identifier: ISC */
/* yearscan: the pre-pass of rblstat's year rule (stamp.h, rblstat(1) THE
 * YEAR RULE).
 *
 * A classic syslog stamp has no year, and the rule dates a file's LATEST
 * classic line (normally its last) from the file's anchor (its mtime). The counting pass runs
 * forwards and must date the FIRST line before it counts it, so the years
 * between the two are learnt first: yearscan walks the months of every
 * classic stamp of the input (stamp_walk, the counting pass's own step)
 * from year 0, and remembers the latest stamp it dated (normally the last
 * line's; in logs merged from several hosts a straggler may come after it)
 * and its relative year.
 * It looks at each line's first bytes only (logprefix_classic), never at the
 * message, so it costs a fraction of the counting pass (doc/design.md, The
 * year pre-pass).
 *
 * Bytes are fed in order, in pieces of any size; lines are split exactly as
 * the reader splits them for the counting pass (reader.h): a line longer
 * than READER_LINE_MAX is not one, and an unterminated last line is not
 * either (a cut line, never counted). Pure: no I/O; the struct is plain
 * data, so a copy is a snapshot (gzcheck keeps one per gzip member). */
#ifndef STAT_YEARSCAN_H
#define STAT_YEARSCAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define YEARSCAN_HEAD 64   /* bytes of a line kept across pieces: room for any stamp */
#define YEARSCAN_MEMO 32

struct yearscan {
	bool complete;         /* set by the reader: every line of the input was fed */
	bool seen;             /* a classic line was seen */
	int year, last_mon;    /* the walk, from year 0 at the first classic line */
	int rel;               /* the latest stamp: its year relative to the first line's, */
	int mon, mday, sod;    /* and its date */
	size_t len;            /* bytes of the unfinished line so far */
	char head[YEARSCAN_HEAD];  /* its first bytes */
	size_t memo_n;         /* the last classic line's stamp and the byte after it: */
	char memo[YEARSCAN_MEMO];  /* a line that begins with them changes nothing */
};

void yearscan_init(struct yearscan *ys);
/* The next n bytes of the input. */
void yearscan_feed(struct yearscan *ys, const char *p, size_t n);
/* One whole line (without its '\n'), as the reader delivers it. */
void yearscan_line(struct yearscan *ys, const char *line, size_t len);

/* The year of the input's first classic line when its latest one is dated
 * from anchor (stamp_year_latest): every line is then dated no later than
 * the anchor. 0 when no classic line was seen or the scan was not complete. */
int yearscan_first_year(const struct yearscan *ys, int64_t anchor);

#endif
