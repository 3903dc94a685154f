/* t_badrows.c - the bad-record policy: the record's text, the message, the
 * --bad-rows file and the --max-bad limit. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "badrows.h"
#include "err.h"
#include "mem.h"
#include "rec.h"
#include "t.h"
#include "tcapture.h"

static char dir[256];
static char path[320];
static struct weir_err err;

/* The whole of file p ("(none)" if it cannot be read). */
static const char *
slurp(const char *p)
{
	static char text[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(p, "rb")) == NULL)
		return "(none)";
	n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	return text;
}

/* The names in dir, sorted, separated by ' ' ("" when empty). */
static const char *
listdir(void)
{
	static char out[1024];
	struct dirent **de;
	int n, i;

	out[0] = '\0';
	if ((n = scandir(dir, &de, NULL, alphasort)) == -1)
		return "(error)";
	for (i = 0; i < n; i++) {
		if (strcmp(de[i]->d_name, ".") != 0 &&
		    strcmp(de[i]->d_name, "..") != 0)
			snprintf(out + strlen(out), sizeof(out) - strlen(out),
			    "%s%s", out[0] ? " " : "", de[i]->d_name);
		free(de[i]);
	}
	free(de);
	return out;
}

/* path = dir/name */
static const char *
at(const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Fields of a record from "|"-separated text, each of type type. */
static void
fill(struct weir_rec *r, const char *text, int type)
{
	const char *p = text, *bar;
	size_t col = 0;

	r->n = 0;
	for (;;) {
		bar = strchr(p, '|');
		weir_rec_push(r, p, bar ? (size_t)(bar - p) : strlen(p), col++,
		    type);
		if (bar == NULL)
			break;
		p = bar + 1;
	}
}

/* weir_bad_csv of "|"-separated fields with delimiter delim. */
static const char *
csv(const char *text, int delim)
{
	static struct weir_buf b;
	struct weir_rec r;

	memset(&r, 0, sizeof(r));
	fill(&r, text, WEIR_TEXT);
	weir_buf_reset(&b);
	weir_buf_grow(&b, 0);
	weir_bad_csv(&b, r.f, r.n, delim);
	weir_rec_release(&r);
	return b.p;
}

static void
test_csv(void)
{
	struct weir_buf b = WEIR_BUF_INIT;

	CHECK_STR(csv("a|b|c", ','), "a,b,c");
	CHECK_STR(csv("", ','), "");
	CHECK_STR(csv("|", ','), ",");
	CHECK_STR(csv("a,b|c", ','), "\"a,b\",c");
	CHECK_STR(csv("say \"hi\"|x", ','), "\"say \"\"hi\"\"\",x");
	CHECK_STR(csv("\"", ','), "\"\"\"\"");
	CHECK_STR(csv("two\nlines|cr\rhere", ','), "\"two\nlines\",\"cr\rhere\"");
	CHECK_STR(csv("  spaces  |tab\there", ','), "  spaces  ,tab\there");
	CHECK_STR(csv("caf\xc3\xa9|\xe2\x82\xac", ','), "caf\xc3\xa9,\xe2\x82\xac");
	/* Another delimiter: that one is quoted, a comma is not. */
	CHECK_STR(csv("a;b|c,d", ';'), "\"a;b\";c,d");
	CHECK_STR(csv("a\tb|c", '\t'), "\"a\tb\"\tc");
	/* No fields: nothing added. */
	weir_bad_csv(&b, NULL, 0, ',');
	CHECK(b.len == 0);
	/* Appends to what the buffer holds. */
	weir_buf_adds(&b, "x=");
	{
		struct weir_field f;

		memset(&f, 0, sizeof(f));
		f.s = "1,2";
		f.len = 3;
		weir_bad_csv(&b, &f, 1, ',');
	}
	CHECK_STR(b.p, "x=\"1,2\"");
	weir_buf_release(&b);
}

static void
test_set(void)
{
	struct weir_badrec bad;
	char big[600];

	memset(&bad, 0, sizeof(bad));
	memset(&err, 0, sizeof(err));
	CHECK(weir_bad_set(&bad, &err, "a.csv", 7, NULL, "1,2,3", 5,
	    "%d fields, want %d", 3, 2) == WEIR_BAD);
	CHECK_STR(bad.src, "a.csv");
	CHECK(bad.line == 7);
	CHECK(bad.column == NULL);
	CHECK_STR(bad.reason, "3 fields, want 2");
	CHECK(bad.rawlen == 5 && memcmp(bad.raw, "1,2,3", 5) == 0);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "a.csv:7: 3 fields, want 2");

	memset(&err, 0, sizeof(err));
	CHECK(weir_bad_set(&bad, &err, "-", 12, "age", "x", 1,
	    "not a number: '%s'", "x") == WEIR_BAD);
	CHECK_STR(bad.column, "age");
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "-:12: column 'age': not a number: 'x'");

	/* A long reason is cut to fit, never overflows. */
	memset(big, 'r', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	weir_bad_set(&bad, &err, "a.csv", 1, NULL, NULL, 0, "%s", big);
	CHECK(strlen(bad.reason) == sizeof(bad.reason) - 1);
	CHECK(bad.raw == NULL && bad.rawlen == 0);
	CHECK(strncmp(err.msg, "a.csv:1: rrrr", 13) == 0);
	CHECK(strlen(err.msg) < sizeof(err.msg));
}

