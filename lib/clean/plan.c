/*
 * plan.c - weir-clean's options checked against the input header, before
 * any record is read: every column named anywhere must exist (64 if not),
 * every spec must parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "internal.h"
#include "names.h"
#include "sortkey.h"
#include "text.h"

static const char *const default_nulls[] = {
	"NA", "N/A", "n/a", "NULL", "null", "None", "-", "NaN", "#N/A"
};

#define usage_err(e, ...)	weir_errf(e, EX_USAGE, __VA_ARGS__)

/* An output column by name (after --rename), or a 1-based index. */
static long
column(const struct weir_clean *c, const char *name, size_t len,
    const char *what, struct weir_err *e)
{
	long j = weir_header_find(&c->h, name, len);
	char *end;
	unsigned long i;

	if (j >= 0)
		return j;
	i = strtoul(name, &end, 10);
	if (len > 0 && end == name + len && *name != '0' && i >= 1 &&
	    i <= c->h.n)
		return (long)i - 1;
	return weir_cols_unknown(e, &c->h, name, len, what);
}

/* "COL=SPEC": the column and *spec; -1 with a usage error. */
static long
col_spec(const struct weir_clean *c, const char *arg, const char *what,
    const char **spec, struct weir_err *e)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg) {
		usage_err(e, "%s needs COLUMN=SPEC, not '%s'", what, arg);
		return -1;
	}
	*spec = eq + 1;
	return column(c, arg, (size_t)(eq - arg), what, e);
}

/*
 * The output names: the selected input names, --rename applied (old
 * names are input names), then --safe-names.  Two columns may not end up
 * with one name.
 */
static int
rename_columns(struct weir_clean *c, const struct weir_header *in,
    const size_t *cols, size_t n, struct weir_err *e)
{
	struct weir_buf item = WEIR_BUF_INIT;
	const char *p = c->o->rename, *eq;
	char **names = weir_xcalloc(n ? n : 1, sizeof(*names));
	size_t *lens = weir_xcalloc(n ? n : 1, sizeof(*lens)), i;
	int rv = -1;

	for (i = 0; i < n; i++) {
		names[i] = weir_xmemdup(in->name[cols[i]], in->len[cols[i]]);
		lens[i] = in->len[cols[i]];
	}
	while (weir_cols_item(&p, &item)) {
		if ((eq = strchr(item.p, '=')) == NULL || eq == item.p ||
		    eq[1] == '\0') {
			usage_err(e, "%s needs OLD=NEW, not '%s'", "--rename",
			    item.p);
			goto out;
		}
		for (i = 0; i < n; i++)
			if (lens[i] == (size_t)(eq - item.p) &&
			    memcmp(in->name[cols[i]], item.p, lens[i]) == 0 &&
			    strcmp(names[i], in->name[cols[i]]) == 0)
				break;
		if (i == n) {
			weir_errf(e, EX_USAGE, "--rename: no column '%.*s' "
			    "among those kept", (int)(eq - item.p), item.p);
			goto out;
		}
		free(names[i]);
		names[i] = weir_xstrdup(eq + 1);
		lens[i] = strlen(eq + 1);
	}
	if (c->o->safe_names)
		weir_safe_names(names, lens, n);
	for (i = 0; i < n; i++) {
		if (weir_header_find(&c->h, names[i], lens[i]) >= 0) {
			usage_err(e, "two output columns would be called "
			    "'%s'%s", names[i], c->o->columns != NULL ?
			    " (a column kept twice, or renamed onto another)" :
			    " (renamed onto another)");
			goto out;
		}
		weir_header_add(&c->h, names[i], lens[i]);
	}
	rv = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(lens);
	weir_buf_release(&item);
	return rv;
}

/* -c, --drop, then the names: --rename, --safe-names. */
static int
select_columns(struct weir_clean *c, const struct weir_header *in,
    struct weir_err *e)
{
	const struct weir_clean_opts *o = c->o;
	size_t *cols = NULL, n, *drop = NULL, nd = 0, i, k, j;
	int rv = -1;

