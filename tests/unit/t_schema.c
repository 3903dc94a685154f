/* t_schema.c - schema loading, checking and inference. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "schema.h"
#include "t.h"

#define SCHEMA(cols)	"{\"weir_schema\": 1, \"columns\": [" cols "]}"

static struct weir_schema S;
static struct weir_err err;

/* v passes column col of s with canonical text want. */
static void
ok_(const struct weir_schema *s, const char *col, const char *v, size_t vlen,
    const char *want, int line)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e = { 0, "" };
	const char *out = NULL;
	size_t outlen = 0;
	long i = weir_schema_find(s, col);

	if (i < 0 || weir_schema_check(s, (size_t)i, v, vlen, &b, &out,
	    &outlen, &e) == -1 || outlen != strlen(want) ||
	    memcmp(out, want, outlen) != 0) {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: %s '%s' -> '%.*s' (%s), want "
		    "'%s'\n", __FILE__, line, col, v, out ? (int)outlen : 0,
		    out ? out : "", e.msg, want);
	} else
		t_pass++;
	weir_buf_release(&b);
}

/* v fails column col of s with EX_DATAERR and the message want. */
static void
bad_(const struct weir_schema *s, const char *col, const char *v, size_t vlen,
    const char *want, int line)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e = { 0, "" };
	const char *out = NULL;
	size_t outlen = 0;
	long i = weir_schema_find(s, col);

	if (i < 0 || weir_schema_check(s, (size_t)i, v, vlen, &b, &out,
	    &outlen, &e) != -1 || e.code != EX_DATAERR ||
	    strcmp(e.msg, want) != 0) {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: %s '%s': got \"%s\", want "
		    "\"%s\"\n", __FILE__, line, col, v, e.msg, want);
	} else
		t_pass++;
	weir_buf_release(&b);
}

#define OK(col, v, want)	ok_(&S, col, v, strlen(v), want, __LINE__)
#define SAME(col, v)		ok_(&S, col, v, strlen(v), v, __LINE__)
#define BAD(col, v, msg)	bad_(&S, col, v, strlen(v), msg, __LINE__)

/* Loading json fails with EX_DATAERR and a message (or its start). */
static void
lerr_(const char *json, const char *want, int prefix, int line)
{
	struct weir_schema s;
	struct weir_err e = { 0, "" };
	int rc;

	s.col = (void *)&s;	/* parse must initialize it */
	s.n = 99;
	rc = weir_schema_parse(&s, json, "t.json", &e);
	if (rc != -1 || e.code != EX_DATAERR || s.n != 0 || s.col != NULL ||
	    (prefix ? strncmp(e.msg, want, strlen(want)) :
	    strcmp(e.msg, want)) != 0) {
		t_fail++;
		fprintf(stderr, "%s:%d: FAIL: got %d \"%s\", want \"%s\"\n",
		    __FILE__, line, rc, e.msg, want);
		if (rc == 0)
			weir_schema_release(&s);
	} else
		t_pass++;
	weir_schema_release(&s);	/* harmless on an empty schema */
}

#define LERR(json, msg)		lerr_(json, msg, 0, __LINE__)
#define LERRP(json, msg)	lerr_(json, msg, 1, __LINE__)

static int
parse_ok(struct weir_schema *s, const char *json)
{
	struct weir_err e = { 0, "" };

	if (weir_schema_parse(s, json, "t.json", &e) == 0)
		return 1;
	fprintf(stderr, "parse: %s\n", e.msg);
	return 0;
}

static void
test_int(void)
{
	SAME("i", "0");
	SAME("i", "42");
	SAME("i", "-42");
	OK("i", "+42", "42");
	OK("i", "007", "7");
	OK("i", "-007", "-7");
	OK("i", "+007", "7");
	OK("i", "-0", "0");
	OK("i", "+0", "0");
	OK("i", "000", "0");
	OK("i", "-000", "0");
	SAME("i", "123456789012345678901234567890");
	OK("i", "-000123456789012345678901234567890",
	    "-123456789012345678901234567890");
	BAD("i", "x1", "not an int: 'x1'");
	BAD("i", "1.0", "not an int: '1.0'");
	BAD("i", "1e3", "not an int: '1e3'");
	BAD("i", " 1", "not an int: ' 1'");
	BAD("i", "1 ", "not an int: '1 '");
	BAD("i", "+", "not an int: '+'");
	BAD("i", "-", "not an int: '-'");
	BAD("i", "--1", "not an int: '--1'");
	BAD("i", "+-1", "not an int: '+-1'");
	BAD("i", "0x10", "not an int: '0x10'");
	BAD("i", "1_000", "not an int: '1_000'");
	BAD("i", "1,000", "not an int: '1,000'");
	BAD("i", "١", "not an int: '١'");
}

static void
test_float(void)
{
	SAME("f", "1.5");
	SAME("f", "-1.5");
	SAME("f", "42");
	SAME("f", "0");
	SAME("f", "1e10");
	/* One canonical text per number, and a valid JSON number. */
	OK("f", "1E-3", "1e-3");
	OK("f", "2.5e+3", "2.5e3");
	OK("f", "007.5", "7.5");
	OK("f", "-0.0", "0");
	OK("f", "+007", "7");
	OK("f", "00.5", "0.5");
	OK("f", "-00", "0");
	OK("f", "1.50", "1.5");
	OK("f", "0062.29", "62.29");
	OK("f", "2.000", "2");
	OK("f", "1e05", "1e5");
	OK("f", "1e-05", "1e-5");
	OK("f", "1e0", "1");
	OK("f", "0e7", "0");
	OK("f", "-0.000e-3", "0");
	OK("f", "0000", "0");
	OK("f", "100", "100");
	OK("f", "10.010", "10.01");
	OK("f", "+.5", "0.5");
	OK("f", ".5", "0.5");
	OK("f", "-.5", "-0.5");
	OK("f", "5.", "5");
	OK("f", "-5.", "-5");
	OK("f", "+5", "5");
	OK("f", "+1.5e+3", "1.5e3");
	OK("f", "5.e3", "5e3");
	OK("f", ".5E2", "0.5e2");
	BAD("f", "inf", "not a float: 'inf'");
	BAD("f", "-Infinity", "not a float: '-Infinity'");
	BAD("f", "nan", "not a float: 'nan'");
	BAD("f", "NaN", "not a float: 'NaN'");
	BAD("f", "0x1p3", "not a float: '0x1p3'");
	BAD("f", "0x10", "not a float: '0x10'");
	BAD("f", ".", "not a float: '.'");
	BAD("f", "-.", "not a float: '-.'");
	BAD("f", "e5", "not a float: 'e5'");
	BAD("f", ".e5", "not a float: '.e5'");
	BAD("f", "1e", "not a float: '1e'");
	BAD("f", "1e+", "not a float: '1e+'");
	BAD("f", "1e5.0", "not a float: '1e5.0'");
	BAD("f", "1.2.3", "not a float: '1.2.3'");
	BAD("f", "1,5", "not a float: '1,5'");
	BAD("f", " 1.5", "not a float: ' 1.5'");
	BAD("f", "1.5 ", "not a float: '1.5 '");
	BAD("f", "--1", "not a float: '--1'");
	BAD("f", "1d", "not a float: '1d'");
}

