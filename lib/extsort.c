/*
 * extsort.c - the external merge sort (extsort.h).
 *
 * An entry is the record flattened after its key: a fixed head, the key,
 * then per field its column, length and type, then the texts.  Entries
 * live in arena blocks while they fit; an index of (first 8 key bytes as
 * a big-endian number, entry) is merge sorted, which is stable, and mostly
 * decided by the cached prefix.  A full memory is written as a run: each
 * entry preceded by its size, through one large buffer.  Runs merge
 * through a binary heap ordered by key, then run number, which keeps the
 * sort stable because runs hold consecutive stretches of the input.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extsort.h"
#include "mem.h"

#define BLOCK		(8 << 20)
#define WBUF		(1 << 20)
#define RBUF		(128 << 10)
#define INDEX_COST	(sizeof(struct ix) * 3 / 2)	/* the index, half of it to merge */

struct head {
	uint32_t	keylen;
	uint32_t	nf;
	uint32_t	src;
	uint32_t	size;		/* of the whole entry */
	uint64_t	line;
};

/*
 * After the key (padded to 8 bytes) each field is a varint of its length,
 * plain flag and type (len << 4 | plain << 3 | type), then its text; a
 * record whose fields are not columns 0, 1, 2, ... in order (SEQ_BIT
 * clear in nf) also has a varint of the column before each.  Two bytes a
 * field, not eight, is what lets a million records of the benchmark file
 * be sorted within 256 MB.
 */
#define SEQ_BIT		0x80000000u
#define KEYPAD(n)	(((n) + 7) & ~(size_t)7)

static size_t
varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static char *
varint_put(char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (char)v;
	return p;
}

