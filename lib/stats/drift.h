/*
 * drift.h - the statistics of weir-audit drift: how far a column of a new
 * data stream has moved from the same column of a reference, as pure
 * functions over arrays (no I/O, no allocation).  Inputs are borrowed for
 * the call only.
 *
 * Two kinds of input.  Counts: two vectors ref[0..k) and cur[0..k) of
 * non-negative counts over the same k bins or categories (doubles, so a
 * count may be a sum of weights).  Distributions: a struct weir_drift_dist,
 * values in ascending order with a weight each, which is an exact sample
 * (weights NULL: one each) or the items of a quantile sketch (a value
 * standing for w observations).  The empirical distribution function of a
 * distribution is F(t) = (the weight of values <= t) / (the total weight).
 *
 * Statistics of counts:
 *   psi     Population Stability Index:
 *           sum_i (c_i - r_i) ln(c_i / r_i), r_i and c_i the proportions
 *           of ref and cur, each smoothed as (count_i / total +
 *           WEIR_DRIFT_PSI_EPS) / (1 + k WEIR_DRIFT_PSI_EPS): the epsilon
 *           is added to every bin, empty or not, and the proportions
 *           renormalized, so an empty bin gives a large finite term
 *           rather than an infinite one.  (Without empty bins the result
 *           is within a relative O(k eps) of the unsmoothed sum.)  0 for
 *           identical proportions; symmetric in ref and cur.
 *   chi2    Pearson's chi-square test of homogeneity on the 2 x k table
 *           whose rows are ref and cur: categories counted in neither are
 *           dropped, leaving k'; with R the row totals, C_i the column
 *           totals and N the grand total, the expected count is
 *           R C_i / N and the statistic sum (O - E)^2 / E over the 2 k'
 *           cells, with df = k' - 1 and p = Q(df/2, stat/2), the
 *           regularized upper incomplete gamma function (no continuity
 *           correction: scipy.stats.chi2_contingency(correction=False)).
 *           k' <= 1 (a single category: nothing can differ) gives
 *           stat 0, df 0, p 1.
 *   js      Jensen-Shannon distance: with p and q the counts normalized
 *           to sum 1 and m = (p + q) / 2, the square root of
 *           (KL(p || m) + KL(q || m)) / 2 in bits (log base 2), so it
 *           lies in [0, 1]: 0 for identical proportions, 1 for disjoint
 *           support (scipy.spatial.distance.jensenshannon(p, q, base=2)).
 *           0 ln 0 is 0.
 * Each of these is NaN (chi2: stat and p NaN, df 0) when ref or cur has
 * a total of 0.
 *
 * Statistics of distributions:
 *   ks      the two-sample Kolmogorov-Smirnov statistic
 *           D = sup_t |F_ref(t) - F_cur(t)|, in [0, 1].
 *   ks_p    its two-sided p-value, asymptotic (not exact for small
 *           samples): with n and m the sample sizes (for a sketch, its
 *           total weight: the number of values it summarizes) and
 *           ne = n m / (n + m), p = Q_KS((sqrt(ne) + 0.12 + 0.11 /
 *           sqrt(ne)) D), the Kolmogorov distribution with Stephens'
 *           correction (Numerical Recipes, kstwo).  This is not scipy's
 *           ks_2samp(method='asymp'), which evaluates the one-sample
 *           distribution of D at round(ne); the two agree closely for
 *           large ne.
 *   wasserstein  the Wasserstein-1 (earth mover's) distance, the integral
 *           over t of |F_ref(t) - F_cur(t)|, in the units of the values
 *           (scipy.stats.wasserstein_distance with weights).
 * Each is NaN when either distribution has a total weight of 0.
 *
 * Bins for PSI: weir_drift_edges cuts the reference at its quantiles
 * j / nbins, j = 1 .. nbins-1 (the quantile q being the least value whose
 * F reaches q), equal cuts merged; bin 0 holds t <= edge[0], bin j
 * edge[j-1] < t <= edge[j], the last bin t > edge[nedges-1].  Values of
 * the new stream beyond the reference's range land in the outer bins;
 * when the last cut is the reference's maximum (ties at the top), the
 * last bin holds new values only, and the smoothing keeps PSI finite.
 */
#ifndef WEIR_STATS_DRIFT_H
#define WEIR_STATS_DRIFT_H

#include <stddef.h>

#define WEIR_DRIFT_PSI_EPS	1e-4

/*
 * Values x[0..n) ascending (ties allowed) and finite; w[i] >= 0 the
 * weight of x[i], or w NULL for a weight of 1 each.
 */
struct weir_drift_dist {
	const double	*x;
	const double	*w;
	size_t		 n;
};

struct weir_drift_chi2 {
	double	stat;
	size_t	df;
	double	p;
};

double	weir_drift_psi(const double *ref, const double *cur, size_t k);
void	weir_drift_chi2(const double *ref, const double *cur, size_t k,
	    struct weir_drift_chi2 *);
double	weir_drift_js(const double *ref, const double *cur, size_t k);

/* The total weight of a distribution (n when w is NULL). */
double	weir_drift_weight(const struct weir_drift_dist *);
double	weir_drift_ks(const struct weir_drift_dist *ref,
	    const struct weir_drift_dist *cur);
/* n, m: the sizes of the samples D came from; NaN unless both are > 0. */
double	weir_drift_ks_p(double d, double n, double m);
double	weir_drift_wasserstein(const struct weir_drift_dist *ref,
	    const struct weir_drift_dist *cur);

/*
 * Cuts ref into at most nbins bins of about equal weight: writes the
 * distinct cut points, ascending, to edges[0..nbins-1) and returns how
 * many (nbins - 1 at most; 0 when ref is empty or nbins < 2).
 */
size_t	weir_drift_edges(const struct weir_drift_dist *ref, size_t nbins,
	    double *edges);
/* Adds the weight of d's values to counts[0..nedges] by bin (above). */
void	weir_drift_bin(const struct weir_drift_dist *d, const double *edges,
	    size_t nedges, double *counts);

/*
 * General functions, which the p-values above use.
 * Q_KS(x) = 2 sum_{j>=1} (-1)^{j-1} exp(-2 j^2 x^2), the survival
 * function of the Kolmogorov distribution; 1 for x <= 0.
 * Q(a, x) = Gamma(a, x) / Gamma(a), the regularized upper incomplete
 * gamma function, for a > 0 and x >= 0 (NaN otherwise).
 */
double	weir_stat_ks_q(double x);
double	weir_stat_gammq(double a, double x);

#endif
