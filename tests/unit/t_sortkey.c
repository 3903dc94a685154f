/* t_sortkey.c - byte keys whose memcmp order is the order asked for. */
#include <string.h>

#include "mem.h"
#include "sortkey.h"
#include "t.h"

/* <0, 0, >0 as the keys of a and b (one part of kind) compare. */
static int
cmp(int kind, const char *a, const char *b)
{
	struct weir_buf ka = WEIR_BUF_INIT, kb = WEIR_BUF_INIT;
	size_t n;
	int c;

	weir_sortkey_add(&ka, kind, a, strlen(a));
	weir_sortkey_add(&kb, kind, b, strlen(b));
	n = ka.len < kb.len ? ka.len : kb.len;
	c = memcmp(ka.p, kb.p, n);
	if (c == 0)
		c = (ka.len > kb.len) - (ka.len < kb.len);
	weir_buf_release(&ka);
	weir_buf_release(&kb);
	return c;
}

/* Two-part keys: (a1, a2) against (b1, b2). */
static int
cmp2(int k1, int k2, const char *a1, const char *a2, const char *b1,
    const char *b2)
{
	struct weir_buf ka = WEIR_BUF_INIT, kb = WEIR_BUF_INIT;
	size_t n;
	int c;

	weir_sortkey_add(&ka, k1, a1, strlen(a1));
	weir_sortkey_add(&ka, k2, a2, strlen(a2));
	weir_sortkey_add(&kb, k1, b1, strlen(b1));
	weir_sortkey_add(&kb, k2, b2, strlen(b2));
	n = ka.len < kb.len ? ka.len : kb.len;
	c = memcmp(ka.p, kb.p, n);
	if (c == 0)
		c = (ka.len > kb.len) - (ka.len < kb.len);
	weir_buf_release(&ka);
	weir_buf_release(&kb);
	return c;
}

static void
test_text(void)
{
	CHECK(cmp(WEIR_SK_TEXT, "a", "b") < 0);
	CHECK(cmp(WEIR_SK_TEXT, "", "a") < 0);
	CHECK(cmp(WEIR_SK_TEXT, "a", "ab") < 0);
	CHECK(cmp(WEIR_SK_TEXT, "B", "a") < 0);		/* bytes, as LC_ALL=C */
	CHECK(cmp(WEIR_SK_TEXT, "abc", "abc") == 0);
	CHECK(cmp(WEIR_SK_TEXT, "\xc3\xa9", "z") > 0);
	CHECK(cmp(WEIR_SK_TEXT | WEIR_SK_REVERSE, "a", "b") > 0);
	CHECK(cmp(WEIR_SK_TEXT | WEIR_SK_REVERSE, "a", "ab") > 0);
	CHECK(cmp(WEIR_SK_TEXT | WEIR_SK_REVERSE, "", "a") > 0);
	/* parts delimit themselves: ("a", "z") < ("ab", "a") */
	CHECK(cmp2(WEIR_SK_TEXT, WEIR_SK_TEXT, "a", "z", "ab", "a") < 0);
	CHECK(cmp2(WEIR_SK_TEXT, WEIR_SK_TEXT, "a", "b", "a", "c") < 0);
	CHECK(cmp2(WEIR_SK_TEXT | WEIR_SK_REVERSE, WEIR_SK_TEXT, "a", "z",
	    "ab", "a") > 0);
	CHECK(cmp2(WEIR_SK_TEXT, WEIR_SK_NUM, "x", "10", "x", "9") > 0);
}

