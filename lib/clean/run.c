/*
 * run.c - records past the fill: the late steps, dedup, sort and the
 * columns left empty, then out; the counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "err.h"
#include "internal.h"
#include "lineage.h"
#include "sortkey.h"
#include "text.h"

enum { PH_FILL, PH_DEDUP, PH_SORT, PH_HOLD, PH_DONE };

int
weir_clean_setup(struct weir_clean *c, struct weir_err *e)
{
	const struct weir_clean_opts *o = c->o;
	size_t mem = o->memory;

	(void)e;
	weir_clean_stats_setup(c);
	if (c->ndkey > 0 && c->nskey > 0)
		mem /= 2;
	if (c->ndkey > 0)
		c->dedup = weir_dedup_new(mem, o->keep_last);
	if (c->nskey > 0)
		c->sort = weir_sorter_new(mem);
	weir_header_init(&c->finalh);
	return 0;
}

const struct weir_header *
weir_clean_header(const struct weir_clean *c)
{
	if (!c->o->drop_empty_columns)
		return &c->h;
	return c->phase >= PH_SORT ? &c->finalh : NULL;
}

int
weir_clean_two_pass(const struct weir_clean *c)
{
	return c->two_pass;
}

const struct weir_clean_counts *
weir_clean_counts(const struct weir_clean *c)
{
	return &c->n;
}

void
weir_clean_set_ragged(struct weir_clean *c, unsigned long padded,
    unsigned long truncated)
{
	c->n.padded = padded;
	c->n.truncated = truncated;
}

int
weir_clean_first(struct weir_clean *c, const struct weir_rec *in,
    const struct weir_rec **out, struct weir_err *e)
{
	int rv;

	c->n.in++;
	*out = NULL;
	weir_clean_load(c, in, 1);
	if ((rv = weir_clean_early(c, in, e)) != 0)
		return rv == WEIR_BAD ? 0 : -1;
	if (c->two_pass && weir_clean_observe(c, e) == -1)
		return -1;
	*out = weir_clean_rec(c);
	return 0;
}

int
weir_clean_stats_done(struct weir_clean *c, struct weir_err *e)
{
	return weir_clean_stats_finish(c, e);
}

int
weir_clean_put(struct weir_clean *c, const struct weir_rec *rec,
    struct weir_err *e)
{
	return weir_clean_fill(c, rec, e);
}

/* The key of a record for --dedup-by or --sort-by, from c->v. */
static void
key(struct weir_clean *c, int sort)
{
	size_t i, n = sort ? c->nskey : c->ndkey, col;
	const struct val *v;
	const char *s;
	size_t len;
	int kind;

	weir_buf_reset(&c->key);
	for (i = 0; i < n; i++) {
		col = sort ? c->skey[i].col : c->dkey[i];
		kind = sort ? c->skey[i].kind : WEIR_SK_TEXT;
		v = &c->v[col];
		s = weir_clean_missing(v) ? "" : v->s;
		len = weir_clean_missing(v) ? 0 : v->len;
		if (!sort && c->o->ignore_case &&
		    weir_text_fold(&c->tmp, s, len)) {
			s = c->tmp.p;
			len = c->tmp.len;
		}
		/* Missing and empty are one value; JSON null too. */
		weir_sortkey_add(&c->key, kind, s, len);
	}
}

/* A record that will be written: sorted, held, or ready now. */
static int
collect(struct weir_clean *c, const struct weir_rec *rec, struct weir_err *e)
{
	size_t i;

	if (rec != &c->rec)
		weir_clean_load(c, rec, 0);
	if (c->o->drop_empty_columns)
		for (i = 0; i < rec->n; i++)
			if (rec->f[i].len > 0 && rec->f[i].type != WEIR_NULL)
				c->col[rec->f[i].col].nonempty = 1;
	if (c->sort != NULL) {
		key(c, 1);
		return weir_sorter_put(c->sort, c->key.p, c->key.len, rec, e);
	}
	if (c->o->drop_empty_columns) {
		if (c->hold == NULL && (c->hold = weir_spill_new(e)) == NULL)
			return -1;
		return weir_spill_put(c->hold, rec, e);
	}
	c->ready = rec;
	return 0;
}

int
weir_clean_after_fill(struct weir_clean *c, struct weir_err *e)
{
	const struct weir_rec *rec;
	int rv;

	if ((rv = weir_clean_late(c, e)) != 1)
		return rv;
	rec = weir_clean_rec(c);
	if (c->dedup != NULL) {
		key(c, 0);
		if ((rv = weir_dedup_put(c->dedup, c->key.p, c->key.len, rec,
		    e)) != 1)
			return rv;
	}
	return collect(c, rec, e);
}

int
weir_clean_end(struct weir_clean *c, struct weir_err *e)
{
	c->ended = 1;
	c->phase = PH_FILL;
	return weir_clean_fill_end(c, e);
}

/* The header without the columns no record had a value in. */
static void
final_columns(struct weir_clean *c)
{
	size_t *keep = weir_xcalloc(c->h.n + 1, sizeof(*keep)), j, n = 0;

	for (j = 0; j < c->h.n; j++) {
		if (!c->col[j].nonempty) {
			c->n.empty_columns++;
			continue;
		}
		keep[n++] = j;
		weir_header_add(&c->finalh, c->h.name[j], c->h.len[j]);
	}
	weir_proj_init(&c->final, keep, n);
	free(keep);
}

