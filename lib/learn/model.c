#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "jsonfile.h"
#include "mem.h"
#include "model.h"

static const char *const type_names[] = { "linear", "logistic", "gbdt" };
static const char *const task_names[] = { "regression", "binary",
    "multiclass" };

const char *
weir_model_type_name(int type)
{
	return type >= 0 && type <= WEIR_MODEL_GBDT ? type_names[type] : "?";
}

int
weir_model_type_parse(const char *name)
{
	int i;

	for (i = 0; i <= WEIR_MODEL_GBDT; i++)
		if (strcmp(name, type_names[i]) == 0)
			return i;
	return -1;
}

const char *
weir_model_task_name(int task)
{
	return task >= 0 && task <= WEIR_TASK_MULTI ? task_names[task] : "?";
}

size_t
weir_model_nout(const struct weir_model *m)
{
	return m->task == WEIR_TASK_REGRESS ? 1 : m->nclass;
}

/* splitmix64 (Steele, Lea, Flood 2014). */
static uint64_t
next64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void
weir_model_shuffle(size_t *v, size_t n, unsigned long long seed)
{
	uint64_t s = seed;
	size_t i;

	for (i = n; i > 1; i--) {
		/* uniform in [0, i): 128-bit multiply-shift (Lemire) */
		size_t j = (size_t)(((unsigned __int128)next64(&s) * i) >> 64);
		size_t t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* ---- prediction -------------------------------------------------------- */

/*
 * Scores that are infinite share the probability when the largest is
 * +inf (inf - inf would be NaN); a NaN score gives NaN probabilities,
 * which the callers do not take for a prediction.
 */
static void
softmax(double *z, size_t k)
{
	double mx = z[0], sum = 0;
	size_t i;

	for (i = 1; i < k; i++)
		if (z[i] > mx)
			mx = z[i];
	for (i = 0; i < k; i++) {
		z[i] = z[i] == mx ? 1 : exp(z[i] - mx);
		sum += z[i];
	}
	for (i = 0; i < k; i++)
		z[i] /= sum;
}

static double
sigmoid(double z)
{
	double e;

	if (z >= 0)
		return 1 / (1 + exp(-z));
	e = exp(z);
	return e / (1 + e);
}

void
weir_model_predict(const struct weir_model *m, const float *row, double *out)
{
	if (m->type == WEIR_MODEL_GBDT)
		weir_gbdt_predict(m->gbdt, row, out);
	else
		weir_linear_scores(&m->lin, row, out);
	if (m->task == WEIR_TASK_BINARY) {
		out[1] = sigmoid(out[0]);
		out[0] = 1 - out[1];
	} else if (m->task == WEIR_TASK_MULTI)
		softmax(out, m->nclass);
}

/* ---- training ---------------------------------------------------------- */

void
weir_model_opts_init(struct weir_model_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->prep.min_count = 1;
	o->prep.max_levels = 100;
	o->lin.l2 = 1;
	o->lin.tol = 1e-6;
	o->lin.max_iter = 1000;
	o->gbdt.ntrees = 100;
	o->gbdt.max_depth = 6;
	o->gbdt.min_leaf = 20;
	o->gbdt.learning_rate = 0.1;
	o->gbdt.l2 = 1;
	o->gbdt.row_subsample = 1;
	o->gbdt.col_subsample = 1;
	o->gbdt.seed = 1;
	o->valid_fraction = 0.1;
	o->seed = 1;
}

int
weir_model_init(struct weir_model *m, const struct weir_table *t, int type,
    struct weir_err *e)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->task = !t->classify ? WEIR_TASK_REGRESS : t->nclass == 2 ?
	    WEIR_TASK_BINARY : WEIR_TASK_MULTI;
	m->type = type >= 0 ? type : m->task == WEIR_TASK_REGRESS ?
	    WEIR_MODEL_LINEAR : WEIR_MODEL_LOGISTIC;
	if (m->type == WEIR_MODEL_LINEAR && m->task != WEIR_TASK_REGRESS)
		return weir_errf(e, EX_USAGE, "target '%s' has classes: "
		    "--model linear is for numbers (use logistic or gbdt, or "
		    "--task regress)", t->target);
	if (m->type == WEIR_MODEL_LOGISTIC && m->task == WEIR_TASK_REGRESS)
		return weir_errf(e, EX_USAGE, "target '%s' is a number: "
		    "--model logistic is for classes (use linear or gbdt, or "
		    "--task classify)", t->target);
	m->target = weir_xstrdup(t->target);
	m->nclass = t->nclass;
	m->classes = weir_xcalloc(m->nclass, sizeof(*m->classes));
	for (i = 0; i < m->nclass; i++)
		m->classes[i] = weir_xstrdup(t->classes[i]);
	return 0;
}

int
weir_model_check_fit(const struct weir_model *m, struct weir_err *e)
{
	const char *type = weir_model_type_name(m->type);
	size_t i, q;

	for (i = 0; i < m->prep.n; i++) {
		const struct weir_pfeat *pf = &m->prep.f[i];

		if (pf->kind == WEIR_KIND_NUMERIC && (!isfinite(pf->center) ||
		    !isfinite(pf->scale) || pf->scale == 0 ||
		    isinf(pf->impute)))
			return weir_errf(e, EX_DATAERR, "feature '%s': its "
			    "center or scale is not a finite number", pf->name);
	}
	if (m->type == WEIR_MODEL_GBDT) {
		if (m->gbdt == NULL || !weir_gbdt_finite(m->gbdt))
			return weir_errf(e, EX_DATAERR, "the trees hold values "
			    "that are not finite numbers");
		return 0;
	}
	for (q = 0; q < m->lin.nout; q++) {
		const double *w = m->lin.w + q * m->lin.nfeat;

		for (i = 0; i < m->lin.nfeat; i++)
			if (!isfinite(w[i]))
				return weir_errf(e, EX_DATAERR, "fitting gave "
				    "feature '%s' a weight that is not a "
				    "finite number: its values or the target's "
				    "are too large for a %s model",
				    weir_prep_column(&m->prep, i)->name, type);
		if (!isfinite(m->lin.b[q]))
			return weir_errf(e, EX_DATAERR, "fitting gave an "
			    "intercept that is not a finite number: the "
			    "target's values are too large for a %s model",
			    type);
	}
	return 0;
}

/* Predictions that are no numbers make a model of no use. */
static int
check_outputs(const struct weir_model *m, const double *out, size_t n,
    const char *which, struct weir_err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(out[i]))
			return weir_errf(e, EX_DATAERR, "the model's "
			    "predictions for the %s rows are not all finite "
			    "numbers: the values are too large for a %s model",
			    which, weir_model_type_name(m->type));
	return 0;
}

