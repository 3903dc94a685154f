/* t_ndjson.c - NDJSON and JSON-array readers through weir_reader_open(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "stream.h"
#include "t.h"

#define T_FMT	WEIR_F_NDJSON
#define T_NO_DUMP
#include "treader.h"

static struct weir_reader *
ropen_opt(const char *s, int fmt, int flatten, const char *sep)
{
	struct weir_ropts o;

	memset(&o, 0, sizeof(o));
	o.fmt = fmt;
	o.flatten = flatten;
	o.sep = sep;
	return ropen_n(s, strlen(s), &o);
}

/* NDJSON, flattened with "." */
static struct weir_reader *
nd(const char *s)
{
	return ropen_opt(s, WEIR_F_NDJSON, 1, NULL);
}

static struct weir_reader *
arr(const char *s)
{
	return ropen_opt(s, WEIR_F_JSON, 1, NULL);
}

/*
 * Read to the end: "L2:name=value/T,..." per record (T one of S N B 0 J),
 * "B3:reason" per bad record, "E65:msg" for an error (the end), each
 * ending in a newline; frees r.  The message loses its "path:" prefix.
 */
static const char *
dump(struct weir_reader *r)
{
	static struct weir_buf b;
	const struct weir_header *h;
	const struct weir_rec *rec;
	size_t i, pl = strlen(path);
	int rv;

	weir_buf_reset(&b);
	weir_buf_grow(&b, 0);
	if (r == NULL) {
		weir_buf_addf(&b, "open E%d", err.code);
		return b.p;
	}
	h = weir_reader_header(r);
	while ((rv = weir_reader_next(r, &rec, &err)) != 0) {
		if (rv == -1) {
			weir_buf_addf(&b, "E%d:%s\n", err.code,
			    strncmp(err.msg, path, pl) == 0 && err.msg[pl] == ':' ?
			    err.msg + pl + 1 : err.msg);
			break;
		}
		if (rv == WEIR_BAD) {
			weir_buf_addf(&b, "B%lu:%s\n", weir_reader_bad(r)->line,
			    weir_reader_bad(r)->reason);
			continue;
		}
		weir_buf_addf(&b, "L%lu:", rec->line);
		for (i = 0; i < rec->n; i++) {
			const struct weir_field *f = &rec->f[i];

			if (i)
				weir_buf_addc(&b, ',');
			weir_buf_add(&b, h->name[f->col], h->len[f->col]);
			weir_buf_addc(&b, '=');
			weir_buf_add(&b, f->s, f->len);
			weir_buf_addc(&b, '/');
			weir_buf_addc(&b, "TSNB0J"[f->type]);
		}
		weir_buf_addc(&b, '\n');
	}
	weir_reader_free(r);
	return b.p;
}

#define ND(in, want)	CHECK_STR(dump(nd(in)), want)
#define ARR(in, want)	CHECK_STR(dump(arr(in)), want)

static void
test_types(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;

	r = nd("{\"s\":\"x\",\"n\":1.10,\"b\":true,\"f\":false,\"z\":null,"
	    "\"a\":[1, \"two\" ,{\"k\": null}],\"o\":{\"k\":1,\"p\":{\"q\":\"r\"}},"
	    "\"e\":{},\"big\":123456789012345678901234567890}\n");
	CHECK(r != NULL);
	CHECK(weir_reader_fixed(r) == 0);
	CHECK(weir_reader_format(r) == WEIR_F_NDJSON);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->n == 10 && rec->line == 1);
	CHECK_STR(rec->src, path);
	CHECK(rec->n == 10 && rec->f[4].type == WEIR_NULL &&
	    rec->f[4].len == 0);
	weir_reader_free(r);
	ND("{\"s\":\"x\",\"n\":1.10,\"b\":true,\"f\":false,\"z\":null,"
	    "\"a\":[1, \"two\" ,{\"k\": null}],\"o\":{\"k\":1,\"p\":{\"q\":\"r\"}},"
	    "\"e\":{},\"big\":123456789012345678901234567890}\n",
	    "L1:s=x/S,n=1.10/N,b=true/B,f=false/B,z=/0,"
	    "a=[1,\"two\",{\"k\":null}]/J,o.k=1/N,o.p.q=r/S,e={}/J,"
	    "big=123456789012345678901234567890/N\n");
	/* without flatten an object is one JSON value */
	CHECK_STR(dump(ropen_opt("{\"o\":{\"k\": 1, \"l\":[ ]},\"x\":1}\n",
	    WEIR_F_NDJSON, 0, NULL)), "L1:o={\"k\":1,\"l\":[]}/J,x=1/N\n");
	/* another separator */
	CHECK_STR(dump(ropen_opt("{\"o\":{\"k\":{\"m\":1}}}\n",
	    WEIR_F_NDJSON, 1, "__")), "L1:o__k__m=1/N\n");
	/* escapes */
	ND("{\"t\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\",\"k\\u0041\":1}\n",
	    "L1:t=a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80/S,kA=1/N\n");
	ND("{}\n{ }\n", "L1:\nL2:\n");
}

