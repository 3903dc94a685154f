#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linear.h"
#include "mem.h"

/* ---- sums over rows, in fixed chunks, on threads ---------------------- */

#define LS_CHUNK	16384	/* rows per chunk: part of the result */
#define LG_CHUNK	8192
#define WAVE_BYTES	(64u << 20)	/* chunk sums held at once */

typedef void chunk_fn(void *ctx, size_t chunk, double *acc);

struct worker {
	chunk_fn	*fn;
	void		*ctx;
	size_t		 first, end, step;	/* chunks first, first+step, ... */
	size_t		 wave0;			/* first chunk of the wave */
	double		*bufs;
	size_t		 accn;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	size_t c;

	for (c = w->first; c < w->end; c += w->step) {
		double *acc = w->bufs + (c - w->wave0) * w->accn;

		memset(acc, 0, w->accn * sizeof(*acc));
		w->fn(w->ctx, c, acc);
	}
	return NULL;
}

int
weir_linear_threads(int threads)
{
	long n;

	if (threads > 0)
		return threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n < 256 ? n : 256) : 1;
}

/*
 * total = sum over chunks 0..nchunks-1 of fn's partial sums, added in
 * chunk order: the same bits whatever the number of threads.
 */
static void
run_chunks(chunk_fn *fn, void *ctx, size_t nchunks, size_t accn,
    double *total, int threads)
{
	size_t wave, c0, t, nt, i, k;
	struct worker *w;
	pthread_t *tid;
	double *bufs;
	int *started;

	memset(total, 0, accn * sizeof(*total));
	if (nchunks == 0)
		return;
	nt = (size_t)weir_linear_threads(threads);
	if (nt > nchunks)
		nt = nchunks;
	wave = WAVE_BYTES / (accn * sizeof(double));
	if (wave < nt)
		wave = nt;
	if (wave > nchunks)
		wave = nchunks;
	bufs = weir_xreallocarray(NULL, wave * accn, sizeof(*bufs));
	w = weir_xcalloc(nt, sizeof(*w));
	tid = weir_xcalloc(nt, sizeof(*tid));
	started = weir_xcalloc(nt, sizeof(*started));
	for (c0 = 0; c0 < nchunks; c0 += wave) {
		size_t end = c0 + wave < nchunks ? c0 + wave : nchunks;

		for (t = 0; t < nt; t++) {
			w[t].fn = fn;
			w[t].ctx = ctx;
			w[t].first = c0 + t;
			w[t].end = end;
			w[t].step = nt;
			w[t].wave0 = c0;
			w[t].bufs = bufs;
			w[t].accn = accn;
			started[t] = t > 0 &&
			    pthread_create(&tid[t], NULL, work, &w[t]) == 0;
		}
		for (t = 0; t < nt; t++)
			if (!started[t])
				work(&w[t]);	/* ours, or a thread that failed */
		for (t = 1; t < nt; t++)
			if (started[t])
				pthread_join(tid[t], NULL);
		for (i = c0; i < end; i++) {
			const double *b = bufs + (i - c0) * accn;

			for (k = 0; k < accn; k++)
				total[k] += b[k];
		}
	}
	free(started);
	free(tid);
	free(w);
	free(bufs);
}

/*
 * Four partial sums, added in a fixed order: the compiler may not reorder
 * a floating-point sum itself, and one running sum waits on every add.
 */
static double
dot_fd(const float *x, const double *w, size_t p)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t j;

	for (j = 0; j + 4 <= p; j += 4) {
		s0 += (double)x[j] * w[j];
		s1 += (double)x[j + 1] * w[j + 1];
		s2 += (double)x[j + 2] * w[j + 2];
		s3 += (double)x[j + 3] * w[j + 3];
	}
	for (; j < p; j++)
		s0 += (double)x[j] * w[j];
	return (s0 + s1) + (s2 + s3);
}

