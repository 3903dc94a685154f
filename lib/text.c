#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

static int
space(utf8proc_int32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	switch (c) {
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000: case 0x200b: case 0xfeff:
		return 1;
	}
	return c >= 0x2000 && c <= 0x200a;
}

/* The code point at s[i..len) and its length (readers checked UTF-8). */
static utf8proc_ssize_t
next(const char *s, size_t len, size_t i, utf8proc_int32_t *c)
{
	utf8proc_ssize_t n;

	if ((unsigned char)s[i] < 0x80) {
		*c = (unsigned char)s[i];
		return 1;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	    (utf8proc_ssize_t)(len - i), c);
	if (n <= 0) {		/* not UTF-8 after all: a byte, not space */
		*c = -1;
		return 1;
	}
	return n;
}

static int
ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

int
weir_text_trim(const char *s, size_t len, size_t *off, size_t *newlen)
{
	size_t a = 0, b = len, k;
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	while (a < b && (n = next(s, b, a, &c)) > 0 && space(c))
		a += (size_t)n;
	while (b > a) {
		for (k = b - 1; k > a && ((unsigned char)s[k] & 0xc0) == 0x80;
		    k--)
			;
		if (next(s, b, k, &c) != (utf8proc_ssize_t)(b - k) || !space(c))
			break;
		b = k;
	}
	*off = a;
	*newlen = b - a;
	return a > 0 || b < len;
}

int
weir_text_squeeze(struct weir_buf *out, const char *s, size_t len)
{
	size_t i, run = 0, start = 0;
	utf8proc_int32_t c;
	utf8proc_ssize_t n;
	int change = 0, pass;

	/* Pass 0 only looks; pass 1 writes, when something changes. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			if (!change)
				return 0;
			weir_buf_reset(out);
		}
		for (i = 0; i < len; i += (size_t)n) {
			n = next(s, len, i, &c);
			if (space(c)) {
				if (run++ == 0)
					start = i;
				continue;
			}
			if (run > 0) {
				if (run > 1 || s[start] != ' ')
					change = 1;
				if (pass)
					weir_buf_addc(out, ' ');
			}
			run = 0;
			if (pass)
				weir_buf_add(out, s + i, (size_t)n);
		}
		if (run > 0) {
			if (run > 1 || s[start] != ' ')
				change = 1;
			if (pass)
				weir_buf_addc(out, ' ');
		}
		run = 0;
	}
	return 1;
}

static int
wordish(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
		return 1;
	default:
		return 0;
	}
}

int
weir_text_case(struct weir_buf *out, int how, const char *s, size_t len)
{
	utf8proc_uint8_t enc[4];
	utf8proc_int32_t c, m;
	utf8proc_ssize_t n;
	size_t i;
	int inword = 0;

	weir_buf_reset(out);
	for (i = 0; i < len; i += (size_t)n) {
		n = next(s, len, i, &c);
		if (c < 0) {
			weir_buf_add(out, s + i, (size_t)n);
			continue;
		}
		if (how == WEIR_CASE_LOWER)
			m = utf8proc_tolower(c);
		else if (how == WEIR_CASE_UPPER)
			m = utf8proc_toupper(c);
		else {
			m = inword ? utf8proc_tolower(c) : utf8proc_totitle(c);
			inword = wordish(c);
		}
		if (m == c)
			weir_buf_add(out, s + i, (size_t)n);
		else
			weir_buf_add(out, enc, (size_t)utf8proc_encode_char(m,
			    enc));
	}
	return out->len != len || memcmp(out->p, s, len) != 0;
}

/* utf8proc_map's result, if it differs from s. */
static int
mapped(struct weir_buf *out, const char *s, size_t len,
    utf8proc_option_t opts)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n;
	int change;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &r, opts | UTF8PROC_STABLE);
	if (n < 0) {		/* not UTF-8: leave it as it is */
		free(r);
		return 0;
	}
	change = (size_t)n != len || memcmp(r, s, len) != 0;
	if (change) {
		weir_buf_reset(out);
		weir_buf_add(out, r, (size_t)n);
	}
	free(r);
	return change;
}

int
weir_text_normalize(struct weir_buf *out, int form, const char *s,
    size_t len)
{
	if (ascii(s, len))
		return 0;
	return mapped(out, s, len, UTF8PROC_COMPOSE |
	    (form == WEIR_NORM_NFKC ? UTF8PROC_COMPAT : 0));
}

int
weir_text_fold(struct weir_buf *out, const char *s, size_t len)
{
	size_t i;

	if (!ascii(s, len))
		return mapped(out, s, len, UTF8PROC_COMPOSE |
		    UTF8PROC_CASEFOLD);
	for (i = 0; i < len && !(s[i] >= 'A' && s[i] <= 'Z'); i++)
		;
	if (i == len)
		return 0;
	weir_buf_reset(out);
	weir_buf_add(out, s, len);
	for (; i < len; i++)
		if (out->p[i] >= 'A' && out->p[i] <= 'Z')
			out->p[i] = (char)(out->p[i] - 'A' + 'a');
	return 1;
}
