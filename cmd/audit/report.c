/* weir audit report: one self-contained HTML page of what the audit found. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "doc.h"
#include "err.h"
#include "io.h"
#include "jsonfile.h"
#include "mem.h"

enum { OPT_PROFILE = WEIR_OPT_LOCAL, OPT_CHECK, OPT_DRIFT, OPT_MODEL,
	OPT_TITLE };

static const char synopsis[] =
    "usage: weir-audit report [-hq] [-o file] [--title text] [--profile file]\n"
    "                         [--check file] [--drift file] [--model file]\n";

static const char help[] =
    "\nWrite one HTML page, self-contained (inline CSS and SVG, no script, no\n"
    "network: readable offline, printable), from any of: a profile (missing\n"
    "shares, a histogram per column), check results, drift results (per\n"
    "column), a model evaluation (ROC and precision-recall curves,\n"
    "calibration, confusion matrix, selection rate per group).\n\n"
    "      --profile FILE     weir audit profile -o FILE\n"
    "      --check FILE       weir audit check --results FILE\n"
    "      --drift FILE       weir audit drift --json FILE\n"
    "      --model FILE       weir audit model --json FILE\n"
    "      --title TEXT       the page's title\n"
    "  -o, --output FILE      write FILE atomically (default: standard output)\n"
    "  -q, --quiet            no warnings\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Example:\n"
    "  weir audit report --profile p.json --check c.json --model eval.json -o report.html\n\n"
    "See weir-audit(1).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " report");
}

static const char *
str(const json_t *o, const char *k)
{
	const json_t *j = json_object_get(o, k);

	return json_is_string(j) ? json_string_value(j) : "";
}

static double
num(const json_t *j)
{
	return json_is_number(j) ? json_number_value(j) : NAN;
}

static json_t *
load(const char *path, const char *format, struct weir_err *e)
{
	json_t *j;

	if (path == NULL)
		return NULL;
	if ((j = weir_json_load(path, e)) == NULL)
		weir_die_err(e);
	if (strcmp(str(j, "format"), format) != 0) {
		json_decref(j);
		weir_errf(e, EX_DATAERR, "%s: not a %s file", path, format);
		weir_die_err(e);
	}
	return j;
}

static void
profile(struct doc *d, const json_t *p)
{
	const json_t *cols = json_object_get(p, "columns"), *c, *h, *x;
	size_t n = json_array_size(cols), i, k, nb;
	const char **names = weir_xcalloc(n + 1, sizeof(*names));
	const char **labels;
	double *miss = weir_xcalloc(n + 1, sizeof(*miss)), *counts, rec;
	char (*lab)[32], title[160];

	doc_h(d, 2, "Data profile");
	rec = num(json_object_get(p, "records"));
	doc_p(d, "%.0f records, %zu columns.", rec, n);
	json_array_foreach(cols, i, c) {
		names[i] = str(c, "name");
		miss[i] = rec > 0 ? num(json_object_get(c, "missing")) / rec : 0;
	}
	doc_bars(d, "Share of missing values per column", names, miss, NULL, n,
	    NULL, NULL);
	json_array_foreach(cols, i, c) {
		h = json_object_get(c, "histogram");
		nb = json_array_size(json_object_get(h, "counts"));
		if (nb == 0)
			continue;
		labels = weir_xcalloc(nb + 1, sizeof(*labels));
		lab = weir_xcalloc(nb + 1, sizeof(*lab));
		counts = weir_xcalloc(nb + 1, sizeof(*counts));
		for (k = 0; k < nb; k++) {
			counts[k] = num(json_array_get(json_object_get(h,
			    "counts"), k));
			if ((x = json_array_get(json_object_get(h, "edges"),
			    k)) != NULL)
				snprintf(lab[k], sizeof(lab[k]), "%.4g", num(x));
			else
				snprintf(lab[k], sizeof(lab[k]), "%.30s",
				    json_string_value(json_array_get(
				    json_object_get(h, "values"), k)));
			labels[k] = lab[k];
		}
		snprintf(title, sizeof(title), "%.60s (%s): %s", names[i],
		    str(c, "type"), json_object_get(h, "edges") != NULL ?
		    "values from each edge shown" : "most frequent values");
		doc_bars(d, title, labels, counts, NULL, nb, NULL, NULL);
		free(labels);
		free(lab);
		free(counts);
	}
	free(names);
	free(miss);
}

static void
check(struct doc *d, const json_t *c)
{
	static const char *const head[] = { "status", "severity", "rule",
	    "observed" };
	const json_t *res = json_object_get(c, "results"), *r;
	size_t n = json_array_size(res), i;
	const char **cells = weir_xcalloc(4 * n + 1, sizeof(*cells));

	doc_h(d, 2, "Rules");
	doc_p(d, "%.0f records: %.0f rules of severity error failed, %.0f "
	    "warnings.", num(json_object_get(c, "records")),
	    num(json_object_get(c, "errors")), num(json_object_get(c,
	    "warnings")));
	json_array_foreach(res, i, r) {
		cells[4 * i] = str(r, "status");
		cells[4 * i + 1] = str(r, "severity");
		cells[4 * i + 2] = str(r, "rule");
		cells[4 * i + 3] = str(r, "says");
	}
	doc_table(d, head, 4, cells, n);
	free(cells);
}

/* A column's reference and current shares, side by side. */
static void
distributions(struct doc *d, const json_t *c)
{
	const json_t *b = json_object_get(c, "bins");
	const json_t *ref = json_object_get(b, "reference");
	const json_t *cur = json_object_get(b, "current");
	size_t n = json_array_size(json_object_get(b, "labels")), i;
	const char **labels = weir_xcalloc(n + 1, sizeof(*labels));
	double *x = weir_xcalloc(n + 1, sizeof(*x));
	double *y = weir_xcalloc(n + 1, sizeof(*y)), sx = 0, sy = 0;
	char title[160];

	for (i = 0; i < n; i++) {
		labels[i] = json_string_value(json_array_get(json_object_get(b,
		    "labels"), i));
		sx += x[i] = num(json_array_get(ref, i));
		sy += y[i] = num(json_array_get(cur, i));
	}
	for (i = 0; i < n; i++) {
		x[i] = sx > 0 ? x[i] / sx : 0;
		y[i] = sy > 0 ? y[i] / sy : 0;
	}
	snprintf(title, sizeof(title), "%.60s: share of values, reference and "
	    "current%s", str(c, "column"), json_is_true(json_object_get(c,
	    "drift")) ? " (drifted)" : "");
	doc_bars(d, title, labels, x, y, n, "reference", "current");
	free(labels);
	free(x);
	free(y);
}

