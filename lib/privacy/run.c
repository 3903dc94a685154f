#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lineage.h"
#include "mem.h"
#include "privacy/pseudonym.h"
#include "privacy/run.h"
#include "privacy/scan.h"
#include "secret.h"
#include "sink.h"
#include "source.h"
#include "stream.h"

const char *
weir_anon_run_check(struct weir_anon_run *a)
{
	const struct weir_dp_opts *d = &a->d;
	const char *why;

	if (!a->dp && (d->by || d->value || a->have_bounds || d->bins ||
	    d->epsilon > 0 || d->delta > 0 || d->gaussian || d->user ||
	    d->max_contrib || d->keys || d->seeded || a->budget.file ||
	    a->budget.dataset || a->budget.limit_epsilon > 0))
		return "--by, --value, --bounds, --bins, --epsilon, --delta, "
		    "--noise, --user, --max-contributions, --keys, "
		    "--insecure-seed and --budget are for --dp";
	if (a->dp && (a->k.quasi || a->k.k || a->k.risk || a->k.risk_json ||
	    a->autopick || a->scan))
		return "--dp releases aggregates: not with --quasi, --k, "
		    "--risk, --auto or --scan";
	if (a->dp && (why = weir_dp_check(&a->d, a->have_bounds,
	    &a->budget)) != NULL)
		return why;
	if ((why = weir_krun_check(&a->k, a->autopick)) != NULL)
		return why;
	if (a->strict && !a->scan)
		return "--strict is for --scan";
	if (a->scan && a->cli.output != NULL)
		return "--scan writes its report to standard output";
	if (a->autopick)
		a->o.defer = a->k.quasi;
	return NULL;
}

int
weir_anon_keygen(const char *path, struct weir_err *e)
{
	char line[WEIR_PSEUDO_KEY_TEXT];
	int rv;

	weir_pseudo_keygen(line);
	rv = weir_secret_write_file(path, line, strlen(line), e);
	sodium_memzero(line, sizeof(line));
	return rv;
}

static int
transform(void *ctx, const struct weir_header *h, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	(void)h;
	return weir_anon_apply(ctx, in, out, bad, e);
}

static void
report(const struct weir_anon *w)
{
	const struct weir_anon_counts *n = weir_anon_counts(w);

	if (weir_verbose)
		weir_note("values pseudonymized %lu, masked %lu, redacted %lu, "
		    "generalized %lu", n->pseudonymized, n->masked, n->redacted,
		    n->generalized);
	weir_lineage_count("pseudonymized", (double)n->pseudonymized);
	weir_lineage_count("masked", (double)n->masked);
	weir_lineage_count("redacted", (double)n->redacted);
	weir_lineage_count("generalized", (double)n->generalized);
}

/* --scan: every record counted, a report instead of records. */
static int
scan(const struct weir_anon_run *a, struct weir_source *in,
    const struct weir_anon *w, struct weir_err *e)
{
	size_t bad;

	if (weir_scan_run(in, a->cli.to == WEIR_F_JSON || a->cli.to ==
	    WEIR_F_NDJSON, weir_anon_covered(w), &bad, e) == -1)
		return -1;
	weir_lineage_count("personal_uncovered", (double)bad);
	if (a->strict && bad > 0) {
		weir_note("%zu column%s look%s personal and no option treats "
		    "%s (--strict)", bad, bad == 1 ? "" : "s", bad == 1 ?
		    "s" : "", bad == 1 ? "it" : "them");
		return 1;
	}
	return 0;
}

/* --auto: the --generalize levels of each output column (NULL: none). */
static const struct weir_gen **
levels(const struct weir_anon *w)
{
	const struct weir_header *h = weir_anon_header(w);
	const struct weir_gen **gen = weir_xcalloc(h->n + 1, sizeof(*gen));
	size_t i;

	for (i = 0; i < h->n; i++)
		gen[i] = weir_anon_gen(w, i);
	return gen;
}

/* --k, --risk: classes counted, then records written or suppressed. */
static int
kanon(const struct weir_anon_run *a, struct weir_source *in,
    const struct weir_anon *w, struct weir_sink *out,
    const struct weir_wopts *wo, struct weir_err *e)
{
	struct weir_krun_opts ko = a->k;
	const struct weir_gen **gen = NULL;
	int rv;

	if (a->autopick)
		ko.gen = gen = levels(w);
	if ((rv = weir_krun(&ko, in, weir_anon_header(w), out, wo, e)) == 0)
		rv = weir_sink_finish(out, in, e);
	free(gen);
	return rv;
}

int
weir_anon_run(const struct weir_anon_run *a, const char *path,
    struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_wopts wo;
	struct weir_source in;
	struct weir_sink out;
	struct weir_anon *w = NULL;
	int rv = -1;

	memset(&out, 0, sizeof(out));
	memset(&ro, 0, sizeof(ro));
	ro.fmt = a->cli.from;
	ro.delim = a->cli.delim;
	ro.no_header = a->no_header;
	ro.flatten = a->cli.to != WEIR_F_AUTO && weir_fmt_flat(a->cli.to);
	if (weir_source_open(&in, path, &ro, &out.bad, a->cli.progress,
	    e) == -1 || weir_sink_open(&out, &a->cli, e) == -1)
		goto out;
	weir_sink_wopts(&wo, &a->cli, weir_reader_format(in.r));
	/* every column named is checked before any record */
	if (weir_source_fix_header(&in, 1, e) == -1 ||
	    (w = weir_anon_new(&a->o, weir_source_header(&in), e)) == NULL)
		goto out;
	if (a->scan) {
		rv = scan(a, &in, w, e);
		goto out;
	}
	weir_source_transform(&in, &(struct weir_xform){ transform, w, 1 });
	if (a->dp)	/* aggregates: the budget spent, or refused (1), first */
		rv = weir_dp_release(&a->d, &a->budget, path, &in,
		    weir_anon_header(w), &out, &wo, e);
	else if (a->k.quasi != NULL)
		rv = kanon(a, &in, w, &out, &wo, e);
	else if ((rv = weir_sink_start(&out, &wo, weir_anon_header(w),
	    e)) == 0 && (rv = weir_sink_pump(&out, &in, e)) == 0)
		rv = weir_sink_finish(&out, &in, e);
	if (rv == 0)
		report(w);
out:
	weir_sink_close(&out, &in);
	weir_anon_free(w);
	return rv;
}
