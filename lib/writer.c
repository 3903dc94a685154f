/*
 * writer.c - one writer per output format behind a small switch.
 *
 * Values are written from their text: CSV and TSV write text as it is;
 * JSON writes a number, boolean or null only where the value was one in
 * JSON input, or, for untyped CSV/TSV text, where the text already is a
 * valid JSON number (so 1.10 stays 1.10 and 01234 stays a string).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "badrows.h"
#include "spill.h"
#include "writer.h"

struct unode {			/* --unflatten: one level of names */
	char		*name;
	size_t		 len;
	long		 col;	/* a leaf's column, or -1 */
	struct unode	*kid;
	size_t		 nkid, capkid;
	unsigned long	 seen;	/* record serial with a value below */
};

struct weir_writer {
	struct weir_out		*out;
	struct weir_wopts	 o;
	const struct weir_header *hdr;
	struct weir_badrec	 bad;
	struct weir_buf		 tmp;
	struct weir_buf		*jname;	/* per column: "name": encoded */
	size_t			 njname;
	long			*slot;	/* per column: field index, -1 */
	size_t			 nslot;
	unsigned long		 nrec;
	int			 started;
	size_t			 ncols;	/* header size when it was written */
	long			 label;	/* libsvm */
	struct unode		 root;
	size_t			 ntree;	/* columns placed in the tree */
	struct weir_spill	*spill;	/* table: rows until the end */
	size_t			*width;
	int			*numeric;
};

#define ONES		0x0101010101010101ULL
#define HIGHS		0x8080808080808080ULL
#define HASZERO(v)	(((v) - ONES) & ~(v) & HIGHS)

/*
 * Does a CSV field need quotes?  Eight bytes at a time, since this looks
 * at every byte written.
 */
static int
needs_quotes(const char *s, size_t len, int delim)
{
	const uint64_t d = ONES * (unsigned char)delim, q = ONES * '"',
	    n = ONES * '\n', r = ONES * '\r';
	uint64_t w;
	size_t i;

	if (len < 8) {
		for (i = 0; i < len; i++)
			if (s[i] == delim || s[i] == '"' || s[i] == '\n' ||
			    s[i] == '\r')
				return 1;
		return 0;
	}
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (HASZERO(w ^ d) | HASZERO(w ^ q) | HASZERO(w ^ n) |
		    HASZERO(w ^ r))
			return 1;
	}
	if (i < len) {
		/* The last eight bytes, overlapping what was checked. */
		memcpy(&w, s + len - 8, 8);
		if (HASZERO(w ^ d) | HASZERO(w ^ q) | HASZERO(w ^ n) |
		    HASZERO(w ^ r))
			return 1;
	}
	return 0;
}

/* Can s go between JSON quotes as it is (no '"', '\\' or control)? */
static int
json_plain(const char *s, size_t len)
{
	const uint64_t q = ONES * '"', b = ONES * '\\';
	uint64_t w;
	size_t i;

	if (len < 8) {
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == '"' ||
			    s[i] == '\\')
				return 0;
		return 1;
	}
	for (i = 0;; i += 8) {
		if (i + 8 > len)
			i = len - 8;	/* the last eight, overlapping */
		memcpy(&w, s + i, 8);
		if (HASZERO(w ^ q) | HASZERO(w ^ b) |
		    ((w - ONES * 0x20) & ~w & HIGHS))
			return 0;
		if (i + 8 == len)
			return 1;
	}
}

/* CSV */

static int
put_csv_field(struct weir_writer *w, const char *s, size_t len, int only)
{
	struct weir_out *out = w->out;
	int q = w->o.quote_all || (only && len == 0) ||
	    needs_quotes(s, len, w->o.delim) ||
	    /* U+FEFF first in the file would be read back as a BOM */
	    (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 &&
	    out->bytes == 0 && out->len == 0);

	if (!q)
		return weir_out_write(out, s, len);
	if (weir_out_putc(out, '"') == -1)
		return -1;
	for (;;) {
		const char *qq = memchr(s, '"', len);
		size_t k = qq ? (size_t)(qq - s) + 1 : len;

		if (weir_out_write(out, s, k) == -1)
			return -1;
		if (qq == NULL)
			break;
		if (weir_out_putc(out, '"') == -1)
			return -1;
		s += k;
		len -= k;
	}
	return weir_out_putc(out, '"');
}

