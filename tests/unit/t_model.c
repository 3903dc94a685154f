/* t_model.c - train, write, read back: the same predictions; bad files. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "learn/model.h"
#include "learn/prep.h"
#include "t.h"

static struct weir_err err;
static struct weir_header hdr;
static struct weir_rec rec;
static char dir[] = "/tmp/weir-t-model.XXXXXX";
static char path[256];

static uint64_t rng = 3;

static double
unif(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* n rows of x1, x2 (numbers, some missing), c (a..d), y (by task). */
static struct weir_table *
data(size_t n, int task)
{
	static const char *const names[] = { "x1", "x2", "c", "y" };
	struct weir_table_opts o;
	struct weir_table *t;
	char v[4][32];
	size_t i, k;

	weir_header_release(&hdr);
	weir_header_init(&hdr);
	for (k = 0; k < 4; k++)
		weir_header_add(&hdr, names[k], strlen(names[k]));
	memset(&o, 0, sizeof(o));
	o.target = "y";
	o.classify = task == WEIR_TASK_REGRESS ? 0 : 1;
	t = weir_table_new(&o);
	for (i = 0; i < n; i++) {
		double a = unif() * 4 - 2, b = unif() * 10, s;
		int c = (int)(unif() * 4);

		s = a + 0.2 * b + (c == 2 ? 1 : 0) - 1 + (unif() - 0.5);
		snprintf(v[0], 32, "%.3f", a);
		if (unif() < 0.05)
			v[1][0] = '\0';
		else
			snprintf(v[1], 32, "%.2f", b);
		snprintf(v[2], 32, "%c", "abcd"[c]);
		if (task == WEIR_TASK_REGRESS)
			snprintf(v[3], 32, "%.4f", s);
		else if (task == WEIR_TASK_BINARY)
			snprintf(v[3], 32, "%s", s > 0 ? "yes" : "no");
		else
			snprintf(v[3], 32, "%s", s < -0.5 ? "lo" : s < 0.8 ?
			    "mid" : "hi");
		rec.n = 0;
		for (k = 0; k < 4; k++)
			weir_rec_push(&rec, v[k], strlen(v[k]), k, WEIR_TEXT);
		rec.src = "gen";
		rec.line = i + 2;
		if (weir_table_put(t, &hdr, &rec, &err) != 0)
			CHECK(!"put");
	}
	CHECK(weir_table_finish(t, &hdr, &err) == 0);
	return t;
}

static void
setup(struct weir_model *m, const struct weir_table *t, int type)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->type = type;
	m->task = !t->classify ? WEIR_TASK_REGRESS : t->nclass == 2 ?
	    WEIR_TASK_BINARY : WEIR_TASK_MULTI;
	m->target = weir_xstrdup(t->target);
	m->nclass = t->nclass;
	m->classes = weir_xcalloc(t->nclass + 1, sizeof(*m->classes));
	for (i = 0; i < t->nclass; i++)
		m->classes[i] = weir_xstrdup(t->classes[i]);
}

static void
opts(struct weir_model_opts *o, int type, int threads)
{
	memset(o, 0, sizeof(*o));
	o->prep.min_count = 1;
	o->prep.center = type != WEIR_MODEL_GBDT;
	o->prep.keep_missing = type == WEIR_MODEL_GBDT;
	o->lin.l2 = 1;
	o->lin.tol = 1e-8;
	o->lin.max_iter = 1000;
	o->lin.threads = threads;
	o->gbdt.ntrees = 20;
	o->gbdt.max_depth = 3;
	o->gbdt.min_leaf = 5;
	o->gbdt.learning_rate = 0.3;
	o->gbdt.l2 = 1;
	o->gbdt.row_subsample = 1;
	o->gbdt.col_subsample = 1;
	o->gbdt.threads = threads;
	o->valid_fraction = 0.1;
	o->seed = 1;
}

static char *
dump(const struct weir_model *m)
{
	json_t *j = weir_model_to_json(m);
	char *s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);

	json_decref(j);
	return s;
}

