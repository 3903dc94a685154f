#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "extsort.h"
#include "intern.h"
#include "jsonfile.h"
#include "mem.h"
#include "num.h"
#include "schema.h"
#include "sortkey.h"
#include "stats/rules.h"
#include "stream.h"

#define POSITIONS	10
#define SAMPLES		5

enum kind { NOT_NULL, IN, BETWEEN, PATTERN, TYPE, UNIQUE, FOREIGN_KEY,
	MAX_MISSING, MEAN, QUANTILE, DISTINCT, ROWS, COLUMNS, FRESHNESS };

static const char *const kinds[] = { "not_null", "in", "between",
	"pattern", "type", "unique", "foreign_key", "max_missing_share",
	"mean_between", "quantile_between", "distinct_between",
	"rows_between", "columns", "freshness" };
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static const char *const types[] = { "integer", "number", "bool", "date",
	"datetime", "string" };

struct rule {
	int			 kind;
	char			*name;
	char			*column;
	int			 warn;
	long			 col;		/* in the header; -1: absent */
	double			 min, max, q, max_age;
	int			 has_min, has_max;
	struct weir_intern	 set;		/* in */
	regex_t			 re;
	int			 has_re;
	int			 type;
	char			**names;
	size_t			 nnames;
	int			 exact;
	char			*file, *ref;
	struct weir_sorter	*sorter;	/* unique, foreign_key */
	long			 fresh_max;	/* days since 1970 */
	int			 fresh_seen;
	/* outcome */
	int			 failed;
	uint64_t		 failing;
	unsigned long		 pos[POSITIONS];
	size_t			 npos;
	char			*sample[SAMPLES];
	size_t			 nsample;
	json_t			*observed;
	char			 says[160];
};

struct weir_rules {
	struct rule		*r;
	size_t			 n;
	size_t			 memory;
	struct weir_profile	*prof;		/* when a rule needs it */
	uint64_t		 records;
	size_t			 hn;		/* header columns resolved */
	struct weir_buf		 key, text;
	struct weir_rec		 one;
};

static int
bad_rule(struct weir_err *e, const char *path, size_t i, const char *why)
{
	return weir_errf(e, EX_DATAERR, "%s: rule %zu: %s", path, i + 1, why);
}

static int
number(const json_t *o, const char *k, double *v, int *has)
{
	const json_t *j = json_object_get(o, k);

	*has = j != NULL && !json_is_null(j);
	if (*has && !json_is_number(j))
		return -1;
	*v = *has ? json_number_value(j) : 0;
	return 0;
}

static char *
dup_string(const json_t *o, const char *k)
{
	const json_t *j = json_object_get(o, k);

	return json_is_string(j) ? weir_xstrdup(json_string_value(j)) : NULL;
}

static int
parse_rule(struct rule *r, const json_t *o, const char *path, size_t i,
    struct weir_err *e)
{
	const char *check = json_string_value(json_object_get(o, "check"));
	const char *sev = json_string_value(json_object_get(o, "severity"));
	const json_t *v, *x;
	const char *hz;
	size_t k;
	int has;

