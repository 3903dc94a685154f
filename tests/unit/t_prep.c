/* t_prep.c - numbers as text, the training table, preprocessing. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "learn/prep.h"
#include "t.h"

static struct weir_err err;

/* ---- numbers ---------------------------------------------------------- */

static int
num(const char *s, double *v)
{
	return weir_num_parse(s, strlen(s), v);
}

static const char *
fmt(double v)
{
	static char b[32];

	weir_num_format(v, b);
	return b;
}

static uint64_t rng = 1;

static uint64_t
next64(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Digits of the shortest "%.{p}e" that reads back, the slow way. */
static int
shortest(double v)
{
	char b[64];
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(b, sizeof(b), "%.*e", p - 1, v);
		if (strtod(b, NULL) == v)
			break;
	}
	return p;
}

/* Significant digits in a formatted number. */
static int
digits(const char *s)
{
	int n = 0, started = 0, zeros = 0;

	for (; *s && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s != '0')
			started = 1;
		if (!started)
			continue;
		if (*s == '0')
			zeros++;
		else {
			n += zeros + 1;
			zeros = 0;
		}
	}
	return n;
}

static void
test_parse(void)
{
	static const char *const good[] = { "0", "-0", "1", "-12", "1.5",
	    "0.25", "1e3", "1E+3", "2.5e-3", "123456789012345678901234",
	    "0.1", "1e-320", "9007199254740993", "4.35", NULL };
	static const char *const bad[] = { "", "-", "+1", "01", "1.", ".5",
	    "1e", "1e+", "abc", "1,5", " 1", "1 ", "0x10", "NaN", "inf",
	    "1e400", "-1e999", "1.2.3", "--1", NULL };
	double v;
	size_t i;
	char b[64];

	for (i = 0; good[i] != NULL; i++) {
		v = -999;
		CHECK(num(good[i], &v) == 1);
		CHECK(v == strtod(good[i], NULL));
	}
	for (i = 0; bad[i] != NULL; i++)
		CHECK(num(bad[i], &v) == 0);
	CHECK(num("-0", &v) == 1 && v == 0 && signbit(v));
	/* the fast path agrees with strtod to the bit */
	for (i = 0; i < 200000; i++) {
		uint64_t r = next64();
		int ex = (int)(r % 45) - 22, d = (int)((r >> 8) % 17) + 1;
		double a, c;

		snprintf(b, sizeof(b), "%.*fe%d", d, (double)(r >> 20) /
		    (double)(1ULL << 30), ex);
		/* "123.456e7" is a valid JSON number */
		if (num(b, &a) != 1) {
			CHECK(!"parsed");
			break;
		}
		c = strtod(b, NULL);
		if (memcmp(&a, &c, sizeof(a)) != 0) {
			CHECK_STR(b, "parsed as strtod does");
			break;
		}
	}
	CHECK(i == 200000);
}

