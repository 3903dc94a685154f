/*
 * tsv.c - the TSV reader: one record per line, fields split on tabs, with
 * the escapes \t \n \r \\ of "linear TSV"; no quoting.  A CR before the LF
 * is dropped (files from Windows), since a CR in data is written as \r.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "reader.h"

struct tsvr {
	struct weir_buf	 un;		/* unescaped fields */
	size_t		*off;		/* per field: offset into line or un */
	size_t		*len;
	char		*in_un;
	size_t		 cap;
	unsigned long	 line;
};

/* Find the next line: [*s, *s + *n) without its line end; 0 at the end. */
static int
get_line(struct weir_reader *r, struct tsvr *t, size_t *start, size_t *n,
    struct weir_err *e)
{
	char *nl;
	size_t scan = 0;
	long got;

	for (;;) {
		nl = memchr(r->in.buf + r->in.pos + scan, '\n',
		    r->in.len - r->in.pos - scan);
		if (nl != NULL)
			break;
		scan = r->in.len - r->in.pos;
		if ((got = weir_in_more(&r->in, e)) == -1)
			return -1;
		if (got == 0) {
			if (scan == 0)
				return 0;
			*start = r->in.pos;
			*n = scan;
			r->in.pos = r->in.len;
			t->line++;
			goto strip;
		}
	}
	*start = r->in.pos;
	*n = (size_t)(nl - (r->in.buf + r->in.pos));
	r->in.pos += *n + 1;
	t->line++;
strip:
	if (*n > 0 && r->in.buf[*start + *n - 1] == '\r')
		(*n)--;
	return 1;
}

static void
split(struct weir_reader *r, struct tsvr *t, const char *s, size_t n)
{
	size_t nf = 0, i = 0, j;

	weir_buf_reset(&t->un);
	for (;;) {
		const char *tab = memchr(s + i, '\t', n - i);
		size_t end = tab ? (size_t)(tab - s) : n;

		if (nf == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 32;
			t->off = weir_xreallocarray(t->off, t->cap, sizeof(size_t));
			t->len = weir_xreallocarray(t->len, t->cap, sizeof(size_t));
			t->in_un = weir_xrealloc(t->in_un, t->cap);
		}
		if (memchr(s + i, '\\', end - i) == NULL) {
			t->off[nf] = i;
			t->len[nf] = end - i;
			t->in_un[nf] = 0;
		} else {
			t->off[nf] = t->un.len;
			for (j = i; j < end; j++) {
				int c = s[j];

				if (c == '\\' && j + 1 < end) {
					switch (s[j + 1]) {
					case 't': c = '\t'; j++; break;
					case 'n': c = '\n'; j++; break;
					case 'r': c = '\r'; j++; break;
					case '\\': c = '\\'; j++; break;
					}
				}
				weir_buf_addc(&t->un, c);
			}
			t->len[nf] = t->un.len - t->off[nf];
			t->in_un[nf] = 1;
		}
		nf++;
		if (tab == NULL)
			break;
		i = end + 1;
	}
	/* un may have moved while growing: make pointers only now. */
	for (i = 0; i < nf; i++)
		weir_rec_push(&r->rec, (t->in_un[i] ? t->un.p : s) + t->off[i],
		    t->len[i], i, WEIR_TEXT);
}

static int
next(struct weir_reader *r, struct weir_err *e)
{
	struct tsvr *t = r->state;
	size_t start, n, i, bad;
	int rv;

	/*
	 * Blank lines are skipped, but where the header has one column an
	 * empty line is that column's empty value: it is how a one-column
	 * record with an empty value is written.
	 */
	do {
		if ((rv = get_line(r, t, &start, &n, e)) != 1)
			return rv;
	} while (n == 0 && r->hdr.n != 1);
	split(r, t, r->in.buf + start, n);
	r->rec.line = t->line;
	if (r->rec.n != r->hdr.n && !weir_reader_fit(r))
		return weir_bad_set(&r->bad, e, r->in.name, t->line, NULL,
		    r->in.buf + start, n, "%zu field%s, header has %zu",
		    r->rec.n, r->rec.n == 1 ? "" : "s", r->hdr.n);
	for (i = 0; i < r->rec.n; i++) {
		const struct weir_field *f = &r->rec.f[i];

		if ((bad = weir_utf8_check(f->s, f->len)) != f->len)
			return weir_bad_set(&r->bad, e, r->in.name, t->line,
			    r->hdr.name[i], r->in.buf + start, n,
			    "invalid UTF-8 (byte %zu of the value)", bad + 1);
	}
	return 1;
}

static void
tsvr_free(struct weir_reader *r)
{
	struct tsvr *t = r->state;

	if (t == NULL)
		return;
	weir_buf_release(&t->un);
	free(t->off);
	free(t->len);
	free(t->in_un);
	free(t);
}

int
weir_tsv_reader_init(struct weir_reader *r, struct weir_err *e)
{
	struct tsvr *t = weir_xcalloc(1, sizeof(*t));
	const char **names;
	size_t start, n, i, *lens;
	char nm[32];
	int rv;

	r->state = t;
	r->next = next;
	r->free = tsvr_free;
	r->fixed = 1;
	if (r->part) {
		t->line = r->first_line - 1;	/* counted as a line is read */
		return 0;
	}
	do {
		if ((rv = get_line(r, t, &start, &n, e)) != 1)
			return rv;
	} while (n == 0);
	split(r, t, r->in.buf + start, n);
	if (r->opts.no_header) {
		for (i = 0; i < r->rec.n; i++) {
			snprintf(nm, sizeof(nm), "c%zu", i + 1);
			weir_header_add(&r->hdr, nm, strlen(nm));
		}
		/* Read the line again as data. */
		r->in.pos = start;
		t->line--;
		r->rec.n = 0;
		return 0;
	}
	names = weir_xcalloc(r->rec.n, sizeof(*names));
	lens = weir_xcalloc(r->rec.n, sizeof(*lens));
	for (i = 0; i < r->rec.n; i++) {
		names[i] = r->rec.f[i].s;
		lens[i] = r->rec.f[i].len;
	}
	rv = weir_reader_set_header(r, names, lens, r->rec.n, e);
	free(names);
	free(lens);
	r->rec.n = 0;
	return rv;
}
