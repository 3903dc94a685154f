/* t_rec.c - rec.c: text typing, UTF-8 checking, headers, name dedup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "rec.h"
#include "t.h"

#define NUM(s)	weir_text_is_number(s, sizeof(s) - 1)
#define INT(s)	weir_text_is_int(s, sizeof(s) - 1)
/* Offset of the first bad sequence in a literal (NULs allowed). */
#define U8(s)	weir_utf8_check(s, sizeof(s) - 1)

/* Check a heap copy of exactly len bytes, so ASan sees any over-read. */
static size_t
u8heap(const char *s, size_t len)
{
	char *p = weir_xmalloc(len ? len : 1);
	size_t r;

	memcpy(p, s, len);
	r = weir_utf8_check(p, len);
	free(p);
	return r;
}

static void
test_number(void)
{
	CHECK(NUM("0"));
	CHECK(NUM("-0"));
	CHECK(NUM("1"));
	CHECK(NUM("123"));
	CHECK(NUM("-123"));
	CHECK(NUM("1.10"));
	CHECK(NUM("0.5"));
	CHECK(NUM("1e5"));
	CHECK(NUM("1E5"));
	CHECK(NUM("1e+5"));
	CHECK(NUM("1e-5"));
	CHECK(NUM("-1.5e-3"));
	CHECK(NUM("0e0"));
	CHECK(NUM("12345678901234567890123456789"));

	CHECK(!NUM(""));
	CHECK(!NUM("-"));
	CHECK(!NUM("+1"));
	CHECK(!NUM("01"));
	CHECK(!NUM("-01"));
	CHECK(!NUM("00"));
	CHECK(!NUM(".5"));
	CHECK(!NUM("1."));
	CHECK(!NUM("1.e5"));
	CHECK(!NUM("1e"));
	CHECK(!NUM("1e+"));
	CHECK(!NUM("1e-"));
	CHECK(!NUM("1ee5"));
	CHECK(!NUM("1.5.3"));
	CHECK(!NUM(" 1"));
	CHECK(!NUM("1 "));
	CHECK(!NUM("0x10"));
	CHECK(!NUM("NaN"));
	CHECK(!NUM("Infinity"));
	CHECK(!NUM("inf"));
	CHECK(!NUM("1,5"));
	CHECK(!NUM("--1"));
	CHECK(!NUM("1\0"));
	/* len is what counts, not a NUL */
	CHECK(weir_text_is_number("12x", 2));
	CHECK(!weir_text_is_number("12x", 3));
	CHECK(!weir_text_is_number("1", 0));
}

static void
test_int(void)
{
	CHECK(INT("0"));
	CHECK(INT("-0"));
	CHECK(INT("7"));
	CHECK(INT("-7"));
	CHECK(INT("1234567890123456789012"));
	CHECK(!INT(""));
	CHECK(!INT("-"));
	CHECK(!INT("+7"));
	CHECK(!INT("00"));
	CHECK(!INT("01"));
	CHECK(!INT("-01"));
	CHECK(!INT("1.0"));
	CHECK(!INT("1e5"));
	CHECK(!INT(" 1"));
	CHECK(!INT("1 "));
	CHECK(!INT("12a"));
	CHECK(!INT("--1"));
	CHECK(weir_text_is_int("12a", 2));
}

