/* weir-train: fit a model to a record stream. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badrows.h"
#include "cli.h"
#include "err.h"
#include "lineage.h"
#include "mem.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "learn/record.h"
#include "learn/validate.h"

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
    "usage: weir-train [-hqvz] [-d delim] [-f format] [-o file] --target column\n"
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
    "  -d, --delimiter C        CSV input delimiter, one character or 'tab'\n"
    "                           (default: detected among , ; tab |)\n"
    "  -f, --from FORMAT        input format: csv, tsv, ndjson, json (default: detected)\n"
    "      --bad-rows FILE      write bad records to FILE and go on\n"
    "      --max-bad N          stop after more than N bad records\n"
    "      --progress           show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet              no warnings, no metrics, no progress\n"
    "  -v, --verbose            say what was detected (the CSV delimiter)\n"
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

/* ---- options ------------------------------------------------------------ */

enum { STR, WORD, INT, LONG, ULLONG, REAL, ABOVE };	/* ABOVE: > min */
enum { ANY, GBDT, LOGISTIC };

#define AT(field)	offsetof(struct train, field)

/*
 * train's own options, sorted: the argument, its range (the whole-number
 * bounds are exact in a double), where it goes, and the model it is for.
 */
static const struct opt {
	const char	*name;
	int		 kind;
	double		 min, max;
	size_t		 at;
	int		 only;
} opts[] = {
	{ "categorical", STR, 0, 0, AT(to.categorical), ANY },
	{ "class-weight", WORD, 0, 0, 0, ANY },
	{ "colsample", ABOVE, 0, 1, AT(mo.gbdt.col_subsample), GBDT },
	{ "cv", LONG, 2, 1000, AT(cv), ANY },
	{ "early-stop", INT, 0, 1000000, AT(mo.gbdt.early_stop), GBDT },
	{ "features", STR, 0, 0, AT(to.features), ANY },
	{ "holdout", ABOVE, 0, 0.99, AT(holdout), ANY },
	{ "ignore", STR, 0, 0, AT(to.ignore), ANY },
	{ "impute", WORD, 0, 0, 0, ANY },
	{ "l1", REAL, 0, 1e300, AT(mo.lin.l1), LOGISTIC },
	{ "l2", REAL, 0, 1e300, AT(mo.lin.l2), ANY },
	{ "learning-rate", ABOVE, 0, 1e3, AT(mo.gbdt.learning_rate), GBDT },
	{ "max-depth", INT, 0, 64, AT(mo.gbdt.max_depth), GBDT },
	{ "max-iter", INT, 1, 1000000, AT(mo.lin.max_iter), LOGISTIC },
	{ "max-leaves", INT, 0, 1 << 20, AT(mo.gbdt.max_leaves), GBDT },
	{ "max-levels", LONG, 0, 1L << 30, AT(mo.prep.max_levels), ANY },
	{ "min-count", LONG, 1, 1L << 40, AT(mo.prep.min_count), ANY },
	{ "min-leaf", INT, 1, 1 << 30, AT(mo.gbdt.min_leaf), GBDT },
	{ "model", WORD, 0, 0, 0, ANY },
	{ "numeric", STR, 0, 0, AT(to.numeric), ANY },
	{ "seed", ULLONG, 0, 1L << 53, AT(mo.seed), ANY },
	{ "subsample", ABOVE, 0, 1, AT(mo.gbdt.row_subsample), GBDT },
	{ "target", STR, 0, 0, AT(to.target), ANY },
	{ "task", WORD, 0, 0, 0, ANY },
	{ "threads", INT, 0, 1024, AT(mo.gbdt.threads), ANY },
	{ "tol", ABOVE, 0, 1, AT(mo.lin.tol), LOGISTIC },
	{ "trees", INT, 1, 1000000, AT(mo.gbdt.ntrees), GBDT }
};
#define NOPTS	(sizeof(opts) / sizeof(opts[0]))

/* 0 for the first word, 1 for the second; -1 after a message. */
static int
either(const char *name, const char *arg, const char *w0, const char *w1)
{
	if (strcmp(arg, w0) == 0 || strcmp(arg, w1) == 0)
		return strcmp(arg, w0) != 0;
	weir_note("--%s is '%s' or '%s', not '%s'", name, w0, w1, arg);
	return -1;
}

/* The options that take a word; -1 after a message. */
static int
word(struct train *tr, const char *name, const char *arg)
{
	int w;

	if (strcmp(name, "model") == 0) {
		if ((tr->model = weir_model_type_parse(arg)) >= 0)
			return 0;
		weir_note("--model is linear, logistic or gbdt, not '%s'", arg);
		return -1;
	}
	/* "none" and "mean" leave what an earlier option set. */
	if (strcmp(name, "class-weight") == 0) {
		if ((w = either(name, arg, "balanced", "none")) == 0)
			tr->mo.balanced = 1;
	} else if (strcmp(name, "impute") == 0) {
		if ((w = either(name, arg, "mean", "median")) == 1)
			tr->mo.prep.median = 1;
	} else {
		tr->task = arg;
		if ((w = either(name, arg, "classify", "regress")) >= 0)
			tr->to.classify = w == 0;
	}
	return w < 0 ? -1 : 0;
}

