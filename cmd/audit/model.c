/* weir audit model: how good, how calibrated and how fair a model's
 * predictions are, from scored records. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "cols.h"
#include "err.h"
#include "intern.h"
#include "jsonfile.h"
#include "lineage.h"
#include "mem.h"
#include "num.h"
#include "sink.h"
#include "source.h"
#include "stream.h"
#include "learn/model.h"
#include "learn/score.h"
#include "stats/metrics.h"

enum { OPT_TRUTH = WEIR_OPT_LOCAL, OPT_PREDICTION, OPT_POSITIVE, OPT_GROUP,
	OPT_TASK, OPT_FAIL_ON, OPT_JSON, OPT_NO_HEADER };

#define MAXGROUPS	8

static const char synopsis[] =
    "usage: weir-audit model [-hq] [-f format] [-o file] [-t format] [-m model.json]\n"
    "                        --truth col\n"
    "                        [--prediction col] [--positive class] [--group col]\n"
    "                        [--task classification|regression] [--fail-on list]\n"
    "                        [--json file] [file]\n";

static const char help[] =
    "\nEvaluate scored records (as weir predict writes them, truth kept):\n"
    "classification: accuracy, balanced accuracy, precision, recall and F1 per\n"
    "class, macro and weighted, the confusion matrix, ROC AUC, average\n"
    "precision, log loss, Brier score, a calibration table and its expected\n"
    "calibration error; regression: RMSE, MAE, R^2, MAPE, residual quantiles.\n"
    "With --group, the rates of each group and Fairlearn's demographic parity\n"
    "and equalized odds.  Figures are scikit-learn's.\n\n"
    "  -m, --model FILE       score the records with this model first (then\n"
    "                         --truth defaults to its target)\n"
    "      --truth COL        the true values (required without -m)\n"
    "      --prediction COL   the predictions (default: prediction)\n"
    "      --positive CLASS   the positive class (default: the greater label)\n"
    "      --group COL        fairness across the groups of COL (repeatable)\n"
    "      --task TASK        classification or regression (default: from the\n"
    "                         columns: probabilities mean classification)\n"
    "      --fail-on LIST     exit 1 when a figure is past a bound, e.g.\n"
    "                         'accuracy<0.9,dp_ratio<0.8,log_loss>0.5'\n"
    "      --json FILE        everything as JSON too\n"
    "  -t, --to FORMAT        table (default), markdown, csv, json\n"
    "  -o, --output FILE      write FILE atomically\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json\n"
    "  -q, --quiet            no warnings\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir predict -m churn.model.json --probabilities test.csv \\\n"
    "    | weir audit model --truth churned --group region --fail-on 'dp_ratio<0.8'\n\n"
    "See weir-audit(1).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " model");
}

struct opts {
	struct weir_cli	 cli;
	const char	*model;		/* -m: score first */
	const char	*truth, *prediction, *positive, *fail_on, *json;
	const char	*group[MAXGROUPS];
	size_t		 ngroup;
	int		 task;		/* 0 auto, 1 classification, 2 regression */
	int		 no_header;
};

/* What was read. */
struct data {
	size_t			 n, cap;
	struct weir_intern	 labels;
	uint32_t		*truth, *pred;	/* label numbers */
	double			*ty, *py;	/* as numbers (regression) */
	int			 numeric;	/* every truth and prediction */
	long			 ptcol, ppcol, pcol;
	long			*pcols;		/* p_LABEL column of each label */
	size_t			 npcols;
	double			*prob;		/* n x npcols (p_ columns) */
	double			*pmax;		/* "probability" */
	long			 gcol[MAXGROUPS];
	struct weir_intern	 groups[MAXGROUPS];
	uint32_t		*gid[MAXGROUPS];
	size_t			 hn;
};

/* A column that may be absent (-1) from the header. */
static const struct weir_field *
field(const struct weir_rec *r, long col)
{
	return col < 0 ? NULL : weir_rec_field(r, (size_t)col);
}

