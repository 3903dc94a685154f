/* t_writer.c - writers into a weir_out on a temporary file, read back. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "io.h"
#include "mem.h"
#include "rec.h"
#include "stream.h"
#include "writer.h"
#include "t.h"

static char path[64];
static struct weir_out out;
static struct weir_writer *w;
static struct weir_header hdr;
static struct weir_err err;
static struct weir_rec rec;
static struct weir_buf got;

/* Names separated by '|' ("" for none). */
static void
set_header(const char *names)
{
	const char *p = names, *bar;

	weir_header_release(&hdr);
	if (*names == '\0')
		return;
	for (;;) {
		bar = strchr(p, '|');
		weir_header_add(&hdr, p, bar ? (size_t)(bar - p) : strlen(p));
		if (bar == NULL)
			break;
		p = bar + 1;
	}
}

/* Start writing fmt (other options in o, may be NULL) for header names. */
static void
begin(int fmt, const struct weir_wopts *o, const char *names)
{
	struct weir_wopts def;
	int fd;

	memset(&def, 0, sizeof(def));
	if (o != NULL)
		def = *o;
	def.fmt = fmt;
	set_header(names);
	snprintf(path, sizeof(path), "/tmp/weir-t-writer.XXXXXX");
	if ((fd = mkstemp(path)) == -1) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	if (weir_out_open(&out, path, 0, 0, &err) == -1) {
		fprintf(stderr, "%s\n", err.msg);
		exit(2);
	}
	memset(&err, 0, sizeof(err));
	w = weir_writer_new(&out, &def, &hdr, &err);
}

/*
 * Put one record: varargs are (col, type, text) triples ended by -1.
 * Returns what weir_writer_put() returns.
 */
static int
put(int col, ...)
{
	va_list ap;

	rec.n = 0;
	rec.src = "in.csv";
	rec.line = 7;
	va_start(ap, col);
	while (col >= 0) {
		int type = va_arg(ap, int);
		const char *s = va_arg(ap, const char *);

		weir_rec_push(&rec, s, strlen(s), (size_t)col, type);
		col = va_arg(ap, int);
	}
	va_end(ap);
	memset(&err, 0, sizeof(err));
	return weir_writer_put(w, &rec, &err);
}

/* Two text fields in order. */
static int
put2(const char *a, const char *b)
{
	return put(0, WEIR_TEXT, a, 1, WEIR_TEXT, b, -1);
}

/* Close, commit and read back the file. */
static const char *
end(void)
{
	FILE *fp;
	char buf[8192];
	size_t n;
	int rv;

	rv = weir_writer_close(w, &err);
	weir_writer_free(w);
	w = NULL;
	if (rv == -1) {
		weir_out_abort(&out);
		unlink(path);
		return "(close failed)";
	}
	if (weir_out_commit(&out, &err) == -1)
		return "(commit failed)";
	weir_buf_reset(&got);
	weir_buf_grow(&got, 0);
	if ((fp = fopen(path, "rb")) != NULL) {
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			weir_buf_add(&got, buf, n);
		fclose(fp);
	}
	unlink(path);
	return got.p;
}

