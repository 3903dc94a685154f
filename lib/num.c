/*
 * num.c - numbers as text, both ways: exact and fast parsing of RFC 8259
 * number text to double, and the shortest text that reads back as the
 * same double.
 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "num.h"

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * Clinger's fast path: a mantissa below 2^53 times or over an exact power
 * of ten is one correctly rounded operation.  Anything else (more than 19
 * digits, a far exponent) goes to strtod.
 */
int
weir_num_parse(const char *s, size_t len, double *v)
{
	const char *p = s, *e = s + len, *d0, *f0;
	uint64_t m = 0;
	long exp10 = 0, x;
	size_t nd;
	int neg = 0, eneg;
	char tmp[64], *big;
	double d;

	if (p < e && *p == '-') {
		neg = 1;
		p++;
	}
	for (d0 = p; p < e && (unsigned)(*p - '0') < 10; p++)
		m = m * 10 + (uint64_t)(*p - '0');
	nd = (size_t)(p - d0);
	if (nd == 0 || (nd > 1 && *d0 == '0'))
		return 0;
	if (p < e && *p == '.') {
		for (f0 = ++p; p < e && (unsigned)(*p - '0') < 10; p++)
			m = m * 10 + (uint64_t)(*p - '0');
		if (p == f0)
			return 0;
		exp10 = -(long)(p - f0);
		nd += (size_t)(p - f0);
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		eneg = 0;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || (unsigned)(*p - '0') >= 10)
			return 0;
		for (x = 0; p < e && (unsigned)(*p - '0') < 10; p++)
			if (x < 100000)
				x = x * 10 + (*p - '0');
		exp10 += eneg ? -x : x;
	}
	if (p != e)
		return 0;
	if (nd <= 19 && m <= (UINT64_C(1) << 53) && exp10 >= -22 &&
	    exp10 <= 22) {
		d = (double)m;
		d = exp10 < 0 ? d / pow10tab[-exp10] : d * pow10tab[exp10];
		*v = neg ? -d : d;
		return 1;
	}
	big = len < sizeof(tmp) ? tmp : weir_xmalloc(len + 1);
	memcpy(big, s, len);
	big[len] = '\0';
	d = strtod(big, NULL);
	if (big != tmp)
		free(big);
	if (!isfinite(d))
		return 0;	/* beyond the range of a double */
	*v = d;
	return 1;
}

/*
 * Shortest digits: Grisu2 (Loitsch, "Printing floating-point numbers
 * quickly and accurately with integers", PLDI 2010), after Milo Yip's
 * rendering of it.  The digits always read back as the same double; in
 * rare cases (about 0.1%) one more digit than the shortest is written.
 * The cached powers of ten (10^-348 .. 10^340 in steps of 8, as 64-bit
 * significands) are computed once with 192-bit integer arithmetic.
 */
struct diyfp {
	uint64_t	f;
	int		e;
};

static struct diyfp cached[87];
static pthread_once_t cached_once = PTHREAD_ONCE_INIT;

/* m (128 bits, top bit set) * 2^e rounded to 64 bits. */
static struct diyfp
round64(unsigned __int128 m, int e)
{
	uint64_t hi = (uint64_t)(m >> 64), lo = (uint64_t)m;
	struct diyfp r;

	r.e = e + 64;
	if ((lo >> 63) && ++hi == 0) {
		hi = UINT64_C(1) << 63;
		r.e++;
	}
	r.f = hi;
	return r;
}

/* m * 2^e times d (< 2^32), keeping the top 128 bits. */
static void
mul_small(unsigned __int128 *m, int *e, uint64_t d)
{
	unsigned __int128 lo = (uint64_t)*m * (unsigned __int128)d;
	unsigned __int128 hi = (uint64_t)(*m >> 64) * (unsigned __int128)d +
	    (uint64_t)(lo >> 64);
	int sh = 0;

	/* the product is hi:lo64; hi has 64 bits or more */
	while ((hi >> (64 + sh)) != 0)
		sh++;
	*m = (hi << (64 - sh)) | ((uint64_t)lo >> sh);
	*e += sh;
}

/* m * 2^e over d (< 2^32), by 192-bit long division; top 128 bits kept. */
static void
div_small(unsigned __int128 *m, int *e, uint64_t d)
{
	uint64_t limb[3], q[3];
	unsigned __int128 r = 0, t;
	int k, lz;

	limb[0] = (uint64_t)(*m >> 64);
	limb[1] = (uint64_t)*m;
	limb[2] = 0;
	for (k = 0; k < 3; k++) {
		unsigned __int128 cur = (r << 64) | limb[k];

		q[k] = (uint64_t)(cur / d);
		r = cur % d;
	}
	/* q0 < 2^64 / d, so it is not 0 and has leading zeros */
	lz = __builtin_clzll(q[0]);
	t = ((unsigned __int128)q[0] << 64) | q[1];
	*m = (t << lz) | (q[2] >> (64 - lz));
	*e -= lz;
}

static void
cached_init(void)
{
	unsigned __int128 m = (unsigned __int128)1 << 127, up, down;
	int e = -127, eu, ed, i;

	div_small(&m, &e, 10000);		/* 10^-4 = cached[43] */
	cached[43] = round64(m, e);
	up = down = m;
	eu = ed = e;
	for (i = 44; i < 87; i++) {
		mul_small(&up, &eu, 100000000);
		cached[i] = round64(up, eu);
	}
	for (i = 42; i >= 0; i--) {
		div_small(&down, &ed, 100000000);
		cached[i] = round64(down, ed);
	}
}

static struct diyfp
diy_mul(struct diyfp x, struct diyfp y)
{
	unsigned __int128 p = (unsigned __int128)x.f * y.f;
	struct diyfp r;

	r.f = (uint64_t)(p >> 64) + (((uint64_t)p >> 63) & 1);
	r.e = x.e + y.e + 64;
	return r;
}