static int
present(const struct weir_field *f)
{
	return f != NULL && f->type != WEIR_NULL && f->len > 0;
}

static int
columns(const struct opts *o, struct data *d, const struct weir_header *h,
    struct weir_err *e)
{
	size_t i;

	if (d->hn == h->n)
		return 0;
	d->hn = h->n;
	if ((d->ptcol = weir_header_find(h, o->truth, strlen(o->truth))) < 0)
		return weir_cols_unknown(e, h, o->truth, strlen(o->truth),
		    "--truth");
	if ((d->ppcol = weir_header_find(h, o->prediction,
	    strlen(o->prediction))) < 0)
		return weir_cols_unknown(e, h, o->prediction,
		    strlen(o->prediction), "--prediction");
	d->pcol = weir_header_find(h, "probability", 11);
	/* every p_CLASS column, matched with the classes at the end */
	free(d->pcols);
	d->pcols = weir_xcalloc(h->n + 1, sizeof(*d->pcols));
	d->npcols = 0;
	for (i = 0; i < h->n; i++)
		if (h->len[i] > 2 && memcmp(h->name[i], "p_", 2) == 0)
			d->pcols[d->npcols++] = (long)i;
	for (i = 0; i < o->ngroup; i++)
		if ((d->gcol[i] = weir_header_find(h, o->group[i],
		    strlen(o->group[i]))) < 0)
			return weir_cols_unknown(e, h, o->group[i],
			    strlen(o->group[i]), "--group");
	return 0;
}

static int
grow(struct data *d, const struct opts *o)
{
	size_t i;

	if (d->n < d->cap)
		return 0;
	d->cap = d->cap ? d->cap * 2 : 1024;
	d->truth = weir_xreallocarray(d->truth, d->cap, sizeof(*d->truth));
	d->pred = weir_xreallocarray(d->pred, d->cap, sizeof(*d->pred));
	d->ty = weir_xreallocarray(d->ty, d->cap, sizeof(*d->ty));
	d->py = weir_xreallocarray(d->py, d->cap, sizeof(*d->py));
	d->pmax = weir_xreallocarray(d->pmax, d->cap, sizeof(*d->pmax));
	d->prob = weir_xreallocarray(d->prob, d->cap * (d->npcols + 1),
	    sizeof(*d->prob));
	for (i = 0; i < o->ngroup; i++)
		d->gid[i] = weir_xreallocarray(d->gid[i], d->cap,
		    sizeof(*d->gid[i]));
	return 0;
}

/* A probability: a number in [0, 1], else the input is bad. */
static int
probability(const struct weir_field *f, const char *src, unsigned long line,
    const char *col, double *p, struct weir_err *e)
{
	if (!present(f) || !weir_num_parse(f->s, f->len, p) || *p < 0 ||
	    *p > 1)
		return weir_errf(e, EX_DATAERR, "%s:%lu: column '%s': '%.*s' is "
		    "not a probability (a number from 0 to 1)", src, line, col,
		    f != NULL ? (int)f->len : 0, f != NULL ? f->s : "");
	return 0;
}