	if (!json_is_object(o) || check == NULL)
		return bad_rule(e, path, i, "each rule is an object with "
		    "\"check\"");
	for (k = 0; k < NKINDS && strcmp(kinds[k], check) != 0; k++)
		;
	if (k == NKINDS)
		return weir_errf(e, EX_DATAERR, "%s: rule %zu: unknown check "
		    "'%s'", path, i + 1, check);
	r->kind = (int)k;
	r->col = -1;
	r->name = dup_string(o, "name");
	r->column = dup_string(o, "column");
	if (sev != NULL && strcmp(sev, "warn") != 0 && strcmp(sev,
	    "error") != 0)
		return bad_rule(e, path, i, "severity is error or warn");
	r->warn = sev != NULL && strcmp(sev, "warn") == 0;
	if (r->kind < ROWS && r->column == NULL)
		return weir_errf(e, EX_DATAERR, "%s: rule %zu: %s needs "
		    "\"column\"", path, i + 1, check);
	if (number(o, "min", &r->min, &r->has_min) == -1 || number(o, "max",
	    &r->max, &r->has_max) == -1)
		return bad_rule(e, path, i, "min and max are numbers");
	if (r->has_min && r->has_max && r->min > r->max)
		return bad_rule(e, path, i, "min is above max");
	switch (r->kind) {
	case IN:
		if (!json_is_array(v = json_object_get(o, "values")))
			return bad_rule(e, path, i, "in needs \"values\", a "
			    "list");
		json_array_foreach(v, k, x) {
			char t[32];
			int fresh;

			if (json_is_string(x))
				weir_intern_add(&r->set, json_string_value(x),
				    json_string_length(x), &fresh);
			else if (json_is_number(x)) {
				size_t n = weir_num_format(json_number_value(x),
				    t);

				weir_intern_add(&r->set, t, n, &fresh);
			} else
				return bad_rule(e, path, i, "in's values are "
				    "strings or numbers");
		}
		break;
	case BETWEEN: case MEAN: case DISTINCT: case ROWS:
		if (!r->has_min && !r->has_max)
			return weir_errf(e, EX_DATAERR, "%s: rule %zu: %s needs "
			    "\"min\", \"max\" or both", path, i + 1, check);
		break;
	case QUANTILE:
		if (number(o, "q", &r->q, &has) == -1 || !has || r->q < 0 ||
		    r->q > 1 || (!r->has_min && !r->has_max))
			return bad_rule(e, path, i, "quantile_between needs "
			    "\"q\" in [0, 1] and \"min\" or \"max\"");
		break;
	case MAX_MISSING:
		if (!r->has_max || r->max < 0 || r->max > 1)
			return bad_rule(e, path, i, "max_missing_share needs "
			    "\"max\" in [0, 1]");
		break;
	case PATTERN:
		if ((v = json_object_get(o, "pattern")) == NULL ||
		    !json_is_string(v))
			return bad_rule(e, path, i, "pattern needs \"pattern\"");
		if ((hz = weir_pattern_hazard(json_string_value(v))) != NULL)
			return bad_rule(e, path, i, hz);
		if (regcomp(&r->re, json_string_value(v), REG_EXTENDED |
		    REG_NOSUB) != 0)
			return bad_rule(e, path, i, "not a POSIX extended "
			    "regular expression");
		r->has_re = 1;
		break;
	case TYPE:
		v = json_object_get(o, "type");
		for (k = 0; k < 6 && !(json_is_string(v) &&
		    strcmp(json_string_value(v), types[k]) == 0); k++)
			;
		if (k == 6)
			return bad_rule(e, path, i, "type is integer, number, "
			    "bool, date, datetime or string");
		r->type = (int)k;
		break;
	case FOREIGN_KEY:
		if ((r->file = dup_string(o, "file")) == NULL)
			return bad_rule(e, path, i, "foreign_key needs \"file\"");
		r->ref = dup_string(o, "ref_column");
		break;
	case COLUMNS:
		if (!json_is_array(v = json_object_get(o, "names")))
			return bad_rule(e, path, i, "columns needs \"names\", a "
			    "list");
		r->names = weir_xcalloc(json_array_size(v) + 1,
		    sizeof(*r->names));
		json_array_foreach(v, k, x) {
			if (!json_is_string(x))
				return bad_rule(e, path, i, "names are strings");
			r->names[r->nnames++] = weir_xstrdup(
			    json_string_value(x));
		}
		r->exact = json_is_true(json_object_get(o, "exact"));
		break;
	case FRESHNESS:
		if (r->column == NULL || number(o, "max_age_days", &r->max_age,
		    &has) == -1 || !has || r->max_age < 0)
			return bad_rule(e, path, i, "freshness needs \"column\" "
			    "and \"max_age_days\"");
		break;
	}
	return 0;
}