static void
test_format(void)
{
	size_t i, longer = 0, n = 100000;
	char b[32];

	CHECK_STR(fmt(0), "0");
	CHECK_STR(fmt(-0.0), "-0");
	CHECK_STR(fmt(0.1), "0.1");
	CHECK_STR(fmt(1), "1");
	CHECK_STR(fmt(-2.5), "-2.5");
	CHECK_STR(fmt(123000), "123000");
	CHECK_STR(fmt(1e15), "1000000000000000");
	CHECK_STR(fmt(1e16), "1e+16");
	CHECK_STR(fmt(1.5e16), "1.5e+16");
	CHECK_STR(fmt(1e21), "1e+21");
	CHECK_STR(fmt(1e-4), "0.0001");
	CHECK_STR(fmt(1e-5), "1e-05");
	CHECK_STR(fmt(1.25e-7), "1.25e-07");
	CHECK_STR(fmt(2.0 / 3), "0.6666666666666666");
	CHECK_STR(fmt(5e-324), "5e-324");
	CHECK_STR(fmt(1.7976931348623157e308), "1.7976931348623157e+308");
	CHECK_STR(fmt(2.2250738585072014e-308), "2.2250738585072014e-308");
	CHECK_STR(fmt(9007199254740992.0), "9007199254740992");
	CHECK_STR(fmt(NAN), "nan");
	CHECK_STR(fmt(-INFINITY), "-inf");
	CHECK(weir_num_format(0.5, b) == 3);
	/*
	 * Random doubles of every exponent, and decimals: each reads back
	 * exactly, and has the fewest digits but for about 1 in 2000 (Grisu2).
	 */
	for (i = 0; i < n; i++) {
		uint64_t r = next64();
		double v, back;

		if (i % 2)
			memcpy(&v, &r, sizeof(v));
		else
			v = (double)(r % 10000000) / (double)(1 + (r >> 40) % 1000);
		if (!isfinite(v))
			continue;
		weir_num_format(v, b);
		back = strtod(b, NULL);
		if (back != v) {
			CHECK_STR(b, "read back");
			break;
		}
		if (v != 0 && digits(b) > shortest(v))
			longer++;
	}
	CHECK(i == n);
	CHECK(longer < n / 1000);
}

/* ---- the table -------------------------------------------------------- */

static struct weir_header hdr;
static struct weir_rec rec;
static char line[256];
static int nbad;
static char lastbad[512];

static int
on_bad(void *arg, const struct weir_badrec *b, struct weir_err *e)
{
	(void)arg;
	(void)b;
	nbad++;
	snprintf(lastbad, sizeof(lastbad), "%s", e->msg);
	return 0;
}

static void
header(const char *names)
{
	const char *p = names, *c;

	weir_header_release(&hdr);
	weir_header_init(&hdr);
	for (;;) {
		c = strchr(p, ',');
		weir_header_add(&hdr, p, c ? (size_t)(c - p) : strlen(p));
		if (c == NULL)
			break;
		p = c + 1;
	}
}

/* One CSV-like record (no quoting) with line number ln. */
static int
put(struct weir_table *t, const char *text, unsigned long ln)
{
	char *p = line, *c;
	size_t i = 0;

	snprintf(line, sizeof(line), "%s", text);
	rec.n = 0;
	for (;;) {
		c = strchr(p, ',');
		weir_rec_push(&rec, p, c ? (size_t)(c - p) : strlen(p), i++,
		    WEIR_TEXT);
		if (c == NULL)
			break;
		p = c + 1;
	}
	rec.src = "t.csv";
	rec.line = ln;
	return weir_table_put(t, &hdr, &rec, &err);
}

static struct weir_table *
table(const char *target, int classify)
{
	struct weir_table_opts o;

	memset(&o, 0, sizeof(o));
	o.target = target;
	o.classify = classify;
	o.bad = on_bad;
	nbad = 0;
	return weir_table_new(&o);
}

static void
test_table_kinds(void)
{
	struct weir_table *t;

	header("x,city,y,z");
	t = table("y", -1);
	CHECK(put(t, "1.5,paris,yes,", 2) == 0);
	CHECK(put(t, ",rome,no,3", 3) == 0);
	CHECK(put(t, "-2,,yes,4", 4) == 0);
	CHECK(put(t, "3,paris,,5", 5) == 0);	/* no target: bad */
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(nbad == 1);
	CHECK_STR(lastbad, "t.csv:5: column 'y': missing target value");
	CHECK(t->nrows == 3 && t->nbad == 1);
	CHECK(t->ncol == 3);
	CHECK_STR(t->col[0].name, "x");
	CHECK(t->col[0].kind == WEIR_KIND_NUMERIC);
	CHECK(t->col[1].kind == WEIR_KIND_CATEGORICAL);
	CHECK(t->col[2].kind == WEIR_KIND_NUMERIC);
	CHECK(weir_tcol_num(&t->col[0], 0) == 1.5 &&
	    isnan(weir_tcol_num(&t->col[0], 1)));
	CHECK(weir_tcol_code(&t->col[1], 0) == 1 &&
	    weir_tcol_code(&t->col[1], 1) == 2 &&
	    weir_tcol_code(&t->col[1], 2) == 0);
	CHECK(t->classify && t->nclass == 2);
	CHECK_STR(t->classes[0], "no");
	CHECK_STR(t->classes[1], "yes");
	CHECK(t->y[0] == 1 && t->y[1] == 0 && t->y[2] == 1);
	weir_table_free(t);
}

