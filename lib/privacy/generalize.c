#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generalize.h"
#include "num.h"
#include "stream.h"

static int
bad_spec(struct weir_err *e, const char *spec, const char *why)
{
	return weir_errf(e, EX_USAGE, "--generalize %s: %s", spec, why);
}

static void
add_step(struct weir_gen *g, struct weir_gen_step st)
{
	g->step = weir_xreallocarray(g->step, g->nstep + 1, sizeof(*g->step));
	g->step[g->nstep++] = st;
}

/* A number from the spec; "*" (as a step) is WEIR_GEN_ALL. */
static int
spec_number(const char *p, size_t n, double *v)
{
	char buf[64], *end;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*v = strtod(buf, &end);
	return *end != '\0' || !isfinite(*v) ? -1 : 0;
}

/* kind:a,b,c with each step a number or "*". */
static int
steps(struct weir_gen *g, int kind, const char *list, const char *spec,
    struct weir_err *e)
{
	const char *p = list, *c;
	struct weir_gen_step st;
	size_t n;

	do {
		c = strchr(p, ',');
		n = c != NULL ? (size_t)(c - p) : strlen(p);
		memset(&st, 0, sizeof(st));
		st.kind = kind;
		if (n == 1 && *p == '*')
			st.kind = WEIR_GEN_ALL;
		else if (spec_number(p, n, &st.x) == -1 ||
		    (kind != WEIR_GEN_TOP && kind != WEIR_GEN_BOTTOM &&
		    !(st.x > 0)))
			return bad_spec(e, spec, kind == WEIR_GEN_PREFIX ?
			    "N must be a whole number of characters" :
			    "each step is a number above 0, or *");
		if (kind == WEIR_GEN_PREFIX) {
			if (st.kind != WEIR_GEN_ALL && st.x != floor(st.x))
				return bad_spec(e, spec, "N must be a whole "
				    "number of characters");
			st.n = (size_t)st.x;
		}
		add_step(g, st);
		p = c != NULL ? c + 1 : NULL;
	} while (p != NULL);
	return 0;
}

static int
date_steps(struct weir_gen *g, const char *list, const char *spec,
    struct weir_err *e)
{
	static const char *const units[] = { "year", "quarter", "month",
	    "week" };
	const char *p = list, *c;
	struct weir_gen_step st;
	size_t n, u;

	do {
		c = strchr(p, ',');
		n = c != NULL ? (size_t)(c - p) : strlen(p);
		memset(&st, 0, sizeof(st));
		st.kind = WEIR_GEN_DATE;
		if (n == 1 && *p == '*')
			st.kind = WEIR_GEN_ALL;
		else {
			for (u = 0; u < 4 && !(strlen(units[u]) == n &&
			    memcmp(units[u], p, n) == 0); u++)
				;
			if (u == 4)
				return bad_spec(e, spec, "a date step is year, "
				    "quarter, month, week or *");
			st.unit = (int)u;
		}
		add_step(g, st);
		p = c != NULL ? c + 1 : NULL;
	} while (p != NULL);
	return 0;
}

static int
edges(struct weir_gen *g, const char *list, const char *spec,
    struct weir_err *e)
{
	const char *p = list, *c;
	struct weir_gen_step st = { WEIR_GEN_EDGES, 0, 0, 0 };
	double v;
	size_t n;

	do {
		c = strchr(p, ',');
		n = c != NULL ? (size_t)(c - p) : strlen(p);
		if (spec_number(p, n, &v) == -1 || (g->nedges > 0 &&
		    !(v > g->edges[g->nedges - 1])))
			return bad_spec(e, spec, "edges are numbers, each "
			    "above the one before");
		g->edges = weir_xreallocarray(g->edges, g->nedges + 1,
		    sizeof(*g->edges));
		g->edges[g->nedges++] = v;
		p = c != NULL ? c + 1 : NULL;
	} while (p != NULL);
	add_step(g, st);
	return 0;
}

/* hierarchy:FILE - every row a value and its levels, all rows as long. */
static int
hierarchy(struct weir_gen *g, const char *path, const char *spec,
    struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_reader *r;
	const struct weir_rec *rec;
	size_t width = 0, i, row;
	int rv;

	memset(&ro, 0, sizeof(ro));
	ro.fmt = WEIR_F_CSV;
	ro.no_header = 1;
	ro.probe = 1;		/* a parameter, not data: not in the log */
	if ((r = weir_reader_open(path, &ro, e)) == NULL)
		return -1;
	g->hier = weir_xcalloc(1, sizeof(*g->hier));
	weir_header_init(g->hier);
	while ((rv = weir_reader_next(r, &rec, e)) == 1) {
		if (width == 0) {
			if ((width = rec->n) < 2) {
				rv = bad_spec(e, spec, "a hierarchy row is a "
				    "value and at least one level");
				break;
			}
			for (i = 1; i < width; i++)
				add_step(g, (struct weir_gen_step){
				    WEIR_GEN_HIER, 0, i, 0 });
		}
		if (weir_header_find(g->hier, rec->f[0].s, rec->f[0].len) >= 0) {
			rv = weir_errf(e, EX_DATAERR, "%s:%lu: '%.*s' is in the "
			    "hierarchy twice", path, rec->line,
			    (int)rec->f[0].len, rec->f[0].s);
			break;
		}
		row = weir_header_add(g->hier, rec->f[0].s, rec->f[0].len);
		g->hlevel = weir_xreallocarray(g->hlevel, (row + 1) *
		    (width - 1), sizeof(*g->hlevel));
		for (i = 1; i < width; i++)
			g->hlevel[row * (width - 1) + i - 1] =
			    weir_xmemdup(rec->f[i].s, rec->f[i].len);
	}
	if (rv == 2) {	/* WEIR_BAD: a row of another width, e says so */
		e->code = EX_DATAERR;
		rv = -1;
	}
	weir_reader_free(r);
	if (rv == 0 && width == 0)
		return bad_spec(e, spec, "the hierarchy is empty");
	return rv == 0 ? 0 : -1;
}

