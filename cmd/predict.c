/* weir-predict: apply a model to a record stream. */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "lineage.h"
#include "learn/model.h"
#include "learn/score.h"
#include "mem.h"
#include "sink.h"
#include "source.h"
#include "stream.h"

enum {
	OPT_KEEP = WEIR_OPT_LOCAL,
	OPT_LENIENT,
	OPT_NAME,
	OPT_ONLY,
	OPT_PROBS,
	OPT_STRICT
};

struct pred {
	struct weir_cli		 cli;
	const char		*model;
	struct weir_score_opts	 so;
	int			 strict;
};

static const char synopsis[] =
    "usage: weir-predict [-hqvz] [-d delim] [-f format] [-o file] [-t format] -m model\n"
    "                    [--keep list] [--lenient] [--name name] [--only-prediction]\n"
    "                    [--probabilities] [--strict] [--bad-rows file] [--max-bad n]\n"
    "                    [file]\n";

static const char options_help[] =
    "\nApply a model made by weir-train to a record stream: each record comes out\n"
    "with a prediction (and, for classes, the probability of the class predicted).\n\n"
    "  -m, --model FILE       the model (JSON from weir-train; required); '-' reads it\n"
    "                         from stdin, when the records come from a file\n"
    "      --name NAME        name of the prediction column (default 'prediction')\n"
    "      --probabilities    also one p_CLASS column per class\n"
    "      --only-prediction  write only the prediction columns ...\n"
    "      --keep LIST        ... and these input columns before them\n"
    "      --lenient          a non-number in a numeric feature is a missing value\n"
    "      --strict           a feature that no JSON record has is an error, not a\n"
    "                         warning (it would be imputed for every record)\n"
    "  -d, --delimiter C      CSV input delimiter, one character or 'tab'\n"
    "                         (default: detected among , ; tab |)\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json (default: detected)\n"
    "  -t, --to FORMAT        output format (default: as the input)\n"
    "  -o, --output FILE      write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip             gzip the output\n"
    "      --out-delimiter C  CSV output delimiter (default ',')\n"
    "      --bad-rows FILE    write bad records to FILE and go on\n"
    "      --max-bad N        stop after more than N bad records\n"
    "      --progress         show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet            no warnings, no progress\n"
    "  -v, --verbose          say what was detected (the CSV delimiter)\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir predict -m churn.model.json customers.csv > scored.csv\n"
    "  weir predict -m m.json --only-prediction --keep id --probabilities new.ndjson\n\n"
    "See weir-predict(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

/* path is standard input ('-', or a name for the same pipe or terminal). */
static int
from_stdin(const char *path)
{
	struct stat a, b;

	if (strcmp(path, "-") == 0)
		return 1;
	return stat(path, &a) == 0 && fstat(STDIN_FILENO, &b) == 0 &&
	    !S_ISREG(a.st_mode) && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
}

/*
 * The model's features that no record had (JSON input): a warning each,
 * or with --strict an error naming them.  h: the header is complete now.
 */
static int
absent(const struct pred *p, const struct weir_scorer *sc,
    const struct weir_header *h, const char *src, struct weir_err *e)
{
	struct weir_buf b = WEIR_BUF_INIT;
	const char *f;
	size_t i = 0, n = 0;

	while ((f = weir_scorer_absent(sc, h, &i)) != NULL) {
		if (!p->strict) {
			weir_warn("%s: no record has feature '%s': it was "
			    "imputed for every record", src, f);
			continue;
		}
		weir_buf_addf(&b, "%s'%s'", n++ ? ", " : "", f);
	}
	if (n > 0)
		weir_errf(e, EX_DATAERR, "%s: no record has feature%s %s, "
		    "which the model needs (--strict)", src, n > 1 ? "s" : "",
		    b.p);
	weir_buf_release(&b);
	return n > 0 ? -1 : 0;
}

