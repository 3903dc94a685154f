/* t_linear.c - least squares and logistic regression: known answers. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "learn/linear.h"
#include "mem.h"
#include "t.h"

#define NEAR(a, b, tol)	(fabs((a) - (b)) <= (tol))

static struct weir_err err;

/* The small problem the scikit-learn figures below were computed on. */
static const float X8[16] = {
	0.5f, 1.0f, 1.5f, -0.5f, -1.0f, 2.0f, 2.0f, 1.0f,
	-0.5f, -1.5f, 1.0f, 0.0f, -2.0f, 0.5f, 0.0f, -1.0f
};
static const double Y8[8] = { 1, 1, 0, 1, 0, 1, 0, 0 };

static struct weir_linear_params
params(int logistic, int nclass, double l2)
{
	struct weir_linear_params p;

	memset(&p, 0, sizeof(p));
	p.logistic = logistic;
	p.nclass = nclass;
	p.l2 = l2;
	p.tol = 1e-10;
	p.max_iter = 10000;
	p.threads = 1;
	return p;
}

static void
test_line(void)
{
	float x[10];
	double y[10];
	struct weir_linear m;
	struct weir_linear_params p = params(0, 0, 0);
	size_t i;

	/* y = 2x + 1 exactly */
	for (i = 0; i < 10; i++) {
		x[i] = (float)i;
		y[i] = 2.0 * i + 1;
	}
	CHECK(weir_linear_fit(&m, x, 10, 1, y, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 2, 1e-12));
	CHECK(NEAR(m.b[0], 1, 1e-12));
	weir_linear_release(&m);

	/* ridge on one feature: w = Sxy / (Sxx + l2) on centered data */
	p.l2 = 5;
	CHECK(weir_linear_fit(&m, x, 10, 1, y, NULL, NULL, &p, &err) == 0);
	/* Sxx = 82.5, Sxy = 165 */
	CHECK(NEAR(m.w[0], 165.0 / 87.5, 1e-12));
	CHECK(NEAR(m.b[0], 10 - 4.5 * 165.0 / 87.5, 1e-12));
	weir_linear_release(&m);
}

static void
test_plane(void)
{
	float x[2 * 7];
	double y[7], s[1];
	struct weir_linear m;
	struct weir_linear_params p = params(0, 0, 0);
	static const float a[7] = { 0, 1, 2, 3, 4, 5, 6 };
	static const float b[7] = { 1, 0, 3, 1, 4, 1, 5 };
	size_t i;

	for (i = 0; i < 7; i++) {
		x[2 * i] = a[i];
		x[2 * i + 1] = b[i];
		y[i] = 3.0 * a[i] - 2.0 * b[i] + 0.5;
	}
	CHECK(weir_linear_fit(&m, x, 7, 2, y, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 3, 1e-10));
	CHECK(NEAR(m.w[1], -2, 1e-10));
	CHECK(NEAR(m.b[0], 0.5, 1e-10));
	weir_linear_scores(&m, x + 6, s);
	CHECK(NEAR(s[0], y[3], 1e-10));
	weir_linear_release(&m);
}

static void
test_ridge_sklearn(void)
{
	static const double yr[8] = { 1.0, 2.5, -0.5, 3.0, 0.0, 1.0, -1.5,
	    0.25 };
	struct weir_linear m;
	struct weir_linear_params p = params(0, 0, 1);

	/* sklearn Ridge(alpha=1): coef [1.01766834, 0.04460211], b 0.51957429 */
	CHECK(weir_linear_fit(&m, X8, 8, 2, yr, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 1.01766834, 1e-8));
	CHECK(NEAR(m.w[1], 0.04460211, 1e-8));
	CHECK(NEAR(m.b[0], 0.5195742904841403, 1e-8));
	weir_linear_release(&m);
}