static void
axpy_fd(double a, const float *x, double *y, size_t p)
{
	size_t j;

	for (j = 0; j < p; j++)
		y[j] += a * (double)x[j];
}

/* ---- least squares ---------------------------------------------------- */

struct ls_ctx {
	const float	*x;
	const double	*y;
	size_t		 n, p;
};

/* acc: sum x[p], sum y, x'y[p], x'x upper triangle by rows. */
static void
ls_chunk(void *arg, size_t chunk, double *acc)
{
	const struct ls_ctx *c = arg;
	size_t r, j, k, p = c->p, end;
	double *sx = acc, *sy = acc + p, *xty = acc + p + 1;
	double *xtx = acc + 2 * p + 1;

	end = (chunk + 1) * LS_CHUNK < c->n ? (chunk + 1) * LS_CHUNK : c->n;
	for (r = chunk * LS_CHUNK; r < end; r++) {
		const float *xr = c->x + r * p;
		double yr = c->y[r], *a = xtx;

		*sy += yr;
		for (j = 0; j < p; j++) {
			double xj = xr[j];

			if (xj != 0) {
				sx[j] += xj;
				xty[j] += xj * yr;
				for (k = j; k < p; k++)
					a[k - j] += xj * (double)xr[k];
			}
			a += p - j;
		}
	}
}

/* Cholesky of the p x p matrix a in place (lower); -1 when not positive. */
static int
cholesky(double *a, size_t p)
{
	size_t i, j, k;

	for (j = 0; j < p; j++) {
		double d = a[j * p + j], orig = d;

		for (k = 0; k < j; k++)
			d -= a[j * p + k] * a[j * p + k];
		if (!(d > 1e-12 * orig) || !(d > 0))
			return -1;
		d = sqrt(d);
		a[j * p + j] = d;
		for (i = j + 1; i < p; i++) {
			double s = a[i * p + j];

			for (k = 0; k < j; k++)
				s -= a[i * p + k] * a[j * p + k];
			a[i * p + j] = s / d;
		}
	}
	return 0;
}

/* Solve L L' out = rhs with the factor in a (lower triangle). */
static void
chol_solve(const double *a, size_t p, const double *rhs, double *out)
{
	size_t i, k;

	for (i = 0; i < p; i++) {
		double s = rhs[i];

		for (k = 0; k < i; k++)
			s -= a[i * p + k] * out[k];
		out[i] = s / a[i * p + i];
	}
	for (i = p; i-- > 0;) {
		double s = out[i];

		for (k = i + 1; k < p; k++)
			s -= a[k * p + i] * out[k];
		out[i] = s / a[i * p + i];
	}
}

/*
 * A power of two to divide y by so that the sums of the normal equations
 * cannot overflow (the float32 matrix keeps x within 3.4e38, so x * y
 * stays finite when y is within 2^256), or 1.  The solution is linear in
 * y, and a power of two changes no digit: dividing y by it and
 * multiplying the weights back gives the same bits, barring overflow.
 */
static double
y_scale(const double *y, size_t n)
{
	double mx = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(y[i]) > mx)
			mx = fabs(y[i]);
	return mx > 0x1p256 && isfinite(mx) ? ldexp(1, ilogb(mx)) : 1;
}