static int
record(const struct opts *o, struct data *d, const struct weir_header *h,
    const struct weir_rec *r, struct weir_err *e)
{
	const struct weir_field *t, *p, *g;
	size_t i;
	int fresh;

	if (columns(o, d, h, e) == -1)
		return -1;
	t = field(r, d->ptcol);
	p = field(r, d->ppcol);
	if (!present(t) || !present(p))
		return weir_errf(e, EX_DATAERR, "%s:%lu: no %s value", r->src,
		    r->line, present(t) ? "prediction" : "truth");
	grow(d, o);
	d->truth[d->n] = weir_intern_add(&d->labels, t->s, t->len, &fresh);
	d->pred[d->n] = weir_intern_add(&d->labels, p->s, p->len, &fresh);
	if (!weir_num_parse(t->s, t->len, &d->ty[d->n]) ||
	    !weir_num_parse(p->s, p->len, &d->py[d->n]))
		d->numeric = 0;
	d->pmax[d->n] = NAN;
	if (d->pcol >= 0 && probability(field(r, d->pcol), r->src, r->line,
	    "probability", &d->pmax[d->n], e) == -1)
		return -1;
	for (i = 0; i < d->npcols; i++)
		if (probability(field(r, d->pcols[i]), r->src, r->line,
		    h->name[d->pcols[i]], &d->prob[d->n * d->npcols + i],
		    e) == -1)
			return -1;
	for (i = 0; i < o->ngroup; i++) {
		g = field(r, d->gcol[i]);
		d->gid[i][d->n] = weir_intern_add(&d->groups[i], present(g) ?
		    g->s : "", present(g) ? g->len : 0, &fresh);
	}
	d->n++;
	return 0;
}

/* Labels in order: by value when all are numbers, else by bytes. */
static struct weir_intern *sort_labels;

static int
by_label(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	size_t li, lj;
	const char *x = weir_intern_str(sort_labels, i, &li);
	const char *y = weir_intern_str(sort_labels, j, &lj);
	double u, v;
	int r;

	if (weir_num_parse(x, li, &u) && weir_num_parse(y, lj, &v) && u != v)
		return u < v ? -1 : 1;
	r = memcmp(x, y, li < lj ? li : lj);
	return r != 0 ? r : (li > lj) - (li < lj);
}

struct eval {
	json_t		*j;		/* everything */
	json_t		*rows;		/* name, value for the table */
	int		 failed;
};

static void
put(struct eval *ev, const char *name, double x)
{
	json_object_set_new(ev->j, name, isfinite(x) ? json_real(x) :
	    json_null());
	json_array_append_new(ev->rows, json_pack("[s, o]", name, isfinite(x) ?
	    json_real(x) : json_null()));
}

/* A probability per class from the p_CLASS columns, when each has one. */
static double *
class_probs(const struct data *d, const struct weir_header *h,
    const uint32_t *order, size_t k)
{
	const char *s;
	size_t c, j, len, *at = weir_xcalloc(k + 1, sizeof(*at));
	double *prob = NULL;

	for (c = 0; c < k; c++) {
		s = weir_intern_str(&d->labels, order[c], &len);
		for (j = 0; j < d->npcols && !(h->len[d->pcols[j]] == len + 2 &&
		    memcmp(h->name[d->pcols[j]] + 2, s, len) == 0); j++)
			;
		if (j == d->npcols)
			goto out;
		at[c] = j;
	}
	prob = weir_xcalloc(d->n * k + 1, sizeof(*prob));
	for (j = 0; j < d->n; j++)
		for (c = 0; c < k; c++)
			prob[j * k + c] = d->prob[j * d->npcols + at[c]];
out:
	free(at);
	return prob;
}

/* The ROC and precision-recall curves, at most 201 points each. */
static void
curves(struct eval *ev, const int *y, const double *p, size_t n)
{
	double *fpr = weir_xcalloc(n + 2, sizeof(double));
	double *tpr = weir_xcalloc(n + 2, sizeof(double));
	double *pr = weir_xcalloc(n + 2, sizeof(double));
	json_t *f = json_array(), *t = json_array(), *pj = json_array();
	size_t m = weir_roc_points(y, p, n, fpr, tpr, pr), i, step;

	step = m > 201 ? (m + 199) / 200 : 1;
	for (i = 0; i < m; i += step) {
		json_array_append_new(f, json_real(fpr[i]));
		json_array_append_new(t, json_real(tpr[i]));
		json_array_append_new(pj, json_real(pr[i]));
		if (i + step >= m && i != m - 1)
			i = m - 1 - step;	/* the last point too */
	}
	json_object_set_new(ev->j, "curves", json_pack("{s:o, s:o, s:o}",
	    "fpr", f, "tpr", t, "precision", pj));
	free(fpr);
	free(tpr);
	free(pr);
}