static void
test_nd_lines(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_header *h;

	/* the header grows; records hold only their own keys */
	r = nd("{\"a\":1}\n{\"b\":2,\"a\":3}\n{\"c\":4}\n");
	h = weir_reader_header(r);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && h->n == 1);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && h->n == 2);
	CHECK(rec->n == 2 && rec->f[0].col == 1 && rec->f[1].col == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && h->n == 3);
	CHECK(rec->n == 1 && rec->f[0].col == 2);
	CHECK_STR(hdr(r), "a|b|c");
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	CHECK(weir_reader_records(r) == 3);
	weir_reader_free(r);

	/* blank lines, CRLF, no final newline, leading blanks */
	ND("\n{\"a\":1}\r\n  \t\r\n\n\t {\"a\":2} \r\n{\"a\":3}",
	    "L2:a=1/N\nL5:a=2/N\nL6:a=3/N\n");
	ND("", "");
	ND("\n\n", "");
	/* sniffed */
	{
		struct weir_ropts o;

		memset(&o, 0, sizeof(o));
		r = ropen_n("  {\"a\":1}\n", 10, &o);
		CHECK(r != NULL && weir_reader_format(r) == WEIR_F_NDJSON);
		CHECK_STR(dump(r), "L1:a=1/N\n");
	}
}

static void
test_nd_bad(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_badrec *bad;
	char want[256];

	r = nd("{\"a\":1}\n\n{\"a\":1,\"b\":2,\"a\":3}\n{\"a\":4}\n");
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	bad = weir_reader_bad(r);
	CHECK_STR(bad->src, path);
	CHECK(bad->line == 3);
	CHECK(bad->column == NULL);
	CHECK_STR(bad->reason, "duplicate key 'a'");
	CHECK(bad->rawlen == 19 &&
	    memcmp(bad->raw, "{\"a\":1,\"b\":2,\"a\":3}", 19) == 0);
	CHECK(err.code == EX_DATAERR);
	snprintf(want, sizeof(want), "%s:3: duplicate key 'a'", path);
	CHECK_STR(err.msg, want);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->line == 4 && rec->n == 1 && rec->f[0].s[0] == '4');
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	CHECK(weir_reader_records(r) == 2);
	weir_reader_free(r);

	/* a duplicate made by flattening, and not without it */
	ND("{\"a\":{\"b\":1},\"a.b\":2}\n", "B1:duplicate key 'a.b'\n");
	CHECK_STR(dump(ropen_opt("{\"a\":{\"b\":1},\"a.b\":2}\n",
	    WEIR_F_NDJSON, 0, NULL)), "L1:a={\"b\":1}/J,a.b=2/N\n");

	/* invalid lines are bad records; the next line is read */
	ND("{\"a\":1}\n{\"a\":\n{\"a\":2}\n",
	    "L1:a=1/N\nB2:invalid JSON: the line ends inside the object\n"
	    "L3:a=2/N\n");
	ND("{\"a\" 1}\n{\"a\":2}\n",
	    "B1:invalid JSON at column 6: expected ':' after object key\n"
	    "L2:a=2/N\n");
	ND("{\"a\":1} x\n{\"a\":2}\n",
	    "B1:invalid JSON at column 9: text after the object\nL2:a=2/N\n");
	/* a NUL after the object is the offending byte (strchr finds NULs) */
	{
		struct weir_ropts o;

		memset(&o, 0, sizeof(o));
		o.fmt = WEIR_F_NDJSON;
		CHECK_STR(dump(ropen_n("{\"a\":1}\0", 8, &o)),
		    "B1:invalid JSON at column 8: text after the object\n");
		CHECK_STR(dump(ropen_n("{\"a\":1} \0x\n{}", 13, &o)),
		    "B1:invalid JSON at column 9: text after the object\nL2:\n");
	}
	ND("{\"a\":1}{\"a\":2}\n",
	    "B1:invalid JSON at column 8: text after the object\n");
	ND("[1,2]\n\"s\"\n{\"a\":2}\n", "B1:invalid JSON at column 1: expected "
	    "'{': a record must be a JSON object\nB2:invalid JSON at column 1: "
	    "expected '{': a record must be a JSON object\nL3:a=2/N\n");
	ND("{\"a\":\"x\xFFy\"}\n{\"a\":2}\n",
	    "B1:invalid JSON at column 8: invalid UTF-8 in string\nL2:a=2/N\n");
	ND("{\"a\":01}\n", "B1:invalid JSON at column 7: invalid number\n");
	ND("{\"a\":1}\n{\n", "L1:a=1/N\nB2:invalid JSON: the line ends inside "
	    "the object\n");
	r = nd("{\"a\":1,\n\"b\":2}\n");
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	CHECK(weir_reader_bad(r)->rawlen == 7 &&
	    memcmp(weir_reader_bad(r)->raw, "{\"a\":1,", 7) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	CHECK(weir_reader_bad(r)->line == 2);
	weir_reader_free(r);
}

