#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "json.h"
#include "mem.h"
#include "prep.h"
#include "badrows.h"


/* ---- small helpers --------------------------------------------------- */

static int
is_missing(const struct weir_field *f)
{
	return f->type == WEIR_NULL || f->len == 0;
}

/* A value for a message: at most 40 bytes, cut at a character boundary. */
static void
quote_value(char *out, size_t size, const char *s, size_t len)
{
	size_t n = len;

	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(out, size, "'%.*s'%s", (int)n, s, n < len ? "..." : "");
}

/*
 * The storage rule (prep.h), in one place: x as a float32 when it is
 * within the range of one, else -1 and *out untouched.
 */
static int
to_float(double x, float *out)
{
	if (!(fabs(x) <= FLT_MAX))
		return -1;
	*out = (float)x;
	return 0;
}

/* A number of feature pf as it is stored: (v - center) / scale. */
static int
narrow(const struct weir_pfeat *pf, double v, float *out)
{
	return to_float((v - pf->center) / pf->scale, out);
}

/* Why a value cannot be stored: the reason of its bad record. */
static void
range_reason(char *buf, size_t size, const char *s, size_t len)
{
	char q[64];

	quote_value(q, sizeof(q), s, len);
	snprintf(buf, size, "%s is out of the model's range (numbers are "
	    "float32: within 3.4e38 of the feature's center)", q);
}

static int
cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	if (c != 0)
		return c;
	return al < bl ? -1 : al > bl;
}

/* ---- 1. the training table ------------------------------------------- */

#define MAP_IGNORED	(-1)
#define MAP_TARGET	(-2)

struct sfield {
	size_t	off, len, col;
	int	type;
};

struct srec {
	const char	*src;
	unsigned long	 line;
	size_t		 first, n;
};

struct weir_table_priv {
	struct weir_table_opts	 o;
	int			 decided;
	/* The first records, kept as text until the kinds are decided. */
	struct weir_buf		 text;
	struct sfield		*sf;
	size_t			 nsf, capsf;
	struct srec		*sr;
	size_t			 nsr, capsr;
	char			**srcs;		/* copies of the source names */
	size_t			 nsrcs;
	/* Input column -> feature index, MAP_TARGET or MAP_IGNORED. */
	long			*map;
	size_t			 nmap;
	size_t			 tcol;
	/* The target: numbers (regression, or two values) or labels. */
	int			 ynum;
	int			 ytrack;	/* count distinct numbers */
	double			 yval[3];
	char			*ytext[3];
	size_t			 nyval;
	struct weir_header	 ydict;
	size_t			 cap;
	/* One row being checked before it is kept. */
	double			*tnum;
	const struct weir_field	**tf;
	struct weir_buf		 raw;
	struct weir_badrec	 bad;
};

struct weir_table *
weir_table_new(const struct weir_table_opts *o)
{
	struct weir_table *t = weir_xcalloc(1, sizeof(*t));

	t->priv = weir_xcalloc(1, sizeof(*t->priv));
	t->priv->o = *o;
	t->target = weir_xstrdup(o->target);
	weir_header_init(&t->priv->ydict);
	return t;
}

void
weir_table_free(struct weir_table *t)
{
	struct weir_table_priv *p;
	size_t i;

	if (t == NULL)
		return;
	p = t->priv;
	for (i = 0; i < t->ncol; i++) {
		struct weir_tcol *c = &t->col[i];
		size_t b;

		for (b = 0; b < c->nblock; b++) {
			if (c->num != NULL)
				free(c->num[b]);
			if (c->code != NULL)
				free(c->code[b]);
		}
		free(c->name);
		free(c->num);
		free(c->code);
		weir_header_release(&c->levels);
	}
	free(t->col);
	free(t->target);
	free(t->y);
	for (i = 0; i < t->nclass; i++)
		free(t->classes[i]);
	free(t->classes);
	weir_buf_release(&p->text);
	free(p->sf);
	free(p->sr);
	for (i = 0; i < p->nsrcs; i++)
		free(p->srcs[i]);
	free(p->srcs);
	free(p->map);
	for (i = 0; i < p->nyval; i++)
		free(p->ytext[i]);
	weir_header_release(&p->ydict);
	free(p->tnum);
	free(p->tf);
	weir_buf_release(&p->raw);
	free(p);
	free(t);
}

