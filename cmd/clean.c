/* weir-clean: fix what a data engineer fixes by hand, in one pass. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "lineage.h"
#include "mem.h"
#include "sink.h"
#include "source.h"
#include "spill.h"
#include "stream.h"
#include "text.h"
#include "clean/clean.h"

enum {
	OPT_CASE = WEIR_OPT_LOCAL, OPT_CLIP, OPT_COERCE_FAIL, OPT_DATE_ORDER,
	OPT_DECIMAL_COMMA, OPT_DEDUP, OPT_DEDUP_BY, OPT_DROP,
	OPT_DROP_EMPTY_COLUMNS, OPT_DROP_EMPTY_ROWS, OPT_DRY_RUN, OPT_EPOCH,
	OPT_FILL, OPT_IGNORE_CASE, OPT_KEEP, OPT_MEMORY, OPT_NO_HEADER,
	OPT_NORMALIZE, OPT_NULLS, OPT_OUTLIERS, OPT_OUTLIERS_ACTION,
	OPT_PERCENT, OPT_RAGGED, OPT_RENAME, OPT_REQUIRE, OPT_SAFE_NAMES,
	OPT_SCHEMA, OPT_SORT_BY, OPT_SQUEEZE, OPT_TRIM, OPT_WHERE
};

struct cl {
	struct weir_cli		 cli;
	struct weir_clean_opts	 o;
	int			 no_header;
	int			 ragged;
	int			 dry_run;
};

static const char synopsis[] =
    "usage: weir-clean [-hqvz] [-c columns] [-d delim] [-f format] [-o file] [-t format]\n"
    "                  [--drop list] [--rename old=new,...] [--safe-names] [--nulls[=list]]\n"
    "                  [--trim] [--squeeze] [--normalize nfc|nfkc] [--case col=how]\n"
    "                  [--schema file] [--fill col=how] [--require list] [--clip col=lo,hi]\n"
    "                  [--outliers col=rule] [--where expr] [--dedup | --dedup-by list]\n"
    "                  [--sort-by keys] [--memory size] [--dry-run] [file]\n";

static const char options_help[] =
    "\nClean a record stream: columns, missing values, text, types, outliers,\n"
    "filters, duplicates and order, in that order (see weir-clean(1)).\n\n"
    "Columns\n"
    "  -c, --columns LIST        keep these columns, in this order\n"
    "      --drop LIST           drop these columns\n"
    "      --rename OLD=NEW,...  rename columns\n"
    "      --safe-names          lowercase snake_case names (as weir-ingest)\n"
    "      --ragged pad|truncate pad short CSV/TSV rows, cut long ones (both: pad,truncate)\n"
    "Missing values and text\n"
    "      --nulls[=LIST]        these values become missing (default: empty NA N/A n/a\n"
    "                            NULL null None - NaN #N/A), compared after trimming\n"
    "      --trim                strip leading and trailing (Unicode) whitespace\n"
    "      --squeeze             inner runs of whitespace to one space\n"
    "      --normalize FORM      Unicode normalization: nfc or nfkc\n"
    "      --case COL=HOW        lower, upper or title (repeatable)\n"
    "Types\n"
    "      --schema FILE         coerce columns to the schema's types (weir-formats(5))\n"
    "      --decimal-comma       1.234,56 is 1234.56\n"
    "      --percent             12% is 0.12\n"
    "      --date-order dmy|mdy  how NN/NN/YYYY dates read\n"
    "      --epoch               integers in date columns are Unix seconds\n"
    "      --coerce-fail null    a value that cannot be coerced becomes missing\n"
    "                            (default: the record is bad)\n"
    "Missing values filled, rules\n"
    "      --fill COL=HOW        a value, mean, median, mode, down or up (repeatable)\n"
    "      --require LIST        a record missing one of these is bad\n"
    "      --clip COL=LO,HI      bounds: numbers or percentiles (p1,p99)\n"
    "      --outliers COL=RULE   iqr[:K] (K=1.5) or zscore[:K] (K=3)\n"
    "      --outliers-action A   drop (default), null or flag (adds COL_outlier)\n"
    "      --drop-empty-rows     drop records with no value at all\n"
    "      --drop-empty-columns  drop columns with no value in any record\n"
    "      --where EXPR          keep records where EXPR holds (repeatable: all must)\n"
    "                            COL OP VALUE, OP one of == != < <= > >= ~ !~;\n"
    "                            COL in (a,b); COL is empty; COL is not empty\n"
    "Duplicates and order\n"
    "      --dedup               drop records equal to an earlier one\n"
    "      --dedup-by LIST       ... equal in these columns\n"
    "      --keep first|last     which record of a key stays (at the first's place)\n"
    "      --ignore-case         dedup compares folded case\n"
    "      --sort-by KEYS        COL[:n|:r|:nr|:natural],... stable\n"
    "      --memory SIZE         memory for dedup, sort and statistics before\n"
    "                            spilling to $TMPDIR (default 256M)\n"
    "Input and output\n"
    "  -d, --delimiter C         CSV input delimiter (default: detected)\n"
    "  -f, --from FORMAT         input format: csv, tsv, ndjson, json\n"
    "  -t, --to FORMAT           output format (default: as the input)\n"
    "  -o, --output FILE         write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip                gzip the output\n"
    "      --no-header           the CSV/TSV input has no header\n"
    "      --bad-rows FILE       write bad records to FILE and go on\n"
    "      --max-bad N           stop after more than N bad records\n"
    "      --dry-run             count what would change; write no records\n"
    "  -q, --quiet               no warnings, no progress\n"
    "  -v, --verbose             say what each step changed\n"
    "  -h, --help                this help\n"
    "      --version             print the version\n\n"
    "Examples:\n"
    "  weir clean --trim --nulls --schema orders.schema.json orders.csv > clean.csv\n"
    "  weir clean --dedup-by email --keep last --sort-by signup:n users.csv\n"
    "  weir clean --fill age=median --where 'country in (FR,DE)' -v people.ndjson\n\n"
    "See weir-clean(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

static void
push(struct weir_clean_list *l, const char *v)
{
	l->v = weir_xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = v;
}

/* An option whose value is one of words[]: its index, else 64. */
static int
word(const char *opt, const char *arg, const char *const *words, int n)
{
	int i = weir_cli_choice(opt, arg, words, n);

	if (i == -1)
		usage(EX_USAGE);
	return i;
}

