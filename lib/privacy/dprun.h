/*
 * dprun.h - weir-anonymize --dp: noisy aggregates of a record stream, one
 * record per group instead of the records.
 *
 * Reading keeps only the groups (and, with --user, at most N
 * contributions per user), never the records.  Values of --value are
 * clamped to --bounds and counted in fixed point: 10^-d, d the largest of
 * 0..6 with max(|L|, |U|) 10^d <= 2^31.  Contribution bounding keeps, per
 * user, the N records of least keyed hash (a key drawn for the run).
 *
 * The budget is split evenly between the queries a release makes (basic
 * composition): count: the count; sum: the sum; mean: a count and a sum;
 * histogram: the bins; plus, when groups come from the data and the
 * release has no count to judge them by (sum, histogram, or Gaussian
 * noise), a Laplace count used only to select groups.  Selecting groups
 * takes delta (half of it when Gaussian noise takes the other half).
 */
#ifndef WEIR_PRIVACY_DPRUN_H
#define WEIR_PRIVACY_DPRUN_H

#include <stdint.h>

#include "privacy/ledger.h"
#include "sink.h"
#include "source.h"

enum weir_dp_stat { WEIR_DP_COUNT, WEIR_DP_SUM, WEIR_DP_MEAN,
	WEIR_DP_HISTOGRAM };

struct weir_dp_opts {
	int		 stat;		/* enum weir_dp_stat */
	const char	*by;		/* NULL: one group */
	const char	*value;
	double		 lo, hi;	/* --bounds */
	unsigned	 bins;		/* histogram */
	double		 epsilon, delta;	/* delta 0: none */
	int		 gaussian;
	const char	*user;
	unsigned	 max_contrib;
	const char	*keys;		/* public groups, a CSV file */
	int		 seeded;	/* --insecure-seed: NOT private */
	uint64_t	 seed;
};

struct weir_dp;

/*
 * The options that go together (have_bounds: --bounds was given), and
 * the defaults (one contribution per user, 10 bins): NULL, or what is
 * wrong, for a usage message.
 */
const char	*weir_dp_check(struct weir_dp_opts *, int have_bounds,
		    const struct weir_budget *);
/*
 * The whole release from in (opened on path) to out (open, not started):
 * read, spend the budget (0 and nothing written when the ledger refuses:
 * 1), write.  A NULL budget or one without a file spends nothing.
 */
int		 weir_dp_release(const struct weir_dp_opts *,
		    const struct weir_budget *, const char *path,
		    struct weir_source *in, const struct weir_header *h,
		    struct weir_sink *out, const struct weir_wopts *,
		    struct weir_err *);

/*
 * Check the options against the header h (64 on unknown columns, missing
 * bounds, epsilon or delta that cannot do what is asked), then read every
 * record of in.  NULL with e.
 */
struct weir_dp	*weir_dp_read(const struct weir_dp_opts *, struct weir_source *in,
		    const struct weir_header *h, struct weir_bad *bad,
		    struct weir_err *);
/* What the release spends, for the budget ledger, and a line for people. */
void		 weir_dp_spend(const struct weir_dp *, double *epsilon,
		    double *delta, const char **what);
/* Draw the noise and write the groups to out (open, not started). */
int		 weir_dp_write(struct weir_dp *, struct weir_sink *out,
		    const struct weir_wopts *, struct weir_err *);
void		 weir_dp_free(struct weir_dp *);

#endif
