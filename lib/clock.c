#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

int
weir_clock_now(time_t *t, int *fixed, struct weir_err *e)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	char *end;
	long v;

	if (fixed != NULL)
		*fixed = 0;
	if (sde == NULL || *sde == '\0') {
		*t = time(NULL);
		return 0;
	}
	errno = 0;
	v = strtol(sde, &end, 10);
	if (*end != '\0' || v < 0 || errno == ERANGE ||
	    strspn(sde, "0123456789") != strlen(sde))
		return weir_errf(e, EX_USAGE, "SOURCE_DATE_EPOCH is not a "
		    "number of seconds: '%s'", sde);
	*t = (time_t)v;
	if (gmtime_r(t, &tm) == NULL)
		return weir_errf(e, EX_USAGE, "SOURCE_DATE_EPOCH is out of "
		    "range: '%s'", sde);
	if (fixed != NULL)
		*fixed = 1;
	return 0;
}

int
weir_clock_rfc3339(char *buf, size_t size, struct weir_err *e)
{
	char zone[16];
	struct tm tm;
	time_t t;
	int fixed;

	if (weir_clock_now(&t, &fixed, e) == -1)
		return -1;
	if (fixed) {
		gmtime_r(&t, &tm);
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return 0;
	}
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	if (strcmp(zone, "+0000") == 0 || strlen(zone) != 5)
		snprintf(buf + strlen(buf), size - strlen(buf), "Z");
	else
		snprintf(buf + strlen(buf), size - strlen(buf), "%.3s:%.2s",
		    zone, zone + 3);
	return 0;
}
