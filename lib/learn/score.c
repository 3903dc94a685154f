#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "json.h"
#include "mem.h"
#include "metrics.h"
#include "score.h"

/*
 * The output: input columns (all, or --keep) then the prediction columns
 * at pcol..pcol+npcol-1.  New input columns (JSON) go after them.
 */
struct outcols {
	struct weir_header	 h;
	size_t			*map;		/* input column -> output column */
	size_t			 nmap;
	size_t			 pcol, npcol;
	struct weir_proj	 proj;		/* --only-prediction --keep */
	int			 have_proj;
	struct weir_rec		 rec;
	struct weir_buf		 num;		/* the numbers' text */
};

static int
add_name(struct outcols *oc, const char *name, struct weir_err *e)
{
	if (weir_header_find(&oc->h, name, strlen(name)) >= 0)
		return weir_errf(e, EX_DATAERR, "column '%s' is in the input "
		    "already (see --name, --only-prediction)", name);
	weir_header_add(&oc->h, name, strlen(name));
	return 0;
}

/*
 * --name against the other prediction columns: a usage error, found
 * before the input is looked at.
 */
static int
check_name(const struct weir_score_opts *p, const struct weir_model *m,
    struct weir_err *e)
{
	size_t i;

	if (m->task == WEIR_TASK_REGRESS)
		return 0;
	if (strcmp(p->name, "probability") == 0)
		return weir_errf(e, EX_USAGE, "--name 'probability' clashes "
		    "with the column of the class's probability; choose "
		    "another name");
	for (i = 0; p->probs && i < m->nclass; i++)
		if (strncmp(p->name, "p_", 2) == 0 &&
		    strcmp(p->name + 2, m->classes[i]) == 0)
			return weir_errf(e, EX_USAGE, "--name '%s' clashes "
			    "with the probability column of class '%s' "
			    "(--probabilities); choose another name", p->name,
			    m->classes[i]);
	return 0;
}

static int
out_columns(struct outcols *oc, const struct weir_score_opts *p,
    const struct weir_model *m, const struct weir_header *in,
    struct weir_err *e)
{
	struct weir_buf nm = WEIR_BUF_INIT;
	size_t *cols, n, i, k, *uniq;
	int rv = -1;

	memset(oc, 0, sizeof(*oc));
	weir_header_init(&oc->h);
	if (p->only && p->keep != NULL) {
		if (weir_cols_parse(p->keep, in, "--keep", &cols, &n, e) == -1)
			return -1;
		uniq = weir_xcalloc(n ? n : 1, sizeof(*uniq));
		for (i = k = 0; i < n; i++)
			if (weir_header_find(&oc->h, in->name[cols[i]],
			    in->len[cols[i]]) < 0) {
				weir_header_add(&oc->h, in->name[cols[i]],
				    in->len[cols[i]]);
				uniq[k++] = cols[i];
			}
		weir_proj_init(&oc->proj, uniq, k);
		oc->have_proj = 1;
		free(uniq);
		free(cols);
	} else if (!p->only) {
		oc->map = weir_xreallocarray(NULL, in->n ? in->n : 1,
		    sizeof(*oc->map));
		for (i = 0; i < in->n; i++)
			oc->map[i] = weir_header_add(&oc->h, in->name[i],
			    in->len[i]);
		oc->nmap = in->n;
	}
	oc->pcol = oc->h.n;
	if (add_name(oc, p->name, e) == -1)
		goto out;
	if (m->task != WEIR_TASK_REGRESS) {
		if (add_name(oc, "probability", e) == -1)
			goto out;
		for (i = 0; p->probs && i < m->nclass; i++) {
			weir_buf_reset(&nm);
			weir_buf_addf(&nm, "p_%s", m->classes[i]);
			if (add_name(oc, nm.p, e) == -1)
				goto out;
		}
	}
	oc->npcol = oc->h.n - oc->pcol;
	rv = 0;
out:
	weir_buf_release(&nm);
	return rv;
}

