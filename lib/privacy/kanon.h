/*
 * kanon.h - equivalence classes of quasi-identifiers: their sizes for
 * k-anonymity, their distinct sensitive values for l-diversity, and the
 * re-identification risk under the prosecutor model.
 *
 * A class is keyed by the bytes of its (generalized) quasi-identifier
 * values, joined as sortkey.h parts so no two tuples share a key.  Memory
 * grows with the number of classes, not of records.  Distinct sensitive
 * values are counted exactly per class up to `cap` (enough to decide
 * l <= cap), by keyed 64-bit hashes of the values.
 */
#ifndef WEIR_PRIVACY_KANON_H
#define WEIR_PRIVACY_KANON_H

#include <stddef.h>
#include <stdint.h>

struct weir_kanon;

struct weir_risk {
	uint64_t	records;
	uint64_t	classes;
	uint64_t	smallest;	/* 0 without records */
	uint64_t	below_k;	/* records in classes smaller than k */
	uint64_t	uniques;	/* classes of one record */
	double		highest;	/* 1 / smallest */
	double		average;	/* mean over records of 1 / class size */
};

struct weir_kanon	*weir_kanon_new(unsigned cap);
/* One record: its class key and (NULL: none) its sensitive value. */
void			 weir_kanon_add(struct weir_kanon *, const void *key,
			    size_t len, const char *sens, size_t slen);
/*
 * A whole class of size records with these distinct sensitive hashes,
 * added to the one of that key (a roll-up of finer classes).
 */
void			 weir_kanon_add_class(struct weir_kanon *,
			    const void *key, size_t len, uint64_t size,
			    const uint64_t *sens, unsigned nsens);
/* The classes, in table order: *it starts at 0; 0 after the last. */
struct weir_kanon_entry {
	const void	*key;
	size_t		 len;
	uint64_t	 size;
	const uint64_t	*sens;
	unsigned	 nsens;
};
int			 weir_kanon_next(const struct weir_kanon *, size_t *it,
			    struct weir_kanon_entry *);
size_t			 weir_kanon_classes(const struct weir_kanon *);
/* The size and distinct sensitive values of a class (0, 0: unknown). */
void			 weir_kanon_class(const struct weir_kanon *,
			    const void *key, size_t len, uint64_t *size,
			    unsigned *distinct);
/*
 * Records that k (and l, 0: none) would suppress: those in classes
 * smaller than k or with fewer than l distinct sensitive values.
 */
uint64_t		 weir_kanon_suppressed(const struct weir_kanon *,
			    uint64_t k, unsigned l);
void			 weir_kanon_risk(const struct weir_kanon *, uint64_t k,
			    struct weir_risk *);
void			 weir_kanon_free(struct weir_kanon *);

#endif
