/*
 * dp.h - calibrating the noise of weir-anonymize --dp: a query of
 * integer sensitivity gets discrete Laplace noise for epsilon-DP or
 * discrete Gaussian noise for (epsilon, delta)-DP (noise.h), and a
 * release whose groups come from the data keeps a group only when its
 * noisy count passes a threshold that bounds by delta the chance that a
 * group one user created is seen.
 *
 * Laplace: scale sensitivity/epsilon, with epsilon rounded down to a
 * multiple of 10^-6 (more noise, never less).
 * Gaussian: the discrete Gaussian with variance sigma^2 is
 * (sensitivity^2 / (2 sigma^2))-zCDP (Canonne, Kamath, Steinke 2020,
 * Theorem 14 with L2 sensitivity), and rho-zCDP gives
 * (rho + 2 sqrt(rho ln(1/delta)), delta)-DP (Bun and Steinke 2016,
 * Proposition 1.3): sigma^2 is solved from that and rounded up to a
 * multiple of 1/1024.
 * Threshold: with discrete Laplace noise of parameter p = exp(-epsilon/D)
 * (D the count's sensitivity, also the most groups one user reaches),
 * P(noise >= m) = p^m / (1 + p); a group is kept when its noisy count is
 * at least D + m, m the least with D p^m / (1 + p) <= delta.
 */
#ifndef WEIR_PRIVACY_DP_H
#define WEIR_PRIVACY_DP_H

#include <stdint.h>

#include "err.h"
#include "privacy/noise.h"

struct weir_dp_mech {
	int		gaussian;
	uint64_t	sens;		/* integer sensitivity */
	/* Laplace: exp(-|x| s / t) */
	uint64_t	t, s;
	/* Gaussian: sigma^2 = num / den */
	uint64_t	num, den;
};

/* EX_USAGE when the noise would not fit the samplers' arithmetic. */
int	weir_dp_laplace(struct weir_dp_mech *, uint64_t sens, double epsilon,
	    struct weir_err *);
int	weir_dp_gaussian(struct weir_dp_mech *, uint64_t sens, double epsilon,
	    double delta, struct weir_err *);
int64_t	weir_dp_noise(const struct weir_dp_mech *, struct weir_rng *);
/* The standard deviation of the noise, for the report. */
double	weir_dp_stddev(const struct weir_dp_mech *);
/* The least noisy count kept (Laplace counts of sensitivity sens). */
int64_t	weir_dp_threshold(uint64_t sens, double epsilon, double delta);

#endif
