#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "reader.h"
#include "transcode.h"

static const struct {
	const char	*name;
	int		 fmt;
} fmts[] = {
	{ "csv", WEIR_F_CSV }, { "tsv", WEIR_F_TSV },
	{ "ndjson", WEIR_F_NDJSON }, { "jsonl", WEIR_F_NDJSON },
	{ "json", WEIR_F_JSON }, { "libsvm", WEIR_F_LIBSVM },
	{ "markdown", WEIR_F_MARKDOWN }, { "md", WEIR_F_MARKDOWN },
	{ "table", WEIR_F_TABLE },
};

int
weir_fmt_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcasecmp(name, fmts[i].name) == 0)
			return fmts[i].fmt;
	return -1;
}

const char *
weir_fmt_name(int fmt)
{
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (fmts[i].fmt == fmt)
			return fmts[i].name;
	return "auto";
}

int
weir_fmt_readable(int fmt)
{
	return fmt >= WEIR_F_CSV && fmt <= WEIR_F_JSON;
}

int
weir_fmt_flat(int fmt)
{
	return fmt != WEIR_F_NDJSON && fmt != WEIR_F_JSON;
}

/* Make at least n bytes visible, unless the input ends first. */
static int
peek(struct weir_reader *r, size_t n, struct weir_err *e)
{
	while (r->in.len - r->in.pos < n && !r->in.eof)
		if (weir_in_more(&r->in, e) == -1)
			return -1;
	return 0;
}

static int
sniff(struct weir_reader *r, struct weir_err *e)
{
	size_t i;

	for (i = 0;; i++) {
		if (peek(r, i + 1, e) == -1)
			return -1;
		if (r->in.pos + i >= r->in.len)
			return WEIR_F_CSV;
		switch (r->in.buf[r->in.pos + i]) {
		case ' ': case '\t': case '\r': case '\n':
			if (i < 1 << 20)
				continue;
			return WEIR_F_CSV;
		case '{':
			return WEIR_F_NDJSON;
		case '[':
			return WEIR_F_JSON;
		default:
			return WEIR_F_CSV;
		}
	}
}

struct weir_reader *
weir_reader_open(const char *path, const struct weir_ropts *o,
    struct weir_err *e)
{
	struct weir_reader *r = weir_xcalloc(1, sizeof(*r));
	int rv;

	r->opts = *o;
	if (r->opts.sep == NULL)
		r->opts.sep = ".";
	if (r->opts.delim == 0)
		r->opts.delim = ',';
	weir_header_init(&r->hdr);
	if (weir_in_open(&r->in, path, o->hash ? WEIR_IN_HASH : 0, e) == -1) {
		free(r);
		return NULL;
	}
	if (o->encoding != WEIR_ENC_UTF8 &&
	    weir_in_set_encoding(&r->in, o->encoding, e) == -1)
		goto fail;
	if (peek(r, 3, e) == -1)
		goto fail;
	if (r->in.len - r->in.pos >= 3 &&
	    memcmp(r->in.buf + r->in.pos, "\xEF\xBB\xBF", 3) == 0)
		r->in.pos += 3;
	r->fmt = o->fmt;
	if (r->fmt == WEIR_F_AUTO && (r->fmt = sniff(r, e)) == -1)
		goto fail;
	switch (r->fmt) {
	case WEIR_F_CSV:
		rv = weir_csv_reader_init(r, e);
		break;
	case WEIR_F_TSV:
		rv = weir_tsv_reader_init(r, e);
		break;
	case WEIR_F_NDJSON:
		rv = weir_ndjson_reader_init(r, e);
		break;
	case WEIR_F_JSON:
		rv = weir_jsonarr_reader_init(r, e);
		break;
	default:
		rv = weir_errf(e, EX_USAGE, "cannot read %s",
		    weir_fmt_name(r->fmt));
	}
	if (rv == -1)
		goto fail;
	return r;
fail:
	weir_reader_free(r);
	return NULL;
}

int
weir_reader_next(struct weir_reader *r, const struct weir_rec **rec,
    struct weir_err *e)
{
	int rv;

	r->rec.n = 0;
	rv = r->next(r, e);
	if (rv == 1) {
		r->rec.src = r->in.name;
		r->nrec++;
		*rec = &r->rec;
	}
	return rv;
}

const struct weir_badrec *
weir_reader_bad(const struct weir_reader *r)
{
	return &r->bad;
}

const struct weir_header *
weir_reader_header(const struct weir_reader *r)
{
	return &r->hdr;
}

int
weir_reader_fixed(const struct weir_reader *r)
{
	return r->fixed;
}

int
weir_reader_format(const struct weir_reader *r)
{
	return r->fmt;
}

struct weir_in *
weir_reader_in(struct weir_reader *r)
{
	return &r->in;
}

unsigned long
weir_reader_records(const struct weir_reader *r)
{
	return r->nrec;
}

const char *const *
weir_reader_orig(const struct weir_reader *r)
{
	return (const char *const *)r->orig;
}

size_t
weir_reader_renamed(const struct weir_reader *r)
{
	return r->renamed;
}

void
weir_reader_free(struct weir_reader *r)
{
	if (r == NULL)
		return;
	if (r->free != NULL)
		r->free(r);
	weir_in_close(&r->in);
	weir_header_release(&r->hdr);
	weir_rec_release(&r->rec);
	weir_buf_release(&r->badraw);
	if (r->orig != NULL) {
		size_t i;

		for (i = 0; i < r->norig; i++)
			free(r->orig[i]);
		free(r->orig);
	}
	free(r);
}
