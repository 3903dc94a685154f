/*
 * gbdt.c - histogram gradient-boosted trees (the contract is in gbdt.h).
 *
 * Training, in the order it happens:
 *
 *   bins	Each feature's cut points come from its sorted values on (a
 *		sample of) the training rows; every training row is then
 *		binned once into bins[], one uint8 column of nt bytes per
 *		feature (the missing bin is nb, after the nb value bins).
 *   round	Gradients and hessians of every training row (gh, float pairs,
 *		one block of nt per class) come from the scores F, then each
 *		class gets a tree.
 *   tree	rb[] holds the row sample and gb[] its (g, h) pairs in the
 *		same order.  A node owns the slice [start, start+count) of
 *		one of the two buffers, and splitting it partitions the slice
 *		stably into the other, so every node's gradients are
 *		contiguous.  A node waiting to be split owns a histogram (one
 *		struct hbin per bin of every feature drawn for the tree).  Of
 *		two new children only the one with fewer rows is built from
 *		its rows; the other is its parent's histogram minus that one,
 *		computed in the parent's memory.
 *   score	In-sample rows get their leaf's value through the partition;
 *		the other training rows and the validation rows walk the new
 *		tree on their raw floats, exactly as weir_gbdt_predict() does.
 *
 * Threads take work items (feature groups of a node, blocks of rows, whole
 * nodes) from a pool.  An item writes only its own outputs, and every sum
 * is taken in an order fixed by the data alone (a feature's histogram is
 * built by one item over the node's rows in order; row blocks have a fixed
 * size; partial sums are added block by block), so the thread count never
 * changes a bit of the model.
 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "gbdt.h"
#include "mem.h"

#define MAXBIN		255	/* value bins per feature; the missing bin is extra */
#define BIN_SAMPLE	200000	/* training rows that decide the cut points */
#define MIN_HESS	1e-3	/* least hessian sum in a child */
#define HCHUNK		2048	/* rows per pass over a group's features */
#define RBLOCK		16384	/* rows per work item for row-wise jobs */
#define MAXTHREADS	256
#define SMALLBIN	16	/* histograms this small are built NSUB-fold */
#define NSUB		8

/* ---------------------------------------------------------------- model */

/*
 * A node of a trained tree, 12 bytes.  The children are next to each
 * other, left then right, so a step down is left + (0 or 1), no branch.
 */
struct node {
	float		v;		/* threshold, or a leaf's value */
	uint32_t	fm;		/* feature << 1 | missing goes left */
	int32_t		left;		/* within the tree; -1 for a leaf */
};

struct weir_gbdt {
	int		 task, nclass, rounds;
	double		 lr;
	float		*init;		/* nclass */
	size_t		*root;		/* rounds * nclass + 1 node offsets */
	struct node	*nodes;
	size_t		 nnodes, cap;
	size_t		 ntrees;
};

static int
nscores(int task, int nclass)
{
	return task == WEIR_TASK_MULTI ? nclass : 1;
}

/* One step down from internal node n of the tree at nd. */
static inline const struct node *
step(const struct node *nd, const struct node *n, const float *row)
{
	float x = row[n->fm >> 1];
	int right = !(x <= n->v) & !((x != x) & n->fm);

	return nd + n->left + right;
}

static inline float
tree_eval(const struct node *nd, const float *row)
{
	const struct node *n = nd;

	while (n->left >= 0)
		n = step(nd, n, row);
	return n->v;
}

/*
 * Four trees walk side by side: each step waits for the loads of the one
 * before, and four independent walks keep the processor busy meanwhile.
 * The leaves are added in tree order all the same, as in training.
 */
void
weir_gbdt_predict(const struct weir_gbdt *m, const float *row, double *out)
{
	const struct node *nodes = m->nodes;
	const size_t *root = m->root;
	size_t K = (size_t)nscores(m->task, m->nclass), k, t, nt = m->ntrees;

	for (k = 0; k < K; k++)
		out[k] = m->init[k];
	k = 0;		/* the class of tree t */
	for (t = 0; t + 4 <= nt; t += 4) {
		const struct node *a = nodes + root[t], *b = nodes + root[t + 1],
		    *c = nodes + root[t + 2], *d = nodes + root[t + 3];
		const struct node *na = a, *nb = b, *nc = c, *nd = d;

		/* leaves have left -1: all four are leaves when the and is */
		while ((na->left & nb->left & nc->left & nd->left) >= 0) {
			if (na->left >= 0)
				na = step(a, na, row);
			if (nb->left >= 0)
				nb = step(b, nb, row);
			if (nc->left >= 0)
				nc = step(c, nc, row);
			if (nd->left >= 0)
				nd = step(d, nd, row);
		}
		out[k] += na->v;
		k = k + 1 == K ? 0 : k + 1;
		out[k] += nb->v;
		k = k + 1 == K ? 0 : k + 1;
		out[k] += nc->v;
		k = k + 1 == K ? 0 : k + 1;
		out[k] += nd->v;
		k = k + 1 == K ? 0 : k + 1;
	}
	for (; t < nt; t++) {
		out[k] += tree_eval(nodes + root[t], row);
		k = k + 1 == K ? 0 : k + 1;
	}
}

int
weir_gbdt_trees_used(const struct weir_gbdt *m)
{
	return m->rounds;
}

int
weir_gbdt_finite(const struct weir_gbdt *m)
{
	size_t i;
	int k;

	for (k = 0; k < nscores(m->task, m->nclass); k++)
		if (!isfinite(m->init[k]))
			return 0;
	for (i = 0; i < m->nnodes; i++)
		if (!isfinite(m->nodes[i].v))
			return 0;
	return 1;
}

void
weir_gbdt_free(struct weir_gbdt *m)
{
	if (m == NULL)
		return;
	free(m->init);
	free(m->root);
	free(m->nodes);
	free(m);
}

static struct weir_gbdt *
model_new(int task, int nclass, double lr)
{
	struct weir_gbdt *m = weir_xcalloc(1, sizeof(*m));
	int K = nscores(task, nclass);

	m->task = task;
	m->nclass = nclass;
	m->lr = lr;
	m->init = weir_xcalloc((size_t)K, sizeof(float));
	m->root = weir_xcalloc(1, sizeof(size_t));
	return m;
}

/* Room for one more tree of n nodes; returns its first node. */
static struct node *
model_add_tree(struct weir_gbdt *m, size_t n)
{
	struct node *nd;

	if (m->nnodes + n > m->cap) {
		m->cap = m->cap * 2 > m->nnodes + n ? m->cap * 2 : m->nnodes + n;
		m->nodes = weir_xreallocarray(m->nodes, m->cap, sizeof(*nd));
	}
	m->root = weir_xreallocarray(m->root, m->ntrees + 2, sizeof(size_t));
	nd = m->nodes + m->nnodes;
	m->root[m->ntrees] = m->nnodes;
	m->nnodes += n;
	m->ntrees++;
	m->root[m->ntrees] = m->nnodes;
	return nd;
}

/* ---------------------------------------------------------------- JSON */

static const char *const tasknames[] = { "regress", "binary", "multi" };

json_t *
weir_gbdt_to_json(const struct weir_gbdt *m)
{
	json_t *o = json_object(), *trees = json_array(), *init = json_array();
	int K = nscores(m->task, m->nclass), k;
	size_t t, i;

	json_object_set_new(o, "task", json_string(tasknames[m->task]));
	json_object_set_new(o, "nclass", json_integer(m->nclass));
	json_object_set_new(o, "learning_rate", json_real(m->lr));
	json_object_set_new(o, "rounds", json_integer(m->rounds));
	for (k = 0; k < K; k++)
		json_array_append_new(init, json_real(m->init[k]));
	json_object_set_new(o, "init", init);
	for (t = 0; t < m->ntrees; t++) {
		const struct node *nd = m->nodes + m->root[t];
		size_t n = m->root[t + 1] - m->root[t];
		json_t *tr = json_object(), *feat = json_array(),
		    *thr = json_array(), *ml = json_array(),
		    *left = json_array(), *right = json_array(),
		    *val = json_array();

		for (i = 0; i < n; i++) {
			int leaf = nd[i].left < 0;

			json_array_append_new(feat, json_integer(leaf ? -1 :
			    (json_int_t)(nd[i].fm >> 1)));
			json_array_append_new(thr, json_real(leaf ? 0 :
			    nd[i].v));
			json_array_append_new(ml, json_integer(leaf ? 0 :
			    (json_int_t)(nd[i].fm & 1)));
			json_array_append_new(left, json_integer(nd[i].left));
			json_array_append_new(right, json_integer(leaf ? -1 :
			    nd[i].left + 1));
			json_array_append_new(val, json_real(leaf ? nd[i].v :
			    0));
		}
		json_object_set_new(tr, "feature", feat);
		json_object_set_new(tr, "threshold", thr);
		json_object_set_new(tr, "missing_left", ml);
		json_object_set_new(tr, "left", left);
		json_object_set_new(tr, "right", right);
		json_object_set_new(tr, "value", val);
		json_array_append_new(trees, tr);
	}
	json_object_set_new(o, "trees", trees);
	return o;
}

/*
 * A number that rounds to a finite float32; -1 when it is not one.  (FLT_MAX
 * printed with 9 digits reads back a little above it.)
 */