static void
test_array(void)
{
	struct weir_reader *r;
	const struct weir_rec *rec;

	/* pretty-printed: each record has the line of its '{' */
	ARR("[\n  {\n    \"a\": 1,\n    \"b\": \"x\"\n  },\n  {\n    \"a\": 2\n"
	    "  }\n]\n", "L2:a=1/N,b=x/S\nL6:a=2/N\n");
	ARR("\n\n[{\"a\":1},{\"a\":2},\n{\"a\":3}]", "L3:a=1/N\nL3:a=2/N\n"
	    "L4:a=3/N\n");
	ARR("[{\"a\":\"multi\\nline\"}\r\n,\r\n{\"b\":[\n1,\n2\n]}\n,{}]\n",
	    "L1:a=multi\nline/S\nL3:b=[1,2]/J\nL7:\n");
	ARR("[]", "");
	ARR("[ ]\n", "");
	ARR(" \n [\n\n]\n \n", "");
	r = arr("[]\n");
	CHECK(r != NULL && weir_reader_fixed(r) == 0 &&
	    weir_reader_format(r) == WEIR_F_JSON);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	weir_reader_free(r);
	/* sniffed */
	{
		struct weir_ropts o;

		memset(&o, 0, sizeof(o));
		r = ropen_n("\n [{\"a\":1}]", 11, &o);
		CHECK(r != NULL && weir_reader_format(r) == WEIR_F_JSON);
		CHECK_STR(dump(r), "L2:a=1/N\n");
	}

	/* broken arrays end the stream */
	ARR("[{\"a\":1} {\"a\":2}]", "L1:a=1/N\nE65:1: invalid JSON: "
	    "expected ',' or ']' after an object\n");
	ARR("[{\"a\":1}]\n]", "L1:a=1/N\nE65:2: invalid JSON: text after "
	    "the array\n");
	ARR("[{\"a\":1}] x", "L1:a=1/N\nE65:1: invalid JSON: text after "
	    "the array\n");
	ARR("[{\"a\":1}][]", "L1:a=1/N\nE65:1: invalid JSON: text after "
	    "the array\n");
	ARR("[{\"a\":1},]", "L1:a=1/N\nE65:1: invalid JSON: expected '{': a "
	    "record must be a JSON object\n");
	ARR("[{\"a\":1},\n", "L1:a=1/N\nE65:2: invalid JSON: the input ends "
	    "inside the array\n");
	ARR("[{\"a\":1}\n", "L1:a=1/N\nE65:2: invalid JSON: the input ends "
	    "inside the array\n");
	ARR("[\n{\"a\":\n1", "E65:2: invalid JSON: the input ends inside "
	    "an object\n");
	ARR("[", "E65:1: invalid JSON: the input ends inside the array\n");
	ARR("{\"a\":1}", "E65:1: invalid JSON: expected '[' to start an "
	    "array of objects\n");
	ARR("[1,2]", "E65:1: invalid JSON: expected '{': a record must be a "
	    "JSON object\n");
	ARR("[\n{\"a\":1,\n\"b\" 2}]", "E65:3: invalid JSON: expected ':' "
	    "after object key\n");
	/* a duplicate key is a bad record, and reading goes on */
	ARR("[{\"a\":1,\"a\":2},\n{\"a\":3}]", "B1:duplicate key 'a'\n"
	    "L2:a=3/N\n");
	r = arr("[\n{\"a\":1,\n\"a\":2}]");
	CHECK(weir_reader_next(r, &rec, &err) == WEIR_BAD);
	CHECK(weir_reader_bad(r)->line == 2);
	CHECK(weir_reader_bad(r)->rawlen == 14 &&
	    memcmp(weir_reader_bad(r)->raw, "{\"a\":1,\n\"a\":2}", 14) == 0);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	weir_reader_free(r);
}