static int
parse(struct weir_gen *g, const char *spec, struct weir_err *e)
{
	static const char *const units[] = { "year", "quarter", "month",
	    "week" };
	size_t u;

	if (strncmp(spec, "width:", 6) == 0)
		return steps(g, WEIR_GEN_WIDTH, spec + 6, spec, e);
	if (strncmp(spec, "top:", 4) == 0)
		return steps(g, WEIR_GEN_TOP, spec + 4, spec, e);
	if (strncmp(spec, "bottom:", 7) == 0)
		return steps(g, WEIR_GEN_BOTTOM, spec + 7, spec, e);
	if (strncmp(spec, "prefix:", 7) == 0)
		return steps(g, WEIR_GEN_PREFIX, spec + 7, spec, e);
	if (strncmp(spec, "edges:", 6) == 0)
		return edges(g, spec + 6, spec, e);
	if (strncmp(spec, "date:", 5) == 0)
		return date_steps(g, spec + 5, spec, e);
	if (strncmp(spec, "hierarchy:", 10) == 0)
		return hierarchy(g, spec + 10, spec, e);
	for (u = 0; u < 4; u++)
		if (strcmp(spec, units[u]) == 0)
			return date_steps(g, spec, spec, e);
	return bad_spec(e, spec, "the spec is width:W, edges:a,b,..., top:X, "
	    "bottom:X, year, quarter, month, week, date:LEVELS, prefix:N or "
	    "hierarchy:FILE");
}

int
weir_gen_parse(struct weir_gen *g, const char *spec, struct weir_err *e)
{
	const char *at = strrchr(spec, '@');
	char *base = NULL;
	unsigned long level = 1;
	int rv;

	memset(g, 0, sizeof(*g));
	/* SPEC@N: the level to apply; a file name may hold '@' too */
	if (at != NULL && at[1] != '\0' &&
	    strspn(at + 1, "0123456789") == strlen(at + 1)) {
		level = strlen(at + 1) > 6 ? ~0UL : strtoul(at + 1, NULL, 10);
		base = weir_xmemdup(spec, (size_t)(at - spec));
	}
	rv = parse(g, base != NULL ? base : spec, e);
	g->spec = base != NULL ? base : weir_xstrdup(spec);
	if (rv == 0 && level > g->nstep)
		rv = weir_errf(e, EX_USAGE, "--generalize %s: the spec has %zu "
		    "level%s; @N is 0 to %zu", spec, g->nstep, g->nstep == 1 ?
		    "" : "s", g->nstep);
	if (rv == 0) {
		g->level = (size_t)level;
		return 0;
	}
	weir_gen_release(g);
	return -1;
}

size_t
weir_gen_levels(const struct weir_gen *g)
{
	return g->nstep;
}

static void
num(struct weir_buf *out, double v)
{
	char buf[32];

	weir_buf_add(out, buf, weir_num_format(v, buf));
}

static int
read_number(const char *s, size_t len, double *v, struct weir_err *e)
{
	if (weir_num_parse(s, len, v))
		return 0;
	return weir_errf(e, EX_DATAERR, "not a number: '%.*s'",
	    (int)(len > 40 ? 40 : len), s);
}

