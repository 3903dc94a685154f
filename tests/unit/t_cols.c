/* t_cols.c - column lists (-c) and projections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "err.h"
#include "mem.h"
#include "rec.h"
#include "t.h"

static struct weir_header h;
static struct weir_err err;

/* Parse list; the columns as "0 2 5" (0-based), or "E64" on error. */
static const char *
cols(const char *list)
{
	static char out[512];
	static size_t dummy;
	size_t *c = &dummy, n = 99, i;

	memset(&err, 0, sizeof(err));
	if (weir_cols_parse(list, &h, "-c", &c, &n, &err) == -1) {
		snprintf(out, sizeof(out), "E%d%s", err.code,
		    c == NULL ? "" : " (cols not NULL)");
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%zu",
		    i ? " " : "", c[i]);
	free(c);
	return out;
}

static void
test_parse(void)
{
	static const char *const names[] = { "id", "name", "2", "a,b", "x-y",
	    "price", "qty", "" };
	size_t i;

	weir_header_init(&h);
	for (i = 0; i < 8; i++)
		weir_header_add(&h, names[i], strlen(names[i]));

	CHECK_STR(cols("id"), "0");
	CHECK_STR(cols("qty,id,price"), "6 0 5");
	CHECK_STR(cols("id,id"), "0 0");
	CHECK_STR(cols("1"), "0");
	CHECK_STR(cols("8"), "7");
	CHECK_STR(cols("7,1"), "6 0");
	CHECK_STR(cols("2"), "2");		/* the column named "2" */
	CHECK_STR(cols("3"), "2");		/* the third column */
	CHECK_STR(cols("4-6"), "3 4 5");
	CHECK_STR(cols("6-6"), "5");
	CHECK_STR(cols("6-"), "5 6 7");
	CHECK_STR(cols("8-"), "7");
	CHECK_STR(cols("1-2,name"), "0 1 1");
	CHECK_STR(cols("a\\,b"), "3");		/* an escaped comma */
	CHECK_STR(cols("a\\,b,1"), "3 0");
	CHECK_STR(cols("x-y"), "4");		/* a name wins over a range */
	CHECK_STR(cols("name,,id"), "1 7 0");	/* the empty name exists */
	CHECK_STR(cols("01"), "0");

	/* unknown names */
	CHECK_STR(cols("nope"), "E64");
	CHECK(strstr(err.msg, "unknown column 'nope'") != NULL);
	CHECK(strstr(err.msg, "-c") != NULL);
	CHECK(strstr(err.msg, "id, name, 2") != NULL);	/* lists columns */
	CHECK_STR(cols("id,nope,qty"), "E64");
	CHECK(strstr(err.msg, "'nope'") != NULL);
	CHECK_STR(cols("ID"), "E64");			/* case matters */
	CHECK_STR(cols("a,b"), "E64");			/* unescaped: a, b */
	CHECK(strstr(err.msg, "'a'") != NULL);
	CHECK_STR(cols("a-b"), "E64");
	CHECK(strstr(err.msg, "unknown column 'a-b'") != NULL);	/* not 'a' */
	CHECK_STR(cols("first-name"), "E64");
	CHECK(strstr(err.msg, "'first-name'") != NULL);
	CHECK_STR(cols("-3"), "E64");
	CHECK_STR(cols("1-x"), "E64");
	CHECK_STR(cols("1.5"), "E64");

	/* out of range */
	CHECK_STR(cols("0"), "E64");
	CHECK(strstr(err.msg, "out of range") != NULL);
	CHECK(strstr(err.msg, "8 columns") != NULL);
	CHECK_STR(cols("9"), "E64");
	CHECK(strstr(err.msg, "column 9 is out of range") != NULL);
	CHECK_STR(cols("6-3"), "E64");
	CHECK(strstr(err.msg, "6-3") != NULL);
	CHECK_STR(cols("0-2"), "E64");
	CHECK_STR(cols("2-9"), "E64");
	CHECK_STR(cols("9-"), "E64");
	CHECK_STR(cols("99999999999999999999"), "E64");

	/* an empty header has no columns to give */
	weir_header_release(&h);
	CHECK_STR(cols("1"), "E64");
	CHECK_STR(cols("a"), "E64");
	CHECK(strstr(err.msg, "none") != NULL);
	/* a long header is listed in part */
	for (i = 0; i < 500; i++) {
		char nm[32];

		snprintf(nm, sizeof(nm), "column_number_%zu", i);
		weir_header_add(&h, nm, strlen(nm));
	}
	CHECK_STR(cols("nope"), "E64");
	CHECK(strstr(err.msg, ", ...") != NULL && strlen(err.msg) < 400);
	CHECK_STR(cols("500"), "499");
	CHECK_STR(cols("499-"), "498 499");
	weir_header_release(&h);
}

