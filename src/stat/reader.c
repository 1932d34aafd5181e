/* reader: big-block line splitter over zlib (see reader.h). */
#include "reader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

int reader_init(struct reader *r)
{
	memset(r, 0, sizeof *r);
	r->buf = malloc(READER_BLOCK + READER_LINE_MAX);
	return r->buf ? 0 : -1;
}

void reader_free(struct reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

int reader_run(struct reader *r, int fd, reader_line_fn *fn, void *ctx, const char **err)
{
	gzFile gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		*err = "out of memory";
		return -1;
	}
	gzbuffer(gz, 256 * 1024);
	size_t have = 0;          /* bytes of an unfinished line at buf[0] */
	bool discarding = false;  /* inside an overlong line */
	int rc = 0;

	for (;;) {
		int n = gzread(gz, r->buf + have, READER_BLOCK);
		if (n <= 0) {
			/* zlib reports a truncated stream as a plain end of file
			 * with Z_BUF_ERROR set, so look at the error either way. */
			int zerr;
			const char *m = gzerror(gz, &zerr);
			if (n < 0 || zerr != Z_OK) {
				*err = zerr == Z_ERRNO ? strerror(errno)
				     : zerr == Z_BUF_ERROR ? "truncated gzip data"
				     : zerr == Z_DATA_ERROR ? "corrupt gzip data" : m;
				rc = zerr == Z_ERRNO || zerr == Z_MEM_ERROR ? READER_EIO : READER_DAMAGED;
			}
			break;
		}
		char *p = r->buf, *end = r->buf + have + (size_t)n;
		for (;;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			if (discarding)
				discarding = false;
			else if (nl - p > READER_LINE_MAX)
				r->overlong++;
			else
				fn(ctx, p, (size_t)(nl - p));
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (discarding) {
			have = 0;
		} else if (have > READER_LINE_MAX) {
			r->overlong++;    /* count it once, drop it through its newline */
			discarding = true;
			have = 0;
		} else if (have) {
			memmove(r->buf, p, have);
		}
	}
	if (have && !discarding) {
		if (rc == 0)
			fn(ctx, r->buf, have);   /* a last line without '\n' */
		else
			r->partial++;            /* cut by the damage: not trusted */
	}
	gzclose_r(gz);
	return rc;
}
