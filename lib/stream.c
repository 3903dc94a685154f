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

/*
 * The CSV delimiter when -d was not given, from the first records: of
 * ',' ';' tab and '|', the one that occurs (outside quotes) in the first
 * line and the same number of times in every sampled record; the most
 * frequent such, earlier in that list on a tie.  Failing that (ragged
 * data), the most frequent in the first line; failing that, ','.  The
 * sample is at most SNIFF_RECORDS records or SNIFF_BYTES bytes, whichever
 * comes first, and only whole records count.
 */
#define SNIFF_RECORDS	20
#define SNIFF_BYTES	65536

static const char delims[] = { ',', ';', '\t', '|' };

static int
sniff_delim(struct weir_reader *r, struct weir_err *e)
{
	unsigned long first[4] = { 0 }, cur[4] = { 0 };
	int consistent[4] = { 1, 1, 1, 1 }, quoted = 0;
	size_t i, k, nrec = 0, best = 4;
	const char *s;
	char c;

	for (i = 0; nrec < SNIFF_RECORDS && i < SNIFF_BYTES; i++) {
		if (peek(r, i + 1, e) == -1)
			return -1;
		if (r->in.pos + i >= r->in.len)
			break;			/* the last record is not whole */
		s = r->in.buf + r->in.pos;
		if ((c = s[i]) == '"')
			quoted = !quoted;
		else if (!quoted && c == '\n') {
			if (i == 0 || s[i - 1] == '\n' ||
			    (s[i - 1] == '\r' && (i < 2 || s[i - 2] == '\n')))
				continue;	/* a blank line */
			for (k = 0; k < 4; k++) {
				if (nrec == 0)
					first[k] = cur[k];
				else if (cur[k] != first[k])
					consistent[k] = 0;
				cur[k] = 0;
			}
			nrec++;
		} else if (!quoted)
			for (k = 0; k < 4; k++)
				cur[k] += c == delims[k];
	}
	if (nrec == 0)		/* one line with no end: it is the sample */
		for (k = 0; k < 4; k++)
			first[k] = cur[k];
	for (k = 0; k < 4; k++)
		if (first[k] > 0 && consistent[k] &&
		    (best == 4 || first[k] > first[best]))
			best = k;
	if (best == 4)
		for (k = 0; k < 4; k++)
			if (first[k] > 0 && (best == 4 || first[k] > first[best]))
				best = k;
	r->opts.delim = best == 4 ? ',' : delims[best];
	weir_info("%s: delimiter '%s' (detected)", r->in.name,
	    r->opts.delim == '\t' ? "tab" : (char[]){ (char)r->opts.delim,
	    '\0' });
	return 0;
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
	weir_header_init(&r->hdr);
	if (weir_in_open(&r->in, path, (o->hash ? WEIR_IN_HASH : 0) |
	    (o->probe ? WEIR_IN_PROBE : 0), e) == -1) {
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
	if (r->opts.delim == 0) {
		if (r->fmt == WEIR_F_CSV && sniff_delim(r, e) == -1)
			goto fail;
		if (r->opts.delim == 0)
			r->opts.delim = ',';
	}
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

struct weir_reader *
weir_reader_open_part(const struct weir_reader *first, uint64_t start,
    uint64_t end, unsigned long line, struct weir_err *e)
{
	struct weir_reader *r = weir_xcalloc(1, sizeof(*r));
	size_t i;
	int rv;

	r->opts = first->opts;
	r->fmt = first->fmt;
	r->part = 1;
	r->first_line = line;
	weir_header_init(&r->hdr);
	/* NDJSON's header grows as keys come: each part makes its own */
	for (i = 0; first->fixed && i < first->hdr.n; i++)
		weir_header_add(&r->hdr, first->hdr.name[i], first->hdr.len[i]);
	if (weir_in_open_part(&r->in, &first->in, start, end, e) == -1) {
		weir_header_release(&r->hdr);
		free(r);
		return NULL;
	}
	if (r->fmt == WEIR_F_CSV)
		rv = weir_csv_reader_init(r, e);
	else if (r->fmt == WEIR_F_TSV)
		rv = weir_tsv_reader_init(r, e);
	else if (r->fmt == WEIR_F_NDJSON)
		rv = weir_ndjson_reader_init(r, e);
	else
		rv = weir_errf(e, EX_SOFTWARE, "%s: only CSV, TSV and NDJSON "
		    "are read in parts", first->in.name);
	if (rv == -1) {
		weir_reader_free(r);
		return NULL;
	}
	return r;
}

int
weir_reader_limit(struct weir_reader *r, uint64_t end)
{
	if (r->fmt != WEIR_F_CSV && r->fmt != WEIR_F_TSV &&
	    r->fmt != WEIR_F_NDJSON)
		return -1;
	return weir_in_limit(&r->in, end);
}

void
weir_reader_absorb(struct weir_reader *r, const struct weir_reader *part)
{
	r->nrec += part->nrec;
	r->padded += part->padded;
	r->truncated += part->truncated;
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

void
weir_reader_ragged(const struct weir_reader *r, unsigned long *padded,
    unsigned long *truncated)
{
	*padded = r->padded;
	*truncated = r->truncated;
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
	r->in.records = (int64_t)r->nrec;
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
