/* weir audit drift: how far new data moved from a reference, per column. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "err.h"
#include "jsonfile.h"
#include "lineage.h"
#include "mem.h"
#include "num.h"
#include "sink.h"
#include "source.h"
#include "stream.h"
#include "stats/drift.h"
#include "stats/profile.h"

enum { OPT_REFERENCE = WEIR_OPT_LOCAL, OPT_THRESHOLD, OPT_JSON,
	OPT_NO_HEADER };

enum { T_PSI, T_KS, T_JS, T_MISSING, NTHRESH };
static const char *const tname[NTHRESH] = { "psi", "ks", "js", "missing" };

static const char synopsis[] =
    "usage: weir-audit drift [-hqv] [-d delim] [-f format] [-o file] [-t format]\n"
    "                        --reference ref [--threshold list] [--json file] [file]\n";

static const char help[] =
    "\nCompare a record stream with a reference (a profile from weir audit\n"
    "profile, or a data file), column by column: numbers by the population\n"
    "stability index over the reference's deciles, the Kolmogorov-Smirnov\n"
    "statistic and p-value and the Wasserstein distance; other values by\n"
    "the index over their categories, chi-square and p-value and the\n"
    "Jensen-Shannon distance; and both by the change in the share missing\n"
    "and the categories new in the stream.  Exit 1 when a column drifts past\n"
    "a threshold.\n\n"
    "      --reference REF    the reference: profile JSON or data\n"
    "      --threshold LIST   psi=0.2,ks=0.1,js=0.1,missing=0.05 (the defaults;\n"
    "                         name those to change)\n"
    "      --json FILE        the results as JSON too\n"
    "  -t, --to FORMAT        table (default), markdown, csv, json, ...\n"
    "  -o, --output FILE      write FILE atomically\n"
    "  -d, --delimiter C      CSV input delimiter (default: detected)\n"
    "  -f, --from FORMAT      input format: csv, tsv, ndjson, json\n"
    "      --no-header        the CSV/TSV inputs have no header\n"
    "  -q, --quiet            no warnings\n"
    "      --audit-log FILE   log this run to FILE\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n\n"
    "Examples:\n"
    "  weir audit profile -o train.profile.json train.csv\n"
    "  weir audit drift --reference train.profile.json today.csv || alert\n"
    "  weir audit drift --reference train.csv --threshold psi=0.1 -t json new.csv\n\n"
    "See weir-audit(1).\n";

static _Noreturn void
usage(int code)
{
	audit_usage(code, synopsis, help, " drift");
}

struct opts {
	struct weir_cli	 cli;
	const char	*reference;
	const char	*json;
	double		 limit[NTHRESH];
	int		 no_header;
};

static int
thresholds(struct opts *o, const char *arg)
{
	const char *p = arg, *eq, *end;
	char buf[64];
	size_t i, n;
	double v;

	while (*p != '\0') {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		eq = memchr(p, '=', n);
		for (i = 0; eq != NULL && i < NTHRESH; i++)
			if (strlen(tname[i]) == (size_t)(eq - p) &&
			    memcmp(tname[i], p, (size_t)(eq - p)) == 0)
				break;
		if (eq == NULL || i == NTHRESH || n - (size_t)(eq - p) >=
		    sizeof(buf)) {
			weir_note("--threshold %s: NAME=VALUE with NAME psi, ks, "
			    "js or missing", arg);
			return -1;
		}
		memcpy(buf, eq + 1, n - (size_t)(eq - p) - 1);
		buf[n - (size_t)(eq - p) - 1] = '\0';
		if (weir_cli_real(buf, 0, HUGE_VAL, 0, "--threshold", &v) == -1)
			return -1;
		o->limit[i] = v;
		p += n + (end != NULL);
	}
	return 0;
}

static struct weir_profile *
read_data(const struct opts *o, const char *path, struct weir_err *e)
{
	return audit_read_profile(&o->cli, o->no_header, 0, path, e);
}

/* A profile JSON when the file is one, else data to profile. */
static struct weir_profile *
reference(const struct opts *o, struct weir_err *e)
{
	const char *dot = strrchr(o->reference, '.');
	struct weir_profile *p;
	json_t *j;

	if (dot == NULL || strcmp(dot, ".json") != 0)
		return read_data(o, o->reference, e);
	if ((j = weir_json_load(o->reference, e)) == NULL)
		return NULL;
	if (json_is_object(j))
		p = weir_profile_from_json(j, o->reference, e);
	else {
		json_decref(j);
		return read_data(o, o->reference, e);	/* records in an array */
	}
	json_decref(j);
	return p;
}

