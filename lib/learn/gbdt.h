/*
 * gbdt.h - histogram gradient-boosted decision trees: train, predict, and
 * the model's JSON form.
 *
 * Training (weir_gbdt_train) works on a dense float32 matrix the caller
 * owns and keeps unchanged for the duration of the call: x holds nrows rows
 * of nfeat features, row-major, NaN meaning missing.  The function only
 * reads x, y, w and valid, and returns a model the caller owns and frees
 * with weir_gbdt_free(); nothing it returns points into the inputs.
 *
 * The method is that of LightGBM, XGBoost's "hist" and scikit-learn's
 * HistGradientBoosting:
 *   - each feature is cut into at most 255 bins at quantiles of its values
 *     on the training rows (at most 200000 of them, chosen by the seed,
 *     when there are more); a feature with at most 255 distinct values
 *     gets one bin per value, cut at midpoints.  Missing values have a bin
 *     of their own, and every split learns where they go (left or right,
 *     whichever gains more; the larger child when the node saw none).
 *   - splits maximise the second-order gain
 *     GL^2/(HL+l2) + GR^2/(HR+l2) - G^2/(H+l2), and a leaf's value is
 *     -learning_rate * G/(H+l2) (G, H: sums of the gradients and hessians,
 *     times the row weights).  A split leaves at least min_leaf rows (of
 *     the tree's row sample) on each side, and a hessian sum of 1e-3.
 *   - max_leaves 0 grows trees depth-wise, level by level, to max_depth
 *     (> 0); max_leaves > 1 grows them leaf-wise (best gain first) to that
 *     many leaves, no deeper than max_depth unless it is 0.
 *   - losses: squared error (WEIR_TASK_REGRESS, init = weighted mean of y);
 *     log loss (WEIR_TASK_BINARY, y 0 or 1, init = log-odds of the mean);
 *     softmax (WEIR_TASK_MULTI, y a class index 0..nclass-1, one tree per
 *     class per round, init = log class priors).
 *   - row_subsample < 1 trains each round on that fraction of the training
 *     rows (drawn without replacement, the same rows for every class's
 *     tree); col_subsample < 1 gives each tree that fraction of the
 *     features.  Both draw from a PRNG seeded with seed.
 *   - rows with valid[i] set are never trained on (nor binned): with
 *     early_stop > 0 the loss on them is measured after every round and
 *     training stops once early_stop rounds pass without improving it; the
 *     model keeps the best number of rounds (weir_gbdt_trees_used).
 *   - threads (0: every online core) split the histogram building, row
 *     partitioning and scoring.  Every sum has a fixed order that does not
 *     depend on the thread count, so the model is the same, bit for bit,
 *     for any threads and the same inputs and seed.
 *
 * Prediction walks the trees on raw floats: a row goes left when
 * x <= threshold, or when x is NaN and the node's missing_left is set.
 * Thresholds, leaf values and init scores are float32 values, and scores
 * add up in double in a fixed order, so weir_gbdt_predict() on a training
 * row reproduces the score training used for it exactly.  (+inf compares
 * greater than every threshold; a split of missing against everything else
 * has threshold FLT_MAX and is only learnt when no training value is +inf.)
 *
 * JSON (weir_gbdt_to_json; a new reference the caller owns):
 *	{"task": "binary", "nclass": 1, "learning_rate": 0.1, "rounds": 2,
 *	 "init": [-0.405465096],
 *	 "trees": [{"feature": [3, -1, -1], "threshold": [0.5, 0, 0],
 *	            "missing_left": [1, 0, 0], "left": [1, -1, -1],
 *	            "right": [2, -1, -1], "value": [0, -0.02, 0.03]}, ...]}
 * task is "regress", "binary" or "multi"; trees holds rounds * nclass
 * trees, round by round, class by class within a round.  Each tree is
 * parallel arrays over its nodes, node 0 the root; a leaf has feature -1,
 * left and right -1 and its value (learning rate applied), threshold and
 * missing_left 0; an internal node has value 0 and children with higher
 * indices than its own.  Trained trees always have right = left + 1, the
 * layout prediction walks; a tree read without it is renumbered breadth
 * first, and writes back in that order.  threshold, value
 * and init are float32 values held in doubles: they print exactly with
 * jansson's default precision, and also survive JSON_REAL_PRECISION(9),
 * the shortest form that gives every float32 back.  learning_rate is
 * recorded for people; prediction does not use it.
 *
 * Memory while training, besides the caller's x: nfeat + 37 + 16*K bytes
 * per training row (the bins, K = nclass or 1; 8 more with weights), 12 +
 * 8*K per validation row, and 24 bytes per histogram bin (sum over the
 * features of bins + 1) for each leaf waiting to be split, at most
 * 2^max_depth (or 2 * max_leaves) of them; finding the cut points takes up
 * to 64 MB more for a moment.  A model takes 12 bytes a node.
 *
 * weir_gbdt_from_json() checks everything (types, lengths, indices in
 * range, each node reached once from the root, feature < nfeat, finite
 * float32 numbers) and fails with EX_DATAERR and a message that starts
 * "gbdt: ", for the caller to put a file name in front of.  The model it
 * returns does not refer to j.
 */
