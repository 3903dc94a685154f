/*
 * dedup.h - one record per key, in the order the keys first appeared, in
 * bounded memory (weir-clean --dedup, --dedup-by).
 *
 * Keeping the first record of each key streams: while the keys seen fit
 * in `memory`, weir_dedup_put() says at once whether a record is new, so
 * it can be written before the input ends.  When they no longer fit, the
 * keys are handed to an external sort as markers and everything after
 * goes there too: the sort groups each key's records (markers first, as
 * they are older), a group with a marker was written already, any other
 * group gives its first record, and a second sort on input position puts
 * those back in order after what was written.  Keeping the last record
 * of each key cannot stream: every record goes through the sort, and the
 * last of each group goes out at its group's first position.  Either way
 * the result is exact whatever the input size; memory stays within
 * `memory` plus the sorts' read buffers.
 *
 * Keys are bytes compared exactly (build them with sortkey.h to fold case
 * or mix columns).  A record handed out lives until the next call.
 */
#ifndef WEIR_DEDUP_H
#define WEIR_DEDUP_H

#include <stddef.h>

#include "err.h"
#include "rec.h"

struct weir_dedup;

struct weir_dedup	*weir_dedup_new(size_t memory, int keep_last);
/*
 * 1: rec is the first of its key and may go out now; 0: it is held (or
 * was a duplicate); -1 on an error.
 */
int			 weir_dedup_put(struct weir_dedup *, const void *key,
			    size_t keylen, const struct weir_rec *,
			    struct weir_err *);
/* No more puts; then weir_dedup_next() gives the held records in order. */
int			 weir_dedup_finish(struct weir_dedup *,
			    struct weir_err *);
int			 weir_dedup_next(struct weir_dedup *,
			    const struct weir_rec **, struct weir_err *);
/* Records dropped as duplicates (final after the last next). */
unsigned long		 weir_dedup_removed(const struct weir_dedup *);
/* 1 when the keys did not fit and the sort took over. */
int			 weir_dedup_spilled(const struct weir_dedup *);
void			 weir_dedup_free(struct weir_dedup *);

#endif
