/* madvise(MADV_HUGEPAGE) is Linux's, outside POSIX */
#define _DEFAULT_SOURCE
#include <sys/mman.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"

static _Noreturn void
oom(size_t n)
{
	weir_die(EX_OSERR, "out of memory (%zu bytes)", n);
}

void *
weir_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
weir_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
weir_xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom(n);
	return p;
}

void *
weir_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return weir_xrealloc(p, n * size);
}

char *
weir_xstrdup(const char *s)
{
	return weir_xmemdup(s, strlen(s));
}

char *
weir_xmemdup(const void *p, size_t n)
{
	char *s = weir_xmalloc(n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

void
weir_buf_grow_(struct weir_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 64;

	if (want < b->len)
		oom(SIZE_MAX);
	while (cap < want)
		cap = cap * 2 > cap ? cap * 2 : want;
	b->p = weir_xrealloc(b->p, cap);
	b->cap = cap;
}

void
weir_buf_release(struct weir_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
weir_buf_addf(struct weir_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	weir_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

#define HUGE_PAGE	((size_t)2 << 20)

/*
 * Large tables and arenas are touched all over once: on 4 KiB pages the
 * kernel's page faults cost as much as the work (hash joins, sorts).
 * Huge pages where the system gives them on request; plain malloc
 * elsewhere.
 */
void *
weir_xmalloc_big(size_t n)
{
#ifdef MADV_HUGEPAGE
	void *p;

	if (n >= 2 * HUGE_PAGE) {
		n = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		if (posix_memalign(&p, HUGE_PAGE, n) != 0)
			oom(n);
		madvise(p, n, MADV_HUGEPAGE);
		return p;
	}
#endif
	return weir_xmalloc(n);
}

void *
weir_xcalloc_big(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	p = weir_xmalloc_big(n * size);
	memset(p, 0, n * size);
	return p;
}

void *
weir_arena_alloc(struct weir_arena *a, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (a->cap - a->used < n) {
		size_t cap = a->cap ? a->cap : 4096;

		while (cap < n)
			cap *= 2;
		if (a->p != NULL) {
			if (a->nold == a->capold) {
				a->capold = a->capold ? a->capold * 2 : 8;
				a->old = weir_xreallocarray(a->old, a->capold,
				    sizeof(*a->old));
			}
			a->old[a->nold++] = a->p;
			cap *= 2;
		}
		a->p = weir_xmalloc_big(cap);
		a->cap = cap;
		a->used = 0;
	}
	p = a->p + a->used;
	a->used += n;
	return p;
}

char *
weir_arena_dup(struct weir_arena *a, const void *p, size_t n)
{
	char *d = weir_arena_alloc(a, n + 1);

	if (n > 0)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

void
weir_arena_reset(struct weir_arena *a)
{
	size_t i;

	for (i = 0; i < a->nold; i++)
		free(a->old[i]);
	a->nold = 0;
	a->used = 0;
}

void
weir_arena_release(struct weir_arena *a)
{
	weir_arena_reset(a);
	free(a->old);
	free(a->p);
	memset(a, 0, sizeof(*a));
}
