/*
 * reader.c - what every format reader needs from the reader core: the
 * header set once, with duplicate names renamed, and newline counting for
 * line numbers.  Format readers call down into this file; stream.c calls
 * the format readers; nothing calls back up.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "reader.h"

unsigned long
weir_count_nl(const char *s, size_t n)
{
	const char *e = s + n;
	unsigned long k = 0;

	while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

int
weir_reader_set_header(struct weir_reader *r, const char **names,
    const size_t *lens, size_t n, struct weir_err *e)
{
	char **dup = weir_xcalloc(n, sizeof(*dup));
	size_t *dlen = weir_xcalloc(n, sizeof(*dlen));
	size_t i;
	int rv = -1;

	for (i = 0; i < n; i++) {
		size_t bad = weir_utf8_check(names[i], lens[i]);

		if (bad != lens[i]) {
			weir_errf(e, EX_DATAERR, "%s:1: invalid UTF-8 in the "
			    "name of column %zu (byte %zu)", r->in.name, i + 1,
			    bad + 1);
			goto out;
		}
		dup[i] = weir_xmemdup(names[i], lens[i]);
		dlen[i] = lens[i];
	}
	r->renamed = weir_names_dedup(dup, dlen, n);
	if (r->renamed > 0) {
		r->orig = weir_xcalloc(n, sizeof(*r->orig));
		r->norig = n;
	}
	for (i = 0; i < n; i++) {
		if (dlen[i] != lens[i] || memcmp(dup[i], names[i], lens[i])) {
			weir_warn("%s:1: duplicate column '%.*s' renamed '%s'",
			    r->in.name, (int)lens[i], names[i], dup[i]);
			r->orig[i] = weir_xmemdup(names[i], lens[i]);
		}
		weir_header_add(&r->hdr, dup[i], dlen[i]);
	}
	rv = 0;
out:
	for (i = 0; i < n; i++)
		free(dup[i]);
	free(dup);
	free(dlen);
	return rv;
}

int
weir_reader_fit(struct weir_reader *r)
{
	size_t i;

	if (r->rec.n < r->hdr.n && (r->opts.ragged & WEIR_RAGGED_PAD)) {
		for (i = r->rec.n; i < r->hdr.n; i++)
			weir_rec_push(&r->rec, "", 0, i, WEIR_TEXT)->plain = 1;
		r->padded++;
		return 1;
	}
	if (r->rec.n > r->hdr.n && (r->opts.ragged & WEIR_RAGGED_TRUNCATE)) {
		r->rec.n = r->hdr.n;
		r->truncated++;
		return 1;
	}
	return r->rec.n == r->hdr.n;
}
