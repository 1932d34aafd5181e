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
	uint64_t out_done = 0;      /* decompressed bytes of finished members */
	int rc = GZCHECK_OK, zr = Z_OK;
	for (;;) {
		if (z.avail_in == 0) {
			file_off += (uint64_t)(z.next_in ? (char *)z.next_in - in : 0);
			ssize_t k = read_some(fd, in, inlen);
			if (k < 0) {
				rc = GZCHECK_EIO;
				break;
			}
			if (k == 0)
				break;         /* the end: complete, or truncated (trusted) */
			z.next_in = (Bytef *)in;
			z.avail_in = (uInt)k;
		}
		z.next_out = (Bytef *)sink;
		z.avail_out = (uInt)(n - inlen);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* A member passed its CRC and length: trust it. Another may follow;
			 * anything else after it is ignored, as gzread() does. */
			out_done += z.total_out;
			if (z.avail_in == 0) {
				file_off += (uint64_t)((char *)z.next_in - in);
				ssize_t k = read_some(fd, in, inlen);
				if (k <= 0) {
					rc = k < 0 ? GZCHECK_EIO : GZCHECK_OK;
					break;
				}
				z.next_in = (Bytef *)in;
				z.avail_in = (uInt)k;
			}
			if (z.avail_in < 2 || (unsigned char)z.next_in[0] != 0x1f ||
			    (unsigned char)z.next_in[1] != 0x8b)
				break;
			inflateReset(&z);
			continue;
		}
		if (zr == Z_MEM_ERROR) {
			errno = ENOMEM;
			rc = GZCHECK_EIO;
			break;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {     /* Z_DATA_ERROR: bad data or check */
			out->good = out_done;
			out->bad_at = file_off + (uint64_t)((char *)z.next_in - in);
			rc = GZCHECK_DAMAGED;
			break;
		}
	}
	if (rc == GZCHECK_DAMAGED) {
		/* total_in counts the member's bytes so far: where it began. */
		out->member_at = out->bad_at - z.total_in;
	}
	inflateEnd(&z);
	return rc;
}
