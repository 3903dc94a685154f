/*
 * schema.c - load a schema, check values against it, infer one.
 *
 * Three small engines do the work:
 *
 * - Exact decimal comparison (struct dec).  A number's text is reduced to
 *   a sign, the offset of its first significant digit and the power of
 *   ten of that digit; two numbers then compare by sign, by that power,
 *   and digit by digit.  Nothing is converted to a double, so integers of
 *   any size compare exactly, 0.1 equals min 0.1, and inference compares
 *   numbers at the cost of a string scan instead of strtod().  A bound read
 *   from JSON as a double is turned back into its shortest round-tripping
 *   decimal text first (0.1 -> "0.1").
 *
 * - Dates and datetimes (struct dt): ISO forms and a strptime-like subset
 *   (%Y %m %d %H %M %S %%), validated field by field, printed canonically.
 *
 * - Type inference over a small lattice: none < int < float, and bool,
 *   date, datetime each alone; any other meeting is string, which is final.
 */
#include <errno.h>
#include <float.h>
#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "io.h"
#include "mem.h"
#include "schema.h"

static const char *const tnames[] = {
	"int", "float", "bool", "date", "datetime", "string"
};
static const char *const tarticle[] = {
	"an int", "a float", "a bool", "a date", "a datetime", "a string"
};

#define ISDIGIT(c)	((c) >= '0' && (c) <= '9')

/*
 * Values in messages: quoted, cut to 40 bytes (at a character boundary)
 * with "..." after, and control bytes escaped so a message stays one line.
 */
#define QUOTE_MAX	40
#define QUOTE_SIZE	(QUOTE_MAX * 4 + 8)

static const char *
quote(char dst[QUOTE_SIZE], const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = len, i, j = 0;
	int cut = 0;

	if (len > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > QUOTE_MAX - 3 &&
		    ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = 1;
	}
	dst[j++] = '\'';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\r' || c == '\t') {
			dst[j++] = '\\';
			dst[j++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (c < 0x20 || c == 0x7f) {
			dst[j++] = '\\';
			dst[j++] = 'x';
			dst[j++] = hex[c >> 4];
			dst[j++] = hex[c & 0xf];
		} else
			dst[j++] = (char)c;
	}
	if (cut) {
		memcpy(dst + j, "...", 3);
		j += 3;
	}
	dst[j++] = '\'';
	dst[j] = '\0';
	return dst;
}

/* ---- exact decimal comparison ---- */

struct dec {
	int		neg;
	int		zero;
	long long	exp;	/* the value is 0.DDD... times 10^exp */
	size_t		d;	/* offset of the first significant digit */
	size_t		end;	/* offset just past the mantissa */
};

#define EXP_CLAMP	1000000000000000LL

/*
 * s[0..len) must already match [+-]?[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)?
 * with at least one mantissa digit.  Offsets, not pointers, so a parse
 * stays good when the text is copied.
 */
static void
dec_parse(const char *s, size_t len, struct dec *x)
{
	size_t i = 0, ds, dot, p;
	long long ex = 0;
	int eneg = 0;

	x->neg = 0;
	x->zero = 1;
	x->exp = 0;
	x->d = x->end = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		x->neg = s[i++] == '-';
	ds = i;
	while (i < len && ISDIGIT(s[i]))
		i++;
	dot = i;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && ISDIGIT(s[i]))
			i++;
	}
	x->end = i;
	for (p = ds; p < x->end; p++)
		if (s[p] != '.' && s[p] != '0')
			break;
	if (p == x->end)
		return;
	x->zero = 0;
	x->d = p;
	x->exp = (long long)dot - (long long)p + (p > dot);
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < len && ISDIGIT(s[i]); i++)
			if (ex < EXP_CLAMP)
				ex = ex * 10 + (s[i] - '0');
	}
	x->exp += eneg ? -ex : ex;
}

static int
dec_cmp(const char *a, const struct dec *x, const char *b, const struct dec *y)
{
	int sx = x->zero ? 0 : x->neg ? -1 : 1;
	int sy = y->zero ? 0 : y->neg ? -1 : 1;
	size_t i, j;
	int r = 0;
	char ca, cb;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;
	if (x->exp != y->exp)
		r = x->exp < y->exp ? -1 : 1;
	else {
		i = x->d;
		j = y->d;
		for (;;) {
			if (i < x->end && a[i] == '.')
				i++;
			if (j < y->end && b[j] == '.')
				j++;
			if (i >= x->end && j >= y->end)
				break;
			ca = i < x->end ? a[i++] : '0';
			cb = j < y->end ? b[j++] : '0';
			if (ca != cb) {
				r = ca < cb ? -1 : 1;
				break;
			}
		}
	}
	return sx * r;
}

static int
dec_cmps(const char *a, size_t alen, const char *b, size_t blen)
{
	struct dec x, y;

	dec_parse(a, alen, &x);
	dec_parse(b, blen, &y);
	return dec_cmp(a, &x, b, &y);
}

/* The shortest %g text that reads back as d. */
static void
dbl_text(double d, char out[40])
{
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(out, 40, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			return;
	}
	snprintf(out, 40, "%.17g", d);
}

/* The next double towards +inf (up) or -inf; IEEE 754 binary64 assumed. */
static double
dbl_step(double d, int up)
{
	uint64_t u;

	if (d == 0)
		return up ? DBL_TRUE_MIN : -DBL_TRUE_MIN;
	memcpy(&u, &d, sizeof(u));
	if ((d > 0) == (up != 0))
		u++;
	else
		u--;
	memcpy(&d, &u, sizeof(d));
	return d;
}

/* ---- dates and times ---- */

struct dt {
	int		 y, mo, d, h, mi, s;
	const char	*frac;		/* digits after '.' */
	size_t		 fraclen;	/* 0: no fraction */
	char		 tz[7];		/* "", "Z" or "+HH:MM" */
};

