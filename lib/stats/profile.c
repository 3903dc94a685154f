#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hash.h"
#include "intern.h"
#include "mem.h"
#include "num.h"
#include "schema.h"
#include "stats/hll.h"
#include "stats/kll.h"
#include "stats/profile.h"
#include "stats/topk.h"

#define KLL_K		200
#define MG_COUNTERS	64
#define NKIND		(WEIR_KIND_STRING + 1)

const double weir_profile_q[7] = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };

struct col {
	char			*name;
	uint64_t		 count, missing;	/* present, missing */
	uint64_t		 kind[NKIND];
	size_t			 len_min, len_max;
	/* numbers */
	uint64_t		 nnum;
	double			 min, max, mean, m2;
	double			*num;		/* exact while num_exact */
	size_t			 nnum_kept, numcap;
	int			 num_exact;
	struct weir_kll		*kll;
	/* values */
	struct weir_intern	 freq;		/* exact while freq_exact */
	uint64_t		*fcount;
	size_t			 fcap;
	int			 freq_exact;
	struct weir_hll		*hll;
	struct weir_topk	*mg;
	/* the summary handed out */
	struct weir_colsum	 sum;
	struct weir_buf		 scratch;
	struct weir_profile_value *vals;	/* handed out by _values */
};

struct weir_profile {
	struct col	**col;		/* each its own allocation: workers keep them */
	size_t		 ncol, cap;
	uint64_t	 records;
	size_t		*map;		/* header column -> col, for add */
	size_t		 nmap;
	uint64_t	 seed;
};

struct weir_profile *
weir_profile_new(void)
{
	struct weir_profile *p = weir_xcalloc(1, sizeof(*p));

	p->seed = 0x5eed;
	return p;
}

static struct col *
new_col(struct weir_profile *p, const char *name, size_t len)
{
	struct col *c;

	if (p->ncol == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->col = weir_xreallocarray(p->col, p->cap, sizeof(*p->col));
	}
	c = p->col[p->ncol++] = weir_xcalloc(1, sizeof(*c));
	c->name = weir_xmemdup(name, len);
	c->num_exact = c->freq_exact = 1;
	c->min = HUGE_VAL;
	c->max = -HUGE_VAL;
	c->kll = weir_kll_new(KLL_K, p->seed + p->ncol);
	c->hll = weir_hll_new();
	c->mg = weir_topk_new(MG_COUNTERS);
	return c;
}

static long
find_col(const struct weir_profile *p, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < p->ncol; i++)
		if (strlen(p->col[i]->name) == len &&
		    memcmp(p->col[i]->name, name, len) == 0)
			return (long)i;
	return -1;
}

/* The column of header column i, made on first sight. */
static struct col *
col_of(struct weir_profile *p, const struct weir_header *h, size_t i)
{
	size_t j;
	long c;

	if (i >= p->nmap) {
		p->map = weir_xreallocarray(p->map, h->n, sizeof(*p->map));
		for (j = p->nmap; j < h->n; j++) {
			if ((c = find_col(p, h->name[j], h->len[j])) < 0) {
				new_col(p, h->name[j], h->len[j]);
				c = (long)p->ncol - 1;
			}
			p->map[j] = (size_t)c;
		}
		p->nmap = h->n;
	}
	return p->col[p->map[i]];
}

/* Continuation bytes (10xxxxxx) in w, summed by a multiply. */
static inline size_t
continuations(uint64_t w)
{
	return (size_t)((((w & ~(w << 1) & 0x8080808080808080ULL) >> 7) *
	    0x0101010101010101ULL) >> 56);
}

/* Characters: the bytes that do not continue a UTF-8 sequence. */
static size_t
chars(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, cont = 0;
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		cont += continuations(w);
	}
	/* the zero bytes the tail is padded with continue nothing */
	cont += continuations(weir_load_tail(p + i, len - i, i >= 8));
	return len - cont;
}

static void keep_number(struct col *, double);

static void
add_number(struct col *c, double x, uint64_t w)
{
	double d;

	c->nnum += w;
	if (x < c->min)
		c->min = x;
	if (x > c->max)
		c->max = x;
	d = x - c->mean;
	c->mean += d * (double)w / (double)c->nnum;
	c->m2 += d * (x - c->mean) * (double)w;
	weir_kll_add(c->kll, x);
	keep_number(c, x);
}

