/*
 * spill.h - keep records in an unlinked temporary file (in TMPDIR) for a
 * second pass: the union of NDJSON keys, the widths of an aligned table,
 * a stdin that must be read twice.  Memory stays bounded by one record.
 *
 * Records read back point into the spill's buffer and stay valid until
 * the next weir_spill_next().  Source names are kept by pointer: they
 * must outlive the spill.
 */
#ifndef WEIR_SPILL_H
#define WEIR_SPILL_H

#include "err.h"
#include "rec.h"

struct weir_spill;

struct weir_spill	*weir_spill_new(struct weir_err *);
int			 weir_spill_put(struct weir_spill *,
			    const struct weir_rec *, struct weir_err *);
int			 weir_spill_rewind(struct weir_spill *,
			    struct weir_err *);
/* 1 with a record, 0 at the end, -1 on error. */
int			 weir_spill_next(struct weir_spill *,
			    const struct weir_rec **, struct weir_err *);
unsigned long		 weir_spill_count(const struct weir_spill *);
/*
 * The buffer a spill writes and reads through (default 1 MiB); smaller
 * when many spills are open at once (a join's partitions).
 */
void			 weir_spill_bufsize(struct weir_spill *, size_t);
/* Empty the spill for new records (the file is truncated, kept open). */
int			 weir_spill_reset(struct weir_spill *,
			    struct weir_err *);
void			 weir_spill_free(struct weir_spill *);

#endif
