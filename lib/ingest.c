#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "badrows.h"
#include "cols.h"
#include "ingest.h"
#include "inputs.h"
#include "io.h"
#include "lineage.h"
#include "mem.h"
#include "names.h"
#include "progress.h"
#include "schema.h"
#include "sha256.h"
#include "spill.h"
#include "state.h"
#include "stream.h"
#include "transcode.h"
#include "writer.h"

struct run {
	const struct weir_ingest_opts	*o;
	struct weir_inputs	 in;
	char			*skip;		/* per input: already ingested */
	struct weir_state	 state;
	int			 to;
	int			 flat;
	struct weir_remap	 un;		/* input names, union */
	struct weir_header	 ohdr;		/* output names */
	size_t			 doff;		/* ohdr index of ghdr column 0 */
	long			 src_col;
	long			 line_col;
	size_t			 nextra;
	size_t			 synced;	/* ghdr columns placed in ohdr */
	size_t			 first_n;	/* --strict-columns: first header */
	int			 first_done;
	struct weir_schema_bind	 schema;
	int			 have_schema;
	struct weir_infer	*inf;
	struct weir_bad		 bad;
	struct weir_out		 out;
	int			 have_out;
	struct weir_writer	*w;
	struct weir_spill	*spill;
	struct weir_rec		 orec;		/* ohdr columns */
	struct weir_badrec	 br;
	char			 linebuf[32];
	struct weir_progress	 prog;
	uint64_t		 bytes_before;
	unsigned long		 nout;
};

static void
map_schema(struct run *r)
{
	if (r->have_schema)
		weir_schema_bind_map(&r->schema, &r->ohdr);
}

static int
clash(const char *name, struct weir_err *e)
{
	return weir_errf(e, EX_DATAERR, "column '%s' is in the input: choose "
	    "another --source-column or --line-column name", name);
}

