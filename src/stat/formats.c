/* formats: the table of output formats (report.h). */
#include "report.h"

#include <string.h>

const struct report_format report_formats[] = {
	{ "text", report_text, false },        /* the default: first */
	{ "csv", report_csv, false },
	{ "json", report_json, false },
	{ "prometheus", report_prometheus, true },
	{ NULL, NULL, false },
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