struct weir_rules *
weir_rules_load(const char *path, size_t memory, struct weir_err *e)
{
	struct weir_rules *rs;
	json_t *j, *list, *o;
	size_t i;

	if ((j = weir_json_load(path, e)) == NULL)
		return NULL;
	rs = weir_xcalloc(1, sizeof(*rs));
	rs->memory = memory;
	if (!json_is_array(list = json_object_get(j, "rules"))) {
		weir_errf(e, EX_DATAERR, "%s: a rules file is an object with "
		    "\"rules\", a list", path);
		goto fail;
	}
	rs->r = weir_xcalloc(json_array_size(list) + 1, sizeof(*rs->r));
	json_array_foreach(list, i, o) {
		rs->n++;
		if (parse_rule(&rs->r[i], o, path, i, e) == -1)
			goto fail;
		if (rs->r[i].kind >= MAX_MISSING && rs->r[i].kind <= DISTINCT &&
		    rs->prof == NULL)
			rs->prof = weir_profile_new();
	}
	json_decref(j);
	return rs;
fail:
	json_decref(j);
	weir_rules_free(rs);
	return NULL;
}

static void
fail_at(struct rule *r, unsigned long line, const char *s, size_t len)
{
	r->failing++;
	if (r->npos < POSITIONS)
		r->pos[r->npos++] = line;
	if (s != NULL && r->nsample < SAMPLES)
		r->sample[r->nsample++] = weir_xmemdup(s, len);
}

/* A column that may be absent (-1) from the header. */
static const struct weir_field *
field(const struct weir_rec *r, long col)
{
	return col < 0 ? NULL : weir_rec_field(r, (size_t)col);
}

static int
type_ok(int type, int kind)
{
	switch (type) {
	case 0: return kind == WEIR_KIND_INT;
	case 1: return kind == WEIR_KIND_INT || kind == WEIR_KIND_FLOAT;
	case 2: return kind == WEIR_KIND_BOOL;
	case 3: return kind == WEIR_KIND_DATE;
	case 4: return kind == WEIR_KIND_DATE || kind == WEIR_KIND_DATETIME;
	}
	return 1;
}

/* Days since 1970-01-01 of an ISO date (or datetime), -1 if not one. */
static long
days(const char *s, size_t len)
{
	int y, m, d;
	long a, yy, mm;

	if (len < 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* days from civil (H. Hinnant) */
	a = (14 - m) / 12;
	yy = y + 4800 - a;
	mm = m + 12 * a - 3;
	return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 +
	    yy / 400 - 32045 - 2440588;
}

static void
resolve(struct weir_rules *rs, const struct weir_header *h)
{
	size_t i;

	if (rs->hn == h->n)
		return;
	for (i = 0; i < rs->n; i++)
		if (rs->r[i].column != NULL)
			rs->r[i].col = weir_header_find(h, rs->r[i].column,
			    strlen(rs->r[i].column));
	rs->hn = h->n;
}

/* A value for a sorter: its key, the record's line, and the value. */
static int
sort_put(struct weir_rules *rs, struct rule *r, const char *s, size_t len,
    int tag, unsigned long line, struct weir_err *e)
{
	if (r->sorter == NULL)
		r->sorter = weir_sorter_new(rs->memory);
	weir_buf_reset(&rs->key);
	weir_sortkey_add(&rs->key, WEIR_SK_TEXT, s, len);
	if (tag >= 0)
		weir_buf_addc(&rs->key, (char)tag);
	rs->one.n = 0;
	weir_rec_push(&rs->one, s, len, 0, WEIR_STR);
	rs->one.line = line;
	return weir_sorter_put(r->sorter, rs->key.p, rs->key.len, &rs->one, e);
}

int
weir_rules_record(struct weir_rules *rs, const struct weir_header *h,
    const struct weir_rec *rec, const char **why, const char **column,
    struct weir_err *e)
{
	const struct weir_field *f;
	struct rule *r;
	size_t i;
	int broke = 0, bad, missing;
	double x;
	long d;

	resolve(rs, h);
	rs->records++;
	if (rs->prof != NULL)
		weir_profile_add(rs->prof, h, rec);
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->kind > FOREIGN_KEY && r->kind != FRESHNESS)
			continue;
		if (r->col < 0)
			continue;	/* judged at the end: the column is absent */
		f = field(rec, r->col);
		missing = f == NULL || f->type == WEIR_NULL || f->len == 0;
		bad = 0;
		switch (r->kind) {
		case NOT_NULL:
			bad = missing;
			break;
		case IN:
			bad = !missing && weir_intern_find(&r->set, f->s,
			    f->len) < 0;
			break;
		case BETWEEN:
			bad = !missing && (!weir_num_parse(f->s, f->len, &x) ||
			    (r->has_min && x < r->min) || (r->has_max &&
			    x > r->max));
			break;
		case PATTERN:
			if (missing)
				break;
			weir_buf_reset(&rs->text);
			weir_buf_add(&rs->text, f->s, f->len);
			weir_buf_addc(&rs->text, '\0');
			bad = regexec(&r->re, rs->text.p, 0, NULL, 0) != 0;
			break;
		case TYPE:
			bad = !missing && !type_ok(r->type,
			    weir_value_kind(f->s, f->len));
			break;
		case UNIQUE: case FOREIGN_KEY:
			if (!missing && sort_put(rs, r, f->s, f->len,
			    r->kind == FOREIGN_KEY ? 1 : -1, rec->line,
			    e) == -1)
				return -1;
			break;
		case FRESHNESS:
			if (!missing && (d = days(f->s, f->len)) >= 0 &&
			    (!r->fresh_seen || d > r->fresh_max)) {
				r->fresh_max = d;
				r->fresh_seen = 1;
			}
			break;
		}
		if (!bad)
			continue;
		fail_at(r, rec->line, missing ? NULL : f->s, missing ? 0 :
		    f->len);
		if (broke++ == 0) {
			*why = r->name != NULL ? r->name : kinds[r->kind];
			*column = r->column;
		}
	}
	return broke;
}