static const struct weir_rec *
final(struct weir_clean *c, const struct weir_rec *rec)
{
	return c->o->drop_empty_columns ? weir_proj_apply(&c->final, rec) : rec;
}

/* After the input: the steps that held records let them go, in order. */
static int
drain(struct weir_clean *c, struct weir_err *e)
{
	const struct weir_rec *rec;
	const void *k;
	size_t klen;
	int rv;

	switch (c->phase) {
	case PH_FILL:
		c->phase = PH_DEDUP;
		if (c->dedup != NULL && weir_dedup_finish(c->dedup, e) == -1)
			return -1;
		return 1;
	case PH_DEDUP:
		if (c->dedup != NULL &&
		    (rv = weir_dedup_next(c->dedup, &rec, e)) != 0)
			return rv == -1 ? -1 : collect(c, rec, e) == -1 ? -1 : 1;
		c->phase = PH_SORT;
		if (c->o->drop_empty_columns)
			final_columns(c);
		if (c->sort != NULL && weir_sorter_sort(c->sort, e) == -1)
			return -1;
		if (c->hold != NULL && weir_spill_rewind(c->hold, e) == -1)
			return -1;
		return 1;
	case PH_SORT:
		if (c->sort != NULL &&
		    (rv = weir_sorter_next(c->sort, &rec, &k, &klen, e)) != 0) {
			if (rv == 1)
				c->ready = final(c, rec);
			return rv;
		}
		c->phase = PH_HOLD;
		return 1;
	case PH_HOLD:
		if (c->hold != NULL &&
		    (rv = weir_spill_next(c->hold, &rec, e)) != 0) {
			if (rv == 1)
				c->ready = final(c, rec);
			return rv;
		}
		c->phase = PH_DONE;
		return 0;
	}
	return 0;
}

int
weir_clean_get(struct weir_clean *c, const struct weir_rec **rec,
    struct weir_err *e)
{
	int rv;

	for (;;) {
		if (c->ready != NULL) {
			*rec = c->ready;
			c->ready = NULL;
			c->n.out++;
			return 1;
		}
		if (weir_clean_fill_draining(c)) {
			if ((rv = weir_clean_fill_next(c, e)) == -1)
				return -1;
			continue;
		}
		if (!c->ended)
			return 0;
		if ((rv = drain(c, e)) <= 0)
			return rv;
	}
}

static void
say(const char *what, unsigned long n, const char *name, int verbose)
{
	if (n == 0)
		return;
	if (verbose)
		weir_note("%s: %lu", what, n);
	weir_lineage_count(name, (double)n);
}

void
weir_clean_report(const struct weir_clean *c, int verbose)
{
	const struct weir_clean_counts *n = &c->n;

	say("rows padded (--ragged)", n->padded, "padded", verbose);
	say("rows truncated (--ragged)", n->truncated, "truncated", verbose);
	say("nulls recognised", n->nulls, "nulls", verbose);
	say("values trimmed", n->trimmed, "trimmed", verbose);
	say("values squeezed", n->squeezed, "squeezed", verbose);
	say("values normalized", n->normalized, "normalized", verbose);
	say("values recased", n->cased, "recased", verbose);
	say("values coerced", n->coerced, "coerced", verbose);
	say("values not coercible, now missing", n->coerce_nulled,
	    "coerce_nulled", verbose);
	say("cells filled", n->filled, "filled", verbose);
	say("values clipped", n->clipped, "clipped", verbose);
	say("outliers", n->outliers, "outliers", verbose);
	say("empty rows dropped", n->empty_rows, "empty_rows", verbose);
	say("records filtered out (--where)", n->filtered, "filtered",
	    verbose);
	say("duplicates removed", c->dedup != NULL ?
	    weir_dedup_removed(c->dedup) : 0, "duplicates", verbose);
	say("empty columns dropped", n->empty_columns, "empty_columns",
	    verbose);
	if (verbose)
		weir_note("records: %lu in, %lu out", n->in, n->out);
	weir_lineage_count("records_in", (double)n->in);
	weir_lineage_count("records_out", (double)n->out);
}

void
weir_clean_free(struct weir_clean *c)
{
	size_t i;

	if (c == NULL)
		return;
	weir_clean_stats_free(c);
	weir_clean_fill_free(c);
	for (i = 0; i < c->h.n && c->col != NULL; i++) {
		free(c->col[i].fill_value);
		weir_buf_release(&c->col[i].last);
	}
	free(c->col);
	for (i = 0; i < c->nnull; i++)
		free(c->nullv[i]);
	free(c->nullv);
	free(c->nulllen);
	if (c->have_schema)
		weir_schema_release(&c->schema);
	for (i = 0; i < c->nwhere; i++)
		weir_where_free(c->where[i].w);
	free(c->where);
	free(c->dkey);
	free(c->skey);
	free(c->outof);
	free(c->v);
	weir_arena_release(&c->arena);
	weir_buf_release(&c->tmp);
	weir_buf_release(&c->key);
	weir_buf_release(&c->badraw);
	weir_rec_release(&c->rec);
	weir_dedup_free(c->dedup);
	weir_sorter_free(c->sort);
	weir_spill_free(c->hold);
	weir_proj_release(&c->final);
	weir_header_release(&c->finalh);
	weir_header_release(&c->h);
	free(c);
}
