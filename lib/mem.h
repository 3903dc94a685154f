/*
 * mem.h - allocation that dies on exhaustion (exit 71), and a growable
 * byte buffer.
 *
 * Running out of memory is the one failure lib/ does not report upward:
 * every caller would die anyway, and the paths would be untestable noise.
 */
#ifndef WEIR_MEM_H
#define WEIR_MEM_H

#include <stddef.h>
#include <string.h>

#define WEIR_NONNULL	__attribute__((returns_nonnull, malloc))

void	*weir_xmalloc(size_t n) WEIR_NONNULL;
void	*weir_xcalloc(size_t n, size_t size) WEIR_NONNULL;
void	*weir_xrealloc(void *p, size_t n) __attribute__((returns_nonnull));
void	*weir_xreallocarray(void *p, size_t n, size_t size)
	    __attribute__((returns_nonnull));
char	*weir_xstrdup(const char *s) WEIR_NONNULL;
char	*weir_xmemdup(const void *p, size_t n) WEIR_NONNULL;	/* adds a NUL */
/* The same for large blocks, on huge pages where the system allows. */
void	*weir_xmalloc_big(size_t n) WEIR_NONNULL;
void	*weir_xcalloc_big(size_t n, size_t size) WEIR_NONNULL;

/* A growable byte string; p is NUL-terminated whenever cap > 0. */
struct weir_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

#define WEIR_BUF_INIT	{ NULL, 0, 0 }

void	weir_buf_grow_(struct weir_buf *b, size_t extra);
void	weir_buf_release(struct weir_buf *b);

/* Make room for extra more bytes (plus the NUL). */
static inline void
weir_buf_grow(struct weir_buf *b, size_t extra)
{
	if (b->cap - b->len <= extra)
		weir_buf_grow_(b, extra);
}

static inline void
weir_buf_add(struct weir_buf *b, const void *p, size_t n)
{
	weir_buf_grow(b, n);
	if (n > 0)	/* p may be NULL then (an empty key never built) */
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void
weir_buf_addc(struct weir_buf *b, int c)
{
	weir_buf_grow(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}

static inline void
weir_buf_adds(struct weir_buf *b, const char *s)
{
	weir_buf_add(b, s, strlen(s));
}

static inline void
weir_buf_reset(struct weir_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->p[0] = '\0';
}

void	weir_buf_addf(struct weir_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * An arena: bytes that never move until the arena is reset, for the text
 * a record's fields point to while it is rebuilt value by value.  Reset
 * keeps the largest block, so a record loop allocates once.
 */
struct weir_arena {
	char	*p;		/* current block */
	size_t	 used, cap;
	char	**old;		/* full blocks, freed at reset */
	size_t	 nold, capold;
};

void	*weir_arena_alloc(struct weir_arena *, size_t n);
char	*weir_arena_dup(struct weir_arena *, const void *p, size_t n);
void	 weir_arena_reset(struct weir_arena *);
void	 weir_arena_release(struct weir_arena *);

#endif
