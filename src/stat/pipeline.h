/* SPDX-License-Identifier: ISC */
/* pipeline: lines in, counted batches out, on two threads (B8 in
 * BENCHMARKS.md).
 *
 * The reading thread splits and parses lines (logline_parse: pure, the
 * larger half of the work) into batches; one counting thread takes the
 * batches in order and does everything that has state (the year rule,
 * agg_add). Order is kept, so the numbers are exactly those of a single
 * thread. The reader reads into the pipeline's NBUF buffers (reader_lend)
 * and the parsed fields point into them, uncopied (B8); a buffer is read
 * into again only once every batch with lines in it has been counted.
 * Without a second thread each batch is counted as it fills. */
#ifndef STAT_PIPELINE_H
#define STAT_PIPELINE_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "agg.h"
#include "reader.h"
#include "stamp.h"

#define BATCH_LINES 4096
#define NBATCH 4
#define NBUF (NBATCH + 2)   /* read buffers: enough to keep both threads busy */

/* What the counting thread owns while the pipeline runs. */
struct counting {
	struct agg *agg;
	struct stamp_year year;
	struct stamp_tz tz;
};

struct batch {
	size_t n;
	struct logline *l;
};

struct pipe {
	struct counting *run;
	struct batch b[NBATCH];
	size_t head, tail, filled; /* producer's batch, consumer's, batches queued */
	char *buf[NBUF];           /* the reader's buffers (READER_BUFFER bytes) */
	uint64_t buf_last[NBUF];   /* the last batch with lines in buf[i] (numbers from 1) */
	size_t cur;                /* the buffer the reader reads into */
	uint64_t pushed, counted;  /* batches handed over; counted (under mu) */
	struct logprefix_memo memo;  /* the reading thread's parser memo */
	bool done, threaded;
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	pthread_t counter;
};

/* false when out of memory. */
bool pipe_init(struct pipe *p, struct counting *run);
/* The reader's callback (reader_line_fn); ctx is the struct pipe. */
void pipe_line(void *ctx, const char *line, size_t len);
/* The reader's buffer provider (reader_buf_fn); ctx is the struct pipe. */
char *pipe_buffer(void *ctx, char *done);
/* Everything read so far is counted (between files, and at the end). */
void pipe_drain(struct pipe *p);
/* Drain, stop the counting thread, free the batches. */
void pipe_finish(struct pipe *p);

#endif
