/* logstamp: parse the time stamp a log line begins with (formats in
 * logline.h): classic syslog, RFC 3339 / tai64nlocal, TAI64N. Pure; reads
 * only [p, end). */
#ifndef STAT_LOGSTAMP_H
#define STAT_LOGSTAMP_H
#include "logline.h"

/* The stamp at p, by its first byte, into *st. Returns the byte after it,
 * or NULL when there is none. */
const char *logstamp_parse(const char *p, const char *end, struct logline_stamp *st);
/* "2026-11-27T10:00:00[.frac][Z|±hh:mm|±hhmm]" (also ' ' or '_' for 'T'). */
const char *logstamp_iso(const char *p, const char *end, struct logline_stamp *st);

#endif
