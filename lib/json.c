/*
 * json.c - see json.h.
 *
 * A recursive-descent parser that works straight on the caller's bytes.
 * Every internal function returns 1 (done; jp->s is just past what it
 * parsed), 0 (the input ended first) or -1 (syntax error; jp->errat and the
 * message are set), so "need more input" and "wrong" travel the same road
 * and no prefix of a valid object is ever called an error.
 *
 * Speed comes from doing per value what a naive parser does per byte:
 * string bodies are scanned eight bytes at a time, and each run of ordinary
 * bytes is copied with one memcpy into buffers that keep their memory from
 * record to record.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "rec.h"

struct jp {
	const char		*end;
	const char		*s;	/* just past the last thing parsed */
	const char		*errat;
	const struct weir_jopts	*o;
	struct weir_jobj	*j;
	char			*msg;
	size_t			 msgsize;
	int			 depth;
};

/*
 * Per byte: IN (1) if it stands for itself inside a string being read,
 * OUT (2) if weir_json_put_string() may write it unescaped.  Bytes >= 0x80
 * are not IN because they must be checked as UTF-8.
 */
#define IN	1
#define OUT	2
static const unsigned char bytecls[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* " */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 3,	/* \ */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * Advance s to the first byte at or after it that is not of class cls, or
 * to end.  Eight bytes at a time, a word has a high bit set in every byte
 * that is '"', '\\' or < 0x20 (and, when high is HIGHS, >= 0x80); the
 * subtraction tricks can flag false bytes, but only above a true one, so
 * the lowest flag is exact and the byte loop finishes the job either way.
 */
static inline const char *
scan(const char *s, const char *end, unsigned char cls, uint64_t high)
{
	uint64_t x, q, b, m;

	while (end - s >= 8) {
		memcpy(&x, s, 8);
		q = x ^ (ONES * '"');
		b = x ^ (ONES * '\\');
		m = ((x & high) | ((x - ONES * 0x20) & ~x) |
		    ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
		if (m != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			s += __builtin_ctzll(m) >> 3;
#endif
			break;
		}
		s += 8;
	}
	while (s < end && (bytecls[(unsigned char)*s] & cls))
		s++;
	return s;
}

static inline const char *
skipws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++;
	return s;
}

static int
fail(struct jp *jp, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct jp *jp, const char *at, const char *fmt, ...)
{
	va_list ap;

	jp->errat = at;
	if (jp->msgsize > 0) {
		va_start(ap, fmt);
		vsnprintf(jp->msg, jp->msgsize, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static inline void
push(struct weir_jobj *j, size_t name, size_t namelen, size_t val,
    size_t vallen, int type)
{
	struct weir_jfield *f;

	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 16;
		j->f = weir_xreallocarray(j->f, j->cap, sizeof(*j->f));
	}
	f = &j->f[j->n++];
	f->name = name;
	f->namelen = namelen;
	f->val = val;
	f->vallen = vallen;
	f->type = type;
}

/*
 * Length of the UTF-8 sequence at s, whose first byte is >= 0x80: 0 when
 * the input ends inside a sequence that is good so far, -1 when it is bad
 * (overlong, surrogate, beyond U+10FFFF, or a missing continuation).
 */
static int
utf8seq(const unsigned char *s, const unsigned char *end)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int i, n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* > U+10FFFF */
	} else
		return -1;
	for (i = 1; i < n; i++) {
		if (s + i == end)
			return 0;
		if (s[i] < lo || s[i] > hi)
			return -1;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

/* Four hex digits at s, for the escape that starts at bs. */
static int
hex4(struct jp *jp, const char *bs, const char *s, unsigned long *cp)
{
	unsigned char c;
	int i;

	*cp = 0;
	for (i = 0; i < 4; i++) {
		if (s + i == jp->end)
			return 0;
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return fail(jp, bs, "invalid \\u escape");
		*cp = *cp << 4 | c;
	}
	return 1;
}

/*
 * Decode the escape at s (a backslash) into out[0..*outlen) as UTF-8, and
 * say in *esclen how many input bytes it spans.  A high surrogate must be
 * followed at once by a low one: JSON text is Unicode, and a lone half
 * cannot be written as UTF-8.
 */
static int
escape(struct jp *jp, const char *s, char out[4], size_t *outlen,
    size_t *esclen)
{
	const char *t;
	unsigned long cp, lo;
	int r;

	if (jp->end - s < 2)
		return 0;
	*outlen = 1;
	*esclen = 2;
	switch (s[1]) {
	case '"':
	case '\\':
	case '/':
		out[0] = s[1];
		return 1;
	case 'b':
		out[0] = '\b';
		return 1;
	case 'f':
		out[0] = '\f';
		return 1;
	case 'n':
		out[0] = '\n';
		return 1;
	case 'r':
		out[0] = '\r';
		return 1;
	case 't':
		out[0] = '\t';
		return 1;
	case 'u':
		break;
	default:
		if (s[1] > ' ' && s[1] < 0x7f)
			return fail(jp, s, "invalid escape '\\%c'", s[1]);
		return fail(jp, s, "invalid escape");
	}
	if ((r = hex4(jp, s, s + 2, &cp)) != 1)
		return r;
	*esclen = 6;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(jp, s, "lone surrogate in \\u escape");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		t = s + 6;
		if (t == jp->end || (*t == '\\' && t + 1 == jp->end))
			return 0;
		if (t[0] != '\\' || t[1] != 'u')
			return fail(jp, s, "lone surrogate in \\u escape");
		if ((r = hex4(jp, t, t + 2, &lo)) != 1)
			return r;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(jp, s, "lone surrogate in \\u escape");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*esclen = 12;
	}
	if (cp < 0x80)
		out[0] = (char)cp;
	else if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		*outlen = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		*outlen = 3;
	} else {
		out[0] = (char)(0xf0 | cp >> 18);
		out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		*outlen = 4;
	}
	return 1;
}

/*
 * The string whose opening quote is at q.  Its body goes to b unescaped;
 * with raw, the whole string goes as written, quotes and escapes too,
 * which is still valid JSON once checked.  Ordinary bytes and good UTF-8
 * accumulate in one run that is copied when an escape or the closing quote
 * ends it.
 */
static int
string(struct jp *jp, const char *q, struct weir_buf *b, int raw)
{
	const char *end = jp->end, *s = q + 1, *run = raw ? q : q + 1;
	char u[4];
	size_t ulen, elen;
	int r;

	for (;;) {
		s = scan(s, end, IN, HIGHS);
		if (s == end)
			return 0;
		if (*s == '"')
			break;
		if (*s == '\\') {
			if ((r = escape(jp, s, u, &ulen, &elen)) != 1)
				return r;
			if (!raw) {
				weir_buf_add(b, run, (size_t)(s - run));
				weir_buf_add(b, u, ulen);
				run = s + elen;
			}
			s += elen;
		} else if ((unsigned char)*s < 0x20)
			return fail(jp, s, "control character in string");
		else {
			r = utf8seq((const unsigned char *)s,
			    (const unsigned char *)end);
			if (r <= 0)
				return r == 0 ? 0 :
				    fail(jp, s, "invalid UTF-8 in string");
			s += r;
		}
	}
	s++;
	weir_buf_add(b, run, (size_t)(s - run - !raw));
	jp->s = s;
	return 1;
}

/*
 * RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.  A number that
 * reaches the end of the input may go on in the next read, so that is 0,
 * not 1.  Characters that can only mean a malformed number ("01", "1.5.",
 * "1e5e") are caught here rather than as a bad separator.
 */
static int
number(struct jp *jp, const char *s)
{
	const char *end = jp->end;

	if (*s == '-' && ++s == end)
		return 0;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (++s < end && *s >= '0' && *s <= '9')
			;
	else
		return fail(jp, s, "invalid number");
	if (s == end)
		return 0;
	if (*s == '.') {
		if (++s == end)
			return 0;
		if (*s < '0' || *s > '9')
			return fail(jp, s, "invalid number");
		while (++s < end && *s >= '0' && *s <= '9')
			;
		if (s == end)
			return 0;
	}
	if (*s == 'e' || *s == 'E') {
		if (++s == end)
			return 0;
		if ((*s == '+' || *s == '-') && ++s == end)
			return 0;
		if (*s < '0' || *s > '9')
			return fail(jp, s, "invalid number");
		while (++s < end && *s >= '0' && *s <= '9')
			;
		if (s == end)
			return 0;
	}
	if ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' ||
	    *s == '+' || *s == '-')
		return fail(jp, s, "invalid number");
	jp->s = s;
	return 1;
}