/* The referenced column of another file, into the sorter, first of each. */
static int
load_ref(struct weir_rules *rs, struct rule *r, struct weir_err *e)
{
	struct weir_ropts ro;
	struct weir_reader *rd;
	const struct weir_rec *rec;
	const char *name = r->ref != NULL ? r->ref : r->column;
	long c = -1;
	size_t i;
	int rv;

	memset(&ro, 0, sizeof(ro));
	if ((rd = weir_reader_open(r->file, &ro, e)) == NULL)
		return -1;
	while ((rv = weir_reader_next(rd, &rec, e)) == 1) {
		if (c < 0 && (c = weir_header_find(weir_reader_header(rd), name,
		    strlen(name))) < 0) {
			rv = weir_errf(e, EX_DATAERR, "foreign_key: %s has no "
			    "column '%s'", r->file, name);
			break;
		}
		for (i = 0; i < rec->n; i++)
			if (rec->f[i].col == (size_t)c && rec->f[i].len > 0 &&
			    rec->f[i].type != WEIR_NULL &&
			    sort_put(rs, r, rec->f[i].s, rec->f[i].len, 0,
			    rec->line, e) == -1) {
				rv = -1;
				break;
			}
		if (rv == -1)
			break;
	}
	weir_reader_free(rd);
	return rv;
}

/* unique: the second and later of equal keys; foreign_key: data keys
 * (tag 1) in a group without a reference key (tag 0, sorted first). */
