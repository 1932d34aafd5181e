/* SPDX-License-Identifier: ISC */
/* reader: big-block line splitter over plain files and zlib (see reader.h). */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define GZ_BUFFER (256 * 1024)     /* zlib's input buffer: fewer, larger reads */

int reader_init(struct reader *r)
{
	memset(r, 0, sizeof *r);
	r->buf = malloc(READER_BUFFER);
	return r->buf ? 0 : -1;
}

void reader_free(struct reader *r)
{
	if (!r->lend)
		free(r->buf);
	r->buf = NULL;
}

void reader_lend(struct reader *r, reader_buf_fn *fn, void *ctx)
{
	if (!r->lend)
		free(r->buf);
	r->lend = fn;
	r->lend_ctx = ctx;
	r->buf = fn(ctx, NULL);
}

/* The unfinished line (have bytes at p) moves to the start of the buffer
 * to read into next: the same one, or a fresh one from the provider. */
static void carry_over(struct reader *r, const char *p, size_t have)
{
	if (r->lend) {
		char *next = r->lend(r->lend_ctx, r->buf);
		memcpy(next, p, have);
		r->buf = next;
	} else if (have) {
		memmove(r->buf, p, have);
	}
}

/* Where the bytes come from: plain reads (the first `pre` bytes already in
 * the buffer), or zlib, cut at `limit` decompressed bytes. */
struct source {
	int fd;
	gzFile gz;
	size_t pre;
	uint64_t limit, done;
	bool cut;                  /* stopped at limit: the rest is damaged */
	bool truncated;            /* the gzip data ended early */
};

static ssize_t read_some(int fd, char *p, size_t n)
{
	ssize_t k;
	do
		k = read(fd, p, n);
	while (k < 0 && errno == EINTR);
	return k;
}

/* Up to n bytes into dst; 0 at the end; -1 on error (rc and *err set). */
static ssize_t source_read(struct source *s, char *dst, size_t n, int *rc, const char **err)
{
	if (!s->gz) {
		if (s->pre) {
			ssize_t k = (ssize_t)s->pre;   /* already at dst: the first block */
			s->pre = 0;
			return k;
		}
		ssize_t k = read_some(s->fd, dst, n);
		if (k < 0) {
			*err = strerror(errno);
			*rc = READER_EIO;
		}
		return k;
	}
	if (s->done >= s->limit) {
		s->cut = true;
		return 0;
	}
	if (n > s->limit - s->done)
		n = (size_t)(s->limit - s->done);
	int k = gzread(s->gz, dst, (unsigned)n);
	if (k <= 0) {
		/* zlib reports a truncated stream as a plain end of file with
		 * Z_BUF_ERROR set, so look at the error either way. */
		int zerr;
		const char *m = gzerror(s->gz, &zerr);
		if (k < 0 || zerr != Z_OK) {
			*err = zerr == Z_ERRNO ? strerror(errno)
			     : zerr == Z_BUF_ERROR ? "truncated gzip data"
			     : zerr == Z_DATA_ERROR ? "corrupt gzip data" : m;
			*rc = zerr == Z_ERRNO || zerr == Z_MEM_ERROR ? READER_EIO : READER_DAMAGED;
			s->truncated = zerr == Z_BUF_ERROR;
			return -1;
		}
		return 0;
	}
	s->done += (uint64_t)k;
	return k;
}

/* Split everything the source gives into lines. */
static int split_lines(struct reader *r, struct source *s, reader_line_fn *fn, void *ctx,
		       const char **err)
{
	size_t have = 0;          /* bytes of an unfinished line at buf[0] */
	bool discarding = false;  /* inside an overlong line */
	int rc = READER_OK;

	for (;;) {
		ssize_t n = source_read(s, r->buf + have, READER_BLOCK, &rc, err);
		if (n <= 0)
			break;
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
		}
		carry_over(r, p, have);
	}
	/* A last line without its '\n': being written, or cut by damage or
	 * truncation; its last field may be cut short, so it is not data. */
	if (have && !discarding)
		r->partial++;
	return rc;
}