static void
classification(const struct opts *o, struct data *d, struct eval *ev,
    const double *prob, size_t k, const uint32_t *order, int *y, int *pred)
{
	struct weir_class_metrics m;
	struct weir_calibration cal;
	json_t *pc, *conf, *row, *calj;
	double *ppos;
	size_t i, c, c2, pos;
	const char *s;
	size_t len;
	long want;
	int *yb;

	weir_class_metrics(&m, y, pred, d->n, k);
	put(ev, "accuracy", m.accuracy);
	put(ev, "balanced_accuracy", m.balanced_accuracy);
	put(ev, "precision_macro", m.precision_macro);
	put(ev, "recall_macro", m.recall_macro);
	put(ev, "f1_macro", m.f1_macro);
	put(ev, "precision_weighted", m.precision_weighted);
	put(ev, "recall_weighted", m.recall_weighted);
	put(ev, "f1_weighted", m.f1_weighted);
	pc = json_array();
	conf = json_array();
	for (c = 0; c < k; c++) {
		s = weir_intern_str(&d->labels, order[c], &len);
		json_array_append_new(pc, json_pack("{s:s%, s:f, s:f, s:f, s:f}",
		    "class", s, len, "precision", m.precision[c], "recall",
		    m.recall[c], "f1", m.f1[c], "support", m.support[c]));
		row = json_array();
		for (c2 = 0; c2 < k; c2++)
			json_array_append_new(row, json_integer((json_int_t)
			    m.confusion[c * k + c2]));
		json_array_append_new(conf, row);
	}
	json_object_set_new(ev->j, "per_class", pc);
	json_object_set_new(ev->j, "confusion", conf);
	weir_class_metrics_release(&m);
	if (prob != NULL) {
		put(ev, "log_loss", weir_log_loss(y, prob, d->n, k));
		if (k > 2) {
			put(ev, "roc_auc_ovr_macro", weir_ovr_auc(y, prob, d->n,
			    k, 0));
			put(ev, "roc_auc_ovr_weighted", weir_ovr_auc(y, prob,
			    d->n, k, 1));
		}
	}
	if (k != 2 || (prob == NULL && d->pcol < 0))
		return;
	/* binary: the positive class's score */
	pos = 1;
	if (o->positive != NULL && (want = weir_intern_find(&d->labels,
	    o->positive, strlen(o->positive))) >= 0)
		pos = order[0] == (uint32_t)want ? 0 : 1;
	ppos = weir_xcalloc(d->n + 1, sizeof(*ppos));
	yb = weir_xcalloc(d->n + 1, sizeof(*yb));
	for (i = 0; i < d->n; i++) {
		yb[i] = y[i] == (int)pos;
		ppos[i] = prob != NULL ? prob[i * 2 + pos] : pred[i] == (int)pos ?
		    d->pmax[i] : 1 - d->pmax[i];
	}
	if (prob == NULL) {
		double *p2 = weir_xcalloc(2 * d->n + 1, sizeof(*p2));

		for (i = 0; i < d->n; i++) {
			p2[2 * i + pos] = ppos[i];
			p2[2 * i + 1 - pos] = 1 - ppos[i];
		}
		put(ev, "log_loss", weir_log_loss(y, p2, d->n, 2));
		free(p2);
	}
	put(ev, "roc_auc", weir_roc_auc(yb, ppos, d->n));
	curves(ev, yb, ppos, d->n);
	put(ev, "average_precision", weir_average_precision(yb, ppos, d->n));
	put(ev, "brier", weir_brier(yb, ppos, d->n));
	weir_calibration(yb, ppos, d->n, &cal);
	put(ev, "ece", cal.ece);
	calj = json_array();
	for (i = 0; i < 10; i++)
		json_array_append_new(calj, json_pack("{s:f, s:f, s:f, s:o, s:o}",
		    "from", (double)i / 10, "to", (double)(i + 1) / 10, "count",
		    cal.count[i], "mean_predicted", isfinite(cal.mean_p[i]) ?
		    json_real(cal.mean_p[i]) : json_null(), "observed",
		    isfinite(cal.observed[i]) ? json_real(cal.observed[i]) :
		    json_null()));
	json_object_set_new(ev->j, "calibration", calj);
	free(ppos);
	free(yb);
}