/* Columns that appeared in the input since (JSON): after the predictions. */
static int
map_new(struct outcols *oc, const struct weir_header *in, struct weir_err *e)
{
	size_t i;
	long k;

	oc->map = weir_xreallocarray(oc->map, in->n, sizeof(*oc->map));
	for (i = oc->nmap; i < in->n; i++) {
		k = weir_header_find(&oc->h, in->name[i], in->len[i]);
		if (k >= (long)oc->pcol && k < (long)(oc->pcol + oc->npcol))
			return weir_errf(e, EX_DATAERR, "column '%s' is in the "
			    "input already (see --name, --only-prediction)",
			    in->name[i]);
		oc->map[i] = weir_header_intern(&oc->h, in->name[i],
		    in->len[i]);
	}
	oc->nmap = in->n;
	return 0;
}

static void
out_release(struct outcols *oc)
{
	weir_header_release(&oc->h);
	free(oc->map);
	if (oc->have_proj)
		weir_proj_release(&oc->proj);
	weir_rec_release(&oc->rec);
	weir_buf_release(&oc->num);
}

/* v is finite: weir_scorer_apply() made a bad record of anything else. */
static void
push_num(struct outcols *oc, double v, size_t col, size_t *offs)
{
	char b[32];
	size_t n;

	(void)col;
	n = weir_num_format(v, b);
	*offs = oc->num.len;
	weir_buf_add(&oc->num, b, n);
	weir_buf_addc(&oc->num, '\0');
}

/* The output record: input fields, then the predictions. */
static const struct weir_rec *
out_record(struct outcols *oc, const struct weir_model *m,
    const struct weir_rec *in, const double *out)
{
	size_t nout = weir_model_nout(m), i, best, offs[3 + 256];
	size_t *off = nout + 2 <= 3 + 256 ? offs :
	    weir_xcalloc(nout + 2, sizeof(*off)), k = 0;
	const char *label = NULL;
	struct weir_field *f;

	oc->rec.n = 0;
	if (oc->have_proj) {
		const struct weir_rec *pr = weir_proj_apply(&oc->proj, in);

		for (i = 0; i < pr->n; i++)
			*weir_rec_push(&oc->rec, pr->f[i].s, pr->f[i].len,
			    pr->f[i].col, pr->f[i].type) = pr->f[i];
	} else if (oc->map != NULL)
		for (i = 0; i < in->n; i++) {
			f = weir_rec_push(&oc->rec, in->f[i].s, in->f[i].len,
			    oc->map[in->f[i].col], in->f[i].type);
			f->plain = in->f[i].plain;
		}
	weir_buf_reset(&oc->num);
	if (m->task == WEIR_TASK_REGRESS)
		push_num(oc, out[0], 0, &off[k++]);
	else {
		best = weir_metrics_argmax(out, nout);
		label = m->classes[best];
		push_num(oc, out[best], 0, &off[k++]);
		for (i = 0; i < nout && oc->npcol > 2; i++)
			push_num(oc, out[i], 0, &off[k++]);
	}
	/* The buffer is complete: now its addresses hold. */
	k = 0;
	if (label != NULL) {
		f = weir_rec_push(&oc->rec, label, strlen(label), oc->pcol,
		    WEIR_TEXT);
		f->plain = strpbrk(label, "\",\r\n") == NULL;
	}
	for (i = label != NULL; i < oc->npcol; i++, k++) {
		f = weir_rec_push(&oc->rec, oc->num.p + off[k],
		    strlen(oc->num.p + off[k]), oc->pcol + i, WEIR_NUM);
		f->plain = 1;
	}
	if (off != offs)
		free(off);
	oc->rec.src = in->src;
	oc->rec.line = in->line;
	return &oc->rec;
}

/*
 * Records as the model's features see them, for input read without
 * flattening (JSON written as JSON, nested objects passed through): each
 * nested object is flattened here, as the reader flattens for a flat
 * output and as weir-train read its input, so that the feature "u.age"
 * finds {"u": {"age": 30}}.  The header holds the flat names; map takes
 * the input's columns to it.
 */
struct flatview {
	struct weir_header	 h;
	size_t			*map;
	size_t			 nmap;
	struct weir_rec		 rec;
	struct weir_buf		 text;	/* {"name": object, ...} */
	struct weir_jobj	 obj;
	struct weir_jopts	 jo;
};

static int
is_object(const struct weir_field *f)
{
	return f->type == WEIR_JSON && f->len > 2 && f->s[0] == '{';
}

