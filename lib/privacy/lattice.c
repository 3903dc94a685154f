#include <stdlib.h>
#include <string.h>

#include "generalize.h"
#include "hash.h"
#include "intern.h"
#include "kanon.h"
#include "lattice.h"
#include "mem.h"
#include "sortkey.h"

#define MAX_NODES	1000000

struct dim {
	const struct weir_gen	*gen;
	size_t			 nlev;		/* levels, the value's included */
	struct weir_intern		*lev;		/* lev[0]: the distinct values */
	uint32_t		*id;		/* value v at level l: id[v*nlev+l] */
	uint64_t		*freq;		/* records per distinct value */
	size_t			 cap;		/* values id and freq hold */
	uint64_t		*cover;		/* scratch: values per group */
	double			*loss;		/* value v at level l, after add */
	double			*lb;		/* per level: mean loss, no suppression */
};

struct weir_lattice {
	struct dim		*d;
	size_t			 nd;
	unsigned		 l;
	struct weir_kanon	*base;		/* key: value ids, 4 bytes a column */
	uint64_t		 records;
	struct weir_buf		 tmp, key;
	uint32_t		*vid;
	size_t			*pick;
};

struct weir_lattice *
weir_lattice_new(const struct weir_gen *const *gen, size_t ndim, unsigned l)
{
	struct weir_lattice *a = weir_xcalloc(1, sizeof(*a));
	size_t i;

	a->nd = ndim;
	a->l = l;
	a->d = weir_xcalloc(ndim, sizeof(*a->d));
	for (i = 0; i < ndim; i++) {
		a->d[i].gen = gen[i];
		a->d[i].nlev = gen[i] != NULL ? weir_gen_levels(gen[i]) + 1 : 1;
		a->d[i].lev = weir_xcalloc(a->d[i].nlev, sizeof(*a->d[i].lev));
	}
	a->base = weir_kanon_new(l);
	a->vid = weir_xcalloc(ndim + 1, sizeof(*a->vid));
	a->pick = weir_xcalloc(ndim + 1, sizeof(*a->pick));
	return a;
}

/* A value seen for the first time: its group at every level. */
static int
levels(struct weir_lattice *a, struct dim *d, uint32_t v, const char *s,
    size_t len, struct weir_err *e)
{
	size_t lv;
	int fresh;

	if (v >= d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->id = weir_xreallocarray(d->id, d->cap * d->nlev,
		    sizeof(*d->id));
		d->freq = weir_xreallocarray(d->freq, d->cap,
		    sizeof(*d->freq));
	}
	d->freq[v] = 0;
	d->id[(size_t)v * d->nlev] = v;
	for (lv = 1; lv < d->nlev; lv++) {
		if (len == 0)	/* missing stays missing */
			weir_buf_reset(&a->tmp);
		else if (weir_gen_apply(d->gen, lv, s, len, &a->tmp, e) == -1)
			return -1;
		d->id[(size_t)v * d->nlev + lv] = weir_intern_add(&d->lev[lv],
		    a->tmp.p, a->tmp.len, &fresh);
	}
	return 0;
}

int
weir_lattice_add(struct weir_lattice *a, const char *const *v,
    const size_t *len, const char *sens, size_t slen, size_t *bad_dim,
    struct weir_err *e)
{
	uint64_t sh;
	size_t i;
	int fresh;

	for (i = 0; i < a->nd; i++) {
		struct dim *d = &a->d[i];

		a->vid[i] = weir_intern_add(&d->lev[0], v[i], len[i], &fresh);
		if (fresh && levels(a, d, a->vid[i], v[i], len[i], e) == -1) {
			/* forget it, so the value is judged again if seen */
			weir_intern_pop(&d->lev[0]);
			*bad_dim = i;
			return -1;
		}
	}
	for (i = 0; i < a->nd; i++)
		a->d[i].freq[a->vid[i]]++;
	a->records++;
	sh = sens != NULL ? weir_hash64(sens, slen) : 0;
	weir_kanon_add_class(a->base, a->vid, a->nd * sizeof(*a->vid), 1,
	    &sh, sens != NULL);
	return 0;
}

