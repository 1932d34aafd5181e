/* SPDX-License-Identifier: ISC */
/* fuzz_smtp: the refusal dialogue's input side — line assembly
 * (smtp_linebuf_feed, fed in chunks like read() would), the verb
 * (smtp_verb_of), the envelope kept for the log (envelope_feed) and the
 * "rejected" log line built from it (maillog_fmt_rejected).
 * Input: byte 0 picks the read() chunk size, the rest is what the client sent.
 * Invariants checked (trap on failure): a line never exceeds SMTP_LINE_MAX,
 * has no LF, envelope fields and log lines hold only bytes 33..126 and spaces. */
#include <string.h>
#include "envelope.h"
#include "fuzz.h"
#include "maillog.h"
#include "smtp.h"

static void check_field(const char *f)
{
	size_t n = strlen(f);
	if (n > ENVELOPE_FIELD_MAX)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)f[i] < 33 || (unsigned char)f[i] > 126)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_linebuf lb = { .len = 0, .overlong = false };
	struct envelope env = ENVELOPE_ZERO;
	struct maillog_conn conn = { "192.0.2.1", "host.example", NULL };
	char line[MAILLOG_LINE_MAX];
	size_t chunk, off;

	if (size == 0)
		return 0;
	chunk = (size_t)data[0] % 64 + 1;
	if (data[0] >= 192)
		chunk = 4096; /* smtp_run's buffer */
	off = 1;
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;
		const char *buf = (const char *)data + off;
		size_t pos = 0;
		enum smtp_feed f;
		while ((f = smtp_linebuf_feed(&lb, buf, n, &pos)) != FEED_NEED_MORE) {
			if (lb.len > SMTP_LINE_MAX || memchr(lb.line, '\n', lb.len))
				__builtin_trap();
			enum smtp_verb v = f == FEED_OVERLONG ? SMTP_OVERLONG
							      : smtp_verb_of(lb.line, lb.len);
			(void)smtp_verb_accepted(v);
			envelope_feed(&env, v, lb.line, lb.len);
			check_field(env.helo);
			check_field(env.from);
			check_field(env.to);
			size_t ll = maillog_fmt_rejected(line, sizeof line, "zone.example", &conn, &env);
			if (ll >= sizeof line || strlen(line) != ll)
				__builtin_trap();
			for (size_t i = 0; i < ll; i++)
				if ((unsigned char)line[i] < 32 || (unsigned char)line[i] > 126)
					__builtin_trap();
			if (f == FEED_LINE)
				lb.len = 0;
		}
		if (pos != n)
			__builtin_trap();
		off += n;
	}
	return 0;
}
