/*
 * keys.c - what every join shares: the key columns of each side, the key
 * of a record, the joined header and records, and where they go.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mem.h"
#include "names.h"
#include "sortkey.h"
#include "text.h"

static int
key_columns(struct join *j, int side, const char *list, struct weir_err *e)
{
	static const char *const what[] = { "--on (left input)",
	    "--on (right input)" };

	return weir_cols_parse(list, j->s[side].h, what[side], &j->s[side].key,
	    &j->s[side].nkey, e);
}

static int
is_key(const struct jside *s, size_t col)
{
	size_t k;

	for (k = 0; k < s->nkey; k++)
		if (s->key[k] == col)
			return 1;
	return 0;
}

/*
 * The joined header: the left's columns, then the right's but its keys;
 * a name on both sides gets the side's suffix (an empty one keeps it).
 */
static void
joined_header(struct join *j)
{
	const struct weir_header *l = j->s[0].h, *r = j->s[1].h;
	size_t n = l->n + r->n, k = 0, i;
	char **names = weir_xcalloc(n + 1, sizeof(*names));
	size_t *lens = weir_xcalloc(n + 1, sizeof(*lens));
	int semi = j->o->type == WEIR_JOIN_SEMI || j->o->type == WEIR_JOIN_ANTI;

	j->rmap = weir_xcalloc(r->n + 1, sizeof(*j->rmap));
	for (i = 0; i < l->n; i++) {
		struct weir_buf b = WEIR_BUF_INIT;
		long c = weir_header_find(r, l->name[i], l->len[i]);

		weir_buf_add(&b, l->name[i], l->len[i]);
		if (!semi && c >= 0 && !is_key(&j->s[1], (size_t)c))
			weir_buf_adds(&b, j->o->suffix[0]);
		names[k] = b.p;
		lens[k++] = b.len;
	}
	for (i = 0; i < r->n; i++) {
		struct weir_buf b = WEIR_BUF_INIT;

		j->rmap[i] = NOCOL;
		if (semi || is_key(&j->s[1], i))
			continue;
		weir_buf_add(&b, r->name[i], r->len[i]);
		if (weir_header_find(l, r->name[i], r->len[i]) >= 0)
			weir_buf_adds(&b, j->o->suffix[1]);
		j->rmap[i] = k;
		names[k] = b.p;
		lens[k++] = b.len;
	}
	weir_names_dedup(names, lens, k);	/* a suffix may clash too */
	weir_header_init(&j->out);
	for (i = 0; i < k; i++) {
		weir_header_add(&j->out, names[i], lens[i]);
		free(names[i]);
	}
	free(names);
	free(lens);
}

static int
open_unmatched(struct join *j, int side, struct weir_err *e)
{
	struct weir_cli c = *j->cli;
	struct jside *s = &j->s[side];

	if (j->o->unmatched[side] == NULL)
		return 0;
	c.output = j->o->unmatched[side];
	c.bad_rows = NULL;
	if (weir_sink_open(&s->um, &c, e) == -1)
		return -1;
	s->have_um = 1;
	return weir_sink_start(&s->um, j->wo, s->h, e);
}

int
weir_join_setup(struct join *j, struct weir_err *e)
{
	const struct weir_join_opts *o = j->o;
	size_t *cols, n;

	if (key_columns(j, 0, o->left_on, e) == -1 ||
	    key_columns(j, 1, o->right_on, e) == -1)
		return -1;
	if (j->s[0].nkey != j->s[1].nkey)
		return weir_errf(e, EX_USAGE, "--left-on names %zu column%s, "
		    "--right-on %zu: they pair up", j->s[0].nkey,
		    j->s[0].nkey == 1 ? "" : "s", j->s[1].nkey);
	joined_header(j);
	if (o->columns != NULL) {
		if (weir_cols_parse(o->columns, &j->out, "--columns", &cols, &n,
		    e) == -1)
			return -1;
		weir_header_init(&j->sel);
		for (size_t i = 0; i < n; i++)
			weir_header_intern(&j->sel, j->out.name[cols[i]],
			    j->out.len[cols[i]]);
		weir_proj_init(&j->proj, cols, n);
		j->have_proj = 1;
		free(cols);
	}
	if (open_unmatched(j, 0, e) == -1 || open_unmatched(j, 1, e) == -1)
		return -1;
	return weir_sink_start(j->sink, j->wo, j->have_proj ? &j->sel : &j->out,
	    e);
}

