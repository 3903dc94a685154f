/*
 * score.h - a model applied to a record stream (weir-predict).
 *
 * The output header is the input's columns (all of them, or with only the
 * --keep ones), then the prediction, for classes "probability" (of the
 * class predicted) and with probs one p_CLASS column per class.  Columns
 * that appear later in a JSON input go after the predictions.  A
 * prediction name that clashes with an input column is EX_DATAERR; a
 * --name that is the name of another prediction column ("probability",
 * p_CLASS) is EX_USAGE.
 *
 * weir_scorer_apply() has the shape of a source transform (source.h): it
 * returns 0 with the scored record, WEIR_BAD with *bad filled when a
 * feature cannot be read (a non-number in a numeric column, a number out
 * of the model's range: see prep.h) or the prediction is not a finite
 * number (a linear model's weights times the values overflow; named with
 * the feature that weighs most), -1 on error.  No prediction is ever
 * written empty or as NaN.
 *
 * Features are found by name.  With opts.flatten set (input read without
 * flattening, as for JSON output, where nested objects pass through), the
 * scorer flattens each record's nested objects with that separator to find
 * them, as weir-train's reader did: {"u": {"age": 1}} has "u.age".
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
	const char	*flatten;	/* non-NULL: nested objects' sep */
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
/*
 * The model's features that no scored record had, one a call (*i starts
 * at 0; NULL after the last, and at once when no record was scored, as
 * nothing was imputed then).  With h, those h lacks instead: for a header
 * known to be complete before the first record (a spilled input).  The
 * names live as long as the model.
 */
const char		*weir_scorer_absent(const struct weir_scorer *,
			    const struct weir_header *h, size_t *i);
void			 weir_scorer_free(struct weir_scorer *);

#endif
