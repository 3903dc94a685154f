/*
 * t_drift.c - the drift statistics against golden values from SciPy 1.10
 * (Debian's python3-scipy), computed once on the inputs written here:
 * stats.ks_2samp (D), special.kolmogorov (Q_KS, and so the Stephens p of
 * ks_p, which ks_2samp(method='asymp') does not compute: it evaluates the
 * one-sample distribution at round(ne) and gives 0.8137 where Stephens
 * gives 0.8608 below), special.gammaincc (Q), stats.chi2_contingency
 * (correction=False, categories of zero total dropped first),
 * spatial.distance.jensenshannon(base=2), stats.wasserstein_distance,
 * numpy.quantile(method='inverted_cdf') for the bin edges.  PSI has no
 * SciPy function: its values come from the header's formula in numpy.
 */
#include <math.h>
#include <stdio.h>

#include "stats/drift.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define TOL	1e-9
#define PTOL	1e-6

/* |got - want| within tol, relative once want passes 1; says why not */
static int
near(double got, double want, double tol)
{
	if (fabs(got - want) <= tol * fmax(1, fabs(want)))
		return 1;
	fprintf(stderr, "got %.17g, want %.17g\n", got, want);
	return 0;
}

/* relative, for p-values far below the absolute tolerance */
static int
rel(double got, double want, double tol)
{
	if (fabs(got - want) <= tol * fabs(want))
		return 1;
	fprintf(stderr, "got %.17g, want %.17g\n", got, want);
	return 0;
}

static void
test_ks_q(void)
{
	static const struct { double x, q; } g[] = {
		{ 0.15, 1.0 },
		{ 0.3, 0.9999906941986655 },
		{ 0.5, 0.9639452436648751 },
		{ 0.8, 0.5441424115741981 },
		{ 0.99, 0.2808738392255489 },
		{ 1.0, 0.26999967167735456 },
		{ 1.2, 0.11224966667072497 },
		{ 2.0, 0.0006709252557796953 },
		{ 3.5, 4.579469691291106e-11 },
		{ 6.0, 1.0760372320042276e-31 },
	};
	size_t i;

	/* both sides of the switch of series at 1 */
	for (i = 0; i < LEN(g); i++)
		CHECK(rel(weir_stat_ks_q(g[i].x), g[i].q, 1e-12));
	CHECK(weir_stat_ks_q(0) == 1 && weir_stat_ks_q(-1) == 1);
	CHECK(weir_stat_ks_q(40) == 0);
	CHECK(isnan(weir_stat_ks_q(NAN)));
}

static void
test_gammq(void)
{
	static const struct { double a, x, q; } g[] = {
		{ 0.5, 0.1, 0.6547208460185768 },
		{ 0.5, 3.0, 0.014305878435429641 },
		{ 1.0, 2.0, 0.1353352832366127 },	/* e^-2 */
		{ 2.5, 1.0, 0.8491450360846096 },
		{ 3.0, 10.0, 0.0027693957155115775 },
		{ 10.0, 9.0, 0.5874082443319417 },
		{ 10.0, 11.5, 0.28879453954867124 },
		{ 50.0, 45.0, 0.7531979655998298 },
		{ 0.5, 60.0, 6.326068263677272e-28 },
		{ 250.0, 300.0, 0.001377471877528201 },
		{ 4.5, 0.001, 0.9999999999999994 },
	};
	size_t i;

	for (i = 0; i < LEN(g); i++)
		CHECK(rel(weir_stat_gammq(g[i].a, g[i].x), g[i].q, 1e-12));
	CHECK(weir_stat_gammq(3, 0) == 1);
	CHECK(weir_stat_gammq(3, INFINITY) == 0);
	CHECK(isnan(weir_stat_gammq(0, 1)) && isnan(weir_stat_gammq(1, -1)));
	CHECK(isnan(weir_stat_gammq(1, NAN)));
}

