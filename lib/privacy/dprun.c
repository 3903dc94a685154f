#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cols.h"
#include "intern.h"
#include "lineage.h"
#include "mem.h"
#include "num.h"
#include "privacy/dp.h"
#include "privacy/dprun.h"
#include "sha256.h"
#include "sortkey.h"
#include "stream.h"

/* One record a user contributes, kept while it is among the N least. */
struct contrib {
	uint64_t	hash;
	uint32_t	group;
	uint32_t	bin;
	int64_t		v;
	int		has_v;
};

struct weir_dp {
	struct weir_dp_opts	 o;
	const struct weir_header *in;
	size_t			*by, nby;
	long			 value, user;
	struct weir_intern	 groups;	/* sortkey of the --by values */
	size_t			 npublic;	/* --keys: groups 0..npublic-1 */
	struct weir_buf		 gval;		/* group values, as written */
	size_t			*goff;		/* group g, column i: [g*nby+i] */
	size_t			 gcap;
	uint64_t		*count, *nvalues;
	int64_t			*sum;
	uint64_t		*bins;
	struct weir_intern	 users;
	struct contrib		*contrib;	/* user u: [u*N .. u*N+N) */
	unsigned		*ncontrib;
	size_t			 ucap;
	unsigned char		 hkey[crypto_shorthash_KEYBYTES];
	int64_t			 scale;
	int			 digits;
	uint64_t		 records, dropped, unbounded;
	struct weir_rng		 rng;
	/* queries */
	struct weir_dp_mech	 qcount, qsum, qbins, qsel;
	int			 need_sel, sel_extra;
	int64_t			 threshold;
	double			 eps_q, delta_sel, delta_spent;
	unsigned		 nq;
	char			 what[160];
	struct weir_buf		 key, tmp;
	struct weir_header	 outh;		/* lives as long as the sink */
	struct weir_badrec	 bad;
	struct weir_buf		 raw;
};

static const char *const stat_name[] = { "count", "sum", "mean",
	"histogram" };

static int
needs_value(const struct weir_dp_opts *o)
{
	return o->stat != WEIR_DP_COUNT;
}

static long
column(const struct weir_header *h, const char *name, const char *opt,
    struct weir_err *e)
{
	long c;

	if (name == NULL)
		return -1;
	if ((c = weir_header_find(h, name, strlen(name))) < 0)
		weir_cols_unknown(e, h, name, strlen(name), opt);
	return c;
}

/* A new group's place in the accumulators. */
static void
grow_groups(struct weir_dp *d, uint32_t g)
{
	size_t old = d->gcap, nb = d->o.bins ? d->o.bins : 1;

	if (g < d->gcap)
		return;
	d->gcap = d->gcap ? d->gcap * 2 : 64;
	d->goff = weir_xreallocarray(d->goff, d->gcap * (d->nby + 1),
	    sizeof(*d->goff));
	d->count = weir_xreallocarray(d->count, d->gcap, sizeof(*d->count));
	d->nvalues = weir_xreallocarray(d->nvalues, d->gcap,
	    sizeof(*d->nvalues));
	d->sum = weir_xreallocarray(d->sum, d->gcap, sizeof(*d->sum));
	d->bins = weir_xreallocarray(d->bins, d->gcap * nb, sizeof(*d->bins));
	memset(d->count + old, 0, (d->gcap - old) * sizeof(*d->count));
	memset(d->nvalues + old, 0, (d->gcap - old) * sizeof(*d->nvalues));
	memset(d->sum + old, 0, (d->gcap - old) * sizeof(*d->sum));
	memset(d->bins + old * nb, 0, (d->gcap - old) * nb * sizeof(*d->bins));
}