/* true, false or null at s; its text is appended to b when keep. */
static int
literal(struct jp *jp, const char *s, const char *word, size_t n, int keep)
{
	size_t i, avail = (size_t)(jp->end - s);

	for (i = 0; i < n && i < avail; i++)
		if (s[i] != word[i])
			return fail(jp, s + i, "invalid literal");
	if (avail < n)
		return 0;
	if (keep)
		weir_buf_add(&jp->j->vals, s, n);
	jp->s = s + n;
	return 1;
}

static int	copy(struct jp *, const char *);

/*
 * The value at s, appended to vals: as the field's text, or with raw as
 * JSON text inside a minified array or object.
 */
static int
value(struct jp *jp, const char *s, int raw, int *type)
{
	struct weir_buf *b = &jp->j->vals;
	int r;

	switch (*s) {
	case '"':
		*type = WEIR_STR;
		return string(jp, s, b, raw);
	case '{':
	case '[':
		*type = WEIR_JSON;
		return copy(jp, s);
	case 't':
		*type = WEIR_BOOL;
		return literal(jp, s, "true", 4, 1);
	case 'f':
		*type = WEIR_BOOL;
		return literal(jp, s, "false", 5, 1);
	case 'n':
		*type = WEIR_NULL;
		return literal(jp, s, "null", 4, raw);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		*type = WEIR_NUM;
		if ((r = number(jp, s)) == 1)
			weir_buf_add(b, s, (size_t)(jp->s - s));
		return r;
	case '+':
	case '.':
		return fail(jp, s, "invalid number");
	default:
		return fail(jp, s, "expected a value");
	}
}

