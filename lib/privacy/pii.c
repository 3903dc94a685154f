#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "pii.h"

static const char *const names[WEIR_PII_N] = { "email", "phone", "iban",
	"card", "ipv4", "ipv6", "date", "ssn" };

const char *
weir_pii_name(int kind)
{
	return kind >= 0 && kind < WEIR_PII_N ? names[kind] : NULL;
}

int
weir_pii_kind(const char *name)
{
	int k;

	for (k = 0; k < WEIR_PII_N; k++)
		if (strcmp(name, names[k]) == 0)
			return k;
	return -1;
}

#define DIGIT(c)	((c) >= '0' && (c) <= '9')

static int
email_local(int c)
{
	return isalnum(c) || strchr("._%+-", c) != NULL;
}

static int
email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n), *p, *dot = NULL;
	size_t i, tld = 0;

	if (at == NULL || at == s || at == s + n - 1)
		return 0;
	for (p = s; p < at; p++)
		if (!email_local((unsigned char)*p))
			return 0;
	for (p = at + 1; p < s + n; p++) {
		if (*p == '.') {
			if (p == at + 1 || p[-1] == '.')
				return 0;
			dot = p;
		} else if (!isalnum((unsigned char)*p) && *p != '-')
			return 0;
	}
	if (dot == NULL)
		return 0;
	for (i = (size_t)(dot - s) + 1; i < n; i++, tld++)
		if (!isalpha((unsigned char)s[i]))
			return 0;
	return tld >= 2;
}

/* Digits of s, skipping the separators in seps; -1 on another char. */
static int
digits_only(const char *s, size_t n, const char *seps, char *d, size_t cap,
    size_t *nd)
{
	size_t i;

	*nd = 0;
	for (i = 0; i < n; i++) {
		if (DIGIT(s[i])) {
			if (*nd == cap)
				return -1;
			d[(*nd)++] = s[i];
		} else if (strchr(seps, s[i]) == NULL)
			return -1;
	}
	return 0;
}

static int
phone(const char *s, size_t n)
{
	char d[32];
	size_t nd, i = 0;

	if (n > 0 && s[0] == '+')
		i = 1;
	if (i == n || !(DIGIT(s[i]) || s[i] == '(') || !DIGIT(s[n - 1]))
		return 0;
	if (digits_only(s + i, n - i, " -.()/", d, sizeof(d), &nd) == -1)
		return 0;
	return nd >= 7 && nd <= 15;
}