/* The group of these values: its number, -1 when --keys leaves it out. */
static long
group(struct weir_dp *d, const char *const *v, const size_t *len)
{
	uint32_t g;
	size_t i;
	int fresh;

	weir_buf_reset(&d->key);
	for (i = 0; i < d->nby; i++)
		weir_sortkey_add(&d->key, WEIR_SK_TEXT, v[i], len[i]);
	if (d->o.keys != NULL && d->npublic > 0 && d->groups.n >= d->npublic)
		return weir_intern_find(&d->groups, d->key.p, d->key.len);
	g = weir_intern_add(&d->groups, d->key.p, d->key.len, &fresh);
	if (fresh) {
		grow_groups(d, g);
		for (i = 0; i < d->nby; i++) {
			d->goff[(size_t)g * (d->nby + 1) + i] = d->gval.len;
			weir_buf_add(&d->gval, v[i], len[i]);
		}
		d->goff[(size_t)g * (d->nby + 1) + d->nby] = d->gval.len;
	}
	return g;
}

/* --keys FILE: the public groups, in the file's order. */
static int
public_keys(struct weir_dp *d, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_header *h;
	const struct weir_field *f;
	const char **v = weir_xcalloc(d->nby + 1, sizeof(*v));
	size_t *len = weir_xcalloc(d->nby + 1, sizeof(*len)), *col = NULL, i;
	int rv = -1;

	memset(&ro, 0, sizeof(ro));
	ro.probe = 1;		/* a parameter, not data */
	if ((r = weir_reader_open(d->o.keys, &ro, e)) == NULL)
		goto out;
	while ((rv = weir_reader_next(r, &rec, e)) == 1) {
		if (col == NULL) {
			h = weir_reader_header(r);
			col = weir_xcalloc(d->nby + 1, sizeof(*col));
			for (i = 0; i < d->nby; i++) {
				const char *name = d->in->name[d->by[i]];
				size_t nlen = d->in->len[d->by[i]];
				long c = weir_header_find(h, name, nlen);

				if (c < 0) {
					rv = weir_errf(e, EX_USAGE, "--keys %s: "
					    "no column '%.*s' (the --by "
					    "columns)", d->o.keys, (int)nlen,
					    name);
					goto out;
				}
				col[i] = (size_t)c;
			}
		}
		for (i = 0; i < d->nby; i++) {
			f = weir_rec_field(rec, col[i]);
			v[i] = f != NULL && f->type != WEIR_NULL ? f->s : "";
			len[i] = f != NULL && f->type != WEIR_NULL ? f->len : 0;
		}
		group(d, v, len);
	}
	if (rv == 0)
		d->npublic = d->groups.n;
	if (rv == 0 && d->npublic == 0)
		rv = weir_errf(e, EX_DATAERR, "--keys %s: no groups",
		    d->o.keys);
out:
	weir_reader_free(r);
	free(v);
	free(len);
	free(col);
	return rv;
}

/* 10^digits: as many decimals as keep max(|L|,|U|) * scale within 2^31. */
static int
fixed_point(struct weir_dp *d, struct weir_err *e)
{
	double m = fmax(fabs(d->o.lo), fabs(d->o.hi));

	d->scale = 1;
	d->digits = 0;
	if (m > 2147483648.0)
		return weir_errf(e, EX_USAGE, "--bounds: values beyond 2^31 "
		    "are not supported");
	while (d->digits < 6 && m * (double)d->scale * 10 <= 2147483648.0) {
		d->scale *= 10;
		d->digits++;
	}
	return 0;
}

