/*
 * profile.h - the data profile of weir-audit profile: per column, in one
 * pass and bounded memory, what a person checks before trusting data.
 *
 * Per column: the type the values share (integer, number, bool, date,
 * datetime, string; "empty" when none is present), values present and
 * missing (empty or null), distinct values, for numbers the minimum,
 * maximum, mean and standard deviation (Welford; sample, n - 1), the
 * quantiles p1 p5 p25 p50 p75 p95 p99, a histogram (numbers: 10 equal
 * bins from min to max; others: the top values and the rest), the most
 * frequent values, the length of the values in characters, and the share
 * of values that look numeric, like a date or like a bool.
 *
 * Exact, then sketched: the values and their counts are kept exactly
 * while a column has at most WEIR_PROFILE_EXACT_DISTINCT distinct values
 * (then distinct counts, top values and categorical histograms are
 * exact); beyond, distinct values come from a HyperLogLog (p 14: relative
 * standard error 0.81%) and top values from a Misra-Gries summary (a
 * count is low by at most the error stated).  The numbers themselves are
 * kept while a column has at most WEIR_PROFILE_EXACT_NUMBERS of them
 * (quantiles then exact: the smallest value whose rank reaches q); beyond,
 * from a KLL sketch (k 200), within the rank error stated.
 *
 * Profiles merge: the profile of concatenated inputs from the profiles of
 * the parts, counts, minima, maxima and exact tables exactly, means and
 * deviations by Chan's formula, sketches within their bounds.
 */
#ifndef WEIR_STATS_PROFILE_H
#define WEIR_STATS_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "rec.h"

#define WEIR_PROFILE_EXACT_DISTINCT	1000
#define WEIR_PROFILE_EXACT_NUMBERS	65536
#define WEIR_PROFILE_TOP		10
#define WEIR_PROFILE_BINS		10

struct weir_profile;

struct weir_profile_value {
	const char	*s;
	size_t		 len;
	uint64_t	 count;
};

/* One column's summary, computed from the state. */
struct weir_colsum {
	const char	*name;
	const char	*type;
	uint64_t	 count, missing;
	double		 distinct;
	int		 distinct_exact;
	int		 numeric;	/* min..quantiles hold */
	double		 min, max, mean, stddev;
	double		 q[7];		/* p1 p5 p25 p50 p75 p95 p99 */
	int		 q_exact;
	double		 q_error;	/* normalized rank error */
	struct weir_profile_value top[WEIR_PROFILE_TOP];
	size_t		 ntop;
	int		 top_exact;
	uint64_t	 top_error;	/* counts are low by at most this */
	double		 edges[WEIR_PROFILE_BINS + 1];
	uint64_t	 bins[WEIR_PROFILE_BINS];
	size_t		 nbins;		/* 0: no numeric histogram */
	uint64_t	 other;		/* values not in top */
	size_t		 len_min, len_max;
	double		 looks_numeric, looks_date, looks_bool;
};

extern const double weir_profile_q[7];

struct weir_profile	*weir_profile_new(void);
/* A record against its header (which may grow, as JSON input's does). */
void			 weir_profile_add(struct weir_profile *,
			    const struct weir_header *, const struct weir_rec *);
/*
 * The same on a second thread while the caller reads on: values are
 * copied into batches of 1 MiB and profiled in record order, so the
 * profile is the one weir_profile_add() makes.  NULL when no thread can
 * start.  Finish (which frees par) before reading the profile.
 */
struct weir_profile_par;
struct weir_profile_par	*weir_profile_par_new(struct weir_profile *);
void			 weir_profile_par_add(struct weir_profile_par *,
			    const struct weir_header *, const struct weir_rec *);
void			 weir_profile_par_finish(struct weir_profile_par *);
uint64_t		 weir_profile_records(const struct weir_profile *);
size_t			 weir_profile_columns(const struct weir_profile *);
/* Column i's summary; valid until the next call on the profile. */
const struct weir_colsum *weir_profile_column(struct weir_profile *, size_t i);
/* Column i's q-quantile of its numbers (NaN without numbers). */
double			 weir_profile_quantile(struct weir_profile *, size_t i,
			    double q);
/*
 * Column i's numbers as a distribution, ascending: the values themselves
 * (*w NULL) or the sketch's weighted items.  Valid until the next call.
 */
void			 weir_profile_dist(struct weir_profile *, size_t i,
			    const double **x, const double **w, size_t *n);
/* Column i's values with counts: every one (*exact) or the summary's. */
size_t			 weir_profile_values(struct weir_profile *, size_t i,
			    struct weir_profile_value **v, int *exact);
/* The profile as versioned JSON (weir-formats(5)), its state included. */
json_t			*weir_profile_json(struct weir_profile *);
/* Back from that JSON (what was, as a part to merge); NULL with e. */
struct weir_profile	*weir_profile_from_json(const json_t *, const char *what,
			    struct weir_err *);
/* dst takes src in: columns by name, new ones added. */
void			 weir_profile_merge(struct weir_profile *dst,
			    const struct weir_profile *src);
void			 weir_profile_free(struct weir_profile *);

#endif
