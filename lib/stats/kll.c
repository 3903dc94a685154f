#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stats/kll.h"

#define MAXLEVEL	60	/* weights to 2^59: room for 2^64 values */
#define MINWIDTH	8	/* DataSketches' m: its formula assumes it */
#define KMIN		8
#define KMAX		65535
#define JSON_SEED	0x5eedULL	/* exact sketches' JSON has no rng */

/* Level 0 in arrival order; the levels above are kept sorted. */
struct level {
	double	*v;
	size_t	 n, cap;
};

struct weir_kll {
	unsigned	 k;
	uint64_t	 rng;
	uint64_t	 n;
	double		 min, max;
	struct level	 lev[MAXLEVEL];
	size_t		 nlev;
	size_t		 cap[MAXLEVEL];	/* for nlev levels */
	size_t		 totcap;
	size_t		 size;		/* items held */
	/* queries: the items sorted, made again after a change */
	double		*sx, *sw;
	uint64_t	*cum;		/* weight of sx[0..i] */
	uint64_t	*keys;		/* sort_values()'s */
	size_t		 nkeys;
	size_t		 ns;
	int		 dirty;
};

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Level h's capacity: k at the top, times 2/3 per level down, at least
 * MINWIDTH.  The top moves up as levels are added, so every lower level
 * shrinks: the lazy compactors of the paper.
 */
static void
set_levels(struct weir_kll *s, size_t nlev)
{
	size_t h;
	double c;

	s->nlev = nlev;
	s->totcap = 0;
	for (h = 0; h < nlev; h++) {
		c = ceil(s->k * pow(2.0 / 3.0, (double)(nlev - 1 - h)));
		s->cap[h] = c < MINWIDTH ? MINWIDTH : (size_t)c;
		s->totcap += s->cap[h];
	}
}

static unsigned
clamp_k(unsigned k)
{
	if (k == 0)
		return WEIR_KLL_K;
	return k < KMIN ? KMIN : k > KMAX ? KMAX : k;
}

struct weir_kll *
weir_kll_new(unsigned k, uint64_t seed)
{
	struct weir_kll *s = weir_xcalloc(1, sizeof(*s));

	s->k = clamp_k(k);
	s->rng = seed;
	s->min = s->max = NAN;
	set_levels(s, 1);
	s->dirty = 1;
	return s;
}

static void
reserve(struct level *l, size_t more)
{
	if (l->cap - l->n >= more)
		return;
	while (l->cap - l->n < more)
		l->cap = l->cap ? l->cap * 2 : 16;
	l->v = weir_xreallocarray(l->v, l->cap, sizeof(*l->v));
}

/*
 * A total order: -0 before +0, so a sort's result depends only on the
 * values, not on the order they came in (an imported sketch then compacts
 * as the exported one would have).
 */
static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	if (x != y)
		return (x > y) - (x < y);
	return (signbit(y) != 0) - (signbit(x) != 0);
}

/*
 * The bits of x as an integer in cmp()'s order (-0 before +0): the sign
 * bit flipped for a positive number, every bit for a negative one.
 */
static inline uint64_t
key_of(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof(u));
	return u ^ ((uint64_t)((int64_t)u >> 63) | 0x8000000000000000ULL);
}

static inline double
value_of(uint64_t k)
{
	double x;

	k ^= (k >> 63) ? 0x8000000000000000ULL : ~0ULL;
	memcpy(&x, &k, sizeof(x));
	return x;
}

/*
 * Level 0 is sorted at every compaction (every few hundred values), so
 * the sort is made cheap: integer keys, a quicksort whose partition has
 * no branch on the data to mispredict, insertion sort below 16.
 */