static void
test_ks(void)
{
	static const double x[] = { 0.61, 1.2, 1.2, 2.5, 3.3, 4.1, 5.0, 5.9 };
	static const double y[] = { 1.0, 1.2, 2.2, 2.5, 3.0, 6.1, 7.4 };
	/* the same as counts, and with fractional weights */
	static const double u[] = { 1, 2, 3, 5 }, uw[] = { 1, 3, 2, 1 };
	static const double v[] = { 0, 2, 4 }, vw[] = { 2, 1, 3 };
	static const double fuw[] = { 0.5, 2, 1, 3 }, fvw[] = { 1, 1, 2.5 };
	static const double lo[] = { 1, 2, 3 }, hi[] = { 10, 11 };
	static const double zw[] = { 0, 0, 0 };
	static const struct { double d, n, m, p; } g[] = {
		{ 0.3, 40, 60, 0.020614870879778997 },
		{ 0.05, 1000, 2000, 0.06908701736098673 },
		{ 0.12, 100, 100, 0.4431254026988256 },
		{ 0.5, 5, 7, 0.3322760745098636 },
		{ 0.02, 500, 800, 0.9996372540558207 },
	};
	struct weir_drift_dist dx = { x, NULL, LEN(x) }, dy = { y, NULL, LEN(y) };
	struct weir_drift_dist du = { u, uw, LEN(u) }, dv = { v, vw, LEN(v) };
	struct weir_drift_dist fu = { u, fuw, LEN(u) }, fv = { v, fvw, LEN(v) };
	struct weir_drift_dist dlo = { lo, NULL, 3 }, dhi = { hi, NULL, 2 };
	struct weir_drift_dist none = { x, NULL, 0 }, zero = { lo, zw, 3 };
	double d;
	size_t i;

	d = weir_drift_ks(&dx, &dy);
	CHECK(near(d, 0.2857142857142857, TOL));
	CHECK(near(weir_drift_ks(&dy, &dx), d, 0));
	CHECK(near(weir_drift_ks_p(d, 8, 7), 0.8608160910526693, PTOL));
	/* integer weights as ks_2samp on the repeated values */
	CHECK(near(weir_drift_ks(&du, &dv), 0.3571428571428571, TOL));
	CHECK(near(weir_drift_weight(&du), 7, 0));
	CHECK(near(weir_drift_ks(&fu, &fv), 0.46153846153846156, TOL));
	for (i = 0; i < LEN(g); i++)
		CHECK(rel(weir_drift_ks_p(g[i].d, g[i].n, g[i].m), g[i].p,
		    PTOL));

	CHECK(weir_drift_ks(&dx, &dx) == 0);
	CHECK(weir_drift_ks_p(0, 8, 8) == 1);
	CHECK(weir_drift_ks(&dlo, &dhi) == 1);
	CHECK(isnan(weir_drift_ks(&dx, &none)));
	CHECK(isnan(weir_drift_ks(&zero, &dx)));
	CHECK(isnan(weir_drift_ks_p(0.5, 0, 3)));
	CHECK(isnan(weir_drift_ks_p(NAN, 3, 3)));
}

static void
test_wasserstein(void)
{
	static const double x[] = { 0.61, 1.2, 1.2, 2.5, 3.3, 4.1, 5.0, 5.9 };
	static const double y[] = { 1.0, 1.2, 2.2, 2.5, 3.0, 6.1, 7.4 };
	static const double u[] = { 1, 2, 3, 5 }, uw[] = { 1, 3, 2, 1 };
	static const double v[] = { 0, 2, 4 }, vw[] = { 2, 1, 3 };
	static const double fuw[] = { 0.5, 2, 1, 3 }, fvw[] = { 1, 1, 2.5 };
	static const double lo[] = { 1, 2, 3 }, hi[] = { 10, 11 };
	static const double one[] = { 4 };
	struct weir_drift_dist dx = { x, NULL, LEN(x) }, dy = { y, NULL, LEN(y) };
	struct weir_drift_dist du = { u, uw, LEN(u) }, dv = { v, vw, LEN(v) };
	struct weir_drift_dist fu = { u, fuw, LEN(u) }, fv = { v, fvw, LEN(v) };
	struct weir_drift_dist dlo = { lo, NULL, 3 }, dhi = { hi, NULL, 2 };
	struct weir_drift_dist d1 = { one, NULL, 1 }, none = { x, NULL, 0 };

	CHECK(near(weir_drift_wasserstein(&dx, &dy), 0.74875, TOL));
	CHECK(near(weir_drift_wasserstein(&dy, &dx), 0.74875, TOL));
	CHECK(near(weir_drift_wasserstein(&du, &dv), 1.0952380952380951, TOL));
	CHECK(near(weir_drift_wasserstein(&fu, &fv), 0.9829059829059829, TOL));
	/* disjoint: the distance between the means */
	CHECK(near(weir_drift_wasserstein(&dlo, &dhi), 8.5, TOL));
	CHECK(weir_drift_wasserstein(&dx, &dx) == 0);
	/* a point mass: the mean absolute deviation from it */
	CHECK(near(weir_drift_wasserstein(&d1, &dlo), 2, TOL));
	CHECK(isnan(weir_drift_wasserstein(&none, &dx)));
}

