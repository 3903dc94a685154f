/* t_tsv.c - the TSV reader through weir_reader_open() on temporary files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "stream.h"
#include "t.h"

#define T_FMT	WEIR_F_TSV
#include "treader.h"

static struct weir_reader *
ropen(const char *s)
{
	return ropen_n(s, strlen(s), NULL);
}

static struct weir_reader *
ropen_opt(const char *s, int delim, int no_header)
{
	struct weir_ropts o;

	memset(&o, 0, sizeof(o));
	o.fmt = WEIR_F_TSV;
	o.delim = delim;
	o.no_header = no_header;
	return ropen_n(s, strlen(s), &o);
}

#define READS(in, want)	CHECK_STR(dump(ropen(in)), want)

static void
test_basic(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;

	r = ropen("a\tb\n1\t2\n3\t4\n");
	CHECK(r != NULL);
	CHECK_STR(hdr(r), "a|b");
	CHECK(weir_reader_fixed(r) == 1);
	CHECK(weir_reader_format(r) == WEIR_F_TSV);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->n == 2 && rec->line == 2 && rec->f[1].col == 1 &&
	    rec->f[1].type == WEIR_TEXT);
	CHECK_STR(rec->src, path);
	CHECK_STR(dump(r), "L3:3|4\n");

	READS("a\tb\n1\t2", "L2:1|2\n");		/* no final newline */
	READS("a\tb\tc\n\t\t\n1\t\t\n", "L2:||\nL3:1||\n");
	READS("a\n1\n", "L2:1\n");
	READS("a\tb\n", "");
	READS("a\tb", "");
	/* quotes and commas are data */
	READS("\"a\",b\tc\n\"1\"\t\"\"\n", "L2:\"1\"|\"\"\n");
	r = ropen("\"a\",b\tc\n");
	CHECK_STR(hdr(r), "\"a\",b|c");
	weir_reader_free(r);
	/* spaces kept */
	READS("a\tb\n 1 \t 2\n", "L2: 1 | 2\n");

	r = ropen("");
	CHECK(r != NULL && weir_reader_header(r)->n == 0);
	weir_reader_free(r);

	/* TSV is never sniffed: tabs read as CSV make one column */
	{
		struct weir_ropts o;

		memset(&o, 0, sizeof(o));
		/* Not TSV (no escapes) but CSV, its tab delimiter sniffed. */
		r = ropen_n("a\tb\n1\t2\n", 8, &o);
		CHECK(r != NULL && weir_reader_format(r) == WEIR_F_CSV);
		CHECK_STR(hdr(r), "a|b");
		weir_reader_free(r);
	}
}

static void
test_escapes(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;

	READS("a\tb\nx\\ty\t\\n\\r\\\\\n", "L2:x\ty|\n\r\\\n");
	/* unknown escapes and a final backslash stay as they are */
	READS("a\tb\n\\x\\q\tend\\\n", "L2:\\x\\q|end\\\n");
	READS("a\n\\\\t\n", "L2:\\t\n");		/* \\ then t */
	READS("a\n\\\\\\\\\n", "L2:\\\\\n");
	/* escapes in names */
	r = ropen("a\\tb\tc\\\\\nv\tw\n");
	CHECK_STR(hdr(r), "a\tb|c\\");
	weir_reader_free(r);
	/* mixed escaped and plain fields in one record keep their values */
	r = ropen("a\tb\tc\td\nplain\t\\t1\tmid\t\\n2\\n\n");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->n == 4);
	CHECK(rec->f[0].len == 5 && memcmp(rec->f[0].s, "plain", 5) == 0);
	CHECK(rec->f[1].len == 2 && memcmp(rec->f[1].s, "\t1", 2) == 0);
	CHECK(rec->f[2].len == 3 && memcmp(rec->f[2].s, "mid", 3) == 0);
	CHECK(rec->f[3].len == 3 && memcmp(rec->f[3].s, "\n2\n", 3) == 0);
	weir_reader_free(r);
	/* many escaped fields: the unescape buffer grows */
	{
		struct weir_buf in = WEIR_BUF_INIT, want = WEIR_BUF_INIT;
		size_t i, ok = 1;

		for (i = 0; i < 300; i++)
			weir_buf_addf(&in, "%sc%zu", i ? "\t" : "", i);
		weir_buf_addc(&in, '\n');
		for (i = 0; i < 300; i++) {
			weir_buf_adds(&in, i ? "\t" : "");
			weir_buf_adds(&in, "\\\\");
			weir_buf_addf(&in, "%zu", i);
			weir_buf_adds(&in, "\\n................................");
		}
		weir_buf_addc(&in, '\n');
		r = ropen_n(in.p, in.len, NULL);
		CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->n == 300);
		for (i = 0; i < 300 && rec->n == 300; i++) {
			weir_buf_reset(&want);
			weir_buf_addf(&want, "\\%zu\n", i);
			weir_buf_adds(&want, "................................");
			ok &= rec->f[i].len == want.len &&
			    memcmp(rec->f[i].s, want.p, want.len) == 0;
		}
		CHECK(ok);
		weir_reader_free(r);
		weir_buf_release(&in);
		weir_buf_release(&want);
	}
}

