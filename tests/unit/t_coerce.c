/*
 * t_coerce.c - messy values to schema forms, and through the schema's own
 * check to the canonical value.
 */
#include <string.h>

#include "coerce.h"
#include "err.h"
#include "mem.h"
#include "schema.h"
#include "t.h"

static struct weir_err err;
static struct weir_schema schema;
static struct weir_coerce_opts opts;

enum { C_INT, C_FLOAT, C_BOOL, C_DATE, C_DATETIME, C_STRING };

/*
 * The canonical value of s in schema column col after coercion, "=" when
 * coercion left it alone and the schema took it as it is, or "ERR: msg".
 */
static const char *
canon(int col, const char *s)
{
	static struct weir_buf b, c;
	static char r[600];
	const char *v = s, *out;
	size_t len = strlen(s), outlen;
	int rv;

	rv = weir_coerce(&opts, schema.col[col].type, s, len, &b, &err);
	if (rv == -1) {
		snprintf(r, sizeof(r), "ERR: %s", err.msg);
		return r;
	}
	if (rv == 1) {
		v = b.p;
		len = b.len;
	}
	if (weir_schema_check(&schema, (size_t)col, v, len, &c, &out, &outlen,
	    &err) == -1) {
		snprintf(r, sizeof(r), "ERR: %s", err.msg);
		return r;
	}
	if (rv == 0 && out == s)
		return "=";
	snprintf(r, sizeof(r), "%.*s", (int)outlen, out);
	return r;
}

static void
test_numbers(void)
{
	memset(&opts, 0, sizeof(opts));
	CHECK_STR(canon(C_FLOAT, "$1,234.50"), "1234.5");
	CHECK_STR(canon(C_FLOAT, "1,234,567"), "1234567");
	CHECK_STR(canon(C_FLOAT, "1 234.5"), "1234.5");
	CHECK_STR(canon(C_FLOAT, "1\xc2\xa0" "234"), "1234");
	CHECK_STR(canon(C_FLOAT, "\xe2\x82\xac" "99"), "99");
	CHECK_STR(canon(C_FLOAT, "99 \xe2\x82\xac"), "99");
	CHECK_STR(canon(C_FLOAT, "\xc2\xa3" "5"), "5");
	CHECK_STR(canon(C_FLOAT, "-$5.25"), "-5.25");
	CHECK_STR(canon(C_FLOAT, "$-5.25"), "-5.25");
	CHECK_STR(canon(C_FLOAT, "(42)"), "-42");
	CHECK_STR(canon(C_FLOAT, "12.5%"), "12.5");
	CHECK_STR(canon(C_FLOAT, "1.5"), "=");
	CHECK_STR(canon(C_FLOAT, "1e3"), "=");
	CHECK_STR(canon(C_FLOAT, "1,23,4"), "ERR: not a float: '1,23,4'");
	CHECK_STR(canon(C_FLOAT, "1,5"), "ERR: not a float: '1,5'");
	CHECK_STR(canon(C_FLOAT, "12,34"), "ERR: not a float: '12,34'");
	CHECK_STR(canon(C_FLOAT, "1234,567"), "ERR: not a float: '1234,567'");
	CHECK_STR(canon(C_FLOAT, "$"), "ERR: not a float: '$'");
	CHECK_STR(canon(C_INT, "1,000"), "1000");
	CHECK_STR(canon(C_INT, "+007"), "7");
	opts.percent = 1;
	CHECK_STR(canon(C_FLOAT, "12.5%"), "0.125");
	CHECK_STR(canon(C_FLOAT, "3%"), "0.03");
	CHECK_STR(canon(C_FLOAT, "0.5%"), "0.005");
	CHECK_STR(canon(C_FLOAT, "-150 %"), "-1.5");
	CHECK_STR(canon(C_FLOAT, "100%"), "1");
	CHECK_STR(canon(C_INT, "50%"), "ERR: not an int: '0.5'");
	CHECK_STR(canon(C_INT, "200%"), "2");
	opts.percent = 0;
	opts.decimal_comma = 1;
	CHECK_STR(canon(C_FLOAT, "1.234,56"), "1234.56");
	CHECK_STR(canon(C_FLOAT, "12,5"), "12.5");
	CHECK_STR(canon(C_FLOAT, "1 234,5"), "1234.5");
	CHECK_STR(canon(C_FLOAT, "1.5"),
	    "ERR: not a number with a decimal comma: '1.5'");
	CHECK_STR(canon(C_FLOAT, "1.234"), "1234");
	CHECK_STR(canon(C_FLOAT, "1.234.567,8"), "1234567.8");
}