static int
get_float(const json_t *v, float *out)
{
	double d;

	if (!json_is_number(v))
		return -1;
	d = json_number_value(v);
	if (!(fabs(d) < 0x1.ffffffp127))	/* FLT_MAX + half a step */
		return -1;
	*out = fabs(d) > FLT_MAX ? (d > 0 ? FLT_MAX : -FLT_MAX) : (float)d;
	return 0;
}

static int
get_int(const json_t *v, long long lo, long long hi, long long *out)
{
	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return *out < lo || *out > hi ? -1 : 0;
}

/*
 * Read one tree into the model.  Children with higher numbers than their
 * parent, each node but the root the child of exactly one node, make a
 * tree whose walks end.  Trees whose children are not next to each other
 * (ours always are) are renumbered breadth first.
 */
static int
load_tree(struct weir_gbdt *m, const json_t *tr, size_t ti, size_t nfeat,
    struct weir_err *e)
{
	static const char *const keys[] = { "feature", "threshold",
	    "missing_left", "left", "right", "value" };
	struct jn {
		float		thr, val;
		long long	f, ml, l, r;
	} *jn;
	const json_t *a[6];
	struct node *nd;
	unsigned char *seen;
	size_t n = 0, i, j, *order = NULL, *idx = NULL, next;
	int adjacent = 1, rv = -1;

	if (!json_is_object(tr))
		return weir_errf(e, EX_DATAERR, "gbdt: tree %zu: not an object",
		    ti);
	for (j = 0; j < 6; j++) {
		a[j] = json_object_get(tr, keys[j]);
		if (!json_is_array(a[j]))
			return weir_errf(e, EX_DATAERR,
			    "gbdt: tree %zu: '%s' is not an array", ti,
			    keys[j]);
		if (j == 0)
			n = json_array_size(a[0]);
		else if (json_array_size(a[j]) != n)
			return weir_errf(e, EX_DATAERR,
			    "gbdt: tree %zu: '%s' has %zu nodes, 'feature' %zu",
			    ti, keys[j], json_array_size(a[j]), n);
	}
	if (n == 0 || n > INT32_MAX)
		return weir_errf(e, EX_DATAERR, "gbdt: tree %zu: %zu nodes",
		    ti, n);
	seen = weir_xcalloc(n, 1);
	jn = weir_xcalloc(n, sizeof(*jn));
	for (i = 0; i < n; i++) {
		struct jn *q = &jn[i];

		if (get_int(json_array_get(a[0], i), -1,
		    (long long)nfeat - 1, &q->f) == -1) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %zu: "
			    "feature is not an integer from -1 to %lld", ti, i,
			    (long long)nfeat - 1);
			goto out;
		}
		if (get_int(json_array_get(a[2], i), 0, 1, &q->ml) == -1) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %zu: "
			    "missing_left is not 0 or 1", ti, i);
			goto out;
		}
		if (get_int(json_array_get(a[3], i), -1, (long long)n - 1,
		    &q->l) == -1 || get_int(json_array_get(a[4], i), -1,
		    (long long)n - 1, &q->r) == -1) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %zu: "
			    "child is not an integer from -1 to %zu", ti, i,
			    n - 1);
			goto out;
		}
		if (get_float(json_array_get(a[1], i), &q->thr) == -1 ||
		    get_float(json_array_get(a[5], i), &q->val) == -1) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %zu: "
			    "threshold or value is not a finite float", ti, i);
			goto out;
		}
		if (q->f < 0) {
			if (q->l != -1 || q->r != -1) {
				weir_errf(e, EX_DATAERR, "gbdt: tree %zu: "
				    "node %zu: a leaf (feature -1) has children",
				    ti, i);
				goto out;
			}
			continue;
		}
		if (q->l <= (long long)i || q->r <= (long long)i ||
		    q->l == q->r) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %zu: "
			    "children %lld and %lld must be distinct nodes "
			    "after it", ti, i, q->l, q->r);
			goto out;
		}
		if (seen[q->l]++ || seen[q->r]++) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %lld "
			    "has two parents", ti, seen[q->l] > 1 ? q->l : q->r);
			goto out;
		}
		if (q->r != q->l + 1)
			adjacent = 0;
	}
	for (i = 1; i < n; i++)
		if (!seen[i]) {
			weir_errf(e, EX_DATAERR, "gbdt: tree %zu: node %zu is "
			    "not reached from the root", ti, i);
			goto out;
		}
	/* idx: new number of each node; order: the nodes by new number */
	idx = weir_xmalloc(n * sizeof(size_t));
	order = weir_xmalloc(n * sizeof(size_t));
	for (i = 0; i < n; i++)
		idx[i] = order[i] = i;
	if (!adjacent) {
		for (i = 0, next = 1; i < n; i++) {
			const struct jn *q = &jn[order[i]];

			if (q->f < 0)
				continue;
			idx[q->l] = next;
			order[next++] = (size_t)q->l;
			idx[q->r] = next;
			order[next++] = (size_t)q->r;
		}
	}
	nd = model_add_tree(m, n);
	for (i = 0; i < n; i++) {
		const struct jn *q = &jn[order[i]];

		if (q->f < 0) {
			nd[i].v = q->val;
			nd[i].fm = 0;
			nd[i].left = -1;
		} else {
			nd[i].v = q->thr;
			nd[i].fm = (uint32_t)q->f << 1 | (uint32_t)q->ml;
			nd[i].left = (int32_t)idx[q->l];
		}
	}
	rv = 0;
out:
	free(seen);
	free(jn);
	free(idx);
	free(order);
	return rv;
}

struct weir_gbdt *
weir_gbdt_from_json(const json_t *j, size_t nfeat, struct weir_err *e)
{
	const json_t *v, *trees, *init;
	struct weir_gbdt *m = NULL;
	const char *s;
	long long nclass, rounds;
	double lr;
	int task, K, k;
	size_t t;

	if (!json_is_object(j)) {
		weir_errf(e, EX_DATAERR, "gbdt: model is not an object");
		return NULL;
	}
	if ((s = json_string_value(json_object_get(j, "task"))) == NULL) {
		weir_errf(e, EX_DATAERR, "gbdt: no task");
		return NULL;
	}
	for (task = 0; task < 3; task++)
		if (strcmp(s, tasknames[task]) == 0)
			break;
	if (task == 3) {
		weir_errf(e, EX_DATAERR, "gbdt: unknown task '%s'", s);
		return NULL;
	}
	if (get_int(json_object_get(j, "nclass"), 1, 1 << 20, &nclass) ==
	    -1 || (task == WEIR_TASK_MULTI) != (nclass >= 3) ||
	    (task != WEIR_TASK_MULTI && nclass != 1)) {
		weir_errf(e, EX_DATAERR, "gbdt: nclass does not fit task '%s'",
		    s);
		return NULL;
	}
	v = json_object_get(j, "learning_rate");
	if (!json_is_number(v) || !((lr = json_number_value(v)) > 0) ||
	    !isfinite(lr)) {
		weir_errf(e, EX_DATAERR, "gbdt: learning_rate is not a "
		    "positive number");
		return NULL;
	}
	if (get_int(json_object_get(j, "rounds"), 0, INT32_MAX, &rounds) ==
	    -1) {
		weir_errf(e, EX_DATAERR, "gbdt: rounds is not a count");
		return NULL;
	}
	K = (int)nclass;
	init = json_object_get(j, "init");
	if (!json_is_array(init) || json_array_size(init) != (size_t)K) {
		weir_errf(e, EX_DATAERR, "gbdt: init is not an array of %d "
		    "numbers", K);
		return NULL;
	}
	trees = json_object_get(j, "trees");
	if (!json_is_array(trees) ||
	    json_array_size(trees) != (size_t)rounds * (size_t)K) {
		weir_errf(e, EX_DATAERR, "gbdt: trees is not an array of "
		    "%lld trees (rounds %lld times %d)",
		    rounds * K, rounds, K);
		return NULL;
	}
	m = model_new(task, K, lr);
	m->rounds = (int)rounds;
	for (k = 0; k < K; k++)
		if (get_float(json_array_get(init, (size_t)k), &m->init[k]) ==
		    -1) {
			weir_errf(e, EX_DATAERR, "gbdt: init[%d] is not a "
			    "finite float", k);
			goto fail;
		}
	for (t = 0; t < json_array_size(trees); t++)
		if (load_tree(m, json_array_get(trees, t), t, nfeat, e) == -1)
			goto fail;
	return m;
fail:
	weir_gbdt_free(m);
	return NULL;
}

/* ---------------------------------------------------------------- PRNG */

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, fully determined. */
static uint64_t
rnd64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint64_t
rnd_below(uint64_t *s, uint64_t n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % n, r;

	while ((r = rnd64(s)) >= lim)
		;
	return r % n;
}

/*
 * k of the n numbers 0..n-1, without replacement, in increasing order
 * (Knuth's algorithm S).
 */
static void
rnd_sample(uint64_t *s, size_t n, size_t k, uint32_t *out)
{
	size_t i, got = 0;

	for (i = 0; i < n && got < k; i++)
		if (rnd_below(s, n - i) < k - got)
			out[got++] = (uint32_t)i;
}

