/*
 * sortkey.c - order-preserving byte encodings (sortkey.h).
 *
 * TEXT: each byte as itself but 0x00, written 0x00 0xFF, then 0x00 0x00:
 * no encoding is a prefix of another, and memcmp order is byte order.
 * NUM: a class byte (numbers, then other text, then missing), then for a
 * number its sign, a 4-byte biased decimal exponent and its significant
 * digits as ASCII, ended by 0x00; a negative number has exponent, digits
 * and end complemented, so larger magnitudes sort first.  Two texts of
 * one value (7, 7.0, 07, 0.7e1) give the same digits and exponent.
 * NATURAL: as TEXT, but each run of ASCII digits is 0x30 (where digits sit
 * among the other bytes), its count of significant digits (2 bytes) and
 * those digits, so runs compare as numbers; then the TEXT of the whole
 * value, so "a01" and "a1" still differ, deterministically.
 * REVERSE complements a part's bytes (for NUM all but the class byte).
 */
#include <stdint.h>
#include <string.h>

#include "sortkey.h"

enum { NUM_NUMBER = WEIR_SK_NUMBER, NUM_TEXT = 0x20, NUM_MISSING = 0x30 };
enum { SIGN_NEG = 0x01, SIGN_ZERO = 0x02, SIGN_POS = 0x03 };

static void
text(struct weir_buf *k, const char *s, size_t len)
{
	const char *z;

	while (len > 0 && (z = memchr(s, '\0', len)) != NULL) {
		weir_buf_add(k, s, (size_t)(z - s) + 1);
		weir_buf_addc(k, 0xff);
		len -= (size_t)(z - s) + 1;
		s = z + 1;
	}
	weir_buf_add(k, s, len);
	weir_buf_addc(k, 0);
	weir_buf_addc(k, 0);
}

static int
digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * A decimal number: sign, digits (the significant ones, no leading or
 * trailing zeros) and the exponent e with value 0.DIGITS x 10^e.  0 if s
 * is not a number.
 */
static int
decimal(const char *s, size_t len, int *neg, const char **d0, size_t *nd,
    long *exp, char *digits, size_t cap)
{
	const char *p = s, *end = s + len;
	long e = 0, x = 0;
	size_t n = 0, intdigits = 0, lead = 0;
	int seen = 0, xneg = 0, started = 0;

	*neg = 0;
	if (p < end && (*p == '-' || *p == '+'))
		*neg = *p++ == '-';
	for (; p < end && digit(*p); p++, seen = 1) {
		if (!started && *p == '0')
			continue;
		started = 1;
		intdigits++;
		if (n < cap)
			digits[n] = *p;
		n++;
	}
	if (p < end && *p == '.') {
		for (p++; p < end && digit(*p); p++, seen = 1) {
			if (!started && *p == '0') {
				lead++;
				continue;
			}
			started = 1;
			if (n < cap)
				digits[n] = *p;
			n++;
		}
	}
	if (!seen)
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			xneg = *p++ == '-';
		if (p == end || !digit(*p))
			return 0;
		for (; p < end && digit(*p); p++)
			if (x < 100000000)
				x = x * 10 + (*p - '0');
	}
	if (p != end || n > cap)
		return 0;
	while (n > 0 && digits[n - 1] == '0')
		n--;
	e = intdigits > 0 ? (long)intdigits : -(long)lead;
	*exp = e + (xneg ? -x : x);
	*d0 = digits;
	*nd = n;
	return 1;
}

static void
complement(struct weir_buf *k, size_t from)
{
	size_t i;

	for (i = from; i < k->len; i++)
		k->p[i] = (char)~(unsigned char)k->p[i];
}

static void
number(struct weir_buf *k, const char *s, size_t len)
{
	char digits[1024];
	const char *d;
	size_t nd, from;
	long exp;
	uint32_t be;
	int neg;

	if (len == 0) {
		weir_buf_addc(k, NUM_MISSING);
		return;
	}
	if (len > sizeof(digits) ||
	    !decimal(s, len, &neg, &d, &nd, &exp, digits, sizeof(digits))) {
		weir_buf_addc(k, NUM_TEXT);
		text(k, s, len);
		return;
	}
	weir_buf_addc(k, NUM_NUMBER);
	if (nd == 0) {
		weir_buf_addc(k, SIGN_ZERO);
		return;
	}
	weir_buf_addc(k, neg ? SIGN_NEG : SIGN_POS);
	from = k->len;
	be = (uint32_t)(exp + 0x80000000L);
	weir_buf_addc(k, (int)(be >> 24));
	weir_buf_addc(k, (int)(be >> 16) & 0xff);
	weir_buf_addc(k, (int)(be >> 8) & 0xff);
	weir_buf_addc(k, (int)be & 0xff);
	weir_buf_add(k, d, nd);
	weir_buf_addc(k, 0);
	if (neg)
		complement(k, from);
}

static void
natural(struct weir_buf *k, const char *s, size_t len)
{
	size_t i = 0, j, z;

	while (i < len) {
		if (!digit(s[i])) {
			for (j = i; j < len && !digit(s[j]); j++)
				;
			/* the TEXT escaping, without the end mark */
			text(k, s + i, j - i);
			k->len -= 2;
			i = j;
			continue;
		}
		for (z = i; z < len && s[z] == '0'; z++)
			;
		for (j = z; j < len && digit(s[j]); j++)
			;
		weir_buf_addc(k, '0');
		weir_buf_addc(k, (int)((j - z) >> 8) & 0xff);
		weir_buf_addc(k, (int)(j - z) & 0xff);
		weir_buf_add(k, s + z, j - z);
		i = j;
	}
	weir_buf_addc(k, 0);
	weir_buf_addc(k, 0);
	text(k, s, len);
}

void
weir_sortkey_add(struct weir_buf *key, int kind, const char *s, size_t len)
{
	size_t from = key->len;

	switch (kind & ~WEIR_SK_REVERSE) {
	case WEIR_SK_NUM:
		number(key, s, len);
		from++;		/* the class byte stays: missing last */
		break;
	case WEIR_SK_NATURAL:
		natural(key, s, len);
		break;
	default:
		text(key, s, len);
	}
	if (kind & WEIR_SK_REVERSE)
		complement(key, from);
}

void
weir_sortkey_u64(struct weir_buf *key, unsigned long long v)
{
	int i;

	for (i = 56; i >= 0; i -= 8)
		weir_buf_addc(key, (int)(v >> i) & 0xff);
}
