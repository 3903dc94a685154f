/*
 * t_lattice.c - the --auto search: a hand-made lattice with a known
 * optimum and tie, then random data where an exhaustive search written
 * here (generalizing every record at every node, counting classes and
 * covers by string comparison) must pick the same node and loss.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "privacy/generalize.h"
#include "privacy/kanon.h"
#include "privacy/lattice.h"
#include "t.h"

#define MAXR	400
#define MAXD	3

static char	val[MAXR][MAXD][32];
static char	sens[MAXR][8];
static char	gen[MAXR][MAXD][40];

static void
gen_at(const struct weir_gen *g, size_t lv, const char *s, char *out)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;

	if (g == NULL || lv == 0 || *s == '\0')
		snprintf(out, 40, "%s", s);
	else {
		if (weir_gen_apply(g, lv, s, strlen(s), &b, &e) == -1)
			abort();
		snprintf(out, 40, "%.*s", (int)b.len, b.p);
	}
	weir_buf_release(&b);
}

struct brute {
	int	found;
	size_t	level[MAXD];
	double	loss;
};

/* Every node, everything counted from the records. */
static void
brute(struct weir_gen **g, size_t nd, size_t n, unsigned k, unsigned l,
    double max_suppress, struct brute *best)
{
	size_t nlev[MAXD], lv[MAXD], node, nodes = 1, i, j, d, x, height,
	    bh = 0;
	double loss;

	for (d = 0; d < nd; d++)
		nodes *= nlev[d] = g[d] ? weir_gen_levels(g[d]) + 1 : 1;
	best->found = 0;
	for (node = 0; node < nodes; node++) {
		size_t rest = node, size, supp = 0, dist, cover, vals;
		double gl = 0;

		for (d = nd, height = 0; d-- > 0; rest /= nlev[d])
			height += lv[d] = rest % nlev[d];
		for (i = 0; i < n; i++)
			for (d = 0; d < nd; d++)
				gen_at(g[d], lv[d], val[i][d], gen[i][d]);
		for (i = 0; i < n; i++) {
			size = dist = 0;
			for (j = 0; j < n; j++) {
				for (d = 0; d < nd && strcmp(gen[i][d],
				    gen[j][d]) == 0; d++)
					;
				if (d < nd)
					continue;
				size++;
				/* j's sensitive value first seen at j? */
				for (x = 0; x < j; x++) {
					for (d = 0; d < nd && strcmp(gen[x][d],
					    gen[j][d]) == 0; d++)
						;
					if (d == nd && strcmp(sens[x],
					    sens[j]) == 0)
						break;
				}
				dist += x == j;
			}
			if (size < k || dist < l) {
				supp++;
				gl += (double)nd;
				continue;
			}
			for (d = 0; d < nd; d++) {
				/* distinct values of d with i's group */
				cover = vals = 0;
				for (j = 0; j < n; j++) {
					for (x = 0; x < j && strcmp(val[x][d],
					    val[j][d]) != 0; x++)
						;
					if (x < j)
						continue;
					vals++;
					cover += strcmp(gen[j][d],
					    gen[i][d]) == 0;
				}
				gl += vals > 1 ? (double)(cover - 1) /
				    (double)(vals - 1) : 0;
			}
		}
		loss = gl / ((double)n * (double)nd);
		if ((double)supp > max_suppress * (double)n)
			continue;
		if (!best->found || loss < best->loss - 1e-12 ||
		    (fabs(loss - best->loss) <= 1e-12 && height < bh)) {
			best->found = 1;
			best->loss = loss;
			bh = height;
			memcpy(best->level, lv, sizeof(lv));
		}
	}
}

static struct weir_lattice *
fill(struct weir_gen **g, size_t nd, size_t n, unsigned l)
{
	struct weir_lattice *a = weir_lattice_new((const struct weir_gen
	    *const *)g, nd, l);
	const char *v[MAXD];
	size_t len[MAXD], i, d, bad;
	struct weir_err e;

	for (i = 0; i < n; i++) {
		for (d = 0; d < nd; d++) {
			v[d] = val[i][d];
			len[d] = strlen(val[i][d]);
		}
		CHECK(weir_lattice_add(a, v, len, l ? sens[i] : NULL,
		    strlen(sens[i]), &bad, &e) == 0);
	}
	return a;
}