static int
sorted(struct weir_rules *rs, struct rule *r, struct weir_err *e)
{
	const struct weir_rec *rec;
	const void *key;
	size_t klen, vlen;
	struct weir_buf prev = WEIR_BUF_INIT;
	int rv, have = 0, has_ref = 0, tag;

	if (r->kind == FOREIGN_KEY && load_ref(rs, r, e) == -1)
		return -1;
	if (r->sorter == NULL)
		return 0;
	if (weir_sorter_sort(r->sorter, e) == -1)
		return -1;
	while ((rv = weir_sorter_next(r->sorter, &rec, &key, &klen, e)) == 1) {
		vlen = r->kind == FOREIGN_KEY ? klen - 1 : klen;
		tag = r->kind == FOREIGN_KEY ? ((const char *)key)[klen - 1] : 1;
		if (!have || prev.len != vlen || memcmp(prev.p, key, vlen) != 0) {
			weir_buf_reset(&prev);
			weir_buf_add(&prev, key, vlen);
			have = 1;
			has_ref = tag == 0;
			if (r->kind == UNIQUE || tag == 0)
				continue;
		} else if (r->kind == FOREIGN_KEY && tag == 0) {
			has_ref = 1;
			continue;
		}
		if (r->kind == UNIQUE || !has_ref)
			fail_at(r, rec->line, rec->f[0].s, rec->f[0].len);
	}
	weir_buf_release(&prev);
	weir_sorter_free(r->sorter);
	r->sorter = NULL;
	return rv;
}

static long
profile_col(struct weir_profile *p, const char *name)
{
	size_t i;

	for (i = 0; p != NULL && i < weir_profile_columns(p); i++)
		if (strcmp(weir_profile_column(p, i)->name, name) == 0)
			return (long)i;
	return -1;
}

static int
within(const struct rule *r, double x)
{
	return !isnan(x) && (!r->has_min || x >= r->min) && (!r->has_max ||
	    x <= r->max);
}

static void
aggregate(struct weir_rules *rs, struct rule *r, const struct weir_header *h)
{
	const struct weir_colsum *s;
	double x = NAN;
	size_t i, k;
	struct weir_err ce;
	time_t now;
	long c;

	switch (r->kind) {
	case ROWS:
		x = (double)rs->records;
		r->failed = !within(r, x);
		snprintf(r->says, sizeof(r->says), "%.0f records", x);
		break;
	case COLUMNS:
		for (i = 0, k = 0; i < r->nnames; i++)
			if (weir_header_find(h, r->names[i],
			    strlen(r->names[i])) < 0) {
				r->failed = 1;
				fail_at(r, 0, r->names[i], strlen(r->names[i]));
				k++;
			}
		snprintf(r->says, sizeof(r->says), "%zu named column%s absent",
		    k, k == 1 ? "" : "s");
		if (r->exact && h->n > r->nnames - k) {
			r->failed = 1;
			snprintf(r->says + strlen(r->says), sizeof(r->says) -
			    strlen(r->says), ", %zu other%s", h->n -
			    (r->nnames - k), h->n - (r->nnames - k) == 1 ? "" :
			    "s");
		}
		x = (double)k;
		break;
	case FRESHNESS:
		if (weir_clock_now(&now, NULL, &ce) == -1)
			now = time(NULL);
		x = r->fresh_seen ? (double)(now / 86400 - r->fresh_max) : NAN;
		r->failed = !r->fresh_seen || x > r->max_age;
		if (r->fresh_seen)
			snprintf(r->says, sizeof(r->says), "latest date %.0f "
			    "days old", x);
		else
			snprintf(r->says, sizeof(r->says), "no date found");
		break;
	default:
		if ((c = profile_col(rs->prof, r->column)) < 0)
			return;
		s = weir_profile_column(rs->prof, (size_t)c);
		if (r->kind == MAX_MISSING) {
			x = rs->records ? (double)s->missing / (double)rs->records :
			    0;
			r->failed = x > r->max;
			snprintf(r->says, sizeof(r->says), "missing share %.4g",
			    x);
		} else if (r->kind == DISTINCT) {
			x = s->distinct;
			r->failed = !within(r, x);
			snprintf(r->says, sizeof(r->says), "%s%.0f distinct",
			    s->distinct_exact ? "" : "about ", x);
		} else if (!s->numeric)
			snprintf(r->says, sizeof(r->says), "no numbers");
		else if (r->kind == MEAN) {
			x = s->mean;
			snprintf(r->says, sizeof(r->says), "mean %.6g", x);
		} else {
			x = weir_profile_quantile(rs->prof, (size_t)c, r->q);
			snprintf(r->says, sizeof(r->says), "q%g = %.6g", r->q, x);
		}
		if (r->kind == MEAN || r->kind == QUANTILE)
			r->failed = !within(r, x);
	}
	r->observed = isnan(x) ? json_null() : json_real(x);
}