/* Per value and level, its loss; per level, the mean over records. */
static void
losses(struct weir_lattice *a, struct dim *d)
{
	uint32_t nv = d->lev[0].n, v;
	size_t lv;
	double D = nv > 1 ? (double)(nv - 1) : 1.0;

	free(d->loss);
	free(d->lb);
	d->loss = weir_xcalloc((size_t)nv * d->nlev + 1, sizeof(*d->loss));
	d->lb = weir_xcalloc(d->nlev, sizeof(*d->lb));
	for (lv = 1; lv < d->nlev; lv++) {
		d->cover = weir_xrealloc(d->cover, (d->lev[lv].n + 1) *
		    sizeof(*d->cover));
		memset(d->cover, 0, (d->lev[lv].n + 1) * sizeof(*d->cover));
		for (v = 0; v < nv; v++)
			d->cover[d->id[(size_t)v * d->nlev + lv]]++;
		for (v = 0; v < nv; v++) {
			double x = (double)(d->cover[d->id[(size_t)v * d->nlev +
			    lv]] - 1) / D;

			d->loss[(size_t)v * d->nlev + lv] = x;
			d->lb[lv] += x * (double)d->freq[v];
		}
		if (a->records > 0)
			d->lb[lv] /= (double)a->records;
	}
}

/* Each level a function of the one below, so merging only grows classes. */
static int
nests(const struct dim *d)
{
	uint32_t nv = d->lev[0].n, v, *up;
	size_t lv;
	int ok = 1;

	for (lv = 1; lv + 1 < d->nlev && ok; lv++) {
		up = weir_xmalloc((d->lev[lv].n + 1) * sizeof(*up));
		memset(up, 0xff, (d->lev[lv].n + 1) * sizeof(*up));
		for (v = 0; v < nv && ok; v++) {
			uint32_t lo = d->id[(size_t)v * d->nlev + lv];
			uint32_t hi = d->id[(size_t)v * d->nlev + lv + 1];

			if (up[lo] == UINT32_MAX)
				up[lo] = hi;
			ok = up[lo] == hi;
		}
		free(up);
	}
	return ok;
}

static void
decode(const struct weir_lattice *a, size_t node, size_t *lv)
{
	size_t i;

	for (i = a->nd; i-- > 0;) {
		lv[i] = node % a->d[i].nlev;
		node /= a->d[i].nlev;
	}
}

/* The classes at lv: keys of group ids (mode 0) or krun's text keys. */
static struct weir_kanon *
rollup(const struct weir_lattice *a, const size_t *lv, int text,
    struct weir_buf *key)
{
	struct weir_kanon *k = weir_kanon_new(a->l);
	struct weir_kanon_entry c;
	const uint32_t *vid;
	size_t it = 0, i;
	uint32_t g;

	while (weir_kanon_next(a->base, &it, &c)) {
		vid = c.key;
		weir_buf_reset(key);
		for (i = 0; i < a->nd; i++) {
			const struct dim *d = &a->d[i];
			const struct weir_intern *t = &d->lev[lv[i]];

			g = d->id[(size_t)vid[i] * d->nlev + lv[i]];
			if (text)
				weir_sortkey_add(key, WEIR_SK_TEXT, t->bytes.p +
				    t->off[g], t->len[g]);	/* its string */
			else
				weir_buf_add(key, &g, sizeof(g));
		}
		weir_kanon_add_class(k, key->p, key->len, c.size, c.sens,
		    c.nsens);
	}
	return k;
}

struct eval {
	int		pass;
	uint64_t	suppressed;
	double		loss;
};

static void
evaluate(struct weir_lattice *a, const size_t *lv, uint64_t k, unsigned l,
    double max_suppress, struct eval *ev)
{
	struct weir_kanon *node = rollup(a, lv, 0, &a->key);
	struct weir_kanon_entry c;
	const uint32_t *vid;
	size_t it = 0, i;
	uint64_t size;
	unsigned distinct;
	uint32_t g;
	double sum = 0, gl;

	ev->suppressed = weir_kanon_suppressed(node, k, l);
	ev->pass = (double)ev->suppressed <= max_suppress *
	    (double)a->records;
	ev->loss = 1;
	if (ev->pass && a->records > 0 && a->nd > 0) {
		while (weir_kanon_next(a->base, &it, &c)) {
			vid = c.key;
			weir_buf_reset(&a->key);
			for (i = 0, gl = 0; i < a->nd; i++) {
				const struct dim *d = &a->d[i];

				g = d->id[(size_t)vid[i] * d->nlev + lv[i]];
				weir_buf_add(&a->key, &g, sizeof(g));
				gl += d->loss[(size_t)vid[i] * d->nlev + lv[i]];
			}
			weir_kanon_class(node, a->key.p, a->key.len, &size,
			    &distinct);
			sum += (double)c.size * (size < k || distinct < l ?
			    (double)a->nd : gl);
		}
		ev->loss = sum / ((double)a->records * (double)a->nd);
	}
	weir_kanon_free(node);
}