static void
test_csv(void)
{
	struct weir_wopts o;
	struct weir_buf big = WEIR_BUF_INIT, want = WEIR_BUF_INIT;
	const char *p;
	size_t i, ok;

	begin(WEIR_F_CSV, NULL, "a|b");
	CHECK(w != NULL);
	CHECK(put2("1", "x,y") == 0);
	CHECK(put2("he said \"hi\"", "two\nlines") == 0);
	CHECK(put2("cr\rhere", " spaced ") == 0);
	CHECK(put2("", "") == 0);
	CHECK(put2("\"", "end") == 0);
	CHECK_STR(end(), "a,b\n1,\"x,y\"\n\"he said \"\"hi\"\"\",\"two\nlines\"\n"
	    "\"cr\rhere\", spaced \n,\n\"\"\"\",end\n");

	/* one column: an empty value is quoted, or the row would be blank */
	begin(WEIR_F_CSV, NULL, "a");
	CHECK(put(0, WEIR_TEXT, "", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "x", -1) == 0);
	CHECK(put(-1) == 0);				/* a missing value too */
	CHECK_STR(end(), "a\n\"\"\nx\n\"\"\n");
	begin(WEIR_F_CSV, NULL, "");
	CHECK_STR(end(), "");
	{
		struct weir_wopts d;

		memset(&d, 0, sizeof(d));
		d.fmt = WEIR_F_CSV;
		begin(WEIR_F_CSV, NULL, "x");
		weir_writer_free(w);
		weir_header_release(&hdr);
		weir_header_add(&hdr, "", 0);
		w = weir_writer_new(&out, &d, &hdr, &err);
		CHECK_STR(end(), "\"\"\n");		/* an empty lone name */
	}

	/* a special byte at every position of longer fields */
	begin(WEIR_F_CSV, NULL, "a|b");
	for (i = 0; i < 20; i++) {
		char s[21];

		memset(s, 'x', 20);
		s[20] = '\0';
		s[i] = "\",\n\r"[i % 4];
		put2(s, "abcdefghijklmnopq");
	}
	end();
	/* every row opens with a quote */
	for (ok = 0, p = got.p; (p = strstr(p, "\n\"")) != NULL; p++)
		ok++;
	CHECK(ok == 20);
	CHECK(strstr(got.p, "\"abcdefghijklmnopq\"") == NULL);

	/* quote_all, the header too */
	memset(&o, 0, sizeof(o));
	o.quote_all = 1;
	begin(WEIR_F_CSV, &o, "a|b");
	CHECK(put2("1", "") == 0);
	CHECK_STR(end(), "\"a\",\"b\"\n\"1\",\"\"\n");

	/* another delimiter: commas are plain, the delimiter is quoted */
	memset(&o, 0, sizeof(o));
	o.delim = ';';
	begin(WEIR_F_CSV, &o, "a;1|b");
	CHECK(put2("1,5", "x;y") == 0);
	CHECK_STR(end(), "\"a;1\";b\n1,5;\"x;y\"\n");
	o.delim = '\t';
	begin(WEIR_F_CSV, &o, "a|b");
	CHECK(put2("x\ty", "z") == 0);
	CHECK_STR(end(), "a\tb\n\"x\ty\"\tz\n");

	/* records in another column order, or missing columns */
	begin(WEIR_F_CSV, NULL, "a|b|c");
	CHECK(put(2, WEIR_TEXT, "C", 0, WEIR_TEXT, "A", -1) == 0);
	CHECK(put(1, WEIR_NUM, "2", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "2", 2, WEIR_TEXT, "3", -1)
	    == 0);
	CHECK(put(0, WEIR_NULL, "", 1, WEIR_BOOL, "true", 2, WEIR_JSON,
	    "[1,2]", -1) == 0);
	CHECK_STR(end(), "a,b,c\nA,,C\n,2,\n1,2,3\n,true,\"[1,2]\"\n");

	/* a field bigger than the output buffer, with quotes in it */
	for (i = 0; i < 300000; i++)
		weir_buf_addc(&big, i % 1000 == 0 ? '"' : 'a' + i % 26);
	weir_buf_adds(&want, "a,b\n\"");
	for (i = 0; i < big.len; i++) {
		if (big.p[i] == '"')
			weir_buf_addc(&want, '"');
		weir_buf_addc(&want, big.p[i]);
	}
	weir_buf_adds(&want, "\",x\n");
	big.p[big.len] = '\0';
	begin(WEIR_F_CSV, NULL, "a|b");
	CHECK(put2(big.p, "x") == 0);
	end();
	CHECK(got.len == want.len && memcmp(got.p, want.p, want.len) == 0);
	/* and many rows through a full buffer */
	begin(WEIR_F_CSV, NULL, "a|b");
	for (i = 0; i < 20000; i++)
		put2("some,value", "plain value");
	end();
	CHECK(got.len == 4 + 20000 * 25);
	weir_buf_release(&big);
	weir_buf_release(&want);
}

static void
test_tsv(void)
{
	begin(WEIR_F_TSV, NULL, "a\tb|c\\d");
	CHECK(put2("x\ty\nz\r\\", "\"q\",") == 0);
	CHECK(put(1, WEIR_TEXT, "only b", -1) == 0);
	CHECK(put2("", "") == 0);
	CHECK_STR(end(), "a\\tb\tc\\\\d\nx\\ty\\nz\\r\\\\\t\"q\",\n\tonly b\n\t\n");
}