static void
test_utf8(void)
{
	CHECK(U8("") == 0);
	CHECK(U8("plain ascii") == 11);
	CHECK(U8("a\0b") == 3);			/* NUL is valid UTF-8 */
	CHECK(U8("\xC2\x80") == 2);		/* U+0080 */
	CHECK(U8("\xDF\xBF") == 2);		/* U+07FF */
	CHECK(U8("\xE0\xA0\x80") == 3);		/* U+0800 */
	CHECK(U8("\xEF\xBF\xBF") == 3);		/* U+FFFF */
	CHECK(U8("\xED\x9F\xBF") == 3);		/* U+D7FF */
	CHECK(U8("\xEE\x80\x80") == 3);		/* U+E000 */
	CHECK(U8("\xF0\x90\x80\x80") == 4);	/* U+10000 */
	CHECK(U8("\xF0\x9F\x98\x80") == 4);	/* U+1F600 */
	CHECK(U8("\xF4\x8F\xBF\xBF") == 4);	/* U+10FFFF */
	CHECK(U8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80!") == 15);

	/* overlongs */
	CHECK(U8("\xC0\x80") == 0);
	CHECK(U8("\xC1\xBF") == 0);
	CHECK(U8("\xE0\x80\x80") == 0);
	CHECK(U8("\xE0\x9F\xBF") == 0);
	CHECK(U8("\xF0\x80\x80\x80") == 0);
	CHECK(U8("\xF0\x8F\xBF\xBF") == 0);
	/* surrogates U+D800..U+DFFF */
	CHECK(U8("\xED\xA0\x80") == 0);
	CHECK(U8("\xED\xBF\xBF") == 0);
	CHECK(U8("ab\xED\xB0\x80") == 2);
	/* above U+10FFFF, and bytes that never start a sequence */
	CHECK(U8("\xF4\x90\x80\x80") == 0);
	CHECK(U8("\xF5\x80\x80\x80") == 0);
	CHECK(U8("\xF8\x88\x80\x80\x80") == 0);
	CHECK(U8("\xFE") == 0);
	CHECK(U8("\xFF") == 0);
	CHECK(U8("\x80") == 0);
	CHECK(U8("\xBF") == 0);
	CHECK(U8("a\x80") == 1);
	/* truncated sequences, at the end and before other bytes */
	CHECK(U8("\xC3") == 0);
	CHECK(U8("x\xE2\x82") == 1);
	CHECK(U8("xy\xF0\x9F\x98") == 2);
	CHECK(U8("\xC3x") == 0);
	CHECK(U8("\xE2\x82x") == 0);
	CHECK(U8("\xF0\x9F\x98x") == 0);
	CHECK(U8("\xE2\x82\xAC\xE2\x82") == 3);
	/* offsets past the 8-byte ASCII fast path */
	CHECK(U8("0123456789abcdef\xC3\xA9" "0123456789\xFF") == 28);
	CHECK(U8("01234567\x80") == 8);
	CHECK(U8("0123456\x80" "01234567") == 7);
	CHECK(U8("0123456789abcdef0123456789abcdef") == 32);

	/* heap copies: no read past len, even on a cut sequence */
	CHECK(u8heap("\xF0\x9F\x98\x80", 4) == 4);
	CHECK(u8heap("\xF0\x9F\x98\x80", 3) == 0);
	CHECK(u8heap("abcdefgh\xE2\x82\xAC", 10) == 8);
	CHECK(u8heap("abcdefgh\xE2\x82\xAC", 11) == 11);
	CHECK(u8heap("", 0) == 0);

	CHECK(weir_utf8_valid("\xC3\xA9", 2));
	CHECK(!weir_utf8_valid("\xC3", 1));
	CHECK(!weir_utf8_valid("\xED\xA0\x80", 3));
	CHECK(weir_utf8_valid("", 0));
}

static void
test_header(void)
{
	struct weir_header h, c;
	char nm[32];
	size_t i, ok;

	weir_header_init(&h);
	CHECK(h.n == 0);
	CHECK(weir_header_find(&h, "a", 1) == -1);	/* empty table */
	CHECK(weir_header_add(&h, "a", 1) == 0);
	CHECK(weir_header_add(&h, "b", 1) == 1);
	CHECK(weir_header_intern(&h, "a", 1) == 0);
	CHECK(weir_header_intern(&h, "c", 1) == 2);
	CHECK(h.n == 3);
	CHECK(weir_header_find(&h, "c", 1) == 2);
	CHECK(weir_header_find(&h, "ab", 2) == -1);
	CHECK(weir_header_find(&h, "ab", 1) == 0);	/* by length */
	CHECK_STR(h.name[2], "c");
	CHECK(h.len[2] == 1);
	/* the empty name and names with NULs are names too */
	CHECK(weir_header_intern(&h, "", 0) == 3);
	CHECK(weir_header_find(&h, "", 0) == 3);
	CHECK(weir_header_intern(&h, "x\0y", 3) == 4);
	CHECK(weir_header_find(&h, "x\0y", 3) == 4);
	CHECK(weir_header_find(&h, "x", 1) == -1);
	CHECK(h.name[4][3] == '\0');			/* NUL-terminated copy */

	/* 10k names across many rehashes: indices never change */
	for (ok = 0, i = 5; i < 10000; i++) {
		snprintf(nm, sizeof(nm), "col%zu", i);
		if (i % 2)
			ok += weir_header_intern(&h, nm, strlen(nm)) == i;
		else
			ok += weir_header_add(&h, nm, strlen(nm)) == i;
	}
	CHECK(ok == 10000 - 5);
	CHECK(h.n == 10000);
	CHECK(h.nslot >= 2 * h.n);
	CHECK((h.nslot & (h.nslot - 1)) == 0);
	for (ok = 0, i = 5; i < 10000; i++) {
		snprintf(nm, sizeof(nm), "col%zu", i);
		ok += weir_header_find(&h, nm, strlen(nm)) == (long)i &&
		    weir_header_intern(&h, nm, strlen(nm)) == i &&
		    strcmp(h.name[i], nm) == 0;
	}
	CHECK(ok == 10000 - 5);
	CHECK(h.n == 10000);			/* intern found, added nothing */
	CHECK(weir_header_find(&h, "a", 1) == 0);
	CHECK(weir_header_find(&h, "x\0y", 3) == 4);
	CHECK(weir_header_find(&h, "col10000", 8) == -1);
	CHECK(weir_header_find(&h, "col", 3) == -1);

	weir_header_copy(&c, &h);
	CHECK(c.n == h.n);
	CHECK(weir_header_find(&c, "col9999", 7) == 9999);
	CHECK(weir_header_find(&c, "x\0y", 3) == 4);
	CHECK(c.name[9999] != h.name[9999]);		/* a deep copy */
	weir_header_release(&c);
	CHECK(c.n == 0 && c.name == NULL);

	weir_header_release(&h);
	CHECK(h.n == 0 && h.slot == NULL && h.nslot == 0);
	/* usable again after release */
	CHECK(weir_header_intern(&h, "z", 1) == 0);
	CHECK(weir_header_find(&h, "z", 1) == 0);
	weir_header_release(&h);
}

/* Dedup n names; return them joined by spaces, and the change count. */
static const char *
dedup(const char *const *in, size_t n, size_t *changed)
{
	static char out[512];
	char **names = weir_xcalloc(n, sizeof(*names));
	size_t *lens = weir_xcalloc(n, sizeof(*lens));
	size_t i;

	for (i = 0; i < n; i++) {
		lens[i] = strlen(in[i]);
		names[i] = weir_xmemdup(in[i], lens[i]);
	}
	*changed = weir_names_dedup(names, lens, n);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strlen(names[i]) != lens[i])
			strcat(out, "<len?>");
		strcat(out, i ? " " : "");
		strcat(out, names[i]);
		free(names[i]);
	}
	free(names);
	free(lens);
	return out;
}

