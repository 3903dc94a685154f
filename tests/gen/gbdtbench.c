/*
 * gbdtbench - time lib/gbdt on a generated binary problem, and write the
 * same data as LIBSVM text for the xgboost CLI.  Not run by make check.
 *
 * usage: gbdtbench [-n rows] [-s seed] [-j threads] [-T trees] [-d depth]
 *                  [-e eta] [-L leaves] [-m min_leaf] [-w dir] [-c dir]
 *                  [-a predfile]
 *
 * The data: rows of 20 numeric features (normal, uniform, exponential and
 * heavy-tailed, 2% missing in two of them) and 2 categorical ones (8 and 7
 * levels, one-hot: 35 columns in all), labelled by a Bernoulli draw from a
 * nonlinear logit (sines, products, steps, a category-by-number
 * interaction); 20% of the rows, drawn by the seed, are held out.
 *
 *   (default)	train on the 80%, print the training time (binning
 *		included), the test AUC, and single-thread prediction speed
 *   -w dir	write dir/train.svm and dir/test.svm (LIBSVM; zeros of the
 *		one-hot columns and missing numbers are left out) and stop
 *   -c dir	write dir/train.csv and dir/test.csv (x0..x19 with missing
 *		numbers empty, c1 and c2 as level names, y) and stop, for
 *		weir-train, which does its own one-hot encoding
 *   -a pred	print the test AUC of pred (one probability a line, in
 *		test-row order, e.g. from `xgboost ... task=pred`)
 *
 * build: cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Ilib \
 *            tests/gen/gbdtbench.c libweir.a -ljansson -lsodium -lz -lm -lpthread
 *
 * against the xgboost CLI (apt-get install xgboost), same trees, depth,
 * learning rate and threads, its time including its text parsing:
 *	./gbdtbench -w /tmp/gb
 *	cat > /tmp/gb/train.conf <<EOF
 *	booster = gbtree
 *	objective = binary:logistic
 *	tree_method = hist
 *	max_depth = 6
 *	eta = 0.3
 *	num_round = 100
 *	nthread = 2
 *	data = "/tmp/gb/train.svm?format=libsvm"
 *	model_out = "/tmp/gb/xgb.model"
 *	EOF
 *	time xgboost /tmp/gb/train.conf
 *	xgboost /tmp/gb/train.conf task=pred model_in=/tmp/gb/xgb.model \
 *	    test:data="/tmp/gb/test.svm?format=libsvm" name_pred=/tmp/gb/pred.txt
 *	./gbdtbench -a /tmp/gb/pred.txt
 *	./gbdtbench -j 2
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "learn/gbdt.h"

#define NNUM	20
#define NC1	8
#define NC2	7
#define NF	(NNUM + NC1 + NC2)

static uint64_t rng;

static uint64_t
next64(void)
{
	uint64_t z = (rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double
unif(void)
{
	return ((next64() >> 11) + 0.5) / 9007199254740992.0;
}

static double
normal(void)
{
	return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

struct data {
	size_t	 n, ntr, nte;
	float	*xtr, *xte;
	double	*ytr, *yte;
	double	*lte;		/* the test rows' true logits */
};

/* One row: features into x[NF], its logit; returns the label. */
static double
gen_row(float *x, double *lp)
{
	static const double c1eff[NC1] = { -1.2, -0.4, 0, 0.5, 0.9, 1.4, -0.8,
	    0.2 };
	static const double c2slope[NC2] = { -1, -0.5, 0, 0.4, 0.8, 1.2, 0.1 };
	double v[NNUM], logit;
	int c1, c2, i;

	for (i = 0; i < NNUM; i++) {
		switch (i % 4) {
		case 0: v[i] = normal(); break;
		case 1: v[i] = unif() * 4 - 2; break;
		case 2: v[i] = -log(unif()); break;
		default: v[i] = normal() / (0.3 + unif()); break;
		}
	}
	c1 = (int)(unif() * unif() * NC1);	/* skewed levels */
	c2 = (int)(unif() * NC2);
	logit = 2.2 * sin(1.5 * v[0]) + 1.3 * v[1] * v[2] +
	    (v[3] > 0.5 ? 1.4 : -0.6) + 0.6 * v[4] * v[4] - 1.0 +
	    c1eff[c1] + c2slope[c2] * v[5] * 1.5 +
	    (v[6] > 1 && v[7] < 0 ? 1.5 : 0) + 0.8 * tanh(v[8] * v[9]) +
	    0.5 * v[10] - 0.4 * v[11] + 0.3 * fabs(v[12]) +
	    (v[13] < -0.5 ? -1.0 : 0.3);
	logit *= 1.8;
	*lp = logit;
	for (i = 0; i < NNUM; i++)
		x[i] = (float)v[i];
	if (unif() < 0.02)
		x[2] = NAN;
	if (unif() < 0.02)
		x[10] = NAN;
	for (i = 0; i < NC1; i++)
		x[NNUM + i] = i == c1;
	for (i = 0; i < NC2; i++)
		x[NNUM + NC1 + i] = i == c2;
	return unif() < 1 / (1 + exp(-logit));
}

