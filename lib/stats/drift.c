#include <float.h>
#include <math.h>

#include "stats/drift.h"

#define PI		3.14159265358979323846
#define SQRT_2PI	2.50662827463100050242
#define LN2		0.69314718055994530942
#define ITMAX		1000000		/* far beyond what convergence takes */
#define TINY		(DBL_MIN / DBL_EPSILON)

/*
 * A walk over the union of two distributions' values: at each distinct
 * value t, both F(t).  The totals are summed in the same order as the
 * running sums, so F reaches exactly 1 at the last value.
 */
struct walk {
	const struct weir_drift_dist *d[2];
	double	 total[2], cum[2];
	size_t	 i[2];
	double	 t;
};

static double
weight(const struct weir_drift_dist *d, size_t i)
{
	return d->w != NULL ? d->w[i] : 1;
}

double
weir_drift_weight(const struct weir_drift_dist *d)
{
	double s = 0;
	size_t i;

	for (i = 0; i < d->n; i++)
		s += weight(d, i);
	return s;
}

static int
walk_init(struct walk *k, const struct weir_drift_dist *a,
    const struct weir_drift_dist *b)
{
	k->d[0] = a;
	k->d[1] = b;
	k->total[0] = weir_drift_weight(a);
	k->total[1] = weir_drift_weight(b);
	k->cum[0] = k->cum[1] = 0;
	k->i[0] = k->i[1] = 0;
	return k->total[0] > 0 && k->total[1] > 0 ? 0 : -1;
}

/* Steps to the next distinct value; 0 when both are done. */
static int
walk_next(struct walk *k, double *fa, double *fb)
{
	const struct weir_drift_dist *a = k->d[0], *b = k->d[1];
	int s;

	if (k->i[0] == a->n && k->i[1] == b->n)
		return 0;
	if (k->i[0] == a->n)
		k->t = b->x[k->i[1]];
	else if (k->i[1] == b->n || a->x[k->i[0]] <= b->x[k->i[1]])
		k->t = a->x[k->i[0]];
	else
		k->t = b->x[k->i[1]];
	for (s = 0; s < 2; s++)
		while (k->i[s] < k->d[s]->n && k->d[s]->x[k->i[s]] <= k->t) {
			k->cum[s] += weight(k->d[s], k->i[s]);
			k->i[s]++;
		}
	*fa = k->cum[0] / k->total[0];
	*fb = k->cum[1] / k->total[1];
	return 1;
}

double
weir_drift_ks(const struct weir_drift_dist *ref,
    const struct weir_drift_dist *cur)
{
	struct walk k;
	double fa, fb, d = 0;

	if (walk_init(&k, ref, cur) == -1)
		return NAN;
	while (walk_next(&k, &fa, &fb))
		if (fabs(fa - fb) > d)
			d = fabs(fa - fb);
	return d;
}

double
weir_drift_wasserstein(const struct weir_drift_dist *ref,
    const struct weir_drift_dist *cur)
{
	struct walk k;
	double fa, fb, ga, gb, t, s = 0;

	if (walk_init(&k, ref, cur) == -1 || !walk_next(&k, &fa, &fb))
		return NAN;
	/* F is constant between distinct values: a sum of rectangles */
	t = k.t;
	while (walk_next(&k, &ga, &gb)) {
		s += fabs(fa - fb) * (k.t - t);
		t = k.t;
		fa = ga;
		fb = gb;
	}
	return s;
}

double
weir_stat_ks_q(double x)
{
	double s = 0, term, c;
	int j;

	if (isnan(x))
		return NAN;
	/* below 0.1 the sum differs from 1 by less than 1e-50 */
	if (x < 0.1)
		return 1;
	if (x < 1) {
		/*
		 * The alternating series needs many terms here, and cancels;
		 * the Jacobi theta transform of it converges at once:
		 * 1 - sqrt(2 pi) / x sum_{j>=1} exp(-(2j-1)^2 pi^2 / (8 x^2)).
		 */
		c = -PI * PI / (8 * x * x);
		for (j = 1; j < 100; j++) {
			term = exp((double)(2 * j - 1) * (2 * j - 1) * c);
			s += term;
			if (term <= DBL_EPSILON * s)
				break;
		}
		return 1 - SQRT_2PI / x * s;
	}
	c = -2 * x * x;
	for (j = 1; j < 100; j++) {
		term = exp((double)j * j * c);
		s += j % 2 ? term : -term;
		if (term <= DBL_EPSILON * s)
			break;
	}
	return 2 * s;
}

double
weir_drift_ks_p(double d, double n, double m)
{
	double ne, sq;

	if (!(n > 0) || !(m > 0) || isnan(d))
		return NAN;
	ne = n * m / (n + m);
	sq = sqrt(ne);
	return weir_stat_ks_q((sq + 0.12 + 0.11 / sq) * d);
}