/* The numbers themselves, while there are few enough for exact quantiles. */
static void
keep_number(struct col *c, double x)
{
	if (!c->num_exact)
		return;
	if (c->nnum_kept == WEIR_PROFILE_EXACT_NUMBERS) {
		c->num_exact = 0;
		free(c->num);
		c->num = NULL;
		return;
	}
	if (c->nnum_kept == c->numcap) {
		c->numcap = c->numcap ? c->numcap * 2 : 256;
		c->num = weir_xreallocarray(c->num, c->numcap, sizeof(*c->num));
	}
	c->num[c->nnum_kept++] = x;
}

/* Past the exact limit the counts go to the summary, the table away. */
static void
freq_overflow(struct col *c)
{
	const char *s;
	size_t len;
	uint32_t i;

	/* the distinct values so far go to the sketches too */
	for (i = 0; i < c->freq.n; i++) {
		s = weir_intern_str(&c->freq, i, &len);
		weir_topk_add_hashed(c->mg, s, len, c->freq.hash[i],
		    c->fcount[i]);
		weir_hll_add(c->hll, c->freq.hash[i]);
	}
	weir_intern_release(&c->freq);
	free(c->fcount);
	c->fcount = NULL;
	c->fcap = 0;
	c->freq_exact = 0;
}

static void
add_value(struct col *c, const char *s, size_t len, uint64_t w)
{
	uint64_t h;
	uint32_t i;
	int fresh;

	if (!c->freq_exact) {
		h = weir_hash64(s, len);
		weir_hll_add(c->hll, h);
		weir_topk_add_hashed(c->mg, s, len, h, w);
		return;
	}
	i = weir_intern_add(&c->freq, s, len, &fresh);
	if (fresh) {
		if (c->freq.n > WEIR_PROFILE_EXACT_DISTINCT) {
			h = c->freq.hash[i];
			weir_intern_pop(&c->freq);
			freq_overflow(c);
			/* the value past the limit goes to both sketches too */
			weir_hll_add(c->hll, h);
			weir_topk_add_hashed(c->mg, s, len, h, w);
			return;
		}
		if (i >= c->fcap) {
			c->fcap = c->fcap ? c->fcap * 2 : 64;
			c->fcount = weir_xreallocarray(c->fcount, c->fcap,
			    sizeof(*c->fcount));
		}
		c->fcount[i] = 0;
	}
	c->fcount[i] += w;
}

/* A value present in column c. */
static void
add_present(struct col *c, const char *s, size_t len)
{
	size_t n;
	double x;
	int k;

	c->count++;
	k = weir_value_kind(s, len);
	c->kind[k]++;
	n = chars(s, len);
	if (c->count == 1 || n < c->len_min)
		c->len_min = n;
	if (n > c->len_max)
		c->len_max = n;
	if ((k == WEIR_KIND_INT || k == WEIR_KIND_FLOAT) &&
	    weir_num_parse(s, len, &x))
		add_number(c, x, 1);
	add_value(c, s, len, 1);
}

void
weir_profile_add(struct weir_profile *p, const struct weir_header *h,
    const struct weir_rec *r)
{
	const struct weir_field *f;
	struct col *c;
	size_t i;

	p->records++;
	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		c = col_of(p, h, f->col);
		/* missing: records - count, at the end */
		if (f->type != WEIR_NULL && f->len > 0)
			add_present(c, f->s, f->len);
	}
}

/* ---- a second thread ------------------------------------------------ */

#define BATCH_BYTES	(1u << 20)

struct pfield {
	struct col	*c;
	size_t		 off, len;
};

struct batch {
	struct weir_buf	 text;
	struct pfield	*f;
	size_t		 nf, cap;
};

struct weir_profile_par {
	struct weir_profile	*p;
	pthread_t		 th;
	struct batch		 b[2];
	int			 cur;
	pthread_mutex_t		 mu;
	pthread_cond_t		 go, done;
	struct batch		*work;		/* being profiled, or NULL */
	int			 quit;
};

