/*
 * noise.h - exact samplers for differential privacy on the integers:
 * the discrete Laplace (for epsilon-DP) and the discrete Gaussian (for
 * (epsilon, delta)-DP), after Canonne, Kamath and Steinke, "The Discrete
 * Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1-3.
 *
 * Every step is integer arithmetic on rational parameters, with Bernoulli
 * trials drawn from uniform integers, so there is no floating-point noise
 * whose low bits leak the true value (Mironov 2012).  Randomness is
 * libsodium's CSPRNG; weir_rng_seeded() gives a ChaCha20 stream from a
 * seed instead, which is repeatable and therefore NOT private (tests, and
 * weir-anonymize --insecure-seed, which says so in its output).
 */
#ifndef WEIR_PRIVACY_NOISE_H
#define WEIR_PRIVACY_NOISE_H

#include <stdint.h>

struct weir_rng {
	int		seeded;
	unsigned char	key[32];
	uint64_t	counter;	/* 64-byte blocks used */
	unsigned char	block[64];
	unsigned	used;		/* bytes of block handed out */
};

void		weir_rng_secure(struct weir_rng *);
void		weir_rng_seeded(struct weir_rng *, uint64_t seed);
uint64_t	weir_rng_u64(struct weir_rng *);
/* Uniform in [0, n), n >= 1, without modulo bias. */
uint64_t	weir_rng_below(struct weir_rng *, uint64_t n);

/* 1 with probability exp(-num/den) (num >= 0, den >= 1). */
int		weir_bern_exp(struct weir_rng *, uint64_t num, uint64_t den);
/*
 * Discrete Laplace: P(x) proportional to exp(-|x| * s / t), i.e. scale
 * t/s (t, s >= 1).  For sensitivity D and epsilon = a/b: t = D * b, s = a.
 */
int64_t		weir_discrete_laplace(struct weir_rng *, uint64_t t,
		    uint64_t s);
/*
 * Discrete Gaussian: P(x) proportional to exp(-x^2 / (2 sigma^2)), with
 * sigma^2 = num/den, where 2 * num * den * (sigma + 1)^2 stays below
 * 2^126 so the arithmetic fits 128 bits (num up to 2^40 with den 1024).
 */
int64_t		weir_discrete_gaussian(struct weir_rng *, uint64_t num,
		    uint64_t den);

#endif
