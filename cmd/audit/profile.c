/* weir audit profile: what each column of a record stream holds. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "err.h"
#include "jsonfile.h"
#include "lineage.h"
#include "mem.h"
#include "num.h"
#include "parts.h"
#include "sink.h"
#include "source.h"
#include "stream.h"
#include "stats/profile.h"
#include "stats/rules.h"

enum { OPT_MERGE = WEIR_OPT_LOCAL, OPT_SUGGEST, OPT_NO_HEADER, OPT_THREADS };

static const char synopsis[] =
    "usage: weir-audit profile [-hqv] [-d delim] [-f format] [-o file] [-t format]\n"
    "                          [--threads n] [file]\n"
    "       weir-audit profile --merge [-o file] [-t format] profile.json ...\n"
    "       weir-audit profile --suggest-rules [-o file] profile.json ...\n";

static const char help[] =
    "\nProfile a record stream in one pass: per column its type, values present\n"
    "and missing, distinct values, min, max, mean, standard deviation,\n"
    "quantiles, a histogram, the most frequent values, lengths, and the share\n"
    "of values that look numeric, like dates or bools.  Exact for small\n"
    "inputs, sketches with stated error bounds beyond; memory stays bounded.\n\n"
    "  -t, --to FORMAT        json (default: the profile, with what merging\n"
    "                         needs), table or markdown (for people)\n"
    "  -o, --output FILE      write FILE atomically\n"
    "      --merge            the profile of the concatenated inputs, from\n"
    "                         the profiles of the parts (shards profiled apart)\n"
    "      --suggest-rules    a starting rules file for weir audit check, from\n"
    "                         profiles\n"
    "  -d, --delimiter C      CSV input delimiter (default: detected)\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json\n"
    "      --no-header        the CSV/TSV input has no header\n"
    "      --threads N        read a large file's parts on N threads\n"
    "                         (default: one per core; the profile is the same)\n"
    "      --bad-rows FILE    write bad records to FILE and go on\n"
    "      --max-bad N        stop after more than N bad records\n"
    "  -q, --quiet            no warnings\n"
    "  -v, --verbose          say what was read\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit profile -o train.profile.json train.csv\n"
    "  weir audit profile -t table train.csv\n"
    "  ls shards/*.csv | parallel 'weir audit profile -o {}.json {}'\n"
    "  weir audit profile --merge shards/*.json > all.profile.json\n"
    "  weir audit profile --suggest-rules all.profile.json > rules.json\n\n"
    "See weir-audit(1).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " profile");
}

/* -t table, markdown: one row per column, the figures people look at. */
static int
table(struct weir_profile *p, const struct weir_cli *cli, struct weir_err *e)
{
	static const char *const cols[] = { "column", "type", "count",
	    "missing", "distinct", "min", "p50", "max", "mean", "stddev",
	    "top" };
	struct audit_table t;
	struct weir_buf top = WEIR_BUF_INIT;
	const struct weir_colsum *s;
	size_t i;
	char d[64];
	int rv = -1;

	if (audit_table_open(&t, cli, WEIR_F_CSV, cols, sizeof(cols) /
	    sizeof(cols[0]), e) == -1)
		goto out;
	for (i = 0; i < weir_profile_columns(p); i++) {
		s = weir_profile_column(p, i);
		audit_table_str(&t, s->name, strlen(s->name));
		audit_table_str(&t, s->type, strlen(s->type));
		audit_table_num(&t, (double)s->count, 0);
		audit_table_num(&t, (double)s->missing, 0);
		snprintf(d, sizeof(d), "%s%.0f", s->distinct_exact ? "" : "~",
		    s->distinct);
		audit_table_str(&t, d, strlen(d));
		/* people read six digits of a mean, all of a value */
		audit_table_num(&t, s->numeric ? s->min : NAN, 0);
		audit_table_num(&t, s->numeric ? s->q[3] : NAN, 0);
		audit_table_num(&t, s->numeric ? s->max : NAN, 0);
		audit_table_num(&t, s->numeric ? s->mean : NAN, 6);
		audit_table_num(&t, s->numeric ? s->stddev : NAN, 6);
		weir_buf_reset(&top);
		if (s->ntop > 0) {
			snprintf(d, sizeof(d), " (%llu)",
			    (unsigned long long)s->top[0].count);
			weir_buf_add(&top, s->top[0].s, s->top[0].len);
			weir_buf_adds(&top, d);
		}
		audit_table_str(&t, top.p, top.len);
		if (audit_table_put(&t, e) == -1)
			goto out;
	}
	rv = audit_table_finish(&t, e);
out:
	audit_table_close(&t);
	weir_buf_release(&top);
	return rv;
}