/* An unlinked temporary file in $TMPDIR (glibc's tmpfile() ignores it). */
static int spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(path, sizeof path, "%s/rblstat.XXXXXX", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Input that cannot seek, kept in a temporary file for a second pass: the
 * first `have` bytes are already in buf. scan, when not NULL, sees every
 * byte on the way. On success *fd is the temporary file, at its start. */
static int spool(struct reader *r, int *fd, size_t have, struct yearscan *scan, const char **err)
{
	int tfd = spool_file();
	if (tfd < 0) {
		*err = strerror(errno);
		return READER_EIO;
	}
	ssize_t k = (ssize_t)have;
	do {
		if (write(tfd, r->buf, (size_t)k) != k) {
			*err = strerror(errno);
			close(tfd);
			return READER_EIO;
		}
		if (scan)
			yearscan_feed(scan, r->buf, (size_t)k);
	} while ((k = read_some(*fd, r->buf, READER_BLOCK)) > 0);
	close(*fd);
	*fd = tfd;
	if (k < 0 || lseek(tfd, 0, SEEK_SET) < 0) {
		*err = strerror(errno);
		return READER_EIO;
	}
	return READER_OK;
}

/* A gzip input: check it whole first (and scan it, when asked), then read
 * what can be trusted. The check needs a second pass, so input that cannot
 * seek is kept in a temporary file for that. */
static int open_gzip(struct reader *r, size_t have, struct yearscan *scan, const char **err)
{
	if (r->start < 0) {
		int rc = spool(r, &r->fd, have, NULL, err);
		if (rc != READER_OK)
			return rc;
		r->start = 0;
	}
	if (lseek(r->fd, r->start, SEEK_SET) < 0 ||
	    gzcheck_run(r->fd, r->buf, READER_BLOCK, &r->chk, scan) == GZCHECK_EIO ||
	    lseek(r->fd, r->start, SEEK_SET) < 0) {
		*err = strerror(errno);
		return READER_EIO;
	}
	if (scan)
		scan->complete = true;
	r->gz = true;
	return READER_OK;
}

/* Plain data, scanned first: a file is read through once more; input that
 * cannot seek is kept in a temporary file, unless its first block has no
 * classic stamp (then the scan stays incomplete: journalctl -o short-iso,
 * multilog). */
static int scan_plain(struct reader *r, size_t have, struct yearscan *scan, const char **err)
{
	ssize_t k = (ssize_t)have;
	if (r->start < 0) {
		/* A pipe hands out less than a block per read: look at a whole
		 * first block before deciding. */
		while (have < READER_BLOCK &&
		       (k = read_some(r->fd, r->buf + have, READER_BLOCK - have)) > 0)
			have += (size_t)k;
		if (k < 0) {
			*err = strerror(errno);
			return READER_EIO;
		}
		yearscan_feed(scan, r->buf, have);
		if (!scan->seen) {
			r->pre = have;
			return READER_OK;
		}
		yearscan_init(scan);
		int rc = spool(r, &r->fd, have, scan, err);
		if (rc != READER_OK)
			return rc;
		r->start = 0;
	} else {
		do
			yearscan_feed(scan, r->buf, (size_t)k);
		while ((k = read_some(r->fd, r->buf, READER_BLOCK)) > 0);
		if (k < 0 || lseek(r->fd, r->start, SEEK_SET) < 0) {
			*err = strerror(errno);
			return READER_EIO;
		}
	}
	scan->complete = true;
	return READER_OK;
}

int reader_open(struct reader *r, int fd, struct yearscan *scan, const char **err)
{
	r->fd = fd;
	r->start = lseek(fd, 0, SEEK_CUR);
	r->pre = 0;
	r->gz = false;
	memset(&r->chk, 0, sizeof r->chk);
	r->chk.good = UINT64_MAX;
	if (scan)
		scan->complete = false;
	/* Sniff the magic bytes: gzip whatever the name, else plain. */
	ssize_t k = read_some(fd, r->buf, READER_BLOCK);
	int rc = READER_OK;
	if (k < 0) {
		*err = strerror(errno);
		rc = READER_EIO;
	} else if (k >= 2 && (unsigned char)r->buf[0] == 0x1f && (unsigned char)r->buf[1] == 0x8b) {
		rc = open_gzip(r, (size_t)k, scan, err);
	} else if (scan) {
		rc = scan_plain(r, (size_t)k, scan, err);
	} else {
		r->pre = (size_t)k;
	}
	if (rc != READER_OK)
		close(r->fd);
	return rc;
}

int reader_read(struct reader *r, reader_line_fn *fn, void *ctx, const char **err)
{
	struct source s = { .fd = r->fd, .pre = r->pre, .limit = UINT64_MAX };
	if (r->gz) {
		s.gz = gzdopen(r->fd, "rb");
		if (!s.gz) {
			close(r->fd);
			*err = "out of memory";
			return READER_EIO;
		}
		gzbuffer(s.gz, GZ_BUFFER);
		s.limit = r->chk.good;
	}
	int rc = split_lines(r, &s, fn, ctx, err);
	if (s.cut) {
		snprintf(r->msg, sizeof r->msg, "corrupt gzip data at byte %llu "
			 "(the damaged gzip member begins at byte %llu and was not counted)",
			 (unsigned long long)r->chk.bad_at, (unsigned long long)r->chk.member_at);
		*err = r->msg;
		rc = READER_DAMAGED;
	} else if (s.truncated) {
		/* The trouble is where the data ends: zlib used all the input, so
		 * its offset is the end (a spooled stdin starts at 0). */
		snprintf(r->msg, sizeof r->msg, "truncated gzip data at byte %lld",
			 (long long)(gzoffset(s.gz) - (r->start > 0 ? r->start : 0)));
		*err = r->msg;
	}
	if (s.gz)
		gzclose_r(s.gz);
	else
		close(r->fd);
	return rc;
}

int reader_run(struct reader *r, int fd, reader_line_fn *fn, void *ctx, const char **err)
{
	int rc = reader_open(r, fd, NULL, err);
	return rc == READER_OK ? reader_read(r, fn, ctx, err) : rc;
}
