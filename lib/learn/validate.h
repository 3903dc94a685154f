/*
 * validate.h - how well a model does on rows it was not fitted on: a
 * holdout split of a table's rows, and k-fold cross-validation.
 *
 * Rows are indices into a struct weir_table.  Both draws come from
 * weir_model_shuffle() with the caller's seed, so they are the same on
 * every machine and for any number of threads.  Row lists come out in
 * ascending order, so that a fit depends on which rows were drawn, not on
 * the order of the draw.
 *
 * Ownership: a struct weir_holdout owns its two arrays until
 * weir_validate_holdout_release().  Nothing here keeps a pointer to its
 * arguments; the cross-validation models live only during the call.
 */
#ifndef WEIR_VALIDATE_H
#define WEIR_VALIDATE_H

#include <stddef.h>

#include "err.h"
#include "metrics.h"
#include "model.h"
#include "prep.h"

struct weir_holdout {
	size_t	*train;		/* rows to fit on, ascending */
	size_t	 ntrain;
	size_t	*test;		/* rows held out, ascending; NULL when none */
	size_t	 ntest;
};

/*
 * Split rows 0..nrows-1: round(fraction * nrows) of them, at least one,
 * drawn by seed, are held out and the rest are to train on; fraction 0
 * keeps every row to train on.  Fails with EX_DATAERR (and h empty) when
 * no row would be left to train on.
 */
int	weir_validate_holdout(struct weir_holdout *h, size_t nrows,
	    double fraction, unsigned long long seed, struct weir_err *e);
void	weir_validate_holdout_release(struct weir_holdout *h);

/*
 * The fold of each of n positions for k >= 1 folds: fold[i] in 0..k-1,
 * every fold n/k or n/k + 1 positions.  The draw uses seed + 1, apart
 * from the holdout's draw with seed.
 */
void	weir_validate_folds(size_t *fold, size_t n, size_t k,
	    unsigned long long seed);

/*
 * k-fold cross-validation over rows[0..n) of t, folds by o->seed: a model
 * of m's type, task and classes, fitted with o on the other folds,
 * predicts each fold in turn; mt gets the metrics of these out-of-fold
 * predictions.  m is only read (weir_model_init() is enough).  Fails with
 * EX_DATAERR when there are fewer rows than folds, EX_USAGE for k < 2,
 * or as weir_model_train() does.
 */
int	weir_validate_cv(const struct weir_model *m, const struct weir_table *t,
	    const size_t *rows, size_t n, size_t k,
	    const struct weir_model_opts *o, struct weir_metrics *mt,
	    struct weir_err *e);

/*
 * The metrics of out, m's predictions for rows[0..n) of t (nout numbers a
 * row, as weir_model_train() gives them), against the rows' targets.
 */
void	weir_validate_metrics(struct weir_metrics *mt,
	    const struct weir_model *m, const struct weir_table *t,
	    const size_t *rows, size_t n, const double *out);

#endif