/* Train on every row, write, read back, predict every row again. */
static void
roundtrip(int type, int task)
{
	struct weir_table *t = data(300, task);
	struct weir_model m, r;
	struct weir_model_opts o;
	size_t n = t->nrows, *rows = weir_xcalloc(n, sizeof(*rows)), i, nout;
	double *out, *again;
	float *x;
	char *s1, *s2;

	for (i = 0; i < n; i++)
		rows[i] = i;
	setup(&m, t, type);
	opts(&o, type, 1);
	nout = weir_model_nout(&m);
	out = weir_xcalloc(n * nout, sizeof(*out));
	again = weir_xcalloc(n * nout, sizeof(*again));
	CHECK(weir_model_train(&m, t, rows, n, NULL, 0, &o, out, NULL,
	    &err) == 0);
	snprintf(path, sizeof(path), "%s/m.json", dir);
	CHECK(weir_model_write(&m, path, 0, &err) == 0);
	CHECK(weir_model_read(&r, path, &err) == 0);
	CHECK(r.type == type && r.task == m.task && r.nclass == m.nclass);
	CHECK(r.prep.width == m.prep.width);
	x = weir_xcalloc(n * m.prep.width, sizeof(*x));
	weir_prep_matrix(&r.prep, t, rows, n, x);
	for (i = 0; i < n; i++)
		weir_model_predict(&r, x + i * r.prep.width, again + i * nout);
	CHECK(memcmp(out, again, n * nout * sizeof(*out)) == 0);
	for (i = 0; task != WEIR_TASK_REGRESS && i < nout; i++)
		CHECK(out[i] >= 0 && out[i] <= 1);
	s1 = dump(&m);
	s2 = dump(&r);
	CHECK_STR(s1, s2);
	free(s1);
	free(s2);

	/* other threads: the same model */
	weir_model_release(&r);
	setup(&r, t, type);
	opts(&o, type, 3);
	CHECK(weir_model_train(&r, t, rows, n, NULL, 0, &o, NULL, NULL,
	    &err) == 0);
	s1 = dump(&m);
	s2 = dump(&r);
	CHECK_STR(s1, s2);
	free(s1);
	free(s2);

	weir_model_release(&m);
	weir_model_release(&r);
	weir_table_free(t);
	free(rows);
	free(out);
	free(again);
	free(x);
}

/* Held-out rows are predicted from the matrix of the training rows' prep. */
static void
holdout(void)
{
	struct weir_table *t = data(200, WEIR_TASK_BINARY);
	struct weir_model m;
	struct weir_model_opts o;
	size_t tr[150], ts[50], i;
	double out[100], good = 0;

	for (i = 0; i < 150; i++)
		tr[i] = i;
	for (i = 0; i < 50; i++)
		ts[i] = 150 + i;
	setup(&m, t, WEIR_MODEL_LOGISTIC);
	opts(&o, WEIR_MODEL_LOGISTIC, 1);
	o.balanced = 1;
	CHECK(weir_model_train(&m, t, tr, 150, ts, 50, &o, NULL, out,
	    &err) == 0);
	for (i = 0; i < 50; i++)
		good += (out[2 * i + 1] > 0.5) == (t->y[ts[i]] == 1);
	CHECK(good >= 40);
	CHECK(fabs(out[0] + out[1] - 1) < 1e-12);
	weir_model_release(&m);
	weir_table_free(t);
}

static void
shuffle(void)
{
	size_t a[10], b[10], i;
	int moved = 0;

	for (i = 0; i < 10; i++)
		a[i] = b[i] = i;
	weir_model_shuffle(a, 10, 5);
	weir_model_shuffle(b, 10, 5);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	for (i = 0; i < 10; i++)
		moved += a[i] != i;
	CHECK(moved > 0);
	weir_model_shuffle(b, 10, 6);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
}

