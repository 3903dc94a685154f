/* weir audit check: rules on a record stream; exit 1 when one fails. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "badrows.h"
#include "cli.h"
#include "err.h"
#include "jsonfile.h"
#include "lineage.h"
#include "mem.h"
#include "source.h"
#include "stream.h"
#include "stats/rules.h"

enum { OPT_RESULTS = WEIR_OPT_LOCAL, OPT_NO_VALUES, OPT_MEMORY,
	OPT_NO_HEADER };

static const char synopsis[] =
    "usage: weir-audit check [-hqv] [-d delim] [-f format] [--results file]\n"
    "                        [--no-values] [--bad-rows file] [--memory size]\n"
    "                        rules.json [file]\n";

static const char help[] =
    "\nCheck a record stream against the rules of a JSON file, in one pass:\n"
    "values (not_null, in, between, pattern, type, unique, foreign_key),\n"
    "columns as a whole (max_missing_share, mean_between, quantile_between,\n"
    "distinct_between) and the table (rows_between, columns, freshness).\n"
    "A summary goes to standard error; the exit status is 1 when a rule of\n"
    "severity error fails, 0 otherwise (warnings are reported only).\n\n"
    "      --results FILE     the results as JSON: each rule, its status, what\n"
    "                         was observed, the lines of failing records\n"
    "      --no-values        in the results, positions only: no value\n"
    "      --bad-rows FILE    the records that broke a value rule\n"
    "      --memory SIZE      memory for unique and foreign_key before they\n"
    "                         spill to temporary files (default 256M)\n"
    "  -d, --delimiter C      CSV input delimiter (default: detected)\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json\n"
    "      --no-header        the CSV/TSV input has no header\n"
    "  -q, --quiet            no summary\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit profile --suggest-rules train.profile.json > rules.json\n"
    "  weir audit check --results check.json rules.json daily.csv || exit 1\n\n"
    "See weir-audit(1) and, for the rules file, weir-formats(5).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " check");
}

struct opts {
	struct weir_cli	 cli;
	const char	*results;
	int		 no_values;
	size_t		 memory;
	int		 no_header;
};

static int
check(const struct opts *o, struct weir_rules *rs, const char *path,
    struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source in;
	struct weir_bad bad;
	struct weir_badrec br;
	struct weir_buf raw = WEIR_BUF_INIT;
	const struct weir_rec *r;
	const char *why, *column;
	size_t errors, warnings;
	json_t *j;
	int rv, n;

	memset(&ro, 0, sizeof(ro));
	memset(&bad, 0, sizeof(bad));
	ro.fmt = o->cli.from;
	ro.delim = o->cli.delim;
	ro.no_header = o->no_header;
	if (weir_source_open(&in, path, &ro, &bad, o->cli.progress, e) == -1 ||
	    weir_bad_init(&bad, o->cli.bad_rows, o->cli.bad_rows != NULL &&
	    o->cli.max_bad < 0 ? -1 : o->cli.max_bad, e) == -1) {
		rv = -1;
		goto out;
	}
	while ((rv = weir_source_next(&in, &r, e)) == 1) {
		if ((n = weir_rules_record(rs, weir_source_header(&in), r, &why,
		    &column, e)) == -1) {
			rv = -1;
			goto out;
		}
		if (n > 0 && o->cli.bad_rows != NULL) {
			weir_bad_rec(&br, &raw, e, weir_source_header(&in), r,
			    column, "rule %s failed", why);
			if (weir_bad_put(&bad, &br, e) == -1) {
				rv = -1;
				goto out;
			}
		}
	}
	if (rv == -1)
		goto out;
	weir_source_done(&in);
	if ((rv = weir_rules_finish(rs, weir_source_header(&in), e)) == -1)
		goto out;
	if (!weir_quiet)
		weir_rules_report(rs, stderr);
	if (o->results != NULL) {
		j = weir_rules_results(rs, o->no_values);
		rv = weir_json_save(j, o->results, e);
		json_decref(j);
		if (rv == -1)
			goto out;
	}
	if ((rv = weir_bad_finish(&bad, e)) == -1)
		goto out;
	weir_rules_failed(rs, &errors, &warnings);
	weir_lineage_count("rules_failed", (double)errors);
	weir_lineage_count("rules_warned", (double)warnings);
	if (!weir_quiet)
		weir_note("%zu rule%s of severity error failed, %zu of warn",
		    errors, errors == 1 ? "" : "s", warnings);
	rv = errors > 0;
out:
	weir_bad_abort(&bad);
	weir_source_release(&in);
	weir_buf_release(&raw);
	return rv;
}

void
audit_check(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "results",	required_argument,	NULL,	OPT_RESULTS },
		{ "no-values",	no_argument,		NULL,	OPT_NO_VALUES },
		{ "memory",	required_argument,	NULL,	OPT_MEMORY },
		{ "no-header",	no_argument,		NULL,	OPT_NO_HEADER },
		{ NULL,		0,			NULL,	0 }
	};
	struct opts o = { WEIR_CLI_INIT, NULL, 0, 0, 0 };
	struct weir_rules *rs;
	struct weir_err e;
	int ch, rv;

	o.memory = (size_t)256 << 20;
	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_RESULTS: o.results = optarg; break;
		case OPT_NO_VALUES: o.no_values = 1; break;
		case OPT_NO_HEADER: o.no_header = 1; break;
		case OPT_MEMORY:
			if (weir_cli_size(optarg, (size_t)1 << 20, "--memory",
			    &o.memory) == -1)
				usage(EX_USAGE);
			break;
		default:
			if (weir_cli_option(&o.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (o.cli.help)
		usage(0);
	if (optind == argc) {
		weir_note("the rules file is needed");
		usage(EX_USAGE);
	}
	if (argc - optind > 2) {
		weir_note("one input after the rules file");
		usage(EX_USAGE);
	}
	if (o.cli.output != NULL) {
		weir_note("check writes no records: --results FILE takes the "
		    "results");
		usage(EX_USAGE);
	}
	if ((rs = weir_rules_load(argv[optind], o.memory, &e)) == NULL)
		weir_die_err(&e);
	rv = check(&o, rs, optind + 1 < argc ? argv[optind + 1] : "-", &e);
	weir_rules_free(rs);
	if (rv == -1)
		weir_die_err(&e);
	weir_exit_flush(rv);
}
