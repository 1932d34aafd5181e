/* SPDX-License-Identifier: ISC */
/* rblstat: report on the logs rblsmtpd writes.
 *
 * main() owns the command line, the inputs and the exit status; parsing is
 * logline's, time rules are stamp's, counting is agg's and output is
 * report's. Exit: 0; 1 when an input could not be read (the others are still
 * reported); 100 on a usage error. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "listspec.h"
#include "logline.h"
#include "pipeline.h"
#include "reader.h"
#include "report.h"
#include "stamp.h"
#include "yearscan.h"

#define USAGE_HEAD "usage: rblstat [--by month|day] [--since DATE] [--until DATE] [--list ZONE]... " \
	"[--top N] [--year YYYY] [--track N] "
#define USAGE_MAX 512
#ifndef RBLSMTPD_VERSION
#error "RBLSMTPD_VERSION: the Makefile passes the VERSION file's content"
#endif
#define TOP_DEFAULT 10
#define TRACK_DEFAULT 5000
#define TRACK_MAX 10000000
#define YEAR_MIN 1970
#define YEAR_MAX 9999
#define LISTS_ARG_MAX 64
#define BASE_OPTS 10            /* long options before the format ones */

enum { OPT_FORMAT = 'f', OPT_FORMAT_FILE = 256, OPT_TRACK };

struct options {
	struct agg_config cfg;
	const char *lists[LISTS_ARG_MAX];
	size_t top, track;
	int year;
	const struct report_format *format;   /* stdout; text by default */
	const struct report_format *file_format; /* --NAME FILE of a to_file format */
	const char *file;                     /* its FILE, "-" = stdout */
};

static void print_usage(FILE *f)
{
	char formats[USAGE_MAX];
	report_formats_usage(formats, sizeof formats);
	fprintf(f, "%s%s [FILE...]\n", USAGE_HEAD, formats);
}

static _Noreturn void usage(void)
{
	print_usage(stderr);
	exit(100);
}

static _Noreturn void out_of_memory(void)
{
	fputs("rblstat: fatal: out of memory\n", stderr);
	exit(111);
}

static long number_arg(const char *s, long min, long max, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "rblstat: bad %s: %s\n", what, s);
		usage();
	}
	return v;
}