static void
test_table_target(void)
{
	struct weir_table *t;

	/* two numbers: classes, sorted by value */
	header("x,y");
	t = table("y", -1);
	put(t, "1,10", 2);
	put(t, "2,9", 3);
	put(t, "3,10", 4);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(t->classify && t->nclass == 2);
	CHECK_STR(t->classes[0], "9");
	CHECK_STR(t->classes[1], "10");
	CHECK(t->y[0] == 1 && t->y[1] == 0);
	weir_table_free(t);

	/* three numbers: regression */
	t = table("y", -1);
	put(t, "1,1.5", 2);
	put(t, "2,2", 3);
	put(t, "3,-7", 4);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(!t->classify && t->y[2] == -7);
	weir_table_free(t);

	/* --task classify: numbers as labels, in numeric order */
	t = table("y", 1);
	put(t, "1,10", 2);
	put(t, "2,9", 3);
	put(t, "3,100", 4);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(t->classify && t->nclass == 3);
	CHECK_STR(t->classes[2], "100");
	weir_table_free(t);

	/* --task regress on text: bad records */
	t = table("y", 0);
	put(t, "1,1", 2);
	put(t, "2,abc", 3);
	put(t, "3,2", 4);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(nbad == 1 && t->nrows == 2);
	CHECK_STR(lastbad, "t.csv:3: column 'y': target not a number: 'abc'");
	weir_table_free(t);

	/* one class only */
	t = table("y", 1);
	put(t, "1,a", 2);
	put(t, "2,a", 3);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "target 'y' has one class only ('a'): nothing to "
	    "learn");
	weir_table_free(t);

	/* no records */
	t = table("y", -1);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK_STR(err.msg, "no records to train on");
	weir_table_free(t);

	/* no target column */
	t = table("label", -1);
	put(t, "1,a", 2);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "no target column 'label' in the input");
	weir_table_free(t);
}

static void
test_table_lists(void)
{
	struct weir_table_opts o;
	struct weir_table *t;

	header("a,b,c,y");
	memset(&o, 0, sizeof(o));
	o.target = "y";
	o.classify = -1;
	o.bad = on_bad;
	o.features = "c,a";
	o.categorical = "a";
	t = weir_table_new(&o);
	put(t, "1,x,2,0", 2);
	put(t, "2,y,3,1", 3);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(t->ncol == 2);
	CHECK_STR(t->col[0].name, "c");
	CHECK_STR(t->col[1].name, "a");
	CHECK(t->col[1].kind == WEIR_KIND_CATEGORICAL);
	weir_table_free(t);

	o.features = NULL;
	o.categorical = NULL;
	o.ignore = "b";
	o.numeric = "c";
	t = weir_table_new(&o);
	nbad = 0;
	put(t, "1,x,2,0", 2);
	put(t, "2,y,oops,1", 3);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(t->ncol == 2 && nbad == 1);
	CHECK_STR(lastbad, "t.csv:3: column 'c': not a number: 'oops'");
	weir_table_free(t);

	o.ignore = "nope";
	t = weir_table_new(&o);
	put(t, "1,x,2,0", 2);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK(err.code == EX_USAGE);
	weir_table_free(t);

	o.ignore = NULL;
	o.numeric = "a";
	o.categorical = "a";
	t = weir_table_new(&o);
	put(t, "1,x,2,0", 2);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK(err.code == EX_USAGE);
	weir_table_free(t);

	o.numeric = o.categorical = NULL;
	o.features = "a,y";
	t = weir_table_new(&o);
	put(t, "1,x,2,0", 2);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK(err.code == EX_USAGE);
	CHECK_STR(err.msg, "the target 'y' cannot be a feature");
	weir_table_free(t);

	o.features = NULL;
	header("y");
	t = weir_table_new(&o);
	put(t, "1", 2);
	CHECK(weir_table_finish(t, &hdr, &err) == -1);
	CHECK_STR(err.msg, "no feature columns besides the target 'y'");
	weir_table_free(t);
}