/* The defaults weir-train(1) documents. */
static void
defaults(void)
{
	struct weir_model_opts o;

	memset(&o, 0xff, sizeof(o));
	weir_model_opts_init(&o);
	CHECK(o.prep.median == 0 && o.prep.min_count == 1 &&
	    o.prep.max_levels == 100);
	CHECK(o.prep.center == 0 && o.prep.keep_missing == 0);
	CHECK(o.lin.l2 == 1 && o.lin.l1 == 0 && o.lin.tol == 1e-6 &&
	    o.lin.max_iter == 1000 && o.lin.threads == 0);
	CHECK(o.gbdt.ntrees == 100 && o.gbdt.max_depth == 6 &&
	    o.gbdt.max_leaves == 0 && o.gbdt.min_leaf == 20);
	CHECK(o.gbdt.learning_rate == 0.1 && o.gbdt.l2 == 1 &&
	    o.gbdt.row_subsample == 1 && o.gbdt.col_subsample == 1);
	CHECK(o.gbdt.early_stop == 0 && o.gbdt.threads == 0 &&
	    o.gbdt.seed == 1);
	CHECK(o.balanced == 0 && o.valid_fraction == 0.1 && o.seed == 1);
}

/* Type and task from the table; a type that cannot do the task. */
static void
init(void)
{
	struct weir_table *t;
	struct weir_model m;

	t = data(50, WEIR_TASK_REGRESS);
	CHECK(weir_model_init(&m, t, -1, &err) == 0);
	CHECK(m.type == WEIR_MODEL_LINEAR && m.task == WEIR_TASK_REGRESS);
	CHECK_STR(m.target, "y");
	CHECK(m.nclass == 0 && weir_model_nout(&m) == 1);
	weir_model_release(&m);
	CHECK(weir_model_init(&m, t, WEIR_MODEL_GBDT, &err) == 0);
	CHECK(m.type == WEIR_MODEL_GBDT);
	weir_model_release(&m);
	CHECK(weir_model_init(&m, t, WEIR_MODEL_LOGISTIC, &err) == -1);
	CHECK(err.code == EX_USAGE);
	CHECK_STR(err.msg, "target 'y' is a number: --model logistic is for "
	    "classes (use linear or gbdt, or --task classify)");
	weir_model_release(&m);
	weir_table_free(t);

	t = data(100, WEIR_TASK_MULTI);
	CHECK(weir_model_init(&m, t, -1, &err) == 0);
	CHECK(m.type == WEIR_MODEL_LOGISTIC && m.task == WEIR_TASK_MULTI);
	CHECK(m.nclass == 3 && weir_model_nout(&m) == 3);
	CHECK(m.classes[0] != t->classes[0]);	/* copies */
	CHECK_STR(m.classes[2], t->classes[2]);
	weir_model_release(&m);
	CHECK(weir_model_init(&m, t, WEIR_MODEL_LINEAR, &err) == -1);
	CHECK(err.code == EX_USAGE);
	CHECK_STR(err.msg, "target 'y' has classes: --model linear is for "
	    "numbers (use logistic or gbdt, or --task regress)");
	weir_model_release(&m);
	weir_table_free(t);

	t = data(50, WEIR_TASK_BINARY);
	CHECK(weir_model_init(&m, t, -1, &err) == 0);
	CHECK(m.task == WEIR_TASK_BINARY && weir_model_nout(&m) == 2);
	weir_model_release(&m);
	weir_table_free(t);
}

