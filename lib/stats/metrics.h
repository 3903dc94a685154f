/*
 * metrics.h - the figures of weir-audit model, over arrays of true and
 * predicted values, defined as scikit-learn 1.2 defines them so the two
 * agree:
 *
 * Classification (classes 0..k-1):
 *   accuracy; balanced accuracy (the mean recall over the classes that
 *   occur in the truth); per class precision TP / (TP + FP), recall
 *   TP / (TP + FN), F1 and support, 0 where a denominator is 0
 *   (zero_division=0), and their macro (plain) and weighted (by support)
 *   means over the classes of truth and prediction; the confusion matrix
 *   (rows true, columns predicted).
 *   From scores of the positive class (binary): ROC AUC (trapezoids
 *   between distinct thresholds, ties together), average precision
 *   (sum over thresholds of (R_n - R_n-1) P_n), Brier score
 *   (mean (p - y)^2), a calibration table of 10 equal bins of p (a p on
 *   an inner edge goes to the bin below, as calibration_curve) and the
 *   expected calibration error, sum over bins of n_b / n |observed -
 *   mean p|.
 *   From a probability per class: log loss (rows scaled to sum 1,
 *   clipped to [eps, 1 - eps], eps the float64 machine epsilon) and
 *   one-vs-rest ROC AUC, macro and weighted by prevalence.
 * Regression: RMSE, MAE, R^2 (1 - SS_res / SS_tot; 0 when the truth is
 *   constant and the fit not perfect, as r2_score), MAPE (mean |y - p| /
 *   max(|y|, eps)), residual (y - p) quantiles with numpy's linear
 *   interpolation.
 * Fairness (Fairlearn's definitions, agg "between_groups"): per group the
 *   selection rate (share predicted positive), TPR, FPR and precision;
 *   demographic parity difference (largest minus smallest selection
 *   rate) and ratio (smallest over largest), equalized odds difference
 *   (the larger of the TPR and FPR differences) and ratio (the smaller
 *   of the two ratios).  A rate a group cannot have (no positives for
 *   TPR) is NaN and left out of the differences.
 */
#ifndef WEIR_STATS_METRICS_H
#define WEIR_STATS_METRICS_H

#include <stddef.h>

struct weir_class_metrics {
	size_t	 k, n;
	double	*confusion;		/* k x k */
	double	 accuracy, balanced_accuracy;
	double	*precision, *recall, *f1, *support;
	double	 precision_macro, recall_macro, f1_macro;
	double	 precision_weighted, recall_weighted, f1_weighted;
};

void	weir_class_metrics(struct weir_class_metrics *, const int *y,
	    const int *pred, size_t n, size_t k);
void	weir_class_metrics_release(struct weir_class_metrics *);

/* y in {0, 1}, score of class 1. */
double	weir_roc_auc(const int *y, const double *score, size_t n);
double	weir_average_precision(const int *y, const double *score, size_t n);
/*
 * The ROC and precision-recall curves: a point per distinct threshold,
 * from the highest (after the origin (0, 0) of the ROC); fpr, tpr and
 * precision hold n + 1.  Returns the points.
 */
size_t	weir_roc_points(const int *y, const double *score, size_t n,
	    double *fpr, double *tpr, double *precision);
double	weir_brier(const int *y, const double *p, size_t n);

struct weir_calibration {
	double	count[10], mean_p[10], observed[10];
	double	ece;
};
void	weir_calibration(const int *y, const double *p, size_t n,
	    struct weir_calibration *);

/* prob: n rows of k. */
double	weir_log_loss(const int *y, const double *prob, size_t n, size_t k);
/* weighted: by prevalence, else macro. */
double	weir_ovr_auc(const int *y, const double *prob, size_t n, size_t k,
	    int weighted);

struct weir_reg_metrics {
	double	rmse, mae, r2, mape;
	double	resid_q[5];		/* p5 p25 p50 p75 p95 */
};
void	weir_reg_metrics(struct weir_reg_metrics *, const double *y,
	    const double *pred, size_t n);

struct weir_group_rates {
	double	size, selection, tpr, fpr, precision;
};
struct weir_fairness {
	size_t			 ngroups;
	struct weir_group_rates	*g;
	double			 dp_difference, dp_ratio;
	double			 eo_difference, eo_ratio;
};
/* y and pred in {0, 1} (positive or not); group in 0..ngroups-1. */
void	weir_fairness(struct weir_fairness *, const int *y, const int *pred,
	    const size_t *group, size_t n, size_t ngroups);
void	weir_fairness_release(struct weir_fairness *);

#endif
