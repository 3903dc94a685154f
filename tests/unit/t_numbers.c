/*
 * t_numbers.c - numbers at the edges, across lib/learn: rankings that end
 * on NaN, sums that do not overflow, fits that are finite or an error.
 * (The storage rule itself is tested in t_prep.)
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "learn/linear.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "mem.h"
#include "t.h"

static struct weir_err err;
static struct weir_header hdr;
static struct weir_rec rec;

/* Every ranking ends, and a NaN ranks lowest; -0 and +0 tie. */
static void
test_metrics(void)
{
	static const int y[6] = { 0, 1, 0, 1, 1, 0 };
	static const double s[6] = { NAN, 0.9, 0.2, NAN, 0.8, 0.1 };
	static const int yz[2] = { 0, 1 };
	static const double z[2] = { -0.0, 0.0 };
	static const double p[6] = { NAN, 0.2, 0.3, NAN, NAN, NAN };
	static const int y3[2] = { 0, 1 };
	static const double big[3] = { 1e306, -1e306, 1.7e308 };
	static const double zero[3] = { 0, 0, 0 };
	struct weir_metrics m;
	double a;

	/* ranks: NaN NaN 0.1 0.2 0.8 0.9 (1..6), positives at 1.5 5 6 */
	a = weir_metrics_auc(y, s, 6);
	CHECK(fabs(a - (12.5 - 6) / 9) < 1e-12);
	CHECK(weir_metrics_auc(yz, z, 2) == 0.5);
	/* argmax: NaN never wins over a number; all NaN: the first */
	CHECK(weir_metrics_argmax(p, 3) == 2);
	CHECK(weir_metrics_argmax(p + 3, 3) == 0);
	/* a NaN probability of the true class counts as a certain miss */
	weir_metrics_classify(&m, y3, p, 2, 3);
	CHECK(isfinite(m.log_loss) && fabs(m.log_loss + log(1e-15)) < 1e-9);
	/* squares beyond a double: still the numbers */
	weir_metrics_regress(&m, big, zero, 3);
	CHECK(isfinite(m.rmse) && isfinite(m.mae) && isfinite(m.r2));
	CHECK(fabs(m.mae - (2e306 + 1.7e308) / 3) < 1e295);
	CHECK(fabs(m.rmse / (1e306 * sqrt((1 + 1 + 170.0 * 170) / 3)) - 1) <
	    1e-12);
	CHECK(m.r2 < 0);
}

/* Least squares on a target near the top of a double. */
static void
test_linear(void)
{
	static const float x[4] = { 1, 2, 3, 4 };
	static const double y[4] = { 1e300, 2e300, 3e300, 4e300 };
	struct weir_linear_params p;
	struct weir_linear m;
	double out;

	memset(&p, 0, sizeof(p));
	p.threads = 1;
	CHECK(weir_linear_fit(&m, x, 4, 1, y, NULL, NULL, &p, &err) == 0);
	CHECK(fabs(m.w[0] / 1e300 - 1) < 1e-12 && fabs(m.b[0]) < 1e288);
	weir_linear_scores(&m, x + 2, &out);
	CHECK(fabs(out / 3e300 - 1) < 1e-12);
	weir_linear_release(&m);
}

/* A table of columns x (number), c (category) and the target y. */
static struct weir_table *
table(const char *const *rows, int classify)
{
	static const char *const names[] = { "x", "c", "y" };
	struct weir_table_opts o;
	struct weir_table *t;
	char buf[128], *f[3], *s;
	size_t i, k;

	weir_header_release(&hdr);
	weir_header_init(&hdr);
	for (k = 0; k < 3; k++)
		weir_header_add(&hdr, names[k], strlen(names[k]));
	memset(&o, 0, sizeof(o));
	o.target = "y";
	o.classify = classify;
	o.numeric = "x";
	t = weir_table_new(&o);
	for (i = 0; rows[i] != NULL; i++) {
		snprintf(buf, sizeof(buf), "%s", rows[i]);
		for (s = buf, k = 0; k < 3; k++) {
			f[k] = s;
			s = strchr(s, ',');
			if (s != NULL)
				*s++ = '\0';
		}
		rec.n = 0;
		for (k = 0; k < 3; k++)
			weir_rec_push(&rec, f[k], strlen(f[k]), k, WEIR_TEXT);
		rec.src = "t";
		rec.line = i + 2;
		CHECK(weir_table_put(t, &hdr, &rec, &err) == 0);
	}
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	return t;
}