static void *
work(void *arg)
{
	struct weir_profile_par *par = arg;
	struct batch *b;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&par->mu);
		while (par->work == NULL && !par->quit)
			pthread_cond_wait(&par->go, &par->mu);
		b = par->work;
		pthread_mutex_unlock(&par->mu);
		if (b == NULL)
			return NULL;
		for (i = 0; i < b->nf; i++)
			add_present(b->f[i].c, b->text.p + b->f[i].off,
			    b->f[i].len);
		pthread_mutex_lock(&par->mu);
		par->work = NULL;
		pthread_cond_signal(&par->done);
		pthread_mutex_unlock(&par->mu);
	}
}

/* Hand the batch filled to the thread (once it is done with the last). */
static void
post(struct weir_profile_par *par)
{
	pthread_mutex_lock(&par->mu);
	while (par->work != NULL)
		pthread_cond_wait(&par->done, &par->mu);
	par->work = &par->b[par->cur];
	pthread_cond_signal(&par->go);
	pthread_mutex_unlock(&par->mu);
	par->cur = !par->cur;
	par->b[par->cur].nf = 0;
	weir_buf_reset(&par->b[par->cur].text);
}

struct weir_profile_par *
weir_profile_par_new(struct weir_profile *p)
{
	struct weir_profile_par *par = weir_xcalloc(1, sizeof(*par));

	par->p = p;
	pthread_mutex_init(&par->mu, NULL);
	pthread_cond_init(&par->go, NULL);
	pthread_cond_init(&par->done, NULL);
	if (pthread_create(&par->th, NULL, work, par) != 0) {
		pthread_mutex_destroy(&par->mu);
		pthread_cond_destroy(&par->go);
		pthread_cond_destroy(&par->done);
		free(par);
		return NULL;
	}
	return par;
}

void
weir_profile_par_add(struct weir_profile_par *par,
    const struct weir_header *h, const struct weir_rec *r)
{
	struct batch *b = &par->b[par->cur];
	const struct weir_field *f;
	struct col *c;
	size_t i;

	par->p->records++;
	for (i = 0; i < r->n; i++) {
		f = &r->f[i];
		/* columns are made here, before the thread can see them */
		c = col_of(par->p, h, f->col);
		if (f->type == WEIR_NULL || f->len == 0)
			continue;
		if (b->nf == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 4096;
			b->f = weir_xreallocarray(b->f, b->cap, sizeof(*b->f));
		}
		b->f[b->nf].c = c;
		b->f[b->nf].off = b->text.len;
		b->f[b->nf++].len = f->len;
		weir_buf_add(&b->text, f->s, f->len);
	}
	if (b->text.len >= BATCH_BYTES)
		post(par);
}

void
weir_profile_par_finish(struct weir_profile_par *par)
{
	int i;

	if (par->b[par->cur].nf > 0)
		post(par);
	pthread_mutex_lock(&par->mu);
	while (par->work != NULL)
		pthread_cond_wait(&par->done, &par->mu);
	par->quit = 1;
	pthread_cond_signal(&par->go);
	pthread_mutex_unlock(&par->mu);
	pthread_join(par->th, NULL);
	for (i = 0; i < 2; i++) {
		weir_buf_release(&par->b[i].text);
		free(par->b[i].f);
	}
	pthread_mutex_destroy(&par->mu);
	pthread_cond_destroy(&par->go);
	pthread_cond_destroy(&par->done);
	free(par);
}

uint64_t
weir_profile_records(const struct weir_profile *p)
{
	return p->records;
}

size_t
weir_profile_columns(const struct weir_profile *p)
{
	return p->ncol;
}

