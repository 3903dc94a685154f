#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "clock.h"
#include "mem.h"
#include "privacy/ledger.h"

/* Room for rounding in sums of decimal epsilons (0.1 + 0.2 <= 0.3). */
#define SLACK	1e-9

static int
lock(const char *path, struct weir_err *e)
{
	struct weir_buf b = WEIR_BUF_INIT;
	int fd;

	weir_buf_addf(&b, "%s.lock", path);
	fd = open(b.p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		weir_errnof(e, EX_CANTCREAT, errno, "--budget: cannot create "
		    "'%s'", b.p);
	else if (flock(fd, LOCK_EX) == -1) {
		weir_errnof(e, EX_IOERR, errno, "--budget: cannot lock '%s'",
		    b.p);
		close(fd);
		fd = -1;
	}
	weir_buf_release(&b);
	return fd;
}

/* The ledger, or a new one when the file does not exist. */
static json_t *
load(const char *path, struct weir_err *e)
{
	json_error_t je;
	json_t *j, *ds;

	if (access(path, F_OK) == -1 && errno == ENOENT)
		return json_pack("{s:i, s:{}}", "version", 1, "datasets");
	if ((j = json_load_file(path, 0, &je)) == NULL) {
		weir_errf(e, EX_DATAERR, "--budget %s:%d: %s", path, je.line,
		    je.text);
		return NULL;
	}
	ds = json_object_get(j, "datasets");
	if (json_integer_value(json_object_get(j, "version")) != 1 ||
	    !json_is_object(ds)) {
		json_decref(j);
		weir_errf(e, EX_DATAERR, "--budget %s: not a weir budget "
		    "ledger (version 1)", path);
		return NULL;
	}
	return j;
}

static int
save(const char *path, json_t *j, struct weir_err *e)
{
	struct weir_buf tmp = WEIR_BUF_INIT;
	FILE *fp = NULL;
	int fd, rv = -1;

	weir_buf_addf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.p)) == -1) {
		weir_errnof(e, EX_CANTCREAT, errno, "--budget: cannot create "
		    "a file beside '%s'", path);
		goto out;
	}
	if ((fp = fdopen(fd, "w")) == NULL || json_dumpf(j, fp,
	    JSON_INDENT(2) | JSON_REAL_PRECISION(17)) == -1 ||
	    fputc('\n', fp) == EOF || fflush(fp) == EOF || fsync(fd) == -1) {
		weir_errnof(e, EX_IOERR, errno, "--budget: cannot write '%s'",
		    tmp.p);
		goto out;
	}
	if (rename(tmp.p, path) == -1) {
		weir_errnof(e, EX_CANTCREAT, errno, "--budget: cannot replace "
		    "'%s'", path);
		goto out;
	}
	rv = 0;
out:
	if (fp != NULL)
		fclose(fp);
	else if (fd != -1)
		close(fd);
	if (rv == -1 && fd != -1)
		unlink(tmp.p);
	weir_buf_release(&tmp);
	return rv;
}

int
weir_ledger_limit(const char *arg, double *epsilon, double *delta)
{
	const char *c = strchr(arg, ',');
	char *first;
	int rv;

	*delta = 0;
	if (c == NULL)
		return weir_cli_real(arg, 0, HUGE_VAL, 1, "--budget-limit",
		    epsilon);
	first = weir_xmemdup(arg, (size_t)(c - arg));
	rv = weir_cli_real(first, 0, HUGE_VAL, 1, "--budget-limit", epsilon);
	free(first);
	if (rv == -1)
		return -1;
	return weir_cli_real(c + 1, 0, 1, 0, "--budget-limit", delta);
}

int
weir_ledger_spend(const char *path, const struct weir_ledger_spend *s,
    struct weir_err *e)
{
	json_t *j = NULL, *ds, *d;
	char now[40];
	double eps, delta;
	int fd, rv = -1;

	if ((fd = lock(path, e)) == -1)
		return -1;
	if ((j = load(path, e)) == NULL)
		goto out;
	ds = json_object_get(j, "datasets");
	if ((d = json_object_get(ds, s->dataset)) == NULL) {
		d = json_pack("{s:f, s:f, s:[]}", "epsilon", 0.0, "delta", 0.0,
		    "releases");
		json_object_set_new(ds, s->dataset, d);
	}
	eps = json_number_value(json_object_get(d, "epsilon"));
	delta = json_number_value(json_object_get(d, "delta"));
	if (eps + s->epsilon > s->limit_epsilon + SLACK ||
	    delta + s->delta > s->limit_delta + SLACK * s->limit_delta) {
		weir_note("--budget %s: dataset %s has spent epsilon %g, delta "
		    "%g; this release (epsilon %g, delta %g) would pass the "
		    "limit (epsilon %g, delta %g): refused, nothing written",
		    path, s->dataset, eps, delta, s->epsilon, s->delta,
		    s->limit_epsilon, s->limit_delta);
		rv = 1;
		goto out;
	}
	if (weir_clock_rfc3339(now, sizeof(now), e) == -1)
		goto out;
	json_object_set_new(d, "epsilon", json_real(eps + s->epsilon));
	json_object_set_new(d, "delta", json_real(delta + s->delta));
	json_array_append_new(json_object_get(d, "releases"), json_pack(
	    "{s:s, s:s, s:f, s:f, s:b}", "time", now, "query", s->what,
	    "epsilon", s->epsilon, "delta", s->delta, "not_private",
	    s->not_private));
	rv = save(path, j, e);
out:
	json_decref(j);
	close(fd);	/* and the lock with it */
	return rv;
}

int
weir_ledger_show(const char *path, FILE *out, struct weir_err *e)
{
	json_t *j, *d, *r;
	const char *name;
	size_t i;
	int fd;

	if ((fd = lock(path, e)) == -1)
		return -1;
	j = load(path, e);
	close(fd);
	if (j == NULL)
		return -1;
	fprintf(out, "%-20s  %-10s  %-10s  %s\n", "time", "epsilon", "delta",
	    "query");
	json_object_foreach(json_object_get(j, "datasets"), name, d) {
		fprintf(out, "dataset %s: epsilon %g, delta %g spent\n", name,
		    json_number_value(json_object_get(d, "epsilon")),
		    json_number_value(json_object_get(d, "delta")));
		json_array_foreach(json_object_get(d, "releases"), i, r)
			fprintf(out, "%-20s  %-10g  %-10g  %s%s\n",
			    json_string_value(json_object_get(r, "time")),
			    json_number_value(json_object_get(r, "epsilon")),
			    json_number_value(json_object_get(r, "delta")),
			    json_string_value(json_object_get(r, "query")),
			    json_is_true(json_object_get(r, "not_private")) ?
			    " (insecure seed: not private)" : "");
	}
	json_decref(j);
	if (fflush(out) == EOF)
		return weir_errnof(e, EX_IOERR, errno, "standard output");
	return 0;
}
