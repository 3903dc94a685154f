/*
 * join.c - hash joins: the build side in memory and the other streamed,
 * or, when the build side outgrows --memory, both partitioned by key hash
 * into temporary files and joined pair by pair (merge.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mem.h"

#define NPART		16
#define PART_BUF	(128 << 10)	/* 2 x 16 partitions open at once */
#define MAX_DEPTH	4

static const char *const side_name[] = { "left", "right" };

/* A record source: the input, or a partition file. */
struct rsrc {
	struct weir_source	*src;
	struct weir_spill	*sp;
};

static int
next(struct rsrc *r, const struct weir_rec **rec, struct weir_err *e)
{
	return r->sp != NULL ? weir_spill_next(r->sp, rec, e) :
	    weir_source_next(r->src, rec, e);
}

/* The key as the user wrote it, for a message. */
static void
key_text(struct join *j, int side, const struct weir_rec *r, char *buf,
    size_t size)
{
	const struct jside *s = &j->s[side];
	size_t k, i, n = 0;

	buf[0] = '\0';
	for (k = 0; k < s->nkey; k++)
		for (i = 0; i < r->n; i++)
			if (r->f[i].col == s->key[k] && n + 2 < size)
				n += (size_t)snprintf(buf + n, size - n, "%s%.*s",
				    k ? "," : "", (int)(r->f[i].len > 60 ? 60 :
				    r->f[i].len), r->f[i].s);
}

int
weir_join_must_be_unique(const struct join *j, int side)
{
	int x = j->o->expect;

	if (x == WEIR_EXPECT_ONE_ONE)
		return 1;
	return side == 1 ? x == WEIR_EXPECT_MANY_ONE :
	    x == WEIR_EXPECT_ONE_MANY;
}

int
weir_join_violation(struct join *j, int side, const struct weir_rec *first_src,
    unsigned long first_line, const struct weir_rec *r)
{
	static const char *const names[] = { "", "one-to-one", "many-to-one",
	    "one-to-many" };
	char key[200];

	key_text(j, side, r, key, sizeof(key));
	return weir_errf(j->e, EX_DATAERR, "--expect %s: key '%s' is twice in "
	    "the %s input: %s:%lu and %s:%lu", names[j->o->expect], key,
	    side_name[side], first_src->src, first_line, r->src, r->line);
}

/*
 * Keys seen on a side that must be unique: 0, or -1 after naming the
 * two records.
 */
static int
unique(struct join *j, struct table *seen, int side, const struct weir_rec *r)
{
	struct weir_rec mark = { NULL, 0, 0, r->src, r->line };
	size_t i;

	if ((i = weir_jtable_find(seen, j->key.p, j->key.len, NULL)) != NOCOL) {
		const struct weir_rec *first = weir_jtable_rec(seen, i);

		return weir_join_violation(j, side, first, first->line, r);
	}
	weir_jtable_add(seen, j->key.p, j->key.len, &mark);
	return 0;
}

/* Everything a probe record does: pairs, or its unmatched fate. */
static int
probe_one(struct join *j, struct table *t, int build,
    const struct weir_rec *r)
{
	int probe = 1 - build, type = j->o->type, any = 0;
	size_t i = NOCOL, last = NOCOL;

	if (weir_join_key(j, probe, r))
		i = weir_jtable_find(t, j->key.p, j->key.len, &last);
	/* the last match ends the chain: no visit to its link */
	for (; i != NOCOL; i = i == last ? NOCOL : weir_jtable_next(t, i)) {
		const struct weir_rec *b = weir_jtable_rec(t, i);

		weir_jtable_hit(t, i);
		if (!any++)
			j->n->matched[probe]++;
		if (type == WEIR_JOIN_SEMI || type == WEIR_JOIN_ANTI) {
			if (probe == 1)
				continue;	/* the left is marked hit */
			if (type == WEIR_JOIN_SEMI &&
			    weir_join_emit(j, r, NULL) == -1)
				return -1;
			break;
		}
		if (weir_join_emit(j, probe == 0 ? r : b, probe == 0 ? b : r) ==
		    -1)
			return -1;
	}
	if (any)
		return 0;
	if (weir_join_unmatched(j, probe, r) == -1)
		return -1;
	if (probe == 0 ? type == WEIR_JOIN_LEFT || type == WEIR_JOIN_FULL ||
	    type == WEIR_JOIN_ANTI : type == WEIR_JOIN_RIGHT ||
	    type == WEIR_JOIN_FULL)
		return weir_join_emit(j, probe == 0 ? r : NULL,
		    probe == 0 ? NULL : r);
	return 0;
}

