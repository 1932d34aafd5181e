/* SPDX-License-Identifier: ISC */
/* linemax: the longest log line rblstat reads (longer ones are counted as
 * overlong, never parsed). A leaf: the reader and the year rule's pre-pass
 * (yearscan, below the reader) must split lines the same way. */
#ifndef STAT_LINEMAX_H
#define STAT_LINEMAX_H

#define READER_LINE_MAX 65536

#endif