/* sd: the same optimum as dividing the columns first, in the columns' units. */
static void
test_sd(void)
{
	static const double sd[2] = { 2, 0.25 };
	static const double yr[8] = { 1.0, 2.5, -0.5, 3.0, 0.0, 1.0, -1.5,
	    0.25 };
	float xs[16];
	struct weir_linear a, b;
	struct weir_linear_params p = params(0, 0, 1);
	size_t i;

	for (i = 0; i < 16; i++)
		xs[i] = X8[i] / (float)sd[i % 2];	/* exact: powers of two */
	CHECK(weir_linear_fit(&a, X8, 8, 2, yr, NULL, sd, &p, &err) == 0);
	CHECK(weir_linear_fit(&b, xs, 8, 2, yr, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(a.w[0] * sd[0], b.w[0], 1e-12));
	CHECK(NEAR(a.w[1] * sd[1], b.w[1], 1e-12));
	CHECK(NEAR(a.b[0], b.b[0], 1e-12));
	weir_linear_release(&a);
	weir_linear_release(&b);

	p = params(1, 2, 1);
	p.l1 = 0.5;
	CHECK(weir_linear_fit(&a, X8, 8, 2, Y8, NULL, sd, &p, &err) == 0);
	CHECK(weir_linear_fit(&b, xs, 8, 2, Y8, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(a.w[0] * sd[0], b.w[0], 1e-7));
	CHECK(NEAR(a.w[1] * sd[1], b.w[1], 1e-7));
	CHECK(NEAR(a.b[0], b.b[0], 1e-7));
	weir_linear_release(&a);
	weir_linear_release(&b);
}

static void
test_singular(void)
{
	float x[2 * 6];
	double y[6];
	struct weir_linear m;
	struct weir_linear_params p = params(0, 0, 0);
	size_t i;

	/* the same column twice: the minimum-norm answer splits the weight */
	for (i = 0; i < 6; i++) {
		x[2 * i] = x[2 * i + 1] = (float)i;
		y[i] = 2.0 * i;
	}
	CHECK(weir_linear_fit(&m, x, 6, 2, y, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 1, 1e-6));
	CHECK(NEAR(m.w[1], 1, 1e-6));
	CHECK(NEAR(m.b[0], 0, 1e-6));
	weir_linear_release(&m);

	/* a constant column gets no weight */
	for (i = 0; i < 6; i++) {
		x[2 * i] = (float)i;
		x[2 * i + 1] = 7;
	}
	CHECK(weir_linear_fit(&m, x, 6, 2, y, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 2, 1e-9));
	CHECK(NEAR(m.w[1], 0, 1e-9));
	weir_linear_release(&m);
}

static void
test_logistic_sklearn(void)
{
	struct weir_linear m;
	struct weir_linear_params p = params(1, 2, 1);
	static const double y3[8] = { 0, 1, 2, 1, 0, 1, 2, 0 };
	static const double yb[8] = { 1, 1, 0, 1, 1, 1, 0, 1 };
	double sw[8];
	size_t i;

	/*
	 * LogisticRegression(C=1): coef [1.32443067, 0.34206033], b -0.32516139
	 * (its gradient there is 3e-7; ours ends nearer 1e-10)
	 */
	CHECK(weir_linear_fit(&m, X8, 8, 2, Y8, NULL, NULL, &p, &err) == 0);
	CHECK(m.nout == 1);
	CHECK(m.converged);
	CHECK(NEAR(m.w[0], 1.32443067, 2e-6));
	CHECK(NEAR(m.w[1], 0.34206033, 2e-6));
	CHECK(NEAR(m.b[0], -0.32516139, 2e-6));
	weir_linear_release(&m);

	/* C=0.5 is l2 = 2: [0.9368531, 0.22627841], -0.22452759 */
	p.l2 = 2;
	CHECK(weir_linear_fit(&m, X8, 8, 2, Y8, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 0.9368531, 2e-6));
	CHECK(NEAR(m.w[1], 0.22627841, 2e-6));
	CHECK(NEAR(m.b[0], -0.22452759, 2e-6));
	weir_linear_release(&m);

	/*
	 * multinomial, three classes; the optimum (scipy BFGS to 1e-13, which
	 * scikit-learn's figures match to 2e-6)
	 */
	p = params(1, 3, 1);
	CHECK(weir_linear_fit(&m, X8, 8, 2, y3, NULL, NULL, &p, &err) == 0);
	CHECK(m.nout == 3);
	CHECK(NEAR(m.w[0], -0.12840366, 1e-7));
	CHECK(NEAR(m.w[1], -0.42971004, 1e-7));
	CHECK(NEAR(m.w[2], 1.06497219, 1e-7));
	CHECK(NEAR(m.w[3], -0.10806405, 1e-7));
	CHECK(NEAR(m.w[4], -0.93656853, 1e-7));
	CHECK(NEAR(m.w[5], 0.53777409, 1e-7));
	CHECK(NEAR(m.b[0], 0.60813478, 1e-7));
	CHECK(NEAR(m.b[1], -0.11612013, 1e-7));
	CHECK(NEAR(m.b[2], -0.49201465, 1e-7));
	/* at the optimum of an L2-penalized softmax the class weights sum to 0 */
	CHECK(NEAR(m.w[0] + m.w[2] + m.w[4], 0, 1e-9));
	weir_linear_release(&m);

	/* class_weight="balanced" is per-row weights n / (k * n_class) */
	for (i = 0; i < 8; i++)
		sw[i] = yb[i] == 1 ? 8.0 / 12 : 8.0 / 4;
	p = params(1, 2, 1);
	CHECK(weir_linear_fit(&m, X8, 8, 2, yb, sw, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 1.15429534, 2e-6));
	CHECK(NEAR(m.w[1], -0.76956269, 2e-6));
	CHECK(NEAR(m.b[0], 0.94045852, 2e-6));
	weir_linear_release(&m);
}

static void
test_separable(void)
{
	static const float x[4] = { -2, -1, 1, 2 };
	static const double y[4] = { 0, 0, 1, 1 };
	struct weir_linear m;
	struct weir_linear_params p = params(1, 2, 1);
	double s, g = 0;
	size_t i;

	/* symmetric: the intercept is 0 and every row is on its side */
	CHECK(weir_linear_fit(&m, x, 4, 1, y, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.b[0], 0, 1e-9));
	CHECK(m.w[0] > 0);
	for (i = 0; i < 4; i++) {
		weir_linear_scores(&m, x + i, &s);
		CHECK((s > 0) == (y[i] == 1));
		g += (1 / (1 + exp(-s)) - y[i]) * x[i];
	}
	/* the gradient of the penalized loss vanishes */
	CHECK(NEAR(g + m.w[0], 0, 1e-8));
	weir_linear_release(&m);

	/* without a penalty the problem has no optimum: it stops, finite */
	p.l2 = 0;
	p.max_iter = 50;
	CHECK(weir_linear_fit(&m, x, 4, 1, y, NULL, NULL, &p, &err) == 0);
	CHECK(isfinite(m.w[0]) && m.w[0] > 0);
	weir_linear_release(&m);
}

static void
test_l1(void)
{
	struct weir_linear m;
	struct weir_linear_params p = params(1, 2, 0);

	/* liblinear (penalty="l1", C=1): [1.606, 0], b -0.374 */
	p.l1 = 1;
	CHECK(weir_linear_fit(&m, X8, 8, 2, Y8, NULL, NULL, &p, &err) == 0);
	CHECK(NEAR(m.w[0], 1.60614978, 2e-3));
	CHECK(m.w[1] == 0);
	CHECK(NEAR(m.b[0], -0.37436775, 2e-3));
	weir_linear_release(&m);

	/* a strong penalty zeroes every weight, never the intercept */
	p.l1 = 100;
	CHECK(weir_linear_fit(&m, X8, 8, 2, Y8, NULL, NULL, &p, &err) == 0);
	CHECK(m.w[0] == 0 && m.w[1] == 0);
	CHECK(NEAR(m.b[0], 0, 1e-6));	/* 4 of 8 are positive */
	weir_linear_release(&m);
}

static uint64_t rng = 7;

static double
unif(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void
test_threads(void)
{
	size_t n = 40000, p = 5, i, j;
	float *x = weir_xcalloc(n * p, sizeof(*x));
	double *y = weir_xcalloc(n, sizeof(*y)), *yc = weir_xcalloc(n,
	    sizeof(*yc));
	struct weir_linear a, b;
	struct weir_linear_params pp = params(1, 2, 1);

	for (i = 0; i < n; i++) {
		double s = 0;

		for (j = 0; j < p; j++) {
			x[i * p + j] = (float)(unif() * 2 - 1);
			s += (j + 1.0) * x[i * p + j];
		}
		y[i] = s + unif() > 0.5;
		yc[i] = s + unif();
	}
	pp.tol = 1e-8;
	CHECK(weir_linear_fit(&a, x, n, p, y, NULL, NULL, &pp, &err) == 0);
	pp.threads = 3;
	CHECK(weir_linear_fit(&b, x, n, p, y, NULL, NULL, &pp, &err) == 0);
	CHECK(memcmp(a.w, b.w, p * sizeof(*a.w)) == 0);
	CHECK(memcmp(a.b, b.b, sizeof(*a.b)) == 0);
	CHECK(a.iters == b.iters);
	weir_linear_release(&a);
	weir_linear_release(&b);

	pp = params(0, 0, 1);
	CHECK(weir_linear_fit(&a, x, n, p, yc, NULL, NULL, &pp, &err) == 0);
	pp.threads = 4;
	CHECK(weir_linear_fit(&b, x, n, p, yc, NULL, NULL, &pp, &err) == 0);
	CHECK(memcmp(a.w, b.w, p * sizeof(*a.w)) == 0);
	CHECK(memcmp(a.b, b.b, sizeof(*a.b)) == 0);
	weir_linear_release(&a);
	weir_linear_release(&b);
	free(x);
	free(y);
	free(yc);
}

static void
test_errors(void)
{
	struct weir_linear m;
	struct weir_linear_params p = params(1, 1, 1);

	CHECK(weir_linear_fit(&m, X8, 8, 2, Y8, NULL, NULL, &p, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	p = params(0, 0, -1);
	CHECK(weir_linear_fit(&m, X8, 8, 2, Y8, NULL, NULL, &p, &err) == -1);
	CHECK(err.code == EX_USAGE);
	p = params(0, 0, 1);
	CHECK(weir_linear_fit(&m, X8, 0, 2, Y8, NULL, NULL, &p, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK(weir_linear_threads(3) == 3);
	CHECK(weir_linear_threads(0) >= 1);
}

int
main(void)
{
	test_line();
	test_plane();
	test_ridge_sklearn();
	test_sd();
	test_singular();
	test_logistic_sklearn();
	test_separable();
	test_l1();
	test_threads();
	test_errors();
	return T_DONE();
}
