/* t_csv.c - the CSV reader through weir_reader_open() on temporary files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "stream.h"
#include "t.h"

#define T_FMT	WEIR_F_CSV
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
	o.fmt = WEIR_F_CSV;
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
	size_t i, ok;

	r = ropen("a,b\n1,2\n3,4\n");
	CHECK(r != NULL);
	CHECK_STR(hdr(r), "a|b");
	CHECK(weir_reader_fixed(r) == 1);
	CHECK(weir_reader_format(r) == WEIR_F_CSV);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->n == 2 && rec->line == 2);
	CHECK_STR(rec->src, path);
	for (ok = 0, i = 0; i < rec->n; i++)
		ok += rec->f[i].col == i && rec->f[i].type == WEIR_TEXT;
	CHECK(ok == 2);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 0);	/* stays at the end */
	CHECK(weir_reader_records(r) == 2);
	weir_reader_free(r);

	READS("a,b\n1,2\n3,4", "L2:1|2\nL3:3|4\n");	/* no final newline */
	READS("a,b,c\n,,\n1,,\n", "L2:||\nL3:1||\n");
	READS("a\n1\n", "L2:1\n");
	READS("a,b\n", "");
	READS("a,b", "");

	/* empty file: no columns, no records */
	r = ropen("");
	CHECK(r != NULL && weir_reader_header(r)->n == 0);
	CHECK_STR(dump(r), "");

	/* sniffed as CSV */
	{
		struct weir_ropts o;

		memset(&o, 0, sizeof(o));
		r = ropen_n("x,y\n1,2\n", 8, &o);
		CHECK(r != NULL && weir_reader_format(r) == WEIR_F_CSV);
		CHECK_STR(dump(r), "L2:1|2\n");
	}
}

static void
test_quoting(void)
{
	READS("a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n",
	    "L2:x,y|he said \"hi\"\n");
	READS("a,b\n\"\",\"\"\n", "L2:|\n");
	READS("a\n\"\"\n", "L2:\n");		/* one empty value */
	READS("a,b\n\"\"\"\",\"a\"\"\"\n", "L2:\"|a\"\n");
	READS("\"a,1\",\"b\"\"\"\nx,y\n", "L2:x|y\n");
	{
		struct weir_reader *r = ropen("\"a,1\",\"b\"\"\"\nx,y\n");

		CHECK_STR(hdr(r), "a,1|b\"");
		weir_reader_free(r);
	}
	/* a quoted field may hold CR and LF; later lines still count */
	READS("a,b\n\"x\ny\",1\n2,3\n\"p\r\nq\nr\",4\n5,6\n",
	    "L2:x\ny|1\nL4:2|3\nL5:p\r\nq\nr|4\nL8:5|6\n");
	READS("a,b\n1,\"x\ny\"\n2,3\n", "L2:1|x\ny\nL4:2|3\n");
	READS("a,b\n1,\"x\ry\"\n2,3\n", "L2:1|x\ry\nL3:2|3\n");
	READS("a,b\n\"\n\n\n\",\"\n\"\n9,9\n", "L2:\n\n\n|\n\nL7:9|9\n");
	/* a header with a newline in a name */
	READS("\"a\nb\",c\n1,2\n", "L3:1|2\n");
}

static void
test_lines(void)
{
	/* CRLF */
	READS("a,b\r\n1,2\r\n3,4\r\n", "L2:1|2\nL3:3|4\n");
	{
		struct weir_reader *r = ropen("a,b\r\n1,2\r\n");

		CHECK_STR(hdr(r), "a|b");
		weir_reader_free(r);
	}
	/* lone CR, and a mix */
	READS("a,b\r1,2\r3,4", "L2:1|2\nL3:3|4\n");
	READS("a\r\n1\r2\n3\r\n4", "L2:1\nL3:2\nL4:3\nL5:4\n");
	/* blank lines are skipped but counted */
	READS("a\n\n1\n\n\n2\n\n", "L3:1\nL6:2\n");
	READS("a\r\n\r\n1\r\n\r\n2\r\n", "L3:1\nL5:2\n");
	READS("a\r\r1\r\r\r2", "L3:1\nL6:2\n");
	READS("\n\na,b\n1,2\n", "L4:1|2\n");		/* blank before header */
	READS("a\n\n\n", "");
}

