/* weir audit keygen: a signing key for the lineage log, or its public key. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "err.h"
#include "io.h"
#include "lineage.h"

static const char synopsis[] =
    "usage: weir-audit keygen [-hq] [-o file]\n"
    "       weir-audit keygen [-hq] [-o file] -y file\n";

static const char help[] =
    "\nMake an Ed25519 key that signs the lineage log (WEIR_AUDIT_KEY=FILE),\n"
    "or print the public key of one, for weir-audit log verify -p.\n\n"
    "  -o, --output FILE      write the key to FILE, mode 0600; an existing\n"
    "                         file is never replaced (default: standard output)\n"
    "  -y FILE                print the public key of the key in FILE\n"
    "  -q, --quiet            do not print the public key on standard error\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit keygen -o ~/.config/weir/audit.key\n"
    "  weir audit keygen -y ~/.config/weir/audit.key > audit.pub\n"
    "  WEIR_AUDIT_KEY=~/.config/weir/audit.key weir convert -t csv x.ndjson\n\n"
    "See weir-audit(1).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " keygen");
}

/* -y: the public key of a key file. */
static int
print_public(const char *key, const char *output, struct weir_err *e)
{
	struct weir_out out;
	char pub[128];

	if (weir_lineage_pubkey(key, pub, sizeof(pub), e) == -1)
		return -1;
	strcat(pub, "\n");
	if (weir_out_open_raw(&out, output, 0, e) == -1)
		return -1;
	if (weir_out_write(&out, pub, strlen(pub)) == -1) {
		*e = out.err;
		weir_out_abort(&out);
		return -1;
	}
	return weir_out_commit(&out, e);
}

static int
keygen(const char *output, struct weir_err *e)
{
	struct stat st;
	char pub[128];
	int tty = (output == NULL || strcmp(output, "-") == 0) && isatty(1);

	if (output != NULL && strcmp(output, "-") != 0 &&
	    lstat(output, &st) == 0)
		return weir_errf(e, EX_CANTCREAT, "'%s' exists; a key file is "
		    "never replaced", output);
	if (weir_lineage_keygen(output, pub, sizeof(pub), e) == -1)
		return -1;
	if (!tty && !weir_quiet)	/* the key file says it too */
		fprintf(stderr, "Public key: %s\n", pub);
	return 0;
}

void
audit_keygen(int argc, char *argv[])
{
	static const struct option longopts[] = {
		AUDIT_LONGOPTS,
		{ "output",	required_argument,	NULL,	'o' },
		{ NULL,		0,			NULL,	0 }
	};
	struct weir_cli cli = WEIR_CLI_INIT;
	struct weir_err e;
	const char *y = NULL;
	int ch;

	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, "ho:qy:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			y = optarg;
			break;
		default:
			if (weir_cli_option(&cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (cli.help)
		usage(0);
	if (optind < argc) {
		weir_note("keygen takes no operand ('%s'): -o FILE names the "
		    "key file", argv[optind]);
		usage(EX_USAGE);
	}
	if ((y != NULL ? print_public(y, cli.output, &e) :
	    keygen(cli.output, &e)) == -1)
		weir_die_err(&e);
	weir_exit_flush(0);
}
