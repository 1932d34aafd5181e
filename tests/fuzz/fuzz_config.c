/* SPDX-License-Identifier: ISC */
/* fuzz_config: the command line (config_parse, every list spec on it) and
 * $DNSCACHEIP (dnsservers_parse). Input: NUL-separated words; byte 0 picks
 * rblsmtpd or rblcheck syntax; the last word is also tried as $DNSCACHEIP. */
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "dnsservers.h"
#include "fuzz.h"

#define MAX_WORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg; /* large: keep it off the stack */
	char *words[MAX_WORDS + 2];
	char err[300], csv[DNSSERVERS_MAX * 64], tiny[8];
	int argc = 0;

	if (size == 0)
		return 0;
	char *buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	words[argc++] = (char *)"rblsmtpd";
	for (char *p = buf; p < buf + size && argc < MAX_WORDS; p += strlen(p) + 1)
		words[argc++] = p;
	words[argc] = NULL;
	enum config_program prog = data[0] & 1 ? CONFIG_RBLCHECK : CONFIG_RBLSMTPD;
	if (config_parse(prog, argc, words, &cfg, err, sizeof err)) {
		if (cfg.nactions > (size_t)argc || cfg.nrest > (size_t)argc)
			__builtin_trap();
	} else if (strnlen(err, sizeof err) >= sizeof err) {
		__builtin_trap();
	}
	config_free(&cfg);
	const char *last = words[argc - 1];
	int n = dnsservers_parse(last, csv, sizeof csv);
	if (n > DNSSERVERS_MAX || (n > 0 && strlen(csv) >= sizeof csv))
		__builtin_trap();
	(void)dnsservers_parse(last, tiny, sizeof tiny);
	free(buf);
	return 0;
}