static void
test_psi(void)
{
	static const double a[] = { 120, 80, 100, 90, 110 };
	static const double b[] = { 100, 95, 105, 60, 140 };
	static const double ea[] = { 50, 30, 0, 20 }, eb[] = { 40, 30, 10, 20 };
	static const double da[] = { 10, 0 }, db[] = { 0, 10 };
	static const double sa[] = { 3, 4, 5 }, sb[] = { 6, 8, 10 };
	static const double z[] = { 0, 0, 0 };

	CHECK(near(weir_drift_psi(a, b, 5), 0.05167903650438985, TOL));
	CHECK(near(weir_drift_psi(b, a, 5), 0.05167903650438985, TOL));
	/* one empty bin: finite through the smoothing */
	CHECK(near(weir_drift_psi(ea, eb, 4), 0.7128996743179619, TOL));
	/* disjoint: ln of about 1/eps, twice */
	CHECK(near(weir_drift_psi(da, db, 2), 18.41719729449413, TOL));
	/* the same proportions at another scale */
	CHECK(weir_drift_psi(sa, sb, 3) == 0);
	CHECK(weir_drift_psi(a, a, 5) == 0);
	CHECK(isnan(weir_drift_psi(z, sa, 3)));
	CHECK(isnan(weir_drift_psi(sa, z, 3)));
	CHECK(isnan(weir_drift_psi(sa, sb, 0)));
}

static void
test_chi2(void)
{
	static const double a[] = { 10, 20, 0, 30, 5 };
	static const double b[] = { 15, 10, 0, 25, 12 };
	static const double da[] = { 100, 0, 50 }, db[] = { 0, 100, 50 };
	static const double ta[] = { 7, 3 }, tb[] = { 2, 8 };
	static const double sa[] = { 1, 2, 3, 4 };
	static const double oa[] = { 5, 0 }, ob[] = { 7, 0 };
	static const double z[] = { 0, 0 };
	struct weir_drift_chi2 c;

	/* the empty third category is dropped: df 3, not 4 */
	weir_drift_chi2(a, b, 5, &c);
	CHECK(near(c.stat, 7.60360840930101, TOL) && c.df == 3);
	CHECK(near(c.p, 0.0549552262046381, PTOL));
	weir_drift_chi2(da, db, 3, &c);
	CHECK(near(c.stat, 200, TOL) && c.df == 2);
	CHECK(rel(c.p, 3.7200759760208177e-44, PTOL));
	weir_drift_chi2(ta, tb, 2, &c);
	CHECK(near(c.stat, 5.05050505050505, TOL) && c.df == 1);
	CHECK(near(c.p, 0.024618761380815174, PTOL));
	weir_drift_chi2(sa, sa, 4, &c);
	CHECK(c.stat == 0 && c.df == 3 && c.p == 1);
	/* one category left: nothing can differ */
	weir_drift_chi2(oa, ob, 2, &c);
	CHECK(c.stat == 0 && c.df == 0 && c.p == 1);
	weir_drift_chi2(oa, ob, 1, &c);
	CHECK(c.stat == 0 && c.df == 0 && c.p == 1);
	weir_drift_chi2(oa, z, 2, &c);
	CHECK(isnan(c.stat) && isnan(c.p) && c.df == 0);
}