/* Split the budget, size the noise, and say what is spent. */
static int
plan(struct weir_dp *d, struct weir_err *e)
{
	const struct weir_dp_opts *o = &d->o;
	uint64_t n = o->user != NULL ? o->max_contrib : 1, m;
	unsigned ngauss;
	double dg = 0;

	d->need_sel = d->nby > 0 && o->keys == NULL;
	d->nq = o->stat == WEIR_DP_MEAN ? 2 : 1;
	d->sel_extra = d->need_sel && (o->stat == WEIR_DP_SUM ||
	    o->stat == WEIR_DP_HISTOGRAM || o->gaussian);
	d->nq += d->sel_extra;
	d->eps_q = o->epsilon / d->nq;
	if (d->need_sel && !(o->delta > 0))
		return weir_errf(e, EX_USAGE, "groups found in the data are "
		    "released only above a threshold that spends delta: give "
		    "--delta, or the public groups with --keys");
	if (o->gaussian && !(o->delta > 0))
		return weir_errf(e, EX_USAGE, "--noise gaussian needs --delta");
	ngauss = o->gaussian ? d->nq - d->sel_extra : 0;
	d->delta_sel = d->need_sel ? (o->gaussian ? o->delta / 2 : o->delta) :
	    0;
	if (ngauss > 0)
		dg = (o->delta - d->delta_sel) / ngauss;
	d->delta_spent = d->delta_sel + dg * ngauss;
	if (o->delta > 0 && d->delta_spent == 0)
		weir_warn("--delta is not needed (Laplace noise, public "
		    "groups): none is spent");
	m = (uint64_t)llround(fmax(fabs(o->lo), fabs(o->hi)) *
	    (double)d->scale);
	if (m == 0)
		m = 1;
#define MECH(q, sens) (o->gaussian ? weir_dp_gaussian(q, sens, d->eps_q, dg, \
	e) : weir_dp_laplace(q, sens, d->eps_q, e))
	if ((o->stat == WEIR_DP_COUNT || o->stat == WEIR_DP_MEAN) &&
	    MECH(&d->qcount, n) == -1)
		return -1;
	if ((o->stat == WEIR_DP_SUM || o->stat == WEIR_DP_MEAN) &&
	    (n > UINT64_MAX / m || MECH(&d->qsum, n * m) == -1))
		return n > UINT64_MAX / m ? weir_errf(e, EX_USAGE, "--bounds "
		    "and --max-contributions give too large a sensitivity") :
		    -1;
	if (o->stat == WEIR_DP_HISTOGRAM && MECH(&d->qbins, n) == -1)
		return -1;
#undef MECH
	if (d->need_sel) {
		if (d->sel_extra && weir_dp_laplace(&d->qsel, n, d->eps_q,
		    e) == -1)
			return -1;
		d->threshold = weir_dp_threshold(n, d->eps_q, d->delta_sel);
	}
	snprintf(d->what, sizeof(d->what), "%s%s%s%s%s", stat_name[o->stat],
	    o->value != NULL ? " of " : "", o->value != NULL ? o->value : "",
	    o->by != NULL ? " by " : "", o->by != NULL ? o->by : "");
	return 0;
}

static void
add(struct weir_dp *d, uint32_t g, int has_v, int64_t v, uint32_t bin)
{
	d->count[g]++;
	if (!has_v)
		return;
	d->nvalues[g]++;
	d->sum[g] += v;
	if (d->o.stat == WEIR_DP_HISTOGRAM)
		d->bins[(size_t)g * d->o.bins + bin]++;
}

/* Keep the user's N contributions of least hash. */
static void
bound(struct weir_dp *d, const struct weir_field *u, struct contrib c)
{
	unsigned N = d->o.max_contrib, i, worst;
	uint32_t id;
	int fresh;

	id = weir_intern_add(&d->users, u->s, u->len, &fresh);
	if (id >= d->ucap) {
		size_t old = d->ucap;

		d->ucap = d->ucap ? d->ucap * 2 : 1024;
		d->contrib = weir_xreallocarray(d->contrib, d->ucap * N,
		    sizeof(*d->contrib));
		d->ncontrib = weir_xreallocarray(d->ncontrib, d->ucap,
		    sizeof(*d->ncontrib));
		memset(d->ncontrib + old, 0, (d->ucap - old) *
		    sizeof(*d->ncontrib));
	}
	if (d->ncontrib[id] < N) {
		d->contrib[(size_t)id * N + d->ncontrib[id]++] = c;
		return;
	}
	d->unbounded++;
	for (i = 1, worst = 0; i < N; i++)
		if (d->contrib[(size_t)id * N + i].hash >
		    d->contrib[(size_t)id * N + worst].hash)
			worst = i;
	if (c.hash < d->contrib[(size_t)id * N + worst].hash)
		d->contrib[(size_t)id * N + worst] = c;
}

static int
bad(struct weir_dp *d, const struct weir_rec *r, struct weir_bad *b,
    const char *column, const char *why, struct weir_err *e)
{
	weir_bad_rec(&d->bad, &d->raw, e, d->in, r, column, "%s", why);
	return weir_bad_put(b, &d->bad, e);
}

