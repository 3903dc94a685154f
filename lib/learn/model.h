/*
 * model.h - a trained model: its preprocessing, its parameters, and the
 * self-contained JSON file that weir-train writes and weir-predict reads
 * (weir-formats(5), "Model file").
 *
 * A struct weir_model owns everything it points to; weir_model_release()
 * frees it (NULL-safe parts, so a half-read model can be released).
 *
 * Training: weir_model_init() sets type, task, target and classes (copies)
 * from the training table, then weir_model_train() learns the
 * preprocessing from the training rows of the table, builds the float32
 * matrix of those rows and of the rows to evaluate, fits, and gives the
 * predictions for both.  weir_model_opts_init() gives the options their
 * defaults; validate.h holds out rows and cross-validates.  Predictions are
 * what weir_model_predict() gives for a row: nout() numbers, the class
 * probabilities for classification (two for a binary problem), the value
 * for regression.
 */
#ifndef WEIR_MODEL_H
#define WEIR_MODEL_H

#include <stddef.h>

#include <jansson.h>

#include "err.h"
#include "gbdt.h"
#include "linear.h"
#include "prep.h"

#define WEIR_MODEL_FORMAT	"weir-model"
#define WEIR_MODEL_VERSION	1

enum weir_model_type {
	WEIR_MODEL_LINEAR,
	WEIR_MODEL_LOGISTIC,
	WEIR_MODEL_GBDT
};

struct weir_model {
	int			 type;		/* enum weir_model_type */
	int			 task;		/* enum weir_task */
	char			*target;
	char			**classes;	/* classification */
	size_t			 nclass;
	struct weir_prep	 prep;
	struct weir_linear	 lin;
	struct weir_gbdt	*gbdt;
	json_t			*metrics;	/* as read, or set by the caller */
	json_t			*training;
};

struct weir_model_opts {
	struct weir_prep_opts		prep;
	struct weir_linear_params	lin;
	struct weir_gbdt_params		gbdt;
	int				balanced;	/* class weights */
	double				valid_fraction;	/* gbdt early stopping */
	unsigned long long		seed;
};

/*
 * The defaults (weir-train(1)): prep min_count 1, max_levels 100, mean
 * imputation; lin l2 1, l1 0, tol 1e-6, max_iter 1000; gbdt ntrees 100,
 * learning_rate 0.1, max_depth 6, max_leaves 0 (depth-wise), min_leaf 20,
 * l2 1, row and col subsample 1, early_stop 0 (off), gbdt.seed 1; threads
 * 0 (every CPU); no class weights; valid_fraction 0.1; seed 1.  prep.center
 * and prep.keep_missing suit a model type: the caller sets them.
 */
void		 weir_model_opts_init(struct weir_model_opts *o);

const char	*weir_model_type_name(int type);
int		 weir_model_type_parse(const char *name);	/* -1: unknown */
const char	*weir_model_task_name(int task);
size_t		 weir_model_nout(const struct weir_model *);
/* Shuffle v[0..n) with a PRNG seeded by seed: the same on every machine. */
void		 weir_model_shuffle(size_t *v, size_t n,
		    unsigned long long seed);

/*
 * Start m (all of it: a struct weir_model need not be set before) as a
 * model of type for the target of t: the task by the target (regression
 * for numbers, else binary or multiclass by the number of classes), type
 * -1 meaning linear for regression and logistic for classes, the target and
 * classes copied.  A type that cannot do the task fails with EX_USAGE; m
 * can be released either way.
 */
int	weir_model_init(struct weir_model *m, const struct weir_table *t,
	    int type, struct weir_err *e);
/*
 * Fit m on rows train[0..ntrain) of t and predict those rows and
 * test[0..ntest): trainout gets ntrain * nout numbers (may be NULL),
 * testout ntest * nout.  prep opts suited to the model type are the
 * caller's choice.
 */
int	weir_model_train(struct weir_model *m, const struct weir_table *t,
	    const size_t *train, size_t ntrain, const size_t *test,
	    size_t ntest, const struct weir_model_opts *o, double *trainout,
	    double *testout, struct weir_err *e);
/*
 * A fitted model is usable: every parameter (centers, scales, weights,
 * intercepts, the trees' values) is a finite number.  Else -1 with
 * EX_DATAERR and why, naming the feature where there is one.
 * weir_model_train() checks this, and that its predictions for the rows
 * it was given are finite numbers; weir_model_write() checks it again, as
 * JSON cannot hold what is not.  A gbdt regression target beyond the
 * float32 range of the trees' values is EX_DATAERR too.
 */
int	weir_model_check_fit(const struct weir_model *m, struct weir_err *e);
/* Outputs for one row of prep.width floats. */
void	weir_model_predict(const struct weir_model *m, const float *row,
	    double *out);

/* The whole model as JSON; a new reference. */
json_t	*weir_model_to_json(const struct weir_model *m);
/* Write it to path ("-": standard output), atomically. */
int	weir_model_write(const struct weir_model *m, const char *path, int gzip,
	    struct weir_err *e);
/* Read and check a model file; messages start with the path. */
int	weir_model_read(struct weir_model *m, const char *path,
	    struct weir_err *e);
void	weir_model_release(struct weir_model *m);

#endif