static void
test_js(void)
{
	static const double a[] = { 1, 2, 3, 4 }, b[] = { 4, 3, 2, 1 };
	static const double ea[] = { 5, 0, 3 }, eb[] = { 1, 2, 0 };
	static const double da[] = { 1, 0 }, db[] = { 0, 1 };
	static const double pa[] = { 0.2, 0.5, 0.3 }, pb[] = { 2, 5, 3 };
	static const double ca[] = { 3, 1, 1, 0, 7 }, cb[] = { 2, 2, 1, 1, 6 };
	static const double z[] = { 0, 0, 0 };

	CHECK(near(weir_drift_js(a, b, 4), 0.3918681606471551, TOL));
	CHECK(near(weir_drift_js(b, a, 4), 0.3918681606471551, TOL));
	CHECK(near(weir_drift_js(ea, eb, 3), 0.7438838667316806, TOL));
	CHECK(near(weir_drift_js(ca, cb, 5), 0.24545049131301022, TOL));
	CHECK(weir_drift_js(da, db, 2) == 1);
	CHECK(near(weir_drift_js(pa, pb, 3), 0, TOL));
	CHECK(weir_drift_js(a, a, 4) == 0);
	CHECK(isnan(weir_drift_js(z, a, 3)));
}

static void
test_bins(void)
{
	/* numpy.quantile(ref, j/10, method='inverted_cdf'): 1 2 3 3 4 5 6 8 9 */
	static const double ref[] = { 1, 1, 2, 2, 3, 3, 3, 3, 4, 4,
	    5, 5, 5, 6, 7, 8, 8, 9, 9, 9 };
	static const double cur[] = { 0, 1, 2, 2, 3, 4, 6, 7, 9, 10, 12 };
	static const double want[] = { 1, 2, 3, 4, 5, 6, 8, 9 };
	static const double rbins[] = { 2, 2, 4, 2, 3, 1, 3, 3, 0 };
	static const double cbins[] = { 2, 2, 1, 1, 0, 1, 1, 1, 2 };
	/* the reference as a sketch: each distinct value once, weighted */
	static const double sx[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const double sw[] = { 2, 2, 4, 2, 3, 1, 1, 2, 3 };
	static const double half[] = { 1, 2, 3, 4 };
	struct weir_drift_dist dr = { ref, NULL, LEN(ref) };
	struct weir_drift_dist dc = { cur, NULL, LEN(cur) };
	struct weir_drift_dist ds = { sx, sw, LEN(sx) };
	struct weir_drift_dist dh = { half, NULL, LEN(half) };
	struct weir_drift_dist none = { ref, NULL, 0 };
	double e[9], rc[9] = { 0 }, cc[9] = { 0 };
	size_t n, i;
	int same;

	n = weir_drift_edges(&dr, 10, e);
	same = n == LEN(want);
	for (i = 0; same && i < n; i++)
		same = e[i] == want[i];
	CHECK(same);
	weir_drift_bin(&dr, e, n, rc);
	weir_drift_bin(&dc, e, n, cc);
	same = 1;
	for (i = 0; i < LEN(rbins); i++)
		same = same && rc[i] == rbins[i] && cc[i] == cbins[i];
	CHECK(same);

	n = weir_drift_edges(&ds, 10, e);
	same = n == LEN(want);
	for (i = 0; same && i < n; i++)
		same = e[i] == want[i];
	CHECK(same);

	/* quartiles of 1 2 3 4: 1 2 3, the median cut where F is exactly 1/2 */
	n = weir_drift_edges(&dh, 4, e);
	CHECK(n == 3 && e[0] == 1 && e[1] == 2 && e[2] == 3);
	CHECK(weir_drift_edges(&dh, 1, e) == 0);
	CHECK(weir_drift_edges(&none, 10, e) == 0);
	/* no edges: one bin takes everything */
	cc[0] = 0;
	weir_drift_bin(&dc, e, 0, cc);
	CHECK(cc[0] == 11);
}

int
main(void)
{
	test_ks_q();
	test_gammq();
	test_ks();
	test_wasserstein();
	test_psi();
	test_chi2();
	test_js();
	test_bins();
	return T_DONE();
}