static void
fairness(const struct opts *o, struct data *d, struct eval *ev, const int *y,
    const int *pred, int pos)
{
	struct weir_fairness f;
	json_t *all = json_array(), *one, *gs;
	int *yb = weir_xcalloc(d->n + 1, sizeof(*yb));
	int *pb = weir_xcalloc(d->n + 1, sizeof(*pb));
	size_t *g = weir_xcalloc(d->n + 1, sizeof(*g)), i, k, len;
	char name[96];
	const char *s;

	for (i = 0; i < d->n; i++) {
		yb[i] = y[i] == pos;
		pb[i] = pred[i] == pos;
	}
	for (k = 0; k < o->ngroup; k++) {
		for (i = 0; i < d->n; i++)
			g[i] = d->gid[k][i];
		weir_fairness(&f, yb, pb, g, d->n, d->groups[k].n);
		gs = json_array();
		for (i = 0; i < f.ngroups; i++) {
			const struct weir_group_rates *r = &f.g[i];
			json_t *rate = json_object();

			s = weir_intern_str(&d->groups[k], (uint32_t)i, &len);
			json_object_set_new(rate, "group", json_stringn(s, len));
			json_object_set_new(rate, "size", json_real(r->size));
#define RATE(n, x) json_object_set_new(rate, n, isfinite(x) ? json_real(x) : \
	json_null())
			RATE("selection_rate", r->selection);
			RATE("tpr", r->tpr);
			RATE("fpr", r->fpr);
			RATE("precision", r->precision);
#undef RATE
			json_array_append_new(gs, rate);
		}
		one = json_pack("{s:s, s:o}", "column", o->group[k], "groups", gs);
		json_array_append_new(all, one);
#define FIG(n, x) do { snprintf(name, sizeof(name), "%s[%s]", n, o->group[k]); \
	json_object_set_new(one, n, isfinite(x) ? json_real(x) : json_null()); \
	json_array_append_new(ev->rows, json_pack("[s, o]", name, isfinite(x) ? \
	json_real(x) : json_null())); } while (0)
		FIG("dp_difference", f.dp_difference);
		FIG("dp_ratio", f.dp_ratio);
		FIG("eo_difference", f.eo_difference);
		FIG("eo_ratio", f.eo_ratio);
#undef FIG
		weir_fairness_release(&f);
	}
	json_object_set_new(ev->j, "fairness", all);
	free(yb);
	free(pb);
	free(g);
}

static void
regression(struct data *d, struct eval *ev)
{
	struct weir_reg_metrics m;

	weir_reg_metrics(&m, d->ty, d->py, d->n);
	put(ev, "rmse", m.rmse);
	put(ev, "mae", m.mae);
	put(ev, "r2", m.r2);
	put(ev, "mape", m.mape);
	put(ev, "residual_p5", m.resid_q[0]);
	put(ev, "residual_p25", m.resid_q[1]);
	put(ev, "residual_p50", m.resid_q[2]);
	put(ev, "residual_p75", m.resid_q[3]);
	put(ev, "residual_p95", m.resid_q[4]);
}

