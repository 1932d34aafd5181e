/* SPDX-License-Identifier: ISC */
/* pipeline: the two-thread batch pipeline (see pipeline.h). */
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

static void count_batch(struct counting *run, const struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct logline *l = &b->l[i];
		int64_t civil = 0;
		bool has_time = false;
		/* Other programs' classic lines still pass through the year rule, so a
		 * Dec -> Jan turn is seen even when rblsmtpd was quiet that week; so
		 * do skipped lines' classic stamps, as in the pre-pass (yearscan.h). */
		if (l->kind != LL_SKIP)
			has_time = stamp_resolve_fast(&l->stamp, &run->year, &run->tz, &civil);
		else if (l->stamp.kind == LS_NOYEAR)
			stamp_year_of(&run->year, l->stamp.mon, l->stamp.mday, l->stamp.sod);
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
		b->n = 0;
		pthread_mutex_lock(&p->mu);
		p->tail = (p->tail + 1) % NBATCH;
		p->filled--;
		p->counted++;
		pthread_cond_signal(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

bool pipe_init(struct pipe *p, struct counting *run)
{
	memset(p, 0, sizeof *p);
	p->run = run;
	for (int i = 0; i < NBATCH; i++)
		if (!(p->b[i].l = malloc(BATCH_LINES * sizeof *p->b[i].l)))
			return false;
	for (int i = 0; i < NBUF; i++)
		if (!(p->buf[i] = malloc(READER_BUFFER)))
			return false;
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
	p->pushed++;
	if (!p->threaded) {
		count_batch(p->run, b);
		b->n = 0;
		p->counted++;
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

void pipe_drain(struct pipe *p)
{
	pipe_push(p);
	if (!p->threaded)
		return;
	pthread_mutex_lock(&p->mu);
	while (p->filled > 0)
		pthread_cond_wait(&p->room, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void pipe_finish(struct pipe *p)
{
	pipe_drain(p);
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->done = true;
		pthread_cond_signal(&p->more);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->counter, NULL);
	}
	for (int i = 0; i < NBATCH; i++)
		free(p->b[i].l);
	for (int i = 0; i < NBUF; i++)
		free(p->buf[i]);
}

char *pipe_buffer(void *ctx, char *done)
{
	struct pipe *p = ctx;
	if (!done)
		return p->buf[p->cur];
	/* Every line of the finished buffer goes into a batch handed over now,
	 * so the wait below never waits for the batch still being filled. */
	pipe_push(p);
	p->buf_last[p->cur] = p->pushed;
	p->cur = (p->cur + 1) % NBUF;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		while (p->counted < p->buf_last[p->cur])
			pthread_cond_wait(&p->room, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
	return p->buf[p->cur];
}

void pipe_line(void *ctx, const char *line, size_t len)
{
	struct pipe *p = ctx;
	struct batch *b = &p->b[p->head];
	if (b->n == BATCH_LINES) {
		pipe_push(p);
		b = &p->b[p->head];
	}
	logline_parse_memo(line, len, &b->l[b->n++], &p->memo);
}
