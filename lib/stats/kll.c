#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stats/kll.h"

#define MAXLEVEL	60

struct level {
	double	*v;
	size_t	 n, cap;
};

struct weir_kll {
	unsigned	 k;
	uint64_t	 rng;
	uint64_t	 n;
	struct level	 lev[MAXLEVEL];
	size_t		 nlev;
	size_t		 cap[MAXLEVEL];	/* per level, for nlev levels */
	size_t		 totcap;
	size_t		 size;		/* items held */
	int		 compacted;
	/* queries: the items sorted, made again after a change */
	double		*sx, *sw;
	size_t		 ns;
	int		 dirty;
};

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void	set_levels(struct weir_kll *, size_t);

struct weir_kll *
weir_kll_new(unsigned k, uint64_t seed)
{
	struct weir_kll *s = weir_xcalloc(1, sizeof(*s));

	s->k = k < 8 ? 8 : k;
	s->rng = seed;
	set_levels(s, 1);
	s->dirty = 1;
	return s;
}

/* Level h's capacity: k at the top level, times 2/3 per level down. */
static void
set_levels(struct weir_kll *s, size_t nlev)
{
	size_t h;
	double c;

	s->nlev = nlev;
	s->totcap = 0;
	for (h = 0; h < nlev; h++) {
		c = ceil(s->k * pow(2.0 / 3.0, (double)(nlev - 1 - h)));
		s->cap[h] = c < 2 ? 2 : (size_t)c;
		s->totcap += s->cap[h];
	}
}

static void
push(struct level *l, double x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = weir_xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = x;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The lowest full level gives every other value to the level above. */
static void
compress(struct weir_kll *s)
{
	struct level *l;
	size_t h, i, m;

	while (s->size > s->totcap) {
		for (h = 0; h < s->nlev && s->lev[h].n < s->cap[h]; h++)
			;
		if (h == s->nlev)
			for (h = 0; h < s->nlev && s->lev[h].n < 2; h++)
				;
		if (h == s->nlev || (h + 1 == s->nlev && s->nlev == MAXLEVEL))
			return;
		if (h + 1 == s->nlev)
			set_levels(s, s->nlev + 1);
		l = &s->lev[h];
		qsort(l->v, l->n, sizeof(*l->v), cmp);
		m = l->n - l->n % 2;		/* an odd one out stays */
		for (i = splitmix(&s->rng) & 1; i < m; i += 2)
			push(&s->lev[h + 1], l->v[i]);
		l->v[0] = l->v[m < l->n ? m : 0];
		l->n -= m;
		s->size -= m / 2;
		s->compacted = 1;
	}
}

void
weir_kll_add(struct weir_kll *s, double x)
{
	push(&s->lev[0], x);
	s->n++;
	s->size++;
	s->dirty = 1;
	if (s->size > s->totcap)
		compress(s);
}

void
weir_kll_merge(struct weir_kll *d, const struct weir_kll *s)
{
	size_t h, i;

	if (d->nlev < s->nlev)
		set_levels(d, s->nlev);
	for (h = 0; h < s->nlev; h++)
		for (i = 0; i < s->lev[h].n; i++)
			push(&d->lev[h], s->lev[h].v[i]);
	d->n += s->n;
	d->size += s->size;
	d->compacted |= s->compacted;
	d->dirty = 1;
	compress(d);
}

uint64_t
weir_kll_count(const struct weir_kll *s)
{
	return s->n;
}

int
weir_kll_exact(const struct weir_kll *s)
{
	return !s->compacted;
}

struct item {
	double	x, w;
};

static int
by_x(const void *a, const void *b)
{
	const struct item *p = a, *q = b;

	return (p->x > q->x) - (p->x < q->x);
}

static void
sort_items(struct weir_kll *s)
{
	struct item *it;
	size_t h, i, n = 0;

	if (!s->dirty)
		return;
	it = weir_xcalloc(s->size + 1, sizeof(*it));
	for (h = 0; h < s->nlev; h++)
		for (i = 0; i < s->lev[h].n; i++) {
			it[n].x = s->lev[h].v[i];
			it[n++].w = ldexp(1, (int)h);
		}
	qsort(it, n, sizeof(*it), by_x);
	s->sx = weir_xreallocarray(s->sx, n + 1, sizeof(*s->sx));
	s->sw = weir_xreallocarray(s->sw, n + 1, sizeof(*s->sw));
	for (i = 0; i < n; i++) {
		s->sx[i] = it[i].x;
		s->sw[i] = it[i].w;
	}
	s->ns = n;
	s->dirty = 0;
	free(it);
}

double
weir_kll_quantile(struct weir_kll *s, double q)
{
	double total = 0, want, cum = 0;
	size_t i;

	sort_items(s);
	if (s->ns == 0)
		return NAN;
	for (i = 0; i < s->ns; i++)
		total += s->sw[i];
	want = q * total;
	for (i = 0; i < s->ns; i++) {
		cum += s->sw[i];
		if (cum >= want && cum > 0)
			return s->sx[i];
	}
	return s->sx[s->ns - 1];
}

double
weir_kll_rank(struct weir_kll *s, double x)
{
	double total = 0, below = 0;
	size_t i;

	sort_items(s);
	for (i = 0; i < s->ns; i++) {
		total += s->sw[i];
		if (s->sx[i] <= x)
			below += s->sw[i];
	}
	return total > 0 ? below / total : NAN;
}

double
weir_kll_rank_error(const struct weir_kll *s)
{
	return s->compacted ? 2.296 / pow(s->k, 0.9723) : 0;
}

size_t
weir_kll_sorted(struct weir_kll *s, const double **x, const double **w)
{
	sort_items(s);
	*x = s->sx;
	*w = s->sw;
	return s->ns;
}

json_t *
weir_kll_json(const struct weir_kll *s)
{
	json_t *o = json_object(), *levels = json_array(), *l;
	size_t h, i;

	json_object_set_new(o, "k", json_integer(s->k));
	json_object_set_new(o, "n", json_integer((json_int_t)s->n));
	json_object_set_new(o, "compacted", json_boolean(s->compacted));
	for (h = 0; h < s->nlev; h++) {
		l = json_array();
		for (i = 0; i < s->lev[h].n; i++)
			json_array_append_new(l, json_real(s->lev[h].v[i]));
		json_array_append_new(levels, l);
	}
	json_object_set_new(o, "levels", levels);
	return o;
}

struct weir_kll *
weir_kll_from_json(const json_t *j)
{
	const json_t *levels = json_object_get(j, "levels"), *l, *v;
	json_int_t k = json_integer_value(json_object_get(j, "k"));
	struct weir_kll *s;
	size_t h, i;

	if (k < 8 || k > 65536 || !json_is_array(levels) ||
	    json_array_size(levels) > MAXLEVEL)
		return NULL;
	s = weir_kll_new((unsigned)k, 0x5eed);
	s->n = (uint64_t)json_integer_value(json_object_get(j, "n"));
	s->compacted = json_is_true(json_object_get(j, "compacted"));
	set_levels(s, json_array_size(levels) ? json_array_size(levels) : 1);
	json_array_foreach(levels, h, l) {
		if (!json_is_array(l))
			goto fail;
		json_array_foreach(l, i, v) {
			if (!json_is_number(v))
				goto fail;
			push(&s->lev[h], json_number_value(v));
			s->size++;
		}
	}
	return s;
fail:
	weir_kll_free(s);
	return NULL;
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
	free(s);
}