	if (o->columns != NULL) {
		if (weir_cols_parse(o->columns, in, "--columns", &cols, &n,
		    e) == -1)
			return -1;
	} else {
		n = in->n;
		cols = weir_xcalloc(n ? n : 1, sizeof(*cols));
		for (i = 0; i < n; i++)
			cols[i] = i;
	}
	if (o->drop != NULL) {
		if (weir_cols_parse(o->drop, in, "--drop", &drop, &nd, e) == -1)
			goto out;
		for (i = k = 0; i < n; i++) {
			for (j = 0; j < nd && drop[j] != cols[i]; j++)
				;
			if (j == nd)
				cols[k++] = cols[i];
		}
		n = k;
	}
	if (rename_columns(c, in, cols, n, e) == -1)
		goto out;
	c->nsel = c->h.n;
	c->nin = in->n;
	c->outof = weir_xcalloc(in->n ? in->n : 1, sizeof(*c->outof));
	for (i = 0; i < in->n; i++)
		c->outof[i] = NOCOL;
	for (i = 0; i < n; i++)
		if (c->outof[cols[i]] == NOCOL)
			c->outof[cols[i]] = i;
	rv = 0;
out:
	free(cols);
	free(drop);
	return rv;
}

static void
add_null(struct weir_clean *c, const char *s, size_t len)
{
	c->nullv = weir_xreallocarray(c->nullv, c->nnull + 1,
	    sizeof(*c->nullv));
	c->nulllen = weir_xreallocarray(c->nulllen, c->nnull + 1,
	    sizeof(*c->nulllen));
	c->nullv[c->nnull] = weir_xmemdup(s, len);
	c->nulllen[c->nnull++] = len;
}

static void
null_set(struct weir_clean *c)
{
	struct weir_buf item = WEIR_BUF_INIT;
	const char *p = c->o->null_list;
	size_t i;

	if (p == NULL) {
		for (i = 0; i < sizeof(default_nulls) / sizeof(*default_nulls);
		    i++)
			add_null(c, default_nulls[i], strlen(default_nulls[i]));
		return;
	}
	while (weir_cols_item(&p, &item))
		add_null(c, item.p, item.len);
	weir_buf_release(&item);
}

static int
cases(struct weir_clean *c, struct weir_err *e)
{
	static const char *const how[] = { "lower", "upper", "title" };
	const char *spec;
	size_t i, k;
	long j;

	for (i = 0; i < c->o->cases.n; i++) {
		if ((j = col_spec(c, c->o->cases.v[i], "--case", &spec,
		    e)) == -1)
			return -1;
		for (k = 0; k < 3 && strcmp(spec, how[k]) != 0; k++)
			;
		if (k == 3)
			return usage_err(e, "--case %s: the case is lower, "
			    "upper or title, not '%s'", c->o->cases.v[i], spec);
		c->col[j].case_how = (int)k;
	}
	return 0;
}

/* Schema columns by output name; a required one must be there. */
static int
schema(struct weir_clean *c, struct weir_err *e)
{
	size_t i;
	long j;

	if (c->o->schema == NULL)
		return 0;
	if (weir_schema_load(&c->schema, c->o->schema, e) == -1)
		return -1;
	c->have_schema = 1;
	for (i = 0; i < c->schema.n; i++) {
		const char *name = weir_schema_col_name(&c->schema, i);

		j = weir_header_find(&c->h, name, strlen(name));
		if (j >= 0 && (size_t)j < c->nsel)
			c->col[j].schema_col = (long)i;
		else if (weir_schema_col_required(&c->schema, i))
			return weir_errf(e, EX_DATAERR, "schema '%s': required "
			    "column '%s' is not in the input", c->o->schema,
			    name);
	}
	return 0;
}

static int
fills(struct weir_clean *c, struct weir_err *e)
{
	static const char *const kw[] = { "mean", "median", "mode", "down",
	    "up" };
	const char *spec;
	size_t i, k;
	long j;

	for (i = 0; i < c->o->fills.n; i++) {
		if ((j = col_spec(c, c->o->fills.v[i], "--fill", &spec,
		    e)) == -1)
			return -1;
		for (k = 0; k < 5 && strcmp(spec, kw[k]) != 0; k++)
			;
		c->col[j].fill = k < 5 ? FILL_MEAN + (int)k : FILL_VALUE;
		if (k == 5) {
			if (*spec == '\0')
				return usage_err(e, "--fill %s: a value, mean, "
				    "median, mode, down or up",
				    c->o->fills.v[i]);
			c->col[j].fill_value = weir_xstrdup(spec);
			c->col[j].fill_len = strlen(spec);
			c->col[j].fill_type = !c->typed ? WEIR_TEXT :
			    weir_text_is_number(spec, strlen(spec)) ? WEIR_NUM :
			    WEIR_STR;
		}
		if (k < 3)
			c->two_pass = 1;
		if (c->col[j].fill == FILL_UP)
			c->has_up = 1;
	}
	return 0;
}