/* ---------------------------------------------------------------- pool */

typedef void	(*pool_fn)(void *arg, size_t item, int tid);

/*
 * Waking a sleeping thread costs tens of microseconds (more in a virtual
 * machine), and a tree takes some fifty jobs, most of them short: threads
 * spin for a while on the job counter before they sleep.
 */
#define SPIN	4000
#if defined(__x86_64__) || defined(__i386__)
#define relax()	__builtin_ia32_pause()
#elif defined(__aarch64__)
#define relax()	__asm__ __volatile__("yield")
#else
#define relax()	do { } while (0)
#endif

struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 go, done;
	pthread_t	*tid;
	struct wstart	*ws;
	int		 n;		/* threads, the caller's included */
	atomic_ulong	 gen;		/* jobs started */
	atomic_int	 busy;		/* workers not done with the job */
	atomic_int	 quit;
	int		 sleepers;	/* workers waiting on go */
	int		 waiting;	/* the caller waits on done */
	pool_fn		 fn;
	void		*arg;
	size_t		 nitems;
	atomic_size_t	 next;
};

struct wstart {
	struct pool	*p;
	int		 id;
};

static void
pool_work(struct pool *p, int id)
{
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->nitems)
		p->fn(p->arg, i, id);
}

static void *
pool_main(void *v)
{
	struct wstart *ws = v;
	struct pool *p = ws->p;
	unsigned long seen = 0;
	int i;

	for (;;) {
		for (i = 0; i < SPIN && atomic_load(&p->gen) == seen &&
		    !atomic_load(&p->quit); i++)
			relax();
		if (atomic_load(&p->gen) == seen && !atomic_load(&p->quit)) {
			pthread_mutex_lock(&p->mu);
			p->sleepers++;
			while (atomic_load(&p->gen) == seen &&
			    !atomic_load(&p->quit))
				pthread_cond_wait(&p->go, &p->mu);
			p->sleepers--;
			pthread_mutex_unlock(&p->mu);
		}
		if (atomic_load(&p->quit))
			break;
		seen = atomic_load(&p->gen);
		pool_work(p, ws->id);
		if (atomic_fetch_sub(&p->busy, 1) == 1) {
			pthread_mutex_lock(&p->mu);
			if (p->waiting)
				pthread_cond_signal(&p->done);
			pthread_mutex_unlock(&p->mu);
		}
	}
	return NULL;
}

/* A pool of n threads, the caller counting as one; fewer if some fail. */
static struct pool *
pool_new(int n)
{
	struct pool *p = weir_xcalloc(1, sizeof(*p));
	int i;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	atomic_init(&p->gen, 0);
	atomic_init(&p->busy, 0);
	atomic_init(&p->quit, 0);
	atomic_init(&p->next, 0);
	p->tid = weir_xcalloc((size_t)n, sizeof(pthread_t));
	p->ws = weir_xcalloc((size_t)n, sizeof(struct wstart));
	p->n = 1;
	for (i = 1; i < n; i++) {
		p->ws[i].p = p;
		p->ws[i].id = i;
		if (pthread_create(&p->tid[i], NULL, pool_main, &p->ws[i]) != 0)
			break;
		p->n++;
	}
	return p;
}

static void
pool_free(struct pool *p)
{
	int i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->quit, 1);
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (i = 1; i < p->n; i++)
		pthread_join(p->tid[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->go);
	pthread_cond_destroy(&p->done);
	free(p->tid);
	free(p->ws);
	free(p);
}

/* fn(arg, i, thread) for i in 0..nitems-1, in any order, on any thread. */
static void
pool_run(struct pool *p, pool_fn fn, void *arg, size_t nitems)
{
	size_t i;
	int spin;

	if (nitems == 0)
		return;
	if (p->n == 1 || nitems == 1) {
		for (i = 0; i < nitems; i++)
			fn(arg, i, 0);
		return;
	}
	/* the workers are idle: busy is 0, and they read these after gen */
	p->fn = fn;
	p->arg = arg;
	p->nitems = nitems;
	atomic_store(&p->next, 0);
	atomic_store(&p->busy, p->n - 1);
	atomic_fetch_add(&p->gen, 1);
	pthread_mutex_lock(&p->mu);
	if (p->sleepers > 0)
		pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	pool_work(p, 0);
	for (spin = 0; spin < SPIN && atomic_load(&p->busy) > 0; spin++)
		relax();
	if (atomic_load(&p->busy) > 0) {
		pthread_mutex_lock(&p->mu);
		p->waiting = 1;
		while (atomic_load(&p->busy) > 0)
			pthread_cond_wait(&p->done, &p->mu);
		p->waiting = 0;
		pthread_mutex_unlock(&p->mu);
	}
}

/* ---------------------------------------------------------------- training state */

struct hbin {
	double		g, h;
	uint64_t	n;
};

struct feat {
	int	 nb;		/* value bins; bin nb holds the missing values */
	int	 canmiss;	/* may split missing from everything else */
	int	 usable;	/* has a split at all */
	size_t	 off;		/* its first bin in a histogram */
	float	*cut;		/* np cut points, +inf past the nb - 1 real ones */
	size_t	 np;		/* a power of two */
};

/* A node of the tree being grown. */
struct tnode {
	uint32_t	start, count;	/* its slice of rb[buf] and gb[buf] */
	int		buf;
	int		depth;
	int		slot;		/* its histogram, -1 when it has none */
	int		left;		/* children: left, left + 1; -1 leaf */
	int		feat, bin, ml;	/* best split; feat -1 when none */
	double		gain;
	float		value;
};

struct train {
	const struct weir_gbdt_params *p;
	struct pool	*pool;
	struct weir_gbdt *m;
	int		 K, task;
	const float	*x;
	size_t		 nf, nt, nv;
	uint32_t	*tr, *vr;	/* training, validation rows of x */
	double		*yt, *wt, *yv, *wv;	/* wt, wv NULL: weights 1 */
	double		 lr, l2;
	uint64_t	 minleaf;
	uint64_t	 rng;

	/* bins */
	struct feat	*ft;
	size_t		 hsize;		/* bins in a histogram */
	uint8_t		*bins;		/* nf columns of nt */
	uint8_t		*bflags;	/* per block and feature: 1 NaN, 2 +inf */
	uint32_t	*bsamp;		/* rows that decide the cut points */
	size_t		 nbsamp;
	uint32_t	*keys;		/* their keys, feature by feature */
	size_t		 kf0, nkf;	/* the features of the keys */
	uint32_t	**scratch;	/* per thread, for sorting */

	/* scores and gradients */
	double		*Ft, *Fv;	/* nt * K, nv * K */
	float		*gh;		/* K blocks of nt (g, h) */
	double		*part;		/* partial sums, per block */

	/* round and tree */
	uint32_t	*samp;		/* the round's rows, increasing */
	size_t		 ns;
	uint8_t		*insamp;	/* NULL when every row is in */
	uint32_t	*rb[2];		/* the sample's rows, two buffers */
	float		*gb[2];		/* their (g, h), the same way */
	uint8_t		*dir;
	int		 k;		/* class of the tree */
	int		*sel;		/* the tree's features, increasing */
	size_t		 nsel;
	size_t		*grp;		/* groups: sel[grp[g] .. grp[g+1]) */
	size_t		 ngrp;
	int		*usable;
	size_t		 nusable;
	const struct node *tree;	/* the tree just added to the model */

	/* growing */
	struct tnode	*nd;
	size_t		 nnd, ndcap;
	struct hbin	**slots;
	int		 nslots;
	int		*freeslot;
	int		 nfree;
	int		*open, *batch, *build, *sub, *need, *leaves;
	size_t		 nopen, nbatch, nbuild, nsub, nneed, nleaves;
	/* partition work items */
	uint32_t	*pnode, *plo, *pcnt, *poff;
	size_t		 pcap;
};

/* ---------------------------------------------------------------- bins */

/* Keys that sort as the floats do; NaN sorts last, as NANKEY. */
#define NANKEY	UINT32_MAX

static inline uint32_t
fkey(float v)
{
	uint32_t u;

	if (v == 0)
		v = 0;		/* -0 and +0 are one value */
	memcpy(&u, &v, sizeof(u));
	return u & 0x80000000u ? ~u : u | 0x80000000u;
}

static inline float
keyf(uint32_t u)
{
	float v;

	u = u & 0x80000000u ? u & 0x7fffffffu : ~u;
	memcpy(&v, &u, sizeof(v));
	return v;
}

