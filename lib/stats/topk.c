#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "mem.h"
#include "stats/topk.h"

struct counter {
	char		*s;
	size_t		 len;
	uint64_t	 count;
	uint64_t	 hash;
};

struct weir_topk {
	size_t			 m;
	struct counter		*c;	/* up to 2m */
	size_t			 n;
	uint32_t		*slot;	/* counter + 1; 0 empty; 4m slots */
	size_t			 nslot;
	uint64_t		 total, error;
	struct weir_topk_item	*items;
	int			 sorted;
};

struct weir_topk *
weir_topk_new(size_t m)
{
	struct weir_topk *t = weir_xcalloc(1, sizeof(*t));

	t->m = m < 1 ? 1 : m;
	t->c = weir_xcalloc(2 * t->m + 1, sizeof(*t->c));
	for (t->nslot = 8; t->nslot < 4 * t->m; t->nslot *= 2)
		;
	t->slot = weir_xcalloc(t->nslot, sizeof(*t->slot));
	t->items = weir_xcalloc(2 * t->m + 1, sizeof(*t->items));
	return t;
}

static size_t
find(const struct weir_topk *t, const char *s, size_t len, uint64_t h)
{
	size_t j;
	uint32_t x;

	for (j = h & (t->nslot - 1); (x = t->slot[j]) != 0;
	    j = (j + 1) & (t->nslot - 1))
		if (t->c[x - 1].hash == h && t->c[x - 1].len == len &&
		    memcmp(t->c[x - 1].s, s, len) == 0)
			break;
	return j;
}

static void
rehash(struct weir_topk *t)
{
	size_t i;

	memset(t->slot, 0, t->nslot * sizeof(*t->slot));
	for (i = 0; i < t->n; i++)
		t->slot[find(t, t->c[i].s, t->c[i].len, t->c[i].hash)] =
		    (uint32_t)i + 1;
}

static int
by_count_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y) - (x > y);
}

/* Take the (m+1)-th largest count from all; drop what reaches 0. */
static void
reduce(struct weir_topk *t)
{
	uint64_t *cs = weir_xcalloc(t->n + 1, sizeof(*cs)), cut;
	size_t i, j;

	for (i = 0; i < t->n; i++)
		cs[i] = t->c[i].count;
	qsort(cs, t->n, sizeof(*cs), by_count_desc);
	cut = cs[t->m];
	free(cs);
	for (i = j = 0; i < t->n; i++) {
		if (t->c[i].count <= cut) {
			free(t->c[i].s);
			continue;
		}
		t->c[i].count -= cut;
		t->c[j++] = t->c[i];
	}
	t->n = j;
	t->error += cut;
	rehash(t);
}

void
weir_topk_add(struct weir_topk *t, const char *s, size_t len, uint64_t count)
{
	uint64_t h = weir_hash64(s, len);
	size_t j = find(t, s, len, h);
	struct counter *c;

	t->total += count;
	t->sorted = 0;
	if (t->slot[j] != 0) {
		t->c[t->slot[j] - 1].count += count;
		return;
	}
	c = &t->c[t->n];
	c->s = weir_xmemdup(s, len);
	c->len = len;
	c->count = count;
	c->hash = h;
	t->slot[j] = (uint32_t)++t->n;
	if (t->n == 2 * t->m)
		reduce(t);
}

void
weir_topk_merge(struct weir_topk *d, const struct weir_topk *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		weir_topk_add(d, s->c[i].s, s->c[i].len, s->c[i].count);
	/* counters of src already lost s->error */
	d->total += s->total;
	for (i = 0; i < s->n; i++)
		d->total -= s->c[i].count;
	d->error += s->error;
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
			t->items[i].s = t->c[i].s;
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
	return t->error;
}

uint64_t
weir_topk_count(const struct weir_topk *t)
{
	return t->total;
}

json_t *
weir_topk_json(struct weir_topk *t)
{
	const struct weir_topk_item *it;
	json_t *o = json_object(), *a = json_array(), *s;
	size_t i, n = weir_topk_items(t, &it);

	json_object_set_new(o, "m", json_integer((json_int_t)t->m));
	json_object_set_new(o, "n", json_integer((json_int_t)t->total));
	json_object_set_new(o, "error", json_integer((json_int_t)t->error));
	for (i = 0; i < n; i++) {
		if ((s = json_stringn(it[i].s, it[i].len)) == NULL)
			s = json_string("\xef\xbf\xbd");
		json_array_append_new(a, json_pack("[o, I]", s,
		    (json_int_t)it[i].count));
	}
	json_object_set_new(o, "items", a);
	return o;
}

struct weir_topk *
weir_topk_from_json(const json_t *j)
{
	json_int_t m = json_integer_value(json_object_get(j, "m"));
	const json_t *items = json_object_get(j, "items"), *it, *v;
	struct weir_topk *t;
	size_t i;

	if (m < 1 || m > 1 << 20 || !json_is_array(items))
		return NULL;
	t = weir_topk_new((size_t)m);
	json_array_foreach(items, i, it) {
		v = json_array_get(it, 0);
		if (!json_is_string(v) || !json_is_integer(json_array_get(it,
		    1))) {
			weir_topk_free(t);
			return NULL;
		}
		weir_topk_add(t, json_string_value(v), json_string_length(v),
		    (uint64_t)json_integer_value(json_array_get(it, 1)));
	}
	t->total = (uint64_t)json_integer_value(json_object_get(j, "n"));
	t->error = (uint64_t)json_integer_value(json_object_get(j, "error"));
	return t;
}

void
weir_topk_free(struct weir_topk *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->c[i].s);
	free(t->c);
	free(t->slot);
	free(t->items);
	free(t);
}