/* Kinds come from the first WEIR_PREP_SNIFF records; later text is bad. */
static void
test_table_sniff(void)
{
	struct weir_table *t;
	char r[64];
	int i;

	header("x,y");
	t = table("y", -1);
	for (i = 0; i < WEIR_PREP_SNIFF + 5; i++) {
		snprintf(r, sizeof(r), "%s,%d", i == WEIR_PREP_SNIFF + 2 ?
		    "n/a" : "1.5", i % 3);
		CHECK(put(t, r, (unsigned long)i + 2) == 0);
	}
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(nbad == 1 && t->nrows == WEIR_PREP_SNIFF + 4);
	CHECK_STR(lastbad, "t.csv:1004: column 'x': not a number: 'n/a'");
	CHECK(t->col[0].kind == WEIR_KIND_NUMERIC);
	CHECK(!t->classify);	/* 0, 1, 2: regression */
	weir_table_free(t);
}

/* ---- preprocessing ---------------------------------------------------- */

static struct weir_table *
sample(void)
{
	struct weir_table *t;

	header("x,c,y");
	t = table("y", -1);
	put(t, "1,a,0", 2);
	put(t, "2,b,1", 3);
	put(t, ",a,0", 4);
	put(t, "5,c,1", 5);
	put(t, "4,,1", 6);
	put(t, "100,a,0", 7);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	return t;
}

static void
test_prep_fit(void)
{
	struct weir_table *t = sample();
	struct weir_prep_opts o = { 0, 1, 0, 1, 0 };
	struct weir_prep p;
	size_t rows[6] = { 0, 1, 2, 3, 4, 5 }, i;
	float x[6 * 5];
	double mean = 112.0 / 5, sd = 0;

	weir_prep_fit(&p, t, rows, 6, &o);
	CHECK(p.n == 2);
	CHECK(p.f[0].impute == mean);
	CHECK(fabs(p.f[0].center - mean) < 1e-12);	/* of the imputed column */
	for (i = 0; i < 6; i++) {
		double v = i == 2 ? mean : weir_tcol_num(&t->col[0], i);

		sd += (v - mean) * (v - mean);
	}
	CHECK(fabs(p.f[0].sd - sqrt(sd / 6)) < 1e-12 && p.f[0].scale == 1);
	/* c: levels a b c, no "other", a "missing" column */
	CHECK(p.f[1].levels.n == 3 && !p.f[1].other && p.f[1].missing);
	CHECK(p.width == 5 && p.f[1].off == 1 && p.f[1].width == 4);
	weir_prep_matrix(&p, t, rows, 6, x);
	CHECK(x[0] == (float)(1 - p.f[0].center));
	{
		double d[5];

		weir_prep_col_sd(&p, d);
		CHECK(d[0] == p.f[0].sd && d[1] == 1 && d[4] == 1);
	}
	CHECK(fabs(x[2 * 5]) < 1e-6);		/* the mean, centered */
	CHECK(x[1] == 1 && x[2] == 0 && x[3] == 0 && x[4] == 0);
	CHECK(x[4 * 5 + 4] == 1 && x[4 * 5 + 1] == 0);	/* missing */
	weir_prep_release(&p);

	/* median, min-count 2 (b and c merge into "other"), not centered */
	o.median = 1;
	o.min_count = 2;
	o.center = 0;
	weir_prep_fit(&p, t, rows, 6, &o);
	CHECK(p.f[0].impute == 4 && p.f[0].center == 0 && p.f[0].scale == 1);
	CHECK(p.f[0].sd == 1);
	CHECK(p.f[1].levels.n == 1 && p.f[1].other && p.f[1].merged == 2);
	CHECK(p.width == 4);
	weir_prep_matrix(&p, t, rows, 6, x);
	CHECK(x[4 * 2 + 0] == 4);		/* row 2: x imputed */
	CHECK(x[4 * 1 + 2] == 1);		/* row 1: b is "other" */
	weir_prep_release(&p);

	/* only rows 0, 1, 3 (no missing values), trees keep NaN */
	o.median = 0;
	o.min_count = 1;
	o.keep_missing = 1;
	rows[2] = 3;
	weir_prep_fit(&p, t, rows, 3, &o);
	CHECK(isnan(p.f[0].impute));
	CHECK(!p.f[1].missing && p.f[1].levels.n == 3);
	rows[0] = 2;	/* x missing, c = a */
	rows[1] = 4;	/* c missing: no column for it */
	weir_prep_matrix(&p, t, rows, 2, x);
	CHECK(isnan(x[0]) && x[1] == 1);
	CHECK(x[4 + 1] == 0 && x[4 + 2] == 0 && x[4 + 3] == 0);
	weir_prep_release(&p);

	/* max-levels 1: the most frequent level stays */
	o.keep_missing = 0;
	o.max_levels = 1;
	rows[0] = 0, rows[1] = 1, rows[2] = 2;
	weir_prep_fit(&p, t, (size_t[]){ 0, 1, 2, 3, 4, 5 }, 6, &o);
	CHECK(p.f[1].levels.n == 1 && strcmp(p.f[1].levels.name[0], "a") == 0);
	CHECK(p.f[1].merged == 2);
	weir_prep_release(&p);
	weir_table_free(t);
}

