/*
 * hll.h - HyperLogLog distinct counting (Flajolet et al. 2007) with
 * 2^14 one-byte registers (16 KiB): relative standard error
 * 1.04 / sqrt(16384) = 0.81%, from a handful of values to billions.
 * The estimate is Ertl's ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017), unbiased over the whole range without
 * bias tables.  Sketches merge (register by register, the larger).
 * Callers hand in 64-bit hashes; they are mixed again here, so a fast
 * hash of the bytes (hash.h) is enough.
 */
#ifndef WEIR_STATS_HLL_H
#define WEIR_STATS_HLL_H

#include <stdint.h>

#define WEIR_HLL_P	14
#define WEIR_HLL_M	(1u << WEIR_HLL_P)

struct weir_hll;

struct weir_hll	*weir_hll_new(void);
void		 weir_hll_add(struct weir_hll *, uint64_t hash);
void		 weir_hll_merge(struct weir_hll *dst, const struct weir_hll *src);
double		 weir_hll_estimate(const struct weir_hll *);
double		 weir_hll_error(void);
/* The registers as base64 (malloc'd), and back (NULL if damaged). */
char		*weir_hll_base64(const struct weir_hll *);
struct weir_hll	*weir_hll_from_base64(const char *);
void		 weir_hll_free(struct weir_hll *);

#endif
