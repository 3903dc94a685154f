/* weir-train: fit a model to a record stream. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badrows.h"
#include "cli.h"
#include "cols.h"
#include "err.h"
#include "mem.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "progress.h"
#include "state.h"
#include "stream.h"

enum {
	OPT_CATEGORICAL = WEIR_OPT_LOCAL,
	OPT_CLASS_WEIGHT,
	OPT_COLSAMPLE,
	OPT_CV,
	OPT_EARLY_STOP,
	OPT_FEATURES,
	OPT_HOLDOUT,
	OPT_IGNORE,
	OPT_IMPUTE,
	OPT_L1,
	OPT_L2,
	OPT_LEARNING_RATE,
	OPT_MAX_DEPTH,
	OPT_MAX_ITER,
	OPT_MAX_LEAVES,
	OPT_MAX_LEVELS,
	OPT_MIN_COUNT,
	OPT_MIN_LEAF,
	OPT_MODEL,
	OPT_NUMERIC,
	OPT_SEED,
	OPT_SUBSAMPLE,
	OPT_TARGET,
	OPT_TASK,
	OPT_THREADS,
	OPT_TOL,
	OPT_TREES
};

struct train {
	struct weir_cli		 cli;
	struct weir_table_opts	 to;
	struct weir_model_opts	 mo;
	int			 model;		/* -1: by the task */
	const char		*task;		/* as given, for the record */
	double			 holdout;
	long			 cv;
	const char		*gbdt_opt;	/* a gbdt option given, for errors */
	const char		*lin_opt;	/* the same, linear solvers */
};

static const char synopsis[] =
    "usage: weir-train [-hqz] [-d delim] [-f format] [-o file] --target column\n"
    "                  [--model linear|logistic|gbdt] [--task classify|regress]\n"
    "                  [--features list] [--ignore list] [--numeric list] [--categorical list]\n"
    "                  [--impute mean|median] [--min-count n] [--max-levels n]\n"
    "                  [--l2 x] [--l1 x] [--class-weight balanced] [--tol x] [--max-iter n]\n"
    "                  [--trees n] [--learning-rate x] [--max-depth n] [--max-leaves n]\n"
    "                  [--min-leaf n] [--subsample x] [--colsample x] [--early-stop n]\n"
    "                  [--holdout fraction] [--cv k] [--seed n] [--threads n]\n"
    "                  [--bad-rows file] [--max-bad n] [file ...]\n";