/* LSD radix sort of n keys, 8 bits a pass; tmp holds n. */
static void
radix_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
	size_t cnt[4][256], i, sum, c;
	uint32_t *src = a, *dst = tmp, *sw;
	int b;

	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < n; i++) {
		cnt[0][a[i] & 255]++;
		cnt[1][a[i] >> 8 & 255]++;
		cnt[2][a[i] >> 16 & 255]++;
		cnt[3][a[i] >> 24]++;
	}
	for (b = 0; b < 4; b++) {
		if (n == 0 || cnt[b][src[0] >> (8 * b) & 255] == n)
			continue;	/* one value in this byte: nothing moves */
		for (sum = 0, i = 0; i < 256; i++) {
			c = cnt[b][i];
			cnt[b][i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[b][src[i] >> (8 * b) & 255]++] = src[i];
		sw = src;
		src = dst;
		dst = sw;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

/* A cut point c with a <= c < b, finite, near the middle. */
static float
midpoint(float a, float b)
{
	float c = (float)(((double)a + (double)b) / 2);

	if (!(c < b))
		c = a;
	if (!isfinite(c)) {
		c = isfinite(a) ? a : isfinite(b) ? nextafterf(b, -INFINITY) :
		    0;
		if (!isfinite(c))
			c = -FLT_MAX;
	}
	return c;
}

/*
 * Cut points of one feature from its n sorted keys: one bin per distinct
 * value when there are at most MAXBIN, else greedy quantiles, where a value
 * holding more than a bin's share of the rows gets a bin of its own.
 */
static void
make_cuts(struct feat *f, uint32_t *k, size_t n, uint32_t *tmp)
{
	float cuts[MAXBIN];
	uint32_t *cnt = tmp;		/* counts of the distinct values */
	size_t nd = 0, i, j, ncut = 0, left, cur, binsleft;

	/* distinct values to the front of k, their counts in cnt */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && k[j] == k[i]; j++)
			;
		k[nd] = k[i];
		cnt[nd++] = (uint32_t)(j - i);
	}
	if (nd <= MAXBIN) {
		for (i = 0; i + 1 < nd; i++)
			cuts[ncut++] = midpoint(keyf(k[i]), keyf(k[i + 1]));
	} else {
		left = n;
		binsleft = MAXBIN;
		cur = 0;
		for (i = 0; i + 1 < nd && binsleft > 1; i++) {
			double share = (double)left / (double)binsleft;

			cur += cnt[i];
			if ((double)cur >= share || (double)cnt[i + 1] >= share) {
				cuts[ncut++] = midpoint(keyf(k[i]),
				    keyf(k[i + 1]));
				left -= cur;
				cur = 0;
				binsleft--;
			}
		}
	}
	/* rounding may make neighbours equal: keep them strictly rising */
	for (i = j = 0; i < ncut; i++)
		if (j == 0 || cuts[i] > cuts[j - 1])
			cuts[j++] = cuts[i];
	ncut = j;
	f->nb = (int)ncut + 1;
	for (f->np = 1; f->np < ncut; f->np *= 2)
		;
	f->cut = weir_xmalloc(f->np * sizeof(float));
	for (i = 0; i < f->np; i++)
		f->cut[i] = i < ncut ? cuts[i] : INFINITY;
}

/* Item: a block of the sample's keys, for features kf0.. kf0+nkf-1. */
static void
keys_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t lo = item * RBLOCK, hi = lo + RBLOCK, i, fi, S = t->nbsamp;

	(void)tid;
	if (hi > S)
		hi = S;
	for (i = lo; i < hi; i++) {
		const float *row = t->x + (size_t)t->tr[t->bsamp[i]] * t->nf +
		    t->kf0;

		for (fi = 0; fi < t->nkf; fi++)
			t->keys[fi * S + i] = row[fi] == row[fi] ?
			    fkey(row[fi]) : NANKEY;
	}
}

/* Item: one feature's cut points. */
static void
cuts_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	uint32_t *k = t->keys + item * t->nbsamp;
	size_t n = t->nbsamp;

	radix_sort(k, t->scratch[tid], n);
	while (n > 0 && k[n - 1] == NANKEY)
		n--;
	make_cuts(&t->ft[t->kf0 + item], k, n, t->scratch[tid]);
}

/* The bin of v: the number of cut points below it; nb for NaN. */
static inline uint8_t
bin_of(const struct feat *f, float v)
{
	const float *c = f->cut;
	size_t len = f->np, half;

	if (v != v)
		return (uint8_t)f->nb;
	while (len > 1) {
		half = len / 2;
		c += (size_t)(c[half - 1] < v) * half;	/* no branch */
		len -= half;
	}
	return (uint8_t)((size_t)(c - f->cut) + (*c < v));
}

static void
bin_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t lo = item * RBLOCK, hi = lo + RBLOCK, j, j0, j1, f, nf = t->nf;
	uint8_t *fl = t->bflags + item * nf;

	(void)tid;
	if (hi > t->nt)
		hi = t->nt;
	/* 256 rows at a time, feature by feature, for the branch predictor */
	for (j0 = lo; j0 < hi; j0 = j1) {
		j1 = j0 + 256 < hi ? j0 + 256 : hi;
		for (f = 0; f < nf; f++) {
			const struct feat *ftr = &t->ft[f];
			uint8_t *out = t->bins + f * t->nt;
			int flags = 0;

			for (j = j0; j < j1; j++) {
				float v = t->x[(size_t)t->tr[j] * nf + f];

				out[j] = bin_of(ftr, v);
				flags |= (v != v) | (v == INFINITY) << 1;
			}
			fl[f] |= (uint8_t)flags;
		}
	}
}

static void
make_bins(struct train *t)
{
	size_t nblk = (t->nt + RBLOCK - 1) / RBLOCK, f, f0, nfc, i, b;
	size_t per;
	int th;

	t->ft = weir_xcalloc(t->nf ? t->nf : 1, sizeof(struct feat));
	t->nbsamp = t->nt < BIN_SAMPLE ? t->nt : BIN_SAMPLE;
	t->bsamp = weir_xmalloc(t->nbsamp * sizeof(uint32_t));
	if (t->nbsamp == t->nt)
		for (i = 0; i < t->nt; i++)
			t->bsamp[i] = (uint32_t)i;
	else
		rnd_sample(&t->rng, t->nt, t->nbsamp, t->bsamp);
	/* the keys of up to 64 MB of features at a time */
	per = ((size_t)16 << 20) / t->nbsamp;
	if (per < 1)
		per = 1;
	if (per > t->nf)
		per = t->nf ? t->nf : 1;
	t->keys = weir_xmalloc(per * t->nbsamp * sizeof(uint32_t));
	t->scratch = weir_xcalloc((size_t)t->pool->n, sizeof(uint32_t *));
	for (th = 0; th < t->pool->n; th++)
		t->scratch[th] = weir_xmalloc(t->nbsamp * sizeof(uint32_t));
	for (f0 = 0; f0 < t->nf; f0 += nfc) {
		nfc = t->nf - f0 < per ? t->nf - f0 : per;
		t->kf0 = f0;
		t->nkf = nfc;
		pool_run(t->pool, keys_job, t, (t->nbsamp + RBLOCK - 1) /
		    RBLOCK);
		pool_run(t->pool, cuts_job, t, nfc);
	}
	for (th = 0; th < t->pool->n; th++)
		free(t->scratch[th]);
	free(t->scratch);
	free(t->keys);
	free(t->bsamp);
	t->scratch = NULL;
	t->keys = NULL;

	t->bins = weir_xmalloc(t->nf * t->nt);
	t->bflags = weir_xcalloc(nblk * t->nf, 1);
	pool_run(t->pool, bin_job, t, nblk);
	t->usable = weir_xmalloc((t->nf ? t->nf : 1) * sizeof(int));
	for (f = 0; f < t->nf; f++) {
		int fl = 0;

		for (b = 0; b < nblk; b++)
			fl |= t->bflags[b * t->nf + f];
		t->ft[f].off = t->hsize;
		t->hsize += (size_t)t->ft[f].nb + 1;
		t->ft[f].canmiss = (fl & 1) && !(fl & 2);
		t->ft[f].usable = t->ft[f].nb > 1 || t->ft[f].canmiss;
		if (t->ft[f].usable)
			t->usable[t->nusable++] = (int)f;
	}
	free(t->bflags);
	t->bflags = NULL;
}

/* ---------------------------------------------------------------- gradients and loss */

/* d as a float32, clamped to the finite range (a cast beyond it is UB). */
static inline float
clampf(double d)
{
	return d > FLT_MAX ? FLT_MAX : d < -FLT_MAX ? -FLT_MAX : (float)d;
}

static void
grad_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t lo = item * RBLOCK, hi = lo + RBLOCK, j, nt = t->nt;
	int K = t->K, k;

	(void)tid;
	if (hi > nt)
		hi = nt;
	for (j = lo; j < hi; j++) {
		const double *F = t->Ft + j * (size_t)K;
		double w = t->wt ? t->wt[j] : 1, y = t->yt[j], g, h;

		switch (t->task) {
		case WEIR_TASK_REGRESS:
			t->gh[2 * j] = clampf(w * (F[0] - y));
			t->gh[2 * j + 1] = clampf(w);
			break;
		case WEIR_TASK_BINARY: {
			/*
			 * float precision is all a gradient keeps, and expf
			 * is several times faster than exp
			 */
			double pr = 1 / (1 + (double)expf(-clampf(F[0])));

			g = pr - y;
			h = pr * (1 - pr);
			t->gh[2 * j] = clampf(w * g);
			t->gh[2 * j + 1] = clampf(w * (h > 1e-16 ? h : 1e-16));
			break;
		}
		default: {
			double mx = F[0], sum = 0;

			for (k = 1; k < K; k++)
				if (F[k] > mx)
					mx = F[k];
			for (k = 0; k < K; k++)
				sum += expf(clampf(F[k] - mx));
			for (k = 0; k < K; k++) {
				double pr = expf(clampf(F[k] - mx)) / sum;
				float *o = t->gh + 2 * ((size_t)k * nt + j);

				g = pr - (k == (int)y);
				h = pr * (1 - pr);
				o[0] = clampf(w * g);
				o[1] = clampf(w * (h > 1e-16 ? h : 1e-16));
			}
		}
		}
	}
}

