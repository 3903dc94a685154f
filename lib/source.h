/*
 * source.h - the records a program works on: straight from a reader, or,
 * after weir_source_spill(), replayed from a temporary file once the
 * reader's header is whole (JSON input written to a flat format).  Bad
 * records go to the struct weir_bad policy on the way; progress ticks.
 *
 * The caller owns r and bad; weir_source_release() frees the spill only.
 * Records live as weir_reader_next() or weir_spill_next() say.
 */
#ifndef WEIR_SOURCE_H
#define WEIR_SOURCE_H

#include "badrows.h"
#include "progress.h"
#include "spill.h"
#include "stream.h"

struct weir_source {
	struct weir_reader	*r;
	struct weir_spill	*spill;
	struct weir_bad		*bad;
	struct weir_progress	 prog;
};

/* 1 with a record, 0 at the end, -1 on an error (bad records handled). */
int	weir_source_next(struct weir_source *, const struct weir_rec **,
	    struct weir_err *);
/* Read everything once into a spill, so the header is whole. */
int	weir_source_spill(struct weir_source *, struct weir_err *);
void	weir_source_release(struct weir_source *);

#endif
