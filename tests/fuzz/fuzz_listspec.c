/* SPDX-License-Identifier: ISC */
/* fuzz_listspec: -r/-a list specs (listspec_parse), a filter alone
 * (afilter_parse) and matching A values against it (afilter_match).
 * Input: byte 0 picks -r or -a, the rest is the argument (cut at a NUL);
 * the last four bytes also serve as an A value to match. */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "listspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct list_spec spec;
	struct a_filter filter;
	const char *err = NULL;

	if (size == 0)
		return 0;
	char *arg = malloc(size);
	if (!arg)
		return 0;
	memcpy(arg, data + 1, size - 1);
	arg[size - 1] = '\0';
	enum list_kind kind = data[0] & 1 ? LIST_ALLOW : LIST_BLOCK;
	unsigned char a[4] = { 127, 0, 0, 2 };
	if (size >= 5)
		memcpy(a, data + size - 4, 4);

	if (listspec_parse(arg, kind, &spec, &err)) {
		if (strlen(spec.zone) == 0 || strlen(spec.zone) >= LISTSPEC_ZONE_MAX)
			__builtin_trap();
		if (spec.has_message && (kind == LIST_ALLOW || !spec.message[0]))
			__builtin_trap();
		if (spec.has_filter)
			(void)afilter_match(&spec.filter, a);
	} else if (!err) {
		__builtin_trap(); /* a failure always says why */
	}
	if (afilter_parse(arg, &filter))
		(void)afilter_match(&filter, a);
	free(arg);
	return 0;
}