/* The common case, kept free of per-field calls: a CSV row in order. */
static int
put_csv_row(struct weir_writer *w, const struct weir_field *f, size_t n)
{
	struct weir_out *out = w->out;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = f[i].s;
		size_t len = f[i].len;

		if (out->cap - out->len < len + 2 && weir_out_flush_(out) == -1)
			return -1;
		if (i)
			out->buf[out->len++] = (char)w->o.delim;
		if (len + 2 <= out->cap && !w->o.quote_all &&
		    ((f[i].plain && w->o.delim == ',') ||
		    !needs_quotes(s, len, w->o.delim)) && (len > 0 || n > 1)) {
			memcpy(out->buf + out->len, s, len);
			out->len += len;
		} else if (put_csv_field(w, s, len, n == 1) == -1)
			return -1;
	}
	return weir_out_putc(out, '\n');
}

/* TSV */

static int
put_tsv_field(struct weir_writer *w, const char *s, size_t len)
{
	size_t i, start = 0;
	const char *esc;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\\': esc = "\\\\"; break;
		default: continue;
		}
		if (weir_out_write(w->out, s + start, i - start) == -1 ||
		    weir_out_write(w->out, esc, 2) == -1)
			return -1;
		start = i + 1;
	}
	return weir_out_write(w->out, s + start, len - start);
}

/* Markdown */

static int
put_md_field(struct weir_writer *w, const char *s, size_t len)
{
	size_t i, start = 0;
	const char *esc;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '|': esc = "\\|"; break;
		/* A backslash must not eat the escape of a pipe. */
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "<br>"; break;
		case '\r': esc = ""; break;
		default: continue;
		}
		if (weir_out_write(w->out, s + start, i - start) == -1 ||
		    weir_out_write(w->out, esc, strlen(esc)) == -1)
			return -1;
		start = i + 1;
	}
	return weir_out_write(w->out, s + start, len - start);
}

/* JSON */

static int
put_json_string(struct weir_writer *w, const char *s, size_t len)
{
	if (json_plain(s, len)) {
		if (weir_out_reserve(w->out, len + 2) == 0 &&
		    w->out->cap - w->out->len >= len + 2) {
			char *d = w->out->buf + w->out->len;

			d[0] = '"';
			memcpy(d + 1, s, len);
			d[len + 1] = '"';
			w->out->len += len + 2;
			return w->out->failed ? -1 : 0;
		}
		if (w->out->failed)
			return -1;
	}
	weir_buf_reset(&w->tmp);
	weir_json_put_string(&w->tmp, s, len);
	return weir_out_write(w->out, w->tmp.p, w->tmp.len);
}

static int
put_json_value(struct weir_writer *w, const struct weir_field *f)
{
	switch (f->type) {
	case WEIR_TEXT:
		if (f->len == 0 && w->o.empty_as_null)
			return weir_out_write(w->out, "null", 4);
		if (!w->o.strings && weir_text_is_number(f->s, f->len))
			return weir_out_write(w->out, f->s, f->len);
		return put_json_string(w, f->s, f->len);
	case WEIR_NULL:
		return weir_out_write(w->out, "null", 4);
	case WEIR_NUM:
	case WEIR_BOOL:
	case WEIR_JSON:
		if (!w->o.strings)
			return weir_out_write(w->out, f->s, f->len);
		/* FALLTHROUGH */
	default:
		return put_json_string(w, f->s, f->len);
	}
}

static const struct weir_buf *
json_name(struct weir_writer *w, size_t col)
{
	if (col >= w->njname) {
		size_t n = w->njname ? w->njname : 16;

		while (n <= col)
			n *= 2;
		w->jname = weir_xreallocarray(w->jname, n, sizeof(*w->jname));
		memset(w->jname + w->njname, 0,
		    (n - w->njname) * sizeof(*w->jname));
		w->njname = n;
	}
	if (w->jname[col].len == 0) {
		weir_json_put_string(&w->jname[col], w->hdr->name[col],
		    w->hdr->len[col]);
		weir_buf_addc(&w->jname[col], ':');
	}
	return &w->jname[col];
}

