/* weir: run weir-NAME, the way git runs git-NAME. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "lineage.h"
#include "mem.h"

static const struct {
	const char	*name;
	const char	*what;
} progs[] = {
	{ "ingest",	"bring files, globs and directories in as one clean record stream" },
	{ "clean",	"trim, normalize, coerce, fill, filter, deduplicate and sort records" },
	{ "convert",	"convert records between CSV, TSV, NDJSON, JSON and other formats" },
	{ "merge",	"join and append record streams" },
	{ "anonymize",	"pseudonymize, mask, generalize and release personal data privately" },
	{ "encrypt",	"encrypt streams and columns in the age format" },
	{ "train",	"fit a model to a record stream" },
	{ "predict",	"apply a model to a record stream" },
	{ "audit",	"profile data, check rules, evaluate models, keep the lineage log" },
};

#define NPROGS	(sizeof(progs) / sizeof(progs[0]))

static _Noreturn void
usage(int code)
{
	FILE *fp = code == 0 ? stdout : stderr;
	size_t i;

	fputs("usage: weir [-h] [--version] command [argument ...]\n\n"
	    "A toolkit that carries tabular data from raw files to an audited "
	    "model.\n\nCommands:\n", fp);
	for (i = 0; i < NPROGS; i++)
		fprintf(fp, "  %-10s %s\n", progs[i].name, progs[i].what);
	fputs("\n'weir COMMAND --help' tells more about one; see weir(1).\n", fp);
	weir_exit_flush(code);
}

static int
known(const char *name)
{
	size_t i;

	for (i = 0; i < NPROGS; i++)
		if (strcmp(progs[i].name, name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	char *self, *slash, *path, prog[64];
	const char *name;

	weir_setprog(argv[0]);
	weir_lineage_start(argc, argv);
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)
		usage(0);
	if (strcmp(argv[1], "--version") == 0)
		weir_cli_version();
	name = argv[1];
	if (name[0] == '-') {
		weir_note("unknown option '%s'", name);
		usage(EX_USAGE);
	}
	if (!known(name) || strlen(name) > 40)
		weir_die(EX_USAGE, "'%s' is not a weir command; see 'weir --help'",
		    name);
	snprintf(prog, sizeof(prog), "weir-%s", name);
	argv[1] = prog;

	/* Beside this program first, so a build tree runs its own tools. */
	if (strchr(argv[0], '/') != NULL) {
		self = weir_xstrdup(argv[0]);
		slash = strrchr(self, '/');
		*slash = '\0';
		path = weir_xmalloc(strlen(self) + strlen(prog) + 2);
		sprintf(path, "%s/%s", self, prog);
		execv(path, argv + 1);
		free(path);
		free(self);
	}
	execvp(prog, argv + 1);
	if (errno == ENOENT)
		weir_die(EX_UNAVAILABLE, "'%s' is a weir command, but '%s' is "
		    "not installed", name, prog);
	weir_die(EX_OSERR, "cannot run '%s': %s", prog, strerror(errno));
}
