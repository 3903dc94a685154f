/* t_validate.c - holdout split, folds, cross-validation, row metrics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "learn/validate.h"
#include "t.h"

static struct weir_err err;

/* Every row 0..n-1 in exactly one of the two lists, each ascending. */
static int
partition(const struct weir_holdout *h, size_t n)
{
	unsigned char *seen = weir_xcalloc(n, 1);
	size_t i;
	int ok = h->ntrain + h->ntest == n;

	for (i = 0; ok && i < h->ntrain; i++) {
		ok = h->train[i] < n && !seen[h->train[i]] &&
		    (i == 0 || h->train[i - 1] < h->train[i]);
		if (ok)
			seen[h->train[i]] = 1;
	}
	for (i = 0; ok && i < h->ntest; i++) {
		ok = h->test[i] < n && !seen[h->test[i]] &&
		    (i == 0 || h->test[i - 1] < h->test[i]);
		if (ok)
			seen[h->test[i]] = 1;
	}
	free(seen);
	return ok;
}

static void
holdout(void)
{
	struct weir_holdout a, b;

	/* No holdout: every row trains, in order. */
	CHECK(weir_validate_holdout(&a, 10, 0, 1, &err) == 0);
	CHECK(a.ntrain == 10 && a.ntest == 0 && a.test == NULL);
	CHECK(partition(&a, 10));
	weir_validate_holdout_release(&a);

	/* round(0.25 * 10) = 3 rows held out (2.5 rounds up) */
	CHECK(weir_validate_holdout(&a, 10, 0.25, 7, &err) == 0);
	CHECK(a.ntest == 3 && a.ntrain == 7);
	CHECK(partition(&a, 10));
	/* the same seed, the same split */
	CHECK(weir_validate_holdout(&b, 10, 0.25, 7, &err) == 0);
	CHECK(memcmp(a.test, b.test, 3 * sizeof(*a.test)) == 0);
	CHECK(memcmp(a.train, b.train, 7 * sizeof(*a.train)) == 0);
	weir_validate_holdout_release(&b);
	weir_validate_holdout_release(&a);
	CHECK(a.train == NULL && a.test == NULL && a.ntrain == 0);

	/* another seed, another split (of 1000 rows: surely) */
	CHECK(weir_validate_holdout(&a, 1000, 0.3, 1, &err) == 0);
	CHECK(weir_validate_holdout(&b, 1000, 0.3, 2, &err) == 0);
	CHECK(a.ntest == 300 && b.ntest == 300);
	CHECK(partition(&a, 1000) && partition(&b, 1000));
	CHECK(memcmp(a.test, b.test, 300 * sizeof(*a.test)) != 0);
	weir_validate_holdout_release(&a);
	weir_validate_holdout_release(&b);

	/* a tiny fraction still holds one row out */
	CHECK(weir_validate_holdout(&a, 10, 0.01, 1, &err) == 0);
	CHECK(a.ntest == 1 && partition(&a, 10));
	weir_validate_holdout_release(&a);

	/* nothing left to train on */
	CHECK(weir_validate_holdout(&a, 1, 0.1, 1, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "too few rows (1) for --holdout 0.1");
	CHECK(a.train == NULL && a.test == NULL && a.ntest == 0);
	CHECK(weir_validate_holdout(&a, 4, 0.9, 1, &err) == -1);
	CHECK_STR(err.msg, "too few rows (4) for --holdout 0.9");
}

static void
folds(void)
{
	size_t fold[103], again[103], count[5], i, k, wrong;

	for (k = 1; k <= 5; k++) {
		memset(count, 0, sizeof(count));
		weir_validate_folds(fold, 103, k, 9);
		/* each position in exactly one fold, the folds even */
		for (i = wrong = 0; i < 103; i++) {
			if (fold[i] < k)
				count[fold[i]]++;
			else
				wrong++;
		}
		CHECK(wrong == 0);
		for (i = 0; i < k; i++)
			CHECK(count[i] == 103 / k || count[i] == 103 / k + 1);
		weir_validate_folds(again, 103, k, 9);
		CHECK(memcmp(fold, again, sizeof(fold)) == 0);
	}
	weir_validate_folds(again, 103, 5, 10);
	CHECK(memcmp(fold, again, sizeof(fold)) != 0);
}

/* n rows: x a number, y = 2x + 1 plus a little noise, or a class of x. */
static struct weir_table *
table(size_t n, int classify)
{
	struct weir_header h;
	struct weir_rec r;
	struct weir_table_opts o;
	struct weir_table *t;
	char x[32], y[32];
	size_t i, bad = 0;

	weir_header_init(&h);
	weir_header_add(&h, "x", 1);
	weir_header_add(&h, "y", 1);
	memset(&r, 0, sizeof(r));
	memset(&o, 0, sizeof(o));
	o.target = "y";
	o.classify = classify;
	t = weir_table_new(&o);
	for (i = 0; i < n; i++) {
		snprintf(x, sizeof(x), "%zu", i % 37);
		if (classify)
			snprintf(y, sizeof(y), "%s", i % 37 % 4 < 2 ? "lo" :
			    "hi");
		else
			snprintf(y, sizeof(y), "%g", 2.0 * (double)(i % 37) +
			    1 + (i % 3 == 0 ? 0.5 : -0.25));
		r.n = 0;
		weir_rec_push(&r, x, strlen(x), 0, WEIR_TEXT);
		weir_rec_push(&r, y, strlen(y), 1, WEIR_TEXT);
		r.src = "t";
		r.line = i + 2;
		bad += weir_table_put(t, &h, &r, &err) != 0;
	}
	CHECK(bad == 0 && weir_table_finish(t, &h, &err) == 0);
	weir_rec_release(&r);
	weir_header_release(&h);
	return t;
}

/*
 * Cross-validation is what fitting fold by fold gives: the folds cover
 * every row once, and the metrics are those of the out-of-fold
 * predictions put together by hand.
 */
static void
cv(int classify, int type)
{
	struct weir_table *t = table(60, classify);
	struct weir_model m, b;
	struct weir_model_opts o;
	struct weir_metrics mt, want;
	size_t rows[50], fold[50], trn[50], tst[50], pos[50], i, f, k = 4;
	size_t nout, ntr, nts, covered = 0;
	double *oof, *out;

	for (i = 0; i < 50; i++)
		rows[i] = i + 5;	/* not every row of the table */
	CHECK(weir_model_init(&m, t, type, &err) == 0);
	weir_model_opts_init(&o);
	o.prep.center = type != WEIR_MODEL_GBDT;
	o.prep.keep_missing = type == WEIR_MODEL_GBDT;
	o.gbdt.ntrees = 5;
	o.gbdt.min_leaf = 2;
	o.gbdt.threads = o.lin.threads = 1;
	nout = weir_model_nout(&m);
	oof = weir_xcalloc(50 * nout, sizeof(*oof));
	out = weir_xcalloc(50 * nout, sizeof(*out));
	weir_validate_folds(fold, 50, k, o.seed);
	for (f = 0; f < k; f++) {
		for (i = ntr = nts = 0; i < 50; i++) {
			if (fold[i] == f) {
				pos[nts] = i;
				tst[nts++] = rows[i];
			} else
				trn[ntr++] = rows[i];
		}
		covered += nts;
		CHECK(weir_model_init(&b, t, type, &err) == 0);
		CHECK(weir_model_train(&b, t, trn, ntr, tst, nts, &o, NULL, out,
		    &err) == 0);
		for (i = 0; i < nts; i++)
			memcpy(oof + pos[i] * nout, out + i * nout,
			    nout * sizeof(*out));
		weir_model_release(&b);
	}
	CHECK(covered == 50);
	weir_validate_metrics(&want, &m, t, rows, 50, oof);
	CHECK(weir_validate_cv(&m, t, rows, 50, k, &o, &mt, &err) == 0);
	CHECK(mt.rows == 50 && mt.classify == classify);
	CHECK(memcmp(&mt, &want, sizeof(mt)) == 0);
	CHECK(m.prep.n == 0 && m.gbdt == NULL);	/* m itself not fitted */

	CHECK(weir_validate_cv(&m, t, rows, 3, 4, &o, &mt, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "too few rows (3) for --cv 4");
	CHECK(weir_validate_cv(&m, t, rows, 50, 1, &o, &mt, &err) == -1);
	CHECK(err.code == EX_USAGE);
	weir_model_release(&m);
	weir_table_free(t);
	free(oof);
	free(out);
}

static void
metrics(void)
{
	struct weir_table *t = table(10, 0), *c = table(10, 1);
	struct weir_model m;
	struct weir_metrics mt;
	size_t rows[3] = { 1, 4, 7 }, i;
	double out[6];

	/* numbers: exact, then one row off by 3 */
	CHECK(weir_model_init(&m, t, -1, &err) == 0);
	for (i = 0; i < 3; i++)
		out[i] = t->y[rows[i]];
	weir_validate_metrics(&mt, &m, t, rows, 3, out);
	CHECK(!mt.classify && mt.rows == 3 && mt.rmse == 0 && mt.r2 == 1);
	out[0] += 3;
	weir_validate_metrics(&mt, &m, t, rows, 3, out);
	CHECK(fabs(mt.rmse - sqrt(3.0)) < 1e-12 && mt.mae == 1);
	weir_model_release(&m);

	/* classes: the true one gets 0.9 for two rows, 0.1 for the third */
	CHECK(weir_model_init(&m, c, -1, &err) == 0);
	for (i = 0; i < 3; i++) {
		int y = (int)c->y[rows[i]];
		double p = i < 2 ? 0.9 : 0.1;

		out[2 * i + y] = p;
		out[2 * i + 1 - y] = 1 - p;
	}
	weir_validate_metrics(&mt, &m, c, rows, 3, out);
	CHECK(mt.classify && mt.rows == 3);
	CHECK(fabs(mt.accuracy - 2.0 / 3) < 1e-12);
	weir_model_release(&m);
	weir_table_free(t);
	weir_table_free(c);
}

int
main(void)
{
	holdout();
	folds();
	cv(0, -1);
	cv(1, -1);
	cv(1, WEIR_MODEL_GBDT);
	cv(0, WEIR_MODEL_GBDT);
	metrics();
	return T_DONE();
}
