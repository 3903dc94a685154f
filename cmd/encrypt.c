/* weir-encrypt: encrypt whole streams in the age format, or single columns. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "crypto/age.h"
#include "crypto/agefile.h"
#include "crypto/colcrypt.h"
#include "secret.h"
#include "err.h"
#include "io.h"
#include "lineage.h"
#include "mem.h"
#include "sink.h"
#include "source.h"
#include "stream.h"

enum {
	OPT_DELIMITER = WEIR_OPT_LOCAL,
	OPT_DETERMINISTIC,
	OPT_KEY_FILE,
	OPT_KEYGEN,
	OPT_PASS_FD,
	OPT_PASS_FILE,
	OPT_THREADS
};

struct opts {
	struct weir_cli		 cli;
	struct weir_pass_src	 pass;
	const char		**recipients;	/* -r */
	size_t			 nrecipients;
	const char		**rfiles;	/* -R */
	size_t			 nrfiles;
	const char		**ids;		/* -i */
	size_t			 nids;
	const char		*columns;
	const char		*key_file;
	const char		*keygen;	/* "age" or "column" */
	const char		*y;
	const char		*input;
	long			 threads;
	int			 armor;
	int			 decrypt;
	int			 passphrase;
	int			 deterministic;
};

static const char synopsis[] =
    "usage: weir-encrypt [-ahpq] [-o file] [-R file]... [-r recipient]... [--passphrase-fd n]\n"
    "                    [--passphrase-file file] [--threads n] [file]\n"
    "       weir-encrypt -d [-hq] [-i file]... [-o file] [--passphrase-fd n]\n"
    "                    [--passphrase-file file] [--threads n] [file]\n"
    "       weir-encrypt -c list --key-file file [-dhq] [-f format] [-o file] [-t format]\n"
    "                    [--bad-rows file] [--delimiter char] [--deterministic]\n"
    "                    [--max-bad n] [--progress] [file]\n"
    "       weir-encrypt --keygen[=column] [-q] [-o file]\n"
    "       weir-encrypt -y file [-o file]\n";

static const char options_help[] =
    "\nEncrypt or decrypt a whole stream in the age format, or single columns of a\n"
    "CSV, TSV or NDJSON record stream.\n\n"
    "  -r, --recipient AGE1...  encrypt to this age recipient (repeatable)\n"
    "  -R, --recipients-file F  encrypt to the recipients listed in F (repeatable)\n"
    "  -p, --passphrase         encrypt with a passphrase (scrypt)\n"
    "  -a, --armor              write PEM-armored text instead of binary\n"
    "  -d, --decrypt            decrypt\n"
    "  -i, --identity FILE      decrypt with the identities in FILE (repeatable)\n"
    "      --passphrase-file F  read the passphrase from the first line of F\n"
    "      --passphrase-fd N    read the passphrase from file descriptor N\n"
    "      --threads N          seal or open chunks on N threads (default: all cores)\n"
    "  -c, --columns LIST       encrypt (or with -d decrypt) only these columns\n"
    "      --key-file FILE      the column key (from --keygen=column)\n"
    "      --deterministic      equal values give equal tokens (see the man page)\n"
    "  -f, --from FORMAT        column mode: input format csv, tsv, ndjson, json\n"
    "  -t, --to FORMAT          column mode: output format (default: as input)\n"
    "      --delimiter C        column mode: CSV input delimiter (default: detected;\n"
    "                           the output is CSV with commas)\n"
    "      --bad-rows FILE      column mode: write tokens that fail to decrypt to FILE\n"
    "      --max-bad N          column mode: stop after more than N bad records\n"
    "      --progress           column mode: show progress on stderr\n"
    "      --keygen[=column]    write a new age identity, or a column key\n"
    "  -y FILE                  print the recipient of each identity in FILE\n"
    "  -o, --output FILE        write FILE atomically\n"
    "  -q, --quiet              no warnings\n"
    "  -h, --help               this help\n"
    "      --version            print the version\n\n"
    "Passphrases come from --passphrase-file, --passphrase-fd, WEIR_PASSPHRASE or\n"
    "the terminal, never from the command line.\n\n"
    "Examples:\n"
    "  weir encrypt --keygen -o ops.key\n"
    "  weir encrypt -r age1... -o orders.csv.age orders.csv\n"
    "  weir encrypt -d -i ops.key orders.csv.age | weir convert -t table\n"
    "  weir encrypt -c email,phone --key-file pii.colkey orders.csv > orders.enc.csv\n\n"
    "See weir-encrypt(1).\n";

