#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "validate.h"

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
weir_validate_holdout(struct weir_holdout *h, size_t nrows, double fraction,
    unsigned long long seed, struct weir_err *e)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	if (fraction > 0) {
		h->ntest = (size_t)floor(fraction * (double)nrows + 0.5);
		if (h->ntest == 0)
			h->ntest = 1;
		if (h->ntest >= nrows) {
			h->ntest = 0;
			return weir_errf(e, EX_DATAERR, "too few rows (%zu) "
			    "for --holdout %g", nrows, fraction);
		}
	}
	h->train = weir_xcalloc(nrows, sizeof(*h->train));
	for (i = 0; i < nrows; i++)
		h->train[i] = i;
	h->ntrain = nrows;
	if (h->ntest == 0)
		return 0;
	/* The first ntest of the shuffle are held out. */
	weir_model_shuffle(h->train, nrows, seed);
	h->test = weir_xcalloc(h->ntest, sizeof(*h->test));
	memcpy(h->test, h->train, h->ntest * sizeof(*h->test));
	h->ntrain = nrows - h->ntest;
	memmove(h->train, h->train + h->ntest, h->ntrain * sizeof(*h->train));
	qsort(h->train, h->ntrain, sizeof(*h->train), cmp_size);
	qsort(h->test, h->ntest, sizeof(*h->test), cmp_size);
	return 0;
}

void
weir_validate_holdout_release(struct weir_holdout *h)
{
	free(h->train);
	free(h->test);
	memset(h, 0, sizeof(*h));
}

void
weir_validate_folds(size_t *fold, size_t n, size_t k, unsigned long long seed)
{
	size_t *perm = weir_xcalloc(n, sizeof(*perm)), i;

	for (i = 0; i < n; i++)
		perm[i] = i;
	weir_model_shuffle(perm, n, seed + 1);
	/* Deal the shuffled positions out in turn. */
	for (i = 0; i < n; i++)
		fold[perm[i]] = i % k;
	free(perm);
}

/* Fit a model like m on rows trn, predict rows tst into out. */
static int
fit_fold(const struct weir_model *m, const struct weir_table *t,
    const size_t *trn, size_t ntrn, const size_t *tst, size_t ntst,
    const struct weir_model_opts *o, double *out, struct weir_err *e)
{
	struct weir_model b;
	int rv;

	memset(&b, 0, sizeof(b));
	b.type = m->type;
	b.task = m->task;
	b.nclass = m->nclass;
	b.classes = m->classes;		/* borrowed: not released */
	rv = weir_model_train(&b, t, trn, ntrn, tst, ntst, o, NULL, out, e);
	b.classes = NULL;
	b.nclass = 0;
	weir_model_release(&b);
	return rv;
}

int
weir_validate_cv(const struct weir_model *m, const struct weir_table *t,
    const size_t *rows, size_t n, size_t k, const struct weir_model_opts *o,
    struct weir_metrics *mt, struct weir_err *e)
{
	size_t nout = weir_model_nout(m), *fold, *pos, *trn, *tst, i, f;
	double *oof, *out;
	int rv = -1;

	if (k < 2)
		return weir_errf(e, EX_USAGE, "cross-validation needs 2 folds "
		    "or more, not %zu", k);
	if (k > n)
		return weir_errf(e, EX_DATAERR, "too few rows (%zu) for --cv "
		    "%zu", n, k);
	fold = weir_xcalloc(n, sizeof(*fold));
	pos = weir_xcalloc(n, sizeof(*pos));
	trn = weir_xcalloc(n, sizeof(*trn));
	tst = weir_xcalloc(n, sizeof(*tst));
	oof = weir_xcalloc(n * nout, sizeof(*oof));
	out = weir_xcalloc(n * nout, sizeof(*out));
	weir_validate_folds(fold, n, k, o->seed);
	for (f = 0; f < k; f++) {
		size_t ntrn = 0, ntst = 0;

		for (i = 0; i < n; i++) {
			if (fold[i] == f) {
				pos[ntst] = i;
				tst[ntst++] = rows[i];
			} else
				trn[ntrn++] = rows[i];
		}
		if (fit_fold(m, t, trn, ntrn, tst, ntst, o, out, e) == -1)
			goto out;
		for (i = 0; i < ntst; i++)
			memcpy(oof + pos[i] * nout, out + i * nout,
			    nout * sizeof(*out));
	}
	weir_validate_metrics(mt, m, t, rows, n, oof);
	rv = 0;
out:
	free(fold);
	free(pos);
	free(trn);
	free(tst);
	free(oof);
	free(out);
	return rv;
}

void
weir_validate_metrics(struct weir_metrics *mt, const struct weir_model *m,
    const struct weir_table *t, const size_t *rows, size_t n,
    const double *out)
{
	size_t i;

	if (m->task == WEIR_TASK_REGRESS) {
		double *y = weir_xcalloc(n, sizeof(*y));

		for (i = 0; i < n; i++)
			y[i] = t->y[rows[i]];
		weir_metrics_regress(mt, y, out, n);
		free(y);
	} else {
		int *y = weir_xcalloc(n, sizeof(*y));

		for (i = 0; i < n; i++)
			y[i] = (int)t->y[rows[i]];
		weir_metrics_classify(mt, y, out, n, m->nclass);
		free(y);
	}
}