static void
test_bool(void)
{
	static const char *const yes[] = { "true", "TRUE", "True", "yes",
	    "YES", "Yes", "t", "T", "y", "Y", "1" };
	static const char *const no[] = { "false", "FALSE", "False", "no",
	    "NO", "No", "f", "F", "n", "N", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		OK("b", yes[i], "true");
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		OK("b", no[i], "false");
	BAD("b", "2", "not a bool: '2'");
	BAD("b", "truth", "not a bool: 'truth'");
	BAD("b", "yes!", "not a bool: 'yes!'");
	BAD("b", "on", "not a bool: 'on'");
	BAD("b", "01", "not a bool: '01'");
	BAD("b", " true", "not a bool: ' true'");
}

static void
test_date(void)
{
	SAME("d", "2024-01-31");
	OK("d", "2024/01/31", "2024-01-31");
	OK("d", "20240131", "2024-01-31");
	SAME("d", "2024-02-29");	/* leap years */
	SAME("d", "2000-02-29");
	SAME("d", "1600-02-29");
	SAME("d", "0000-02-29");
	BAD("d", "2023-02-29", "not a date: '2023-02-29'");
	BAD("d", "1900-02-29", "not a date: '1900-02-29'");
	BAD("d", "2100-02-29", "not a date: '2100-02-29'");
	SAME("d", "2023-02-28");
	BAD("d", "2024-02-30", "not a date: '2024-02-30'");
	SAME("d", "2024-04-30");
	BAD("d", "2024-04-31", "not a date: '2024-04-31'");
	SAME("d", "2024-12-31");
	BAD("d", "2024-12-32", "not a date: '2024-12-32'");
	BAD("d", "2024-13-01", "not a date: '2024-13-01'");
	BAD("d", "2024-00-10", "not a date: '2024-00-10'");
	BAD("d", "2024-01-00", "not a date: '2024-01-00'");
	BAD("d", "2024-4-1", "not a date: '2024-4-1'");
	BAD("d", "2024-01/31", "not a date: '2024-01/31'");
	BAD("d", "2024.01.31", "not a date: '2024.01.31'");
	BAD("d", "24-01-31", "not a date: '24-01-31'");
	BAD("d", "20241301", "not a date: '20241301'");
	BAD("d", "2024013", "not a date: '2024013'");
	BAD("d", "2024-01-31T00:00", "not a date: '2024-01-31T00:00'");
	BAD("d", "31/01/2024", "not a date: '31/01/2024'");
	BAD("d", "2024-0a-01", "not a date: '2024-0a-01'");

	/* "format": "%d/%m/%Y", and ISO still */
	OK("df", "31/01/2024", "2024-01-31");
	OK("df", "1/2/2024", "2024-02-01");
	OK("df", "29/02/2024", "2024-02-29");
	SAME("df", "2024-01-31");
	OK("df", "20240131", "2024-01-31");
	BAD("df", "29/02/2023", "not a date: '29/02/2023'");
	BAD("df", "31/01/24", "not a date: '31/01/24'");
	BAD("df", "31/01/2024 ", "not a date: '31/01/2024 '");
	BAD("df", "31-01-2024", "not a date: '31-01-2024'");
	BAD("df", "/01/2024", "not a date: '/01/2024'");
	BAD("df", "131/01/2024", "not a date: '131/01/2024'");

	/* digits run together: fields take two digits */
	OK("dc", "31012024", "2024-01-31");
	OK("dc", "2024-01-31", "2024-01-31");
	/* a date format may carry a time, which is dropped */
	OK("dt", "2024-01-31 23:59:59", "2024-01-31");
	BAD("dt", "2024-01-31 24:00:00", "not a date: '2024-01-31 24:00:00'");
	/* %% is a literal percent */
	OK("dp", "2024%01%31", "2024-01-31");
}

static void
test_datetime(void)
{
	SAME("t", "2024-01-31T10:20:30");
	OK("t", "2024-01-31 10:20:30", "2024-01-31T10:20:30");
	OK("t", "2024-01-31t10:20:30", "2024-01-31T10:20:30");
	OK("t", "2024-01-31 10:20", "2024-01-31T10:20:00");
	SAME("t", "2024-01-31T10:20:30Z");
	OK("t", "2024-01-31T10:20:30z", "2024-01-31T10:20:30Z");
	SAME("t", "2024-01-31T10:20:30.123456Z");
	SAME("t", "2024-01-31T10:20:30.5");
	SAME("t", "2024-01-31T10:20:30+05:30");
	SAME("t", "2024-01-31T10:20:30-08:00");
	OK("t", "2024-01-31T10:20:30+0530", "2024-01-31T10:20:30+05:30");
	OK("t", "2024-01-31 10:20+01:00", "2024-01-31T10:20:00+01:00");
	OK("t", "2024-01-31T10:20Z", "2024-01-31T10:20:00Z");
	OK("t", "2024-01-31 10:20:30.25-0100",
	    "2024-01-31T10:20:30.25-01:00");
	SAME("t", "2024-02-29T23:59:59");
	SAME("t", "2024-01-31T00:00:00");
	BAD("t", "2023-02-29T10:00", "not a datetime: '2023-02-29T10:00'");
	BAD("t", "2024-01-31", "not a datetime: '2024-01-31'");
	BAD("t", "2024-01-31T24:00", "not a datetime: '2024-01-31T24:00'");
	BAD("t", "2024-01-31T10:60", "not a datetime: '2024-01-31T10:60'");
	BAD("t", "2024-01-31T10:20:60",
	    "not a datetime: '2024-01-31T10:20:60'");
	BAD("t", "2024-01-31T10:20:30.",
	    "not a datetime: '2024-01-31T10:20:30.'");
	BAD("t", "2024-01-31T10:20.5", "not a datetime: '2024-01-31T10:20.5'");
	BAD("t", "2024-01-31T10:20:30+5",
	    "not a datetime: '2024-01-31T10:20:30+5'");
	BAD("t", "2024-01-31T10:20:30+05",
	    "not a datetime: '2024-01-31T10:20:30+05'");
	BAD("t", "2024-01-31T10:20:30+24:00",
	    "not a datetime: '2024-01-31T10:20:30+24:00'");
	BAD("t", "2024-01-31T10:20:30+05:60",
	    "not a datetime: '2024-01-31T10:20:30+05:60'");
	BAD("t", "2024-01-31T10:20:30ZZ",
	    "not a datetime: '2024-01-31T10:20:30ZZ'");
	BAD("t", "2024-01-31X10:20", "not a datetime: '2024-01-31X10:20'");
	BAD("t", "2024-01-31T1:20", "not a datetime: '2024-01-31T1:20'");
	BAD("t", "2024/01/31T10:20", "not a datetime: '2024/01/31T10:20'");
	BAD("t", "2024-01-31T10:20:3", "not a datetime: '2024-01-31T10:20:3'");
	BAD("t", "2024-01-31T10:20 ", "not a datetime: '2024-01-31T10:20 '");

	/* "format": "%d.%m.%Y %H:%M" */
	OK("tf", "31.01.2024 10:20", "2024-01-31T10:20:00");
	OK("tf", "1.2.2024 7:05", "2024-02-01T07:05:00");
	OK("tf", "2024-01-31T10:20:30Z", "2024-01-31T10:20:30Z");
	BAD("tf", "31.01.2024 25:00", "not a datetime: '31.01.2024 25:00'");
	BAD("tf", "31.01.2024", "not a datetime: '31.01.2024'");
	/* "format": "%Y%m%d%H%M%S" */
	OK("ts", "20240131102030", "2024-01-31T10:20:30");
	BAD("ts", "20240131102060", "not a datetime: '20240131102060'");
}

static void
test_string(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	const char *out;
	size_t outlen;
	const char v[] = "a\0b";

	SAME("s", "anything at all");
	SAME("s", " spaced ");
	SAME("s", "42");
	/* text with a NUL passes a column without a pattern */
	CHECK(weir_schema_check(&S, (size_t)weir_schema_find(&S, "s"), v, 3,
	    &b, &out, &outlen, &e) == 0 && out == v && outlen == 3);
	/* unchanged values are not copied */
	CHECK(weir_schema_check(&S, (size_t)weir_schema_find(&S, "i"), "42",
	    2, &b, &out, &outlen, &e) == 0 && strcmp(out, "42") == 0 &&
	    out != b.p);
	CHECK(weir_schema_check(&S, (size_t)weir_schema_find(&S, "i"), "042",
	    3, &b, &out, &outlen, &e) == 0 && out == b.p && outlen == 2);
	/* not NUL-terminated: only len counts */
	CHECK(weir_schema_check(&S, (size_t)weir_schema_find(&S, "i"), "123x",
	    3, &b, &out, &outlen, &e) == 0 && outlen == 3);
	CHECK(weir_schema_check(&S, (size_t)weir_schema_find(&S, "d"),
	    "2024-01-31junk", 10, &b, &out, &outlen, &e) == 0 &&
	    outlen == 10);
	/* a bad index is a bug, not bad data */
	CHECK(weir_schema_check(&S, S.n, "1", 1, &b, &out, &outlen, &e) ==
	    -1 && e.code == EX_SOFTWARE);
	weir_buf_release(&b);
}

static void
test_empty(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	const char *out = NULL;
	size_t outlen = 9;

	BAD("ri", "", "missing required value");
	BAD("rs", "", "missing required value");
	/* optional: empty passes with no type check */
	OK("i", "", "");
	OK("d", "", "");
	OK("pat", "", "");
	OK("en", "", "");
	OK("rng", "", "");
	CHECK(weir_schema_check(&S, (size_t)weir_schema_find(&S, "i"), "",
	    0, &b, &out, &outlen, &e) == 0 && outlen == 0 && out != NULL);
	SAME("rs", " ");
	SAME("ri", "5");
	CHECK(weir_schema_col_required(&S, (size_t)weir_schema_find(&S,
	    "ri")) == 1);
	CHECK(weir_schema_col_required(&S, (size_t)weir_schema_find(&S,
	    "i")) == 0);
	CHECK(weir_schema_col_required(&S, (size_t)weir_schema_find(&S,
	    "nr")) == 0);
	weir_buf_release(&b);
}

static void
test_bounds(void)
{
	/* int 1..1000 */
	SAME("rng", "1");
	SAME("rng", "1000");
	OK("rng", "+0001000", "1000");
	BAD("rng", "0", "below min 1: '0'");
	BAD("rng", "-5", "below min 1: '-5'");
	BAD("rng", "-0", "below min 1: '-0'");
	BAD("rng", "1001", "above max 1000: '1001'");
	BAD("rng", "99999999999999999999999",
	    "above max 1000: '99999999999999999999999'");
	BAD("rng", "-99999999999999999999999",
	    "below min 1: '-99999999999999999999999'");
	BAD("rng", "x", "not an int: 'x'");

	/* float 0.5..99.25 */
	SAME("price", "0.5");
	OK("price", ".5", "0.5");
	SAME("price", "5e-1");
	SAME("price", "99.25");
	SAME("price", "9.925e1");
	OK("price", "99.250000", "99.25");
	SAME("price", "1");
	BAD("price", "100", "above max 99.25: '100'");
	BAD("price", "1e2", "above max 99.25: '1e2'");
	BAD("price", "99.2500000000000000001",
	    "above max 99.25: '99.2500000000000000001'");
	BAD("price", "0.49999999999999999999",
	    "below min 0.5: '0.49999999999999999999'");
	BAD("price", "-0", "below min 0.5: '-0'");
	BAD("price", "-1000", "below min 0.5: '-1000'");
	BAD("price", "5e-2", "below min 0.5: '5e-2'");

	/* 0.1 is exactly 0.1, not the double next to it */
	SAME("tenth", "0.1");
	OK("tenth", "0.10", "0.1");
	SAME("tenth", "1e-1");
	BAD("tenth", "0.0999999999999999999999",
	    "below min 0.1: '0.0999999999999999999999'");
	BAD("tenth", "0.30000000000000000001",
	    "above max 0.3: '0.30000000000000000001'");
	SAME("tenth", "0.3");

	/* negative bounds, exponents, huge values */
	SAME("neg", "-10");
	SAME("neg", "-1e1");
	SAME("neg", "-1");
	BAD("neg", "-10.5", "below min -10: '-10.5'");
	BAD("neg", "0", "above max -1: '0'");
	BAD("neg", "-0.5", "above max -1: '-0.5'");
	BAD("neg", "1e999999999999999999999",
	    "above max -1: '1e999999999999999999999'");
	OK("neg", "-1e0", "-1");
	BAD("neg", "-1e-999999999999999999999",
	    "above max -1: '-1e-999999999999999999999'");

	/* int column with a real bound */
	SAME("ihalf", "1");
	BAD("ihalf", "0", "below min 0.5: '0'");
	SAME("ihalf", "2");
	BAD("ihalf", "3", "above max 2.5: '3'");

	/* big integer bounds given in JSON */
	SAME("big", "9223372036854775807");
	BAD("big", "9223372036854775808",
	    "above max 9223372036854775807: '9223372036854775808'");
	SAME("big", "-9223372036854775808");
	BAD("big", "-9223372036854775809",
	    "below min -9223372036854775808: '-9223372036854775809'");

	/* dates and datetimes compare as canonical text */
	SAME("day", "2024-01-01");
	SAME("day", "2024-12-31");
	OK("day", "2024/06/15", "2024-06-15");
	BAD("day", "2023-12-31", "below min 2024-01-01: '2023-12-31'");
	BAD("day", "20250101", "above max 2024-12-31: '20250101'");
	SAME("at", "2024-01-01T00:00:00");
	OK("at", "2024-06-01 12:00", "2024-06-01T12:00:00");
	BAD("at", "2023-12-31T23:59:59",
	    "below min 2024-01-01T00:00:00: '2023-12-31T23:59:59'");
	BAD("at", "2024-12-31T23:59:59.5",
	    "above max 2024-12-31T23:59:59: '2024-12-31T23:59:59.5'");
	SAME("at", "2024-12-31T23:59:59");
}

static void
test_enum_pattern(void)
{
	SAME("en", "new");
	SAME("en", "paid");
	BAD("en", "zz", "not one of the allowed values: 'zz'");
	BAD("en", "New", "not one of the allowed values: 'New'");
	BAD("en", "ne", "not one of the allowed values: 'ne'");
	BAD("en", "newer", "not one of the allowed values: 'newer'");

	/* enum values are canonical for the type */
	OK("benum", "1", "true");
	OK("benum", "YES", "true");
	BAD("benum", "no", "not one of the allowed values: 'no'");
	OK("ienum", "+1", "1");
	OK("ienum", "2", "2");
	BAD("ienum", "3", "not one of the allowed values: '3'");
	OK("denum", "20240101", "2024-01-01");
	BAD("denum", "2024-01-02",
	    "not one of the allowed values: '2024-01-02'");

	SAME("pat", "a@b");
	SAME("pat", "me@example.com");
	BAD("pat", "ab", "does not match pattern '^[^@]+@[^@]+$': 'ab'");
	BAD("pat", "a@b@c", "does not match pattern '^[^@]+@[^@]+$': 'a@b@c'");
	/* no anchors: a match anywhere will do */
	SAME("sub", "abc");
	SAME("sub", "b");
	BAD("sub", "ac", "does not match pattern 'b': 'ac'");
	/* the pattern sees the canonical value */
	OK("ipat", "0123", "123");
	BAD("ipat", "+012", "does not match pattern '^[0-9]{3}$': '+012'");
	OK("bpat", "yes", "true");
	BAD("bpat", "no", "does not match pattern '^t': 'no'");
	/* ERE: alternation, intervals, classes */
	SAME("ere", "AB-1234");
	SAME("ere", "cd-12");
	BAD("ere", "AB-1", "does not match pattern '^([A-Z]{2}|[a-z]{2})-"
	    "[[:digit:]]{2,4}$': 'AB-1'");
	/* a NUL in a value never matches */
	bad_(&S, "sub", "b\0b", 3, "does not match pattern 'b': 'b\\x00b'",
	    __LINE__);
	/* enum and pattern together: both must hold */
	SAME("both", "ab");
	BAD("both", "ac", "does not match pattern 'b': 'ac'");
	BAD("both", "b", "not one of the allowed values: 'b'");
}

static void
test_quote(void)
{
	char v[100];

	/* values are cut to 40 bytes */
	memset(v, 'x', 60);
	v[60] = '\0';
	BAD("i", v, "not an int: "
	    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
	v[40] = '\0';
	BAD("i", v, "not an int: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'");
	v[40] = 'x';
	v[41] = '\0';
	BAD("i", v, "not an int: "
	    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
	/* ... at a character boundary */
	memset(v, 'a', 39);
	strcpy(v + 39, "éééé");
	BAD("i", v, "not an int: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	memset(v, 'a', 38);
	strcpy(v + 38, "éééé");
	BAD("i", v, "not an int: "
	    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé...'");
	/* control characters do not break the line */
	BAD("i", "a\nb\tc\r\x01", "not an int: 'a\\nb\\tc\\r\\x01'");
}

static void
test_api(void)
{
	CHECK(weir_schema_find(&S, "i") == 0);
	CHECK(weir_schema_find(&S, "nope") == -1);
	CHECK(weir_schema_find(&S, "") == -1);
	CHECK_STR(weir_schema_col_name(&S, 0), "i");
	CHECK(weir_schema_col_name(&S, S.n) == NULL);
	CHECK(S.col[weir_schema_find(&S, "df")].type == WEIR_S_DATE);
	CHECK_STR(S.col[weir_schema_find(&S, "df")].format, "%d/%m/%Y");
	CHECK_STR(S.col[weir_schema_find(&S, "rng")].min, "1");
	CHECK_STR(S.col[weir_schema_find(&S, "price")].max, "99.25");
	CHECK_STR(S.col[weir_schema_find(&S, "day")].min, "2024-01-01");
	CHECK(S.col[weir_schema_find(&S, "en")].nenum == 2);
}

static void
test_load_errors(void)
{
	/* JSON itself */
	LERRP("{", "schema 't.json': line 1: ");
	LERRP("", "schema 't.json': line 1: ");
	LERRP("{\"weir_schema\": 1, \"columns\": [] } x",
	    "schema 't.json': line 1: ");
	LERRP("{\"weir_schema\": 1,\n\"columns\": [\n{\"name\": \"a\",}]}",
	    "schema 't.json': line 3: ");
	LERRP("{\"weir_schema\": 1, \"weir_schema\": 1, \"columns\": []}",
	    "schema 't.json': line 1: duplicate object key");
	LERR("[]", "schema 't.json': not a JSON object");
	/* the document */
	LERR("{\"columns\": []}", "schema 't.json': missing key 'weir_schema'");
	LERR("{\"weir_schema\": 2, \"columns\": []}",
	    "schema 't.json': unsupported weir_schema version (want 1)");
	LERR("{\"weir_schema\": \"1\", \"columns\": []}",
	    "schema 't.json': unsupported weir_schema version (want 1)");
	LERR("{\"weir_schema\": 1.0, \"columns\": []}",
	    "schema 't.json': unsupported weir_schema version (want 1)");
	LERR("{\"weir_schema\": 1}", "schema 't.json': missing key 'columns'");
	LERR("{\"weir_schema\": 1, \"columns\": {}}",
	    "schema 't.json': columns is not an array");
	LERR("{\"weir_schema\": 1, \"columns\": [], \"extra\": 0}",
	    "schema 't.json': unknown key 'extra'");
	/* columns */
	LERR(SCHEMA("1"), "schema 't.json': column 1: not an object");
	LERR(SCHEMA("{\"name\": \"a\", \"type\": \"int\"}, []"),
	    "schema 't.json': column 2: not an object");
	LERR(SCHEMA("{\"type\": \"int\"}"),
	    "schema 't.json': column 1: missing name");
	LERR(SCHEMA("{\"name\": 5, \"type\": \"int\"}"),
	    "schema 't.json': column 1: name is not a string");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"int\"},"
	    "{\"name\": \"id\", \"type\": \"string\"}"),
	    "schema 't.json': duplicate column 'id'");
	LERRP(SCHEMA("{\"name\": \"id\", \"name\": \"x\", \"type\": \"int\"}"),
	    "schema 't.json': line 1: duplicate object key");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"int\", \"minimum\": 1}"),
	    "schema 't.json': column 'id': unknown key 'minimum'");
	LERR(SCHEMA("{\"name\": \"id\"}"),
	    "schema 't.json': column 'id': missing type");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": 1}"),
	    "schema 't.json': column 'id': type is not a string");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"integer\"}"),
	    "schema 't.json': column 'id': unknown type 'integer'");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"INT\"}"),
	    "schema 't.json': column 'id': unknown type 'INT'");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"int\", \"required\": 1}"),
	    "schema 't.json': column 'id': required is not true or false");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"int\", "
	    "\"required\": \"true\"}"),
	    "schema 't.json': column 'id': required is not true or false");
	/* min and max */
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"int\", \"min\": \"1\"}"),
	    "schema 't.json': column 'id': min is not a number");
	LERR(SCHEMA("{\"name\": \"x\", \"type\": \"float\", \"max\": null}"),
	    "schema 't.json': column 'x': max is not a number");
	LERR(SCHEMA("{\"name\": \"s\", \"type\": \"string\", \"min\": 1}"),
	    "schema 't.json': column 's': min is not allowed for type string");
	LERR(SCHEMA("{\"name\": \"b\", \"type\": \"bool\", \"max\": 1}"),
	    "schema 't.json': column 'b': max is not allowed for type bool");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", \"min\": 20240101}"),
	    "schema 't.json': column 'd': min is not a string");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"min\": \"2024-13-01\"}"),
	    "schema 't.json': column 'd': min is not a date: '2024-13-01'");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", \"max\": \"\"}"),
	    "schema 't.json': column 'd': max is not a date: ''");
	LERR(SCHEMA("{\"name\": \"t\", \"type\": \"datetime\", "
	    "\"max\": \"2024-01-01\"}"),
	    "schema 't.json': column 't': max is not a datetime: '2024-01-01'");
	/* min and max are ISO, whatever the format */
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"format\": \"%d/%m/%Y\", \"min\": \"01/01/2024\"}"),
	    "schema 't.json': column 'd': min is not a date: '01/01/2024'");
	LERR(SCHEMA("{\"name\": \"id\", \"type\": \"int\", \"min\": 10, "
	    "\"max\": 5}"),
	    "schema 't.json': column 'id': min 10 is greater than max 5");
	LERR(SCHEMA("{\"name\": \"x\", \"type\": \"float\", \"min\": 2.5, "
	    "\"max\": 1}"),
	    "schema 't.json': column 'x': min 2.5 is greater than max 1");
	LERR(SCHEMA("{\"name\": \"x\", \"type\": \"float\", \"min\": -0.5, "
	    "\"max\": -1e3}"),
	    "schema 't.json': column 'x': min -0.5 is greater than max -1000");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"min\": \"2024-02-01\", \"max\": \"2024/01/31\"}"),
	    "schema 't.json': column 'd': min 2024-02-01 is greater than max "
	    "2024-01-31");
	/* pattern */
	LERRP(SCHEMA("{\"name\": \"s\", \"type\": \"string\", "
	    "\"pattern\": \"(\"}"),
	    "schema 't.json': column 's': bad pattern '(': ");
	LERRP(SCHEMA("{\"name\": \"s\", \"type\": \"string\", "
	    "\"pattern\": \"a{2,1}\"}"),
	    "schema 't.json': column 's': bad pattern 'a{2,1}': ");
	LERR(SCHEMA("{\"name\": \"s\", \"type\": \"string\", \"pattern\": 1}"),
	    "schema 't.json': column 's': pattern is not a string");
	/* enum */
	LERR(SCHEMA("{\"name\": \"s\", \"type\": \"string\", \"enum\": \"a\"}"),
	    "schema 't.json': column 's': enum is not an array");
	LERR(SCHEMA("{\"name\": \"s\", \"type\": \"string\", \"enum\": []}"),
	    "schema 't.json': column 's': enum is empty");
	LERR(SCHEMA("{\"name\": \"s\", \"type\": \"string\", "
	    "\"enum\": [\"a\", 2]}"),
	    "schema 't.json': column 's': enum value 2 is not a string");
	LERR(SCHEMA("{\"name\": \"i\", \"type\": \"int\", "
	    "\"enum\": [\"1\", \"x\"]}"),
	    "schema 't.json': column 'i': enum value 'x' is not an int");
	LERR(SCHEMA("{\"name\": \"i\", \"type\": \"int\", \"enum\": [1]}"),
	    "schema 't.json': column 'i': enum value 1 is not a string");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"enum\": [\"2024-02-30\"]}"),
	    "schema 't.json': column 'd': enum value '2024-02-30' is not a "
	    "date");
	/* format */
	LERR(SCHEMA("{\"name\": \"i\", \"type\": \"int\", \"format\": \"%Y\"}"),
	    "schema 't.json': column 'i': format is not allowed for type int");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", \"format\": 1}"),
	    "schema 't.json': column 'd': format is not a string");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"format\": \"%d %b %Y\"}"),
	    "schema 't.json': column 'd': bad format '%d %b %Y': '%b' is not "
	    "supported");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"format\": \"%d/%m/%y\"}"),
	    "schema 't.json': column 'd': bad format '%d/%m/%y': '%y' is not "
	    "supported");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"format\": \"%d/%m\"}"),
	    "schema 't.json': column 'd': bad format '%d/%m': it needs %Y, %m "
	    "and %d");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"format\": \"%d%d%m%Y\"}"),
	    "schema 't.json': column 'd': bad format '%d%d%m%Y': '%d' appears "
	    "twice");
	LERR(SCHEMA("{\"name\": \"d\", \"type\": \"date\", "
	    "\"format\": \"%Y%m%d%\"}"),
	    "schema 't.json': column 'd': bad format '%Y%m%d%': it ends in "
	    "'%'");
	LERR(SCHEMA("{\"name\": \"t\", \"type\": \"datetime\", "
	    "\"format\": \"%Y-%m-%d\"}"),
	    "schema 't.json': column 't': bad format '%Y-%m-%d': a datetime "
	    "needs %H");
	/* a good schema after all that */
	{
		struct weir_schema s;

		CHECK(parse_ok(&s, SCHEMA("")));
		CHECK(s.n == 0);
		weir_schema_release(&s);
		weir_schema_release(&s);
		CHECK(parse_ok(&s, SCHEMA("{\"name\": \"\", "
		    "\"type\": \"string\"}")));
		CHECK(s.n == 1 && weir_schema_find(&s, "") == 0);
		weir_schema_release(&s);
	}
}