static _Noreturn void
usage(int code)
{
	weir_cli_usage(code, synopsis, options_help);
}

static _Noreturn void
usage_error(const char *msg)
{
	weir_note("%s", msg);
	usage(EX_USAGE);
}

static void
push(const char ***list, size_t *n, const char *s)
{
	*list = weir_xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = s;
}

/* ---- --keygen and -y */

static int
keygen(const struct opts *o, struct weir_err *e)
{
	char pub[WEIR_AGE_KEYTEXT];
	int tty;

	if (strcmp(o->keygen, "column") == 0)
		return weir_colkey_generate_file(o->cli.output, e);
	tty = (o->cli.output == NULL || strcmp(o->cli.output, "-") == 0) &&
	    isatty(1);
	if (weir_age_keygen_file(o->cli.output, pub, e) == -1)
		return -1;
	if (!tty && !weir_quiet)	/* as age-keygen does */
		fprintf(stderr, "Public key: %s\n", pub);
	return 0;
}

/* ---- columns */

static int
crypt_rec(void *ctx, const struct weir_header *h, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	struct weir_colcrypt *cc = ctx;
	int rv = weir_colcrypt_apply(cc, in, out, e);

	(void)h;
	if (rv == WEIR_BAD)
		*bad = weir_colcrypt_bad(cc);
	return rv;
}

/*
 * A growing header written as a flat format needs every record read first.
 * Only ciphertext goes to the temporary file: encrypted records when
 * encrypting, the records as read when decrypting.
 */
static int
columns(const struct opts *o, struct weir_err *e)
{
	struct weir_ropts ro = { 0 };
	struct weir_wopts wo;
	struct weir_colkey key;
	struct weir_colcrypt *cc;
	char fp[33];
	struct weir_source in;
	struct weir_sink out;
	int rv = -1;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	if (weir_colkey_load(&key, o->key_file, e) == -1)
		return -1;
	weir_colkey_fingerprint(&key, fp);
	weir_lineage_key("column key", fp);
	cc = weir_colcrypt_new(&key, (o->decrypt ? WEIR_COLCRYPT_DECRYPT : 0) |
	    (o->deterministic ? WEIR_COLCRYPT_DETERMINISTIC : 0));
	weir_colkey_wipe(&key);
	ro.fmt = o->cli.from;
	ro.delim = o->cli.delim;
	ro.flatten = o->cli.to != WEIR_F_AUTO && weir_fmt_flat(o->cli.to);
	if (weir_source_open(&in, o->input, &ro, &out.bad, o->cli.progress,
	    e) == -1 || weir_colcrypt_select(cc, o->columns,
	    weir_source_header(&in), weir_reader_orig(in.r),
	    weir_reader_fixed(in.r), e) == -1 ||
	    weir_sink_open(&out, &o->cli, e) == -1)
		goto out;
	if (o->decrypt)
		weir_out_private(&out.out);
	weir_source_transform(&in, &(struct weir_xform){ crypt_rec, cc,
	    !o->decrypt });
	weir_sink_wopts(&wo, &o->cli, weir_reader_format(in.r));
	if (weir_source_fix_header(&in, weir_fmt_flat(wo.fmt), e) == -1 ||
	    (in.spill != NULL && weir_colcrypt_missing(cc, e) == -1) ||
	    weir_sink_start(&out, &wo, weir_source_header(&in), e) == -1)
		goto out;
	if (weir_sink_pump(&out, &in, e) == -1 ||
	    weir_colcrypt_missing(cc, e) == -1)
		goto out;
	if (weir_sink_finish(&out, &in, e) == -1)
		goto out;
	rv = 0;
out:
	weir_sink_close(&out, &in);
	weir_colcrypt_free(cc);
	return rv;
}