/* Take one of train's own options; -1 after a message. */
static int
option(struct train *tr, const struct opt *o, const char *arg)
{
	void *p = (char *)tr + o->at;
	char what[32];
	long v;

	if (o->only == GBDT)
		tr->gbdt_opt = o->name;
	else if (o->only == LOGISTIC)
		tr->lin_opt = o->name;
	snprintf(what, sizeof(what), "--%s", o->name);
	switch (o->kind) {
	case STR:
		*(const char **)p = arg;
		return 0;
	case WORD:
		return word(tr, o->name, arg);
	case REAL:
	case ABOVE:
		return weir_cli_real(arg, o->min, o->max, o->kind == ABOVE,
		    what, p);
	}
	if (weir_cli_long(arg, (long)o->min, (long)o->max, what, &v) == -1)
		return -1;
	if (o->kind == INT)
		*(int *)p = (int)v;
	else if (o->kind == LONG)
		*(long *)p = v;
	else
		*(unsigned long long *)p = (unsigned long long)v;
	return 0;
}

/* Every option into tr, which it starts; usage() when one is wrong. */
static void
parse(struct train *tr, int argc, char *argv[])
{
	static const struct option shared[] = { WEIR_CLI_LONGOPTS };
	struct option longopts[sizeof(shared) / sizeof(shared[0]) + NOPTS + 1];
	size_t i, n = sizeof(shared) / sizeof(shared[0]);
	int ch, bad = 0;

	*tr = (struct train){ .cli = WEIR_CLI_INIT, .model = -1,
	    .to.classify = -1 };
	weir_model_opts_init(&tr->mo);
	memset(longopts, 0, sizeof(longopts));
	memcpy(longopts, shared, sizeof(shared));
	for (i = 0; i < NOPTS; i++) {
		longopts[n + i].name = opts[i].name;
		longopts[n + i].has_arg = required_argument;
		longopts[n + i].val = WEIR_OPT_LOCAL + (int)i;
	}
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (ch >= WEIR_OPT_LOCAL)
			bad |= option(tr, &opts[ch - WEIR_OPT_LOCAL],
			    optarg) == -1;
		else if (weir_cli_option(&tr->cli, ch, optarg) == -1)
			usage(EX_USAGE);
	}
	if (tr->cli.help)
		usage(0);
	if (bad)
		usage(EX_USAGE);
	/* One --seed, --l2 and --threads for either solver. */
	tr->mo.gbdt.seed = tr->mo.seed;		/* row and column sampling */
	tr->mo.gbdt.l2 = tr->mo.lin.l2;
	tr->mo.lin.threads = tr->mo.gbdt.threads;
}

/* ---- reading: every input into one table ------------------------------ */

static int
table_bad(void *arg, const struct weir_badrec *b, struct weir_err *e)
{
	return weir_bad_put(arg, b, e);
}

/* ---- fitting, and saying how it went ------------------------------------ */

/* The lineage log's record of the fit: seed, rows, metrics. */
static void
log_training(const struct weir_model *m, const struct weir_model_opts *o)
{
	char *text;

	if (!weir_lineage_on())
		return;
	weir_lineage_seed(o->seed);
	if ((text = json_dumps(m->metrics, JSON_COMPACT)) != NULL) {
		weir_lineage_json("metrics", text);
		free(text);
	}
}

/* Say how the predictions did; the metrics as JSON. */
static json_t *
report(const struct weir_metrics *mt, const char *what)
{
	char line[256];

	weir_metrics_line(mt, line, sizeof(line));
	weir_warn("%s: %s (%zu rows)", what, line, mt->rows);
	return weir_metrics_json(mt);
}

/* Cross-validation on the training rows, before the model is fitted. */
static int
cross_validate(struct weir_model *m, const struct weir_table *t,
    const struct weir_holdout *h, const struct train *tr, struct weir_err *e)
{
	struct weir_metrics mt;
	char what[64];
	json_t *j;

	if (weir_validate_cv(m, t, h->train, h->ntrain, (size_t)tr->cv,
	    &tr->mo, &mt, e) == -1)
		return -1;
	snprintf(what, sizeof(what), "cv (%ld folds)", tr->cv);
	j = report(&mt, what);
	json_object_set_new(j, "folds", json_integer(tr->cv));
	json_object_set_new(m->metrics, "cv", j);
	return 0;
}