static void
test_rec(void)
{
	static const char *const names[] = { "id", "name", "ok", "x", "tags" };
	struct weir_header h;
	struct weir_rec r;
	struct weir_badrec bad;
	struct weir_buf raw = WEIR_BUF_INIT;
	size_t i;

	weir_header_init(&h);
	for (i = 0; i < 5; i++)
		weir_header_add(&h, names[i], strlen(names[i]));
	memset(&r, 0, sizeof(r));

	/* CSV text: one CSV line, quoted where needed; no header needed. */
	fill(&r, "1|Ann, \"A\"|yes", WEIR_TEXT);
	r.src = "people.csv";
	r.line = 4;
	weir_buf_adds(&raw, "left over");
	memset(&err, 0, sizeof(err));
	CHECK(weir_bad_rec(&bad, &raw, &err, NULL, &r, "name", "too %s",
	    "long") == WEIR_BAD);
	CHECK_STR(raw.p, "1,\"Ann, \"\"A\"\"\",yes");
	CHECK(bad.raw == raw.p && bad.rawlen == raw.len);
	CHECK_STR(bad.src, "people.csv");
	CHECK(bad.line == 4);
	CHECK_STR(bad.column, "name");
	CHECK_STR(bad.reason, "too long");
	CHECK_STR(err.msg, "people.csv:4: column 'name': too long");
	CHECK(err.code == EX_DATAERR);

	/* Only text, with a header: still CSV. */
	CHECK(weir_bad_rec(&bad, &raw, &err, &h, &r, NULL, "x") == WEIR_BAD);
	CHECK_STR(raw.p, "1,\"Ann, \"\"A\"\"\",yes");
	CHECK_STR(err.msg, "people.csv:4: x");

	/* Typed values (JSON input) with a header: one JSON object. */
	r.n = 0;
	weir_rec_push(&r, "1", 1, 0, WEIR_NUM);
	weir_rec_push(&r, "Ann \"A\"\n", 8, 1, WEIR_STR);
	weir_rec_push(&r, "true", 4, 2, WEIR_BOOL);
	weir_rec_push(&r, "", 0, 3, WEIR_NULL);
	weir_rec_push(&r, "[1,\"b\"]", 7, 4, WEIR_JSON);
	r.src = NULL;
	r.line = 9;
	CHECK(weir_bad_rec(&bad, &raw, &err, &h, &r, NULL, "bad %d", 1) ==
	    WEIR_BAD);
	CHECK_STR(raw.p, "{\"id\":1,\"name\":\"Ann \\\"A\\\"\\n\",\"ok\":true,"
	    "\"x\":null,\"tags\":[1,\"b\"]}");
	CHECK_STR(bad.src, "-");
	CHECK_STR(err.msg, "-:9: bad 1");

	/* Fields in any order and untyped text among typed values. */
	r.n = 0;
	weir_rec_push(&r, "t", 1, 4, WEIR_TEXT);
	weir_rec_push(&r, "2.5e3", 5, 0, WEIR_NUM);
	weir_bad_rec(&bad, &raw, &err, &h, &r, NULL, "x");
	CHECK_STR(raw.p, "{\"tags\":\"t\",\"id\":2.5e3}");

	/* Typed values without a header: CSV of their text. */
	weir_bad_rec(&bad, &raw, &err, NULL, &r, NULL, "x");
	CHECK_STR(raw.p, "t,2.5e3");

	/* An empty record: empty text, but never a NULL raw. */
	r.n = 0;
	weir_buf_release(&raw);
	weir_bad_rec(&bad, &raw, &err, NULL, &r, NULL, "empty");
	CHECK(bad.raw != NULL && bad.rawlen == 0);
	weir_bad_rec(&bad, &raw, &err, &h, &r, NULL, "empty");
	CHECK(bad.raw != NULL && bad.rawlen == 0);

	weir_buf_release(&raw);
	weir_rec_release(&r);
	weir_header_release(&h);
}