static int
num(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!ISDIGIT(s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
mdays(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int
dt_valid(const struct dt *t)
{
	if (t->mo < 1 || t->mo > 12 || t->d < 1 || t->d > mdays(t->y, t->mo))
		return 0;
	return t->h <= 23 && t->mi <= 59 && t->s <= 59;
}

/* YYYY-MM-DD, and with any_form also YYYY/MM/DD and YYYYMMDD. */
static int
parse_date_iso(const char *s, size_t len, int any_form, struct dt *t)
{
	memset(t, 0, sizeof(*t));
	if (len == 10 && (s[4] == '-' || (any_form && s[4] == '/')) &&
	    s[7] == s[4]) {
		if (num(s, 4, &t->y) == -1 || num(s + 5, 2, &t->mo) == -1 ||
		    num(s + 8, 2, &t->d) == -1)
			return -1;
	} else if (len == 8 && any_form) {
		if (num(s, 4, &t->y) == -1 || num(s + 4, 2, &t->mo) == -1 ||
		    num(s + 6, 2, &t->d) == -1)
			return -1;
	} else
		return -1;
	return dt_valid(t) ? 0 : -1;
}

/* YYYY-MM-DD[Tt ]HH:MM[:SS[.frac]][Zz|+HH:MM|+HHMM] */
static int
parse_datetime_iso(const char *s, size_t len, struct dt *t)
{
	size_t p = 16;
	int oh, om;

	if (len < 16 || parse_date_iso(s, 10, 0, t) == -1)
		return -1;
	if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    num(s + 11, 2, &t->h) == -1 || s[13] != ':' ||
	    num(s + 14, 2, &t->mi) == -1)
		return -1;
	if (p < len && s[p] == ':') {
		if (len - p < 3 || num(s + p + 1, 2, &t->s) == -1)
			return -1;
		p += 3;
		if (p < len && s[p] == '.') {
			t->frac = s + ++p;
			while (p < len && ISDIGIT(s[p]))
				p++;
			if ((t->fraclen = (size_t)(s + p - t->frac)) == 0)
				return -1;
		}
	}
	if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
		strcpy(t->tz, "Z");
		p++;
	} else if (p < len && (s[p] == '+' || s[p] == '-')) {
		t->tz[0] = s[p++];
		if (len - p < 2 || num(s + p, 2, &oh) == -1)
			return -1;
		memcpy(t->tz + 1, s + p, 2);
		p += 2;
		if (p < len && s[p] == ':')
			p++;
		if (len - p < 2 || num(s + p, 2, &om) == -1)
			return -1;
		t->tz[3] = ':';
		memcpy(t->tz + 4, s + p, 2);
		t->tz[6] = '\0';
		p += 2;
		if (oh > 23 || om > 59)
			return -1;
	}
	if (p != len)
		return -1;
	return dt_valid(t) ? 0 : -1;
}

/* Does fmt hold only known directives, with those the type needs? */
static int
fmt_check(const char *fmt, int type, char *bad, size_t badsz)
{
	const char *p;
	int seen[128] = { 0 };

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		p++;
		switch (*p) {
		case 'Y': case 'm': case 'd': case 'H': case 'M': case 'S':
			if (seen[(unsigned char)*p]++) {
				snprintf(bad, badsz, "'%%%c' appears twice",
				    *p);
				return -1;
			}
			break;
		case '%':
			break;
		case '\0':
			snprintf(bad, badsz, "it ends in '%%'");
			return -1;
		default:
			snprintf(bad, badsz, "'%%%c' is not supported", *p);
			return -1;
		}
	}
	if (!seen['Y'] || !seen['m'] || !seen['d']) {
		snprintf(bad, badsz, "it needs %%Y, %%m and %%d");
		return -1;
	}
	if (type == WEIR_S_DATETIME && !seen['H']) {
		snprintf(bad, badsz, "a datetime needs %%H");
		return -1;
	}
	return 0;
}

/* Read s[0..len) in the form fmt (already checked by fmt_check). */
static int
parse_fmt(const char *fmt, const char *s, size_t len, struct dt *t)
{
	size_t i = 0, n;
	int *v;

	memset(t, 0, sizeof(*t));
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '%') {
			if (*fmt == '%')
				fmt++;
			if (i >= len || s[i] != *fmt)
				return -1;
			i++;
			continue;
		}
		switch (*++fmt) {
		case 'Y':
			if (len - i < 4 || num(s + i, 4, &t->y) == -1)
				return -1;
			i += 4;
			continue;
		case 'm':	v = &t->mo;	break;
		case 'd':	v = &t->d;	break;
		case 'H':	v = &t->h;	break;
		case 'M':	v = &t->mi;	break;
		default:	v = &t->s;	break;
		}
		for (n = 0; n < 2 && i + n < len && ISDIGIT(s[i + n]); n++)
			;
		if (n == 0)
			return -1;
		num(s + i, n, v);
		i += n;
	}
	if (i != len)
		return -1;
	return dt_valid(t) ? 0 : -1;
}

static char *
put2(char *p, int v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* Canonical text of t; by hand, as it runs for every value checked. */
static void
dt_format(const struct dt *t, int with_time, struct weir_buf *b)
{
	char text[32], *p = text;

	p = put2(p, t->y / 100);
	p = put2(p, t->y % 100);
	*p++ = '-';
	p = put2(p, t->mo);
	*p++ = '-';
	p = put2(p, t->d);
	if (with_time) {
		*p++ = 'T';
		p = put2(p, t->h);
		*p++ = ':';
		p = put2(p, t->mi);
		*p++ = ':';
		p = put2(p, t->s);
	}
	weir_buf_reset(b);
	weir_buf_add(b, text, (size_t)(p - text));
	if (!with_time)
		return;
	if (t->fraclen) {
		weir_buf_addc(b, '.');
		weir_buf_add(b, t->frac, t->fraclen);
	}
	weir_buf_adds(b, t->tz);
}

/* ---- canonical values ---- */

static int
ieq(const char *s, size_t len, const char *lower)
{
	size_t i;

	if (strlen(lower) != len)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lower[i])
			return 0;
	}
	return 1;
}