/* What was fitted, and which columns --max-levels cut short. */
static void
say_fitted(const struct weir_model *m, const struct weir_prep_opts *po,
    size_t ntrain)
{
	const struct weir_prep *p = &m->prep;
	const char *task = weir_model_task_name(m->task);
	char shape[128];
	size_t i;

	snprintf(shape, sizeof(shape), "%zu row%s, %zu feature%s (%zu "
	    "column%s)", ntrain, ntrain == 1 ? "" : "s", p->n,
	    p->n == 1 ? "" : "s", p->width, p->width == 1 ? "" : "s");
	if (m->type == WEIR_MODEL_GBDT)
		weir_warn("gbdt, %s, %s: %d rounds", task, shape,
		    weir_gbdt_trees_used(m->gbdt));
	else if (m->type == WEIR_MODEL_LOGISTIC)
		weir_warn("logistic, %s, %s: %d iterations%s", task, shape,
		    m->lin.iters, m->lin.converged ? "" :
		    " (not converged: see --tol, --max-iter)");
	else
		weir_warn("linear, %s", shape);
	for (i = 0; i < p->n; i++)
		if (p->f[i].merged > 0 && po->max_levels > 0 &&
		    p->f[i].levels.n == (size_t)po->max_levels)
			weir_warn("column '%s': only the %ld most frequent "
			    "levels kept (--max-levels), %zu more are 'other'",
			    p->f[i].name, po->max_levels, p->f[i].merged);
}

/* ---- the program -------------------------------------------------------- */

static int
train(struct train *tr, char **paths, int npaths, struct weir_err *e)
{
	struct weir_model m;
	struct weir_table *t = NULL;
	struct weir_holdout h = { 0 };
	struct weir_metrics mt;
	struct weir_record r;
	struct weir_bad bad;
	struct weir_record_input *in = weir_xcalloc((size_t)npaths,
	    sizeof(*in));
	unsigned long reader_bad = 0;
	double *trout = NULL, *tsout = NULL;
	size_t nout;
	int rv = -1, have_bad = 0;

	memset(&m, 0, sizeof(m));
	if (weir_bad_init(&bad, tr->cli.bad_rows, tr->cli.max_bad, e) == -1)
		goto out;
	have_bad = 1;
	tr->to.bad = table_bad;
	tr->to.arg = &bad;
	t = weir_table_new(&tr->to);
	if (weir_table_read(t, &tr->cli, paths, npaths, &bad, in,
	    &reader_bad, e) == -1 ||
	    weir_model_init(&m, t, tr->model, e) == -1 ||
	    weir_validate_holdout(&h, t->nrows, tr->holdout, tr->mo.seed,
	    e) == -1)
		goto out;
	tr->mo.prep.center = m.type != WEIR_MODEL_GBDT;
	tr->mo.prep.keep_missing = m.type == WEIR_MODEL_GBDT;
	m.metrics = json_object();
	if (tr->cv > 0 && cross_validate(&m, t, &h, tr, e) == -1)
		goto out;
	nout = weir_model_nout(&m);
	trout = weir_xcalloc(h.ntrain * nout, sizeof(*trout));
	tsout = weir_xcalloc(h.ntest * nout + 1, sizeof(*tsout));
	if (weir_model_train(&m, t, h.train, h.ntrain, h.test, h.ntest,
	    &tr->mo, trout, tsout, e) == -1)
		goto out;
	say_fitted(&m, &tr->mo.prep, h.ntrain);
	weir_validate_metrics(&mt, &m, t, h.train, h.ntrain, trout);
	json_object_set_new(m.metrics, "train", report(&mt, "train"));
	if (h.ntest > 0) {
		weir_validate_metrics(&mt, &m, t, h.test, h.ntest, tsout);
		json_object_set_new(m.metrics, "holdout", report(&mt,
		    "holdout"));
	}
	r = (struct weir_record){ .in = in, .nin = (size_t)npaths,
	    .rows = t->nrows, .bad = t->nbad + reader_bad, .ntrain = h.ntrain,
	    .ntest = h.ntest, .task = tr->task, .table = &tr->to,
	    .opts = &tr->mo, .holdout = tr->holdout, .cv = tr->cv };
	m.training = weir_record_json(&r, &m);
	log_training(&m, &tr->mo);
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
	weir_validate_holdout_release(&h);
	weir_table_free(t);
	free(in);
	free(trout);
	free(tsout);
	return rv;
}

int
main(int argc, char *argv[])
{
	static char dash[] = "-";
	char *stdin_only[] = { dash };
	struct train tr;
	struct weir_err e;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();
	parse(&tr, argc, argv);
	if (tr.to.target == NULL) {
		weir_note("--target is required");
		usage(EX_USAGE);
	}
	if (tr.cli.to != WEIR_F_AUTO) {
		weir_note("-t/--to does not apply: the model is JSON");
		usage(EX_USAGE);
	}
	if (tr.gbdt_opt != NULL && tr.model != WEIR_MODEL_GBDT) {
		weir_note("--%s is for --model gbdt", tr.gbdt_opt);
		usage(EX_USAGE);
	}
	if (tr.lin_opt != NULL && tr.model != WEIR_MODEL_LOGISTIC &&
	    (tr.model != -1 || strcmp(tr.lin_opt, "l1") == 0)) {
		weir_note("--%s is for --model logistic", tr.lin_opt);
		usage(EX_USAGE);
	}
	if (train(&tr, optind < argc ? argv + optind : stdin_only,
	    optind < argc ? argc - optind : 1, &e) == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
