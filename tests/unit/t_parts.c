/*
 * t_parts: a file read in many parts on a pool of threads gives what one
 * reading gives: every record once, merged in file order, bad records in
 * order with their line numbers, whatever the number of threads.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "badrows.h"
#include "err.h"
#include "parts.h"
#include "source.h"
#include "stream.h"
#include "t.h"

/* The records a state saw: how many, the ids in order, a checksum. */
struct seen {
	unsigned long	 n, first, last;
	int		 ordered;
	unsigned long	 lines;		/* sum of record line numbers */
};

static void *
make(void *arg)
{
	struct seen *s = calloc(1, sizeof(*s));

	(void)arg;
	s->ordered = 1;
	return s;
}

static void
add(void *state, const struct weir_header *h, const struct weir_rec *r)
{
	struct seen *s = state;
	unsigned long id = strtoul(r->f[0].s, NULL, 10);

	(void)h;
	if (s->n > 0 && id != s->last + 1)
		s->ordered = 0;
	if (s->n++ == 0)
		s->first = id;
	s->last = id;
	s->lines += r->line;
}

/* src's records come right after dst's: ids carry on. */
static void
merge(void *dst, const void *src)
{
	struct seen *d = dst;
	const struct seen *s = src;

	if (s->n == 0)
		return;
	if (d->n > 0 && s->first != d->last + 1)
		d->ordered = 0;
	if (d->n == 0)
		d->first = s->first;
	d->n += s->n;
	d->last = s->last;
	d->ordered &= s->ordered;
	d->lines += s->lines;
}

static void
drop(void *state)
{
	free(state);
}

static const struct weir_parts_fn fn = { make, add, merge, drop, NULL };
/* small parts, to have many of a 6 MB file */
static const struct weir_parts_size sz = { 1u << 20, 1u << 20 };

static char data[] = "/tmp/t_parts.XXXXXX";
static char badpath[64];

/*
 * About 6 MB: id, a quoted note that sometimes spans lines and holds
 * commas and doubled quotes, a number.  Records listed in bad[] get one
 * field too many.  Returns the records written (bad ones not counted).
 */
static unsigned long bad_line[8];	/* where write_data put them */

static unsigned long
write_data(const unsigned long *bad, size_t nbad, unsigned long *line_sum)
{
	FILE *f = fopen(data, "w");
	unsigned long id = 1, line = 2, i, b = 0;

	*line_sum = 0;
	fputs("id,note,x\n", f);
	for (i = 0; i < 240000; i++) {
		if (b < nbad && i == bad[b]) {
			fprintf(f, "0,extra,1,2\n");
			bad_line[b] = line;
			line++;
			b++;
			continue;
		}
		*line_sum += line;
		if (i % 7 == 0) {
			fprintf(f, "%lu,\"a \"\"quoted\"\", note\nover two lines\",%lu\n",
			    id, i * 37 % 1000);
			line += 2;
		} else {
			fprintf(f, "%lu,plain note %lu,%lu.5\n", id, i % 100, i);
			line++;
		}
		id++;
	}
	fclose(f);
	return id - 1;
}

/* Standard error away while on, back when off. */
static void
quiet(int on)
{
	static int saved = -1;
	int fd;

	fflush(stderr);
	if (on && saved == -1 && (fd = open("/dev/null", O_WRONLY)) != -1) {
		saved = dup(2);
		dup2(fd, 2);
		close(fd);
	} else if (!on && saved != -1) {
		dup2(saved, 2);
		close(saved);
		saved = -1;
	}
}

/* Read data in parts on threads threads; -1 on an error (e said). */
static int
read_parts(size_t threads, struct seen *out, int *parts, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source src;
	struct weir_bad bad;
	void *state = NULL;
	int rv;

	memset(&ro, 0, sizeof(ro));
	memset(&bad, 0, sizeof(bad));
	if (weir_source_open(&src, data, &ro, &bad, 0, e) == -1)
		return -1;
	if (weir_bad_init(&bad, badpath, -1, e) == -1) {
		weir_source_release(&src);
		return -1;
	}
	rv = *parts = weir_parts_read(&src, threads, &sz, &fn, &state, e);
	if (rv > 0) {
		*out = *(struct seen *)state;
		drop(state);
		quiet(1);	/* "4 bad records written to ..." */
		rv = weir_bad_finish(&bad, e);
		quiet(0);
		if (rv == 0 && weir_reader_records(src.r) != out->n)
			rv = -2;
	}
	weir_bad_abort(&bad);
	weir_source_release(&src);
	return rv;
}