static const char *
tmpfile_with(char path[64], const char *text)
{
	int fd;

	strcpy(path, "/tmp/t_schema.XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return NULL;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		return NULL;
	}
	close(fd);
	return path;
}

static void
test_load_file(void)
{
	struct weir_schema s;
	struct weir_err e = { 0, "" };
	char path[64], want[160];

	CHECK(tmpfile_with(path, SCHEMA("{\"name\": \"id\", \"type\": \"int\", "
	    "\"required\": true, \"min\": 1}")) != NULL);
	CHECK(weir_schema_load(&s, path, &e) == 0);
	CHECK(s.n == 1 && weir_schema_col_required(&s, 0));
	weir_schema_release(&s);
	unlink(path);

	CHECK(tmpfile_with(path, SCHEMA("{\"name\": \"id\", "
	    "\"type\": \"integer\"}")) != NULL);
	CHECK(weir_schema_load(&s, path, &e) == -1 && e.code == EX_DATAERR);
	snprintf(want, sizeof(want), "schema '%s': column 'id': unknown type "
	    "'integer'", path);
	CHECK_STR(e.msg, want);
	CHECK(s.n == 0 && s.col == NULL);
	unlink(path);

	CHECK(tmpfile_with(path, "") != NULL);
	CHECK(weir_schema_load(&s, path, &e) == -1 && e.code == EX_DATAERR);
	unlink(path);

	/* a NUL inside the file is bad JSON, not the end of it */
	CHECK(tmpfile_with(path, "") != NULL);
	{
		FILE *fp = fopen(path, "w");

		fwrite("{\"weir_schema\": 1, \"columns\": []}\0junk", 1, 38,
		    fp);
		fclose(fp);
	}
	CHECK(weir_schema_load(&s, path, &e) == -1 && e.code == EX_DATAERR);
	unlink(path);

	/* a big file (many columns) reads whole */
	{
		struct weir_buf b = WEIR_BUF_INIT;
		int i;

		weir_buf_adds(&b, "{\"weir_schema\": 1, \"columns\": [");
		for (i = 0; i < 2000; i++)
			weir_buf_addf(&b, "%s{\"name\": \"column_%d\", "
			    "\"type\": \"int\"}", i ? "," : "", i);
		weir_buf_adds(&b, "]}");
		CHECK(tmpfile_with(path, b.p) != NULL);
		CHECK(weir_schema_load(&s, path, &e) == 0 && s.n == 2000);
		CHECK(weir_schema_find(&s, "column_1999") == 1999);
		weir_schema_release(&s);
		unlink(path);
		weir_buf_release(&b);
	}

	CHECK(weir_schema_load(&s, "/tmp/t_schema.does-not-exist.json", &e) ==
	    -1 && e.code == EX_NOINPUT);
	CHECK_STR(e.msg, "schema '/tmp/t_schema.does-not-exist.json': "
	    "No such file or directory");
	CHECK(s.n == 0 && s.col == NULL);
	CHECK(weir_schema_load(&s, "/tmp", &e) == -1 && e.code == EX_NOINPUT);
}