static void
test_text_nul(void)
{
	struct weir_buf a = WEIR_BUF_INIT, b = WEIR_BUF_INIT;

	/* "a" < "a\0" < "a\0b" < "ab" */
	weir_sortkey_add(&a, WEIR_SK_TEXT, "a", 1);
	weir_sortkey_add(&b, WEIR_SK_TEXT, "a\0", 2);
	CHECK(memcmp(a.p, b.p, a.len < b.len ? a.len : b.len) < 0);
	weir_buf_reset(&a);
	weir_sortkey_add(&a, WEIR_SK_TEXT, "a\0b", 3);
	CHECK(memcmp(b.p, a.p, a.len < b.len ? a.len : b.len) < 0);
	weir_buf_reset(&b);
	weir_sortkey_add(&b, WEIR_SK_TEXT, "ab", 2);
	CHECK(memcmp(a.p, b.p, a.len < b.len ? a.len : b.len) < 0);
	weir_buf_release(&a);
	weir_buf_release(&b);
}

static void
test_num(void)
{
	int n = WEIR_SK_NUM;

	CHECK(cmp(n, "9", "10") < 0);
	CHECK(cmp(n, "7", "7.0") == 0);
	CHECK(cmp(n, "7", "07") == 0);
	CHECK(cmp(n, "7", "+7") == 0);
	CHECK(cmp(n, "7", "0.7e1") == 0);
	CHECK(cmp(n, "700", "7e2") == 0);
	CHECK(cmp(n, "-0", "0") == 0);
	CHECK(cmp(n, "0.0", "0") == 0);
	CHECK(cmp(n, "1e3", "999") > 0);
	CHECK(cmp(n, "-1e-5", "-0.00002") > 0);
	CHECK(cmp(n, "-1", "-2") > 0);
	CHECK(cmp(n, "-1", "0") < 0);
	CHECK(cmp(n, "0.5", "0.55") < 0);
	CHECK(cmp(n, "-0.5", "-0.55") > 0);
	CHECK(cmp(n, "123456789012345678901", "123456789012345678902") < 0);
	CHECK(cmp(n, "0.1", "0.10000000000000000001") < 0);
	CHECK(cmp(n, "1e400", "1e399") > 0);	/* no overflow to inf */
	/* numbers, then other text by bytes, then missing */
	CHECK(cmp(n, "99999", "abc") < 0);
	CHECK(cmp(n, "abc", "abd") < 0);
	CHECK(cmp(n, "abc", "") < 0);
	CHECK(cmp(n, "-5", "") < 0);
	CHECK(cmp(n, "1.2.3", "") < 0);
	CHECK(cmp(n, "1.2.3", "9") > 0);	/* not a number */
	/* reversed: largest first, text reversed, missing still last */
	n |= WEIR_SK_REVERSE;
	CHECK(cmp(n, "9", "10") > 0);
	CHECK(cmp(n, "-1", "-2") < 0);
	CHECK(cmp(n, "5", "abc") < 0);
	CHECK(cmp(n, "abc", "abd") > 0);
	CHECK(cmp(n, "abc", "") < 0);
	CHECK(cmp(n, "1", "") < 0);
	CHECK(cmp(n, "7", "7.00") == 0);
}

static void
test_natural(void)
{
	int n = WEIR_SK_NATURAL;

	CHECK(cmp(n, "file2", "file10") < 0);
	CHECK(cmp(n, "x9y", "x10y") < 0);
	CHECK(cmp(n, "a01", "a1") < 0);		/* equal runs: then bytes */
	CHECK(cmp(n, "a01", "a01") == 0);
	CHECK(cmp(n, "a", "a1") < 0);
	CHECK(cmp(n, "a1b", "a1c") < 0);
	CHECK(cmp(n, "10", "9a") > 0);
	CHECK(cmp(n, "file10", "file10a") < 0);
	CHECK(cmp(n | WEIR_SK_REVERSE, "file2", "file10") > 0);
}

static void
test_u64(void)
{
	struct weir_buf a = WEIR_BUF_INIT, b = WEIR_BUF_INIT;

	weir_sortkey_u64(&a, 255);
	weir_sortkey_u64(&b, 256);
	CHECK(a.len == 8 && memcmp(a.p, b.p, 8) < 0);
	weir_buf_release(&a);
	weir_buf_release(&b);
}

int
main(void)
{
	test_text();
	test_text_nul();
	test_num();
	test_natural();
	test_u64();
	return T_DONE();
}