/*
 * The trees hold float32 values: a target beyond that range cannot be
 * predicted, and would only be clamped.
 */
static int
check_gbdt_target(const struct weir_model *m, const double *y, size_t n,
    struct weir_err *e)
{
	char v[32];
	size_t i;

	for (i = 0; i < n; i++)
		if (!(fabs(y[i]) <= FLT_MAX)) {
			weir_num_format(y[i], v);
			return weir_errf(e, EX_DATAERR, "target '%s' holds %s, "
			    "beyond the range of a gbdt model's values "
			    "(float32, at most 3.4e38): use --model linear, or "
			    "rescale the target", m->target, v);
		}
	return 0;
}

int
weir_model_train(struct weir_model *m, const struct weir_table *t,
    const size_t *train, size_t ntrain, const size_t *test, size_t ntest,
    const struct weir_model_opts *o, double *trainout, double *testout,
    struct weir_err *e)
{
	size_t w, i, nout = weir_model_nout(m), k = m->nclass;
	double *y, *sw = NULL;
	unsigned char *valid = NULL;
	float *x;
	int rv = -1;

	weir_prep_fit(&m->prep, t, train, ntrain, &o->prep);
	w = m->prep.width;
	x = weir_xreallocarray(NULL, (ntrain + ntest) * (w ? w : 1),
	    sizeof(*x));
	weir_prep_matrix(&m->prep, t, train, ntrain, x);
	weir_prep_matrix(&m->prep, t, test, ntest, x + ntrain * w);
	y = weir_xreallocarray(NULL, ntrain ? ntrain : 1, sizeof(*y));
	for (i = 0; i < ntrain; i++)
		y[i] = t->y[train[i]];
	if (o->balanced && m->task != WEIR_TASK_REGRESS) {
		double *cnt = weir_xcalloc(k, sizeof(*cnt));

		for (i = 0; i < ntrain; i++)
			cnt[(size_t)y[i]]++;
		sw = weir_xreallocarray(NULL, ntrain ? ntrain : 1, sizeof(*sw));
		for (i = 0; i < ntrain; i++)
			sw[i] = (double)ntrain / ((double)k * cnt[(size_t)y[i]]);
		free(cnt);
	}
	if (m->type == WEIR_MODEL_GBDT) {
		struct weir_gbdt_params gp = o->gbdt;

		if (m->task == WEIR_TASK_REGRESS &&
		    check_gbdt_target(m, y, ntrain, e) == -1)
			goto out;
		gp.task = m->task;
		gp.nclass = m->task == WEIR_TASK_MULTI ? (int)k : 1;
		if (gp.early_stop > 0) {
			size_t *idx = weir_xcalloc(ntrain ? ntrain : 1,
			    sizeof(*idx)), nv;

			for (i = 0; i < ntrain; i++)
				idx[i] = i;
			weir_model_shuffle(idx, ntrain, o->seed ^
			    UINT64_C(0x5bd1e995));
			nv = (size_t)floor(o->valid_fraction * (double)ntrain +
			    0.5);
			if (nv == 0)
				nv = 1;
			if (nv >= ntrain) {
				free(idx);
				weir_errf(e, EX_DATAERR, "too few rows (%zu) to "
				    "set some aside for --early-stop", ntrain);
				goto out;
			}
			valid = weir_xcalloc(ntrain, 1);
			for (i = 0; i < nv; i++)
				valid[idx[i]] = 1;
			free(idx);
		}
		if ((m->gbdt = weir_gbdt_train(x, ntrain, w, y, sw, valid, &gp,
		    e)) == NULL)
			goto out;
	} else {
		struct weir_linear_params lp = o->lin;
		double *sd = weir_xcalloc(w ? w : 1, sizeof(*sd));

		lp.logistic = m->type == WEIR_MODEL_LOGISTIC;
		lp.nclass = (int)k;
		weir_prep_col_sd(&m->prep, sd);
		rv = weir_linear_fit(&m->lin, x, ntrain, w, y, sw, sd, &lp, e);
		free(sd);
		if (rv == -1)
			goto out;
	}
	rv = -1;
	if (weir_model_check_fit(m, e) == -1)
		goto out;
	for (i = 0; trainout != NULL && i < ntrain; i++)
		weir_model_predict(m, x + i * w, trainout + i * nout);
	for (i = 0; i < ntest; i++)
		weir_model_predict(m, x + (ntrain + i) * w, testout + i * nout);
	if ((trainout != NULL && check_outputs(m, trainout, ntrain * nout,
	    "training", e) == -1) || check_outputs(m, testout, ntest * nout,
	    "held-out", e) == -1)
		goto out;
	rv = 0;
out:
	free(x);
	free(y);
	free(sw);
	free(valid);
	return rv;
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *
reals(const double *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_real(v[i]));
	return a;
}

