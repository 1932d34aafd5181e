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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "logline.h"
#include "reader.h"
#include "report.h"
#include "stamp.h"

#define USAGE "usage: rblstat [--by month|day] [--since DATE] [--until DATE] [--list ZONE]... " \
	"[--top N] [--year YYYY] [--track N] [--csv | --json] [--html FILE] [FILE...]"
#define TOP_DEFAULT 10
#define TRACK_DEFAULT 5000
#define LISTS_ARG_MAX 64

struct run {
	struct agg *agg;
	struct stamp_year year;
	struct stamp_tz tz;
};

/* Two-stage pipeline (B8 in BENCHMARKS.md). The reading thread splits and
 * parses lines (logline_parse: pure, the larger half of the work) into
 * batches; one counting thread takes the batches in order and does
 * everything that has state (the year rule, agg_add). Order is kept, so the
 * numbers are exactly those of a single thread. Each batch owns a copy of
 * its lines' bytes, which the parsed fields point into. */
#define BATCH_LINES 4096
#define BATCH_TEXT (READER_LINE_MAX + BATCH_LINES * 128)
#define NBATCH 4

struct batch {
	char *text;
	size_t used, n;
	struct logline *l;
};

struct pipe {
	struct run *run;
	struct batch b[NBATCH];
	size_t head, tail, filled; /* producer's batch, consumer's, batches queued */
	bool done, threaded;
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	pthread_t counter;
};

static void count_batch(struct run *run, const struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct logline *l = &b->l[i];
		int64_t civil = 0;
		bool has_time = false;
		/* Other programs' classic lines still pass through the year rule, so a
		 * Dec -> Jan turn is seen even when rblsmtpd was quiet that week. */
		if (l->kind != LL_SKIP)
			has_time = stamp_resolve(&l->stamp, &run->year, &run->tz, &civil);
		agg_add(run->agg, l, has_time, civil);
	}
}

