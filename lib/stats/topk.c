#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "mem.h"
#include "stats/topk.h"

#define MMAX	(1u << 20)

struct counter {
	size_t		 off, len;	/* bytes.p + off, NUL-ended */
	uint64_t	 count;
	uint64_t	 hash;
};

struct weir_topk {
	size_t			 m;
	struct counter		*c;	/* fewer than 2m */
	size_t			 n;
	uint32_t		*slot;	/* counter + 1, 0 empty; >= 4m */
	size_t			 nslot;
	struct weir_buf		 bytes, spare;
	uint64_t		 total;	/* n */
	uint64_t		 held;	/* the sum of the counts */
	uint64_t		 error;	/* the sum of the counts taken */
	struct weir_topk_item	*items;
	int			 sorted;
};

struct weir_topk *
weir_topk_new(size_t m)
{
	struct weir_topk *t = weir_xcalloc(1, sizeof(*t));

	t->m = m == 0 ? WEIR_TOPK_M : m > MMAX ? MMAX : m;
	t->c = weir_xcalloc(2 * t->m, sizeof(*t->c));
	for (t->nslot = 8; t->nslot < 4 * t->m; t->nslot *= 2)
		;
	t->slot = weir_xcalloc(t->nslot, sizeof(*t->slot));
	t->items = weir_xcalloc(2 * t->m, sizeof(*t->items));
	return t;
}

static const char *
str(const struct weir_topk *t, const struct counter *c)
{
	return t->bytes.p + c->off;
}

static size_t
find(const struct weir_topk *t, const void *s, size_t len, uint64_t h)
{
	size_t j;
	uint32_t x;

	for (j = h & (t->nslot - 1); (x = t->slot[j]) != 0;
	    j = (j + 1) & (t->nslot - 1))
		if (t->c[x - 1].hash == h && t->c[x - 1].len == len &&
		    memcmp(str(t, &t->c[x - 1]), s, len) == 0)
			break;
	return j;
}

/* The k-th largest of v[0..n) (k from 0), by selection: v is reordered. */
static uint64_t
kth_largest(uint64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, i, j;
	uint64_t p, t;

	while (lo < hi) {
		p = v[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] > p)
				i++;
			while (v[j] < p)
				j--;
			if (i <= j) {
				t = v[i]; v[i] = v[j]; v[j] = t;
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
			break;
	}
	return v[k];
}

/*
 * Take the (m+1)-th largest count from every counter and drop those left
 * at 0: the sum falls by at least (m + 1) cut, the error grows by cut.
 * The survivors' strings move to the spare buffer, which becomes the one.
 */
static void
reduce(struct weir_topk *t)
{
	uint64_t *cs = weir_xreallocarray(NULL, t->n, sizeof(*cs)), cut;
	struct weir_buf tmp;
	size_t i, j;

	for (i = 0; i < t->n; i++)
		cs[i] = t->c[i].count;
	cut = kth_largest(cs, t->n, t->m);
	free(cs);
	weir_buf_reset(&t->spare);
	memset(t->slot, 0, t->nslot * sizeof(*t->slot));
	t->held = 0;
	for (i = j = 0; i < t->n; i++) {
		const char *p = str(t, &t->c[i]);

		if (t->c[i].count <= cut)
			continue;
		t->c[j] = t->c[i];
		t->c[j].count -= cut;
		t->c[j].off = t->spare.len;
		weir_buf_add(&t->spare, p, t->c[j].len + 1);
		t->held += t->c[j++].count;
	}
	t->n = j;
	t->error += cut;
	tmp = t->bytes;
	t->bytes = t->spare;
	t->spare = tmp;
	for (i = 0; i < t->n; i++)
		t->slot[find(t, str(t, &t->c[i]), t->c[i].len,
		    t->c[i].hash)] = (uint32_t)i + 1;
}

/* A count for s, without touching n. */
static void
count(struct weir_topk *t, const void *s, size_t len, uint64_t h,
    uint64_t k)
{
	size_t j = find(t, s, len, h);
	struct counter *c;

	t->held += k;
	t->sorted = 0;
	if (t->slot[j] != 0) {
		t->c[t->slot[j] - 1].count += k;
		return;
	}
	c = &t->c[t->n];
	c->off = t->bytes.len;
	c->len = len;
	c->count = k;
	c->hash = h;
	weir_buf_add(&t->bytes, s, len);
	weir_buf_addc(&t->bytes, '\0');
	t->slot[j] = (uint32_t)++t->n;
	if (t->n == 2 * t->m)
		reduce(t);
}

void
weir_topk_add_hashed(struct weir_topk *t, const void *s, size_t len,
    uint64_t h, uint64_t k)
{
	if (k == 0)
		return;
	if (len == 0)
		s = "";	/* memcmp wants a pointer, even for 0 bytes */
	t->total += k;
	count(t, s, len, h, k);
}

void
weir_topk_add(struct weir_topk *t, const void *s, size_t len, uint64_t k)
{
	weir_topk_add_hashed(t, s, len, len ? weir_hash64(s, len) :
	    weir_hash64("", 0), k);
}

/*
 * Each of src's counters is an add to dst; src's own error adds to dst's,
 * and its n too.  (m + 1) error <= n - held holds for each, so for both.
 */
