#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "metrics.h"

/*
 * Doubles as unsigned integers in the same order, -0 and +0 as one, every
 * NaN as 0: below -inf, so a score that is not a number ranks lowest.
 * Ties are equal keys, so grouping them always moves on.
 */
static uint64_t
order_key(double v)
{
	uint64_t u;

	if (isnan(v))
		return 0;
	if (v == 0)
		v = 0;
	memcpy(&u, &v, sizeof(u));
	return (u >> 63) ? ~u : u | (UINT64_C(1) << 63);
}

struct scored {
	uint64_t	key;
	uint64_t	pos;
};

/* LSD radix sort by key, 16 bits a pass: O(n), stable. */
static void
radix_sort(struct scored *v, struct scored *tmp, size_t n)
{
	size_t *cnt = weir_xcalloc(65536, sizeof(*cnt)), i, sum;
	int pass;

	for (pass = 0; pass < 4; pass++) {
		int sh = pass * 16;

		memset(cnt, 0, 65536 * sizeof(*cnt));
		for (i = 0; i < n; i++)
			cnt[(v[i].key >> sh) & 0xffff]++;
		if (cnt[(v[0].key >> sh) & 0xffff] == n)
			continue;	/* one digit for all: nothing moves */
		for (sum = 0, i = 0; i < 65536; i++) {
			size_t c = cnt[i];

			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[cnt[(v[i].key >> sh) & 0xffff]++] = v[i];
		memcpy(v, tmp, n * sizeof(*v));
	}
	free(cnt);
}

double
weir_metrics_auc(const int *y, const double *score, size_t n)
{
	struct scored *v, *tmp;
	double npos = 0, nneg = 0, ranksum = 0;
	size_t i, j;

	if (n == 0)
		return 0.5;
	v = weir_xreallocarray(NULL, n, sizeof(*v));
	tmp = weir_xreallocarray(NULL, n, sizeof(*tmp));
	for (i = 0; i < n; i++) {
		v[i].key = order_key(score[i]);
		v[i].pos = y[i] == 1;
		if (v[i].pos)
			npos++;
		else
			nneg++;
	}
	if (npos == 0 || nneg == 0) {
		free(v);
		free(tmp);
		return 0.5;
	}
	radix_sort(v, tmp, n);
	/* Mann-Whitney: the sum of the positives' ranks, ties averaged. */
	for (i = 0; i < n; i = j) {
		double rank, k = (double)v[i].pos;

		for (j = i + 1; j < n && v[j].key == v[i].key; j++)
			k += (double)v[j].pos;
		rank = (double)(i + 1 + j) / 2;	/* mean of ranks i+1..j */
		ranksum += k * rank;
	}
	free(v);
	free(tmp);
	return (ranksum - npos * (npos + 1) / 2) / (npos * nneg);
}

size_t
weir_metrics_argmax(const double *p, size_t k)
{
	size_t best = 0, c;

	for (c = 1; c < k; c++)
		if (p[c] > p[best] || (isnan(p[best]) && !isnan(p[c])))
			best = c;
	return best;
}

void
weir_metrics_classify(struct weir_metrics *m, const int *y,
    const double *prob, size_t n, size_t k)
{
	size_t *tp, *fp, *fn, i, c, right = 0, present;
	double ll = 0, f1 = 0;

	memset(m, 0, sizeof(*m));
	m->classify = 1;
	m->rows = n;
	tp = weir_xcalloc(3 * k, sizeof(*tp));
	fp = tp + k;
	fn = fp + k;
	for (i = 0; i < n; i++) {
		const double *p = prob + i * k;
		size_t best = weir_metrics_argmax(p, k);
		double pt;

		if (best == (size_t)y[i]) {
			right++;
			tp[best]++;
		} else {
			fp[best]++;
			fn[y[i]]++;
		}
		pt = p[y[i]];
		if (!(pt >= 1e-15))	/* NaN too: as a certain miss */
			pt = 1e-15;
		if (pt > 1 - 1e-15)
			pt = 1 - 1e-15;
		ll -= log(pt);
	}
	for (c = 0, present = 0; c < k; c++) {
		double d = (double)(2 * tp[c] + fp[c] + fn[c]);

		if (d > 0) {
			f1 += 2.0 * (double)tp[c] / d;
			present++;
		}
	}
	free(tp);
	if (n > 0) {
		m->accuracy = (double)right / (double)n;
		m->log_loss = ll / (double)n;
	}
	m->macro_f1 = present > 0 ? f1 / (double)present : 0;
	if (k == 2) {
		double *s = weir_xreallocarray(NULL, n ? n : 1, sizeof(*s));

		for (i = 0; i < n; i++)
			s[i] = prob[2 * i + 1];
		m->auc = weir_metrics_auc(y, s, n);
		m->has_auc = 1;
		free(s);
	}
}

void
weir_metrics_regress(struct weir_metrics *m, const double *y,
    const double *pred, size_t n)
{
	double mean = 0, sse = 0, sst = 0, sae = 0, mx = 0, s = 1;
	size_t i;

	memset(m, 0, sizeof(*m));
	m->rows = n;
	if (n == 0)
		return;
	/*
	 * Values beyond 2^500 would overflow their squares: the sums are
	 * then taken of the values divided by a power of two, which changes
	 * no digit of the results (nothing else is scaled).
	 */
	for (i = 0; i < n; i++) {
		if (fabs(y[i]) > mx)
			mx = fabs(y[i]);
		if (fabs(pred[i]) > mx)
			mx = fabs(pred[i]);
	}
	if (mx > 0x1p500 && isfinite(mx))
		s = ldexp(1, ilogb(mx));
	for (i = 0; i < n; i++)
		mean += y[i] / s;
	mean /= (double)n;
	for (i = 0; i < n; i++) {
		double d = y[i] / s - pred[i] / s, c = y[i] / s - mean;

		sse += d * d;
		sae += fabs(d);
		sst += c * c;
	}
	m->rmse = sqrt(sse / (double)n) * s;
	m->mae = sae / (double)n * s;
	if (sst > 0)
		m->r2 = 1 - sse / sst;
	else
		m->r2 = sse == 0 ? 1 : 0;
}

static void
set_real(json_t *o, const char *key, double v)
{
	json_object_set_new(o, key, isfinite(v) ? json_real(v) : json_null());
}

json_t *
weir_metrics_json(const struct weir_metrics *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "rows", json_integer((json_int_t)m->rows));
	if (m->classify) {
		set_real(o, "accuracy", m->accuracy);
		set_real(o, "log_loss", m->log_loss);
		if (m->has_auc)
			set_real(o, "auc", m->auc);
		set_real(o, "macro_f1", m->macro_f1);
	} else {
		set_real(o, "rmse", m->rmse);
		set_real(o, "mae", m->mae);
		set_real(o, "r2", m->r2);
	}
	return o;
}

void
weir_metrics_line(const struct weir_metrics *m, char *buf, size_t size)
{
	if (!m->classify)
		snprintf(buf, size, "rmse %.6g, mae %.6g, r2 %.6f", m->rmse,
		    m->mae, m->r2);
	else if (m->has_auc)
		snprintf(buf, size, "accuracy %.4f, log_loss %.6g, auc %.6f, "
		    "macro_f1 %.4f", m->accuracy, m->log_loss, m->auc,
		    m->macro_f1);
	else
		snprintf(buf, size, "accuracy %.4f, log_loss %.6g, "
		    "macro_f1 %.4f", m->accuracy, m->log_loss, m->macro_f1);
}
