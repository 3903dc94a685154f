#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "mem.h"
#include "stats/hll.h"

#define Q	(64 - WEIR_HLL_P)	/* bits left for the rank: 1..Q+1 */

struct weir_hll {
	uint8_t	reg[WEIR_HLL_M];
};

struct weir_hll *
weir_hll_new(void)
{
	return weir_xcalloc(1, sizeof(struct weir_hll));
}

/* MurmurHash3's finalizer: every input bit moves every output bit. */
static uint64_t
fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/* The top P bits pick a register, the rest give the rank. */
void
weir_hll_add(struct weir_hll *h, uint64_t hash)
{
	uint64_t x = fmix64(hash);
	uint32_t i = (uint32_t)(x >> Q);
	uint64_t w = x << WEIR_HLL_P;
	uint8_t r = w == 0 ? Q + 1 : (uint8_t)(__builtin_clzll(w) + 1);

	if (r > h->reg[i])
		h->reg[i] = r;
}

void
weir_hll_merge(struct weir_hll *d, const struct weir_hll *s)
{
	size_t i;

	for (i = 0; i < WEIR_HLL_M; i++)
		if (s->reg[i] > d->reg[i])
			d->reg[i] = s->reg[i];
}

/* Ertl's sigma and tau: series summed until a term changes nothing. */
static double
sigma(double x)
{
	double y = 1, z = x, prev;

	if (x == 1)
		return INFINITY;
	do {
		x *= x;
		prev = z;
		z += x * y;
		y += y;
	} while (z != prev);
	return z;
}

static double
tau(double x)
{
	double y = 1, z = 1 - x, prev;

	if (x == 0 || x == 1)
		return 0;
	do {
		x = sqrt(x);
		prev = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (z != prev);
	return z / 3;
}

/*
 * Ertl's improved raw estimator, from the histogram of
 * register values: sigma corrects for registers still 0, tau for those
 * at the largest value.
 */
double
weir_hll_estimate(const struct weir_hll *h)
{
	double c[Q + 2] = { 0 }, m = WEIR_HLL_M, z;
	size_t i;
	int k;

	for (i = 0; i < WEIR_HLL_M; i++)
		c[h->reg[i]]++;
	if (c[0] == m)
		return 0;
	z = m * tau(1 - c[Q + 1] / m);
	for (k = Q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * sigma(c[0] / m);
	return m * m / (2 * log(2)) / z;
}

double
weir_hll_error(void)
{
	return 1.04 / sqrt(WEIR_HLL_M);
}

const uint8_t *
weir_hll_registers(const struct weir_hll *h)
{
	return h->reg;
}

struct weir_hll *
weir_hll_from_registers(const uint8_t *reg, size_t n)
{
	struct weir_hll *h;
	size_t i;

	if (n != WEIR_HLL_M)
		return NULL;
	for (i = 0; i < n; i++)
		if (reg[i] > Q + 1)
			return NULL;
	h = weir_hll_new();
	memcpy(h->reg, reg, n);
	return h;
}

char *
weir_hll_base64(const struct weir_hll *h)
{
	size_t n = sodium_base64_ENCODED_LEN(WEIR_HLL_M,
	    sodium_base64_VARIANT_ORIGINAL);
	char *s = weir_xmalloc(n);

	sodium_bin2base64(s, n, h->reg, WEIR_HLL_M,
	    sodium_base64_VARIANT_ORIGINAL);
	return s;
}

struct weir_hll *
weir_hll_from_base64(const char *s)
{
	uint8_t *reg;
	struct weir_hll *h = NULL;
	size_t got;

	if (s == NULL)
		return NULL;
	reg = weir_xmalloc(WEIR_HLL_M);
	if (sodium_base642bin(reg, WEIR_HLL_M, s, strlen(s), NULL, &got,
	    NULL, sodium_base64_VARIANT_ORIGINAL) == 0)
		h = weir_hll_from_registers(reg, got);
	free(reg);
	return h;
}

void
weir_hll_free(struct weir_hll *h)
{
	free(h);
}
