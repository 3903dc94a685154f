/*
 * t_sketches.c - the profile's sketches against exact answers: KLL
 * quantiles within the stated rank error (sorted, shuffled and skewed
 * input; merged shards; through JSON), HyperLogLog within 3 standard
 * errors from 10^2 to 10^6, Misra-Gries counts low by at most the stated
 * error and the heavy values found, merged or not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "stats/hll.h"
#include "stats/kll.h"
#include "stats/topk.h"
#include "t.h"

#define N	1000000

static double	v[N];

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The worst |rank(sketch's q-quantile) - q| over p1..p99, exactly. */
static double
worst_rank_error(struct weir_kll *s, const double *sorted, size_t n)
{
	static const double q[] = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };
	double worst = 0, x, lo, hi, err;
	size_t i, a, b;

	for (i = 0; i < 7; i++) {
		x = weir_kll_quantile(s, q[i]);
		/* x's ranks in the data: [lo, hi] */
		for (a = 0, b = n; a < b;) {
			size_t m = a + (b - a) / 2;

			if (sorted[m] < x)
				a = m + 1;
			else
				b = m;
		}
		lo = (double)a / (double)n;
		for (b = n; a < b;) {
			size_t m = a + (b - a) / 2;

			if (sorted[m] <= x)
				a = m + 1;
			else
				b = m;
		}
		hi = (double)a / (double)n;
		err = q[i] < lo ? lo - q[i] : q[i] > hi ? q[i] - hi : 0;
		if (err > worst)
			worst = err;
	}
	return worst;
}

static void
kll(void)
{
	struct weir_kll *s, *parts[4], *back;
	uint64_t seed = 1;
	double *sorted, bound;
	size_t i, k;
	json_t *j;

	/* few values: exact, the lower quantile */
	s = weir_kll_new(200, 1);
	for (i = 1; i <= 100; i++)
		weir_kll_add(s, (double)(101 - i));
	CHECK(weir_kll_exact(s) && weir_kll_rank_error(s) == 0);
	CHECK(weir_kll_quantile(s, 0.5) == 50 && weir_kll_quantile(s, 0.01) ==
	    1 && weir_kll_quantile(s, 1) == 100 && weir_kll_quantile(s,
	    0.505) == 51);
	CHECK(weir_kll_rank(s, 25) == 0.25);
	weir_kll_free(s);

	sorted = malloc(N * sizeof(*sorted));
	for (k = 0; k < 3; k++) {
		for (i = 0; i < N; i++)
			v[i] = k == 0 ? (double)i :	/* sorted */
			    k == 1 ? (double)(rnd(&seed) % 1000000) :
			    -log((double)(rnd(&seed) >> 11) / 9007199254740992.0 +
			    1e-300);			/* exponential */
		s = weir_kll_new(200, 7);
		for (i = 0; i < 4; i++)
			parts[i] = weir_kll_new(200, 11 + i);
		for (i = 0; i < N; i++) {
			weir_kll_add(s, v[i]);
			weir_kll_add(parts[i % 4], v[i]);
		}
		memcpy(sorted, v, N * sizeof(*v));
		qsort(sorted, N, sizeof(*sorted), cmp);
		bound = weir_kll_rank_error(s);
		CHECK(bound > 0.01 && bound < 0.02 && !weir_kll_exact(s));
		CHECK(weir_kll_count(s) == N);
		CHECK(worst_rank_error(s, sorted, N) <= 2 * bound);
		for (i = 1; i < 4; i++)
			weir_kll_merge(parts[0], parts[i]);
		CHECK(weir_kll_count(parts[0]) == N);
		CHECK(worst_rank_error(parts[0], sorted, N) <= 2 * bound);
		j = weir_kll_json(parts[0]);
		back = weir_kll_from_json(j);
		CHECK(back != NULL && weir_kll_quantile(back, 0.5) ==
		    weir_kll_quantile(parts[0], 0.5) && weir_kll_quantile(back,
		    0.99) == weir_kll_quantile(parts[0], 0.99));
		json_decref(j);
		weir_kll_free(back);
		weir_kll_free(s);
		for (i = 0; i < 4; i++)
			weir_kll_free(parts[i]);
	}
	free(sorted);
	CHECK(weir_kll_from_json(NULL) == NULL);
}

