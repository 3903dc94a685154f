#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "io.h"
#include "kanon.h"
#include "krun.h"
#include "lineage.h"
#include "mem.h"
#include "sortkey.h"
#include "spill.h"

struct kctx {
	size_t		*qi, nqi;
	long		 sens;
	struct weir_buf	 key;
	struct weir_rec	 rec;
};

static const struct weir_field *
field(const struct weir_rec *r, size_t col)
{
	size_t i;

	if (col < r->n && r->f[col].col == col)
		return &r->f[col];
	for (i = 0; i < r->n; i++)
		if (r->f[i].col == col)
			return &r->f[i];
	return NULL;
}

static void
key(struct kctx *c, const struct weir_rec *r)
{
	const struct weir_field *f;
	size_t i;

	weir_buf_reset(&c->key);
	for (i = 0; i < c->nqi; i++) {
		f = field(r, c->qi[i]);
		weir_sortkey_add(&c->key, WEIR_SK_TEXT, f != NULL &&
		    f->type != WEIR_NULL ? f->s : "", f != NULL ? f->len : 0);
	}
}

static void
report(const struct weir_risk *r, uint64_t k)
{
	char below[96] = "";

	if (k > 0)
		snprintf(below, sizeof(below), "; %llu records in classes "
		    "smaller than %llu", (unsigned long long)r->below_k,
		    (unsigned long long)k);
	weir_note("risk (prosecutor): %llu records in %llu classes; smallest "
	    "class %llu%s; %llu sample uniques; highest risk %.4f, average "
	    "%.4f", (unsigned long long)r->records,
	    (unsigned long long)r->classes, (unsigned long long)r->smallest,
	    below, (unsigned long long)r->uniques, r->highest, r->average);
}

static int
risk_json(const char *path, const struct weir_risk *r, uint64_t k,
    struct weir_err *e)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return weir_errnof(e, EX_CANTCREAT, errno, "cannot create '%s'",
		    path);
	fprintf(fp, "{\"records\": %llu, \"classes\": %llu, \"smallest\": "
	    "%llu, \"k\": %llu, \"below_k\": %llu, \"uniques\": %llu, "
	    "\"highest_risk\": %.6f, \"average_risk\": %.6f}\n",
	    (unsigned long long)r->records, (unsigned long long)r->classes,
	    (unsigned long long)r->smallest, (unsigned long long)k,
	    (unsigned long long)r->below_k, (unsigned long long)r->uniques,
	    r->highest, r->average);
	if (fclose(fp) == EOF)
		return weir_errnof(e, EX_IOERR, errno, "'%s'", path);
	return 0;
}

/* The record with its quasi-identifiers as "*". */
static const struct weir_rec *
starred(struct kctx *c, const struct weir_rec *r)
{
	size_t i, q;
	int is;

	c->rec.n = 0;
	for (i = 0; i < r->n; i++) {
		for (q = 0, is = 0; q < c->nqi && !is; q++)
			is = r->f[i].col == c->qi[q];
		weir_rec_push(&c->rec, is ? "*" : r->f[i].s, is ? 1 :
		    r->f[i].len, r->f[i].col, is ? WEIR_STR : r->f[i].type);
	}
	c->rec.src = r->src;
	c->rec.line = r->line;
	return &c->rec;
}

static int
replay(const struct weir_krun_opts *o, struct kctx *c, struct weir_kanon *a,
    struct weir_spill *sp, struct weir_sink *out, struct weir_err *e)
{
	const struct weir_rec *r;
	uint64_t size, dropped = 0;
	unsigned distinct;
	int rv;

	if (weir_spill_rewind(sp, e) == -1)
		return -1;
	while ((rv = weir_spill_next(sp, &r, e)) == 1) {
		key(c, r);
		weir_kanon_class(a, c->key.p, c->key.len, &size, &distinct);
		if (size >= o->k && distinct >= o->l) {
			if (weir_sink_put(out, r, e) == -1)
				return -1;
			continue;
		}
		dropped++;
		if (o->suppress_values && weir_sink_put(out, starred(c, r),
		    e) == -1)
			return -1;
	}
	weir_lineage_count("suppressed", (double)dropped);
	if (weir_verbose)
		weir_note("%llu records suppressed (k %llu%s)",
		    (unsigned long long)dropped, (unsigned long long)o->k,
		    o->l ? ", l" : "");
	return rv;
}

int
weir_krun(const struct weir_krun_opts *o, struct weir_source *in,
    const struct weir_header *h, struct weir_sink *out,
    const struct weir_wopts *wo, struct weir_err *e)
{
	struct kctx c;
	struct weir_kanon *a = NULL;
	struct weir_spill *sp = NULL;
	struct weir_risk risk;
	const struct weir_rec *r;
	const struct weir_field *f;
	uint64_t sup;
	int rv = -1;

	memset(&c, 0, sizeof(c));
	c.sens = -1;
	if (weir_cols_parse(o->quasi, h, "--quasi", &c.qi, &c.nqi, e) == -1)
		goto out;
	if (o->sensitive != NULL && (c.sens = weir_header_find(h,
	    o->sensitive, strlen(o->sensitive))) < 0) {
		weir_cols_unknown(e, h, o->sensitive, strlen(o->sensitive),
		    "--sensitive");
		goto out;
	}
	a = weir_kanon_new(o->l);
	if (o->k > 0 && (sp = weir_spill_new(e)) == NULL)
		goto out;
	while ((rv = weir_source_next(in, &r, e)) == 1) {
		key(&c, r);
		f = c.sens >= 0 ? field(r, (size_t)c.sens) : NULL;
		weir_kanon_add(a, c.key.p, c.key.len, f != NULL ? f->s :
		    (c.sens >= 0 ? "" : NULL), f != NULL ? f->len : 0);
		if (sp != NULL && weir_spill_put(sp, r, e) == -1)
			goto fail;
	}
	if (rv == -1)
		goto out;
	rv = -1;
	weir_kanon_risk(a, o->k, &risk);
	weir_lineage_count("classes", (double)risk.classes);
	weir_lineage_count("smallest_class", (double)risk.smallest);
	if (o->risk || weir_verbose)
		report(&risk, o->k);
	if (o->risk_json != NULL && risk_json(o->risk_json, &risk, o->k,
	    e) == -1)
		goto out;
	if (o->k > 0) {
		weir_lineage_privacy("k", (double)o->k);
		if (o->l > 0)
			weir_lineage_privacy("l", (double)o->l);
		sup = weir_kanon_suppressed(a, o->k, o->l);
		if ((double)sup > o->max_suppress * (double)risk.records) {
			weir_note("k %llu%s needs %llu of %llu records "
			    "suppressed (%.1f%%), more than --max-suppress "
			    "%.3g allows; generalize further",
			    (unsigned long long)o->k, o->l ? " and l" : "",
			    (unsigned long long)sup,
			    (unsigned long long)risk.records, 100.0 *
			    (double)sup / (double)risk.records, o->max_suppress);
			rv = 1;
			goto out;
		}
		if (weir_sink_start(out, wo, h, e) == -1 ||
		    replay(o, &c, a, sp, out, e) == -1)
			goto out;
	}
	rv = 0;
	goto out;
fail:
	rv = -1;
out:
	weir_kanon_free(a);
	weir_spill_free(sp);
	free(c.qi);
	weir_buf_release(&c.key);
	weir_rec_release(&c.rec);
	return rv;
}
