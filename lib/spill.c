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
 * u32 column, u32 length, u8 type and the bytes.  Native byte order: the
 * file never outlives the process.
 */
struct weir_spill {
	FILE			*fp;
	struct weir_buf		 buf;
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
	if ((s->fp = fdopen(fd, "w+")) == NULL) {
		close(fd);
		free(s);
		weir_errnof(e, EX_OSERR, errno, "fdopen");
		return NULL;
	}
	setvbuf(s->fp, NULL, _IOFBF, 1 << 20);
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

int
weir_spill_put(struct weir_spill *s, const struct weir_rec *r,
    struct weir_err *e)
{
	uint32_t h[2] = { (uint32_t)r->n, src_index(s, r->src) };
	uint64_t line = r->line;
	size_t i;

	fwrite(h, sizeof(h), 1, s->fp);
	fwrite(&line, sizeof(line), 1, s->fp);
	for (i = 0; i < r->n; i++) {
		uint32_t fh[2] = { (uint32_t)r->f[i].col, (uint32_t)r->f[i].len };
		unsigned char type = (unsigned char)r->f[i].type;

		fwrite(fh, sizeof(fh), 1, s->fp);
		fputc(type, s->fp);
		fwrite(r->f[i].s, 1, r->f[i].len, s->fp);
	}
	if (ferror(s->fp))
		return weir_errnof(e, EX_IOERR, errno, "write to a temporary "
		    "file");
	s->count++;
	return 0;
}

int
weir_spill_rewind(struct weir_spill *s, struct weir_err *e)
{
	if (fflush(s->fp) == EOF || fseek(s->fp, 0, SEEK_SET) == -1)
		return weir_errnof(e, EX_IOERR, errno, "write to a temporary "
		    "file");
	return 0;
}

int
weir_spill_next(struct weir_spill *s, const struct weir_rec **out,
    struct weir_err *e)
{
	uint32_t h[2], fh[2];
	uint64_t line;
	size_t i, *off;
	int type;

	if (fread(h, sizeof(h), 1, s->fp) != 1) {
		if (ferror(s->fp))
			return weir_errnof(e, EX_IOERR, errno, "read a temporary "
			    "file");
		return 0;
	}
	if (fread(&line, sizeof(line), 1, s->fp) != 1)
		goto short_read;
	s->rec.n = 0;
	weir_buf_reset(&s->buf);
	off = weir_xcalloc(h[0] ? h[0] : 1, sizeof(*off));
	for (i = 0; i < h[0]; i++) {
		if (fread(fh, sizeof(fh), 1, s->fp) != 1 ||
		    (type = fgetc(s->fp)) == EOF)
			goto short_free;
		weir_buf_grow(&s->buf, fh[1]);
		if (fread(s->buf.p + s->buf.len, 1, fh[1], s->fp) != fh[1])
			goto short_free;
		off[i] = s->buf.len;
		s->buf.len += fh[1];
		weir_rec_push(&s->rec, NULL, fh[1], fh[0], type);
	}
	for (i = 0; i < h[0]; i++)
		s->rec.f[i].s = s->buf.p ? s->buf.p + off[i] : "";
	free(off);
	s->rec.src = s->src[h[1]];
	s->rec.line = (unsigned long)line;
	*out = &s->rec;
	return 1;
short_free:
	free(off);
short_read:
	return weir_errf(e, EX_IOERR, "a temporary file was cut short");
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
	fclose(s->fp);
	weir_buf_release(&s->buf);
	weir_rec_release(&s->rec);
	free(s->src);
	free(s);
}
