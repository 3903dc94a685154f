/*
 * clean.h - weir-clean's record pipeline: what the options ask for,
 * checked against the input's header, then applied to every record in
 * one fixed order (weir-clean(1) states it):
 *
 *   read (--ragged)  ->  select, drop, rename, --safe-names  ->  --nulls
 *   ->  --trim, --squeeze, --normalize, --case  ->  --schema (coerce)
 *   ->  --fill  ->  --require  ->  --clip  ->  --outliers
 *   ->  --drop-empty-rows  ->  --where  ->  --dedup  ->  --sort-by
 *   ->  write (--drop-empty-columns)
 *
 * Everything up to the coercion is one record at a time.  Fills with a
 * mean, median or mode, percentile clips and outlier rules need the whole
 * column first: the input is read once into a spill (a temporary file)
 * while the statistics are gathered, then replayed.  Dedup, sort and
 * dropping empty columns hold records in bounded memory (dedup.h,
 * extsort.h).  --memory bounds each of them.
 *
 * The pipeline borrows the options, the input header and the bad-row
 * policy; it owns the output header and every record it hands out (valid
 * until the next call into it).
 */
#ifndef WEIR_CLEAN_CLEAN_H
#define WEIR_CLEAN_CLEAN_H

#include <stddef.h>

#include "badrows.h"
#include "coerce.h"
#include "err.h"
#include "rec.h"

/* A repeatable option's values, in command-line order. */
struct weir_clean_list {
	const char	**v;
	size_t		  n;
};

enum weir_clean_action { WEIR_OUT_DROP, WEIR_OUT_NULL, WEIR_OUT_FLAG };

struct weir_clean_opts {
	const char		*columns;	/* -c: keep and order */
	const char		*drop;
	const char		*rename;	/* old=new,... */
	int			 safe_names;
	int			 nulls;		/* --nulls given */
	const char		*null_list;	/* NULL: the default set */
	int			 trim;
	int			 squeeze;
	int			 normalize;	/* -1, or enum weir_norm */
	struct weir_clean_list	 cases;		/* COL=lower|upper|title */
	const char		*schema;
	struct weir_coerce_opts	 coerce;
	int			 coerce_null;	/* --coerce-fail null */
	struct weir_clean_list	 fills;		/* COL=VALUE|mean|... */
	const char		*require;
	struct weir_clean_list	 clips;		/* COL=LOW,HIGH */
	struct weir_clean_list	 outliers;	/* COL=iqr|zscore[:K] */
	int			 outliers_action;
	int			 drop_empty_rows;
	int			 drop_empty_columns;
	struct weir_clean_list	 wheres;
	int			 dedup;
	const char		*dedup_by;
	int			 keep_last;
	int			 ignore_case;
	const char		*sort_by;
	size_t			 memory;
};

/* What each step changed, for -v, --dry-run and the lineage log. */
struct weir_clean_counts {
	unsigned long	in, out;
	unsigned long	padded, truncated;
	unsigned long	nulls, trimmed, squeezed, cased, normalized;
	unsigned long	coerced, coerce_nulled;
	unsigned long	filled, clipped, outliers;
	unsigned long	empty_rows, filtered, duplicates, empty_columns;
	unsigned long	spills;
};

struct weir_clean;

/*
 * Check the options against the input header (complete: JSON input is
 * replayed from a spill) and build the pipeline: NULL with EX_USAGE for
 * an unknown column or a malformed spec, EX_NOINPUT/EX_DATAERR for the
 * schema.  typed: the input is JSON (a fill value gets a type).  bad
 * is the policy records that fail a step go to.
 */
struct weir_clean	*weir_clean_new(const struct weir_clean_opts *,
			    const struct weir_header *in, int typed,
			    struct weir_bad *bad, struct weir_err *);
/* The header records come out with (final once the input has ended). */
const struct weir_header *weir_clean_header(const struct weir_clean *);
/* 1 when the input must be read twice (column statistics). */
int			 weir_clean_two_pass(const struct weir_clean *);

/*
 * First pass: a record as read, through the coercion; the record given
 * back is to be kept (spilled) for weir_clean_put() after
 * weir_clean_stats_done().  0 with *out (NULL: set aside as bad), -1.
 */
int			 weir_clean_first(struct weir_clean *,
			    const struct weir_rec *in,
			    const struct weir_rec **out, struct weir_err *);
int			 weir_clean_stats_done(struct weir_clean *,
			    struct weir_err *);

/*
 * The rest: a record after weir_clean_first() goes in; records come out
 * of weir_clean_get() as they are ready (all of them only after
 * weir_clean_end()).  One pass: feed weir_clean_first()'s records in
 * directly.
 */
int			 weir_clean_put(struct weir_clean *,
			    const struct weir_rec *, struct weir_err *);
int			 weir_clean_end(struct weir_clean *,
			    struct weir_err *);
/* 1 with a record, 0 when none is ready (or at the end), -1. */
int			 weir_clean_get(struct weir_clean *,
			    const struct weir_rec **, struct weir_err *);

const struct weir_clean_counts *weir_clean_counts(const struct weir_clean *);
/* What the reader did with rows of another width (--ragged). */
void			 weir_clean_set_ragged(struct weir_clean *,
			    unsigned long padded, unsigned long truncated);
/* One line per step that changed something (-v), and the lineage log. */
void			 weir_clean_report(const struct weir_clean *,
			    int verbose);
void			 weir_clean_free(struct weir_clean *);

#endif
