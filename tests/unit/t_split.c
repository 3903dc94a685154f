/* t_split: cuts of CSV and TSV files fall on record boundaries. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "split.h"
#include "t.h"

static char path[] = "/tmp/t_split.XXXXXX";

static int
file_of(const char *s, size_t n)
{
	int fd;

	if ((fd = open(path, O_RDWR | O_TRUNC)) == -1)
		return -1;
	if (write(fd, s, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
plan(const char *s, size_t n, int quote, size_t parts, uint64_t min,
    struct weir_part *p)
{
	struct weir_err e;
	int fd = file_of(s, n), k;

	memset(&e, 0, sizeof(e));
	if (fd == -1)
		return -1;
	k = weir_split_plan(fd, n, quote, parts, min, p, NULL, NULL, &e);
	close(fd);
	return k;
}

/*
 * The record boundaries a strict CSV reader sees: after a newline outside
 * quotes.  at[i] is 1 when a record may start at byte i.
 */
static void
boundaries(const char *s, size_t n, int quote, char *at)
{
	size_t i;
	int in = 0;

	memset(at, 0, n + 1);
	at[0] = 1;
	for (i = 0; i < n; i++) {
		if (quote && s[i] == quote)
			in = !in;
		else if (s[i] == '\n' && !in)
			at[i + 1] = 1;
	}
}

static unsigned long
line_at(const char *s, size_t off)
{
	unsigned long l = 1;
	size_t i;

	for (i = 0; i < off; i++)
		l += s[i] == '\n';
	return l;
}

/* Every part starts at a boundary, on its line; together the whole file. */
static int
valid(const char *s, size_t n, int quote, const struct weir_part *p, int k)
{
	char *at = malloc(n + 1);
	int i, ok = k >= 1 && p[0].start == 0 && p[k - 1].end == n;

	boundaries(s, n, quote, at);
	for (i = 0; ok && i < k; i++) {
		ok = p[i].start < p[i].end && at[p[i].start] &&
		    p[i].line == line_at(s, p[i].start);
		if (i > 0)
			ok = ok && p[i].start == p[i - 1].end;
	}
	free(at);
	return ok;
}

static void
test_simple(void)
{
	static const char csv[] = "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n";
	struct weir_part p[WEIR_PARTS_MAX];
	int k;

	k = plan(csv, strlen(csv), '"', 2, 4, p);
	CHECK(k == 2);
	CHECK(valid(csv, strlen(csv), '"', p, k));
	CHECK(p[1].start == 16 && p[1].line == 5);	/* after "5,6\n" */
	k = plan(csv, strlen(csv), '"', 4, 4, p);
	CHECK(k == 4 && valid(csv, strlen(csv), '"', p, k));
	/* parts of at least min: one part when the file is smaller */
	CHECK(plan(csv, strlen(csv), '"', 4, 1000, p) == 1);
	CHECK(p[0].start == 0 && p[0].end == strlen(csv));
	CHECK(plan(csv, strlen(csv), '"', 1, 4, p) == 1);
}

static void
test_quoted_newlines(void)
{
	/* the middle falls inside a quoted field with newlines */
	static const char csv[] = "a,b\n1,\"x\ny\nz\nw\nv\nu\"\n2,3\n4,5\n";
	struct weir_part p[WEIR_PARTS_MAX];
	int k;

	k = plan(csv, strlen(csv), '"', 2, 4, p);
	CHECK(k == 2 && valid(csv, strlen(csv), '"', p, k));
	CHECK(k == 2 && strncmp(csv + p[1].start, "2,3\n", 4) == 0);
	CHECK(k == 2 && p[1].line == 8);
	/* doubled quotes keep the parity */
	static const char dbl[] = "a\n\"\"\"x\"\"\ny\"\nb\nc\nd\ne\n";
	k = plan(dbl, strlen(dbl), '"', 2, 4, p);
	CHECK(valid(dbl, strlen(dbl), '"', p, k));
	/* a quoted field that runs to the end: no cut at all */
	static const char open[] = "a\n\"1\n2\n3\n4\n5\n6\n7\n8\"\n";
	CHECK(plan(open, strlen(open), '"', 2, 4, p) == 1);
}