static void
test_ndjson(void)
{
	struct weir_wopts o;

	begin(WEIR_F_NDJSON, NULL, "t|e|s|n|b|z|j");
	CHECK(put(0, WEIR_TEXT, "1.10", 1, WEIR_TEXT, "", 2, WEIR_STR, "1",
	    3, WEIR_NUM, "1e5", 4, WEIR_BOOL, "false", 5, WEIR_NULL, "",
	    6, WEIR_JSON, "{\"k\":[1]}", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "01234", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "-0", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "1e5", -1) == 0);
	CHECK(put(0, WEIR_TEXT, " 1", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "1.", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "true", -1) == 0);	/* text stays text */
	CHECK(put(0, WEIR_TEXT, "null", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "NaN", -1) == 0);
	CHECK(put(-1) == 0);
	/* record order, not header order */
	CHECK(put(3, WEIR_NUM, "2", 0, WEIR_TEXT, "x", -1) == 0);
	CHECK_STR(end(),
	    "{\"t\":1.10,\"e\":\"\",\"s\":\"1\",\"n\":1e5,\"b\":false,\"z\":null,"
	    "\"j\":{\"k\":[1]}}\n"
	    "{\"t\":\"01234\"}\n{\"t\":-0}\n{\"t\":1e5}\n{\"t\":\" 1\"}\n"
	    "{\"t\":\"1.\"}\n{\"t\":\"true\"}\n{\"t\":\"null\"}\n"
	    "{\"t\":\"NaN\"}\n{}\n{\"n\":2,\"t\":\"x\"}\n");

	/* escaping of values and names */
	begin(WEIR_F_NDJSON, NULL, "q\"k|b\\s|c");
	CHECK(put(0, WEIR_STR, "say \"hi\"\\", 1, WEIR_TEXT, "a\nb\tc\r\x01\x1f",
	    2, WEIR_STR, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", -1) == 0);
	CHECK(put(2, WEIR_STR, "01234567\"", -1) == 0);
	CHECK(put(2, WEIR_STR, "0123456789abcdef\x7f", -1) == 0);
	CHECK_STR(end(), "{\"q\\\"k\":\"say \\\"hi\\\"\\\\\",\"b\\\\s\":"
	    "\"a\\nb\\tc\\r\\u0001\\u001f\",\"c\":\"\xC3\xA9\xE2\x82\xAC"
	    "\xF0\x9F\x98\x80\"}\n{\"c\":\"01234567\\\"\"}\n"
	    "{\"c\":\"0123456789abcdef\x7f\"}\n");

	/* empty_as_null: untyped empty text only */
	memset(&o, 0, sizeof(o));
	o.empty_as_null = 1;
	begin(WEIR_F_NDJSON, &o, "a|b|c");
	CHECK(put(0, WEIR_TEXT, "", 1, WEIR_STR, "", 2, WEIR_TEXT, "0", -1) == 0);
	CHECK_STR(end(), "{\"a\":null,\"b\":\"\",\"c\":0}\n");

	/* strings: everything but null is a string */
	memset(&o, 0, sizeof(o));
	o.strings = 1;
	begin(WEIR_F_NDJSON, &o, "t|n|b|z|j|e");
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_NUM, "2.50", 2, WEIR_BOOL, "true",
	    3, WEIR_NULL, "", 4, WEIR_JSON, "[\"x\"]", 5, WEIR_TEXT, "", -1)
	    == 0);
	CHECK_STR(end(), "{\"t\":\"1\",\"n\":\"2.50\",\"b\":\"true\",\"z\":null,"
	    "\"j\":\"[\\\"x\\\"]\",\"e\":\"\"}\n");

	/* the header may grow between records */
	begin(WEIR_F_NDJSON, NULL, "a");
	CHECK(put(0, WEIR_TEXT, "1", -1) == 0);
	for (int i = 0; i < 40; i++) {
		char nm[16];

		snprintf(nm, sizeof(nm), "k%d", i);
		weir_header_add(&hdr, nm, strlen(nm));
	}
	CHECK(put(40, WEIR_TEXT, "x", 0, WEIR_TEXT, "2", -1) == 0);
	CHECK_STR(end(), "{\"a\":1}\n{\"k39\":\"x\",\"a\":2}\n");

	/* a long string through the slow path */
	{
		struct weir_buf s = WEIR_BUF_INIT;
		size_t i;

		for (i = 0; i < 100000; i++)
			weir_buf_addc(&s, 'a' + i % 26);
		begin(WEIR_F_NDJSON, NULL, "a");
		CHECK(put(0, WEIR_STR, s.p, -1) == 0);
		end();
		CHECK(got.len == 100000 + 9 && memcmp(got.p, "{\"a\":\"", 6) == 0 &&
		    memcmp(got.p + 6, s.p, 100000) == 0 &&
		    memcmp(got.p + 100006, "\"}\n", 3) == 0);
		weir_buf_release(&s);
	}
}