/* The loss of one row with scores F. */
static double
row_loss(int task, int K, const double *F, double y)
{
	double mx, sum;
	int k;

	switch (task) {
	case WEIR_TASK_REGRESS:
		return (F[0] - y) * (F[0] - y);
	case WEIR_TASK_BINARY:
		/* log(1 + e^F) - yF, without overflow */
		return (F[0] > 0 ? F[0] : 0) - y * F[0] +
		    log1p(exp(-fabs(F[0])));
	default:
		for (mx = F[0], k = 1; k < K; k++)
			if (F[k] > mx)
				mx = F[k];
		for (sum = 0, k = 0; k < K; k++)
			sum += exp(F[k] - mx);
		return mx + log(sum) - F[(int)y];
	}
}

static void
loss_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t lo = item * RBLOCK, hi = lo + RBLOCK, j;
	double s = 0;

	(void)tid;
	if (hi > t->nv)
		hi = t->nv;
	for (j = lo; j < hi; j++)
		s += (t->wv ? t->wv[j] : 1) * row_loss(t->task, t->K,
		    t->Fv + j * (size_t)t->K, t->yv[j]);
	t->part[item] = s;
}

static double
valid_loss(struct train *t)
{
	size_t nblk = (t->nv + RBLOCK - 1) / RBLOCK, b;
	double s = 0;

	pool_run(t->pool, loss_job, t, nblk);
	for (b = 0; b < nblk; b++)
		s += t->part[b];
	return s;
}

/* ---------------------------------------------------------------- histograms */

static int
slot_get(struct train *t)
{
	if (t->nfree > 0)
		return t->freeslot[--t->nfree];
	t->slots = weir_xreallocarray(t->slots, (size_t)t->nslots + 1,
	    sizeof(*t->slots));
	t->freeslot = weir_xreallocarray(t->freeslot, (size_t)t->nslots + 1,
	    sizeof(int));
	t->slots[t->nslots] = weir_xmalloc(t->hsize * sizeof(struct hbin));
	return t->nslots++;
}

static void
slot_put(struct train *t, int *slot)
{
	if (*slot >= 0)
		t->freeslot[t->nfree++] = *slot;
	*slot = -1;
}

/*
 * Add rows lo..hi of a node to a feature's histogram (rows NULL: the row
 * numbers are lo..hi themselves, as at the root of a tree on every row).
 */
static inline void
hist_add(struct hbin *restrict H, const uint8_t *restrict col,
    const uint32_t *restrict rows, const float *restrict gh, size_t lo,
    size_t hi)
{
	size_t i;

	for (i = lo; i < hi; i++) {
		struct hbin *b = H + col[rows ? rows[i] : i];

		b->g += gh[2 * i];
		b->h += gh[2 * i + 1];
		b->n++;
	}
}

/*
 * The same for a feature of at most SMALLBIN bins.  Consecutive rows hit
 * the same few bins, and each update would wait for the one before to be
 * stored; NSUB interleaved copies of the histogram keep NSUB chains in
 * flight.  They are added up in a fixed order, so the sums do not depend
 * on anything but the rows.
 */
static inline void
hist_add_small(struct hbin *restrict H, size_t nbins,
    const uint8_t *restrict col, const uint32_t *restrict rows,
    const float *restrict gh, size_t lo, size_t hi)
{
	struct hbin L[NSUB][SMALLBIN], *p;
	size_t i, b;
	int s;

	for (s = 0; s < NSUB; s++)
		memset(L[s], 0, nbins * sizeof(struct hbin));
#define ADD(s, r) do { \
	p = &L[s][col[rows ? rows[r] : (r)]]; \
	p->g += gh[2 * (r)]; \
	p->h += gh[2 * (r) + 1]; \
	p->n++; \
} while (0)
	for (i = lo; i + NSUB <= hi; i += NSUB) {
		ADD(0, i);
		ADD(1, i + 1);
		ADD(2, i + 2);
		ADD(3, i + 3);
		ADD(4, i + 4);
		ADD(5, i + 5);
		ADD(6, i + 6);
		ADD(7, i + 7);
	}
	for (; i < hi; i++)
		ADD(0, i);
#undef ADD
	for (b = 0; b < nbins; b++)
		for (s = 0; s < NSUB; s++) {
			H[b].g += L[s][b].g;
			H[b].h += L[s][b].h;
			H[b].n += L[s][b].n;
		}
}

static void
hist_feature(const struct feat *f, struct hbin *H, const uint8_t *col,
    const uint32_t *rows, const float *gh, size_t lo, size_t hi)
{
	size_t nbins = (size_t)f->nb + 1;

	if (nbins <= SMALLBIN) {
		if (rows)
			hist_add_small(H, nbins, col, rows, gh, lo, hi);
		else
			hist_add_small(H, nbins, col, NULL, gh, lo, hi);
	} else {
		if (rows)
			hist_add(H, col, rows, gh, lo, hi);
		else
			hist_add(H, col, NULL, gh, lo, hi);
	}
}

/* Item: one feature group of one node in t->build. */
static void
hist_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	const struct tnode *n = &t->nd[t->build[item / t->ngrp]];
	size_t g = item % t->ngrp, s, c, e, cnt = n->count;
	struct hbin *H = t->slots[n->slot];
	const uint32_t *rows = t->rb[n->buf] + n->start;
	const float *gh = t->gb[n->buf] + 2 * (size_t)n->start;
	int direct = n->start == 0 && cnt == t->nt;

	(void)tid;
	for (s = t->grp[g]; s < t->grp[g + 1]; s++) {
		const struct feat *f = &t->ft[t->sel[s]];

		memset(H + f->off, 0, ((size_t)f->nb + 1) * sizeof(*H));
	}
	for (c = 0; c < cnt; c = e) {
		e = c + HCHUNK < cnt ? c + HCHUNK : cnt;
		for (s = t->grp[g]; s < t->grp[g + 1]; s++) {
			int fi = t->sel[s];
			const uint8_t *col = t->bins + (size_t)fi * t->nt;

			hist_feature(&t->ft[fi], H + t->ft[fi].off, col,
			    direct ? NULL : rows, gh, c, e);
		}
	}
}

/* Item: one feature group of one (larger child, smaller child) pair. */
static void
sub_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t g = item % t->ngrp, s, i, pair = item / t->ngrp;
	struct hbin *L = t->slots[t->nd[t->sub[2 * pair]].slot];
	const struct hbin *S = t->slots[t->nd[t->sub[2 * pair + 1]].slot];

	(void)tid;
	for (s = t->grp[g]; s < t->grp[g + 1]; s++) {
		const struct feat *f = &t->ft[t->sel[s]];

		for (i = f->off; i <= f->off + (size_t)f->nb; i++) {
			L[i].g -= S[i].g;
			L[i].h -= S[i].h;
			L[i].n -= S[i].n;
		}
	}
}

/* ---------------------------------------------------------------- splits */

/* Keep the split if it gains more than *best. */
static inline void
try_split(struct tnode *n, double *best, double parent, double l2, int fi,
    int bin, int ml, double gl, double hl, double gr, double hr)
{
	double gain;

	if (hl < MIN_HESS || hr < MIN_HESS)
		return;
	gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parent;
	if (gain > *best) {
		*best = gain;
		n->gain = gain;
		n->feat = fi;
		n->bin = bin;
		n->ml = ml;
	}
}

/* The best split of node n over the tree's features, from its histogram. */
static void
find_split(struct train *t, struct tnode *n)
{
	const struct hbin *H = t->slots[n->slot];
	double l2 = t->l2;
	uint64_t minl = t->minleaf;
	size_t s;
	int i;

	n->feat = -1;
	n->gain = 0;
	for (s = 0; s < t->nsel; s++) {
		int fi = t->sel[s];
		const struct feat *f = &t->ft[fi];
		const struct hbin *b = H + f->off, *miss = b + f->nb;
		double G = 0, Hs = 0, gl = 0, hl = 0, parent, best;
		uint64_t N = 0, nl = 0, nlm;
		int nb = f->nb, last;

		for (i = 0; i <= nb; i++) {
			G += b[i].g;
			Hs += b[i].h;
			N += b[i].n;
		}
		parent = G * G / (Hs + l2);
		/* noise in the last bits of a pure node is no gain */
		best = n->gain > 1e-12 * parent ? n->gain : 1e-12 * parent;
		last = f->canmiss && miss->n > 0 ? nb - 1 : nb - 2;
		for (i = 0; i <= last; i++) {
			gl += b[i].g;
			hl += b[i].h;
			nl += b[i].n;
			if (N - nl < minl)
				break;	/* and so for every later cut */
			/* missing to the right (or none seen: the larger side) */
			if (nl >= minl)
				try_split(n, &best, parent, l2, fi, i,
				    miss->n == 0 && nl >= N - nl, gl, hl, G - gl,
				    Hs - hl);
			if (miss->n == 0 || i == nb - 1)
				continue;
			/* missing to the left */
			nlm = nl + miss->n;
			if (nlm >= minl && N - nlm >= minl)
				try_split(n, &best, parent, l2, fi, i, 1,
				    gl + miss->g, hl + miss->h,
				    G - gl - miss->g, Hs - hl - miss->h);
		}
	}
}