static void
drift(struct doc *d, const json_t *j)
{
	static const char *const head[] = { "column", "kind", "drift", "PSI",
	    "KS", "JS", "why" };
	const json_t *cols = json_object_get(j, "columns"), *c;
	size_t n = json_array_size(cols), i;
	const char **cells = weir_xcalloc(7 * n + 1, sizeof(*cells));
	const char **names = weir_xcalloc(n + 1, sizeof(*names));
	double *psi = weir_xcalloc(n + 1, sizeof(*psi));
	char (*buf)[3][24] = weir_xcalloc(n + 1, sizeof(*buf));

	doc_h(d, 2, "Drift");
	doc_p(d, "%.0f of %zu columns drifted past their thresholds (PSI %.3g, "
	    "KS %.3g, JS %.3g).", num(json_object_get(j, "drifted")), n,
	    num(json_object_get(json_object_get(j, "thresholds"), "psi")),
	    num(json_object_get(json_object_get(j, "thresholds"), "ks")),
	    num(json_object_get(json_object_get(j, "thresholds"), "js")));
	json_array_foreach(cols, i, c) {
		names[i] = str(c, "column");
		psi[i] = num(json_object_get(c, "psi"));
		cells[7 * i] = names[i];
		cells[7 * i + 1] = str(c, "kind");
		cells[7 * i + 2] = json_is_true(json_object_get(c, "drift")) ?
		    "yes" : "no";
		snprintf(buf[i][0], 24, "%.4g", psi[i]);
		snprintf(buf[i][1], 24, "%.4g", num(json_object_get(c, "ks")));
		snprintf(buf[i][2], 24, "%.4g", num(json_object_get(c, "js")));
		cells[7 * i + 3] = buf[i][0];
		cells[7 * i + 4] = buf[i][1];
		cells[7 * i + 5] = buf[i][2];
		cells[7 * i + 6] = str(c, "why");
	}
	doc_bars(d, "Population stability index per column", names, psi, NULL,
	    n, NULL, NULL);
	doc_table(d, head, 7, cells, n);
	json_array_foreach(cols, i, c)
		distributions(d, c);
	free(cells);
	free(names);
	free(psi);
	free(buf);
}

static double *
numbers(const json_t *a, size_t *n)
{
	double *v;
	size_t i;

	*n = json_array_size(a);
	v = weir_xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++)
		v[i] = num(json_array_get(a, i));
	return v;
}