static void
keep_text(struct weir_table_priv *p, const struct weir_rec *rec)
{
	struct srec *r;
	size_t i;

	if (p->nsr == p->capsr) {
		p->capsr = p->capsr ? p->capsr * 2 : 64;
		p->sr = weir_xreallocarray(p->sr, p->capsr, sizeof(*p->sr));
	}
	r = &p->sr[p->nsr++];
	/* The reader's name may not outlive it: keep a copy. */
	if (p->nsrcs == 0 || strcmp(p->srcs[p->nsrcs - 1], rec->src ?
	    rec->src : "-") != 0) {
		p->srcs = weir_xreallocarray(p->srcs, p->nsrcs + 1,
		    sizeof(*p->srcs));
		p->srcs[p->nsrcs++] = weir_xstrdup(rec->src ? rec->src : "-");
	}
	r->src = p->srcs[p->nsrcs - 1];
	r->line = rec->line;
	r->first = p->nsf;
	r->n = rec->n;
	for (i = 0; i < rec->n; i++) {
		struct sfield *f;

		if (p->nsf == p->capsf) {
			p->capsf = p->capsf ? p->capsf * 2 : 1024;
			p->sf = weir_xreallocarray(p->sf, p->capsf,
			    sizeof(*p->sf));
		}
		f = &p->sf[p->nsf++];
		f->off = p->text.len;
		f->len = rec->f[i].len;
		f->col = rec->f[i].col;
		f->type = rec->f[i].type;
		weir_buf_add(&p->text, rec->f[i].s, rec->f[i].len);
	}
}

/* Every non-missing value of column col among the kept records is a number. */
static int
sniff_numeric(const struct weir_table_priv *p, size_t col)
{
	size_t i;
	double v;

	for (i = 0; i < p->nsf; i++) {
		const struct sfield *f = &p->sf[i];

		if (f->col != col || f->type == WEIR_NULL || f->len == 0)
			continue;
		if (!weir_num_parse(p->text.p + f->off, f->len, &v))
			return 0;
	}
	return 1;
}

