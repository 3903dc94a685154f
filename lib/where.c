#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "schema.h"
#include "sortkey.h"
#include "where.h"

enum op { EQ, NE, LT, LE, GT, GE, MATCH, NOMATCH, IN, NOTIN, EMPTY,
	NOTEMPTY };

struct weir_where {
	char		*col;
	int		 op;
	char		**v;		/* the value, or the list */
	size_t		*vlen;
	size_t		 nv;
	struct weir_buf	 vkey;		/* the value as a NUM key */
	struct weir_buf	 scratch;	/* a value's key, a value as C string */
	int		 vnum;		/* the value is a number */
	regex_t		 re;
	int		 have_re;
};

struct parse {
	const char	*expr, *p;
	struct weir_err	*e;
};

static int
fail(struct parse *ps, const char *what, const char *at)
{
	if (at != NULL && *at != '\0')
		return weir_errf(ps->e, EX_USAGE, "--where '%s': %s at '%s'",
		    ps->expr, what, at);
	return weir_errf(ps->e, EX_USAGE, "--where '%s': %s", ps->expr, what);
}

static void
blanks(struct parse *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int
bare_name(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c >= 0x80;
}

/* A quoted string at ps->p (opening quote q) into b. */
static int
quoted(struct parse *ps, struct weir_buf *b)
{
	int q = *ps->p++;

	for (; *ps->p != q; ps->p++) {
		if (*ps->p == '\0')
			return fail(ps, "unterminated quote", NULL);
		if (*ps->p == '\\' && ps->p[1] != '\0')
			ps->p++;
		weir_buf_addc(b, *ps->p);
	}
	ps->p++;
	return 0;
}

static int
column(struct parse *ps, struct weir_where *w)
{
	struct weir_buf b = WEIR_BUF_INIT;
	const char *s;

	blanks(ps);
	if (*ps->p == '"') {
		if (quoted(ps, &b) == -1) {
			weir_buf_release(&b);
			return -1;
		}
		w->col = weir_xmemdup(b.p != NULL ? b.p : "", b.len);
		weir_buf_release(&b);
		return 0;
	}
	for (s = ps->p; bare_name((unsigned char)*ps->p); ps->p++)
		;
	if (ps->p == s)
		return fail(ps, "a column name first", s);
	w->col = weir_xmemdup(s, (size_t)(ps->p - s));
	return 0;
}

/* A keyword (case-insensitive) followed by a non-name character. */
static int
keyword(struct parse *ps, const char *kw)
{
	size_t n = strlen(kw), i;

	for (i = 0; i < n; i++)
		if (tolower((unsigned char)ps->p[i]) != kw[i])
			return 0;
	if (bare_name((unsigned char)ps->p[n]))
		return 0;
	ps->p += n;
	blanks(ps);
	return 1;
}

static void
add_value(struct weir_where *w, const char *s, size_t len)
{
	w->v = weir_xreallocarray(w->v, w->nv + 1, sizeof(*w->v));
	w->vlen = weir_xreallocarray(w->vlen, w->nv + 1, sizeof(*w->vlen));
	w->v[w->nv] = weir_xmemdup(s, len);
	w->vlen[w->nv++] = len;
}

/* A value: quoted, or bare up to one of stops (blanks around cut). */
static int
value(struct parse *ps, struct weir_where *w, const char *stops)
{
	struct weir_buf b = WEIR_BUF_INIT;
	const char *s, *end;

	blanks(ps);
	if (*ps->p == '\'' || *ps->p == '"') {
		if (quoted(ps, &b) == -1) {
			weir_buf_release(&b);
			return -1;
		}
		add_value(w, b.p != NULL ? b.p : "", b.len);
		weir_buf_release(&b);
		blanks(ps);
		return 0;
	}
	for (s = ps->p; *ps->p != '\0' && strchr(stops, *ps->p) == NULL;
	    ps->p++)
		;
	for (end = ps->p; end > s && (end[-1] == ' ' || end[-1] == '\t');
	    end--)
		;
	add_value(w, s, (size_t)(end - s));
	return 0;
}

static int
list(struct parse *ps, struct weir_where *w)
{
	if (*ps->p != '(')
		return fail(ps, "a list in parentheses after 'in'", ps->p);
	ps->p++;
	for (;;) {
		if (value(ps, w, ",)") == -1)
			return -1;
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p != ')')
			return fail(ps, "an unterminated list", NULL);
		ps->p++;
		blanks(ps);
		return 0;
	}
}

