#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "intern.h"

/* The slot of s, or of the empty slot where it would go. */
static size_t
slot_of(const struct weir_intern *t, const void *s, size_t len, uint64_t h)
{
	size_t j;
	uint32_t x;

	for (j = h & (t->nslot - 1); (x = t->slot[j]) != 0;
	    j = (j + 1) & (t->nslot - 1))
		if (t->hash[x - 1] == h && t->len[x - 1] == len &&
		    (len == 0 || memcmp(t->bytes.p + t->off[x - 1], s, len) == 0))
			break;
	return j;
}

static void
grow(struct weir_intern *t)
{
	size_t i, j, n = t->nslot ? t->nslot * 2 : 64;

	free(t->slot);
	t->nslot = n;
	t->slot = weir_xcalloc(n, sizeof(*t->slot));
	for (i = 0; i < t->n; i++) {
		for (j = t->hash[i] & (n - 1); t->slot[j] != 0;
		    j = (j + 1) & (n - 1))
			;
		t->slot[j] = (uint32_t)i + 1;
	}
}

long
weir_intern_find(const struct weir_intern *t, const void *s, size_t len)
{
	size_t j;

	if (t->nslot == 0)
		return -1;
	j = slot_of(t, s, len, weir_hash64(s, len));
	return t->slot[j] != 0 ? (long)t->slot[j] - 1 : -1;
}

uint32_t
weir_intern_add(struct weir_intern *t, const void *s, size_t len, int *fresh)
{
	uint64_t h = weir_hash64(s, len);
	size_t j;

	*fresh = 0;
	if (t->nslot > 0 && t->slot[j = slot_of(t, s, len, h)] != 0)
		return t->slot[j] - 1;
	if (((size_t)t->n + 1) * 4 > t->nslot * 3)
		grow(t);
	j = slot_of(t, s, len, h);
	if (t->n >= t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->off = weir_xreallocarray(t->off, t->cap, sizeof(*t->off));
		t->len = weir_xreallocarray(t->len, t->cap, sizeof(*t->len));
		t->hash = weir_xreallocarray(t->hash, t->cap, sizeof(*t->hash));
	}
	t->off[t->n] = t->bytes.len;
	t->len[t->n] = len;
	t->hash[t->n] = h;
	weir_buf_add(&t->bytes, s, len);
	t->slot[j] = t->n + 1;
	*fresh = 1;
	return t->n++;
}

/* No probe chain passes the last string's slot yet: it can be emptied. */
void
weir_intern_pop(struct weir_intern *t)
{
	size_t j;

	t->n--;
	j = slot_of(t, t->bytes.p + t->off[t->n], t->len[t->n], t->hash[t->n]);
	t->slot[j] = 0;
	t->bytes.len = t->off[t->n];
}

void
weir_intern_release(struct weir_intern *t)
{
	free(t->slot);
	free(t->hash);
	free(t->off);
	free(t->len);
	weir_buf_release(&t->bytes);
	memset(t, 0, sizeof(*t));
}
