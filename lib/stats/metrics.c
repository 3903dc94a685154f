#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stats/metrics.h"

static double
ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

void
weir_class_metrics(struct weir_class_metrics *m, const int *y,
    const int *pred, size_t n, size_t k)
{
	double *rows, *cols, diag = 0, ba = 0, tot = 0;
	size_t i, c, present = 0, labels = 0;

	memset(m, 0, sizeof(*m));
	m->k = k;
	m->n = n;
	m->confusion = weir_xcalloc(k * k + 1, sizeof(double));
	m->precision = weir_xcalloc(k + 1, sizeof(double));
	m->recall = weir_xcalloc(k + 1, sizeof(double));
	m->f1 = weir_xcalloc(k + 1, sizeof(double));
	m->support = weir_xcalloc(k + 1, sizeof(double));
	rows = weir_xcalloc(k + 1, sizeof(double));
	cols = weir_xcalloc(k + 1, sizeof(double));
	for (i = 0; i < n; i++) {
		m->confusion[(size_t)y[i] * k + (size_t)pred[i]]++;
		rows[y[i]]++;
		cols[pred[i]]++;
	}
	for (c = 0; c < k; c++) {
		double tp = m->confusion[c * k + c];

		diag += tp;
		m->precision[c] = ratio(tp, cols[c]);
		m->recall[c] = ratio(tp, rows[c]);
		m->f1[c] = m->precision[c] + m->recall[c] > 0 ? 2 *
		    m->precision[c] * m->recall[c] / (m->precision[c] +
		    m->recall[c]) : 0;
		m->support[c] = rows[c];
		if (rows[c] > 0) {
			ba += m->recall[c];
			present++;
		}
		/* the labels of truth and prediction, as sklearn's macro */
		if (rows[c] > 0 || cols[c] > 0) {
			labels++;
			m->precision_macro += m->precision[c];
			m->recall_macro += m->recall[c];
			m->f1_macro += m->f1[c];
		}
		m->precision_weighted += m->precision[c] * rows[c];
		m->recall_weighted += m->recall[c] * rows[c];
		m->f1_weighted += m->f1[c] * rows[c];
		tot += rows[c];
	}
	m->accuracy = n > 0 ? diag / (double)n : NAN;
	m->balanced_accuracy = present > 0 ? ba / (double)present : NAN;
	if (labels > 0) {
		m->precision_macro /= (double)labels;
		m->recall_macro /= (double)labels;
		m->f1_macro /= (double)labels;
	}
	if (tot > 0) {
		m->precision_weighted /= tot;
		m->recall_weighted /= tot;
		m->f1_weighted /= tot;
	}
	free(rows);
	free(cols);
}

void
weir_class_metrics_release(struct weir_class_metrics *m)
{
	free(m->confusion);
	free(m->precision);
	free(m->recall);
	free(m->f1);
	free(m->support);
	memset(m, 0, sizeof(*m));
}

struct scored {
	double	s;
	int	y;
};

static int
by_score_desc(const void *a, const void *b)
{
	const struct scored *p = a, *q = b;

	return (p->s < q->s) - (p->s > q->s);
}

static struct scored *
sorted_scores(const int *y, const double *score, size_t n)
{
	struct scored *v = weir_xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		v[i].s = score[i];
		v[i].y = y[i];
	}
	qsort(v, n, sizeof(*v), by_score_desc);
	return v;
}

double
weir_roc_auc(const int *y, const double *score, size_t n)
{
	struct scored *v = sorted_scores(y, score, n);
	double tp = 0, fp = 0, ptp = 0, pfp = 0, area = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		tp += v[i].y;
		fp += !v[i].y;
		/* a threshold ends where the score changes: ties together */
		if (i + 1 < n && v[i + 1].s == v[i].s)
			continue;
		area += (fp - pfp) * (tp + ptp) / 2;
		ptp = tp;
		pfp = fp;
	}
	free(v);
	return tp > 0 && fp > 0 ? area / (tp * fp) : NAN;
}

