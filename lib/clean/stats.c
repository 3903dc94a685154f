/*
 * stats.c - what the second pass needs to know about a column: mean and
 * standard deviation (Welford, one pass, no overflow), exact quantiles and
 * the mode from external sorts of the column's values, so a column larger
 * than memory still gets the exact answer.
 *
 * Quantiles interpolate linearly between the two nearest ranks (NumPy's
 * default, Hyndman and Fan type 7): q(p) = x[h] + (h - floor h) (x[h+1] -
 * x[h]) with h = (n - 1) p over the sorted numeric values.  The mode is the
 * most frequent value; among equally frequent ones the first in byte
 * order.  The z-score uses the population standard deviation (as
 * scipy.stats.zscore).  Means, medians and quantiles are rounded to 15
 * significant digits, so the noise of binary arithmetic does not reach the
 * data (39.1, not 39.09999999999998).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "num.h"
#include "sortkey.h"

#define MIN_SORT_MEMORY	(256 << 10)

static int
needs_order(const struct ccol *cc)
{
	return cc->fill == FILL_MEDIAN || (cc->clip && (cc->clip_pct[0] ||
	    cc->clip_pct[1])) || cc->outlier == OUT_IQR;
}

/* Sorters for the columns that need them, sharing --memory. */
void
weir_clean_stats_setup(struct weir_clean *c)
{
	size_t j, k = 0, mem;

	for (j = 0; j < c->nsel; j++)
		k += needs_order(&c->col[j]) + (c->col[j].fill == FILL_MODE);
	if (k == 0)
		return;
	mem = c->o->memory / k;
	if (mem < MIN_SORT_MEMORY)
		mem = MIN_SORT_MEMORY;
	for (j = 0; j < c->nsel; j++) {
		if (needs_order(&c->col[j]))
			c->col[j].st.numbers = weir_sorter_new(mem);
		if (c->col[j].fill == FILL_MODE)
			c->col[j].st.texts = weir_sorter_new(mem);
	}
}

static int
put_value(struct weir_clean *c, struct weir_sorter *s, int kind,
    const struct val *v, struct weir_err *e)
{
	struct weir_rec r = { NULL, 0, 0, NULL, 0 };
	int rv;

	weir_buf_reset(&c->key);
	weir_sortkey_add(&c->key, kind, v->s, v->len);
	weir_rec_push(&r, v->s, v->len, 0, v->type);
	rv = weir_sorter_put(s, c->key.p, c->key.len, &r, e);
	weir_rec_release(&r);
	return rv;
}

/* First pass: the values of the record now in c->v. */
int
weir_clean_observe(struct weir_clean *c, struct weir_err *e)
{
	struct colstat *st;
	double x, d;
	size_t j;

	for (j = 0; j < c->nsel; j++) {
		const struct val *v = &c->v[j];

		st = &c->col[j].st;
		if (weir_clean_missing(v))
			continue;
		if (st->texts != NULL &&
		    put_value(c, st->texts, WEIR_SK_TEXT, v, e) == -1)
			return -1;
		if (!weir_num_parse(v->s, v->len, &x))
			continue;
		st->n++;
		d = x - st->mean;
		st->mean += d / (double)st->n;
		st->m2 += d * (x - st->mean);
		if (st->numbers != NULL &&
		    put_value(c, st->numbers, WEIR_SK_NUM, v, e) == -1)
			return -1;
	}
	return 0;
}

static double
round15(double x)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.15g", x);
	return strtod(buf, NULL);
}

/* The quantiles ps[0..np) of the sorted numbers, in one read. */
static int
quantiles(struct weir_sorter *s, unsigned long n, const double *ps,
    double *qs, size_t np, struct weir_err *e)
{
	const struct weir_rec *r;
	const void *key;
	size_t keylen, i;
	unsigned long rank = 0;
	double x, prev = 0;
	int rv;

	if (weir_sorter_sort(s, e) == -1)
		return -1;
	for (i = 0; i < np; i++)
		qs[i] = NAN;
	while ((rv = weir_sorter_next(s, &r, &key, &keylen, e)) == 1) {
		if (r->n != 1 || !weir_num_parse(r->f[0].s, r->f[0].len, &x))
			continue;
		for (i = 0; i < np; i++) {
			double h = (double)(n - 1) * ps[i] / 100;
			unsigned long lo = (unsigned long)floor(h);

			if (rank == lo)
				qs[i] = x;
			else if (rank == lo + 1)
				qs[i] = round15(prev + (h - (double)lo) *
				    (x - prev));
		}
		prev = x;
		rank++;
	}
	return rv;
}

