/*
 * append.c - several record streams as one: the header is the union of
 * theirs by name, in order of first appearance (csvstack, DuckDB's
 * union_by_name), a record's missing columns empty.  Headers are read
 * ahead; records stream, one input after the other.
 */
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "merge.h"
#include "mem.h"

/* Two headers with the same names, in any order. */
static int
same_names(const struct weir_header *a, const struct weir_header *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (weir_header_find(b, a->name[i], a->len[i]) < 0)
			return 0;
	return 1;
}

static int
check_strict(struct weir_source *in, char *const *names, size_t n,
    struct weir_err *e)
{
	const struct weir_header *h0 = weir_source_header(&in[0]), *h;
	size_t i, k;

	for (i = 1; i < n; i++) {
		h = weir_source_header(&in[i]);
		if (same_names(h0, h))
			continue;
		for (k = 0; k < h->n && weir_header_find(h0, h->name[k],
		    h->len[k]) >= 0; k++)
			;
		if (k < h->n)
			return weir_errf(e, EX_DATAERR, "%s: column '%s' is not "
			    "in %s (--strict-columns)", names[i], h->name[k],
			    names[0]);
		for (k = 0; k < h0->n && weir_header_find(h, h0->name[k],
		    h0->len[k]) >= 0; k++)
			;
		return weir_errf(e, EX_DATAERR, "%s: no column '%s', which %s "
		    "has (--strict-columns)", names[i], h0->name[k], names[0]);
	}
	return 0;
}

int
weir_append_run(const struct weir_append_opts *o, struct weir_source *in,
    char *const *names, size_t n, struct weir_sink *out,
    const struct weir_wopts *wo, unsigned long *count, struct weir_err *e)
{
	struct weir_remap u;
	struct weir_proj proj;
	struct weir_header sel;
	struct weir_rec withsrc = { NULL, 0, 0, NULL, 0 };
	const struct weir_header *h;
	const struct weir_rec *r, *m;
	size_t i, k, srccol = 0, *cols = NULL, ncols = 0;
	int rv = -1, have_proj = 0;

	weir_remap_init(&u);
	weir_header_init(&sel);
	if (o->strict && check_strict(in, names, n, e) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		weir_remap_restart(&u);
		weir_remap_sync(&u, weir_source_header(&in[i]));
	}
	if (o->source_column != NULL) {
		if (weir_header_find(&u.to, o->source_column,
		    strlen(o->source_column)) >= 0) {
			weir_errf(e, EX_USAGE, "--source-column %s: the inputs "
			    "have such a column already", o->source_column);
			goto out;
		}
		srccol = weir_header_add(&u.to, o->source_column,
		    strlen(o->source_column));
	}
	h = &u.to;
	if (o->columns != NULL) {
		if (weir_cols_parse(o->columns, &u.to, "--columns", &cols,
		    &ncols, e) == -1)
			goto out;
		for (k = 0; k < ncols; k++)
			weir_header_intern(&sel, u.to.name[cols[k]],
			    u.to.len[cols[k]]);
		weir_proj_init(&proj, cols, ncols);
		have_proj = 1;
		h = &sel;
	}
	if (weir_sink_start(out, wo, h, e) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		weir_remap_restart(&u);
		weir_remap_sync(&u, weir_source_header(&in[i]));
		while ((rv = weir_source_next(&in[i], &r, e)) == 1) {
			m = weir_remap_apply(&u, weir_source_header(&in[i]), r);
			if (o->source_column != NULL) {
				withsrc.n = 0;
				for (k = 0; k < m->n; k++)
					*weir_rec_push(&withsrc, NULL, 0, 0, 0) =
					    m->f[k];
				weir_rec_push(&withsrc, names[i],
				    strlen(names[i]), srccol, WEIR_STR);
				withsrc.src = m->src;
				withsrc.line = m->line;
				m = &withsrc;
			}
			if (have_proj)
				m = weir_proj_apply(&proj, m);
			(*count)++;
			if (weir_sink_put(out, m, e) == -1) {
				rv = -1;
				goto out;
			}
		}
		if (rv == -1)
			goto out;
	}
	rv = 0;
out:
	weir_remap_release(&u);
	weir_rec_release(&withsrc);
	weir_header_release(&sel);
	if (have_proj)
		weir_proj_release(&proj);
	free(cols);
	return rv;
}
