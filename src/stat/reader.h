/* reader: stream the lines of one input (plain or gzip) to a callback.
 *
 * gzip is recognised by its magic bytes, whatever the name; other data is
 * read as it is. A gzip input is first checked whole (gzcheck.h) and only
 * the members before the first damaged one are read (zlib's gzread(), so
 * concatenated members work); input that cannot seek is kept in a temporary
 * file for that. Reads READER_BLOCK bytes at a time into one buffer
 * allocated once; lines are handed out in place, never copied.
 * A line longer than READER_LINE_MAX is not delivered: it is counted in
 * overlong and skipped through its newline. */
#ifndef STAT_READER_H
#define STAT_READER_H
#include <stddef.h>
#include <stdint.h>

#define READER_BLOCK (1u << 20)
#define READER_LINE_MAX 65536

struct reader {
	char *buf;           /* READER_BLOCK + READER_LINE_MAX bytes */
	uint64_t overlong;   /* lines dropped for length */
	uint64_t partial;    /* an unterminated last line of a damaged input */
	char msg[160];       /* the last error message with its byte offsets */
};

typedef void reader_line_fn(void *ctx, const char *line, size_t len);

int reader_init(struct reader *r);   /* -1 when out of memory */
void reader_free(struct reader *r);

enum { READER_OK = 0, READER_EIO = -1, READER_DAMAGED = -2 };

/* Read fd to its end (fd is closed). Returns READER_OK at a clean end;
 * READER_EIO when reading failed, READER_DAMAGED for truncated or corrupt
 * gzip data, both with *err set to a message (static or r->msg, valid until
 * the next call), after delivering every complete line read before the
 * trouble: for corrupt data, every line of the members before the damaged
 * one. */
int reader_run(struct reader *r, int fd, reader_line_fn *fn, void *ctx, const char **err);

#endif