#ifndef WEIR_GBDT_H
#define WEIR_GBDT_H

#include <stddef.h>

#include <jansson.h>

#include "err.h"

enum weir_task { WEIR_TASK_REGRESS, WEIR_TASK_BINARY, WEIR_TASK_MULTI };

struct weir_gbdt_params {
	int	task, nclass;	/* nclass: 1 for regress/binary, K>=3 for multi */
	int	ntrees, max_depth, max_leaves, min_leaf;
				/* caller defaults: 100, 6, 0, 20 */
	double	learning_rate, l2, row_subsample, col_subsample;
				/* 0.1, 1.0, 1.0, 1.0 */
	int	early_stop;	/* rounds without improvement on valid rows;
				   0 = off */
	int	threads;	/* 0 = all cores */
	unsigned long long seed;
};

struct weir_gbdt;

/*
 * x: nrows*nfeat float32 row-major, NaN = missing.  y: the target; a class
 * index 0..nclass-1 for classification.  w: NULL or row weights (finite,
 * >= 0).  valid: NULL or per row 1 = held out for early stopping (never
 * trained on).  Bad parameters fail with EX_USAGE (early_stop > 0 needs
 * valid rows), bad data (no training rows, a y that is not finite or not
 * a class index, a negative weight) with EX_DATAERR.  Returns NULL then.
 */
struct weir_gbdt	*weir_gbdt_train(const float *x, size_t nrows,
			    size_t nfeat, const double *y, const double *w,
			    const unsigned char *valid,
			    const struct weir_gbdt_params *p,
			    struct weir_err *e);
/*
 * Raw scores before sigmoid/softmax: out[nclass] (out[0] for
 * regress/binary).  row holds the nfeat features the model was made for.
 * Thread-safe: the model is only read.
 */
void			 weir_gbdt_predict(const struct weir_gbdt *m,
			    const float *row, double *out);
json_t			*weir_gbdt_to_json(const struct weir_gbdt *m);
struct weir_gbdt	*weir_gbdt_from_json(const json_t *j, size_t nfeat,
			    struct weir_err *e);
/* What the trees were made for: a model checks it against its own. */
void			 weir_gbdt_shape(const struct weir_gbdt *m, int *task,
			    int *nclass);
/*
 * 1 when every init score, threshold and leaf value is a finite number (as
 * training makes them: leaf values are clamped to the float32 range), else
 * 0.
 */
int			 weir_gbdt_finite(const struct weir_gbdt *m);
/* Rounds kept after early stopping (trees per class). */
int			 weir_gbdt_trees_used(const struct weir_gbdt *m);
void			 weir_gbdt_free(struct weir_gbdt *m);

#endif
