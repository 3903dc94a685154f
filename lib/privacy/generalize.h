/*
 * generalize.h - coarser values for quasi-identifiers (weir-anonymize
 * --generalize COL=SPEC), one level at a time so a search can walk a
 * lattice of levels.  Level 0 is the value itself; a spec with several
 * steps ("width:5,10,20,*") has one level per step.
 *
 *   width:W[,W2...]   numbers to bins of width W: "30-39" for integers and
 *                     an integer W, else "[30,40)"
 *   edges:a,b,c       numbers to "<a", "[a,b)", "[b,c)", ">=c"
 *   top:X / bottom:X  numbers above X become ">X" (below: "<X"); others
 *                     stay (top and bottom coding)
 *   year, quarter, month, week
 *                     ISO dates (and the date of a datetime) to "2024",
 *                     "2024-Q1", "2024-01", "2024-W01" (ISO 8601 weeks);
 *                     "date:month,year" gives two levels
 *   prefix:N[,N2...]  the first N characters, then one '*' per character
 *                     left ("021**")
 *   hierarchy:FILE    an ARX hierarchy: a CSV file (any delimiter weir
 *                     detects, no header) whose rows are a value, then its
 *                     level 1, level 2, ...; a value not in it is an error
 *   *                 (as a step) every value becomes "*"
 *
 * SPEC@N picks the level a plain --generalize applies (default 1, the
 * first step; 0 leaves values as they are); weir-anonymize --auto prints
 * its choice in this form.
 *
 * A value that the spec cannot read (a word in a numeric column) is an
 * error for the caller to report; missing values stay missing.
 */
#ifndef WEIR_PRIVACY_GENERALIZE_H
#define WEIR_PRIVACY_GENERALIZE_H

#include <stddef.h>

#include "err.h"
#include "mem.h"
#include "rec.h"

enum weir_gen_kind { WEIR_GEN_WIDTH, WEIR_GEN_EDGES, WEIR_GEN_TOP,
	WEIR_GEN_BOTTOM, WEIR_GEN_DATE, WEIR_GEN_PREFIX, WEIR_GEN_ALL,
	WEIR_GEN_HIER };
enum weir_gen_unit { WEIR_GEN_YEAR, WEIR_GEN_QUARTER, WEIR_GEN_MONTH,
	WEIR_GEN_WEEK };

struct weir_gen_step {
	int	 kind;		/* enum weir_gen_kind */
	double	 x;		/* width, top, bottom */
	size_t	 n;		/* prefix */
	int	 unit;		/* date */
};

struct weir_gen {
	struct weir_gen_step	*step;	/* level k uses step[k - 1] */
	size_t			 nstep;
	double			*edges;
	size_t			 nedges;
	struct weir_header	*hier;	/* hierarchy: its values */
	char			**hlevel;	/* value i's level k: [i*nstep+k-1] */
	size_t			 level;		/* SPEC@N, else 1 */
	char			*spec;		/* SPEC without @N */
};

/* EX_USAGE with "--generalize age=width:x: ..." on a bad spec. */
int	weir_gen_parse(struct weir_gen *, const char *spec, struct weir_err *);
/* Levels above the value itself. */
size_t	weir_gen_levels(const struct weir_gen *);
/* s at level (0: itself) into out; -1 with e when s cannot be read. */
int	weir_gen_apply(const struct weir_gen *, size_t level, const char *s,
	    size_t len, struct weir_buf *out, struct weir_err *);
void	weir_gen_release(struct weir_gen *);

#endif