/* The most frequent value; ties go to the first in byte order. */
static int
mode(struct ccol *cc, struct weir_err *e)
{
	struct weir_buf cur = WEIR_BUF_INIT;
	const struct weir_rec *r;
	const void *key;
	size_t keylen;
	unsigned long run = 0, best = 0;
	int rv;

	if (weir_sorter_sort(cc->st.texts, e) == -1)
		return -1;
	while ((rv = weir_sorter_next(cc->st.texts, &r, &key, &keylen,
	    e)) == 1) {
		if (r->n != 1)
			continue;
		if (run > 0 && cur.len == r->f[0].len &&
		    memcmp(cur.p, r->f[0].s, cur.len) == 0)
			run++;
		else {
			weir_buf_reset(&cur);
			weir_buf_add(&cur, r->f[0].s, r->f[0].len);
			run = 1;
		}
		if (run > best) {
			best = run;
			free(cc->fill_value);
			cc->fill_value = weir_xmemdup(cur.p, cur.len);
			cc->fill_len = cur.len;
			cc->fill_type = r->f[0].type;
		}
	}
	weir_buf_release(&cur);
	return rv;
}

static void
fill_number(struct weir_clean *c, struct ccol *cc, double x)
{
	char buf[32];
	size_t n = weir_num_format(x, buf);

	free(cc->fill_value);
	cc->fill_value = weir_xmemdup(buf, n);
	cc->fill_len = n;
	cc->fill_type = c->typed ? WEIR_NUM : WEIR_TEXT;
}

static int
column_done(struct weir_clean *c, struct ccol *cc, struct weir_err *e)
{
	struct colstat *st = &cc->st;
	double sd = st->n > 0 ? sqrt(st->m2 / (double)st->n) : 0;

	if (st->numbers != NULL) {
		/* median, quartiles, the clip's percentiles */
		double ps[5] = { 50, 25, 75, cc->clip_at[0], cc->clip_at[1] };
		double qs[5];

		if (quantiles(st->numbers, st->n, ps, qs, 5, e) == -1)
			return -1;
		if (cc->clip_pct[0])
			cc->lo = qs[3];
		if (cc->clip_pct[1])
			cc->hi = qs[4];
		if (cc->outlier == OUT_IQR && st->n > 0) {
			cc->out_lo = qs[1] - cc->k * (qs[2] - qs[1]);
			cc->out_hi = qs[2] + cc->k * (qs[2] - qs[1]);
		}
		if (cc->fill == FILL_MEDIAN && st->n > 0)
			fill_number(c, cc, qs[0]);
	}
	if (cc->clip && st->n == 0 && (cc->clip_pct[0] || cc->clip_pct[1]))
		cc->clip = 0;	/* no numbers: nothing to clip */
	if (cc->outlier == OUT_ZSCORE && st->n > 0) {
		cc->out_lo = st->mean - cc->k * sd;
		cc->out_hi = st->mean + cc->k * sd;
	}
	if (cc->outlier != OUT_NONE && st->n == 0) {
		cc->out_lo = -INFINITY;
		cc->out_hi = INFINITY;
	}
	if (cc->fill == FILL_MEAN && st->n > 0)
		fill_number(c, cc, round15(st->mean));
	if (st->texts != NULL && mode(cc, e) == -1)
		return -1;
	weir_sorter_free(st->numbers);
	weir_sorter_free(st->texts);
	st->numbers = st->texts = NULL;
	return 0;
}

int
weir_clean_stats_finish(struct weir_clean *c, struct weir_err *e)
{
	size_t j;

	for (j = 0; j < c->nsel; j++)
		if (column_done(c, &c->col[j], e) == -1)
			return -1;
	c->stats_ready = 1;
	return 0;
}

void
weir_clean_stats_free(struct weir_clean *c)
{
	size_t j;

	for (j = 0; j < c->nsel; j++) {
		weir_sorter_free(c->col[j].st.numbers);
		weir_sorter_free(c->col[j].st.texts);
	}
}