static void
gen(struct data *d, size_t n, uint64_t seed)
{
	size_t i;
	float row[NF];
	double y, l;

	rng = seed;
	d->n = n;
	d->xtr = malloc(n * NF * sizeof(float));
	d->xte = malloc(n * NF * sizeof(float));
	d->ytr = malloc(n * sizeof(double));
	d->yte = malloc(n * sizeof(double));
	d->lte = malloc(n * sizeof(double));
	if (!d->xtr || !d->xte || !d->ytr || !d->yte || !d->lte)
		exit(71);
	d->ntr = d->nte = 0;
	for (i = 0; i < n; i++) {
		y = gen_row(row, &l);
		if (unif() < 0.2) {
			memcpy(d->xte + d->nte * NF, row, sizeof(row));
			d->lte[d->nte] = l;
			d->yte[d->nte++] = y;
		} else {
			memcpy(d->xtr + d->ntr * NF, row, sizeof(row));
			d->ytr[d->ntr++] = y;
		}
	}
}

struct sl {
	double	s, y;
};

static int
cmp_sl(const void *a, const void *b)
{
	double x = ((const struct sl *)a)->s, y = ((const struct sl *)b)->s;

	return (x > y) - (x < y);
}

/* Area under the ROC curve, ties counted half. */
static double
auc(const double *score, const double *y, size_t n)
{
	struct sl *v = malloc(n * sizeof(*v));
	double pos = 0, neg = 0, sum = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		v[i].s = score[i];
		v[i].y = y[i];
		pos += y[i];
	}
	neg = (double)n - pos;
	qsort(v, n, sizeof(*v), cmp_sl);
	for (i = 0; i < n; i = j) {
		double np = 0, rank;

		for (j = i; j < n && v[j].s == v[i].s; j++)
			np += v[j].y;
		rank = (double)(i + j + 1) / 2;	/* average 1-based rank */
		sum += np * rank;
	}
	free(v);
	return (sum - pos * (pos + 1) / 2) / (pos * neg);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
write_svm(const char *path, const float *x, const double *y, size_t n)
{
	FILE *fp = fopen(path, "w");
	size_t i;
	int f;

	if (fp == NULL) {
		fprintf(stderr, "gbdtbench: %s: %s\n", path, strerror(errno));
		exit(73);
	}
	for (i = 0; i < n; i++) {
		const float *r = x + i * NF;

		fprintf(fp, "%d", (int)y[i]);
		for (f = 0; f < NF; f++) {
			if (r[f] != r[f] || (f >= NNUM && r[f] == 0))
				continue;
			fprintf(fp, " %d:%.9g", f, r[f]);
		}
		putc('\n', fp);
	}
	if (fclose(fp) != 0)
		exit(74);
}

static void
write_csv(const char *path, const float *x, const double *y, size_t n)
{
	FILE *fp = fopen(path, "w");
	size_t i;
	int f;

	if (fp == NULL) {
		fprintf(stderr, "gbdtbench: %s: %s\n", path, strerror(errno));
		exit(73);
	}
	for (f = 0; f < NNUM; f++)
		fprintf(fp, "x%d,", f);
	fputs("c1,c2,y\n", fp);
	for (i = 0; i < n; i++) {
		const float *r = x + i * NF;

		for (f = 0; f < NNUM; f++)
			if (r[f] == r[f])
				fprintf(fp, "%.9g,", r[f]);
			else
				putc(',', fp);
		for (f = 0; f < NC1 && r[NNUM + f] == 0; f++)
			;
		fprintf(fp, "l%c,", 'a' + f);
		for (f = 0; f < NC2 && r[NNUM + NC1 + f] == 0; f++)
			;
		fprintf(fp, "m%c,%d\n", 'a' + f, (int)y[i]);
	}
	if (fclose(fp) != 0)
		exit(74);
}