static int
canon_int(const char *v, size_t len, struct weir_buf *buf, const char **out,
    size_t *outlen)
{
	size_t i = 0, j;
	int neg = 0;

	if (v[0] == '+' || v[0] == '-')
		neg = v[i++] == '-';
	if (i == len)
		return -1;
	for (j = i; j < len; j++)
		if (!ISDIGIT(v[j]))
			return -1;
	while (i < len - 1 && v[i] == '0')
		i++;
	if (i == len - 1 && v[i] == '0')
		neg = 0;
	if ((neg && i == 1) || (!neg && i == 0)) {
		*out = v;
		*outlen = len;
		return 0;
	}
	weir_buf_reset(buf);
	if (neg)
		weir_buf_addc(buf, '-');
	weir_buf_add(buf, v + i, len - i);
	*out = buf->p;
	*outlen = buf->len;
	return 0;
}

/*
 * Accepts [+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?, as strtod
 * reads it, and writes the one canonical text of the same number that is
 * also a JSON number: no '+', no leading zeros ("007" -> "7", "00.5" ->
 * "0.5"), no trailing zeros in the fraction ("1.50" -> "1.5", "2.0" ->
 * "2"), the exponent as e[-]DIGITS without leading zeros or dropped when
 * 0, and zero as "0" whatever its sign.  The digits are not rounded or
 * moved: the value is exactly the one read.
 */
static int
canon_float(const char *v, size_t len, struct weir_buf *buf, const char **out,
    size_t *outlen)
{
	size_t i = 0, is, nint, fs, nfrac = 0, xs = 0, nx = 0;
	int neg = 0, xneg = 0, zero;

	if (v[0] == '+' || v[0] == '-')
		neg = v[i++] == '-';
	for (is = i; i < len && ISDIGIT(v[i]); i++)
		;
	nint = i - is;
	fs = i;
	if (i < len && v[i] == '.') {
		for (fs = ++i; i < len && ISDIGIT(v[i]); i++)
			;
		nfrac = i - fs;
	}
	if (nint + nfrac == 0)
		return -1;
	if (i < len && (v[i] == 'e' || v[i] == 'E')) {
		i++;
		if (i < len && (v[i] == '+' || v[i] == '-'))
			xneg = v[i++] == '-';
		if (i == len || !ISDIGIT(v[i]))
			return -1;
		for (xs = i; i < len && ISDIGIT(v[i]); i++)
			;
		nx = i - xs;
	}
	if (i != len)
		return -1;
	while (nint > 0 && v[is] == '0') {	/* leading zeros */
		is++;
		nint--;
	}
	while (nfrac > 0 && v[fs + nfrac - 1] == '0')	/* trailing */
		nfrac--;
	while (nx > 0 && v[xs] == '0') {
		xs++;
		nx--;
	}
	zero = nint == 0 && nfrac == 0;
	weir_buf_reset(buf);
	if (neg && !zero)
		weir_buf_addc(buf, '-');
	if (nint == 0)
		weir_buf_addc(buf, '0');
	weir_buf_add(buf, v + is, nint);
	if (nfrac > 0) {
		weir_buf_addc(buf, '.');
		weir_buf_add(buf, v + fs, nfrac);
	}
	if (nx > 0 && !zero) {
		weir_buf_addc(buf, 'e');
		if (xneg)
			weir_buf_addc(buf, '-');
		weir_buf_add(buf, v + xs, nx);
	}
	if (buf->len == len && memcmp(buf->p, v, len) == 0) {
		*out = v;		/* already canonical */
		*outlen = len;
		return 0;
	}
	*out = buf->p;
	*outlen = buf->len;
	return 0;
}

static int
canon_bool(const char *v, size_t len, struct weir_buf *buf, const char **out,
    size_t *outlen)
{
	static const char *const yes[] = { "true", "yes", "t", "y", "1" };
	static const char *const no[] = { "false", "no", "f", "n", "0" };
	const char *c = NULL;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]) && c == NULL; i++) {
		if (ieq(v, len, yes[i]))
			c = "true";
		else if (ieq(v, len, no[i]))
			c = "false";
	}
	if (c == NULL)
		return -1;
	if (len == strlen(c) && memcmp(v, c, len) == 0) {
		*out = v;
		*outlen = len;
		return 0;
	}
	weir_buf_reset(buf);
	weir_buf_adds(buf, c);
	*out = buf->p;
	*outlen = buf->len;
	return 0;
}

/*
 * Canonical text of v (non-empty) for the type of c, in *out: v itself or
 * a copy in buf.  With iso_only, a date or datetime "format" is not tried
 * (min and max are always written in ISO form).
 */
static int
canon(const struct weir_schema_col *c, const char *v, size_t len, int iso_only,
    struct weir_buf *buf, const char **out, size_t *outlen)
{
	struct dt t;
	int isdt = c->type == WEIR_S_DATETIME;

	switch (c->type) {
	case WEIR_S_INT:
		return canon_int(v, len, buf, out, outlen);
	case WEIR_S_FLOAT:
		return canon_float(v, len, buf, out, outlen);
	case WEIR_S_BOOL:
		return canon_bool(v, len, buf, out, outlen);
	case WEIR_S_DATE:
	case WEIR_S_DATETIME:
		if (iso_only || c->format == NULL ||
		    parse_fmt(c->format, v, len, &t) == -1) {
			if (isdt ? parse_datetime_iso(v, len, &t) == -1 :
			    parse_date_iso(v, len, 1, &t) == -1)
				return -1;
		}
		dt_format(&t, isdt, buf);
		if (buf->len == len && memcmp(buf->p, v, len) == 0)
			*out = v;
		else
			*out = buf->p;
		*outlen = buf->len;
		return 0;
	default:
		*out = v;
		*outlen = len;
		return 0;
	}
}

/* <0, 0, >0 as the canonical value v compares with the bound text. */
static int
bound_cmp(const struct weir_schema_col *c, const char *v, size_t len,
    const char *bound)
{
	size_t blen = strlen(bound);
	int r;

	if (c->type == WEIR_S_INT || c->type == WEIR_S_FLOAT)
		return dec_cmps(v, len, bound, blen);
	r = memcmp(v, bound, len < blen ? len : blen);
	if (r == 0 && len != blen)
		r = len < blen ? -1 : 1;
	return r;
}