static const char *
varint_get(const char *p, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while ((unsigned char)*p & 0x80) {
		*v |= (uint64_t)((unsigned char)*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v |= (uint64_t)(unsigned char)*p++ << shift;
	return p;
}

static uint64_t
meta(const struct weir_field *f)
{
	return (uint64_t)f->len << 4 | (f->plain ? 8 : 0) | (unsigned)f->type;
}

static int
sequential(const struct weir_rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->f[i].col != i)
			return 0;
	return 1;
}

struct ix {
	uint64_t	 pre;
	const char	*e;
};

/* A run being read: a window of its file. */
struct run {
	int		 fd;
	struct weir_buf	 buf;
	size_t		 pos;
	int		 eof;
	const char	*cur;		/* the entry at the head, or NULL */
};

struct weir_sorter {
	size_t			 memory, used;
	size_t			 block_size;	/* memory / 8, up to 8 MiB */
	char			**block;
	size_t			 nblock, capblock;
	size_t			 bused, bcap;	/* in the last block */
	struct ix		*ix, *tmp;
	size_t			 n, cap;
	unsigned long		 count;
	/* runs on disk */
	int			*fds;
	size_t			 nfds, capfds;
	unsigned long		 nruns;
	struct weir_buf		 wbuf;
	/* reading */
	int			 sorted;
	size_t			 next;		/* in memory: next index */
	struct run		*runs;
	size_t			 nrun;
	size_t			*heap;
	size_t			 nheap;
	int			 advance;	/* the last record's run moves */
	struct weir_rec		 rec;
	const char		**src;
	size_t			 nsrc, capsrc;
};

struct weir_sorter *
weir_sorter_new(size_t memory)
{
	struct weir_sorter *s = weir_xcalloc(1, sizeof(*s));

	s->memory = memory < (64 << 10) ? 64 << 10 : memory;
	s->block_size = s->memory / 8 > BLOCK ? BLOCK : s->memory / 8;
	return s;
}

static uint32_t
src_index(struct weir_sorter *s, const char *src)
{
	size_t i;

	for (i = s->nsrc; i > 0; i--)
		if (s->src[i - 1] == src)
			return (uint32_t)(i - 1);
	if (s->nsrc == s->capsrc) {
		s->capsrc = s->capsrc ? s->capsrc * 2 : 4;
		s->src = weir_xreallocarray(s->src, s->capsrc, sizeof(*s->src));
	}
	s->src[s->nsrc] = src;
	return (uint32_t)s->nsrc++;
}

static uint64_t
prefix(const char *k, size_t len)
{
	unsigned char b[8] = { 0 };
	uint64_t v = 0;
	int i;

	memcpy(b, k, len < 8 ? len : 8);
	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static int
cmp_entries(const char *a, const char *b)
{
	const struct head *ha = (const void *)a, *hb = (const void *)b;
	size_t n = ha->keylen < hb->keylen ? ha->keylen : hb->keylen;
	int c = memcmp(a + sizeof(*ha), b + sizeof(*hb), n);

	if (c != 0)
		return c;
	return ha->keylen < hb->keylen ? -1 : ha->keylen > hb->keylen;
}

static int
cmp_ix(const struct ix *a, const struct ix *b)
{
	if (a->pre != b->pre)
		return a->pre < b->pre ? -1 : 1;
	return cmp_entries(a->e, b->e);
}

/* Stable merge sort of x[0..n) with tmp as scratch. */
static void
msort(struct ix *x, struct ix *tmp, size_t n)
{
	size_t i, j, k, m;

	if (n < 16) {
		for (i = 1; i < n; i++) {
			struct ix v = x[i];

			for (j = i; j > 0 && cmp_ix(&x[j - 1], &v) > 0; j--)
				x[j] = x[j - 1];
			x[j] = v;
		}
		return;
	}
	m = n / 2;
	msort(x, tmp, m);
	msort(x + m, tmp, n - m);
	if (cmp_ix(&x[m - 1], &x[m]) <= 0)
		return;
	memcpy(tmp, x, m * sizeof(*x));
	for (i = 0, j = m, k = 0; i < m && j < n; k++)
		x[k] = cmp_ix(&x[j], &tmp[i]) < 0 ? x[j++] : tmp[i++];
	while (i < m)
		x[k++] = tmp[i++];
}

static size_t
entry_size(size_t keylen, const struct weir_rec *r)
{
	size_t n = sizeof(struct head) + KEYPAD(keylen), i;
	int seq = sequential(r);

	for (i = 0; i < r->n; i++)
		n += varint_len(meta(&r->f[i])) + r->f[i].len +
		    (seq ? 0 : varint_len(r->f[i].col));
	return (n + 7) & ~(size_t)7;
}

static char *
alloc(struct weir_sorter *s, size_t n)
{
	char *p;

	if (s->nblock == 0 || s->bcap - s->bused < n) {
		size_t cap = n > s->block_size ? n : s->block_size;

		if (s->nblock == s->capblock) {
			s->capblock = s->capblock ? s->capblock * 2 : 16;
			s->block = weir_xreallocarray(s->block, s->capblock,
			    sizeof(*s->block));
		}
		s->block[s->nblock++] = weir_xmalloc_big(cap);
		s->bcap = cap;
		s->bused = 0;
		s->used += cap;
	}
	p = s->block[s->nblock - 1] + s->bused;
	s->bused += n;
	return p;
}

static void
free_blocks(struct weir_sorter *s)
{
	size_t i;

	for (i = 0; i < s->nblock; i++)
		free(s->block[i]);
	s->nblock = 0;
	s->bused = s->bcap = 0;
	s->used = 0;
	s->n = 0;
}

static int
new_tmp(struct weir_err *e)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = weir_xmalloc(strlen(dir) + 32);
	strcpy(path, dir);
	strcat(path, "/weir-sort.XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		weir_errnof(e, EX_CANTCREAT, errno, "cannot create a temporary "
		    "file in '%s'", dir);
	else
		unlink(path);
	free(path);
	return fd;
}

static int
flush(int fd, struct weir_buf *b, struct weir_err *e)
{
	const char *p = b->p;
	size_t n = b->len;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			b->len = 0;
			return weir_errnof(e, EX_IOERR, errno, "temporary file "
			    "in TMPDIR");
		}
		p += w;
		n -= (size_t)w;
	}
	b->len = 0;
	return 0;
}

