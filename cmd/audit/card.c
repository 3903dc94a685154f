/* weir audit card: a model card (Mitchell et al. 2019) from what is known. */
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
#include "lineage_read.h"
#include "mem.h"

enum { OPT_EVAL = WEIR_OPT_LOCAL, OPT_PROFILE, OPT_META, OPT_LOG };

static const char synopsis[] =
    "usage: weir-audit card [-hq] -m model.json [--eval eval.json]\n"
    "                       [--profile profile.json] [--meta meta.json] [--log log]\n"
    "                       [-t markdown|html] [-o file]\n";

static const char help[] =
    "\nWrite a model card (Mitchell et al., \"Model Cards for Model Reporting\",\n"
    "2019) from the model file, its evaluation (weir audit model --json), the\n"
    "profile of its training data and a small JSON of what only people know\n"
    "(intended use, out-of-scope uses, ethical considerations, caveats): what\n"
    "is not given says \"Not provided.\", nothing is invented.\n\n"
    "  -m, --model FILE       the model (weir train -o)\n"
    "      --eval FILE        weir audit model --json FILE\n"
    "      --profile FILE     weir audit profile of the training data\n"
    "      --meta FILE        {\"intended_use\": ..., \"out_of_scope\": ...,\n"
    "                         \"ethical_considerations\": ..., \"caveats\": ...,\n"
    "                         \"owners\": ..., \"factors\": ...}\n"
    "      --log FILE         the lineage log: how the model was made\n"
    "  -t, --to FORMAT        markdown (default) or html\n"
    "  -o, --output FILE      write FILE atomically\n"
    "  -q, --quiet            no warnings\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Example:\n"
    "  weir audit card -m churn.model.json --eval eval.json --profile train.profile.json \\\n"
    "    --meta card-meta.json -t html -o card.html\n\n"
    "See weir-audit(1) and, for the meta file, weir-formats(5).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " card");
}

static const char *
str(const json_t *o, const char *k)
{
	const json_t *j = json_object_get(o, k);

	return json_is_string(j) ? json_string_value(j) : NULL;
}

/* A value of any JSON type as short text. */
static const char *
text(const json_t *j, char *buf, size_t size)
{
	char *s;

	if (j == NULL || json_is_null(j))
		return "";
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_real(j))
		snprintf(buf, size, "%.6g", json_real_value(j));
	else if ((s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL) {
		snprintf(buf, size, "%s", s);
		free(s);
	} else
		buf[0] = '\0';
	return buf;
}

static void
said(struct doc *d, const json_t *meta, const char *key)
{
	const char *s = str(meta, key);

	doc_p(d, "%s", s != NULL ? s : "Not provided.");
}

/* Rows of key, value from an object's scalar members. */
static void
pairs(struct doc *d, const json_t *o, const char *kh, const char *vh)
{
	static const char *head[2];
	const char **cells;
	char (*buf)[96];
	const char *k;
	json_t *v;
	size_t n = 0;

	head[0] = kh;
	head[1] = vh;
	cells = weir_xcalloc(2 * json_object_size(o) + 2, sizeof(*cells));
	buf = weir_xcalloc(json_object_size(o) + 1, sizeof(*buf));
	json_object_foreach((json_t *)o, k, v) {
		if (json_is_object(v) || (json_is_array(v) &&
		    json_array_size(v) > 8))
			continue;
		cells[2 * n] = k;
		cells[2 * n + 1] = text(v, buf[n], sizeof(buf[n]));
		n++;
	}
	if (n > 0)
		doc_table(d, head, 2, cells, n);
	free(cells);
	free(buf);
}

static void
details(struct doc *d, const json_t *m, const char *path)
{
	const json_t *tr = json_object_get(m, "training"), *in, *f, *fs;
	const json_t *opts = json_object_get(tr, "options");
	char buf[128];
	size_t i;
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
	    path;

	doc_h(d, 2, "Model details");
	doc_p(d, "File %s: a %s model (%s) predicting '%s', weir model format "
	    "version %lld.", base, str(opts, "model") != NULL ? str(opts,
	    "model") : "weir", str(m, "task") != NULL ? str(m, "task") : "?",
	    str(m, "target") != NULL ? str(m, "target") : "?",
	    (long long)json_integer_value(json_object_get(m, "version")));
	if (json_is_array(json_object_get(m, "classes")))
		doc_p(d, "Classes: %s.", text(json_object_get(m, "classes"), buf,
		    sizeof(buf)));
	fs = json_object_get(m, "features");
	if (json_is_array(fs)) {
		struct weir_buf b = WEIR_BUF_INIT;

		json_array_foreach(fs, i, f)
			weir_buf_addf(&b, "%s%s (%s)", i ? ", " : "", str(f,
			    "name") ? str(f, "name") : "?", str(f, "kind") ?
			    str(f, "kind") : "?");
		doc_p(d, "Features (%zu): %s.", json_array_size(fs), b.p);
		weir_buf_release(&b);
	}
	if (opts != NULL) {
		doc_h(d, 3, "Training options");
		pairs(d, opts, "option", "value");
	}
	json_array_foreach(json_object_get(tr, "inputs"), i, in)
		doc_p(d, "Trained on %lld records of %lld bytes with SHA-256 %s.",
		    (long long)json_integer_value(json_object_get(in,
		    "records")), (long long)json_integer_value(
		    json_object_get(in, "bytes")), str(in, "sha256") ? str(in,
		    "sha256") : "?");
}