static const char options_help[] =
    "\nFit a model to a record stream and write it as one JSON file.\n\n"
    "      --target COLUMN      the column to predict (required)\n"
    "      --model TYPE         linear (least squares), logistic, gbdt (boosted trees);\n"
    "                           default: linear for numbers, logistic for classes\n"
    "      --task TASK          classify or regress (default: classify when the target\n"
    "                           is not numeric or has exactly two values)\n"
    "      --features LIST      use only these columns as features\n"
    "      --ignore LIST        do not use these columns\n"
    "      --numeric LIST       treat these columns as numbers\n"
    "      --categorical LIST   treat these columns as categories\n"
    "      --impute HOW         mean (default) or median for missing numbers\n"
    "      --min-count N        levels seen fewer than N times become 'other' (default 1)\n"
    "      --max-levels N       keep the N most frequent levels (default 100; 0: all)\n"
    "      --l2 X               L2 penalty (default 1: scikit-learn's C=1, Ridge alpha=1)\n"
    "      --l1 X               L1 penalty, logistic (default 0)\n"
    "      --class-weight W     balanced: weigh classes by their inverse frequency\n"
    "      --tol X              logistic: stop at this relative gradient norm (1e-6)\n"
    "      --max-iter N         logistic: at most N iterations (default 1000)\n"
    "      --trees N            gbdt: boosting rounds (default 100)\n"
    "      --learning-rate X    gbdt: shrinkage (default 0.1)\n"
    "      --max-depth N        gbdt: tree depth (default 6)\n"
    "      --max-leaves N       gbdt: grow leaf-wise to N leaves (default 0: depth-wise)\n"
    "      --min-leaf N         gbdt: rows at least in a leaf (default 20)\n"
    "      --subsample X        gbdt: fraction of rows per round (default 1)\n"
    "      --colsample X        gbdt: fraction of features per tree (default 1)\n"
    "      --early-stop N       gbdt: stop after N rounds without gain on 10% of the rows\n"
    "      --holdout FRACTION   evaluate on this fraction of the rows, trained without them\n"
    "      --cv K               K-fold cross-validation metrics\n"
    "      --seed N             for --holdout, --cv and sampling (default 1)\n"
    "      --threads N          threads (default 0: every CPU); the model does not change\n"
    "  -o, --output FILE        write the model to FILE atomically (default: stdout)\n"
    "  -z, --gzip               gzip the model\n"
    "  -d, --delimiter C        CSV delimiter, one character or 'tab' (default ',')\n"
    "  -f, --from FORMAT        input format: csv, tsv, ndjson, json (default: detected)\n"
    "      --bad-rows FILE      write bad records to FILE and go on\n"
    "      --max-bad N          stop after more than N bad records\n"
    "      --progress           show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet              no warnings, no metrics, no progress\n"
    "  -h, --help               this help\n"
    "      --version            print the version\n\n"
    "Examples:\n"
    "  weir train --target churned -o churn.model.json customers.csv\n"
    "  weir train --target price --model gbdt --holdout 0.2 -o price.model.json sales.csv.gz\n"
    "  weir ingest 'landing/*.csv' | weir train --target label --cv 5 -o m.json\n\n"
    "See weir-train(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

static int
parse_int(const char *arg, long min, long max, const char *what, int *out)
{
	long v;

	if (weir_cli_long(arg, min, max, what, &v) == -1)
		return -1;
	*out = (int)v;
	return 0;
}

/* ---- reading: every input into one table ------------------------------ */

static int
table_bad(void *arg, const struct weir_badrec *b, struct weir_err *e)
{
	return weir_bad_put(arg, b, e);
}

struct input {
	char		 sha256[65];
	unsigned long	 records;
	unsigned long long bytes;
};

static int
read_inputs(struct weir_table *t, struct train *tr, char **paths, int n,
    struct weir_bad *bad, struct input *in, unsigned long *reader_bad,
    struct weir_err *e)
{
	struct weir_ropts ro = { 0 };
	struct weir_progress prog;
	struct weir_remap x;
	const struct weir_rec *rec;
	struct weir_reader *r;
	unsigned char d[32];
	int i, rv = -1;

	weir_remap_init(&x);
	ro.fmt = tr->cli.from;
	ro.delim = tr->cli.delim;
	ro.flatten = 1;
	ro.hash = 1;
	weir_progress_init(&prog, tr->cli.progress);
	for (i = 0; i < n; i++) {
		if ((r = weir_reader_open(paths[i], &ro, e)) == NULL)
			goto out;
		weir_remap_restart(&x);
		while ((rv = weir_reader_next(r, &rec, e)) != 0) {
			if (rv == WEIR_BAD) {
				(*reader_bad)++;
				if (weir_bad_put(bad, weir_reader_bad(r), e) == -1)
					break;
				continue;
			}
			if (rv == -1)
				break;
			weir_progress_tick(&prog, weir_reader_in(r)->raw_bytes);
			rec = weir_remap_apply(&x, weir_reader_header(r), rec);
			if ((rv = weir_table_put(t, &x.to, rec, e)) == -1)
				break;
		}
		if (rv == 0) {
			/* The union header must cover a header with no records. */
			weir_remap_sync(&x, weir_reader_header(r));
			weir_in_sha256(weir_reader_in(r), d);
			weir_sha256_hex(d, in[i].sha256);
			in[i].bytes = weir_reader_in(r)->raw_bytes;
			in[i].records = weir_reader_records(r);
		}
		weir_reader_free(r);
		if (rv != 0) {
			rv = -1;
			goto out;
		}
	}
	rv = weir_table_finish(t, &x.to, e);
out:
	weir_progress_done(&prog);
	weir_remap_release(&x);
	return rv;
}