int
weir_join_key(struct join *j, int side, const struct weir_rec *r)
{
	const struct jside *s = &j->s[side];
	const struct weir_field *f;
	const char *v;
	size_t k, len;

	weir_buf_reset(&j->key);
	for (k = 0; k < s->nkey; k++) {
		f = weir_rec_field(r, s->key[k]);
		if (f == NULL || f->len == 0 || f->type == WEIR_NULL)
			return 0;
		v = f->s;
		len = f->len;
		if (j->o->icase && weir_text_fold(&j->fold, v, len)) {
			v = j->fold.p;
			len = j->fold.len;
		}
		weir_sortkey_add(&j->key, j->o->numeric ? WEIR_SK_NUM :
		    WEIR_SK_TEXT, v, len);
	}
	return 1;
}

static const struct weir_rec *
joined(struct join *j, const struct weir_rec *l, const struct weir_rec *r)
{
	const struct weir_field *f;
	size_t i, k;

	j->rec.n = 0;
	if (l != NULL)
		for (i = 0; i < l->n; i++)
			weir_rec_push(&j->rec, l->f[i].s, l->f[i].len, l->f[i].col,
			    l->f[i].type)->plain = l->f[i].plain;
	else if (r != NULL)	/* an unmatched right record: its keys */
		for (k = 0; k < j->s[0].nkey; k++)
			if ((f = weir_rec_field(r, j->s[1].key[k])) != NULL)
				weir_rec_push(&j->rec, f->s, f->len,
				    j->s[0].key[k], f->type)->plain = f->plain;
	if (r != NULL && j->o->type != WEIR_JOIN_SEMI &&
	    j->o->type != WEIR_JOIN_ANTI)
		for (i = 0; i < r->n; i++)
			if (r->f[i].col < j->s[1].h->n &&
			    j->rmap[r->f[i].col] != NOCOL)
				weir_rec_push(&j->rec, r->f[i].s, r->f[i].len,
				    j->rmap[r->f[i].col],
				    r->f[i].type)->plain = r->f[i].plain;
	j->rec.src = l != NULL ? l->src : r->src;
	j->rec.line = l != NULL ? l->line : r->line;
	return &j->rec;
}

static int
put(struct join *j, const struct weir_rec *rec, struct weir_err *e)
{
	if (j->have_proj)
		rec = weir_proj_apply(&j->proj, rec);
	j->n->out++;
	return weir_sink_put(j->sink, rec, e);
}

int
weir_join_emit(struct join *j, const struct weir_rec *l,
    const struct weir_rec *r)
{
	const struct weir_rec *rec = joined(j, l, r);

	if (j->order == NULL)
		return put(j, rec, j->e);
	weir_buf_reset(&j->okey);
	weir_sortkey_u64(&j->okey, l != NULL ? l->line : LAST);
	weir_sortkey_u64(&j->okey, r != NULL ? r->line : 0);
	return weir_sorter_put(j->order, j->okey.p, j->okey.len, rec, j->e);
}

int
weir_join_unmatched(struct join *j, int side, const struct weir_rec *r)
{
	struct jside *s = &j->s[side];

	j->n->unmatched[side]++;
	if (!s->have_um)
		return 0;
	if (s->umorder == NULL)
		return weir_sink_put(&s->um, r, j->e);
	weir_buf_reset(&j->okey);
	weir_sortkey_u64(&j->okey, r->line);
	return weir_sorter_put(s->umorder, j->okey.p, j->okey.len, r, j->e);
}

static int
drain(struct weir_sorter *s, struct join *j, struct weir_sink *to)
{
	const struct weir_rec *rec;
	const void *k;
	size_t klen;
	int rv;

	if (s == NULL)
		return 0;
	if (weir_sorter_sort(s, j->e) == -1)
		return -1;
	while ((rv = weir_sorter_next(s, &rec, &k, &klen, j->e)) == 1)
		if ((to == j->sink ? put(j, rec, j->e) :
		    weir_sink_put(to, rec, j->e)) == -1)
			return -1;
	return rv;
}

int
weir_join_flush(struct join *j)
{
	int side;

	if (drain(j->order, j, j->sink) == -1)
		return -1;
	for (side = 0; side < 2; side++) {
		if (drain(j->s[side].umorder, j, &j->s[side].um) == -1)
			return -1;
		if (j->s[side].have_um &&
		    weir_sink_commit(&j->s[side].um, j->e) == -1)
			return -1;
		j->s[side].have_um = 0;
	}
	return 0;
}

void
weir_join_release(struct join *j)
{
	int side;

	for (side = 0; side < 2; side++) {
		free(j->s[side].key);
		if (j->s[side].have_um)
			weir_sink_abort(&j->s[side].um);
		weir_sorter_free(j->s[side].umorder);
	}
	free(j->rmap);
	weir_header_release(&j->out);
	if (j->have_proj) {
		weir_header_release(&j->sel);
		weir_proj_release(&j->proj);
	}
	weir_rec_release(&j->rec);
	weir_buf_release(&j->key);
	weir_buf_release(&j->fold);
	weir_buf_release(&j->okey);
	weir_sorter_free(j->order);
}
