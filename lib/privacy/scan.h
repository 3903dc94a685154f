/*
 * scan.h - weir-anonymize --scan: per column, the share of values that
 * look like each kind of personal data (pii.h) and what the column's name
 * suggests; never a value, only counts.  A column "looks personal" when at
 * least half of its values are of one kind, or its name hints at personal
 * data.
 */
#ifndef WEIR_PRIVACY_SCAN_H
#define WEIR_PRIVACY_SCAN_H

#include <stdio.h>

#include "err.h"
#include "rec.h"
#include "source.h"

struct weir_scan;

struct weir_scan	*weir_scan_new(const struct weir_header *);
void			 weir_scan_add(struct weir_scan *,
			    const struct weir_rec *);
/*
 * Write the report (a table, or JSON) with covered[col] saying whether an
 * operation of the same command treats the column; returns how many
 * columns look personal and are not covered.
 */
size_t			 weir_scan_report(const struct weir_scan *, FILE *,
			    int json, const unsigned char *covered);
void			 weir_scan_free(struct weir_scan *);
/*
 * Every record of in counted, then the report on standard output;
 * *uncovered as weir_scan_report() returns it.  -1 with e.
 */
int			 weir_scan_run(struct weir_source *in, int json,
			    const unsigned char *covered, size_t *uncovered,
			    struct weir_err *);

#endif
