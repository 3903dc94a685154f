/*
 * split.h - where to cut a CSV, TSV or NDJSON file so that parts can be
 * read at once, each by its own reader.
 *
 * A cut goes after a newline that ends a record: in CSV, one with an even
 * number of quote characters before it in the file; in TSV and NDJSON
 * (no newline inside a value) any.  That is exact for
 * every file the strict reader accepts up to the cut (quotes open and
 * close fields and come doubled inside them), and a file it does not
 * accept fails in the first part, where a reader from the start would
 * fail.  Line numbers at the cuts count LFs, CRLF as one line end; after
 * a lone CR (a line end to the reader, or not, depending on quoting) the
 * file is not cut again.
 */
#ifndef WEIR_SPLIT_H
#define WEIR_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define WEIR_PARTS_MAX	16

struct weir_part {
	uint64_t	 start, end;	/* bytes [start, end) of the file */
	unsigned long	 line;		/* the line of byte start */
};

/* Told of part[k] as soon as it is whole (its end found), in order. */
typedef void	(*weir_split_fn)(void *arg, size_t k, const struct weir_part *);

/*
 * Cut the file open on fd, size bytes, into at most n parts of about
 * size / n bytes and at least min each; quote is '"' for CSV, 0 for TSV
 * and NDJSON.
 * Returns the number of parts in part[] (1: the whole file), -1 on a
 * read error; found (may be NULL) hears of each part on the way.
 */
int	weir_split_plan(int fd, uint64_t size, int quote, size_t n,
	    uint64_t min, struct weir_part *part, weir_split_fn found,
	    void *arg, struct weir_err *);

#endif