/* An instant as the local wall clock ($TZ), in civil seconds (stamp.h). */
static int64_t civil_of(time_t t)
{
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return (int64_t)t;
	return stamp_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			   tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

/* Now, or $RBLSTAT_NOW (a --since style date, local wall clock): the
 * tests' clock, so the year rule can be run at any "today". */
static int64_t now_civil(void)
{
	const char *fake = getenv("RBLSTAT_NOW");
	int64_t lo, hi;
	if (!fake || !*fake)
		return civil_of(time(NULL));
	if (!stamp_parse_date(fake, &lo, &hi)) {
		fprintf(stderr, "rblstat: bad RBLSTAT_NOW: %.40s\n", fake);
		usage();
	}
	return lo;
}

/* The anchor of the year rule for one input: its mtime (a regular file) or
 * now, the gzip headers' MTIME where that is older, plus a day of slack for
 * a log host whose clock or zone runs ahead of ours (rblstat(1) THE YEAR
 * RULE). own is the civil time of the input itself. */
static int64_t year_anchor(int64_t own, const struct reader *rd)
{
	if (rd->gz && rd->chk.mtime > 0) {
		int64_t g = civil_of((time_t)rd->chk.mtime);
		if (g < own)
			own = g;
	}
	return own + STAMP_DAY;
}

static void date_arg(struct options *o, int c, const char *s)
{
	int64_t lo, hi;
	if (!stamp_parse_date(s, &lo, &hi)) {
		fprintf(stderr, "rblstat: bad date: %s (want YYYY[-MM[-DD[THH:MM[:SS]]]])\n", s);
		usage();
	}
	if (c == 's')
		o->cfg.since = lo;
	else
		o->cfg.until = hi;
}

static void format_arg(struct options *o, const char *name, const char *file)
{
	const struct report_format *f = report_format_find(name);
	if (f->to_file) {
		o->file_format = f;
		o->file = file;
		return;
	}
	if (o->format != report_formats && o->format != f) {
		fprintf(stderr, "rblstat: one output format: --%s and --%s exclude each other\n",
			o->format->name, f->name);
		usage();
	}
	o->format = f;
}

/* The long options: fixed ones, then --NAME for every output format but
 * the default (so a new format needs no change here). */
static void long_options(struct option *opts)
{
	static const struct option base[BASE_OPTS] = {
		{ "by", required_argument, NULL, 'b' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "list", required_argument, NULL, 'l' },
		{ "top", required_argument, NULL, 'n' },
		{ "year", required_argument, NULL, 'y' },
		{ "track", required_argument, NULL, OPT_TRACK },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	_Static_assert(BASE_OPTS == 10, "base[] holds the fixed options, then room");
	size_t n = 0;
	for (; base[n].name; n++)
		opts[n] = base[n];
	for (const struct report_format *f = report_formats; f->name; f++)
		if (f->to_file)
			opts[n++] = (struct option){ f->name, required_argument, NULL,
						     OPT_FORMAT_FILE };
		else if (f != report_formats)  /* the first is the default */
			opts[n++] = (struct option){ f->name, no_argument, NULL, OPT_FORMAT };
	opts[n] = (struct option){ NULL, 0, NULL, 0 };
}

static void one_option(struct options *o, int c, const char *arg, const char *longname,
		       size_t *nlists)
{
	switch (c) {
	case 'b':
		if (strcmp(arg, "month") == 0) o->cfg.by = AGG_BY_MONTH;
		else if (strcmp(arg, "day") == 0) o->cfg.by = AGG_BY_DAY;
		else usage();
		break;
	case 's': case 'u': date_arg(o, c, arg); break;
	case 'l':
		if (*nlists == LISTS_ARG_MAX) {
			fprintf(stderr, "rblstat: at most %d --list options\n", LISTS_ARG_MAX);
			usage();
		}
		/* Names are read without their keys: select them so too. */
		o->lists[(*nlists)++] = arg + listspec_shown_at(arg, strlen(arg));
		break;
	case 'n': o->top = (size_t)number_arg(arg, 1, REPORT_TOP_MAX, "--top"); break;
	case 'y': o->year = (int)number_arg(arg, YEAR_MIN, YEAR_MAX, "--year"); break;
	case OPT_FORMAT: format_arg(o, longname, NULL); break;
	case OPT_FORMAT_FILE: format_arg(o, longname, arg); break;
	case OPT_TRACK: o->track = (size_t)number_arg(arg, 1, TRACK_MAX, "--track"); break;
	case 'h':
		print_usage(stdout);
		exit(0);
	case 'V':
		puts("rblstat " RBLSMTPD_VERSION);
		exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : 111);
	default:
		usage();
	}
}

static void parse_options(int argc, char **argv, struct options *o)
{
	struct option opts[BASE_OPTS + REPORT_FORMATS_MAX + 1];
	size_t nlists = 0;
	int c, idx = -1;
	memset(o, 0, sizeof *o);
	o->cfg = (struct agg_config){ .by = AGG_BY_MONTH, .since = INT64_MIN, .until = INT64_MAX };
	o->top = TOP_DEFAULT;
	o->track = TRACK_DEFAULT;
	o->format = report_formats;
	long_options(opts);
	while ((c = getopt_long(argc, argv, "b:s:u:l:n:y:hV", opts, &idx)) != -1) {
		one_option(o, c, optarg, idx >= 0 ? opts[idx].name : "", &nlists);
		idx = -1;
	}
	if (o->file && strcmp(o->file, "-") == 0 && o->format != report_formats) {
		fprintf(stderr, "rblstat: --%s - writes the page to stdout: no --%s then\n",
			o->file_format->name, o->format->name);
		usage();
	}
	if (o->cfg.since > o->cfg.until) {
		fputs("rblstat: --since is after --until\n", stderr);
		usage();
	}
	o->cfg.lists = nlists ? o->lists : NULL;
	o->cfg.nlists = nlists;
	o->cfg.top_cap = o->track > o->top ? o->track : o->top;
	o->cfg.per_host = o->format->per_host;
}

/* One input through the pipeline: the year rule's pre-pass (unless --year),
 * then the lines. Returns the reader's result. */
static int count_input(int fd, bool is_stdin, int64_t now, bool scan_years, struct pipe *pipe,
		       struct reader *rd, const char **err)
{
	struct counting *run = pipe->run;
	struct stat st;
	int64_t own = !is_stdin && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
		      ? civil_of(st.st_mtime) : now;
	struct yearscan ys;
	yearscan_init(&ys);
	int rc = reader_open(rd, fd, scan_years ? &ys : NULL, err);
	if (rc != READER_OK)
		return rc;
	/* The counting thread is idle between inputs (pipe_drain). */
	int64_t anchor = year_anchor(own, rd);
	stamp_year_file(&run->year, anchor, yearscan_first_year(&ys, anchor));
	agg_file_begin(run->agg);
	rc = reader_read(rd, pipe_line, pipe, err);
	pipe_drain(pipe);
	agg_file_end(run->agg);
	return rc;
}

/* Read every input through the pipeline. Returns the exit status so far. */
static int count_inputs(char **files, int nfiles, struct pipe *pipe, struct reader *rd,
			struct report_input *in, int64_t now, bool scan_years)
{
	static char *stdin_only[] = { "-" };
	int status = 0;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (int i = 0; i < nfiles; i++) {
		const char *name = files[i];
		int fd = strcmp(name, "-") == 0 ? dup(0) : open(name, O_RDONLY | O_CLOEXEC);
		in->files++;
		if (fd < 0) {
			fprintf(stderr, "rblstat: unable to open %s: %s\n", name, strerror(errno));
			in->unreadable++;
			status = 1;
			continue;
		}
		const char *err = NULL;
		int rc = count_input(fd, strcmp(name, "-") == 0, now, scan_years, pipe, rd, &err);
		if (rc == READER_EIO) {
			fprintf(stderr, "rblstat: unable to read %s: %s\n", name, err);
			in->unreadable++;
			status = 1;
		} else if (rc == READER_DAMAGED) {
			fprintf(stderr, "rblstat: %s: %s; lines before it were counted\n", name, err);
			in->damaged++;
		}
	}
	return status;
}

static _Noreturn void write_failed(const char *what)
{
	fprintf(stderr, "rblstat: unable to write %s: %s\n", what, strerror(errno));
	exit(111);
}

/* --html FILE, then the format on stdout (none when the page went there). */
static void write_report(const struct options *o, struct report *rep)
{
	bool file_stdout = o->file && strcmp(o->file, "-") == 0;
	if (o->file) {
		FILE *f = file_stdout ? stdout : fopen(o->file, "w");
		if (!f)
			write_failed(o->file);
		o->file_format->write(f, rep);
		if (!file_stdout && fclose(f) != 0)
			write_failed(o->file);
	}
	if (!file_stdout)
		o->format->write(stdout, rep);
	if (fflush(stdout) != 0 || ferror(stdout))
		write_failed("output");
}

int main(int argc, char **argv)
{
	struct options o;
	parse_options(argc, argv, &o);

	struct counting run;
	struct reader rd;
	struct pipe pipe;
	struct report_input in = { 0 };
	run.agg = agg_new(&o.cfg);
	if (!run.agg || reader_init(&rd) < 0)
		out_of_memory();
	int64_t now = now_civil();
	stamp_year_init(&run.year, now, o.year);
	stamp_tz_init(&run.tz);
	if (!pipe_init(&pipe, &run))
		out_of_memory();
	reader_lend(&rd, pipe_buffer, &pipe);
	int status = count_inputs(argv + optind, argc - optind, &pipe, &rd, &in, now, o.year == 0);
	pipe_finish(&pipe);

	struct report *rep = malloc(sizeof *rep);
	if (!rep)
		out_of_memory();
	report_prepare(rep, run.agg, &in, rd.overlong, rd.partial, o.top);
	write_report(&o, rep);
	free(rep);
	reader_free(&rd);
	agg_free(run.agg);
	return status;
}