/* ---- fitting and evaluating ------------------------------------------- */

static void
classes_of(const struct weir_table *t, const size_t *rows, size_t n, int *y)
{
	size_t i;

	for (i = 0; i < n; i++)
		y[i] = (int)t->y[rows[i]];
}

static json_t *
evaluate(const struct weir_model *m, const struct weir_table *t,
    const size_t *rows, size_t n, const double *out, const char *what)
{
	struct weir_metrics mt;
	char line[256];

	if (m->task == WEIR_TASK_REGRESS) {
		double *y = weir_xcalloc(n ? n : 1, sizeof(*y));
		size_t i;

		for (i = 0; i < n; i++)
			y[i] = t->y[rows[i]];
		weir_metrics_regress(&mt, y, out, n);
		free(y);
	} else {
		int *y = weir_xcalloc(n ? n : 1, sizeof(*y));

		classes_of(t, rows, n, y);
		weir_metrics_classify(&mt, y, out, n, m->nclass);
		free(y);
	}
	weir_metrics_line(&mt, line, sizeof(line));
	weir_warn("%s: %s (%zu rows)", what, line, n);
	return weir_metrics_json(&mt);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* A model like m, with nothing fitted yet. */
static void
blank_like(struct weir_model *b, const struct weir_model *m)
{
	memset(b, 0, sizeof(*b));
	b->type = m->type;
	b->task = m->task;
	b->nclass = m->nclass;
	b->classes = m->classes;	/* borrowed: not released */
}

/* Out-of-fold predictions over rows[0..n), k folds; metrics as JSON. */
static json_t *
cross_validate(const struct weir_model *m, const struct weir_table *t,
    const size_t *rows, size_t n, long k, const struct weir_model_opts *o,
    struct weir_err *e)
{
	size_t nout = weir_model_nout(m), *perm, *trn, *tst, i, f;
	double *oof, *out;
	json_t *j = NULL;
	char what[64];

	perm = weir_xcalloc(n, sizeof(*perm));
	for (i = 0; i < n; i++)
		perm[i] = i;
	weir_model_shuffle(perm, n, o->seed + 1);
	trn = weir_xcalloc(n, sizeof(*trn));
	tst = weir_xcalloc(n, sizeof(*tst));
	oof = weir_xcalloc(n * nout, sizeof(*oof));
	out = weir_xcalloc(n * nout, sizeof(*out));
	for (f = 0; f < (size_t)k; f++) {
		struct weir_model b;
		size_t ntr = 0, nts = 0;
		unsigned char *in = weir_xcalloc(n, 1);

		for (i = f; i < n; i += (size_t)k)
			in[perm[i]] = 1;
		for (i = 0; i < n; i++) {
			if (in[i])
				tst[nts++] = i;
			else
				trn[ntr++] = i;
		}
		free(in);
		/* positions -> table rows, ascending */
		for (i = 0; i < ntr; i++)
			trn[i] = rows[trn[i]];
		blank_like(&b, m);
		{
			size_t *tr = weir_xcalloc(nts ? nts : 1, sizeof(*tr));

			for (i = 0; i < nts; i++)
				tr[i] = rows[tst[i]];
			if (weir_model_train(&b, t, trn, ntr, tr, nts, o, NULL,
			    out, e) == -1) {
				free(tr);
				b.classes = NULL;
				b.nclass = 0;
				weir_model_release(&b);
				goto out;
			}
			free(tr);
		}
		for (i = 0; i < nts; i++)
			memcpy(oof + tst[i] * nout, out + i * nout,
			    nout * sizeof(*out));
		b.classes = NULL;
		b.nclass = 0;
		weir_model_release(&b);
	}
	snprintf(what, sizeof(what), "cv (%ld folds)", k);
	j = evaluate(m, t, rows, n, oof, what);
	json_object_set_new(j, "folds", json_integer(k));
out:
	free(perm);
	free(trn);
	free(tst);
	free(oof);
	free(out);
	return j;
}

/* ---- the record of how it was made ------------------------------------ */

static void
set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, v != NULL ? json_string(v) : json_null());
}