static int
ragged(const char *arg)
{
	if (strcmp(arg, "pad") == 0)
		return WEIR_RAGGED_PAD;
	if (strcmp(arg, "truncate") == 0)
		return WEIR_RAGGED_TRUNCATE;
	if (strcmp(arg, "pad,truncate") == 0 ||
	    strcmp(arg, "truncate,pad") == 0)
		return WEIR_RAGGED_PAD | WEIR_RAGGED_TRUNCATE;
	weir_note("--ragged: pad, truncate or pad,truncate, not '%s'", arg);
	usage(EX_USAGE);
}

static void
option(struct cl *c, int ch, const char *arg)
{
	static const char *const norms[] = { "nfc", "nfkc" };
	static const char *const orders[] = { "iso", "dmy", "mdy" };
	static const char *const actions[] = { "drop", "null", "flag" };
	static const char *const keeps[] = { "first", "last" };
	static const char *const fails[] = { "bad", "null" };
	struct weir_clean_opts *o = &c->o;

	switch (ch) {
	case 'c': o->columns = arg; break;
	case OPT_DROP: o->drop = arg; break;
	case OPT_RENAME: o->rename = arg; break;
	case OPT_SAFE_NAMES: o->safe_names = 1; break;
	case OPT_RAGGED: c->ragged = ragged(arg); break;
	case OPT_NULLS: o->nulls = 1; o->null_list = arg; break;
	case OPT_TRIM: o->trim = 1; break;
	case OPT_SQUEEZE: o->squeeze = 1; break;
	case OPT_NORMALIZE: o->normalize = word("--normalize", arg, norms, 2);
		break;
	case OPT_CASE: push(&o->cases, arg); break;
	case OPT_SCHEMA: o->schema = arg; break;
	case OPT_DECIMAL_COMMA: o->coerce.decimal_comma = 1; break;
	case OPT_PERCENT: o->coerce.percent = 1; break;
	case OPT_DATE_ORDER:
		o->coerce.date_order = word("--date-order", arg, orders, 3);
		break;
	case OPT_EPOCH: o->coerce.epoch = 1; break;
	case OPT_COERCE_FAIL:
		o->coerce_null = word("--coerce-fail", arg, fails, 2);
		break;
	case OPT_FILL: push(&o->fills, arg); break;
	case OPT_REQUIRE: o->require = arg; break;
	case OPT_CLIP: push(&o->clips, arg); break;
	case OPT_OUTLIERS: push(&o->outliers, arg); break;
	case OPT_OUTLIERS_ACTION:
		o->outliers_action = word("--outliers-action", arg, actions, 3);
		break;
	case OPT_DROP_EMPTY_ROWS: o->drop_empty_rows = 1; break;
	case OPT_DROP_EMPTY_COLUMNS: o->drop_empty_columns = 1; break;
	case OPT_WHERE: push(&o->wheres, arg); break;
	case OPT_DEDUP: o->dedup = 1; break;
	case OPT_DEDUP_BY: o->dedup_by = arg; break;
	case OPT_KEEP: o->keep_last = word("--keep", arg, keeps, 2); break;
	case OPT_IGNORE_CASE: o->ignore_case = 1; break;
	case OPT_SORT_BY: o->sort_by = arg; break;
	case OPT_MEMORY:
		if (weir_cli_size(arg, 64 << 10, "--memory", &o->memory) == -1)
			usage(EX_USAGE);
		break;
	case OPT_NO_HEADER: c->no_header = 1; break;
	case OPT_DRY_RUN: c->dry_run = 1; break;
	default:
		if (weir_cli_option(&c->cli, ch, arg) == -1)
			usage(EX_USAGE);
	}
}

