#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "badrows.h"
#include "json.h"
#include "lineage.h"
#include "mem.h"

static const char header[] = "source,line,column,reason,record\n";

static int
rec_is_text(const struct weir_rec *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->f[i].type != WEIR_TEXT)
			return 0;
	return 1;
}

/* JSON input keeps its types: the bad record is written back as JSON. */
static void
json_text(struct weir_buf *b, const struct weir_header *h,
    const struct weir_rec *rec)
{
	size_t i;

	weir_buf_addc(b, '{');
	for (i = 0; i < rec->n; i++) {
		const struct weir_field *f = &rec->f[i];

		if (i)
			weir_buf_addc(b, ',');
		weir_json_put_string(b, h->name[f->col], h->len[f->col]);
		weir_buf_addc(b, ':');
		switch (f->type) {
		case WEIR_NULL:
			weir_buf_adds(b, "null");
			break;
		case WEIR_NUM:
		case WEIR_BOOL:
		case WEIR_JSON:
			weir_buf_add(b, f->s, f->len);
			break;
		default:
			weir_json_put_string(b, f->s, f->len);
		}
	}
	weir_buf_addc(b, '}');
}

int
weir_bad_init(struct weir_bad *b, const char *path, long max,
    struct weir_err *e)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->max = max;
	if (path == NULL)
		return 0;
	if (weir_out_open(&b->out, path, 0, 0, e) == -1)
		return -1;
	b->open = 1;
	return weir_out_write(&b->out, header, sizeof(header) - 1);
}

int
weir_bad_put(struct weir_bad *b, const struct weir_badrec *r,
    struct weir_err *e)
{
	struct weir_field f[5];
	struct weir_buf line = WEIR_BUF_INIT;
	char num[32];
	int rv;

	b->count++;
	if (!b->open) {
		/* --max-bad without a file: say what is skipped, on stderr. */
		if (b->max <= 0)
			return -1;	/* e already names the record */
		if (b->count > (unsigned long)b->max) {
			char why[sizeof(e->msg)];

			snprintf(why, sizeof(why), "%s", e->msg);
			return weir_errf(e, EX_DATAERR, "more than %ld bad "
			    "records (--max-bad); the last: %s", b->max, why);
		}
		weir_note("%s (skipped)", e->msg);
		return 0;
	}
	if (b->max >= 0 && b->count > (unsigned long)b->max) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		return weir_errf(e, EX_DATAERR, "more than %ld bad records "
		    "(--max-bad); the last: %s", b->max, why);
	}
	snprintf(num, sizeof(num), "%lu", r->line);
	memset(f, 0, sizeof(f));
	f[0].s = r->src ? r->src : "-";
	f[1].s = num;
	f[2].s = r->column ? r->column : "";
	f[3].s = r->reason;
	f[4].s = r->raw ? r->raw : "";
	f[4].len = r->raw ? r->rawlen : 0;
	f[0].len = strlen(f[0].s);
	f[1].len = strlen(f[1].s);
	f[2].len = strlen(f[2].s);
	f[3].len = strlen(f[3].s);
	weir_bad_csv(&line, f, 5, ',');
	weir_buf_addc(&line, '\n');
	rv = weir_out_write(&b->out, line.p, line.len);
	weir_buf_release(&line);
	if (rv == -1) {
		*e = b->out.err;
		return -1;
	}
	return 0;
}

int
weir_bad_finish(struct weir_bad *b, struct weir_err *e)
{
	weir_lineage_bad(b->count, b->path);
	if (!b->open) {
		if (b->count > 0)
			weir_note("%lu bad record%s skipped", b->count,
			    b->count == 1 ? "" : "s");
		return 0;
	}
	b->open = 0;
	b->out.records = (int64_t)b->count;
	if (weir_out_commit(&b->out, e) == -1)
		return -1;
	if (b->count > 0)
		weir_note("%lu bad record%s written to '%s'", b->count,
		    b->count == 1 ? "" : "s", b->path);
	return 0;
}

void
weir_bad_abort(struct weir_bad *b)
{
	if (b->open)
		weir_out_abort(&b->out);
	b->open = 0;
}

int
weir_bad_set(struct weir_badrec *bad, struct weir_err *e, const char *src,
    unsigned long line, const char *column, const char *raw, size_t rawlen,
    const char *fmt, ...)
{
	va_list ap;

	bad->src = src;
	bad->line = line;
	bad->column = column;
	bad->raw = raw;
	bad->rawlen = rawlen;
	va_start(ap, fmt);
	vsnprintf(bad->reason, sizeof(bad->reason), fmt, ap);
	va_end(ap);
	if (column != NULL)
		weir_errf(e, EX_DATAERR, "%s:%lu: column '%s': %s", src, line,
		    column, bad->reason);
	else
		weir_errf(e, EX_DATAERR, "%s:%lu: %s", src, line, bad->reason);
	return WEIR_BAD;
}

int
weir_bad_rec(struct weir_badrec *bad, struct weir_buf *raw, struct weir_err *e,
    const struct weir_header *h, const struct weir_rec *rec,
    const char *column, const char *fmt, ...)
{
	char why[sizeof(bad->reason)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	weir_buf_reset(raw);
	weir_buf_grow(raw, 0);	/* bad->raw is never NULL */
	if (h == NULL || rec_is_text(rec))
		weir_bad_csv(raw, rec->f, rec->n, ',');
	else
		json_text(raw, h, rec);
	return weir_bad_set(bad, e, rec->src ? rec->src : "-", rec->line,
	    column, raw->p, raw->len, "%s", why);
}

/* Minimal quoting: only what RFC 4180 needs. */
void
weir_bad_csv(struct weir_buf *b, const struct weir_field *f,
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