static void
sort_keys(uint64_t *v, size_t n)
{
	size_t i, j, m;
	uint64_t p, t;

	while (n > 16) {
		/* median of three as the pivot, at v[n - 1] */
		m = n / 2;
		if (v[m] < v[0]) { t = v[m]; v[m] = v[0]; v[0] = t; }
		if (v[n - 1] < v[0]) { t = v[n - 1]; v[n - 1] = v[0];
		    v[0] = t; }
		if (v[m] < v[n - 1]) { t = v[m]; v[m] = v[n - 1];
		    v[n - 1] = t; }
		p = v[n - 1];
		for (i = 0, j = 0; j < n - 1; j++) {
			t = v[j];
			v[j] = v[i];
			v[i] = t;
			i += t < p;
		}
		v[n - 1] = v[i];
		v[i] = p;
		/* the smaller side by recursion, the larger by the loop */
		if (i < n - 1 - i) {
			sort_keys(v, i);
			v += i + 1;
			n -= i + 1;
		} else {
			sort_keys(v + i + 1, n - i - 1);
			n = i;
		}
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && t < v[j - 1]; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

static void
sort_values(struct weir_kll *s, double *v, size_t n)
{
	size_t i;

	if (n > s->nkeys) {
		s->nkeys = n * 2;
		s->keys = weir_xreallocarray(s->keys, s->nkeys,
		    sizeof(*s->keys));
	}
	for (i = 0; i < n; i++)
		s->keys[i] = key_of(v[i]);
	sort_keys(s->keys, n);
	for (i = 0; i < n; i++)
		v[i] = value_of(s->keys[i]);
}

/*
 * Merge n sorted values, src[0], src[step], ..., into the sorted level l,
 * from the back so no scratch space is needed.
 */
static void
merge_into(struct level *l, const double *src, size_t n, size_t step)
{
	size_t i = l->n, j = n, o;

	reserve(l, n);
	o = l->n + n;
	while (j > 0) {
		if (i > 0 && cmp(&l->v[i - 1], &src[(j - 1) * step]) > 0)
			l->v[--o] = l->v[--i];
		else
			l->v[--o] = src[--j * step];
	}
	l->n += n;
}

static void
compact(struct weir_kll *s, size_t h)
{
	struct level *l = &s->lev[h];
	size_t m = l->n - l->n % 2, off;

	if (h + 1 == s->nlev)
		set_levels(s, s->nlev + 1);
	if (h == 0)
		sort_values(s, l->v, l->n);
	off = splitmix64(&s->rng) & 1;
	merge_into(&s->lev[h + 1], l->v + off, m / 2, 2);
	if (l->n > m)		/* the odd one out, the largest, stays */
		l->v[0] = l->v[m];
	l->n -= m;
	s->size -= m / 2;
}

/* While over capacity, the lowest full level goes up by half. */
static void
compress(struct weir_kll *s)
{
	size_t h;

	while (s->size > s->totcap) {
		for (h = 0; h < s->nlev && s->lev[h].n < s->cap[h]; h++)
			;
		if (h == s->nlev || s->lev[h].n < 2 ||
		    (h + 1 == s->nlev && s->nlev == MAXLEVEL))
			return;	/* cannot be: the sizes sum to size */
		compact(s, h);
	}
}

void
weir_kll_add(struct weir_kll *s, double x)
{
	if (isnan(x))
		return;
	reserve(&s->lev[0], 1);
	s->lev[0].v[s->lev[0].n++] = x;
	if (s->n == 0 || x < s->min)
		s->min = x;
	if (s->n == 0 || x > s->max)
		s->max = x;
	s->n++;
	s->size++;
	s->dirty = 1;
	if (s->size > s->totcap)
		compress(s);
}

void
weir_kll_merge(struct weir_kll *d, const struct weir_kll *s)
{
	size_t h, n, snlev = s->nlev;

	if (s->n == 0)
		return;
	if (s->k < d->k) {
		d->k = s->k;
		set_levels(d, d->nlev);
	}
	if (d->nlev < snlev)
		set_levels(d, snlev);
	for (h = 0; h < snlev; h++) {
		n = s->lev[h].n;	/* d's may be s's, and grow */
		if (n == 0)
			continue;
		if (h == 0) {
			reserve(&d->lev[0], n);
			memmove(d->lev[0].v + d->lev[0].n, s->lev[0].v,
			    n * sizeof(double));
			d->lev[0].n += n;
		} else if (d == s) {
			double *tmp = weir_xreallocarray(NULL, n,
			    sizeof(double));

			memcpy(tmp, s->lev[h].v, n * sizeof(double));
			merge_into(&d->lev[h], tmp, n, 1);
			free(tmp);
		} else
			merge_into(&d->lev[h], s->lev[h].v, n, 1);
	}
	if (d->n == 0 || s->min < d->min)
		d->min = s->min;
	if (d->n == 0 || s->max > d->max)
		d->max = s->max;
	d->n += s->n;
	d->size += s->size;
	d->dirty = 1;
	compress(d);
}

uint64_t
weir_kll_count(const struct weir_kll *s)
{
	return s->n;
}

unsigned
weir_kll_k(const struct weir_kll *s)
{
	return s->k;
}

double
weir_kll_min(const struct weir_kll *s)
{
	return s->min;
}

double
weir_kll_max(const struct weir_kll *s)
{
	return s->max;
}

/* Levels above 0 appear with the first compaction and never go. */
int
weir_kll_exact(const struct weir_kll *s)
{
	return s->nlev == 1;
}

struct item {
	double		x;
	unsigned	h;
};

static int
by_x(const void *a, const void *b)
{
	const struct item *p = a, *q = b;
	int r = cmp(&p->x, &q->x);

	return r != 0 ? r : (p->h > q->h) - (p->h < q->h);
}

static void
sort_items(struct weir_kll *s)
{
	struct item *it;
	size_t h, i, n = 0;
	uint64_t cum = 0;

	if (!s->dirty)
		return;
	it = weir_xreallocarray(NULL, s->size + 1, sizeof(*it));
	for (h = 0; h < s->nlev; h++)
		for (i = 0; i < s->lev[h].n; i++) {
			it[n].x = s->lev[h].v[i];
			it[n++].h = (unsigned)h;
		}
	qsort(it, n, sizeof(*it), by_x);
	s->sx = weir_xreallocarray(s->sx, n + 1, sizeof(*s->sx));
	s->sw = weir_xreallocarray(s->sw, n + 1, sizeof(*s->sw));
	s->cum = weir_xreallocarray(s->cum, n + 1, sizeof(*s->cum));
	for (i = 0; i < n; i++) {
		s->sx[i] = it[i].x;
		s->sw[i] = ldexp(1, (int)it[i].h);
		cum += (uint64_t)1 << it[i].h;
		s->cum[i] = cum;
	}
	s->ns = n;
	s->dirty = 0;
	free(it);
}

double
weir_kll_quantile(struct weir_kll *s, double q)
{
	double want;
	size_t lo, hi, mid;

	if (s->n == 0 || isnan(q))
		return NAN;
	if (q <= 0)
		return s->min;
	if (q >= 1)
		return s->max;
	sort_items(s);
	want = q * (double)s->n;
	/* the first item whose cumulative weight reaches q n */
	for (lo = 0, hi = s->ns - 1; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if ((double)s->cum[mid] >= want)
			hi = mid;
		else
			lo = mid + 1;
	}
	return s->sx[lo];
}

double
weir_kll_rank(struct weir_kll *s, double x)
{
	size_t lo, hi, mid;

	if (s->n == 0 || isnan(x))
		return NAN;
	sort_items(s);
	/* the items <= x: sx[0..lo) */
	for (lo = 0, hi = s->ns; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if (s->sx[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? 0 : (double)s->cum[lo - 1] / (double)s->n;
}

double
weir_kll_rank_error_k(unsigned k)
{
	return 2.296 / pow(clamp_k(k), 0.9723);
}

double
weir_kll_rank_error(const struct weir_kll *s)
{
	return weir_kll_exact(s) ? 0 : weir_kll_rank_error_k(s->k);
}

size_t
weir_kll_sorted(struct weir_kll *s, const double **x, const double **w)
{
	sort_items(s);
	*x = s->sx;
	*w = s->sw;
	return s->ns;
}

void
weir_kll_export(const struct weir_kll *s, struct weir_kll_state *st)
{
	struct item *it = weir_xreallocarray(NULL, s->size + 1, sizeof(*it));
	size_t h, i, n = 0;

	for (h = 0; h < s->nlev; h++)
		for (i = 0; i < s->lev[h].n; i++) {
			it[n].x = s->lev[h].v[i];
			it[n++].h = (unsigned)h;
		}
	qsort(it, n, sizeof(*it), by_x);
	st->k = s->k;
	st->n = s->n;
	st->min = s->min;
	st->max = s->max;
	st->rng = s->rng;
	st->nitems = n;
	st->x = weir_xreallocarray(NULL, n + 1, sizeof(*st->x));
	st->w = weir_xreallocarray(NULL, n + 1, sizeof(*st->w));
	for (i = 0; i < n; i++) {
		st->x[i] = it[i].x;
		st->w[i] = (uint64_t)1 << it[i].h;
	}
	free(it);
}

void
weir_kll_state_release(struct weir_kll_state *st)
{
	free(st->x);
	free(st->w);
	st->x = NULL;
	st->w = NULL;
	st->nitems = 0;
}

static int
level_of(uint64_t w)
{
	int h;

	if (w == 0 || (w & (w - 1)) != 0)
		return -1;
	h = __builtin_ctzll(w);
	return h < MAXLEVEL - 1 ? h : -1;
}

struct weir_kll *
weir_kll_import(const struct weir_kll_state *st)
{
	struct weir_kll *s;
	size_t i, top = 0;
	uint64_t sum = 0;
	double lo = NAN, hi = NAN;
	int h;

	if (st->k < KMIN || st->k > KMAX || (st->n == 0) != (st->nitems == 0))
		return NULL;
	for (i = 0; i < st->nitems; i++) {
		h = level_of(st->w[i]);
		if (h < 0 || isnan(st->x[i]) || sum + st->w[i] < sum)
			return NULL;
		sum += st->w[i];
		if ((size_t)h > top)
			top = (size_t)h;
		if (i == 0 || st->x[i] < lo)
			lo = st->x[i];
		if (i == 0 || st->x[i] > hi)
			hi = st->x[i];
	}
	if (sum != st->n)
		return NULL;
	if (st->n > 0 && !isnan(st->min)) {
		if (isnan(st->max) || st->min > lo || st->max < hi)
			return NULL;
		lo = st->min;
		hi = st->max;
	}
	s = weir_kll_new(st->k, st->rng);
	set_levels(s, top + 1);
	for (i = 0; i < st->nitems; i++) {
		struct level *l = &s->lev[level_of(st->w[i])];

		reserve(l, 1);
		l->v[l->n++] = st->x[i];
	}
	for (i = 1; i <= top; i++)	/* x need not be sorted */
		if (s->lev[i].n > 1)
			qsort(s->lev[i].v, s->lev[i].n, sizeof(double), cmp);
	s->n = st->n;
	s->size = st->nitems;
	s->min = lo;
	s->max = hi;
	compress(s);		/* only a state no sketch wrote is over */
	return s;
}

static json_t *
num_json(double x)
{
	if (isinf(x))
		return json_string(x > 0 ? "inf" : "-inf");
	return json_real(x);
}

static int
json_num(const json_t *j, double *x)
{
	const char *s = json_string_value(j);

	if (json_is_number(j))
		*x = json_number_value(j);
	else if (s != NULL && (strcmp(s, "inf") == 0 || strcmp(s, "-inf") == 0))
		*x = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
	else
		return -1;
	return 0;
}

/*
 * Levels, not weighted items: level 0 keeps its arrival order, which the
 * profile's golden files show for small columns.
 */
json_t *
weir_kll_json(const struct weir_kll *s)
{
	json_t *o = json_object(), *levels = json_array(), *l;
	size_t h, i;
	char rng[17];

	json_object_set_new(o, "k", json_integer(s->k));
	json_object_set_new(o, "n", json_integer((json_int_t)s->n));
	json_object_set_new(o, "compacted", json_boolean(!weir_kll_exact(s)));
	if (!weir_kll_exact(s)) {
		json_object_set_new(o, "min", num_json(s->min));
		json_object_set_new(o, "max", num_json(s->max));
		snprintf(rng, sizeof(rng), "%016llx",
		    (unsigned long long)s->rng);
		json_object_set_new(o, "rng", json_string(rng));
	}
	for (h = 0; h < s->nlev; h++) {
		l = json_array();
		for (i = 0; i < s->lev[h].n; i++)
			json_array_append_new(l, num_json(s->lev[h].v[i]));
		json_array_append_new(levels, l);
	}
	json_object_set_new(o, "levels", levels);
	return o;
}

static int
rng_json(const json_t *j, uint64_t *rng)
{
	const char *s = json_string_value(j);
	char *end;

	if (j == NULL) {
		*rng = JSON_SEED;
		return 0;
	}
	if (s == NULL || strlen(s) != 16)
		return -1;
	*rng = strtoull(s, &end, 16);
	return *end == '\0' ? 0 : -1;
}

struct weir_kll *
weir_kll_from_json(const json_t *j)
{
	const json_t *levels = json_object_get(j, "levels"), *l, *v;
	const json_t *jk = json_object_get(j, "k"), *jn = json_object_get(j,
	    "n"), *jmin = json_object_get(j, "min"), *jmax =
	    json_object_get(j, "max");
	struct weir_kll_state st = { 0 };
	struct weir_kll *s = NULL;
	size_t h, i, n = 0;

	if (!json_is_integer(jk) || json_integer_value(jk) < KMIN ||
	    json_integer_value(jk) > KMAX || !json_is_integer(jn) ||
	    json_integer_value(jn) < 0 || !json_is_array(levels) ||
	    json_array_size(levels) >= MAXLEVEL)
		return NULL;
	st.k = (unsigned)json_integer_value(jk);
	st.n = (uint64_t)json_integer_value(jn);
	st.min = st.max = NAN;
	if ((jmin != NULL && json_num(jmin, &st.min) != 0) ||
	    (jmax != NULL && json_num(jmax, &st.max) != 0) ||
	    rng_json(json_object_get(j, "rng"), &st.rng) != 0)
		return NULL;
	json_array_foreach(levels, h, l)
		n += json_array_size(l);
	st.x = weir_xreallocarray(NULL, n + 1, sizeof(*st.x));
	st.w = weir_xreallocarray(NULL, n + 1, sizeof(*st.w));
	json_array_foreach(levels, h, l) {
		if (!json_is_array(l))
			goto out;
		json_array_foreach(l, i, v) {
			if (json_num(v, &st.x[st.nitems]) != 0)
				goto out;
			st.w[st.nitems++] = (uint64_t)1 << h;
		}
	}
	s = weir_kll_import(&st);	/* level 0 in the order written */
out:
	weir_kll_state_release(&st);
	return s;
}

void
weir_kll_free(struct weir_kll *s)
{
	size_t h;

	if (s == NULL)
		return;
	for (h = 0; h < MAXLEVEL; h++)
		free(s->lev[h].v);
	free(s->sx);
	free(s->sw);
	free(s->cum);
	free(s->keys);
	free(s);
}