static void
test_bom_spaces(void)
{
	struct weir_reader *r;

	r = ropen("\xEF\xBB\xBF" "a,b\n1,2\n");
	CHECK_STR(hdr(r), "a|b");
	CHECK_STR(dump(r), "L2:1|2\n");
	/* a BOM only at the very start */
	r = ropen("a,b\n\xEF\xBB\xBF" "1,2\n");
	CHECK_STR(dump(r), "L2:\xEF\xBB\xBF" "1|2\n");

	r = ropen("a, b \n 1 , 2\t\n");
	CHECK_STR(hdr(r), "a| b ");
	CHECK_STR(dump(r), "L2: 1 | 2\t\n");
	READS("a,b\n  ,\t\n", "L2:  |\t\n");
}

static void
test_ragged(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_badrec *bad;
	char want[256];

	r = ropen("a,b\n1,2\n3\n4,5,6\n\"x,y\",\"q\"\"\",z\n7,8\n");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK_STR(bad->src, path);
	CHECK(bad->line == 3);
	CHECK(bad->column == NULL);
	CHECK_STR(bad->reason, "1 field, header has 2");
	CHECK(bad->rawlen == 1 && memcmp(bad->raw, "3", 1) == 0);
	CHECK(err.code == EX_DATAERR);
	snprintf(want, sizeof(want), "%s:3: 1 field, header has 2", path);
	CHECK_STR(err.msg, want);

	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK(bad->line == 4);
	CHECK_STR(bad->reason, "3 fields, header has 2");
	CHECK(bad->rawlen == 5 && memcmp(bad->raw, "4,5,6", 5) == 0);

	/* the raw text is the record as CSV again */
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK(bad->line == 5);
	CHECK(bad->rawlen == 13 &&
	    memcmp(bad->raw, "\"x,y\",\"q\"\"\",z", 13) == 0);

	/* and reading goes on after it */
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->line == 6 && rec->n == 2);
	CHECK(rec->n == 2 && memcmp(rec->f[0].s, "7", 1) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	CHECK(weir_reader_records(r) == 2);
	weir_reader_free(r);

	/* bad lines after an embedded newline */
	READS("a,b\n\"1\n2\",3\n4\n5,6\n",
	    "L2:1\n2|3\nB4:1 field, header has 2\nL5:5|6\n");
	/* a trailing delimiter is one more (empty) field */
	READS("a,b\n1,2,\n", "B2:3 fields, header has 2\n");
}

static void
test_utf8(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_badrec *bad;
	char want[256];

	r = ropen("a,b\n1,x\xFFy\n2,3\n\xC3\xA9,\xE2\x82\xAC\n");
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK(bad->line == 2);
	CHECK_STR(bad->column, "b");
	CHECK(strstr(bad->reason, "invalid UTF-8") != NULL);
	CHECK(strstr(bad->reason, "byte 2") != NULL);
	CHECK(bad->rawlen == 5 && memcmp(bad->raw, "1,x\xFFy", 5) == 0);
	snprintf(want, sizeof(want), "%s:2: column 'b': ", path);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(err.code == EX_DATAERR);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 3);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 4);
	CHECK(rec->f[1].len == 3 && memcmp(rec->f[1].s, "\xE2\x82\xAC", 3) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	weir_reader_free(r);

	READS("a\n\xED\xA0\x80\n\xC0\xAF\nok\n",
	    "B2:invalid UTF-8 (byte 1 of the value)\n"
	    "B3:invalid UTF-8 (byte 1 of the value)\nL4:ok\n");
	/* cut at the very end of the file: not lost, and bad */
	READS("a\nok\n\xE2\x82", "L2:ok\nB3:invalid UTF-8 (byte 1 of the value)\n");
	READS("a\nxy\xC3", "B2:invalid UTF-8 (byte 3 of the value)\n");
	READS("a\nxy\xC3\n", "B2:invalid UTF-8 (byte 3 of the value)\n");
	/* in a header: the open fails */
	r = ropen("a,\xFF\n1,2\n");
	CHECK(r == NULL);
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, "column 2") != NULL);
}