struct result {
	const char	*column;
	const char	*kind;		/* numeric, categorical */
	double		 psi, ks, ks_p, wasserstein, chi2, chi2_p, js;
	double		 missing_ref, missing_cur;
	size_t		 new_categories;
	int		 drifted;
	char		 why[96];
	json_t		*bins;		/* labels, reference, current */
};

#define MAXBINS	30	/* categories shown: the first of the reference */

static json_t *
bins_json(void)
{
	return json_pack("{s:[], s:[], s:[]}", "labels", "reference",
	    "current");
}

static void
bin(json_t *b, const char *label, size_t len, double ref, double cur)
{
	if (json_array_size(json_object_get(b, "labels")) >= MAXBINS)
		return;
	json_array_append_new(json_object_get(b, "labels"), json_stringn(label,
	    len));
	json_array_append_new(json_object_get(b, "reference"), json_real(ref));
	json_array_append_new(json_object_get(b, "current"), json_real(cur));
}

static long
find(struct weir_profile *p, const char *name)
{
	size_t i;

	for (i = 0; i < weir_profile_columns(p); i++)
		if (strcmp(weir_profile_column(p, i)->name, name) == 0)
			return (long)i;
	return -1;
}

static void
numeric(struct weir_profile *ref, size_t ri, struct weir_profile *cur,
    size_t ci, struct result *r)
{
	struct weir_drift_dist a, b;
	double edges[11], ca[12], cb[12];
	size_t ne, i;

	weir_profile_dist(ref, ri, &a.x, &a.w, &a.n);
	weir_profile_dist(cur, ci, &b.x, &b.w, &b.n);
	r->kind = "numeric";
	r->ks = weir_drift_ks(&a, &b);
	r->ks_p = weir_drift_ks_p(r->ks, (double)weir_profile_column(ref,
	    ri)->count, (double)weir_profile_column(cur, ci)->count);
	r->wasserstein = weir_drift_wasserstein(&a, &b);
	/* the reference's deciles as bins */
	ne = weir_drift_edges(&a, 10, edges);
	memset(ca, 0, sizeof(ca));
	memset(cb, 0, sizeof(cb));
	weir_drift_bin(&a, edges, ne, ca);
	weir_drift_bin(&b, edges, ne, cb);
	r->psi = weir_drift_psi(ca, cb, ne + 1);
	r->chi2 = r->chi2_p = r->js = NAN;
	r->bins = bins_json();
	for (i = 0; i <= ne; i++) {
		char t[40];

		/* bins are right-closed: (e[i-1], e[i]] */
		if (i < ne)
			snprintf(t, sizeof(t), "<=%.4g", edges[i]);
		else
			snprintf(t, sizeof(t), ">%.4g", ne > 0 ? edges[ne - 1] :
			    0.0);
		bin(r->bins, t, strlen(t), ca[i], cb[i]);
	}
}

static int
known(const struct weir_profile_value *va, size_t na,
    const struct weir_profile_value *v)
{
	size_t i;

	for (i = 0; i < na; i++)
		if (va[i].len == v->len && memcmp(va[i].s, v->s, v->len) == 0)
			return 1;
	return 0;
}

static void
categorical(struct weir_profile *ref, size_t ri, struct weir_profile *cur,
    size_t ci, struct result *r)
{
	struct weir_profile_value *va, *vb;
	struct weir_drift_chi2 c;
	double *ca, *cb;
	size_t na, nb, i, j, k;
	int ea, eb;

	na = weir_profile_values(ref, ri, &va, &ea);
	nb = weir_profile_values(cur, ci, &vb, &eb);
	/* the categories of both, then what the summaries left out */
	ca = weir_xcalloc(na + nb + 1, sizeof(*ca));
	cb = weir_xcalloc(na + nb + 1, sizeof(*cb));
	for (i = 0; i < na; i++)
		ca[i] = (double)va[i].count;
	k = na;
	for (j = 0; j < nb; j++) {
		for (i = 0; i < na && !(va[i].len == vb[j].len &&
		    memcmp(va[i].s, vb[j].s, va[i].len) == 0); i++)
			;
		if (i < na)
			cb[i] = (double)vb[j].count;
		else {
			cb[k++] = (double)vb[j].count;
			r->new_categories += ea;
		}
	}
	ca[k] = (double)weir_profile_column(ref, ri)->count;
	cb[k] = (double)weir_profile_column(cur, ci)->count;
	for (i = 0; i < k; i++) {
		ca[k] -= ca[i];
		cb[k] -= cb[i];
	}
	k += ca[k] > 0.5 || cb[k] > 0.5;	/* "other" when there is one */
	r->kind = "categorical";
	r->psi = weir_drift_psi(ca, cb, k);
	weir_drift_chi2(ca, cb, k, &c);
	r->chi2 = c.stat;
	r->chi2_p = c.p;
	r->js = weir_drift_js(ca, cb, k);
	r->ks = r->ks_p = r->wasserstein = NAN;
	r->bins = bins_json();
	for (i = 0; i < na; i++)
		bin(r->bins, va[i].s, va[i].len, ca[i], cb[i]);
	/* the new ones, in the order they were given places */
	for (j = 0, i = na; j < nb; j++)
		if (!known(va, na, &vb[j])) {
			bin(r->bins, vb[j].s, vb[j].len, ca[i], cb[i]);
			i++;
		}
	if (k > i)	/* what the summaries left out */
		bin(r->bins, "(other)", 7, ca[i], cb[i]);
	free(ca);
	free(cb);
}

