/*
 * anon.h - weir-anonymize's column operations on a record stream, in the
 * order weir-anonymize(1) states: --drop, --pseudonymize, --mask,
 * --redact, --generalize.  Columns not named pass through; missing values
 * stay missing.  Every column named must exist (64 before any record).
 */
#ifndef WEIR_PRIVACY_ANON_H
#define WEIR_PRIVACY_ANON_H

#include <stddef.h>

#include "badrows.h"
#include "err.h"
#include "rec.h"

struct weir_gen;

struct weir_anon_list {
	const char	**v;
	size_t		  n;
};

struct weir_anon_opts {
	const char		*drop;
	const char		*pseudonymize;
	const char		*key_file;
	const char		*domain;
	int			 fold;
	size_t			 length;	/* pseudonym characters */
	const char		*prefix;
	struct weir_anon_list	 masks;		/* COL=SPEC */
	struct weir_anon_list	 redacts;	/* COL=email,phone,... */
	struct weir_anon_list	 generalize;	/* COL=SPEC */
	const char		*defer;		/* columns whose --generalize
						   --auto applies (not here) */
};

/* What changed, for -v and the lineage log. */
struct weir_anon_counts {
	unsigned long	pseudonymized, masked, redacted, generalized;
};

struct weir_anon;

struct weir_anon	*weir_anon_new(const struct weir_anon_opts *,
			    const struct weir_header *in, struct weir_err *);
const struct weir_header *weir_anon_header(const struct weir_anon *);
/* 0 with *out; WEIR_BAD with *bad (a value --generalize cannot read). */
int			 weir_anon_apply(struct weir_anon *,
			    const struct weir_rec *in,
			    const struct weir_rec **out,
			    const struct weir_badrec **bad, struct weir_err *);
/* The --generalize spec of output column out, or NULL. */
const struct weir_gen	*weir_anon_gen(const struct weir_anon *, size_t out);
const struct weir_anon_counts *weir_anon_counts(const struct weir_anon *);
/* Per input column: 1 when an operation treats it (for --scan --strict). */
const unsigned char	*weir_anon_covered(const struct weir_anon *);
void			 weir_anon_free(struct weir_anon *);

#endif