static void
test_json(void)
{
	begin(WEIR_F_JSON, NULL, "a|b");
	CHECK_STR(end(), "[]\n");
	begin(WEIR_F_JSON, NULL, "a|b");
	CHECK(put2("1", "x") == 0);
	CHECK_STR(end(), "[\n{\"a\":1,\"b\":\"x\"}\n]\n");
	begin(WEIR_F_JSON, NULL, "a|b");
	CHECK(put2("1", "x") == 0);
	CHECK(put(1, WEIR_BOOL, "true", -1) == 0);
	CHECK(put(-1) == 0);
	CHECK_STR(end(), "[\n{\"a\":1,\"b\":\"x\"},\n{\"b\":true},\n{}\n]\n");
}

static void
test_unflatten(void)
{
	struct weir_wopts o;

	memset(&o, 0, sizeof(o));
	o.unflatten = 1;
	begin(WEIR_F_NDJSON, &o, "id|a.b|a.c|d_e|a.x.y");
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "x", 2, WEIR_TEXT, "2",
	    3, WEIR_TEXT, "y", 4, WEIR_NULL, "", -1) == 0);
	CHECK(put(0, WEIR_TEXT, "2", 3, WEIR_TEXT, "z", -1) == 0);
	CHECK(put(4, WEIR_NUM, "5", -1) == 0);
	CHECK_STR(end(), "{\"id\":1,\"a\":{\"b\":\"x\",\"c\":2,\"x\":{\"y\":null}},"
	    "\"d_e\":\"y\"}\n{\"id\":2,\"d_e\":\"z\"}\n{\"a\":{\"x\":{\"y\":5}}}\n");

	/* the first column nested too, and another separator */
	o.sep = "_";
	begin(WEIR_F_JSON, &o, "p_q|p_r|s");
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "2", 2, WEIR_TEXT, "3", -1)
	    == 0);
	CHECK_STR(end(), "[\n{\"p\":{\"q\":1,\"r\":2},\"s\":3}\n]\n");

	/* a clash: a column that is both a value and an object */
	o.sep = NULL;
	begin(WEIR_F_NDJSON, &o, "a|a.b");
	CHECK(put(0, WEIR_TEXT, "1", -1) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, "a.b") != NULL &&
	    strstr(err.msg, "clash") != NULL);
	end();
	begin(WEIR_F_NDJSON, &o, "a.b|a");
	CHECK(put(1, WEIR_TEXT, "1", -1) == -1);
	CHECK(err.code == EX_DATAERR);
	end();
	/* a clash in a column that appears later */
	begin(WEIR_F_NDJSON, &o, "x.y");
	CHECK(put(0, WEIR_TEXT, "1", -1) == 0);
	weir_header_add(&hdr, "x", 1);
	CHECK(put(1, WEIR_TEXT, "2", -1) == -1);
	CHECK(err.code == EX_DATAERR);
	end();
}