/* ---- loading ---- */

static int
colerr(struct weir_err *e, const char *file, const char *col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
colerr(struct weir_err *e, const char *file, const char *col,
    const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return weir_errf(e, EX_DATAERR, "schema '%s': column '%s': %s", file,
	    col, what);
}

static int
load_bound(struct weir_schema_col *c, json_t *j, const char *which,
    char **dst, const char *file, struct weir_err *e)
{
	struct weir_buf b = WEIR_BUF_INIT;
	char text[40];
	const char *o;
	size_t olen;
	char q[QUOTE_SIZE];

	switch (c->type) {
	case WEIR_S_INT:
	case WEIR_S_FLOAT:
		if (json_is_integer(j))
			snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(j));
		else if (json_is_real(j))
			dbl_text(json_real_value(j), text);
		else
			return colerr(e, file, c->name, "%s is not a number",
			    which);
		*dst = weir_xstrdup(text);
		return 0;
	case WEIR_S_DATE:
	case WEIR_S_DATETIME:
		if (!json_is_string(j))
			return colerr(e, file, c->name, "%s is not a string",
			    which);
		o = json_string_value(j);
		olen = json_string_length(j);
		if (olen == 0 || canon(c, o, olen, 1, &b, &o, &olen) == -1) {
			weir_buf_release(&b);
			return colerr(e, file, c->name, "%s is not %s: %s",
			    which, tarticle[c->type],
			    quote(q, json_string_value(j),
			    json_string_length(j)));
		}
		*dst = weir_xmemdup(o, olen);
		weir_buf_release(&b);
		return 0;
	default:
		return colerr(e, file, c->name, "%s is not allowed for type %s",
		    which, tnames[c->type]);
	}
}

static int
load_enum(struct weir_schema_col *c, json_t *j, const char *file,
    struct weir_err *e)
{
	struct weir_buf b = WEIR_BUF_INIT;
	char q[QUOTE_SIZE];
	const char *o;
	size_t i, olen;
	json_t *v;

	if (!json_is_array(j))
		return colerr(e, file, c->name, "enum is not an array");
	if (json_array_size(j) == 0)
		return colerr(e, file, c->name, "enum is empty");
	c->enumv = weir_xcalloc(json_array_size(j), sizeof(*c->enumv));
	c->enumlen = weir_xcalloc(json_array_size(j), sizeof(*c->enumlen));
	json_array_foreach(j, i, v) {
		if (!json_is_string(v)) {
			weir_buf_release(&b);
			return colerr(e, file, c->name,
			    "enum value %zu is not a string", i + 1);
		}
		o = json_string_value(v);
		olen = json_string_length(v);
		if (olen == 0 || canon(c, o, olen, 0, &b, &o, &olen) == -1) {
			weir_buf_release(&b);
			return colerr(e, file, c->name,
			    "enum value %s is not %s",
			    quote(q, json_string_value(v),
			    json_string_length(v)), tarticle[c->type]);
		}
		c->enumv[c->nenum] = weir_xmemdup(o, olen);
		c->enumlen[c->nenum++] = olen;
	}
	weir_buf_release(&b);
	return 0;
}

static const char *const colkeys[] = {
	"name", "type", "required", "min", "max", "pattern", "enum", "format",
	NULL
};


#define PATTERN_MAX	4096

/*
 * A schema may come from elsewhere: a pattern that makes regcomp(3) work
 * for ever is refused before it is compiled.  POSIX leaves adjacent
 * repetitions ("a**", "a+*", "a{2}*") undefined, and glibc's compiler
 * takes exponential time on them; the length is bounded too.  NULL when
 * the pattern is fine.
 */
const char *
weir_pattern_hazard(const char *re)
{
	size_t i, n = strlen(re);
	int rep = 0;		/* the last atom was a repetition */

	if (n > PATTERN_MAX)
		return "longer than 4096 bytes";
	for (i = 0; i < n; i++) {
		switch (re[i]) {
		case '\\':
			if (i + 1 < n)
				i++;
			rep = 0;
			break;
		case '[':
			/* a bracket expression: "]" first is a member */
			i++;
			if (i < n && re[i] == '^')
				i++;
			if (i < n && re[i] == ']')
				i++;
			while (i < n && re[i] != ']') {
				if (re[i] == '[' && i + 1 < n &&
				    (re[i + 1] == ':' || re[i + 1] == '.' ||
				    re[i + 1] == '=')) {
					char close = re[i + 1];

					for (i += 2; i + 1 < n && !(re[i] ==
					    close && re[i + 1] == ']'); i++)
						;
					i++;
				}
				i++;
			}
			rep = 0;
			break;
		case '*':
		case '+':
		case '?':
			if (rep)
				return "two repetitions in a row are undefined "
				    "(POSIX) and can take forever to compile";
			rep = 1;
			break;
		case '{':
			if (rep)
				return "two repetitions in a row are undefined "
				    "(POSIX) and can take forever to compile";
			while (i < n && re[i] != '}')
				i++;
			rep = 1;
			break;
		default:
			rep = 0;
		}
	}
	return NULL;
}

static int
load_col(struct weir_schema *sc, json_t *jc, size_t idx, const char *file,
    struct weir_err *e)
{
	const char *bad;
	struct weir_schema_col *c;
	const char *key, *ts;
	char why[200];
	json_t *j, *v;
	size_t i;
	int rc, t;