/* What the options say together, before anything is read: 64 if wrong. */
static void
check_options(const struct cl *c, int nargs, char **args)
{
	const struct weir_clean_opts *o = &c->o;

	if (o->dedup && o->dedup_by != NULL) {
		weir_note("--dedup and --dedup-by cannot go together");
		usage(EX_USAGE);
	}
	if ((o->keep_last || o->ignore_case) && !o->dedup &&
	    o->dedup_by == NULL) {
		weir_note("--keep and --ignore-case are for --dedup or "
		    "--dedup-by");
		usage(EX_USAGE);
	}
	if (o->outliers_action != WEIR_OUT_DROP && o->outliers.n == 0) {
		weir_note("--outliers-action needs --outliers");
		usage(EX_USAGE);
	}
	if ((o->coerce.decimal_comma || o->coerce.percent || o->coerce_null ||
	    o->coerce.date_order || o->coerce.epoch) && o->schema == NULL) {
		weir_note("--decimal-comma, --percent, --date-order, --epoch "
		    "and --coerce-fail apply to the columns of --schema");
		usage(EX_USAGE);
	}
	if (nargs > 1) {
		weir_note("one input at most; weir-merge --append combines "
		    "several");
		usage(EX_USAGE);
	}
	if (weir_cli_check_paths(&c->cli, (const char *const *)args,
	    (size_t)nargs) == -1)
		usage(EX_USAGE);
}

/* Records ready in the pipeline to the output. */
static int
pump(struct weir_clean *w, struct weir_sink *out, const struct weir_wopts *wo,
    int dry_run, int *started, struct weir_err *e)
{
	const struct weir_rec *rec;
	int rv;

	while ((rv = weir_clean_get(w, &rec, e)) == 1) {
		if (dry_run)
			continue;
		if (!*started) {
			if (weir_sink_start(out, wo, weir_clean_header(w),
			    e) == -1)
				return -1;
			*started = 1;
		}
		if (weir_sink_put(out, rec, e) == -1)
			return -1;
	}
	return rv;
}

/* Read every record through the first steps; a spill when two passes. */
static int
feed(struct weir_clean *w, struct weir_source *in, struct weir_sink *out,
    const struct weir_wopts *wo, int dry_run, int *started, struct weir_err *e)
{
	struct weir_spill *sp = NULL;
	const struct weir_rec *rec, *r;
	int rv, two = weir_clean_two_pass(w);

	if (two && (sp = weir_spill_new(e)) == NULL)
		return -1;
	while ((rv = weir_source_next(in, &rec, e)) == 1) {
		if (weir_clean_first(w, rec, &r, e) == -1)
			goto fail;
		if (r == NULL)
			continue;
		if (two) {
			if (weir_spill_put(sp, r, e) == -1)
				goto fail;
		} else if (weir_clean_put(w, r, e) == -1 ||
		    pump(w, out, wo, dry_run, started, e) == -1)
			goto fail;
	}
	if (rv == -1)
		goto fail;
	if (two) {
		if (weir_clean_stats_done(w, e) == -1 ||
		    weir_spill_rewind(sp, e) == -1)
			goto fail;
		while ((rv = weir_spill_next(sp, &r, e)) == 1)
			if (weir_clean_put(w, r, e) == -1 ||
			    pump(w, out, wo, dry_run, started, e) == -1)
				goto fail;
		if (rv == -1)
			goto fail;
	}
	weir_spill_free(sp);
	return 0;
fail:
	weir_spill_free(sp);
	return -1;
}

