/*
 * ledger.h - the privacy budget of weir-anonymize --dp across runs.
 *
 * A JSON file (weir-formats(5)) holds, per dataset (the input's SHA-256 or
 * a name given with --dataset), the epsilon and delta spent so far and
 * every release.  Releases add up (basic composition).  A run takes an
 * exclusive flock(2) on FILE.lock, reads the ledger, refuses a release
 * that would pass the limit, and replaces the file atomically (a
 * temporary file, fsync, rename) before any record is written, so two
 * runs at once cannot both spend the last of a budget, and a crash never
 * leaves a torn ledger.  A release whose output then fails stays spent
 * (the noise may have been seen).
 */
#ifndef WEIR_PRIVACY_LEDGER_H
#define WEIR_PRIVACY_LEDGER_H

#include <stdio.h>

#include "err.h"

struct weir_ledger_spend {
	const char	*dataset;
	double		 epsilon, delta;		/* this release */
	double		 limit_epsilon, limit_delta;
	const char	*what;			/* "count by city" */
	int		 not_private;		/* --insecure-seed */
};

/* --budget FILE --budget-limit E[,D] [--dataset NAME] */
struct weir_budget {
	const char	*file;			/* NULL: no ledger */
	double		 limit_epsilon, limit_delta;
	const char	*dataset;		/* NULL: the input's SHA-256 */
};

/* "E" or "E,D" of --budget-limit: E above 0, D from 0 to 1; -1 said. */
int	weir_ledger_limit(const char *arg, double *epsilon, double *delta);
/* 0 when recorded, 1 when refused (said on stderr), -1 with e. */
int	weir_ledger_spend(const char *path, const struct weir_ledger_spend *,
	    struct weir_err *);
/* What was spent on what, as a table. */
int	weir_ledger_show(const char *path, FILE *out, struct weir_err *);

#endif
