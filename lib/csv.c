/*
 * csv.c - the CSV reader (RFC 4180).
 *
 * Two paths share the work.  A record that fits on one line, with no CR
 * but a final one, and whose quoted fields are well formed (a quote opens
 * the field, quotes inside are doubled, the closing quote is followed by
 * the delimiter or the line end) is split here, where it lies in the
 * input window, copying only fields with doubled quotes: that is nearly
 * every line of nearly every file, and it is what makes weir fast.  Every
 * other line goes to libcsv, the authority on everything harder (fields
 * that span lines, CR line ends, and the exact strict-mode errors for
 * malformed quoting), one input line at a time until its record ends.
 *
 * libcsv parses a whole buffer per call and reports fields and record ends
 * through callbacks, so the records it finds are queued here (their text
 * in one buffer, fields as offsets) and handed out one at a time; the fast
 * path runs only when libcsv is idle between records and the queue is
 * empty, so records keep their order.
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
	struct weir_buf		 text;		/* libcsv's queued fields */
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
	size_t			 pending;	/* fields of an unread r->rec */
	int			 pending_checked;
	struct weir_buf		 un;		/* fields with doubled quotes */
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
		weir_buf_add(&c->text, s, len);
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
		c->nf = 0;
		weir_buf_reset(&c->text);
		return;
	}
	off = c->f[c->row_f0].off;
	if (c->text.p != NULL)		/* NULL while every field was empty */
		memmove(c->text.p, c->text.p + off, c->text.len - off);
	c->text.len -= off;
	for (i = 0; i < c->row_n; i++) {
		c->f[i] = c->f[c->row_f0 + i];
		c->f[i].off -= off;
	}
	c->nf = c->row_n;
	c->row_f0 = 0;
}