static void
test_broken(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;
	char want[256];

	/* unterminated quote: the stream ends */
	r = ropen("a,b\n1,2\n3,\"abc\n4,5\n");
	CHECK(r != NULL);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	snprintf(want, sizeof(want), "%s:3: unterminated quoted field", path);
	CHECK_STR(err.msg, want);
	weir_reader_free(r);
	r = ropen("a\n1\n\"abc");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == -1);
	snprintf(want, sizeof(want), "%s:3: unterminated quoted field", path);
	CHECK_STR(err.msg, want);
	weir_reader_free(r);
	r = ropen("\"a,b\n1,2\n");			/* in the header */
	CHECK(r == NULL && err.code == EX_DATAERR);

	/* a stray quote in an unquoted field, text after a closing quote */
	r = ropen("a,b\n1,2\n3,x\"y\n");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, "malformed quoting") != NULL);
	snprintf(want, sizeof(want), "%s:3: ", path);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	weir_reader_free(r);
	READS("a,b\n\"x\"y,1\n", "E65\n");
	READS("a,b\n\"x\" ,1\n", "E65\n");
	READS("a,b\n \"x\",1\n", "E65\n");
	/* the line of the error, after embedded newlines */
	r = ropen("a\n\"1\n2\"\n3\nx\"y\n");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 4);
	CHECK(weir_reader_next(r, &rec, &err) == -1);
	snprintf(want, sizeof(want), "%s:5: ", path);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	weir_reader_free(r);
}

static void
test_header_opts(void)
{
	struct weir_reader *r;

	r = ropen_opt("1,2\n3,4\n", 0, 1);
	CHECK_STR(hdr(r), "c1|c2");
	CHECK_STR(dump(r), "L1:1|2\nL2:3|4\n");
	r = ropen_opt("\n1,2\n3\n", 0, 1);
	CHECK_STR(hdr(r), "c1|c2");
	CHECK_STR(dump(r), "L2:1|2\nB3:1 field, header has 2\n");

	weir_quiet = 1;				/* the rename warnings */
	r = ropen("a,a,b,a,a_2\n1,2,3,4,5\n");
	CHECK_STR(hdr(r), "a|a_3|b|a_4|a_2");
	CHECK(weir_reader_renamed(r) == 2);
	CHECK_STR(dump(r), "L2:1|2|3|4|5\n");
	r = ropen(",\n1,2\n");
	CHECK_STR(hdr(r), "|_2");
	weir_reader_free(r);
	weir_quiet = 0;
	r = ropen("a,b\n1,2\n");
	CHECK(weir_reader_renamed(r) == 0);
	weir_reader_free(r);

	/* a custom delimiter; commas are then data */
	r = ropen_opt("a;b\n1,5;\"x;y\"\n", ';', 0);
	CHECK_STR(hdr(r), "a|b");
	CHECK_STR(dump(r), "L2:1,5|x;y\n");
	r = ropen_opt("a;b\n1;\"x;y\";z\n", ';', 0);
	{
		const struct weir_rec *rec;

		CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
		CHECK(weir_reader_bad(r)->rawlen == 9 &&
		    memcmp(weir_reader_bad(r)->raw, "1;\"x;y\";z", 9) == 0);
		weir_reader_free(r);
	}
	r = ropen_opt("a\tb\n1\t2\n", '\t', 0);
	CHECK_STR(dump(r), "L2:1|2\n");
	r = ropen_opt("a|b\n1|2\n", '|', 0);
	CHECK_STR(dump(r), "L2:1|2\n");
}