static void
split_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;

	(void)tid;
	find_split(t, &t->nd[t->need[item]]);
}

/* ---------------------------------------------------------------- partition */

/* Phase 1: the direction of each row of a block, and the left count. */
static void
dir_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	const struct tnode *n = &t->nd[t->batch[t->pnode[item]]];
	const struct feat *f = &t->ft[n->feat];
	const uint8_t *col = t->bins + (size_t)n->feat * t->nt;
	size_t i, lo = t->plo[item], hi = lo + t->pcnt[item];
	unsigned bin = (unsigned)n->bin, nb = (unsigned)f->nb;
	unsigned ml = (unsigned)n->ml;
	const uint32_t *rows = t->rb[n->buf];
	uint32_t nl = 0;

	(void)tid;
	for (i = lo; i < hi; i++) {
		unsigned b = col[rows[i]];
		uint8_t d = (uint8_t)((b <= bin) | ((b == nb) & ml));

		t->dir[i] = d;
		nl += d;
	}
	t->poff[item] = nl;
}

/* Phase 2: scatter a block to its place in the other buffer. */
static void
scatter_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	const struct tnode *n = &t->nd[t->batch[t->pnode[item]]];
	const struct tnode *l = &t->nd[n->left];
	size_t i, lo = t->plo[item], hi = lo + t->pcnt[item];
	size_t a = t->poff[item];	/* lefts before this block */
	size_t b = l->start + l->count + (lo - n->start) - (a - n->start);
	const uint32_t *rows = t->rb[n->buf];
	const float *gh = t->gb[n->buf];
	uint32_t *rout = t->rb[!n->buf];
	float *gout = t->gb[!n->buf];

	(void)tid;
	for (i = lo; i < hi; i++) {
		size_t d = t->dir[i], o = d ? a : b;

		a += d;
		b += d ^ 1;
		rout[o] = rows[i];
		gout[2 * o] = gh[2 * i];
		gout[2 * o + 1] = gh[2 * i + 1];
	}
}

/*
 * Partition the rows of every node in t->batch between its children (made
 * already): stable, in blocks of RBLOCK rows, into the other buffer.  No
 * live node has rows there: the parent's slice of it held only rows of its
 * ancestors, all split already.
 */
static void
partition(struct train *t)
{
	size_t i, it, lo, nitem = 0;

	for (i = 0; i < t->nbatch; i++) {
		const struct tnode *n = &t->nd[t->batch[i]];

		nitem += (n->count + RBLOCK - 1) / RBLOCK;
	}
	if (nitem > t->pcap) {
		t->pcap = nitem;
		t->pnode = weir_xreallocarray(t->pnode, nitem, 4);
		t->plo = weir_xreallocarray(t->plo, nitem, 4);
		t->pcnt = weir_xreallocarray(t->pcnt, nitem, 4);
		t->poff = weir_xreallocarray(t->poff, nitem, 4);
	}
	for (it = i = 0; i < t->nbatch; i++) {
		const struct tnode *n = &t->nd[t->batch[i]];

		for (lo = n->start; lo < n->start + n->count; lo += RBLOCK) {
			t->pnode[it] = (uint32_t)i;
			t->plo[it] = (uint32_t)lo;
			t->pcnt[it] = (uint32_t)(n->start + n->count - lo <
			    RBLOCK ? n->start + n->count - lo : RBLOCK);
			it++;
		}
	}
	pool_run(t->pool, dir_job, t, nitem);
	/* left counts to offsets; children's sizes */
	for (it = 0; it < nitem; ) {
		struct tnode *n = &t->nd[t->batch[t->pnode[it]]];
		uint32_t pn = t->pnode[it], off = n->start, c;

		for (; it < nitem && t->pnode[it] == pn; it++) {
			c = t->poff[it];
			t->poff[it] = off;
			off += c;
		}
		t->nd[n->left].start = n->start;
		t->nd[n->left].count = off - n->start;
		t->nd[n->left].buf = !n->buf;
		t->nd[n->left + 1].start = off;
		t->nd[n->left + 1].count = n->count - (off - n->start);
		t->nd[n->left + 1].buf = !n->buf;
	}
	pool_run(t->pool, scatter_job, t, nitem);
}

/* ---------------------------------------------------------------- growing */

static int
new_node(struct train *t, uint32_t start, uint32_t count, int depth)
{
	struct tnode *n;

	if (t->nnd == t->ndcap) {
		t->ndcap = t->ndcap ? 2 * t->ndcap : 64;
		t->nd = weir_xreallocarray(t->nd, t->ndcap, sizeof(*t->nd));
	}
	n = &t->nd[t->nnd];
	memset(n, 0, sizeof(*n));
	n->start = start;
	n->count = count;
	n->depth = depth;
	n->slot = -1;
	n->left = -1;
	n->feat = -1;
	return (int)t->nnd++;
}

static int
may_split(const struct train *t, const struct tnode *n, int final)
{
	return !final && (t->p->max_depth <= 0 ||
	    n->depth < t->p->max_depth) && n->count >= 2 * t->minleaf &&
	    t->nsel > 0;
}

/* Find splits for t->need[]; open the nodes that have one. */
static void
find_and_open(struct train *t)
{
	size_t i;

	pool_run(t->pool, split_job, t, t->nneed);
	for (i = 0; i < t->nneed; i++) {
		struct tnode *n = &t->nd[t->need[i]];

		if (n->feat >= 0)
			t->open[t->nopen++] = t->need[i];
		else
			slot_put(t, &n->slot);
	}
}

/* Split every node in t->batch; final: the children stay leaves. */
static void
split_batch(struct train *t, int final)
{
	size_t i;

	for (i = 0; i < t->nbatch; i++) {
		int l = new_node(t, 0, 0, t->nd[t->batch[i]].depth + 1);

		new_node(t, 0, 0, t->nd[t->batch[i]].depth + 1);
		t->nd[t->batch[i]].left = l;
	}
	partition(t);
	t->nbuild = t->nsub = t->nneed = 0;
	for (i = 0; i < t->nbatch; i++) {
		struct tnode *p = &t->nd[t->batch[i]];
		int l = p->left, r = l + 1, small, large, ns, nl;

		small = t->nd[l].count <= t->nd[r].count ? l : r;
		large = small == l ? r : l;
		ns = may_split(t, &t->nd[small], final);
		nl = may_split(t, &t->nd[large], final);
		if (!ns && !nl) {
			slot_put(t, &p->slot);
			continue;
		}
		t->nd[small].slot = slot_get(t);
		t->build[t->nbuild++] = small;
		if (nl) {
			t->nd[large].slot = p->slot;
			p->slot = -1;
			t->sub[2 * t->nsub] = large;
			t->sub[2 * t->nsub + 1] = small;
			t->nsub++;
		} else
			slot_put(t, &p->slot);
		/* keep the batch order, left child first */
		if (small == l) {
			if (ns)
				t->need[t->nneed++] = small;
			if (nl)
				t->need[t->nneed++] = large;
		} else {
			if (nl)
				t->need[t->nneed++] = large;
			if (ns)
				t->need[t->nneed++] = small;
		}
	}
	pool_run(t->pool, hist_job, t, t->nbuild * t->ngrp);
	pool_run(t->pool, sub_job, t, t->nsub * t->ngrp);
	for (i = 0; i < t->nbuild; i++) {
		struct tnode *n = &t->nd[t->build[i]];

		if (!may_split(t, n, final))
			slot_put(t, &n->slot);
	}
	find_and_open(t);
}

static void
grow_tree(struct train *t)
{
	int leafwise = t->p->max_leaves > 0, root;
	size_t leaves = 1, i, best;

	t->nnd = 0;
	t->nopen = 0;
	root = new_node(t, 0, (uint32_t)t->ns, 0);
	if (!may_split(t, &t->nd[root], leafwise && t->p->max_leaves < 2))
		return;
	t->nd[root].slot = slot_get(t);
	t->build[0] = root;
	t->nbuild = 1;
	pool_run(t->pool, hist_job, t, t->ngrp);
	t->need[0] = root;
	t->nneed = 1;
	find_and_open(t);
	while (t->nopen > 0) {
		if (leafwise) {
			for (best = 0, i = 1; i < t->nopen; i++)
				if (t->nd[t->open[i]].gain >
				    t->nd[t->open[best]].gain)
					best = i;
			t->batch[0] = t->open[best];
			t->nbatch = 1;
			memmove(t->open + best, t->open + best + 1,
			    (t->nopen - best - 1) * sizeof(int));
			t->nopen--;
		} else {
			memcpy(t->batch, t->open, t->nopen * sizeof(int));
			t->nbatch = t->nopen;
			t->nopen = 0;
		}
		leaves += t->nbatch;
		split_batch(t, leafwise &&
		    leaves >= (size_t)t->p->max_leaves);
		if (leafwise && leaves >= (size_t)t->p->max_leaves)
			break;
	}
	for (i = 0; i < t->nopen; i++)
		slot_put(t, &t->nd[t->open[i]].slot);
	t->nopen = 0;
}

