/* coerce.c - messy numbers, booleans and dates to schema forms (coerce.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "coerce.h"
#include "schema.h"

#define ISDIGIT(c)	((c) >= '0' && (c) <= '9')

static int
bad(struct weir_err *e, const char *what, const char *s, size_t len)
{
	return weir_errf(e, EX_DATAERR, "not %s: '%.*s%s'", what,
	    (int)(len > 40 ? 40 : len), s, len > 40 ? "..." : "");
}

/* A prefix of s[0..*len) equal to p: cut it. */
static int
cut_front(const char **s, size_t *len, const char *p)
{
	size_t n = strlen(p);

	if (*len < n || memcmp(*s, p, n) != 0)
		return 0;
	*s += n;
	*len -= n;
	return 1;
}

static int
cut_back(const char *s, size_t *len, const char *p)
{
	size_t n = strlen(p);

	if (*len < n || memcmp(s + *len - n, p, n) != 0)
		return 0;
	*len -= n;
	return 1;
}

static void
blanks(const char **s, size_t *len)
{
	while (cut_front(s, len, " ") || cut_front(s, len, "\t") ||
	    cut_front(s, len, "\xc2\xa0") || cut_front(s, len, "\xe2\x80\xaf"))
		;
	while (cut_back(*s, len, " ") || cut_back(*s, len, "\t") ||
	    cut_back(*s, len, "\xc2\xa0") || cut_back(*s, len, "\xe2\x80\xaf"))
		;
}

static int
currency(const char **s, size_t *len)
{
	return cut_front(s, len, "$") || cut_front(s, len, "\xe2\x82\xac") ||
	    cut_front(s, len, "\xc2\xa3") || cut_front(s, len, "\xc2\xa5");
}

static int
currency_back(const char *s, size_t *len)
{
	return cut_back(s, len, "$") || cut_back(s, len, "\xe2\x82\xac") ||
	    cut_back(s, len, "\xc2\xa3") || cut_back(s, len, "\xc2\xa5");
}

