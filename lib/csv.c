/*
 * csv.c - the CSV reader (RFC 4180) on libcsv.
 *
 * libcsv parses a whole chunk per call and reports fields and record ends
 * through callbacks, so the records of one chunk are queued here (their
 * text in one buffer, fields as offsets) and handed out one at a time.  A
 * record still open at the end of a chunk stays at the front of the queue
 * for the next chunk.  Memory is bounded by a chunk plus the longest
 * record.
 *
 * libcsv's defaults are changed in two ways: no byte counts as a space, so
 * unquoted fields keep their leading and trailing blanks (values keep their
 * exact text), and every line end is reported, so line numbers count blank
 * lines and CRLF pairs correctly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "err.h"
#include "reader.h"

struct fspan {
	size_t	off;
	size_t	len;
};

struct rspan {
	size_t		f0;
	size_t		n;
	unsigned long	line;
};

struct csvr {
	struct csv_parser	 p;
	struct weir_buf		 text;
	struct fspan		*f;
	size_t			 nf, capf;
	struct rspan		*r;
	size_t			 nr, capr, head;
	size_t			 row_f0;	/* first field of the open record */
	size_t			 row_n;
	unsigned long		 row_line;
	unsigned long		 line;		/* line of the next byte */
	int			 last_cr;
	int			 finished;
	int			 recheck;	/* queued text had bad UTF-8 */
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvr *c = data;
	struct fspan *f;

	if (c->row_n == 0) {
		c->row_f0 = c->nf;
		c->row_line = c->line;
	}
	if (c->nf == c->capf) {
		c->capf = c->capf ? c->capf * 2 : 256;
		c->f = weir_xreallocarray(c->f, c->capf, sizeof(*c->f));
	}
	f = &c->f[c->nf++];
	f->off = c->text.len;
	f->len = len;
	if (len) {
		weir_buf_grow(&c->text, len);
		memcpy(c->text.p + c->text.len, s, len);
		c->text.len += len;
		if (memchr(s, '\n', len) != NULL)
			c->line += weir_count_nl(s, len);
	}
	c->row_n++;
	c->last_cr = 0;
}

static void
on_record(int ch, void *data)
{
	struct csvr *c = data;
	struct rspan *r;

	if (ch == '\n' && c->last_cr && c->row_n == 0) {
		c->last_cr = 0;		/* the LF of a CRLF */
		return;
	}
	if (ch == '\n' || ch == '\r')
		c->line++;
	c->last_cr = ch == '\r';
	if (c->row_n == 0)
		return;			/* a blank line */
	if (c->nr == c->capr) {
		c->capr = c->capr ? c->capr * 2 : 64;
		c->r = weir_xreallocarray(c->r, c->capr, sizeof(*c->r));
	}
	r = &c->r[c->nr++];
	r->f0 = c->row_f0;
	r->n = c->row_n;
	r->line = c->row_line;
	c->row_n = 0;
}

/* Drop handed-out records, keeping the open one. */
static void
compact(struct csvr *c)
{
	size_t i, off;

	c->nr = c->head = 0;
	if (c->row_n == 0) {
		c->recheck = 0;
		c->nf = 0;
		weir_buf_reset(&c->text);
		return;
	}
	off = c->f[c->row_f0].off;
	memmove(c->text.p, c->text.p + off, c->text.len - off);
	c->text.len -= off;
	for (i = 0; i < c->row_n; i++) {
		c->f[i] = c->f[c->row_f0 + i];
		c->f[i].off -= off;
	}
	c->nf = c->row_n;
	c->row_f0 = 0;
}

static int
parse_error(struct weir_reader *r, struct csvr *c, struct weir_err *e)
{
	unsigned long line = c->line;

	if (c->p.entry_buf != NULL)
		line += weir_count_nl((char *)c->p.entry_buf, c->p.entry_pos);
	if (csv_error(&c->p) == CSV_EPARSE)
		return weir_errf(e, EX_DATAERR, "%s:%lu: malformed quoting: a "
		    "quote inside an unquoted field, or text after a closing "
		    "quote", r->in.name, line);
	return weir_errf(e, EX_OSERR, "%s:%lu: %s", r->in.name, line,
	    csv_strerror(csv_error(&c->p)));
}

/* Bytes at the end of s[0..n) that start a UTF-8 sequence cut short. */
static size_t
cut_tail(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k, need;

	for (k = 1; k <= 3 && k <= n; k++) {
		unsigned char b = s[n - k];

		if (b < 0x80)
			return 0;
		if (b >= 0xC0) {
			need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
			return need > k ? k : 0;
		}
	}
	return 0;
}

/*
 * Parse until a record is queued; 0 when the input is done.
 *
 * UTF-8 is checked over each whole chunk before parsing, which is much
 * cheaper than field by field: the bytes that end fields are ASCII, so a
 * valid chunk has valid fields.  Only a chunk with a bad sequence has its
 * records checked field by field, to name the record and column.
 */
