/* weir-anonymize: pseudonymize, mask, redact and generalize columns. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "err.h"
#include "lineage.h"
#include "mem.h"
#include "privacy/pseudonym.h"
#include "privacy/run.h"

enum {
	OPT_DOMAIN = WEIR_OPT_LOCAL, OPT_DROP, OPT_FOLD, OPT_GENERALIZE,
	OPT_KEY_FILE, OPT_KEYGEN, OPT_LENGTH, OPT_MASK, OPT_NO_HEADER,
	OPT_PREFIX, OPT_PSEUDONYMIZE, OPT_REDACT, OPT_SCAN, OPT_STRICT,
	OPT_K, OPT_L, OPT_QUASI, OPT_SENSITIVE, OPT_SUPPRESS_VALUES,
	OPT_MAX_SUPPRESS, OPT_RISK, OPT_RISK_JSON, OPT_AUTO, OPT_DP, OPT_BY,
	OPT_VALUE, OPT_BOUNDS, OPT_BINS, OPT_EPSILON, OPT_DELTA, OPT_NOISE,
	OPT_USER, OPT_MAX_CONTRIB, OPT_KEYS, OPT_SEED, OPT_BUDGET,
	OPT_BUDGET_LIMIT, OPT_DATASET, OPT_SHOW
};


static const char synopsis[] =
    "usage: weir-anonymize [-hqvz] [-d delim] [-f format] [-o file] [-t format]\n"
    "                      [--drop list] [--pseudonymize list --key-file file\n"
    "                      [--domain name] [--fold] [--pseudonym-length n] [--prefix s]]\n"
    "                      [--mask col=spec] [--redact col=kinds] [--generalize col=spec]\n"
    "                      [--quasi list [--k k [--auto] [--l l --sensitive col]] [--risk]]\n"
    "                      [file]\n"
    "       weir-anonymize --dp count|sum|mean|histogram --epsilon e [--delta d]\n"
    "                      [--by list [--keys file]] [--value col --bounds lo,hi]\n"
    "                      [--user col [--max-contributions n]]\n"
    "                      [--budget file --budget-limit e[,d] [--dataset name]] [file]\n"
    "       weir-anonymize --budget file --show\n"
    "       weir-anonymize --keygen [-o file]\n";

static const char options_help[] =
    "\nRemove direct identifiers from a record stream: drop, pseudonymize with a\n"
    "key, mask, redact personal data in free text, generalize (in that order).\n\n"
    "      --drop LIST             drop these columns\n"
    "      --pseudonymize LIST     keyed pseudonyms (HMAC-SHA-256) of these columns\n"
    "      --key-file FILE         the pseudonym key (from --keygen)\n"
    "      --domain NAME           pseudonyms of one domain join (default: one for all)\n"
    "      --fold                  trim and fold case before (emails)\n"
    "      --pseudonym-length N    base32 characters, 1 to 51 (default 16: 80 bits)\n"
    "      --prefix STR            put STR before each pseudonym\n"
    "      --mask COL=SPEC         keep-first:N, keep-last:N, email, redact[:TEXT],\n"
    "                              regex:ERE:REPLACEMENT (repeatable)\n"
    "      --redact COL=KINDS      replace email, phone, iban, card, ip, date, ssn\n"
    "                              found in free text by [EMAIL], [PHONE], ...\n"
    "      --generalize COL=SPEC   width:W, edges:a,b, top:X, bottom:X, year, quarter,\n"
    "                              month, week, prefix:N, hierarchy:FILE; steps as\n"
    "                              levels (width:5,10,*), SPEC@N applies level N\n"
    "                              (default 1) (repeatable)\n"
    "      --k K                   every combination of --quasi values in K records\n"
    "                              at least; records of smaller classes suppressed\n"
    "      --quasi LIST            the quasi-identifiers (after the operations above)\n"
    "      --l L                   and L distinct --sensitive values in each class\n"
    "      --sensitive COL         the sensitive column for --l\n"
    "      --suppress-values       suppress by setting the quasi-identifiers to *\n"
    "                              (default: leave the record out)\n"
    "      --max-suppress F        at most this share suppressed, else exit 1\n"
    "                              (default 0.05)\n"
    "      --auto                  with --k: pick the levels of the --quasi columns'\n"
    "                              --generalize specs that lose least (printed)\n"
    "      --risk                  re-identification risk of the --quasi columns on\n"
    "                              stderr (alone: no records are written)\n"
    "      --risk-json FILE        the same as JSON\n"
    "      --dp STAT               instead of records, one noisy count, sum, mean\n"
    "                              or histogram per group (differential privacy)\n"
    "      --epsilon E             the privacy budget of the release\n"
    "      --delta D               for --noise gaussian and groups from the data\n"
    "      --noise KIND            laplace (default) or gaussian, exact discrete\n"
    "      --by LIST               group by these columns\n"
    "      --keys FILE             the groups to release (else: noisy threshold)\n"
    "      --value COL             the column to sum, average or bin\n"
    "      --bounds LO,HI          clamp values to these (public) bounds\n"
    "      --bins N                histogram bins (default 10)\n"
    "      --user COL              privacy per person: bound each one's records\n"
    "      --max-contributions N   records kept per --user (default 1)\n"
    "      --budget FILE           the ledger of what releases spent\n"
    "      --budget-limit E[,D]    refuse a release past this (exit 1)\n"
    "      --dataset NAME          the ledger's name for the input (default: its\n"
    "                              SHA-256)\n"
    "      --show                  with --budget: print the ledger\n"
    "      --insecure-seed N       repeatable noise for tests: NOT private\n"
    "      --keygen                write a new pseudonym key (mode 0600) and exit\n"
    "      --scan                  report which columns look personal (no records;\n"
    "                              -t json for JSON); never prints a value\n"
    "      --strict                with --scan: exit 1 when a column that looks\n"
    "                              personal is not treated by an option given\n"
    "  -d, --delimiter C           CSV input delimiter (default: detected)\n"
    "  -f, --from FORMAT           input format: csv, tsv, ndjson, json\n"
    "  -t, --to FORMAT             output format (default: as the input)\n"
    "  -o, --output FILE           write FILE atomically (gzip if it ends in .gz)\n"
    "  -z, --gzip                  gzip the output\n"
    "      --no-header             the CSV/TSV input has no header\n"
    "      --bad-rows FILE         write bad records to FILE and go on\n"
    "      --max-bad N             stop after more than N bad records\n"
    "  -q, --quiet                 no warnings, no progress\n"
    "  -v, --verbose               say how many values each operation changed\n"
    "  -h, --help                  this help\n"
    "      --version               print the version\n\n"
    "Examples:\n"
    "  weir anonymize --keygen -o ~/.config/weir/pseudonym.key\n"
    "  weir anonymize --pseudonymize email,customer_id --key-file ~/.config/weir/pseudonym.key \\\n"
    "      --fold --mask phone=keep-last:2 --generalize birth=year --drop name customers.csv\n\n"
    "See weir-anonymize(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

static void
push(struct weir_anon_list *l, const char *v)
{
	l->v = weir_xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = v;
}

static _Noreturn void
misuse(const char *why)
{
	weir_note("%s", why);
	usage(EX_USAGE);
}

static void
dp_option(struct weir_anon_run *a, int ch, const char *arg)
{
	static const char *const stats[] = { "count", "sum", "mean",
	    "histogram" };
	static const char *const noises[] = { "laplace", "gaussian" };
	long n;
	int i;

	switch (ch) {
	case OPT_DP:
		if ((i = weir_cli_choice("--dp", arg, stats, 4)) < 0)
			usage(EX_USAGE);
		a->dp = 1;
		a->d.stat = i;
		break;
	case OPT_BY: a->d.by = arg; break;
	case OPT_VALUE: a->d.value = arg; break;
	case OPT_BOUNDS:
		if (weir_cli_range(arg, "--bounds", &a->d.lo, &a->d.hi) == -1)
			usage(EX_USAGE);
		a->have_bounds = 1;
		break;
	case OPT_BINS:
		if (weir_cli_long(arg, 1, 100000, "--bins", &n) == -1)
			usage(EX_USAGE);
		a->d.bins = (unsigned)n;
		break;
	case OPT_EPSILON:
		if (weir_cli_real(arg, 0, 1000, 1, "--epsilon",
		    &a->d.epsilon) == -1)
			usage(EX_USAGE);
		break;
	case OPT_DELTA:
		if (weir_cli_real(arg, 0, 1, 1, "--delta", &a->d.delta) == -1 ||
		    !(a->d.delta < 1)) {
			weir_note("--delta is above 0 and below 1");
			usage(EX_USAGE);
		}
		break;
	case OPT_NOISE:
		if ((i = weir_cli_choice("--noise", arg, noises, 2)) < 0)
			usage(EX_USAGE);
		a->d.gaussian = i == 1;
		break;
	case OPT_USER: a->d.user = arg; break;
	case OPT_MAX_CONTRIB:
		if (weir_cli_long(arg, 1, 100000, "--max-contributions",
		    &n) == -1)
			usage(EX_USAGE);
		a->d.max_contrib = (unsigned)n;
		break;
	case OPT_KEYS: a->d.keys = arg; break;
	case OPT_SEED:
		if (weir_cli_long(arg, 0, LONG_MAX, "--insecure-seed",
		    &n) == -1)
			usage(EX_USAGE);
		a->d.seeded = 1;
		a->d.seed = (uint64_t)n;
		break;
	case OPT_BUDGET: a->budget.file = arg; break;
	case OPT_BUDGET_LIMIT:
		if (weir_ledger_limit(arg, &a->budget.limit_epsilon,
		    &a->budget.limit_delta) == -1)
			usage(EX_USAGE);
		break;
	case OPT_DATASET: a->budget.dataset = arg; break;
	case OPT_SHOW: a->show = 1; break;
	}
}

static void
option(struct weir_anon_run *a, int ch, const char *arg)
{
	long n;

	if (ch >= OPT_DP && ch <= OPT_SHOW) {
		dp_option(a, ch, arg);
		return;
	}
	switch (ch) {
	case OPT_DROP: a->o.drop = arg; break;
	case OPT_PSEUDONYMIZE: a->o.pseudonymize = arg; break;
	case OPT_KEY_FILE: a->o.key_file = arg; break;
	case OPT_DOMAIN: a->o.domain = arg; break;
	case OPT_FOLD: a->o.fold = 1; break;
	case OPT_LENGTH:
		if (weir_cli_long(arg, 1, WEIR_PSEUDO_MAX, "--pseudonym-length",
		    &n) == -1)
			usage(EX_USAGE);
		a->o.length = (size_t)n;
		break;
	case OPT_PREFIX: a->o.prefix = arg; break;
	case OPT_MASK: push(&a->o.masks, arg); break;
	case OPT_REDACT: push(&a->o.redacts, arg); break;
	case OPT_GENERALIZE: push(&a->o.generalize, arg); break;
	case OPT_KEYGEN: a->keygen = 1; break;
	case OPT_SCAN: a->scan = 1; break;
	case OPT_K:
		if (weir_cli_long(arg, 1, 1000000000, "--k", &n) == -1)
			usage(EX_USAGE);
		a->k.k = (uint64_t)n;
		break;
	case OPT_L:
		if (weir_cli_long(arg, 1, 1000, "--l", &n) == -1)
			usage(EX_USAGE);
		a->k.l = (unsigned)n;
		break;
	case OPT_QUASI: a->k.quasi = arg; break;
	case OPT_SENSITIVE: a->k.sensitive = arg; break;
	case OPT_SUPPRESS_VALUES: a->k.suppress_values = 1; break;
	case OPT_MAX_SUPPRESS:
		if (weir_cli_real(arg, 0, 1, 0, "--max-suppress",
		    &a->k.max_suppress) == -1)
			usage(EX_USAGE);
		break;
	case OPT_RISK: a->k.risk = 1; break;
	case OPT_AUTO: a->autopick = 1; break;
	case OPT_RISK_JSON: a->k.risk_json = arg; break;
	case OPT_STRICT: a->strict = 1; break;
	case OPT_NO_HEADER: a->no_header = 1; break;
	default:
		if (weir_cli_option(&a->cli, ch, arg) == -1)
			usage(EX_USAGE);
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "domain",		required_argument,	NULL,	OPT_DOMAIN },
		{ "drop",		required_argument,	NULL,	OPT_DROP },
		{ "fold",		no_argument,		NULL,	OPT_FOLD },
		{ "generalize",		required_argument,	NULL,	OPT_GENERALIZE },
		{ "key-file",		required_argument,	NULL,	OPT_KEY_FILE },
		{ "keygen",		no_argument,		NULL,	OPT_KEYGEN },
		{ "mask",		required_argument,	NULL,	OPT_MASK },
		{ "no-header",		no_argument,		NULL,	OPT_NO_HEADER },
		{ "prefix",		required_argument,	NULL,	OPT_PREFIX },
		{ "pseudonym-length",	required_argument,	NULL,	OPT_LENGTH },
		{ "pseudonymize",	required_argument,	NULL,	OPT_PSEUDONYMIZE },
		{ "redact",		required_argument,	NULL,	OPT_REDACT },
		{ "scan",		no_argument,		NULL,	OPT_SCAN },
		{ "k",			required_argument,	NULL,	OPT_K },
		{ "l",			required_argument,	NULL,	OPT_L },
		{ "quasi",		required_argument,	NULL,	OPT_QUASI },
		{ "sensitive",		required_argument,	NULL,	OPT_SENSITIVE },
		{ "suppress-values",	no_argument,		NULL,	OPT_SUPPRESS_VALUES },
		{ "max-suppress",	required_argument,	NULL,	OPT_MAX_SUPPRESS },
		{ "risk",		no_argument,		NULL,	OPT_RISK },
		{ "risk-json",		required_argument,	NULL,	OPT_RISK_JSON },
		{ "strict",		no_argument,		NULL,	OPT_STRICT },
		{ "auto",		no_argument,		NULL,	OPT_AUTO },
		{ "dp",			required_argument,	NULL,	OPT_DP },
		{ "by",			required_argument,	NULL,	OPT_BY },
		{ "value",		required_argument,	NULL,	OPT_VALUE },
		{ "bounds",		required_argument,	NULL,	OPT_BOUNDS },
		{ "bins",		required_argument,	NULL,	OPT_BINS },
		{ "epsilon",		required_argument,	NULL,	OPT_EPSILON },
		{ "delta",		required_argument,	NULL,	OPT_DELTA },
		{ "noise",		required_argument,	NULL,	OPT_NOISE },
		{ "user",		required_argument,	NULL,	OPT_USER },
		{ "max-contributions",	required_argument,	NULL,	OPT_MAX_CONTRIB },
		{ "keys",		required_argument,	NULL,	OPT_KEYS },
		{ "insecure-seed",	required_argument,	NULL,	OPT_SEED },
		{ "budget",		required_argument,	NULL,	OPT_BUDGET },
		{ "budget-limit",	required_argument,	NULL,	OPT_BUDGET_LIMIT },
		{ "dataset",		required_argument,	NULL,	OPT_DATASET },
		{ "show",		no_argument,		NULL,	OPT_SHOW },
		{ NULL,			0,			NULL,	0 }
	};
	struct weir_anon_run a = { .cli = WEIR_CLI_INIT };
	struct weir_err e;
	const char *why;
	int ch;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	a.o.length = 16;
	a.k.max_suppress = 0.05;
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1)
		option(&a, ch, optarg);
	if (a.cli.help)
		usage(0);
	if (sodium_init() < 0)
		weir_die(EX_SOFTWARE, "libsodium cannot start");
	if (a.keygen) {
		if (optind < argc) {
			weir_note("--keygen takes no input");
			usage(EX_USAGE);
		}
		if (weir_anon_keygen(a.cli.output, &e) == -1)
			weir_die_err(&e);
		weir_exit_flush(0);
	}
	if (a.show) {
		if (a.budget.file == NULL || optind < argc) {
			weir_note("--show takes --budget FILE and no input");
			usage(EX_USAGE);
		}
		if (weir_ledger_show(a.budget.file, stdout, &e) == -1)
			weir_die_err(&e);
		weir_exit_flush(0);
	}
	if ((why = weir_anon_run_check(&a)) != NULL)
		misuse(why);
	if (argc - optind > 1) {
		weir_note("one input at most; weir-merge --append combines "
		    "several");
		usage(EX_USAGE);
	}
	if (weir_cli_check_paths(&a.cli, (const char *const *)argv + optind,
	    (size_t)(argc - optind)) == -1)
		usage(EX_USAGE);
	switch (weir_anon_run(&a, optind < argc ? argv[optind] : "-", &e)) {
	case -1:
		weir_die_err(&e);
	case 1:
		weir_exit_flush(1);	/* refused, or --strict: said */
	}
	free(a.o.masks.v);
	free(a.o.redacts.v);
	free(a.o.generalize.v);
	weir_exit_flush(0);
}