static int
clean(struct cl *c, const char *path, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_wopts wo;
	struct weir_source in;
	struct weir_sink out;
	struct weir_cli cli = c->cli;
	struct weir_clean *w = NULL;
	unsigned long padded, truncated;
	int rv = -1, started = 0, fmt;

	memset(&out, 0, sizeof(out));
	memset(&ro, 0, sizeof(ro));
	ro.fmt = c->cli.from;
	ro.delim = c->cli.delim;
	ro.no_header = c->no_header;
	ro.ragged = c->ragged;
	ro.flatten = c->cli.to != WEIR_F_AUTO && weir_fmt_flat(c->cli.to);
	if (c->dry_run)
		cli.output = NULL;
	if (weir_source_open(&in, path, &ro, &out.bad, c->cli.progress,
	    e) == -1 || weir_sink_open(&out, &cli, e) == -1)
		goto out;
	fmt = weir_reader_format(in.r);
	weir_sink_wopts(&wo, &c->cli, fmt);
	/* Every column named in an option is checked before any record. */
	if (weir_source_fix_header(&in, 1, e) == -1)
		goto out;
	if ((w = weir_clean_new(&c->o, weir_source_header(&in),
	    fmt == WEIR_F_NDJSON || fmt == WEIR_F_JSON, &out.bad, e)) == NULL)
		goto out;
	if (feed(w, &in, &out, &wo, c->dry_run, &started, e) == -1 ||
	    weir_clean_end(w, e) == -1 ||
	    pump(w, &out, &wo, c->dry_run, &started, e) == -1)
		goto out;
	if (!started && !c->dry_run && !weir_source_empty(&in) &&
	    weir_sink_start(&out, &wo, weir_clean_header(w), e) == -1)
		goto out;
	weir_reader_ragged(in.r, &padded, &truncated);
	weir_clean_set_ragged(w, padded, truncated);
	if (weir_sink_finish(&out, &in, e) == -1)
		goto out;
	weir_clean_report(w, weir_verbose || c->dry_run);
	rv = 0;
out:
	weir_sink_close(&out, &in);
	weir_clean_free(w);
	return rv;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "case",		required_argument,	NULL,	OPT_CASE },
		{ "clip",		required_argument,	NULL,	OPT_CLIP },
		{ "coerce-fail",	required_argument,	NULL,	OPT_COERCE_FAIL },
		{ "columns",		required_argument,	NULL,	'c' },
		{ "date-order",		required_argument,	NULL,	OPT_DATE_ORDER },
		{ "decimal-comma",	no_argument,		NULL,	OPT_DECIMAL_COMMA },
		{ "dedup",		no_argument,		NULL,	OPT_DEDUP },
		{ "dedup-by",		required_argument,	NULL,	OPT_DEDUP_BY },
		{ "drop",		required_argument,	NULL,	OPT_DROP },
		{ "drop-empty-columns",	no_argument,		NULL,	OPT_DROP_EMPTY_COLUMNS },
		{ "drop-empty-rows",	no_argument,		NULL,	OPT_DROP_EMPTY_ROWS },
		{ "dry-run",		no_argument,		NULL,	OPT_DRY_RUN },
		{ "epoch",		no_argument,		NULL,	OPT_EPOCH },
		{ "fill",		required_argument,	NULL,	OPT_FILL },
		{ "ignore-case",	no_argument,		NULL,	OPT_IGNORE_CASE },
		{ "keep",		required_argument,	NULL,	OPT_KEEP },
		{ "memory",		required_argument,	NULL,	OPT_MEMORY },
		{ "no-header",		no_argument,		NULL,	OPT_NO_HEADER },
		{ "normalize",		required_argument,	NULL,	OPT_NORMALIZE },
		{ "nulls",		optional_argument,	NULL,	OPT_NULLS },
		{ "outliers",		required_argument,	NULL,	OPT_OUTLIERS },
		{ "outliers-action",	required_argument,	NULL,	OPT_OUTLIERS_ACTION },
		{ "percent",		no_argument,		NULL,	OPT_PERCENT },
		{ "ragged",		required_argument,	NULL,	OPT_RAGGED },
		{ "rename",		required_argument,	NULL,	OPT_RENAME },
		{ "require",		required_argument,	NULL,	OPT_REQUIRE },
		{ "safe-names",		no_argument,		NULL,	OPT_SAFE_NAMES },
		{ "schema",		required_argument,	NULL,	OPT_SCHEMA },
		{ "sort-by",		required_argument,	NULL,	OPT_SORT_BY },
		{ "squeeze",		no_argument,		NULL,	OPT_SQUEEZE },
		{ "trim",		no_argument,		NULL,	OPT_TRIM },
		{ "where",		required_argument,	NULL,	OPT_WHERE },
		{ NULL,			0,			NULL,	0 }
	};
	struct cl c = { .cli = WEIR_CLI_INIT };
	struct weir_err e;
	int ch;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	c.o.normalize = -1;
	c.o.memory = (size_t)256 << 20;
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS "c:", longopts,
	    NULL)) != -1)
		option(&c, ch, optarg);
	if (c.cli.help)
		usage(0);
	check_options(&c, argc - optind, argv + optind);
	if (clean(&c, optind < argc ? argv[optind] : "-", &e) == -1)
		weir_die_err(&e);
	free(c.o.cases.v);
	free(c.o.fills.v);
	free(c.o.clips.v);
	free(c.o.outliers.v);
	free(c.o.wheres.v);
	weir_exit_flush(0);
}