static int
require(struct weir_clean *c, struct weir_err *e)
{
	struct weir_buf item = WEIR_BUF_INIT;
	const char *p = c->o->require;
	long j;

	while (weir_cols_item(&p, &item)) {
		if ((j = column(c, item.p, item.len, "--require", e)) == -1) {
			weir_buf_release(&item);
			return -1;
		}
		c->col[j].required = 1;
	}
	weir_buf_release(&item);
	return 0;
}

/* A bound: a number, or pN for the Nth percentile (0 <= N <= 100). */
static int
bound(const char *s, size_t len, double *v, int *pct)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*pct = buf[0] == 'p';
	*v = strtod(buf + *pct, &end);
	if (*end != '\0' || end == buf + *pct || *v != *v ||
	    (*pct && (*v < 0 || *v > 100)))
		return -1;
	return 0;
}

static int
clips(struct weir_clean *c, struct weir_err *e)
{
	const char *spec, *comma;
	struct ccol *cc;
	size_t i;
	long j;

	for (i = 0; i < c->o->clips.n; i++) {
		if ((j = col_spec(c, c->o->clips.v[i], "--clip", &spec,
		    e)) == -1)
			return -1;
		cc = &c->col[j];
		if ((comma = strchr(spec, ',')) == NULL ||
		    bound(spec, (size_t)(comma - spec), &cc->clip_at[0],
		    &cc->clip_pct[0]) == -1 ||
		    bound(comma + 1, strlen(comma + 1), &cc->clip_at[1],
		    &cc->clip_pct[1]) == -1)
			return usage_err(e, "--clip %s: bounds are LOW,HIGH, "
			    "each a number or a percentile such as p1",
			    c->o->clips.v[i]);
		if (cc->clip_pct[0] == cc->clip_pct[1] &&
		    cc->clip_at[0] > cc->clip_at[1])
			return usage_err(e, "--clip %s: LOW is above HIGH",
			    c->o->clips.v[i]);
		cc->clip = 1;
		cc->lo = cc->clip_at[0];
		cc->hi = cc->clip_at[1];
		if (cc->clip_pct[0] || cc->clip_pct[1])
			c->two_pass = 1;
	}
	return 0;
}

/* COL=iqr[:K]|zscore[:K]; flagging adds the column COL_outlier. */
static int
outliers(struct weir_clean *c, struct weir_err *e)
{
	struct weir_buf name = WEIR_BUF_INIT;
	const char *spec, *arg;
	struct ccol *cc;
	char *end;
	size_t i;
	long j;

	for (i = 0; i < c->o->outliers.n; i++) {
		arg = c->o->outliers.v[i];
		if ((j = col_spec(c, arg, "--outliers", &spec, e)) == -1)
			return -1;
		cc = &c->col[j];
		if (strncmp(spec, "iqr", 3) == 0) {
			cc->outlier = OUT_IQR;
			cc->k = 1.5;
			spec += 3;
		} else if (strncmp(spec, "zscore", 6) == 0) {
			cc->outlier = OUT_ZSCORE;
			cc->k = 3;
			spec += 6;
		} else
			return usage_err(e, "--outliers %s: the rule is "
			    "iqr[:K] or zscore[:K], not '%s'", arg, spec);
		if (*spec == ':' && ((cc->k = strtod(spec + 1, &end)),
		    *end != '\0' || end == spec + 1 || !(cc->k > 0)))
			return usage_err(e, "--outliers %s: K must be a "
			    "number above 0", arg);
		else if (*spec != '\0' && *spec != ':')
			return usage_err(e, "--outliers %s: the rule is "
			    "iqr[:K] or zscore[:K]", arg);
		c->two_pass = 1;
		if (c->o->outliers_action != WEIR_OUT_FLAG || cc->flag != NOCOL)
			continue;
		weir_buf_reset(&name);
		weir_buf_add(&name, c->h.name[j], c->h.len[j]);
		weir_buf_adds(&name, "_outlier");
		if (weir_header_find(&c->h, name.p, name.len) >= 0) {
			usage_err(e, "--outliers: the flag column '%s' is "
			    "already a column", name.p);
			weir_buf_release(&name);
			return -1;
		}
		cc->flag = weir_header_add(&c->h, name.p, name.len);
	}
	weir_buf_release(&name);
	return 0;
}

static int
wheres(struct weir_clean *c, struct weir_err *e)
{
	const char *name;
	size_t i;
	long j;

	c->where = weir_xcalloc(c->o->wheres.n + 1, sizeof(*c->where));
	for (i = 0; i < c->o->wheres.n; i++) {
		if ((c->where[i].w = weir_where_parse(c->o->wheres.v[i],
		    e)) == NULL)
			return -1;
		c->nwhere = i + 1;
		name = weir_where_column(c->where[i].w);
		if ((j = column(c, name, strlen(name), "--where", e)) == -1)
			return -1;
		c->where[i].col = (size_t)j;
	}
	return 0;
}

