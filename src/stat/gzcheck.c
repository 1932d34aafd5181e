/* SPDX-License-Identifier: ISC */
/* gzcheck: verify every gzip member's check before any line is counted
 * (see gzcheck.h). */
#include "gzcheck.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define GZ_WINDOW_AUTO (15 + 16)   /* inflateInit2: max window, gzip header */

static ssize_t read_some(int fd, char *p, size_t n)
{
	ssize_t k;
	do
		k = read(fd, p, n);
	while (k < 0 && errno == EINTR);
	return k;
}

/* The next block of input; *file_off keeps the file offset of in[0]. */
static ssize_t refill(int fd, char *in, size_t inlen, z_stream *z, uint64_t *file_off)
{
	*file_off += (uint64_t)(z->next_in ? (char *)z->next_in - in : 0);
	ssize_t k = read_some(fd, in, inlen);
	z->next_in = (Bytef *)in;
	z->avail_in = k > 0 ? (uInt)k : 0;
	return k;
}

/* After a member's end: is another member next? (Anything else after a
 * member is ignored, as gzread() does.) -1 on a read error. */
static int next_member(int fd, char *in, size_t inlen, z_stream *z, uint64_t *file_off)
{
	if (z->avail_in == 0) {
		ssize_t k = refill(fd, in, inlen, z, file_off);
		if (k <= 0)
			return k < 0 ? -1 : 0;
	}
	return z->avail_in >= 2 && z->next_in[0] == 0x1f && z->next_in[1] == 0x8b;
}

/* The member's MTIME once its header has been read (0: none given). */
static int64_t header_mtime(const gz_header *h)
{
	return h->done == 1 ? (int64_t)h->time : 0;
}

int gzcheck_run(int fd, char *scratch, size_t n, struct gzcheck *out, struct yearscan *scan)
{
	size_t inlen = n / 2;
	char *in = scratch, *sink = scratch + inlen;
	z_stream z;
	gz_header head;
	memset(&z, 0, sizeof z);
	memset(out, 0, sizeof *out);
	out->good = UINT64_MAX;
	if (inflateInit2(&z, GZ_WINDOW_AUTO) != Z_OK) {
		errno = ENOMEM;
		return GZCHECK_EIO;
	}
	memset(&head, 0, sizeof head);
	inflateGetHeader(&z, &head);
	/* The scan as it was after the last member that passed: a damaged
	 * member's lines are not counted, so they are not scanned either. */
	struct yearscan scan_good;
	if (scan)
		scan_good = *scan;
	uint64_t file_off = 0;      /* file offset of in[0] */
	uint64_t out_done = 0;      /* decompressed bytes of the members that passed */
	int64_t mtime_good = 0;     /* newest MTIME of those members */
	int rc = GZCHECK_OK;
	for (;;) {
		ssize_t k = z.avail_in ? 1 : refill(fd, in, inlen, &z, &file_off);
		if (k <= 0) {          /* the end (complete, or truncated: trusted) or an error */
			rc = k < 0 ? GZCHECK_EIO : GZCHECK_OK;
			break;
		}
		z.next_out = (Bytef *)sink;
		z.avail_out = (uInt)(n - inlen);
		int zr = inflate(&z, Z_NO_FLUSH);
		if (scan && (zr == Z_OK || zr == Z_STREAM_END || zr == Z_BUF_ERROR))
			yearscan_feed(scan, sink, (size_t)((char *)z.next_out - sink));
		if (zr == Z_STREAM_END) {
			out_done += z.total_out;   /* passed its CRC and length */
			if (header_mtime(&head) > mtime_good)
				mtime_good = header_mtime(&head);
			if (scan)
				scan_good = *scan;
			int more = next_member(fd, in, inlen, &z, &file_off);
			if (more <= 0) {
				rc = more < 0 ? GZCHECK_EIO : GZCHECK_OK;
				break;
			}
			inflateReset(&z);
			memset(&head, 0, sizeof head);
			inflateGetHeader(&z, &head);
		} else if (zr == Z_MEM_ERROR) {
			errno = ENOMEM;
			rc = GZCHECK_EIO;
			break;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {   /* bad data or check */
			out->good = out_done;
			out->bad_at = file_off + (uint64_t)((char *)z.next_in - in);
			/* total_in counts this member's bytes so far: where it began. */
			out->member_at = out->bad_at - z.total_in;
			if (scan)
				*scan = scan_good;
			rc = GZCHECK_DAMAGED;
			break;
		}
	}
	/* A truncated last member is trusted (see gzcheck.h): its MTIME too. */
	if (rc == GZCHECK_OK && header_mtime(&head) > mtime_good)
		mtime_good = header_mtime(&head);
	out->mtime = mtime_good;
	inflateEnd(&z);
	return rc;
}
