#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "io.h"
#include "generalize.h"
#include "kanon.h"
#include "krun.h"
#include "lattice.h"
#include "lineage.h"
#include "mem.h"
#include "sortkey.h"
#include "spill.h"

struct kctx {
	size_t			*qi, nqi;
	long			 sens;
	struct weir_buf		 key;
	struct weir_rec		 rec, gen;
	struct weir_lattice	*lat;	/* --auto */
	const size_t		*level;	/* its pick */
	const char		**v;
	size_t			*len;
	struct weir_buf		 raw;
	struct weir_badrec	 bad;
};

static void
key(struct kctx *c, const struct weir_rec *r)
{
	const struct weir_field *f;
	size_t i;

	weir_buf_reset(&c->key);
	for (i = 0; i < c->nqi; i++) {
		f = weir_rec_field(r, c->qi[i]);
		weir_sortkey_add(&c->key, WEIR_SK_TEXT, f != NULL &&
		    f->type != WEIR_NULL ? f->s : "", f != NULL ? f->len : 0);
	}
}

/* Every record into its class (and the spill, for k). */
static struct weir_kanon *
count(struct kctx *c, struct weir_source *in, struct weir_spill *sp,
    unsigned l, struct weir_err *e)
{
	struct weir_kanon *a = weir_kanon_new(l);
	const struct weir_field *f;
	const struct weir_rec *r;
	int rv;

	while ((rv = weir_source_next(in, &r, e)) == 1) {
		key(c, r);
		f = c->sens >= 0 ? weir_rec_field(r, (size_t)c->sens) : NULL;
		weir_kanon_add(a, c->key.p, c->key.len, f != NULL ? f->s :
		    (c->sens >= 0 ? "" : NULL), f != NULL ? f->len : 0);
		if (sp != NULL && weir_spill_put(sp, r, e) == -1)
			rv = -1;
		if (rv == -1)
			break;
	}
	if (rv == -1) {
		weir_kanon_free(a);
		return NULL;
	}
	return a;
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

/* The record with its quasi-identifiers at the picked levels. */
static const struct weir_rec *
generalized(struct kctx *c, const struct weir_rec *r)
{
	const char *s;
	size_t i, q, len;
	int type;

	c->gen.n = 0;
	for (i = 0; i < r->n; i++) {
		s = r->f[i].s;
		len = r->f[i].len;
		type = r->f[i].type;
		for (q = 0; q < c->nqi; q++)
			if (r->f[i].col == c->qi[q] && c->level[q] > 0 &&
			    type != WEIR_NULL && len > 0) {
				s = weir_lattice_value(c->lat, q, c->level[q],
				    s, len, &len);
				type = WEIR_STR;
				break;
			}
		weir_rec_push(&c->gen, s, len, r->f[i].col, type);
	}
	c->gen.src = r->src;
	c->gen.line = r->line;
	return &c->gen;
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
		if (c->lat != NULL)
			r = generalized(c, r);
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

/* --auto: one record into the lattice; a value its spec cannot read is bad. */
static int
lattice_add(struct kctx *c, const struct weir_header *h,
    const struct weir_rec *r, struct weir_bad *bad, struct weir_err *e)
{
	const struct weir_field *f;
	size_t q, d;
	char why[sizeof(e->msg)];

	for (q = 0; q < c->nqi; q++) {
		f = weir_rec_field(r, c->qi[q]);
		c->v[q] = f != NULL && f->type != WEIR_NULL ? f->s : "";
		c->len[q] = f != NULL && f->type != WEIR_NULL ? f->len : 0;
	}
	f = c->sens >= 0 ? weir_rec_field(r, (size_t)c->sens) : NULL;
	if (weir_lattice_add(c->lat, c->v, c->len, f != NULL ? f->s :
	    (c->sens >= 0 ? "" : NULL), f != NULL ? f->len : 0, &d, e) == 0)
		return 1;
	snprintf(why, sizeof(why), "%s", e->msg);
	weir_bad_rec(&c->bad, &c->raw, e, h, r, h->name[c->qi[d]], "%s", why);
	return weir_bad_put(bad, &c->bad, e) == -1 ? -1 : 0;
}

static void
say_levels(const struct kctx *c, const struct weir_header *h,
    const struct weir_krun_opts *o, const struct weir_lattice_pick *p)
{
	struct weir_buf b = WEIR_BUF_INIT;
	const struct weir_gen *g;
	size_t q;

	for (q = 0; q < c->nqi; q++) {
		if ((g = o->gen[c->qi[q]]) == NULL)
			continue;
		weir_buf_addf(&b, "%s--generalize %.*s=%s@%zu", b.len ? " " : "",
		    (int)h->len[c->qi[q]], h->name[c->qi[q]], g->spec,
		    p->level[q]);
	}
	weir_buf_addc(&b, '\0');
	if (!p->found)
		weir_note("--auto: no levels give k %llu%s within --max-suppress "
		    "%.3g; the most general, %s, would suppress %llu records",
		    (unsigned long long)o->k, o->l ? " and l" : "",
		    o->max_suppress, b.p, (unsigned long long)p->suppressed);
	else
		weir_note("--auto: %s (loss %.4f, %llu records suppressed)",
		    b.p, p->loss, (unsigned long long)p->suppressed);
	weir_note("--auto: %zu nodes, %zu evaluated, %zu pruned%s", p->nodes,
	    p->evaluated, p->pruned, p->monotone ? "" :
	    " (levels do not nest: no pruning)");
	weir_buf_release(&b);
}

/*
 * --auto: read every record into the lattice and the spill, pick the
 * levels, and give the classes at those levels.  NULL on an error; 1 in
 * *none when no node passes (said).
 */
static struct weir_kanon *
search(const struct weir_krun_opts *o, struct kctx *c, struct weir_source *in,
    const struct weir_header *h, struct weir_spill *sp, struct weir_bad *bad,
    int *none, struct weir_err *e)
{
	const struct weir_gen **gen;
	struct weir_lattice_pick p;
	const struct weir_rec *r;
	size_t q;
	int rv;

	gen = weir_xcalloc(c->nqi + 1, sizeof(*gen));
	for (q = 0, rv = 0; q < c->nqi; q++)
		rv |= (gen[q] = o->gen[c->qi[q]]) != NULL;
	if (!rv) {
		free(gen);
		weir_errf(e, EX_USAGE, "--auto: no --quasi column has "
		    "--generalize levels");
		return NULL;
	}
	c->lat = weir_lattice_new(gen, c->nqi, o->l);
	free(gen);
	c->v = weir_xcalloc(c->nqi + 1, sizeof(*c->v));
	c->len = weir_xcalloc(c->nqi + 1, sizeof(*c->len));
	while ((rv = weir_source_next(in, &r, e)) == 1) {
		if ((rv = lattice_add(c, h, r, bad, e)) == -1)
			return NULL;
		if (rv == 1 && weir_spill_put(sp, r, e) == -1)
			return NULL;
	}
	if (rv == -1 || weir_lattice_search(c->lat, o->k, o->l,
	    o->max_suppress, &p, e) == -1)
		return NULL;
	c->level = p.level;
	for (q = 0; q < c->nqi; q++)
		if (o->gen[c->qi[q]] != NULL)
			weir_lineage_privacy(h->name[c->qi[q]],
			    (double)p.level[q]);
	weir_lineage_count("lattice_nodes", (double)p.nodes);
	weir_lineage_count("lattice_evaluated", (double)p.evaluated);
	say_levels(c, h, o, &p);
	*none = !p.found;
	return weir_lattice_classes(c->lat, p.level);
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
	uint64_t sup;
	int rv = -1, none = 0;

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
	if (o->k > 0 && (sp = weir_spill_new(e)) == NULL)
		goto out;
	if (o->gen != NULL) {
		if ((a = search(o, &c, in, h, sp, &out->bad, &none, e)) == NULL)
			goto out;
		if (none) {
			rv = 1;
			goto out;
		}
	} else if ((a = count(&c, in, sp, o->l, e)) == NULL)
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
out:
	weir_kanon_free(a);
	weir_spill_free(sp);
	free(c.qi);
	weir_buf_release(&c.key);
	weir_rec_release(&c.rec);
	weir_rec_release(&c.gen);
	weir_lattice_free(c.lat);
	free(c.v);
	free(c.len);
	weir_buf_release(&c.raw);
	return rv;
}

const char *
weir_krun_check(const struct weir_krun_opts *k, int autopick)
{
	if (autopick && k->k == 0)
		return "--auto needs --k and --quasi";
	if ((k->k > 0 || k->risk || k->risk_json != NULL) && k->quasi == NULL)
		return "--k, --risk and --risk-json need --quasi";
	if (k->quasi != NULL && k->k == 0 && !k->risk && k->risk_json == NULL)
		return "--quasi is for --k, --risk or --risk-json";
	if ((k->l > 0) != (k->sensitive != NULL) || (k->l > 0 && !k->k))
		return "--l needs --sensitive and --k, and --sensitive --l";
	return NULL;
}
