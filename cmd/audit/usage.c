/* What the weir-audit commands share: usage, a data file's profile. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "badrows.h"
#include "cli.h"
#include "err.h"
#include "source.h"
#include "stats/profile.h"

void
audit_usage(int code, const char *synopsis, const char *help, const char *cmd)
{
	if (code == 0)
		weir_cli_usage(code, synopsis, help);
	fputs(synopsis, stderr);
	fprintf(stderr, "Try '%s%s --help'.\n", weir_prog(), cmd);
	weir_exit_flush(code);
}

struct weir_profile *
audit_read_profile(const struct weir_cli *cli, int no_header,
    const char *path, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source in;
	struct weir_bad bad;
	struct weir_profile *p = weir_profile_new();
	struct weir_profile_par *par = NULL;
	const struct weir_rec *r;
	int rv;

	memset(&ro, 0, sizeof(ro));
	memset(&bad, 0, sizeof(bad));
	ro.fmt = cli->from;
	ro.delim = cli->delim;
	ro.no_header = no_header;
	if (weir_source_open(&in, path, &ro, &bad, cli->progress, e) == -1 ||
	    weir_bad_init(&bad, cli->bad_rows, cli->max_bad, e) == -1) {
		rv = -1;
		goto out;
	}
	par = weir_profile_par_new(p);
	while ((rv = weir_source_next(&in, &r, e)) == 1)
		if (par != NULL)
			weir_profile_par_add(par, weir_source_header(&in), r);
		else
			weir_profile_add(p, weir_source_header(&in), r);
	if (par != NULL)
		weir_profile_par_finish(par);
	weir_source_done(&in);
	if (rv == 0)
		rv = weir_bad_finish(&bad, e);
out:
	weir_bad_abort(&bad);
	weir_source_release(&in);
	if (rv == -1) {
		weir_profile_free(p);
		return NULL;
	}
	return p;
}
