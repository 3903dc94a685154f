/*
 * extsort.h - sort records by a byte key in bounded memory: the external
 * merge sort behind weir-clean --sort-by and --dedup, weir-merge's order
 * restoring and weir-audit's exact quantiles.
 *
 * Each record comes with a key; records come out in memcmp order of their
 * keys (a key that is a prefix of another sorts first), records with equal
 * keys in the order they were put (the sort is stable).  sortkey.h builds
 * keys whose byte order is the order a user asked for.
 *
 * The sorter holds records and keys in memory up to `memory` bytes
 * (everything it allocates for them counted: text, fields, index).  When
 * the next record would not fit it sorts what it holds and writes it as a
 * run to a temporary file in $TMPDIR (or /tmp), unlinked as soon as it is
 * created, so no exit path - a signal or SIGKILL included - leaves a file
 * behind.  At the end runs are merged, at most WEIR_SORT_FANIN at a time
 * (in passes when there are more), and the last merge streams.  Memory
 * stays within `memory` plus one read buffer per merged run.
 *
 * Records are copied in: every field's text, length, col and type, and
 * the record's src (kept by pointer: it must outlive the sorter) and
 * line.  A record and key handed out stay valid until the next
 * weir_sorter_next() or weir_sorter_free().
 *
 * Errors: EX_CANTCREAT when no temporary file can be made, EX_IOERR when
 * one cannot be written or read (disk full: "TMPDIR: No space left").
 */
#ifndef WEIR_EXTSORT_H
#define WEIR_EXTSORT_H

#include <stddef.h>

#include "err.h"
#include "rec.h"

#define WEIR_SORT_FANIN	64

struct weir_sorter;

/* memory: bytes of records and keys held before spilling (>= 64 KiB). */
struct weir_sorter	*weir_sorter_new(size_t memory);
int			 weir_sorter_put(struct weir_sorter *,
			    const void *key, size_t keylen,
			    const struct weir_rec *, struct weir_err *);
/* No more puts: sort (and merge runs down to one streaming pass). */
int			 weir_sorter_sort(struct weir_sorter *,
			    struct weir_err *);
/* 1 with a record and its key, 0 at the end, -1 on an error. */
int			 weir_sorter_next(struct weir_sorter *,
			    const struct weir_rec **, const void **key,
			    size_t *keylen, struct weir_err *);
/* Records put so far; runs written to disk (0: it all fit in memory). */
unsigned long		 weir_sorter_count(const struct weir_sorter *);
unsigned long		 weir_sorter_runs(const struct weir_sorter *);
void			 weir_sorter_free(struct weir_sorter *);

#endif
