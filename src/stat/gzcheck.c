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

int gzcheck_run(int fd, char *scratch, size_t n, struct gzcheck *out)
{
	size_t inlen = n / 2;
	char *in = scratch, *sink = scratch + inlen;
	z_stream z;
	memset(&z, 0, sizeof z);
	memset(out, 0, sizeof *out);
	out->good = UINT64_MAX;
	if (inflateInit2(&z, GZ_WINDOW_AUTO) != Z_OK) {
		errno = ENOMEM;
		return GZCHECK_EIO;
	}
	uint64_t file_off = 0;      /* file offset of in[0] */
	uint64_t out_done = 0;      /* decompressed bytes of the members that passed */
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
		if (zr == Z_STREAM_END) {
			out_done += z.total_out;   /* passed its CRC and length */
			int more = next_member(fd, in, inlen, &z, &file_off);
			if (more <= 0) {
				rc = more < 0 ? GZCHECK_EIO : GZCHECK_OK;
				break;
			}
			inflateReset(&z);
		} else if (zr == Z_MEM_ERROR) {
			errno = ENOMEM;
			rc = GZCHECK_EIO;
			break;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {   /* bad data or check */
			out->good = out_done;
			out->bad_at = file_off + (uint64_t)((char *)z.next_in - in);
			/* total_in counts this member's bytes so far: where it began. */
			out->member_at = out->bad_at - z.total_in;
			rc = GZCHECK_DAMAGED;
			break;
		}
	}
	inflateEnd(&z);
	return rc;
}