static json_t *
linear_json(const struct weir_model *m)
{
	json_t *o = json_object(), *w = json_array();
	size_t q;

	json_object_set_new(o, "intercept", reals(m->lin.b, m->lin.nout));
	for (q = 0; q < m->lin.nout; q++)
		json_array_append_new(w, reals(m->lin.w + q * m->lin.nfeat,
		    m->lin.nfeat));
	json_object_set_new(o, "weights", w);
	if (m->type == WEIR_MODEL_LOGISTIC) {
		json_object_set_new(o, "iterations",
		    json_integer(m->lin.iters));
		json_object_set_new(o, "converged",
		    json_boolean(m->lin.converged));
	}
	return o;
}

json_t *
weir_model_to_json(const struct weir_model *m)
{
	json_t *o = json_object(), *c;
	size_t i;

	json_object_set_new(o, "format", json_string(WEIR_MODEL_FORMAT));
	json_object_set_new(o, "version", json_integer(WEIR_MODEL_VERSION));
	json_object_set_new(o, "model", json_string(
	    weir_model_type_name(m->type)));
	json_object_set_new(o, "task", json_string(
	    weir_model_task_name(m->task)));
	json_object_set_new(o, "target", json_string(m->target));
	c = json_array();
	for (i = 0; i < m->nclass; i++)
		json_array_append_new(c, json_string(m->classes[i]));
	json_object_set_new(o, "classes", c);
	json_object_set_new(o, "features", weir_prep_to_json(&m->prep));
	json_object_set_new(o, "width", json_integer(
	    (json_int_t)m->prep.width));
	json_object_set_new(o, "params", m->type == WEIR_MODEL_GBDT ?
	    weir_gbdt_to_json(m->gbdt) : linear_json(m));
	json_object_set_new(o, "metrics", m->metrics ?
	    json_incref(m->metrics) : json_object());
	json_object_set_new(o, "training", m->training ?
	    json_incref(m->training) : json_object());
	return o;
}