static void
test_line_ends(void)
{
	static const char crlf[] = "a,b\r\n1,2\r\n3,4\r\n5,6\r\n7,8\r\n9,1\r\n";
	static const char cr[] = "a,b\r1,2\r3,4\r5,6\n7,8\n9,1\n1,1\n";
	static const char tsv[] = "a\tb\n\"1\t2\n3\t4\"\n5\t6\n7\t8\n9\t1\n";
	struct weir_part p[WEIR_PARTS_MAX];
	int k;

	k = plan(crlf, strlen(crlf), '"', 3, 4, p);
	CHECK(k == 3 && valid(crlf, strlen(crlf), '"', p, k));
	/* a lone CR is a line end to the reader: lines are not LFs */
	CHECK(plan(cr, strlen(cr), '"', 2, 4, p) == 1);
	/* TSV has no quoting: a quote is a character like others */
	k = plan(tsv, strlen(tsv), 0, 2, 4, p);
	CHECK(k == 2 && valid(tsv, strlen(tsv), 0, p, k));
}

struct seen {
	size_t			 n;
	int			 in_order;
	struct weir_part	 p[WEIR_PARTS_MAX];
};

static void
on_found(void *arg, size_t k, const struct weir_part *p)
{
	struct seen *s = arg;

	if (k != s->n)
		s->in_order = 0;
	s->p[s->n++] = *p;
}

/* Each part is told as soon as it is whole, in order; a lone CR stops. */
static void
test_found(void)
{
	struct weir_part p[WEIR_PARTS_MAX];
	struct seen seen = { 0, 1, { { 0, 0, 0 } } };
	struct weir_err e;
	char s[4096];
	size_t n = 0, i;
	int fd, k;

	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%zu,x\n", i);
	memset(&e, 0, sizeof(e));
	fd = file_of(s, n);
	k = weir_split_plan(fd, n, '"', 8, 16, p, on_found, &seen, &e);
	close(fd);
	CHECK(k == 8 && seen.n == 8 && seen.in_order &&
	    memcmp(seen.p, p, sizeof(p[0]) * 8) == 0);
	CHECK(valid(s, n, '"', p, k));
	/* a lone CR past the middle: the cuts before it stand, no more */
	s[n / 2 + 2] = '\r';
	memset(&seen, 0, sizeof(seen));
	seen.in_order = 1;
	fd = file_of(s, n);
	k = weir_split_plan(fd, n, '"', 8, 16, p, on_found, &seen, &e);
	close(fd);
	CHECK(k >= 3 && k < 8 && (size_t)k == seen.n && seen.in_order);
	CHECK(p[k - 1].end == n && p[k - 1].start <= n / 2 + 2);
	CHECK(valid(s, n, '"', p, k));
}

/* Random files: quotes, doubled quotes, newlines and CRLF in fields. */
static void
test_random(void)
{
	static const char alpha[] = "ab,\"\n\r1";	/* \r: CRLF */
	struct weir_part p[WEIR_PARTS_MAX];
	char *s = malloc(1 << 16);
	size_t n, f, r, i, len;
	int round, k, parts, ok = 1, cut = 0;

	srand(7);
	for (round = 0; round < 300; round++) {
		n = 0;
		for (r = 0; r < (size_t)(20 + rand() % 400); r++) {
			for (f = 0; f < 3; f++) {
				if (f > 0)
					s[n++] = ',';
				len = (size_t)(rand() % 12);
				if (rand() % 3 == 0) {
					s[n++] = '"';
					for (i = 0; i < len; i++) {
						char c = alpha[rand() % 8];

						if (c == '\r' && rand() % 8 == 0) {
							s[n++] = '\r';
							c = '\n';
						} else if (c == '\r')
							c = 'c';
						s[n++] = c;
						if (c == '"')
							s[n++] = '"';
					}
					s[n++] = '"';
				} else
					for (i = 0; i < len; i++)
						s[n++] = "abc1 ;"[rand() % 6];
			}
			if (rand() % 2) {
				s[n++] = '\r';
				s[n++] = '\n';
			} else
				s[n++] = '\n';
		}
		parts = 2 + rand() % 7;
		k = plan(s, n, '"', (size_t)parts, 16, p);
		/* a lone CR in a quoted field stops the cut: not a failure */
		if (k > 1)
			cut++;
		if (k < 1 || !valid(s, n, '"', p, k))
			ok = 0;
	}
	CHECK(ok);
	CHECK(cut > 10);
	free(s);
}

int
main(void)
{
	int fd = mkstemp(path);

	if (fd == -1)
		return 1;
	close(fd);
	test_simple();
	test_quoted_newlines();
	test_line_ends();
	test_found();
	test_random();
	unlink(path);
	return T_DONE();
}
