/*
 * gentrain - a deterministic binary classification problem for
 * scripts/bench-train: 20 numeric features, 2 categorical ones, a 0/1
 * label.
 *
 * usage: gentrain [-h] [-n rows] [-s seed] [-t csv|libsvm]
 *
 * Columns: x1..x20 (numbers with four decimals, on scales from 0.5 to 50;
 * about 1% of x5 is empty), c1 (10 levels "a".."j", of uneven frequency),
 * c2 (5 levels "p".."t"), y (the label, last).  The label is 1 when a
 * score is positive: a linear part, two interactions that a linear model
 * cannot see (x1*x2 and x3^2), the categories' effects and Gaussian
 * noise, so linear models reach an AUC near 0.94 and trees more.
 *
 * -t libsvm writes the same records for LIBLINEAR and XGBoost: the label,
 * then x1..x20 as features 1..20 (an empty x5 left out), c1 one-hot as
 * 21..30 and c2 as 31..35.
 *
 * The same seed and rows give the same bytes everywhere: splitmix64,
 * Gaussians as sums of four uniforms, numbers printed from integers.
 * Exit status: 0, 64 on a usage error, 74 when stdout cannot be written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_USAGE	64
#define EX_IOERR	74

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
uniform(void)
{
	return (double)(next64() >> 11) * (1.0 / 9007199254740992.0);
}

/* Mean 0, variance 1: the sum of four uniforms, shifted and scaled. */
static double
gauss(void)
{
	return (uniform() + uniform() + uniform() + uniform() - 2) *
	    1.7320508075688772;
}

static const double beta[20] = {
	0.9, -0.7, 0.5, 0.6, -0.5, 0.4, -0.4, 0.35, -0.3, 0.3,
	0.25, -0.25, 0.2, -0.2, 0.15, 0.1, -0.1, 0.05, 0.0, 0.0
};
static const double scale[20] = {
	1, 2, 0.5, 10, 5, 1, 3, 50, 0.5, 1, 2, 20, 1, 4, 1, 8, 1, 0.5, 2, 1
};
static const double offset[20] = {
	0, 10, -1, 100, 3, 0, 5, 500, 0, 2, -4, 0, 1, 0, 7, 0, 0, 0, 10, -2
};
/* c1: cumulative frequency (per mille) and effect of each level */
static const int c1freq[10] = { 250, 450, 600, 720, 810, 880, 930, 965,
    990, 1000 };
static const double c1eff[10] = { 0.0, 0.5, -0.5, 1.0, -1.0, 0.3, -0.3,
    1.5, -1.5, 0.8 };
static const double c2eff[5] = { -0.6, -0.3, 0.0, 0.3, 0.6 };

static char obuf[1 << 16];
static size_t olen;

static void
flush(void)
{
	size_t off = 0;

	while (off < olen) {
		ssize_t n = write(1, obuf + off, olen - off);

		if (n <= 0) {
			perror("gentrain: write");
			exit(EX_IOERR);
		}
		off += (size_t)n;
	}
	olen = 0;
}

static void
put(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf))
		flush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

static void
put_uint(uint64_t v)
{
	char b[24];
	int i = 24;

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	put(b + i, (size_t)(24 - i));
}

/* v rounded to four decimals, as text. */
static void
put_fixed4(double v)
{
	int64_t q = (int64_t)(v * 10000 + (v < 0 ? -0.5 : 0.5));
	uint64_t a = q < 0 ? (uint64_t)-q : (uint64_t)q;
	char f[5];
	int i;

	if (q < 0)
		put("-", 1);
	put_uint(a / 10000);
	a %= 10000;
	for (i = 3; i >= 0; i--) {
		f[i] = (char)('0' + a % 10);
		a /= 10;
	}
	f[4] = '\0';
	put(".", 1);
	put(f, 4);
}

int
main(int argc, char *argv[])
{
	long rows = 1000, i;
	uint64_t seed = 1;
	int ch, libsvm = 0, j;
	char *end;

	while ((ch = getopt(argc, argv, "hn:s:t:")) != -1) {
		switch (ch) {
		case 'n':
			rows = strtol(optarg, &end, 10);
			if (*end != '\0' || rows < 0)
				goto usage;
			break;
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*end != '\0')
				goto usage;
			break;
		case 't':
			if (strcmp(optarg, "libsvm") == 0)
				libsvm = 1;
			else if (strcmp(optarg, "csv") != 0)
				goto usage;
			break;
		case 'h':
			printf("usage: gentrain [-h] [-n rows] [-s seed] "
			    "[-t csv|libsvm]\n");
			return 0;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	rng = seed * UINT64_C(0x2545f4914f6cdd1d) + 12345;
	if (!libsvm) {
		for (j = 1; j <= 20; j++) {
			puts_("x");
			put_uint((uint64_t)j);
			put(",", 1);
		}
		puts_("c1,c2,y\n");
	}
	for (i = 0; i < rows; i++) {
		double z[20], s = 0.2;
		int c1, c2, miss5, u = (int)(uniform() * 1000);

		for (j = 0; j < 20; j++) {
			z[j] = gauss();
			s += beta[j] * z[j];
		}
		for (c1 = 0; c1 < 9 && u >= c1freq[c1]; c1++)
			;
		c2 = (int)(uniform() * 5);
		miss5 = uniform() < 0.01;
		s += 0.7 * z[0] * z[1] + 0.5 * (z[2] * z[2] - 1);
		s += c1eff[c1] + c2eff[c2];
		s += gauss() * 0.45;
		if (libsvm) {
			put(s > 0 ? "1" : "0", 1);
			for (j = 0; j < 20; j++) {
				if (j == 4 && miss5)
					continue;
				put(" ", 1);
				put_uint((uint64_t)j + 1);
				put(":", 1);
				put_fixed4(offset[j] + scale[j] * z[j]);
			}
			put(" ", 1);
			put_uint((uint64_t)(21 + c1));
			put(":1 ", 3);
			put_uint((uint64_t)(31 + c2));
			put(":1\n", 3);
		} else {
			for (j = 0; j < 20; j++) {
				if (!(j == 4 && miss5))
					put_fixed4(offset[j] + scale[j] * z[j]);
				put(",", 1);
			}
			put(&"abcdefghij"[c1], 1);
			put(",", 1);
			put(&"pqrst"[c2], 1);
			put(",", 1);
			put(s > 0 ? "1\n" : "0\n", 2);
		}
	}
	flush();
	return 0;
usage:
	fprintf(stderr, "usage: gentrain [-h] [-n rows] [-s seed] "
	    "[-t csv|libsvm]\n");
	return EX_USAGE;
}
