#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "mem.h"
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

static void
push_num(struct outcols *oc, double v, size_t col, size_t *offs)
{
	char b[32];
	size_t n;

	(void)col;
	if (!isfinite(v)) {
		*offs = (size_t)-1;
		return;
	}
	n = weir_prep_format_num(v, b);
	*offs = oc->num.len;
	weir_buf_add(&oc->num, b, n);
	weir_buf_addc(&oc->num, '\0');
}

/* The output record: input fields, then the predictions. */
static const struct weir_rec *
out_record(struct outcols *oc, const struct weir_model *m,
    const struct weir_rec *in, const double *out)
{
	size_t nout = weir_model_nout(m), i, best = 0, offs[3 + 256];
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
		for (i = 1; i < nout; i++)
			if (out[i] > out[best])
				best = i;
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
		if (off[k] == (size_t)-1)
			weir_rec_push(&oc->rec, "", 0, oc->pcol + i, WEIR_NULL);
		else {
			f = weir_rec_push(&oc->rec, oc->num.p + off[k],
			    strlen(oc->num.p + off[k]), oc->pcol + i, WEIR_NUM);
			f->plain = 1;
		}
	}
	if (off != offs)
		free(off);
	oc->rec.src = in->src;
	oc->rec.line = in->line;
	return &oc->rec;
}

struct weir_scorer {
	const struct weir_model	*m;
	struct weir_score_opts	 o;
	struct weir_prep_map	 pm;
	struct outcols		 oc;
	struct weir_badrec	 br;
	float			*row;
	double			*out;
};

int
weir_scorer_apply(void *ctx, const struct weir_header *hdr, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	struct weir_scorer *sc = ctx;
	int rv;

	if (hdr->n > sc->pm.n)
		weir_prep_map_update(&sc->m->prep, &sc->pm, hdr);
	if (!sc->o.only && hdr->n > sc->oc.nmap &&
	    map_new(&sc->oc, hdr, e) == -1)
		return -1;
	rv = weir_prep_apply(&sc->m->prep, &sc->pm, hdr, in, sc->row,
	    sc->o.lenient ? WEIR_PREP_LENIENT : 0, &sc->br, e);
	if (rv == WEIR_BAD) {
		*bad = &sc->br;
		return WEIR_BAD;
	}
	weir_model_predict(sc->m, sc->row, sc->out);
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

void
weir_scorer_free(struct weir_scorer *sc)
{
	if (sc == NULL)
		return;
	out_release(&sc->oc);
	weir_prep_map_release(&sc->pm);
	free(sc->row);
	free(sc->out);
	free(sc);
}