static json_t *
options_json(const struct train *tr, const struct weir_model *m)
{
	const struct weir_model_opts *o = &tr->mo;
	json_t *j = json_object();

	set_str(j, "model", weir_model_type_name(m->type));
	set_str(j, "task", tr->task);
	set_str(j, "features", tr->to.features);
	set_str(j, "ignore", tr->to.ignore);
	set_str(j, "numeric", tr->to.numeric);
	set_str(j, "categorical", tr->to.categorical);
	set_str(j, "impute", o->prep.median ? "median" : "mean");
	json_object_set_new(j, "min_count", json_integer(o->prep.min_count));
	json_object_set_new(j, "max_levels", json_integer(o->prep.max_levels));
	if (m->type == WEIR_MODEL_GBDT) {
		const struct weir_gbdt_params *g = &o->gbdt;

		json_object_set_new(j, "trees", json_integer(g->ntrees));
		json_object_set_new(j, "learning_rate",
		    json_real(g->learning_rate));
		json_object_set_new(j, "max_depth", json_integer(g->max_depth));
		json_object_set_new(j, "max_leaves",
		    json_integer(g->max_leaves));
		json_object_set_new(j, "min_leaf", json_integer(g->min_leaf));
		json_object_set_new(j, "l2", json_real(g->l2));
		json_object_set_new(j, "subsample",
		    json_real(g->row_subsample));
		json_object_set_new(j, "colsample",
		    json_real(g->col_subsample));
		json_object_set_new(j, "early_stop",
		    json_integer(g->early_stop));
	} else {
		json_object_set_new(j, "l2", json_real(o->lin.l2));
		if (m->type == WEIR_MODEL_LOGISTIC) {
			json_object_set_new(j, "l1", json_real(o->lin.l1));
			json_object_set_new(j, "tol", json_real(o->lin.tol));
			json_object_set_new(j, "max_iter",
			    json_integer(o->lin.max_iter));
		}
	}
	if (m->task != WEIR_TASK_REGRESS)
		set_str(j, "class_weight", o->balanced ? "balanced" : NULL);
	json_object_set_new(j, "holdout", json_real(tr->holdout));
	json_object_set_new(j, "cv", json_integer(tr->cv));
	json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
	return j;
}

/* ---- the program -------------------------------------------------------- */