static int
ls_fit(struct weir_linear *m, const float *x, size_t n, size_t p,
    const double *y0, const double *sd, const struct weir_linear_params *pp)
{
	double ys = y_scale(y0, n), *yd = NULL;
	const double *y = y0;
	struct ls_ctx c;
	size_t accn = 2 * p + 1 + p * (p + 1) / 2, i, j, k;
	double *acc = weir_xcalloc(accn, sizeof(*acc));
	double *sx = acc, sy, *xty = acc + p + 1, *tri = acc + 2 * p + 1;
	double *a0 = weir_xcalloc(p * p > 0 ? p * p : 1, sizeof(*a0));
	double *a = weir_xcalloc(p * p > 0 ? p * p : 1, sizeof(*a));
	double *rhs = weir_xcalloc(p ? p : 1, sizeof(*rhs)), ridge, mean;
	double *res = weir_xcalloc(p ? p : 1, sizeof(*res));
	double *dw = weir_xcalloc(p ? p : 1, sizeof(*dw)), dn = (double)n;

	if (ys != 1) {
		yd = weir_xreallocarray(NULL, n, sizeof(*yd));
		for (i = 0; i < n; i++)
			yd[i] = y0[i] / ys;
		y = yd;
	}
	c = (struct ls_ctx){ x, y, n, p };
	run_chunks(ls_chunk, &c, (n + LS_CHUNK - 1) / LS_CHUNK, accn, acc,
	    pp->threads);
	sy = acc[p];
	/* The centered problem: the intercept is not penalized. */
	for (j = 0; j < p; j++) {
		const double *row = tri;

		tri += p - j;
		/* standardized: divided by the columns' deviations */
		for (k = j; k < p; k++) {
			double v = (row[k - j] - sx[j] * sx[k] / dn) /
			    (sd[j] * sd[k]);

			a0[j * p + k] = a0[k * p + j] = v;
		}
		rhs[j] = (xty[j] - sx[j] * sy / dn) / sd[j];
	}
	for (mean = 0, j = 0; j < p; j++)
		mean += a0[j * p + j];
	mean = p ? mean / (double)p : 0;
	if (!(mean > 0))
		mean = 1;
	for (ridge = pp->l2, i = 0;; i++) {
		memcpy(a, a0, p * p * sizeof(*a));
		for (j = 0; j < p; j++)
			a[j * p + j] += ridge;
		if (cholesky(a, p) == 0)
			break;
		if (i == 40) {		/* not a number somewhere */
			free(yd);
			free(acc);
			free(a0);
			free(a);
			free(rhs);
			free(res);
			free(dw);
			return -1;
		}
		ridge = ridge < 1e-10 * mean ? 1e-10 * mean : ridge * 10;
	}
	chol_solve(a, p, rhs, m->w);
	/*
	 * A ridge was added to a singular system: iterated Tikhonov takes
	 * the answer to the minimum-norm solution of the system as posed,
	 * each step shrinking the error by ridge / (eigenvalue + ridge).
	 */
	for (k = 0; ridge != pp->l2 && k < 4; k++) {
		for (i = 0; i < p; i++) {
			double r = rhs[i] - pp->l2 * m->w[i];

			for (j = 0; j < p; j++)
				r -= a0[i * p + j] * m->w[j];
			res[i] = r;
		}
		chol_solve(a, p, res, dw);
		for (i = 0; i < p; i++)
			m->w[i] += dw[i];
	}
	for (j = 0; j < p; j++)		/* back to the columns' own units */
		m->w[j] /= sd[j];
	for (mean = 0, j = 0; j < p; j++)
		mean += sx[j] * m->w[j];
	m->b[0] = (sy - mean) / dn * ys;
	for (j = 0; j < p; j++)
		m->w[j] *= ys;
	m->converged = 1;
	free(yd);
	free(acc);
	free(a0);
	free(a);
	free(rhs);
	free(res);
	free(dw);
	return 0;
}

/* ---- logistic regression ---------------------------------------------- */

/*
 * The solver works on u_j = w_j * pre_j and b' = b + sum_j w_j * mean_j:
 * the weights of the columns centered and brought to unit variance, a
 * change of variables that leaves the optimum where it is but makes the
 * problem far better conditioned (a rare one-hot level is otherwise a
 * nearly flat direction).  The penalties stay those on w * sd.
 */
struct lg_ctx {
	const float	*x;
	const double	*y, *sw;
	size_t		 n, p, k;	/* k: weight vectors, 1 or classes */
	const double	*mean, *pre;	/* the columns' means, deviations */
	double		*pen;		/* L2 weight of each u_j: (sd/pre)^2 */
	double		*weff;		/* k rows of w and b, for the sums */
	int		 threads;
	double		 l2;
};