static const char *
type_of(const struct col *c)
{
	const uint64_t *k = c->kind;

	if (c->count == 0)
		return "empty";
	if (k[WEIR_KIND_INT] == c->count)
		return "integer";
	if (k[WEIR_KIND_INT] + k[WEIR_KIND_FLOAT] == c->count)
		return "number";
	if (k[WEIR_KIND_BOOL] == c->count)
		return "bool";
	if (k[WEIR_KIND_DATE] == c->count)
		return "date";
	if (k[WEIR_KIND_DATE] + k[WEIR_KIND_DATETIME] == c->count)
		return "datetime";
	return "string";
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The smallest value whose rank reaches q. */
static double
exact_quantile(const double *v, size_t n, double q)
{
	double r = ceil(q * (double)n);
	size_t i = r < 1 ? 0 : (size_t)r - 1;

	return v[i < n ? i : n - 1];
}

static void
numbers(struct col *c, struct weir_colsum *s)
{
	size_t i, b;
	double w, prev, cur;

	s->min = c->min;
	s->max = c->max;
	s->mean = c->mean;
	s->stddev = c->nnum > 1 ? sqrt(c->m2 / (double)(c->nnum - 1)) : 0;
	s->q_exact = c->num_exact;
	s->q_error = c->num_exact ? 0 : weir_kll_rank_error(c->kll);
	if (c->num_exact)
		qsort(c->num, c->nnum_kept, sizeof(*c->num), by_value);
	for (i = 0; i < 7; i++)
		s->q[i] = c->num_exact ? exact_quantile(c->num, c->nnum_kept,
		    weir_profile_q[i]) : weir_kll_quantile(c->kll,
		    weir_profile_q[i]);
	s->nbins = WEIR_PROFILE_BINS;
	w = (c->max - c->min) / WEIR_PROFILE_BINS;
	for (b = 0; b <= WEIR_PROFILE_BINS; b++)
		s->edges[b] = b == WEIR_PROFILE_BINS ? c->max : c->min +
		    w * (double)b;
	memset(s->bins, 0, sizeof(s->bins));
	if (c->num_exact) {
		for (i = 0; i < c->nnum_kept; i++) {
			b = w > 0 ? (size_t)((c->num[i] - c->min) / w) : 0;
			s->bins[b < WEIR_PROFILE_BINS ? b :
			    WEIR_PROFILE_BINS - 1]++;
		}
		return;
	}
	/* from the sketch: the share below each inner edge */
	for (b = 0, prev = 0; b < WEIR_PROFILE_BINS; b++) {
		cur = b + 1 == WEIR_PROFILE_BINS ? (double)c->nnum :
		    llround(weir_kll_rank(c->kll, s->edges[b + 1]) *
		    (double)c->nnum);
		s->bins[b] = cur > prev ? (uint64_t)(cur - prev) : 0;
		if (cur > prev)
			prev = cur;
	}
}

static const struct col *sort_col;

static int
by_count(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const char *x, *y;
	size_t lx, ly;
	int r;

	if (sort_col->fcount[i] != sort_col->fcount[j])
		return sort_col->fcount[i] > sort_col->fcount[j] ? -1 : 1;
	x = weir_intern_str(&sort_col->freq, i, &lx);
	y = weir_intern_str(&sort_col->freq, j, &ly);
	r = memcmp(x, y, lx < ly ? lx : ly);
	return r != 0 ? r : (lx > ly) - (lx < ly);
}

static void
top(struct col *c, struct weir_colsum *s)
{
	const struct weir_topk_item *it;
	uint32_t *order, i;
	uint64_t shown = 0;
	size_t n;

	s->ntop = 0;
	s->top_exact = c->freq_exact;
	if (c->freq_exact) {
		order = weir_xcalloc(c->freq.n + 1, sizeof(*order));
		for (i = 0; i < c->freq.n; i++)
			order[i] = i;
		sort_col = c;
		qsort(order, c->freq.n, sizeof(*order), by_count);
		for (i = 0; i < c->freq.n && s->ntop < WEIR_PROFILE_TOP; i++) {
			struct weir_profile_value *v = &s->top[s->ntop++];

			v->s = weir_intern_str(&c->freq, order[i], &v->len);
			v->count = c->fcount[order[i]];
			shown += v->count;
		}
		free(order);
		s->distinct = c->freq.n;
		s->distinct_exact = 1;
		s->top_error = 0;
	} else {
		n = weir_topk_items(c->mg, &it);
		s->top_error = weir_topk_error(c->mg);
		/* a count within the error may be any value's: not shown */
		for (i = 0; i < n && s->ntop < WEIR_PROFILE_TOP &&
		    it[i].count > s->top_error; i++) {
			struct weir_profile_value *v = &s->top[s->ntop++];

			v->s = it[i].s;
			v->len = it[i].len;
			v->count = it[i].count;
			shown += v->count;
		}
		s->distinct = weir_hll_estimate(c->hll);
		s->distinct_exact = 0;
	}
	s->other = c->count > shown ? c->count - shown : 0;
}

const struct weir_colsum *
weir_profile_column(struct weir_profile *p, size_t i)
{
	struct col *c = p->col[i];
	struct weir_colsum *s = &c->sum;
	double n = c->count > 0 ? (double)c->count : 1;

	memset(s, 0, sizeof(*s));
	s->name = c->name;
	s->type = type_of(c);
	s->count = c->count;
	/* empty, null, or absent from a record (JSON): all missing */
	s->missing = p->records - c->count;
	s->numeric = (strcmp(s->type, "integer") == 0 ||
	    strcmp(s->type, "number") == 0) && c->nnum > 0;
	if (s->numeric)
		numbers(c, s);
	top(c, s);
	s->len_min = c->len_min;
	s->len_max = c->len_max;
	s->looks_numeric = (double)(c->kind[WEIR_KIND_INT] +
	    c->kind[WEIR_KIND_FLOAT]) / n;
	s->looks_date = (double)(c->kind[WEIR_KIND_DATE] +
	    c->kind[WEIR_KIND_DATETIME]) / n;
	s->looks_bool = (double)c->kind[WEIR_KIND_BOOL] / n;
	return s;
}

double
weir_profile_quantile(struct weir_profile *p, size_t i, double q)
{
	struct col *c = p->col[i];

	if (c->nnum == 0)
		return NAN;
	if (!c->num_exact)
		return weir_kll_quantile(c->kll, q);
	qsort(c->num, c->nnum_kept, sizeof(*c->num), by_value);
	return exact_quantile(c->num, c->nnum_kept, q);
}

void
weir_profile_dist(struct weir_profile *p, size_t i, const double **x,
    const double **w, size_t *n)
{
	struct col *c = p->col[i];

	if (c->num_exact) {
		qsort(c->num, c->nnum_kept, sizeof(*c->num), by_value);
		*x = c->num;
		*w = NULL;
		*n = c->nnum_kept;
		return;
	}
	*n = weir_kll_sorted(c->kll, x, w);
}

size_t
weir_profile_values(struct weir_profile *p, size_t i,
    struct weir_profile_value **v, int *exact)
{
	struct col *c = p->col[i];
	const struct weir_topk_item *it;
	size_t n, k;

	*exact = c->freq_exact;
	n = c->freq_exact ? c->freq.n : weir_topk_items(c->mg, &it);
	c->vals = weir_xreallocarray(c->vals, n + 1, sizeof(*c->vals));
	for (k = 0; k < n; k++) {
		if (c->freq_exact) {
			c->vals[k].s = weir_intern_str(&c->freq, (uint32_t)k,
			    &c->vals[k].len);
			c->vals[k].count = c->fcount[k];
		} else {
			c->vals[k].s = it[k].s;
			c->vals[k].len = it[k].len;
			c->vals[k].count = it[k].count;
		}
	}
	*v = c->vals;
	return n;
}

/* ---- JSON ---------------------------------------------------------- */

static json_t *
real(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *
str(const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);

	return j != NULL ? j : json_string("\xef\xbf\xbd");
}

static json_t *
summary_json(const struct weir_colsum *s)
{
	json_t *o = json_object(), *q, *t, *h, *e, *b;
	static const char *const qn[] = { "p1", "p5", "p25", "p50", "p75",
	    "p95", "p99" };
	size_t i;

	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "type", json_string(s->type));
	json_object_set_new(o, "count", json_integer((json_int_t)s->count));
	json_object_set_new(o, "missing", json_integer((json_int_t)s->missing));
	json_object_set_new(o, "distinct", s->distinct_exact ?
	    json_integer((json_int_t)s->distinct) : json_real(round(s->distinct)));
	json_object_set_new(o, "distinct_exact", json_boolean(s->distinct_exact));
	if (!s->distinct_exact)
		json_object_set_new(o, "distinct_error", json_real(1.04 /
		    sqrt(16384)));
	if (s->numeric) {
		json_object_set_new(o, "min", real(s->min));
		json_object_set_new(o, "max", real(s->max));
		json_object_set_new(o, "mean", real(s->mean));
		json_object_set_new(o, "stddev", real(s->stddev));
		q = json_object();
		for (i = 0; i < 7; i++)
			json_object_set_new(q, qn[i], real(s->q[i]));
		json_object_set_new(o, "quantiles", q);
		json_object_set_new(o, "quantiles_exact", json_boolean(s->q_exact));
		if (!s->q_exact)
			json_object_set_new(o, "quantile_rank_error",
			    json_real(s->q_error));
	}
	t = json_array();
	for (i = 0; i < s->ntop; i++)
		json_array_append_new(t, json_pack("{s:o, s:I}", "value",
		    str(s->top[i].s, s->top[i].len), "count",
		    (json_int_t)s->top[i].count));
	json_object_set_new(o, "top", t);
	json_object_set_new(o, "top_exact", json_boolean(s->top_exact));
	if (!s->top_exact)
		json_object_set_new(o, "top_error",
		    json_integer((json_int_t)s->top_error));
	h = json_object();
	if (s->nbins > 0) {
		e = json_array();
		b = json_array();
		for (i = 0; i <= s->nbins; i++)
			json_array_append_new(e, real(s->edges[i]));
		for (i = 0; i < s->nbins; i++)
			json_array_append_new(b, json_integer((json_int_t)
			    s->bins[i]));
		json_object_set_new(h, "edges", e);
		json_object_set_new(h, "counts", b);
	} else {
		e = json_array();
		b = json_array();
		for (i = 0; i < s->ntop; i++) {
			json_array_append_new(e, str(s->top[i].s,
			    s->top[i].len));
			json_array_append_new(b, json_integer((json_int_t)
			    s->top[i].count));
		}
		json_object_set_new(h, "values", e);
		json_object_set_new(h, "counts", b);
		json_object_set_new(h, "other", json_integer((json_int_t)
		    s->other));
	}
	json_object_set_new(o, "histogram", h);
	if (s->count > 0)
		json_object_set_new(o, "length", json_pack("{s:I, s:I}", "min",
		    (json_int_t)s->len_min, "max", (json_int_t)s->len_max));
	json_object_set_new(o, "looks", json_pack("{s:f, s:f, s:f}", "numeric",
	    s->looks_numeric, "date", s->looks_date, "bool", s->looks_bool));
	return o;
}

