/*
 * hll.h - HyperLogLog distinct counting (Flajolet, Fusy, Gandouet and
 * Meunier, 2007) over 64-bit hashes, mergeable.
 *
 * Guarantees, in plain words: 2^14 one-byte registers (16 KiB, whatever
 * the count); the estimate's relative standard error is 1.04 / sqrt(2^14)
 * = 0.81% (weir_hll_error()): it is within 0.81% of the true count about
 * two times in three and within 2.4% (three standard errors) all but about
 * three times in a thousand, from a handful of distinct values to
 * billions.  The estimator is Ertl's improved raw estimator ("New
 * cardinality estimation algorithms for HyperLogLog sketches", 2017, with
 * its sigma and tau corrections): unbiased over the whole range without
 * empirical bias tables.  Adding a value again changes nothing; merging
 * (register by register, the larger) gives exactly the sketch of the
 * union, so shards merge in any order to the same bytes.
 *
 * The caller hands in a 64-bit hash of each value; it goes through
 * MurmurHash3's finalizer here, so a weak hash (even the value itself, for
 * integers) is enough.  Equal values must have equal hashes across the
 * sketches merged.
 */
#ifndef WEIR_STATS_HLL_H
#define WEIR_STATS_HLL_H

#include <stddef.h>
#include <stdint.h>

#define WEIR_HLL_P	14
#define WEIR_HLL_M	(1u << WEIR_HLL_P)	/* registers, bytes */

struct weir_hll;

struct weir_hll	*weir_hll_new(void);
void		 weir_hll_add(struct weir_hll *, uint64_t hash);
void		 weir_hll_merge(struct weir_hll *dst,
		    const struct weir_hll *src);
/* The number of distinct hashes added (0 when none). */
double		 weir_hll_estimate(const struct weir_hll *);
/* The relative standard error, 1.04 / sqrt(WEIR_HLL_M). */
double		 weir_hll_error(void);
/*
 * The registers: WEIR_HLL_M bytes, each 0..51, valid while the sketch
 * lives.  A sketch from them: NULL when n is not WEIR_HLL_M or a register
 * is out of range.
 */
const uint8_t	*weir_hll_registers(const struct weir_hll *);
struct weir_hll	*weir_hll_from_registers(const uint8_t *reg, size_t n);
/* The registers as base64 (malloc'd), and back (NULL if damaged). */
char		*weir_hll_base64(const struct weir_hll *);
struct weir_hll	*weir_hll_from_base64(const char *);
void		 weir_hll_free(struct weir_hll *);

#endif