static void
test_libsvm(void)
{
	struct weir_wopts o;
	const struct weir_badrec *bad;

	memset(&o, 0, sizeof(o));
	o.label = "label";
	begin(WEIR_F_LIBSVM, &o, "f1|label|f2|f3|f4");
	CHECK(put(0, WEIR_TEXT, "0.5", 1, WEIR_TEXT, "1", 2, WEIR_TEXT, "",
	    3, WEIR_TEXT, "3", 4, WEIR_TEXT, "-2e-3", -1) == 0);
	CHECK(put(1, WEIR_NUM, "-1", 3, WEIR_BOOL, "true", 4, WEIR_BOOL,
	    "false", 0, WEIR_NULL, "", -1) == 0);
	/* a value that is no number: nothing is written */
	CHECK(put(0, WEIR_TEXT, "abc", 1, WEIR_TEXT, "1", 2, WEIR_TEXT, "2",
	    3, WEIR_TEXT, "3", 4, WEIR_TEXT, "4", -1) == WEIR_BAD);
	bad = weir_writer_bad(w);
	CHECK_STR(bad->column, "f1");
	CHECK_STR(bad->src, "in.csv");
	CHECK(bad->line == 7);
	CHECK(strstr(bad->reason, "libsvm needs numbers") != NULL &&
	    strstr(bad->reason, "abc") != NULL);
	CHECK(bad->rawlen == 11 && memcmp(bad->raw, "abc,1,2,3,4", 11) == 0);
	CHECK(err.code == EX_DATAERR);
	CHECK(strncmp(err.msg, "in.csv:7: column 'f1': ", 23) == 0);
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "1", 3, WEIR_TEXT, "1 ", -1)
	    == WEIR_BAD);
	CHECK_STR(weir_writer_bad(w)->column, "f3");
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "inf", -1) == WEIR_BAD);
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "nan", -1) == WEIR_BAD);
	CHECK(put(1, WEIR_STR, "x", -1) == WEIR_BAD);
	/* no label value */
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "", -1) == WEIR_BAD);
	CHECK_STR(weir_writer_bad(w)->column, "label");
	CHECK(strstr(weir_writer_bad(w)->reason, "no label") != NULL);
	CHECK(put(0, WEIR_TEXT, "1", -1) == WEIR_BAD);
	CHECK(put(1, WEIR_NULL, "", -1) == WEIR_BAD);
	/* and on after bad records */
	CHECK(put(1, WEIR_TEXT, "0", 4, WEIR_TEXT, "7", -1) == 0);
	CHECK_STR(end(), "1 1:0.5 3:3 4:-2e-3\n-1 3:1 4:0\n0 4:7\n");

	/* the label column must exist; --label is needed */
	begin(WEIR_F_LIBSVM, &o, "a|b");
	CHECK(put2("1", "2") == -1);
	CHECK(err.code == EX_USAGE);
	CHECK(strstr(err.msg, "label") != NULL);
	weir_writer_free(w);
	w = NULL;
	weir_out_abort(&out);
	unlink(path);
	begin(WEIR_F_LIBSVM, NULL, "a|b");
	CHECK(w == NULL);
	CHECK(err.code == EX_USAGE);
	weir_out_abort(&out);
	unlink(path);
}

static void
test_markdown(void)
{
	begin(WEIR_F_MARKDOWN, NULL, "a|b\\|c");
	weir_header_release(&hdr);
	weir_header_add(&hdr, "a", 1);
	weir_header_add(&hdr, "b|c", 3);
	CHECK(put2("x|y", "two\nlines\r\n") == 0);
	CHECK(put(1, WEIR_NUM, "1", -1) == 0);
	CHECK_STR(end(), "| a | b\\|c |\n| --- | --- |\n"
	    "| x\\|y | two<br>lines<br> |\n|  | 1 |\n");
	begin(WEIR_F_MARKDOWN, NULL, "a");
	CHECK_STR(end(), "| a |\n| --- |\n");
}

static void
test_table(void)
{
	begin(WEIR_F_TABLE, NULL, "a|bb|c");
	CHECK(put(0, WEIR_TEXT, "1", 1, WEIR_TEXT, "x", 2, WEIR_TEXT, "p",
	    -1) == 0);
	CHECK(put(0, WEIR_TEXT, "22", 1, WEIR_TEXT, "y\tz", -1) == 0);
	CHECK(put(0, WEIR_NUM, "-3.5", 1, WEIR_TEXT, "\xC3\xA9", 2,
	    WEIR_TEXT, "q", -1) == 0);
	CHECK_STR(end(), "   a  bb    c\n"
	    "   1  x     p\n"
	    "  22  y\\tz  \n"
	    "-3.5  \xC3\xA9     q\n");
}

int
main(void)
{
	test_csv();
	test_tsv();
	test_ndjson();
	test_json();
	test_unflatten();
	test_libsvm();
	test_markdown();
	test_table();
	weir_header_release(&hdr);
	weir_rec_release(&rec);
	weir_buf_release(&got);
	return T_DONE();
}