int
weir_model_write(const struct weir_model *m, const char *path, int gzip,
    struct weir_err *e)
{
	json_t *j;
	int rv;

	/* JSON has no NaN or infinity: jansson would drop them unsaid. */
	if (weir_model_check_fit(m, e) == -1)
		return -1;
	j = weir_model_to_json(m);
	rv = weir_json_write(j, path, gzip, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER, e);
	json_decref(j);
	return rv;
}

/* Read all of path (gzip too) into b. */
static int
slurp(const char *path, struct weir_buf *b, struct weir_err *e)
{
	struct weir_in in;
	long n;

	if (weir_in_open(&in, path, 0, e) == -1)
		return -1;
	for (;;) {
		weir_buf_add(b, in.buf + in.pos, in.len - in.pos);
		in.pos = in.len;
		if ((n = weir_in_more(&in, e)) == -1) {
			weir_in_close(&in);
			return -1;
		}
		if (n == 0 && in.pos == in.len)
			break;
	}
	weir_in_close(&in);
	return 0;
}

static int
bad(struct weir_err *e, const char *path, const char *what)
{
	return weir_errf(e, EX_DATAERR, "%s: %s", path, what);
}

static int
read_linear(struct weir_model *m, const json_t *p, const char *path,
    struct weir_err *e)
{
	const json_t *b = json_object_get(p, "intercept");
	const json_t *w = json_object_get(p, "weights");
	size_t nout = m->task == WEIR_TASK_MULTI ? m->nclass : 1, q, i;
	size_t width = m->prep.width;

	if (m->type == WEIR_MODEL_LINEAR && m->task != WEIR_TASK_REGRESS)
		return bad(e, path, "a linear model is for regression");
	if (m->type == WEIR_MODEL_LOGISTIC && m->task == WEIR_TASK_REGRESS)
		return bad(e, path, "a logistic model is for classes");
	if (!json_is_array(b) || json_array_size(b) != nout ||
	    !json_is_array(w) || json_array_size(w) != nout)
		return bad(e, path, "params: intercept and weights do not fit "
		    "the classes");
	m->lin.nfeat = width;
	m->lin.nout = nout;
	m->lin.b = weir_xcalloc(nout, sizeof(*m->lin.b));
	m->lin.w = weir_xcalloc(nout * width > 0 ? nout * width : 1,
	    sizeof(*m->lin.w));
	for (q = 0; q < nout; q++) {
		const json_t *row = json_array_get(w, q);

		if (!json_is_number(json_array_get(b, q)))
			return bad(e, path, "params: intercept is not a number");
		m->lin.b[q] = json_number_value(json_array_get(b, q));
		if (!json_is_array(row) || json_array_size(row) != width)
			return bad(e, path, "params: weights do not fit the "
			    "features");
		for (i = 0; i < width; i++) {
			const json_t *v = json_array_get(row, i);

			if (!json_is_number(v))
				return bad(e, path, "params: a weight is not a "
				    "number");
			m->lin.w[q * width + i] = json_number_value(v);
		}
	}
	/* How the solver ended: for people, carried through unchanged. */
	if (json_is_integer(json_object_get(p, "iterations")))
		m->lin.iters = (int)json_integer_value(json_object_get(p,
		    "iterations"));
	m->lin.converged = json_is_true(json_object_get(p, "converged"));
	return 0;
}

