/*
 * fill.c - --fill: a value, a statistic of the column, the last value
 * seen (down) or the next one (up).
 *
 * Filling up has to wait for the next value: a record missing one goes
 * into a queue (a spill, so a long run of missing values costs disk, not
 * memory) with every record after it, until each column it waits for has
 * shown a value.  Those values are kept as segments: the value, and the
 * position in the queue of the record that showed it; a queued record
 * takes the first segment after its own position.  Then the queue is
 * replayed through the rest of the steps and emptied.  Records left
 * waiting at the end of the input stay missing.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct seg {
	unsigned long	 at;	/* queue position that showed the value */
	size_t		 off, len;
	int		 type;
};

struct upcol {
	size_t		 col;
	int		 pending;
	struct seg	*seg;
	size_t		 nseg, capseg, cur;
};

struct fillup {
	struct upcol	*c;
	size_t		 n, npending;
	struct weir_spill *q;
	unsigned long	 nq, next;	/* queued; next to replay */
	struct weir_buf	 text;		/* the segments' values */
	int		 draining;
};

static void
set(struct val *v, const char *s, size_t len, int type)
{
	v->s = s;
	v->len = len;
	v->type = type;
}

static struct fillup *
fillup(struct weir_clean *c)
{
	struct fillup *u;
	size_t j;

	if (c->up != NULL)
		return c->up;
	u = c->up = weir_xcalloc(1, sizeof(*u));
	u->c = weir_xcalloc(c->nsel + 1, sizeof(*u->c));
	for (j = 0; j < c->nsel; j++)
		if (c->col[j].fill == FILL_UP)
			u->c[u->n++].col = j;
	return u;
}

/* Values, statistics and down: what can be filled now. */
static void
fill_now(struct weir_clean *c)
{
	struct ccol *cc;
	struct val *v;
	size_t j;

	for (j = 0; j < c->nsel; j++) {
		cc = &c->col[j];
		v = &c->v[j];
		if (cc->fill == FILL_NONE || cc->fill == FILL_UP)
			continue;
		if (!weir_clean_missing(v)) {
			if (cc->fill == FILL_DOWN) {
				weir_buf_reset(&cc->last);
				weir_buf_add(&cc->last, v->s, v->len);
				cc->last_type = v->type;
				cc->have_last = 1;
			}
			continue;
		}
		if (cc->fill == FILL_DOWN && cc->have_last)
			set(v, cc->last.p, cc->last.len, cc->last_type);
		else if (cc->fill != FILL_DOWN && cc->fill_value != NULL)
			set(v, cc->fill_value, cc->fill_len, cc->fill_type);
		else
			continue;
		c->n.filled++;
	}
}

static void
add_seg(struct fillup *u, struct upcol *uc, const struct val *v)
{
	struct seg *s;

	if (uc->nseg == uc->capseg) {
		uc->capseg = uc->capseg ? uc->capseg * 2 : 8;
		uc->seg = weir_xreallocarray(uc->seg, uc->capseg,
		    sizeof(*uc->seg));
	}
	s = &uc->seg[uc->nseg++];
	s->at = u->nq;
	s->off = u->text.len;
	s->len = v->len;
	s->type = v->type;
	weir_buf_add(&u->text, v->s, v->len);
}

/* Queue the record in c->v; start the replay when nothing waits. */
static int
queue(struct weir_clean *c, struct fillup *u, struct weir_err *e)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		struct upcol *uc = &u->c[i];

		if (!weir_clean_missing(&c->v[uc->col])) {
			if (uc->pending) {
				add_seg(u, uc, &c->v[uc->col]);
				uc->pending = 0;
				u->npending--;
			}
		} else if (!uc->pending) {
			uc->pending = 1;
			u->npending++;
		}
	}
	if (u->q == NULL && (u->q = weir_spill_new(e)) == NULL)
		return -1;
	if (weir_spill_put(u->q, weir_clean_rec(c), e) == -1)
		return -1;
	u->nq++;
	if (u->npending == 0)
		return weir_clean_fill_end(c, e);
	return 0;
}

int
weir_clean_fill(struct weir_clean *c, const struct weir_rec *in,
    struct weir_err *e)
{
	struct fillup *u;
	size_t i;

	/* one pass: the values are in c->v already */
	if (in != &c->rec)
		weir_clean_load(c, in, 0);
	fill_now(c);
	if ((u = c->up) == NULL && !c->has_up)
		return weir_clean_after_fill(c, e);
	u = fillup(c);
	if (u->nq == 0) {
		for (i = 0; i < u->n; i++)
			if (weir_clean_missing(&c->v[u->c[i].col]))
				break;
		if (i == u->n)
			return weir_clean_after_fill(c, e);
	}
	return queue(c, u, e);
}

/* Replay the queue from the start (at a resolution, or at the end). */
int
weir_clean_fill_end(struct weir_clean *c, struct weir_err *e)
{
	struct fillup *u = c->up;
	size_t i;

	if (u == NULL || u->nq == 0)
		return 0;
	for (i = 0; i < u->n; i++)
		u->c[i].cur = 0;
	u->next = 0;
	u->draining = 1;
	return weir_spill_rewind(u->q, e);
}

int
weir_clean_fill_draining(const struct weir_clean *c)
{
	return c->up != NULL && c->up->draining;
}

/* The next queued record through the rest: 1, 0 when the queue is done. */
int
weir_clean_fill_next(struct weir_clean *c, struct weir_err *e)
{
	struct fillup *u = c->up;
	const struct weir_rec *r;
	struct upcol *uc;
	size_t i;
	int rv;

	if ((rv = weir_spill_next(u->q, &r, e)) != 1) {
		if (rv == -1)
			return -1;
		for (i = 0; i < u->n; i++) {
			u->c[i].nseg = 0;
			u->c[i].pending = 0;
		}
		u->npending = 0;
		u->nq = 0;
		u->draining = 0;
		weir_buf_reset(&u->text);
		return weir_spill_reset(u->q, e) == -1 ? -1 : 0;
	}
	weir_clean_load(c, r, 0);
	for (i = 0; i < u->n; i++) {
		uc = &u->c[i];
		while (uc->cur < uc->nseg && uc->seg[uc->cur].at < u->next)
			uc->cur++;
		if (uc->cur < uc->nseg &&
		    weir_clean_missing(&c->v[uc->col])) {
			const struct seg *s = &uc->seg[uc->cur];

			set(&c->v[uc->col], u->text.p + s->off, s->len,
			    s->type);
			c->n.filled++;
		}
	}
	u->next++;
	return weir_clean_after_fill(c, e) == -1 ? -1 : 1;
}

void
weir_clean_fill_free(struct weir_clean *c)
{
	struct fillup *u = c->up;
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n; i++)
		free(u->c[i].seg);
	free(u->c);
	weir_spill_free(u->q);
	weir_buf_release(&u->text);
	free(u);
	c->up = NULL;
}