static void
metrics(struct doc *d, const json_t *m, const json_t *ev)
{
	const json_t *mm = json_object_get(m, "metrics"), *v;
	const char *k;

	doc_h(d, 2, "Metrics");
	json_object_foreach((json_t *)mm, k, v) {
		char title[64];

		snprintf(title, sizeof(title), "From training (%s)", k);
		doc_h(d, 3, title);
		pairs(d, v, "metric", "value");
	}
	doc_h(d, 2, "Evaluation data");
	if (ev == NULL) {
		doc_p(d, "Not provided (weir audit model --json gives it).");
		return;
	}
	doc_p(d, "%lld scored records, task %s.", (long long)
	    json_integer_value(json_object_get(ev, "records")), str(ev,
	    "task") ? str(ev, "task") : "?");
	doc_h(d, 3, "Figures");
	pairs(d, ev, "metric", "value");
}

static void
factors(struct doc *d, const json_t *ev, const json_t *meta)
{
	const json_t *fair = json_object_get(ev, "fairness"), *f, *g;
	static const char *const head[] = { "column", "group", "size",
	    "selection rate", "TPR", "FPR", "precision" };
	const char **cells;
	char (*buf)[5][32];
	size_t i, j, n = 0, rows = 0;

	doc_h(d, 2, "Factors");
	if (str(meta, "factors") != NULL)
		doc_p(d, "%s", str(meta, "factors"));
	if (!json_is_array(fair) || json_array_size(fair) == 0) {
		if (str(meta, "factors") == NULL)
			doc_p(d, "Not provided (weir audit model --group).");
		return;
	}
	json_array_foreach(fair, i, f)
		rows += json_array_size(json_object_get(f, "groups"));
	cells = weir_xcalloc(7 * rows + 1, sizeof(*cells));
	buf = weir_xcalloc(rows + 1, sizeof(*buf));
	json_array_foreach(fair, i, f) {
		json_array_foreach(json_object_get(f, "groups"), j, g) {
			cells[7 * n] = str(f, "column");
			cells[7 * n + 1] = str(g, "group");
			cells[7 * n + 2] = text(json_object_get(g, "size"),
			    buf[n][0], 32);
			cells[7 * n + 3] = text(json_object_get(g,
			    "selection_rate"), buf[n][1], 32);
			cells[7 * n + 4] = text(json_object_get(g, "tpr"),
			    buf[n][2], 32);
			cells[7 * n + 5] = text(json_object_get(g, "fpr"),
			    buf[n][3], 32);
			cells[7 * n + 6] = text(json_object_get(g, "precision"),
			    buf[n][4], 32);
			n++;
		}
		doc_p(d, "Across %s: demographic parity difference %.4g, ratio "
		    "%.4g; equalized odds difference %.4g, ratio %.4g "
		    "(Fairlearn's definitions).", str(f, "column"),
		    json_number_value(json_object_get(f, "dp_difference")),
		    json_number_value(json_object_get(f, "dp_ratio")),
		    json_number_value(json_object_get(f, "eo_difference")),
		    json_number_value(json_object_get(f, "eo_ratio")));
	}
	doc_table(d, head, 7, cells, n);
	free(cells);
	free(buf);
}

static void
training_data(struct doc *d, const json_t *prof)
{
	static const char *const head[] = { "column", "type", "count",
	    "missing", "distinct" };
	const json_t *c;
	const char **cells;
	char (*buf)[3][32];
	size_t i, n;

	doc_h(d, 2, "Training data");
	if (prof == NULL) {
		doc_p(d, "Not provided (weir audit profile gives it).");
		return;
	}
	n = json_array_size(json_object_get(prof, "columns"));
	doc_p(d, "%lld records, %zu columns.", (long long)json_integer_value(
	    json_object_get(prof, "records")), n);
	cells = weir_xcalloc(5 * n + 1, sizeof(*cells));
	buf = weir_xcalloc(n + 1, sizeof(*buf));
	json_array_foreach(json_object_get(prof, "columns"), i, c) {
		cells[5 * i] = str(c, "name");
		cells[5 * i + 1] = str(c, "type");
		cells[5 * i + 2] = text(json_object_get(c, "count"), buf[i][0],
		    32);
		cells[5 * i + 3] = text(json_object_get(c, "missing"), buf[i][1],
		    32);
		cells[5 * i + 4] = text(json_object_get(c, "distinct"),
		    buf[i][2], 32);
	}
	doc_table(d, head, 5, cells, n);
	free(cells);
	free(buf);
}