/* The build side's records after the probe: hit or not, in order. */
static int
build_rest(struct join *j, struct table *t, int build)
{
	int type = j->o->type;
	size_t i, n = weir_jtable_count(t);

	for (i = 0; i < n; i++) {
		const struct weir_rec *b = weir_jtable_rec(t, i);
		int hit = weir_jtable_was_hit(t, i);

		j->n->matched[build] += hit;
		if (build == 0 && ((hit && type == WEIR_JOIN_SEMI) ||
		    (!hit && type == WEIR_JOIN_ANTI))) {
			if (weir_join_emit(j, b, NULL) == -1)
				return -1;
		}
		if (hit)
			continue;
		if (weir_join_unmatched(j, build, b) == -1)
			return -1;
		if (build == 1 ? type == WEIR_JOIN_RIGHT || type ==
		    WEIR_JOIN_FULL : type == WEIR_JOIN_LEFT || type ==
		    WEIR_JOIN_FULL) {
			if (weir_join_emit(j, build == 0 ? b : NULL,
			    build == 0 ? NULL : b) == -1)
				return -1;
		}
	}
	return 0;
}

static uint64_t
part_hash(const struct weir_buf *k, int depth)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)(depth + 1) *
	    0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->p[i]) * 0x100000001b3ULL;
	return h ^ h >> 29;
}

struct parts {
	struct weir_spill	*sp[2][NPART];
};

static void
parts_free(struct parts *p)
{
	int s, i;

	for (s = 0; s < 2; s++)
		for (i = 0; i < NPART; i++) {
			weir_spill_free(p->sp[s][i]);
			p->sp[s][i] = NULL;
		}
}

/* Put r of side into its partition; keyless records into partition 0. */
static int
part_put(struct join *j, struct parts *p, int side, int depth,
    const struct weir_rec *r)
{
	int i = 0;

	if (weir_join_key(j, side, r))
		i = (int)(part_hash(&j->key, depth) % NPART);
	if (p->sp[side][i] == NULL) {
		if ((p->sp[side][i] = weir_spill_new(j->e)) == NULL)
			return -1;
		weir_spill_bufsize(p->sp[side][i], PART_BUF);
	}
	return weir_spill_put(p->sp[side][i], r, j->e);
}

static int join_pair(struct join *, struct rsrc *bsrc, struct rsrc *psrc,
    int depth, struct table *held);

/*
 * Partition what the table holds and what is left of both sources, then
 * join partition by partition; the order sort puts records back in order.
 */
static int
partition(struct join *j, struct table *t, struct rsrc *bsrc,
    struct rsrc *psrc, int depth)
{
	int build = j->o->build_left ? 0 : 1, probe = 1 - build, rv = -1, i;
	struct parts p;
	const struct weir_rec *r;
	size_t k, n = weir_jtable_count(t);

	memset(&p, 0, sizeof(p));
	j->n->partitions += NPART;
	for (k = 0; k < n; k++)
		if (part_put(j, &p, build, depth, weir_jtable_rec(t, k)) == -1)
			goto out;
	weir_jtable_free(t);
	while ((rv = next(bsrc, &r, j->e)) == 1) {
		if (bsrc->sp == NULL)
			j->n->read[build]++;
		if (part_put(j, &p, build, depth, r) == -1)
			goto fail;
	}
	if (rv == -1)
		goto fail;
	while ((rv = next(psrc, &r, j->e)) == 1) {
		if (psrc->sp == NULL)
			j->n->read[probe]++;
		if (part_put(j, &p, probe, depth, r) == -1)
			goto fail;
	}
	if (rv == -1)
		goto fail;
	for (i = 0; i < NPART; i++) {
		struct rsrc b = { NULL, p.sp[build][i] }, q = { NULL,
		    p.sp[probe][i] };

		if ((b.sp != NULL && weir_spill_rewind(b.sp, j->e) == -1) ||
		    (q.sp != NULL && weir_spill_rewind(q.sp, j->e) == -1))
			goto fail;
		if (join_pair(j, &b, &q, depth + 1, NULL) == -1)
			goto fail;
		weir_spill_free(p.sp[build][i]);
		weir_spill_free(p.sp[probe][i]);
		p.sp[build][i] = p.sp[probe][i] = NULL;
	}
	parts_free(&p);
	return 0;
out:
	weir_jtable_free(t);
fail:
	parts_free(&p);
	return -1;
}