static int
put_json_flat(struct weir_writer *w, const struct weir_rec *r)
{
	size_t i;

	if (weir_out_putc(w->out, '{') == -1)
		return -1;
	for (i = 0; i < r->n; i++) {
		const struct weir_buf *nm = json_name(w, r->f[i].col);

		if ((i && weir_out_putc(w->out, ',') == -1) ||
		    weir_out_write(w->out, nm->p, nm->len) == -1 ||
		    put_json_value(w, &r->f[i]) == -1)
			return -1;
	}
	return weir_out_putc(w->out, '}');
}

static struct unode *
unode_kid(struct unode *n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n->nkid; i++)
		if (n->kid[i].len == len && memcmp(n->kid[i].name, name, len) == 0)
			return &n->kid[i];
	if (n->nkid == n->capkid) {
		n->capkid = n->capkid ? n->capkid * 2 : 4;
		n->kid = weir_xreallocarray(n->kid, n->capkid, sizeof(*n->kid));
	}
	n = &n->kid[n->nkid++];
	memset(n, 0, sizeof(*n));
	n->name = weir_xmemdup(name, len);
	n->len = len;
	n->col = -1;
	return n;
}

static void
unode_free(struct unode *n)
{
	size_t i;

	for (i = 0; i < n->nkid; i++)
		unode_free(&n->kid[i]);
	free(n->kid);
	free(n->name);
}

/* Place columns that appeared since the last record in the name tree. */
static int
grow_tree(struct weir_writer *w, struct weir_err *e)
{
	const char *sep = w->o.sep;
	size_t seplen = strlen(sep);

	for (; w->ntree < w->hdr->n; w->ntree++) {
		const char *s = w->hdr->name[w->ntree], *end;
		size_t len = w->hdr->len[w->ntree];
		struct unode *n = &w->root;

		for (;;) {
			end = seplen ? strstr(s, sep) : NULL;
			if (end == NULL || end > w->hdr->name[w->ntree] + len)
				break;
			n = unode_kid(n, s, (size_t)(end - s));
			if (n->col >= 0)
				goto clash;
			s = end + seplen;
		}
		n = unode_kid(n, s, strlen(s));
		if (n->col >= 0 || n->nkid > 0)
			goto clash;
		n->col = (long)w->ntree;
	}
	return 0;
clash:
	return weir_errf(e, EX_DATAERR, "--unflatten: column '%s' clashes "
	    "with another column's nesting", w->hdr->name[w->ntree]);
}

static int
mark_tree(struct weir_writer *w, struct unode *n)
{
	size_t i;
	int any = 0;

	if (n->col >= 0)
		return w->slot[n->col] >= 0 && (n->seen = w->nrec + 1);
	for (i = 0; i < n->nkid; i++)
		any |= mark_tree(w, &n->kid[i]);
	if (any)
		n->seen = w->nrec + 1;
	return any;
}

static int
put_tree(struct weir_writer *w, const struct weir_rec *r, struct unode *n)
{
	size_t i;
	int first = 1;

	if (weir_out_putc(w->out, '{') == -1)
		return -1;
	for (i = 0; i < n->nkid; i++) {
		struct unode *k = &n->kid[i];

		if (k->seen != w->nrec + 1)
			continue;
		if ((!first && weir_out_putc(w->out, ',') == -1) ||
		    put_json_string(w, k->name, k->len) == -1 ||
		    weir_out_putc(w->out, ':') == -1)
			return -1;
		first = 0;
		if (k->col >= 0) {
			if (put_json_value(w, &r->f[w->slot[k->col]]) == -1)
				return -1;
		} else if (put_tree(w, r, k) == -1)
			return -1;
	}
	return weir_out_putc(w->out, '}');
}

static void
fill_slots(struct weir_writer *w, const struct weir_rec *r)
{
	size_t i;

	if (w->nslot < w->hdr->n) {
		w->nslot = w->hdr->n * 2;
		w->slot = weir_xreallocarray(w->slot, w->nslot, sizeof(long));
	}
	for (i = 0; i < w->hdr->n; i++)
		w->slot[i] = -1;
	for (i = 0; i < r->n; i++)
		w->slot[r->f[i].col] = (long)i;
}