/* A file that holds text; returns its path. */
static const char *
file(const char *text)
{
	FILE *fp;

	snprintf(path, sizeof(path), "%s/bad.json", dir);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

static int
read_err(const char *text, const char *want)
{
	struct weir_model m;
	const char *p = file(text);
	char msg[600];

	if (weir_model_read(&m, p, &err) != -1) {
		weir_model_release(&m);
		return 0;
	}
	snprintf(msg, sizeof(msg), "%s: %s", p, want);
	if (want[0] != '\0' && strcmp(err.msg, msg) != 0) {
		fprintf(stderr, "got '%s', want '%s'\n", err.msg, msg);
		return 0;
	}
	return err.code == EX_DATAERR;
}

#define LIN	"\"format\":\"weir-model\",\"version\":1,\"model\":\"linear\"," \
		"\"task\":\"regression\",\"target\":\"y\",\"classes\":[]," \
		"\"features\":[{\"name\":\"x\",\"kind\":\"numeric\"," \
		"\"impute\":0,\"center\":0,\"scale\":1}]"

static void
bad_files(void)
{
	struct weir_model m;
	float row[1] = { 3 };
	double out[1];

	snprintf(path, sizeof(path), "%s/none.json", dir);
	CHECK(weir_model_read(&m, path, &err) == -1);
	CHECK(err.code == EX_NOINPUT);
	CHECK(read_err("", ""));
	CHECK(read_err("{\"format\": \"weir-model\",", ""));
	CHECK(read_err("[]", "not a weir model (no \"format\": \"weir-model\")"));
	CHECK(read_err("{\"format\":\"other\"}",
	    "not a weir model (no \"format\": \"weir-model\")"));
	CHECK(read_err("{\"format\":\"weir-model\",\"version\":2}",
	    "model format version 2 is newer than this program reads (1)"));
	CHECK(read_err("{\"format\":\"weir-model\",\"version\":1,"
	    "\"model\":\"svm\"}", "unknown \"model\""));
	CHECK(read_err("{" LIN ",\"width\":2,\"params\":{}}",
	    "\"width\" does not fit the features"));
	CHECK(read_err("{" LIN ",\"width\":1,\"params\":{\"intercept\":[1],"
	    "\"weights\":[[1,2]]}}", "params: weights do not fit the "
	    "features"));
	CHECK(read_err("{" LIN ",\"width\":1,\"params\":{\"intercept\":[1],"
	    "\"weights\":[[\"a\"]]}}", "params: a weight is not a number"));
	CHECK(read_err("{\"format\":\"weir-model\",\"version\":1,"
	    "\"model\":\"logistic\",\"task\":\"binary\",\"target\":\"y\","
	    "\"classes\":[\"a\"]}", "the classes do not fit the task"));
	CHECK(read_err("{\"format\":\"weir-model\",\"version\":1,"
	    "\"model\":\"gbdt\",\"task\":\"regression\",\"target\":\"y\","
	    "\"classes\":[],\"features\":[{\"name\":\"x\",\"kind\":\"numeric\","
	    "\"impute\":null,\"center\":0,\"scale\":1}],\"width\":1,"
	    "\"params\":{\"task\":\"nonsense\"}}", ""));
	/* a good one by hand: y = 2x + 1 */
	file("{" LIN ",\"width\":1,\"params\":{\"intercept\":[1],"
	    "\"weights\":[[2]]}}");
	CHECK(weir_model_read(&m, path, &err) == 0);
	weir_model_predict(&m, row, out);
	CHECK(out[0] == 7);
	CHECK(m.metrics == NULL && m.training == NULL);
	weir_model_release(&m);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	roundtrip(WEIR_MODEL_LINEAR, WEIR_TASK_REGRESS);
	roundtrip(WEIR_MODEL_LOGISTIC, WEIR_TASK_BINARY);
	roundtrip(WEIR_MODEL_LOGISTIC, WEIR_TASK_MULTI);
	roundtrip(WEIR_MODEL_GBDT, WEIR_TASK_REGRESS);
	roundtrip(WEIR_MODEL_GBDT, WEIR_TASK_BINARY);
	roundtrip(WEIR_MODEL_GBDT, WEIR_TASK_MULTI);
	holdout();
	shuffle();
	defaults();
	init();
	bad_files();
	snprintf(path, sizeof(path), "%s/m.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bad.json", dir);
	unlink(path);
	rmdir(dir);
	weir_header_release(&hdr);
	weir_rec_release(&rec);
	return T_DONE();
}
