#include "record.h"

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