static int
apply(const struct weir_prep *p, struct weir_prep_map *m, const char *text,
    float *row, int flags, struct weir_badrec *b)
{
	char *q = line, *c;
	size_t i = 0;

	snprintf(line, sizeof(line), "%s", text);
	rec.n = 0;
	for (;;) {
		c = strchr(q, ',');
		weir_rec_push(&rec, q, c ? (size_t)(c - q) : strlen(q), i++,
		    WEIR_TEXT);
		if (c == NULL)
			break;
		q = c + 1;
	}
	rec.src = "p.csv";
	rec.line = 9;
	weir_prep_map_update(p, m, &hdr);
	return weir_prep_apply(p, m, &hdr, &rec, row, flags, b, &err);
}

static void
test_prep_apply(void)
{
	struct weir_table *t = sample();
	struct weir_prep_opts o = { 0, 1, 0, 1, 0 };
	struct weir_prep p, q;
	struct weir_prep_map m, mq;
	struct weir_badrec b;
	size_t rows[6] = { 0, 1, 2, 3, 4, 5 }, i;
	float x[6 * 5], row[5], row2[5];
	char *s1, *s2;
	json_t *j;

	weir_prep_fit(&p, t, rows, 6, &o);
	weir_prep_matrix(&p, t, rows, 6, x);
	memset(&m, 0, sizeof(m));
	memset(&mq, 0, sizeof(mq));
	/* the training rows come out the same, bit for bit */
	header("x,c,y");
	CHECK(apply(&p, &m, "1,a,0", row, 0, &b) == 0);
	CHECK(memcmp(row, x, sizeof(row)) == 0);
	CHECK(apply(&p, &m, ",a,0", row, 0, &b) == 0);
	CHECK(memcmp(row, x + 2 * 5, sizeof(row)) == 0);
	CHECK(apply(&p, &m, "4,,1", row, 0, &b) == 0);
	CHECK(memcmp(row, x + 4 * 5, sizeof(row)) == 0);
	/* an unseen level, with no "other" column: zeros */
	CHECK(apply(&p, &m, "2,zzz,0", row, 0, &b) == 0);
	CHECK(row[1] == 0 && row[2] == 0 && row[3] == 0 && row[4] == 0);
	/* columns by name, in any order, extra ones ignored */
	header("extra,c,x");
	weir_prep_map_release(&m);
	CHECK(apply(&p, &m, "q,a,1", row, 0, &b) == 0);
	CHECK(memcmp(row, x, sizeof(row)) == 0);
	/* a non-number is bad, or missing when lenient */
	CHECK(apply(&p, &m, "q,a,abc", row, 0, &b) == WEIR_BAD);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "p.csv:9: column 'x': not a number: 'abc'");
	CHECK(b.raw != NULL && strncmp(b.raw, "q,a,abc", b.rawlen) == 0);
	CHECK(apply(&p, &m, "q,a,abc", row, WEIR_PREP_LENIENT, &b) == 0);
	CHECK(row[0] == x[2 * 5]);
	/* a column the input lacks is missing */
	header("c");
	weir_prep_map_release(&m);
	CHECK(weir_prep_map_missing(&p, &hdr) != NULL);
	CHECK_STR(weir_prep_map_missing(&p, &hdr), "x");
	CHECK(apply(&p, &m, "b", row, 0, &b) == 0);
	CHECK(row[0] == x[2 * 5] && row[2] == 1);

	/* JSON and back: the same rows */
	j = weir_prep_to_json(&p);
	CHECK(weir_prep_from_json(&q, j, &err) == 0);
	CHECK(q.width == p.width && q.n == p.n);
	header("x,c,y");
	weir_prep_map_release(&m);
	for (i = 0; i < 3; i++) {
		static const char *const r[3] = { "1,a,0", ",,1", "7,c,1" };

		apply(&p, &m, r[i], row, 0, &b);
		apply(&q, &mq, r[i], row2, 0, &b);
		CHECK(memcmp(row, row2, sizeof(row)) == 0);
	}
	s1 = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(j);
	j = weir_prep_to_json(&q);
	s2 = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	CHECK_STR(s1, s2);
	CHECK(strstr(s1, "\"levels\":[\"a\",\"b\",\"c\"],\"other\":false,"
	    "\"missing\":true") != NULL);
	free(s1);
	free(s2);
	json_decref(j);
	weir_prep_release(&q);

	/* bad feature lists */
	{
		static const char *const bad[] = {
			"{}", "[]", "[{\"name\":\"x\"}]",
			"[{\"name\":\"x\",\"kind\":\"numeric\",\"impute\":1,"
			    "\"center\":0,\"scale\":0}]",
			"[{\"name\":\"x\",\"kind\":\"weird\"}]",
			"[{\"name\":\"c\",\"kind\":\"categorical\",\"levels\":"
			    "[\"a\",\"a\"],\"other\":true,\"missing\":false}]",
			"[{\"name\":\"c\",\"kind\":\"categorical\",\"levels\":"
			    "[\"a\"],\"other\":1,\"missing\":false}]",
			"[{\"name\":\"x\",\"kind\":\"numeric\",\"impute\":null,"
			    "\"center\":0,\"scale\":1},{\"name\":\"x\","
			    "\"kind\":\"numeric\",\"impute\":null,"
			    "\"center\":0,\"scale\":1}]",
			NULL
		};

		for (i = 0; bad[i] != NULL; i++) {
			j = json_loads(bad[i], 0, NULL);
			CHECK(j != NULL);
			CHECK(weir_prep_from_json(&q, j, &err) == -1);
			CHECK(err.code == EX_DATAERR);
			json_decref(j);
		}
	}
	weir_prep_map_release(&m);
	weir_prep_map_release(&mq);
	weir_prep_release(&p);
	weir_table_free(t);
}