int
main(int argc, char *argv[])
{
	struct weir_gbdt_params p = { WEIR_TASK_BINARY, 1, 100, 6, 0, 20, 0.3,
	    1.0, 1.0, 1.0, 0, 2, 1 };
	struct weir_gbdt *m;
	struct weir_err e;
	struct data d;
	const char *wdir = NULL, *cdir = NULL, *pred = NULL;
	size_t n = 500000, i;
	uint64_t seed = 42;
	double t0, t1, *score, best = 0;
	int ch, pass;

	while ((ch = getopt(argc, argv, "a:c:d:e:j:L:m:n:s:T:w:")) != -1) {
		switch (ch) {
		case 'a': pred = optarg; break;
		case 'c': cdir = optarg; break;
		case 'd': p.max_depth = atoi(optarg); break;
		case 'e': p.learning_rate = atof(optarg); break;
		case 'j': p.threads = atoi(optarg); break;
		case 'L': p.max_leaves = atoi(optarg); break;
		case 'm': p.min_leaf = atoi(optarg); break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'T': p.ntrees = atoi(optarg); break;
		case 'w': wdir = optarg; break;
		default:
			fprintf(stderr, "usage: gbdtbench [-n rows] [-s seed] "
			    "[-j threads] [-T trees] [-d depth] [-e eta] "
			    "[-L leaves] [-m min_leaf] [-w dir] [-c dir] "
			    "[-a pred]\n");
			return 64;
		}
	}
	gen(&d, n, seed);
	if (cdir) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/train.csv", cdir);
		write_csv(path, d.xtr, d.ytr, d.ntr);
		snprintf(path, sizeof(path), "%s/test.csv", cdir);
		write_csv(path, d.xte, d.yte, d.nte);
		printf("wrote %zu training and %zu test rows\n", d.ntr, d.nte);
		return 0;
	}
	if (wdir) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/train.svm", wdir);
		write_svm(path, d.xtr, d.ytr, d.ntr);
		snprintf(path, sizeof(path), "%s/test.svm", wdir);
		write_svm(path, d.xte, d.yte, d.nte);
		printf("wrote %zu training and %zu test rows, %d features\n",
		    d.ntr, d.nte, NF);
		return 0;
	}
	score = malloc(d.nte * sizeof(double));
	if (pred) {
		FILE *fp = fopen(pred, "r");

		for (i = 0; fp && i < d.nte; i++)
			if (fscanf(fp, "%lf", &score[i]) != 1)
				break;
		if (fp == NULL || i != d.nte) {
			fprintf(stderr, "gbdtbench: %s: want %zu numbers\n",
			    pred, d.nte);
			return 65;
		}
		printf("test AUC %.4f (%zu rows)\n", auc(score, d.yte, d.nte),
		    d.nte);
		return 0;
	}
	t0 = now();
	m = weir_gbdt_train(d.xtr, d.ntr, NF, d.ytr, NULL, NULL, &p, &e);
	t1 = now();
	if (m == NULL) {
		fprintf(stderr, "gbdtbench: %s\n", e.msg);
		return e.code;
	}
	printf("weir gbdt: %zu rows x %d features, %d trees, depth %d, "
	    "leaves %d, eta %g, %d threads: trained in %.2f s\n", d.ntr, NF,
	    p.ntrees, p.max_depth, p.max_leaves, p.learning_rate, p.threads,
	    t1 - t0);
	/* the best of three passes: other processes only slow one down */
	for (pass = 0; pass < 3; pass++) {
		t0 = now();
		for (i = 0; i < d.nte; i++)
			weir_gbdt_predict(m, d.xte + i * NF, &score[i]);
		t1 = now();
		if (pass == 0 || t1 - t0 < best)
			best = t1 - t0;
	}
	printf("test AUC %.4f; predict %.0f rows/s (1 thread)\n",
	    auc(score, d.yte, d.nte), (double)d.nte / best);
	printf("(the true logit's AUC, the best possible: %.4f)\n",
	    auc(d.lte, d.yte, d.nte));
	weir_gbdt_free(m);
	return 0;
}
