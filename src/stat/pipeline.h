/* pipeline: lines in, counted batches out, on two threads (B8 in
 * BENCHMARKS.md).
 *
 * The reading thread splits and parses lines (logline_parse: pure, the
 * larger half of the work) into batches; one counting thread takes the
 * batches in order and does everything that has state (the year rule,
 * agg_add). Order is kept, so the numbers are exactly those of a single
 * thread. Each batch owns a copy of its lines' bytes, which the parsed
 * fields point into. Without a second thread each batch is counted as it
 * fills. */
#ifndef STAT_PIPELINE_H
#define STAT_PIPELINE_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "agg.h"
#include "reader.h"
#include "stamp.h"

#define BATCH_LINES 4096
#define BATCH_TEXT (READER_LINE_MAX + BATCH_LINES * 128)
#define NBATCH 4

/* What the counting thread owns while the pipeline runs. */
struct run {
	struct agg *agg;
	struct stamp_year year;
	struct stamp_tz tz;
};

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

/* false when out of memory. */
bool pipe_init(struct pipe *p, struct run *run);
/* The reader's callback (reader_line_fn); ctx is the struct pipe. */
void pipe_line(void *ctx, const char *line, size_t len);
/* Everything read so far is counted (between files, and at the end). */
void pipe_drain(struct pipe *p);
/* Drain, stop the counting thread, free the batches. */
void pipe_finish(struct pipe *p);

#endif