/* --fail-on: NAME<X or NAME>X, comma-separated; names as in the output. */
static int
fail_on(const struct opts *o, struct eval *ev, struct weir_err *e)
{
	const char *p = o->fail_on, *end, *op;
	json_t *list = json_array(), *v;
	char name[96], num[64];
	size_t n, i;
	double bound, x;
	int bad;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		op = NULL;
		for (i = 0; i < n && op == NULL; i++)
			if (p[i] == '<' || p[i] == '>')
				op = p + i;
		if (op == NULL || op == p || (size_t)(op - p) >= sizeof(name) ||
		    n - (size_t)(op - p) - 1 >= sizeof(num) ||
		    n - (size_t)(op - p) - 1 == 0) {
			json_decref(list);
			return weir_errf(e, EX_USAGE, "--fail-on %.*s: NAME<X or "
			    "NAME>X", (int)n, p);
		}
		memcpy(name, p, (size_t)(op - p));
		name[op - p] = '\0';
		memcpy(num, op + 1, n - (size_t)(op - p) - 1);
		num[n - (size_t)(op - p) - 1] = '\0';
		if (!weir_num_parse(num, strlen(num), &bound)) {
			json_decref(list);
			return weir_errf(e, EX_USAGE, "--fail-on %.*s: '%s' is not "
			    "a number", (int)n, p, num);
		}
		v = NULL;
		json_array_foreach(ev->rows, i, v)
			if (strcmp(json_string_value(json_array_get(v, 0)),
			    name) == 0)
				break;
		if (i == json_array_size(ev->rows)) {
			json_decref(list);
			return weir_errf(e, EX_USAGE, "--fail-on: no figure '%s' "
			    "in this evaluation", name);
		}
		x = json_number_value(json_array_get(v, 1));
		bad = json_is_number(json_array_get(v, 1)) && (*op == '<' ?
		    x < bound : x > bound);
		ev->failed |= bad;
		json_array_append_new(list, json_pack("{s:s%, s:f, s:b}",
		    "condition", p, n, "value", x, "failed", bad));
		if (bad && !weir_quiet)
			weir_note("%s is %g: %.*s", name, x, (int)n, p);
		p = end != NULL ? end + 1 : NULL;
	}
	json_object_set_new(ev->j, "fail_on", list);
	return 0;
}

static int
table(const struct opts *o, struct eval *ev, struct weir_err *e)
{
	static const char *const cols[] = { "metric", "value" };
	struct audit_table t;
	const char *s;
	json_t *v;
	size_t i;
	int rv = -1;

	if (audit_table_open(&t, &o->cli, WEIR_F_TABLE, cols, 2, e) == -1)
		goto out;
	json_array_foreach(ev->rows, i, v) {
		s = json_string_value(json_array_get(v, 0));
		audit_table_str(&t, s, strlen(s));
		audit_table_num(&t, json_is_number(json_array_get(v, 1)) ?
		    json_number_value(json_array_get(v, 1)) : NAN, 6);
		if (audit_table_put(&t, e) == -1)
			goto out;
	}
	rv = audit_table_finish(&t, e);
out:
	audit_table_close(&t);
	return rv;
}

