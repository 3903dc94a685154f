/*
 * score.h - a model applied to a record stream (weir-predict).
 *
 * The output header is the input's columns (all of them, or with only the
 * --keep ones), then the prediction, for classes "probability" (of the
 * class predicted) and with probs one p_CLASS column per class.  Columns
 * that appear later in a JSON input go after the predictions.  A
 * prediction name that clashes with an input column is EX_DATAERR.
 *
 * weir_scorer_apply() has the shape of a source transform (source.h): it
 * returns 0 with the scored record, WEIR_BAD with *bad filled when a
 * feature cannot be read (a non-number in a numeric column), -1 on error.
 *
 * The scorer borrows the model, which must outlive it; it owns the output
 * header and the record it returns, valid until the next apply.
 */
#ifndef WEIR_SCORE_H
#define WEIR_SCORE_H

#include "badrows.h"
#include "err.h"
#include "model.h"
#include "rec.h"

struct weir_score_opts {
	const char	*name;		/* the prediction column */
	const char	*keep;		/* with only: input columns to keep */
	int		 only;		/* no input columns but keep's */
	int		 probs;		/* p_CLASS columns */
	int		 lenient;	/* a non-number is a missing value */
};

struct weir_scorer;

/*
 * complete: the input header holds every column it will have, so a
 * feature the model needs and the input lacks is an error now ("SRC: no
 * column 'x', which the model needs").
 */
struct weir_scorer	*weir_scorer_new(const struct weir_model *,
			    const struct weir_score_opts *,
			    const struct weir_header *in, int complete,
			    const char *src, struct weir_err *);
const struct weir_header *weir_scorer_header(const struct weir_scorer *);
int			 weir_scorer_apply(void *scorer,
			    const struct weir_header *h,
			    const struct weir_rec *in,
			    const struct weir_rec **out,
			    const struct weir_badrec **bad, struct weir_err *);
void			 weir_scorer_free(struct weir_scorer *);

#endif