	if (!json_is_object(jc))
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': column %zu: not an object", file, idx + 1);
	if ((j = json_object_get(jc, "name")) == NULL)
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': column %zu: missing name", file, idx + 1);
	if (!json_is_string(j))
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': column %zu: name is not a string", file,
		    idx + 1);
	if (weir_schema_find(sc, json_string_value(j)) != -1)
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': duplicate column '%s'", file,
		    json_string_value(j));
	c = &sc->col[sc->n++];
	c->name = weir_xstrdup(json_string_value(j));

	json_object_foreach(jc, key, v) {
		for (i = 0; colkeys[i] != NULL; i++)
			if (strcmp(key, colkeys[i]) == 0)
				break;
		if (colkeys[i] == NULL)
			return colerr(e, file, c->name, "unknown key '%s'",
			    key);
	}

	if ((j = json_object_get(jc, "type")) == NULL)
		return colerr(e, file, c->name, "missing type");
	if (!json_is_string(j))
		return colerr(e, file, c->name, "type is not a string");
	ts = json_string_value(j);
	for (t = 0; t <= WEIR_S_STRING; t++)
		if (strcmp(ts, tnames[t]) == 0)
			break;
	if (t > WEIR_S_STRING)
		return colerr(e, file, c->name, "unknown type '%s'", ts);
	c->type = t;

	if ((j = json_object_get(jc, "required")) != NULL) {
		if (!json_is_boolean(j))
			return colerr(e, file, c->name,
			    "required is not true or false");
		c->required = json_is_true(j);
	}

	if ((j = json_object_get(jc, "format")) != NULL) {
		if (t != WEIR_S_DATE && t != WEIR_S_DATETIME)
			return colerr(e, file, c->name,
			    "format is not allowed for type %s", tnames[t]);
		if (!json_is_string(j))
			return colerr(e, file, c->name,
			    "format is not a string");
		if (fmt_check(json_string_value(j), t, why, sizeof(why)) == -1)
			return colerr(e, file, c->name, "bad format '%s': %s",
			    json_string_value(j), why);
		c->format = weir_xstrdup(json_string_value(j));
	}

	if ((j = json_object_get(jc, "min")) != NULL &&
	    load_bound(c, j, "min", &c->min, file, e) == -1)
		return -1;
	if ((j = json_object_get(jc, "max")) != NULL &&
	    load_bound(c, j, "max", &c->max, file, e) == -1)
		return -1;
	if (c->min && c->max &&
	    bound_cmp(c, c->min, strlen(c->min), c->max) > 0)
		return colerr(e, file, c->name,
		    "min %s is greater than max %s", c->min, c->max);

	if ((j = json_object_get(jc, "pattern")) != NULL) {
		if (!json_is_string(j))
			return colerr(e, file, c->name,
			    "pattern is not a string");
		if ((bad = weir_pattern_hazard(json_string_value(j))) != NULL)
			return colerr(e, file, c->name, "bad pattern '%.80s': %s",
			    json_string_value(j), bad);
		rc = regcomp(&c->re, json_string_value(j),
		    REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &c->re, why, sizeof(why));
			return colerr(e, file, c->name, "bad pattern '%s': %s",
			    json_string_value(j), why);
		}
		c->pattern = weir_xstrdup(json_string_value(j));
	}

	if ((j = json_object_get(jc, "enum")) != NULL &&
	    load_enum(c, j, file, e) == -1)
		return -1;
	return 0;
}

static int
load_json(struct weir_schema *sc, json_t *root, const char *file,
    struct weir_err *e)
{
	const char *key;
	json_t *v, *cols;
	size_t i;

	if (!json_is_object(root))
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': not a JSON object", file);
	json_object_foreach(root, key, v) {
		if (strcmp(key, "weir_schema") != 0 &&
		    strcmp(key, "columns") != 0)
			return weir_errf(e, EX_DATAERR,
			    "schema '%s': unknown key '%s'", file, key);
	}
	if ((v = json_object_get(root, "weir_schema")) == NULL)
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': missing key 'weir_schema'", file);
	if (!json_is_integer(v) || json_integer_value(v) != 1)
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': unsupported weir_schema version (want 1)",
		    file);
	if ((cols = json_object_get(root, "columns")) == NULL)
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': missing key 'columns'", file);
	if (!json_is_array(cols))
		return weir_errf(e, EX_DATAERR,
		    "schema '%s': columns is not an array", file);
	sc->col = weir_xcalloc(json_array_size(cols), sizeof(*sc->col));
	json_array_foreach(cols, i, v) {
		if (load_col(sc, v, i, file, e) == -1)
			return -1;
	}
	return 0;
}

static int
load_text(struct weir_schema *sc, const char *text, size_t len,
    const char *file, struct weir_err *e)
{
	json_error_t je;
	json_t *root;
	int rv;

	sc->col = NULL;
	sc->n = 0;
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return weir_errf(e, EX_DATAERR, "schema '%s': line %d: %s",
		    file, je.line, je.text);
	rv = load_json(sc, root, file, e);
	json_decref(root);
	if (rv == -1)
		weir_schema_release(sc);
	return rv;
}

int
weir_schema_parse(struct weir_schema *sc, const char *json_text,
    const char *name_for_msgs, struct weir_err *e)
{
	return load_text(sc, json_text, strlen(json_text), name_for_msgs, e);
}

int
weir_schema_load(struct weir_schema *sc, const char *path, struct weir_err *e)
{
	struct weir_buf b = WEIR_BUF_INIT;
	FILE *fp;
	size_t n;
	int rv, errnum;

	sc->col = NULL;
	sc->n = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "schema '%s'", path);
	do {
		weir_buf_grow(&b, 8192);
		n = fread(b.p + b.len, 1, b.cap - b.len - 1, fp);
		b.len += n;
	} while (n > 0);
	if (ferror(fp)) {
		errnum = errno;
		fclose(fp);
		weir_buf_release(&b);
		return weir_errnof(e, weir_errno_code(errnum, 0), errnum,
		    "schema '%s'", path);
	}
	fclose(fp);
	rv = load_text(sc, b.p, b.len, path, e);
	weir_buf_release(&b);
	return rv;
}

void
weir_schema_release(struct weir_schema *sc)
{
	struct weir_schema_col *c;
	size_t i, j;

	for (i = 0; i < sc->n; i++) {
		c = &sc->col[i];
		free(c->name);
		free(c->min);
		free(c->max);
		if (c->pattern != NULL) {
			regfree(&c->re);
			free(c->pattern);
		}
		for (j = 0; j < c->nenum; j++)
			free(c->enumv[j]);
		free(c->enumv);
		free(c->enumlen);
		free(c->format);
	}
	free(sc->col);
	sc->col = NULL;
	sc->n = 0;
}