static int
record(struct weir_dp *d, const struct weir_rec *r, struct weir_bad *b,
    struct weir_err *e)
{
	const struct weir_field *f;
	const char *v[64];
	size_t len[64], i;
	struct contrib c;
	double x, span;
	long g;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < d->nby; i++) {
		f = weir_rec_field(r, d->by[i]);
		v[i] = f != NULL && f->type != WEIR_NULL ? f->s : "";
		len[i] = f != NULL && f->type != WEIR_NULL ? f->len : 0;
	}
	f = d->value >= 0 ? weir_rec_field(r, (size_t)d->value) : NULL;
	if (f != NULL && f->type != WEIR_NULL && f->len > 0) {
		if (!weir_num_parse(f->s, f->len, &x))
			return bad(d, r, b, d->in->name[d->value], "--value: "
			    "not a number", e);
		x = fmin(fmax(x, d->o.lo), d->o.hi);	/* clamp */
		c.has_v = 1;
		c.v = llround(x * (double)d->scale);
		if (d->o.stat == WEIR_DP_HISTOGRAM) {
			span = d->o.hi - d->o.lo;
			c.bin = (uint32_t)fmin(floor((x - d->o.lo) / span *
			    d->o.bins), d->o.bins - 1);
		}
	}
	if ((g = group(d, v, len)) < 0) {
		d->dropped++;
		return 0;
	}
	c.group = (uint32_t)g;
	d->records++;
	if (d->user < 0) {
		add(d, c.group, c.has_v, c.v, c.bin);
		return 0;
	}
	f = weir_rec_field(r, (size_t)d->user);
	if (f == NULL || f->type == WEIR_NULL || f->len == 0)
		return bad(d, r, b, d->in->name[d->user], "--user: no user, "
		    "so the contribution cannot be bounded", e);
	/* keyed: the choice depends on the run's key, not on the order */
	weir_buf_reset(&d->tmp);
	weir_buf_add(&d->tmp, f->s, f->len);
	weir_buf_addc(&d->tmp, '\0');
	weir_buf_add(&d->tmp, d->key.p, d->key.len);
	weir_buf_add(&d->tmp, &r->line, sizeof(r->line));
	crypto_shorthash((unsigned char *)&c.hash, (const unsigned char *)
	    d->tmp.p, d->tmp.len, d->hkey);
	bound(d, f, c);
	return 0;
}

struct weir_dp *
weir_dp_read(const struct weir_dp_opts *o, struct weir_source *in,
    const struct weir_header *h, struct weir_bad *b, struct weir_err *e)
{
	struct weir_dp *d = weir_xcalloc(1, sizeof(*d));
	const struct weir_rec *r;
	size_t u, j;
	int rv;

	d->o = *o;
	d->in = h;
	d->value = d->user = -1;
	if (o->seeded)
		weir_rng_seeded(&d->rng, o->seed);
	else
		weir_rng_secure(&d->rng);
	for (j = 0; j < sizeof(d->hkey); j += 8) {
		uint64_t x = weir_rng_u64(&d->rng);

		memcpy(d->hkey + j, &x, 8);
	}
	if (o->by != NULL && weir_cols_parse(o->by, h, "--by", &d->by,
	    &d->nby, e) == -1)
		goto fail;
	if (d->nby > 64) {
		weir_errf(e, EX_USAGE, "--by: 64 columns at most");
		goto fail;
	}
	if ((o->value != NULL && (d->value = column(h, o->value, "--value",
	    e)) < 0) || (o->user != NULL && (d->user = column(h, o->user,
	    "--user", e)) < 0))
		goto fail;
	if (needs_value(o) && fixed_point(d, e) == -1)
		goto fail;
	if (plan(d, e) == -1)
		goto fail;
	if (o->keys != NULL && public_keys(d, e) == -1)
		goto fail;
	if (d->nby == 0)
		group(d, NULL, NULL);	/* one group, released whatever comes */
	while ((rv = weir_source_next(in, &r, e)) == 1)
		if (record(d, r, b, e) == -1)
			goto fail;
	if (rv == -1)
		goto fail;
	for (u = 0; d->user >= 0 && u < d->users.n; u++)
		for (j = 0; j < d->ncontrib[u]; j++) {
			const struct contrib *c = &d->contrib[u *
			    o->max_contrib + j];

			add(d, c->group, c->has_v, c->v, c->bin);
		}
	return d;
fail:
	weir_dp_free(d);
	return NULL;
}

