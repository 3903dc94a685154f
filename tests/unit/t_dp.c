/*
 * t_dp.c - noise calibration: Laplace scale from epsilon (rounded toward
 * more noise), the Gaussian variance meets the zCDP-to-(epsilon, delta)
 * bound and is close to the least that does, the partition-selection
 * threshold is the least that keeps a one-user group's chance of release
 * within delta, computed here from the discrete Laplace tail directly.
 */
#include <math.h>
#include <stdio.h>

#include "privacy/dp.h"
#include "t.h"

/* P(X >= m) for the discrete Laplace of parameter p, m >= 1, summed. */
static double
tail(double p, long m)
{
	double norm = (1 - p) / (1 + p), s = 0;
	long x;

	for (x = m; x < m + 200000; x++)
		s += norm * pow(p, (double)x);
	return s;
}

static void
threshold(uint64_t sens, double eps, double delta)
{
	double p = exp(-eps / (double)sens);
	int64_t t = weir_dp_threshold(sens, eps, delta);
	long m = (long)(t - (int64_t)sens);

	/* enough: every one of sens groups a user makes stays hidden */
	CHECK((double)sens * tail(p, m) <= delta * (1 + 1e-9));
	/* and the least such */
	CHECK(m == 0 || (double)sens * tail(p, m - 1) > delta);
}

int
main(void)
{
	struct weir_dp_mech m;
	struct weir_err e;
	double rho, l, eps;

	CHECK(weir_dp_laplace(&m, 1, 0.5, &e) == 0);
	CHECK(!m.gaussian && m.t == 1000000 && m.s == 500000);
	CHECK(weir_dp_laplace(&m, 7, 1.0000009, &e) == 0);
	CHECK(m.t == 7000000 && m.s == 1000000);	/* rounded down */
	CHECK(weir_dp_laplace(&m, 1, 1e-7, &e) == -1 && e.code == EX_USAGE);
	CHECK(weir_dp_laplace(&m, 1ULL << 60, 1, &e) == -1);
	CHECK(fabs(weir_dp_stddev(&(struct weir_dp_mech){ 0, 1, 1, 1, 0, 0 }) -
	    sqrt(2 * exp(-1.0)) / (1 - exp(-1.0))) < 1e-12);

	/* Gaussian: sigma^2 gives rho-zCDP, rho + 2 sqrt(rho ln 1/delta) <= eps */
	CHECK(weir_dp_gaussian(&m, 3, 1, 1e-6, &e) == 0 && m.gaussian);
	rho = 9.0 / (2.0 * (double)m.num / (double)m.den);
	l = log(1e6);
	eps = rho + 2 * sqrt(rho * l);
	CHECK(eps <= 1 && eps > 0.999);
	CHECK(weir_dp_gaussian(&m, 1u << 20, 0.001, 1e-9, &e) == -1 &&
	    e.code == EX_USAGE);

	threshold(1, 1, 1e-6);
	threshold(1, 0.1, 1e-9);
	threshold(3, 0.5, 1e-5);
	threshold(10, 2, 1e-3);
	return T_DONE();
}
