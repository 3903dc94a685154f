/*
 * ndjson.c - readers for NDJSON (one object per line) and for a JSON
 * array of objects, both on json.c's object parser, which keeps the text
 * of every value.
 *
 * The array reader never holds more than one object: it parses an object
 * from the input window, and when the window ends inside the object it
 * reads more and parses that object again from its start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "reader.h"

struct jr {
	struct weir_jobj	 obj;
	struct weir_jopts	 jo;
	unsigned long		*stamp;		/* per column: record that used it */
	size_t			 nstamp;
	unsigned long		 serial;
	unsigned long		 line;		/* line of buf[pos] */
	int			 state;		/* array: 0 before '[', 1 in, 2 done */
	int			 need_comma;
};

/* Turn the parsed object into r->rec; WEIR_BAD on a repeated key. */
static int
to_rec(struct weir_reader *r, struct jr *j, unsigned long line,
    const char *raw, size_t rawlen, struct weir_err *e)
{
	struct weir_jobj *o = &j->obj;
	size_t i, col;

	r->rec.line = line;
	j->serial++;
	for (i = 0; i < o->n; i++) {
		const struct weir_jfield *f = &o->f[i];

		col = weir_header_intern(&r->hdr, o->names.p + f->name,
		    f->namelen);
		if (col >= j->nstamp) {
			size_t n = j->nstamp ? j->nstamp * 2 : 64;

			while (n <= col)
				n *= 2;
			j->stamp = weir_xreallocarray(j->stamp, n,
			    sizeof(*j->stamp));
			memset(j->stamp + j->nstamp, 0,
			    (n - j->nstamp) * sizeof(*j->stamp));
			j->nstamp = n;
		}
		if (j->stamp[col] == j->serial)
			return weir_bad_set(&r->bad, e, r->in.name, line, NULL,
			    raw, rawlen, "duplicate key '%s'", r->hdr.name[col]);
		j->stamp[col] = j->serial;
		weir_rec_push(&r->rec, o->vals.p + f->val, f->vallen, col,
		    f->type);
	}
	return 1;
}

static int
blank(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++, n--;
	return n == 0;
}

static int
nd_next(struct weir_reader *r, struct weir_err *e)
{
	struct jr *j = r->state;
	char msg[160], *nl;
	size_t scan, start, n, used;
	long got;
	int rv;

	for (;;) {
		scan = 0;
		for (;;) {
			nl = memchr(r->in.buf + r->in.pos + scan, '\n',
			    r->in.len - r->in.pos - scan);
			if (nl != NULL)
				break;
			scan = r->in.len - r->in.pos;
			if ((got = weir_in_more(&r->in, e)) == -1)
				return -1;
			if (got == 0)
				break;
		}
		start = r->in.pos;
		n = nl ? (size_t)(nl - (r->in.buf + start)) : r->in.len - start;
		if (nl == NULL && n == 0)
			return 0;
		r->in.pos = start + n + (nl != NULL);
		j->line++;
		if (!blank(r->in.buf + start, n))
			break;
	}
	rv = weir_json_object(r->in.buf + start, n, &j->jo, &j->obj, &used,
	    msg, sizeof(msg));
	if (rv == 0)
		return weir_bad_set(&r->bad, e, r->in.name, j->line, NULL,
		    r->in.buf + start, n, "invalid JSON: the line ends inside "
		    "the object");
	if (rv == -1)
		return weir_bad_set(&r->bad, e, r->in.name, j->line, NULL,
		    r->in.buf + start, n, "invalid JSON at column %zu: %s",
		    used + 1, msg);
	if (!blank(r->in.buf + start + used, n - used)) {
		while (r->in.buf[start + used] == ' ' ||
		    r->in.buf[start + used] == '\t' ||
		    r->in.buf[start + used] == '\r')
			used++;
		return weir_bad_set(&r->bad, e, r->in.name, j->line, NULL,
		    r->in.buf + start, n, "invalid JSON at column %zu: text "
		    "after the object", used + 1);
	}
	return to_rec(r, j, j->line, r->in.buf + start, n, e);
}

