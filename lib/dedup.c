#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedup.h"
#include "extsort.h"
#include "hash.h"
#include "mem.h"
#include "sortkey.h"

/* A marker stands for a key already written: no fields, this line. */
#define MARKER_LINE	ULONG_MAX

/*
 * 16 bytes a slot, so that more of the table stays in cache: the key's
 * length is stored before its bytes in keys, read only on a hash match.
 */
struct slot {
	uint64_t	hash;	/* 0: empty */
	size_t		off;	/* the length, then the bytes, in keys */
};

struct weir_dedup {
	size_t			 memory;
	int			 keep_last;
	/* keep first, in memory */
	struct slot		*slot;
	size_t			 nslot, used;
	struct weir_buf		 keys;
	/* the sort, once it has taken over (or from the start: keep last) */
	struct weir_sorter	*bykey;
	struct weir_sorter	*bypos;
	struct weir_buf		 k;
	unsigned long long	 seq;
	unsigned long		 removed;
	/* finishing: the group being read */
	struct weir_rec		 held;
	struct weir_buf		 heldtext;
};

struct weir_dedup *
weir_dedup_new(size_t memory, int keep_last)
{
	struct weir_dedup *d = weir_xcalloc(1, sizeof(*d));

	d->memory = memory;
	d->keep_last = keep_last;
	if (!keep_last) {
		d->nslot = 1024;
		d->slot = weir_xcalloc(d->nslot, sizeof(*d->slot));
	}
	return d;
}

static size_t
held_bytes(const struct weir_dedup *d)
{
	return d->keys.cap + d->nslot * sizeof(struct slot);
}

static void
grow(struct weir_dedup *d)
{
	struct slot *old = d->slot;
	size_t i, j, n = d->nslot;

	d->nslot *= 2;
	d->slot = weir_xcalloc_big(d->nslot, sizeof(*d->slot));
	for (i = 0; i < n; i++) {
		if (old[i].hash == 0)
			continue;
		for (j = old[i].hash & (d->nslot - 1); d->slot[j].hash != 0;
		    j = (j + 1) & (d->nslot - 1))
			;
		d->slot[j] = old[i];
	}
	free(old);
}

/* The key at off in keys, and its length. */
static const char *
key_at(const struct weir_dedup *d, size_t off, size_t *len)
{
	memcpy(len, d->keys.p + off, sizeof(*len));
	return d->keys.p + off + sizeof(*len);
}

/* 1 when key was seen; else it is added. */
static int
seen(struct weir_dedup *d, const void *key, size_t len)
{
	uint64_t h = weir_hash64(key, len);
	const char *k;
	size_t j, klen;

	for (j = h & (d->nslot - 1); d->slot[j].hash != 0;
	    j = (j + 1) & (d->nslot - 1))
		if (d->slot[j].hash == h) {
			k = key_at(d, d->slot[j].off, &klen);
			if (klen == len && memcmp(k, key, len) == 0)
				return 1;
		}
	d->slot[j].hash = h;
	d->slot[j].off = d->keys.len;
	weir_buf_add(&d->keys, (const char *)&len, sizeof(len));
	weir_buf_add(&d->keys, key, len);
	if (++d->used * 4 > d->nslot * 3)
		grow(d);
	return 0;
}

/* Key then position: a group of equal keys in input order. */
static int
sort_put(struct weir_dedup *d, const void *key, size_t len,
    unsigned long long seq, const struct weir_rec *rec, struct weir_err *e)
{
	weir_buf_reset(&d->k);
	weir_buf_add(&d->k, key, len);
	weir_sortkey_u64(&d->k, seq);
	return weir_sorter_put(d->bykey, d->k.p, d->k.len, rec, e);
}

/* The keys no longer fit: they become markers in the sort. */
static int
take_over(struct weir_dedup *d, struct weir_err *e)
{
	struct weir_rec marker = { NULL, 0, 0, NULL, MARKER_LINE };
	size_t i;

	d->bykey = weir_sorter_new(d->memory);
	for (i = 0; i < d->nslot; i++) {
		const char *k;
		size_t klen;

		if (d->slot[i].hash == 0)
			continue;
		k = key_at(d, d->slot[i].off, &klen);
		/* Position 0: older than any record that follows. */
		if (sort_put(d, k, klen, 0, &marker, e) == -1)
			return -1;
	}
	free(d->slot);
	d->slot = NULL;
	d->nslot = d->used = 0;
	weir_buf_release(&d->keys);
	return 0;
}