static int
evaluate(const struct opts *o, const char *path, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source in;
	struct weir_bad bad;
	struct weir_model model;
	struct weir_scorer *sc = NULL;
	const struct weir_header *hdr;
	struct data d;
	struct eval ev = { NULL, NULL, 0 };
	const struct weir_rec *r;
	uint32_t *order = NULL, *rank = NULL;
	int *y = NULL, *pred = NULL, rv, regress;
	double *prob = NULL;
	size_t i, k, c;

	memset(&d, 0, sizeof(d));
	memset(&bad, 0, sizeof(bad));
	memset(&ro, 0, sizeof(ro));
	memset(&in, 0, sizeof(in));
	memset(&model, 0, sizeof(model));
	if (o->model != NULL && weir_model_read(&model, o->model, e) == -1)
		return -1;
	d.numeric = 1;
	d.hn = (size_t)-1;
	ro.fmt = o->cli.from;
	ro.delim = o->cli.delim;
	ro.no_header = o->no_header;
	if (weir_source_open(&in, path, &ro, &bad, o->cli.progress, e) == -1 ||
	    weir_bad_init(&bad, NULL, -1, e) == -1 ||
	    weir_source_fix_header(&in, 1, e) == -1) {
		rv = -1;
		goto out;
	}
	hdr = weir_source_header(&in);
	if (o->model != NULL) {
		/* -m: the records scored here, as weir-predict would */
		struct weir_score_opts so = { "prediction", NULL, 0, 1, 0,
		    NULL };

		if ((sc = weir_scorer_new(&model, &so, hdr,
		    weir_reader_fixed(in.r), weir_reader_in(in.r)->name,
		    e)) == NULL) {
			rv = -1;
			goto out;
		}
		weir_source_transform(&in, &(struct weir_xform){
		    weir_scorer_apply, sc, 0 });
		hdr = weir_scorer_header(sc);
	}
	while ((rv = weir_source_next(&in, &r, e)) == 1)
		if ((rv = record(o, &d, hdr, r, e)) == -1)
			break;
	if (rv == -1)
		goto out;
	if (d.n == 0) {
		rv = weir_errf(e, EX_DATAERR, "%s: no scored records", path);
		goto out;
	}
	regress = o->task == 2 || (o->task == 0 && d.pcol < 0 &&
	    d.npcols == 0 && d.numeric);
	ev.j = json_object();
	ev.rows = json_array();
	json_object_set_new(ev.j, "format", json_string("weir-model-eval"));
	json_object_set_new(ev.j, "version", json_integer(1));
	json_object_set_new(ev.j, "task", json_string(regress ?
	    "regression" : "classification"));
	json_object_set_new(ev.j, "records", json_integer((json_int_t)d.n));
	if (regress) {
		if (!d.numeric) {
			rv = weir_errf(e, EX_DATAERR, "--task regression: the "
			    "truth and predictions are not all numbers");
			goto out;
		}
		regression(&d, &ev);
	} else {
		k = d.labels.n;
		order = weir_xcalloc(k + 1, sizeof(*order));
		rank = weir_xcalloc(k + 1, sizeof(*rank));
		for (c = 0; c < k; c++)
			order[c] = (uint32_t)c;
		sort_labels = &d.labels;
		qsort(order, k, sizeof(*order), by_label);
		for (c = 0; c < k; c++)
			rank[order[c]] = (uint32_t)c;
		y = weir_xcalloc(d.n + 1, sizeof(*y));
		pred = weir_xcalloc(d.n + 1, sizeof(*pred));
		for (i = 0; i < d.n; i++) {
			y[i] = (int)rank[d.truth[i]];
			pred[i] = (int)rank[d.pred[i]];
		}
		json_object_set_new(ev.j, "classes", json_array());
		for (c = 0; c < k; c++) {
			size_t len;
			const char *s = weir_intern_str(&d.labels, order[c], &len);

			json_array_append_new(json_object_get(ev.j, "classes"),
			    json_stringn(s, len));
		}
		if (o->positive != NULL && weir_intern_find(&d.labels,
		    o->positive, strlen(o->positive)) < 0) {
			rv = weir_errf(e, EX_USAGE, "--positive %s: no such class "
			    "in the truth or predictions", o->positive);
			goto out;
		}
		prob = class_probs(&d, hdr, order, k);
		classification(o, &d, &ev, prob, k, order, y, pred);
		if (o->ngroup > 0) {
			int pos = k == 2 ? 1 : -1;
			long want;

			if (o->positive != NULL && (want = weir_intern_find(
			    &d.labels, o->positive, strlen(o->positive))) >= 0)
				pos = (int)rank[want];
			if (pos < 0) {
				rv = weir_errf(e, EX_USAGE, "--group with %zu "
				    "classes needs --positive", k);
				goto out;
			}
			fairness(o, &d, &ev, y, pred, pos);
		}
	}
	if ((rv = fail_on(o, &ev, e)) == -1)
		goto out;
	if (o->cli.to == WEIR_F_JSON)
		rv = weir_json_save(ev.j, o->cli.output, e);
	else
		rv = table(o, &ev, e);
	if (rv == 0 && o->json != NULL)
		rv = weir_json_save(ev.j, o->json, e);
	if (rv == 0)
		rv = ev.failed;
out:
	weir_bad_abort(&bad);
	weir_source_release(&in);
	weir_scorer_free(sc);
	if (o->model != NULL)
		weir_model_release(&model);
	json_decref(ev.j);
	json_decref(ev.rows);
	free(order);
	free(rank);
	free(y);
	free(pred);
	free(prob);
	weir_intern_release(&d.labels);
	free(d.truth);
	free(d.pred);
	free(d.ty);
	free(d.py);
	free(d.pmax);
	free(d.pcols);
	free(d.prob);
	for (i = 0; i < MAXGROUPS; i++) {
		weir_intern_release(&d.groups[i]);
		free(d.gid[i]);
	}
	return rv;
}