/*
 * The array or object at s, checked in full and appended to vals minified.
 */
static int
copy(struct jp *jp, const char *s)
{
	struct weir_buf *b = &jp->j->vals;
	const char *end = jp->end;
	char close = *s == '[' ? ']' : '}';
	int r, type;

	if (++jp->depth > WEIR_JSON_MAXDEPTH)
		return fail(jp, s, "nesting deeper than %d",
		    WEIR_JSON_MAXDEPTH);
	weir_buf_addc(b, *s);
	if ((s = skipws(s + 1, end)) == end)
		return 0;
	if (*s != close) {
		for (;;) {
			if (close == '}') {
				if (*s != '"')
					return fail(jp, s, "expected '\"' "
					    "to begin object key");
				if ((r = string(jp, s, b, 1)) != 1)
					return r;
				if ((s = skipws(jp->s, end)) == end)
					return 0;
				if (*s != ':')
					return fail(jp, s,
					    "expected ':' after object key");
				weir_buf_addc(b, ':');
				if ((s = skipws(s + 1, end)) == end)
					return 0;
			}
			if ((r = value(jp, s, 1, &type)) != 1)
				return r;
			if ((s = skipws(jp->s, end)) == end)
				return 0;
			if (*s == close)
				break;
			if (*s != ',')
				return fail(jp, s, close == '}' ?
				    "expected ',' or '}' after object member" :
				    "expected ',' or ']' after array element");
			weir_buf_addc(b, ',');
			if ((s = skipws(s + 1, end)) == end)
				return 0;
		}
	}
	weir_buf_addc(b, close);
	jp->depth--;
	jp->s = s + 1;
	return 1;
}

/*
 * Start a flattened name at the end of names: the prefix names[po..po+pl)
 * and the separator.  The first member of an object extends its prefix in
 * place; later ones copy it.  Returns where the name starts.
 */
static size_t
prefix(struct jp *jp, size_t po, size_t pl, int first)
{
	struct weir_buf *names = &jp->j->names;
	size_t name = po;

	if (!first) {
		name = names->len;
		/* grow first: the copy comes from names itself */
		weir_buf_grow(names, pl);
		memcpy(names->p + name, names->p + po, pl);
		names->len += pl;
	}
	if (jp->o->seplen > 0)
		weir_buf_add(names, jp->o->sep, jp->o->seplen);
	return name;
}

/*
 * The members of the object at s, as fields.  When nested (flattening),
 * names[po..po+pl) is the object's own name, not yet NUL-terminated and
 * still at the end of names, so that prefix() can extend it in place and
 * no name is ever left unused in the buffer; an empty object becomes a
 * field under that name.
 */