static void
test_lines(void)
{
	struct weir_reader *r;

	r = ropen("a\tb\r\n1\t2\r\n3\t4\r\n");
	CHECK_STR(hdr(r), "a|b");
	CHECK_STR(dump(r), "L2:1|2\nL3:3|4\n");
	READS("a\r\n1\r", "L2:1\n");			/* CR at the very end */
	READS("a\r\n1\r\r\n", "L2:1\r\n");		/* only one CR goes */
	READS("a\n1\\r\n", "L2:1\r\n");			/* an escaped CR stays */
	READS("a\rb\n1\n", "L2:1\n");			/* a lone CR is data */
	r = ropen("a\rb\n1\n");
	CHECK_STR(hdr(r), "a\rb");
	weir_reader_free(r);
	/* blank lines skipped, counted */
	READS("a\tb\n\n1\t2\n\r\n\n2\t3\n\n", "L3:1|2\nL6:2|3\n");
	/* ... except with one column, where one is an empty value */
	READS("a\n1\n\n2\n\r\n", "L2:1\nL3:\nL4:2\nL5:\n");
	READS("\n\na\tb\n1\t2\n", "L4:1|2\n");
}

static void
test_ragged(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_badrec *bad;
	char want[256];

	r = ropen("a\tb\n1\t2\n1\r\n1\t2\t3\n\t\t\n4\t5\n");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK_STR(bad->src, path);
	CHECK(bad->line == 3);
	CHECK(bad->column == NULL);
	CHECK_STR(bad->reason, "1 field, header has 2");
	CHECK(bad->rawlen == 1 && memcmp(bad->raw, "1", 1) == 0);
	CHECK(err.code == EX_DATAERR);
	snprintf(want, sizeof(want), "%s:3: 1 field, header has 2", path);
	CHECK_STR(err.msg, want);
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK(bad->line == 4);
	CHECK_STR(bad->reason, "3 fields, header has 2");
	CHECK(bad->rawlen == 5 && memcmp(bad->raw, "1\t2\t3", 5) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	CHECK(weir_reader_bad(r)->line == 5);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 6);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	CHECK(weir_reader_records(r) == 2);
	weir_reader_free(r);

	/* invalid UTF-8, after unescaping */
	r = ropen("a\tb\n1\tx\\t\xFF\nok\tok\n");
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK(bad->line == 2);
	CHECK_STR(bad->column, "b");
	CHECK_STR(bad->reason, "invalid UTF-8 (byte 3 of the value)");
	CHECK(bad->rawlen == 6 && memcmp(bad->raw, "1\tx\\t\xFF", 6) == 0);
	snprintf(want, sizeof(want), "%s:2: column 'b': ", path);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 3);
	weir_reader_free(r);
	r = ropen("a\t\xC3\n");
	CHECK(r == NULL && err.code == EX_DATAERR);
}

static void
test_opts(void)
{
	struct weir_reader *r;

	r = ropen_opt("1\t2\n3\t4\n", 0, 1);
	CHECK_STR(hdr(r), "c1|c2");
	CHECK_STR(dump(r), "L1:1|2\nL2:3|4\n");
	r = ropen_opt("\n1\t\\t2\n3\n", 0, 1);
	CHECK_STR(hdr(r), "c1|c2");
	CHECK_STR(dump(r), "L2:1|\t2\nB3:1 field, header has 2\n");
	r = ropen_opt("1\t2", 0, 1);
	CHECK_STR(dump(r), "L1:1|2\n");

	weir_quiet = 1;
	r = ropen("a\ta\tb\n1\t2\t3\n");
	CHECK_STR(hdr(r), "a|a_2|b");
	CHECK(weir_reader_renamed(r) == 1);
	CHECK_STR(dump(r), "L2:1|2|3\n");
	weir_quiet = 0;
}

/* A 300 KB line and about 1 MB of lines across the reader's chunks. */
static void
test_big(void)
{
	struct weir_buf in = WEIR_BUF_INIT;
	struct weir_reader *r;
	const struct weir_rec *rec;
	unsigned long line = 2, ok = 1;
	size_t i, k;
	int rv;
	char num[32];

	weir_buf_adds(&in, "a\tb\n");
	for (i = 0; i < 300000; i++)
		weir_buf_addc(&in, i % 1000 == 0 ? '\\' : 'x');
	weir_buf_adds(&in, "\tz\nlast\t1\n");
	r = ropen_n(in.p, in.len, NULL);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->line == 2 && rec->f[0].len == 300000);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 3);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	weir_reader_free(r);

	weir_buf_reset(&in);
	weir_buf_adds(&in, "id\ttext\r\n");
	for (i = 0; in.len < (1 << 20); i++) {
		weir_buf_addf(&in, "%zu\t\xC3\xA9", i);
		if (i % 3 == 0)
			weir_buf_adds(&in, "\\tx\\ny");
		weir_buf_adds(&in, i % 2 ? "\n" : "\r\n");
		if (i % 11 == 0)
			weir_buf_adds(&in, "\n");
	}
	r = ropen_n(in.p, in.len, NULL);
	for (k = 0; (rv = weir_reader_next(r, &rec, &err)) == 1; k++) {
		size_t wl = k % 3 == 0 ? 6 : 2;

		snprintf(num, sizeof(num), "%zu", k);
		if (rec->line != line || rec->n != 2 ||
		    rec->f[0].len != strlen(num) ||
		    memcmp(rec->f[0].s, num, rec->f[0].len) != 0 ||
		    rec->f[1].len != wl ||
		    memcmp(rec->f[1].s, "\xC3\xA9\tx\ny", wl) != 0)
			ok = 0;
		line += 1 + (k % 11 == 0);
	}
	CHECK(rv == 0);
	CHECK(ok);
	CHECK(k == i);
	weir_reader_free(r);
	weir_buf_release(&in);
}

int
main(void)
{
	test_basic();
	test_escapes();
	test_lines();
	test_ragged();
	test_opts();
	test_big();
	return T_DONE();
}
