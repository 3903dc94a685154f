/*
 * t_extsort.c - the external sort: stable, the same in memory and through
 * many runs (and through more runs than one merge takes), records whole,
 * no temporary file left, errors when TMPDIR is unusable.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "extsort.h"
#include "mem.h"
#include "rec.h"
#include "t.h"

static struct weir_err err;

#define N	40000

static char key[N][8];
static size_t idx[N];

static int
by_key(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(key[i], key[j]);

	return c != 0 ? c : (i > j) - (i < j);
}

static size_t
files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		return (size_t)-1;
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Sort N records at memory; 1 if the output is the stable order. */
static int
run(size_t memory, size_t n, unsigned long *runs, const char *tmpdir)
{
	static const char src[] = "in.csv";
	struct weir_sorter *s = weir_sorter_new(memory);
	struct weir_rec r = { NULL, 0, 0, src, 0 };
	const struct weir_rec *got;
	const void *k;
	size_t i, klen, j = 0;
	char text[64];
	int rv, ok = 1;

	for (i = 0; i < n; i++) {
		r.n = 0;
		r.line = i + 2;
		snprintf(text, sizeof(text), "record %zu of the test input, padded out", i);
		weir_rec_push(&r, text, strlen(text), 3, WEIR_STR);
		weir_rec_push(&r, "", 0, 5, WEIR_NULL);
		weir_rec_push(&r, key[i], strlen(key[i]), 7, WEIR_TEXT)->plain = 1;
		if (weir_sorter_put(s, key[i], strlen(key[i]), &r, &err) == -1)
			ok = 0;
	}
	if (weir_sorter_sort(s, &err) == -1)
		ok = 0;
	if (files_in(tmpdir) != 0)
		ok = 0;		/* runs are unlinked as soon as made */
	while ((rv = weir_sorter_next(s, &got, &k, &klen, &err)) == 1) {
		i = idx[j++];
		snprintf(text, sizeof(text), "record %zu of the test input, padded out", i);
		if (got->n != 3 || got->line != i + 2 || got->src != src ||
		    klen != strlen(key[i]) || memcmp(k, key[i], klen) != 0 ||
		    got->f[0].len != strlen(text) ||
		    memcmp(got->f[0].s, text, got->f[0].len) != 0 ||
		    got->f[0].col != 3 || got->f[0].type != WEIR_STR ||
		    got->f[1].len != 0 || got->f[1].type != WEIR_NULL ||
		    got->f[2].col != 7 || !got->f[2].plain)
			ok = 0;
	}
	if (rv != 0 || j != n || weir_sorter_count(s) != n)
		ok = 0;
	*runs = weir_sorter_runs(s);
	weir_sorter_free(s);
	weir_rec_release(&r);
	return ok;
}

static void
test_sort(const char *tmpdir)
{
	static const size_t sizes[] = { 0, 1, 17, 1000, N };
	unsigned long runs;
	size_t i, k;

	srand(11);
	for (i = 0; i < N; i++)
		snprintf(key[i], sizeof(key[i]), "%c%c%c", 'a' + rand() % 26,
		    'a' + rand() % 26, 'a' + rand() % 4);
	for (k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		for (i = 0; i < sizes[k]; i++)
			idx[i] = i;
		qsort(idx, sizes[k], sizeof(*idx), by_key);
		CHECK(run((size_t)64 << 20, sizes[k], &runs, tmpdir));
		CHECK(runs == 0);
		CHECK(run((size_t)64 << 10, sizes[k], &runs, tmpdir));
		CHECK(sizes[k] < 1000 || runs > 1);
	}
	/* more runs than one merge takes: merged in passes */
	CHECK(runs > WEIR_SORT_FANIN);
	CHECK(files_in(tmpdir) == 0);
}

/* A record larger than the memory is its own run. */
static void
test_big_record(void)
{
	struct weir_sorter *s = weir_sorter_new(64 << 10);
	struct weir_rec r = { NULL, 0, 0, "x", 1 };
	const struct weir_rec *got;
	const void *k;
	size_t klen, len = 300000;
	char *big = weir_xmalloc(len);
	int n = 0;

	memset(big, 'z', len);
	weir_rec_push(&r, "small", 5, 0, WEIR_TEXT);
	CHECK(weir_sorter_put(s, "b", 1, &r, &err) == 0);
	r.n = 0;
	weir_rec_push(&r, big, len, 0, WEIR_TEXT);
	CHECK(weir_sorter_put(s, "a", 1, &r, &err) == 0);
	CHECK(weir_sorter_put(s, "c", 1, &r, &err) == 0);
	CHECK(weir_sorter_sort(s, &err) == 0);
	while (weir_sorter_next(s, &got, &k, &klen, &err) == 1) {
		n++;
		CHECK(got->f[0].len == (n == 2 ? 5 : len));
		CHECK(*(const char *)k == 'a' + n - 1);
	}
	CHECK(n == 3);
	CHECK(weir_sorter_runs(s) >= 2);
	weir_sorter_free(s);
	weir_rec_release(&r);
	free(big);
}

static void
test_no_tmpdir(void)
{
	struct weir_sorter *s = weir_sorter_new(64 << 10);
	struct weir_rec r = { NULL, 0, 0, "x", 1 };
	char text[200];
	int i, rv = 0;

	setenv("TMPDIR", "/nonexistent/weir-t", 1);
	memset(text, 'q', sizeof(text));
	weir_rec_push(&r, text, sizeof(text), 0, WEIR_TEXT);
	for (i = 0; i < 2000 && rv == 0; i++)
		rv = weir_sorter_put(s, "k", 1, &r, &err);
	CHECK(rv == -1 && err.code == EX_CANTCREAT);
	CHECK(strstr(err.msg, "/nonexistent/weir-t") != NULL);
	weir_sorter_free(s);
	weir_rec_release(&r);
}

int
main(void)
{
	char dir[] = "/tmp/t_extsort.XXXXXX";

	if (mkdtemp(dir) == NULL)
		return 1;
	setenv("TMPDIR", dir, 1);
	test_sort(dir);
	test_big_record();
	test_no_tmpdir();
	rmdir(dir);
	return T_DONE();
}