long
weir_schema_find(const struct weir_schema *sc, const char *name)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (strcmp(sc->col[i].name, name) == 0)
			return (long)i;
	return -1;
}

const char *
weir_schema_col_name(const struct weir_schema *sc, size_t i)
{
	return i < sc->n ? sc->col[i].name : NULL;
}

int
weir_schema_col_required(const struct weir_schema *sc, size_t i)
{
	return i < sc->n ? sc->col[i].required : 0;
}

/* ---- checking ---- */

int
weir_schema_check(const struct weir_schema *sc, size_t i, const char *v,
    size_t len, struct weir_buf *buf, const char **out, size_t *outlen,
    struct weir_err *e)
{
	const struct weir_schema_col *c;
	char q[QUOTE_SIZE];
	const char *o;
	size_t olen, k;

	if (i >= sc->n)
		return weir_errf(e, EX_SOFTWARE, "schema has no column %zu",
		    i + 1);
	c = &sc->col[i];
	if (len == 0) {
		if (c->required)
			return weir_errf(e, EX_DATAERR,
			    "missing required value");
		*out = v;
		*outlen = 0;
		return 0;
	}
	if (canon(c, v, len, 0, buf, &o, &olen) == -1)
		return weir_errf(e, EX_DATAERR, "not %s: %s",
		    tarticle[c->type], quote(q, v, len));
	if (c->min != NULL && bound_cmp(c, o, olen, c->min) < 0)
		return weir_errf(e, EX_DATAERR, "below min %s: %s", c->min,
		    quote(q, v, len));
	if (c->max != NULL && bound_cmp(c, o, olen, c->max) > 0)
		return weir_errf(e, EX_DATAERR, "above max %s: %s", c->max,
		    quote(q, v, len));
	if (c->nenum > 0) {
		for (k = 0; k < c->nenum; k++)
			if (c->enumlen[k] == olen &&
			    memcmp(c->enumv[k], o, olen) == 0)
				break;
		if (k == c->nenum)
			return weir_errf(e, EX_DATAERR,
			    "not one of the allowed values: %s",
			    quote(q, v, len));
	}
	if (c->pattern != NULL) {
		/* regexec() wants a NUL-terminated string */
		if (o != buf->p) {
			weir_buf_reset(buf);
			weir_buf_add(buf, o, olen);
			o = buf->p;
		}
		if (memchr(o, '\0', olen) != NULL ||
		    regexec(&c->re, o, 0, NULL, 0) != 0)
			return weir_errf(e, EX_DATAERR,
			    "does not match pattern '%s': %s", c->pattern,
			    quote(q, v, len));
	}
	*out = o;
	*outlen = olen;
	return 0;
}

/* ---- inference ---- */

enum itype { I_NONE, I_INT, I_FLOAT, I_BOOL, I_DATE, I_DATETIME, I_STRING };

static const char *const inames[] = {
	"string", "int", "float", "bool", "date", "datetime", "string"
};

struct icol {
	char			*name;
	int			 seen;
	int			 type;		/* enum itype */
	int			 empty;		/* an empty value was seen */
	int			 ext;		/* lo and hi are set */
	unsigned long long	 count;		/* values seen, empty too */
	struct weir_buf		 lo, hi;	/* text of the extremes */
	struct dec		 dlo, dhi;	/* their parses, for numbers */
};

struct weir_infer {
	struct icol	*col;
	size_t		 n;
	struct weir_buf	 tmp;	/* canonical datetimes */
};

struct weir_infer *
weir_infer_new(void)
{
	return weir_xcalloc(1, sizeof(struct weir_infer));
}

void
weir_infer_free(struct weir_infer *inf)
{
	size_t i;

	if (inf == NULL)
		return;
	for (i = 0; i < inf->n; i++) {
		free(inf->col[i].name);
		weir_buf_release(&inf->col[i].lo);
		weir_buf_release(&inf->col[i].hi);
	}
	free(inf->col);
	weir_buf_release(&inf->tmp);
	free(inf);
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, the JSON number */
static int
json_number(const char *s, size_t len)
{
	size_t i = 0;
	int real = 0;

	if (s[i] == '-')
		i++;
	if (i == len)
		return I_STRING;
	if (s[i] == '0')
		i++;
	else if (ISDIGIT(s[i]))
		while (i < len && ISDIGIT(s[i]))
			i++;
	else
		return I_STRING;
	if (i < len && s[i] == '.') {
		if (++i == len || !ISDIGIT(s[i]))
			return I_STRING;
		while (i < len && ISDIGIT(s[i]))
			i++;
		real = 1;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == len || !ISDIGIT(s[i]))
			return I_STRING;
		while (i < len && ISDIGIT(s[i]))
			i++;
		real = 1;
	}
	if (i != len)
		return I_STRING;
	return real ? I_FLOAT : I_INT;
}

/*
 * The type of one non-empty value, decided by a cheap look at its first
 * bytes before any full parse.  A datetime's canonical text goes to tmp.
 */
static int
classify(const char *s, size_t len, struct weir_buf *tmp)
{
	struct dt t;

	if (ISDIGIT(s[0]) || s[0] == '-') {
		if (len >= 10 && s[4] == '-' && s[0] != '-') {
			if (len == 10)
				return parse_date_iso(s, len, 0, &t) == 0 ?
				    I_DATE : I_STRING;
			if (parse_datetime_iso(s, len, &t) == -1)
				return I_STRING;
			if (tmp != NULL)
				dt_format(&t, 1, tmp);
			return I_DATETIME;
		}
		return json_number(s, len);
	}
	if (ieq(s, len, "true") || ieq(s, len, "false"))
		return I_BOOL;
	return I_STRING;
}