static int
put_entry(int fd, struct weir_buf *b, const char *ent, struct weir_err *e)
{
	const struct head *h = (const void *)ent;

	weir_buf_add(b, ent, h->size);
	return b->len >= WBUF ? flush(fd, b, e) : 0;
}

static int
add_fd(struct weir_sorter *s, int fd)
{
	if (s->nfds == s->capfds) {
		s->capfds = s->capfds ? s->capfds * 2 : 16;
		s->fds = weir_xreallocarray(s->fds, s->capfds, sizeof(*s->fds));
	}
	s->fds[s->nfds++] = fd;
	return fd;
}

/* What memory holds, sorted, as one more run. */
static int
write_run(struct weir_sorter *s, struct weir_err *e)
{
	size_t i;
	int fd;

	if (s->n == 0)
		return 0;
	if ((fd = new_tmp(e)) == -1)
		return -1;
	add_fd(s, fd);
	s->tmp = weir_xreallocarray(s->tmp, s->n / 2 + 1, sizeof(*s->tmp));
	msort(s->ix, s->tmp, s->n);
	for (i = 0; i < s->n; i++)
		if (put_entry(fd, &s->wbuf, s->ix[i].e, e) == -1)
			return -1;
	if (flush(fd, &s->wbuf, e) == -1)
		return -1;
	s->nruns++;
	free_blocks(s);
	free(s->tmp);
	s->tmp = NULL;
	return 0;
}

int
weir_sorter_put(struct weir_sorter *s, const void *key, size_t keylen,
    const struct weir_rec *r, struct weir_err *e)
{
	size_t size = entry_size(keylen, r), i;
	struct head *h;
	char *p;
	int seq = sequential(r);

	if (s->n > 0 && s->used + (s->nblock == 0 || s->bcap - s->bused < size ?
	    (size > s->block_size ? size : s->block_size) : 0) +
	    (s->n + 1) * INDEX_COST >
	    s->memory && write_run(s, e) == -1)
		return -1;
	p = alloc(s, size);
	h = (struct head *)(void *)p;
	h->keylen = (uint32_t)keylen;
	h->nf = (uint32_t)r->n | (seq ? SEQ_BIT : 0);
	h->src = src_index(s, r->src);
	h->size = (uint32_t)size;
	h->line = r->line;
	p += sizeof(*h);
	memcpy(p, key, keylen);
	p += KEYPAD(keylen);
	for (i = 0; i < r->n; i++) {
		if (!seq)
			p = varint_put(p, r->f[i].col);
		p = varint_put(p, meta(&r->f[i]));
		if (r->f[i].len > 0)
			memcpy(p, r->f[i].s, r->f[i].len);
		p += r->f[i].len;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->ix = weir_xreallocarray(s->ix, s->cap, sizeof(*s->ix));
	}
	s->ix[s->n].pre = prefix(key, keylen);
	s->ix[s->n++].e = (const char *)h;
	s->count++;
	return 0;
}

/* ---- reading runs --------------------------------------------------- */

static int
run_open(struct run *r, int fd, struct weir_err *e)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	if (lseek(fd, 0, SEEK_SET) == -1)
		return weir_errnof(e, EX_IOERR, errno, "temporary file");
	return 0;
}