/* The projected record as "col=text/T ..." */
static const char *
show(const struct weir_rec *r)
{
	static char out[512];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < r->n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out),
		    "%s%zu=%.*s/%d", i ? " " : "", r->f[i].col,
		    (int)r->f[i].len, r->f[i].s, r->f[i].type);
	return out;
}

static void
test_proj(void)
{
	static const size_t src[] = { 2, WEIR_NOCOL, 0, 2 };
	struct weir_proj p;
	struct weir_rec in;
	const struct weir_rec *o;

	memset(&in, 0, sizeof(in));
	weir_proj_init(&p, src, 4);
	in.src = "f.csv";
	in.line = 9;
	weir_rec_push(&in, "A", 1, 0, WEIR_TEXT);
	weir_rec_push(&in, "B", 1, 1, WEIR_TEXT);
	weir_rec_push(&in, "C", 1, 2, WEIR_NUM);
	o = weir_proj_apply(&p, &in);
	CHECK_STR(show(o), "0=C/2 2=A/0 3=C/2");
	CHECK_STR(o->src, "f.csv");
	CHECK(o->line == 9);
	CHECK(o->f[0].s == in.f[2].s);		/* no copy */

	/* a record without some columns, in another order */
	in.n = 0;
	in.line = 10;
	weir_rec_push(&in, "b", 1, 1, WEIR_STR);
	weir_rec_push(&in, "a", 1, 0, WEIR_STR);
	o = weir_proj_apply(&p, &in);
	CHECK_STR(show(o), "2=a/1");
	CHECK(o->line == 10);
	/* nothing left over from the record before */
	in.n = 0;
	weir_rec_push(&in, "x", 1, 1, WEIR_TEXT);
	CHECK_STR(show(weir_proj_apply(&p, &in)), "");
	/* columns beyond any seen before (a growing JSON header) */
	in.n = 0;
	weir_rec_push(&in, "far", 3, 1000, WEIR_TEXT);
	weir_rec_push(&in, "c", 1, 2, WEIR_BOOL);
	CHECK_STR(show(weir_proj_apply(&p, &in)), "0=c/3 3=c/3");
	in.n = 0;
	CHECK_STR(show(weir_proj_apply(&p, &in)), "");
	weir_proj_release(&p);

	/* an empty projection */
	weir_proj_init(&p, src, 0);
	in.n = 0;
	weir_rec_push(&in, "a", 1, 0, WEIR_TEXT);
	CHECK_STR(show(weir_proj_apply(&p, &in)), "");
	weir_proj_release(&p);
	weir_rec_release(&in);
}

/* Items of a list, one at a time, "\\," a comma inside one. */
static void
test_item(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	const char *p = "a,b\\,c,,3-5,";

	CHECK(weir_cols_item(&p, &b) && strcmp(b.p, "a") == 0);
	CHECK(weir_cols_item(&p, &b) && strcmp(b.p, "b,c") == 0);
	CHECK(weir_cols_item(&p, &b) && b.len == 0);
	CHECK(weir_cols_item(&p, &b) && strcmp(b.p, "3-5") == 0);
	CHECK(weir_cols_item(&p, &b) && b.len == 0 && p == NULL);
	CHECK(!weir_cols_item(&p, &b));
	p = "";
	CHECK(weir_cols_item(&p, &b) && b.len == 0 && p == NULL);
	weir_buf_release(&b);
}

int
main(void)
{
	test_item();
	test_parse();
	test_proj();
	return T_DONE();
}