void
weir_topk_merge(struct weir_topk *d, const struct weir_topk *s)
{
	size_t i;

	if (d == s) {
		for (i = 0; i < d->n; i++)
			d->c[i].count *= 2;
		d->total *= 2;
		d->held *= 2;
		d->error *= 2;
		return;
	}
	if (s->m < d->m) {
		d->m = s->m;
		if (d->n >= 2 * d->m)
			reduce(d);
	}
	for (i = 0; i < s->n; i++)
		count(d, str(s, &s->c[i]), s->c[i].len, s->c[i].hash,
		    s->c[i].count);
	d->total += s->total;
	d->error += s->error;
	d->sorted = 0;
}

static int
by_item(const void *a, const void *b)
{
	const struct weir_topk_item *p = a, *q = b;
	int r;

	if (p->count != q->count)
		return p->count > q->count ? -1 : 1;
	r = memcmp(p->s, q->s, p->len < q->len ? p->len : q->len);
	return r != 0 ? r : (p->len > q->len) - (p->len < q->len);
}

size_t
weir_topk_items(struct weir_topk *t, const struct weir_topk_item **out)
{
	size_t i;

	if (!t->sorted) {
		for (i = 0; i < t->n; i++) {
			t->items[i].s = str(t, &t->c[i]);
			t->items[i].len = t->c[i].len;
			t->items[i].count = t->c[i].count;
		}
		qsort(t->items, t->n, sizeof(*t->items), by_item);
		t->sorted = 1;
	}
	*out = t->items;
	return t->n;
}

uint64_t
weir_topk_error(const struct weir_topk *t)
{
	uint64_t bound = (t->total - t->held) / (t->m + 1);

	return t->error < bound ? t->error : bound;
}

uint64_t
weir_topk_count(const struct weir_topk *t)
{
	return t->total;
}

void
weir_topk_export(struct weir_topk *t, struct weir_topk_state *st)
{
	st->m = t->m;
	st->n = t->total;
	st->error = weir_topk_error(t);
	st->nitems = weir_topk_items(t, &st->items);
}

struct weir_topk *
weir_topk_import(const struct weir_topk_state *st)
{
	struct weir_topk *t;
	uint64_t sum = 0;
	size_t i;

	if (st->m == 0 || st->m > MMAX)
		return NULL;
	for (i = 0; i < st->nitems; i++) {
		if (sum + st->items[i].count < sum)
			return NULL;
		sum += st->items[i].count;
	}
	if (sum > st->n)
		return NULL;
	t = weir_topk_new(st->m);
	for (i = 0; i < st->nitems; i++)
		if (st->items[i].count > 0)
			count(t, st->items[i].len > 0 ? st->items[i].s : "",
			    st->items[i].len, weir_hash64(st->items[i].s,
			    st->items[i].len), st->items[i].count);
	t->total = st->n;
	/* t->error: what reductions took here, past a state's 2m items */
	if (st->error != UINT64_MAX && st->error + t->error >= st->error)
		t->error += st->error;
	else
		t->error = UINT64_MAX;
	t->error = weir_topk_error(t);
	return t;
}

json_t *
weir_topk_json(struct weir_topk *t)
{
	struct weir_topk_state st;
	json_t *o = json_object(), *a = json_array(), *s;
	size_t i;

	weir_topk_export(t, &st);
	json_object_set_new(o, "m", json_integer((json_int_t)st.m));
	json_object_set_new(o, "n", json_integer((json_int_t)st.n));
	json_object_set_new(o, "error", json_integer((json_int_t)st.error));
	for (i = 0; i < st.nitems; i++) {
		if ((s = json_stringn(st.items[i].s, st.items[i].len)) == NULL)
			s = json_string("\xef\xbf\xbd");
		json_array_append_new(a, json_pack("[o, I]", s,
		    (json_int_t)st.items[i].count));
	}
	json_object_set_new(o, "items", a);
	return o;
}

struct weir_topk *
weir_topk_from_json(const json_t *j)
{
	const json_t *jm = json_object_get(j, "m"), *jn = json_object_get(j,
	    "n"), *je = json_object_get(j, "error"), *items, *it, *v, *k;
	struct weir_topk_state st;
	struct weir_topk_item *ti;
	struct weir_topk *t = NULL;
	size_t i;

	items = json_object_get(j, "items");
	if (!json_is_integer(jm) || json_integer_value(jm) < 1 ||
	    !json_is_integer(jn) || json_integer_value(jn) < 0 ||
	    (je != NULL && (!json_is_integer(je) || json_integer_value(je) <
	    0)) || !json_is_array(items))
		return NULL;
	st.m = (size_t)json_integer_value(jm);
	st.n = (uint64_t)json_integer_value(jn);
	st.error = je != NULL ? (uint64_t)json_integer_value(je) : UINT64_MAX;
	st.nitems = json_array_size(items);
	ti = weir_xcalloc(st.nitems + 1, sizeof(*ti));
	json_array_foreach(items, i, it) {
		v = json_array_get(it, 0);
		k = json_array_get(it, 1);
		if (!json_is_string(v) || !json_is_integer(k) ||
		    json_integer_value(k) < 0)
			goto out;
		ti[i].s = json_string_value(v);
		ti[i].len = json_string_length(v);
		ti[i].count = (uint64_t)json_integer_value(k);
	}
	st.items = ti;
	t = weir_topk_import(&st);
out:
	free(ti);
	return t;
}

void
weir_topk_free(struct weir_topk *t)
{
	if (t == NULL)
		return;
	free(t->c);
	free(t->slot);
	weir_buf_release(&t->bytes);
	weir_buf_release(&t->spare);
	free(t->items);
	free(t);
}