/* The next entry of r into r->cur (NULL at the end). */
static int
run_next(struct run *r, struct weir_err *e)
{
	uint32_t size;
	ssize_t n;

	for (;;) {
		if (r->buf.len - r->pos >= sizeof(struct head)) {
			memcpy(&size, r->buf.p + r->pos +
			    offsetof(struct head, size), sizeof(size));
			if (r->buf.len - r->pos >= size) {
				r->cur = r->buf.p + r->pos;
				r->pos += size;
				return 0;
			}
		} else
			size = sizeof(struct head);
		if (r->eof) {
			if (r->buf.len != r->pos)
				return weir_errf(e, EX_IOERR, "temporary file: "
				    "a run ends inside a record");
			r->cur = NULL;
			return 0;
		}
		if (r->pos > 0) {
			memmove(r->buf.p, r->buf.p + r->pos, r->buf.len - r->pos);
			r->buf.len -= r->pos;
			r->pos = 0;
		}
		weir_buf_grow(&r->buf, size > RBUF ? size : RBUF);
		n = read(r->fd, r->buf.p + r->buf.len, r->buf.cap - r->buf.len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return weir_errnof(e, EX_IOERR, errno, "temporary file");
		}
		if (n == 0)
			r->eof = 1;
		r->buf.len += (size_t)n;
	}
}

static int
heap_less(const struct weir_sorter *s, size_t a, size_t b)
{
	int c = cmp_entries(s->runs[a].cur, s->runs[b].cur);

	return c < 0 || (c == 0 && a < b);
}