/* Skip blanks, reading more as needed; -1 error, 0 end, 1 a byte waits. */
static int
skip_ws(struct weir_reader *r, struct jr *j, struct weir_err *e)
{
	long got;

	for (;;) {
		while (r->in.pos < r->in.len) {
			char c = r->in.buf[r->in.pos];

			if (c == '\n')
				j->line++;
			else if (c != ' ' && c != '\t' && c != '\r')
				return 1;
			r->in.pos++;
		}
		if ((got = weir_in_more(&r->in, e)) == -1)
			return -1;
		if (got == 0)
			return 0;
	}
}

static int
arr_next(struct weir_reader *r, struct jr *j, struct weir_err *e)
{
	char msg[160], c;
	size_t used;
	unsigned long line;
	long got;
	int rv;

	if (j->state == 2)
		return 0;
	if ((rv = skip_ws(r, j, e)) == -1)
		return -1;
	if (rv == 0 && j->state == 0) {
		j->state = 2;	/* an empty input holds no records */
		return 0;
	}
	if (rv == 0)
		return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: the input "
		    "ends inside the array", r->in.name, j->line);
	c = r->in.buf[r->in.pos];
	if (j->state == 0) {
		if (c != '[')
			return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: "
			    "expected '[' to start an array of objects",
			    r->in.name, j->line);
		r->in.pos++;
		j->state = 1;
		return arr_next(r, j, e);
	}
	if (c == ']') {
		r->in.pos++;
		j->state = 2;
		if ((rv = skip_ws(r, j, e)) == -1)
			return -1;
		if (rv == 1)
			return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: "
			    "text after the array", r->in.name, j->line);
		return 0;
	}
	if (j->need_comma) {
		if (c != ',')
			return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: "
			    "expected ',' or ']' after an object", r->in.name,
			    j->line);
		r->in.pos++;
		j->need_comma = 0;
		if ((rv = skip_ws(r, j, e)) == -1)
			return -1;
		if (rv == 0)
			return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: the "
			    "input ends inside the array", r->in.name, j->line);
	}
	line = j->line;
	for (;;) {
		rv = weir_json_object(r->in.buf + r->in.pos,
		    r->in.len - r->in.pos, &j->jo, &j->obj, &used, msg,
		    sizeof(msg));
		if (rv != 0)
			break;
		if ((got = weir_in_more(&r->in, e)) == -1)
			return -1;
		if (got == 0)
			return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: the "
			    "input ends inside an object", r->in.name, line);
	}
	if (rv == -1)
		return weir_errf(e, EX_DATAERR, "%s:%lu: invalid JSON: %s",
		    r->in.name, line + weir_count_nl(r->in.buf + r->in.pos,
		    used), msg);
	j->line += weir_count_nl(r->in.buf + r->in.pos, used);
	rv = to_rec(r, j, line, r->in.buf + r->in.pos, used, e);
	r->in.pos += used;
	j->need_comma = 1;
	return rv;
}

static int
arr_next_cb(struct weir_reader *r, struct weir_err *e)
{
	return arr_next(r, r->state, e);
}

static void
jr_free(struct weir_reader *r)
{
	struct jr *j = r->state;

	if (j == NULL)
		return;
	weir_jobj_release(&j->obj);
	free(j->stamp);
	free(j);
}

static struct jr *
jr_new(struct weir_reader *r)
{
	struct jr *j = weir_xcalloc(1, sizeof(*j));

	weir_jobj_init(&j->obj);
	j->jo.flatten = r->opts.flatten;
	j->jo.sep = r->opts.sep;
	j->jo.seplen = strlen(r->opts.sep);
	r->state = j;
	r->free = jr_free;
	r->fixed = 0;
	return j;
}

int
weir_ndjson_reader_init(struct weir_reader *r, struct weir_err *e)
{
	struct jr *j = jr_new(r);

	(void)e;
	if (r->part)
		j->line = r->first_line - 1;	/* counted as a line is read */
	r->next = nd_next;
	return 0;
}

int
weir_jsonarr_reader_init(struct weir_reader *r, struct weir_err *e)
{
	struct jr *j = jr_new(r);

	(void)e;
	j->line = 1;
	r->next = arr_next_cb;
	return 0;
}