static int
by_line(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

int
weir_rules_finish(struct weir_rules *rs, const struct weir_header *h,
    struct weir_err *e)
{
	struct rule *r;
	size_t i;

	resolve(rs, h);
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->column != NULL && r->col < 0 && r->kind != COLUMNS) {
			r->failed = 1;
			snprintf(r->says, sizeof(r->says), "no column '%s'",
			    r->column);
			r->observed = json_null();
			continue;
		}
		if ((r->kind == UNIQUE || r->kind == FOREIGN_KEY) &&
		    sorted(rs, r, e) == -1)
			return -1;
		if (r->kind <= FOREIGN_KEY) {
			/* sorts found them in key order: give them in line order */
			qsort(r->pos, r->npos, sizeof(*r->pos), by_line);
			r->failed = r->failing > 0;
			snprintf(r->says, sizeof(r->says), "%llu of %llu "
			    "records fail", (unsigned long long)r->failing,
			    (unsigned long long)rs->records);
			r->observed = json_integer((json_int_t)r->failing);
			continue;
		}
		aggregate(rs, r, h);
	}
	return 0;
}

static const char *
label(const struct rule *r, char *buf, size_t size)
{
	if (r->name != NULL)
		return r->name;
	snprintf(buf, size, "%s%s%s", r->column != NULL ? r->column : "",
	    r->column != NULL ? " " : "", kinds[r->kind]);
	return buf;
}

json_t *
weir_rules_results(const struct weir_rules *rs, int no_values)
{
	json_t *o = json_object(), *list = json_array(), *j, *p, *v;
	size_t i, k, errors, warnings;
	char buf[160];

	weir_rules_failed(rs, &errors, &warnings);
	json_object_set_new(o, "format", json_string("weir-check"));
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "records", json_integer((json_int_t)
	    rs->records));
	json_object_set_new(o, "errors", json_integer((json_int_t)errors));
	json_object_set_new(o, "warnings", json_integer((json_int_t)warnings));
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];

		j = json_object();
		json_object_set_new(j, "rule", json_string(label(r, buf,
		    sizeof(buf))));
		json_object_set_new(j, "check", json_string(kinds[r->kind]));
		if (r->column != NULL)
			json_object_set_new(j, "column", json_string(r->column));
		json_object_set_new(j, "severity", json_string(r->warn ?
		    "warn" : "error"));
		json_object_set_new(j, "status", json_string(r->failed ?
		    "fail" : "pass"));
		json_object_set_new(j, "observed", r->observed != NULL ?
		    json_incref(r->observed) : json_null());
		json_object_set_new(j, "says", json_string(r->says));
		if (r->kind <= FOREIGN_KEY) {
			json_object_set_new(j, "failing", json_integer(
			    (json_int_t)r->failing));
			p = json_array();
			for (k = 0; k < r->npos; k++)
				json_array_append_new(p, json_integer(
				    (json_int_t)r->pos[k]));
			json_object_set_new(j, "positions", p);
			if (!no_values) {
				v = json_array();
				for (k = 0; k < r->nsample; k++)
					json_array_append_new(v, json_string(
					    r->sample[k]));
				json_object_set_new(j, "values", v);
			}
		}
		json_array_append_new(list, j);
	}
	json_object_set_new(o, "results", list);
	return o;
}

void
weir_rules_report(const struct weir_rules *rs, FILE *fp)
{
	size_t i, k;
	char buf[160];

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];

		fprintf(fp, "%-4s  %-5s  %-32s  %s", r->failed ? "FAIL" : "ok",
		    r->warn ? "warn" : "error", label(r, buf, sizeof(buf)),
		    r->says);
		for (k = 0; k < r->npos && r->pos[k] > 0; k++)
			fprintf(fp, "%s%lu", k == 0 ? " (lines " : ", ",
			    r->pos[k]);
		fputs(k > 0 ? (r->failing > k ? ", ...)\n" : ")\n") : "\n", fp);
	}
}

