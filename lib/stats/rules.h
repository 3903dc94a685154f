/*
 * rules.h - weir-audit check: declarative rules on a record stream, run
 * in one pass, each passing or failing with what was observed.
 *
 * A rules file is JSON (weir-formats(5)):
 *
 *	{ "rules": [ { "check": "not_null", "column": "email" },
 *	             { "check": "between", "column": "age", "min": 0,
 *	               "max": 120, "severity": "warn" }, ... ] }
 *
 * Checks on values, judged record by record (a failing record can go to
 * --bad-rows; missing values pass all but not_null):
 *   not_null            no missing value (absent, empty or null)
 *   in      values      every value one of the list (strings, compared
 *                       as bytes; numbers as their JSON text)
 *   between min max     every value a number within [min, max] (either
 *                       bound may be left out)
 *   pattern pattern     every value matches the POSIX extended regular
 *                       expression (unanchored: write ^ and $)
 *   type    type        every value is an integer, number, bool, date,
 *                       datetime or string (as weir-audit profile types)
 *   unique              no value twice (sorted in bounded memory)
 *   foreign_key file, ref_column
 *                       every value is present in that column of that
 *                       file (default: the same name); both sides sorted
 *                       in bounded memory
 * Checks on a column as a whole (from its profile):
 *   max_missing_share max      missing / records at most max
 *   mean_between min max       the mean of the numbers
 *   quantile_between q min max the q-quantile (exact, or within the
 *                              profile's rank error)
 *   distinct_between min max   distinct values (exact up to 1000, else
 *                              within 0.81% standard error)
 * Checks on the table:
 *   rows_between min max       the number of records
 *   columns names [exact]      these columns present (exact: no others)
 *   freshness column max_age_days
 *                              the latest date of the column at most that
 *                              many days before now (SOURCE_DATE_EPOCH
 *                              when set)
 * Every rule may have "severity": "error" (the default) or "warn", and a
 * "name".  A rule on a column the data does not have fails.
 */
#ifndef WEIR_STATS_RULES_H
#define WEIR_STATS_RULES_H

#include <stdio.h>

#include <jansson.h>

#include "badrows.h"
#include "err.h"
#include "rec.h"
#include "stats/profile.h"

struct weir_rules;

/* EX_DATAERR naming the rule for a malformed file. */
struct weir_rules	*weir_rules_load(const char *path, size_t memory,
			    struct weir_err *);
/*
 * One record against header h.  Returns the number of value rules it
 * broke; with bad non-NULL and a failure, *why names the first (for
 * --bad-rows).  -1 on an error (of a sort's temporary file).
 */
int			 weir_rules_record(struct weir_rules *,
			    const struct weir_header *h,
			    const struct weir_rec *r, const char **why,
			    const char **column, struct weir_err *);
/* The end of the records: judge the rest (sorts, profile, table). */
int			 weir_rules_finish(struct weir_rules *,
			    const struct weir_header *h, struct weir_err *);
/* The results as JSON; no_values: positions only, never a value. */
json_t			*weir_rules_results(const struct weir_rules *,
			    int no_values);
/* One line per rule for people. */
void			 weir_rules_report(const struct weir_rules *, FILE *);
/* Rules of severity error that failed, and of warn. */
void			 weir_rules_failed(const struct weir_rules *,
			    size_t *errors, size_t *warnings);
void			 weir_rules_free(struct weir_rules *);

/* A starting rules file from a profile (see weir-audit(1)). */
json_t			*weir_rules_suggest(struct weir_profile *);

#endif
