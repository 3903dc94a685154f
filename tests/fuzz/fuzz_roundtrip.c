/*
 * fuzz_roundtrip.c - a property: what weir reads and writes as CSV reads
 * back as the same records (values and count), whatever the input.
 */
#include "fuzz.h"
#include "io.h"
#include "mem.h"
#include "stream.h"
#include "writer.h"

/* All records of path as one text: "n|len:value..." per record. */
static int
dump(const char *path, int fmt, struct weir_buf *b, const char *csv_out)
{
	struct weir_ropts ro;
	struct weir_wopts wo;
	struct weir_reader *r;
	struct weir_writer *w = NULL;
	struct weir_out out;
	const struct weir_rec *rec;
	struct weir_err e;
	size_t i;
	int rv, n = 0, have_out = 0;

	memset(&ro, 0, sizeof(ro));
	memset(&wo, 0, sizeof(wo));
	ro.fmt = fmt;
	if ((r = weir_reader_open(path, &ro, &e)) == NULL ||
	    !weir_reader_fixed(r)) {
		weir_reader_free(r);
		return -1;
	}
	if (csv_out != NULL && weir_out_open(&out, csv_out, 0, 0, &e) == 0) {
		have_out = 1;
		wo.fmt = WEIR_F_CSV;
		w = weir_writer_new(&out, &wo, weir_reader_header(r), &e);
	}
	while ((rv = weir_reader_next(r, &rec, &e)) == 1 && n++ < 10000) {
		weir_buf_addf(b, "%zu", rec->n);
		for (i = 0; i < rec->n; i++) {
			weir_buf_addf(b, "|%zu:", rec->f[i].len);
			weir_buf_add(b, rec->f[i].s, rec->f[i].len);
		}
		weir_buf_addc(b, '\n');
		if (w != NULL)
			weir_writer_put(w, rec, &e);
	}
	if (w != NULL) {
		weir_writer_close(w, &e);
		weir_writer_free(w);
	}
	if (have_out)
		weir_out_commit(&out, &e);
	weir_reader_free(r);
	return rv == 0 ? 0 : -1;	/* only inputs read to the end count */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char again[64];
	struct weir_buf a = WEIR_BUF_INIT, b = WEIR_BUF_INIT;

	if (again[0] == '\0') {
		int fd;

		snprintf(again, sizeof(again), "/tmp/weir-fuzz-rt.XXXXXX");
		if ((fd = mkstemp(again)) == -1)
			abort();
		close(fd);
	}
	if (dump(fuzz_file(data, size), WEIR_F_CSV, &a, again) == 0 &&
	    dump(again, WEIR_F_CSV, &b, NULL) == 0 &&
	    (a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len) != 0)))
		abort();	/* the written CSV does not say the same */
	weir_buf_release(&a);
	weir_buf_release(&b);
	return 0;
}