void
weir_rules_failed(const struct weir_rules *rs, size_t *errors,
    size_t *warnings)
{
	size_t i;

	*errors = *warnings = 0;
	for (i = 0; i < rs->n; i++)
		if (rs->r[i].failed)
			(*(rs->r[i].warn ? warnings : errors))++;
}

void
weir_rules_free(struct weir_rules *rs)
{
	size_t i, k;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		struct rule *r = &rs->r[i];

		free(r->name);
		free(r->column);
		weir_intern_release(&r->set);
		if (r->has_re)
			regfree(&r->re);
		for (k = 0; k < r->nnames; k++)
			free(r->names[k]);
		free(r->names);
		free(r->file);
		free(r->ref);
		weir_sorter_free(r->sorter);
		for (k = 0; k < r->nsample; k++)
			free(r->sample[k]);
		json_decref(r->observed);
	}
	free(rs->r);
	weir_profile_free(rs->prof);
	weir_buf_release(&rs->key);
	weir_buf_release(&rs->text);
	weir_rec_release(&rs->one);
	free(rs);
}

/* ---- suggestions --------------------------------------------------- */

static json_t *
rule(const char *check, const char *column)
{
	json_t *o = json_object();

	json_object_set_new(o, "check", json_string(check));
	if (column != NULL)
		json_object_set_new(o, "column", json_string(column));
	return o;
}

json_t *
weir_rules_suggest(struct weir_profile *p)
{
	json_t *list = json_array(), *names = json_array(), *o, *v;
	const struct weir_colsum *s;
	uint64_t n = weir_profile_records(p);
	double margin, share;
	size_t i, k;

	for (i = 0; i < weir_profile_columns(p); i++) {
		s = weir_profile_column(p, i);
		json_array_append_new(names, json_string(s->name));
		if (s->missing == 0 && s->count > 0)
			json_array_append_new(list, rule("not_null", s->name));
		else if (s->count > 0) {
			/* room for the share to grow by half, plus 1 point */
			share = (double)s->missing / (double)(n ? n : 1);
			o = rule("max_missing_share", s->name);
			json_object_set_new(o, "max", json_real(fmin(1,
			    share * 1.5 + 0.01)));
			json_array_append_new(list, o);
		}
		if (strcmp(s->type, "string") != 0 && strcmp(s->type,
		    "empty") != 0) {
			o = rule("type", s->name);
			json_object_set_new(o, "type", json_string(s->type));
			json_array_append_new(list, o);
		}
		if (s->numeric) {
			/* widened by a tenth of the range on each side */
			margin = (s->max - s->min) * 0.1;
			o = rule("between", s->name);
			if (strcmp(s->type, "integer") == 0) {
				json_object_set_new(o, "min", json_integer(
				    (json_int_t)floor(s->min - margin)));
				json_object_set_new(o, "max", json_integer(
				    (json_int_t)ceil(s->max + margin)));
			} else {
				json_object_set_new(o, "min", json_real(s->min -
				    margin));
				json_object_set_new(o, "max", json_real(s->max +
				    margin));
			}
			json_array_append_new(list, o);
		} else if (s->distinct_exact && s->distinct > 0 &&
		    s->ntop == (size_t)s->distinct && s->distinct <= 10) {
			o = rule("in", s->name);
			v = json_array();
			for (k = 0; k < s->ntop; k++)
				json_array_append_new(v, json_stringn(s->top[k].s,
				    s->top[k].len));
			json_object_set_new(o, "values", v);
			json_array_append_new(list, o);
		}
	}
	o = rule("columns", NULL);
	json_object_set_new(o, "names", names);
	json_array_insert_new(list, 0, o);
	o = rule("rows_between", NULL);
	json_object_set_new(o, "min", json_integer((json_int_t)(n / 2)));
	json_object_set_new(o, "max", json_integer((json_int_t)(n * 2 + 1)));
	json_array_insert_new(list, 1, o);
	o = json_object();
	json_object_set_new(o, "rules", list);
	return o;
}