static json_t *
state_json(const struct col *c)
{
	json_t *st = json_object(), *k = json_array(), *f;
	char *b64;
	size_t i, len;
	const char *s;

	for (i = 0; i < NKIND; i++)
		json_array_append_new(k, json_integer((json_int_t)c->kind[i]));
	json_object_set_new(st, "kinds", k);
	json_object_set_new(st, "length", json_pack("[I, I]", (json_int_t)
	    c->len_min, (json_int_t)c->len_max));
	json_object_set_new(st, "numbers", json_pack("{s:I, s:o, s:o, s:o, "
	    "s:o}", "n", (json_int_t)c->nnum, "min", real(c->min), "max",
	    real(c->max), "mean", real(c->mean), "m2", real(c->m2)));
	json_object_set_new(st, "kll", weir_kll_json(c->kll));
	if (c->freq_exact) {
		/* every value: the summaries can be made again from them */
		f = json_array();
		for (i = 0; i < c->freq.n; i++) {
			s = weir_intern_str(&c->freq, (uint32_t)i, &len);
			json_array_append_new(f, json_pack("[o, I]", str(s,
			    len), (json_int_t)c->fcount[i]));
		}
		json_object_set_new(st, "frequencies", f);
	} else {
		json_object_set_new(st, "mg", weir_topk_json(c->mg));
		b64 = weir_hll_base64(c->hll);
		json_object_set_new(st, "hll", json_string(b64));
		free(b64);
	}
	return st;
}

