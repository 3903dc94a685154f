/* weir-ingest: bring files, globs and directories in as one record stream. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "ingest.h"
#include "lineage.h"
#include "stream.h"
#include "transcode.h"

enum {
	OPT_ENCODING = WEIR_OPT_LOCAL,
	OPT_INFER_SCHEMA,
	OPT_LINE_COLUMN,
	OPT_SAFE_NAMES,
	OPT_SCHEMA,
	OPT_SOURCE_COLUMN,
	OPT_STATE,
	OPT_STRICT_COLUMNS
};


static const char synopsis[] =
    "usage: weir-ingest [-hqvz] [-d delim] [-f format] [-o file] [-t format] [--bad-rows file]\n"
    "                   [--encoding enc] [--infer-schema file] [--line-column name] [--max-bad n]\n"
    "                   [--safe-names] [--schema file] [--source-column name] [--state file]\n"
    "                   [--strict-columns] [input ...]\n";

static const char options_help[] =
    "\nBring files, globs and directories in as one clean record stream.\n\n"
    "  input                  a file, a quoted glob, a directory (recursive), or - for stdin\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json (default: detected per file)\n"
    "  -t, --to FORMAT        output format (default: the first input's format)\n"
    "  -d, --delimiter C      CSV input delimiter, one character or 'tab'\n"
    "                         (default: detected among , ; tab |)\n"
    "  -o, --output FILE      write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip             gzip the output\n"
    "      --encoding ENC     input encoding: latin1, windows-1252, utf-16, utf-16le, utf-16be\n"
    "      --strict-columns   every file must have the first file's header\n"
    "      --source-column N  add column N holding each record's source file\n"
    "      --line-column N    add column N holding each record's line number\n"
    "      --safe-names       lowercase snake_case, unique column names\n"
    "      --schema FILE      check every record against FILE, write canonical values\n"
    "      --infer-schema F   write the schema of what was ingested to F\n"
    "      --state FILE       skip inputs already ingested; update FILE after success\n"
    "      --bad-rows FILE    write bad records to FILE and go on\n"
    "      --max-bad N        stop after more than N bad records\n"
    "      --progress         show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet            no warnings, no progress\n"
    "  -v, --verbose          say what was detected (the CSV delimiter)\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir ingest 'landing/*.csv.gz' --bad-rows rejects.csv -o orders.csv\n"
    "  weir ingest --state .ingested --schema orders.schema.json landing/ >> all.csv\n"
    "  weir ingest --safe-names --infer-schema orders.schema.json export.csv > /dev/null\n\n"
    "See weir-ingest(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "encoding",		required_argument,	NULL,	OPT_ENCODING },
		{ "infer-schema",	required_argument,	NULL,	OPT_INFER_SCHEMA },
		{ "line-column",	required_argument,	NULL,	OPT_LINE_COLUMN },
		{ "safe-names",		no_argument,		NULL,	OPT_SAFE_NAMES },
		{ "schema",		required_argument,	NULL,	OPT_SCHEMA },
		{ "source-column",	required_argument,	NULL,	OPT_SOURCE_COLUMN },
		{ "state",		required_argument,	NULL,	OPT_STATE },
		{ "strict-columns",	no_argument,		NULL,	OPT_STRICT_COLUMNS },
		{ NULL,			0,			NULL,	0 }
	};
	struct weir_ingest_opts o = { .cli = WEIR_CLI_INIT };
	struct weir_err e;
	int ch;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_ENCODING:
			if ((o.encoding = weir_enc_parse(optarg)) < 0) {
				weir_note("unknown encoding '%s' (latin1, "
				    "windows-1252, utf-16, utf-16le, utf-16be, "
				    "utf-8)", optarg);
				usage(EX_USAGE);
			}
			break;
		case OPT_INFER_SCHEMA:
			o.infer_schema = optarg;
			break;
		case OPT_LINE_COLUMN:
			o.line_column = optarg;
			break;
		case OPT_SAFE_NAMES:
			o.safe_names = 1;
			break;
		case OPT_SCHEMA:
			o.schema = optarg;
			break;
		case OPT_SOURCE_COLUMN:
			o.source_column = optarg;
			break;
		case OPT_STATE:
			o.state = optarg;
			break;
		case OPT_STRICT_COLUMNS:
			o.strict = 1;
			break;
		default:
			if (weir_cli_option(&o.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (o.cli.help)
		usage(0);
	if (o.source_column != NULL && o.line_column != NULL &&
	    strcmp(o.source_column, o.line_column) == 0) {
		weir_note("--source-column and --line-column need different names");
		usage(EX_USAGE);
	}
	if (o.cli.to == WEIR_F_LIBSVM) {
		weir_note("cannot write libsvm; use weir-convert");
		usage(EX_USAGE);
	}
	if (weir_ingest(&o, argc - optind, argv + optind, &e) == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
