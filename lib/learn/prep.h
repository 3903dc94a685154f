/*
 * prep.h - from records to the numbers a model is fitted on: the training
 * table held in memory, column kinds, imputation, scaling and one-hot
 * encoding, learned on training rows and applied again at prediction time.
 *
 * Three stages:
 *
 * 1. A table (struct weir_table) takes the records of a training stream
 *    one at a time and keeps them column by column: numeric features as
 *    doubles (NaN = missing), categorical features as codes into a list of
 *    the distinct values seen (0 = missing), the target as a number or a
 *    class index.  Column kinds are decided after the first
 *    WEIR_PREP_SNIFF records (which are kept as text until then): a column
 *    is numeric when every non-empty value among them is a number (RFC 8259
 *    syntax, as weir's typing elsewhere), categorical otherwise, unless
 *    --numeric or --categorical said.  A later record with a non-numeric
 *    value in a numeric column, or no target value, is a bad record: the
 *    table gives it to the opts.bad callback and leaves it out.  Empty text
 *    and JSON null are missing values.
 *
 * 2. weir_prep_fit() learns the preprocessing (struct weir_prep) from a set
 *    of the table's rows, and weir_prep_matrix() writes those or other rows
 *    as a row-major float32 matrix of weir_prep.width columns:
 *      numeric      one column: (x - center) / scale, missing values
 *                   replaced by the mean or median of the fitting rows
 *                   first; with keep_missing (trees) missing stays NaN.
 *                   weir_prep_fit() sets scale to 1 and, with the
 *                   center option, center to the mean of the (imputed)
 *                   column and sd to its standard deviation, for linear
 *                   solvers to standardize with: the matrix then holds
 *                   x - center, exact for most data in float32.  Only
 *                   when some x - center of the table would be beyond
 *                   the range of a float32 is scale a power of two (2),
 *                   and sd that of the column divided by it.  A model
 *                   read from JSON may hold any scale.
 *      categorical  one 0/1 column per kept level (sorted bytewise), then
 *                   "other" when some level was merged (rarer than
 *                   min_count, or beyond max_levels), then "missing" when
 *                   a fitting row had no value.  A level not kept maps to
 *                   "other", a missing value to "missing"; when that column
 *                   does not exist the value contributes all zeros.
 *
 * 3. At prediction time weir_prep_apply() turns one record into one row,
 *    by column name, through a struct weir_prep_map built against the
 *    input's header.
 *
 * The storage rule, the same for training and prediction: a number is
 * held as the float32 (x - center) / scale, computed in double, and a
 * value for which that is beyond the range of a float32 (a magnitude over
 * FLT_MAX, about 3.4e38) cannot be held.  It is a bad record, naming the
 * column and the value: in the table (where center is 0 and scale 1, as
 * they are not known yet) and in weir_prep_apply().  The fit then chooses
 * the scale so that every value of the table fits.  Rounding to float32
 * may take a value near 0 (a denormal double) to 0; -0 is 0.
 *
 * Ownership: the table, the prep and the map own everything they point
 * to; strings passed in are copied.  A prep read from JSON is complete in
 * itself.  Nothing keeps pointers into records.
 */
#ifndef WEIR_PREP_H
#define WEIR_PREP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "mem.h"
#include "num.h"
#include "rec.h"
#include "stream.h"

#define WEIR_PREP_SNIFF		1000	/* records that decide column kinds */
#define WEIR_PREP_MAXCLASS	65536	/* distinct target values, classification */

enum weir_kind {
	WEIR_KIND_NUMERIC = 1,
	WEIR_KIND_CATEGORICAL
};

/* Numbers as text: weir_num_parse(), weir_num_format() (num.h). */

/* 1. The training table. */

struct weir_table_opts {
	const char	*target;
	const char	*features;	/* column lists (cols.h), or NULL */
	const char	*ignore;
	const char	*numeric;
	const char	*categorical;
	int		 classify;	/* -1: infer, 0: regression, 1: classes */
	/* Called for each bad record (e says why): 0 to go on, -1 to stop. */
	int		(*bad)(void *arg, const struct weir_badrec *,
			    struct weir_err *e);
	void		*arg;
};

/*
 * A column's values are kept in blocks of WEIR_TBLOCK rows, so that the
 * table grows without copying; read them with weir_tcol_num() and
 * weir_tcol_code().
 */
#define WEIR_TBLOCK_BITS	16
#define WEIR_TBLOCK		((size_t)1 << WEIR_TBLOCK_BITS)

struct weir_tcol {
	char			*name;
	size_t			 hcol;		/* index in the input header */
	int			 kind;		/* enum weir_kind */
	double			**num;		/* numeric: blocks of values */
	uint32_t		**code;		/* categorical: blocks of codes */
	size_t			 nblock;
	struct weir_header	 levels;	/* categorical: code i+1 = name[i] */
	double			 min, max;	/* numeric: of those kept */
};