static int
put_json(struct weir_writer *w, const struct weir_rec *r, struct weir_err *e)
{
	if (w->o.fmt == WEIR_F_JSON &&
	    weir_out_write(w->out, w->nrec ? ",\n" : "[\n", 2) == -1)
		goto io;
	if (w->o.unflatten) {
		if (grow_tree(w, e) == -1)
			return -1;
		fill_slots(w, r);
		mark_tree(w, &w->root);
		if (put_tree(w, r, &w->root) == -1)
			goto io;
	} else if (put_json_flat(w, r) == -1)
		goto io;
	if (w->o.fmt == WEIR_F_NDJSON && weir_out_putc(w->out, '\n') == -1)
		goto io;
	return 0;
io:
	*e = w->out->err;
	return -1;
}

/* Flat formats */

static int
put_row(struct weir_writer *w, const struct weir_field *f, size_t n,
    const long *slot)
{
	size_t i;
	int rv = 0;

	if (w->o.fmt == WEIR_F_MARKDOWN)
		rv = weir_out_write(w->out, "| ", 2);
	for (i = 0; rv == 0 && i < n; i++) {
		const char *s = "";
		size_t len = 0;

		if (slot == NULL || slot[i] >= 0) {
			const struct weir_field *x = slot ? &f[slot[i]] : &f[i];

			s = x->s;
			len = x->len;
		}
		switch (w->o.fmt) {
		case WEIR_F_CSV:
			if (i)
				rv = weir_out_putc(w->out, w->o.delim);
			if (rv == 0)
				rv = put_csv_field(w, s, len, n == 1);
			break;
		case WEIR_F_TSV:
			if (i)
				rv = weir_out_putc(w->out, '\t');
			if (rv == 0)
				rv = put_tsv_field(w, s, len);
			break;
		case WEIR_F_MARKDOWN:
			if (i)
				rv = weir_out_write(w->out, " | ", 3);
			if (rv == 0)
				rv = put_md_field(w, s, len);
			break;
		}
	}
	if (rv == 0 && w->o.fmt == WEIR_F_MARKDOWN)
		rv = weir_out_write(w->out, " |", 2);
	if (rv == 0)
		rv = weir_out_putc(w->out, '\n');
	return rv;
}

static int
put_header(struct weir_writer *w, struct weir_err *e)
{
	struct weir_field *f;
	size_t i;
	int rv = 0;

	w->started = 1;
	w->ncols = w->hdr->n;
	if (w->o.fmt == WEIR_F_LIBSVM || w->o.fmt == WEIR_F_TABLE ||
	    w->ncols == 0)
		return 0;
	f = weir_xcalloc(w->ncols, sizeof(*f));
	for (i = 0; i < w->ncols; i++) {
		f[i].s = w->hdr->name[i];
		f[i].len = w->hdr->len[i];
	}
	rv = put_row(w, f, w->ncols, NULL);
	free(f);
	if (rv == 0 && w->o.fmt == WEIR_F_MARKDOWN) {
		rv = weir_out_write(w->out, "|", 1);
		for (i = 0; rv == 0 && i < w->ncols; i++)
			rv = weir_out_write(w->out, " --- |", 6);
		if (rv == 0)
			rv = weir_out_putc(w->out, '\n');
	}
	if (rv == -1)
		*e = w->out->err;
	return rv;
}

