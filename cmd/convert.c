/* weir-convert: convert records between formats. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cols.h"
#include "err.h"
#include "io.h"
#include "lineage.h"
#include "mem.h"
#include "sink.h"
#include "source.h"
#include "stream.h"

enum {
	OPT_EMPTY_AS_NULL = WEIR_OPT_LOCAL,
	OPT_FLATTEN,
	OPT_LABEL,
	OPT_NO_HEADER,
	OPT_QUOTE_ALL,
	OPT_SEP,
	OPT_STRINGS,
	OPT_UNFLATTEN
};

struct conv {
	struct weir_cli	 cli;
	const char	*columns;
	const char	*label;
	const char	*sep;
	int		 empty_as_null;
	int		 flatten;
	int		 no_header;
	int		 quote_all;
	int		 strings;
	int		 unflatten;
};

static const char synopsis[] =
    "usage: weir-convert [-hqvz] [-c columns] [-d delim] [-f format] [-o file] [-t format]\n"
    "                    [--empty-as-null] [--flatten | --unflatten] [--label column]\n"
    "                    [--no-header] [--quote-all] [--sep string] [--strings] [file]\n";

static const char options_help[] =
    "\nConvert records between CSV, TSV, NDJSON, JSON and other formats.\n\n"
    "  -c, --columns LIST     select and order columns (names, 1-based indices, ranges 3-5)\n"
    "  -d, --delimiter C      CSV input delimiter, one character or 'tab'\n"
    "                         (default: detected among , ; tab |)\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json (default: detected)\n"
    "  -t, --to FORMAT        output format: csv, tsv, ndjson, json, libsvm, markdown, table\n"
    "  -o, --output FILE      write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip             gzip the output\n"
    "      --out-delimiter C  CSV output delimiter (default ',')\n"
    "      --quote-all        quote every CSV field\n"
    "      --no-header        the CSV/TSV input has no header; columns are c1..cN\n"
    "      --flatten          JSON output: write nested objects as dotted names\n"
    "      --unflatten        JSON output: rebuild nested objects from dotted names\n"
    "      --sep STRING       separator for --flatten/--unflatten (default '.')\n"
    "      --label COLUMN     libsvm output: the label column\n"
    "      --empty-as-null    JSON output: empty CSV fields become null\n"
    "      --strings          JSON output: every value as a string\n"
    "      --bad-rows FILE    write bad records to FILE and go on\n"
    "      --max-bad N        stop after more than N bad records\n"
    "      --progress         show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet            no warnings, no progress\n"
    "  -v, --verbose          say what was detected (the CSV delimiter)\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir convert -t ndjson orders.csv.gz > orders.ndjson\n"
    "  weir convert -t csv -c id,email,amount events.ndjson -o events.csv\n"
    "  weir convert -t libsvm --label churned features.csv > train.svm\n\n"
    "See weir-convert(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

/* --columns: the output header, and the projection onto it. */
struct select {
	struct weir_header	 h;
	struct weir_proj	 proj;
};

static int
select_columns(struct select *sel, const char *list,
    const struct weir_header *in, struct weir_err *e)
{
	char **names;
	size_t *cols, n, i, *lens;

	if (weir_cols_parse(list, in, "--columns", &cols, &n, e) == -1)
		return -1;
	names = weir_xcalloc(n ? n : 1, sizeof(*names));
	lens = weir_xcalloc(n ? n : 1, sizeof(*lens));
	for (i = 0; i < n; i++) {
		names[i] = weir_xstrdup(in->name[cols[i]]);
		lens[i] = in->len[cols[i]];
	}
	weir_names_dedup(names, lens, n);
	weir_header_init(&sel->h);
	for (i = 0; i < n; i++) {
		weir_header_add(&sel->h, names[i], lens[i]);
		free(names[i]);
	}
	weir_proj_init(&sel->proj, cols, n);
	free(names);
	free(lens);
	free(cols);
	return 0;
}

static int
project(void *ctx, const struct weir_header *h, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	struct select *sel = ctx;

	(void)h;
	(void)bad;
	(void)e;
	*out = weir_proj_apply(&sel->proj, in);
	return 0;
}

static void
read_options(const struct conv *c, struct weir_ropts *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->fmt = c->cli.from;
	ro->delim = c->cli.delim;
	ro->no_header = c->no_header;
	ro->sep = c->sep;
	ro->flatten = c->flatten ||
	    (c->cli.to != WEIR_F_AUTO && weir_fmt_flat(c->cli.to));
}