/* Columns of a list, or -1.  *has is set for each. */
static int
mark_list(const char *list, const struct weir_header *h, const char *what,
    unsigned char *has, unsigned char flag, struct weir_err *e)
{
	size_t *cols, n, i;

	if (list == NULL)
		return 0;
	if (weir_cols_parse(list, h, what, &cols, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++)
		has[cols[i]] |= flag;
	free(cols);
	return 0;
}

static void
add_feature(struct weir_table *t, const struct weir_header *h, size_t col,
    int kind)
{
	struct weir_tcol *c;

	t->col = weir_xreallocarray(t->col, t->ncol + 1, sizeof(*t->col));
	c = &t->col[t->ncol];
	memset(c, 0, sizeof(*c));
	c->name = weir_xstrdup(h->name[col]);
	c->hcol = col;
	c->kind = kind;
	c->min = INFINITY;
	c->max = -INFINITY;
	weir_header_init(&c->levels);
	t->priv->map[col] = (long)t->ncol++;
}

static int put_row(struct weir_table *, const struct weir_header *,
    const struct weir_rec *, struct weir_err *);

enum { F_FEAT = 1, F_IGNORE = 2, F_NUM = 4, F_CAT = 8 };

/* Decide the features and their kinds from the kept records, then take them. */
static int
decide(struct weir_table *t, const struct weir_header *h, struct weir_err *e)
{
	struct weir_table_priv *p = t->priv;
	struct weir_rec rec;
	unsigned char *fl;
	size_t *order = NULL, norder = 0, i, j;
	long tc;
	int rv = -1;

	p->decided = 1;
	if ((tc = weir_header_find(h, t->target, strlen(t->target))) < 0)
		return weir_errf(e, EX_DATAERR, "no target column '%s' in the "
		    "input", t->target);
	p->tcol = (size_t)tc;
	fl = weir_xcalloc(h->n ? h->n : 1, 1);
	if (p->o.features != NULL) {
		if (weir_cols_parse(p->o.features, h, "--features", &order,
		    &norder, e) == -1)
			goto out;
	} else {
		order = weir_xcalloc(h->n ? h->n : 1, sizeof(*order));
		for (i = 0; i < h->n; i++)
			order[norder++] = i;
	}
	if (mark_list(p->o.ignore, h, "--ignore", fl, F_IGNORE, e) == -1 ||
	    mark_list(p->o.numeric, h, "--numeric", fl, F_NUM, e) == -1 ||
	    mark_list(p->o.categorical, h, "--categorical", fl, F_CAT, e) == -1)
		goto out;
	for (i = 0; i < h->n; i++)
		if ((fl[i] & (F_NUM | F_CAT)) == (F_NUM | F_CAT)) {
			weir_errf(e, EX_USAGE, "column '%s' is in both --numeric "
			    "and --categorical", h->name[i]);
			goto out;
		}
	if (p->o.features != NULL)
		for (i = 0; i < norder; i++)
			if (order[i] == p->tcol) {
				weir_errf(e, EX_USAGE, "the target '%s' cannot "
				    "be a feature", t->target);
				goto out;
			}
	p->nmap = h->n;
	p->map = weir_xreallocarray(NULL, h->n, sizeof(*p->map));
	for (i = 0; i < h->n; i++)
		p->map[i] = MAP_IGNORED;
	p->map[p->tcol] = MAP_TARGET;
	for (i = 0; i < norder; i++) {
		size_t c = order[i];
		int kind;

		if (c == p->tcol || (fl[c] & (F_IGNORE | F_FEAT)))
			continue;
		fl[c] |= F_FEAT;
		if (fl[c] & F_NUM)
			kind = WEIR_KIND_NUMERIC;
		else if (fl[c] & F_CAT)
			kind = WEIR_KIND_CATEGORICAL;
		else
			kind = sniff_numeric(p, c) ? WEIR_KIND_NUMERIC :
			    WEIR_KIND_CATEGORICAL;
		add_feature(t, h, c, kind);
	}
	if (t->ncol == 0) {
		weir_errf(e, EX_DATAERR, "no feature columns besides the "
		    "target '%s'", t->target);
		goto out;
	}
	if (p->o.classify == 1)
		p->ynum = 0;
	else if (p->o.classify == 0)
		p->ynum = 1;
	else {
		p->ynum = sniff_numeric(p, p->tcol);
		p->ytrack = p->ynum;
	}
	p->tnum = weir_xcalloc(t->ncol, sizeof(*p->tnum));
	p->tf = weir_xcalloc(t->ncol, sizeof(*p->tf));

	/* Take the kept records, as if they came now. */
	memset(&rec, 0, sizeof(rec));
	for (i = 0; i < p->nsr; i++) {
		const struct srec *r = &p->sr[i];

		rec.n = 0;
		for (j = 0; j < r->n; j++) {
			const struct sfield *f = &p->sf[r->first + j];

			weir_rec_push(&rec, p->text.p + f->off, f->len, f->col,
			    f->type);
		}
		rec.src = r->src;
		rec.line = r->line;
		if (put_row(t, h, &rec, e) == -1) {
			weir_rec_release(&rec);
			goto out;
		}
	}
	weir_rec_release(&rec);
	weir_buf_release(&p->text);
	free(p->sf);
	free(p->sr);
	p->sf = NULL;
	p->sr = NULL;
	p->nsf = p->nsr = p->capsf = p->capsr = 0;
	rv = 0;
out:
	free(fl);
	free(order);
	return rv;
}

static void
grow_rows(struct weir_table *t)
{
	struct weir_table_priv *p = t->priv;
	size_t i, b;

	if (t->nrows == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		t->y = weir_xreallocarray(t->y, p->cap, sizeof(*t->y));
	}
	if ((t->nrows & (WEIR_TBLOCK - 1)) != 0)
		return;
	b = t->nrows >> WEIR_TBLOCK_BITS;	/* a new block for each column */
	for (i = 0; i < t->ncol; i++) {
		struct weir_tcol *c = &t->col[i];

		if (c->kind == WEIR_KIND_NUMERIC) {
			c->num = weir_xreallocarray(c->num, b + 1,
			    sizeof(*c->num));
			c->num[b] = weir_xreallocarray(NULL, WEIR_TBLOCK,
			    sizeof(**c->num));
		} else {
			c->code = weir_xreallocarray(c->code, b + 1,
			    sizeof(*c->code));
			c->code[b] = weir_xreallocarray(NULL, WEIR_TBLOCK,
			    sizeof(**c->code));
		}
		c->nblock = b + 1;
	}
}

static int
bad_row(struct weir_table *t, const struct weir_header *h,
    const struct weir_rec *rec, const char *column, const char *why,
    struct weir_err *e)
{
	struct weir_table_priv *p = t->priv;

	weir_bad_rec(&p->bad, &p->raw, e, h, rec, column, "%s", why);
	t->nbad++;
	if (p->o.bad == NULL)
		return -1;
	return p->o.bad(p->o.arg, &p->bad, e);
}

static int
put_target(struct weir_table *t, const struct weir_field *f, double *y)
{
	struct weir_table_priv *p = t->priv;
	size_t i;
	long k;

	if (p->ynum) {
		if (!weir_num_parse(f->s, f->len, y))
			return -1;
		if (!p->ytrack)
			return 0;
		for (i = 0; i < p->nyval; i++)
			if (p->yval[i] == *y)
				return 0;
		if (p->nyval == 2) {
			p->ytrack = 0;	/* a third value: regression */
			return 0;
		}
		p->yval[p->nyval] = *y;
		p->ytext[p->nyval++] = weir_xmemdup(f->s, f->len);
		return 0;
	}
	if ((k = weir_header_find(&p->ydict, f->s, f->len)) < 0) {
		if (p->ydict.n >= WEIR_PREP_MAXCLASS)
			return -2;
		k = (long)weir_header_add(&p->ydict, f->s, f->len);
	}
	*y = (double)k;
	return 0;
}

static int
put_row(struct weir_table *t, const struct weir_header *h,
    const struct weir_rec *rec, struct weir_err *e)
{
	struct weir_table_priv *p = t->priv;
	const struct weir_field *yf = NULL;
	char q[64], why[160];
	float fv;
	double y;
	size_t i, blk, at;
	int rv;

	if (h->n > p->nmap) {
		p->map = weir_xreallocarray(p->map, h->n, sizeof(*p->map));
		for (i = p->nmap; i < h->n; i++) {
			p->map[i] = MAP_IGNORED;
			weir_warn("%s:%lu: column '%s' first appears after the "
			    "first %d records; not used", rec->src ? rec->src :
			    "-", rec->line, h->name[i], WEIR_PREP_SNIFF);
		}
		p->nmap = h->n;
	}
	memset(p->tf, 0, t->ncol * sizeof(*p->tf));
	for (i = 0; i < rec->n; i++) {
		const struct weir_field *f = &rec->f[i];
		long m = f->col < p->nmap ? p->map[f->col] : MAP_IGNORED;

		if (m == MAP_TARGET)
			yf = f;
		else if (m >= 0)
			p->tf[m] = f;
	}
	if (yf == NULL || is_missing(yf))
		return bad_row(t, h, rec, t->target, "missing target value",
		    e);
	for (i = 0; i < t->ncol; i++) {
		const struct weir_field *f = p->tf[i];

		if (t->col[i].kind != WEIR_KIND_NUMERIC)
			continue;
		if (f == NULL || is_missing(f))
			p->tnum[i] = NAN;
		else if (!weir_num_parse(f->s, f->len, &p->tnum[i])) {
			quote_value(q, sizeof(q), f->s, f->len);
			snprintf(why, sizeof(why), "not a number: %s", q);
			return bad_row(t, h, rec, t->col[i].name, why, e);
		} else if (to_float(p->tnum[i], &fv) == -1) {
			range_reason(why, sizeof(why), f->s, f->len);
			return bad_row(t, h, rec, t->col[i].name, why, e);
		}
	}
	if ((rv = put_target(t, yf, &y)) == -1) {
		quote_value(q, sizeof(q), yf->s, yf->len);
		snprintf(why, sizeof(why), "target not a number: %s", q);
		return bad_row(t, h, rec, t->target, why, e);
	}
	if (rv == -2)
		return weir_errf(e, EX_DATAERR, "%s:%lu: target '%s' has more "
		    "than %d distinct values; use --task regress for a number",
		    rec->src ? rec->src : "-", rec->line, t->target,
		    WEIR_PREP_MAXCLASS);
	grow_rows(t);
	t->y[t->nrows] = y;
	blk = t->nrows >> WEIR_TBLOCK_BITS;
	at = t->nrows & (WEIR_TBLOCK - 1);
	for (i = 0; i < t->ncol; i++) {
		struct weir_tcol *c = &t->col[i];
		const struct weir_field *f = p->tf[i];

		if (c->kind == WEIR_KIND_NUMERIC) {
			double v = p->tnum[i];

			c->num[blk][at] = v;
			if (v < c->min)
				c->min = v;
			if (v > c->max)
				c->max = v;
		} else if (f == NULL || is_missing(f))
			c->code[blk][at] = 0;
		else
			c->code[blk][at] = (uint32_t)weir_header_intern(
			    &c->levels, f->s, f->len) + 1;
	}
	t->nrows++;
	return 0;
}

int
weir_table_put(struct weir_table *t, const struct weir_header *h,
    const struct weir_rec *rec, struct weir_err *e)
{
	struct weir_table_priv *p = t->priv;

	if (p->decided)
		return put_row(t, h, rec, e);
	keep_text(p, rec);
	if (p->nsr < WEIR_PREP_SNIFF)
		return 0;
	return decide(t, h, e);
}

struct label {
	const char	*s;
	size_t		 len;
	double		 v;
	size_t		 old;
};

static int labels_numeric;	/* v: weir_num_parse's, never NaN */

static int
cmp_label(const void *a, const void *b)
{
	const struct label *x = a, *y = b;

	if (labels_numeric && x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return cmp_bytes(x->s, x->len, y->s, y->len);
}

/* Sort the class labels (numerically when all are numbers); renumber y. */
static void
settle_classes(struct weir_table *t, const char *const *s, const size_t *len,
    const double *val, size_t n)
{
	struct label *l = weir_xcalloc(n, sizeof(*l));
	size_t *rank = weir_xcalloc(n, sizeof(*rank)), i;

	labels_numeric = 1;
	for (i = 0; i < n; i++) {
		l[i].s = s[i];
		l[i].len = len[i];
		l[i].old = i;
		if (!weir_num_parse(s[i], len[i], &l[i].v))
			labels_numeric = 0;
	}
	qsort(l, n, sizeof(*l), cmp_label);
	t->classes = weir_xcalloc(n, sizeof(*t->classes));
	for (i = 0; i < n; i++) {
		t->classes[i] = weir_xmemdup(l[i].s, l[i].len);
		rank[l[i].old] = i;
	}
	t->nclass = n;
	for (i = 0; i < t->nrows; i++) {
		size_t k;

		if (val != NULL) {
			for (k = 0; k < n && val[k] != t->y[i]; k++)
				;
		} else
			k = (size_t)t->y[i];
		t->y[i] = (double)rank[k];
	}
	free(l);
	free(rank);
}

int
weir_table_finish(struct weir_table *t, const struct weir_header *h,
    struct weir_err *e)
{
	struct weir_table_priv *p = t->priv;

	if (!p->decided && decide(t, h, e) == -1)
		return -1;
	if (t->nrows == 0)
		return weir_errf(e, EX_DATAERR, "no records to train on");
	if (!p->ynum) {
		t->classify = 1;
		settle_classes(t, (const char *const *)p->ydict.name,
		    p->ydict.len, NULL, p->ydict.n);
	} else if (p->o.classify == -1 && p->ytrack && p->nyval == 2) {
		size_t len[2];

		len[0] = strlen(p->ytext[0]);
		len[1] = strlen(p->ytext[1]);
		t->classify = 1;
		settle_classes(t, (const char *const *)p->ytext, len, p->yval,
		    2);
	}
	if (t->classify && t->nclass < 2)
		return weir_errf(e, EX_DATAERR, "target '%s' has one class "
		    "only ('%s'): nothing to learn", t->target, t->classes[0]);
	return 0;
}

/* ---- 2. preprocessing ------------------------------------------------ */

/*
 * The k-th smallest of v[0..n) (v is reordered): Hoare's selection.  v
 * holds no NaN (the caller leaves missing values out, and the table no
 * infinity), so the comparisons are a total order and the scans stop.
 */
static double
select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi], piv, t;
		size_t i = lo, j = hi;

		/* median of three */
		piv = a < b ? (b < c ? b : (a < c ? c : a)) :
		    (a < c ? a : (b < c ? c : b));
		while (i <= j) {
			while (v[i] < piv)
				i++;
			while (v[j] > piv)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

static double
median_of(double *v, size_t n)
{
	double a, b;
	size_t i;

	if (n % 2)
		return select_kth(v, n, n / 2);
	a = select_kth(v, n, n / 2 - 1);
	/* the smallest of the upper half */
	b = v[n / 2];
	for (i = n / 2 + 1; i < n; i++)
		if (v[i] < b)
			b = v[i];
	return a + (b - a) / 2;
}

static void
fit_numeric(struct weir_pfeat *pf, const struct weir_tcol *c,
    const size_t *rows, size_t n, const struct weir_prep_opts *o)
{
	double sum = 0, imp, center, ss = 0, *v = NULL;
	size_t i, k = 0, miss = 0;

	if (o->median)
		v = weir_xreallocarray(NULL, n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		double x = weir_tcol_num(c, rows[i]);

		if (isnan(x)) {
			miss++;
			continue;
		}
		sum += x;
		if (v != NULL)
			v[k] = x;
		k++;
	}
	if (k == 0)
		imp = 0;
	else if (v != NULL)
		imp = median_of(v, k);
	else
		imp = sum / (double)k;
	free(v);
	pf->impute = o->keep_missing ? NAN : imp;
	pf->center = 0;
	pf->scale = 1;
	pf->sd = 1;
	if (!o->center || n == 0)
		return;
	center = (sum + (double)miss * imp) / (double)n;
	for (i = 0; i < n; i++) {
		double x = weir_tcol_num(c, rows[i]);

		if (isnan(x))
			x = imp;
		ss += (x - center) * (x - center);
	}
	pf->center = center;
	ss = sqrt(ss / (double)n);
	/* A constant column: left as it is, as scikit-learn's StandardScaler. */
	pf->sd = ss > 1e-12 * (fabs(center) > 1 ? fabs(center) : 1) ? ss : 1;
	/*
	 * Every value of the table is within a float32's range, and so is
	 * the center, but the distance between them may not be: halving it
	 * (exactly) brings every row back, held out or not.
	 */
	if (c->min <= c->max && (c->max - center > FLT_MAX ||
	    center - c->min > FLT_MAX)) {
		pf->scale = 2;
		pf->sd /= 2;
	}
}

struct lcount {
	const char	*s;
	size_t		 len;
	size_t		 count;
};

static int
cmp_count(const void *a, const void *b)
{
	const struct lcount *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return cmp_bytes(x->s, x->len, y->s, y->len);
}

static int
cmp_lbytes(const void *a, const void *b)
{
	const struct lcount *x = a, *y = b;

	return cmp_bytes(x->s, x->len, y->s, y->len);
}

static void
fit_categorical(struct weir_pfeat *pf, const struct weir_tcol *c,
    const size_t *rows, size_t n, const struct weir_prep_opts *o)
{
	size_t *count = weir_xcalloc(c->levels.n + 1, sizeof(*count));
	struct lcount *l = weir_xcalloc(c->levels.n + 1, sizeof(*l));
	size_t i, nl = 0, seen = 0;

	for (i = 0; i < n; i++)
		count[weir_tcol_code(c, rows[i])]++;
	for (i = 0; i < c->levels.n; i++) {
		if (count[i + 1] == 0)
			continue;
		seen++;
		if ((long)count[i + 1] < o->min_count)
			continue;
		l[nl].s = c->levels.name[i];
		l[nl].len = c->levels.len[i];
		l[nl].count = count[i + 1];
		nl++;
	}
	if (o->max_levels > 0 && nl > (size_t)o->max_levels) {
		qsort(l, nl, sizeof(*l), cmp_count);
		nl = (size_t)o->max_levels;
	}
	qsort(l, nl, sizeof(*l), cmp_lbytes);
	weir_header_init(&pf->levels);
	for (i = 0; i < nl; i++)
		weir_header_add(&pf->levels, l[i].s, l[i].len);
	pf->merged = seen - nl;
	pf->other = pf->merged > 0;
	pf->missing = count[0] > 0;
	pf->impute = NAN;
	pf->center = 0;
	pf->scale = 1;
	pf->sd = 1;
	free(count);
	free(l);
}

static void
layout(struct weir_prep *p)
{
	size_t i, off = 0;

	for (i = 0; i < p->n; i++) {
		struct weir_pfeat *pf = &p->f[i];

		pf->off = off;
		if (pf->kind == WEIR_KIND_NUMERIC)
			pf->width = 1;
		else
			pf->width = pf->levels.n + (size_t)pf->other +
			    (size_t)pf->missing;
		off += pf->width;
	}
	p->width = off;
}

void
weir_prep_fit(struct weir_prep *p, const struct weir_table *t,
    const size_t *rows, size_t nrows, const struct weir_prep_opts *o)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->n = t->ncol;
	p->f = weir_xcalloc(p->n ? p->n : 1, sizeof(*p->f));
	for (i = 0; i < p->n; i++) {
		struct weir_pfeat *pf = &p->f[i];

		pf->name = weir_xstrdup(t->col[i].name);
		pf->kind = t->col[i].kind;
		weir_header_init(&pf->levels);
		if (pf->kind == WEIR_KIND_NUMERIC)
			fit_numeric(pf, &t->col[i], rows, nrows, o);
		else
			fit_categorical(pf, &t->col[i], rows, nrows, o);
	}
	layout(p);
}

/* Column (in the row) of each code of c, or -1. */
static long *
code_columns(const struct weir_pfeat *pf, const struct weir_tcol *c)
{
	long *m = weir_xcalloc(c->levels.n + 1, sizeof(*m));
	size_t i;
	long k, other = pf->other ? (long)(pf->off + pf->levels.n) : -1;

	m[0] = pf->missing ? (long)(pf->off + pf->levels.n) + pf->other : -1;
	for (i = 0; i < c->levels.n; i++) {
		k = weir_header_find(&pf->levels, c->levels.name[i],
		    c->levels.len[i]);
		m[i + 1] = k >= 0 ? (long)pf->off + k : other;
	}
	return m;
}

void
weir_prep_matrix(const struct weir_prep *p, const struct weir_table *t,
    const size_t *rows, size_t n, float *x)
{
	size_t i, j, w = p->width;
	long **cm = weir_xcalloc(p->n ? p->n : 1, sizeof(*cm));
	float *miss = weir_xcalloc(p->n ? p->n : 1, sizeof(*miss));

	for (j = 0; j < p->n; j++) {
		if (p->f[j].kind == WEIR_KIND_NUMERIC) {
			if (narrow(&p->f[j], p->f[j].impute, &miss[j]) == -1)
				miss[j] = NAN;	/* keep_missing */
		} else
			cm[j] = code_columns(&p->f[j], &t->col[j]);
	}
	/* Row by row, every cell written once: no pass to clear it first. */
	for (i = 0; i < n; i++) {
		float *xr = x + i * w;
		size_t r = rows[i];

		for (j = 0; j < p->n; j++) {
			const struct weir_pfeat *pf = &p->f[j];
			const struct weir_tcol *c = &t->col[j];

			if (pf->kind == WEIR_KIND_NUMERIC) {
				double v = weir_tcol_num(c, r);

				/* weir_prep_fit() made every row fit */
				if (isnan(v) ||
				    narrow(pf, v, &xr[pf->off]) == -1)
					xr[pf->off] = miss[j];
			} else {
				long k = cm[j][weir_tcol_code(c, r)];

				memset(xr + pf->off, 0, pf->width * sizeof(*xr));
				if (k >= 0)
					xr[k] = 1;
			}
		}
	}
	for (j = 0; j < p->n; j++)
		free(cm[j]);
	free(cm);
	free(miss);
}

void
weir_prep_col_sd(const struct weir_prep *p, double *sd)
{
	size_t i, k;

	for (i = 0; i < p->n; i++)
		for (k = 0; k < p->f[i].width; k++)
			sd[p->f[i].off + k] = p->f[i].kind == WEIR_KIND_NUMERIC ?
			    p->f[i].sd : 1;
}

const struct weir_pfeat *
weir_prep_column(const struct weir_prep *p, size_t col)
{
	size_t lo = 0, hi = p->n;

	while (hi - lo > 1) {		/* the last feature starting at or before */
		size_t mid = lo + (hi - lo) / 2;

		if (p->f[mid].off <= col)
			lo = mid;
		else
			hi = mid;
	}
	return &p->f[lo];
}

void
weir_prep_release(struct weir_prep *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->f[i].name);
		weir_header_release(&p->f[i].levels);
	}
	free(p->f);
	memset(p, 0, sizeof(*p));
}