void
weir_dp_spend(const struct weir_dp *d, double *epsilon, double *delta,
    const char **what)
{
	*epsilon = d->o.epsilon;
	*delta = d->delta_spent;
	*what = d->what;
}

static const struct weir_dp *sort_dp;

static int
by_key(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	size_t la, lb;
	const char *pa = weir_intern_str(&sort_dp->groups, a, &la);
	const char *pb = weir_intern_str(&sort_dp->groups, b, &lb);
	int c = memcmp(pa, pb, la < lb ? la : lb);

	return c != 0 ? c : (la > lb) - (la < lb);
}

static void
number(struct weir_buf *b, int64_t v, int digits, int64_t scale)
{
	int neg = v < 0;
	uint64_t a = neg ? -(uint64_t)v : (uint64_t)v;

	weir_buf_reset(b);
	if (digits == 0)
		weir_buf_addf(b, "%s%llu", neg ? "-" : "",
		    (unsigned long long)a);
	else
		weir_buf_addf(b, "%s%llu.%0*llu", neg ? "-" : "",
		    (unsigned long long)(a / (uint64_t)scale), digits,
		    (unsigned long long)(a % (uint64_t)scale));
}

struct out {
	struct weir_rec		rec;
	struct weir_arena	arena;
	struct weir_buf		b;
	size_t			ncol;
};

static void
push(struct out *w, const char *s, size_t len)
{
	weir_rec_push(&w->rec, weir_arena_dup(&w->arena, s, len), len,
	    w->rec.n, WEIR_STR);
}

static void
push_num(struct out *w, struct weir_buf *b)
{
	weir_rec_push(&w->rec, weir_arena_dup(&w->arena, b->p, b->len), b->len,
	    w->rec.n, WEIR_NUM);
}

static void
push_group(struct out *w, const struct weir_dp *d, uint32_t g)
{
	size_t i, *off = &d->goff[(size_t)g * (d->nby + 1)];

	weir_arena_reset(&w->arena);
	w->rec.n = 0;
	for (i = 0; i < d->nby; i++)
		push(w, d->gval.p + off[i], off[i + 1] - off[i]);
}

static int
finish(struct out *w, const struct weir_dp *d, struct weir_sink *out,
    struct weir_err *e)
{
	char seed[48];

	if (d->o.seeded) {
		snprintf(seed, sizeof(seed), "insecure-seed %llu",
		    (unsigned long long)d->o.seed);
		push(w, seed, strlen(seed));
	}
	return weir_sink_put(out, &w->rec, e);
}

/* One group: its noise drawn in a fixed order; 0 when not selected. */
static int
release(struct weir_dp *d, struct out *w, uint32_t g, int public,
    struct weir_sink *out, struct weir_err *e)
{
	const struct weir_dp_opts *o = &d->o;
	int64_t n = 0, s = 0, sel, x;
	unsigned b;