struct order {
	double	lb;
	size_t	height;
	size_t	node;
};

static int
by_bound(const void *x, const void *y)
{
	const struct order *p = x, *q = y;

	if (p->lb != q->lb)
		return p->lb < q->lb ? -1 : 1;
	if (p->height != q->height)
		return p->height < q->height ? -1 : 1;
	return p->node < q->node ? -1 : p->node > q->node;
}

/* A node's verdict, and SEEN once it was evaluated (not only tagged). */
enum { UNKNOWN, PASS, FAIL, VERDICT = 3, SEEN = 4 };

struct search {
	struct weir_lattice	*a;
	uint64_t		 k;
	unsigned		 l;
	double			 max_suppress;
	size_t			 nodes;
	unsigned char		*state;
	double			*loss;		/* of a node judged PASS */
	uint64_t		*suppressed;
	size_t			*lv, *tmp, *chain;
	struct weir_lattice_pick *p;
};

static void
judge(struct search *s, size_t node)
{
	struct eval ev;

	decode(s->a, node, s->lv);
	evaluate(s->a, s->lv, s->k, s->l, s->max_suppress, &ev);
	s->p->evaluated++;
	s->state[node] = (ev.pass ? PASS : FAIL) | SEEN;
	s->loss[node] = ev.loss;
	s->suppressed[node] = ev.suppressed;
}

/*
 * Levels nest, so suppression only falls going up: a node that passes
 * passes with every node above it, one that fails fails with every node
 * below.  Tag them unseen.
 */
static void
tag(struct search *s, size_t node)
{
	int up = (s->state[node] & VERDICT) == PASS;
	size_t n, i;

	decode(s->a, node, s->tmp);
	for (n = 0; n < s->nodes; n++) {
		if (s->state[n] != UNKNOWN)
			continue;
		decode(s->a, n, s->lv);
		for (i = 0; i < s->a->nd && (up ? s->lv[i] >= s->tmp[i] :
		    s->lv[i] <= s->tmp[i]); i++)
			;
		if (i == s->a->nd) {
			s->state[n] = s->state[node] & VERDICT;
			s->p->pruned++;
		}
	}
}

/* The node one level up in column d, or nodes when there is none. */
static size_t
step_up(const struct weir_lattice *a, size_t node, size_t d, size_t *lv)
{
	size_t stride = 1, i;

	decode(a, node, lv);
	if (lv[d] + 1 >= a->d[d].nlev)
		return SIZE_MAX;
	for (i = a->nd; --i > d;)
		stride *= a->d[i].nlev;
	return node + stride;
}

/*
 * Judge every node with few evaluations: from the lowest node not yet
 * known, climb through unknown nodes to the top of a chain, and binary
 * search the chain for where it starts to pass (as ARX's Flash does).
 */
static void
judge_all(struct search *s)
{
	size_t n, len, lo, hi, mid, d, next;

	for (n = 0; n < s->nodes; n++) {
		if (s->state[n] != UNKNOWN)
			continue;
		len = 0;
		s->chain[len++] = n;
		for (;;) {
			for (d = 0, next = SIZE_MAX; d < s->a->nd &&
			    next == SIZE_MAX; d++)
				if ((next = step_up(s->a, s->chain[len - 1], d,
				    s->tmp)) != SIZE_MAX &&
				    s->state[next] != UNKNOWN)
					next = SIZE_MAX;
			if (next == SIZE_MAX)
				break;
			s->chain[len++] = next;
		}
		lo = 0;
		hi = len;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (s->state[s->chain[mid]] == UNKNOWN) {
				judge(s, s->chain[mid]);
				tag(s, s->chain[mid]);
			}
			if ((s->state[s->chain[mid]] & VERDICT) == PASS)
				hi = mid;
			else
				lo = mid + 1;
		}
	}
}