static json_t *
real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *
weir_prep_to_json(const struct weir_prep *p)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < p->n; i++) {
		const struct weir_pfeat *pf = &p->f[i];
		json_t *o = json_object(), *l;

		json_object_set_new(o, "name", json_string(pf->name));
		if (pf->kind == WEIR_KIND_NUMERIC) {
			json_object_set_new(o, "kind", json_string("numeric"));
			json_object_set_new(o, "impute", real_or_null(pf->impute));
			json_object_set_new(o, "center", json_real(pf->center));
			json_object_set_new(o, "scale", json_real(pf->scale));
		} else {
			json_object_set_new(o, "kind",
			    json_string("categorical"));
			l = json_array();
			for (k = 0; k < pf->levels.n; k++)
				json_array_append_new(l, json_stringn(
				    pf->levels.name[k], pf->levels.len[k]));
			json_object_set_new(o, "levels", l);
			json_object_set_new(o, "other", json_boolean(pf->other));
			json_object_set_new(o, "missing",
			    json_boolean(pf->missing));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static int
get_num(const json_t *o, const char *key, int nullok, double *v)
{
	const json_t *j = json_object_get(o, key);

	if (nullok && json_is_null(j)) {
		*v = NAN;
		return 0;
	}
	if (!json_is_number(j))
		return -1;
	*v = json_number_value(j);
	return 0;
}

int
weir_prep_from_json(struct weir_prep *p, const json_t *a, struct weir_err *e)
{
	size_t i, k;
	struct weir_header names;

	memset(p, 0, sizeof(*p));
	if (!json_is_array(a) || json_array_size(a) == 0)
		return weir_errf(e, EX_DATAERR, "'features' is not a "
		    "non-empty array");
	p->n = json_array_size(a);
	p->f = weir_xcalloc(p->n, sizeof(*p->f));
	for (i = 0; i < p->n; i++)
		weir_header_init(&p->f[i].levels);
	weir_header_init(&names);
	for (i = 0; i < p->n; i++) {
		struct weir_pfeat *pf = &p->f[i];
		const json_t *o = json_array_get(a, i), *l;
		const char *kind;
		json_t *nm;

		nm = json_object_get(o, "name");
		kind = json_string_value(json_object_get(o, "kind"));
		if (!json_is_string(nm) || kind == NULL)
			goto bad;
		pf->name = weir_xmemdup(json_string_value(nm),
		    json_string_length(nm));
		if (weir_header_find(&names, pf->name,
		    json_string_length(nm)) >= 0) {
			weir_errf(e, EX_DATAERR, "feature '%s' appears twice",
			    pf->name);
			goto fail;
		}
		weir_header_add(&names, pf->name, json_string_length(nm));
		pf->sd = 1;
		if (strcmp(kind, "numeric") == 0) {
			pf->kind = WEIR_KIND_NUMERIC;
			if (get_num(o, "impute", 1, &pf->impute) == -1 ||
			    get_num(o, "center", 0, &pf->center) == -1 ||
			    get_num(o, "scale", 0, &pf->scale) == -1 ||
			    !(pf->scale != 0) || !isfinite(pf->scale))
				goto bad;
		} else if (strcmp(kind, "categorical") == 0) {
			pf->kind = WEIR_KIND_CATEGORICAL;
			pf->impute = NAN;
			pf->scale = 1;
			l = json_object_get(o, "levels");
			if (!json_is_array(l) ||
			    !json_is_boolean(json_object_get(o, "other")) ||
			    !json_is_boolean(json_object_get(o, "missing")))
				goto bad;
			for (k = 0; k < json_array_size(l); k++) {
				const json_t *s = json_array_get(l, k);

				if (!json_is_string(s) || weir_header_find(
				    &pf->levels, json_string_value(s),
				    json_string_length(s)) >= 0)
					goto bad;
				weir_header_add(&pf->levels,
				    json_string_value(s), json_string_length(s));
			}
			pf->other = json_is_true(json_object_get(o, "other"));
			pf->missing = json_is_true(json_object_get(o,
			    "missing"));
		} else
			goto bad;
	}
	weir_header_release(&names);
	layout(p);
	return 0;
bad:
	weir_errf(e, EX_DATAERR, "features[%zu] is not a valid feature", i);
fail:
	weir_header_release(&names);
	weir_prep_release(p);
	return -1;
}

/* ---- 3. one record at a time ----------------------------------------- */

static long
feature_index(const struct weir_prep *p, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strlen(p->f[i].name) == len &&
		    memcmp(p->f[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

void
weir_prep_map_update(const struct weir_prep *p, struct weir_prep_map *m,
    const struct weir_header *h)
{
	size_t i;

	if (m->stamp == NULL)
		m->stamp = weir_xcalloc(p->n ? p->n : 1, sizeof(*m->stamp));
	if (h->n <= m->n)
		return;
	m->feat = weir_xreallocarray(m->feat, h->n, sizeof(*m->feat));
	for (i = m->n; i < h->n; i++)
		m->feat[i] = feature_index(p, h->name[i], h->len[i]);
	m->n = h->n;
}

const char *
weir_prep_map_missing(const struct weir_prep *p, const struct weir_header *h)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (weir_header_find(h, p->f[i].name, strlen(p->f[i].name)) < 0)
			return p->f[i].name;
	return NULL;
}

void
weir_prep_map_release(struct weir_prep_map *m)
{
	free(m->feat);
	free(m->stamp);
	weir_buf_release(&m->raw);
	memset(m, 0, sizeof(*m));
}

static void
set_missing(const struct weir_pfeat *pf, float *row)
{
	/*
	 * An imputed value out of range (a model file can say anything) is
	 * left infinite: the prediction then is no number, which the scorer
	 * does not write.
	 */
	if (pf->kind == WEIR_KIND_NUMERIC) {
		double x = (pf->impute - pf->center) / pf->scale;

		if (to_float(x, &row[pf->off]) == -1)
			row[pf->off] = isnan(x) ? NAN : x > 0 ? INFINITY :
			    -INFINITY;
	} else if (pf->missing)
		row[pf->off + pf->levels.n + (size_t)pf->other] = 1;
}

int
weir_prep_apply(const struct weir_prep *p, struct weir_prep_map *m,
    const struct weir_header *h, const struct weir_rec *rec, float *row,
    int flags, struct weir_badrec *bad, struct weir_err *e)
{
	size_t i, serial = ++m->serial;
	char q[64], why[160];
	double v;
	long k;

	memset(row, 0, p->width * sizeof(*row));
	for (i = 0; i < rec->n; i++) {
		const struct weir_field *f = &rec->f[i];
		const struct weir_pfeat *pf;

		if (f->col >= m->n || (k = m->feat[f->col]) < 0)
			continue;
		pf = &p->f[k];
		m->stamp[k] = serial;
		if (is_missing(f))
			set_missing(pf, row);
		else if (pf->kind == WEIR_KIND_NUMERIC) {
			if (weir_num_parse(f->s, f->len, &v)) {
				if (narrow(pf, v, &row[pf->off]) == -1) {
					range_reason(why, sizeof(why), f->s,
					    f->len);
					return weir_bad_rec(bad, &m->raw, e, h,
					    rec, pf->name, "%s", why);
				}
			} else if (flags & WEIR_PREP_LENIENT)
				set_missing(pf, row);
			else {
				quote_value(q, sizeof(q), f->s, f->len);
				return weir_bad_rec(bad, &m->raw, e, h, rec,
				    pf->name, "not a number: %s", q);
			}
		} else if ((k = weir_header_find(&pf->levels, f->s,
		    f->len)) >= 0)
			row[pf->off + (size_t)k] = 1;
		else if (pf->other)
			row[pf->off + pf->levels.n] = 1;
	}
	for (i = 0; i < p->n; i++)
		if (m->stamp[i] != serial)
			set_missing(&p->f[i], row);
	return 0;
}
