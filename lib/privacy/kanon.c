#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "kanon.h"
#include "mem.h"

struct klass {
	uint64_t	 hash;		/* 0: empty slot */
	size_t		 off, len;	/* key bytes in keys */
	uint64_t	 size;
	uint64_t	*sens;		/* distinct sensitive hashes, up to cap */
	unsigned	 nsens;
};

struct weir_kanon {
	struct klass	*slot;
	size_t		 nslot, used;
	struct weir_buf	 keys;
	unsigned	 cap;
	uint64_t	 records;
};

struct weir_kanon *
weir_kanon_new(unsigned cap)
{
	struct weir_kanon *a = weir_xcalloc(1, sizeof(*a));

	a->nslot = 256;
	a->slot = weir_xcalloc(a->nslot, sizeof(*a->slot));
	a->cap = cap;
	return a;
}

static struct klass *
find(const struct weir_kanon *a, const void *key, size_t len, uint64_t h)
{
	size_t j;

	for (j = h & (a->nslot - 1); a->slot[j].hash != 0;
	    j = (j + 1) & (a->nslot - 1))
		if (a->slot[j].hash == h && a->slot[j].len == len &&
		    memcmp(a->keys.p + a->slot[j].off, key, len) == 0)
			break;
	return &a->slot[j];
}

static void
grow(struct weir_kanon *a)
{
	struct klass *old = a->slot;
	size_t i, j, n = a->nslot;

	a->nslot *= 2;
	a->slot = weir_xcalloc(a->nslot, sizeof(*a->slot));
	for (i = 0; i < n; i++) {
		if (old[i].hash == 0)
			continue;
		for (j = old[i].hash & (a->nslot - 1); a->slot[j].hash != 0;
		    j = (j + 1) & (a->nslot - 1))
			;
		a->slot[j] = old[i];
	}
	free(old);
}

static struct klass *
class(struct weir_kanon *a, const void *key, size_t len)
{
	uint64_t h = weir_hash64(key, len);
	struct klass *c = find(a, key, len, h);

	if (c->hash == 0) {
		c->hash = h;
		c->off = a->keys.len;
		c->len = len;
		weir_buf_add(&a->keys, key, len);
		if (a->cap > 0)
			c->sens = weir_xcalloc(a->cap, sizeof(*c->sens));
		if (++a->used * 4 > a->nslot * 3) {
			grow(a);
			c = find(a, key, len, h);
		}
	}
	return c;
}

/* Capped at cap, a union of capped sets still decides l <= cap exactly. */
static void
add_sens(const struct weir_kanon *a, struct klass *c, uint64_t sh)
{
	unsigned i;

	if (c->nsens >= a->cap)
		return;
	for (i = 0; i < c->nsens; i++)
		if (c->sens[i] == sh)
			return;
	c->sens[c->nsens++] = sh;
}

void
weir_kanon_add(struct weir_kanon *a, const void *key, size_t len,
    const char *sens, size_t slen)
{
	struct klass *c = class(a, key, len);

	c->size++;
	a->records++;
	if (sens != NULL)
		add_sens(a, c, weir_hash64(sens, slen));
}

void
weir_kanon_add_class(struct weir_kanon *a, const void *key, size_t len,
    uint64_t size, const uint64_t *sens, unsigned nsens)
{
	struct klass *c = class(a, key, len);
	unsigned i;

	c->size += size;
	a->records += size;
	for (i = 0; i < nsens; i++)
		add_sens(a, c, sens[i]);
}

int
weir_kanon_next(const struct weir_kanon *a, size_t *it,
    struct weir_kanon_entry *out)
{
	const struct klass *c;

	for (; *it < a->nslot; (*it)++) {
		c = &a->slot[*it];
		if (c->hash == 0)
			continue;
		out->key = a->keys.p + c->off;
		out->len = c->len;
		out->size = c->size;
		out->sens = c->sens;
		out->nsens = c->nsens;
		(*it)++;
		return 1;
	}
	return 0;
}

size_t
weir_kanon_classes(const struct weir_kanon *a)
{
	return a->used;
}

void
weir_kanon_class(const struct weir_kanon *a, const void *key, size_t len,
    uint64_t *size, unsigned *distinct)
{
	const struct klass *c = find(a, key, len, weir_hash64(key, len));

	*size = c->hash != 0 ? c->size : 0;
	*distinct = c->hash != 0 ? c->nsens : 0;
}

uint64_t
weir_kanon_suppressed(const struct weir_kanon *a, uint64_t k, unsigned l)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < a->nslot; i++)
		if (a->slot[i].hash != 0 && (a->slot[i].size < k ||
		    a->slot[i].nsens < l))
			n += a->slot[i].size;
	return n;
}

void
weir_kanon_risk(const struct weir_kanon *a, uint64_t k, struct weir_risk *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->records = a->records;
	for (i = 0; i < a->nslot; i++) {
		const struct klass *c = &a->slot[i];

		if (c->hash == 0)
			continue;
		r->classes++;
		if (r->smallest == 0 || c->size < r->smallest)
			r->smallest = c->size;
		if (c->size < k)
			r->below_k += c->size;
		r->uniques += c->size == 1;
	}
	if (r->records > 0) {
		r->highest = 1.0 / (double)r->smallest;
		/* each record's risk is 1/|class|: summed, one per class */
		r->average = (double)r->classes / (double)r->records;
	}
}

void
weir_kanon_free(struct weir_kanon *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nslot; i++)
		free(a->slot[i].sens);
	free(a->slot);
	weir_buf_release(&a->keys);
	free(a);
}