static int
is_identity(const struct weir_rec *r, size_t n)
{
	size_t i;

	if (r->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (r->f[i].col != i)
			return 0;
	return 1;
}

static int
bad_record(struct weir_writer *w, const struct weir_rec *r,
    struct weir_err *e, const char *column, const char *what, const char *v,
    size_t vlen)
{
	if (v == NULL)
		return weir_bad_rec(&w->bad, &w->tmp, e, NULL, r, column, "%s",
		    what);
	return weir_bad_rec(&w->bad, &w->tmp, e, NULL, r, column,
	    "%s: '%.*s%s'", what, (int)(vlen > 40 ? 40 : vlen), v,
	    vlen > 40 ? "..." : "");
}

/* LIBSVM: "label idx:value ..." with 1-based indices in column order. */
static int
num_ok(const struct weir_field *f, char *buf, size_t bufsize)
{
	char *end;
	double d;

	if (f->type == WEIR_NUM)
		return 1;
	if (f->len == 0 || f->len >= bufsize)
		return 0;
	memcpy(buf, f->s, f->len);
	buf[f->len] = '\0';
	d = strtod(buf, &end);
	return *end == '\0' && isfinite(d) && !(buf[0] == ' ' || buf[0] == '\t');
}

static int
put_libsvm(struct weir_writer *w, const struct weir_rec *r, struct weir_err *e)
{
	char num[128], idx[32];
	const struct weir_field *f;
	size_t i, k;

	fill_slots(w, r);
	f = w->slot[w->label] >= 0 ? &r->f[w->slot[w->label]] : NULL;
	if (f == NULL || f->len == 0 || f->type == WEIR_NULL)
		return bad_record(w, r, e, w->hdr->name[w->label],
		    "no label value", NULL, 0);
	if (!num_ok(f, num, sizeof(num)))
		return bad_record(w, r, e, w->hdr->name[w->label],
		    "libsvm needs numbers", f->s, f->len);
	for (i = 0; i < w->ncols; i++) {
		const struct weir_field *x;

		if ((long)i == w->label || w->slot[i] < 0)
			continue;
		x = &r->f[w->slot[i]];
		if (x->len == 0 || x->type == WEIR_NULL)
			continue;
		if (x->type == WEIR_BOOL)
			continue;
		if (!num_ok(x, num, sizeof(num)))
			return bad_record(w, r, e, w->hdr->name[i],
			    "libsvm needs numbers", x->s, x->len);
	}
	if (weir_out_write(w->out, f->s, f->len) == -1)
		goto io;
	for (i = 0, k = 0; i < w->ncols; i++) {
		const struct weir_field *x;

		if ((long)i == w->label)
			continue;
		k++;
		if (w->slot[i] < 0)
			continue;
		x = &r->f[w->slot[i]];
		if (x->len == 0 || x->type == WEIR_NULL)
			continue;
		snprintf(idx, sizeof(idx), " %zu:", k);
		if (weir_out_write(w->out, idx, strlen(idx)) == -1)
			goto io;
		if (x->type == WEIR_BOOL) {
			if (weir_out_putc(w->out, x->s[0] == 't' ? '1' : '0') == -1)
				goto io;
		} else if (weir_out_write(w->out, x->s, x->len) == -1)
			goto io;
	}
	if (weir_out_putc(w->out, '\n') == -1)
		goto io;
	return 0;
io:
	*e = w->out->err;
	return -1;
}

/* table: aligned columns, so every row waits in a spill file. */
static size_t
display_width(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xC0) == 0x80)
			continue;
		n += c == '\n' || c == '\t' || c == '\r' ? 2 : 1;
	}
	return n;
}

static void
table_init(struct weir_writer *w)
{
	size_t i;

	w->width = weir_xcalloc(w->ncols ? w->ncols : 1, sizeof(*w->width));
	w->numeric = weir_xcalloc(w->ncols ? w->ncols : 1,
	    sizeof(*w->numeric));
	for (i = 0; i < w->ncols; i++) {
		w->width[i] = display_width(w->hdr->name[i], w->hdr->len[i]);
		w->numeric[i] = 1;
	}
}

static int
table_note(struct weir_writer *w, const struct weir_rec *r, struct weir_err *e)
{
	size_t i;

	if (w->width == NULL)
		table_init(w);
	if (w->spill == NULL && (w->spill = weir_spill_new(e)) == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		const struct weir_field *f = &r->f[i];
		size_t dw = display_width(f->s, f->len);

		if (dw > w->width[f->col])
			w->width[f->col] = dw;
		if (f->len > 0 && f->type != WEIR_NUM &&
		    !weir_text_is_number(f->s, f->len))
			w->numeric[f->col] = 0;
	}
	return weir_spill_put(w->spill, r, e);
}

static int
table_cell(struct weir_writer *w, const char *s, size_t len, size_t col,
    int last)
{
	size_t dw = display_width(s, len), pad = w->width[col] - dw, i;
	int right = w->numeric[col];

	if (right)
		for (i = 0; i < pad; i++)
			if (weir_out_putc(w->out, ' ') == -1)
				return -1;
	for (i = 0; i < len; i++) {
		int rv;

		switch (s[i]) {
		case '\n': rv = weir_out_write(w->out, "\\n", 2); break;
		case '\t': rv = weir_out_write(w->out, "\\t", 2); break;
		case '\r': rv = weir_out_write(w->out, "\\r", 2); break;
		default: rv = weir_out_putc(w->out, s[i]);
		}
		if (rv == -1)
			return -1;
	}
	if (!right && !last)
		for (i = 0; i < pad; i++)
			if (weir_out_putc(w->out, ' ') == -1)
				return -1;
	return last ? weir_out_putc(w->out, '\n') :
	    weir_out_write(w->out, "  ", 2);
}

