/*
 * kll.h - a KLL quantile sketch (Karnin, Lang and Liberty, "Optimal
 * Quantile Approximation in Streams", 2016) over doubles: mergeable,
 * memory O(k) whatever the number of values.
 *
 * Compactors of shrinking capacity (k at the top, two thirds less each
 * level down, 2 at least) hold values of weight 2^level; a full one sorts
 * itself and promotes every other value, from a random offset, one level
 * up.  Until the first compaction every value is kept and the sketch is
 * exact.  A quantile q is the smallest item whose cumulative weight
 * reaches q times the count ("lower" quantile); its rank is within the
 * normalized rank error of q with high probability: Apache DataSketches'
 * formula for KLL, 2.296 / k^0.9723 (1.33% at k 200).  The random offsets
 * come from a generator seeded by the caller, so runs repeat.
 */
#ifndef WEIR_STATS_KLL_H
#define WEIR_STATS_KLL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct weir_kll;

struct weir_kll	*weir_kll_new(unsigned k, uint64_t seed);
void		 weir_kll_add(struct weir_kll *, double x);
void		 weir_kll_merge(struct weir_kll *dst, const struct weir_kll *src);
uint64_t	 weir_kll_count(const struct weir_kll *);
int		 weir_kll_exact(const struct weir_kll *);
/* NaN when empty. */
double		 weir_kll_quantile(struct weir_kll *, double q);
/* The share of values <= x. */
double		 weir_kll_rank(struct weir_kll *, double x);
double		 weir_kll_rank_error(const struct weir_kll *);
/* The items, ascending, with their weights; valid until the next add. */
size_t		 weir_kll_sorted(struct weir_kll *, const double **x,
		    const double **w);
json_t		*weir_kll_json(const struct weir_kll *);
/* NULL when j is not what weir_kll_json() writes. */
struct weir_kll	*weir_kll_from_json(const json_t *j);
void		 weir_kll_free(struct weir_kll *);

#endif