static void
hll(void)
{
	static const uint64_t sizes[] = { 100, 10000, 1000000 };
	struct weir_hll *h, *a, *b, *back;
	uint64_t i, k, n;
	double est, se = weir_hll_error();
	char key[32], *b64;
	int len;

	h = weir_hll_new();
	CHECK(weir_hll_estimate(h) == 0);
	weir_hll_free(h);
	for (k = 0; k < 3; k++) {
		n = sizes[k];
		h = weir_hll_new();
		a = weir_hll_new();
		b = weir_hll_new();
		for (i = 0; i < n; i++) {
			len = snprintf(key, sizeof(key), "user-%llu",
			    (unsigned long long)i);
			weir_hll_add(h, weir_hash64(key, (size_t)len));
			weir_hll_add(i % 2 ? a : b, weir_hash64(key,
			    (size_t)len));
			if (i % 3 == 0)	/* duplicates change nothing */
				weir_hll_add(h, weir_hash64(key, (size_t)len));
		}
		est = weir_hll_estimate(h);
		CHECK(fabs(est - (double)n) <= 3 * se * (double)n + 1);
		weir_hll_merge(a, b);
		CHECK(weir_hll_estimate(a) == est);
		b64 = weir_hll_base64(h);
		back = weir_hll_from_base64(b64);
		CHECK(back != NULL && weir_hll_estimate(back) == est);
		free(b64);
		weir_hll_free(back);
		weir_hll_free(h);
		weir_hll_free(a);
		weir_hll_free(b);
	}
	CHECK(weir_hll_from_base64("not base64!") == NULL);
}

static void
topk(void)
{
	struct weir_topk *t, *p[3];
	const struct weir_topk_item *it;
	static uint64_t truth[5000];
	uint64_t seed = 3, total = 0, err, x;
	size_t i, n, j;
	char key[16];
	int len;

	t = weir_topk_new(64);
	for (i = 0; i < 3; i++)
		p[i] = weir_topk_new(64);
	/* Zipf-like: value x with weight about 1 / (x + 1) */
	for (i = 0; i < 200000; i++) {
		double u = (double)(rnd(&seed) >> 11) / 9007199254740992.0;

		x = (uint64_t)floor(exp(u * log(5000.0))) - 1;
		truth[x]++;
		total++;
		len = snprintf(key, sizeof(key), "v%llu", (unsigned long long)x);
		weir_topk_add(t, key, (size_t)len, 1);
		weir_topk_add(p[i % 3], key, (size_t)len, 1);
	}
	err = weir_topk_error(t);
	CHECK(err > 0 && err <= total / 65);
	n = weir_topk_items(t, &it);
	CHECK(n > 0 && n < 128);
	for (i = 0; i < n; i++) {
		x = strtoull(it[i].s + 1, NULL, 10);
		CHECK(it[i].count <= truth[x] && truth[x] - it[i].count <= err);
		CHECK(i == 0 || it[i - 1].count >= it[i].count);
	}
	/* every value above the error is held */
	for (x = 0; x < 5000; x++)
		if (truth[x] > err) {
			for (j = 0; j < n && strtoull(it[j].s + 1, NULL, 10) !=
			    x; j++)
				;
			CHECK(j < n);
		}
	weir_topk_merge(p[0], p[1]);
	weir_topk_merge(p[0], p[2]);
	err = weir_topk_error(p[0]);
	CHECK(err <= total / 65 + 3);
	n = weir_topk_items(p[0], &it);
	for (i = 0; i < n; i++) {
		x = strtoull(it[i].s + 1, NULL, 10);
		CHECK(it[i].count <= truth[x] && truth[x] - it[i].count <= err);
	}
	CHECK(n > 0 && strcmp(it[0].s, "v0") == 0);
	weir_topk_free(t);
	for (i = 0; i < 3; i++)
		weir_topk_free(p[i]);
}

int
main(void)
{
	kll();
	hll();
	topk();
	return T_DONE();
}
