/* t_clock.c - the time written into artifacts, and SOURCE_DATE_EPOCH. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "err.h"
#include "t.h"

static struct weir_err err;

static void
test_sde(void)
{
	char buf[32];
	time_t t;
	int fixed;

	setenv("SOURCE_DATE_EPOCH", "0", 1);
	CHECK(weir_clock_now(&t, &fixed, &err) == 0 && t == 0 && fixed);
	CHECK(weir_clock_rfc3339(buf, sizeof(buf), &err) == 0);
	CHECK_STR(buf, "1970-01-01T00:00:00Z");
	setenv("SOURCE_DATE_EPOCH", "1796428536", 1);
	CHECK(weir_clock_rfc3339(buf, sizeof(buf), &err) == 0);
	CHECK_STR(buf, "2026-12-04T23:55:36Z");
	CHECK(weir_clock_now(&t, NULL, &err) == 0 && t == 1796428536);
}

static void
test_sde_bad(void)
{
	static const char *bad[] = { "x", "12x", "-1", "+5", "1.5", " 1", "1 ",
	    "99999999999999999999999" };
	char buf[32];
	time_t t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		memset(&err, 0, sizeof(err));
		CHECK(weir_clock_now(&t, NULL, &err) == -1);
		CHECK(err.code == EX_USAGE);
		CHECK(strstr(err.msg, "SOURCE_DATE_EPOCH") != NULL);
		CHECK(weir_clock_rfc3339(buf, sizeof(buf), &err) == -1);
	}
}

static void
test_real_clock(void)
{
	char buf[32];
	time_t t, before = time(NULL);
	int fixed = -1;

	setenv("SOURCE_DATE_EPOCH", "", 1);	/* empty: not set */
	CHECK(weir_clock_now(&t, &fixed, &err) == 0 && fixed == 0);
	CHECK(t >= before && t <= before + 5);
	unsetenv("SOURCE_DATE_EPOCH");
	setenv("TZ", "UTC", 1);
	tzset();
	CHECK(weir_clock_rfc3339(buf, sizeof(buf), &err) == 0);
	CHECK(strlen(buf) == 20 && buf[19] == 'Z' && buf[10] == 'T');
	setenv("TZ", "CET-1", 1);
	tzset();
	CHECK(weir_clock_rfc3339(buf, sizeof(buf), &err) == 0);
	CHECK(strlen(buf) == 25 && strcmp(buf + 19, "+01:00") == 0);
}

int
main(void)
{
	test_sde();
	test_sde_bad();
	test_real_clock();
	return T_DONE();
}
