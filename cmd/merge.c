/* weir-merge: join two record streams on keys, or append several. */
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
#include "stream.h"
#include "merge/merge.h"

enum {
	OPT_APPEND = WEIR_OPT_LOCAL, OPT_BUILD, OPT_EXPECT, OPT_IGNORE_CASE,
	OPT_JOIN, OPT_LEFT_ON, OPT_MEMORY, OPT_NO_HEADER, OPT_NUMERIC_KEYS,
	OPT_ON, OPT_RIGHT_ON, OPT_SORTED, OPT_SOURCE_COLUMN, OPT_STRICT,
	OPT_SUFFIXES, OPT_UNMATCHED_LEFT, OPT_UNMATCHED_RIGHT
};

struct mg {
	struct weir_cli		 cli;
	struct weir_join_opts	 j;
	struct weir_append_opts	 a;
	int			 append;
	int			 join;		/* --join given */
	int			 no_header;
	const char		*on;
	char			*suffixes;
};

static const char synopsis[] =
    "usage: weir-merge [-hqvz] [-c columns] [-d delim] [-f format] [-o file] [-t format]\n"
    "                  --join type --on keys [--left-on keys --right-on keys]\n"
    "                  [--numeric-keys] [--ignore-case] [--suffixes l,r] [--expect rel]\n"
    "                  [--build left|right] [--sorted] [--memory size]\n"
    "                  [--unmatched-left file] [--unmatched-right file] left right\n"
    "       weir-merge --append [--strict-columns] [--source-column name] file ...\n";

static const char options_help[] =
    "\nJoin two record streams on keys, or append several into one.\n\n"
    "Joins\n"
    "      --join TYPE          inner, left, right, full, semi or anti (default inner)\n"
    "      --on KEYS            key columns, named alike on both sides\n"
    "      --left-on KEYS       ... named so in the left input\n"
    "      --right-on KEYS      ... and so in the right input\n"
    "      --numeric-keys       compare keys as numbers (7, 7.0 and 07 are one key)\n"
    "      --ignore-case        compare keys with case folded\n"
    "      --suffixes L,R       for column names on both sides (default ',_right')\n"
    "      --expect REL         one-to-one, many-to-one or one-to-many: a key that\n"
    "                           breaks it is an error (65)\n"
    "      --unmatched-left F   write the left records that found no partner to F\n"
    "      --unmatched-right F  ... the right ones\n"
    "      --build SIDE         the side held in memory (default right)\n"
    "      --sorted             both inputs are sorted on the keys: merge in one pass\n"
    "      --memory SIZE        memory for the held side before partitioning to\n"
    "                           $TMPDIR (default 256M)\n"
    "Appends\n"
    "      --append             one stream from all inputs; the header is the union\n"
    "      --strict-columns     the inputs must have the same columns\n"
    "      --source-column NAME add a column saying which input a record came from\n"
    "Input and output\n"
    "  -c, --columns LIST       select and order the output columns\n"
    "  -d, --delimiter C        CSV input delimiter (default: detected)\n"
    "  -f, --from FORMAT        input format: csv, tsv, ndjson, json\n"
    "  -t, --to FORMAT          output format (default: the first input's)\n"
    "  -o, --output FILE        write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip               gzip the output\n"
    "      --no-header          CSV/TSV inputs have no header\n"
    "      --bad-rows FILE      write bad records to FILE and go on\n"
    "      --max-bad N          stop after more than N bad records\n"
    "  -q, --quiet              no warnings, no progress\n"
    "  -v, --verbose            say how many records matched on each side\n"
    "  -h, --help               this help\n"
    "      --version            print the version\n\n"
    "Examples:\n"
    "  weir merge --join left --on sku events.csv products.csv > enriched.csv\n"
    "  weir merge --join full --on id --unmatched-left only-a.csv \\\n"
    "      --unmatched-right only-b.csv a.csv b.csv > both.csv\n"
    "  weir merge --append --source-column file parts/*.csv.gz > all.csv\n\n"
    "See weir-merge(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

static int
word(const char *opt, const char *arg, const char *const *words, int n)
{
	int i = weir_cli_choice(opt, arg, words, n);

	if (i == -1)
		usage(EX_USAGE);
	return i;
}