/* ISO 8601 week: the year and week of y-m-d. */
static void
iso_week(int y, int m, int d, int *wy, int *w)
{
	static const int cum[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
	    273, 304, 334 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int doy = cum[m - 1] + d + (m > 2 && leap);
	/* Zeller-like: weekday of y-m-d, Monday 1 .. Sunday 7 */
	int yy = m < 3 ? y - 1 : y, mm = m < 3 ? m + 12 : m;
	int h = (d + 13 * (mm + 1) / 5 + yy + yy / 4 - yy / 100 + yy / 400) % 7;
	int wd = ((h + 5) % 7) + 1;
	int wk = (doy - wd + 10) / 7, prev;

	*wy = y;
	if (wk < 1) {
		*wy = y - 1;
		iso_week(y - 1, 12, 28, &prev, &wk);	/* Dec 28: last week */
	} else if (wk == 53) {
		int jan1 = ((wd - (doy - 1)) % 7 + 7 + 6) % 7 + 1;

		/* 53 weeks only when the year starts on a Thursday, or a
		 * Wednesday in a leap year */
		if (!(jan1 == 4 || (leap && jan1 == 3))) {
			*wy = y + 1;
			wk = 1;
		}
	}
	*w = wk;
}

static int
date(const struct weir_gen_step *st, const char *s, size_t len,
    struct weir_buf *out, struct weir_err *e)
{
	char buf[16];
	int y, m, d, wy, w;

	if (len < 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
		return weir_errf(e, EX_DATAERR, "not an ISO date: '%.*s'",
		    (int)(len > 40 ? 40 : len), s);
	switch (st->unit) {
	case WEIR_GEN_YEAR:
		snprintf(buf, sizeof(buf), "%04d", y);
		break;
	case WEIR_GEN_QUARTER:
		snprintf(buf, sizeof(buf), "%04d-Q%d", y, (m - 1) / 3 + 1);
		break;
	case WEIR_GEN_MONTH:
		snprintf(buf, sizeof(buf), "%04d-%02d", y, m);
		break;
	default:
		iso_week(y, m, d, &wy, &w);
		snprintf(buf, sizeof(buf), "%04d-W%02d", wy, w);
	}
	weir_buf_adds(out, buf);
	return 0;
}

static void
bin(const struct weir_gen *g, double v, struct weir_buf *out)
{
	size_t i;

	if (v < g->edges[0]) {
		weir_buf_addc(out, '<');
		num(out, g->edges[0]);
		return;
	}
	for (i = 1; i < g->nedges; i++)
		if (v < g->edges[i]) {
			weir_buf_addc(out, '[');
			num(out, g->edges[i - 1]);
			weir_buf_addc(out, ',');
			num(out, g->edges[i]);
			weir_buf_addc(out, ')');
			return;
		}
	weir_buf_adds(out, ">=");
	num(out, g->edges[g->nedges - 1]);
}

int
weir_gen_apply(const struct weir_gen *g, size_t level, const char *s,
    size_t len, struct weir_buf *out, struct weir_err *e)
{
	const struct weir_gen_step *st;
	double v, lo;
	size_t i, k, n;

	weir_buf_reset(out);
	if (level == 0 || level > g->nstep) {
		weir_buf_add(out, s, len);
		return 0;
	}
	st = &g->step[level - 1];
	switch (st->kind) {
	case WEIR_GEN_ALL:
		weir_buf_addc(out, '*');
		return 0;
	case WEIR_GEN_DATE:
		return date(st, s, len, out, e);
	case WEIR_GEN_HIER: {
		long row = weir_header_find(g->hier, s, len);

		if (row < 0)
			return weir_errf(e, EX_DATAERR, "not in the hierarchy: "
			    "'%.*s'", (int)(len > 40 ? 40 : len), s);
		weir_buf_adds(out, g->hlevel[(size_t)row * g->nstep +
		    st->n - 1]);
		return 0;
	}
	case WEIR_GEN_PREFIX:
		for (i = 0, k = 0, n = 0; i < len; i++)
			if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == st->n)
				k = i;
		if (n <= st->n) {
			weir_buf_add(out, s, len);
			return 0;
		}
		weir_buf_add(out, s, k);
		for (i = st->n; i < n; i++)
			weir_buf_addc(out, '*');
		return 0;
	}
	if (read_number(s, len, &v, e) == -1)
		return -1;
	switch (st->kind) {
	case WEIR_GEN_WIDTH:
		lo = floor(v / st->x) * st->x;
		if (st->x == floor(st->x) && v == floor(v)) {
			num(out, lo);
			weir_buf_addc(out, '-');
			num(out, lo + st->x - 1);
		} else {
			weir_buf_addc(out, '[');
			num(out, lo);
			weir_buf_addc(out, ',');
			num(out, lo + st->x);
			weir_buf_addc(out, ')');
		}
		return 0;
	case WEIR_GEN_EDGES:
		bin(g, v, out);
		return 0;
	case WEIR_GEN_TOP:
	case WEIR_GEN_BOTTOM:
		if (st->kind == WEIR_GEN_TOP ? v > st->x : v < st->x) {
			weir_buf_addc(out, st->kind == WEIR_GEN_TOP ? '>' : '<');
			num(out, st->x);
		} else
			weir_buf_add(out, s, len);
		return 0;
	}
	return 0;
}

void
weir_gen_release(struct weir_gen *g)
{
	size_t i;

	if (g->hier != NULL) {
		for (i = 0; i < g->hier->n * g->nstep; i++)
			free(g->hlevel[i]);
		free(g->hlevel);
		weir_header_release(g->hier);
		free(g->hier);
	}
	free(g->step);
	free(g->edges);
	free(g->spec);
	memset(g, 0, sizeof(*g));
}