static int
train(struct train *tr, char **paths, int npaths, struct weir_err *e)
{
	struct weir_model m;
	struct weir_table *t = NULL;
	struct weir_bad bad;
	struct input *in = weir_xcalloc((size_t)npaths, sizeof(*in));
	unsigned long reader_bad = 0;
	size_t *train = NULL, *test = NULL, ntrain, ntest = 0, i, nout;
	double *trout = NULL, *tsout = NULL;
	json_t *metrics, *tj, *ins;
	char shape[128];
	int rv = -1, have_bad = 0;

	memset(&m, 0, sizeof(m));
	if (weir_bad_init(&bad, tr->cli.bad_rows, tr->cli.max_bad, e) == -1)
		goto out;
	have_bad = 1;
	tr->to.bad = table_bad;
	tr->to.arg = &bad;
	t = weir_table_new(&tr->to);
	if (read_inputs(t, tr, paths, npaths, &bad, in, &reader_bad, e) == -1)
		goto out;

	m.task = !t->classify ? WEIR_TASK_REGRESS : t->nclass == 2 ?
	    WEIR_TASK_BINARY : WEIR_TASK_MULTI;
	m.type = tr->model >= 0 ? tr->model : m.task == WEIR_TASK_REGRESS ?
	    WEIR_MODEL_LINEAR : WEIR_MODEL_LOGISTIC;
	if (m.type == WEIR_MODEL_LINEAR && m.task != WEIR_TASK_REGRESS) {
		weir_errf(e, EX_USAGE, "target '%s' has classes: --model "
		    "linear is for numbers (use logistic or gbdt, or --task "
		    "regress)", t->target);
		goto out;
	}
	if (m.type == WEIR_MODEL_LOGISTIC && m.task == WEIR_TASK_REGRESS) {
		weir_errf(e, EX_USAGE, "target '%s' is a number: --model "
		    "logistic is for classes (use linear or gbdt, or --task "
		    "classify)", t->target);
		goto out;
	}
	m.target = weir_xstrdup(t->target);
	m.nclass = t->nclass;
	m.classes = weir_xcalloc(m.nclass ? m.nclass : 1, sizeof(*m.classes));
	for (i = 0; i < m.nclass; i++)
		m.classes[i] = weir_xstrdup(t->classes[i]);
	nout = weir_model_nout(&m);
	tr->mo.prep.center = m.type != WEIR_MODEL_GBDT;
	tr->mo.prep.keep_missing = m.type == WEIR_MODEL_GBDT;

	/* Rows to train on and rows held out. */
	train = weir_xcalloc(t->nrows, sizeof(*train));
	for (i = 0; i < t->nrows; i++)
		train[i] = i;
	ntrain = t->nrows;
	if (tr->holdout > 0) {
		ntest = (size_t)floor(tr->holdout * (double)t->nrows + 0.5);
		if (ntest == 0)
			ntest = 1;
		if (ntest >= t->nrows) {
			weir_errf(e, EX_DATAERR, "too few rows (%zu) for "
			    "--holdout %g", t->nrows, tr->holdout);
			goto out;
		}
		weir_model_shuffle(train, t->nrows, tr->mo.seed);
		test = weir_xcalloc(ntest, sizeof(*test));
		memcpy(test, train, ntest * sizeof(*test));
		memmove(train, train + ntest, (t->nrows - ntest) *
		    sizeof(*train));
		ntrain = t->nrows - ntest;
		qsort(train, ntrain, sizeof(*train), cmp_size);
		qsort(test, ntest, sizeof(*test), cmp_size);
	}
	if (tr->cv > 0 && (size_t)tr->cv > ntrain) {
		weir_errf(e, EX_DATAERR, "too few rows (%zu) for --cv %ld",
		    ntrain, tr->cv);
		goto out;
	}

	metrics = json_object();
	m.metrics = metrics;
	if (tr->cv > 0) {
		json_t *cv = cross_validate(&m, t, train, ntrain, tr->cv,
		    &tr->mo, e);

		if (cv == NULL)
			goto out;
		json_object_set_new(metrics, "cv", cv);
	}
	trout = weir_xcalloc(ntrain * nout, sizeof(*trout));
	tsout = weir_xcalloc(ntest * nout + 1, sizeof(*tsout));
	if (weir_model_train(&m, t, train, ntrain, test, ntest, &tr->mo,
	    trout, tsout, e) == -1)
		goto out;
	snprintf(shape, sizeof(shape), "%zu row%s, %zu feature%s (%zu "
	    "column%s)", ntrain, ntrain == 1 ? "" : "s", m.prep.n,
	    m.prep.n == 1 ? "" : "s", m.prep.width, m.prep.width == 1 ? "" :
	    "s");
	if (m.type == WEIR_MODEL_GBDT)
		weir_warn("gbdt, %s, %s: %d rounds", weir_model_task_name(m.task),
		    shape, weir_gbdt_trees_used(m.gbdt));
	else if (m.type == WEIR_MODEL_LOGISTIC)
		weir_warn("logistic, %s, %s: %d iterations%s",
		    weir_model_task_name(m.task), shape, m.lin.iters,
		    m.lin.converged ? "" :
		    " (not converged: see --tol, --max-iter)");
	else
		weir_warn("linear, %s", shape);
	for (i = 0; i < m.prep.n; i++)
		if (m.prep.f[i].merged > 0 && tr->mo.prep.max_levels > 0 &&
		    m.prep.f[i].levels.n == (size_t)tr->mo.prep.max_levels)
			weir_warn("column '%s': only the %ld most frequent "
			    "levels kept (--max-levels), %zu more are 'other'",
			    m.prep.f[i].name, tr->mo.prep.max_levels,
			    m.prep.f[i].merged);
	json_object_set_new(metrics, "train",
	    evaluate(&m, t, train, ntrain, trout, "train"));
	if (ntest > 0)
		json_object_set_new(metrics, "holdout",
		    evaluate(&m, t, test, ntest, tsout, "holdout"));

	tj = json_object();
	ins = json_array();
	for (i = 0; i < (size_t)npaths; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "sha256", json_string(in[i].sha256));
		json_object_set_new(o, "bytes", json_integer(
		    (json_int_t)in[i].bytes));
		json_object_set_new(o, "records", json_integer(
		    (json_int_t)in[i].records));
		json_array_append_new(ins, o);
	}
	json_object_set_new(tj, "inputs", ins);
	json_object_set_new(tj, "rows", json_integer((json_int_t)t->nrows));
	json_object_set_new(tj, "bad_records", json_integer(
	    (json_int_t)(t->nbad + reader_bad)));
	json_object_set_new(tj, "rows_trained", json_integer(
	    (json_int_t)ntrain));
	json_object_set_new(tj, "rows_holdout", json_integer(
	    (json_int_t)ntest));
	if (m.type == WEIR_MODEL_GBDT)
		json_object_set_new(tj, "trees_used", json_integer(
		    weir_gbdt_trees_used(m.gbdt)));
	json_object_set_new(tj, "options", options_json(tr, &m));
	m.training = tj;

	if (weir_model_write(&m, tr->cli.output, tr->cli.gzip, e) == -1)
		goto out;
	have_bad = 0;
	if (weir_bad_finish(&bad, e) == -1)
		goto out;
	rv = 0;
