/*
 * source.h - the records a filter works on: read from one input, bad ones
 * handed to the bad-row policy on the way, optionally transformed, with
 * progress ticking.
 *
 * When the output format needs the whole header before the first record
 * (JSON input written as CSV), weir_source_fix_header() reads everything
 * once into a spill (a compact temporary file) and replays it.
 *
 * A transform turns each record into the record the program writes.  It
 * returns 0 with *out, WEIR_BAD with *bad filled (the source hands the
 * record to the bad-row policy and goes on), or -1 to stop.  By default
 * it runs as records are handed out; with early set it runs as they are
 * read, before a spill, so the temporary file holds only its output
 * (column encryption spills ciphertext, never plain text).
 *
 * The source owns its reader and spill; it borrows the bad-row policy
 * (see sink.h) and the transform's context.  A record lives until the
 * next weir_source_next() or weir_source_release().
 */
#ifndef WEIR_SOURCE_H
#define WEIR_SOURCE_H

#include "badrows.h"
#include "progress.h"
#include "spill.h"
#include "stream.h"

struct weir_xform {
	int	(*fn)(void *ctx, const struct weir_header *h,
		    const struct weir_rec *in, const struct weir_rec **out,
		    const struct weir_badrec **bad, struct weir_err *e);
	void	*ctx;
	int	 early;		/* before the spill, not after */
};

struct weir_source {
	struct weir_reader	*r;
	struct weir_spill	*spill;
	struct weir_bad		*bad;
	struct weir_progress	 prog;
	struct weir_xform	 xf;	/* fn NULL: records as read */
};

/*
 * Open path ("-": stdin).  bad may be a policy not yet initialized (the
 * sink's, opened after the input so a missing input is named first): it
 * is used from the first weir_source_next() on.
 */
int	weir_source_open(struct weir_source *, const char *path,
	    const struct weir_ropts *, struct weir_bad *bad, int progress,
	    struct weir_err *);
void	weir_source_transform(struct weir_source *,
	    const struct weir_xform *);
/* 1 with a record, 0 at the end, -1 on an error (bad records handled). */
int	weir_source_next(struct weir_source *, const struct weir_rec **,
	    struct weir_err *);
/*
 * Make the header whole before the first record when it could still grow
 * (JSON) and need is set: spill everything, then replay.
 */
int	weir_source_fix_header(struct weir_source *, int need,
	    struct weir_err *);
const struct weir_header *weir_source_header(const struct weir_source *);
/* Nothing at all came in: no header, no record. */
int	weir_source_empty(const struct weir_source *);
/* End the progress line; the records read stay countable. */
void	weir_source_done(struct weir_source *);
/* Free the reader and the spill; safe twice and after a failed open. */
void	weir_source_release(struct weir_source *);

#endif
