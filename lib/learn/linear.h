/*
 * linear.h - linear models on a float32 matrix: least squares with an L2
 * penalty (ridge), and logistic regression, binary or multinomial, with
 * L2 and optional L1 penalties.
 *
 * x is n rows of nfeat floats, row-major.  sd[j] (NULL: all 1) is the
 * scale of column j: the penalties apply to the weights of the columns
 * divided by sd, as if they had been standardized, while x and the
 * weights returned stay in the columns' own units (so a float32 matrix
 * of centered values loses nothing to the division, and an exact fit
 * stays exact).  With u_j = w_j * sd_j, least squares minimizes
 *   sum_i (y_i - b - w.x_i)^2 + l2 ||u||^2
 * exactly: the normal equations of the centered problem, summed in double,
 * solved by Cholesky.  When they are singular (l2 = 0 with collinear
 * columns, such as a full one-hot encoding beside the intercept) a ridge
 * of 1e-10 times the mean diagonal is added, growing tenfold until the
 * factorization succeeds, and a few steps of iterated Tikhonov
 * regularization then take the answer to the minimum-norm solution.
 *
 * Logistic regression minimizes
 *   sum_i c_i * logloss_i + l2/2 ||U||^2 + l1 ||U||_1
 * which is scikit-learn's LogisticRegression(C = 1/l2) on columns scaled
 * by 1/sd, for l1 = 0 (the loss summed, not averaged; intercepts not
 * penalized); the solver works on U.  y_i is a class
 * index 0..nclass-1; two classes have one weight vector (class 1 against
 * class 0), more have one per class (softmax).  c_i is sw[i], or 1 when sw
 * is NULL.  The solver is L-BFGS (10 pairs, backtracking Armijo line
 * search); with l1 > 0, OWL-QN (Andrew and Gao 2007).  It stops when the
 * 2-norm of the (pseudo-)gradient falls to tol times its value at the
 * start, or when a step can no longer decrease the objective by more than
 * 1e-15 of its value (the limit of double precision): both count as
 * converged; or, not converged, after max_iter iterations.
 *
 * Sums over rows run in fixed chunks of rows whose partial sums are added
 * in chunk order, on as many threads as asked: the result is the same bit
 * for bit whatever the number of threads.
 */
#ifndef WEIR_LINEAR_H
#define WEIR_LINEAR_H

#include <stddef.h>

#include "err.h"

struct weir_linear_params {
	int	 logistic;	/* 0: least squares */
	int	 nclass;	/* logistic: classes (>= 2) */
	double	 l2, l1;
	double	 tol;		/* logistic: relative gradient norm */
	int	 max_iter;	/* logistic */
	int	 threads;	/* 0: every online CPU */
};

struct weir_linear {
	size_t	 nfeat;
	size_t	 nout;		/* 1, or nclass for softmax */
	double	*w;		/* nout rows of nfeat */
	double	*b;		/* nout */
	int	 iters;		/* logistic: iterations run */
	int	 converged;	/* logistic: the gradient test held */
	double	 objective;	/* the value minimized, at the solution */
};

/* Fit m; y and sw have n entries.  -1 with e only for bad parameters. */
int	weir_linear_fit(struct weir_linear *m, const float *x, size_t n,
	    size_t nfeat, const double *y, const double *sw, const double *sd,
	    const struct weir_linear_params *p, struct weir_err *e);
/* Raw scores b + w.row: nout of them. */
void	weir_linear_scores(const struct weir_linear *m, const float *row,
	    double *out);
void	weir_linear_release(struct weir_linear *m);
/* threads, or the number of online CPUs when threads <= 0. */
int	weir_linear_threads(int threads);

#endif