static int
members(struct jp *jp, const char *s, size_t po, size_t pl, int nested)
{
	struct weir_jobj *j = jp->j;
	struct weir_buf *names = &j->names, *vals = &j->vals;
	const struct weir_jopts *o = jp->o;
	const char *end = jp->end;
	size_t name, namelen, val;
	int first, r, type;

	if (++jp->depth > WEIR_JSON_MAXDEPTH)
		return fail(jp, s, "nesting deeper than %d",
		    WEIR_JSON_MAXDEPTH);
	if ((s = skipws(s + 1, end)) == end)
		return 0;
	if (*s == '}') {
		if (nested) {
			weir_buf_addc(names, '\0');
			push(j, po, pl, vals->len, 2, WEIR_JSON);
			weir_buf_add(vals, "{}", 2);
			weir_buf_addc(vals, '\0');
		}
		goto done;
	}
	for (first = 1;; first = 0) {
		if (*s != '"')
			return fail(jp, s, "expected '\"' to begin object key");
		name = nested ? prefix(jp, po, pl, first) : names->len;
		if ((r = string(jp, s, names, 0)) != 1)
			return r;
		if ((s = skipws(jp->s, end)) == end)
			return 0;
		if (*s != ':')
			return fail(jp, s, "expected ':' after object key");
		if ((s = skipws(s + 1, end)) == end)
			return 0;
		if (*s == '{' && o->flatten) {
			r = members(jp, s, name, names->len - name, 1);
			if (r != 1)
				return r;
		} else {
			namelen = names->len - name;
			weir_buf_addc(names, '\0');
			val = vals->len;
			if ((r = value(jp, s, 0, &type)) != 1)
				return r;
			push(j, name, namelen, val, vals->len - val, type);
			weir_buf_addc(vals, '\0');
		}
		if ((s = skipws(jp->s, end)) == end)
			return 0;
		if (*s == '}')
			break;
		if (*s != ',')
			return fail(jp, s,
			    "expected ',' or '}' after object member");
		if ((s = skipws(s + 1, end)) == end)
			return 0;
	}
done:
	jp->depth--;
	jp->s = s + 1;
	return 1;
}

void
weir_jobj_init(struct weir_jobj *j)
{
	memset(j, 0, sizeof(*j));
}

void
weir_jobj_release(struct weir_jobj *j)
{
	weir_buf_release(&j->names);
	weir_buf_release(&j->vals);
	free(j->f);
	weir_jobj_init(j);
}

int
weir_json_object(const char *p, size_t len, const struct weir_jopts *o,
    struct weir_jobj *j, size_t *used, char *msg, size_t msgsize)
{
	struct jp jp;
	const char *s;
	int r;

	j->n = 0;
	weir_buf_reset(&j->names);
	weir_buf_reset(&j->vals);
	memset(&jp, 0, sizeof(jp));
	jp.end = p + len;
	jp.o = o;
	jp.j = j;
	jp.msg = msg;
	jp.msgsize = msgsize;
	if (msgsize > 0)
		msg[0] = '\0';
	*used = 0;

	if ((s = skipws(p, jp.end)) == jp.end)
		return 0;
	if (*s != '{')
		r = fail(&jp, s,
		    "expected '{': a record must be a JSON object");
	else
		r = members(&jp, s, 0, 0, 0);
	if (r == 1)
		*used = (size_t)(jp.s - p);
	else if (r == -1)
		*used = (size_t)(jp.errat - p);
	return r;
}

void
weir_json_put_string(struct weir_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const char *end = s + len, *run;
	char e[6];

	weir_buf_grow(b, len + 2);
	b->p[b->len++] = '"';
	for (;;) {
		run = s;
		s = scan(s, end, OUT, 0);
		if (s > run)
			weir_buf_add(b, run, (size_t)(s - run));
		if (s == end)
			break;
		e[0] = '\\';
		switch (*s) {
		case '"':
		case '\\':
			e[1] = *s;
			break;
		case '\b':
			e[1] = 'b';
			break;
		case '\f':
			e[1] = 'f';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\r':
			e[1] = 'r';
			break;
		case '\t':
			e[1] = 't';
			break;
		default:
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[(unsigned char)*s >> 4];
			e[5] = hex[*s & 0xf];
			weir_buf_add(b, e, 6);
			s++;
			continue;
		}
		weir_buf_add(b, e, 2);
		s++;
	}
	weir_buf_addc(b, '"');
}
