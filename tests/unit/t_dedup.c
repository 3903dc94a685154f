/*
 * t_dedup.c - one record per key: streaming while the keys fit, through
 * the external sort when they do not, the same records in the same order
 * either way; keep first and keep last against a brute-force reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup.h"
#include "err.h"
#include "mem.h"
#include "rec.h"
#include "t.h"

static struct weir_err err;

#define N	20000

static char keys[N][24];
static char vals[N][40];
static int kint[N];
static long firstof[40000], lastof[40000];

static void
make(unsigned seed, int distinct)
{
	size_t i;

	srand(seed);
	for (i = 0; i < N; i++) {
		kint[i] = rand() % distinct;
		snprintf(keys[i], sizeof(keys[i]), "k%d", kint[i]);
		snprintf(vals[i], sizeof(vals[i]), "value %zu of the input", i);
	}
}

/* The positions a correct dedup writes, in order: first or last kept. */
static size_t
reference(int keep_last, size_t *pos)
{
	size_t i, n = 0;

	for (i = 0; i < 40000; i++)
		firstof[i] = lastof[i] = -1;
	for (i = 0; i < N; i++) {
		if (firstof[kint[i]] < 0)
			firstof[kint[i]] = (long)i;
		lastof[kint[i]] = (long)i;
	}
	for (i = 0; i < N; i++)
		if (firstof[kint[i]] == (long)i)
			pos[n++] = keep_last ? (size_t)lastof[kint[i]] : i;
	return n;
}

/* Run the dedup; *spilled tells whether the sort took over. */
static int
run(size_t memory, int keep_last, const size_t *want, size_t nwant,
    int *spilled)
{
	struct weir_dedup *d = weir_dedup_new(memory, keep_last);
	struct weir_rec r = { NULL, 0, 0, "t", 0 };
	const struct weir_rec *got;
	size_t i, k = 0;
	int rv, ok = 1;

	for (i = 0; i < N; i++) {
		r.n = 0;
		r.line = i + 1;
		weir_rec_push(&r, keys[i], strlen(keys[i]), 0, WEIR_TEXT);
		weir_rec_push(&r, vals[i], strlen(vals[i]), 1, WEIR_TEXT);
		rv = weir_dedup_put(d, keys[i], strlen(keys[i]) + 1, &r, &err);
		if (rv == -1)
			ok = 0;
		if (rv == 1 && (k >= nwant || want[k++] != i))
			ok = 0;
	}
	if (weir_dedup_finish(d, &err) == -1)
		ok = 0;
	while ((rv = weir_dedup_next(d, &got, &err)) == 1)
		if (k >= nwant || got->line != want[k++] + 1 || got->n != 2 ||
		    got->f[1].len != strlen(vals[want[k - 1]]) ||
		    memcmp(got->f[1].s, vals[want[k - 1]], got->f[1].len) != 0)
			ok = 0;
	if (rv == -1 || k != nwant || weir_dedup_removed(d) != N - nwant)
		ok = 0;
	*spilled = weir_dedup_spilled(d);
	weir_dedup_free(d);
	weir_rec_release(&r);
	return ok;
}

static size_t want[N];

static void
test_keep(int keep_last)
{
	static const int distinct[] = { 1, 50, 5000, 40000 };
	size_t i, n;
	int spilled;

	for (i = 0; i < sizeof(distinct) / sizeof(*distinct); i++) {
		make((unsigned)i + 7, distinct[i]);
		n = reference(keep_last, want);
		CHECK(run((size_t)64 << 20, keep_last, want, n, &spilled));
		CHECK(!spilled);
		/* 64 KiB holds a few thousand keys: the sort takes over */
		CHECK(run((size_t)64 << 10, keep_last, want, n, &spilled));
		CHECK(keep_last || spilled == (distinct[i] > 1000));
	}
}

static void
test_empty(void)
{
	struct weir_dedup *d = weir_dedup_new(1 << 20, 1);
	const struct weir_rec *got;

	CHECK(weir_dedup_finish(d, &err) == 0);
	CHECK(weir_dedup_next(d, &got, &err) == 0);
	CHECK(weir_dedup_removed(d) == 0);
	weir_dedup_free(d);
	weir_dedup_free(NULL);
}

int
main(void)
{
	test_keep(0);
	test_keep(1);
	test_empty();
	return T_DONE();
}
