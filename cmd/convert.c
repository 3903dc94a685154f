/* weir-convert: convert records between formats. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badrows.h"
#include "cli.h"
#include "cols.h"
#include "err.h"
#include "io.h"
#include "mem.h"
#include "progress.h"
#include "source.h"
#include "spill.h"
#include "stream.h"
#include "writer.h"

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
    "usage: weir-convert [-hqz] [-c columns] [-d delim] [-f format] [-o file] [-t format]\n"
    "                    [--empty-as-null] [--flatten | --unflatten] [--label column]\n"
    "                    [--no-header] [--quote-all] [--sep string] [--strings] [file]\n";

static const char options_help[] =
    "\nConvert records between CSV, TSV, NDJSON, JSON and other formats.\n\n"
    "  -c, --columns LIST     select and order columns (names, 1-based indices, ranges 3-5)\n"
    "  -d, --delimiter C      CSV delimiter, one character or 'tab' (default ',')\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json (default: detected)\n"
    "  -t, --to FORMAT        output format: csv, tsv, ndjson, json, libsvm, markdown, table\n"
    "  -o, --output FILE      write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip             gzip the output\n"
    "      --out-delimiter C  CSV output delimiter (default: as --delimiter)\n"
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

/* The output header and the projection onto it, for --columns. */
static int
select_columns(const char *list, const struct weir_header *in,
    struct weir_header *out, struct weir_proj *proj, struct weir_err *e)
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
	weir_header_init(out);
	for (i = 0; i < n; i++) {
		weir_header_add(out, names[i], lens[i]);
		free(names[i]);
	}
	weir_proj_init(proj, cols, n);
	free(names);
	free(lens);
	free(cols);
	return 0;
}

static int
convert(struct conv *c, const char *path, struct weir_err *e)
{
	struct weir_ropts ro = { 0 };
	struct weir_wopts wo = { 0 };
	struct weir_header sel;
	struct weir_proj proj;
	struct weir_writer *w = NULL;
	struct weir_bad bad;
	struct weir_out out;
	struct weir_source s;
	const struct weir_header *hdr;
	const struct weir_rec *rec;
	int rv = -1, to, have_out = 0, have_sel = 0;

	memset(&s, 0, sizeof(s));
	ro.fmt = c->cli.from;
	ro.delim = c->cli.delim;
	ro.no_header = c->no_header;
	ro.sep = c->sep;
	ro.flatten = c->flatten ||
	    (c->cli.to != WEIR_F_AUTO && weir_fmt_flat(c->cli.to));
	if (weir_bad_init(&bad, c->cli.bad_rows, c->cli.max_bad, e) == -1)
		return -1;
	s.bad = &bad;
	weir_progress_init(&s.prog, c->cli.progress);
	if ((s.r = weir_reader_open(path, &ro, e)) == NULL)
		goto out;
	to = c->cli.to != WEIR_F_AUTO ? c->cli.to : weir_reader_format(s.r);
	if (weir_out_open(&out, c->cli.output, c->cli.gzip, 0, e) == -1)
		goto out;
	have_out = 1;
	if (!weir_reader_fixed(s.r) && (weir_fmt_flat(to) || c->columns) &&
	    weir_source_spill(&s, e) == -1)
		goto out;
	hdr = weir_reader_header(s.r);
	if (c->columns != NULL) {
		if (select_columns(c->columns, hdr, &sel, &proj, e) == -1)
			goto out;
		have_sel = 1;
		hdr = &sel;
	}
	wo.fmt = to;
	wo.delim = c->cli.out_delim ? c->cli.out_delim : c->cli.delim;
	wo.quote_all = c->quote_all;
	wo.empty_as_null = c->empty_as_null;
	wo.strings = c->strings;
	wo.unflatten = c->unflatten;
	wo.sep = c->sep;
	wo.label = c->label;
	if ((w = weir_writer_new(&out, &wo, hdr, e)) == NULL)
		goto out;
	while ((rv = weir_source_next(&s, &rec, e)) == 1) {
		if (have_sel)
			rec = weir_proj_apply(&proj, rec);
		rv = weir_writer_put(w, rec, e);
		if (rv == WEIR_BAD &&
		    weir_bad_put(&bad, weir_writer_bad(w), e) == 0)
			continue;
		if (rv != 0) {
			rv = -1;
			break;
		}
	}
	if (rv == -1)
		goto out;
	rv = -1;
	if (weir_writer_close(w, e) == -1)
		goto out;
	weir_progress_done(&s.prog);
	have_out = 0;
	if (weir_out_commit(&out, e) == -1 || weir_bad_finish(&bad, e) == -1)
		goto out;
	rv = 0;
out:
	weir_progress_done(&s.prog);
	if (have_out)
		weir_out_abort(&out);
	if (rv == -1)
		weir_bad_abort(&bad);
	weir_writer_free(w);
	if (have_sel) {
		weir_header_release(&sel);
		weir_proj_release(&proj);
	}
	weir_spill_free(s.spill);
	weir_reader_free(s.r);
	return rv;
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
	if (c.flatten && c.unflatten) {
		weir_note("--flatten and --unflatten cannot go together");
		usage(EX_USAGE);
	}
	if (*c.sep == '\0') {
		weir_note("--sep cannot be empty");
		usage(EX_USAGE);
	}
	if (argc - optind > 1) {
		weir_note("one input at most; weir-ingest combines several");
		usage(EX_USAGE);
	}
	if (c.label != NULL && c.cli.to != WEIR_F_LIBSVM) {
		weir_note("--label is for libsvm output (-t libsvm)");
		usage(EX_USAGE);
	}
	if (c.cli.to == WEIR_F_LIBSVM && c.label == NULL) {
		weir_note("libsvm output needs --label COLUMN");
		usage(EX_USAGE);
	}
	if (convert(&c, optind < argc ? argv[optind] : "-", &e) == -1)
		weir_die_err(&e);
	return 0;
}