/* acc: the loss, then sums of r*x and r per output, weff's layout. */
static void
lg_chunk(void *arg, size_t chunk, double *acc)
{
	const struct lg_ctx *c = arg;
	size_t r, q, p = c->p, k = c->k, end;
	const double *th = c->weff;
	double *g = acc + 1, loss = 0, z[64], *zz;

	end = (chunk + 1) * LG_CHUNK < c->n ? (chunk + 1) * LG_CHUNK : c->n;
	zz = k <= 64 ? z : weir_xcalloc(k, sizeof(*zz));
	for (r = chunk * LG_CHUNK; r < end; r++) {
		const float *xr = c->x + r * p;
		double cw = c->sw != NULL ? c->sw[r] : 1, yr = c->y[r];

		if (k == 1) {
			double t = th[p] + dot_fd(xr, th, p);
			double ex = exp(-fabs(t)), s, gr;

			loss += cw * ((t > 0 ? t : 0) - yr * t + log(1 + ex));
			s = t >= 0 ? 1 / (1 + ex) : ex / (1 + ex);
			gr = cw * (s - yr);
			axpy_fd(gr, xr, g, p);
			g[p] += gr;
		} else {
			double mx = -INFINITY, sum = 0;
			size_t yi = (size_t)yr;

			for (q = 0; q < k; q++) {
				zz[q] = th[q * (p + 1) + p] +
				    dot_fd(xr, th + q * (p + 1), p);
				if (zz[q] > mx)
					mx = zz[q];
			}
			loss -= cw * (zz[yi] - mx);
			for (q = 0; q < k; q++) {
				zz[q] = exp(zz[q] - mx);
				sum += zz[q];
			}
			loss += cw * log(sum);
			for (q = 0; q < k; q++) {
				double gr = cw * (zz[q] / sum - (q == yi));

				axpy_fd(gr, xr, g + q * (p + 1), p);
				g[q * (p + 1) + p] += gr;
			}
		}
	}
	acc[0] = loss;
	if (zz != z)
		free(zz);
}

/* The smooth part of the objective at theta (u and b'), and its gradient. */
static double
lg_eval(struct lg_ctx *c, const double *theta, double *grad)
{
	size_t p = c->p, dim = c->k * (p + 1), accn = dim + 1, q, j;
	double *acc = weir_xcalloc(accn, sizeof(*acc)), f;

	for (q = 0; q < c->k; q++) {
		const double *u = theta + q * (p + 1);
		double *w = c->weff + q * (p + 1), b = u[p];

		for (j = 0; j < p; j++) {
			w[j] = u[j] / c->pre[j];
			b -= w[j] * c->mean[j];
		}
		w[p] = b;
	}
	run_chunks(lg_chunk, c, (c->n + LG_CHUNK - 1) / LG_CHUNK, accn, acc,
	    c->threads);
	f = acc[0];
	for (q = 0; q < c->k; q++) {
		const double *u = theta + q * (p + 1), *gs = acc + 1 + q * (p + 1);
		double *g = grad + q * (p + 1);

		for (j = 0; j < p; j++) {
			g[j] = (gs[j] - c->mean[j] * gs[p]) / c->pre[j] +
			    c->l2 * c->pen[j] * u[j];
			f += 0.5 * c->l2 * c->pen[j] * u[j] * u[j];
		}
		g[p] = gs[p];
	}
	free(acc);
	return f;
}

static double
dot_dd(const double *a, const double *b, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* The L1 term, l1w[i] the weight of coordinate i (0: not penalized). */
static double
l1_term(const double *x, const double *l1w, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; l1w != NULL && i < n; i++)
		s += l1w[i] * fabs(x[i]);
	return s;
}