static int
operator(struct parse *ps, struct weir_where *w)
{
	static const struct { const char *s; int op; } ops[] = {
		{ "==", EQ }, { "!=", NE }, { "<=", LE }, { ">=", GE },
		{ "!~", NOMATCH }, { "<", LT }, { ">", GT }, { "~", MATCH },
		{ "=", EQ }
	};
	const char *s;
	size_t i, n;

	blanks(ps);
	if (keyword(ps, "is")) {
		w->op = keyword(ps, "not") ? NOTEMPTY : EMPTY;
		if (!keyword(ps, "empty"))
			return fail(ps, "'is empty' or 'is not empty'", ps->p);
		return 0;
	}
	if (keyword(ps, "not")) {
		if (!keyword(ps, "in"))
			return fail(ps, "'not in' or 'is not empty'", ps->p);
		w->op = NOTIN;
		return list(ps, w);
	}
	if (keyword(ps, "in")) {
		w->op = IN;
		return list(ps, w);
	}
	for (i = 0; i < sizeof(ops) / sizeof(*ops); i++) {
		n = strlen(ops[i].s);
		if (strncmp(ps->p, ops[i].s, n) == 0 &&
		    strchr("=<>!~", ps->p[n]) == NULL) {
			ps->p += n;
			w->op = ops[i].op;
			return value(ps, w, "");
		}
	}
	for (s = ps->p; *s != '\0' && strchr("=<>!~", *s) != NULL; s++)
		;
	if (s > ps->p)
		return weir_errf(ps->e, EX_USAGE, "--where '%s': unknown "
		    "operator '%.*s'", ps->expr, (int)(s - ps->p), ps->p);
	return fail(ps, *ps->p == '\0' ? "an operator after the column "
	    "(== != < <= > >= ~ !~ in, is empty)" : "an operator", ps->p);
}

static int
regex(struct parse *ps, struct weir_where *w)
{
	const char *bad = weir_pattern_hazard(w->v[0]);
	char msg[128];
	int rc;

	if (bad != NULL)
		return weir_errf(ps->e, EX_USAGE, "--where '%s': the pattern "
		    "is %s", ps->expr, bad);
	if ((rc = regcomp(&w->re, w->v[0], REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(rc, &w->re, msg, sizeof(msg));
		return weir_errf(ps->e, EX_USAGE, "--where '%s': bad pattern: "
		    "%s", ps->expr, msg);
	}
	w->have_re = 1;
	return 0;
}

struct weir_where *
weir_where_parse(const char *expr, struct weir_err *e)
{
	struct weir_where *w = weir_xcalloc(1, sizeof(*w));
	struct parse ps = { expr, expr, e };

	if (column(&ps, w) == -1 || operator(&ps, w) == -1)
		goto fail;
	if (*ps.p != '\0') {
		fail(&ps, "unexpected text", ps.p);
		goto fail;
	}
	if ((w->op == MATCH || w->op == NOMATCH) && regex(&ps, w) == -1)
		goto fail;
	if (w->nv == 1) {
		weir_sortkey_add(&w->vkey, WEIR_SK_NUM, w->v[0], w->vlen[0]);
		w->vnum = w->vkey.len > 0 && (unsigned char)w->vkey.p[0] ==
		    WEIR_SK_NUMBER;
	}
	return w;
fail:
	weir_where_free(w);
	return NULL;
}

const char *
weir_where_column(const struct weir_where *w)
{
	return w->col;
}

/* <0, 0, >0: numbers by value when both are, else bytes. */
static int
compare(const struct weir_where *w, const char *s, size_t len)
{
	/* the scratch is the condition's own: one thread matches at a time */
	struct weir_buf *k = (struct weir_buf *)&w->scratch;
	size_t n;
	int c;

	if (w->vnum) {
		weir_buf_reset(k);
		weir_sortkey_add(k, WEIR_SK_NUM, s, len);
		if ((unsigned char)k->p[0] == WEIR_SK_NUMBER) {
			n = k->len < w->vkey.len ? k->len : w->vkey.len;
			c = memcmp(k->p, w->vkey.p, n);
			if (c == 0)
				c = (k->len > w->vkey.len) - (k->len < w->vkey.len);
			return c;
		}
	}
	n = len < w->vlen[0] ? len : w->vlen[0];
	c = n > 0 ? memcmp(s, w->v[0], n) : 0;
	return c != 0 ? c : (len > w->vlen[0]) - (len < w->vlen[0]);
}

static int
in_list(const struct weir_where *w, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < w->nv; i++)
		if (w->vlen[i] == len && memcmp(w->v[i], s, len) == 0)
			return 1;
	return 0;
}

int
weir_where_match(const struct weir_where *w, const char *s, size_t len)
{
	struct weir_buf *z;
	int m;

	if (s == NULL) {
		s = "";
		len = 0;
	}
	switch (w->op) {
	case EMPTY:
		return len == 0;
	case NOTEMPTY:
		return len > 0;
	case IN:
		return in_list(w, s, len);
	case NOTIN:
		return !in_list(w, s, len);
	case MATCH:
	case NOMATCH:
		/* regexec wants a C string */
		z = (struct weir_buf *)&w->scratch;
		weir_buf_reset(z);
		weir_buf_add(z, s, len);
		m = regexec(&w->re, z->p, 0, NULL, 0) == 0;
		return w->op == MATCH ? m : !m;
	case EQ:
		return compare(w, s, len) == 0;
	case NE:
		return compare(w, s, len) != 0;
	}
	if (len == 0)
		return 0;	/* missing: no order */
	switch (w->op) {
	case LT:
		return compare(w, s, len) < 0;
	case LE:
		return compare(w, s, len) <= 0;
	case GT:
		return compare(w, s, len) > 0;
	default:
		return compare(w, s, len) >= 0;
	}
}

void
weir_where_free(struct weir_where *w)
{
	size_t i;

	if (w == NULL)
		return;
	free(w->col);
	for (i = 0; i < w->nv; i++)
		free(w->v[i]);
	free(w->v);
	free(w->vlen);
	weir_buf_release(&w->vkey);
	weir_buf_release(&w->scratch);
	if (w->have_re)
		regfree(&w->re);
	free(w);
}