static int
train(struct weir_table *t, int type, struct weir_model *m, double *out)
{
	struct weir_model_opts o;
	size_t rows[64], i;

	for (i = 0; i < t->nrows; i++)
		rows[i] = i;
	weir_model_opts_init(&o);
	o.prep.center = type != WEIR_MODEL_GBDT;
	o.prep.keep_missing = type == WEIR_MODEL_GBDT;
	o.lin.l2 = 0;
	o.lin.threads = 1;
	o.gbdt.ntrees = 3;
	o.gbdt.min_leaf = 1;
	o.gbdt.threads = 1;
	CHECK(weir_model_init(m, t, type, &err) == 0);
	return weir_model_train(m, t, rows, t->nrows, NULL, 0, &o, out, NULL,
	    &err);
}

/* A model is finite everywhere or no model: 65 and why. */
static void
test_fit(void)
{
	static const char *const huge[] = { "0,a,-1.7e308", "1e-30,a,1.7e308",
		"0,a,-1.7e308", "1e-30,a,1.7e308", NULL };
	static const char *const big[] = { "1,a,1e306", "2,b,2e306",
		"3,a,3e306", "4,b,4e306", NULL };
	static const char *const far[] = { "1,a,1e39", "2,b,2", "3,a,3",
		"4,b,4", NULL };
	struct weir_table *t;
	struct weir_model m;
	double out[8];
	float row[3] = { 0, 0, 0 };

	/* 1e306: least squares scales the target, the weights are finite */
	t = table(big, 0);
	CHECK(train(t, WEIR_MODEL_LINEAR, &m, out) == 0);
	CHECK(fabs(out[3] / 4e306 - 1) < 1e-9);
	CHECK(weir_model_check_fit(&m, &err) == 0);
	weir_model_release(&m);
	/* the trees hold float32: 1e306 is no value of theirs */
	CHECK(train(t, WEIR_MODEL_GBDT, &m, out) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "target 'y' holds 1e+306, beyond the range of a "
	    "gbdt model's values (float32, at most 3.4e38): use --model "
	    "linear, or rescale the target");
	weir_model_release(&m);
	weir_table_free(t);
	/* the top of a double over 1e-30: the weight overflows */
	t = table(huge, 0);
	CHECK(train(t, WEIR_MODEL_LINEAR, &m, out) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "fitting gave feature 'x' a weight that is not a "
	    "finite number: its values or the target's are too large for a "
	    "linear model");
	weir_model_release(&m);
	weir_table_free(t);
	/* a target of 1e39 for a gbdt model: float32 cannot hold it */
	t = table(far, 0);
	CHECK(train(t, WEIR_MODEL_GBDT, &m, out) == -1);
	CHECK(strstr(err.msg, "holds 1e+39") != NULL);
	weir_model_release(&m);
	weir_table_free(t);

	/* a weight made infinite by hand: named, not written */
	t = table(big, 0);
	CHECK(train(t, WEIR_MODEL_LINEAR, &m, out) == 0);
	m.lin.w[1] = INFINITY;	/* column 1 is c's first level */
	CHECK(weir_model_check_fit(&m, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "fitting gave feature 'c' a weight that is not a "
	    "finite number: its values or the target's are too large for a "
	    "linear model");
	CHECK(weir_model_write(&m, "/nonexistent/m.json", 0, &err) == -1 &&
	    err.code == EX_DATAERR);
	m.lin.w[1] = 0;
	m.lin.b[0] = NAN;
	CHECK(weir_model_check_fit(&m, &err) == -1);
	CHECK(strstr(err.msg, "intercept") != NULL);
	weir_model_release(&m);
	weir_table_free(t);

	/* softmax: +inf scores share, the others get 0; NaN stays NaN */
	memset(&m, 0, sizeof(m));
	m.type = WEIR_MODEL_LOGISTIC;
	m.task = WEIR_TASK_MULTI;
	m.nclass = 3;
	m.lin.nout = 3;
	m.lin.nfeat = 1;
	m.lin.w = (double[]){ 0, 0, 0 };
	m.lin.b = (double[]){ INFINITY, 1, INFINITY };
	weir_model_predict(&m, row, out);
	CHECK(out[0] == 0.5 && out[1] == 0 && out[2] == 0.5);
	m.lin.b = (double[]){ -INFINITY, -INFINITY, -INFINITY };
	weir_model_predict(&m, row, out);
	CHECK(fabs(out[0] - 1.0 / 3) < 1e-15 && out[0] == out[2]);
	m.lin.b = (double[]){ NAN, 0, 0 };
	weir_model_predict(&m, row, out);
	CHECK(isnan(out[0]));
}

int
main(void)
{
	test_metrics();
	test_linear();
	test_fit();
	weir_header_release(&hdr);
	weir_rec_release(&rec);
	return T_DONE();
}