static void
option(struct mg *m, int ch, const char *arg)
{
	static const char *const types[] = { "inner", "left", "right", "full",
	    "semi", "anti" };
	static const char *const expects[] = { "many-to-many", "one-to-one",
	    "many-to-one", "one-to-many" };
	static const char *const sides[] = { "left", "right" };
	char *comma;

	switch (ch) {
	case 'c': m->j.columns = m->a.columns = arg; break;
	case OPT_APPEND: m->append = 1; break;
	case OPT_JOIN: m->j.type = word("--join", arg, types, 6); m->join = 1;
		break;
	case OPT_ON: m->on = arg; break;
	case OPT_LEFT_ON: m->j.left_on = arg; break;
	case OPT_RIGHT_ON: m->j.right_on = arg; break;
	case OPT_NUMERIC_KEYS: m->j.numeric = 1; break;
	case OPT_IGNORE_CASE: m->j.icase = 1; break;
	case OPT_BUILD: m->j.build_left = word("--build", arg, sides, 2) == 0;
		break;
	case OPT_SORTED: m->j.sorted = 1; break;
	case OPT_EXPECT: m->j.expect = word("--expect", arg, expects, 4); break;
	case OPT_SUFFIXES:
		free(m->suffixes);
		m->suffixes = weir_xstrdup(arg);
		if ((comma = strchr(m->suffixes, ',')) == NULL) {
			weir_note("--suffixes needs LEFT,RIGHT, not '%s'", arg);
			usage(EX_USAGE);
		}
		*comma = '\0';
		m->j.suffix[0] = m->suffixes;
		m->j.suffix[1] = comma + 1;
		break;
	case OPT_MEMORY:
		if (weir_cli_size(arg, 64 << 10, "--memory", &m->j.memory) == -1)
			usage(EX_USAGE);
		break;
	case OPT_UNMATCHED_LEFT: m->j.unmatched[0] = arg; break;
	case OPT_UNMATCHED_RIGHT: m->j.unmatched[1] = arg; break;
	case OPT_STRICT: m->a.strict = 1; break;
	case OPT_SOURCE_COLUMN: m->a.source_column = arg; break;
	case OPT_NO_HEADER: m->no_header = 1; break;
	default:
		if (weir_cli_option(&m->cli, ch, arg) == -1)
			usage(EX_USAGE);
	}
}

static void
check_options(struct mg *m, int nargs, char **args)
{
	struct weir_join_opts *j = &m->j;
	int i, dash = 0;

	if (m->append && (m->join || m->on != NULL || j->left_on != NULL ||
	    j->right_on != NULL || j->sorted || j->unmatched[0] != NULL ||
	    j->unmatched[1] != NULL || j->expect)) {
		weir_note("--append takes no join options");
		usage(EX_USAGE);
	}
	if (!m->append && (m->a.strict || m->a.source_column != NULL)) {
		weir_note("--strict-columns and --source-column are for --append");
		usage(EX_USAGE);
	}
	if (!m->append) {
		if (m->on != NULL && (j->left_on != NULL || j->right_on != NULL)) {
			weir_note("--on, or --left-on with --right-on: not both");
			usage(EX_USAGE);
		}
		if (m->on != NULL)
			j->left_on = j->right_on = m->on;
		if (j->left_on == NULL || j->right_on == NULL) {
			weir_note("a join needs --on KEYS (or --left-on and "
			    "--right-on); --append appends");
			usage(EX_USAGE);
		}
		if (nargs != 2) {
			weir_note("a join takes two inputs, left and right");
			usage(EX_USAGE);
		}
		if (j->sorted && j->build_left) {
			weir_note("--sorted holds no side: --build does not apply");
			usage(EX_USAGE);
		}
	} else if (nargs < 1) {
		weir_note("--append needs at least one input");
		usage(EX_USAGE);
	}
	for (i = 0; i < nargs; i++)
		dash += strcmp(args[i], "-") == 0;
	if (dash > 1) {
		weir_note("standard input can be only one of the inputs");
		usage(EX_USAGE);
	}
	if (weir_cli_check_paths(&m->cli, (const char *const *)args,
	    (size_t)nargs) == -1)
		usage(EX_USAGE);
}

static void
read_options(const struct mg *m, struct weir_ropts *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->fmt = m->cli.from;
	ro->delim = m->cli.delim;
	ro->no_header = m->no_header;
	ro->flatten = m->cli.to != WEIR_F_AUTO && weir_fmt_flat(m->cli.to);
}

static void
report(const struct weir_join_counts *n, const char *const *names)
{
	int s;

	for (s = 0; s < 2; s++) {
		if (weir_verbose)
			weir_note("%s (%s): %lu records, %lu matched, %lu "
			    "unmatched", s ? "right" : "left", names[s],
			    n->read[s], n->matched[s], n->unmatched[s]);
	}
	if (weir_verbose && n->partitions > 0)
		weir_note("the held side did not fit in --memory: %lu "
		    "partitions", n->partitions);
	if (weir_verbose)
		weir_note("%lu records out", n->out);
	weir_lineage_count("left_records", (double)n->read[0]);
	weir_lineage_count("right_records", (double)n->read[1]);
	weir_lineage_count("left_matched", (double)n->matched[0]);
	weir_lineage_count("right_matched", (double)n->matched[1]);
	weir_lineage_count("left_unmatched", (double)n->unmatched[0]);
	weir_lineage_count("right_unmatched", (double)n->unmatched[1]);
	weir_lineage_count("records_out", (double)n->out);
}