/* -m without --truth: the model's target. */
static char target[256];

static int
truth_of(struct opts *o, struct weir_err *e)
{
	struct weir_model m;

	if (weir_model_read(&m, o->model, e) == -1)
		return -1;
	snprintf(target, sizeof(target), "%s", m.target);
	weir_model_release(&m);
	o->truth = target;
	return 0;
}

void
audit_model(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "model",	required_argument,	NULL,	'm' },
		{ "truth",	required_argument,	NULL,	OPT_TRUTH },
		{ "prediction",	required_argument,	NULL,	OPT_PREDICTION },
		{ "positive",	required_argument,	NULL,	OPT_POSITIVE },
		{ "group",	required_argument,	NULL,	OPT_GROUP },
		{ "task",	required_argument,	NULL,	OPT_TASK },
		{ "fail-on",	required_argument,	NULL,	OPT_FAIL_ON },
		{ "json",	required_argument,	NULL,	OPT_JSON },
		{ "no-header",	no_argument,		NULL,	OPT_NO_HEADER },
		{ NULL,		0,			NULL,	0 }
	};
	static const char *const tasks[] = { "classification", "regression" };
	struct opts o;
	struct weir_err e;
	int ch, rv;

	memset(&o, 0, sizeof(o));
	o.cli = (struct weir_cli)WEIR_CLI_INIT;
	o.prediction = "prediction";
	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS "m:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm': o.model = optarg; break;
		case OPT_TRUTH: o.truth = optarg; break;
		case OPT_PREDICTION: o.prediction = optarg; break;
		case OPT_POSITIVE: o.positive = optarg; break;
		case OPT_FAIL_ON: o.fail_on = optarg; break;
		case OPT_JSON: o.json = optarg; break;
		case OPT_NO_HEADER: o.no_header = 1; break;
		case OPT_GROUP:
			if (o.ngroup == MAXGROUPS) {
				weir_note("--group: %d at most", MAXGROUPS);
				usage(EX_USAGE);
			}
			o.group[o.ngroup++] = optarg;
			break;
		case OPT_TASK:
			if ((rv = weir_cli_choice("--task", optarg, tasks, 2)) < 0)
				usage(EX_USAGE);
			o.task = rv + 1;
			break;
		default:
			if (weir_cli_option(&o.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (o.cli.help)
		usage(0);
	if (o.truth == NULL && o.model == NULL) {
		weir_note("--truth names the column of true values");
		usage(EX_USAGE);
	}
	if (argc - optind > 1) {
		weir_note("one input");
		usage(EX_USAGE);
	}
	if (o.cli.to == WEIR_F_AUTO)
		o.cli.to = WEIR_F_TABLE;
	if (o.model != NULL && o.truth == NULL && truth_of(&o, &e) == -1)
		weir_die_err(&e);
	rv = evaluate(&o, optind < argc ? argv[optind] : "-", &e);
	if (rv == -1)
		weir_die_err(&e);
	weir_exit_flush(rv);
}