/* ---- inference ---- */

static struct weir_infer *
infer(const char *const *v, size_t n)
{
	struct weir_infer *inf = weir_infer_new();
	size_t i;

	for (i = 0; i < n; i++)
		weir_infer_value(inf, 0, "c", v[i], strlen(v[i]));
	return inf;
}

/* The raw JSON text after key in text, up to ',' or '}' ("" if none). */
static void
raw_field(const char *text, const char *key, char *dst, size_t dstsz)
{
	const char *p = strstr(text, key);

	dst[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(key);
	snprintf(dst, dstsz, "%.*s", (int)strcspn(p, ",}"), p);
}

/*
 * Infer one column from v[], then check the type, "required", and the
 * min and max as written ("" for none).  Every value must then pass a
 * check against the schema read back.
 */
static void
infer_(const char *const *v, size_t n, const char *type, int required,
    const char *min, const char *max, int line)
{
	struct weir_infer *inf = infer(v, n);
	char *text = weir_infer_json(inf);
	char got[64];
	struct weir_schema s;
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e = { 0, "" };
	const char *out;
	size_t outlen, i;
	int ok = 1;

	raw_field(text, "\"type\": ", got, sizeof(got));
	ok &= got[0] == '"' && strncmp(got + 1, type, strlen(type)) == 0 &&
	    got[strlen(type) + 1] == '"';
	raw_field(text, "\"required\": ", got, sizeof(got));
	ok &= strcmp(got, required ? "true" : "false") == 0;
	raw_field(text, "\"min\": ", got, sizeof(got));
	ok &= strcmp(got, min) == 0;
	raw_field(text, "\"max\": ", got, sizeof(got));
	ok &= strcmp(got, max) == 0;
	if (!parse_ok(&s, text))
		ok = 0;
	else {
		for (i = 0; i < n; i++)
			if (weir_schema_check(&s, 0, v[i], strlen(v[i]), &b,
			    &out, &outlen, &e) == -1) {
				fprintf(stderr, "round trip: %s\n", e.msg);
				ok = 0;
			}
		weir_schema_release(&s);
	}
	if (!ok)
		fprintf(stderr, "%s:%d: FAIL: inferred %s", __FILE__, line,
		    text);
	CHECK(ok);
	free(text);
	weir_buf_release(&b);
	weir_infer_free(inf);
}

#define V(...)	((const char *const []){ __VA_ARGS__ })
#define NV(...)	(sizeof(V(__VA_ARGS__)) / sizeof(V(__VA_ARGS__)[0]))
#define IN(type, req, min, max, ...) \
	infer_(V(__VA_ARGS__), NV(__VA_ARGS__), type, req, min, max, __LINE__)

static void
test_infer_types(void)
{
	IN("int", 1, "-3", "2", "1", "2", "-3");
	IN("int", 1, "0", "0", "0");
	IN("int", 1, "0", "0", "-0");
	IN("int", 1, "0", "1", "0", "1");
	IN("int", 1, "20240101", "20240101", "20240101");
	IN("string", 1, "", "", "01234");
	IN("string", 1, "", "", "1", "01234");
	IN("string", 1, "", "", "+3");
	IN("string", 1, "", "", "-");
	IN("string", 1, "", "", "1.");
	IN("string", 1, "", "", ".5");
	IN("string", 1, "", "", "1.5e");
	IN("string", 1, "", "", "0x10");
	IN("string", 1, "", "", "1 ");
	IN("float", 1, "1", "1.5", "1", "1.5");
	IN("float", 1, "1", "1.5", "1.5", "1");
	IN("float", 1, "1000.0", "1000.0", "1e3");
	IN("float", 1, "1.0", "2.5", "1.0", "2.5");
	IN("float", 1, "-2.5", "3", "3", "-2.5", "0.0");
	IN("float", 1, "0.1", "0.3", "0.1", "0.3", "0.2");
	IN("float", 1, "-1e-05", "1.5e+300", "1.5E300", "-1e-5");
	IN("bool", 1, "", "", "true", "FALSE", "True");
	IN("string", 1, "", "", "true", "1");
	IN("string", 1, "", "", "yes", "no");
	IN("string", 1, "", "", "t", "f");
	IN("date", 1, "\"2024-01-01\"", "\"2024-02-29\"", "2024-02-29",
	    "2024-01-01");
	IN("string", 1, "", "", "2023-02-29");
	IN("string", 1, "", "", "2024/01/01");
	IN("string", 1, "", "", "2024-01-01", "2024-01-01T10:00");
	IN("string", 1, "", "", "2024-01-01", "5");
	IN("datetime", 1, "\"2024-01-01T09:00:00Z\"",
	    "\"2024-01-01T10:00:00\"", "2024-01-01T10:00",
	    "2024-01-01 09:00:00Z");
	IN("datetime", 1, "\"2024-01-01T09:00:00.5+01:00\"",
	    "\"2024-01-01T09:00:00.5+01:00\"", "2024-01-01 09:00:00.5+0100");
	IN("string", 1, "", "", "2024-01-01T25:00");
	IN("string", 1, "", "", "abc");
	IN("string", 1, "", "", "1", "x", "2");
	IN("string", 1, "", "", "x", "1");
	/* empty values do not count, but make the column optional */
	IN("int", 0, "1", "1", "", "1");
	IN("int", 0, "1", "1", "1", "");
	IN("bool", 0, "", "", "", "true", "");
	IN("string", 0, "", "", "", "");
	IN("string", 0, "", "", "");
	IN("date", 0, "\"2024-01-01\"", "\"2024-01-01\"", "2024-01-01", "");
	/* int64 limits, and beyond them reals rounded outwards */
	IN("int", 1, "-9223372036854775808", "9223372036854775807",
	    "9223372036854775807", "-9223372036854775808");
	IN("int", 1, "9.223372036854775e+18", "9.223372036854776e+18",
	    "9223372036854775808");
	IN("int", 1, "1.2345678901234566e+29", "1.2345678901234568e+29",
	    "123456789012345678901234567890");
	/* just above the double nearest to 0.1 (and to its text) */
	IN("float", 1, "0.1", "0.10000000000000002",
	    "0.1000000000000000055511151231257827");
	IN("float", 1, "0.1", "0.10000000000000002",
	    "0.10000000000000000000000000001");
	IN("float", 1, "0.0", "4.94065645841247e-324", "1e-400");
	/* a bound no double can hold is left out */
	IN("float", 1, "", "", "1e400");
	IN("float", 1, "-1.7976931348623157e+308", "", "1e400", "-1e308",
	    "-1.7976931348623157e308");
}

static void
test_infer_json(void)
{
	struct weir_infer *inf = weir_infer_new();
	static const char *const rows[][5] = {
		{ "1", "1.5", "true", "2024-06-15", "a" },
		{ "2", "", "false", "2024-01-01", "b" },
		{ "3", "2", "TRUE", "2024-12-31", "" },
	};
	static const char *const names[] = { "id", "price", "ok", "day",
	    "note" };
	char *text;
	size_t r, c;

	text = weir_infer_json(inf);
	CHECK_STR(text, "{\n  \"weir_schema\": 1,\n  \"columns\": []\n}\n");
	free(text);
	for (r = 0; r < 3; r++)
		for (c = 0; c < 5; c++)
			weir_infer_value(inf, c, names[c], rows[r][c],
			    strlen(rows[r][c]));
	text = weir_infer_json(inf);
	CHECK_STR(text,
	    "{\n"
	    "  \"weir_schema\": 1,\n"
	    "  \"columns\": [\n"
	    "    {\"name\": \"id\", \"type\": \"int\", \"required\": true, "
	    "\"min\": 1, \"max\": 3},\n"
	    "    {\"name\": \"price\", \"type\": \"float\", "
	    "\"required\": false, \"min\": 1.5, \"max\": 2},\n"
	    "    {\"name\": \"ok\", \"type\": \"bool\", \"required\": true},\n"
	    "    {\"name\": \"day\", \"type\": \"date\", \"required\": true, "
	    "\"min\": \"2024-01-01\", \"max\": \"2024-12-31\"},\n"
	    "    {\"name\": \"note\", \"type\": \"string\", "
	    "\"required\": false}\n"
	    "  ]\n"
	    "}\n");
	free(text);
	weir_infer_free(inf);
	weir_infer_free(NULL);

	/* columns in any order, growing, with gaps and late arrivals */
	inf = weir_infer_new();
	weir_infer_value(inf, 3, "d", "1", 1);
	weir_infer_value(inf, 0, "a", "x", 1);
	weir_infer_value(inf, 3, "ignored", "2", 1);
	weir_infer_value(inf, 0, NULL, "y", 1);
	weir_infer_value(inf, 4, NULL, "1.5", 3);
	text = weir_infer_json(inf);
	CHECK_STR(text,
	    "{\n"
	    "  \"weir_schema\": 1,\n"
	    "  \"columns\": [\n"
	    "    {\"name\": \"a\", \"type\": \"string\", \"required\": true},\n"
	    "    {\"name\": \"d\", \"type\": \"int\", \"required\": true, "
	    "\"min\": 1, \"max\": 2},\n"
	    "    {\"name\": \"c5\", \"type\": \"float\", \"required\": false, "
	    "\"min\": 1.5, \"max\": 1.5}\n"
	    "  ]\n"
	    "}\n");
	free(text);
	weir_infer_free(inf);

	/* names are JSON-escaped, and come back from the parser whole */
	{
		static const char *const odd[] = { "q\"uote", "back\\slash",
		    "tab\there", "é", "bad\xff" };
		struct weir_schema s;
		size_t i;

		inf = weir_infer_new();
		for (i = 0; i < 5; i++)
			weir_infer_value(inf, i, odd[i], "1", 1);
		text = weir_infer_json(inf);
		CHECK(strstr(text, "\"q\\\"uote\"") != NULL);
		CHECK(strstr(text, "\"back\\\\slash\"") != NULL);
		CHECK(strstr(text, "\"tab\\u0009here\"") != NULL);
		CHECK(strstr(text, "\"bad\\ufffd\"") != NULL);
		CHECK(parse_ok(&s, text));
		for (i = 0; i < 4; i++)
			CHECK(weir_schema_find(&s, odd[i]) == (long)i);
		CHECK(weir_schema_find(&s, "bad\xef\xbf\xbd") == 4);
		weir_schema_release(&s);
		free(text);
		weir_infer_free(inf);
	}
}

/* A mixed table: infer, read back, and every value passes. */
static void
test_round_trip(void)
{
	static const char *const cols[][8] = {
		{ "1", "-5", "0", "123456789012345678901234567890", "7",
		  "-123456789012345678901234567890", "", "42" },
		{ "0.1", "0.2", "0.30000000000000004", "1e-400", "5", "-0.0",
		  "2.5E-3", "1e-7" },
		{ "2024-01-31", "2000-02-29", "1999-12-31", "", "2024-02-01",
		  "0001-01-01", "9999-12-31", "2024-01-30" },
		{ "2024-01-31T10:20:30Z", "2024-01-31 10:20", "2024-01-31t10:20"
		  ":30.999+05:30", "2024-01-31T10:20:30-0800",
		  "2024-01-31 00:00:00", "2024-01-31T10:20:30.000001z",
		  "2024-01-31T23:59", "2024-01-31T00:00:00+00:00" },
		{ "true", "false", "TRUE", "False", "true", "", "tRuE",
		  "FALSE" },
		{ "01234", "x", "", "   ", "1", "a,b", "\"q\"", "é" },
		{ "-0.5", "1e300", "-1e300", "1.7976931348623157e308",
		  "2.2250738585072014e-308", "4.9e-324", "-4.9e-324", "0" },
	};
	struct weir_infer *inf = weir_infer_new();
	struct weir_schema s;
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	const char *out;
	size_t r, c, outlen;
	char name[8], *text;
	int ok = 1;

	for (r = 0; r < 8; r++)
		for (c = 0; c < 7; c++) {
			snprintf(name, sizeof(name), "k%zu", c);
			weir_infer_value(inf, c, name, cols[c][r],
			    strlen(cols[c][r]));
		}
	text = weir_infer_json(inf);
	CHECK(parse_ok(&s, text));
	CHECK(s.n == 7);
	CHECK(s.col[0].type == WEIR_S_INT && !s.col[0].required);
	CHECK(s.col[1].type == WEIR_S_FLOAT && s.col[1].required);
	CHECK(s.col[2].type == WEIR_S_DATE && !s.col[2].required);
	CHECK(s.col[3].type == WEIR_S_DATETIME && s.col[3].required);
	CHECK(s.col[4].type == WEIR_S_BOOL && !s.col[4].required);
	CHECK(s.col[5].type == WEIR_S_STRING && !s.col[5].required);
	CHECK(s.col[6].type == WEIR_S_FLOAT && s.col[6].required);
	CHECK_STR(s.col[2].min, "0001-01-01");
	CHECK_STR(s.col[2].max, "9999-12-31");
	for (r = 0; r < 8; r++)
		for (c = 0; c < 7; c++)
			if (weir_schema_check(&s, c, cols[c][r],
			    strlen(cols[c][r]), &b, &out, &outlen, &e) == -1) {
				fprintf(stderr, "round trip: %s: %s\n",
				    s.col[c].name, e.msg);
				ok = 0;
			}
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "%s", text);
	/* and the bounds bite just outside */
	CHECK(weir_schema_check(&s, 0, "1234567890123456789012345678900", 31,
	    &b, &out, &outlen, &e) == -1);
	CHECK(weir_schema_check(&s, 1, "-1e-300", 7, &b, &out, &outlen,
	    &e) == -1);
	CHECK(weir_schema_check(&s, 2, "0000-12-31", 10, &b, &out, &outlen,
	    &e) == -1);
	weir_schema_release(&s);
	weir_buf_release(&b);
	free(text);
	weir_infer_free(inf);
}

