/*
 * clock.h - the time written into artifacts (key files, the lineage log).
 *
 * When SOURCE_DATE_EPOCH is set (reproducible builds), it is the time,
 * in UTC, so the same inputs give the same bytes; otherwise the real
 * clock.  A SOURCE_DATE_EPOCH that is not a whole number of seconds is a
 * usage error (EX_USAGE), never silently ignored.
 */
#ifndef WEIR_CLOCK_H
#define WEIR_CLOCK_H

#include <stddef.h>
#include <time.h>

#include "err.h"

/* *fixed (may be NULL) is 1 when the time came from SOURCE_DATE_EPOCH. */
int	weir_clock_now(time_t *t, int *fixed, struct weir_err *e);
/*
 * RFC 3339 text of now: "2026-12-04T22:55:36Z" from SOURCE_DATE_EPOCH,
 * local time with its offset ("...T23:55:36+01:00") from the clock, as
 * age-keygen writes it.  size of 32 is enough.
 */
int	weir_clock_rfc3339(char *buf, size_t size, struct weir_err *e);

#endif