out:
	if (have_bad)
		weir_bad_abort(&bad);
	weir_model_release(&m);
	weir_table_free(t);
	free(in);
	free(train);
	free(test);
	free(trout);
	free(tsout);
	return rv;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "categorical",	required_argument,	NULL,	OPT_CATEGORICAL },
		{ "class-weight",	required_argument,	NULL,	OPT_CLASS_WEIGHT },
		{ "colsample",		required_argument,	NULL,	OPT_COLSAMPLE },
		{ "cv",			required_argument,	NULL,	OPT_CV },
		{ "early-stop",		required_argument,	NULL,	OPT_EARLY_STOP },
		{ "features",		required_argument,	NULL,	OPT_FEATURES },
		{ "holdout",		required_argument,	NULL,	OPT_HOLDOUT },
		{ "ignore",		required_argument,	NULL,	OPT_IGNORE },
		{ "impute",		required_argument,	NULL,	OPT_IMPUTE },
		{ "l1",			required_argument,	NULL,	OPT_L1 },
		{ "l2",			required_argument,	NULL,	OPT_L2 },
		{ "learning-rate",	required_argument,	NULL,	OPT_LEARNING_RATE },
		{ "max-depth",		required_argument,	NULL,	OPT_MAX_DEPTH },
		{ "max-iter",		required_argument,	NULL,	OPT_MAX_ITER },
		{ "max-leaves",		required_argument,	NULL,	OPT_MAX_LEAVES },
		{ "max-levels",		required_argument,	NULL,	OPT_MAX_LEVELS },
		{ "min-count",		required_argument,	NULL,	OPT_MIN_COUNT },
		{ "min-leaf",		required_argument,	NULL,	OPT_MIN_LEAF },
		{ "model",		required_argument,	NULL,	OPT_MODEL },
		{ "numeric",		required_argument,	NULL,	OPT_NUMERIC },
		{ "seed",		required_argument,	NULL,	OPT_SEED },
		{ "subsample",		required_argument,	NULL,	OPT_SUBSAMPLE },
		{ "target",		required_argument,	NULL,	OPT_TARGET },
		{ "task",		required_argument,	NULL,	OPT_TASK },
		{ "threads",		required_argument,	NULL,	OPT_THREADS },
		{ "tol",		required_argument,	NULL,	OPT_TOL },
		{ "trees",		required_argument,	NULL,	OPT_TREES },
		{ NULL,			0,			NULL,	0 }
	};
	static char dash[] = "-";
	char *stdin_only[] = { dash };
	struct train tr;
	struct weir_err e;
	double l2 = 1;
	long v;
	int ch, bad = 0;

	memset(&tr, 0, sizeof(tr));
	tr.cli = (struct weir_cli)WEIR_CLI_INIT;
	tr.model = -1;
	tr.to.classify = -1;
	tr.mo.prep.min_count = 1;
	tr.mo.prep.max_levels = 100;
	tr.mo.lin.tol = 1e-6;
	tr.mo.lin.max_iter = 1000;
	tr.mo.gbdt.ntrees = 100;
	tr.mo.gbdt.max_depth = 6;
	tr.mo.gbdt.min_leaf = 20;
	tr.mo.gbdt.learning_rate = 0.1;
	tr.mo.gbdt.row_subsample = 1;
	tr.mo.gbdt.col_subsample = 1;
	tr.mo.valid_fraction = 0.1;
	tr.mo.seed = 1;

	weir_setprog(argv[0]);
	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_CATEGORICAL:
			tr.to.categorical = optarg;
			break;
		case OPT_CLASS_WEIGHT:
			if (strcmp(optarg, "balanced") == 0)
				tr.mo.balanced = 1;
			else if (strcmp(optarg, "none") != 0) {
				weir_note("--class-weight is 'balanced' or "
				    "'none', not '%s'", optarg);
				bad = 1;
			}
			break;
		case OPT_COLSAMPLE:
			tr.gbdt_opt = "--colsample";
			bad |= weir_cli_real(optarg, 0, 1, 1, "--colsample",
			    &tr.mo.gbdt.col_subsample) == -1;
			break;
		case OPT_CV:
			bad |= weir_cli_long(optarg, 2, 1000, "--cv",
			    &tr.cv) == -1;
			break;
		case OPT_EARLY_STOP:
			tr.gbdt_opt = "--early-stop";
			bad |= parse_int(optarg, 0, 1000000, "--early-stop",
			    &tr.mo.gbdt.early_stop) == -1;
			break;
		case OPT_FEATURES:
			tr.to.features = optarg;
			break;
		case OPT_HOLDOUT:
			bad |= weir_cli_real(optarg, 0, 0.99, 1, "--holdout",
			    &tr.holdout) == -1;
			break;
		case OPT_IGNORE:
			tr.to.ignore = optarg;
			break;
		case OPT_IMPUTE:
			if (strcmp(optarg, "median") == 0)
				tr.mo.prep.median = 1;
			else if (strcmp(optarg, "mean") != 0) {
				weir_note("--impute is 'mean' or 'median', not "
				    "'%s'", optarg);
				bad = 1;
			}
			break;
		case OPT_L1:
			bad |= weir_cli_real(optarg, 0, 1e300, 0, "--l1",
			    &tr.mo.lin.l1) == -1;
			tr.lin_opt = "--l1";
			break;
		case OPT_L2:
			bad |= weir_cli_real(optarg, 0, 1e300, 0, "--l2", &l2) == -1;
			break;
		case OPT_LEARNING_RATE:
			tr.gbdt_opt = "--learning-rate";
			bad |= weir_cli_real(optarg, 0, 1e3, 1, "--learning-rate",
			    &tr.mo.gbdt.learning_rate) == -1;
			break;
		case OPT_MAX_DEPTH:
			tr.gbdt_opt = "--max-depth";
			bad |= parse_int(optarg, 0, 64, "--max-depth",
			    &tr.mo.gbdt.max_depth) == -1;
			break;
		case OPT_MAX_ITER:
			tr.lin_opt = "--max-iter";
			bad |= parse_int(optarg, 1, 1000000, "--max-iter",
			    &tr.mo.lin.max_iter) == -1;
			break;
		case OPT_MAX_LEAVES:
			tr.gbdt_opt = "--max-leaves";
			bad |= parse_int(optarg, 0, 1 << 20, "--max-leaves",
			    &tr.mo.gbdt.max_leaves) == -1;
			break;
		case OPT_MAX_LEVELS:
			bad |= weir_cli_long(optarg, 0, 1L << 30,
			    "--max-levels", &tr.mo.prep.max_levels) == -1;
			break;
		case OPT_MIN_COUNT:
			bad |= weir_cli_long(optarg, 1, 1L << 40, "--min-count",
			    &tr.mo.prep.min_count) == -1;
			break;
		case OPT_MIN_LEAF:
			tr.gbdt_opt = "--min-leaf";
			bad |= parse_int(optarg, 1, 1 << 30, "--min-leaf",
			    &tr.mo.gbdt.min_leaf) == -1;
			break;
		case OPT_MODEL:
			if ((tr.model = weir_model_type_parse(optarg)) < 0) {
				weir_note("--model is linear, logistic or gbdt, "
				    "not '%s'", optarg);
				bad = 1;
			}
			break;
		case OPT_NUMERIC:
			tr.to.numeric = optarg;
			break;
		case OPT_SEED:
			bad |= weir_cli_long(optarg, 0, 1L << 53, "--seed",
			    &v) == -1;
			tr.mo.seed = (unsigned long long)v;
			break;
		case OPT_SUBSAMPLE:
			tr.gbdt_opt = "--subsample";
			bad |= weir_cli_real(optarg, 0, 1, 1, "--subsample",
			    &tr.mo.gbdt.row_subsample) == -1;
			break;
		case OPT_TARGET:
			tr.to.target = optarg;
			break;
		case OPT_TASK:
			tr.task = optarg;
			if (strcmp(optarg, "classify") == 0)
				tr.to.classify = 1;
			else if (strcmp(optarg, "regress") == 0)
				tr.to.classify = 0;
			else {
				weir_note("--task is 'classify' or 'regress', "
				    "not '%s'", optarg);
				bad = 1;
			}
			break;
		case OPT_THREADS:
			bad |= parse_int(optarg, 0, 1024, "--threads",
			    &tr.mo.gbdt.threads) == -1;
			tr.mo.lin.threads = tr.mo.gbdt.threads;
			break;
		case OPT_TOL:
			tr.lin_opt = "--tol";
			bad |= weir_cli_real(optarg, 0, 1, 1, "--tol",
			    &tr.mo.lin.tol) == -1;
			break;
		case OPT_TREES:
			tr.gbdt_opt = "--trees";
			bad |= parse_int(optarg, 1, 1000000, "--trees",
			    &tr.mo.gbdt.ntrees) == -1;
			break;
		default:
			if (weir_cli_option(&tr.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (tr.cli.help)
		usage(0);
	tr.mo.gbdt.seed = tr.mo.seed;	/* row and column subsampling */
	if (bad)
		usage(EX_USAGE);
	if (tr.to.target == NULL) {
		weir_note("--target is required");
		usage(EX_USAGE);
	}
	if (tr.cli.to != WEIR_F_AUTO) {
		weir_note("-t/--to does not apply: the model is JSON");
		usage(EX_USAGE);
	}
	if (tr.gbdt_opt != NULL && tr.model != WEIR_MODEL_GBDT) {
		weir_note("%s is for --model gbdt", tr.gbdt_opt);
		usage(EX_USAGE);
	}
	if (tr.lin_opt != NULL && tr.model != WEIR_MODEL_LOGISTIC &&
	    (tr.model != -1 || strcmp(tr.lin_opt, "--l1") == 0)) {
		weir_note("%s is for --model logistic", tr.lin_opt);
		usage(EX_USAGE);
	}
	tr.mo.lin.l2 = l2;
	tr.mo.gbdt.l2 = l2;
	if (train(&tr, optind < argc ? argv + optind : stdin_only,
	    optind < argc ? argc - optind : 1, &e) == -1)
		weir_die_err(&e);
	return 0;
}