/* ---- options */

/* Options that only make sense for one mode. */
static void
check_modes(const struct opts *o, int nargs)
{
	const struct weir_cli *cl = &o->cli;
	int recs = cl->from || cl->to || cl->delim || cl->bad_rows ||
	    cl->max_bad != -1 || cl->progress || o->deterministic || o->key_file;
	int age = o->armor || o->passphrase || o->nrecipients || o->nrfiles ||
	    o->nids || o->pass.file || o->pass.fd != -1 || o->threads;

	if (nargs > 1)
		usage_error("one input at most");
	if (o->keygen != NULL || o->y != NULL) {
		if (o->keygen != NULL && o->y != NULL)
			usage_error("--keygen and -y cannot go together");
		if (recs || age || o->decrypt || o->columns || nargs)
			usage_error(o->keygen ? "--keygen takes only -o and -q" :
			    "-y takes only -o");
		return;
	}
	if (o->columns != NULL) {
		if (age)
			usage_error("-a, -i, -p, -r, -R, --passphrase-* and "
			    "--threads are for whole files, not -c");
		if (o->key_file == NULL)
			usage_error("-c needs --key-file FILE "
			    "(make one with --keygen=column)");
		return;
	}
	if (recs)
		usage_error("-f, -t, --delimiter, --bad-rows, --max-bad, "
		    "--progress, --key-file and --deterministic need -c LIST");
	if (o->pass.file != NULL && o->pass.fd != -1)
		usage_error("--passphrase-file and --passphrase-fd cannot go "
		    "together");
	if (o->decrypt) {
		if (o->armor)
			usage_error("-a is for encrypting; armored input is "
			    "recognised");
		if (o->passphrase)
			usage_error("-p is for encrypting; a passphrase-"
			    "encrypted file asks for its passphrase");
		if (o->nrecipients || o->nrfiles)
			usage_error("-r and -R are for encrypting; -d takes -i");
		return;
	}
	if (o->nids)
		usage_error("-i is for decrypting (-d)");
	if (o->passphrase && (o->nrecipients || o->nrfiles))
		usage_error("-p cannot go with -r or -R");
	if (!o->passphrase && (o->pass.file || o->pass.fd != -1))
		usage_error("--passphrase-file and --passphrase-fd need -p "
		    "(or -d)");
	if (!o->passphrase && !o->nrecipients && !o->nrfiles)
		usage_error("no recipients: give -r, -R or -p");
	if (!o->armor && (o->cli.output == NULL ||
	    strcmp(o->cli.output, "-") == 0) && isatty(1))
		usage_error("not writing binary to a terminal; use -a or -o");
}

static const struct option longopts[] = {
	{ "armor",		no_argument,		NULL,	'a' },
	{ "audit-log",		required_argument,	NULL,	WEIR_OPT_AUDIT_LOG },
	{ "bad-rows",		required_argument,	NULL,	WEIR_OPT_BAD_ROWS },
	{ "columns",		required_argument,	NULL,	'c' },
	{ "decrypt",		no_argument,		NULL,	'd' },
	{ "delimiter",		required_argument,	NULL,	OPT_DELIMITER },
	{ "deterministic",	no_argument,		NULL,	OPT_DETERMINISTIC },
	{ "from",		required_argument,	NULL,	'f' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "identity",		required_argument,	NULL,	'i' },
	{ "key-file",		required_argument,	NULL,	OPT_KEY_FILE },
	{ "keygen",		optional_argument,	NULL,	OPT_KEYGEN },
	{ "max-bad",		required_argument,	NULL,	WEIR_OPT_MAX_BAD },
	{ "output",		required_argument,	NULL,	'o' },
	{ "passphrase",		no_argument,		NULL,	'p' },
	{ "passphrase-fd",	required_argument,	NULL,	OPT_PASS_FD },
	{ "passphrase-file",	required_argument,	NULL,	OPT_PASS_FILE },
	{ "progress",		no_argument,		NULL,	WEIR_OPT_PROGRESS },
	{ "quiet",		no_argument,		NULL,	'q' },
	{ "recipient",		required_argument,	NULL,	'r' },
	{ "recipients-file",	required_argument,	NULL,	'R' },
	{ "threads",		required_argument,	NULL,	OPT_THREADS },
	{ "to",			required_argument,	NULL,	't' },
	{ "version",		no_argument,		NULL,	WEIR_OPT_VERSION },
	{ NULL,			0,			NULL,	0 }
};

