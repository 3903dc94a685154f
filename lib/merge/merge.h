/*
 * merge.h - weir-merge: relational joins of two record streams, and
 * appends of several.
 *
 * Joins pair records whose keys are equal: the key is the values of the
 * key columns, compared as exact text, as numbers (numeric: 7, 7.0 and 07
 * are one key) or with case folded.  A record missing a key value matches
 * nothing.  The output has the left record's columns, then the right's
 * without its key columns (semi and anti joins: the left's only); a name
 * both sides have gets a suffix.
 *
 * Order is deterministic: left input order, and for one left record its
 * matches in right input order; the unmatched right records of right and
 * full joins come after, in right input order.  The usual case streams:
 * the right input (the build side) is held in a hash table and the left
 * is read once.  When the build side does not fit in `memory`, both sides
 * are partitioned by key hash into temporary files and joined partition
 * by partition (again partitioned, with another hash, when one is still
 * too big), and the joined records go through an external sort on their
 * input positions (line numbers, which grow through an input), which
 * restores the order.  --build left holds the left side instead and
 * always restores the order that way.  --sorted joins inputs sorted on the
 * key in one streaming pass.
 */
#ifndef WEIR_MERGE_MERGE_H
#define WEIR_MERGE_MERGE_H

#include <stddef.h>

#include "err.h"
#include "rec.h"
#include "sink.h"
#include "source.h"

enum weir_join_type { WEIR_JOIN_INNER, WEIR_JOIN_LEFT, WEIR_JOIN_RIGHT,
	WEIR_JOIN_FULL, WEIR_JOIN_SEMI, WEIR_JOIN_ANTI };
enum weir_expect { WEIR_EXPECT_ANY, WEIR_EXPECT_ONE_ONE,
	WEIR_EXPECT_MANY_ONE, WEIR_EXPECT_ONE_MANY };

struct weir_join_opts {
	int		 type;		/* enum weir_join_type */
	const char	*left_on;	/* column lists */
	const char	*right_on;
	int		 numeric;
	int		 icase;
	int		 build_left;
	int		 sorted;
	int		 expect;	/* enum weir_expect */
	const char	*suffix[2];	/* for clashing names: left, right */
	size_t		 memory;
	const char	*columns;	/* -c after the join */
	const char	*unmatched[2];	/* files for unmatched records */
};

/* What a join counts, for -v and the lineage log. */
struct weir_join_counts {
	unsigned long	read[2];
	unsigned long	matched[2];	/* records with a partner */
	unsigned long	unmatched[2];
	unsigned long	out;
	unsigned long	partitions;
};

/*
 * Join left and right (opened, headers complete) into out, which is
 * opened and not started: 0, or -1 with e (EX_USAGE for key columns that
 * do not exist, EX_DATAERR for an --expect violation or unsorted input).
 */
int	weir_join_run(const struct weir_join_opts *, struct weir_source *left,
	    struct weir_source *right, struct weir_sink *out,
	    const struct weir_wopts *wo, const struct weir_cli *cli,
	    struct weir_join_counts *, struct weir_err *);

struct weir_append_opts {
	int		 strict;
	const char	*source_column;
	const char	*columns;
};

/* Append inputs (opened, headers complete) into out, not started. */
int	weir_append_run(const struct weir_append_opts *,
	    struct weir_source *in, char *const *names, size_t n,
	    struct weir_sink *out, const struct weir_wopts *wo,
	    unsigned long *count, struct weir_err *);

#endif