/* The pseudo-gradient of OWL-QN: the steepest side of each kink. */
static void
pseudo_gradient(const double *x, const double *g, const double *l1w,
    size_t n, double *pg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double a = l1w != NULL ? l1w[i] : 0;

		if (a == 0)
			pg[i] = g[i];
		else if (x[i] > 0)
			pg[i] = g[i] + a;
		else if (x[i] < 0)
			pg[i] = g[i] - a;
		else if (g[i] + a < 0)
			pg[i] = g[i] + a;
		else if (g[i] - a > 0)
			pg[i] = g[i] - a;
		else
			pg[i] = 0;
	}
}

#define LBFGS_M	10

static void
lg_solve(struct lg_ctx *c, double *x, const double *l1w,
    const struct weir_linear_params *pp, struct weir_linear *m)
{
	size_t n = c->k * (c->p + 1), i, j, hist = 0, head = 0;
	double *g = weir_xcalloc(n, sizeof(*g)), *pg, *d, *xn, *gn;
	double *s, *yv, *rho, *alpha, f, fn, g0;
	int it;

	pg = weir_xcalloc(n, sizeof(*pg));
	d = weir_xcalloc(n, sizeof(*d));
	xn = weir_xcalloc(n, sizeof(*xn));
	gn = weir_xcalloc(n, sizeof(*gn));
	s = weir_xcalloc(LBFGS_M * n, sizeof(*s));
	yv = weir_xcalloc(LBFGS_M * n, sizeof(*yv));
	rho = weir_xcalloc(LBFGS_M, sizeof(*rho));
	alpha = weir_xcalloc(LBFGS_M, sizeof(*alpha));
	f = lg_eval(c, x, g) + l1_term(x, l1w, n);
	pseudo_gradient(x, g, l1w, n, pg);
	g0 = sqrt(dot_dd(pg, pg, n));
	m->converged = 0;
	for (it = 0; it < pp->max_iter; it++) {
		double gnorm = sqrt(dot_dd(pg, pg, n)), dg, t, fprev = f;
		int ls;

		if (gnorm <= pp->tol * g0 || gnorm == 0) {
			m->converged = 1;
			break;
		}
		/* d = -H pg, by the two-loop recursion. */
		for (i = 0; i < n; i++)
			d[i] = -pg[i];
		for (j = 0; j < hist; j++) {
			size_t h = (head + LBFGS_M - 1 - j) % LBFGS_M;

			alpha[h] = rho[h] * dot_dd(s + h * n, d, n);
			for (i = 0; i < n; i++)
				d[i] -= alpha[h] * yv[h * n + i];
		}
		if (hist > 0) {
			size_t h = (head + LBFGS_M - 1) % LBFGS_M;
			double gam = dot_dd(s + h * n, yv + h * n, n) /
			    dot_dd(yv + h * n, yv + h * n, n);

			for (i = 0; i < n; i++)
				d[i] *= gam;
		}
		for (j = hist; j-- > 0;) {
			size_t h = (head + LBFGS_M - 1 - j) % LBFGS_M;
			double beta = rho[h] * dot_dd(yv + h * n, d, n);

			for (i = 0; i < n; i++)
				d[i] += (alpha[h] - beta) * s[h * n + i];
		}
		if (l1w != NULL)	/* stay in the pseudo-gradient's orthant */
			for (i = 0; i < n; i++)
				if (d[i] * pg[i] >= 0)
					d[i] = 0;
		dg = dot_dd(d, pg, n);
		if (!(dg < 0)) {	/* not a descent direction: restart */
			hist = 0;
			for (i = 0; i < n; i++)
				d[i] = -pg[i];
			dg = -gnorm * gnorm;
		}
		t = hist == 0 ? 1 / sqrt(dot_dd(d, d, n)) : 1;
		if (t > 1)
			t = 1;
		/*
		 * A full step would gain less than the rounding error of the
		 * objective (a sum of n terms): the limit of double precision.
		 */
		if (hist > 0 && -dg < 1e-13 * fabs(f)) {
			m->converged = 1;
			break;
		}
		for (ls = 0; ls < 60; ls++) {
			double dec = 0;

			for (i = 0; i < n; i++) {
				xn[i] = x[i] + t * d[i];
				if (l1w != NULL && l1w[i] != 0) {
					double orth = x[i] != 0 ? x[i] : -pg[i];

					if (xn[i] * orth <= 0)
						xn[i] = 0;
				}
			}
			fn = lg_eval(c, xn, gn) + l1_term(xn, l1w, n);
			if (l1w != NULL)
				for (i = 0; i < n; i++)
					dec += pg[i] * (xn[i] - x[i]);
			else
				dec = t * dg;
			if (fn <= f + 1e-4 * dec)
				break;
			t *= 0.5;
		}
		if (ls == 60) {	/* no decrease left: precision reached */
			m->converged = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			s[head * n + i] = xn[i] - x[i];
			yv[head * n + i] = gn[i] - g[i];
		}
		dg = dot_dd(s + head * n, yv + head * n, n);
		if (dg > 1e-10 * sqrt(dot_dd(s + head * n, s + head * n, n) *
		    dot_dd(yv + head * n, yv + head * n, n))) {
			rho[head] = 1 / dg;
			head = (head + 1) % LBFGS_M;
			if (hist < LBFGS_M)
				hist++;
		}
		memcpy(x, xn, n * sizeof(*x));
		memcpy(g, gn, n * sizeof(*g));
		f = fn;
		pseudo_gradient(x, g, l1w, n, pg);
		if (fprev - f <= 1e-15 * fabs(f)) {
			m->converged = 1;	/* no progress in double precision */
			break;
		}
	}
	m->iters = it;
	m->objective = f;
	if (!isfinite(f))	/* no test held: it only looked so to NaN */
		m->converged = 0;
	free(g);
	free(pg);
	free(d);
	free(xn);
	free(gn);
	free(s);
	free(yv);
	free(rho);
	free(alpha);
}