static inline double
weir_tcol_num(const struct weir_tcol *c, size_t row)
{
	return c->num[row >> WEIR_TBLOCK_BITS][row & (WEIR_TBLOCK - 1)];
}

/* 0: missing; else level code - 1 of levels. */
static inline uint32_t
weir_tcol_code(const struct weir_tcol *c, size_t row)
{
	return c->code[row >> WEIR_TBLOCK_BITS][row & (WEIR_TBLOCK - 1)];
}

struct weir_table {
	struct weir_tcol	*col;		/* the features, in order */
	size_t			 ncol;
	size_t			 nrows;		/* good rows kept */
	unsigned long		 nbad;		/* rows given to opts.bad */
	char			*target;
	int			 classify;	/* decided at the end */
	double			*y;		/* value, or class index */
	char			**classes;	/* classification: sorted */
	size_t			 nclass;
	struct weir_table_priv	*priv;
};

struct weir_table	*weir_table_new(const struct weir_table_opts *);
/*
 * Take one record, read with header h (which may grow between calls, for
 * JSON).  0: taken (or handed to opts.bad); -1: an error in e (usage 64 for
 * an unknown column in a list, 65 when the target column is missing, or
 * what opts.bad returned).
 */
int	weir_table_put(struct weir_table *, const struct weir_header *h,
	    const struct weir_rec *rec, struct weir_err *e);
/* The input has ended: decide what is left, settle the classes. */
int	weir_table_finish(struct weir_table *, const struct weir_header *h,
	    struct weir_err *e);
void	weir_table_free(struct weir_table *);

/* 2. Preprocessing. */

struct weir_prep_opts {
	int	 median;	/* impute the median instead of the mean */
	long	 min_count;	/* levels seen fewer times become "other" */
	long	 max_levels;	/* keep at most this many levels; 0: no limit */
	int	 center;	/* center numeric features, measure their sd */
	int	 keep_missing;	/* numeric missing stays NaN (trees) */
};

struct weir_pfeat {
	char			*name;
	int			 kind;
	double			 impute;	/* NaN: missing stays missing */
	double			 center, scale;
	double			 sd;		/* with center; else 1 (not in JSON) */
	struct weir_header	 levels;	/* categorical, kept levels */
	int			 other, missing;	/* have those columns */
	size_t			 off, width;	/* columns in the row */
	size_t			 merged;	/* levels merged into "other" */
};

struct weir_prep {
	struct weir_pfeat	*f;
	size_t			 n;
	size_t			 width;
};

/* Learn from rows[0..nrows) of t.  The prep must be released after. */
void	weir_prep_fit(struct weir_prep *, const struct weir_table *t,
	    const size_t *rows, size_t nrows, const struct weir_prep_opts *);
/* Rows rows[0..n) of t as n * width floats into x. */
void	weir_prep_matrix(const struct weir_prep *, const struct weir_table *t,
	    const size_t *rows, size_t n, float *x);
void	weir_prep_release(struct weir_prep *);
/* Each column's standard deviation (1 for one-hot columns): width of them. */
void	weir_prep_col_sd(const struct weir_prep *, double *sd);
/* The feature that column col (< width) of a row belongs to. */
const struct weir_pfeat *weir_prep_column(const struct weir_prep *,
	    size_t col);

/* [{"name": ..., "kind": "numeric", ...}, ...], see weir-formats(5). */
json_t	*weir_prep_to_json(const struct weir_prep *);
int	weir_prep_from_json(struct weir_prep *, const json_t *features,
	    struct weir_err *e);

/* 3. One record at a time. */

struct weir_prep_map {
	long		*feat;		/* input column -> feature index, or -1 */
	size_t		 n;		/* input columns mapped so far */
	size_t		*stamp;		/* per feature: last record that set it */
	size_t		 serial;
	struct weir_buf	 raw;		/* the text of the last bad record */
};

/* Map the columns of h not yet mapped (call again when h has grown). */
void	weir_prep_map_update(const struct weir_prep *, struct weir_prep_map *,
	    const struct weir_header *h);
/* The first feature that h lacks, or NULL. */
const char *weir_prep_map_missing(const struct weir_prep *,
	    const struct weir_header *h);
void	weir_prep_map_release(struct weir_prep_map *);

#define WEIR_PREP_LENIENT	1	/* a non-number is a missing value */

/*
 * rec (read with header h) as one row of width floats.  0, or WEIR_BAD
 * with bad and e filled for a non-number in a numeric feature, or a number
 * the storage rule above cannot hold (even with WEIR_PREP_LENIENT: such a
 * value is not missing); bad->raw points into m and lasts until the next
 * call.
 */
int	weir_prep_apply(const struct weir_prep *, struct weir_prep_map *,
	    const struct weir_header *h, const struct weir_rec *rec,
	    float *row, int flags, struct weir_badrec *bad,
	    struct weir_err *e);

#endif