static void *counter_main(void *arg)
{
	struct pipe *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->filled == 0 && !p->done)
			pthread_cond_wait(&p->more, &p->mu);
		if (p->filled == 0)
			break;
		struct batch *b = &p->b[p->tail];
		pthread_mutex_unlock(&p->mu);
		count_batch(p->run, b);
		b->n = b->used = 0;
		pthread_mutex_lock(&p->mu);
		p->tail = (p->tail + 1) % NBATCH;
		p->filled--;
		pthread_cond_signal(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static bool pipe_init(struct pipe *p, struct run *run)
{
	memset(p, 0, sizeof *p);
	p->run = run;
	for (int i = 0; i < NBATCH; i++) {
		p->b[i].text = malloc(BATCH_TEXT);
		p->b[i].l = malloc(BATCH_LINES * sizeof *p->b[i].l);
		if (!p->b[i].text || !p->b[i].l)
			return false;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->room, NULL);
	/* No second thread: count each batch as it fills. */
	p->threaded = pthread_create(&p->counter, NULL, counter_main, p) == 0;
	return true;
}

/* Hand the producer's batch over; wait for a free one. */
static void pipe_push(struct pipe *p)
{
	struct batch *b = &p->b[p->head];
	if (b->n == 0)
		return;
	if (!p->threaded) {
		count_batch(p->run, b);
		b->n = b->used = 0;
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->filled++;
	p->head = (p->head + 1) % NBATCH;
	pthread_cond_signal(&p->more);
	while (p->filled == NBATCH)
		pthread_cond_wait(&p->room, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* Everything read so far is counted (between files, and at the end). */
static void pipe_drain(struct pipe *p)
{
	pipe_push(p);
	if (!p->threaded)
		return;
	pthread_mutex_lock(&p->mu);
	while (p->filled > 0)
		pthread_cond_wait(&p->room, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

static void pipe_finish(struct pipe *p)
{
	pipe_drain(p);
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->done = true;
		pthread_cond_signal(&p->more);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->counter, NULL);
	}
	for (int i = 0; i < NBATCH; i++) {
		free(p->b[i].text);
		free(p->b[i].l);
	}
}

static void on_line(void *ctx, const char *line, size_t len)
{
	struct pipe *p = ctx;
	struct batch *b = &p->b[p->head];
	if (b->n == BATCH_LINES || b->used + len > BATCH_TEXT) {
		pipe_push(p);
		b = &p->b[p->head];
	}
	char *copy = b->text + b->used;
	memcpy(copy, line, len);
	b->used += len;
	logline_parse(copy, len, &b->l[b->n++]);
}

static void usage(void)
{
	fprintf(stderr, "%s\n", USAGE);
	exit(100);
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

static int64_t now_civil(void)
{
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return (int64_t)t;
	return stamp_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			   tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

int main(int argc, char **argv)
{
	enum { OPT_CSV = 256, OPT_JSON, OPT_HTML, OPT_TRACK };
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "list", required_argument, NULL, 'l' },
		{ "top", required_argument, NULL, 'n' },
		{ "year", required_argument, NULL, 'y' },
		{ "track", required_argument, NULL, OPT_TRACK },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct agg_config cfg = { .by = AGG_BY_MONTH, .since = INT64_MIN, .until = INT64_MAX };
	const char *lists[LISTS_ARG_MAX];
	size_t nlists = 0, top = TOP_DEFAULT, track = TRACK_DEFAULT;
	int year = 0, c;
	int64_t lo, hi;
	bool csv = false, json = false;
	const char *html = NULL;

	while ((c = getopt_long(argc, argv, "b:s:u:l:n:y:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (strcmp(optarg, "month") == 0) cfg.by = AGG_BY_MONTH;
			else if (strcmp(optarg, "day") == 0) cfg.by = AGG_BY_DAY;
			else usage();
			break;
		case 's':
		case 'u':
			if (!stamp_parse_date(optarg, &lo, &hi)) {
				fprintf(stderr, "rblstat: bad date: %s (want YYYY[-MM[-DD[THH:MM[:SS]]]])\n", optarg);
				usage();
			}
			if (c == 's') cfg.since = lo;
			else cfg.until = hi;
			break;
		case 'l':
			if (nlists == LISTS_ARG_MAX) {
				fprintf(stderr, "rblstat: at most %d --list options\n", LISTS_ARG_MAX);
				usage();
			}
			lists[nlists++] = optarg;
			break;
		case 'n': top = (size_t)number_arg(optarg, 1, REPORT_TOP_MAX, "--top"); break;
		case 'y': year = (int)number_arg(optarg, 1970, 9999, "--year"); break;
		case OPT_TRACK: track = (size_t)number_arg(optarg, 1, 10000000, "--track"); break;
		case OPT_CSV: csv = true; break;
		case OPT_JSON: json = true; break;
		case OPT_HTML: html = optarg; break;
		case 'h':
			printf("%s\n", USAGE);
			return 0;
		default:
			usage();
		}
	}
	if (csv && json) {
		fputs("rblstat: --csv and --json exclude each other\n", stderr);
		usage();
	}
	if (html && strcmp(html, "-") == 0 && (csv || json)) {
		fputs("rblstat: --html - writes the page to stdout: no --csv or --json then\n", stderr);
		usage();
	}
	if (cfg.since > cfg.until) {
		fputs("rblstat: --since is after --until\n", stderr);
		usage();
	}
	cfg.lists = nlists ? lists : NULL;
	cfg.nlists = nlists;
	cfg.top_cap = track > top ? track : top;

	struct run run;
	struct reader rd;
	run.agg = agg_new(&cfg);
	if (!run.agg || reader_init(&rd) < 0) {
		fputs("rblstat: fatal: out of memory\n", stderr);
		return 111;
	}
	stamp_year_init(&run.year, now_civil(), year);
	stamp_tz_init(&run.tz);
	struct pipe pipe;
	if (!pipe_init(&pipe, &run)) {
		fputs("rblstat: fatal: out of memory\n", stderr);
		return 111;
	}

	struct report_input in = { 0 };
	int status = 0;
	char **files = argv + optind;
	int nfiles = argc - optind;
	static char *stdin_only[] = { "-" };
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (int i = 0; i < nfiles; i++) {
		const char *name = files[i];
		int fd = strcmp(name, "-") == 0 ? dup(0) : open(name, O_RDONLY | O_CLOEXEC);
		in.files++;
		if (fd < 0) {
			fprintf(stderr, "rblstat: unable to open %s: %s\n", name, strerror(errno));
			in.unreadable++;
			status = 1;
			continue;
		}
		const char *err = NULL;
		stamp_year_reset(&run.year);
		agg_file_begin(run.agg);
		int rc = reader_run(&rd, fd, on_line, &pipe, &err);
		pipe_drain(&pipe);
		agg_file_end(run.agg);
		if (rc == READER_EIO) {
			fprintf(stderr, "rblstat: unable to read %s: %s\n", name, err);
			in.unreadable++;
			status = 1;
		} else if (rc == READER_DAMAGED) {
			fprintf(stderr, "rblstat: %s: %s; lines before it were counted\n", name, err);
			in.damaged++;
		}
	}

	pipe_finish(&pipe);
	struct report *rep = malloc(sizeof *rep);
	if (!rep) {
		fputs("rblstat: fatal: out of memory\n", stderr);
		return 111;
	}
	report_prepare(rep, run.agg, &in, rd.overlong, rd.partial, top);
	if (html) {
		bool to_stdout = strcmp(html, "-") == 0;
		FILE *f = to_stdout ? stdout : fopen(html, "w");
		if (!f) {
			fprintf(stderr, "rblstat: unable to write %s: %s\n", html, strerror(errno));
			return 111;
		}
		report_html(f, rep);
		if (!to_stdout && fclose(f) != 0) {
			fprintf(stderr, "rblstat: unable to write %s: %s\n", html, strerror(errno));
			return 111;
		}
		if (to_stdout)
			goto flush;
	}
	if (csv)
		report_csv(stdout, rep);
	else if (json)
		report_json(stdout, rep);
	else
		report_text(stdout, rep);
flush:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "rblstat: unable to write output: %s\n", strerror(errno));
		return 111;
	}
	free(rep);
	reader_free(&rd);
	agg_free(run.agg);
	return status;
}