/* Objects larger than a read, and many records across reads. */
static void
test_big(void)
{
	struct weir_buf in = WEIR_BUF_INIT;
	struct weir_reader *r;
	const struct weir_rec *rec;
	unsigned long line, ok;
	size_t i, k;
	int rv, fmt;

	weir_buf_adds(&in, "[\n{\"first\":1},\n{\"big\":\"");
	for (i = 0; i < 250000; i++)
		weir_buf_addc(&in, "abc\xC3\xA9"[i % 5]);
	weir_buf_adds(&in, "\",\n\"arr\":[");
	for (i = 0; i < 30000; i++)
		weir_buf_adds(&in, i ? ",\n1" : "1");
	weir_buf_adds(&in, "]},\n{\"last\":true}\n]\n");
	r = arr(in.p);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 2);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 3);
	CHECK(rec->n == 2 && rec->f[0].len == 250000 &&
	    rec->f[1].len == 2 + 30000 + 29999);
	CHECK(weir_reader_next(r, &rec, &err) == 1);
	CHECK(rec->line == 3 + 1 + 29999 + 1);
	CHECK(rec->n == 1 && rec->f[0].type == WEIR_BOOL);
	CHECK(weir_reader_next(r, &rec, &err) == 0);
	weir_reader_free(r);

	/* the same object as one NDJSON line */
	weir_buf_reset(&in);
	weir_buf_adds(&in, "{\"big\":\"");
	for (i = 0; i < 250000; i++)
		weir_buf_addc(&in, 'x');
	weir_buf_adds(&in, "\"}\n{\"n\":2}\n");
	r = nd(in.p);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->f[0].len == 250000);
	CHECK(weir_reader_next(r, &rec, &err) == 1 && rec->line == 2);
	weir_reader_free(r);

	/* ~1 MB of records, both formats, lines counted across reads */
	for (fmt = 0; fmt < 2; fmt++) {
		weir_buf_reset(&in);
		if (fmt)
			weir_buf_adds(&in, "[\n");
		for (i = 0; in.len < (1 << 20); i++) {
			weir_buf_addf(&in, "%s{\"id\":%zu,\"t\":\"\\u00e9%s\","
			    "\"k%zu\":null}\n", fmt && i ? "," : "", i,
			    i % 3 ? "" : "x\\ny", i % 50);
			if (i % 7 == 0)
				weir_buf_adds(&in, "\n");
		}
		if (fmt)
			weir_buf_adds(&in, "]\n");
		r = fmt ? arr(in.p) : nd(in.p);
		line = fmt ? 2 : 1;
		ok = 1;
		for (k = 0; (rv = weir_reader_next(r, &rec, &err)) == 1; k++) {
			char num[32];

			snprintf(num, sizeof(num), "%zu", k);
			if (rec->line != line || rec->n != 3 ||
			    rec->f[0].len != strlen(num) ||
			    memcmp(rec->f[0].s, num, rec->f[0].len) != 0 ||
			    rec->f[1].len != (k % 3 ? 2u : 5u) ||
			    rec->f[2].col != 2 + k % 50)
				ok = 0;
			line += 1 + (k % 7 == 0);
		}
		CHECK(rv == 0);
		CHECK(ok);
		CHECK(k == i);
		CHECK(weir_reader_header(r)->n == 52);
		weir_reader_free(r);
	}
	weir_buf_release(&in);
}

int
main(void)
{
	test_types();
	test_nd_lines();
	test_nd_bad();
	test_array();
	test_big();
	return T_DONE();
}
