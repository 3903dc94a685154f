/*
 * table.c - the build side of a hash join: records packed one after the
 * other in arena blocks (a field costs 8 bytes and its text), an open
 * addressing table from key to the first and last record with that key,
 * and a chain through the records in input order.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "hash.h"
#include "mem.h"

#define COL_MASK	0x07ffffffu
#define PLAIN_BIT	0x08000000u
#define TYPE_SHIFT	28

struct packed {
	uint64_t	line;
	const char	*src;
	uint32_t	nf;
	uint32_t	pad;
	/* nf (col, len) pairs, then the texts */
};

/*
 * A key's first 8 bytes sit in its slot: a short key (a number, a code)
 * is compared without a visit to the arena, which is a cache miss.
 */
struct slot {
	uint64_t	 hash;		/* 0: empty */
	uint64_t	 k8;
	const char	*key;
	size_t		 len;
	size_t		 head, tail;
};

struct table {
	struct weir_arena	 arena;
	size_t			 bytes;
	struct packed		**rec;
	size_t			*next;
	unsigned char		*hit;
	size_t			 n, cap;
	struct slot		*slot;
	size_t			 nslot, used;
	struct weir_rec		 out;
};

struct table *
weir_jtable_new(void)
{
	struct table *t = weir_xcalloc(1, sizeof(*t));

	t->nslot = 1024;
	t->slot = weir_xcalloc(t->nslot, sizeof(*t->slot));
	t->bytes = t->nslot * sizeof(*t->slot);
	return t;
}

static void
grow(struct table *t)
{
	struct slot *old = t->slot;
	size_t i, j, n = t->nslot;

	t->nslot *= 2;
	t->slot = weir_xcalloc_big(t->nslot, sizeof(*t->slot));
	for (i = 0; i < n; i++) {
		if (old[i].hash == 0)
			continue;
		for (j = old[i].hash & (t->nslot - 1); t->slot[j].hash != 0;
		    j = (j + 1) & (t->nslot - 1))
			;
		t->slot[j] = old[i];
	}
	free(old);
	t->bytes += n * sizeof(*t->slot);
}

/* Without a memcpy of a length not known here (see weir_load_tail). */
static uint64_t
first8(const void *key, size_t len)
{
	uint64_t v;

	if (len >= 8) {
		memcpy(&v, key, 8);
		return v;
	}
	return weir_load_tail(key, len, 0);
}

static struct slot *
lookup(const struct table *t, const void *key, size_t len, uint64_t h)
{
	uint64_t k8 = first8(key, len);
	struct slot *s;
	size_t j;

	for (j = h & (t->nslot - 1); (s = &t->slot[j])->hash != 0;
	    j = (j + 1) & (t->nslot - 1))
		if (s->hash == h && s->len == len && s->k8 == k8 &&
		    (len <= 8 || memcmp(s->key + 8, (const char *)key + 8,
		    len - 8) == 0))
			return s;
	return s;
}

static struct packed *
pack(struct table *t, const struct weir_rec *r)
{
	size_t size = sizeof(struct packed) + r->n * 8, i;
	struct packed *p;
	uint32_t *fh;
	char *text;

	for (i = 0; i < r->n; i++)
		size += r->f[i].len;
	p = weir_arena_alloc(&t->arena, size);
	t->bytes += (size + 7) & ~(size_t)7;
	p->line = r->line;
	p->src = r->src;
	p->nf = (uint32_t)r->n;
	fh = (uint32_t *)(p + 1);
	text = (char *)(fh + 2 * r->n);
	for (i = 0; i < r->n; i++) {
		fh[2 * i] = ((uint32_t)r->f[i].col & COL_MASK) |
		    (r->f[i].plain ? PLAIN_BIT : 0) |
		    (uint32_t)r->f[i].type << TYPE_SHIFT;
		fh[2 * i + 1] = (uint32_t)r->f[i].len;
		if (r->f[i].len > 0)
			memcpy(text, r->f[i].s, r->f[i].len);
		text += r->f[i].len;
	}
	return p;
}

void
weir_jtable_add(struct table *t, const void *key, size_t len,
    const struct weir_rec *r)
{
	struct slot *s;
	uint64_t h;
	size_t i;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->rec = weir_xreallocarray(t->rec, t->cap, sizeof(*t->rec));
		t->next = weir_xreallocarray(t->next, t->cap, sizeof(*t->next));
		t->hit = weir_xrealloc(t->hit, t->cap);
		t->bytes += t->cap / 2 * (sizeof(*t->rec) + sizeof(*t->next) + 1);
	}
	i = t->n++;
	t->rec[i] = pack(t, r);
	t->next[i] = NOCOL;
	t->hit[i] = 0;
	if (key == NULL)
		return;
	h = weir_hash64(key, len);
	s = lookup(t, key, len, h);
	if (s->hash != 0) {
		t->next[s->tail] = i;
		s->tail = i;
		return;
	}
	s->hash = h;
	s->k8 = first8(key, len);
	s->key = len > 8 ? weir_arena_dup(&t->arena, key, len) : NULL;
	s->len = len;
	s->head = s->tail = i;
	t->bytes += (len + 8) & ~(size_t)7;
	if (++t->used * 2 > t->nslot)
		grow(t);
}

size_t
weir_jtable_bytes(const struct table *t)
{
	return t->bytes;
}

size_t
weir_jtable_count(const struct table *t)
{
	return t->n;
}

size_t
weir_jtable_find(const struct table *t, const void *key, size_t len,
    size_t *last)
{
	const struct slot *s = lookup(t, key, len, weir_hash64(key, len));

	if (s->hash == 0)
		return NOCOL;
	if (last != NULL)
		*last = s->tail;
	return s->head;
}

size_t
weir_jtable_next(const struct table *t, size_t i)
{
	return t->next[i];
}

const struct weir_rec *
weir_jtable_rec(struct table *t, size_t i)
{
	const struct packed *p = t->rec[i];
	const uint32_t *fh = (const uint32_t *)(p + 1);
	const char *text = (const char *)(fh + 2 * p->nf);
	size_t k;

	t->out.n = 0;
	for (k = 0; k < p->nf; k++) {
		weir_rec_push(&t->out, text, fh[2 * k + 1],
		    fh[2 * k] & COL_MASK, (int)(fh[2 * k] >> TYPE_SHIFT))->plain =
		    (fh[2 * k] & PLAIN_BIT) != 0;
		text += fh[2 * k + 1];
	}
	t->out.src = p->src;
	t->out.line = (unsigned long)p->line;
	return &t->out;
}

void
weir_jtable_hit(struct table *t, size_t i)
{
	t->hit[i] = 1;
}

int
weir_jtable_was_hit(const struct table *t, size_t i)
{
	return t->hit[i];
}

void
weir_jtable_free(struct table *t)
{
	if (t == NULL)
		return;
	weir_arena_release(&t->arena);
	free(t->rec);
	free(t->next);
	free(t->hit);
	free(t->slot);
	weir_rec_release(&t->out);
	free(t);
}