static int
fill(struct weir_reader *r, struct csvr *c, struct weir_err *e)
{
	size_t n, used, tail;
	long got;

	while (c->head == c->nr) {
		if (c->finished)
			return 0;
		compact(c);
		n = r->in.len - r->in.pos;
		tail = r->in.eof ? 0 : cut_tail(r->in.buf + r->in.pos, n);
		if (n == tail) {
			if ((got = weir_in_more(&r->in, e)) == -1)
				return -1;
			if (got == 0) {
				c->finished = 1;
				if (csv_fini(&c->p, on_field, on_record, c) != 0)
					return weir_errf(e, EX_DATAERR,
					    "%s:%lu: unterminated quoted field",
					    r->in.name, c->row_n ? c->row_line :
					    c->line);
				continue;
			}
			continue;
		}
		n -= tail;
		if (weir_utf8_check(r->in.buf + r->in.pos, n) != n)
			c->recheck = 1;
		used = csv_parse(&c->p, r->in.buf + r->in.pos, n, on_field,
		    on_record, c);
		r->in.pos += used;
		if (used != n)
			return parse_error(r, c, e);
	}
	return 1;
}

static int
next(struct weir_reader *r, struct weir_err *e)
{
	struct csvr *c = r->state;
	struct rspan *rs;
	size_t i, bad;
	int rv;

	if ((rv = fill(r, c, e)) != 1)
		return rv;
	rs = &c->r[c->head++];
	r->rec.line = rs->line;
	if (r->rec.cap < rs->n) {
		r->rec.cap = rs->n;
		r->rec.f = weir_xreallocarray(r->rec.f, rs->n, sizeof(*r->rec.f));
	}
	for (i = 0; i < rs->n; i++) {
		struct fspan *f = &c->f[rs->f0 + i];
		struct weir_field *x = &r->rec.f[i];

		x->s = c->text.p + f->off;
		x->len = f->len;
		x->col = i;
		x->type = WEIR_TEXT;
	}
	r->rec.n = rs->n;
	if (rs->n != r->hdr.n) {
		weir_buf_reset(&r->badraw);
		weir_csv_encode_fields(&r->badraw, r->rec.f, r->rec.n,
		    r->opts.delim);
		return weir_bad_set(&r->bad, e, r->in.name, rs->line, NULL,
		    r->badraw.p, r->badraw.len, "%zu field%s, header has %zu",
		    rs->n, rs->n == 1 ? "" : "s", r->hdr.n);
	}
	for (i = 0; c->recheck && i < rs->n; i++) {
		const struct weir_field *f = &r->rec.f[i];

		if ((bad = weir_utf8_check(f->s, f->len)) != f->len) {
			weir_buf_reset(&r->badraw);
			weir_csv_encode_fields(&r->badraw, r->rec.f, r->rec.n,
			    r->opts.delim);
			return weir_bad_set(&r->bad, e, r->in.name, rs->line,
			    r->hdr.name[i], r->badraw.p, r->badraw.len,
			    "invalid UTF-8 (byte %zu of the value)", bad + 1);
		}
	}
	return 1;
}

static int
read_header(struct weir_reader *r, struct csvr *c, struct weir_err *e)
{
	const char **names;
	size_t *lens, i, n;
	struct rspan *rs;
	char nm[32];
	int rv;

	if ((rv = fill(r, c, e)) != 1)
		return rv;
	rs = &c->r[c->head];
	n = rs->n;
	names = weir_xcalloc(n, sizeof(*names));
	lens = weir_xcalloc(n, sizeof(*lens));
	if (r->opts.no_header) {
		for (i = 0; i < n; i++) {
			snprintf(nm, sizeof(nm), "c%zu", i + 1);
			weir_header_add(&r->hdr, nm, strlen(nm));
		}
		rv = 0;
	} else {
		c->head++;
		for (i = 0; i < n; i++) {
			names[i] = c->text.p + c->f[rs->f0 + i].off;
			lens[i] = c->f[rs->f0 + i].len;
		}
		rv = weir_reader_set_header(r, names, lens, n, e);
	}
	free(names);
	free(lens);
	return rv;
}

static void
csvr_free(struct weir_reader *r)
{
	struct csvr *c = r->state;

	if (c == NULL)
		return;
	csv_free(&c->p);
	weir_buf_release(&c->text);
	free(c->f);
	free(c->r);
	free(c);
}

int
weir_csv_reader_init(struct weir_reader *r, struct weir_err *e)
{
	struct csvr *c = weir_xcalloc(1, sizeof(*c));

	r->state = c;
	r->next = next;
	r->free = csvr_free;
	r->fixed = 1;
	c->line = 1;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return weir_errf(e, EX_OSERR, "libcsv: out of memory");
	csv_set_delim(&c->p, (unsigned char)r->opts.delim);
	csv_set_space_func(&c->p, no_space);
	return read_header(r, c, e) == -1 ? -1 : 0;
}

/* Minimal quoting: only what RFC 4180 needs. */
void
weir_csv_encode_fields(struct weir_buf *b, const struct weir_field *f,
    size_t n, int delim)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *s = f[i].s;
		size_t len = f[i].len;
		int q = 0;

		if (i)
			weir_buf_addc(b, delim);
		for (k = 0; k < len; k++)
			if (s[k] == delim || s[k] == '"' || s[k] == '\n' ||
			    s[k] == '\r') {
				q = 1;
				break;
			}
		if (!q) {
			weir_buf_add(b, s, len);
			continue;
		}
		weir_buf_addc(b, '"');
		for (k = 0; k < len; k++) {
			if (s[k] == '"')
				weir_buf_addc(b, '"');
			weir_buf_addc(b, s[k]);
		}
		weir_buf_addc(b, '"');
	}
}
