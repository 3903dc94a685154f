/*
 * t_generalize.c - generalization steps, levels, and ISO weeks against
 * strftime's %G-W%V for every day of 1999-2031.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "privacy/generalize.h"
#include "t.h"

static struct weir_err err;
static struct weir_buf out;

static const char *
gen(const char *spec, size_t level, const char *v)
{
	struct weir_gen g;
	int rv;

	if (weir_gen_parse(&g, spec, &err) == -1)
		return err.msg;
	rv = weir_gen_apply(&g, level, v, strlen(v), &out, &err);
	weir_gen_release(&g);
	return rv == -1 ? err.msg : out.p;
}

static void
test_numbers(void)
{
	CHECK_STR(gen("width:10", 1, "34"), "30-39");
	CHECK_STR(gen("width:10", 1, "-3"), "-10--1");
	CHECK_STR(gen("width:2.5", 1, "3.1"), "[2.5,5)");
	CHECK_STR(gen("width:5,10,20,*", 2, "34"), "30-39");
	CHECK_STR(gen("width:5,10,20,*", 3, "34"), "20-39");
	CHECK_STR(gen("width:5,10,20,*", 4, "34"), "*");
	CHECK_STR(gen("width:5,10,20,*", 0, "34"), "34");
	CHECK_STR(gen("edges:18,65", 1, "17"), "<18");
	CHECK_STR(gen("edges:18,65", 1, "18"), "[18,65)");
	CHECK_STR(gen("edges:18,65", 1, "90"), ">=65");
	CHECK_STR(gen("top:90", 1, "95"), ">90");
	CHECK_STR(gen("top:90", 1, "42"), "42");
	CHECK_STR(gen("bottom:5", 1, "1"), "<5");
	CHECK_STR(gen("width:10", 1, "x"), "not a number: 'x'");
}

static void
test_text_dates(void)
{
	CHECK_STR(gen("prefix:3", 1, "02139"), "021**");
	CHECK_STR(gen("prefix:5,3,1,*", 3, "02139"), "0****");
	CHECK_STR(gen("prefix:2", 1, "\xc3\xa9t\xc3\xa9"), "\xc3\xa9t*");
	CHECK_STR(gen("prefix:9", 1, "abc"), "abc");
	CHECK_STR(gen("month", 1, "2024-03-15"), "2024-03");
	CHECK_STR(gen("quarter", 1, "2024-11-02T10:00:00"), "2024-Q4");
	CHECK_STR(gen("year", 1, "2024-03-15"), "2024");
	CHECK_STR(gen("date:month,year,*", 2, "2024-03-15"), "2024");
	CHECK_STR(gen("week", 1, "2021-01-01"), "2020-W53");
	CHECK_STR(gen("month", 1, "15/03/2024"),
	    "not an ISO date: '15/03/2024'");
}

static void
test_weeks(void)
{
	struct tm tm;
	char want[32], v[48];
	int bad = 0, y, d;

	setenv("TZ", "UTC", 1);
	tzset();
	for (y = 1999; y <= 2031; y++)
		for (d = 1; d <= 366; d++) {
			memset(&tm, 0, sizeof(tm));
			tm.tm_year = y - 1900;
			tm.tm_mday = d;
			tm.tm_hour = 12;
			if (mktime(&tm) == (time_t)-1 || tm.tm_year != y - 1900)
				continue;
			strftime(want, sizeof(want), "%G-W%V", &tm);
			snprintf(v, sizeof(v), "%04d-%02d-%02d", y,
			    tm.tm_mon + 1, tm.tm_mday);
			if (strcmp(gen("week", 1, v), want) != 0 && bad++ < 3)
				fprintf(stderr, "%s: %s, want %s\n", v, out.p,
				    want);
		}
	CHECK(bad == 0);
}

static void
test_errors(void)
{
	CHECK_STR(gen("width:0", 1, "1"),
	    "--generalize width:0: each step is a number above 0, or *");
	CHECK_STR(gen("edges:5,1", 1, "1"),
	    "--generalize edges:5,1: edges are numbers, each above the one "
	    "before");
	CHECK_STR(gen("prefix:1.5", 1, "1"),
	    "--generalize prefix:1.5: N must be a whole number of characters");
	CHECK_STR(gen("date:decade", 1, "1"),
	    "--generalize date:decade: a date step is year, quarter, month, "
	    "week or *");
	CHECK(strstr(gen("round", 1, "1"), "the spec is width:W") != NULL);
}

static void
test_hierarchy(void)
{
	char path[] = "/tmp/t_generalize.XXXXXX", spec[64];
	FILE *fp;
	int fd = mkstemp(path);

	if (fd == -1 || (fp = fdopen(fd, "w")) == NULL) {
		CHECK(0);
		return;
	}
	fputs("02139;021**;02***;*\n10001;100**;10***;*\n", fp);
	fclose(fp);
	snprintf(spec, sizeof(spec), "hierarchy:%s", path);
	CHECK_STR(gen(spec, 0, "02139"), "02139");
	CHECK_STR(gen(spec, 1, "02139"), "021**");
	CHECK_STR(gen(spec, 2, "10001"), "10***");
	CHECK_STR(gen(spec, 3, "10001"), "*");
	CHECK_STR(gen(spec, 1, "99999"), "not in the hierarchy: '99999'");
	fp = fopen(path, "w");
	fputs("a;x\na;y\n", fp);
	fclose(fp);
	CHECK(strstr(gen(spec, 1, "a"), "is in the hierarchy twice") != NULL);
	fp = fopen(path, "w");
	fclose(fp);
	CHECK(strstr(gen(spec, 1, "a"), "the hierarchy is empty") != NULL);
	unlink(path);
}

int
main(void)
{
	test_hierarchy();
	test_numbers();
	test_text_dates();
	test_weeks();
	test_errors();
	weir_buf_release(&out);
	return T_DONE();
}
