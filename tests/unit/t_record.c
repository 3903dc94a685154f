/* t_record.c - the "training" object of a model file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "learn/gbdt.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "learn/record.h"
#include "t.h"

static char *
dump(const struct weir_record *r, const struct weir_model *m)
{
	json_t *j = weir_record_json(r, m);
	char *s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);

	json_decref(j);
	return s;
}

static void
record(void)
{
	static const struct weir_record_input in[2] = {
		{ "ab12", 170, 10 }, { "cd34", 5, 0 }
	};
	struct weir_table_opts to;
	struct weir_model_opts o;
	struct weir_record r;
	struct weir_model m;
	char *s;

	memset(&to, 0, sizeof(to));
	memset(&m, 0, sizeof(m));
	weir_model_opts_init(&o);
	to.target = "y";
	to.ignore = "id";
	memset(&r, 0, sizeof(r));
	r.in = in;
	r.nin = 2;
	r.rows = 10;
	r.bad = 1;
	r.ntrain = 8;
	r.ntest = 2;
	r.table = &to;
	r.opts = &o;
	r.holdout = 0.25;

	/* regression: no class weight; null for what was not given */
	m.type = WEIR_MODEL_LINEAR;
	m.task = WEIR_TASK_REGRESS;
	s = dump(&r, &m);
	CHECK_STR(s, "{\"inputs\":[{\"sha256\":\"ab12\",\"bytes\":170,"
	    "\"records\":10},{\"sha256\":\"cd34\",\"bytes\":5,\"records\":0}],"
	    "\"rows\":10,\"bad_records\":1,\"rows_trained\":8,"
	    "\"rows_holdout\":2,\"options\":{\"model\":\"linear\","
	    "\"task\":null,\"features\":null,\"ignore\":\"id\","
	    "\"numeric\":null,\"categorical\":null,\"impute\":\"mean\","
	    "\"min_count\":1,\"max_levels\":100,\"l2\":1.0,\"holdout\":0.25,"
	    "\"cv\":0,\"seed\":1}}");
	free(s);

	/* logistic: its solver's options and the class weight */
	m.type = WEIR_MODEL_LOGISTIC;
	m.task = WEIR_TASK_BINARY;
	r.nin = 0;
	r.task = "classify";
	r.cv = 5;
	o.balanced = 1;
	o.prep.median = 1;
	s = dump(&r, &m);
	CHECK_STR(s, "{\"inputs\":[],\"rows\":10,\"bad_records\":1,"
	    "\"rows_trained\":8,\"rows_holdout\":2,\"options\":{"
	    "\"model\":\"logistic\",\"task\":\"classify\",\"features\":null,"
	    "\"ignore\":\"id\",\"numeric\":null,\"categorical\":null,"
	    "\"impute\":\"median\",\"min_count\":1,\"max_levels\":100,"
	    "\"l2\":1.0,\"l1\":0.0,\"tol\":9.9999999999999995e-7,"
	    "\"max_iter\":1000,\"class_weight\":\"balanced\",\"holdout\":0.25,"
	    "\"cv\":5,\"seed\":1}}");
	free(s);
}

/* gbdt: the trees' options and the rounds kept. */
static void
record_gbdt(void)
{
	static const float x[6] = { 1, 2, 3, 4, 5, 6 };
	static const double y[6] = { 0, 0, 0, 1, 1, 1 };
	struct weir_table_opts to;
	struct weir_model_opts o;
	struct weir_gbdt_params p;
	struct weir_record r;
	struct weir_model m;
	struct weir_err e;
	char *s;

	memset(&to, 0, sizeof(to));
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	weir_model_opts_init(&o);
	o.balanced = 0;
	p = o.gbdt;
	p.task = WEIR_TASK_BINARY;
	p.nclass = 1;
	p.ntrees = 3;
	p.min_leaf = 1;
	m.type = WEIR_MODEL_GBDT;
	m.task = WEIR_TASK_BINARY;
	m.gbdt = weir_gbdt_train(x, 6, 1, y, NULL, NULL, &p, &e);
	CHECK(m.gbdt != NULL);
	r.table = &to;
	r.opts = &o;
	s = dump(&r, &m);
	CHECK_STR(s, "{\"inputs\":[],\"rows\":0,\"bad_records\":0,"
	    "\"rows_trained\":0,\"rows_holdout\":0,\"trees_used\":3,"
	    "\"options\":{\"model\":\"gbdt\",\"task\":null,\"features\":null,"
	    "\"ignore\":null,\"numeric\":null,\"categorical\":null,"
	    "\"impute\":\"mean\",\"min_count\":1,\"max_levels\":100,"
	    "\"trees\":100,\"learning_rate\":0.10000000000000001,"
	    "\"max_depth\":6,\"max_leaves\":0,\"min_leaf\":20,\"l2\":1.0,"
	    "\"subsample\":1.0,\"colsample\":1.0,\"early_stop\":0,"
	    "\"class_weight\":null,\"holdout\":0.0,\"cv\":0,\"seed\":1}}");
	free(s);
	weir_gbdt_free(m.gbdt);
}

int
main(void)
{
	record();
	record_gbdt();
	return T_DONE();
}
