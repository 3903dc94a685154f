/* steps.c - the record-at-a-time steps of weir-clean, in their order. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "num.h"
#include "text.h"

int
weir_clean_missing(const struct val *v)
{
	return v->s == NULL || v->len == 0 || v->type == WEIR_NULL;
}

static int
textual(const struct val *v)
{
	return v->s != NULL && (v->type == WEIR_TEXT || v->type == WEIR_STR);
}

/*
 * Start a record: values by output column from in, whose fields index the
 * input header (by_input) or the output header already.
 */
void
weir_clean_load(struct weir_clean *c, const struct weir_rec *in, int by_input)
{
	size_t i, j;

	weir_arena_reset(&c->arena);
	for (j = 0; j < c->h.n; j++)
		c->v[j].s = NULL;
	for (i = 0; i < in->n; i++) {
		const struct weir_field *f = &in->f[i];

		j = by_input ? (f->col < c->nin ? c->outof[f->col] : NOCOL) :
		    f->col;
		if (j == NOCOL || j >= c->h.n)
			continue;
		c->v[j].s = f->s;
		c->v[j].len = f->len;
		c->v[j].type = f->type;
	}
	c->rec.src = in->src;
	c->rec.line = in->line;
}

const struct weir_rec *
weir_clean_rec(struct weir_clean *c)
{
	size_t j;

	c->rec.n = 0;
	for (j = 0; j < c->h.n; j++)
		if (c->v[j].s != NULL)
			weir_rec_push(&c->rec, c->v[j].s, c->v[j].len, j,
			    c->v[j].type);
	return &c->rec;
}

/* Hand the record as it stands to the bad-row policy: 0 go on, -1 stop. */
int
weir_clean_bad(struct weir_clean *c, const char *column, struct weir_err *e,
    const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	weir_bad_rec(&c->badrec, &c->badraw, e, &c->h, weir_clean_rec(c),
	    column, "%s", reason);
	return weir_bad_put(c->bad, &c->badrec, e);
}

static void
set(struct weir_clean *c, struct val *v, const char *s, size_t len)
{
	v->s = weir_arena_dup(&c->arena, s, len);
	v->len = len;
}

static void
nulls(struct weir_clean *c, struct val *v)
{
	size_t off, len, i;

	if (!textual(v) || v->len == 0) {
		if (v->s != NULL && v->len == 0 && v->type != WEIR_NULL)
			v->type = WEIR_NULL;	/* empty is missing */
		return;
	}
	weir_text_trim(v->s, v->len, &off, &len);
	for (i = 0; i < c->nnull; i++)
		if (c->nulllen[i] == len &&
		    memcmp(c->nullv[i], v->s + off, len) == 0) {
			v->s = "";
			v->len = 0;
			v->type = WEIR_NULL;
			c->n.nulls++;
			return;
		}
}

static void
text(struct weir_clean *c, struct val *v, int case_how)
{
	const struct weir_clean_opts *o = c->o;
	size_t off, len;

	if (!textual(v))
		return;
	if (o->trim && weir_text_trim(v->s, v->len, &off, &len)) {
		v->s += off;
		v->len = len;
		c->n.trimmed++;
	}
	if (o->squeeze && weir_text_squeeze(&c->tmp, v->s, v->len)) {
		set(c, v, c->tmp.p, c->tmp.len);
		c->n.squeezed++;
	}
	if (o->normalize >= 0 &&
	    weir_text_normalize(&c->tmp, o->normalize, v->s, v->len)) {
		set(c, v, c->tmp.p, c->tmp.len);
		c->n.normalized++;
	}
	if (case_how >= 0 && weir_text_case(&c->tmp, case_how, v->s, v->len)) {
		set(c, v, c->tmp.p, c->tmp.len);
		c->n.cased++;
	}
}

/*
 * A schema column: messy forms coerced (coerce.h), then the schema's own
 * check and canonical form, as weir-ingest --schema does.
 */
