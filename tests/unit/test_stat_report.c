/* SPDX-License-Identifier: ISC */
/* Unit tests for the escaping every rblstat output format relies on, on
 * the raw bytes: CSV cells a spreadsheet must not evaluate, JSON strings
 * safe inside HTML and valid UTF-8, HTML text with entities, Prometheus
 * label values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "report.h"
#include "json.h"

typedef void escape_fn(FILE *f, const char *s);

/* The bytes fn writes for s, in a static buffer. */
static const char *esc(escape_fn *fn, const char *s)
{
	static char out[1024];
	memset(out, 0, sizeof out);
	FILE *f = fmemopen(out, sizeof out, "w");
	if (!f)
		return "(fmemopen failed)";
	fn(f, s);
	fclose(f);
	return out;
}

static void test_csv(void)
{
	/* OWASP CSV injection: a leading = + - @ TAB CR gets a "'" and quotes. */
	CHECK_STREQ(esc(report_csv_field, "=2+2"), "\"'=2+2\"");
	CHECK_STREQ(esc(report_csv_field, "=HYPERLINK(\"http://x.example\",\"y\")"),
		    "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\"");
	CHECK_STREQ(esc(report_csv_field, "+1"), "\"'+1\"");
	CHECK_STREQ(esc(report_csv_field, "-1+cmd|'/c calc'!A0"), "\"'-1+cmd|'/c calc'!A0\"");
	CHECK_STREQ(esc(report_csv_field, "-"), "\"'-\"");
	CHECK_STREQ(esc(report_csv_field, "@SUM(A1)"), "\"'@SUM(A1)\"");
	CHECK_STREQ(esc(report_csv_field, "\tx"), "\"'\tx\"");
	CHECK_STREQ(esc(report_csv_field, "\rx"), "\"'\rx\"");
	/* Plain cells stay bare; separators and quotes are quoted. */
	CHECK_STREQ(esc(report_csv_field, "zen.spamhaus.org"), "zen.spamhaus.org");
	CHECK_STREQ(esc(report_csv_field, "a=b"), "a=b");
	CHECK_STREQ(esc(report_csv_field, "a,b"), "\"a,b\"");
	CHECK_STREQ(esc(report_csv_field, "a\"b"), "\"a\"\"b\"");
	CHECK_STREQ(esc(report_csv_field, ""), "");
}

static void json_str(FILE *f, const char *s)
{
	json_string(f, s, strlen(s));
}

static void test_json(void)
{
	CHECK_STREQ(esc(json_str, "a<b>&c"), "\"a\\u003cb\\u003e\\u0026c\"");
	CHECK_STREQ(esc(json_str, "</script>"), "\"\\u003c/script\\u003e\"");
	CHECK_STREQ(esc(json_str, "q\"b\\s"), "\"q\\\"b\\\\s\"");
	CHECK_STREQ(esc(json_str, "\x01\t\n\r\x1f\x7f"),
		    "\"\\u0001\\u0009\\u000a\\u000d\\u001f\\u007f\"");
	CHECK_STREQ(esc(json_str, "\xc3\xa9"), "\"\\u00c3\\u00a9\"");
	CHECK_STREQ(esc(json_str, "=2+2"), "\"=2+2\"");
}

static void test_html(void)
{
	CHECK_STREQ(esc(report_html_text, "<script>alert('x')&\"</script>"),
		    "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;");
	CHECK_STREQ(esc(report_html_text, "a\x01\x7f\xc3\xa9z"), "a????z");
	CHECK_STREQ(esc(report_html_text, "zen.spamhaus.org"), "zen.spamhaus.org");
}

/* Prometheus label values: exactly three escapes; every other byte as is
 * (rblstat hands over printable host names and list names only). A newline
 * cannot reach a label from a log line (lines end there), so only this test
 * writes one; t_rblstat_prom_labels.sh checks the other two end to end. */
static void test_prom(void)
{
	CHECK_STREQ(esc(report_prom_value, "a\\b"), "a\\\\b");
	CHECK_STREQ(esc(report_prom_value, "a\"b"), "a\\\"b");
	CHECK_STREQ(esc(report_prom_value, "a\nb"), "a\\nb");
	CHECK_STREQ(esc(report_prom_value, "\\\"\n"), "\\\\\\\"\\n");
	CHECK_STREQ(esc(report_prom_value, "\\n"), "\\\\n");   /* a backslash, then n */
	CHECK_STREQ(esc(report_prom_value, "zen.spamhaus.org"), "zen.spamhaus.org");
	CHECK_STREQ(esc(report_prom_value, "{x='y',z}\t"), "{x='y',z}\t");
	CHECK_STREQ(esc(report_prom_value, ""), "");
}

int main(void)
{
	test_csv();
	test_json();
	test_html();
	test_prom();
	return check_done("test_stat_report");
}