static int
emit(struct weir_profile *p, const struct weir_cli *cli, int fmt,
    struct weir_err *e)
{
	json_t *j;
	int rv;

	if (fmt != 0)
		return table(p, cli, e);
	j = weir_profile_json(p);
	rv = weir_json_save(j, cli->output, e);
	json_decref(j);
	return rv;
}

/* The profiles named, merged into one. */
static struct weir_profile *
load_all(int argc, char *argv[], struct weir_err *e)
{
	struct weir_profile *p = NULL, *q;
	json_t *j;
	int i;

	for (i = 0; i < argc; i++) {
		if ((j = weir_json_load(argv[i], e)) == NULL)
			goto fail;
		q = weir_profile_from_json(j, argv[i], e);
		json_decref(j);
		if (q == NULL)
			goto fail;
		if (p == NULL)
			p = q;
		else {
			weir_profile_merge(p, q);
			weir_profile_free(q);
		}
	}
	return p;
fail:
	weir_profile_free(p);
	return NULL;
}

static int
profile(const struct weir_cli *cli, const char *path, int no_header,
    size_t threads, int fmt, struct weir_err *e)
{
	struct weir_profile *p;
	int rv;

	if ((p = audit_read_profile(cli, no_header, threads, path, e)) == NULL)
		return -1;
	if (weir_verbose)
		weir_note("%llu records, %zu columns",
		    (unsigned long long)weir_profile_records(p),
		    weir_profile_columns(p));
	rv = emit(p, cli, fmt, e);
	weir_profile_free(p);
	return rv;
}

void
audit_profile(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "merge",		no_argument,	NULL,	OPT_MERGE },
		{ "suggest-rules",	no_argument,	NULL,	OPT_SUGGEST },
		{ "no-header",		no_argument,	NULL,	OPT_NO_HEADER },
		{ "threads",		required_argument, NULL, OPT_THREADS },
		{ NULL,			0,		NULL,	0 }
	};
	static const char *const fmts[] = { "json", "table", "markdown" };
	struct weir_cli cli = WEIR_CLI_INIT;
	struct weir_profile *p;
	struct weir_err e;
	const char *to = NULL;
	int ch, merge = 0, suggest = 0, no_header = 0, fmt = 0;
	long threads = 0;
	json_t *j;

	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_MERGE: merge = 1; break;
		case OPT_SUGGEST: suggest = 1; break;
		case OPT_NO_HEADER: no_header = 1; break;
		case OPT_THREADS:
			if (weir_cli_long(optarg, 1, WEIR_PARTS_MAX, "--threads",
			    &threads) == -1)
				usage(EX_USAGE);
			break;
		case 't': to = optarg; break;
		default:
			if (weir_cli_option(&cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (cli.help)
		usage(0);
	if (to != NULL && (fmt = weir_cli_choice("-t", to, fmts, 3)) < 0)
		usage(EX_USAGE);
	if (fmt > 0) {
		cli.to = fmt == 1 ? WEIR_F_TABLE : WEIR_F_MARKDOWN;
		if (suggest) {
			weir_note("--suggest-rules writes JSON");
			usage(EX_USAGE);
		}
	}
	if ((merge || suggest) && optind == argc) {
		weir_note("%s takes profiles (weir audit profile -o FILE)",
		    merge ? "--merge" : "--suggest-rules");
		usage(EX_USAGE);
	}
	if (!merge && !suggest && argc - optind > 1) {
		weir_note("one input; profile shards apart and --merge them");
		usage(EX_USAGE);
	}
	if (merge || suggest) {
		if ((p = load_all(argc - optind, argv + optind, &e)) == NULL)
			weir_die_err(&e);
		if (suggest) {
			j = weir_rules_suggest(p);
			if (weir_json_save(j, cli.output, &e) == -1)
				weir_die_err(&e);
			json_decref(j);
		} else if (emit(p, &cli, fmt, &e) == -1)
			weir_die_err(&e);
		weir_profile_free(p);
		weir_exit_flush(0);
	}
	if (weir_cli_check_paths(&cli, (const char *const *)argv + optind,
	    (size_t)(argc - optind)) == -1)
		usage(EX_USAGE);
	if (profile(&cli, optind < argc ? argv[optind] : "-", no_header,
	    (size_t)threads, fmt, &e) == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