/* Item: a leaf's value from the sums over its rows, in order. */
static void
value_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	struct tnode *n = &t->nd[t->leaves[item]];
	const float *gh = t->gb[n->buf] + 2 * (size_t)n->start;
	double G = 0, H = 0;
	size_t i;

	(void)tid;
	for (i = 0; i < n->count; i++) {
		G += gh[2 * i];
		H += gh[2 * i + 1];
	}
	n->value = H + t->l2 > 0 ? clampf(-t->lr * G / (H + t->l2)) : 0;
}

/*
 * Add each leaf's value to the scores of its rows.  One thread: leaves'
 * rows interleave in Ft, and threads would fight over its cache lines.
 */
static void
score_leaves(struct train *t)
{
	size_t K = (size_t)t->K, k = (size_t)t->k, i, j;

	for (j = 0; j < t->nleaves; j++) {
		const struct tnode *n = &t->nd[t->leaves[j]];
		const uint32_t *rows = t->rb[n->buf];
		double v = n->value;

		for (i = n->start; i < n->start + n->count; i++)
			t->Ft[rows[i] * K + k] += v;
	}
}

/*
 * Item: walk the tree for a block of the rows outside the sample (blocks
 * of training rows first, then of validation rows).
 */
static void
score_walk_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t nbt = t->insamp ? (t->nt + RBLOCK - 1) / RBLOCK : 0;
	size_t lo, hi, j, K = (size_t)t->K, k = (size_t)t->k, nf = t->nf;

	(void)tid;
	if (item < nbt) {
		lo = item * RBLOCK;
		hi = lo + RBLOCK < t->nt ? lo + RBLOCK : t->nt;
		for (j = lo; j < hi; j++)
			if (!t->insamp[j])
				t->Ft[j * K + k] += tree_eval(t->tree,
				    t->x + (size_t)t->tr[j] * nf);
		return;
	}
	lo = (item - nbt) * RBLOCK;
	hi = lo + RBLOCK < t->nv ? lo + RBLOCK : t->nv;
	for (j = lo; j < hi; j++)
		t->Fv[j * K + k] += tree_eval(t->tree,
		    t->x + (size_t)t->vr[j] * nf);
}