/* A thousands separator at s[i]: its length, else 0. */
static size_t
group_sep(const struct weir_coerce_opts *o, const char *s, size_t len,
    size_t i)
{
	if (s[i] == (o->decimal_comma ? '.' : ',') || s[i] == ' ')
		return 1;
	if (len - i >= 2 && memcmp(s + i, "\xc2\xa0", 2) == 0)
		return 2;
	if (len - i >= 3 && memcmp(s + i, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/*
 * The digits of the integer part with its separators checked: groups of
 * three after a first of one to three.  The digits go to out; *i moves
 * past them.  0 when the grouping is wrong.
 */
static int
int_part(const struct weir_coerce_opts *o, const char *s, size_t len,
    size_t *i, struct weir_buf *out)
{
	size_t run = 0, groups = 0, k;

	while (*i < len) {
		if (ISDIGIT(s[*i])) {
			weir_buf_addc(out, s[*i]);
			run++;
			(*i)++;
			continue;
		}
		if ((k = group_sep(o, s, len, *i)) == 0)
			break;
		if (run == 0 || (groups == 0 ? run > 3 : run != 3))
			return 0;
		groups++;
		run = 0;
		*i += k;
	}
	return groups == 0 || run == 3;
}

/* Divide the plain decimal in b (sign, digits, point) by 100, exactly. */
static void
percent(struct weir_buf *b)
{
	char digits[512];
	size_t i = 0, nd = 0, point, k;
	int neg = b->len > 0 && b->p[0] == '-';
	const char *dot;

	if (neg)
		i = 1;
	dot = memchr(b->p + i, '.', b->len - i);
	point = dot != NULL ? (size_t)(dot - (b->p + i)) : b->len - i;
	for (k = i; k < b->len && nd < sizeof(digits); k++)
		if (b->p[k] != '.')
			digits[nd++] = b->p[k];
	weir_buf_reset(b);
	if (neg)
		weir_buf_addc(b, '-');
	if (point <= 2) {
		weir_buf_adds(b, "0.");
		for (k = point; k < 2; k++)
			weir_buf_addc(b, '0');
		weir_buf_add(b, digits, nd);
	} else {
		weir_buf_add(b, digits, point - 2);
		if (nd > point - 2) {
			weir_buf_addc(b, '.');
			weir_buf_add(b, digits + point - 2, nd - (point - 2));
		}
	}
	/* 200% is 2, not 2.00 */
	if (memchr(b->p, '.', b->len) != NULL) {
		while (b->p[b->len - 1] == '0')
			b->len--;
		if (b->p[b->len - 1] == '.')
			b->len--;
		b->p[b->len] = '\0';
	}
}

static int
number(const struct weir_coerce_opts *o, const char *s0, size_t len0,
    struct weir_buf *out, struct weir_err *e)
{
	const char *s = s0;
	size_t len = len0, i = 0;
	int neg = 0, pct = 0, dp = o->decimal_comma ? ',' : '.';

	blanks(&s, &len);
	if (len >= 2 && s[0] == '(' && s[len - 1] == ')') {
		neg = 1;
		s++;
		len -= 2;
		blanks(&s, &len);
	}
	if (cut_back(s, &len, "%")) {
		pct = 1;
		blanks(&s, &len);
	}
	if (currency_back(s, &len))
		blanks(&s, &len);
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg ^= s[0] == '-';
		s++;
		len--;
	}
	if (currency(&s, &len)) {
		blanks(&s, &len);
		if (len > 0 && (s[0] == '-' || s[0] == '+')) {
			neg ^= s[0] == '-';
			s++;
			len--;
		}
	}
	weir_buf_reset(out);
	if (neg)
		weir_buf_addc(out, '-');
	if (!int_part(o, s, len, &i, out)) {
		/* with a decimal comma a '.' is never the decimal point */
		if (o->decimal_comma && memchr(s, '.', len) != NULL)
			return bad(e, "a number with a decimal comma", s0, len0);
		return 0;
	}
	if (i < len && s[i] == dp) {
		weir_buf_addc(out, '.');
		for (i++; i < len && ISDIGIT(s[i]); i++)
			weir_buf_addc(out, s[i]);
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E') && !pct) {
		weir_buf_add(out, s + i, len - i);
		i = len;
	}
	if (i != len || out->len == (size_t)neg)
		return 0;
	if (pct && o->percent)
		percent(out);
	return out->len != len0 || memcmp(out->p, s0, len0) != 0;
}

static int
boolean(const char *s, size_t len, struct weir_buf *out)
{
	const char *v = NULL;

	if (len == 2 && strncasecmp(s, "on", 2) == 0)
		v = "true";
	else if (len == 3 && strncasecmp(s, "off", 3) == 0)
		v = "false";
	if (v == NULL)
		return 0;
	weir_buf_reset(out);
	weir_buf_adds(out, v);
	return 1;
}

/* ---- dates ---- */

struct when {
	int	y, mo, d, h, mi, sec, has_time;
	int	wday;		/* 0 Sunday; -1 not given */
	char	tz[32];		/* "", "Z" or "+HH:MM" */
	char	frac[16];	/* fraction of a second, digits */
};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 (H. Hinnant's algorithm). */
static long long
days(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
valid(const struct when *w)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (w->mo < 1 || w->mo > 12 || w->d < 1 || w->y < 1 || w->y > 9999)
		return 0;
	if (w->d > dim[w->mo - 1] + (w->mo == 2 && leap(w->y)))
		return 0;
	/* 1970-01-01 was a Thursday */
	if (w->wday >= 0 && ((days(w->y, w->mo, w->d) % 7 + 11) % 7) != w->wday)
		return 0;
	return w->h < 24 && w->mi < 60 && w->sec < 60;
}

/* n digits at s[*i] into *v. */
static int
digits(const char *s, size_t len, size_t *i, int n, int *v)
{
	int k;

	*v = 0;
	for (k = 0; k < n; k++, (*i)++) {
		if (*i >= len || !ISDIGIT(s[*i]))
			return 0;
		*v = *v * 10 + (s[*i] - '0');
	}
	return 1;
}

/* One or two digits (a day or a month written "5" or "05"). */
static int
small(const char *s, size_t len, size_t *i, int *v)
{
	if (!digits(s, len, i, 1, v))
		return 0;
	if (*i < len && ISDIGIT(s[*i]))
		*v = *v * 10 + (s[(*i)++] - '0');
	return 1;
}

/* " HH:MM[:SS]" or "THH:MM[:SS]" at s[*i], if there. */
static int
clock_time(const char *s, size_t len, size_t *i, struct when *w)
{
	if (*i == len)
		return 1;
	if (s[*i] != ' ' && s[*i] != 'T')
		return 0;
	(*i)++;
	if (!small(s, len, i, &w->h) || *i >= len || s[(*i)++] != ':' ||
	    !digits(s, len, i, 2, &w->mi))
		return 0;
	if (*i < len && s[*i] == ':' && (++*i, !digits(s, len, i, 2, &w->sec)))
		return 0;
	w->has_time = 1;
	return 1;
}

/* DD.MM.YYYY, or NN/NN/YYYY in the order given; a time may follow. */
static int
numeric_date(const struct weir_coerce_opts *o, const char *s, size_t len,
    struct when *w)
{
	size_t i = 0;
	int a, b;
	char sep;

	if (!small(s, len, &i, &a) || i >= len)
		return 0;
	sep = s[i++];
	if ((sep != '.' && sep != '/') || !small(s, len, &i, &b) ||
	    i >= len || s[i++] != sep || !digits(s, len, &i, 4, &w->y))
		return 0;
	if (sep == '/' && o->date_order == WEIR_DATE_ISO)
		return 0;
	if (sep == '.' || o->date_order == WEIR_DATE_DMY) {
		w->d = a;
		w->mo = b;
	} else {
		w->mo = a;
		w->d = b;
	}
	return clock_time(s, len, &i, w) && i == len ? 1 : 0;
}

/* [Day, ]DD Mon YYYY HH:MM[:SS] (+HHMM|-HHMM|GMT|UT|UTC|Z) */
static int
rfc2822(const char *s, size_t len, struct when *w)
{
	static const char *const mon[] = { "jan", "feb", "mar", "apr", "may",
	    "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	static const char *const wday[] = { "sun", "mon", "tue", "wed", "thu",
	    "fri", "sat" };
	size_t i = 0, k;
	int oh, om;

	if (len > 5 && s[3] == ',' && s[4] == ' ') {
		for (k = 0; k < 7 && strncasecmp(s, wday[k], 3) != 0; k++)
			;
		if (k == 7)
			return 0;
		w->wday = (int)k;
		i = 5;
	}
	if (!small(s, len, &i, &w->d) || i + 5 > len || s[i] != ' ')
		return 0;
	for (k = 0; k < 12 && strncasecmp(s + i + 1, mon[k], 3) != 0; k++)
		;
	if (k == 12 || s[i + 4] != ' ')
		return 0;
	w->mo = (int)k + 1;
	i += 5;
	if (!digits(s, len, &i, 4, &w->y) || !clock_time(s, len, &i, w) ||
	    !w->has_time)
		return 0;
	if (i == len)
		return 1;
	if (s[i++] != ' ')
		return 0;
	if ((len - i == 3 && strncmp(s + i, "GMT", 3) == 0) ||
	    (len - i == 2 && strncmp(s + i, "UT", 2) == 0) ||
	    (len - i == 3 && strncmp(s + i, "UTC", 3) == 0) ||
	    (len - i == 1 && s[i] == 'Z')) {
		strcpy(w->tz, "Z");
		return 1;
	}
	if (len - i != 5 || (s[i] != '+' && s[i] != '-'))
		return 0;
	k = i + 1;
	if (!digits(s, len, &k, 2, &oh) || !digits(s, len, &k, 2, &om) ||
	    om > 59)
		return 0;
	snprintf(w->tz, sizeof(w->tz), "%c%02d:%02d", s[i], oh, om);
	return 1;
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil(long long z, struct when *w)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	w->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	w->mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	w->y = (int)(yoe + era * 400 + (w->mo <= 2));
}

static int
epoch(const char *s, size_t len, struct when *w)
{
	long long secs = 0, day, rem;
	size_t i = 0, f = 0;
	int neg = 0;

	if (len > 0 && s[0] == '-')
		neg = 1, i = 1;
	if (i == len)
		return 0;
	for (; i < len && ISDIGIT(s[i]); i++) {
		if (secs > 253402300799LL)	/* past 9999 */
			return 0;
		secs = secs * 10 + (s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && ISDIGIT(s[i]) && f < sizeof(w->frac) - 1;
		    i++)
			w->frac[f++] = s[i];
		w->frac[f] = '\0';
		if (neg && f > 0)
			return 0;	/* negative fractions: not worth it */
	}
	if (i != len)
		return 0;
	if (neg)
		secs = -secs;
	day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	rem = secs - day * 86400;
	civil(day, w);
	w->h = (int)(rem / 3600);
	w->mi = (int)(rem % 3600 / 60);
	w->sec = (int)(rem % 60);
	w->has_time = 1;
	strcpy(w->tz, "Z");
	return 1;
}

static void
write_when(const struct when *w, int datetime, struct weir_buf *out)
{
	char text[64];

	weir_buf_reset(out);
	snprintf(text, sizeof(text), "%04d-%02d-%02d", w->y, w->mo, w->d);
	weir_buf_adds(out, text);
	if (!datetime)
		return;
	snprintf(text, sizeof(text), "T%02d:%02d:%02d", w->h, w->mi, w->sec);
	weir_buf_adds(out, text);
	if (w->frac[0] != '\0') {
		weir_buf_addc(out, '.');
		weir_buf_adds(out, w->frac);
	}
	weir_buf_adds(out, w->tz);
}

/* s[0..8) a valid YYYYMMDD date. */
static int
ymd8(const char *s, struct when *w)
{
	size_t i = 0;

	return digits(s, 8, &i, 4, &w->y) && digits(s, 8, &i, 2, &w->mo) &&
	    digits(s, 8, &i, 2, &w->d) && valid(w);
}

static int
date(const struct weir_coerce_opts *o, int datetime, const char *s,
    size_t len, struct weir_buf *out, struct weir_err *e)
{
	struct when w;
	size_t i = 0;

	memset(&w, 0, sizeof(w));
	w.wday = -1;
	/* YYYYMMDD wins over an epoch: 20240107 is a day, not 1970-08-23 */
	if (o->epoch && !(len == 8 && ymd8(s, &w)) && epoch(s, len, &w))
		goto found;
	memset(&w, 0, sizeof(w));
	w.wday = -1;
	if (numeric_date(o, s, len, &w) || rfc2822(s, len, &w))
		goto found;
	/* an ISO date alone in a datetime column: midnight */
	memset(&w, 0, sizeof(w));
	w.wday = -1;
	if (datetime && (len == 10 || len == 8) && digits(s, len, &i, 4, &w.y) &&
	    (len == 8 || s[i++] == '-') && digits(s, len, &i, 2, &w.mo) &&
	    (len == 8 || s[i++] == '-') && digits(s, len, &i, 2, &w.d) &&
	    i == len)
		goto found;
	return 0;
found:
	if (!valid(&w))
		return bad(e, "a date", s, len);
	write_when(&w, datetime, out);
	return 1;
}

int
weir_coerce(const struct weir_coerce_opts *o, int stype, const char *s,
    size_t len, struct weir_buf *out, struct weir_err *e)
{
	if (len == 0)
		return 0;
	switch (stype) {
	case WEIR_S_INT:
	case WEIR_S_FLOAT:
		return number(o, s, len, out, e);
	case WEIR_S_BOOL:
		return boolean(s, len, out);
	case WEIR_S_DATE:
	case WEIR_S_DATETIME:
		return date(o, stype == WEIR_S_DATETIME, s, len, out, e);
	default:
		return 0;
	}
}
