/* SPDX-License-Identifier: ISC */
/* gzcheck: how much of a gzip file can be trusted.
 *
 * Deflate has no check of its own: a damaged byte can decode into plausible
 * but wrong text (refusals from "0.2.210.630.3") for megabytes, until the
 * CRC-32 at the end of the gzip member disagrees. So the only data known to
 * be right is that of the members whose check passed. gzcheck inflates the
 * whole file once, discarding the output, and says how many decompressed
 * bytes come before the first member that fails (or is malformed). A file
 * that merely ends early (truncated) is not damaged: what it holds decoded
 * without error and is trusted, as gzip -dc would give it.
 *
 * As it inflates, gzcheck also hands the trusted data to the year rule's
 * pre-pass (yearscan.h: the whole file is decompressed here anyway) and
 * notes the gzip headers' MTIME, the original file's mtime that gzip and
 * logrotate keep. */
#ifndef STAT_GZCHECK_H
#define STAT_GZCHECK_H
#include <stddef.h>
#include <stdint.h>
#include "yearscan.h"

struct gzcheck {
	uint64_t good;       /* decompressed bytes before the damaged member; UINT64_MAX: none */
	uint64_t bad_at;     /* file offset where zlib found the damage */
	uint64_t member_at;  /* file offset where the damaged member begins */
	int64_t mtime;       /* newest MTIME of the trusted members (Unix time); 0: none */
};

enum { GZCHECK_OK = 0, GZCHECK_DAMAGED = 1, GZCHECK_EIO = -1 };

/* Check the gzip data read from fd (from its current offset to its end).
 * scratch is working space of n bytes (at least 64 KiB). scan, when not
 * NULL, is fed the trusted decompressed bytes (those before the damaged
 * member). Returns GZCHECK_EIO with errno set when reading failed or zlib
 * had no memory. */
int gzcheck_run(int fd, char *scratch, size_t n, struct gzcheck *out, struct yearscan *scan);

#endif
