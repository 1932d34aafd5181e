/* SPDX-License-Identifier: ISC */
/* reader: stream the lines of one input (plain or gzip) to a callback.
 *
 * gzip is recognised by its magic bytes, whatever the name; other data is
 * read as it is. A gzip input is first checked whole (gzcheck.h) and only
 * the members before the first damaged one are read (zlib's gzread(), so
 * concatenated members work); input that cannot seek is kept in a temporary
 * file for that. Reads READER_BLOCK bytes at a time into one buffer
 * allocated once, or into buffers a provider lends (reader_lend): lines are
 * handed out in place, never copied.
 * A line longer than READER_LINE_MAX is not delivered: it is counted in
 * overlong and skipped through its newline. A last line without its '\n'
 * is not delivered either: it is counted in partial (rblstat(1): a cut
 * line; every log writer ends its lines, so one without an end is a file
 * being written or cut short, and its last field may be cut).
 *
 * Two steps: reader_open looks at the input and, when asked, runs the year
 * rule's pre-pass over it (yearscan.h): a plain file is read once more for
 * it, gzip data is scanned while gzcheck inflates it, and input that cannot
 * seek is kept in a temporary file when its first block has classic stamps.
 * reader_read then hands out the lines. */
#ifndef STAT_READER_H
#define STAT_READER_H
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "gzcheck.h"
#include "linemax.h"
#include "yearscan.h"

#define READER_BLOCK (1u << 20)

/* A buffer provider (reader_lend): `done` is the buffer the reader has
 * finished with (NULL the first time); every line in it has been handed out.
 * Returns a free buffer of READER_BUFFER bytes to read into next. */
typedef char *reader_buf_fn(void *ctx, char *done);

#define READER_BUFFER (READER_BLOCK + READER_LINE_MAX)

struct reader {
	char *buf;           /* READER_BUFFER bytes */
	reader_buf_fn *lend; /* NULL: buf is the reader's own */
	void *lend_ctx;
	uint64_t overlong;   /* lines dropped for length */
	uint64_t partial;    /* unterminated last lines (cut) */
	char msg[160];       /* the last error message with its byte offsets */
	/* The input between reader_open and reader_read: */
	int fd;
	off_t start;         /* its offset when opened; -1: it cannot seek */
	size_t pre;          /* its first bytes, already in buf */
	bool gz;             /* gzip data, checked (chk) */
	struct gzcheck chk;  /* chk.mtime: the gzip headers' MTIME, 0 when none */
};

typedef void reader_line_fn(void *ctx, const char *line, size_t len);

int reader_init(struct reader *r);   /* -1 when out of memory */
void reader_free(struct reader *r);
/* Read into the provider's buffers from now on, so the lines handed out
 * stay valid until the provider hands their buffer back (rblstat's
 * pipeline keeps them for the counting thread without copying, B8). */
void reader_lend(struct reader *r, reader_buf_fn *fn, void *ctx);

enum { READER_OK = 0, READER_EIO = -1, READER_DAMAGED = -2 };

/* Begin reading fd. scan, when not NULL, is fed every line the counting
 * pass will get, first (scan->complete says whether it could be); it must
 * be initialised (yearscan_init). Returns READER_OK, or READER_EIO with *err
 * set and fd closed. */
int reader_open(struct reader *r, int fd, struct yearscan *scan, const char **err);

/* Read the opened input to its end (its fd is closed). Returns READER_OK at
 * a clean end; READER_EIO when reading failed, READER_DAMAGED for truncated
 * or corrupt gzip data, both with *err set to a message (static or r->msg,
 * valid until the next call), after delivering every complete line read
 * before the trouble: for corrupt data, every line of the members before the
 * damaged one. */
int reader_read(struct reader *r, reader_line_fn *fn, void *ctx, const char **err);

/* reader_open without a scan, then reader_read. */
int reader_run(struct reader *r, int fd, reader_line_fn *fn, void *ctx, const char **err);

#endif
