#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "spill.h"

/*
 * A record is: u32 nfields, u32 source index, u64 line, then per field
 * u32 column, u32 length, u32 type and the bytes.  Native byte order: the
 * file never outlives the process.  Records are written and read through
 * one large buffer, not stdio: this is on the path of every NDJSON to CSV
 * conversion.
 */
#define SPILL_BUF	(1 << 20)

struct weir_spill {
	int			 fd;
	struct weir_buf		 buf;	/* writing: pending; reading: window */
	size_t			 pos;	/* reading: next record in buf */
	int			 eof;
	size_t			 bufsize;	/* writes and reads in these */
	struct weir_rec		 rec;
	const char		**src;
	size_t			 nsrc, capsrc;
	unsigned long		 count;
};

struct weir_spill *
weir_spill_new(struct weir_err *e)
{
	struct weir_spill *s;
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = weir_xmalloc(strlen(dir) + 32);
	sprintf(path, "%s/weir-spill.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		weir_errnof(e, EX_CANTCREAT, errno, "cannot create a temporary "
		    "file in '%s'", dir);
		free(path);
		return NULL;
	}
	unlink(path);
	free(path);
	s = weir_xcalloc(1, sizeof(*s));
	s->fd = fd;
	s->bufsize = SPILL_BUF;
	return s;
}

static uint32_t
src_index(struct weir_spill *s, const char *src)
{
	size_t i;

	for (i = s->nsrc; i > 0; i--)
		if (s->src[i - 1] == src)
			return (uint32_t)(i - 1);
	if (s->nsrc == s->capsrc) {
		s->capsrc = s->capsrc ? s->capsrc * 2 : 8;
		s->src = weir_xreallocarray(s->src, s->capsrc, sizeof(*s->src));
	}
	s->src[s->nsrc] = src;
	return (uint32_t)s->nsrc++;
}

static int
flush(struct weir_spill *s, struct weir_err *e)
{
	const char *p = s->buf.p;
	size_t n = s->buf.len;
	ssize_t w;

	while (n > 0) {
		if ((w = write(s->fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return weir_errnof(e, EX_IOERR, errno, "write to a "
			    "temporary file");
		}
		p += w;
		n -= (size_t)w;
	}
	s->buf.len = 0;
	return 0;
}

int
weir_spill_put(struct weir_spill *s, const struct weir_rec *r,
    struct weir_err *e)
{
	uint32_t h[4] = { (uint32_t)r->n, src_index(s, r->src),
	    (uint32_t)r->line, (uint32_t)((uint64_t)r->line >> 32) };
	size_t i, need = sizeof(h);

	for (i = 0; i < r->n; i++)
		need += 12 + r->f[i].len;
	if (s->buf.len + need > s->bufsize && flush(s, e) == -1)
		return -1;
	weir_buf_add(&s->buf, h, sizeof(h));
	for (i = 0; i < r->n; i++) {
		uint32_t fh[3] = { (uint32_t)r->f[i].col,
		    (uint32_t)r->f[i].len, (uint32_t)r->f[i].type };

		weir_buf_add(&s->buf, fh, sizeof(fh));
		weir_buf_add(&s->buf, r->f[i].s, r->f[i].len);
	}
	s->count++;
	return 0;
}

int
weir_spill_rewind(struct weir_spill *s, struct weir_err *e)
{
	if (flush(s, e) == -1)
		return -1;
	if (lseek(s->fd, 0, SEEK_SET) == -1)
		return weir_errnof(e, EX_IOERR, errno, "temporary file");
	s->pos = 0;
	s->eof = 0;
	return 0;
}

int
weir_spill_reset(struct weir_spill *s, struct weir_err *e)
{
	s->buf.len = 0;
	s->pos = 0;
	s->eof = 0;
	s->count = 0;
	if (ftruncate(s->fd, 0) == -1 || lseek(s->fd, 0, SEEK_SET) == -1)
		return weir_errnof(e, EX_IOERR, errno, "temporary file");
	return 0;
}

/* Have at least n bytes from pos in the window; 0 if the file ends first. */
static int
want(struct weir_spill *s, size_t n, struct weir_err *e)
{
	ssize_t r;

	while (s->buf.len - s->pos < n) {
		if (s->eof)
			return 0;
		if (s->pos > 0) {
			memmove(s->buf.p, s->buf.p + s->pos, s->buf.len - s->pos);
			s->buf.len -= s->pos;
			s->pos = 0;
		}
		weir_buf_grow(&s->buf, n > s->bufsize ? n : s->bufsize);
		r = read(s->fd, s->buf.p + s->buf.len,
		    s->buf.cap - s->buf.len - 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return weir_errnof(e, EX_IOERR, errno, "read a "
			    "temporary file");
		}
		if (r == 0)
			s->eof = 1;
		s->buf.len += (size_t)r;
	}
	return 1;
}

int
weir_spill_next(struct weir_spill *s, const struct weir_rec **out,
    struct weir_err *e)
{
	uint32_t h[4], fh[3];
	size_t i, off, start;
	int rv;

	if ((rv = want(s, sizeof(h), e)) != 1) {
		if (rv == 0 && s->buf.len != s->pos)
			goto short_read;
		return rv;
	}
	memcpy(h, s->buf.p + s->pos, sizeof(h));
	/* Find the whole record's size first, so the window stays put. */
	for (;;) {
		start = s->pos;
		off = sizeof(h);
		for (i = 0; i < h[0]; i++) {
			if ((rv = want(s, off + sizeof(fh), e)) != 1)
				goto fail;
			memcpy(fh, s->buf.p + s->pos + off, sizeof(fh));
			off += sizeof(fh) + fh[1];
		}
		if ((rv = want(s, off, e)) != 1)
			goto fail;
		if (start == s->pos)
			break;		/* the window did not move meanwhile */
	}
	if (s->rec.cap < h[0]) {
		s->rec.cap = h[0];
		s->rec.f = weir_xreallocarray(s->rec.f, h[0], sizeof(*s->rec.f));
	}
	off = s->pos + sizeof(h);
	for (i = 0; i < h[0]; i++) {
		memcpy(fh, s->buf.p + off, sizeof(fh));
		off += sizeof(fh);
		s->rec.f[i].col = fh[0];
		s->rec.f[i].len = fh[1];
		s->rec.f[i].type = (int)fh[2];
		s->rec.f[i].plain = 0;
		s->rec.f[i].s = s->buf.p + off;
		off += fh[1];
	}
	s->rec.n = h[0];
	s->rec.src = s->src[h[1]];
	s->rec.line = (unsigned long)((uint64_t)h[3] << 32 | h[2]);
	s->pos = off;
	*out = &s->rec;
	return 1;
fail:
	if (rv == -1)
		return -1;
short_read:
	return weir_errf(e, EX_IOERR, "a temporary file was cut short");
}

void
weir_spill_bufsize(struct weir_spill *s, size_t n)
{
	s->bufsize = n;
}

unsigned long
weir_spill_count(const struct weir_spill *s)
{
	return s->count;
}

void
weir_spill_free(struct weir_spill *s)
{
	if (s == NULL)
		return;
	close(s->fd);
	weir_buf_release(&s->buf);
	weir_rec_release(&s->rec);
	free(s->src);
	free(s);
}