/* One option into o; a wrong one ends in usage(). */
static void
option(struct opts *o, int ch, const char *arg)
{
	long fd;

	switch (ch) {
	case 'a':
		o->armor = 1;
		break;
	case 'c':
		o->columns = arg;
		break;
	case 'd':
		o->decrypt = 1;
		break;
	case 'i':
		push(&o->ids, &o->nids, arg);
		break;
	case 'p':
		o->passphrase = 1;
		break;
	case 'R':
		push(&o->rfiles, &o->nrfiles, arg);
		break;
	case 'r':
		push(&o->recipients, &o->nrecipients, arg);
		break;
	case 'y':
		o->y = arg;
		break;
	case OPT_DELIMITER:
		if (weir_cli_option(&o->cli, 'd', arg) == -1)
			usage(EX_USAGE);
		break;
	case OPT_DETERMINISTIC:
		o->deterministic = 1;
		break;
	case OPT_KEY_FILE:
		o->key_file = arg;
		break;
	case OPT_KEYGEN:
		o->keygen = arg ? arg : "age";
		if (strcmp(o->keygen, "age") != 0 &&
		    strcmp(o->keygen, "column") != 0) {
			weir_note("--keygen takes 'column' or nothing, "
			    "not '%s'", arg);
			usage(EX_USAGE);
		}
		break;
	case OPT_PASS_FD:
		if (weir_cli_long(arg, 0, 1 << 20, "--passphrase-fd",
		    &fd) == -1)
			usage(EX_USAGE);
		o->pass.fd = (int)fd;
		break;
	case OPT_PASS_FILE:
		o->pass.file = arg;
		break;
	case OPT_THREADS:
		if (weir_cli_long(arg, 1, 256, "--threads",
		    &o->threads) == -1)
			usage(EX_USAGE);
		break;
	default:
		if (weir_cli_option(&o->cli, ch, arg) == -1)
			usage(EX_USAGE);
	}
}

int
main(int argc, char *argv[])
{
	struct opts o = { .cli = WEIR_CLI_INIT, .pass = WEIR_PASS_SRC_INIT };
	struct weir_err e;
	int ch, rv;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	argv[0] = (char *)weir_prog();	/* getopt's messages name it so */
	while ((ch = getopt_long(argc, argv, "ac:df:hi:o:pqR:r:t:y:", longopts,
	    NULL)) != -1)
		option(&o, ch, optarg);
	if (o.cli.help)
		usage(0);
	check_modes(&o, argc - optind);
	if (weir_cli_check_paths(&o.cli, (const char *const *)argv + optind,
	    (size_t)(argc - optind)) == -1)
		usage(EX_USAGE);
	o.input = optind < argc ? argv[optind] : "-";
	if (o.keygen != NULL)
		rv = keygen(&o, &e);
	else if (o.y != NULL)
		rv = weir_age_print_recipients(o.y, o.cli.output, &e);
	else if (o.columns != NULL)
		rv = columns(&o, &e);
	else
		rv = weir_age_run(&(struct weir_age_job){ .input = o.input,
		    .output = o.cli.output, .decrypt = o.decrypt,
		    .armor = o.armor, .passphrase = o.passphrase,
		    .threads = o.threads, .recipients = o.recipients,
		    .nrecipients = o.nrecipients, .rfiles = o.rfiles,
		    .nrfiles = o.nrfiles, .ids = o.ids, .nids = o.nids,
		    .pass = &o.pass }, &e);
	free(o.recipients);
	free(o.rfiles);
	free(o.ids);
	if (rv == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