static const struct weir_rec *
flat_record(struct flatview *fv, const struct weir_header *hdr,
    const struct weir_rec *in)
{
	size_t i, used;

	if (hdr->n > fv->nmap) {
		fv->map = weir_xreallocarray(fv->map, hdr->n, sizeof(*fv->map));
		for (i = fv->nmap; i < hdr->n; i++)
			fv->map[i] = weir_header_intern(&fv->h, hdr->name[i],
			    hdr->len[i]);
		fv->nmap = hdr->n;
	}
	fv->rec.n = 0;
	weir_buf_reset(&fv->text);
	for (i = 0; i < in->n; i++) {
		const struct weir_field *f = &in->f[i];

		if (!is_object(f)) {
			weir_rec_push(&fv->rec, f->s, f->len, fv->map[f->col],
			    f->type);
			continue;
		}
		weir_buf_addc(&fv->text, fv->text.len == 0 ? '{' : ',');
		weir_json_put_string(&fv->text, hdr->name[f->col],
		    hdr->len[f->col]);
		weir_buf_addc(&fv->text, ':');
		weir_buf_add(&fv->text, f->s, f->len);
	}
	if (fv->text.len == 0)
		goto out;
	weir_buf_addc(&fv->text, '}');
	/* The reader's own text: it parses, as it did there. */
	if (weir_json_object(fv->text.p, fv->text.len, &fv->jo, &fv->obj,
	    &used, NULL, 0) != 1)
		goto out;
	for (i = 0; i < fv->obj.n; i++) {
		const struct weir_jfield *jf = &fv->obj.f[i];

		weir_rec_push(&fv->rec, fv->obj.vals.p + jf->val, jf->vallen,
		    weir_header_intern(&fv->h, fv->obj.names.p + jf->name,
		    jf->namelen), jf->type);
	}
out:
	fv->rec.src = in->src;
	fv->rec.line = in->line;
	return &fv->rec;
}

static void
flat_release(struct flatview *fv)
{
	weir_header_release(&fv->h);
	free(fv->map);
	weir_rec_release(&fv->rec);
	weir_buf_release(&fv->text);
	weir_jobj_release(&fv->obj);
}

struct weir_scorer {
	const struct weir_model	*m;
	struct weir_score_opts	 o;
	struct weir_prep_map	 pm;
	struct outcols		 oc;
	struct flatview		 fv;
	int			 flat;		/* records go through fv */
	struct weir_badrec	 br;
	struct weir_buf		 raw;		/* br's record as read */
	float			*row;
	double			*out;
	unsigned long		 scored;
};

/*
 * The outputs are no numbers, so no prediction: a linear model whose
 * weights times the values overflow (the row is within float32, the
 * weights are not).  Name the feature that weighs most, with its value.
 */
static int
not_finite(struct weir_scorer *sc, const struct weir_header *h,
    const struct weir_rec *in, const struct weir_header *fh,
    const struct weir_rec *frec, struct weir_err *e)
{
	const struct weir_model *m = sc->m;
	const struct weir_linear *lin = &m->lin;
	const char *name = NULL;
	double big = -1;
	size_t q, j, i, k;

	for (q = 0; m->type != WEIR_MODEL_GBDT && q < lin->nout; q++)
		for (j = 0; j < lin->nfeat; j++) {
			double t = fabs(lin->w[q * lin->nfeat + j] *
			    (double)sc->row[j]);

			if (isnan(t))
				t = INFINITY;
			if (t > big) {
				big = t;
				name = weir_prep_column(&m->prep, j)->name;
			}
		}
	for (i = 0; name != NULL && i < frec->n; i++) {
		const struct weir_field *f = &frec->f[i];

		if (f->len == 0 || fh->len[f->col] != strlen(name) ||
		    memcmp(fh->name[f->col], name, fh->len[f->col]) != 0)
			continue;
		k = f->len;
		if (k > 40)	/* cut at a character, for a message */
			for (k = 40; k > 0 &&
			    ((unsigned char)f->s[k] & 0xC0) == 0x80; k--)
				;
		return weir_bad_rec(&sc->br, &sc->raw, e, h, in, name,
		    "'%.*s%s' times the model's weight overflows: the "
		    "prediction is not a finite number", (int)k, f->s,
		    k < f->len ? "..." : "");
	}
	return weir_bad_rec(&sc->br, &sc->raw, e, h, in, name, "the model's "
	    "numbers overflow: the prediction is not a finite number");
}