static void
test_big_record(void)
{
	struct weir_buf in = WEIR_BUF_INIT;
	struct weir_reader *r;
	const struct weir_rec *rec;
	size_t i, ok;

	/* an unquoted 200 KB field, and a quoted 100 KB one with newlines */
	weir_buf_adds(&in, "a,b\nfirst,1\n");
	for (i = 0; i < 200000; i++)
		weir_buf_addc(&in, 'x');
	weir_buf_adds(&in, ",2\n\"");
	for (i = 0; i < 100000; i++)
		weir_buf_adds(&in, i % 1000 == 999 ? "\n" : i % 7 ? "," : "\"\"");
	weir_buf_adds(&in, "\",3\nlast,4\n");
	r = ropen_n(in.p, in.len, NULL);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 2);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 3);
	for (ok = 1, i = 0; i < 200000 && rec->f[0].len == 200000; i++)
		ok &= rec->f[0].s[i] == 'x';
	CHECK(rec->f[0].len == 200000 && ok);
	CHECK(rec->f[1].len == 1 && rec->f[1].s[0] == '2');
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 4);
	CHECK(rec->f[0].len == 100000);
	for (ok = 1, i = 0; i < 100000 && rec->f[0].len == 100000; i++)
		ok &= rec->f[0].s[i] == (i % 1000 == 999 ? '\n' : i % 7 ?
		    ',' : '"');
	CHECK(ok);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->line == 4 + 100 + 1);
	CHECK(rec->n == 2 && rec->f[0].len == 4 &&
	    memcmp(rec->f[0].s, "last", 4) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	weir_reader_free(r);
	weir_buf_release(&in);
}

/*
 * About 1 MB of records with quoted newlines and multibyte characters at
 * every offset, so records and characters span the reader's chunks; one
 * bad byte far in must still be caught.
 */
static void
test_many(void)
{
	static const char *const chars[] = { "\xC3\xA9", "\xE2\x82\xAC",
	    "\xF0\x9F\x98\x80", "z" };
	struct weir_buf in = WEIR_BUF_INIT, want = WEIR_BUF_INIT;
	struct weir_reader *r;
	const struct weir_rec *rec;
	unsigned long line = 2, nbad = 0, nrec = 0, ok = 1;
	size_t i, k, bad_at = 12345;
	int rv;
	char num[32];

	weir_buf_adds(&in, "id,text,note\r\n");
	for (i = 0; in.len < (1 << 20); i++) {
		weir_buf_addf(&in, "%zu,\"", i);
		for (k = 0; k < i % 13; k++)
			weir_buf_adds(&in, chars[(i + k) % 4]);
		if (i % 5 == 0)
			weir_buf_adds(&in, "\nsecond \"\"line\"\"");
		weir_buf_adds(&in, i == bad_at ? "\",\xFE" : "\",n");
		weir_buf_adds(&in, i % 3 ? "\n" : "\r\n");
		if (i % 17 == 0)
			weir_buf_adds(&in, "\n");		/* blank line */
	}
	r = ropen_n(in.p, in.len, NULL);
	CHECK_STR(hdr(r), "id|text|note");
	for (k = 0; (rv = weir_reader_next(r, &rec, &err)) != 0; k++) {
		if (rv == -1) {
			fprintf(stderr, "error: %s\n", err.msg);
			ok = 0;
			break;
		}
		if (rv == WEIR_BAD) {
			nbad++;
			if (k != bad_at || weir_reader_bad(r)->line != line ||
			    strcmp(weir_reader_bad(r)->column, "note") != 0)
				ok = 0;
		} else {
			nrec++;
			snprintf(num, sizeof(num), "%zu", k);
			weir_buf_reset(&want);
			for (i = 0; i < k % 13; i++)
				weir_buf_adds(&want, chars[(k + i) % 4]);
			if (k % 5 == 0)
				weir_buf_adds(&want, "\nsecond \"line\"");
			if (rec->n != 3 || rec->line != line ||
			    rec->f[0].len != strlen(num) ||
			    memcmp(rec->f[0].s, num, rec->f[0].len) != 0 ||
			    rec->f[1].len != want.len ||
			    memcmp(rec->f[1].s, want.p, want.len) != 0 ||
			    rec->f[2].len != 1) {
				if (ok)
					fprintf(stderr, "record %zu line %lu "
					    "(want %lu) differs\n", k,
					    rec->line, line);
				ok = 0;
			}
		}
		line += 1 + (k % 5 == 0) + (k % 17 == 0);
	}
	CHECK(ok);
	CHECK(nbad == 1);
	CHECK(nrec + nbad == k && k > 20000);
	CHECK(weir_reader_records(r) == nrec);
	weir_reader_free(r);
	weir_buf_release(&in);
	weir_buf_release(&want);
}

int
main(void)
{
	test_basic();
	test_quoting();
	test_lines();
	test_bom_spaces();
	test_ragged();
	test_utf8();
	test_broken();
	test_header_opts();
	test_big_record();
	test_many();
	return T_DONE();
}