/* --log: the steps that made the model, back to the raw files. */
static void
lineage(struct doc *d, const char *path, const char *model)
{
	struct weir_lineage_log log;
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	size_t si, oi;
	int state;

	doc_h(d, 2, "Lineage");
	if (weir_lineage_load(&log, path, &e) == -1)
		weir_die_err(&e);
	weir_lineage_link(&log);
	if (weir_lineage_find(&log, path, model, &si, &oi, &state, &e) == -1)
		doc_p(d, "The log %s does not say how %s was made.", path, model);
	else {
		if (state == WEIR_LINEAGE_CHANGED)
			doc_p(d, "The model file is not what the log says was "
			    "written: the trace is of what was written.");
		weir_lineage_trace(&log, si, oi, model, WEIR_LINEAGE_TREE, &b);
		doc_p(d, "From the lineage log %s:", path);
		doc_pre(d, b.p, b.len);
	}
	weir_buf_release(&b);
	weir_lineage_log_release(&log);
}

static json_t *
load(const char *path, const char *format, struct weir_err *e)
{
	json_t *j;
	const char *f;

	if (path == NULL)
		return NULL;
	if ((j = weir_json_load(path, e)) == NULL)
		weir_die_err(e);
	f = str(j, "format");
	if (format != NULL && (f == NULL || strcmp(f, format) != 0)) {
		json_decref(j);
		weir_errf(e, EX_DATAERR, "%s: not a %s file", path, format);
		weir_die_err(e);
	}
	if (format == NULL && !json_is_object(j)) {
		json_decref(j);
		weir_errf(e, EX_DATAERR, "%s: the meta file is a JSON object",
		    path);
		weir_die_err(e);
	}
	return j;
}

void
audit_card(int argc, char *argv[])
{
	static const struct option longopts[] = {
		AUDIT_LONGOPTS,
		{ "model",	required_argument,	NULL,	'm' },
		{ "output",	required_argument,	NULL,	'o' },
		{ "to",		required_argument,	NULL,	't' },
		{ "eval",	required_argument,	NULL,	OPT_EVAL },
		{ "profile",	required_argument,	NULL,	OPT_PROFILE },
		{ "meta",	required_argument,	NULL,	OPT_META },
		{ "log",	required_argument,	NULL,	OPT_LOG },
		{ NULL,		0,			NULL,	0 }
	};
	static const char *const fmts[] = { "markdown", "html" };
	struct weir_cli cli = WEIR_CLI_INIT;
	const char *model = NULL, *evalp = NULL, *profp = NULL, *metap = NULL;
	const char *logp = NULL;
	json_t *m, *ev, *prof, *meta;
	struct weir_err e;
	struct doc d;
	int ch, html = 0;
	char title[256];

	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, "hm:o:qt:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'm': model = optarg; break;
		case 't':
			if ((html = weir_cli_choice("-t", optarg, fmts, 2)) < 0)
				usage(EX_USAGE);
			break;
		case OPT_EVAL: evalp = optarg; break;
		case OPT_PROFILE: profp = optarg; break;
		case OPT_META: metap = optarg; break;
		case OPT_LOG: logp = optarg; break;
		default:
			if (weir_cli_option(&cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (cli.help)
		usage(0);
	if (model == NULL || optind < argc) {
		weir_note("-m model.json is needed, and no operand");
		usage(EX_USAGE);
	}
	m = load(model, "weir-model", &e);
	ev = load(evalp, "weir-model-eval", &e);
	prof = load(profp, "weir-profile", &e);
	meta = load(metap, NULL, &e);
	snprintf(title, sizeof(title), "Model card: %s", str(meta, "name") ?
	    str(meta, "name") : strrchr(model, '/') != NULL ? strrchr(model,
	    '/') + 1 : model);
	doc_begin(&d, html, title);
	details(&d, m, model);
	if (str(meta, "owners") != NULL)
		doc_p(&d, "Owners: %s.", str(meta, "owners"));
	doc_h(&d, 2, "Intended use");
	said(&d, meta, "intended_use");
	doc_h(&d, 3, "Out-of-scope uses");
	said(&d, meta, "out_of_scope");
	factors(&d, ev, meta);
	metrics(&d, m, ev);
	training_data(&d, prof);
	doc_h(&d, 2, "Ethical considerations");
	said(&d, meta, "ethical_considerations");
	doc_h(&d, 2, "Caveats and recommendations");
	said(&d, meta, "caveats");
	if (logp != NULL)
		lineage(&d, logp, model);
	doc_end(&d);
	if (doc_write(&d, cli.output, &e) == -1)
		weir_die_err(&e);
	doc_release(&d);
	json_decref(m);
	json_decref(ev);
	json_decref(prof);
	json_decref(meta);
	weir_exit_flush(0);
}