int
weir_scorer_apply(void *ctx, const struct weir_header *hdr,
    const struct weir_rec *in, const struct weir_rec **out,
    const struct weir_badrec **bad, struct weir_err *e)
{
	struct weir_scorer *sc = ctx;
	const struct weir_header *fh = hdr;
	const struct weir_rec *frec = in;
	size_t i, nout = weir_model_nout(sc->m);
	int rv;

	if (sc->flat) {
		frec = flat_record(&sc->fv, hdr, in);
		fh = &sc->fv.h;
	}
	if (fh->n > sc->pm.n)
		weir_prep_map_update(&sc->m->prep, &sc->pm, fh);
	if (!sc->o.only && hdr->n > sc->oc.nmap &&
	    map_new(&sc->oc, hdr, e) == -1)
		return -1;
	rv = weir_prep_apply(&sc->m->prep, &sc->pm, fh, frec, sc->row,
	    sc->o.lenient ? WEIR_PREP_LENIENT : 0, &sc->br, e);
	if (rv == WEIR_BAD) {
		if (sc->flat) {		/* the record as read */
			char why[sizeof(sc->br.reason)];

			memcpy(why, sc->br.reason, sizeof(why));
			weir_bad_rec(&sc->br, &sc->raw, e, hdr, in,
			    sc->br.column, "%s", why);
		}
		*bad = &sc->br;
		return WEIR_BAD;
	}
	weir_model_predict(sc->m, sc->row, sc->out);
	for (i = 0; i < nout; i++)
		if (!isfinite(sc->out[i])) {
			not_finite(sc, hdr, in, fh, frec, e);
			*bad = &sc->br;
			return WEIR_BAD;
		}
	sc->scored++;
	*out = out_record(&sc->oc, sc->m, in, sc->out);
	return 0;
}

struct weir_scorer *
weir_scorer_new(const struct weir_model *m, const struct weir_score_opts *o,
    const struct weir_header *in, int complete, const char *src,
    struct weir_err *e)
{
	struct weir_scorer *sc = weir_xcalloc(1, sizeof(*sc));
	const char *miss;

	sc->m = m;
	sc->o = *o;
	weir_header_init(&sc->fv.h);
	if (o->flatten != NULL) {
		sc->flat = 1;
		sc->fv.jo.flatten = 1;
		sc->fv.jo.sep = o->flatten;
		sc->fv.jo.seplen = strlen(o->flatten);
	}
	if (check_name(o, m, e) == -1)
		goto fail;
	if (complete && (miss = weir_prep_map_missing(&m->prep, in)) != NULL) {
		weir_errf(e, EX_DATAERR, "%s: no column '%s', which the model "
		    "needs", src, miss);
		goto fail;
	}
	if (out_columns(&sc->oc, &sc->o, m, in, e) == -1)
		goto fail;
	sc->row = weir_xcalloc(m->prep.width ? m->prep.width : 1,
	    sizeof(*sc->row));
	sc->out = weir_xcalloc(weir_model_nout(m) + 1, sizeof(*sc->out));
	return sc;
fail:
	weir_scorer_free(sc);
	return NULL;
}

const struct weir_header *
weir_scorer_header(const struct weir_scorer *sc)
{
	return &sc->oc.h;
}

const char *
weir_scorer_absent(const struct weir_scorer *sc, const struct weir_header *h,
    size_t *i)
{
	const struct weir_prep *p = &sc->m->prep;
	size_t c;

	if (h == NULL && sc->scored == 0)
		return NULL;	/* nothing was imputed */
	for (; *i < p->n; (*i)++) {
		const char *name = p->f[*i].name;

		if (h != NULL) {
			if (weir_header_find(h, name, strlen(name)) < 0)
				return p->f[(*i)++].name;
			continue;
		}
		for (c = 0; c < sc->pm.n; c++)
			if (sc->pm.feat[c] == (long)*i)
				break;
		if (c == sc->pm.n)
			return p->f[(*i)++].name;
	}
	return NULL;
}

void
weir_scorer_free(struct weir_scorer *sc)
{
	if (sc == NULL)
		return;
	out_release(&sc->oc);
	weir_prep_map_release(&sc->pm);
	flat_release(&sc->fv);
	weir_buf_release(&sc->raw);
	free(sc->row);
	free(sc->out);
	free(sc);
}