/* Open every input (complete headers), then the output. */
static int
open_all(struct mg *m, struct weir_source *in, char **names, int n,
    struct weir_sink *out, struct weir_wopts *wo, struct weir_err *e)
{
	struct weir_ropts ro;
	int i;

	read_options(m, &ro);
	for (i = 0; i < n; i++)
		if (weir_source_open(&in[i], names[i], &ro, &out->bad,
		    m->cli.progress && i == 0, e) == -1)
			return -1;
	if (weir_sink_open(out, &m->cli, e) == -1)
		return -1;
	weir_sink_wopts(wo, &m->cli, weir_reader_format(in[0].r));
	for (i = 0; i < n; i++)
		if (weir_source_fix_header(&in[i], 1, e) == -1)
			return -1;
	return 0;
}

static int
merge(struct mg *m, char **names, int n, struct weir_err *e)
{
	struct weir_source *in = weir_xcalloc((size_t)n, sizeof(*in));
	struct weir_join_counts counts;
	struct weir_sink out;
	struct weir_wopts wo;
	unsigned long appended = 0;
	int rv = -1, i;

	memset(&out, 0, sizeof(out));
	memset(&counts, 0, sizeof(counts));
	if (open_all(m, in, names, n, &out, &wo, e) == -1)
		goto out;
	if (m->append ? weir_append_run(&m->a, in, names, (size_t)n, &out,
	    &wo, &appended, e) == -1 : weir_join_run(&m->j, &in[0], &in[1],
	    &out, &wo, &m->cli, &counts, e) == -1)
		goto out;
	if (weir_sink_finish(&out, &in[0], e) == -1)
		goto out;
	if (m->append) {
		if (weir_verbose)
			weir_note("%lu records from %d inputs", appended, n);
		weir_lineage_count("records_out", (double)appended);
	} else
		report(&counts, (const char *const *)names);
	rv = 0;
out:
	weir_sink_close(&out, &in[0]);
	for (i = 1; i < n; i++)
		weir_source_release(&in[i]);
	free(in);
	return rv;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "append",		no_argument,		NULL,	OPT_APPEND },
		{ "build",		required_argument,	NULL,	OPT_BUILD },
		{ "columns",		required_argument,	NULL,	'c' },
		{ "expect",		required_argument,	NULL,	OPT_EXPECT },
		{ "ignore-case",	no_argument,		NULL,	OPT_IGNORE_CASE },
		{ "join",		required_argument,	NULL,	OPT_JOIN },
		{ "left-on",		required_argument,	NULL,	OPT_LEFT_ON },
		{ "memory",		required_argument,	NULL,	OPT_MEMORY },
		{ "no-header",		no_argument,		NULL,	OPT_NO_HEADER },
		{ "numeric-keys",	no_argument,		NULL,	OPT_NUMERIC_KEYS },
		{ "on",			required_argument,	NULL,	OPT_ON },
		{ "right-on",		required_argument,	NULL,	OPT_RIGHT_ON },
		{ "sorted",		no_argument,		NULL,	OPT_SORTED },
		{ "source-column",	required_argument,	NULL,	OPT_SOURCE_COLUMN },
		{ "strict-columns",	no_argument,		NULL,	OPT_STRICT },
		{ "suffixes",		required_argument,	NULL,	OPT_SUFFIXES },
		{ "unmatched-left",	required_argument,	NULL,	OPT_UNMATCHED_LEFT },
		{ "unmatched-right",	required_argument,	NULL,	OPT_UNMATCHED_RIGHT },
		{ NULL,			0,			NULL,	0 }
	};
	struct mg m = { .cli = WEIR_CLI_INIT };
	struct weir_err e;
	int ch;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	m.j.memory = (size_t)256 << 20;
	m.j.suffix[0] = "";
	m.j.suffix[1] = "_right";
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS "c:", longopts,
	    NULL)) != -1)
		option(&m, ch, optarg);
	if (m.cli.help)
		usage(0);
	check_options(&m, argc - optind, argv + optind);
	if (merge(&m, argv + optind, argc - optind, &e) == -1)
		weir_die_err(&e);
	free(m.suffixes);
	weir_exit_flush(0);
}
