/*
 * sorted.c - the merge join of inputs sorted on the key (--sorted): one
 * pass over each, memory for one group of equal right keys.  A key that
 * goes down is an error naming its line, never a wrong result.  Unmatched
 * right records wait in a temporary file, as they go out after the rest.
 */
#include <string.h>

#include "internal.h"
#include "mem.h"

struct cursor {
	struct weir_source	*src;
	struct weir_rec		 rec;	/* the current record, copied */
	struct weir_buf		 text, key, prev;
	int			 has_key, have, have_prev;
};

static const char *const side_name[] = { "left", "right" };

static int
cmp(const struct weir_buf *a, const struct weir_buf *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n > 0 ? memcmp(a->p, b->p, n) : 0;

	return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

/* The next record of side into c, its key checked against the last. */
static int
advance(struct join *j, int side, struct cursor *c)
{
	const struct weir_rec *r;
	int rv;

	if ((rv = weir_source_next(c->src, &r, j->e)) != 1) {
		c->have = 0;
		return rv;
	}
	j->n->read[side]++;
	weir_rec_copy(&c->rec, &c->text, r);
	c->have = 1;
	c->has_key = weir_join_key(j, side, r);
	if (!c->has_key)
		return 1;
	weir_buf_reset(&c->key);
	weir_buf_add(&c->key, j->key.p, j->key.len);
	if (c->have_prev && cmp(&c->key, &c->prev) < 0)
		return weir_errf(j->e, EX_DATAERR, "%s:%lu: the %s input is not "
		    "sorted on its key (--sorted%s)", r->src, r->line,
		    side_name[side], j->o->numeric ? ", numeric" : ", bytewise");
	weir_buf_reset(&c->prev);
	weir_buf_add(&c->prev, c->key.p, c->key.len);
	c->have_prev = 1;
	return 1;
}

static int
unmatched_right(struct join *j, struct weir_spill **later,
    const struct weir_rec *r)
{
	if (weir_join_unmatched(j, 1, r) == -1)
		return -1;
	if (j->o->type != WEIR_JOIN_RIGHT && j->o->type != WEIR_JOIN_FULL)
		return 0;
	if (*later == NULL && (*later = weir_spill_new(j->e)) == NULL)
		return -1;
	return weir_spill_put(*later, r, j->e);
}

/* The right records with the current right key, into g; *matched zero. */
static int
group(struct join *j, struct cursor *rc, struct table **g)
{
	struct weir_buf k = WEIR_BUF_INIT;
	int rv = 1;

	weir_jtable_free(*g);
	*g = weir_jtable_new();
	weir_buf_add(&k, rc->key.p, rc->key.len);
	while (rc->have && rc->has_key && cmp(&rc->key, &k) == 0) {
		if (weir_jtable_count(*g) > 0 && weir_join_must_be_unique(j, 1)) {
			const struct weir_rec *first = weir_jtable_rec(*g, 0);

			weir_buf_release(&k);
			return weir_join_violation(j, 1, first, first->line,
			    &rc->rec);
		}
		weir_jtable_add(*g, k.p, k.len, &rc->rec);
		if ((rv = advance(j, 1, rc)) == -1)
			break;
	}
	weir_buf_release(&k);
	return rv == -1 ? -1 : 0;
}

static int
group_done(struct join *j, struct table *g, struct weir_spill **later)
{
	size_t i, n = g != NULL ? weir_jtable_count(g) : 0;

	for (i = 0; i < n; i++) {
		const struct weir_rec *r = weir_jtable_rec(g, i);

		if (weir_jtable_was_hit(g, i))
			j->n->matched[1]++;
		else if (unmatched_right(j, later, r) == -1)
			return -1;
	}
	return 0;
}

static int
left_one(struct join *j, struct cursor *lc, struct table *g)
{
	int type = j->o->type, any = 0;
	size_t i, n = g != NULL ? weir_jtable_count(g) : 0;

	for (i = 0; i < n && lc->has_key; i++) {
		weir_jtable_hit(g, i);
		any = 1;
		if (type == WEIR_JOIN_SEMI || type == WEIR_JOIN_ANTI)
			continue;
		if (weir_join_emit(j, &lc->rec, weir_jtable_rec(g, i)) == -1)
			return -1;
	}
	if (any) {
		j->n->matched[0]++;
		return type == WEIR_JOIN_SEMI ? weir_join_emit(j, &lc->rec,
		    NULL) : 0;
	}
	if (weir_join_unmatched(j, 0, &lc->rec) == -1)
		return -1;
	if (type == WEIR_JOIN_LEFT || type == WEIR_JOIN_FULL ||
	    type == WEIR_JOIN_ANTI)
		return weir_join_emit(j, &lc->rec, NULL);
	return 0;
}

static void
release(struct cursor *c)
{
	weir_rec_release(&c->rec);
	weir_buf_release(&c->text);
	weir_buf_release(&c->key);
	weir_buf_release(&c->prev);
}

int
weir_join_sorted(struct join *j)
{
	struct cursor lc, rc;
	struct table *g = NULL;
	struct weir_spill *later = NULL;
	struct weir_rec lastl = { NULL, 0, 0, NULL, 0 };
	struct weir_buf lasttext = WEIR_BUF_INIT, lastkey = WEIR_BUF_INIT;
	const struct weir_rec *r;
	int rv = -1, c;

	memset(&lc, 0, sizeof(lc));
	memset(&rc, 0, sizeof(rc));
	lc.src = j->s[0].src;
	rc.src = j->s[1].src;
	if (advance(j, 0, &lc) == -1 || advance(j, 1, &rc) == -1)
		goto out;
	while (lc.have) {
		if (lc.has_key && weir_join_must_be_unique(j, 0) && lastl.n > 0 &&
		    cmp(&lc.key, &lastkey) == 0) {
			weir_join_violation(j, 0, &lastl, lastl.line, &lc.rec);
			goto out;
		}
		if (lc.has_key) {
			weir_rec_copy(&lastl, &lasttext, &lc.rec);
			lastl.n = 1;	/* only src and line are used */
			weir_buf_reset(&lastkey);
			weir_buf_add(&lastkey, lc.key.p, lc.key.len);
		}
		if (lc.has_key) {
			/* right records below this key found no partner */
			while (rc.have && (!rc.has_key ||
			    cmp(&rc.key, &lc.key) < 0)) {
				if (unmatched_right(j, &later, &rc.rec) == -1 ||
				    advance(j, 1, &rc) == -1)
					goto out;
			}
			if (g == NULL || weir_jtable_find(g, lc.key.p,
			    lc.key.len, NULL) == NOCOL) {
				if (group_done(j, g, &later) == -1)
					goto out;
				weir_jtable_free(g);
				g = NULL;
				if (rc.have && rc.has_key &&
				    cmp(&rc.key, &lc.key) == 0 &&
				    group(j, &rc, &g) == -1)
					goto out;
			}
		}
		if (left_one(j, &lc, lc.has_key ? g : NULL) == -1 ||
		    advance(j, 0, &lc) == -1)
			goto out;
	}
	if (group_done(j, g, &later) == -1)
		goto out;
	for (; rc.have; )
		if (unmatched_right(j, &later, &rc.rec) == -1 ||
		    advance(j, 1, &rc) == -1)
			goto out;
	if (later != NULL) {
		if (weir_spill_rewind(later, j->e) == -1)
			goto out;
		while ((c = weir_spill_next(later, &r, j->e)) == 1)
			if (weir_join_emit(j, NULL, r) == -1)
				goto out;
		if (c == -1)
			goto out;
	}
	rv = 0;
out:
	weir_jtable_free(g);
	weir_spill_free(later);
	weir_rec_release(&lastl);
	weir_buf_release(&lasttext);
	weir_buf_release(&lastkey);
	release(&lc);
	release(&rc);
	return rv;
}
