/* t_spill.c - records through a spill file and back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "rec.h"
#include "spill.h"
#include "t.h"

static struct weir_err err;

/* 1 if a and b hold the same fields, line and source pointer. */
static int
same(const struct weir_rec *a, const struct weir_rec *b)
{
	size_t i;

	if (a->n != b->n || a->line != b->line || a->src != b->src)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->f[i].len != b->f[i].len || a->f[i].col != b->f[i].col ||
		    a->f[i].type != b->f[i].type ||
		    memcmp(a->f[i].s, b->f[i].s, a->f[i].len) != 0)
			return 0;
	return 1;
}

static void
test_roundtrip(void)
{
	static const char src1[] = "a.csv", src2[] = "b.ndjson";
	char src3[] = "a.csv";			/* equal text, another pointer */
	struct weir_rec r[5];
	const struct weir_rec *got;
	struct weir_spill *s;
	size_t i;
	int pass;

	memset(r, 0, sizeof(r));
	r[0].src = src1;
	r[0].line = 2;
	weir_rec_push(&r[0], "x", 1, 0, WEIR_TEXT);
	weir_rec_push(&r[0], "", 0, 1, WEIR_TEXT);
	weir_rec_push(&r[0], "tail", 4, 2, WEIR_TEXT);
	r[1].src = src2;
	r[1].line = 1;
	weir_rec_push(&r[1], "1.10", 4, 5, WEIR_NUM);
	weir_rec_push(&r[1], "", 0, 3, WEIR_NULL);
	weir_rec_push(&r[1], "true", 4, 0, WEIR_BOOL);
	weir_rec_push(&r[1], "[1,{}]", 6, 7, WEIR_JSON);
	weir_rec_push(&r[1], "a\0b\n", 4, 1000000, WEIR_STR);
	r[2].src = src1;			/* no fields at all */
	r[2].line = 4;
	r[3].src = src3;
	r[3].line = (unsigned long)-1;		/* the widest line number */
	weir_rec_push(&r[3], "", 0, 0, WEIR_STR);
	r[4].src = src2;
	r[4].line = 0;
	weir_rec_push(&r[4], "", 0, 0, WEIR_TEXT);
	weir_rec_push(&r[4], "", 0, 1, WEIR_TEXT);

	s = weir_spill_new(&err);
	CHECK(s != NULL);
	CHECK(weir_spill_count(s) == 0);
	for (i = 0; i < 5; i++)
		CHECK(weir_spill_put(s, &r[i], &err) == 0);
	CHECK(weir_spill_count(s) == 5);
	/* read it twice */
	for (pass = 0; pass < 2; pass++) {
		CHECK(weir_spill_rewind(s, &err) == 0);
		for (i = 0; i < 5; i++) {
			CHECK(weir_spill_next(s, &got, &err) == 1);
			CHECK(same(got, &r[i]));
		}
		CHECK(weir_spill_next(s, &got, &err) == 0);
		CHECK(weir_spill_next(s, &got, &err) == 0);
	}
	CHECK(got->src == src2);
	weir_spill_free(s);

	/* an empty spill */
	s = weir_spill_new(&err);
	CHECK(weir_spill_rewind(s, &err) == 0);
	CHECK(weir_spill_next(s, &got, &err) == 0);
	weir_spill_free(s);
	weir_spill_free(NULL);
	for (i = 0; i < 5; i++)
		weir_rec_release(&r[i]);
}

/* Many records through the buffer, and records bigger than it. */
static void
test_big(void)
{
	struct weir_spill *s = weir_spill_new(&err);
	struct weir_rec r;
	const struct weir_rec *got;
	char *big = weir_xmalloc(3 << 20), num[32];
	size_t i, k, ok = 1, n = 0;

	for (i = 0; i < (3u << 20); i++)
		big[i] = (char)('a' + i % 26);
	memset(&r, 0, sizeof(r));
	r.src = "x";
	for (i = 0; i < 60000; i++) {
		r.n = 0;
		r.line = i + 1;
		snprintf(num, sizeof(num), "%zu", i);
		weir_rec_push(&r, num, strlen(num), 0, WEIR_TEXT);
		weir_rec_push(&r, big, i % 100, 1, WEIR_STR);
		if (i % 20000 == 7)		/* a 3 MB field now and then */
			weir_rec_push(&r, big, 3 << 20, 2, WEIR_STR);
		if (i == 30000)			/* and 10000 fields once */
			for (k = 0; k < 10000; k++)
				weir_rec_push(&r, big + k, 1, 3 + k, WEIR_TEXT);
		if (weir_spill_put(s, &r, &err) != 0)
			ok = 0;
	}
	CHECK(ok);
	CHECK(weir_spill_rewind(s, &err) == 0);
	for (i = 0; weir_spill_next(s, &got, &err) == 1; i++) {
		size_t want = 2 + (i % 20000 == 7) + (i == 30000) * 10000;

		n++;
		snprintf(num, sizeof(num), "%zu", i);
		if (got->n != want || got->line != i + 1 ||
		    got->f[0].len != strlen(num) ||
		    memcmp(got->f[0].s, num, got->f[0].len) != 0 ||
		    got->f[1].len != i % 100 ||
		    memcmp(got->f[1].s, big, i % 100) != 0)
			ok = 0;
		else if (i % 20000 == 7 && (got->f[2].len != 3u << 20 ||
		    memcmp(got->f[2].s, big, 3 << 20) != 0))
			ok = 0;
		else if (i == 30000 && (got->f[10001].col != 10002 ||
		    got->f[10001].s[0] != big[9999]))
			ok = 0;
	}
	CHECK(ok);
	CHECK(n == 60000);
	CHECK(weir_spill_count(s) == 60000);
	weir_spill_free(s);
	weir_rec_release(&r);
	free(big);
}

static void
test_tmpdir(void)
{
	const char *old = getenv("TMPDIR");
	char *save = old ? weir_xstrdup(old) : NULL;
	struct weir_spill *s;

	setenv("TMPDIR", "/nonexistent/weir-spill-dir", 1);
	memset(&err, 0, sizeof(err));
	s = weir_spill_new(&err);
	CHECK(s == NULL);
	CHECK(err.code == EX_CANTCREAT);
	CHECK(strstr(err.msg, "/nonexistent/weir-spill-dir") != NULL);
	weir_spill_free(s);
	setenv("TMPDIR", "", 1);		/* empty: /tmp */
	s = weir_spill_new(&err);
	CHECK(s != NULL);
	weir_spill_free(s);
	if (save) {
		setenv("TMPDIR", save, 1);
		free(save);
	} else
		unsetenv("TMPDIR");
}

int
main(void)
{
	test_roundtrip();
	test_big();
	test_tmpdir();
	return T_DONE();
}