int
weir_value_kind(const char *s, size_t len)
{
	static const int kind[] = { WEIR_KIND_STRING, WEIR_KIND_INT,
	    WEIR_KIND_FLOAT, WEIR_KIND_BOOL, WEIR_KIND_DATE,
	    WEIR_KIND_DATETIME, WEIR_KIND_STRING };

	return len == 0 ? WEIR_KIND_EMPTY : kind[classify(s, len, NULL)];
}

static int
join(int a, int b)
{
	if (a == I_NONE || a == b)
		return b;
	if ((a == I_INT && b == I_FLOAT) || (a == I_FLOAT && b == I_INT))
		return I_FLOAT;
	return I_STRING;
}

static int
textcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r == 0 && alen != blen)
		r = alen < blen ? -1 : 1;
	return r;
}

static void
set_text(struct weir_buf *b, const char *s, size_t len)
{
	weir_buf_reset(b);
	weir_buf_add(b, s, len);
}

void
weir_infer_value(struct weir_infer *inf, size_t col, const char *name,
    const char *s, size_t len)
{
	struct icol *c;
	struct dec d;
	size_t n;
	int k;

	if (col >= inf->n) {
		n = inf->n * 2 > col ? inf->n * 2 : col + 1;
		inf->col = weir_xreallocarray(inf->col, n, sizeof(*inf->col));
		memset(inf->col + inf->n, 0, (n - inf->n) * sizeof(*inf->col));
		inf->n = n;
	}
	c = &inf->col[col];
	c->seen = 1;
	if (c->name == NULL && name != NULL)
		c->name = weir_xstrdup(name);
	c->count++;
	if (len == 0) {
		c->empty = 1;
		return;
	}
	if (c->type == I_STRING)
		return;
	k = classify(s, len, &inf->tmp);
	if ((c->type = join(c->type, k)) == I_STRING || k == I_BOOL)
		return;
	if (k == I_DATETIME) {
		s = inf->tmp.p;
		len = inf->tmp.len;
	}
	if (k == I_INT || k == I_FLOAT) {
		dec_parse(s, len, &d);
		if (!c->ext || dec_cmp(s, &d, c->lo.p, &c->dlo) < 0) {
			set_text(&c->lo, s, len);
			c->dlo = d;
		}
		if (!c->ext || dec_cmp(s, &d, c->hi.p, &c->dhi) > 0) {
			set_text(&c->hi, s, len);
			c->dhi = d;
		}
	} else {
		if (!c->ext || textcmp(s, len, c->lo.p, c->lo.len) < 0)
			set_text(&c->lo, s, len);
		if (!c->ext || textcmp(s, len, c->hi.p, c->hi.len) > 0)
			set_text(&c->hi, s, len);
	}
	c->ext = 1;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
add_jstr(struct weir_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, k;
	unsigned long cp;

	weir_buf_addc(b, '"');
	while (*p != '\0') {
		if (*p == '"' || *p == '\\') {
			weir_buf_addc(b, '\\');
			weir_buf_addc(b, *p++);
			continue;
		}
		if (*p < 0x20) {
			weir_buf_addf(b, "\\u%04x", *p++);
			continue;
		}
		if (*p < 0x80) {
			weir_buf_addc(b, *p++);
			continue;
		}
		n = *p >= 0xf0 && *p <= 0xf4 ? 4 : *p >= 0xe0 && *p <= 0xef ?
		    3 : *p >= 0xc2 && *p <= 0xdf ? 2 : 0;
		cp = n == 4 ? *p & 0x07u : n == 3 ? *p & 0x0fu : *p & 0x1fu;
		for (k = 1; k < n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				break;
			cp = cp << 6 | (p[k] & 0x3fu);
		}
		if (n == 0 || k < n || (n == 3 && cp < 0x800) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff)) {
			weir_buf_adds(b, "\\ufffd");
			p++;
			continue;
		}
		weir_buf_add(b, p, n);
		p += n;
	}
	weir_buf_addc(b, '"');
}

static int
fits_int64(const char *s, size_t len)
{
	const char *lim = "9223372036854775807";
	size_t i = 0, k;

	if (s[0] == '-') {
		i = 1;
		lim = "9223372036854775808";
	}
	for (k = i; k < len; k++)
		if (!ISDIGIT(s[k]))
			return 0;
	if (len - i != 19)
		return len - i < 19;
	return memcmp(s + i, lim, 19) <= 0;
}

/*
 * A number bound: an integer that fits int64 as it is, otherwise the
 * nearest double rounded outwards (down for min, up for max), so every
 * value seen still passes when the schema is read back.  Returns -1 when
 * no double can hold it (1e999).
 */
static int
add_num(struct weir_buf *b, const char *key, const struct weir_buf *t,
    int is_max)
{
	char r[40];
	double x;
	int i, cmp;

	if (fits_int64(t->p, t->len)) {
		weir_buf_addf(b, ", \"%s\": %s", key,
		    strcmp(t->p, "-0") == 0 ? "0" : t->p);
		return 0;
	}
	x = strtod(t->p, NULL);
	for (i = 0; i < 8; i++) {
		if (!(x <= DBL_MAX && x >= -DBL_MAX))
			return -1;
		dbl_text(x, r);
		cmp = dec_cmps(t->p, t->len, r, strlen(r));
		if (is_max ? cmp <= 0 : cmp >= 0)
			break;
		x = dbl_step(x, is_max);
	}
	if (i == 8)
		return -1;
	weir_buf_addf(b, ", \"%s\": %s", key, r);
	if (strpbrk(r, ".e") == NULL)
		weir_buf_adds(b, ".0");
	return 0;
}