	/* a mean counts the records that have a value */
	if (o->stat == WEIR_DP_COUNT || o->stat == WEIR_DP_MEAN)
		n = (int64_t)(o->stat == WEIR_DP_MEAN ? d->nvalues[g] :
		    d->count[g]) + weir_dp_noise(&d->qcount, &d->rng);
	if (o->stat == WEIR_DP_SUM || o->stat == WEIR_DP_MEAN)
		s = d->sum[g] + weir_dp_noise(&d->qsum, &d->rng);
	if (!public) {
		sel = d->sel_extra ? (int64_t)d->count[g] +
		    weir_dp_noise(&d->qsel, &d->rng) : n;
		if (sel < d->threshold)
			return 0;
	}
	if (o->stat == WEIR_DP_HISTOGRAM) {
		for (b = 0; b < o->bins; b++) {
			double lo = o->lo + (o->hi - o->lo) * b / o->bins;
			double hi = o->lo + (o->hi - o->lo) * (b + 1) / o->bins;
			char l[32], h[32];

			x = (int64_t)d->bins[(size_t)g * o->bins + b] +
			    weir_dp_noise(&d->qbins, &d->rng);
			push_group(w, d, g);
			weir_num_format(lo, l);
			weir_num_format(hi, h);
			weir_buf_reset(&w->b);
			weir_buf_addf(&w->b, "[%s,%s%c", l, h, b + 1 ==
			    o->bins ? ']' : ')');
			push(w, w->b.p, w->b.len);
			number(&w->b, x < 0 ? 0 : x, 0, 1);
			push_num(w, &w->b);
			if (finish(w, d, out, e) == -1)
				return -1;
		}
		return 1;
	}
	push_group(w, d, g);
	if (o->stat != WEIR_DP_SUM) {
		number(&w->b, n < 0 ? 0 : n, 0, 1);
		push_num(w, &w->b);
	}
	if (o->stat == WEIR_DP_SUM) {
		number(&w->b, s, d->digits, d->scale);
		push_num(w, &w->b);
	}
	if (o->stat == WEIR_DP_MEAN) {
		/* post-processing: the noisy sum over the noisy count, clamped */
		double m = (double)s / (double)d->scale / (double)(n > 1 ? n :
		    1);

		m = fmin(fmax(m, o->lo), o->hi);
		weir_buf_reset(&w->b);
		weir_buf_addf(&w->b, "%.*f", d->digits, m);
		push_num(w, &w->b);
	}
	return finish(w, d, out, e) == -1 ? -1 : 1;
}

int
weir_dp_write(struct weir_dp *d, struct weir_sink *out,
    const struct weir_wopts *wo, struct weir_err *e)
{
	struct out w;
	uint32_t *order, g, n = d->groups.n;
	size_t i, released = 0;
	int rv = -1, r;

	struct weir_header *h = &d->outh;

	memset(&w, 0, sizeof(w));
	/* the writer may start only at the end: the header outlives this */
	weir_header_release(h);
	weir_header_init(h);
	for (i = 0; i < d->nby; i++)
		weir_header_add(h, d->in->name[d->by[i]], d->in->len[d->by[i]]);
	if (d->o.stat == WEIR_DP_HISTOGRAM)
		weir_header_add(h, "bin", 3);
	if (d->o.stat != WEIR_DP_SUM)
		weir_header_add(h, "count", 5);
	if (d->o.stat == WEIR_DP_SUM)
		weir_header_add(h, "sum", 3);
	if (d->o.stat == WEIR_DP_MEAN)
		weir_header_add(h, "mean", 4);
	if (d->o.seeded)
		weir_header_add(h, "not_private", 11);
	order = weir_xcalloc((size_t)n + 1, sizeof(*order));
	for (g = 0; g < n; g++)
		order[g] = g;
	if (d->o.keys == NULL) {
		/* the order of the keys, not of first sight in the data */
		sort_dp = d;
		qsort(order, n, sizeof(*order), by_key);
	}
	if (weir_sink_start(out, wo, h, e) == -1)
		goto out;
	for (g = 0; g < n; g++) {
		if ((r = release(d, &w, order[g], !d->need_sel, out, e)) == -1)
			goto out;
		released += (size_t)r;
	}
	weir_lineage_privacy("epsilon", d->o.epsilon);
	weir_lineage_privacy("delta", d->delta_spent);
	weir_lineage_count("groups_released", (double)released);
	if (d->o.user != NULL)
		weir_lineage_privacy("max_contributions",
		    (double)d->o.max_contrib);
	if (d->o.seeded)
		weir_warn("--insecure-seed: the noise is repeatable, so this "
		    "release is NOT differentially private");
	if (weir_verbose) {
		weir_note("--dp %s: epsilon %g split over %u quer%s; noise sd "
		    "%.3g%s", d->what, d->o.epsilon, d->nq, d->nq == 1 ? "y" :
		    "ies", weir_dp_stddev(d->o.stat == WEIR_DP_SUM ? &d->qsum :
		    d->o.stat == WEIR_DP_HISTOGRAM ? &d->qbins : &d->qcount),
		    d->o.stat == WEIR_DP_SUM || d->o.stat == WEIR_DP_MEAN ?
		    " (sum in fixed point)" : "");
		if (d->need_sel)
			weir_note("--dp: %zu of %u groups released (noisy "
			    "count at least %lld)", released, n,
			    (long long)d->threshold);
		if (d->o.user != NULL)
			weir_note("--dp: %llu records over --max-contributions "
			    "%u left out", (unsigned long long)d->unbounded,
			    d->o.max_contrib);
		if (d->dropped > 0)
			weir_note("--dp: %llu records of groups not in --keys "
			    "left out", (unsigned long long)d->dropped);
	}
	rv = 0;
out:
	free(order);
	weir_rec_release(&w.rec);
	weir_arena_release(&w.arena);
	weir_buf_release(&w.b);
	return rv;
}