/* A bad record of src:line, its error in err as weir_bad_set makes it. */
static struct weir_badrec *
bad_at(const char *src, unsigned long line, const char *column,
    const char *raw)
{
	static struct weir_badrec bad;

	memset(&err, 0, sizeof(err));
	weir_bad_set(&bad, &err, src, line, column, raw,
	    raw ? strlen(raw) : 0, "wrong");
	return &bad;
}

/* Without --bad-rows: stop at once, or skip up to --max-bad, on stderr. */
static void
test_no_file(void)
{
	struct weir_bad b;
	const char *msg;
	int rv;

	/* Neither option: the first bad record stops, e names it. */
	CHECK(weir_bad_init(&b, NULL, -1, &err) == 0);
	CHECK(b.open == 0);
	cap_begin();
	rv = weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err);
	msg = cap_end();
	CHECK(rv == -1);
	CHECK_STR(msg, "");
	CHECK_STR(err.msg, "a.csv:2: wrong");
	CHECK(b.count == 1);
	weir_bad_abort(&b);

	/* --max-bad 0: the same. */
	CHECK(weir_bad_init(&b, NULL, 0, &err) == 0);
	CHECK(weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err) == -1);
	CHECK_STR(err.msg, "a.csv:2: wrong");

	/* --max-bad 2: two are named and skipped, the third stops. */
	CHECK(weir_bad_init(&b, NULL, 2, &err) == 0);
	cap_begin();
	rv = weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err);
	rv += weir_bad_put(&b, bad_at("a.csv", 5, "age", "y"), &err);
	msg = cap_end();
	CHECK(rv == 0);
	CHECK_STR(msg, "weir: a.csv:2: wrong (skipped)\n"
	    "weir: a.csv:5: column 'age': wrong (skipped)\n");
	cap_begin();
	rv = weir_bad_finish(&b, &err);
	msg = cap_end();
	CHECK(rv == 0);
	CHECK_STR(msg, "weir: 2 bad records skipped\n");
	cap_begin();
	rv = weir_bad_put(&b, bad_at("a.csv", 9, NULL, "z"), &err);
	msg = cap_end();
	CHECK(rv == -1);
	CHECK_STR(msg, "");
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "more than 2 bad records (--max-bad); the last: "
	    "a.csv:9: wrong");
	CHECK(b.count == 3);
	weir_bad_abort(&b);

	/* One skipped: "record", not "records"; none: nothing said. */
	CHECK(weir_bad_init(&b, NULL, 5, &err) == 0);
	cap_begin();
	rv = weir_bad_finish(&b, &err);
	weir_bad_put(&b, bad_at("b.csv", 3, NULL, "x"), &err);
	rv += weir_bad_finish(&b, &err);
	msg = cap_end();
	CHECK(rv == 0);
	CHECK_STR(msg, "weir: b.csv:3: wrong (skipped)\n"
	    "weir: 1 bad record skipped\n");
	CHECK_STR(listdir(), "");
}

