/*
 * t_noise.c - the exact discrete samplers against their exact pmf:
 * chi-square over 10^6 draws each from a fixed (insecure) seed, so the
 * test is repeatable; Bernoulli(exp(-g)) frequencies; seeded streams
 * repeat, secure ones do not.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "privacy/noise.h"
#include "t.h"

#define DRAWS	1000000
#define K	20	/* bins -K..K, the rest pooled in the two tails */

/* Chi-square of counts against pmf over the bins -K..K. */
static double
chi2(const long *count, const double *pmf)
{
	double c = 0, e;
	int x;

	for (x = -K; x <= K; x++) {
		e = pmf[x + K] * DRAWS;
		c += (count[x + K] - e) * (count[x + K] - e) / e;
	}
	return c;
}

static void
test_laplace(void)
{
	static long count[2 * K + 1];
	static double pmf[2 * K + 1];
	struct weir_rng r;
	double q, norm, tails = 0, c;
	long out = 0;
	int i, x;

	/* scale 5/2: P(x) = (1 - q) / (1 + q) q^|x|, q = exp(-2/5) */
	q = exp(-2.0 / 5.0);
	norm = (1 - q) / (1 + q);
	for (x = -K; x <= K; x++)
		pmf[x + K] = norm * pow(q, fabs((double)x));
	weir_rng_seeded(&r, 42);
	for (i = 0; i < DRAWS; i++) {
		int64_t v = weir_discrete_laplace(&r, 5, 2);

		if (v < -K || v > K)
			out++;
		else
			count[v + K]++;
	}
	for (x = -K; x <= K; x++)
		tails += pmf[x + K];
	c = chi2(count, pmf);
	/* 41 bins, df 40: the 0.1 % critical value is 73.4 */
	printf("laplace chi2 %.1f, tail %ld (expected %.0f)\n", c, out,
	    (1 - tails) * DRAWS);
	CHECK(c < 73.4);
	CHECK(fabs(out - (1 - tails) * DRAWS) < 5 * sqrt((1 - tails) * DRAWS) + 5);
}

static void
test_gaussian(void)
{
	static long count[2 * K + 1];
	static double pmf[2 * K + 1];
	struct weir_rng r;
	double z = 0, c;
	long out = 0;
	int i, x;

	/* sigma^2 = 9/2 */
	for (x = -200; x <= 200; x++)
		z += exp(-(double)x * x / 9.0);
	for (x = -K; x <= K; x++)
		pmf[x + K] = exp(-(double)x * x / 9.0) / z;
	weir_rng_seeded(&r, 7);
	for (i = 0; i < DRAWS; i++) {
		int64_t v = weir_discrete_gaussian(&r, 9, 2);

		if (v < -K || v > K)
			out++;
		else
			count[v + K]++;
	}
	c = chi2(count, pmf);
	printf("gaussian chi2 %.1f, tail %ld\n", c, out);
	CHECK(c < 73.4);
	CHECK(out < 3);		/* P(|x| > 20) is about 1e-40 */
}

static void
test_bern_exp(void)
{
	struct weir_rng r;
	long n = 0;
	int i;

	weir_rng_seeded(&r, 1);
	for (i = 0; i < DRAWS; i++)
		n += weir_bern_exp(&r, 7, 3);	/* exp(-7/3) = 0.09697 */
	CHECK(fabs(n - 0.0969720 * DRAWS) < 5 * sqrt(DRAWS * 0.097 * 0.903));
}

static void
test_streams(void)
{
	struct weir_rng a, b;
	uint64_t x[4], y[4];
	int i;

	weir_rng_seeded(&a, 5);
	weir_rng_seeded(&b, 5);
	for (i = 0; i < 4; i++) {
		x[i] = weir_rng_below(&a, 1000000007);
		y[i] = weir_rng_below(&b, 1000000007);
	}
	CHECK(memcmp(x, y, sizeof(x)) == 0);
	weir_rng_seeded(&b, 6);
	for (i = 0; i < 4; i++)
		y[i] = weir_rng_below(&b, 1000000007);
	CHECK(memcmp(x, y, sizeof(x)) != 0);
	weir_rng_secure(&a);
	weir_rng_secure(&b);
	for (i = 0; i < 4; i++) {
		x[i] = weir_rng_below(&a, UINT64_MAX);
		y[i] = weir_rng_below(&b, UINT64_MAX);
	}
	CHECK(memcmp(x, y, sizeof(x)) != 0);
	CHECK(weir_rng_below(&a, 1) == 0);
}

int
main(void)
{
	test_laplace();
	test_gaussian();
	test_bern_exp();
	test_streams();
	return T_DONE();
}