static void
sift_down(struct weir_sorter *s, size_t i)
{
	size_t l, m, t;

	for (;;) {
		l = 2 * i + 1;
		m = i;
		if (l < s->nheap && heap_less(s, s->heap[l], s->heap[m]))
			m = l;
		if (l + 1 < s->nheap && heap_less(s, s->heap[l + 1], s->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* Open runs fds[from..from+n) for merging. */
static int
merge_open(struct weir_sorter *s, const int *fds, size_t n,
    struct weir_err *e)
{
	size_t i;

	s->runs = weir_xcalloc(n, sizeof(*s->runs));
	s->heap = weir_xcalloc(n, sizeof(*s->heap));
	s->nrun = n;
	s->nheap = 0;
	for (i = 0; i < n; i++) {
		if (run_open(&s->runs[i], fds[i], e) == -1 ||
		    run_next(&s->runs[i], e) == -1)
			return -1;
		if (s->runs[i].cur != NULL)
			s->heap[s->nheap++] = i;
	}
	for (i = s->nheap / 2; i-- > 0;)
		sift_down(s, i);
	return 0;
}

static void
merge_close(struct weir_sorter *s)
{
	size_t i;

	for (i = 0; i < s->nrun; i++) {
		weir_buf_release(&s->runs[i].buf);
		close(s->runs[i].fd);
	}
	free(s->runs);
	free(s->heap);
	s->runs = NULL;
	s->heap = NULL;
	s->nrun = s->nheap = 0;
}

/* The smallest entry, or NULL; the next call moves past it. */
static int
merge_next(struct weir_sorter *s, const char **ent, struct weir_err *e)
{
	if (s->advance && s->nheap > 0) {
		struct run *r = &s->runs[s->heap[0]];

		s->advance = 0;
		if (run_next(r, e) == -1)
			return -1;
		if (r->cur == NULL)
			s->heap[0] = s->heap[--s->nheap];
		sift_down(s, 0);
	}
	if (s->nheap == 0) {
		*ent = NULL;
		return 0;
	}
	*ent = s->runs[s->heap[0]].cur;
	s->advance = 1;
	return 0;
}

/* Merge runs FANIN at a time into new runs until one pass is left. */
static int
merge_down(struct weir_sorter *s, struct weir_err *e)
{
	const char *ent;
	size_t i, k, nn;
	int *out, fd;

	while (s->nfds > WEIR_SORT_FANIN) {
		nn = (s->nfds + WEIR_SORT_FANIN - 1) / WEIR_SORT_FANIN;
		out = weir_xcalloc(nn, sizeof(*out));
		for (i = k = 0; i < s->nfds; i += WEIR_SORT_FANIN, k++) {
			size_t n = s->nfds - i < WEIR_SORT_FANIN ?
			    s->nfds - i : WEIR_SORT_FANIN;

			if ((fd = new_tmp(e)) == -1 ||
			    merge_open(s, s->fds + i, n, e) == -1)
				goto fail;
			out[k] = fd;
			for (;;) {
				if (merge_next(s, &ent, e) == -1)
					goto fail;
				if (ent == NULL)
					break;
				if (put_entry(fd, &s->wbuf, ent, e) == -1)
					goto fail;
			}
			s->advance = 0;
			if (flush(fd, &s->wbuf, e) == -1)
				goto fail;
			merge_close(s);	/* closes the merged runs */
		}
		free(s->fds);
		s->fds = out;
		s->nfds = s->capfds = nn;
		continue;
fail:
		/* fds already merged were closed; close the rest */
		for (; k < nn; k++)
			if (out[k] > 0)
				close(out[k]);
		free(out);
		merge_close(s);
		s->nfds = 0;
		return -1;
	}
	return 0;
}

int
weir_sorter_sort(struct weir_sorter *s, struct weir_err *e)
{
	if (s->sorted)
		return 0;
	s->sorted = 1;
	if (s->nruns == 0) {
		s->tmp = weir_xreallocarray(s->tmp, s->n / 2 + 1,
		    sizeof(*s->tmp));
		msort(s->ix, s->tmp, s->n);
		free(s->tmp);
		s->tmp = NULL;
		return 0;
	}
	if (write_run(s, e) == -1 || merge_down(s, e) == -1)
		return -1;
	weir_buf_release(&s->wbuf);
	free(s->ix);
	s->ix = NULL;
	s->cap = 0;
	if (merge_open(s, s->fds, s->nfds, e) == -1)
		return -1;
	free(s->fds);
	s->fds = NULL;
	s->nfds = 0;
	return 0;
}

static const struct weir_rec *
unpack(struct weir_sorter *s, const char *ent, const void **key,
    size_t *keylen)
{
	const struct head *h = (const void *)ent;
	const char *p;
	size_t i, nf = h->nf & ~SEQ_BIT;
	uint64_t col, m;
	int seq = (h->nf & SEQ_BIT) != 0;

	*key = ent + sizeof(*h);
	*keylen = h->keylen;
	p = ent + sizeof(*h) + KEYPAD(h->keylen);
	s->rec.n = 0;
	for (i = 0; i < nf; i++) {
		col = i;
		if (!seq)
			p = varint_get(p, &col);
		p = varint_get(p, &m);
		weir_rec_push(&s->rec, p, (size_t)(m >> 4), (size_t)col,
		    (int)(m & 7))->plain = (m & 8) != 0;
		p += m >> 4;
	}
	s->rec.src = s->src[h->src];
	s->rec.line = (unsigned long)h->line;
	return &s->rec;
}

int
weir_sorter_next(struct weir_sorter *s, const struct weir_rec **rec,
    const void **key, size_t *keylen, struct weir_err *e)
{
	const char *ent;

	if (!s->sorted && weir_sorter_sort(s, e) == -1)
		return -1;
	if (s->runs == NULL) {
		if (s->next >= s->n)
			return 0;
		/* entries are scattered: fetch a few ahead */
		if (s->next + 8 < s->n)
			__builtin_prefetch(s->ix[s->next + 8].e);
		ent = s->ix[s->next++].e;
	} else {
		if (merge_next(s, &ent, e) == -1)
			return -1;
		if (ent == NULL)
			return 0;
	}
	*rec = unpack(s, ent, key, keylen);
	return 1;
}

unsigned long
weir_sorter_count(const struct weir_sorter *s)
{
	return s->count;
}

unsigned long
weir_sorter_runs(const struct weir_sorter *s)
{
	return s->nruns;
}

void
weir_sorter_free(struct weir_sorter *s)
{
	size_t i;

	if (s == NULL)
		return;
	merge_close(s);
	for (i = 0; i < s->nfds; i++)
		close(s->fds[i]);
	free(s->fds);
	free_blocks(s);
	free(s->block);
	free(s->ix);
	free(s->tmp);
	weir_buf_release(&s->wbuf);
	weir_rec_release(&s->rec);
	free(s->src);
	free(s);
}