#define DEDUP(arr, want, nch) do { size_t ch_; \
	CHECK_STR(dedup(arr, sizeof(arr) / sizeof(arr[0]), &ch_), want); \
	CHECK(ch_ == (nch)); } while (0)

static void
test_dedup(void)
{
	static const char *const none[] = { "a", "b", "c" };
	static const char *const aaa[] = { "a", "a", "a" };
	static const char *const later[] = { "a", "a", "a_2" };
	static const char *const earlier[] = { "a_2", "a", "a" };
	static const char *const both[] = { "a", "a", "a_2", "a_3", "a" };
	static const char *const again[] = { "a_2", "a_2", "a", "a" };
	static const char *const empty[] = { "", "", "x" };
	static const char *const casing[] = { "A", "a", "A" };
	size_t ch;

	DEDUP(none, "a b c", 0);
	DEDUP(aaa, "a a_2 a_3", 2);
	/* a later original a_2 keeps its name; the copy skips to a_3 */
	DEDUP(later, "a a_3 a_2", 1);
	DEDUP(earlier, "a_2 a a_3", 1);
	DEDUP(both, "a a_4 a_2 a_3 a_5", 2);
	DEDUP(again, "a_2 a_2_2 a a_3", 2);
	DEDUP(empty, " _2 x", 1);
	DEDUP(casing, "A a A_2", 1);		/* names are case-sensitive */
	CHECK(weir_names_dedup(NULL, NULL, 0) == 0);
	(void)ch;
}

static void
test_rec(void)
{
	struct weir_rec r;
	size_t i, ok = 0;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 100; i++)
		weir_rec_push(&r, "xyz", i % 4, i, (int)(i % 6));
	CHECK(r.n == 100 && r.cap >= 100);
	for (i = 0; i < 100; i++)
		ok += r.f[i].len == i % 4 && r.f[i].col == i &&
		    r.f[i].type == (int)(i % 6);
	CHECK(ok == 100);
	CHECK(weir_rec_push(&r, "q", 1, 7, WEIR_STR) == &r.f[100]);
	weir_rec_release(&r);
	CHECK(r.n == 0 && r.f == NULL && r.cap == 0);
}

int
main(void)
{
	test_number();
	test_int();
	test_utf8();
	test_header();
	test_dedup();
	test_rec();
	return T_DONE();
}