json_t *
weir_profile_json(struct weir_profile *p)
{
	json_t *o = json_object(), *cols = json_array(), *c;
	size_t i;

	json_object_set_new(o, "format", json_string("weir-profile"));
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "records", json_integer((json_int_t)p->records));
	for (i = 0; i < p->ncol; i++) {
		c = summary_json(weir_profile_column(p, i));
		json_object_set_new(c, "state", state_json(p->col[i]));
		json_array_append_new(cols, c);
	}
	json_object_set_new(o, "columns", cols);
	return o;
}

static double
num_or(const json_t *j, double dflt)
{
	return json_is_number(j) ? json_number_value(j) : dflt;
}

static int
col_from_json(struct weir_profile *p, const json_t *jc, const char *what,
    struct weir_err *e)
{
	const json_t *name = json_object_get(jc, "name");
	const json_t *st = json_object_get(jc, "state"), *k, *nb, *f, *it;
	struct col *c;
	size_t i;

	if (!json_is_string(name) || !json_is_object(st))
		return weir_errf(e, EX_DATAERR, "%s: a column without its name "
		    "or state (written by weir audit profile?)", what);
	c = new_col(p, json_string_value(name), json_string_length(name));
	c->count = (uint64_t)json_integer_value(json_object_get(jc, "count"));
	c->missing = (uint64_t)json_integer_value(json_object_get(jc,
	    "missing"));
	k = json_object_get(st, "kinds");
	for (i = 0; i < NKIND; i++)
		c->kind[i] = (uint64_t)json_integer_value(json_array_get(k, i));
	c->len_min = (size_t)json_integer_value(json_array_get(
	    json_object_get(st, "length"), 0));
	c->len_max = (size_t)json_integer_value(json_array_get(
	    json_object_get(st, "length"), 1));
	nb = json_object_get(st, "numbers");
	c->nnum = (uint64_t)json_integer_value(json_object_get(nb, "n"));
	c->min = num_or(json_object_get(nb, "min"), HUGE_VAL);
	c->max = num_or(json_object_get(nb, "max"), -HUGE_VAL);
	c->mean = num_or(json_object_get(nb, "mean"), 0);
	c->m2 = num_or(json_object_get(nb, "m2"), 0);
	c->num_exact = 0;	/* the numbers are not in the file */
	weir_kll_free(c->kll);
	weir_topk_free(c->mg);
	weir_hll_free(c->hll);
	f = json_object_get(st, "frequencies");
	c->freq_exact = json_is_array(f);
	c->kll = weir_kll_from_json(json_object_get(st, "kll"));
	c->mg = c->freq_exact ? weir_topk_new(MG_COUNTERS) :
	    weir_topk_from_json(json_object_get(st, "mg"));
	c->hll = c->freq_exact ? weir_hll_new() : weir_hll_from_base64(
	    json_string_value(json_object_get(st, "hll")));
	if (c->kll == NULL || c->mg == NULL || c->hll == NULL)
		return weir_errf(e, EX_DATAERR, "%s: column '%s': a damaged "
		    "sketch", what, c->name);
	json_array_foreach(f, i, it) {
		const json_t *v = json_array_get(it, 0);
		int fresh;
		uint32_t id;

		if (!json_is_string(v))
			return weir_errf(e, EX_DATAERR, "%s: column '%s': "
			    "damaged frequencies", what, c->name);
		id = weir_intern_add(&c->freq, json_string_value(v),
		    json_string_length(v), &fresh);
		if (id >= c->fcap) {
			c->fcap = c->fcap ? c->fcap * 2 : 64;
			c->fcount = weir_xreallocarray(c->fcount, c->fcap,
			    sizeof(*c->fcount));
		}
		c->fcount[id] = (uint64_t)json_integer_value(json_array_get(it,
		    1));
		weir_hll_add(c->hll, weir_hash64(json_string_value(v),
		    json_string_length(v)));
	}
	return 0;
}