double
weir_average_precision(const int *y, const double *score, size_t n)
{
	struct scored *v = sorted_scores(y, score, n);
	double tp = 0, fp = 0, ap = 0, prev_tp = 0, pos = 0;
	size_t i;

	for (i = 0; i < n; i++)
		pos += y[i] != 0;
	for (i = 0; i < n && pos > 0; i++) {
		tp += v[i].y;
		fp += !v[i].y;
		if (i + 1 < n && v[i + 1].s == v[i].s)
			continue;
		ap += (tp - prev_tp) / pos * tp / (tp + fp);
		prev_tp = tp;
	}
	free(v);
	return pos > 0 ? ap : NAN;
}

size_t
weir_roc_points(const int *y, const double *score, size_t n, double *fpr,
    double *tpr, double *precision)
{
	struct scored *v = sorted_scores(y, score, n);
	double tp = 0, fp = 0, pos = 0, neg;
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		pos += y[i] != 0;
	neg = (double)n - pos;
	fpr[m] = tpr[m] = 0;
	precision[m++] = 1;
	for (i = 0; i < n; i++) {
		tp += v[i].y;
		fp += !v[i].y;
		if (i + 1 < n && v[i + 1].s == v[i].s)
			continue;
		fpr[m] = neg > 0 ? fp / neg : NAN;
		tpr[m] = pos > 0 ? tp / pos : NAN;
		precision[m++] = tp / (tp + fp);
	}
	free(v);
	return m;
}

double
weir_brier(const int *y, const double *p, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (p[i] - y[i]) * (p[i] - y[i]);
	return n > 0 ? s / (double)n : NAN;
}

void
weir_calibration(const int *y, const double *p, size_t n,
    struct weir_calibration *c)
{
	double sum_y[10] = { 0 };
	size_t i;
	int b;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++) {
		/* the inner edges below p, edges as numpy's linspace makes */
		for (b = 0; b < 9 && (double)(b + 1) * 0.1 < p[i]; b++)
			;
		c->count[b]++;
		c->mean_p[b] += p[i];
		sum_y[b] += y[i];
	}
	for (b = 0; b < 10; b++) {
		if (c->count[b] == 0) {
			c->mean_p[b] = c->observed[b] = NAN;
			continue;
		}
		c->mean_p[b] /= c->count[b];
		c->observed[b] = sum_y[b] / c->count[b];
		c->ece += c->count[b] / (double)n * fabs(c->observed[b] -
		    c->mean_p[b]);
	}
}

double
weir_log_loss(const int *y, const double *prob, size_t n, size_t k)
{
	double s = 0, sum, p, q;
	size_t i, c;

	for (i = 0; i < n; i++) {
		for (c = 0, sum = 0; c < k; c++)
			sum += fmin(fmax(prob[i * k + c], DBL_EPSILON),
			    1 - DBL_EPSILON);
		q = fmin(fmax(prob[i * k + (size_t)y[i]], DBL_EPSILON),
		    1 - DBL_EPSILON);
		p = q / sum;
		s -= log(p);
	}
	return n > 0 ? s / (double)n : NAN;
}