/* Memory does not grow with the rows: a long run stays cheap. */
static void
test_infer_many(void)
{
	struct weir_infer *inf = weir_infer_new();
	char v[32], *text;
	long i;
	int n;

	for (i = 0; i < 200000; i++) {
		n = snprintf(v, sizeof(v), "%ld", (i * 7919) % 100003 - 50000);
		weir_infer_value(inf, 0, "n", v, (size_t)n);
		n = snprintf(v, sizeof(v), "%ld.%02ld", i % 1000, i % 100);
		weir_infer_value(inf, 1, "f", v, (size_t)n);
	}
	text = weir_infer_json(inf);
	CHECK(strstr(text, "{\"name\": \"n\", \"type\": \"int\", \"required\": "
	    "true, \"min\": -50000, \"max\": 50002}") != NULL);
	CHECK(strstr(text, "{\"name\": \"f\", \"type\": \"float\", "
	    "\"required\": true, \"min\": 0.0, \"max\": 999.99}") != NULL);
	free(text);
	weir_infer_free(inf);
}

/* A schema bound to a stream: found by name, applied in place, or refused whole. */
static void
test_bind(void)
{
	static const char text[] = "{\"weir_schema\": 1, \"columns\": ["
	    "{\"name\": \"n\", \"type\": \"int\", \"required\": true},"
	    "{\"name\": \"x\", \"type\": \"float\"},"
	    "{\"name\": \"late\", \"type\": \"bool\", \"required\": true},"
	    "{\"name\": \"s\", \"type\": \"string\"}]}";
	char path[] = "/tmp/weir-t-schema.XXXXXX";
	struct weir_schema_bind b;
	struct weir_header h;
	struct weir_rec r;
	struct weir_badrec bad;
	FILE *fp;
	int fd;

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL ||
	    fputs(text, fp) == EOF || fclose(fp) != 0)
		return;
	CHECK(weir_schema_bind_load(&b, path, &err) == 0);
	weir_header_init(&h);
	weir_header_add(&h, "s", 1);
	weir_header_add(&h, "n", 1);
	weir_header_add(&h, "x", 1);
	weir_schema_bind_map(&b, &h);
	CHECK(b.col[0] == 1 && b.col[1] == 2 && b.col[2] == -1 &&
	    b.col[3] == 0);
	CHECK(weir_schema_bind_required(&b, &err) == -1 &&
	    err.code == EX_DATAERR && strstr(err.msg, "'late'") != NULL);
	weir_header_add(&h, "late", 4);		/* the header grows (JSON) */
	weir_schema_bind_map(&b, &h);
	CHECK(b.col[2] == 3 && weir_schema_bind_required(&b, &err) == 0);

	memset(&r, 0, sizeof(r));
	r.src = "in.csv";
	r.line = 7;
	weir_rec_push(&r, "+007", 4, 1, WEIR_TEXT);
	weir_rec_push(&r, "", 0, 2, WEIR_TEXT);
	weir_rec_push(&r, "Y", 1, 3, WEIR_TEXT);
	weir_rec_push(&r, "", 0, 0, WEIR_TEXT);
	CHECK(weir_schema_bind_apply(&b, &r, &h, &bad, &err) == 0);
	CHECK(r.f[0].len == 1 && memcmp(r.f[0].s, "7", 1) == 0 &&
	    r.f[0].type == WEIR_NUM);
	CHECK(r.f[1].type == WEIR_NULL);	/* a float that is not there */
	CHECK(r.f[2].len == 4 && r.f[2].type == WEIR_BOOL);
	CHECK(r.f[3].type == WEIR_TEXT);	/* an empty string stays one */

	/* One bad value: the whole record is refused, as it came in. */
	r.n = 0;
	weir_rec_push(&r, "12", 2, 1, WEIR_TEXT);
	weir_rec_push(&r, "1.5x", 4, 2, WEIR_TEXT);
	weir_rec_push(&r, "no", 2, 3, WEIR_TEXT);
	CHECK(weir_schema_bind_apply(&b, &r, &h, &bad, &err) == WEIR_BAD);
	CHECK(strstr(err.msg, "in.csv:7: column 'x': not a float: '1.5x'") !=
	    NULL);
	CHECK(bad.rawlen == 10 && memcmp(bad.raw, "12,1.5x,no", 10) == 0);
	CHECK(r.f[0].len == 2 && r.f[2].len == 2);	/* untouched */
	/* A required column empty: refused too. */
	r.n = 0;
	weir_rec_push(&r, "", 0, 1, WEIR_TEXT);
	weir_rec_push(&r, "t", 1, 3, WEIR_TEXT);
	CHECK(weir_schema_bind_apply(&b, &r, &h, &bad, &err) == WEIR_BAD &&
	    strstr(err.msg, "column 'n'") != NULL);
	weir_rec_release(&r);
	weir_header_release(&h);
	weir_schema_bind_release(&b);
	weir_schema_bind_release(&b);		/* twice is harmless */
	unlink(path);
	CHECK(weir_schema_bind_load(&b, path, &err) == -1 &&
	    err.code == EX_NOINPUT);
	weir_schema_bind_release(&b);
}