static int
predict(const struct pred *p, const char *path, struct weir_err *e)
{
	struct weir_ropts ro = { 0 };
	struct weir_wopts wo;
	struct weir_source in;
	struct weir_sink out;
	struct weir_score_opts so = p->so;
	struct weir_model m;
	struct weir_scorer *sc = NULL;
	const char *src;
	int rv = -1;

	memset(&out, 0, sizeof(out));
	memset(&in, 0, sizeof(in));
	if (weir_model_read(&m, p->model, e) == -1)
		return -1;
	ro.fmt = p->cli.from;
	ro.delim = p->cli.delim;
	/* Nested objects flattened as weir-convert does: for a flat output. */
	ro.flatten = p->cli.to != WEIR_F_AUTO && weir_fmt_flat(p->cli.to);
	if (weir_source_open(&in, path, &ro, &out.bad, p->cli.progress,
	    e) == -1 || weir_sink_open(&out, &p->cli, e) == -1)
		goto out;
	src = weir_reader_in(in.r)->name;
	weir_sink_wopts(&wo, &p->cli, weir_reader_format(in.r));
	if (weir_source_fix_header(&in, weir_fmt_flat(wo.fmt) ||
	    (p->so.only && p->so.keep != NULL), e) == -1)
		goto out;
	/* Nothing at all came in: no record goes out, as weir-convert. */
	if (weir_source_empty(&in)) {
		if (weir_sink_start(&out, &wo, weir_source_header(&in),
		    e) == -1)
			goto out;
	} else {
		/* The features, though, are found by their flattened names. */
		if (!ro.flatten && !weir_reader_fixed(in.r))
			so.flatten = ".";
		sc = weir_scorer_new(&m, &so, weir_source_header(&in),
		    weir_reader_fixed(in.r), src, e);
		if (sc == NULL || (in.spill != NULL && absent(p, sc,
		    weir_source_header(&in), src, e) == -1) ||
		    weir_sink_start(&out, &wo, weir_scorer_header(sc), e) == -1)
			goto out;
		weir_source_transform(&in, &(struct weir_xform){
		    weir_scorer_apply, sc, 0 });
		if (weir_sink_pump(&out, &in, e) == -1 ||
		    (in.spill == NULL && absent(p, sc, NULL, src, e) == -1))
			goto out;
	}
	if (weir_sink_finish(&out, &in, e) == -1)
		goto out;
	rv = 0;
out:
	weir_sink_close(&out, &in);
	weir_scorer_free(sc);
	weir_model_release(&m);
	return rv;
}

/* What the options say together, before anything is read: 64 if wrong. */
static void
check_options(const struct pred *p, int nargs, char **args)
{
	if (p->model == NULL) {
		weir_note("-m/--model is required");
		usage(EX_USAGE);
	}
	if (*p->so.name == '\0') {
		weir_note("--name cannot be empty");
		usage(EX_USAGE);
	}
	if (p->so.keep != NULL && !p->so.only) {
		weir_note("--keep goes with --only-prediction");
		usage(EX_USAGE);
	}
	if (nargs > 1) {
		weir_note("one input at most; weir-ingest combines several");
		usage(EX_USAGE);
	}
	if (p->cli.to == WEIR_F_LIBSVM) {
		weir_note("libsvm output cannot hold the predictions");
		usage(EX_USAGE);
	}
	if (from_stdin(p->model) && from_stdin(nargs > 0 ? args[0] : "-")) {
		weir_note("the model and the records cannot both come from "
		    "standard input: give the records as a file");
		usage(EX_USAGE);
	}
	if (weir_path_same(p->cli.output, p->model) ||
	    weir_path_same(p->cli.bad_rows, p->model)) {
		weir_note("an output names the model '%s'", p->model);
		usage(EX_USAGE);
	}
	if (weir_cli_check_paths(&p->cli, (const char *const *)args,
	    (size_t)nargs) == -1)
		usage(EX_USAGE);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "keep",		required_argument,	NULL,	OPT_KEEP },
		{ "lenient",		no_argument,		NULL,	OPT_LENIENT },
		{ "model",		required_argument,	NULL,	'm' },
		{ "name",		required_argument,	NULL,	OPT_NAME },
		{ "only-prediction",	no_argument,		NULL,	OPT_ONLY },
		{ "probabilities",	no_argument,		NULL,	OPT_PROBS },
		{ "strict",		no_argument,		NULL,	OPT_STRICT },
		{ NULL,			0,			NULL,	0 }
	};
	struct pred p;
	struct weir_err e;
	int ch;

	memset(&p, 0, sizeof(p));
	p.cli = (struct weir_cli)WEIR_CLI_INIT;
	p.so.name = "prediction";
	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS "m:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm':
			p.model = optarg;
			break;
		case OPT_KEEP:
			p.so.keep = optarg;
			break;
		case OPT_LENIENT:
			p.so.lenient = 1;
			break;
		case OPT_NAME:
			p.so.name = optarg;
			break;
		case OPT_ONLY:
			p.so.only = 1;
			break;
		case OPT_PROBS:
			p.so.probs = 1;
			break;
		case OPT_STRICT:
			p.strict = 1;
			break;
		default:
			if (weir_cli_option(&p.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (p.cli.help)
		usage(0);
	check_options(&p, argc - optind, argv + optind);
	if (predict(&p, optind < argc ? argv[optind] : "-", &e) == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
