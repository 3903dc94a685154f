/*
 * fuzz_parts.c - a file read in parts gives what one reader gives: the
 * same records (fields by column name, with their line numbers), the same
 * bad records in the same order, the same error.  The input after its
 * first byte is repeated to 600 KB and read as CSV, TSV or NDJSON (the
 * first byte picks) in parts of 160 KiB, none under 140 KiB, on 3
 * threads.
 */
#include "badrows.h"
#include "fuzz.h"
#include "mem.h"
#include "parts.h"
#include "source.h"
#include "stream.h"

#define TOTAL	(600 * 1000)

static const struct weir_parts_size sz = { 160 << 10, 140 << 10 };

/* A record as text: its line, then name=value for each field. */
static void
dump(struct weir_buf *b, const struct weir_header *h, const struct weir_rec *r)
{
	char line[32];
	size_t i;

	snprintf(line, sizeof(line), "%lu:", r->line);
	weir_buf_adds(b, line);
	for (i = 0; i < r->n; i++) {
		weir_buf_add(b, h->name[r->f[i].col], h->len[r->f[i].col]);
		weir_buf_addc(b, '=');
		weir_buf_add(b, r->f[i].s, r->f[i].len);
		weir_buf_addc(b, '\x1e');
	}
	weir_buf_addc(b, '\n');
}

static void *
make(void *arg)
{
	(void)arg;
	return weir_xcalloc(1, sizeof(struct weir_buf));
}

static void
add(void *state, const struct weir_header *h, const struct weir_rec *r)
{
	dump(state, h, r);
}

static void
merge(void *dst, const void *src)
{
	const struct weir_buf *s = src;

	weir_buf_add(dst, s->p, s->len);
}

static void
drop(void *state)
{
	weir_buf_release(state);
	free(state);
}

static const struct weir_parts_fn fn = { make, add, merge, drop, NULL };

/* Read path whole or in parts into out, bad records to badpath. */
static int
read_all(const char *path, int fmt, int parts, struct weir_buf *out,
    const char *badpath, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_source src;
	struct weir_bad bad;
	const struct weir_rec *r;
	void *state = NULL;
	int rv;

	memset(&ro, 0, sizeof(ro));
	memset(&bad, 0, sizeof(bad));
	ro.fmt = fmt;
	if (weir_source_open(&src, path, &ro, &bad, 0, e) == -1 ||
	    weir_bad_init(&bad, badpath, -1, e) == -1) {
		weir_source_release(&src);
		return -1;
	}
	rv = parts ? weir_parts_read(&src, 3, &sz, &fn, &state, e) : 0;
	if (rv > 0) {
		merge(out, state);
		drop(state);
		rv = 0;
	} else if (rv == 0) {
		while ((rv = weir_source_next(&src, &r, e)) == 1)
			dump(out, weir_source_header(&src), r);
	}
	if (rv == 0)
		rv = weir_bad_finish(&bad, e);
	weir_bad_abort(&bad);
	weir_source_release(&src);
	return rv;
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *s = weir_xmalloc(TOTAL * 2 + 1);

	*n = 0;
	if (f != NULL) {
		*n = fread(s, 1, TOTAL * 2, f);
		fclose(f);
	}
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int fmts[] = { WEIR_F_CSV, WEIR_F_TSV, WEIR_F_NDJSON };
	static char bad1[80], bad2[80];
	struct weir_buf file = WEIR_BUF_INIT, a = WEIR_BUF_INIT,
	    b = WEIR_BUF_INIT;
	struct weir_err e1, e2;
	const char *path;
	char *x, *y;
	size_t nx, ny;
	int fmt, r1, r2;

	if (size < 2)
		return 0;
	fmt = fmts[data[0] % 3];
	while (file.len < TOTAL)
		weir_buf_add(&file, (const char *)data + 1, size - 1);
	path = fuzz_file((const uint8_t *)file.p, file.len);
	weir_buf_release(&file);
	if (bad1[0] == '\0') {
		snprintf(bad1, sizeof(bad1), "%s.bad1", path);
		snprintf(bad2, sizeof(bad2), "%s.bad2", path);
	}
	memset(&e1, 0, sizeof(e1));
	memset(&e2, 0, sizeof(e2));
	unlink(bad1);
	unlink(bad2);
	r1 = read_all(path, fmt, 0, &a, bad1, &e1);
	r2 = read_all(path, fmt, 1, &b, bad2, &e2);
	if (r1 != r2)
		abort();
	if (r1 == -1) {
		if (strcmp(e1.msg, e2.msg) != 0 || e1.code != e2.code)
			abort();
	} else {
		if (a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len)))
			abort();
		x = slurp(bad1, &nx);
		y = slurp(bad2, &ny);
		if (nx != ny || memcmp(x, y, nx) != 0)
			abort();
		free(x);
		free(y);
	}
	weir_buf_release(&a);
	weir_buf_release(&b);
	return 0;
}