char *
weir_infer_json(const struct weir_infer *inf)
{
	struct weir_buf b = WEIR_BUF_INIT;
	const struct icol *c;
	unsigned long long most = 0;
	size_t i;
	int first = 1;

	for (i = 0; i < inf->n; i++)
		if (inf->col[i].count > most)
			most = inf->col[i].count;
	weir_buf_adds(&b, "{\n  \"weir_schema\": 1,\n  \"columns\": [");
	for (i = 0; i < inf->n; i++) {
		c = &inf->col[i];
		if (!c->seen)
			continue;
		weir_buf_adds(&b, first ? "\n" : ",\n");
		weir_buf_adds(&b, "    {\"name\": ");
		first = 0;
		if (c->name != NULL)
			add_jstr(&b, c->name);
		else
			weir_buf_addf(&b, "\"c%zu\"", i + 1);
		weir_buf_addf(&b, ", \"type\": \"%s\", \"required\": %s",
		    inames[c->type],
		    c->type != I_NONE && !c->empty && c->count == most ?
		    "true" : "false");
		if (c->ext && (c->type == I_INT || c->type == I_FLOAT)) {
			add_num(&b, "min", &c->lo, 0);
			add_num(&b, "max", &c->hi, 1);
		} else if (c->ext && (c->type == I_DATE ||
		    c->type == I_DATETIME)) {
			weir_buf_adds(&b, ", \"min\": ");
			add_jstr(&b, c->lo.p);
			weir_buf_adds(&b, ", \"max\": ");
			add_jstr(&b, c->hi.p);
		}
		weir_buf_addc(&b, '}');
	}
	weir_buf_adds(&b, first ? "]\n}\n" : "\n  ]\n}\n");
	return b.p;
}

/* ---- a schema applied to a record stream ---- */

int
weir_schema_bind_load(struct weir_schema_bind *b, const char *path,
    struct weir_err *e)
{
	size_t i, n;

	memset(b, 0, sizeof(*b));
	if (weir_schema_load(&b->s, path, e) == -1)
		return -1;
	b->path = path;
	n = b->s.n ? b->s.n : 1;
	b->col = weir_xcalloc(n, sizeof(*b->col));
	b->canon = weir_xcalloc(n, sizeof(*b->canon));
	b->cv = weir_xcalloc(n, sizeof(*b->cv));
	b->cvlen = weir_xcalloc(n, sizeof(*b->cvlen));
	for (i = 0; i < b->s.n; i++)
		b->col[i] = -1;
	return 0;
}

void
weir_schema_bind_map(struct weir_schema_bind *b, const struct weir_header *h)
{
	const char *name;
	size_t i;

	for (i = 0; i < b->s.n; i++)
		if (b->col[i] < 0) {
			name = b->s.col[i].name;
			b->col[i] = weir_header_find(h, name, strlen(name));
		}
}

int
weir_schema_bind_required(const struct weir_schema_bind *b,
    struct weir_err *e)
{
	size_t i;

	for (i = 0; i < b->s.n; i++)
		if (b->col[i] < 0 && b->s.col[i].required)
			return weir_errf(e, EX_DATAERR, "required column '%s' "
			    "(schema '%s') is not in the input",
			    b->s.col[i].name, b->path);
	return 0;
}

int
weir_schema_typed(int stype, int was)
{
	switch (stype) {
	case WEIR_S_INT:
	case WEIR_S_FLOAT:
		return WEIR_NUM;
	case WEIR_S_BOOL:
		return WEIR_BOOL;
	default:
		return was == WEIR_TEXT ? WEIR_TEXT : WEIR_STR;
	}
}

/* The field of rec in h column c, through the slot map, or NULL. */
static struct weir_field *
field_of(const struct weir_schema_bind *b, struct weir_rec *rec, long c)
{
	long k = c >= 0 && (size_t)c < b->nslot ? b->slot[c] : -1;

	return k >= 0 ? &rec->f[k] : NULL;
}

int
weir_schema_bind_apply(struct weir_schema_bind *b, struct weir_rec *rec,
    const struct weir_header *h, struct weir_badrec *bad, struct weir_err *e)
{
	struct weir_field *f;
	size_t i;
	int rv = 0;

	if (b->nslot < h->n) {
		b->slot = weir_xreallocarray(b->slot, h->n * 2, sizeof(long));
		for (i = b->nslot; i < h->n * 2; i++)
			b->slot[i] = -1;
		b->nslot = h->n * 2;
	}
	for (i = 0; i < rec->n; i++)
		b->slot[rec->f[i].col] = (long)i;
	/* Every column first: a failing record goes out as it came in. */
	for (i = 0; i < b->s.n && rv == 0; i++) {
		f = field_of(b, rec, b->col[i]);
		if (weir_schema_check(&b->s, i, f ? f->s : "", f ? f->len : 0,
		    &b->canon[i], &b->cv[i], &b->cvlen[i], e) == -1)
			rv = weir_bad_rec(bad, &b->raw, e, NULL, rec,
			    b->s.col[i].name, "%s", e->msg);
	}
	for (i = 0; i < b->s.n && rv == 0; i++) {
		if ((f = field_of(b, rec, b->col[i])) == NULL)
			continue;
		f->s = b->cv[i];
		f->len = b->cvlen[i];
		f->plain = 0;
		if (f->len > 0)
			f->type = weir_schema_typed(b->s.col[i].type, f->type);
		else if (f->type != WEIR_TEXT ||
		    b->s.col[i].type != WEIR_S_STRING)
			f->type = WEIR_NULL;	/* a typed value missing */
	}
	for (i = 0; i < rec->n; i++)
		b->slot[rec->f[i].col] = -1;
	return rv;
}

void
weir_schema_bind_release(struct weir_schema_bind *b)
{
	size_t i;

	if (b->canon != NULL)
		for (i = 0; i < b->s.n; i++)
			weir_buf_release(&b->canon[i]);
	free(b->canon);
	free(b->cv);
	free(b->cvlen);
	free(b->col);
	free(b->slot);
	weir_buf_release(&b->raw);
	weir_schema_release(&b->s);
	memset(b, 0, sizeof(*b));
}

int
weir_infer_write(const struct weir_infer *inf, const char *path,
    struct weir_err *e)
{
	struct weir_out so;
	char *text = weir_infer_json(inf);
	int rv;

	if (weir_out_open(&so, path, 0, 0, e) == -1) {
		free(text);
		return -1;
	}
	rv = weir_out_write(&so, text, strlen(text));
	free(text);
	if (rv == -1) {
		*e = so.err;
		weir_out_abort(&so);
		return -1;
	}
	return weir_out_commit(&so, e);
}