struct weir_profile *
weir_profile_from_json(const json_t *j, const char *what, struct weir_err *e)
{
	struct weir_profile *p;
	const json_t *cols = json_object_get(j, "columns"), *c;
	size_t i;

	if (!json_is_string(json_object_get(j, "format")) ||
	    strcmp(json_string_value(json_object_get(j, "format")),
	    "weir-profile") != 0 || json_integer_value(json_object_get(j,
	    "version")) != 1 || !json_is_array(cols)) {
		weir_errf(e, EX_DATAERR, "%s: not a weir profile (version 1)",
		    what);
		return NULL;
	}
	p = weir_profile_new();
	p->records = (uint64_t)json_integer_value(json_object_get(j,
	    "records"));
	json_array_foreach(cols, i, c)
		if (col_from_json(p, c, what, e) == -1) {
			weir_profile_free(p);
			return NULL;
		}
	return p;
}

/* ---- merging ------------------------------------------------------- */

static void
merge_col(struct col *d, const struct col *s)
{
	uint64_t n;
	double delta;
	size_t i, len;
	const char *v;

	d->count += s->count;
	d->missing += s->missing;
	for (i = 0; i < NKIND; i++)
		d->kind[i] += s->kind[i];
	if (s->count > 0 && (d->count == s->count || s->len_min < d->len_min))
		d->len_min = s->len_min;
	if (s->len_max > d->len_max)
		d->len_max = s->len_max;
	if (s->nnum > 0) {
		n = d->nnum + s->nnum;
		delta = s->mean - d->mean;
		/* Chan, Golub and LeVeque: means and squared deviations add */
		d->m2 += s->m2 + delta * delta * (double)d->nnum *
		    (double)s->nnum / (double)n;
		d->mean += delta * (double)s->nnum / (double)n;
		d->nnum = n;
		if (s->min < d->min)
			d->min = s->min;
		if (s->max > d->max)
			d->max = s->max;
		if (d->num_exact && s->num_exact)
			for (i = 0; i < s->nnum_kept; i++)
				keep_number(d, s->num[i]);
		else {
			d->num_exact = 0;
			free(d->num);
			d->num = NULL;
		}
	}
	weir_kll_merge(d->kll, s->kll);
	weir_hll_merge(d->hll, s->hll);
	if (d->freq_exact && s->freq_exact) {
		/* the table goes to the summary if the union is too large */
		for (i = 0; i < s->freq.n; i++) {
			v = weir_intern_str(&s->freq, (uint32_t)i, &len);
			add_value(d, v, len, s->fcount[i]);
		}
		return;
	}
	if (d->freq_exact)
		freq_overflow(d);
	if (s->freq_exact)
		for (i = 0; i < s->freq.n; i++) {
			v = weir_intern_str(&s->freq, (uint32_t)i, &len);
			weir_topk_add_hashed(d->mg, v, len, s->freq.hash[i],
			    s->fcount[i]);
			weir_hll_add(d->hll, s->freq.hash[i]);
		}
	else
		weir_topk_merge(d->mg, s->mg);
}

