/*
 * krun.h - k-anonymity, l-diversity and the risk report over a record
 * stream (weir-anonymize --k, --l, --risk): the records, anonymized by
 * the column operations, are read once into a spill while their
 * equivalence classes are counted (memory: the classes, not the records),
 * then replayed: a record of a class smaller than k, or with fewer than l
 * distinct sensitive values, is suppressed (left out, or its
 * quasi-identifiers set to "*").  More suppression than max_suppress
 * allows is exit 1 before any record is written.
 */
#ifndef WEIR_PRIVACY_KRUN_H
#define WEIR_PRIVACY_KRUN_H

#include <stdint.h>

#include "sink.h"
#include "source.h"

struct weir_gen;

struct weir_krun_opts {
	const char	*quasi;		/* column list, of the output */
	uint64_t	 k;		/* 0: no k-anonymity (risk only) */
	unsigned	 l;
	const char	*sensitive;
	int		 suppress_values;
	double		 max_suppress;
	int		 risk;		/* the report on stderr */
	const char	*risk_json;	/* and as JSON in this file */
	/*
	 * --auto: gen[c] is output column c's levels (NULL: none); the
	 * quasi-identifiers are generalized at the levels the lattice
	 * search picks (lattice.h), then suppressed as above.
	 */
	const struct weir_gen *const *gen;
};

/* NULL, or what is wrong with the options (autopick: --auto), for usage. */
const char *weir_krun_check(const struct weir_krun_opts *, int autopick);
/*
 * in gives anonymized records against h; out is open, not started.  With
 * k == 0 only the risk is reported and no record is written.  Returns 0,
 * 1 when the suppression limit would be passed (after the message), -1.
 */
int	weir_krun(const struct weir_krun_opts *, struct weir_source *in,
	    const struct weir_header *h, struct weir_sink *out,
	    const struct weir_wopts *wo, struct weir_err *);

#endif