/* e^-x x^a / Gamma(a), the factor both expansions share. */
static double
gamfac(double a, double x)
{
	return exp(-x + a * log(x) - lgamma(a));
}

/* P(a, x) by its series; for x < a + 1, where it converges fast. */
static double
gser(double a, double x)
{
	double ap = a, del = 1 / a, sum = del;
	long n;

	for (n = 0; n < ITMAX; n++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * DBL_EPSILON)
			break;
	}
	return sum * gamfac(a, x);
}

/* Q(a, x) by its continued fraction (modified Lentz), for x >= a + 1. */
static double
gcf(double a, double x)
{
	double an, b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d, del;
	long i;

	for (i = 1; i < ITMAX; i++) {
		an = -(double)i * ((double)i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) <= DBL_EPSILON)
			break;
	}
	return gamfac(a, x) * h;
}

double
weir_stat_gammq(double a, double x)
{
	if (!(a > 0) || !(x >= 0))
		return NAN;
	if (x == 0)
		return 1;
	if (isinf(x))
		return 0;
	/* each where it converges; Q small is never 1 - P, so never cancels */
	return x < a + 1 ? 1 - gser(a, x) : gcf(a, x);
}

static double
sum(const double *v, size_t k)
{
	double s = 0;
	size_t i;

	for (i = 0; i < k; i++)
		s += v[i];
	return s;
}

double
weir_drift_psi(const double *ref, const double *cur, size_t k)
{
	double tr = sum(ref, k), tc = sum(cur, k), r, c, s = 0;
	size_t i;

	if (!(tr > 0) || !(tc > 0))
		return NAN;
	for (i = 0; i < k; i++) {
		r = ref[i] / tr + WEIR_DRIFT_PSI_EPS;
		c = cur[i] / tc + WEIR_DRIFT_PSI_EPS;
		s += (c - r) * log(c / r);
	}
	/* the renormalization divides both by 1 + k eps: ln(c/r) is unmoved */
	return s / (1 + (double)k * WEIR_DRIFT_PSI_EPS);
}

void
weir_drift_chi2(const double *ref, const double *cur, size_t k,
    struct weir_drift_chi2 *out)
{
	double tr = sum(ref, k), tc = sum(cur, k), n = tr + tc, col, e, s = 0;
	size_t i, kk = 0;

	if (!(tr > 0) || !(tc > 0)) {
		out->stat = out->p = NAN;
		out->df = 0;
		return;
	}
	for (i = 0; i < k; i++) {
		if ((col = ref[i] + cur[i]) == 0)
			continue;
		kk++;
		e = tr * col / n;
		s += (ref[i] - e) * (ref[i] - e) / e;
		e = tc * col / n;
		s += (cur[i] - e) * (cur[i] - e) / e;
	}
	if (kk <= 1) {
		out->stat = 0;
		out->df = 0;
		out->p = 1;
		return;
	}
	out->stat = s;
	out->df = kk - 1;
	out->p = weir_stat_gammq((double)out->df / 2, s / 2);
}

/* p ln(p / m), 0 when p is */
static double
kl_term(double p, double m)
{
	return p > 0 ? p * log(p / m) : 0;
}

double
weir_drift_js(const double *ref, const double *cur, size_t k)
{
	double tr = sum(ref, k), tc = sum(cur, k), p, q, m, s = 0;
	size_t i;

	if (!(tr > 0) || !(tc > 0))
		return NAN;
	for (i = 0; i < k; i++) {
		p = ref[i] / tr;
		q = cur[i] / tc;
		m = (p + q) / 2;
		s += kl_term(p, m) + kl_term(q, m);
	}
	s /= 2 * LN2;
	/* rounding can step outside [0, 1] by an ulp */
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	return sqrt(s);
}

size_t
weir_drift_edges(const struct weir_drift_dist *ref, size_t nbins,
    double *edges)
{
	double total = weir_drift_weight(ref), cum = 0;
	size_t i, j = 1, ne = 0;

	if (nbins < 2 || !(total > 0))
		return 0;
	/* the quantile j/nbins: the least x[i] with cum * nbins >= j total */
	for (i = 0; i < ref->n && j < nbins; i++) {
		cum += weight(ref, i);
		if (i + 1 < ref->n && ref->x[i + 1] == ref->x[i])
			continue;	/* F jumps only after the last tie */
		if (cum * (double)nbins < (double)j * total)
			continue;
		edges[ne++] = ref->x[i];
		while (j < nbins && cum * (double)nbins >= (double)j * total)
			j++;
	}
	return ne;
}

void
weir_drift_bin(const struct weir_drift_dist *d, const double *edges,
    size_t nedges, double *counts)
{
	size_t i, lo, hi, mid;

	for (i = 0; i < d->n; i++) {
		/* the number of edges below x[i] is its bin */
		lo = 0;
		hi = nedges;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (edges[mid] < d->x[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		counts[lo] += weight(d, i);
	}
}