void
weir_profile_merge(struct weir_profile *dst, const struct weir_profile *src)
{
	size_t i;
	long j;
	const struct col *s;

	for (i = 0; i < src->ncol; i++) {
		s = src->col[i];
		if ((j = find_col(dst, s->name, strlen(s->name))) < 0) {
			new_col(dst, s->name, strlen(s->name));
			j = (long)dst->ncol - 1;
			/* absent from dst's records: missing there */
			dst->col[j]->missing = dst->records;
		}
		merge_col(dst->col[j], s);
	}
	for (i = 0; i < dst->ncol; i++)
		if (find_col(src, dst->col[i]->name,
		    strlen(dst->col[i]->name)) < 0)
			dst->col[i]->missing += src->records;
	dst->records += src->records;
	free(dst->map);
	dst->map = NULL;
	dst->nmap = 0;
}

void
weir_profile_free(struct weir_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ncol; i++) {
		struct col *c = p->col[i];

		free(c->name);
		free(c->num);
		weir_kll_free(c->kll);
		weir_intern_release(&c->freq);
		free(c->fcount);
		weir_hll_free(c->hll);
		weir_topk_free(c->mg);
		weir_buf_release(&c->scratch);
		free(c->vals);
		free(c);
	}
	free(p->col);
	free(p->map);
	free(p);
}