/* From here on records go out through the order sort. */
static void
order_from_now(struct join *j)
{
	int side;

	if (j->order == NULL)
		j->order = weir_sorter_new(j->o->memory);
	for (side = 0; side < 2; side++)
		if (j->s[side].have_um && j->s[side].umorder == NULL)
			j->s[side].umorder = weir_sorter_new(j->o->memory / 4);
}

/*
 * Build a table from bsrc, then probe it with psrc; an empty source (sp
 * and src NULL) has no records.
 */
static int
join_pair(struct join *j, struct rsrc *bsrc, struct rsrc *psrc, int depth,
    struct table *held)
{
	int build = j->o->build_left ? 0 : 1, probe = 1 - build, rv = 0;
	struct table *t = held != NULL ? held : weir_jtable_new(), *seen = NULL;
	const struct weir_rec *r;
	size_t i;

	while ((bsrc->sp != NULL || bsrc->src != NULL) &&
	    (rv = next(bsrc, &r, j->e)) == 1) {
		int has = weir_join_key(j, build, r);

		if (bsrc->sp == NULL)
			j->n->read[build]++;
		if (has && weir_join_must_be_unique(j, build) &&
		    (i = weir_jtable_find(t, j->key.p, j->key.len, NULL)) != NOCOL) {
			const struct weir_rec *first = weir_jtable_rec(t, i);

			/* first is the table's scratch: copy its place */
			struct weir_rec f = { NULL, 0, 0, first->src, 0 };

			f.line = first->line;
			weir_jtable_free(t);
			return weir_join_violation(j, build, &f, f.line, r);
		}
		weir_jtable_add(t, has ? j->key.p : NULL, j->key.len, r);
		if (weir_jtable_bytes(t) > j->o->memory && depth < MAX_DEPTH) {
			order_from_now(j);
			return partition(j, t, bsrc, psrc, depth);
		}
	}
	if ((bsrc->sp != NULL || bsrc->src != NULL) && rv == -1) {
		weir_jtable_free(t);
		return -1;
	}
	if (weir_join_must_be_unique(j, probe))
		seen = weir_jtable_new();
	while ((psrc->sp != NULL || psrc->src != NULL) &&
	    (rv = next(psrc, &r, j->e)) == 1) {
		if (psrc->sp == NULL)
			j->n->read[probe]++;
		if (seen != NULL && weir_join_key(j, probe, r) &&
		    unique(j, seen, probe, r) == -1)
			goto fail;
		if (probe_one(j, t, build, r) == -1)
			goto fail;
	}
	if ((psrc->sp != NULL || psrc->src != NULL) && rv == -1)
		goto fail;
	if (build_rest(j, t, build) == -1)
		goto fail;
	weir_jtable_free(seen);
	weir_jtable_free(t);
	return 0;
fail:
	weir_jtable_free(seen);
	weir_jtable_free(t);
	return -1;
}

int
weir_join_run(const struct weir_join_opts *o, struct weir_source *left,
    struct weir_source *right, struct weir_sink *out,
    const struct weir_wopts *wo, const struct weir_cli *cli,
    struct weir_join_counts *n, struct weir_err *e)
{
	struct join j;
	struct rsrc l = { left, NULL }, r = { right, NULL };
	int rv = -1;

	memset(&j, 0, sizeof(j));
	j.o = o;
	j.cli = cli;
	j.s[0].src = left;
	j.s[1].src = right;
	j.s[0].h = weir_source_header(left);
	j.s[1].h = weir_source_header(right);
	j.sink = out;
	j.wo = wo;
	j.n = n;
	j.e = e;
	if (weir_join_setup(&j, e) == -1)
		goto out;
	if (o->sorted)
		rv = weir_join_sorted(&j);
	else {
		if (o->build_left)
			order_from_now(&j);
		rv = o->build_left ? join_pair(&j, &l, &r, 0, NULL) :
		    join_pair(&j, &r, &l, 0, NULL);
	}
	if (rv == 0)
		rv = weir_join_flush(&j);
out:
	weir_join_release(&j);
	return rv;
}