/* Patterns that would take regcomp for ever are refused up front. */
static void
test_pattern_hazard(void)
{
	static const char *bad[] = { "a**", "^[^@ ]*+$", "x+*", "(ab){2}*",
	    "a?{3}", "[a-z]*?" };
	static const char *good[] = { "^a*b+c?$", "[*+?]*", "\\\\**",
	    "[[:digit:]]{2,4}", "(a*)*", "[]*]+", "a{2}b{3}" };
	struct weir_schema s;
	char text[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"weir_schema\": 1, \"columns\": "
		    "[{\"name\": \"p\", \"type\": \"string\", "
		    "\"pattern\": \"%s\"}]}", bad[i]);
		CHECK(weir_schema_parse(&s, text, "t.json", &err) == -1 &&
		    strstr(err.msg, "two repetitions in a row") != NULL);
		weir_schema_release(&s);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "{\"weir_schema\": 1, \"columns\": "
		    "[{\"name\": \"p\", \"type\": \"string\", "
		    "\"pattern\": \"%s\"}]}", good[i]);
		CHECK(weir_schema_parse(&s, text, "t.json", &err) == 0);
		weir_schema_release(&s);
	}
}

int
main(void)
{
	test_bind();
	test_pattern_hazard();
	if (!parse_ok(&S, SCHEMA(
	    "{\"name\": \"i\", \"type\": \"int\"},"
	    "{\"name\": \"f\", \"type\": \"float\"},"
	    "{\"name\": \"b\", \"type\": \"bool\"},"
	    "{\"name\": \"d\", \"type\": \"date\"},"
	    "{\"name\": \"df\", \"type\": \"date\", \"format\": \"%d/%m/%Y\"},"
	    "{\"name\": \"dc\", \"type\": \"date\", \"format\": \"%d%m%Y\"},"
	    "{\"name\": \"dt\", \"type\": \"date\", "
	    "\"format\": \"%Y-%m-%d %H:%M:%S\"},"
	    "{\"name\": \"dp\", \"type\": \"date\", "
	    "\"format\": \"%Y%%%m%%%d\"},"
	    "{\"name\": \"t\", \"type\": \"datetime\"},"
	    "{\"name\": \"tf\", \"type\": \"datetime\", "
	    "\"format\": \"%d.%m.%Y %H:%M\"},"
	    "{\"name\": \"ts\", \"type\": \"datetime\", "
	    "\"format\": \"%Y%m%d%H%M%S\"},"
	    "{\"name\": \"s\", \"type\": \"string\"},"
	    "{\"name\": \"ri\", \"type\": \"int\", \"required\": true},"
	    "{\"name\": \"rs\", \"type\": \"string\", \"required\": true},"
	    "{\"name\": \"nr\", \"type\": \"string\", \"required\": false},"
	    "{\"name\": \"rng\", \"type\": \"int\", \"required\": false, "
	    "\"min\": 1, \"max\": 1000},"
	    "{\"name\": \"price\", \"type\": \"float\", \"min\": 0.5, "
	    "\"max\": 99.25},"
	    "{\"name\": \"tenth\", \"type\": \"float\", \"min\": 0.1, "
	    "\"max\": 0.3},"
	    "{\"name\": \"neg\", \"type\": \"float\", \"min\": -10, "
	    "\"max\": -1.0},"
	    "{\"name\": \"ihalf\", \"type\": \"int\", \"min\": 0.5, "
	    "\"max\": 2.5},"
	    "{\"name\": \"big\", \"type\": \"int\", "
	    "\"min\": -9223372036854775808, \"max\": 9223372036854775807},"
	    "{\"name\": \"day\", \"type\": \"date\", \"required\": true, "
	    "\"min\": \"2024-01-01\", \"max\": \"2024-12-31\", "
	    "\"format\": \"%d/%m/%Y\"},"
	    "{\"name\": \"at\", \"type\": \"datetime\", "
	    "\"min\": \"2024-01-01 00:00\", \"max\": \"2024-12-31T23:59:59\"},"
	    "{\"name\": \"en\", \"type\": \"string\", "
	    "\"enum\": [\"new\", \"paid\"]},"
	    "{\"name\": \"benum\", \"type\": \"bool\", \"enum\": [\"yes\"]},"
	    "{\"name\": \"ienum\", \"type\": \"int\", "
	    "\"enum\": [\"01\", \"+2\"]},"
	    "{\"name\": \"denum\", \"type\": \"date\", "
	    "\"enum\": [\"20240101\"]},"
	    "{\"name\": \"pat\", \"type\": \"string\", "
	    "\"pattern\": \"^[^@]+@[^@]+$\"},"
	    "{\"name\": \"sub\", \"type\": \"string\", \"pattern\": \"b\"},"
	    "{\"name\": \"ipat\", \"type\": \"int\", "
	    "\"pattern\": \"^[0-9]{3}$\"},"
	    "{\"name\": \"bpat\", \"type\": \"bool\", \"pattern\": \"^t\"},"
	    "{\"name\": \"ere\", \"type\": \"string\", "
	    "\"pattern\": \"^([A-Z]{2}|[a-z]{2})-[[:digit:]]{2,4}$\"},"
	    "{\"name\": \"both\", \"type\": \"string\", \"pattern\": \"b\", "
	    "\"enum\": [\"ab\", \"ac\"]}"
	    )))
		return 1;
	test_int();
	test_float();
	test_bool();
	test_date();
	test_datetime();
	test_string();
	test_empty();
	test_bounds();
	test_enum_pattern();
	test_quote();
	test_api();
	test_load_errors();
	test_load_file();
	test_infer_types();
	test_infer_json();
	test_round_trip();
	test_infer_many();
	weir_schema_release(&S);
	return T_DONE();
}