double
weir_ovr_auc(const int *y, const double *prob, size_t n, size_t k,
    int weighted)
{
	int *yc = weir_xcalloc(n + 1, sizeof(*yc));
	double *sc = weir_xcalloc(n + 1, sizeof(*sc)), sum = 0, wsum = 0, a,
	    w;
	size_t i, c;

	for (c = 0; c < k; c++) {
		for (i = 0, w = 0; i < n; i++) {
			yc[i] = y[i] == (int)c;
			sc[i] = prob[i * k + c];
			w += yc[i];
		}
		a = weir_roc_auc(yc, sc, n);
		if (isnan(a))
			continue;
		sum += weighted ? a * w : a;
		wsum += weighted ? w : 1;
	}
	free(yc);
	free(sc);
	return wsum > 0 ? sum / wsum : NAN;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
weir_reg_metrics(struct weir_reg_metrics *m, const double *y,
    const double *pred, size_t n)
{
	static const double q[5] = { 0.05, 0.25, 0.5, 0.75, 0.95 };
	double *r = weir_xcalloc(n + 1, sizeof(*r)), mean = 0, ss_res = 0,
	    ss_tot = 0, abs_err = 0, ape = 0, pos, frac;
	size_t i, lo;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++)
		mean += y[i];
	mean = n > 0 ? mean / (double)n : 0;
	for (i = 0; i < n; i++) {
		r[i] = y[i] - pred[i];
		ss_res += r[i] * r[i];
		ss_tot += (y[i] - mean) * (y[i] - mean);
		abs_err += fabs(r[i]);
		ape += fabs(r[i]) / fmax(fabs(y[i]), DBL_EPSILON);
	}
	if (n == 0) {
		m->rmse = m->mae = m->r2 = m->mape = NAN;
		for (i = 0; i < 5; i++)
			m->resid_q[i] = NAN;
		free(r);
		return;
	}
	m->rmse = sqrt(ss_res / (double)n);
	m->mae = abs_err / (double)n;
	m->mape = ape / (double)n;
	m->r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : (ss_res == 0 ? 1 : 0);
	qsort(r, n, sizeof(*r), cmp_double);
	for (i = 0; i < 5; i++) {
		pos = q[i] * (double)(n - 1);
		lo = (size_t)floor(pos);
		frac = pos - (double)lo;
		m->resid_q[i] = lo + 1 < n ? r[lo] + frac * (r[lo + 1] - r[lo]) :
		    r[lo];
	}
	free(r);
}

/* Largest minus smallest, and smallest over largest, of the defined. */
static void
spread(const struct weir_fairness *f, size_t off, double *diff, double *rat)
{
	double lo = INFINITY, hi = -INFINITY, x;
	size_t g;

	for (g = 0; g < f->ngroups; g++) {
		x = *(const double *)((const char *)&f->g[g] + off);
		if (isnan(x))
			continue;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
	}
	*diff = hi >= lo ? hi - lo : NAN;
	*rat = hi >= lo && hi > 0 ? lo / hi : NAN;
}

void
weir_fairness(struct weir_fairness *f, const int *y, const int *pred,
    const size_t *group, size_t n, size_t ngroups)
{
	double (*t)[4] = weir_xcalloc(ngroups + 1, sizeof(*t));	/* tp fp fn tn */
	double d1, r1, d2, r2;
	size_t i, g;

	memset(f, 0, sizeof(*f));
	f->ngroups = ngroups;
	f->g = weir_xcalloc(ngroups + 1, sizeof(*f->g));
	for (i = 0; i < n; i++)
		t[group[i]][pred[i] ? (y[i] ? 0 : 1) : (y[i] ? 2 : 3)]++;
	for (g = 0; g < ngroups; g++) {
		double tp = t[g][0], fp = t[g][1], fn = t[g][2], tn = t[g][3];
		struct weir_group_rates *r = &f->g[g];

		r->size = tp + fp + fn + tn;
		r->selection = r->size > 0 ? (tp + fp) / r->size : NAN;
		r->tpr = tp + fn > 0 ? tp / (tp + fn) : NAN;
		r->fpr = fp + tn > 0 ? fp / (fp + tn) : NAN;
		r->precision = tp + fp > 0 ? tp / (tp + fp) : NAN;
	}
	spread(f, offsetof(struct weir_group_rates, selection),
	    &f->dp_difference, &f->dp_ratio);
	spread(f, offsetof(struct weir_group_rates, tpr), &d1, &r1);
	spread(f, offsetof(struct weir_group_rates, fpr), &d2, &r2);
	f->eo_difference = isnan(d1) ? d2 : isnan(d2) ? d1 : fmax(d1, d2);
	f->eo_ratio = isnan(r1) ? r2 : isnan(r2) ? r1 : fmin(r1, r2);
	free(t);
}

void
weir_fairness_release(struct weir_fairness *f)
{
	free(f->g);
	memset(f, 0, sizeof(*f));
}