static void
test_bools(void)
{
	memset(&opts, 0, sizeof(opts));
	CHECK_STR(canon(C_BOOL, "yes"), "true");
	CHECK_STR(canon(C_BOOL, "N"), "false");
	CHECK_STR(canon(C_BOOL, "On"), "true");
	CHECK_STR(canon(C_BOOL, "OFF"), "false");
	CHECK_STR(canon(C_BOOL, "true"), "=");
	CHECK_STR(canon(C_BOOL, "0"), "false");
	CHECK_STR(canon(C_BOOL, "maybe"), "ERR: not a bool: 'maybe'");
}

static void
test_dates(void)
{
	memset(&opts, 0, sizeof(opts));
	CHECK_STR(canon(C_DATE, "2024-01-05"), "=");
	CHECK_STR(canon(C_DATE, "20240105"), "2024-01-05");
	CHECK_STR(canon(C_DATE, "05.01.2024"), "2024-01-05");
	CHECK_STR(canon(C_DATE, "5.1.2024"), "2024-01-05");
	CHECK_STR(canon(C_DATE, "05/01/2024"),
	    "ERR: not a date: '05/01/2024'");	/* ambiguous without an order */
	CHECK_STR(canon(C_DATE, "29.02.2023"), "ERR: not a date: '29.02.2023'");
	CHECK_STR(canon(C_DATE, "29.02.2024"), "2024-02-29");
	CHECK_STR(canon(C_DATE, "29.02.1900"), "ERR: not a date: '29.02.1900'");
	CHECK_STR(canon(C_DATE, "29.02.2000"), "2000-02-29");
	CHECK_STR(canon(C_DATE, "5.1.24"), "ERR: not a date: '5.1.24'");
	CHECK_STR(canon(C_DATE, "Fri, 05 Jan 2024 10:00:00 +0000"),
	    "2024-01-05");
	CHECK_STR(canon(C_DATETIME, "Fri, 05 Jan 2024 10:00:00 +0000"),
	    "2024-01-05T10:00:00+00:00");
	CHECK_STR(canon(C_DATETIME, "5 Jan 2024 10:00 GMT"),
	    "2024-01-05T10:00:00Z");
	CHECK_STR(canon(C_DATETIME, "Sat, 05 Jan 2024 10:00:00 +0000"),
	    "ERR: not a date: 'Sat, 05 Jan 2024 10:00:00 +0000'");
	CHECK_STR(canon(C_DATETIME, "2024-01-05"), "2024-01-05T00:00:00");
	CHECK_STR(canon(C_DATETIME, "05.01.2024 7:30"), "2024-01-05T07:30:00");
	CHECK_STR(canon(C_DATETIME, "1704931200"),
	    "ERR: not a datetime: '1704931200'");
	opts.date_order = WEIR_DATE_DMY;
	CHECK_STR(canon(C_DATE, "05/01/2024"), "2024-01-05");
	CHECK_STR(canon(C_DATETIME, "05/01/2024 10:00:01"),
	    "2024-01-05T10:00:01");
	opts.date_order = WEIR_DATE_MDY;
	CHECK_STR(canon(C_DATE, "05/01/2024"), "2024-05-01");
	CHECK_STR(canon(C_DATE, "13/01/2024"), "ERR: not a date: '13/01/2024'");
	opts.epoch = 1;
	CHECK_STR(canon(C_DATETIME, "1704931200"), "2024-01-11T00:00:00Z");
	CHECK_STR(canon(C_DATETIME, "0"), "1970-01-01T00:00:00Z");
	CHECK_STR(canon(C_DATETIME, "-1"), "1969-12-31T23:59:59Z");
	CHECK_STR(canon(C_DATETIME, "1704931200.25"),
	    "2024-01-11T00:00:00.25Z");
	CHECK_STR(canon(C_DATE, "1704931200"), "2024-01-11");
	CHECK_STR(canon(C_DATE, "20240107"), "2024-01-07");	/* a day */
	CHECK_STR(canon(C_DATE, "99999999999999"),
	    "ERR: not a date: '99999999999999'");
}

static void
test_strings(void)
{
	memset(&opts, 0, sizeof(opts));
	CHECK_STR(canon(C_STRING, "$1,000"), "=");
	CHECK_STR(canon(C_FLOAT, ""), "=");
}

int
main(void)
{
	static const char json[] = "{\"weir_schema\": 1, \"columns\": ["
	    "{\"name\": \"i\", \"type\": \"int\"},"
	    "{\"name\": \"f\", \"type\": \"float\"},"
	    "{\"name\": \"b\", \"type\": \"bool\"},"
	    "{\"name\": \"d\", \"type\": \"date\"},"
	    "{\"name\": \"t\", \"type\": \"datetime\"},"
	    "{\"name\": \"s\", \"type\": \"string\"}]}";

	if (weir_schema_parse(&schema, json, "t", &err) == -1) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	test_numbers();
	test_bools();
	test_dates();
	test_strings();
	weir_schema_release(&schema);
	return T_DONE();
}
