/* t_text.c - Unicode trim, squeeze, case, normalization and folding. */
#include <string.h>

#include "mem.h"
#include "text.h"
#include "t.h"

static struct weir_buf out;

/* The trimmed text of s (s itself when nothing is cut). */
static const char *
trim(const char *s)
{
	static char r[64];
	size_t off, len;

	weir_text_trim(s, strlen(s), &off, &len);
	memcpy(r, s + off, len);
	r[len] = '\0';
	return r;
}

/* What f makes of s: the new text, or "=" when it says nothing changes. */
static const char *
apply(int (*f)(struct weir_buf *, const char *, size_t), const char *s)
{
	return f(&out, s, strlen(s)) ? out.p : "=";
}

static int
squeeze(struct weir_buf *b, const char *s, size_t n)
{
	return weir_text_squeeze(b, s, n);
}

static int
fold(struct weir_buf *b, const char *s, size_t n)
{
	return weir_text_fold(b, s, n);
}

static const char *
casef(int how, const char *s)
{
	return weir_text_case(&out, how, s, strlen(s)) ? out.p : "=";
}

static const char *
norm(int form, const char *s)
{
	return weir_text_normalize(&out, form, s, strlen(s)) ? out.p : "=";
}

static void
test_trim(void)
{
	size_t off, len;

	CHECK_STR(trim("  x  "), "x");
	CHECK_STR(trim("\xc2\xa0 x \xe3\x80\x80"), "x");	/* NBSP, U+3000 */
	CHECK_STR(trim("\xef\xbb\xbfx\xe2\x80\x8b"), "x");	/* BOM, ZWSP */
	CHECK_STR(trim("\t\r\nx y\n"), "x y");
	CHECK_STR(trim("   "), "");
	CHECK_STR(trim(""), "");
	CHECK_STR(trim("\xc3\xa9"), "\xc3\xa9");
	CHECK_STR(trim("a\xc2\xa0"), "a");
	CHECK(weir_text_trim("abc", 3, &off, &len) == 0 && off == 0 &&
	    len == 3);
	CHECK(weir_text_trim(" abc", 4, &off, &len) == 1 && off == 1);
}

static void
test_squeeze(void)
{
	CHECK_STR(apply(squeeze, "a  b"), "a b");
	CHECK_STR(apply(squeeze, "a \t\xc2\xa0 b"), "a b");
	CHECK_STR(apply(squeeze, "a b c"), "=");
	CHECK_STR(apply(squeeze, "a\tb"), "a b");	/* one tab: a space */
	CHECK_STR(apply(squeeze, "  a  "), " a ");
	CHECK_STR(apply(squeeze, ""), "=");
}

static void
test_case(void)
{
	CHECK_STR(casef(WEIR_CASE_LOWER, "HeLLo"), "hello");
	CHECK_STR(casef(WEIR_CASE_LOWER, "hello"), "=");
	CHECK_STR(casef(WEIR_CASE_UPPER, "stra\xc3\x9f" "e"),
	    "STRA\xe1\xba\x9e" "E");		/* simple mapping: capital sharp s */
	CHECK_STR(casef(WEIR_CASE_LOWER, "\xc3\x89T\xc3\x89"),
	    "\xc3\xa9t\xc3\xa9");
	CHECK_STR(casef(WEIR_CASE_TITLE, "o'neil mcdonald-smith"),
	    "O'Neil Mcdonald-Smith");
	CHECK_STR(casef(WEIR_CASE_TITLE, "JEAN-LUC PICARD"), "Jean-Luc Picard");
	CHECK_STR(casef(WEIR_CASE_TITLE, "3rd street"), "3rd Street");
	CHECK_STR(casef(WEIR_CASE_TITLE, "\xc3\xa9mile zola"),
	    "\xc3\x89mile Zola");
	CHECK_STR(casef(WEIR_CASE_UPPER, ""), "=");
}

static void
test_normalize(void)
{
	/* Zoë precomposed and decomposed are one text after NFC */
	CHECK_STR(norm(WEIR_NORM_NFC, "Zoe\xcc\x88"), "Zo\xc3\xab");
	CHECK_STR(norm(WEIR_NORM_NFC, "Zo\xc3\xab"), "=");
	CHECK_STR(norm(WEIR_NORM_NFC, "plain"), "=");
	CHECK_STR(norm(WEIR_NORM_NFC, "\xef\xac\x81"), "=");	/* fi ligature */
	CHECK_STR(norm(WEIR_NORM_NFKC, "\xef\xac\x81"), "fi");
	CHECK_STR(norm(WEIR_NORM_NFKC, "\xef\xbc\x91\xef\xbc\x92"), "12");
	CHECK_STR(norm(WEIR_NORM_NFKC, "Zoe\xcc\x88"), "Zo\xc3\xab");
}

static void
test_fold(void)
{
	char a[32], b[32];

	CHECK_STR(apply(fold, "ABC"), "abc");
	CHECK_STR(apply(fold, "abc"), "=");
	strcpy(a, apply(fold, "Stra\xc3\x9f" "e"));
	strcpy(b, apply(fold, "STRASSE"));
	CHECK_STR(a, b);
	strcpy(a, apply(fold, "ZOE\xcc\x88"));
	CHECK_STR(a, "zo\xc3\xab");
}

int
main(void)
{
	test_trim();
	test_squeeze();
	test_case();
	test_normalize();
	test_fold();
	weir_buf_release(&out);
	return T_DONE();
}