static int
dedup_keys(struct weir_clean *c, struct weir_err *e)
{
	size_t i;

	if (c->o->dedup_by != NULL)
		return weir_cols_parse(c->o->dedup_by, &c->h, "--dedup-by",
		    &c->dkey, &c->ndkey, e);
	if (!c->o->dedup)
		return 0;
	c->ndkey = c->h.n;
	c->dkey = weir_xcalloc(c->ndkey + 1, sizeof(*c->dkey));
	for (i = 0; i < c->ndkey; i++)
		c->dkey[i] = i;
	return 0;
}

/* COL[:n|:r|:nr|:natural|:rnatural], ... */
static int
sort_keys(struct weir_clean *c, struct weir_err *e)
{
	static const struct { const char *s; int kind; } kinds[] = {
		{ "n", WEIR_SK_NUM }, { "r", WEIR_SK_TEXT | WEIR_SK_REVERSE },
		{ "nr", WEIR_SK_NUM | WEIR_SK_REVERSE },
		{ "rn", WEIR_SK_NUM | WEIR_SK_REVERSE },
		{ "natural", WEIR_SK_NATURAL },
		{ "rnatural", WEIR_SK_NATURAL | WEIR_SK_REVERSE },
		{ "naturalr", WEIR_SK_NATURAL | WEIR_SK_REVERSE }
	};
	struct weir_buf item = WEIR_BUF_INIT;
	const char *p = c->o->sort_by, *colon;
	size_t k, len;
	long j;
	int kind;

	while (weir_cols_item(&p, &item)) {
		len = item.len;
		kind = WEIR_SK_TEXT;
		/* A suffix only when it is one: names may hold ':'. */
		if ((colon = strrchr(item.p, ':')) != NULL &&
		    weir_header_find(&c->h, item.p, item.len) < 0) {
			for (k = 0; k < sizeof(kinds) / sizeof(*kinds) &&
			    strcmp(colon + 1, kinds[k].s) != 0; k++)
				;
			if (k == sizeof(kinds) / sizeof(*kinds)) {
				weir_errf(e, EX_USAGE, "--sort-by %s: the order "
				    "is :n, :r, :nr or :natural, not ':%s'",
				    item.p, colon + 1);
				goto fail;
			}
			kind = kinds[k].kind;
			len = (size_t)(colon - item.p);
		}
		if ((j = column(c, item.p, len, "--sort-by", e)) == -1)
			goto fail;
		c->skey = weir_xreallocarray(c->skey, c->nskey + 1,
		    sizeof(*c->skey));
		c->skey[c->nskey].col = (size_t)j;
		c->skey[c->nskey++].kind = kind;
	}
	weir_buf_release(&item);
	return 0;
fail:
	weir_buf_release(&item);
	return -1;
}

struct weir_clean *
weir_clean_new(const struct weir_clean_opts *o, const struct weir_header *in,
    int typed, struct weir_bad *bad, struct weir_err *e)
{
	struct weir_clean *c = weir_xcalloc(1, sizeof(*c));
	size_t j, cap;

	c->o = o;
	c->inh = in;
	c->bad = bad;
	c->typed = typed;
	weir_header_init(&c->h);
	if (select_columns(c, in, e) == -1)
		goto fail;
	/* Room for a flag column per kept column. */
	cap = 2 * c->nsel + 1;
	c->col = weir_xcalloc(cap, sizeof(*c->col));
	for (j = 0; j < cap; j++) {
		c->col[j].src = NOCOL;
		c->col[j].case_how = -1;
		c->col[j].schema_col = -1;
		c->col[j].flag = NOCOL;
	}
	if (o->nulls)
		null_set(c);
	if (cases(c, e) == -1 || schema(c, e) == -1 || fills(c, e) == -1 ||
	    require(c, e) == -1 || clips(c, e) == -1 || outliers(c, e) == -1 ||
	    wheres(c, e) == -1 || dedup_keys(c, e) == -1 ||
	    sort_keys(c, e) == -1)
		goto fail;
	c->v = weir_xcalloc(c->h.n + 1, sizeof(*c->v));
	if (weir_clean_setup(c, e) == -1)
		goto fail;
	return c;
fail:
	weir_clean_free(c);
	return NULL;
}
