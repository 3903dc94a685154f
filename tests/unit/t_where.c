/* t_where.c - the --where grammar: operators, quoting, lists, errors. */
#include <string.h>

#include "err.h"
#include "where.h"
#include "t.h"

static struct weir_err err;

/* 1 or 0 as expr holds for v (NULL: absent), -1 if expr did not parse. */
static int
m(const char *expr, const char *v)
{
	struct weir_where *w = weir_where_parse(expr, &err);
	int r;

	if (w == NULL)
		return -1;
	r = weir_where_match(w, v, v != NULL ? strlen(v) : 0);
	weir_where_free(w);
	return r;
}

/* The message for an expression that must not parse. */
static const char *
bad(const char *expr)
{
	struct weir_where *w = weir_where_parse(expr, &err);

	if (w != NULL) {
		weir_where_free(w);
		return "(parsed)";
	}
	return err.code == EX_USAGE ? err.msg : "(wrong code)";
}

static void
test_compare(void)
{
	CHECK(m("a == 3", "3") == 1);
	CHECK(m("a = 3", "3.0") == 1);		/* numbers by value */
	CHECK(m("a == 3", "03") == 1);
	CHECK(m("a == x", "x") == 1);
	CHECK(m("a != x", "y") == 1);
	CHECK(m("a > 9", "10") == 1);		/* not "10" < "9" */
	CHECK(m("a < 10", "9.5") == 1);
	CHECK(m("a >= 10", "1e1") == 1);
	CHECK(m("a <= -1", "-2") == 1);
	CHECK(m("a > abc", "b") == 1);		/* bytes */
	CHECK(m("a > 10", "abc") == 1);		/* one side text: bytes */
	CHECK(m("a < 123456789012345678901", "123456789012345678900") == 1);
	CHECK(m("a == New York", "New York") == 1);
	CHECK(m("a == 'New York '", "New York ") == 1);
	CHECK(m("\"unit price\" > 10", "11") == 1);
	CHECK(m("a=='it\\'s'", "it's") == 1);
}

static void
test_missing(void)
{
	CHECK(m("a < 18", NULL) == 0);		/* no order for missing */
	CHECK(m("a < 18", "") == 0);
	CHECK(m("a > 18", NULL) == 0);
	CHECK(m("a != 3", NULL) == 1);
	CHECK(m("a == ''", NULL) == 1);
	CHECK(m("a is empty", NULL) == 1);
	CHECK(m("a is empty", "") == 1);
	CHECK(m("a is empty", "x") == 0);
	CHECK(m("a IS NOT EMPTY", "x") == 1);
	CHECK(m("a is not empty", NULL) == 0);
}

static void
test_regex_in(void)
{
	CHECK(m("email ~ ^[ab]@", "a@x") == 1);
	CHECK(m("email ~ ^[ab]@", "c@x") == 0);
	CHECK(m("email !~ x\\.com$", "a@x.com") == 0);
	CHECK(m("email ~ x", NULL) == 0);
	CHECK(m("c in (FR, DE,NL)", "DE") == 1);
	CHECK(m("c in (FR, DE,NL)", "BE") == 0);
	CHECK(m("c in ('a,b', c)", "a,b") == 1);
	CHECK(m("c not in (x, y)", "z") == 1);
	CHECK(m("c NOT IN (x, y)", "x") == 0);
	CHECK(m("c in (x, '')", NULL) == 1);
}

static void
test_errors(void)
{
	CHECK_STR(bad("age >> 3"), "--where 'age >> 3': unknown operator '>>'");
	CHECK_STR(bad(""), "--where '': a column name first");
	CHECK_STR(bad("age"), "--where 'age': an operator after the column "
	    "(== != < <= > >= ~ !~ in, is empty)");
	CHECK_STR(bad("a == 'x"), "--where 'a == 'x': unterminated quote");
	CHECK_STR(bad("a in (x, y"), "--where 'a in (x, y': an unterminated "
	    "list");
	CHECK_STR(bad("a in x"), "--where 'a in x': a list in parentheses "
	    "after 'in' at 'x'");
	CHECK_STR(bad("a is full"), "--where 'a is full': 'is empty' or 'is "
	    "not empty' at 'full'");
	CHECK_STR(bad("a in (x) y"), "--where 'a in (x) y': unexpected text "
	    "at 'y'");
	CHECK(strstr(bad("a ~ ("), "bad pattern") != NULL);
	CHECK(strstr(bad("a ~ x**"), "two repetitions") != NULL);
}

static void
test_column(void)
{
	struct weir_where *w = weir_where_parse("\"a \\\"b\\\"\" is empty",
	    &err);

	CHECK(w != NULL);
	if (w != NULL)
		CHECK_STR(weir_where_column(w), "a \"b\"");
	weir_where_free(w);
	w = weir_where_parse("pr\xc3\xa9nom == x", &err);
	CHECK(w != NULL);
	if (w != NULL)
		CHECK_STR(weir_where_column(w), "pr\xc3\xa9nom");
	weir_where_free(w);
}

int
main(void)
{
	test_compare();
	test_missing();
	test_regex_in();
	test_errors();
	test_column();
	return T_DONE();
}
