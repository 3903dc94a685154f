/*
 * metrics.h - how good a model's predictions are.
 *
 * Classification: y[i] is the true class index (0..k-1), prob[i*k + c] the
 * predicted probability of class c (rows need not sum to exactly 1).  The
 * predicted class is the first class of highest probability.
 *   accuracy   share of rows whose predicted class is the true one
 *   log_loss   mean of -log p(true class), p clipped to [1e-15, 1-1e-15]
 *              (as scikit-learn's log_loss)
 *   auc        binary only: area under the ROC curve of p(class 1), tied
 *              scores counted half (the Mann-Whitney statistic)
 *   macro_f1   unweighted mean of F1 = 2TP / (2TP + FP + FN) over the
 *              classes that are true or predicted for some row, as
 *              scikit-learn's f1_score(average="macro")
 * Regression: rmse, mae and r2 = 1 - SSE / SST; when every y is the same
 * (SST = 0), r2 is 1 for an exact fit and 0 otherwise (as scikit-learn).
 *
 * Nothing here allocates beyond a scratch array for the AUC sort; the
 * results are plain numbers, written to JSON by weir_metrics_json().
 * Inputs are borrowed for the call only; weir_metrics_json() returns a
 * new jansson reference the caller owns (json_decref, or hand it to an
 * object with json_object_set_new).
 */
#ifndef WEIR_METRICS_H
#define WEIR_METRICS_H

#include <stddef.h>

#include <jansson.h>

struct weir_metrics {
	int	 classify;	/* 1: the classification fields are set */
	size_t	 rows;
	double	 accuracy, log_loss, auc, macro_f1;
	int	 has_auc;	/* binary problems only */
	double	 rmse, mae, r2;
};

void	weir_metrics_classify(struct weir_metrics *m, const int *y,
	    const double *prob, size_t n, size_t k);
void	weir_metrics_regress(struct weir_metrics *m, const double *y,
	    const double *pred, size_t n);
/*
 * The first class of highest probability among p[0..k); a NaN never wins
 * over a number.  (Every ranking here is NaN-safe and ends on any input:
 * a NaN score ranks below -inf in the AUC, a NaN probability of the true
 * class counts as 1e-15 in the log loss.)
 */
size_t	weir_metrics_argmax(const double *p, size_t k);
/* Area under the ROC curve; 0.5 when one class is absent. */
double	weir_metrics_auc(const int *y, const double *score, size_t n);
/* {"rows": n, "accuracy": ..., ...} in a fixed order. */
json_t	*weir_metrics_json(const struct weir_metrics *m);
/* "accuracy 0.9737, log_loss 0.0812, auc 0.9968, macro_f1 0.9720" */
void	weir_metrics_line(const struct weir_metrics *m, char *buf,
	    size_t size);

#endif