/* libcsv is between records: the fast path may take the next line. */
static int
idle(const struct csvr *c)
{
	return c->row_n == 0 && c->p.pstate == 0 && c->head == c->nr;
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

static struct weir_field *
new_field(struct weir_reader *r, const char *s, size_t len)
{
	struct weir_field *f;

	if (r->rec.n == r->rec.cap) {
		r->rec.cap = r->rec.cap ? r->rec.cap * 2 : 16;
		r->rec.f = weir_xreallocarray(r->rec.f, r->rec.cap,
		    sizeof(*r->rec.f));
	}
	f = &r->rec.f[r->rec.n];
	f->s = s;
	f->len = len;
	f->col = r->rec.n++;
	f->type = WEIR_TEXT;
	f->plain = 0;
	return f;
}

/*
 * Split one line s[0..len) into r->rec; 0 when it needs libcsv (a quoted
 * field that does not end on this line, or quoting that is malformed).
 */
static int
split(struct weir_reader *r, struct csvr *c, const char *s, size_t len,
    int quotes)
{
	const char *e = s + len, *d, *q, *x;
	struct weir_field *f;
	int delim = r->opts.delim;

	r->rec.n = 0;
	if (quotes) {
		/* Room for every field, so pointers into un stay put. */
		weir_buf_reset(&c->un);
		weir_buf_grow(&c->un, len);
	}
	for (;;) {
		if (quotes && s < e && *s == '"') {
			const char *start = s + 1;
			char *o = NULL;

			for (q = start;; q = x + 2) {
				if ((x = memchr(q, '"', (size_t)(e - q))) == NULL)
					return 0;	/* ends on a later line */
				if (x + 1 == e || x[1] != '"')
					break;
				/* A doubled quote: the value is copied from here. */
				if (o == NULL)
					o = c->un.p + c->un.len;
				memcpy(c->un.p + c->un.len, q, (size_t)(x + 1 - q));
				c->un.len += (size_t)(x + 1 - q);
			}
			if (o != NULL) {
				memcpy(c->un.p + c->un.len, q, (size_t)(x - q));
				c->un.len += (size_t)(x - q);
				new_field(r, o, (size_t)(c->un.p + c->un.len - o));
			} else
				new_field(r, start, (size_t)(x - start));
			s = x + 1;
			if (s == e)
				return 1;
			if (*s != delim)
				return 0;	/* text after the closing quote */
			s++;
			continue;
		}
		d = memchr(s, delim, (size_t)(e - s));
		f = new_field(r, s, (size_t)((d ? d : e) - s));
		/* Split on ',' from a line without quotes or CRs: */
		f->plain = !quotes && delim == ',';
		if (quotes && memchr(f->s, '"', f->len) != NULL)
			return 0;		/* a quote inside: malformed */
		if (d == NULL)
			return 1;
		s = d + 1;
	}
}

static void
from_queue(struct weir_reader *r, struct csvr *c)
{
	struct rspan *rs = &c->r[c->head++];
	size_t i;

	r->rec.line = rs->line;
	if (r->rec.cap < rs->n) {
		r->rec.cap = rs->n;
		r->rec.f = weir_xreallocarray(r->rec.f, rs->n, sizeof(*r->rec.f));
	}
	for (i = 0; i < rs->n; i++) {
		struct fspan *f = &c->f[rs->f0 + i];
		struct weir_field *x = &r->rec.f[i];

		/* Never NULL, even when every field so far was empty. */
		x->s = c->text.p != NULL ? c->text.p + f->off : "";
		x->len = f->len;
		x->col = i;
		x->type = WEIR_TEXT;
		x->plain = 0;
	}
	r->rec.n = rs->n;
}

/*
 * The next record into r->rec, unchecked: 1, 0 at the end, -1 on error.
 * *checked says whether its UTF-8 is known to be valid.
 */
static int
raw_next(struct weir_reader *r, struct csvr *c, int *checked,
    struct weir_err *e)
{
	const char *s, *nl;
	size_t avail, scan, n, len, used;

	for (;;) {
		if (c->head < c->nr) {
			/*
			 * What libcsv assembled (quoted newlines, CR line ends)
			 * is checked field by field: a record spanning lines
			 * has no one line to check.
			 */
			from_queue(r, c);
			*checked = 0;
			return 1;
		}
		compact(c);
		if (c->finished)
			return 0;
		for (scan = 0;;) {
			avail = r->in.len - r->in.pos;
			nl = memchr(r->in.buf + r->in.pos + scan, '\n',
			    avail - scan);
			if (nl != NULL || r->in.eof)
				break;
			scan = avail;
			if (weir_in_more(&r->in, e) == -1)
				return -1;
		}
		s = r->in.buf + r->in.pos;
		n = nl ? (size_t)(nl - s) + 1 : avail;
		if (n == 0) {
			c->finished = 1;
			if (!idle(c) && csv_fini(&c->p, on_field, on_record,
			    c) != 0)
				return weir_errf(e, EX_DATAERR,
				    "%s:%lu: unterminated quoted field",
				    r->in.name, c->row_n ? c->row_line :
				    c->line);
			continue;
		}
		len = nl ? n - 1 : n;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (idle(c) && memchr(s, '\r', len) == NULL && (len == 0 ||
		    split(r, c, s, len, memchr(s, '"', len) != NULL))) {
			r->in.pos += n;
			r->rec.line = c->line++;
			c->last_cr = 0;
			if (len == 0)
				continue;	/* a blank line */
			*checked = weir_utf8_check(s, len) == len;
			return 1;
		}
		used = csv_parse(&c->p, s, n, on_field, on_record, c);
		r->in.pos += used;
		if (used != n)
			return parse_error(r, c, e);
		if (nl == NULL) {
			c->finished = 1;
			if (csv_fini(&c->p, on_field, on_record, c) != 0)
				return weir_errf(e, EX_DATAERR,
				    "%s:%lu: unterminated quoted field",
				    r->in.name, c->row_n ? c->row_line :
				    c->line);
		}
	}
}

static int
next(struct weir_reader *r, struct weir_err *e)
{
	struct csvr *c = r->state;
	size_t i, bad;
	int rv, checked = 1;

	if (c->pending) {
		r->rec.n = c->pending;	/* the first line, read as data */
		c->pending = 0;
		checked = c->pending_checked;
	}
	else if ((rv = raw_next(r, c, &checked, e)) != 1)
		return rv;
	if (r->rec.n != r->hdr.n && !weir_reader_fit(r)) {
		weir_buf_reset(&r->badraw);
		weir_bad_csv(&r->badraw, r->rec.f, r->rec.n,
		    r->opts.delim);
		return weir_bad_set(&r->bad, e, r->in.name, r->rec.line, NULL,
		    r->badraw.p, r->badraw.len, "%zu field%s, header has %zu",
		    r->rec.n, r->rec.n == 1 ? "" : "s", r->hdr.n);
	}
	for (i = 0; !checked && i < r->rec.n; i++) {
		const struct weir_field *f = &r->rec.f[i];

		if ((bad = weir_utf8_check(f->s, f->len)) != f->len) {
			weir_buf_reset(&r->badraw);
			weir_bad_csv(&r->badraw, r->rec.f, r->rec.n,
			    r->opts.delim);
			return weir_bad_set(&r->bad, e, r->in.name, r->rec.line,
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
	char nm[32];
	int rv, checked;

	if ((rv = raw_next(r, c, &checked, e)) != 1)
		return rv;
	n = r->rec.n;
	if (r->opts.no_header) {
		for (i = 0; i < n; i++) {
			snprintf(nm, sizeof(nm), "c%zu", i + 1);
			weir_header_add(&r->hdr, nm, strlen(nm));
		}
		c->pending = n;
		c->pending_checked = checked;
		return 0;
	}
	names = weir_xcalloc(n, sizeof(*names));
	lens = weir_xcalloc(n, sizeof(*lens));
	for (i = 0; i < n; i++) {
		names[i] = r->rec.f[i].s;
		lens[i] = r->rec.f[i].len;
	}
	rv = weir_reader_set_header(r, names, lens, n, e);
	free(names);
	free(lens);
	r->rec.n = 0;
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
	weir_buf_release(&c->un);
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
	if (r->part) {
		c->line = r->first_line;
		return 0;
	}
	return read_header(r, c, e) == -1 ? -1 : 0;
}