/* Output names for input columns that appeared since the last call. */
static int
sync_header(struct run *r, struct weir_err *e)
{
	char **names;
	size_t *lens, i, n = r->un.to.n;
	int rv = 0;

	if (r->synced == n)
		return 0;
	names = weir_xcalloc(n, sizeof(*names));
	lens = weir_xcalloc(n, sizeof(*lens));
	for (i = 0; i < n; i++) {
		names[i] = weir_xmemdup(r->un.to.name[i], r->un.to.len[i]);
		lens[i] = r->un.to.len[i];
	}
	/* Earlier names come out the same, so this can run again. */
	if (r->o->safe_names)
		weir_safe_names(names, lens, n);
	for (i = r->synced; i < n && rv == 0; i++) {
		if (weir_header_find(&r->ohdr, names[i], lens[i]) >= 0)
			rv = clash(names[i], e);
		else
			weir_header_add(&r->ohdr, names[i], lens[i]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(lens);
	if (rv == -1)
		return -1;
	r->synced = n;
	map_schema(r);
	return 0;
}

/* The --source-column and --line-column columns. */
static int
add_extras(struct run *r, struct weir_err *e)
{
	const char *name[2] = { r->o->source_column, r->o->line_column };
	long *col[2] = { &r->src_col, &r->line_col };
	size_t i;

	for (i = 0; i < 2; i++) {
		if (name[i] == NULL)
			continue;
		if (weir_header_find(&r->ohdr, name[i], strlen(name[i])) >= 0)
			return clash(name[i], e);
		*col[i] = (long)weir_header_add(&r->ohdr, name[i],
		    strlen(name[i]));
	}
	map_schema(r);
	return 0;
}

static int
check_required(struct run *r, struct weir_err *e)
{
	return r->have_schema ? weir_schema_bind_required(&r->schema, e) : 0;
}

/*
 * JSON output: keys in the order of the unified header, whatever the
 * file, and the provenance columns (before doff in ohdr) last.
 */
static void
sort_fields(struct weir_rec *o, size_t doff, size_t ncols)
{
	size_t i, j;

#define RANK(c)	((c) < doff ? (c) + ncols : (c))
	for (i = 1; i < o->n; i++) {
		struct weir_field t = o->f[i];

		for (j = i; j > 0 && RANK(o->f[j - 1].col) > RANK(t.col); j--)
			o->f[j] = o->f[j - 1];
		o->f[j] = t;
	}
#undef RANK
}

/* One record, in input columns, on its way out. */
static int
emit(struct run *r, const struct weir_rec *g, struct weir_err *e)
{
	struct weir_rec *o = &r->orec;
	size_t i;
	int rv;

	if (sync_header(r, e) == -1)
		return -1;
	o->n = 0;
	o->src = g->src;
	o->line = g->line;
	for (i = 0; i < g->n; i++)
		weir_rec_push(o, g->f[i].s, g->f[i].len, g->f[i].col + r->doff,
		    g->f[i].type);
	if (r->src_col >= 0)
		weir_rec_push(o, g->src, strlen(g->src), (size_t)r->src_col,
		    WEIR_TEXT);
	if (r->line_col >= 0) {
		snprintf(r->linebuf, sizeof(r->linebuf), "%lu", g->line);
		weir_rec_push(o, r->linebuf, strlen(r->linebuf),
		    (size_t)r->line_col, WEIR_TEXT);
	}
	if (!r->flat)
		sort_fields(o, r->doff, r->ohdr.n);
	if (r->have_schema && (rv = weir_schema_bind_apply(&r->schema, o,
	    &r->ohdr, &r->br, e)) == WEIR_BAD)
		return weir_bad_put(&r->bad, &r->br, e);
	if (r->inf != NULL)
		for (i = 0; i < o->n; i++)
			weir_infer_value(r->inf, o->f[i].col,
			    r->ohdr.name[o->f[i].col], o->f[i].s, o->f[i].len);
	rv = weir_writer_put(r->w, o, e);
	if (rv == WEIR_BAD)
		return weir_bad_put(&r->bad, weir_writer_bad(r->w), e);
	if (rv == 0)
		r->nout++;
	return rv;
}

static int
sink(struct run *r, const struct weir_rec *g, struct weir_err *e)
{
	if (r->spill != NULL)
		return weir_spill_put(r->spill, g, e);
	return emit(r, g, e);
}

static int
strict_check(struct run *r, struct weir_reader *rd, const char *path,
    struct weir_err *e)
{
	const struct weir_header *h = weir_reader_header(rd);
	size_t i;

	if (!r->o->strict || !r->first_done)
		return 0;
	if (!weir_reader_fixed(rd))
		return 0;
	for (i = 0; i < h->n || i < r->first_n; i++)
		if (i >= h->n || i >= r->first_n || h->len[i] != r->un.to.len[i] ||
		    memcmp(h->name[i], r->un.to.name[i], h->len[i]) != 0)
			return weir_errf(e, EX_DATAERR, "%s: the header differs "
			    "from the first input's at column %zu (%s) "
			    "(--strict-columns)", path, i + 1,
			    i < h->n ? h->name[i] : "missing");
	return 0;
}

static struct weir_reader *
open_input(struct run *r, size_t i, int probe, struct weir_err *e)
{
	struct weir_ropts ro = { 0 };

	ro.probe = probe;
	ro.fmt = r->o->cli.from;
	ro.delim = r->o->cli.delim;
	ro.flatten = r->to == WEIR_F_AUTO ? 0 : weir_fmt_flat(r->to);
	ro.encoding = r->o->encoding;
	ro.hash = r->o->state != NULL && strcmp(r->in.path[i], "-") != 0;
	return weir_reader_open(r->in.path[i], &ro, e);
}

/* Read input i (rd may be open already) into the sink. */
static int
ingest_one(struct run *r, size_t i, struct weir_reader *rd, struct weir_err *e)
{
	const char *path = r->in.path[i];
	const struct weir_header *h;
	const struct weir_rec *rec, *g;
	size_t first, k;
	struct stat st;
	int have_st, rv;

	have_st = strcmp(path, "-") != 0 && stat(path, &st) == 0;
	if (rd == NULL && (rd = open_input(r, i, 0, e)) == NULL)
		return -1;
	h = weir_reader_header(rd);
	weir_remap_restart(&r->un);
	if ((rv = strict_check(r, rd, path, e)) == -1)
		goto out;
	for (;;) {
		rv = weir_reader_next(rd, &rec, e);
		if (rv == WEIR_BAD) {
			if ((rv = weir_bad_put(&r->bad, weir_reader_bad(rd), e)) == -1)
				break;
			continue;
		}
		if (rv != 1)
			break;
		if ((first = weir_remap_sync(&r->un, h)) < h->n &&
		    r->o->strict && r->first_done)
			for (k = first; k < h->n; k++)
				if (r->un.map[k] >= r->first_n) {
					rv = weir_errf(e, EX_DATAERR, "%s:%lu: "
					    "column '%s' is not in the first "
					    "input (--strict-columns)", path,
					    rec->line, h->name[k]);
					goto out;
				}
		g = weir_remap_apply(&r->un, h, rec);
		r->un.rec.src = path;	/* outlives the reader, for a spill */
		weir_progress_tick(&r->prog, r->bytes_before +
		    weir_reader_in(rd)->raw_bytes);
		if ((rv = sink(r, g, e)) == -1)
			break;
	}
	if (rv == -1)
		goto out;
	/* A header with no records still brings its columns. */
	weir_remap_sync(&r->un, h);
	if (!r->first_done) {
		r->first_done = 1;
		r->first_n = r->un.to.n;
	}
	r->bytes_before += weir_reader_in(rd)->raw_bytes;
	if (r->o->state != NULL && have_st) {
		unsigned char d[32];
		char hex[65];

		weir_in_sha256(weir_reader_in(rd), d);
		weir_sha256_tohex(d, hex);
		weir_state_set(&r->state, path, (uint64_t)st.st_size,
		    (int64_t)st.st_mtime, hex);
	}
	rv = 0;
out:
	weir_reader_free(rd);
	return rv;
}

/* With --state, mark the inputs whose bytes were ingested before. */
static long
check_state(struct run *r, struct weir_err *e)
{
	r->skip = weir_xcalloc(r->in.n ? r->in.n : 1, 1);
	if (r->o->state == NULL)
		return (long)r->in.n;
	if (weir_state_load(&r->state, r->o->state, e) == -1)
		return -1;
	return weir_state_skip(&r->state, r->in.path, r->in.n, r->skip, e);
}

/* Is every input a file whose header can be read ahead of its records? */
static int
prescan(struct run *r, struct weir_err *e)
{
	struct weir_reader *rd;
	const struct weir_header *h;
	size_t i, k;
	int fixed = 1;

	for (i = 0; i < r->in.n && fixed; i++) {
		if (r->skip[i])
			continue;
		if (strcmp(r->in.path[i], "-") == 0)
			return 0;
		if ((rd = open_input(r, i, 1, e)) == NULL)
			return -1;
		if (r->to == WEIR_F_AUTO)
			r->to = weir_reader_format(rd);
		fixed = weir_reader_fixed(rd);
		h = weir_reader_header(rd);
		/* With --strict-columns the first header is the header. */
		if (fixed && (!r->o->strict || r->un.to.n == 0))
			for (k = 0; k < h->n; k++)
				weir_header_intern(&r->un.to, h->name[k], h->len[k]);
		weir_reader_free(rd);
	}
	return fixed;
}

static int
finish(struct run *r, struct weir_err *e)
{
	if (weir_writer_close(r->w, e) == -1)
		return -1;
	weir_progress_done(&r->prog);
	r->have_out = 0;
	r->out.records = (int64_t)r->nout;
	if (weir_out_commit(&r->out, e) == -1 || weir_bad_finish(&r->bad, e) == -1)
		return -1;
	if (r->inf != NULL &&
	    weir_infer_write(r->inf, r->o->infer_schema, e) == -1)
		return -1;
	if (r->o->state != NULL &&
	    weir_state_save(&r->state, r->o->state, e) == -1)
		return -1;
	return 0;
}

/* Inputs, what --state skips, schema, inference and the bad-row policy. */
static long
setup(struct run *r, int argc, char **argv, struct weir_err *e)
{
	const struct weir_ingest_opts *o = r->o;
	long left;
	int i;

	for (i = 0; i < argc; i++)
		if (weir_inputs_add(&r->in, argv[i], e) == -1)
			return -1;
	if (argc == 0)
		weir_inputs_add(&r->in, "-", e);
	if ((left = check_state(r, e)) <= 0)
		return left;
	if (o->schema != NULL) {
		if (weir_schema_bind_load(&r->schema, o->schema, e) == -1)
			return -1;
		r->have_schema = 1;
	}
	if (o->infer_schema != NULL)
		r->inf = weir_infer_new();
	if (weir_bad_init(&r->bad, o->cli.bad_rows, o->cli.max_bad, e) == -1)
		return -1;
	return left;
}

/*
 * The output format, whether the header is known up front (else a flat
 * output waits for a spill), the output and its writer.  *first is the
 * first input when it had to be opened to learn the format.
 */
static int
open_output(struct run *r, size_t i, struct weir_reader **first,
    struct weir_err *e)
{
	struct weir_wopts wo = { 0 };
	int pre, quiet = weir_quiet;

	r->to = r->o->cli.to;
	weir_quiet = 1;		/* the real read warns once */
	pre = prescan(r, e);
	weir_quiet = quiet;
	if (pre == -1)
		return -1;
	if (r->to == WEIR_F_AUTO) {
		if ((*first = open_input(r, i, 0, e)) == NULL)
			return -1;
		r->to = weir_reader_format(*first);
	}
	r->flat = weir_fmt_flat(r->to);
	if (weir_out_open(&r->out, r->o->cli.output, r->o->cli.gzip, 0,
	    e) == -1)
		return -1;
	r->have_out = 1;
	if (r->flat && !pre && (r->spill = weir_spill_new(e)) == NULL)
		return -1;
	if (!r->flat) {
		if (add_extras(r, e) == -1)
			return -1;
		r->doff = r->ohdr.n;
	}
	wo.fmt = r->to;
	wo.delim = r->o->cli.out_delim;	/* -d is the input's only */
	if ((r->w = weir_writer_new(&r->out, &wo, &r->ohdr, e)) == NULL)
		return -1;
	if (r->flat && pre && (sync_header(r, e) == -1 ||
	    add_extras(r, e) == -1 || check_required(r, e) == -1))
		return -1;
	return 0;
}

/* A flat output of inputs whose header grew: the spilled records now. */
static int
replay(struct run *r, struct weir_err *e)
{
	const struct weir_rec *rec;
	int rv;

	if (sync_header(r, e) == -1 || add_extras(r, e) == -1 ||
	    check_required(r, e) == -1 || weir_spill_rewind(r->spill, e) == -1)
		return -1;
	while ((rv = weir_spill_next(r->spill, &rec, e)) == 1)
		if (emit(r, rec, e) == -1)
			return -1;
	return rv;
}

static void
run_release(struct run *r)
{
	weir_progress_done(&r->prog);
	if (r->have_out)
		weir_out_abort(&r->out);
	weir_bad_abort(&r->bad);
	weir_writer_free(r->w);
	weir_spill_free(r->spill);
	weir_infer_free(r->inf);
	weir_schema_bind_release(&r->schema);
	weir_rec_release(&r->orec);
	free(r->skip);
	weir_state_release(&r->state);
	weir_remap_release(&r->un);
	weir_header_release(&r->ohdr);
	weir_inputs_release(&r->in);
}

int
weir_ingest(const struct weir_ingest_opts *o, int argc, char **argv,
    struct weir_err *e)
{
	struct weir_reader *first = NULL;
	struct run r;
	size_t i;
	long left;
	int rv = -1;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.src_col = r.line_col = -1;
	weir_remap_init(&r.un);
	weir_header_init(&r.ohdr);
	weir_progress_init(&r.prog, o->cli.progress);
	if ((left = setup(&r, argc, argv, e)) <= 0) {
		if (left == 0)
			weir_warn(o->state != NULL ? "nothing new to ingest "
			    "(--state '%s')" : "nothing to ingest%s",
			    o->state != NULL ? o->state : "");
		rv = (int)left;
		goto out;
	}
	for (i = 0; i < r.in.n && r.skip[i]; i++)
		;
	if (open_output(&r, i, &first, e) == -1)
		goto out;
	for (; i < r.in.n; i++) {
		if (r.skip[i])
			continue;
		rv = ingest_one(&r, i, first, e);
		first = NULL;
		if (rv == -1)
			goto out;
	}
	rv = -1;
	if ((r.flat && r.spill != NULL && replay(&r, e) == -1) ||
	    sync_header(&r, e) == -1 || check_required(&r, e) == -1)
		goto out;
	rv = finish(&r, e);
out:
	weir_reader_free(first);
	run_release(&r);
	return rv;
}

