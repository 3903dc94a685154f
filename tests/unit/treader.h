/*
 * treader.h - what the reader tests share: open a reader on a temporary
 * file holding a string, and dump what it reads as text to compare.
 * Define T_FMT (the default format) before including it, and T_NO_DUMP
 * for a test with its own dump().
 */
#ifndef WEIR_TREADER_H
#define WEIR_TREADER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "stream.h"

static char path[64];		/* the file behind the open reader */
static struct weir_err err;

/* Open a reader on a new temp file holding s[0..n). */
static struct weir_reader *
ropen_n(const char *s, size_t n, const struct weir_ropts *o)
{
	struct weir_ropts def;
	struct weir_reader *r;
	FILE *fp;
	int fd;

	if (o == NULL) {
		memset(&def, 0, sizeof(def));
		def.fmt = T_FMT;
		o = &def;
	}
	snprintf(path, sizeof(path), "/tmp/weir-t.XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "wb")) == NULL ||
	    fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		perror("temp file");
		exit(2);
	}
	memset(&err, 0, sizeof(err));
	r = weir_reader_open(path, o, &err);
	unlink(path);			/* the open descriptor keeps it */
	return r;
}

/* The header as "a|b|c". */
static const char *
hdr(const struct weir_reader *r)
{
	static struct weir_buf b;
	const struct weir_header *h = weir_reader_header(r);
	size_t i;

	weir_buf_reset(&b);
	weir_buf_grow(&b, 0);
	for (i = 0; i < h->n; i++) {
		if (i)
			weir_buf_addc(&b, '|');
		weir_buf_add(&b, h->name[i], h->len[i]);
	}
	return b.p;
}

#ifndef T_NO_DUMP
/*
 * Read to the end: "L2:x|y\n" per record, "B3:reason\n" per bad record,
 * "E65\n" for an error (the end).  Then frees r.
 */
static const char *
dump(struct weir_reader *r)
{
	static struct weir_buf b;
	const struct weir_rec *rec;
	size_t i;
	int rv;

	weir_buf_reset(&b);
	weir_buf_grow(&b, 0);
	if (r == NULL) {
		weir_buf_addf(&b, "open E%d", err.code);
		return b.p;
	}
	while ((rv = weir_reader_next(r, &rec, &err)) != 0) {
		if (rv == -1) {
			weir_buf_addf(&b, "E%d\n", err.code);
			break;
		}
		if (rv == WEIR_BAD) {
			weir_buf_addf(&b, "B%lu:%s\n", weir_reader_bad(r)->line,
			    weir_reader_bad(r)->reason);
			continue;
		}
		weir_buf_addf(&b, "L%lu:", rec->line);
		for (i = 0; i < rec->n; i++) {
			if (i)
				weir_buf_addc(&b, '|');
			weir_buf_add(&b, rec->f[i].s, rec->f[i].len);
		}
		weir_buf_addc(&b, '\n');
	}
	weir_reader_free(r);
	return b.p;
}

#endif /* T_NO_DUMP */

#endif
