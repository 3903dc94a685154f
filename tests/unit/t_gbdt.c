/* t_gbdt.c - gradient-boosted trees: known answers, determinism, JSON. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "learn/gbdt.h"
#include "t.h"

static struct weir_err err;

static struct weir_gbdt_params
defaults(int task, int nclass)
{
	struct weir_gbdt_params p;

	memset(&p, 0, sizeof(p));
	p.task = task;
	p.nclass = nclass;
	p.ntrees = 100;
	p.max_depth = 6;
	p.max_leaves = 0;
	p.min_leaf = 20;
	p.learning_rate = 0.1;
	p.l2 = 1.0;
	p.row_subsample = 1.0;
	p.col_subsample = 1.0;
	p.threads = 1;
	p.seed = 1;
	return p;
}

/* A deterministic PRNG for the test data (splitmix64). */
static uint64_t rs;

static double
unif(void)
{
	uint64_t z = (rs += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static double
pred1(const struct weir_gbdt *m, const float *row)
{
	double out[8];

	weir_gbdt_predict(m, row, out);
	return out[0];
}

static char *
dump(const struct weir_gbdt *m, size_t flags)
{
	json_t *j = weir_gbdt_to_json(m);
	char *s = json_dumps(j, flags | JSON_COMPACT);

	json_decref(j);
	return s;
}

static int
argmax(const double *v, int n)
{
	int i, b = 0;

	for (i = 1; i < n; i++)
		if (v[i] > v[b])
			b = i;
	return b;
}

/* A step is learnt exactly: one split, leaves at the two means. */
static void
test_step(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_REGRESS, 1);
	struct weir_gbdt *m;
	float x[400];
	double y[400];
	json_t *j, *tr;
	size_t i;
	int exact = 1;

	for (i = 0; i < 200; i++) {
		x[i] = (float)i / 100;
		y[i] = x[i] < 1 ? 0 : 5;
	}
	p.ntrees = 1;
	p.max_depth = 1;
	p.learning_rate = 1;
	p.l2 = 0;
	p.min_leaf = 1;
	m = weir_gbdt_train(x, 200, 1, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	for (i = 0; i < 200; i++)
		if (pred1(m, &x[i]) != y[i])
			exact = 0;
	CHECK(exact);
	CHECK(weir_gbdt_trees_used(m) == 1);
	j = weir_gbdt_to_json(m);
	tr = json_array_get(json_object_get(j, "trees"), 0);
	CHECK(json_array_size(json_object_get(tr, "feature")) == 3);
	{
		double thr = json_real_value(json_array_get(
		    json_object_get(tr, "threshold"), 0));

		CHECK(thr >= 0.99f && thr < 1.0f);
		CHECK((double)(float)thr == thr);	/* a float32 value */
	}
	CHECK(json_real_value(json_array_get(json_object_get(j, "init"), 0))
	    == 2.5);
	json_decref(j);
	weir_gbdt_free(m);

	/* four steps, depth 2: every leaf is a step */
	for (i = 0; i < 400; i++) {
		x[i] = (float)(i % 50) + (float)(i / 100) * 1000;
		y[i] = (double)(i / 100);
	}
	p.max_depth = 2;
	m = weir_gbdt_train(x, 400, 1, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	for (exact = 1, i = 0; m && i < 400; i++)
		if (pred1(m, &x[i]) != y[i])
			exact = 0;
	CHECK(exact);
	weir_gbdt_free(m);

	/* with the defaults, a smooth curve comes close */
	for (i = 0; i < 400; i++) {
		x[i] = (float)i / 400;
		y[i] = sin(6 * x[i]);
	}
	p = defaults(WEIR_TASK_REGRESS, 1);
	p.min_leaf = 5;
	m = weir_gbdt_train(x, 400, 1, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	{
		double se = 0;

		for (i = 0; m && i < 400; i++)
			se += (pred1(m, &x[i]) - y[i]) * (pred1(m, &x[i]) - y[i]);
		CHECK(sqrt(se / 400) < 0.05);
	}
	weir_gbdt_free(m);
}

/* Separable classes, along a diagonal that takes many splits. */
static void
test_binary(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_BINARY, 1);
	struct weir_gbdt *m;
	float x[2 * 1000];
	double y[1000];
	size_t n = 0, i, right = 0;

	rs = 7;
	while (n < 1000) {
		double a = unif(), b = unif();

		if (fabs(a + b - 1) < 0.1)
			continue;
		x[2 * n] = (float)a;
		x[2 * n + 1] = (float)b;
		y[n++] = a + b > 1;
	}
	p.min_leaf = 5;
	m = weir_gbdt_train(x, n, 2, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	for (i = 0; i < n; i++)
		right += (pred1(m, &x[2 * i]) > 0) == (y[i] == 1);
	CHECK(right == n);
	/* the grid away from the boundary */
	{
		size_t ok = 0, all = 0;
		int a, b;

		for (a = 0; a <= 20; a++)
			for (b = 0; b <= 20; b++) {
				float r[2] = { a / 20.0f, b / 20.0f };

				if (fabs(r[0] + r[1] - 1) < 0.15)
					continue;
				all++;
				ok += (pred1(m, r) > 0) == (r[0] + r[1] > 1);
			}
		CHECK(ok == all);
	}
	weir_gbdt_free(m);
}

/* Three classes in bands of x0, one noise feature; unequal priors. */
static void
test_multi(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_MULTI, 3);
	struct weir_gbdt *m;
	float x[2 * 600];
	double y[600], out[3];
	json_t *j;
	size_t i, right = 0;

	rs = 11;
	for (i = 0; i < 600; i++) {
		int c = i < 100 ? 0 : i < 300 ? 1 : 2;

		x[2 * i] = (float)(c * 10 + unif() * 8);
		x[2 * i + 1] = (float)unif();
		y[i] = c;
	}
	p.ntrees = 20;
	m = weir_gbdt_train(x, 600, 2, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	for (i = 0; i < 600; i++) {
		weir_gbdt_predict(m, &x[2 * i], out);
		right += argmax(out, 3) == (int)y[i];
	}
	CHECK(right == 600);
	j = weir_gbdt_to_json(m);
	CHECK(json_array_size(json_object_get(j, "trees")) == 60);
	CHECK_STR(json_string_value(json_object_get(j, "task")), "multi");
	CHECK(json_integer_value(json_object_get(j, "nclass")) == 3);
	/* init: log priors 1/6, 1/3, 1/2 as float32 */
	CHECK(json_real_value(json_array_get(json_object_get(j, "init"), 0)) ==
	    (float)log(1.0 / 6));
	CHECK(json_real_value(json_array_get(json_object_get(j, "init"), 2)) ==
	    (float)log(0.5));
	json_decref(j);
	weir_gbdt_free(m);
}

/* Missing values learn their direction. */
static void
test_missing(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_BINARY, 1);
	struct weir_gbdt *m;
	float x[2 * 500], nanrow[2] = { NAN, 0.5f }, r[2];
	double y[500];
	json_t *j, *tr;
	size_t i, right = 0;

	/* missing means class 1; any value means class 0 */
	rs = 3;
	for (i = 0; i < 500; i++) {
		y[i] = i % 3 == 0;
		x[2 * i] = y[i] ? NAN : (float)unif();
		x[2 * i + 1] = (float)unif();
	}
	p.ntrees = 10;
	m = weir_gbdt_train(x, 500, 2, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	for (i = 0; i < 500; i++)
		right += (pred1(m, &x[2 * i]) > 0) == (y[i] == 1);
	CHECK(right == 500);
	CHECK(pred1(m, nanrow) > 0);
	r[0] = 1e30f;		/* far beyond any value seen: still a value */
	r[1] = 0.5f;
	CHECK(pred1(m, r) < 0);
	j = weir_gbdt_to_json(m);
	tr = json_array_get(json_object_get(j, "trees"), 0);
	CHECK(json_integer_value(json_array_get(json_object_get(tr,
	    "feature"), 0)) == 0);
	CHECK(json_integer_value(json_array_get(json_object_get(tr,
	    "missing_left"), 0)) == 0);
	json_decref(j);
	weir_gbdt_free(m);

	/* x0 < 0.5 or missing: class 0; so missing goes left with the low */
	for (i = 0; i < 500; i++) {
		double v = unif();

		x[2 * i] = i % 5 == 0 ? NAN : (float)v;
		y[i] = i % 5 != 0 && v >= 0.5;
	}
	m = weir_gbdt_train(x, 500, 2, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	for (right = 0, i = 0; i < 500; i++)
		right += (pred1(m, &x[2 * i]) > 0) == (y[i] == 1);
	CHECK(right == 500);
	CHECK(pred1(m, nanrow) < 0);
	j = weir_gbdt_to_json(m);
	tr = json_array_get(json_object_get(j, "trees"), 0);
	CHECK(json_integer_value(json_array_get(json_object_get(tr,
	    "missing_left"), 0)) == 1);
	json_decref(j);
	weir_gbdt_free(m);

	/* none missing in training: NaN goes with the larger side */
	for (i = 0; i < 500; i++) {
		x[2 * i] = (float)i / 500;
		y[i] = x[2 * i] < 0.3f ? 0 : 1;
	}
	p = defaults(WEIR_TASK_REGRESS, 1);
	p.ntrees = 1;
	p.max_depth = 1;
	p.learning_rate = 1;
	p.l2 = 0;
	m = weir_gbdt_train(x, 500, 2, y, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m)
		CHECK(pred1(m, nanrow) == 1);
	weir_gbdt_free(m);
}

/* A problem big enough for several row blocks and threads to matter. */
#define DN	40000
#define DF	8
static float *dx;
static double *dy, *dyc;
static unsigned char *dvalid;

static void
make_data(void)
{
	size_t i, f;

	dx = malloc(DN * DF * sizeof(float));
	dy = malloc(DN * sizeof(double));
	dyc = malloc(DN * sizeof(double));
	dvalid = malloc(DN);
	rs = 99;
	for (i = 0; i < DN; i++) {
		float *r = dx + i * DF;
		double l;

		for (f = 0; f < DF; f++)
			r[f] = (float)(unif() * 4 - 2);
		r[3] = (float)floor(r[3] * 3);		/* few values */
		if (unif() < 0.1)
			r[1] = NAN;
		if (unif() < 0.3)
			r[5] = NAN;
		l = sin(2 * r[0]) + (r[1] == r[1] ? r[1] * r[2] : 1.5) +
		    0.5 * r[3] + (r[4] > 0.5);
		dy[i] = unif() < 1 / (1 + exp(-2 * l));
		dyc[i] = l < -0.5 ? 0 : l < 0.8 ? 1 : 2;
		dvalid[i] = unif() < 0.25;
	}
}

static char *
train_dump(struct weir_gbdt_params *p, int threads, const double *y,
    const unsigned char *valid)
{
	struct weir_gbdt *m;
	char *s;

	p->threads = threads;
	m = weir_gbdt_train(dx, DN, DF, y, NULL, valid, p, &err);
	if (m == NULL) {
		fprintf(stderr, "train: %s\n", err.msg);
		return NULL;
	}
	s = dump(m, 0);
	weir_gbdt_free(m);
	return s;
}

/* The same model, byte for byte, whatever the number of threads. */
static void
test_threads(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_BINARY, 1);
	char *a, *b, *c;

	p.ntrees = 15;
	p.row_subsample = 0.8;
	p.col_subsample = 0.7;
	a = train_dump(&p, 1, dy, NULL);
	b = train_dump(&p, 2, dy, NULL);
	c = train_dump(&p, 4, dy, NULL);
	CHECK(a && b && c && strcmp(a, b) == 0 && strcmp(a, c) == 0);
	free(a);
	free(b);
	free(c);

	/* leaf-wise, multiclass, validation rows, all threads */
	p = defaults(WEIR_TASK_MULTI, 3);
	p.ntrees = 6;
	p.max_leaves = 20;
	p.max_depth = 0;
	p.early_stop = 3;
	a = train_dump(&p, 1, dyc, dvalid);
	b = train_dump(&p, 3, dyc, dvalid);
	c = train_dump(&p, 0, dyc, dvalid);
	CHECK(a && b && c && strcmp(a, b) == 0 && strcmp(a, c) == 0);
	free(a);
	free(b);
	free(c);
}

/* JSON out and back: the same text, the same predictions, bit for bit. */
static void
test_roundtrip(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_BINARY, 1);
	struct weir_gbdt *m, *m2, *m3;
	json_t *j;
	char *s, *s2, *s9;
	size_t i, same = 0, same9 = 0;

	p.ntrees = 10;
	p.max_leaves = 12;
	m = weir_gbdt_train(dx, DN, DF, dy, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	s = dump(m, 0);
	s9 = dump(m, JSON_REAL_PRECISION(9));
	CHECK(strlen(s9) < strlen(s));
	j = json_loads(s, 0, NULL);
	m2 = weir_gbdt_from_json(j, DF, &err);
	json_decref(j);
	j = json_loads(s9, 0, NULL);
	m3 = weir_gbdt_from_json(j, DF, &err);
	json_decref(j);
	CHECK(m2 != NULL && m3 != NULL);
	if (m2 == NULL || m3 == NULL)
		fprintf(stderr, "%s\n", err.msg);
	if (m2 == NULL || m3 == NULL)
		return;
	s2 = dump(m2, 0);
	CHECK_STR(s2, s);
	free(s2);
	s2 = dump(m3, 0);
	CHECK_STR(s2, s);
	CHECK(weir_gbdt_trees_used(m2) == 10);
	for (i = 0; i < DN; i++) {
		double a = pred1(m, dx + i * DF), b = pred1(m2, dx + i * DF),
		    c = pred1(m3, dx + i * DF);

		same += memcmp(&a, &b, sizeof(a)) == 0;
		same9 += memcmp(&a, &c, sizeof(a)) == 0;
	}
	CHECK(same == DN);
	CHECK(same9 == DN);
	free(s);
	free(s2);
	free(s9);
	weir_gbdt_free(m);
	weir_gbdt_free(m2);
	weir_gbdt_free(m3);

	/* children not side by side are renumbered, same predictions */
	j = json_loads("{\"task\":\"regress\",\"nclass\":1,"
	    "\"learning_rate\":1,\"rounds\":1,\"init\":[0.5],\"trees\":[{"
	    "\"feature\":[0,-1,1,-1,-1],\"threshold\":[1,0,2,0,0],"
	    "\"missing_left\":[0,0,1,0,0],\"left\":[2,-1,4,-1,-1],"
	    "\"right\":[1,-1,3,-1,-1],\"value\":[0,10,0,30,20]}]}", 0, NULL);
	m = weir_gbdt_from_json(j, 2, &err);
	json_decref(j);
	CHECK(m != NULL);
	if (m) {
		float r1[2] = { 5, 0 }, r2[2] = { 0, 1 }, r3[2] = { 0, 3 },
		    r4[2] = { 0, NAN }, r5[2] = { NAN, 3 };

		CHECK(pred1(m, r1) == 10.5);
		CHECK(pred1(m, r2) == 20.5);
		CHECK(pred1(m, r3) == 30.5);
		CHECK(pred1(m, r4) == 20.5);	/* missing left */
		CHECK(pred1(m, r5) == 10.5);	/* missing right */
		s = dump(m, 0);
		CHECK(strstr(s, "\"left\":[1,3,-1,-1,-1],\"right\":[2,4,-1,"
		    "-1,-1],\"value\":[0.0,0.0,10.0,20.0,30.0]") != NULL);
		free(s);
	}
	weir_gbdt_free(m);
}

static int
count_leaves(const json_t *tr, int *depth)
{
	const json_t *f = json_object_get(tr, "feature"),
	    *l = json_object_get(tr, "left");
	size_t n = json_array_size(f), i;
	int *d = calloc(n, sizeof(int)), leaves = 0;

	*depth = 0;
	for (i = 0; i < n; i++) {
		json_int_t c = json_integer_value(json_array_get(l, i));

		if (json_integer_value(json_array_get(f, i)) < 0) {
			leaves++;
			if (d[i] > *depth)
				*depth = d[i];
			continue;
		}
		d[c] = d[c + 1] = d[i] + 1;
	}
	free(d);
	return leaves;
}

/* Leaf-wise and depth-wise growth keep to their bounds. */
static void
test_growth(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_REGRESS, 1);
	struct weir_gbdt *m;
	json_t *j, *trees;
	size_t t;
	int maxl = 0, maxd = 0, l, d;

	p.ntrees = 5;
	p.max_depth = 0;
	p.max_leaves = 7;
	p.min_leaf = 5;
	m = weir_gbdt_train(dx, DN, DF, dy, NULL, NULL, &p, &err);
	CHECK(m != NULL);
	j = weir_gbdt_to_json(m);
	trees = json_object_get(j, "trees");
	for (t = 0; t < json_array_size(trees); t++) {
		l = count_leaves(json_array_get(trees, t), &d);
		maxl = l > maxl ? l : maxl;
	}
	CHECK(maxl == 7);
	json_decref(j);
	weir_gbdt_free(m);

	p.max_depth = 2;
	p.max_leaves = 31;
	m = weir_gbdt_train(dx, DN, DF, dy, NULL, NULL, &p, &err);
	j = weir_gbdt_to_json(m);
	trees = json_object_get(j, "trees");
	for (maxl = maxd = 0, t = 0; t < json_array_size(trees); t++) {
		l = count_leaves(json_array_get(trees, t), &d);
		maxl = l > maxl ? l : maxl;
		maxd = d > maxd ? d : maxd;
	}
	CHECK(maxl == 4 && maxd == 2);
	json_decref(j);
	weir_gbdt_free(m);

	p.max_depth = 3;
	p.max_leaves = 0;
	m = weir_gbdt_train(dx, DN, DF, dy, NULL, NULL, &p, &err);
	j = weir_gbdt_to_json(m);
	trees = json_object_get(j, "trees");
	for (maxl = maxd = 0, t = 0; t < json_array_size(trees); t++) {
		l = count_leaves(json_array_get(trees, t), &d);
		maxl = l > maxl ? l : maxl;
		maxd = d > maxd ? d : maxd;
	}
	CHECK(maxl == 8 && maxd == 3);
	json_decref(j);
	weir_gbdt_free(m);
}

/* Early stopping on a noisy problem keeps the best rounds, and only them. */
static void
test_early_stop(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_BINARY, 1);
	struct weir_gbdt *m;
	double *ynoisy = malloc(DN * sizeof(double));
	char *a, *b;
	size_t i;
	int used;

	rs = 5;
	for (i = 0; i < DN; i++)	/* mostly noise */
		ynoisy[i] = unif() < (dx[i * DF] > 0 ? 0.6 : 0.4);
	p.ntrees = 300;
	p.learning_rate = 0.5;
	p.min_leaf = 2;
	p.early_stop = 5;
	m = weir_gbdt_train(dx, DN, DF, ynoisy, NULL, dvalid, &p, &err);
	CHECK(m != NULL);
	if (m == NULL) {
		free(ynoisy);
		return;
	}
	used = weir_gbdt_trees_used(m);
	CHECK(used >= 1 && used < 50);
	a = dump(m, 0);
	weir_gbdt_free(m);
	/* as many rounds without early stopping: the same model */
	p.early_stop = 0;
	p.ntrees = used;
	m = weir_gbdt_train(dx, DN, DF, ynoisy, NULL, dvalid, &p, &err);
	b = dump(m, 0);
	CHECK_STR(a, b);
	free(a);
	free(b);
	weir_gbdt_free(m);
	free(ynoisy);
}

/* Subsampling follows the seed, and only the seed. */
static void
test_subsample(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_REGRESS, 1);
	char *a, *b, *c;

	p.ntrees = 5;
	p.row_subsample = 0.5;
	p.col_subsample = 0.5;
	p.seed = 1;
	a = train_dump(&p, 1, dy, NULL);
	b = train_dump(&p, 2, dy, NULL);
	p.seed = 2;
	c = train_dump(&p, 1, dy, NULL);
	CHECK(a && b && c && strcmp(a, b) == 0 && strcmp(a, c) != 0);
	free(a);
	free(b);
	free(c);
}

/* Weights: the init is the weighted mean; weight 0 rows do not count. */
static void
test_weights(void)
{
	struct weir_gbdt_params p = defaults(WEIR_TASK_REGRESS, 1);
	struct weir_gbdt *m;
	float x[4] = { 1, 2, 3, 4 };
	double y[4] = { 1, 2, 3, 100 }, w[4] = { 1, 1, 2, 0 };
	float nan1 = NAN;

	p.ntrees = 1;
	p.min_leaf = 1;
	m = weir_gbdt_train(x, 4, 1, y, w, NULL, &p, &err);
	CHECK(m != NULL);
	if (m) {
		json_t *j = weir_gbdt_to_json(m);

		CHECK(json_real_value(json_array_get(json_object_get(j,
		    "init"), 0)) == 2.25);
		json_decref(j);
	}
	weir_gbdt_free(m);
	/* no features at all: the init is the model */
	m = weir_gbdt_train(x, 4, 0, y, w, NULL, &p, &err);
	CHECK(m != NULL && pred1(m, &nan1) == 2.25);
	weir_gbdt_free(m);
}

static void
expect_train_error(const char *what, struct weir_gbdt_params p,
    const double *y, const double *w, const unsigned char *valid, int code)
{
	static const float x[4] = { 1, 2, 3, 4 };
	struct weir_gbdt *m;

	memset(&err, 0, sizeof(err));
	m = weir_gbdt_train(x, 4, 1, y, w, valid, &p, &err);
	if (m != NULL || err.code != code || strncmp(err.msg, "gbdt: ", 6)) {
		fprintf(stderr, "train error case '%s': code %d '%s'\n", what,
		    err.code, err.msg);
		CHECK(0);
	} else
		CHECK(1);
	weir_gbdt_free(m);
}

static void
test_bad_train(void)
{
	struct weir_gbdt_params p;
	static const double y01[4] = { 0, 1, 0, 1 }, y2[4] = { 0, 1, 2, 1 },
	    ynan[4] = { 0, NAN, 0, 1 }, yhalf[4] = { 0, 0.5, 0, 1 },
	    wneg[4] = { 1, -1, 1, 1 }, w0[4] = { 0, 0, 0, 0 };
	static const unsigned char all[4] = { 1, 1, 1, 1 };

	p = defaults(WEIR_TASK_BINARY, 2);
	expect_train_error("binary nclass 2", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_MULTI, 2);
	expect_train_error("multi nclass 2", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(7, 1);
	expect_train_error("task 7", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.ntrees = 0;
	expect_train_error("no trees", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.max_depth = 0;
	expect_train_error("no depth", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.max_leaves = 1;
	expect_train_error("one leaf", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.learning_rate = 0;
	expect_train_error("rate 0", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.l2 = -1;
	expect_train_error("l2 < 0", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.row_subsample = 1.5;
	expect_train_error("subsample 1.5", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.col_subsample = 0;
	expect_train_error("colsample 0", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.min_leaf = 0;
	expect_train_error("min leaf 0", p, y01, NULL, NULL, EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	p.early_stop = 3;
	expect_train_error("early stop, no valid", p, y01, NULL, NULL,
	    EX_USAGE);
	p = defaults(WEIR_TASK_BINARY, 1);
	expect_train_error("class 2 in binary", p, y2, NULL, NULL, EX_DATAERR);
	expect_train_error("class 0.5", p, yhalf, NULL, NULL, EX_DATAERR);
	expect_train_error("NaN target", p, ynan, NULL, NULL, EX_DATAERR);
	expect_train_error("negative weight", p, y01, wneg, NULL, EX_DATAERR);
	expect_train_error("no weight", p, y01, w0, NULL, EX_DATAERR);
	expect_train_error("all valid", p, y01, NULL, all, EX_DATAERR);
	p = defaults(WEIR_TASK_REGRESS, 1);
	expect_train_error("regress NaN", p, ynan, NULL, NULL, EX_DATAERR);
}

/* Malformed models: EX_DATAERR and a message, never a crash. */
static void
test_bad_json(void)
{
#define TR(f, t, m, l, r, v) "{\"feature\":" f ",\"threshold\":" t \
	",\"missing_left\":" m ",\"left\":" l ",\"right\":" r ",\"value\":" v "}"
#define GOOD TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]", \
	"[2,-1,-1]", "[0,1,2]")
#define HEAD(t) "{\"task\":\"regress\",\"nclass\":1,\"learning_rate\":0.1," \
	"\"rounds\":1,\"init\":[0],\"trees\":[" t "]}"
	static const char *const bad[] = {
		"[]",
		"{\"nclass\":1,\"learning_rate\":0.1,\"rounds\":0,\"init\":[0],"
		    "\"trees\":[]}",
		"{\"task\":\"poisson\",\"nclass\":1,\"learning_rate\":0.1,"
		    "\"rounds\":0,\"init\":[0],\"trees\":[]}",
		"{\"task\":\"multi\",\"nclass\":1,\"learning_rate\":0.1,"
		    "\"rounds\":0,\"init\":[0],\"trees\":[]}",
		"{\"task\":\"binary\",\"nclass\":3,\"learning_rate\":0.1,"
		    "\"rounds\":0,\"init\":[0,0,0],\"trees\":[]}",
		"{\"task\":\"regress\",\"nclass\":1,\"learning_rate\":0,"
		    "\"rounds\":0,\"init\":[0],\"trees\":[]}",
		"{\"task\":\"regress\",\"nclass\":1,\"learning_rate\":0.1,"
		    "\"rounds\":-1,\"init\":[0],\"trees\":[]}",
		"{\"task\":\"regress\",\"nclass\":1,\"learning_rate\":0.1,"
		    "\"rounds\":2,\"init\":[0],\"trees\":[" GOOD "]}",
		"{\"task\":\"regress\",\"nclass\":1,\"learning_rate\":0.1,"
		    "\"rounds\":1,\"init\":[],\"trees\":[" GOOD "]}",
		"{\"task\":\"regress\",\"nclass\":1,\"learning_rate\":0.1,"
		    "\"rounds\":1,\"init\":[\"0\"],\"trees\":[" GOOD "]}",
		HEAD("[]"),
		HEAD("{}"),
		HEAD(TR("[]", "[]", "[]", "[]", "[]", "[]")),
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1]")),
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "{}")),
		HEAD(TR("[5,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),	/* feature >= nfeat */
		HEAD(TR("[-2,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),
		HEAD(TR("[0.5,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[3,-1,-1]", "[0,1,2]")),	/* child out of range */
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[0,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),	/* child is itself */
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[1,-1,-1]", "[0,1,2]")),	/* same child twice */
		HEAD(TR("[0,0,-1,-1]", "[0.5,0.5,0,0]", "[0,0,0,0]",
		    "[1,2,-1,-1]", "[2,3,-1,-1]", "[0,0,1,2]")),	/* 2 parents */
		HEAD(TR("[0,-1,-1,-1]", "[0.5,0,0,0]", "[0,0,0,0]",
		    "[1,-1,-1,-1]", "[2,-1,-1,-1]", "[0,1,2,3]")),	/* orphan */
		HEAD(TR("[-1,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),	/* leaf with children */
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[2,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),	/* missing_left 2 */
		HEAD(TR("[0,-1,-1]", "[1e39,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),	/* not a float32 */
		HEAD(TR("[0,-1,-1]", "[\"x\",0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,2]")),
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "[1,-1,-1]",
		    "[2,-1,-1]", "[0,1,1e300]")),
		HEAD(TR("[0,-1,-1]", "[0.5,0,0]", "[0,0,0]", "1",
		    "[2,-1,-1]", "[0,1,2]")),
	};
	struct weir_gbdt *m;
	json_t *j;
	size_t i;

	/* the good one loads */
	j = json_loads(HEAD(GOOD), 0, NULL);
	m = weir_gbdt_from_json(j, 2, &err);
	CHECK(m != NULL);
	json_decref(j);
	if (m) {
		float r[2] = { 0.7f, 0 };

		CHECK(pred1(m, r) == 2);
	}
	weir_gbdt_free(m);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = json_loads(bad[i], 0, NULL);
		if (j == NULL) {
			fprintf(stderr, "bad case %zu is not JSON\n", i);
			CHECK(0);
			continue;
		}
		memset(&err, 0, sizeof(err));
		m = weir_gbdt_from_json(j, 2, &err);
		json_decref(j);
		if (m != NULL || err.code != EX_DATAERR ||
		    strncmp(err.msg, "gbdt: ", 6) != 0) {
			fprintf(stderr, "bad case %zu: code %d '%s'\n", i,
			    err.code, err.msg);
			CHECK(0);
		} else
			CHECK(1);
		weir_gbdt_free(m);
	}
	weir_gbdt_free(NULL);
}

int
main(void)
{
	make_data();
	test_step();
	test_binary();
	test_multi();
	test_missing();
	test_threads();
	test_roundtrip();
	test_growth();
	test_early_stop();
	test_subsample();
	test_weights();
	test_bad_train();
	test_bad_json();
	free(dx);
	free(dy);
	free(dyc);
	free(dvalid);
	return T_DONE();
}