static int
table_flush(struct weir_writer *w, struct weir_err *e)
{
	const struct weir_rec *r;
	size_t i;
	int rv;

	if (w->ncols == 0)
		return 0;
	if (w->width == NULL)
		table_init(w);	/* no records: the header alone */
	for (i = 0; i < w->ncols; i++)
		if (table_cell(w, w->hdr->name[i], w->hdr->len[i], i,
		    i + 1 == w->ncols) == -1)
			goto io;
	if (w->spill == NULL)
		return 0;
	if (weir_spill_rewind(w->spill, e) == -1)
		return -1;
	while ((rv = weir_spill_next(w->spill, &r, e)) == 1) {
		fill_slots(w, r);
		for (i = 0; i < w->ncols; i++) {
			const struct weir_field *f = w->slot[i] >= 0 ?
			    &r->f[w->slot[i]] : NULL;

			if (table_cell(w, f ? f->s : "", f ? f->len : 0, i,
			    i + 1 == w->ncols) == -1)
				goto io;
		}
	}
	return rv;
io:
	*e = w->out->err;
	return -1;
}

struct weir_writer *
weir_writer_new(struct weir_out *out, const struct weir_wopts *o,
    const struct weir_header *hdr, struct weir_err *e)
{
	struct weir_writer *w = weir_xcalloc(1, sizeof(*w));

	w->out = out;
	w->o = *o;
	w->hdr = hdr;
	w->label = -1;
	w->root.col = -1;
	if (w->o.delim == 0)
		w->o.delim = ',';
	if (w->o.sep == NULL)
		w->o.sep = ".";
	if (w->o.fmt == WEIR_F_LIBSVM && w->o.label == NULL) {
		weir_errf(e, EX_USAGE, "libsvm output needs --label COLUMN");
		free(w);
		return NULL;
	}
	return w;
}

static int
start(struct weir_writer *w, struct weir_err *e)
{
	if (w->o.fmt == WEIR_F_LIBSVM) {
		w->label = weir_header_find(w->hdr, w->o.label,
		    strlen(w->o.label));
		if (w->label < 0)
			return weir_errf(e, EX_USAGE, "no column '%s' for "
			    "--label", w->o.label);
	}
	if (weir_fmt_flat(w->o.fmt))
		return put_header(w, e);
	w->started = 1;
	return 0;
}

int
weir_writer_put(struct weir_writer *w, const struct weir_rec *r,
    struct weir_err *e)
{
	int rv;

	if (!w->started && start(w, e) == -1)
		return -1;
	switch (w->o.fmt) {
	case WEIR_F_NDJSON:
	case WEIR_F_JSON:
		rv = put_json(w, r, e);
		break;
	case WEIR_F_LIBSVM:
		rv = put_libsvm(w, r, e);
		break;
	case WEIR_F_TABLE:
		rv = table_note(w, r, e);
		break;
	default:
		if (is_identity(r, w->ncols))
			rv = w->o.fmt == WEIR_F_CSV ?
			    put_csv_row(w, r->f, r->n) :
			    put_row(w, r->f, r->n, NULL);
		else {
			fill_slots(w, r);
			rv = put_row(w, r->f, w->ncols, w->slot);
		}
		if (rv == -1)
			*e = w->out->err;
	}
	if (rv == 0)
		w->nrec++;
	return rv;
}

const struct weir_badrec *
weir_writer_bad(const struct weir_writer *w)
{
	return &w->bad;
}

int
weir_writer_close(struct weir_writer *w, struct weir_err *e)
{
	if (!w->started && start(w, e) == -1)
		return -1;
	if (w->o.fmt == WEIR_F_TABLE)
		return table_flush(w, e);
	if (w->o.fmt == WEIR_F_JSON &&
	    weir_out_write(w->out, w->nrec ? "\n]\n" : "[]\n", 3) == -1) {
		*e = w->out->err;
		return -1;
	}
	return 0;
}

void
weir_writer_free(struct weir_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->njname; i++)
		weir_buf_release(&w->jname[i]);
	free(w->jname);
	free(w->slot);
	free(w->width);
	free(w->numeric);
	weir_spill_free(w->spill);
	unode_free(&w->root);
	weir_buf_release(&w->tmp);
	free(w);
}
