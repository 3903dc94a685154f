#include <string.h>

#include <sodium.h>

#include "noise.h"

void
weir_rng_secure(struct weir_rng *r)
{
	memset(r, 0, sizeof(*r));
}

void
weir_rng_seeded(struct weir_rng *r, uint64_t seed)
{
	unsigned char s[8];
	int i;

	memset(r, 0, sizeof(*r));
	r->seeded = 1;
	for (i = 0; i < 8; i++)
		s[i] = (unsigned char)(seed >> (8 * i));
	crypto_generichash(r->key, sizeof(r->key), s, sizeof(s),
	    (const unsigned char *)"weir insecure seed", 18);
	r->used = sizeof(r->block);
}

static uint64_t
u64(struct weir_rng *r)
{
	unsigned char n[8] = { 0 };
	uint64_t v;

	if (!r->seeded) {
		randombytes_buf(&v, sizeof(v));
		return v;
	}
	if (r->used + 8 > sizeof(r->block)) {
		memcpy(n, &r->counter, sizeof(n));
		crypto_stream_chacha20(r->block, sizeof(r->block), n, r->key);
		r->counter++;
		r->used = 0;
	}
	memcpy(&v, r->block + r->used, 8);
	r->used += 8;
	return v;
}

uint64_t
weir_rng_u64(struct weir_rng *r)
{
	return u64(r);
}

uint64_t
weir_rng_below(struct weir_rng *r, uint64_t n)
{
	uint64_t v, limit;

	if (n <= 1)
		return 0;
	limit = UINT64_MAX - UINT64_MAX % n;	/* reject the biased top */
	do
		v = u64(r);
	while (v >= limit);
	return v % n;
}

typedef unsigned __int128 u128;

/* Uniform in [0, n) for 128-bit n. */
static u128
below128(struct weir_rng *r, u128 n)
{
	u128 v, limit, max = ~(u128)0;

	if (n <= UINT64_MAX)
		return weir_rng_below(r, (uint64_t)n);
	limit = max - max % n;
	do
		v = (u128)u64(r) << 64 | u64(r);
	while (v >= limit);
	return v % n;
}

/* 1 with probability num/den. */
static int
bern(struct weir_rng *r, u128 num, u128 den)
{
	return below128(r, den) < num;
}

/* Algorithm 1 for gamma = num/den in [0, 1]. */
static int
bern_exp_small(struct weir_rng *r, u128 num, u128 den)
{
	u128 k = 1;

	while (bern(r, num, den * k))
		k++;
	return k % 2 == 1;
}

static int
bern_exp(struct weir_rng *r, u128 num, u128 den)
{
	u128 i;

	for (i = num / den; i > 0; i--)
		if (!bern_exp_small(r, 1, 1))
			return 0;
	return bern_exp_small(r, num % den, den);
}

int
weir_bern_exp(struct weir_rng *r, uint64_t num, uint64_t den)
{
	return bern_exp(r, num, den);
}

int64_t
weir_discrete_laplace(struct weir_rng *r, uint64_t t, uint64_t s)
{
	uint64_t u, v, x, y;
	int b;

	for (;;) {
		u = weir_rng_below(r, t);
		if (!weir_bern_exp(r, u, t))
			continue;
		for (v = 0; weir_bern_exp(r, 1, 1); v++)
			;
		x = u + t * v;
		y = x / s;
		b = bern(r, 1, 2);
		if (b && y == 0)
			continue;
		return b ? -(int64_t)y : (int64_t)y;
	}
}

int64_t
weir_discrete_gaussian(struct weir_rng *r, uint64_t num, uint64_t den)
{
	/* t = floor(sigma) + 1, with sigma = sqrt(num/den) */
	uint64_t t = 1, y;
	u128 n, d, a;
	int64_t x;

	while ((t * t) * den <= num)
		t++;
	for (;;) {
		x = weir_discrete_laplace(r, t, 1);
		y = (uint64_t)(x < 0 ? -x : x);
		/* exp(-(|x| - s2/t)^2 / (2 s2)) = exp(-(|x| d t - n)^2 / (2 n d t^2)) */
		a = (u128)y * den * t;
		a = a > num ? a - num : num - a;
		/*
		 * Past 2^63 the square would not fit; such an x has probability
		 * below exp(-2^30) of being kept, so it is simply redrawn.
		 */
		if (a >> 63)
			continue;
		n = a * a;
		d = (u128)2 * num * den * t * t;
		if (bern_exp(r, n, d))
			return x;
	}
}