int
weir_lattice_search(struct weir_lattice *a, uint64_t k, unsigned l,
    double max_suppress, struct weir_lattice_pick *p, struct weir_err *e)
{
	struct search s;
	struct order *o;
	size_t nodes = 1, i, n, best = 0, best_height = 0, height;
	int found = 0;

	for (i = 0; i < a->nd; i++) {
		if (nodes > MAX_NODES / a->d[i].nlev)
			return weir_errf(e, EX_USAGE, "--auto: the lattice has "
			    "more than %d nodes; give fewer levels",
			    MAX_NODES);
		nodes *= a->d[i].nlev;
	}
	memset(p, 0, sizeof(*p));
	p->monotone = 1;
	for (i = 0; i < a->nd; i++) {
		losses(a, &a->d[i]);
		p->monotone &= nests(&a->d[i]);
	}
	memset(&s, 0, sizeof(s));
	s.a = a;
	s.k = k;
	s.l = l;
	s.max_suppress = max_suppress;
	s.nodes = nodes;
	s.p = p;
	s.state = weir_xcalloc(nodes, 1);
	s.loss = weir_xcalloc(nodes, sizeof(*s.loss));
	s.suppressed = weir_xcalloc(nodes, sizeof(*s.suppressed));
	s.lv = weir_xcalloc(a->nd + 1, sizeof(*s.lv));
	s.tmp = weir_xcalloc(a->nd + 1, sizeof(*s.tmp));
	s.chain = weir_xcalloc(nodes, sizeof(*s.chain));
	o = weir_xcalloc(nodes, sizeof(*o));
	for (n = 0; n < nodes; n++) {
		decode(a, n, s.lv);
		o[n].node = n;
		for (i = 0; i < a->nd; i++) {
			o[n].lb += a->d[i].lb[s.lv[i]];
			o[n].height += s.lv[i];
		}
		o[n].lb = a->nd > 0 ? o[n].lb / (double)a->nd : 0;
	}
	if (p->monotone)
		judge_all(&s);
	/*
	 * Loss is not monotone (suppression falls as generalization
	 * grows), so passing nodes are measured in order of their lower
	 * bound until none left can beat the best.
	 */
	qsort(o, nodes, sizeof(*o), by_bound);
	for (n = 0; n < nodes; n++) {
		if (found && (o[n].lb > s.loss[best] || (o[n].lb ==
		    s.loss[best] && o[n].height > best_height)))
			break;
		if ((s.state[o[n].node] & VERDICT) == FAIL)
			continue;
		/* tagged PASS but not seen, or not judged: measure it */
		if (!(s.state[o[n].node] & SEEN))
			judge(&s, o[n].node);
		if ((s.state[o[n].node] & VERDICT) != PASS)
			continue;
		height = o[n].height;
		if (!found || s.loss[o[n].node] < s.loss[best] ||
		    (s.loss[o[n].node] == s.loss[best] && (height <
		    best_height || (height == best_height &&
		    o[n].node < best)))) {
			found = 1;
			best = o[n].node;
			best_height = height;
		}
	}
	p->nodes = nodes;
	p->found = found;
	if (!found) {
		best = nodes - 1;	/* the top: every column at its last level */
		if (!(s.state[best] & SEEN))
			judge(&s, best);
	}
	decode(a, best, a->pick);
	p->level = a->pick;
	p->loss = s.loss[best];
	p->suppressed = s.suppressed[best];
	free(o);
	free(s.state);
	free(s.loss);
	free(s.suppressed);
	free(s.lv);
	free(s.tmp);
	free(s.chain);
	return 0;
}

const char *
weir_lattice_value(const struct weir_lattice *a, size_t d, size_t level,
    const char *s, size_t len, size_t *outlen)
{
	const struct dim *dm = &a->d[d];
	long v;

	if ((v = weir_intern_find(&dm->lev[0], s, len)) < 0)
		return NULL;
	return weir_intern_str(&dm->lev[level], dm->id[(size_t)v * dm->nlev +
	    level], outlen);
}

struct weir_kanon *
weir_lattice_classes(const struct weir_lattice *a, const size_t *level)
{
	struct weir_buf key = WEIR_BUF_INIT;
	struct weir_kanon *k = rollup(a, level, 1, &key);

	weir_buf_release(&key);
	return k;
}

void
weir_lattice_free(struct weir_lattice *a)
{
	size_t i, lv;

	if (a == NULL)
		return;
	for (i = 0; i < a->nd; i++) {
		for (lv = 0; lv < a->d[i].nlev; lv++)
			weir_intern_release(&a->d[i].lev[lv]);
		free(a->d[i].lev);
		free(a->d[i].id);
		free(a->d[i].freq);
		free(a->d[i].cover);
		free(a->d[i].loss);
		free(a->d[i].lb);
	}
	free(a->d);
	weir_kanon_free(a->base);
	weir_buf_release(&a->tmp);
	weir_buf_release(&a->key);
	free(a->vid);
	free(a->pick);
	free(a);
}