static void
judge(const struct opts *o, struct result *r)
{
	double v[NTHRESH];
	size_t i;

	v[T_PSI] = r->psi;
	v[T_KS] = r->ks;
	v[T_JS] = r->js;
	v[T_MISSING] = fabs(r->missing_cur - r->missing_ref);
	for (i = 0; i < NTHRESH; i++)
		if (!isnan(v[i]) && v[i] > o->limit[i]) {
			r->drifted = 1;
			snprintf(r->why + strlen(r->why), sizeof(r->why) -
			    strlen(r->why), "%s%s %.3g > %g", *r->why ? ", " :
			    "", tname[i], v[i], o->limit[i]);
		}
}

/* Six significant digits in the table: the JSON output has them all. */
static int
write_table(const struct opts *o, const struct result *res, size_t n,
    struct weir_err *e)
{
	static const char *const cols[] = { "column", "kind", "drift", "psi",
	    "ks", "ks_p", "wasserstein", "chi2", "chi2_p", "js",
	    "missing_ref", "missing_cur", "new_categories", "why" };
	struct audit_table t;
	size_t i;
	int rv = -1;

	if (audit_table_open(&t, &o->cli, WEIR_F_TABLE, cols, sizeof(cols) /
	    sizeof(cols[0]), e) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		const struct result *r = &res[i];

		audit_table_str(&t, r->column, strlen(r->column));
		audit_table_str(&t, r->kind, strlen(r->kind));
		audit_table_str(&t, r->drifted ? "yes" : "no", r->drifted ?
		    3 : 2);
		audit_table_num(&t, r->psi, 6);
		audit_table_num(&t, r->ks, 6);
		audit_table_num(&t, r->ks_p, 6);
		audit_table_num(&t, r->wasserstein, 6);
		audit_table_num(&t, r->chi2, 6);
		audit_table_num(&t, r->chi2_p, 6);
		audit_table_num(&t, r->js, 6);
		audit_table_num(&t, r->missing_ref, 6);
		audit_table_num(&t, r->missing_cur, 6);
		audit_table_num(&t, (double)r->new_categories, 6);
		audit_table_str(&t, r->why, strlen(r->why));
		if (audit_table_put(&t, e) == -1)
			goto out;
	}
	rv = audit_table_finish(&t, e);
out:
	audit_table_close(&t);
	return rv;
}

static json_t *
jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static int
write_json(const char *path, const struct result *res, size_t n,
    const struct opts *o, struct weir_err *e)
{
	json_t *j = json_object(), *cols = json_array(), *t = json_object(), *c;
	size_t i, drifted = 0;
	int rv;

	for (i = 0; i < NTHRESH; i++)
		json_object_set_new(t, tname[i], json_real(o->limit[i]));
	for (i = 0; i < n; i++) {
		const struct result *r = &res[i];

		drifted += r->drifted;
		c = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, "
		    "s:o, s:o, s:o, s:I, s:s}", "column", r->column, "kind",
		    r->kind, "drift", r->drifted, "psi", jnum(r->psi), "ks",
		    jnum(r->ks), "ks_p", jnum(r->ks_p), "wasserstein",
		    jnum(r->wasserstein), "chi2", jnum(r->chi2), "chi2_p",
		    jnum(r->chi2_p), "js", jnum(r->js), "missing_ref",
		    jnum(r->missing_ref), "missing_cur", jnum(r->missing_cur),
		    "new_categories", (json_int_t)r->new_categories, "why",
		    r->why);
		if (r->bins != NULL)
			json_object_set(c, "bins", r->bins);
		json_array_append_new(cols, c);
	}
	json_object_set_new(j, "format", json_string("weir-drift"));
	json_object_set_new(j, "version", json_integer(1));
	json_object_set_new(j, "thresholds", t);
	json_object_set_new(j, "drifted", json_integer((json_int_t)drifted));
	json_object_set_new(j, "columns", cols);
	rv = weir_json_save(j, path, e);
	json_decref(j);
	return rv;
}