static void
model(struct doc *d, const json_t *m)
{
	static const char *const head[] = { "metric", "value" };
	const json_t *cv = json_object_get(m, "curves"), *cal, *b, *f, *g, *row;
	const char *k, **cells, **labels;
	double *x, *y, *z, *mat;
	size_t n, i, j, kk, rows = 0;
	char (*buf)[24], title[128];
	json_t *v;

	doc_h(d, 2, "Model evaluation");
	doc_p(d, "%.0f scored records, task %s.", num(json_object_get(m,
	    "records")), str(m, "task"));
	cells = weir_xcalloc(2 * json_object_size(m) + 1, sizeof(*cells));
	buf = weir_xcalloc(json_object_size(m) + 1, sizeof(*buf));
	json_object_foreach((json_t *)m, k, v)
		if (json_is_number(v) && strcmp(k, "version") != 0) {
			cells[2 * rows] = k;
			snprintf(buf[rows], 24, "%.6g", num(v));
			cells[2 * rows + 1] = buf[rows];
			rows++;
		}
	doc_table(d, head, 2, cells, rows);
	free(cells);
	free(buf);
	if (cv != NULL) {
		x = numbers(json_object_get(cv, "fpr"), &n);
		y = numbers(json_object_get(cv, "tpr"), &n);
		doc_curve(d, "ROC curve", "false positive rate",
		    "true positive rate", x, y, n, 1);
		z = numbers(json_object_get(cv, "precision"), &n);
		doc_curve(d, "Precision-recall curve", "recall", "precision", y,
		    z, n, 0);
		free(x);
		free(y);
		free(z);
	}
	if ((cal = json_object_get(m, "calibration")) != NULL) {
		n = json_array_size(cal);
		x = weir_xcalloc(n + 1, sizeof(*x));
		y = weir_xcalloc(n + 1, sizeof(*y));
		j = 0;
		json_array_foreach(cal, i, b)
			if (isfinite(num(json_object_get(b, "mean_predicted")))) {
				x[j] = num(json_object_get(b, "mean_predicted"));
				y[j++] = num(json_object_get(b, "observed"));
			}
		doc_curve(d, "Calibration", "mean predicted probability",
		    "observed frequency", x, y, j, 1);
		free(x);
		free(y);
	}
	if ((row = json_object_get(m, "confusion")) != NULL) {
		kk = json_array_size(row);
		mat = weir_xcalloc(kk * kk + 1, sizeof(*mat));
		labels = weir_xcalloc(kk + 1, sizeof(*labels));
		for (i = 0; i < kk; i++) {
			labels[i] = json_string_value(json_array_get(
			    json_object_get(m, "classes"), i));
			for (j = 0; j < kk; j++)
				mat[i * kk + j] = num(json_array_get(
				    json_array_get(row, i), j));
		}
		doc_heat(d, "Confusion matrix", labels, mat, kk);
		free(mat);
		free(labels);
	}
	json_array_foreach(json_object_get(m, "fairness"), i, f) {
		n = json_array_size(json_object_get(f, "groups"));
		labels = weir_xcalloc(n + 1, sizeof(*labels));
		x = weir_xcalloc(n + 1, sizeof(*x));
		y = weir_xcalloc(n + 1, sizeof(*y));
		json_array_foreach(json_object_get(f, "groups"), j, g) {
			labels[j] = str(g, "group");
			x[j] = num(json_object_get(g, "selection_rate"));
			y[j] = num(json_object_get(g, "tpr"));
		}
		snprintf(title, sizeof(title), "Selection rate and true positive "
		    "rate by %.60s", str(f, "column"));
		doc_bars(d, title, labels, x, y, n, "selection rate",
		    "true positive rate");
		doc_p(d, "Across %s: demographic parity ratio %.4g, equalized "
		    "odds difference %.4g.", str(f, "column"),
		    num(json_object_get(f, "dp_ratio")),
		    num(json_object_get(f, "eo_difference")));
		free(labels);
		free(x);
		free(y);
	}
}

void
audit_report(int argc, char *argv[])
{
	static const struct option longopts[] = {
		AUDIT_LONGOPTS,
		{ "output",	required_argument,	NULL,	'o' },
		{ "profile",	required_argument,	NULL,	OPT_PROFILE },
		{ "check",	required_argument,	NULL,	OPT_CHECK },
		{ "drift",	required_argument,	NULL,	OPT_DRIFT },
		{ "model",	required_argument,	NULL,	OPT_MODEL },
		{ "title",	required_argument,	NULL,	OPT_TITLE },
		{ NULL,		0,			NULL,	0 }
	};
	struct weir_cli cli = WEIR_CLI_INIT;
	const char *path[4] = { NULL, NULL, NULL, NULL };
	const char *title = "Audit report";
	json_t *j[4];
	struct weir_err e;
	struct doc d;
	int ch, i;

	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, "ho:q", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_PROFILE: path[0] = optarg; break;
		case OPT_CHECK: path[1] = optarg; break;
		case OPT_DRIFT: path[2] = optarg; break;
		case OPT_MODEL: path[3] = optarg; break;
		case OPT_TITLE: title = optarg; break;
		default:
			if (weir_cli_option(&cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (cli.help)
		usage(0);
	if (optind < argc || (path[0] == NULL && path[1] == NULL &&
	    path[2] == NULL && path[3] == NULL)) {
		weir_note("give --profile, --check, --drift or --model, and no "
		    "operand");
		usage(EX_USAGE);
	}
	j[0] = load(path[0], "weir-profile", &e);
	j[1] = load(path[1], "weir-check", &e);
	j[2] = load(path[2], "weir-drift", &e);
	j[3] = load(path[3], "weir-model-eval", &e);
	doc_begin(&d, 1, title);
	if (j[0] != NULL)
		profile(&d, j[0]);
	if (j[1] != NULL)
		check(&d, j[1]);
	if (j[2] != NULL)
		drift(&d, j[2]);
	if (j[3] != NULL)
		model(&d, j[3]);
	doc_end(&d);
	if (doc_write(&d, cli.output, &e) == -1)
		weir_die_err(&e);
	doc_release(&d);
	for (i = 0; i < 4; i++)
		json_decref(j[i]);
	weir_exit_flush(0);
}
