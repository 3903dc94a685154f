/* What the weir-audit commands share: usage, a data file's profile. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "badrows.h"
#include "cli.h"
#include "err.h"
#include "parts.h"
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

static void *
part_make(void *arg)
{
	(void)arg;
	return weir_profile_new();
}

static void
part_add(void *p, const struct weir_header *h, const struct weir_rec *r)
{
	weir_profile_add(p, h, r);
}

static void
part_merge(void *dst, const void *src)
{
	weir_profile_merge(dst, src);
}

static void
part_drop(void *p)
{
	weir_profile_free(p);
}

/* A large plain file: parts profiled at once, merged in order. */
static int
read_parts(struct weir_source *in, size_t threads, struct weir_profile **p,
    struct weir_err *e)
{
	static const struct weir_parts_fn fn = { part_make, part_add,
	    part_merge, part_drop, NULL };
	static const struct weir_parts_size sz = { WEIR_PART_SIZE,
	    WEIR_PART_MIN };
	void *whole;
	int n;

	if ((n = weir_parts_read(in, threads, &sz, &fn, &whole, e)) <= 0)
		return n;
	weir_profile_free(*p);
	*p = whole;
	weir_info("%s: read in %d parts", weir_reader_in(in->r)->name, n);
	return n;
}

/* Otherwise: read here, profile on a second thread. */
static int
read_whole(struct weir_source *in, struct weir_profile *p, struct weir_err *e)
{
	struct weir_profile_par *par = weir_profile_par_new(p);
	const struct weir_rec *r;
	int rv;

	while ((rv = weir_source_next(in, &r, e)) == 1)
		if (par != NULL)
			weir_profile_par_add(par, weir_source_header(in), r);
		else
			weir_profile_add(p, weir_source_header(in), r);
	if (par != NULL)
		weir_profile_par_finish(par);
	return rv;
}

struct weir_profile *
audit_read_profile(const struct weir_cli *cli, int no_header, size_t threads,
    const char *path, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source in;
	struct weir_bad bad;
	struct weir_profile *p = weir_profile_new();
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
	if ((rv = read_parts(&in, threads ? threads : weir_parts_cpus(), &p,
	    e)) == 0)
		rv = read_whole(&in, p, e);
	weir_source_done(&in);
	if (rv != -1)
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