static int
drift(struct opts *o, const char *path, struct weir_err *e)
{
	struct weir_profile *ref = NULL, *cur = NULL;
	const struct weir_colsum *sr, *sc;
	struct result *res = NULL;
	size_t i, n = 0, drifted = 0;
	uint64_t rn, cn;
	long ri;
	int rv = -1;

	if ((ref = reference(o, e)) == NULL || (cur = read_data(o, path,
	    e)) == NULL)
		goto out;
	rn = weir_profile_records(ref);
	cn = weir_profile_records(cur);
	res = weir_xcalloc(weir_profile_columns(cur) + 1, sizeof(*res));
	for (i = 0; i < weir_profile_columns(cur); i++) {
		struct result *r = &res[n];

		sc = weir_profile_column(cur, i);
		r->column = sc->name;
		if ((ri = find(ref, sc->name)) < 0) {
			if (!weir_quiet)
				weir_warn("column '%s' is not in the reference",
				    sc->name);
			continue;
		}
		sr = weir_profile_column(ref, (size_t)ri);
		r->missing_ref = rn ? (double)sr->missing / (double)rn : 0;
		r->missing_cur = cn ? (double)sc->missing / (double)cn : 0;
		if (sr->numeric && sc->numeric)
			numeric(ref, (size_t)ri, cur, i, r);
		else
			categorical(ref, (size_t)ri, cur, i, r);
		judge(o, r);
		drifted += r->drifted;
		n++;
	}
	for (i = 0; i < weir_profile_columns(ref); i++)
		if (find(cur, weir_profile_column(ref, i)->name) < 0 &&
		    !weir_quiet)
			weir_warn("column '%s' of the reference is not in the "
			    "data", weir_profile_column(ref, i)->name);
	if (o->cli.to == WEIR_F_JSON)
		rv = write_json(o->cli.output, res, n, o, e);
	else
		rv = write_table(o, res, n, e);
	if (rv == 0 && o->json != NULL)
		rv = write_json(o->json, res, n, o, e);
	if (rv == 0) {
		weir_lineage_count("columns_drifted", (double)drifted);
		rv = drifted > 0;
		if (drifted > 0 && !weir_quiet)
			weir_note("%zu of %zu columns drifted", drifted, n);
	}
out:
	for (i = 0; res != NULL && i < n; i++)
		json_decref(res[i].bins);
	free(res);
	weir_profile_free(ref);
	weir_profile_free(cur);
	return rv;
}

void
audit_drift(int argc, char *argv[])
{
	static const struct option longopts[] = {
		WEIR_CLI_LONGOPTS,
		{ "reference",	required_argument,	NULL,	OPT_REFERENCE },
		{ "threshold",	required_argument,	NULL,	OPT_THRESHOLD },
		{ "json",	required_argument,	NULL,	OPT_JSON },
		{ "no-header",	no_argument,		NULL,	OPT_NO_HEADER },
		{ NULL,		0,			NULL,	0 }
	};
	struct opts o = { WEIR_CLI_INIT, NULL, NULL, { 0.2, 0.1, 0.1, 0.05 },
	    0 };
	struct weir_err e;
	int ch, rv;

	argv[0] = (char *)weir_prog();
	while ((ch = getopt_long(argc, argv, WEIR_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_REFERENCE: o.reference = optarg; break;
		case OPT_JSON: o.json = optarg; break;
		case OPT_NO_HEADER: o.no_header = 1; break;
		case OPT_THRESHOLD:
			if (thresholds(&o, optarg) == -1)
				usage(EX_USAGE);
			break;
		default:
			if (weir_cli_option(&o.cli, ch, optarg) == -1)
				usage(EX_USAGE);
		}
	}
	if (o.cli.help)
		usage(0);
	if (o.reference == NULL) {
		weir_note("--reference is needed (a profile or data)");
		usage(EX_USAGE);
	}
	if (argc - optind > 1) {
		weir_note("one input");
		usage(EX_USAGE);
	}
	if (o.cli.to == WEIR_F_AUTO)
		o.cli.to = WEIR_F_TABLE;
	rv = drift(&o, optind < argc ? argv[optind] : "-", &e);
	if (rv == -1)
		weir_die_err(&e);
	weir_exit_flush(rv);
}