/* data, not to be cut: 0 from weir_parts_read, then read as usual. */
static unsigned long
not_cut(struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source src;
	struct weir_bad bd;
	const struct weir_rec *r;
	void *state = NULL;
	unsigned long got = 0;

	memset(&ro, 0, sizeof(ro));
	memset(&bd, 0, sizeof(bd));
	if (weir_source_open(&src, data, &ro, &bd, 0, e) == -1)
		return 0;
	if (weir_parts_read(&src, 4, &sz, &fn, &state, e) == 0 &&
	    state == NULL)
		while (weir_source_next(&src, &r, e) == 1)
			got++;
	weir_source_release(&src);
	return got;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = calloc(1, 1 << 20);

	if (f != NULL) {
		if (fread(s, 1, (1 << 20) - 1, f) == 0)
			s[0] = '\0';
		fclose(f);
	}
	return s;
}

int
main(void)
{
	static const unsigned long bad[] = { 3, 40000, 40001, 99000 };
	static const size_t threads[] = { 1, 2, 3, 8 };
	struct seen s;
	struct weir_err e;
	unsigned long n, lines;
	char *first = NULL, *b, *at;
	unsigned long i;
	size_t t;
	FILE *f;
	int fd, parts, rv, k;

	if ((fd = mkstemp(data)) == -1)
		return 1;
	close(fd);
	snprintf(badpath, sizeof(badpath), "%s.bad", data);
	memset(&e, 0, sizeof(e));

	/* clean data: every record once, in order, on any number of threads */
	n = write_data(NULL, 0, &lines);
	for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		memset(&s, 0, sizeof(s));
		rv = read_parts(threads[t], &s, &parts, &e);
		CHECK(rv == 0 && parts >= 5);
		CHECK(s.n == n && s.first == 1 && s.last == n && s.ordered);
		CHECK(s.lines == lines);	/* line numbers as one reader's */
	}

	/* bad records in several parts: the same bad rows, in file order */
	n = write_data(bad, 4, &lines);
	for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		memset(&s, 0, sizeof(s));
		rv = read_parts(threads[t], &s, &parts, &e);
		CHECK(rv == 0 && s.n == n && s.ordered && s.lines == lines);
		b = slurp(badpath);
		/* each with its line, in file order */
		for (k = 0, at = b; k < 4; k++) {
			char want[64];

			snprintf(want, sizeof(want), ",%lu,,\"4 fields, header "
			    "has 3\"", bad_line[k]);
			CHECK(at != NULL && (at = strstr(at, want)) != NULL);
		}
		if (first == NULL)
			first = b;
		else {
			CHECK(strcmp(first, b) == 0);
			free(b);
		}
	}
	/* four bad records, each on its own line, in order */
	CHECK(first != NULL && strchr(first, '\n') != NULL);
	if (first != NULL) {
		char *p = first;

		k = 0;
		while ((p = strchr(p, '\n')) != NULL) {
			p++;
			k++;
		}
		CHECK(k == 5);		/* the header and four */
	}
	free(first);

	/* the file renamed over while it is read: an error, not a mix */
	{
		struct weir_ropts ro;
		struct weir_source src;
		struct weir_bad bd;
		void *state = NULL;
		char other[64];

		write_data(NULL, 0, &lines);
		memset(&ro, 0, sizeof(ro));
		memset(&bd, 0, sizeof(bd));
		CHECK(weir_source_open(&src, data, &ro, &bd, 0, &e) == 0);
		snprintf(other, sizeof(other), "%s.new", data);
		f = fopen(other, "w");
		fputs("id,note,x\n1,a,2\n", f);
		fclose(f);
		CHECK(rename(other, data) == 0);
		CHECK(weir_parts_read(&src, 2, &sz, &fn, &state, &e) == -1 &&
		    state == NULL && strstr(e.msg, "was replaced while it was "
		    "read") != NULL && e.code == EX_IOERR);
		weir_source_release(&src);
	}

	/*
	 * No cut to make (a lone CR, in a quoted field, before the first):
	 * 0, and the source reads on as usual, to the end.
	 */
	f = fopen(data, "w");
	fputs("id,note\n1,\"a\rb\"\n", f);
	for (i = 2; i <= 300000; i++)
		fprintf(f, "%lu,some text to fill\n", i);
	fclose(f);
	CHECK(not_cut(&e) == 300000);
	/* a small file is not cut either */
	f = fopen(data, "w");
	fputs("id\n1\n2\n", f);
	fclose(f);
	CHECK(not_cut(&e) == 2);
	unlink(data);
	unlink(badpath);
	return T_DONE();
}