/*
 * The storage rule: float32 after centering.  A value beyond it is a bad
 * record, in the table and when applied; the fit halves the scale when
 * the distance to the center does not fit; the rows stay finite.
 */
static void
test_range(void)
{
	struct weir_prep_opts o = { 0, 1, 0, 1, 0 };
	struct weir_table *t;
	struct weir_prep p;
	struct weir_prep_map m;
	struct weir_badrec b;
	size_t rows[6] = { 0, 1, 2, 3, 4, 5 }, i;
	float x[6], row[1];

	header("x,y");
	t = table("y", 0);
	put(t, "3.4e38,1", 2);
	put(t, "1e39,1", 3);
	put(t, "-1e300,2", 4);
	put(t, "3.4e38,1", 5);
	put(t, "-3.4e38,2", 6);
	put(t, "3.4e38,1", 7);
	put(t, "4e-320,3", 8);
	put(t, "-0,3", 9);
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	CHECK(nbad == 2 && t->nrows == 6);
	CHECK_STR(lastbad, "t.csv:4: column 'x': '-1e300' is out of the "
	    "model's range (numbers are float32: within 3.4e38 of the "
	    "feature's center)");
	CHECK(t->col[0].min == -3.4e38 && t->col[0].max == 3.4e38);
	/* centered at 1.1e38, -3.4e38 is too far: scale 2 */
	weir_prep_fit(&p, t, rows, 6, &o);
	CHECK(p.f[0].scale == 2);
	weir_prep_matrix(&p, t, rows, 6, x);
	for (i = 0; i < 6; i++)
		CHECK(isfinite(x[i]));
	CHECK(x[2] == (float)((-3.4e38 - p.f[0].center) / 2));
	/* the table's rows, held out or not, all fit: fitted on two */
	weir_prep_release(&p);
	weir_prep_fit(&p, t, rows, 2, &o);
	CHECK(p.f[0].center == 3.4e38 && p.f[0].scale == 2);
	weir_prep_matrix(&p, t, rows, 6, x);
	CHECK(x[2] == (float)(-6.8e38 / 2));
	memset(&m, 0, sizeof(m));
	header("x");
	CHECK(apply(&p, &m, "3.4e38", row, 0, &b) == 0 && row[0] == 0);
	/* beyond 3.4e38, but not from the center, after the scale */
	CHECK(apply(&p, &m, "1e39", row, 0, &b) == 0 && isfinite(row[0]));
	CHECK(apply(&p, &m, "1.2e39", row, 0, &b) == WEIR_BAD);
	CHECK_STR(err.msg, "p.csv:9: column 'x': '1.2e39' is out of the model's "
	    "range (numbers are float32: within 3.4e38 of the feature's "
	    "center)");
	/* not a missing value, even when lenient */
	CHECK(apply(&p, &m, "-1e300", row, WEIR_PREP_LENIENT, &b) ==
	    WEIR_BAD);
	weir_prep_map_release(&m);
	weir_prep_release(&p);
	/* not centered (trees): scale 1; denormals and -0 are 0 */
	o.center = 0;
	o.keep_missing = 1;
	weir_prep_fit(&p, t, rows, 6, &o);
	CHECK(p.f[0].scale == 1 && p.f[0].center == 0);
	weir_prep_matrix(&p, t, rows, 6, x);
	CHECK(x[0] == 3.4e38f && x[4] == 0 && x[5] == 0);
	CHECK(apply(&p, &m, "3.5e38", row, 0, &b) == WEIR_BAD);
	CHECK(apply(&p, &m, "-3.4e38", row, 0, &b) == 0 &&
	    row[0] == -3.4e38f);
	weir_prep_map_release(&m);
	weir_prep_release(&p);
	weir_table_free(t);
}

int
main(void)
{
	test_parse();
	test_format();
	test_table_kinds();
	test_table_target();
	test_table_lists();
	test_table_sniff();
	test_prep_fit();
	test_prep_apply();
	test_range();
	weir_header_release(&hdr);
	weir_rec_release(&rec);
	return T_DONE();
}