static int
coerce(struct weir_clean *c, size_t j, const struct weir_rec *in,
    const struct weir_header *ih, struct weir_err *e)
{
	const struct weir_schema *s = &c->schema;
	struct ccol *cc = &c->col[j];
	struct val *v = &c->v[j];
	const char *vs = v->s != NULL ? v->s : "", *out;
	size_t vlen = v->s != NULL ? v->len : 0, outlen;
	int type = s->col[cc->schema_col].type, rv;
	char why[sizeof(e->msg)];

	if (v->type == WEIR_NULL)
		vlen = 0;
	/*
	 * The schema first: a value it takes as it is (a column "format"
	 * included) is never second-guessed by --date-order and the like.
	 */
	rv = weir_schema_check(s, (size_t)cc->schema_col, vs, vlen, &c->tmp,
	    &out, &outlen, e) == 0 ? 2 : 0;
	if (rv == 0 && vlen > 0) {
		snprintf(why, sizeof(why), "%s", e->msg);
		rv = weir_coerce(&c->o->coerce, type, vs, vlen, &c->tmp, e);
		if (rv == 0)		/* nothing to coerce: the schema's word */
			snprintf(e->msg, sizeof(e->msg), "%s", why);
		if (rv == 1) {
			vs = weir_arena_dup(&c->arena, c->tmp.p, c->tmp.len);
			vlen = c->tmp.len;
			if (weir_schema_check(s, (size_t)cc->schema_col, vs,
			    vlen, &c->tmp, &out, &outlen, e) == 0)
				rv = 2;
			else	/* say what the value was, not only its rewrite */
				snprintf(e->msg + strlen(e->msg), sizeof(e->msg) -
				    strlen(e->msg), " (read from '%.*s')",
				    (int)(v->len > 40 ? 40 : v->len), v->s);
		}
	}
	if (rv == 2) {
		if (vlen == 0) {
			if (v->s != NULL)
				v->type = WEIR_NULL;
			return 0;
		}
		if (outlen != v->len || memcmp(out, v->s, outlen) != 0)
			c->n.coerced++;
		v->s = out == c->tmp.p ? weir_arena_dup(&c->arena, out, outlen) :
		    out;
		v->len = outlen;
		v->type = weir_schema_typed(type, v->type);
		return 0;
	}
	if (c->o->coerce_null && vlen > 0) {
		v->s = "";
		v->len = 0;
		v->type = WEIR_NULL;
		c->n.coerce_nulled++;
		return 0;
	}
	/* The record as it came in, so what is set aside is the input. */
	snprintf(why, sizeof(why), "%s", e->msg);
	weir_bad_rec(&c->badrec, &c->badraw, e, ih, in, c->h.name[j], "%s",
	    why);
	return weir_bad_put(c->bad, &c->badrec, e) == -1 ? -1 : WEIR_BAD;
}

/*
 * Everything before the fill: 0 to go on, WEIR_BAD when the record was
 * set aside, -1 to stop.
 */
int
weir_clean_early(struct weir_clean *c, const struct weir_rec *in,
    struct weir_err *e)
{
	const struct weir_header *ih = NULL;
	size_t j;
	int rv;

	for (j = 0; j < c->nsel; j++) {
		if (c->o->nulls)
			nulls(c, &c->v[j]);
		text(c, &c->v[j], c->col[j].case_how);
	}
	if (!c->have_schema)
		return 0;
	ih = c->inh;
	for (j = 0; j < c->nsel; j++)
		if (c->col[j].schema_col >= 0 &&
		    (rv = coerce(c, j, in, ih, e)) != 0)
			return rv;
	return 0;
}

static void
number(struct weir_clean *c, struct val *v, double x)
{
	char buf[32];
	size_t n = weir_num_format(x, buf);

	set(c, v, buf, n);
	v->type = v->type == WEIR_TEXT ? WEIR_TEXT : WEIR_NUM;
}

static int
clip(struct weir_clean *c, struct ccol *cc, struct val *v)
{
	double x;

	if (!cc->clip || weir_clean_missing(v) ||
	    !weir_num_parse(v->s, v->len, &x))
		return 0;
	if (x < cc->lo)
		number(c, v, cc->lo);
	else if (x > cc->hi)
		number(c, v, cc->hi);
	else
		return 0;
	c->n.clipped++;
	return 1;
}

/* 1 when the record is to be dropped as an outlier. */
static int
outlier(struct weir_clean *c, struct ccol *cc, struct val *v)
{
	double x;
	int is;

	if (cc->outlier == OUT_NONE)
		return 0;
	is = !weir_clean_missing(v) && weir_num_parse(v->s, v->len, &x) &&
	    (x < cc->out_lo || x > cc->out_hi);
	if (cc->flag != NOCOL) {
		c->v[cc->flag].s = is ? "true" : "false";
		c->v[cc->flag].len = is ? 4 : 5;
		c->v[cc->flag].type = WEIR_BOOL;
	}
	if (!is)
		return 0;
	c->n.outliers++;
	if (c->o->outliers_action == WEIR_OUT_NULL) {
		v->s = "";
		v->len = 0;
		v->type = WEIR_NULL;
	}
	return c->o->outliers_action == WEIR_OUT_DROP;
}

static int
empty_row(const struct weir_clean *c)
{
	size_t j;

	for (j = 0; j < c->nsel; j++)
		if (!weir_clean_missing(&c->v[j]))
			return 0;
	return 1;
}

/*
 * Everything after the fill and before dedup: 1 to keep the record, 0
 * when it was dropped or set aside, -1 to stop.
 */
int
weir_clean_late(struct weir_clean *c, struct weir_err *e)
{
	size_t j;
	int drop = 0;

	for (j = 0; j < c->nsel; j++)
		if (c->col[j].required && weir_clean_missing(&c->v[j]))
			return weir_clean_bad(c, c->h.name[j], e,
			    "required, but missing") == -1 ? -1 : 0;
	for (j = 0; j < c->nsel; j++)
		clip(c, &c->col[j], &c->v[j]);
	for (j = 0; j < c->nsel; j++)
		drop |= outlier(c, &c->col[j], &c->v[j]);
	if (drop)
		return 0;
	if (c->o->drop_empty_rows && empty_row(c)) {
		c->n.empty_rows++;
		return 0;
	}
	for (j = 0; j < c->nwhere; j++) {
		const struct val *v = &c->v[c->where[j].col];

		if (!weir_where_match(c->where[j].w, v->type == WEIR_NULL ?
		    NULL : v->s, v->len)) {
			c->n.filtered++;
			return 0;
		}
	}
	return 1;
}