static struct diyfp
diy_norm(struct diyfp x)
{
	int s = __builtin_clzll(x.f);

	x.f <<= s;
	x.e -= s;
	return x;
}

static void
grisu_round(char *buf, int len, uint64_t delta, uint64_t rest,
    uint64_t ten_kappa, uint64_t wp_w)
{
	while (rest < wp_w && delta - rest >= ten_kappa &&
	    (rest + ten_kappa < wp_w ||
	    wp_w - rest > rest + ten_kappa - wp_w)) {
		buf[len - 1]--;
		rest += ten_kappa;
	}
}

static const uint64_t pow10u[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL,
	10000000000000000ULL, 100000000000000000ULL, 1000000000000000000ULL,
	10000000000000000000ULL
};

/* Digits of v > 0 into buf; v = 0.buf * 10^(len + *k).  Returns len. */
static int
grisu2(double v, char *buf, int *k)
{
	uint64_t bits, mant, p2, delta, wp_w;
	uint32_t p1;
	struct diyfp w, wp, wm, c, one;
	int bexp, kappa, len = 0, idx, mk;
	double dk;

	memcpy(&bits, &v, sizeof(bits));
	mant = bits & ((UINT64_C(1) << 52) - 1);
	bexp = (int)((bits >> 52) & 0x7ff);
	if (bexp) {
		w.f = mant | (UINT64_C(1) << 52);
		w.e = bexp - 1075;
	} else {
		w.f = mant;
		w.e = -1074;
	}
	/* the boundaries halfway to the neighbours */
	wp.f = (w.f << 1) + 1;
	wp.e = w.e - 1;
	wp = diy_norm(wp);
	if (w.f == (UINT64_C(1) << 52) && bexp > 1) {
		wm.f = (w.f << 2) - 1;
		wm.e = w.e - 2;
	} else {
		wm.f = (w.f << 1) - 1;
		wm.e = w.e - 1;
	}
	wm.f <<= wm.e - wp.e;
	wm.e = wp.e;
	/* a cached power bringing the exponent into [-60, -32] */
	dk = (-61 - wp.e) * 0.30102999566398114 + 347;
	mk = (int)dk;
	if (dk - mk > 0)
		mk++;
	idx = (mk >> 3) + 1;
	*k = -(-348 + idx * 8);
	c = cached[idx];
	w = diy_mul(diy_norm(w), c);
	wp = diy_mul(wp, c);
	wm = diy_mul(wm, c);
	wm.f++;
	wp.f--;
	delta = wp.f - wm.f;
	wp_w = wp.f - w.f;
	one.f = UINT64_C(1) << -wp.e;
	one.e = wp.e;
	p1 = (uint32_t)(wp.f >> -one.e);
	p2 = wp.f & (one.f - 1);
	for (kappa = 1; kappa < 10 && p1 >= pow10u[kappa]; kappa++)
		;
	while (kappa > 0) {
		uint32_t dgt = (uint32_t)(p1 / pow10u[kappa - 1]);
		uint64_t tmp;

		p1 = (uint32_t)(p1 % pow10u[kappa - 1]);
		if (dgt || len)
			buf[len++] = (char)('0' + dgt);
		kappa--;
		tmp = ((uint64_t)p1 << -one.e) + p2;
		if (tmp <= delta) {
			*k += kappa;
			grisu_round(buf, len, delta, tmp,
			    pow10u[kappa] << -one.e, wp_w);
			return len;
		}
	}
	for (;;) {
		char dgt;

		p2 *= 10;
		delta *= 10;
		dgt = (char)(p2 >> -one.e);
		if (dgt || len)
			buf[len++] = (char)('0' + dgt);
		p2 &= one.f - 1;
		kappa--;
		if (p2 < delta) {
			*k += kappa;
			grisu_round(buf, len, delta, p2, one.f,
			    -kappa < 20 ? wp_w * pow10u[-kappa] : 0);
			return len;
		}
	}
}

size_t
weir_num_format(double v, char out[32])
{
	char dg[24], *o = out;
	int n, k, x, i;

	if (isnan(v))
		return (size_t)snprintf(out, 32, "nan");
	if (isinf(v))
		return (size_t)snprintf(out, 32, v < 0 ? "-inf" : "inf");
	if (signbit(v)) {
		*o++ = '-';
		v = -v;
	}
	if (v == 0) {
		*o++ = '0';
		*o = '\0';
		return (size_t)(o - out);
	}
	pthread_once(&cached_once, cached_init);
	n = grisu2(v, dg, &k);
	x = n + k - 1;		/* v = d.ddd * 10^x */
	if (x >= -4 && x < 16) {
		if (x < 0) {
			*o++ = '0';
			*o++ = '.';
			for (i = -1; i > x; i--)
				*o++ = '0';
			for (i = 0; i < n; i++)
				*o++ = dg[i];
		} else {
			for (i = 0; i <= x; i++)
				*o++ = i < n ? dg[i] : '0';
			if (n > x + 1) {
				*o++ = '.';
				for (i = x + 1; i < n; i++)
					*o++ = dg[i];
			}
		}
	} else {
		*o++ = dg[0];
		if (n > 1) {
			*o++ = '.';
			for (i = 1; i < n; i++)
				*o++ = dg[i];
		}
		*o++ = 'e';
		*o++ = x < 0 ? '-' : '+';
		if (x < 0)
			x = -x;
		if (x >= 100)
			*o++ = (char)('0' + x / 100);
		*o++ = (char)('0' + x / 10 % 10);
		*o++ = (char)('0' + x % 10);
	}
	*o = '\0';
	return (size_t)(o - out);
}
