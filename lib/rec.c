#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "mem.h"
#include "rec.h"

struct weir_field *
weir_rec_push(struct weir_rec *r, const char *s, size_t len, size_t col,
    int type)
{
	struct weir_field *f;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = weir_xreallocarray(r->f, r->cap, sizeof(*r->f));
	}
	f = &r->f[r->n++];
	f->s = s;
	f->len = len;
	f->col = col;
	f->type = type;
	f->plain = 0;
	return f;
}

void
weir_rec_release(struct weir_rec *r)
{
	free(r->f);
	memset(r, 0, sizeof(*r));
}

/* FNV-1a: header names are short, and this runs once per JSON key. */
static size_t
hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	while (len--) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

void
weir_header_init(struct weir_header *h)
{
	memset(h, 0, sizeof(*h));
}

void
weir_header_release(struct weir_header *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->name[i]);
	free(h->name);
	free(h->len);
	free(h->slot);
	memset(h, 0, sizeof(*h));
}

long
weir_header_find(const struct weir_header *h, const char *name, size_t len)
{
	size_t i, k;

	if (h->nslot == 0)
		return -1;
	for (i = hash(name, len) & (h->nslot - 1);; i = (i + 1) & (h->nslot - 1)) {
		if ((k = h->slot[i]) == 0)
			return -1;
		k--;
		if (h->len[k] == len && memcmp(h->name[k], name, len) == 0)
			return (long)k;
	}
}

static void
rehash(struct weir_header *h)
{
	size_t i, j;

	free(h->slot);
	h->nslot = h->nslot ? h->nslot * 2 : 64;
	h->slot = weir_xcalloc(h->nslot, sizeof(*h->slot));
	for (i = 0; i < h->n; i++) {
		for (j = hash(h->name[i], h->len[i]) & (h->nslot - 1);
		    h->slot[j]; j = (j + 1) & (h->nslot - 1))
			;
		h->slot[j] = i + 1;
	}
}

size_t
weir_header_add(struct weir_header *h, const char *name, size_t len)
{
	size_t j;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->name = weir_xreallocarray(h->name, h->cap, sizeof(*h->name));
		h->len = weir_xreallocarray(h->len, h->cap, sizeof(*h->len));
	}
	h->name[h->n] = weir_xmemdup(name, len);
	h->len[h->n] = len;
	h->n++;
	if (h->n * 2 > h->nslot)
		rehash(h);
	else {
		for (j = hash(name, len) & (h->nslot - 1); h->slot[j];
		    j = (j + 1) & (h->nslot - 1))
			;
		h->slot[j] = h->n;
	}
	return h->n - 1;
}

size_t
weir_header_intern(struct weir_header *h, const char *name, size_t len)
{
	long k = weir_header_find(h, name, len);

	return k >= 0 ? (size_t)k : weir_header_add(h, name, len);
}

void
weir_header_copy(struct weir_header *dst, const struct weir_header *src)
{
	size_t i;

	weir_header_init(dst);
	for (i = 0; i < src->n; i++)
		weir_header_add(dst, src->name[i], src->len[i]);
}

size_t
weir_names_dedup(char **names, size_t *lens, size_t n)
{
	struct weir_header seen;
	struct weir_buf b = WEIR_BUF_INIT;
	size_t i, k, changed = 0;

	weir_header_init(&seen);
	/* Names as given keep priority: only the later copies are renamed. */
	for (i = 0; i < n; i++) {
		if (weir_header_find(&seen, names[i], lens[i]) < 0) {
			weir_header_add(&seen, names[i], lens[i]);
			continue;
		}
		for (k = 2;; k++) {
			weir_buf_reset(&b);
			weir_buf_add(&b, names[i], lens[i]);
			weir_buf_addf(&b, "_%zu", k);
			if (weir_header_find(&seen, b.p, b.len) >= 0)
				continue;
			/* A later original name must not collide either. */
			size_t j;
			for (j = i + 1; j < n; j++)
				if (lens[j] == b.len &&
				    memcmp(names[j], b.p, b.len) == 0)
					break;
			if (j == n)
				break;
		}
		free(names[i]);
		names[i] = weir_xmemdup(b.p, b.len);
		lens[i] = b.len;
		weir_header_add(&seen, b.p, b.len);
		changed++;
	}
	weir_buf_release(&b);
	weir_header_release(&seen);
	return changed;
}

int
weir_text_is_number(const char *s, size_t len)
{
	const char *e = s + len;

	if (s < e && *s == '-')
		s++;
	if (s == e)
		return 0;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (s < e && *s == '.') {
		if (++s == e || *s < '0' || *s > '9')
			return 0;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < e && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < e && (*s == '+' || *s == '-'))
			s++;
		if (s == e || *s < '0' || *s > '9')
			return 0;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	return s == e;
}

int
weir_text_is_int(const char *s, size_t len)
{
	const char *e = s + len;

	if (s < e && *s == '-')
		s++;
	if (s == e)
		return 0;
	if (*s == '0')
		return s + 1 == e;
	for (; s < e; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Bytes from p to the first byte >= 0x80, or to e. */
static inline const unsigned char *
ascii_run(const unsigned char *p, const unsigned char *e)
{
#ifdef __SSE2__
	int m;

	for (; e - p >= 16; p += 16)
		if ((m = _mm_movemask_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)p))) != 0)
			return p + __builtin_ctz((unsigned)m);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;

	for (; e - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		if ((w &= 0x8080808080808080ULL) != 0)
			return p + (__builtin_ctzll(w) >> 3);
	}
#endif
	while (p < e && *p < 0x80)
		p++;
	return p;
}

/*
 * Validation per RFC 3629: ASCII runs are skipped a vector at a time,
 * since most data is ASCII and this runs over every field.
 */
size_t
weir_utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + len;
	const unsigned char *p = s;

	while ((p = ascii_run(p, e)) < e) {
		unsigned c = *p;
		size_t need;
		unsigned lo = 0x80, hi = 0xBF;

		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;	/* no UTF-16 surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return (size_t)(p - s);
		if ((size_t)(e - p) <= need || p[1] < lo || p[1] > hi)
			return (size_t)(p - s);
		for (size_t k = 2; k <= need; k++)
			if (p[k] < 0x80 || p[k] > 0xBF)
				return (size_t)(p - s);
		p += need + 1;
	}
	return len;
}

int
weir_utf8_valid(const char *s, size_t len)
{
	return weir_utf8_check(s, len) == len;
}

void
weir_rec_copy(struct weir_rec *dst, struct weir_buf *text,
    const struct weir_rec *src)
{
	size_t i, off;

	weir_buf_reset(text);
	for (i = 0; i < src->n; i++)
		weir_buf_add(text, src->f[i].s, src->f[i].len);
	dst->n = 0;
	for (i = 0, off = 0; i < src->n; i++) {
		const struct weir_field *f = &src->f[i];

		weir_rec_push(dst, text->p + off, f->len, f->col,
		    f->type)->plain = f->plain;
		off += f->len;
	}
	dst->src = src->src;
	dst->line = src->line;
}

const struct weir_field *
weir_rec_field(const struct weir_rec *r, size_t col)
{
	size_t i;

	if (col < r->n && r->f[col].col == col)
		return &r->f[col];
	for (i = 0; i < r->n; i++)
		if (r->f[i].col == col)
			return &r->f[i];
	return NULL;
}