/* With --bad-rows: one CSV row each, the file committed or removed whole. */
static void
test_file(void)
{
	struct weir_bad b;
	struct weir_badrec *r;
	const char *msg;
	char want[512];
	int rv;

	/* Nothing is there under the file's name until it is committed. */
	CHECK(weir_bad_init(&b, at("bad.csv"), -1, &err) == 0);
	CHECK(b.open == 1);
	CHECK(strncmp(listdir(), ".bad.csv.", 9) == 0);
	cap_begin();
	rv = weir_bad_put(&b, bad_at("a.csv", 2, NULL, "1,2,3"), &err);
	rv += weir_bad_put(&b, bad_at("a.csv", 4, "name", "\"Bo\", x"), &err);
	r = bad_at("x", 6, "say, \"hi\"", "two\nlines");
	r->src = NULL;			/* standard input */
	rv += weir_bad_put(&b, r, &err);
	msg = cap_end();
	CHECK(rv == 0);
	CHECK_STR(msg, "");
	CHECK(b.count == 3);
	cap_begin();
	rv = weir_bad_finish(&b, &err);
	msg = cap_end();
	CHECK(rv == 0);
	snprintf(want, sizeof(want), "weir: 3 bad records written to '%s'\n",
	    path);
	CHECK_STR(msg, want);
	CHECK_STR(listdir(), "bad.csv");
	CHECK_STR(slurp(path), "source,line,column,reason,record\n"
	    "a.csv,2,,wrong,\"1,2,3\"\n"
	    "a.csv,4,name,wrong,\"\"\"Bo\"\", x\"\n"
	    "-,6,\"say, \"\"hi\"\"\",wrong,\"two\nlines\"\n");
	/* Abort after finish leaves the file; twice is harmless. */
	weir_bad_abort(&b);
	weir_bad_abort(&b);
	CHECK_STR(listdir(), "bad.csv");

	/* No bad record: a file with the header only, and no message. */
	CHECK(weir_bad_init(&b, at("bad.csv"), 10, &err) == 0);
	cap_begin();
	rv = weir_bad_finish(&b, &err);
	msg = cap_end();
	CHECK(rv == 0);
	CHECK_STR(msg, "");
	CHECK_STR(slurp(at("bad.csv")), "source,line,column,reason,record\n");

	/* One written: "record". */
	CHECK(weir_bad_init(&b, at("one.csv"), -1, &err) == 0);
	weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err);
	cap_begin();
	weir_bad_finish(&b, &err);
	msg = cap_end();
	snprintf(want, sizeof(want), "weir: 1 bad record written to '%s'\n",
	    at("one.csv"));
	CHECK_STR(msg, want);
	unlink(at("one.csv"));

	/* --max-bad 1: the second stops; abort keeps the old file as it was. */
	CHECK(weir_bad_init(&b, at("bad.csv"), 1, &err) == 0);
	CHECK(weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err) == 0);
	CHECK(weir_bad_put(&b, bad_at("a.csv", 3, "c", "y"), &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "more than 1 bad records (--max-bad); the last: "
	    "a.csv:3: column 'c': wrong");
	weir_bad_abort(&b);
	weir_bad_abort(&b);
	CHECK_STR(listdir(), "bad.csv");
	CHECK_STR(slurp(at("bad.csv")), "source,line,column,reason,record\n");

	/* --max-bad 0 with a file: the first stops. */
	CHECK(weir_bad_init(&b, at("zero.csv"), 0, &err) == 0);
	CHECK(weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err) == -1);
	CHECK_STR(err.msg, "more than 0 bad records (--max-bad); the last: "
	    "a.csv:2: wrong");
	weir_bad_abort(&b);
	CHECK_STR(listdir(), "bad.csv");
	unlink(at("bad.csv"));

	/* A name ending in .gz is compressed, as for -o. */
	CHECK(weir_bad_init(&b, at("bad.csv.gz"), -1, &err) == 0);
	weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err);
	cap_begin();
	weir_bad_finish(&b, &err);
	cap_end();
	CHECK(memcmp(slurp(at("bad.csv.gz")), "\x1f\x8b", 2) == 0);
	unlink(at("bad.csv.gz"));

	/* A folder that is not there: init fails, nothing is left open. */
	memset(&err, 0, sizeof(err));
	CHECK(weir_bad_init(&b, at("none/bad.csv"), -1, &err) == -1);
	CHECK(err.code == EX_CANTCREAT);
	snprintf(want, sizeof(want), "cannot create '%s'", path);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(b.open == 0);
	weir_bad_abort(&b);

	/* A write error shows on finish (or on a put that fills the buffer). */
	if (access("/dev/full", W_OK) == 0) {
		static char huge[100000];

		CHECK(weir_bad_init(&b, "/dev/full", -1, &err) == 0);
		CHECK(weir_bad_put(&b, bad_at("a.csv", 2, NULL, "x"), &err) == 0);
		memset(&err, 0, sizeof(err));
		CHECK(weir_bad_finish(&b, &err) == -1);
		CHECK(err.code == EX_IOERR);
		CHECK_STR(err.msg, "write to '/dev/full': No space left on device");
		weir_bad_abort(&b);

		memset(huge, 'x', sizeof(huge) - 1);
		CHECK(weir_bad_init(&b, "/dev/full", -1, &err) == 0);
		CHECK(weir_bad_put(&b, bad_at("a.csv", 2, NULL, huge), &err) == -1);
		CHECK(err.code == EX_IOERR);
		weir_bad_abort(&b);
	}
	CHECK_STR(listdir(), "");
}

int
main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/weir-t-badrows.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_csv();
	test_set();
	test_rec();
	test_no_file();
	test_file();
	if (rmdir(dir) == -1)
		perror(dir);
	return T_DONE();
}
