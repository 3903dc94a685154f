/*
 * lattice.h - the generalization lattice of weir-anonymize --auto: for
 * quasi-identifiers each given as levels (age=width:5,10,20,*), the
 * combination of levels that makes every equivalence class k records (and
 * l distinct sensitive values) with the least information loss, within
 * the suppression limit.
 *
 * The records are read once: each quasi-identifier's distinct values get
 * their generalization at every level (computed once per distinct value),
 * and the most specific classes (tuples of distinct values) are counted
 * with their sensitive values.  A lattice node is judged by rolling those
 * classes up, never by reading records again; memory is the distinct
 * values and the most specific classes.
 *
 * Loss is Iyengar's loss metric as ARX computes it for hierarchies: a
 * value generalized to a group covering c of the column's D distinct
 * values loses (c - 1) / (D - 1); a suppressed record loses 1 in every
 * quasi-identifier; the loss of a node is the mean over records and
 * quasi-identifiers, in [0, 1].  Nodes are tried in order of a lower
 * bound of their loss (the loss without suppression, a sum over columns),
 * so the search stops as soon as no untried node can do better; when
 * every column's levels nest (each level a function of the one below),
 * a node that fails marks every node below it as failing unseen
 * (monotonicity).  Ties: fewer levels in total, then the lower level in
 * the first column that differs.
 */
#ifndef WEIR_PRIVACY_LATTICE_H
#define WEIR_PRIVACY_LATTICE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct weir_gen;
struct weir_kanon;
struct weir_lattice;

/* gen[d] NULL: column d keeps its values (one level). */
struct weir_lattice	*weir_lattice_new(const struct weir_gen *const *gen,
			    size_t ndim, unsigned l);
/*
 * One record: its value in every column (missing: length 0) and its
 * sensitive value (NULL: none).  -1 with e and *bad_dim when a value
 * cannot be generalized (nothing of the record is counted).
 */
int			 weir_lattice_add(struct weir_lattice *,
			    const char *const *v, const size_t *len,
			    const char *sens, size_t slen, size_t *bad_dim,
			    struct weir_err *);

struct weir_lattice_pick {
	const size_t	*level;		/* per column; the lattice owns it */
	int		 found;		/* else level is the top node */
	double		 loss;
	uint64_t	 suppressed;
	size_t		 nodes, evaluated, pruned;
	int		 monotone;
};

/* Too many nodes (over a million) is EX_USAGE. */
int			 weir_lattice_search(struct weir_lattice *,
			    uint64_t k, unsigned l, double max_suppress,
			    struct weir_lattice_pick *, struct weir_err *);
/* Column d's value s (added before) at level; NULL when never added. */
const char		*weir_lattice_value(const struct weir_lattice *,
			    size_t d, size_t level, const char *s, size_t len,
			    size_t *outlen);
/* The classes at these levels, keyed as weir_krun keys records. */
struct weir_kanon	*weir_lattice_classes(const struct weir_lattice *,
			    const size_t *level);
void			 weir_lattice_free(struct weir_lattice *);

#endif