/* Item: the sample (rb[0]) and its gradients (gb[0]) for class t->k. */
static void
fill_job(void *arg, size_t item, int tid)
{
	struct train *t = arg;
	size_t lo = item * RBLOCK, hi = lo + RBLOCK, i;
	const float *gh = t->gh + 2 * (size_t)t->k * t->nt;

	(void)tid;
	if (hi > t->ns)
		hi = t->ns;
	for (i = lo; i < hi; i++) {
		uint32_t r = t->samp ? t->samp[i] : (uint32_t)i;

		t->rb[0][i] = r;
		t->gb[0][2 * i] = gh[2 * (size_t)r];
		t->gb[0][2 * i + 1] = gh[2 * (size_t)r + 1];
	}
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Draw the tree's features and cut them into groups for the threads. */
static void
pick_features(struct train *t)
{
	size_t i, j, ng, want = t->nusable;

	memcpy(t->sel, t->usable, t->nusable * sizeof(int));
	if (t->p->col_subsample < 1 && t->nusable > 0) {
		want = (size_t)(t->p->col_subsample * (double)t->nusable + 0.5);
		if (want < 1)
			want = 1;
		for (i = 0; i < want; i++) {
			int tmp;

			j = i + (size_t)rnd_below(&t->rng, t->nusable - i);
			tmp = t->sel[i];
			t->sel[i] = t->sel[j];
			t->sel[j] = tmp;
		}
		qsort(t->sel, want, sizeof(int), cmp_int);
	}
	t->nsel = want;
	ng = t->pool->n == 1 ? 1 : 4 * (size_t)t->pool->n;
	if (ng > want)
		ng = want ? want : 1;
	t->ngrp = ng;
	for (i = 0; i <= ng; i++)
		t->grp[i] = i * want / ng;
}

/* Turn the grown tree into model nodes; note its leaves. */
static void
emit_tree(struct train *t)
{
	struct node *nd = model_add_tree(t->m, t->nnd);
	size_t i;

	for (i = 0; i < t->nnd; i++) {
		const struct tnode *n = &t->nd[i];

		if (n->left < 0) {
			nd[i].v = n->value;
			nd[i].fm = 0;
			nd[i].left = -1;
			continue;
		}
		const struct feat *f = &t->ft[n->feat];

		nd[i].v = n->bin < f->nb - 1 ? f->cut[n->bin] : FLT_MAX;
		nd[i].fm = (uint32_t)n->feat << 1 | (uint32_t)n->ml;
		nd[i].left = n->left;
	}
	t->tree = nd;
}

/* One tree for class t->k on the round's sample. */
static void
boost_tree(struct train *t)
{
	size_t i, nwalk;

	pick_features(t);
	pool_run(t->pool, fill_job, t, (t->ns + RBLOCK - 1) / RBLOCK);
	grow_tree(t);
	t->nleaves = 0;
	for (i = 0; i < t->nnd; i++)
		if (t->nd[i].left < 0)
			t->leaves[t->nleaves++] = (int)i;
	pool_run(t->pool, value_job, t, t->nleaves);
	emit_tree(t);
	score_leaves(t);
	nwalk = (t->insamp ? (t->nt + RBLOCK - 1) / RBLOCK : 0) +
	    (t->nv + RBLOCK - 1) / RBLOCK;
	pool_run(t->pool, score_walk_job, t, nwalk);
}

/* ---------------------------------------------------------------- driver */

static int
check_params(const struct weir_gbdt_params *p, struct weir_err *e)
{
	if (p->task < WEIR_TASK_REGRESS || p->task > WEIR_TASK_MULTI)
		return weir_errf(e, EX_USAGE, "gbdt: unknown task %d",
		    p->task);
	if (p->task == WEIR_TASK_MULTI ? p->nclass < 3 : p->nclass != 1)
		return weir_errf(e, EX_USAGE, "gbdt: %d classes for task '%s'",
		    p->nclass, tasknames[p->task]);
	if (p->nclass > 1 << 20)
		return weir_errf(e, EX_USAGE, "gbdt: too many classes (%d)",
		    p->nclass);
	if (p->ntrees < 1)
		return weir_errf(e, EX_USAGE, "gbdt: trees must be at least 1");
	if (p->max_depth < 0 || p->max_leaves < 0 || p->max_leaves == 1 ||
	    (p->max_depth == 0 && p->max_leaves == 0))
		return weir_errf(e, EX_USAGE, "gbdt: max depth %d and max "
		    "leaves %d leave no tree to grow", p->max_depth,
		    p->max_leaves);
	if (p->min_leaf < 1)
		return weir_errf(e, EX_USAGE, "gbdt: min leaf must be at "
		    "least 1");
	if (!(p->learning_rate > 0) || !isfinite(p->learning_rate))
		return weir_errf(e, EX_USAGE, "gbdt: learning rate must be "
		    "positive");
	if (!(p->l2 >= 0) || !isfinite(p->l2))
		return weir_errf(e, EX_USAGE, "gbdt: l2 must not be negative");
	if (!(p->row_subsample > 0 && p->row_subsample <= 1) ||
	    !(p->col_subsample > 0 && p->col_subsample <= 1))
		return weir_errf(e, EX_USAGE, "gbdt: subsample fractions must "
		    "be in (0, 1]");
	if (p->early_stop < 0 || p->threads < 0)
		return weir_errf(e, EX_USAGE, "gbdt: negative early stop or "
		    "thread count");
	return 0;
}

/* Split the rows into training and validation; check y and w. */
static int
load_rows(struct train *t, size_t nrows, const double *y, const double *w,
    const unsigned char *valid, struct weir_err *e)
{
	size_t i;

	for (i = 0; i < nrows; i++) {
		if (!isfinite(y[i]))
			return weir_errf(e, EX_DATAERR, "gbdt: row %zu: target "
			    "is not a finite number", i + 1);
		if (t->task != WEIR_TASK_REGRESS && (y[i] < 0 ||
		    y[i] >= (t->task == WEIR_TASK_BINARY ? 2 : t->K) ||
		    y[i] != floor(y[i])))
			return weir_errf(e, EX_DATAERR, "gbdt: row %zu: target "
			    "%g is not a class from 0 to %d", i + 1, y[i],
			    t->task == WEIR_TASK_BINARY ? 1 : t->K - 1);
		if (w && !(w[i] >= 0 && isfinite(w[i])))
			return weir_errf(e, EX_DATAERR, "gbdt: row %zu: weight "
			    "is not a finite number >= 0", i + 1);
		if (valid && valid[i])
			t->nv++;
		else
			t->nt++;
	}
	if (t->nt == 0)
		return weir_errf(e, EX_DATAERR, "gbdt: no training rows");
	if (t->p->early_stop > 0 && t->nv == 0)
		return weir_errf(e, EX_USAGE, "gbdt: early stopping needs "
		    "validation rows");
	t->tr = weir_xmalloc(t->nt * sizeof(uint32_t));
	t->vr = weir_xmalloc((t->nv ? t->nv : 1) * sizeof(uint32_t));
	t->yt = weir_xmalloc(t->nt * sizeof(double));
	t->yv = weir_xmalloc((t->nv ? t->nv : 1) * sizeof(double));
	if (w) {
		t->wt = weir_xmalloc(t->nt * sizeof(double));
		t->wv = weir_xmalloc((t->nv ? t->nv : 1) * sizeof(double));
	}
	t->nt = t->nv = 0;
	for (i = 0; i < nrows; i++) {
		if (valid && valid[i]) {
			t->vr[t->nv] = (uint32_t)i;
			t->yv[t->nv] = y[i];
			if (w)
				t->wv[t->nv] = w[i];
			t->nv++;
		} else {
			t->tr[t->nt] = (uint32_t)i;
			t->yt[t->nt] = y[i];
			if (w)
				t->wt[t->nt] = w[i];
			t->nt++;
		}
	}
	return 0;
}

/* The initial scores: mean, log-odds or log priors of the training rows. */
static int
init_scores(struct train *t, struct weir_err *e)
{
	double *sum = weir_xcalloc((size_t)t->K + 1, sizeof(double)), sw = 0;
	size_t i, j;
	int k, rv = 0;

	for (i = 0; i < t->nt; i++) {
		double w = t->wt ? t->wt[i] : 1;

		sw += w;
		if (t->task == WEIR_TASK_MULTI)
			sum[(int)t->yt[i]] += w;
		else
			sum[0] += w * t->yt[i];
	}
	if (!(sw > 0)) {
		rv = weir_errf(e, EX_DATAERR, "gbdt: the training rows weigh "
		    "nothing");
		goto out;
	}
	for (k = 0; k < t->K; k++) {
		double pr = sum[k] / sw, v;

		if (t->task == WEIR_TASK_REGRESS)
			v = pr;
		else {
			pr = pr < 1e-15 ? 1e-15 : pr > 1 - 1e-15 ? 1 - 1e-15 :
			    pr;
			v = t->task == WEIR_TASK_BINARY ? log(pr / (1 - pr)) :
			    log(pr);
		}
		if (!(fabs(v) <= FLT_MAX)) {
			rv = weir_errf(e, EX_DATAERR, "gbdt: the mean target "
			    "does not fit a float");
			goto out;
		}
		t->m->init[k] = (float)v;
	}
	for (i = 0; i < t->nt; i++)
		for (k = 0; k < t->K; k++)
			t->Ft[i * (size_t)t->K + (size_t)k] = t->m->init[k];
	for (j = 0; j < t->nv; j++)
		for (k = 0; k < t->K; k++)
			t->Fv[j * (size_t)t->K + (size_t)k] = t->m->init[k];
out:
	free(sum);
	return rv;
}

static void
train_free(struct train *t)
{
	size_t f;
	int s;

	pool_free(t->pool);
	free(t->tr);
	free(t->vr);
	free(t->yt);
	free(t->wt);
	free(t->yv);
	free(t->wv);
	if (t->ft)
		for (f = 0; f < t->nf; f++)
			free(t->ft[f].cut);
	free(t->ft);
	free(t->bins);
	free(t->Ft);
	free(t->Fv);
	free(t->gh);
	free(t->part);
	free(t->samp);
	free(t->insamp);
	free(t->rb[0]);
	free(t->rb[1]);
	free(t->gb[0]);
	free(t->gb[1]);
	free(t->dir);
	free(t->sel);
	free(t->grp);
	free(t->usable);
	free(t->nd);
	for (s = 0; s < t->nslots; s++)
		free(t->slots[s]);
	free(t->slots);
	free(t->freeslot);
	free(t->open);
	free(t->batch);
	free(t->build);
	free(t->sub);
	free(t->need);
	free(t->leaves);
	free(t->pnode);
	free(t->plo);
	free(t->pcnt);
	free(t->poff);
}

static int
nthreads(int want)
{
	long n = want;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > MAXTHREADS ? MAXTHREADS : (int)n;
}

struct weir_gbdt *
weir_gbdt_train(const float *x, size_t nrows, size_t nfeat, const double *y,
    const double *w, const unsigned char *valid,
    const struct weir_gbdt_params *p, struct weir_err *e)
{
	struct train t;
	struct weir_gbdt *m = NULL;
	size_t maxnodes, r, K;
	double best = INFINITY, loss;
	int bestr = 0, k;

	if (check_params(p, e) == -1)
		return NULL;
	if (nrows > UINT32_MAX || nfeat > INT32_MAX / 2 ||
	    (nfeat && nrows > SIZE_MAX / nfeat)) {
		weir_errf(e, EX_DATAERR, "gbdt: %zu rows of %zu features is "
		    "too many", nrows, nfeat);
		return NULL;
	}
	memset(&t, 0, sizeof(t));
	t.p = p;
	t.task = p->task;
	t.K = nscores(p->task, p->nclass);
	K = (size_t)t.K;
	t.x = x;
	t.nf = nfeat;
	t.lr = p->learning_rate;
	t.l2 = p->l2;
	t.minleaf = (uint64_t)p->min_leaf;
	t.rng = p->seed;
	if (load_rows(&t, nrows, y, w, valid, e) == -1)
		goto out;
	t.m = model_new(p->task, p->nclass, p->learning_rate);
	t.Ft = weir_xmalloc(t.nt * K * sizeof(double));
	t.Fv = weir_xmalloc((t.nv ? t.nv : 1) * K * sizeof(double));
	if (init_scores(&t, e) == -1)
		goto out;
	t.pool = pool_new(nthreads(p->threads));
	make_bins(&t);

	t.gh = weir_xmalloc(2 * t.nt * K * sizeof(float));
	t.part = weir_xmalloc(((t.nv + RBLOCK - 1) / RBLOCK + 1) *
	    sizeof(double));
	t.ns = t.nt;
	if (p->row_subsample < 1) {
		t.ns = (size_t)(p->row_subsample * (double)t.nt + 0.5);
		if (t.ns < 1)
			t.ns = 1;
		t.samp = weir_xmalloc(t.ns * sizeof(uint32_t));
		t.insamp = weir_xmalloc(t.nt);
	}
	t.rb[0] = weir_xmalloc(t.ns * sizeof(uint32_t));
	t.rb[1] = weir_xmalloc(t.ns * sizeof(uint32_t));
	t.gb[0] = weir_xmalloc(2 * t.ns * sizeof(float));
	t.gb[1] = weir_xmalloc(2 * t.ns * sizeof(float));
	t.dir = weir_xmalloc(t.ns);
	t.sel = weir_xmalloc((t.nf ? t.nf : 1) * sizeof(int));
	t.grp = weir_xmalloc((4 * (size_t)t.pool->n + 1) * sizeof(size_t));
	/* leaves: at most max_leaves, 2^max_depth, rows / min_leaf */
	maxnodes = t.ns / t.minleaf + 1;
	if (p->max_leaves > 0 && maxnodes > (size_t)p->max_leaves)
		maxnodes = (size_t)p->max_leaves;
	if (p->max_depth > 0 && p->max_depth < 30 &&
	    maxnodes > (size_t)1 << p->max_depth)
		maxnodes = (size_t)1 << p->max_depth;
	maxnodes = 2 * maxnodes + 1;
	t.open = weir_xmalloc(maxnodes * sizeof(int));
	t.batch = weir_xmalloc(maxnodes * sizeof(int));
	t.build = weir_xmalloc(maxnodes * sizeof(int));
	t.sub = weir_xmalloc(2 * maxnodes * sizeof(int));
	t.need = weir_xmalloc(2 * maxnodes * sizeof(int));
	t.leaves = weir_xmalloc(maxnodes * sizeof(int));

	for (r = 0; r < (size_t)p->ntrees; r++) {
		pool_run(t.pool, grad_job, &t, (t.nt + RBLOCK - 1) / RBLOCK);
		if (t.samp) {
			size_t i;

			rnd_sample(&t.rng, t.nt, t.ns, t.samp);
			memset(t.insamp, 0, t.nt);
			for (i = 0; i < t.ns; i++)
				t.insamp[t.samp[i]] = 1;
		}
		for (k = 0; k < t.K; k++) {
			t.k = k;
			boost_tree(&t);
		}
		t.m->rounds = (int)r + 1;
		if (p->early_stop > 0) {
			loss = valid_loss(&t);
			if (loss < best) {
				best = loss;
				bestr = (int)r + 1;
			} else if ((int)r + 1 - bestr >= p->early_stop)
				break;
		}
	}
	if (p->early_stop > 0 && bestr > 0 && bestr < t.m->rounds) {
		t.m->rounds = bestr;
		t.m->ntrees = (size_t)bestr * K;
		t.m->nnodes = t.m->root[t.m->ntrees];
	}
	m = t.m;
	t.m = NULL;
out:
	weir_gbdt_free(t.m);
	train_free(&t);
	return m;
}

void
weir_gbdt_shape(const struct weir_gbdt *m, int *task, int *nclass)
{
	*task = m->task;
	*nclass = m->nclass;
}