int
weir_model_read(struct weir_model *m, const char *path, struct weir_err *e)
{
	struct weir_buf b = WEIR_BUF_INIT;
	json_error_t je;
	json_t *j = NULL, *v;
	const char *s;
	size_t i;
	int rv = -1;

	memset(m, 0, sizeof(*m));
	if (slurp(path, &b, e) == -1)
		goto out;
	if ((j = json_loadb(b.p ? b.p : "", b.len, JSON_REJECT_DUPLICATES,
	    &je)) == NULL) {
		weir_errf(e, EX_DATAERR, "%s:%d: %s", path, je.line, je.text);
		goto out;
	}
	s = json_string_value(json_object_get(j, "format"));
	if (!json_is_object(j) || s == NULL ||
	    strcmp(s, WEIR_MODEL_FORMAT) != 0) {
		bad(e, path, "not a weir model (no \"format\": \"weir-model\")");
		goto out;
	}
	v = json_object_get(j, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		bad(e, path, "no model format version");
		goto out;
	}
	if (json_integer_value(v) > WEIR_MODEL_VERSION) {
		weir_errf(e, EX_DATAERR, "%s: model format version %lld is "
		    "newer than this program reads (%d)", path,
		    (long long)json_integer_value(v), WEIR_MODEL_VERSION);
		goto out;
	}
	s = json_string_value(json_object_get(j, "model"));
	if (s == NULL || (m->type = weir_model_type_parse(s)) < 0) {
		bad(e, path, "unknown \"model\"");
		goto out;
	}
	s = json_string_value(json_object_get(j, "task"));
	for (m->task = 0; s != NULL && m->task <= WEIR_TASK_MULTI; m->task++)
		if (strcmp(s, task_names[m->task]) == 0)
			break;
	if (s == NULL || m->task > WEIR_TASK_MULTI) {
		bad(e, path, "unknown \"task\"");
		goto out;
	}
	s = json_string_value(json_object_get(j, "target"));
	v = json_object_get(j, "classes");
	if (s == NULL || !json_is_array(v)) {
		bad(e, path, "no \"target\" or \"classes\"");
		goto out;
	}
	m->target = weir_xstrdup(s);
	m->nclass = json_array_size(v);
	m->classes = weir_xcalloc(m->nclass ? m->nclass : 1,
	    sizeof(*m->classes));
	for (i = 0; i < m->nclass; i++) {
		const json_t *c = json_array_get(v, i);

		if (!json_is_string(c)) {
			bad(e, path, "a class is not a string");
			goto out;
		}
		m->classes[i] = weir_xmemdup(json_string_value(c),
		    json_string_length(c));
	}
	if ((m->task == WEIR_TASK_REGRESS && m->nclass != 0) ||
	    (m->task == WEIR_TASK_BINARY && m->nclass != 2) ||
	    (m->task == WEIR_TASK_MULTI && m->nclass < 3)) {
		bad(e, path, "the classes do not fit the task");
		goto out;
	}
	if (weir_prep_from_json(&m->prep, json_object_get(j, "features"),
	    e) == -1) {
		weir_errf(e, EX_DATAERR, "%s: %s", path, e->msg);
		goto out;
	}
	v = json_object_get(j, "width");
	if (!json_is_integer(v) ||
	    (size_t)json_integer_value(v) != m->prep.width) {
		bad(e, path, "\"width\" does not fit the features");
		goto out;
	}
	v = json_object_get(j, "params");
	if (!json_is_object(v)) {
		bad(e, path, "no \"params\"");
		goto out;
	}
	if (m->type == WEIR_MODEL_GBDT) {
		int task, nclass;

		if ((m->gbdt = weir_gbdt_from_json(v, m->prep.width,
		    e)) == NULL) {
			weir_errf(e, EX_DATAERR, "%s: %s", path, e->msg);
			goto out;
		}
		/*
		 * The trees' own task and class count size the scores that
		 * prediction writes: they must be the model's (a file from
		 * elsewhere may say otherwise).
		 */
		weir_gbdt_shape(m->gbdt, &task, &nclass);
		if (task != m->task || (size_t)nclass !=
		    (m->task == WEIR_TASK_MULTI ? m->nclass : 1)) {
			bad(e, path, "params: the trees' task or class count "
			    "is not the model's");
			goto out;
		}
	} else if (read_linear(m, v, path, e) == -1)
		goto out;
	if ((v = json_object_get(j, "metrics")) != NULL)
		m->metrics = json_incref(v);
	if ((v = json_object_get(j, "training")) != NULL)
		m->training = json_incref(v);
	rv = 0;
out:
	json_decref(j);
	weir_buf_release(&b);
	if (rv == -1)
		weir_model_release(m);
	return rv;
}

void
weir_model_release(struct weir_model *m)
{
	size_t i;

	free(m->target);
	for (i = 0; i < m->nclass && m->classes != NULL; i++)
		free(m->classes[i]);
	free(m->classes);
	weir_prep_release(&m->prep);
	weir_linear_release(&m->lin);
	weir_gbdt_free(m->gbdt);
	json_decref(m->metrics);
	json_decref(m->training);
	memset(m, 0, sizeof(*m));
}