/* Each column's mean and standard deviation (1 when constant). */
static void
col_moments(const float *x, size_t n, size_t p, double *mean, double *dev)
{
	size_t i, j;

	memset(mean, 0, p * sizeof(*mean));
	memset(dev, 0, p * sizeof(*dev));
	for (i = 0; i < n; i++)
		for (j = 0; j < p; j++)
			mean[j] += x[i * p + j];
	for (j = 0; j < p; j++)
		mean[j] /= (double)n;
	for (i = 0; i < n; i++)
		for (j = 0; j < p; j++) {
			double v = x[i * p + j] - mean[j];

			dev[j] += v * v;
		}
	for (j = 0; j < p; j++) {
		dev[j] = sqrt(dev[j] / (double)n);
		if (!(dev[j] > 1e-12 * (fabs(mean[j]) > 1 ? fabs(mean[j]) : 1))) {
			dev[j] = 1;	/* constant: only the penalty moves it */
			mean[j] = 0;
		}
	}
}

static void
lg_fit(struct weir_linear *m, const float *x, size_t n, size_t p,
    const double *y, const double *sw, const double *sd,
    const struct weir_linear_params *pp)
{
	struct lg_ctx c;
	size_t k = m->nout, dim = k * (p + 1), i, j, q;
	double *theta = weir_xcalloc(dim, sizeof(*theta));
	double *cnt = weir_xcalloc((size_t)pp->nclass, sizeof(*cnt)), tot = 0;
	double *mean = weir_xcalloc(p ? p : 1, sizeof(*mean));
	double *pre = weir_xcalloc(p ? p : 1, sizeof(*pre));
	double *l1w = NULL;

	/* Start from the intercepts that fit the class frequencies. */
	for (i = 0; i < n; i++) {
		double cw = sw != NULL ? sw[i] : 1;

		cnt[(size_t)y[i]] += cw;
		tot += cw;
	}
	if (k == 1) {
		if (cnt[0] > 0 && cnt[1] > 0)
			theta[p] = log(cnt[1] / cnt[0]);
	} else {
		double mn = 0;

		for (q = 0; q < k; q++)
			mn += log(cnt[q] > 0 ? cnt[q] / tot : 1e-6) / (double)k;
		for (q = 0; q < k; q++)
			theta[q * (p + 1) + p] = log(cnt[q] > 0 ? cnt[q] / tot :
			    1e-6) - mn;
	}
	free(cnt);
	col_moments(x, n, p, mean, pre);
	memset(&c, 0, sizeof(c));
	c.x = x;
	c.y = y;
	c.sw = sw;
	c.n = n;
	c.p = p;
	c.k = k;
	c.mean = mean;
	c.pre = pre;
	c.pen = weir_xcalloc(p ? p : 1, sizeof(*c.pen));
	for (j = 0; j < p; j++)
		c.pen[j] = (sd[j] / pre[j]) * (sd[j] / pre[j]);
	c.weff = weir_xcalloc(dim, sizeof(*c.weff));
	c.threads = pp->threads;
	c.l2 = pp->l2;
	if (pp->l1 > 0) {
		l1w = weir_xcalloc(dim, sizeof(*l1w));
		for (q = 0; q < k; q++)
			for (j = 0; j < p; j++)
				l1w[q * (p + 1) + j] = pp->l1 * sd[j] / pre[j];
	}
	lg_solve(&c, theta, l1w, pp, m);
	for (q = 0; q < k; q++) {
		double b = theta[q * (p + 1) + p];

		for (j = 0; j < p; j++) {
			m->w[q * p + j] = theta[q * (p + 1) + j] / pre[j];
			b -= m->w[q * p + j] * mean[j];
		}
		m->b[q] = b;
	}
	free(c.pen);
	free(c.weff);
	free(l1w);
	free(mean);
	free(pre);
	free(theta);
}