static int
luhn(const char *d, size_t n)
{
	size_t i;
	int sum = 0, v;

	for (i = 0; i < n; i++) {
		v = d[n - 1 - i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

static int
card(const char *s, size_t n)
{
	char d[32];
	size_t nd;

	if (n == 0 || !DIGIT(s[0]) || !DIGIT(s[n - 1]) ||
	    digits_only(s, n, " -", d, sizeof(d), &nd) == -1)
		return 0;
	return nd >= 13 && nd <= 19 && luhn(d, nd);
}

static int
iban(const char *s, size_t n)
{
	char c[40];
	size_t k = 0, i;
	unsigned rem = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if (!isalnum((unsigned char)s[i]) || k == sizeof(c))
			return 0;
		c[k++] = (char)toupper((unsigned char)s[i]);
	}
	if (k < 15 || k > 34 || !isalpha((unsigned char)c[0]) ||
	    !isalpha((unsigned char)c[1]) || !DIGIT(c[2]) || !DIGIT(c[3]))
		return 0;
	/* move the first four to the end, letters as 10..35, mod 97 */
	for (i = 0; i < k; i++) {
		char x = c[(i + 4) % k];

		if (DIGIT(x))
			rem = (rem * 10 + (unsigned)(x - '0')) % 97;
		else if (isupper((unsigned char)x))
			rem = (rem * 100 + (unsigned)(x - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

static int
ipv4(const char *s, size_t n)
{
	unsigned part = 0, parts = 0, digits = 0;
	size_t i;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (digits == 0 || part > 255)
				return 0;
			parts++;
			part = digits = 0;
			continue;
		}
		if (!DIGIT(s[i]) || ++digits > 3)
			return 0;
		part = part * 10 + (unsigned)(s[i] - '0');
	}
	return parts == 4;
}

static int
ipv6(const char *s, size_t n)
{
	char buf[64];
	unsigned char a[16];

	if (n < 2 || n >= sizeof(buf) || memchr(s, ':', n) == NULL)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, a) == 1;
}

static int
num2(const char *s, int lo, int hi)
{
	int v;

	if (!DIGIT(s[0]) || !DIGIT(s[1]))
		return 0;
	v = (s[0] - '0') * 10 + (s[1] - '0');
	return v >= lo && v <= hi;
}

static int
year(const char *s)
{
	return DIGIT(s[0]) && DIGIT(s[1]) && DIGIT(s[2]) && DIGIT(s[3]) &&
	    (s[0] == '1' || s[0] == '2');
}

static int
date(const char *s, size_t n)
{
	if (n == 10 && year(s) && (s[4] == '-' || s[4] == '/') &&
	    s[7] == s[4] && num2(s + 5, 1, 12) && num2(s + 8, 1, 31))
		return 1;
	return n == 10 && (s[2] == '/' || s[2] == '.' || s[2] == '-') &&
	    s[5] == s[2] && year(s + 6) && num2(s, 1, 31) && num2(s + 3, 1, 31);
}

static int
ssn(const char *s, size_t n)
{
	size_t i;

	if (n != 11 || s[3] != '-' || s[6] != '-')
		return 0;
	for (i = 0; i < n; i++)
		if (i != 3 && i != 6 && !DIGIT(s[i]))
			return 0;
	if (memcmp(s, "000", 3) == 0 || memcmp(s, "666", 3) == 0 ||
	    s[0] == '9' || memcmp(s + 4, "00", 2) == 0 ||
	    memcmp(s + 7, "0000", 4) == 0)
		return 0;
	return 1;
}

int
weir_pii_is(int kind, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	switch (kind) {
	case WEIR_PII_EMAIL: return email(s, n);
	case WEIR_PII_PHONE: return phone(s, n) && !date(s, n) && !ssn(s, n);
	case WEIR_PII_IBAN: return iban(s, n);
	case WEIR_PII_CARD: return card(s, n);
	case WEIR_PII_IPV4: return ipv4(s, n);
	case WEIR_PII_IPV6: return ipv6(s, n);
	case WEIR_PII_DATE: return date(s, n);
	case WEIR_PII_SSN: return ssn(s, n);
	}
	return 0;
}

unsigned
weir_pii_classify(const char *s, size_t n)
{
	unsigned bits = 0;
	int k;

	for (k = 0; k < WEIR_PII_N; k++)
		if (weir_pii_is(k, s, n))
			bits |= 1u << k;
	/* a card number is not also a phone number */
	if (bits & (1u << WEIR_PII_CARD))
		bits &= ~(1u << WEIR_PII_PHONE);
	return bits;
}

const char *
weir_pii_name_hint(const char *name)
{
	static const char *const hints[] = { "name", "email", "mail", "phone",
	    "mobile", "tel", "address", "street", "zip", "postcode", "postal",
	    "birth", "dob", "ssn", "passport", "iban", "card", "ip",
	    "gender", "sex", "salary", "health", "diagnosis", "religion",
	    "ethnic", "license", "national_id", "tax" };
	char low[128];
	size_t i;

	for (i = 0; name[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(hints) / sizeof(*hints); i++) {
		const char *p = strstr(low, hints[i]);
		size_t hl = strlen(hints[i]);

		/* short hints only as whole words: "ip" not in "zipper" */
		while (p != NULL && hl <= 3 && ((p > low && isalpha(
		    (unsigned char)p[-1])) || isalpha((unsigned char)p[hl])))
			p = strstr(p + 1, hints[i]);
		if (p != NULL)
			return hints[i];
	}
	return NULL;
}

static int
span_char(int c)
{
	return isalnum(c) || strchr("@._%+-()/: ", c) != NULL;
}

/*
 * Candidate spans: maximal runs of characters that can make up a
 * detected value (spaces included, for phones and IBANs), tried longest
 * first from each start, down to the next separator.
 */
size_t
weir_pii_redact(unsigned mask, const char *s, size_t n,
    struct weir_buf *out)
{
	static const char *const tags[WEIR_PII_N] = { "[EMAIL]", "[PHONE]",
	    "[IBAN]", "[CARD]", "[IP]", "[IP]", "[DATE]", "[SSN]" };
	static const int order[] = { WEIR_PII_EMAIL, WEIR_PII_IBAN,
	    WEIR_PII_CARD, WEIR_PII_SSN, WEIR_PII_IPV6, WEIR_PII_IPV4,
	    WEIR_PII_DATE, WEIR_PII_PHONE };
	size_t i = 0, j, end, count = 0, o;

	weir_buf_reset(out);
	while (i < n) {
		int found = -1;

		if (!span_char((unsigned char)s[i]) || s[i] == ' ' ||
		    (i > 0 && isalnum((unsigned char)s[i - 1]) &&
		    isalnum((unsigned char)s[i]))) {
			weir_buf_addc(out, s[i++]);
			continue;
		}
		/* no detected value is longer: bounds the work per start */
		for (end = i; end < n && end - i < 80 &&
		    span_char((unsigned char)s[end]); end++)
			;
		/* longest candidate first, ending on an alphanumeric */
		for (j = end; j > i && found < 0; j--) {
			if (!isalnum((unsigned char)s[j - 1]) ||
			    (j < n && isalnum((unsigned char)s[j])))
				continue;
			for (o = 0; o < sizeof(order) / sizeof(*order); o++)
				if ((mask & 1u << order[o]) &&
				    weir_pii_is(order[o], s + i, j - i)) {
					found = order[o];
					break;
				}
			if (found >= 0) {
				weir_buf_adds(out, tags[found]);
				count++;
				i = j;
			}
		}
		if (found < 0)
			weir_buf_addc(out, s[i++]);
	}
	return count;
}