static void
write_options(const struct conv *c, int in_fmt, struct weir_wopts *wo)
{
	weir_sink_wopts(wo, &c->cli, in_fmt);
	wo->quote_all = c->quote_all;
	wo->empty_as_null = c->empty_as_null;
	wo->strings = c->strings;
	wo->unflatten = c->unflatten;
	wo->sep = c->sep;
	wo->label = c->label;
}

static int
convert(const struct conv *c, const char *path, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_wopts wo;
	struct weir_source in;
	struct weir_sink out;
	struct select sel;
	const struct weir_header *hdr;
	int rv = -1;

	memset(&out, 0, sizeof(out));
	memset(&sel, 0, sizeof(sel));
	read_options(c, &ro);
	if (weir_source_open(&in, path, &ro, &out.bad, c->cli.progress,
	    e) == -1 || weir_sink_open(&out, &c->cli, e) == -1)
		goto out;
	write_options(c, weir_reader_format(in.r), &wo);
	if (weir_source_fix_header(&in, weir_fmt_flat(wo.fmt) ||
	    c->columns != NULL, e) == -1)
		goto out;
	hdr = weir_source_header(&in);
	if (c->columns != NULL) {
		if (select_columns(&sel, c->columns, hdr, e) == -1)
			goto out;
		weir_source_transform(&in, &(struct weir_xform){ project, &sel,
		    0 });
		hdr = &sel.h;
	}
	if (weir_sink_start(&out, &wo, hdr, e) == -1)
		goto out;
	if (weir_sink_pump(&out, &in, e) == -1)
		goto out;
	if (weir_sink_finish(&out, &in, e) == -1)
		goto out;
	rv = 0;
out:
	weir_sink_close(&out, &in);
	if (c->columns != NULL) {
		weir_header_release(&sel.h);
		weir_proj_release(&sel.proj);
	}
	return rv;
}

/* What the options say together, before anything is read: 64 if wrong. */
static void
check_options(const struct conv *c, int nargs, char **args)
{
	if (c->flatten && c->unflatten) {
		weir_note("--flatten and --unflatten cannot go together");
		usage(EX_USAGE);
	}
	if (*c->sep == '\0') {
		weir_note("--sep cannot be empty");
		usage(EX_USAGE);
	}
	if (nargs > 1) {
		weir_note("one input at most; weir-ingest combines several");
		usage(EX_USAGE);
	}
	if (c->label != NULL && c->cli.to != WEIR_F_LIBSVM) {
		weir_note("--label is for libsvm output (-t libsvm)");
		usage(EX_USAGE);
	}
	if (c->cli.to == WEIR_F_LIBSVM && c->label == NULL) {
		weir_note("libsvm output needs --label COLUMN");
		usage(EX_USAGE);
	}
	if (weir_cli_check_paths(&c->cli, (const char *const *)args,
	    (size_t)nargs) == -1)
		usage(EX_USAGE);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "columns",		required_argument,	NULL,	'c' },
		{ "empty-as-null",	no_argument,		NULL,	OPT_EMPTY_AS_NULL },
		{ "flatten",		no_argument,		NULL,	OPT_FLATTEN },
		{ "label",		required_argument,	NULL,	OPT_LABEL },
		{ "no-header",		no_argument,		NULL,	OPT_NO_HEADER },
		{ "quote-all",		no_argument,		NULL,	OPT_QUOTE_ALL },
		{ "sep",		required_argument,	NULL,	OPT_SEP },
		{ "strings",		no_argument,		NULL,	OPT_STRINGS },
		{ "unflatten",		no_argument,		NULL,	OPT_UNFLATTEN },
		{ NULL,			0,			NULL,	0 }
	};
	struct conv c = { .cli = WEIR_CLI_INIT, .sep = "." };
	struct weir_err e;
	int ch;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS "c:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			c.columns = optarg;
			break;
		case OPT_EMPTY_AS_NULL:
			c.empty_as_null = 1;
			break;
		case OPT_FLATTEN:
			c.flatten = 1;
			break;
		case OPT_LABEL:
			c.label = optarg;
			break;
		case OPT_NO_HEADER:
			c.no_header = 1;
			break;
		case OPT_QUOTE_ALL:
			c.quote_all = 1;
			break;
		case OPT_SEP:
			c.sep = optarg;
			break;
		case OPT_STRINGS:
			c.strings = 1;
			break;
		case OPT_UNFLATTEN:
			c.unflatten = 1;
			break;
		default:
			if (weir_cli_option(&c.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (c.cli.help)
		usage(0);
	check_options(&c, argc - optind, argv + optind);
	if (convert(&c, optind < argc ? argv[optind] : "-", &e) == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
