#include "cols.h"
#include "progress.h"
#include "record.h"
#include "sha256.h"
#include "stream.h"

static void
set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, v != NULL ? json_string(v) : json_null());
}

static void
set_int(json_t *o, const char *k, json_int_t v)
{
	json_object_set_new(o, k, json_integer(v));
}

static void
set_real(json_t *o, const char *k, double v)
{
	json_object_set_new(o, k, json_real(v));
}

/* The options that apply to m, in the order of weir-formats(5). */
static json_t *
options_json(const struct weir_record *r, const struct weir_model *m)
{
	const struct weir_model_opts *o = r->opts;
	const struct weir_gbdt_params *g = &o->gbdt;
	json_t *j = json_object();

	set_str(j, "model", weir_model_type_name(m->type));
	set_str(j, "task", r->task);
	set_str(j, "features", r->table->features);
	set_str(j, "ignore", r->table->ignore);
	set_str(j, "numeric", r->table->numeric);
	set_str(j, "categorical", r->table->categorical);
	set_str(j, "impute", o->prep.median ? "median" : "mean");
	set_int(j, "min_count", o->prep.min_count);
	set_int(j, "max_levels", o->prep.max_levels);
	if (m->type == WEIR_MODEL_GBDT) {
		set_int(j, "trees", g->ntrees);
		set_real(j, "learning_rate", g->learning_rate);
		set_int(j, "max_depth", g->max_depth);
		set_int(j, "max_leaves", g->max_leaves);
		set_int(j, "min_leaf", g->min_leaf);
		set_real(j, "l2", g->l2);
		set_real(j, "subsample", g->row_subsample);
		set_real(j, "colsample", g->col_subsample);
		set_int(j, "early_stop", g->early_stop);
	} else {
		set_real(j, "l2", o->lin.l2);
		if (m->type == WEIR_MODEL_LOGISTIC) {
			set_real(j, "l1", o->lin.l1);
			set_real(j, "tol", o->lin.tol);
			set_int(j, "max_iter", o->lin.max_iter);
		}
	}
	if (m->task != WEIR_TASK_REGRESS)
		set_str(j, "class_weight", o->balanced ? "balanced" : NULL);
	set_real(j, "holdout", r->holdout);
	set_int(j, "cv", r->cv);
	set_int(j, "seed", (json_int_t)o->seed);
	return j;
}

json_t *
weir_record_json(const struct weir_record *r, const struct weir_model *m)
{
	json_t *j = json_object(), *ins = json_array();
	size_t i;

	for (i = 0; i < r->nin; i++) {
		json_t *o = json_object();

		set_str(o, "sha256", r->in[i].sha256);
		set_int(o, "bytes", (json_int_t)r->in[i].bytes);
		set_int(o, "records", (json_int_t)r->in[i].records);
		json_array_append_new(ins, o);
	}
	json_object_set_new(j, "inputs", ins);
	set_int(j, "rows", (json_int_t)r->rows);
	set_int(j, "bad_records", (json_int_t)r->bad);
	set_int(j, "rows_trained", (json_int_t)r->ntrain);
	set_int(j, "rows_holdout", (json_int_t)r->ntest);
	if (m->type == WEIR_MODEL_GBDT)
		set_int(j, "trees_used", weir_gbdt_trees_used(m->gbdt));
	json_object_set_new(j, "options", options_json(r, m));
	return j;
}

int
weir_table_read(struct weir_table *t, const struct weir_cli *cli, char *const *paths,
    int n, struct weir_bad *bad, struct weir_record_input *in,
    unsigned long *reader_bad, struct weir_err *e)
{
	struct weir_ropts ro = { 0 };
	struct weir_progress prog;
	struct weir_remap x;
	const struct weir_rec *rec;
	struct weir_reader *r;
	unsigned char d[32];
	int i, rv = -1;

	weir_remap_init(&x);
	ro.fmt = cli->from;
	ro.delim = cli->delim;
	ro.flatten = 1;
	ro.hash = 1;
	weir_progress_init(&prog, cli->progress);
	for (i = 0; i < n; i++) {
		if ((r = weir_reader_open(paths[i], &ro, e)) == NULL)
			goto out;
		weir_remap_restart(&x);
		while ((rv = weir_reader_next(r, &rec, e)) != 0) {
			if (rv == WEIR_BAD) {
				(*reader_bad)++;
				if (weir_bad_put(bad, weir_reader_bad(r), e) == -1)
					break;
				continue;
			}
			if (rv == -1)
				break;
			weir_progress_tick(&prog, weir_reader_in(r)->raw_bytes);
			rec = weir_remap_apply(&x, weir_reader_header(r), rec);
			if ((rv = weir_table_put(t, &x.to, rec, e)) == -1)
				break;
		}
		if (rv == 0) {
			/* The union header must cover a header with no records. */
			weir_remap_sync(&x, weir_reader_header(r));
			weir_in_sha256(weir_reader_in(r), d);
			weir_sha256_tohex(d, in[i].sha256);
			in[i].bytes = weir_reader_in(r)->raw_bytes;
			in[i].records = weir_reader_records(r);
		}
		weir_reader_free(r);
		if (rv != 0) {
			rv = -1;
			goto out;
		}
	}
	rv = weir_table_finish(t, &x.to, e);
out:
	weir_progress_done(&prog);
	weir_remap_release(&x);
	return rv;
}
