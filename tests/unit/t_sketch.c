/*
 * t_sketch.c - the profile's sketches against exact answers.
 *
 * KLL: exact up to k (against a sort), then on 10^6 uniform, exponential
 * and sorted values every quantile p1..p99 and its rank within twice the
 * stated rank error, alone and as 4 merged shards; exported and imported
 * it answers and goes on exactly as before.  HyperLogLog: within 3
 * standard errors from 10^2 to 10^6 distinct values, weak hashes or
 * strong; halves merge to the bytes of the whole; duplicates change
 * nothing.  Misra-Gries: on a Zipf stream every count low by at most the
 * stated error, every string above it held, the heaviest in order, merged
 * or not; ties in byte order.  `t_sketch -v` prints the errors measured.
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
#define SHARDS	4

static int	verbose;
static double	v[N], sorted[N];

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform on [0, 1). */
static double
unif(uint64_t *s)
{
	return (double)(rnd(s) >> 11) * 0x1p-53;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Values of sorted[0..n) below x (strict) or at most x. */
static size_t
below(const double *a, size_t n, double x, int or_equal)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a[mid] < x || (or_equal && a[mid] == x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* kll.h's lower quantile, by its definition, from the sorted values. */
static double
lower_quantile(const double *a, size_t n, double q)
{
	size_t j = 0;

	if (q <= 0)
		return a[0];
	if (q >= 1)
		return a[n - 1];
	while ((double)(j + 1) < q * (double)n)
		j++;
	return a[j];
}

/*
 * The worst error over p1..p99 of the sketch's quantiles (the distance of
 * q from the true ranks of the value returned, which are an interval when
 * values repeat) and of its ranks (at the true quantiles).
 */
static void
kll_errors(struct weir_kll *s, const double *a, size_t n, double *qerr,
    double *rerr)
{
	double q, x, lo, hi, e;
	int i;

	*qerr = *rerr = 0;
	for (i = 1; i <= 99; i++) {
		q = i / 100.0;
		x = weir_kll_quantile(s, q);
		lo = (double)below(a, n, x, 0) / (double)n;
		hi = (double)below(a, n, x, 1) / (double)n;
		e = q < lo ? lo - q : q > hi ? q - hi : 0;
		if (e > *qerr)
			*qerr = e;
		x = a[(size_t)(q * (double)n)];
		e = fabs(weir_kll_rank(s, x) - (double)below(a, n, x, 1) /
		    (double)n);
		if (e > *rerr)
			*rerr = e;
	}
}

static int
same_state(const struct weir_kll *a, const struct weir_kll *b)
{
	struct weir_kll_state x, y;
	int same;

	weir_kll_export(a, &x);
	weir_kll_export(b, &y);
	same = x.k == y.k && x.n == y.n && x.rng == y.rng &&
	    x.nitems == y.nitems && (x.n == 0 || (x.min == y.min &&
	    x.max == y.max)) && memcmp(x.x, y.x, x.nitems *
	    sizeof(*x.x)) == 0 && memcmp(x.w, y.w, x.nitems *
	    sizeof(*x.w)) == 0;
	weir_kll_state_release(&x);
	weir_kll_state_release(&y);
	return same;
}

/* Up to k: every quantile and rank as a sort gives them. */
static void
kll_exact(void)
{
	static const size_t sizes[] = { 1, 2, 3, 7, 50, 199, 200 };
	struct weir_kll *s, *t;
	double a[200], q;
	uint64_t seed = 5;
	size_t i, j, n;
	int ok;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = sizes[i];
		s = weir_kll_new(0, 1);
		for (j = 0; j < n; j++) {
			/* few distinct values, so ties are tested too */
			a[j] = (double)(rnd(&seed) % 40) - 10;
			weir_kll_add(s, a[j]);
		}
		qsort(a, n, sizeof(*a), cmp);
		CHECK(weir_kll_exact(s) && weir_kll_rank_error(s) == 0);
		CHECK(weir_kll_count(s) == n && weir_kll_min(s) == a[0] &&
		    weir_kll_max(s) == a[n - 1]);
		ok = 1;
		for (j = 0; j <= 1000; j++) {
			q = j / 1000.0;
			ok &= weir_kll_quantile(s, q) ==
			    lower_quantile(a, n, q);
		}
		for (j = 0; j < n; j++) {
			q = (double)(j + 1) / (double)n;
			ok &= weir_kll_quantile(s, q) ==
			    lower_quantile(a, n, q);
			ok &= weir_kll_quantile(s, nextafter(q, 0)) ==
			    lower_quantile(a, n, nextafter(q, 0));
			ok &= weir_kll_rank(s, a[j]) == (double)below(a, n,
			    a[j], 1) / (double)n;
			ok &= weir_kll_rank(s, a[j] - 0.5) == (double)below(a,
			    n, a[j] - 0.5, 1) / (double)n;
		}
		CHECK(ok);
		weir_kll_free(s);
	}
	/* the header's example; NaN is not counted */
	s = weir_kll_new(0, 1);
	for (i = 4; i >= 1; i--)
		weir_kll_add(s, (double)i);
	weir_kll_add(s, NAN);
	CHECK(weir_kll_quantile(s, 0.5) == 2 && weir_kll_quantile(s, 0.51) ==
	    3 && weir_kll_count(s) == 4);
	CHECK(weir_kll_rank(s, 2.5) == 0.5 && weir_kll_rank(s, 0) == 0 &&
	    weir_kll_rank(s, 4) == 1 && isnan(weir_kll_quantile(s, NAN)));
	/* two exact halves of at most k merge to an exact whole */
	t = weir_kll_new(0, 2);
	for (i = 5; i <= 200; i++)
		weir_kll_add(t, (double)i);
	weir_kll_merge(s, t);
	CHECK(weir_kll_exact(s) && weir_kll_count(s) == 200 &&
	    weir_kll_quantile(s, 0.5) == 100 && weir_kll_quantile(s, 0.005) ==
	    1);
	/* one more and it compacts: the bound applies */
	weir_kll_add(s, 201);
	CHECK(!weir_kll_exact(s) && weir_kll_rank_error(s) ==
	    weir_kll_rank_error_k(200) && weir_kll_max(s) == 201 &&
	    weir_kll_quantile(s, 1) == 201 && weir_kll_quantile(s, 0) == 1);
	weir_kll_free(s);
	weir_kll_free(t);
	s = weir_kll_new(0, 1);
	CHECK(weir_kll_count(s) == 0 && isnan(weir_kll_quantile(s, 0.5)) &&
	    isnan(weir_kll_rank(s, 1)) && isnan(weir_kll_min(s)));
	weir_kll_free(s);
}

/* Export, import: the same answers, then the same future. */
static void
kll_roundtrip(struct weir_kll *s, const double *more, size_t nmore)
{
	struct weir_kll_state st;
	struct weir_kll *b, *j, *extra;
	json_t *js;
	size_t i;
	int ok = 1;

	weir_kll_export(s, &st);
	b = weir_kll_import(&st);
	CHECK(b != NULL);
	if (b == NULL) {
		weir_kll_state_release(&st);
		return;
	}
	CHECK(weir_kll_count(b) == weir_kll_count(s) && weir_kll_min(b) ==
	    weir_kll_min(s) && weir_kll_max(b) == weir_kll_max(s) &&
	    weir_kll_rank_error(b) == weir_kll_rank_error(s));
	for (i = 0; i <= 100; i++) {
		ok &= weir_kll_quantile(b, i / 100.0) ==
		    weir_kll_quantile(s, i / 100.0);
		ok &= weir_kll_rank(b, st.x[i * (st.nitems - 1) / 100]) ==
		    weir_kll_rank(s, st.x[i * (st.nitems - 1) / 100]);
	}
	CHECK(ok);
	/* through JSON too */
	js = weir_kll_json(s);
	j = weir_kll_from_json(js);
	json_decref(js);
	CHECK(j != NULL && same_state(j, s));
	/* the same adds and merges leave the three the same */
	extra = weir_kll_new(0, 99);
	for (i = 0; i < nmore; i++) {
		weir_kll_add(s, more[i]);
		weir_kll_add(b, more[i]);
		if (j != NULL)
			weir_kll_add(j, more[i]);
		weir_kll_add(extra, -more[i]);
	}
	weir_kll_merge(s, extra);
	weir_kll_merge(b, extra);
	if (j != NULL)
		weir_kll_merge(j, extra);
	CHECK(same_state(b, s) && (j == NULL || same_state(j, s)));
	weir_kll_free(extra);
	weir_kll_free(j);
	weir_kll_free(b);
	weir_kll_state_release(&st);
}

static void
kll_bad_states(void)
{
	double x[] = { 1, 2, 3 };
	uint64_t w[] = { 1, 2, 1 };
	struct weir_kll_state st = { 200, 4, 1, 3, 7, 3, x, w };
	struct weir_kll *s;

	s = weir_kll_import(&st);
	CHECK(s != NULL && weir_kll_count(s) == 4 && !weir_kll_exact(s) &&
	    weir_kll_quantile(s, 0.5) == 2);
	weir_kll_free(s);
	w[1] = 3;		/* not a power of two */
	st.n = 5;
	CHECK(weir_kll_import(&st) == NULL);
	w[1] = 2;		/* weights sum to 4, not 5 */
	CHECK(weir_kll_import(&st) == NULL);
	st.n = 4;
	st.max = 2.5;		/* an item above the maximum */
	CHECK(weir_kll_import(&st) == NULL);
	st.max = 3;
	x[0] = NAN;
	CHECK(weir_kll_import(&st) == NULL);
	x[0] = 1;
	st.k = 2;
	CHECK(weir_kll_import(&st) == NULL);
	CHECK(weir_kll_from_json(NULL) == NULL);
}

/* A sketch merged into itself; sketches of different k. */
static void
kll_merge_edges(void)
{
	struct weir_kll *s = weir_kll_new(0, 1), *t = weir_kll_new(400, 2);
	size_t i;

	for (i = 0; i < 1000; i++) {
		weir_kll_add(s, (double)i);
		weir_kll_add(t, (double)(i + 1000));
	}
	weir_kll_merge(s, s);
	CHECK(weir_kll_count(s) == 2000 && weir_kll_min(s) == 0 &&
	    weir_kll_max(s) == 999 && fabs(weir_kll_rank(s, 499) - 0.5) <=
	    2 * weir_kll_rank_error(s));
	weir_kll_merge(t, s);	/* k 400 takes k 200 in: now k 200 */
	CHECK(weir_kll_k(t) == 200 && weir_kll_count(t) == 3000 &&
	    weir_kll_rank_error(t) == weir_kll_rank_error_k(200) &&
	    fabs(weir_kll_rank(t, 999.5) - 2.0 / 3) <= 2 *
	    weir_kll_rank_error(t));
	weir_kll_free(s);
	weir_kll_free(t);
}

static void
kll(void)
{
	static const char *const name[] = { "uniform", "exponential",
	    "sorted" };
	struct weir_kll *s, *p[SHARDS];
	double bound = weir_kll_rank_error_k(200), qe, re, mqe, mre;
	double more[1000];
	uint64_t seed = 1;
	size_t i, d;

	kll_exact();
	kll_bad_states();
	kll_merge_edges();
	CHECK(bound > 0.0132 && bound < 0.0134);	/* 1.33% */
	for (d = 0; d < 3; d++) {
		for (i = 0; i < N; i++)
			v[i] = d == 0 ? unif(&seed) : d == 1 ?
			    -log1p(-unif(&seed)) : (double)i;
		memcpy(sorted, v, sizeof(v));
		if (d != 2)
			qsort(sorted, N, sizeof(*sorted), cmp);
		s = weir_kll_new(200, 7 + d);
		for (i = 0; i < SHARDS; i++)
			p[i] = weir_kll_new(200, 100 + SHARDS * d + i);
		for (i = 0; i < N; i++) {
			weir_kll_add(s, v[i]);
			/* shards of consecutive values */
			weir_kll_add(p[i / (N / SHARDS)], v[i]);
		}
		CHECK(weir_kll_count(s) == N && weir_kll_rank_error(s) ==
		    bound && weir_kll_min(s) == sorted[0] &&
		    weir_kll_max(s) == sorted[N - 1]);
		kll_errors(s, sorted, N, &qe, &re);
		CHECK(qe <= 2 * bound && re <= 2 * bound);
		weir_kll_merge(p[0], p[1]);
		weir_kll_merge(p[2], p[3]);
		weir_kll_merge(p[0], p[2]);
		CHECK(weir_kll_count(p[0]) == N && weir_kll_min(p[0]) ==
		    sorted[0] && weir_kll_max(p[0]) == sorted[N - 1]);
		kll_errors(p[0], sorted, N, &mqe, &mre);
		CHECK(mqe <= 2 * bound && mre <= 2 * bound);
		if (verbose)
			printf("kll %-11s bound %.4f  quantile error %.4f "
			    "rank error %.4f  merged %.4f %.4f\n", name[d],
			    bound, qe, re, mqe, mre);
		for (i = 0; i < 1000; i++)
			more[i] = v[i] * 3;
		kll_roundtrip(p[0], more, 1000);
		weir_kll_free(s);
		for (i = 0; i < SHARDS; i++)
			weir_kll_free(p[i]);
	}
}

static void
hll_check(struct weir_hll *h, uint64_t n, const char *what)
{
	double est = weir_hll_estimate(h);
	double rel = fabs(est - (double)n) / (double)n;

	CHECK(rel <= 3 * weir_hll_error());
	if (verbose)
		printf("hll %-6s n %7llu  estimate %10.1f  relative error "
		    "%.5f (%.2f se)\n", what, (unsigned long long)n, est, rel,
		    rel / weir_hll_error());
}

static void
hll(void)
{
	static const uint64_t at[] = { 100, 1000, 10000, 40000, 100000,
	    1000000 };
	struct weir_hll *weak, *strong, *a, *b, *c;
	uint64_t i, x, k = 0;
	uint8_t reg[WEIR_HLL_M];
	char *b64;

	CHECK(weir_hll_error() > 0.00812 && weir_hll_error() < 0.00813);
	weak = weir_hll_new();
	strong = weir_hll_new();
	a = weir_hll_new();
	b = weir_hll_new();
	CHECK(weir_hll_estimate(weak) == 0);
	for (i = 0; i < 1000000; i++) {
		/* the value as its own hash, and a real hash of other ones */
		weir_hll_add(weak, i);
		x = i + ((uint64_t)1 << 40);
		x = weir_hash64(&x, sizeof(x));
		weir_hll_add(strong, x);
		weir_hll_add(i < 500000 ? a : b, x);
		if (i + 1 == at[k]) {
			hll_check(weak, i + 1, "weak");
			hll_check(strong, i + 1, "strong");
			k++;
		}
	}
	/* halves merge to the bytes of the whole */
	weir_hll_merge(a, b);
	CHECK(memcmp(weir_hll_registers(a), weir_hll_registers(strong),
	    WEIR_HLL_M) == 0);
	/* duplicates change nothing */
	for (i = 0; i < 1000000; i += 3) {
		x = i + ((uint64_t)1 << 40);
		weir_hll_add(a, weir_hash64(&x, sizeof(x)));
	}
	weir_hll_merge(a, b);
	CHECK(memcmp(weir_hll_registers(a), weir_hll_registers(strong),
	    WEIR_HLL_M) == 0);
	/* registers out and in, as bytes and as base64 */
	c = weir_hll_from_registers(weir_hll_registers(strong), WEIR_HLL_M);
	CHECK(c != NULL && weir_hll_estimate(c) == weir_hll_estimate(strong));
	weir_hll_free(c);
	b64 = weir_hll_base64(strong);
	c = weir_hll_from_base64(b64);
	CHECK(c != NULL && memcmp(weir_hll_registers(c),
	    weir_hll_registers(strong), WEIR_HLL_M) == 0);
	free(b64);
	weir_hll_free(c);
	memcpy(reg, weir_hll_registers(strong), WEIR_HLL_M);
	CHECK(weir_hll_from_registers(reg, WEIR_HLL_M - 1) == NULL);
	reg[7] = 52;
	CHECK(weir_hll_from_registers(reg, WEIR_HLL_M) == NULL);
	CHECK(weir_hll_from_base64("not base64!") == NULL);
	CHECK(weir_hll_from_base64("AAAA") == NULL);
	weir_hll_free(weak);
	weir_hll_free(strong);
	weir_hll_free(a);
	weir_hll_free(b);
}

#define ZN	10000		/* distinct values */
#define ZDRAW	400000

static uint64_t	truth[ZN];
static uint32_t	stream[ZDRAW];

static int
key(char *buf, uint32_t x)
{
	return snprintf(buf, 16, "item-%u", (unsigned)x);
}

static uint32_t
unkey(const char *s)
{
	return (uint32_t)strtoul(s + 5, NULL, 10);
}

/*
 * Every count low by at most the error, which is within the formula;
 * every value above it held; the heaviest in true order as far as the
 * error lets them be told apart.  Returns the error.
 */
static uint64_t
topk_check(struct weir_topk *t, uint64_t m, const uint32_t *top,
    const char *what)
{
	const struct weir_topk_item *it;
	uint64_t err = weir_topk_error(t), held = 0, n = weir_topk_count(t);
	size_t i, j, nit = weir_topk_items(t, &it);
	int ok = 1, found;

	for (i = 0; i < nit; i++) {
		uint64_t f = truth[unkey(it[i].s)];

		held += it[i].count;
		ok &= it[i].count <= f && f - it[i].count <= err;
		ok &= i == 0 || it[i - 1].count >= it[i].count;
	}
	CHECK(ok);
	CHECK(n == ZDRAW && err <= (n - held) / (m + 1) && err > 0);
	for (i = 0, ok = 1; i < ZN; i++) {
		if (truth[i] <= err)
			continue;
		for (j = 0, found = 0; j < nit && !found; j++)
			found = unkey(it[j].s) == i;
		ok &= found;
	}
	CHECK(ok);
	/* the true order is certain while the gaps exceed the error */
	for (i = 0; i < 3; i++)
		CHECK(truth[top[i]] - truth[top[i + 1]] > err &&
		    unkey(it[i].s) == top[i]);
	if (verbose)
		printf("topk %-6s n %llu  error bound %llu (n/(m+1) %llu)  "
		    "items %zu\n", what, (unsigned long long)n,
		    (unsigned long long)err, (unsigned long long)(n / (m + 1)),
		    nit);
	return err;
}

static void
topk_ties(void)
{
	static const char *const want[] = { "z", "", "a", "ab", "b", "c" };
	struct weir_topk *t = weir_topk_new(8), *u = weir_topk_new(8);
	const struct weir_topk_item *it;
	size_t i, n;
	int ok = 1;

	weir_topk_add(t, "b", 1, 2);
	weir_topk_add(t, "ab", 2, 2);
	weir_topk_add(t, "z", 1, 5);
	weir_topk_add(t, "c", 1, 1);
	weir_topk_add(t, "c", 1, 1);
	weir_topk_add(t, NULL, 0, 2);
	weir_topk_add(t, "a", 1, 2);
	weir_topk_add(t, "q", 1, 0);	/* nothing */
	for (i = 6; i-- > 0;)
		weir_topk_add(u, want[i], strlen(want[i]), i == 0 ? 5 : 2);
	n = weir_topk_items(t, &it);
	CHECK(n == 6 && weir_topk_count(t) == 15 && weir_topk_error(t) == 0);
	for (i = 0; i < n && i < 6; i++)
		ok &= it[i].len == strlen(want[i]) && strcmp(it[i].s,
		    want[i]) == 0;
	CHECK(ok);
	n = weir_topk_items(u, &it);
	for (i = 0; i < n && i < 6; i++)
		ok &= strcmp(it[i].s, want[i]) == 0;
	CHECK(n == 6 && ok);
	weir_topk_free(t);
	weir_topk_free(u);
}

static int
same_items(struct weir_topk *a, struct weir_topk *b)
{
	const struct weir_topk_item *x, *y;
	size_t i, n = weir_topk_items(a, &x);
	int same = n == weir_topk_items(b, &y) && weir_topk_count(a) ==
	    weir_topk_count(b) && weir_topk_error(a) == weir_topk_error(b);

	for (i = 0; same && i < n; i++)
		same = x[i].len == y[i].len && x[i].count == y[i].count &&
		    memcmp(x[i].s, y[i].s, x[i].len) == 0;
	return same;
}

static void
topk(void)
{
	static double cdf[ZN];
	struct weir_topk *t, *p[SHARDS], *b, *j, *small;
	struct weir_topk_state st;
	const struct weir_topk_item *it;
	struct weir_topk_item bad = { "x", 1, 10 };
	uint32_t top[4] = { 0 };
	uint64_t seed = 3, err, e1;
	double sum = 0, u;
	size_t i, lo, hi, n;
	char buf[16];
	int len;
	json_t *js;

	topk_ties();
	/* Zipf, exponent 1.1, by inverse transform of the cumulative */
	for (i = 0; i < ZN; i++)
		cdf[i] = sum += pow((double)(i + 1), -1.1);
	t = weir_topk_new(0);
	for (i = 0; i < SHARDS; i++)
		p[i] = weir_topk_new(64);
	for (i = 0; i < ZDRAW; i++) {
		u = unif(&seed) * sum;
		for (lo = 0, hi = ZN - 1; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* values under shuffled names: the order is not the bytes' */
		stream[i] = (uint32_t)((lo * 7919) % ZN);
		truth[stream[i]]++;
		len = key(buf, stream[i]);
		weir_topk_add(t, buf, (size_t)len, 1);
		weir_topk_add(p[i / (ZDRAW / SHARDS)], buf, (size_t)len, 1);
	}
	for (i = 0; i < 4; i++)
		top[i] = (uint32_t)((i * 7919) % ZN);
	e1 = topk_check(t, 64, top, "single");
	weir_topk_merge(p[0], p[1]);
	weir_topk_merge(p[2], p[3]);
	weir_topk_merge(p[0], p[2]);
	err = topk_check(p[0], 64, top, "merged");
	CHECK(e1 <= ZDRAW / 65 && err <= ZDRAW / 65);
	/* export, import, JSON: the same items, then the same future */
	weir_topk_export(p[0], &st);
	b = weir_topk_import(&st);
	js = weir_topk_json(p[0]);
	j = weir_topk_from_json(js);
	json_decref(js);
	CHECK(b != NULL && j != NULL && same_items(b, p[0]) &&
	    same_items(j, p[0]));
	for (i = 0; i < 20000 && b != NULL && j != NULL; i++) {
		len = key(buf, stream[i]);
		weir_topk_add(p[0], buf, (size_t)len, 1);
		weir_topk_add(b, buf, (size_t)len, 1);
		weir_topk_add(j, buf, (size_t)len, 1);
	}
	CHECK(b != NULL && j != NULL && same_items(b, p[0]) &&
	    same_items(j, p[0]));
	weir_topk_free(b);
	weir_topk_free(j);
	/* a summary of smaller m: the merge takes its bound */
	small = weir_topk_new(8);
	for (i = 0; i < 1000; i++) {
		len = key(buf, stream[i]);
		weir_topk_add(small, buf, (size_t)len, 1);
	}
	weir_topk_merge(t, small);
	n = weir_topk_items(t, &it);
	CHECK(weir_topk_count(t) == ZDRAW + 1000 && n < 16 &&
	    weir_topk_error(t) <= (ZDRAW + 1000) / 9);
	weir_topk_free(small);
	/* merged into itself: every count twice */
	small = weir_topk_new(8);
	weir_topk_add(small, "a", 1, 3);
	weir_topk_add(small, "b", 1, 1);
	weir_topk_merge(small, small);
	n = weir_topk_items(small, &it);
	CHECK(n == 2 && it[0].count == 6 && it[1].count == 2 &&
	    weir_topk_count(small) == 8 && weir_topk_error(small) == 0);
	weir_topk_free(small);
	/* states no summary writes */
	st.m = 4;
	st.n = 5;
	st.error = UINT64_MAX;
	st.nitems = 1;
	st.items = &bad;
	CHECK(weir_topk_import(&st) == NULL);	/* counts above n */
	st.n = 30;
	b = weir_topk_import(&st);
	CHECK(b != NULL && weir_topk_error(b) == 4);	/* (30 - 10) / 5 */
	weir_topk_free(b);
	st.m = 0;
	CHECK(weir_topk_import(&st) == NULL);
	CHECK(weir_topk_from_json(NULL) == NULL);
	weir_topk_free(t);
	for (i = 0; i < SHARDS; i++)
		weir_topk_free(p[i]);
}

int
main(int argc, char **argv)
{
	verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	kll();
	hll();
	topk();
	return T_DONE();
}