int
weir_dedup_put(struct weir_dedup *d, const void *key, size_t len,
    const struct weir_rec *rec, struct weir_err *e)
{
	unsigned long long seq = ++d->seq;

	if (d->keep_last && d->bykey == NULL)
		d->bykey = weir_sorter_new(d->memory);
	if (d->bykey == NULL) {
		if (seen(d, key, len)) {
			d->removed++;
			return 0;
		}
		if (held_bytes(d) <= d->memory)
			return 1;
		/* This record's key is in the table: it goes out now. */
		if (take_over(d, e) == -1)
			return -1;
		return 1;
	}
	return sort_put(d, key, len, seq, rec, e) == -1 ? -1 : 0;
}

static int
same_group(const void *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen - 8) == 0;
}

static int
pos_put(struct weir_dedup *d, const void *groupkey, const struct weir_rec *rec,
    struct weir_err *e)
{
	weir_buf_reset(&d->k);
	weir_buf_add(&d->k, (const char *)groupkey, 8);
	return weir_sorter_put(d->bypos, d->k.p, 8, rec, e);
}

/*
 * Read the groups of the key sort into the position sort: a group that
 * starts with a marker went out already; otherwise its first record (or
 * its last, at the first one's position).
 */
int
weir_dedup_finish(struct weir_dedup *d, struct weir_err *e)
{
	const struct weir_rec *rec;
	const void *key;
	struct weir_buf prev = WEIR_BUF_INIT;
	size_t keylen;
	int rv, have = 0, skip = 0;
	unsigned char first[8] = { 0 };

	if (d->bykey == NULL)
		return 0;
	if (weir_sorter_sort(d->bykey, e) == -1)
		return -1;
	d->bypos = weir_sorter_new(d->memory);
	while ((rv = weir_sorter_next(d->bykey, &rec, &key, &keylen, e)) == 1) {
		if (have && same_group(prev.p, prev.len, key, keylen)) {
			d->removed += rec->line != MARKER_LINE;
			if (d->keep_last)
				weir_rec_copy(&d->held, &d->heldtext, rec);
			continue;
		}
		if (have && !skip && pos_put(d, first, &d->held, e) == -1)
			goto fail;
		weir_buf_reset(&prev);
		weir_buf_add(&prev, key, keylen);
		memcpy(first, (const char *)key + keylen - 8, 8);
		have = 1;
		if ((skip = rec->line == MARKER_LINE) == 0)
			weir_rec_copy(&d->held, &d->heldtext, rec);
	}
	if (rv == -1)
		goto fail;
	if (have && !skip && pos_put(d, first, &d->held, e) == -1)
		goto fail;
	weir_buf_release(&prev);
	weir_sorter_free(d->bykey);
	d->bykey = NULL;
	return weir_sorter_sort(d->bypos, e);
fail:
	weir_buf_release(&prev);
	return -1;
}

int
weir_dedup_next(struct weir_dedup *d, const struct weir_rec **rec,
    struct weir_err *e)
{
	const void *key;
	size_t keylen;

	if (d->bypos == NULL)
		return 0;
	return weir_sorter_next(d->bypos, rec, &key, &keylen, e);
}

unsigned long
weir_dedup_removed(const struct weir_dedup *d)
{
	return d->removed;
}

int
weir_dedup_spilled(const struct weir_dedup *d)
{
	return d->slot == NULL && !d->keep_last;
}

void
weir_dedup_free(struct weir_dedup *d)
{
	if (d == NULL)
		return;
	free(d->slot);
	weir_buf_release(&d->keys);
	weir_sorter_free(d->bykey);
	weir_sorter_free(d->bypos);
	weir_buf_release(&d->k);
	weir_rec_release(&d->held);
	weir_buf_release(&d->heldtext);
	free(d);
}