void
weir_dp_free(struct weir_dp *d)
{
	if (d == NULL)
		return;
	free(d->by);
	weir_intern_release(&d->groups);
	weir_buf_release(&d->gval);
	free(d->goff);
	free(d->count);
	free(d->nvalues);
	free(d->sum);
	free(d->bins);
	weir_intern_release(&d->users);
	free(d->contrib);
	free(d->ncontrib);
	weir_buf_release(&d->key);
	weir_buf_release(&d->tmp);
	weir_buf_release(&d->raw);
	weir_header_release(&d->outh);
	sodium_memzero(d->hkey, sizeof(d->hkey));
	free(d);
}

const char *
weir_dp_check(struct weir_dp_opts *d, int have_bounds,
    const struct weir_budget *b)
{
	if (!(d->epsilon > 0))
		return "--dp needs --epsilon";
	if (d->stat != WEIR_DP_COUNT && (d->value == NULL || !have_bounds))
		return "--dp sum, mean and histogram need --value and --bounds";
	if (d->stat == WEIR_DP_COUNT && (d->value || have_bounds))
		return "--dp count counts records: no --value or --bounds";
	if (d->bins && d->stat != WEIR_DP_HISTOGRAM)
		return "--bins is for --dp histogram";
	if (d->max_contrib && d->user == NULL)
		return "--max-contributions needs --user";
	if (d->keys && d->by == NULL)
		return "--keys lists the --by groups: give --by";
	if ((b->file != NULL) != (b->limit_epsilon > 0))
		return "--budget and --budget-limit go together";
	if (d->user && !d->max_contrib)
		d->max_contrib = 1;
	if (d->stat == WEIR_DP_HISTOGRAM && !d->bins)
		d->bins = 10;
	return NULL;
}

int
weir_dp_release(const struct weir_dp_opts *o, const struct weir_budget *b,
    const char *path, struct weir_source *in, const struct weir_header *h,
    struct weir_sink *out, const struct weir_wopts *wo, struct weir_err *e)
{
	struct weir_ledger_spend sp;
	struct weir_dp *d;
	char hex[65];
	int rv = -1;

	if ((d = weir_dp_read(o, in, h, &out->bad, e)) == NULL)
		return -1;
	if (b != NULL && b->file != NULL) {
		memset(&sp, 0, sizeof(sp));
		weir_dp_spend(d, &sp.epsilon, &sp.delta, &sp.what);
		sp.dataset = b->dataset;
		if (sp.dataset == NULL) {
			if (weir_sha256_file(path, hex, e) == -1)
				goto out;
			sp.dataset = hex;
		}
		sp.limit_epsilon = b->limit_epsilon;
		sp.limit_delta = b->limit_delta;
		sp.not_private = o->seeded;
		if ((rv = weir_ledger_spend(b->file, &sp, e)) != 0)
			goto out;
		rv = -1;
	}
	if (weir_dp_write(d, out, wo, e) == -1 ||
	    weir_sink_finish(out, in, e) == -1)
		goto out;
	rv = 0;
out:
	weir_dp_free(d);
	return rv;
}