/* ---- the interface ---------------------------------------------------- */

int
weir_linear_fit(struct weir_linear *m, const float *x, size_t n,
    size_t nfeat, const double *y, const double *sw, const double *sd,
    const struct weir_linear_params *p, struct weir_err *e)
{
	double *ones = NULL;
	size_t j;
	int rv = 0;

	memset(m, 0, sizeof(*m));
	if (!(p->l2 >= 0) || !(p->l1 >= 0) || !isfinite(p->l2) ||
	    !isfinite(p->l1))
		return weir_errf(e, EX_USAGE, "penalties must be finite and "
		    "not negative");
	if (p->logistic && p->nclass < 2)
		return weir_errf(e, EX_DATAERR, "logistic regression needs two "
		    "classes or more");
	if (n == 0)
		return weir_errf(e, EX_DATAERR, "no rows to fit");
	m->nfeat = nfeat;
	m->nout = p->logistic && p->nclass > 2 ? (size_t)p->nclass : 1;
	m->w = weir_xcalloc(m->nout * nfeat > 0 ? m->nout * nfeat : 1,
	    sizeof(*m->w));
	m->b = weir_xcalloc(m->nout, sizeof(*m->b));
	if (sd == NULL) {
		ones = weir_xcalloc(nfeat ? nfeat : 1, sizeof(*ones));
		for (j = 0; j < nfeat; j++)
			ones[j] = 1;
		sd = ones;
	}
	if (p->logistic)
		lg_fit(m, x, n, nfeat, y, sw, sd, p);
	else if (ls_fit(m, x, n, nfeat, y, sd, p) == -1) {
		weir_linear_release(m);
		rv = weir_errf(e, EX_DATAERR, "least squares: the normal "
		    "equations hold values that are not numbers");
	}
	free(ones);
	return rv;
}

void
weir_linear_scores(const struct weir_linear *m, const float *row, double *out)
{
	size_t q;

	for (q = 0; q < m->nout; q++)
		out[q] = m->b[q] + dot_fd(row, m->w + q * m->nfeat, m->nfeat);
}

void
weir_linear_release(struct weir_linear *m)
{
	free(m->w);
	free(m->b);
	memset(m, 0, sizeof(*m));
}
