/*
 * kll.h - a KLL quantile sketch (Karnin, Lang and Liberty, "Optimal
 * Quantile Approximation in Streams", 2016) over doubles: quantiles and
 * ranks of a stream in memory that does not grow with it, mergeable.
 *
 * Guarantees, in plain words.  With parameter k (WEIR_KLL_K, 200, by
 * default):
 * - Exact while small: up to k values (added or merged in) every value
 *   is kept and every answer is exact; weir_kll_exact() says so and the
 *   error bound is then 0.  The (k+1)-th value starts the compactions.
 * - Beyond, for each quantile asked, with probability 99%: its true rank
 *   is within eps of q, and a rank given is within eps of the true one,
 *   where eps is the normalized rank error weir_kll_rank_error(),
 *   2.296 / k^0.9723: the formula Apache DataSketches gives for the
 *   single-quantile error of its KLL sketch at 99% confidence (1.33% at k
 *   200).  The capacities follow DataSketches' (a level at least 8 wide)
 *   so that its formula applies.  The bound holds whatever the order of
 *   the input and however the stream was split into shards merged later.
 * - Memory: about 3k + 8 log2(n / k) values (under 800 at k 200 for 10^12
 *   values, 8 bytes each), whatever n.
 * - The count, minimum and maximum are exact.
 *
 * Definitions.  rank(x) is the share of values <= x.  The q-quantile is the
 * "lower" quantile: the smallest x held such that rank(x) >= q, computed
 * as weight(<= x) >= q * n; while exact it is a value of the data (q 0.5 of
 * 1, 2, 3, 4 is 2).  q 0 gives the minimum, q 1 the maximum.
 *
 * Compactors of shrinking capacity (k at the top level, two thirds less
 * each level down, 8 at least) hold values of weight 2^level; when the
 * sketch holds more than the sum of the capacities, the lowest full level
 * sorts itself and sends every other value, from an offset drawn at
 * random, one level up.  The random bits come from splitmix64 seeded by
 * the caller, so a run repeats exactly.  NaN is not a number to rank: it
 * is ignored (not counted).  Infinities are values like any other.
 */
#ifndef WEIR_STATS_KLL_H
#define WEIR_STATS_KLL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define WEIR_KLL_K	200

struct weir_kll;

/* k 0: WEIR_KLL_K; k is kept within 8..65535. */
struct weir_kll	*weir_kll_new(unsigned k, uint64_t seed);
void		 weir_kll_add(struct weir_kll *, double x);
/*
 * dst takes src in (src unchanged; dst may be src).  Sketches of different
 * k merge into one of the smaller k, whose bound then applies.
 */
void		 weir_kll_merge(struct weir_kll *dst,
		    const struct weir_kll *src);
uint64_t	 weir_kll_count(const struct weir_kll *);
unsigned	 weir_kll_k(const struct weir_kll *);
/* The smallest and largest values added; NaN when empty. */
double		 weir_kll_min(const struct weir_kll *);
double		 weir_kll_max(const struct weir_kll *);
/* 1 while every value is held (answers exact), else 0. */
int		 weir_kll_exact(const struct weir_kll *);
/* The lower q-quantile (q in [0, 1]); NaN when empty or q is NaN. */
double		 weir_kll_quantile(struct weir_kll *, double q);
/* The share of values <= x; NaN when empty. */
double		 weir_kll_rank(struct weir_kll *, double x);
/* eps above: 0 while exact, else 2.296 / k^0.9723. */
double		 weir_kll_rank_error(const struct weir_kll *);
/* The same for any k (the bound a sketch of k will have). */
double		 weir_kll_rank_error_k(unsigned k);
/*
 * The items held, ascending, with their weights (which sum to the count);
 * valid until the sketch changes.
 */
size_t		 weir_kll_sorted(struct weir_kll *, const double **x,
		    const double **w);

/*
 * The whole state as weighted items, for a file to hold: a sketch
 * imported from it answers every query as the exported one did, and goes
 * on (adds, merges, compactions with the same random bits) exactly as the
 * exported one would have.
 */
struct weir_kll_state {
	unsigned	 k;
	uint64_t	 n;
	double		 min, max;	/* NaN when n is 0 */
	uint64_t	 rng;		/* the generator's state */
	size_t		 nitems;
	double		*x;		/* ascending */
	uint64_t	*w;		/* powers of two, summing to n */
};

/* Fills st with arrays of its own (weir_kll_state_release). */
void		 weir_kll_export(const struct weir_kll *,
		    struct weir_kll_state *st);
void		 weir_kll_state_release(struct weir_kll_state *);
/*
 * A sketch from a state; NULL when the state cannot be one (a weight not a
 * power of two, weights not summing to n, a NaN, an item outside min..max,
 * k out of range).  min and max NaN with n > 0: those of the items.
 */
struct weir_kll	*weir_kll_import(const struct weir_kll_state *);

/*
 * As JSON: {"k", "n", "compacted", "levels": [[values of weight 1],
 * [weight 2], ...]}, and once compacted also "min", "max" and "rng" (16
 * hex digits).  Infinities are the strings "inf" and "-inf".
 */
json_t		*weir_kll_json(const struct weir_kll *);
/* NULL when j is not what weir_kll_json() writes. */
struct weir_kll	*weir_kll_from_json(const json_t *j);
void		 weir_kll_free(struct weir_kll *);

#endif
