#include <math.h>

#include "privacy/dp.h"

#define EPS_DEN		1000000ULL	/* epsilon in millionths */
#define VAR_DEN		1024ULL
#define MAX_T		(1ULL << 62)
#define MAX_VAR		((double)(1ULL << 40))

int
weir_dp_laplace(struct weir_dp_mech *m, uint64_t sens, double epsilon,
    struct weir_err *e)
{
	uint64_t a = (uint64_t)floor(epsilon * (double)EPS_DEN);

	m->gaussian = 0;
	m->sens = sens;
	if (a == 0)
		return weir_errf(e, EX_USAGE, "epsilon %g is below 0.000001 "
		    "(after the split between queries)", epsilon);
	if (sens > MAX_T / EPS_DEN)
		return weir_errf(e, EX_USAGE, "a sensitivity of %llu is too "
		    "large for the noise; narrow --bounds or "
		    "--max-contributions", (unsigned long long)sens);
	m->t = sens * EPS_DEN;
	m->s = a;
	return 0;
}

int
weir_dp_gaussian(struct weir_dp_mech *m, uint64_t sens, double epsilon,
    double delta, struct weir_err *e)
{
	double l = log(1 / delta), x, rho, var;

	m->gaussian = 1;
	m->sens = sens;
	/* epsilon = rho + 2 sqrt(rho l): sqrt(rho) = sqrt(l + eps) - sqrt(l) */
	x = sqrt(l + epsilon) - sqrt(l);
	rho = x * x;
	var = (double)sens * (double)sens / (2 * rho);
	if (!(rho > 0) || !(var * VAR_DEN < MAX_VAR))
		return weir_errf(e, EX_USAGE, "the Gaussian noise for "
		    "sensitivity %llu, epsilon %g and delta %g is too large "
		    "(sigma^2 %g); narrow --bounds or --max-contributions",
		    (unsigned long long)sens, epsilon, delta, var);
	m->num = (uint64_t)ceil(var * VAR_DEN);
	m->den = VAR_DEN;
	return 0;
}

int64_t
weir_dp_noise(const struct weir_dp_mech *m, struct weir_rng *r)
{
	return m->gaussian ? weir_discrete_gaussian(r, m->num, m->den) :
	    weir_discrete_laplace(r, m->t, m->s);
}

double
weir_dp_stddev(const struct weir_dp_mech *m)
{
	double p;

	if (m->gaussian)
		return sqrt((double)m->num / (double)m->den);
	p = exp(-(double)m->s / (double)m->t);
	return sqrt(2 * p) / (1 - p);
}

int64_t
weir_dp_threshold(uint64_t sens, double epsilon, double delta)
{
	double eps = floor(epsilon * (double)EPS_DEN) / (double)EPS_DEN;
	double lp = -eps / (double)sens, p = exp(lp);
	double m = ceil(log(delta * (1 + p) / (double)sens) / lp);

	return (int64_t)sens + (int64_t)(m > 0 ? m : 0);
}
