/* SPDX-License-Identifier: ISC */
/* formats: the table of output formats (report.h). */
#include "report.h"

#include <stdio.h>
#include <string.h>

const struct report_format report_formats[] = {
	{ "text", report_text, false, false },        /* the default: first */
	{ "csv", report_csv, false, false },
	{ "json", report_json, false, false },
	{ "prometheus", report_prometheus, true, false },
	{ "html", report_html, false, true },         /* --html FILE, besides stdout's */
	{ NULL, NULL, false, false },
};

_Static_assert(sizeof report_formats / sizeof report_formats[0] <= REPORT_FORMATS_MAX,
	       "room for every format's option in rblstat's option table");

const struct report_format *report_format_find(const char *name)
{
	for (const struct report_format *f = report_formats; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

size_t report_formats_usage(char *out, size_t outlen)
{
	size_t n = 0;
	int k = 0;
	out[0] = '\0';
	/* "[--csv | --json | --prometheus]": the formats for stdout but the default */
	for (const struct report_format *f = report_formats + 1; f->name; f++)
		if (!f->to_file && n < outlen)
			n += (size_t)snprintf(out + n, outlen - n, "%s--%s", k++ ? " | " : "[", f->name);
	if (k && n < outlen)
		n += (size_t)snprintf(out + n, outlen - n, "]");
	for (const struct report_format *f = report_formats; f->name; f++)
		if (f->to_file && n < outlen)
			n += (size_t)snprintf(out + n, outlen - n, " [--%s FILE]", f->name);
	return n < outlen ? n : outlen - 1;
}