static void
hand(void)
{
	static const char *const age[] = { "21", "22", "23", "24", "31",
	    "32", "33", "34" };
	static const char *const zip[] = { "10001", "10002", "10001",
	    "10002", "20001", "20002", "20001", "20002" };
	struct weir_gen ga, gz, *g[2] = { &ga, &gz };
	struct weir_lattice *a;
	struct weir_lattice_pick p;
	struct weir_kanon *c;
	struct weir_err e;
	const char *s;
	size_t i, len;

	CHECK(weir_gen_parse(&ga, "width:5,10,*", &e) == 0);
	CHECK(weir_gen_parse(&gz, "prefix:4,1,*", &e) == 0);
	for (i = 0; i < 8; i++) {
		snprintf(val[i][0], 32, "%s", age[i]);
		snprintf(val[i][1], 32, "%s", zip[i]);
	}
	a = fill(g, 2, 8, 0);
	CHECK(weir_lattice_search(a, 2, 0, 0, &p, &e) == 0);
	/* width 5 and width 10 group the same ages: the lower one wins */
	CHECK(p.found && p.level[0] == 1 && p.level[1] == 0);
	CHECK(fabs(p.loss - 3.0 / 14) < 1e-12 && p.suppressed == 0);
	CHECK(p.nodes == 16 && p.monotone);
	CHECK(p.evaluated < p.nodes);
	s = weir_lattice_value(a, 0, 1, "33", 2, &len);
	CHECK(s != NULL && len == 5 && memcmp(s, "30-34", 5) == 0);
	CHECK(weir_lattice_value(a, 0, 1, "99", 2, &len) == NULL);
	c = weir_lattice_classes(a, p.level);
	CHECK(weir_kanon_classes(c) == 4 && weir_kanon_suppressed(c, 2,
	    0) == 0);
	weir_kanon_free(c);
	/*
	 * k 3, nothing suppressed: ages in fives and zips to "1000*" (the
	 * same groups as "1****", so the lower level)
	 */
	CHECK(weir_lattice_search(a, 3, 0, 0, &p, &e) == 0);
	CHECK(p.found && p.level[0] == 1 && p.level[1] == 1);
	CHECK(fabs(p.loss - (3.0 / 7 + 1.0 / 3) / 2) < 1e-12);
	/* k 9 cannot pass: the top is given back, not found */
	CHECK(weir_lattice_search(a, 9, 0, 0, &p, &e) == 0);
	CHECK(!p.found && p.level[0] == 3 && p.level[1] == 3 &&
	    p.suppressed == 8);
	weir_lattice_free(a);
	weir_gen_release(&ga);
	weir_gen_release(&gz);
}

static void
random_data(unsigned seed)
{
	static const char *const specs[][MAXD] = {
		{ "width:5,10,20,*", "prefix:4,3,1,*", "date:month,year,*" },
		{ "width:3,7,*", "prefix:2,*", "date:week,month,*" },	/* no nest */
	};
	struct weir_gen g0, g1, g2, *g[MAXD] = { &g0, &g1, &g2 };
	struct weir_lattice *a;
	struct weir_lattice_pick p;
	struct brute b = { 0, { 0, 0, 0 }, 0 };
	struct weir_err e;
	size_t i, n = 60 + seed % 3 * 30, set = seed % 2, d;
	unsigned k = 2 + seed % 4 * 2, l = seed % 3 == 0 ? 2 : 0;
	double ms = seed % 2 ? 0.05 : 0;
	int same;

	srand(seed);
	for (d = 0; d < MAXD; d++)
		CHECK(weir_gen_parse(g[d], specs[set][d], &e) == 0);
	for (i = 0; i < n; i++) {
		snprintf(val[i][0], 32, "%d", 18 + rand() % 25);
		snprintf(val[i][1], 32, "%d", 10100 + rand() % 12 * 37);
		if (rand() % 20 == 0)
			val[i][1][0] = '\0';	/* missing */
		snprintf(val[i][2], 32, "202%d-%02d-%02d", rand() % 2,
		    1 + rand() % 4, 1 + rand() % 3 * 7);
		snprintf(sens[i], 8, "s%d", rand() % 3);
	}
	a = fill(g, MAXD, n, l);
	CHECK(weir_lattice_search(a, k, l, ms, &p, &e) == 0);
	brute(g, MAXD, n, k, l, ms, &b);
	same = p.found == b.found;
	for (d = 0; d < MAXD && same && b.found; d++)
		same = p.level[d] == b.level[d];
	if (!same || (b.found && fabs(p.loss - b.loss) > 1e-9))
		fprintf(stderr, "seed %u: search %d %zu,%zu,%zu %.6f; "
		    "exhaustive %d %zu,%zu,%zu %.6f\n", seed, p.found,
		    p.level[0], p.level[1], p.level[2], p.loss, b.found,
		    b.level[0], b.level[1], b.level[2], b.loss);
	CHECK(same);
	CHECK(!b.found || fabs(p.loss - b.loss) <= 1e-9);
	CHECK(p.monotone == (set == 0));
	weir_lattice_free(a);
	for (d = 0; d < MAXD; d++)
		weir_gen_release(g[d]);
}

int
main(void)
{
	unsigned seed;

	hand();
	for (seed = 1; seed <= 10; seed++)
		random_data(seed);
	return T_DONE();
}
