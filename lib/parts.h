/*
 * parts.h - a large CSV, TSV or NDJSON file read on several threads at
 * once.
 *
 * A plain file (regular, not compressed, UTF-8, no progress line asked
 * for) is cut at record boundaries (split.h) into one part a part size
 * (WEIR_PART_SIZE: small parts cost what they do not pay back when a part
 * starts exact tables afresh), 2 to WEIR_PARTS_MAX parts, none under
 * WEIR_PART_MIN bytes.  Each part is read by a reader of its own into a
 * state of its own, and the states are merged
 * into part 0's in order, each as soon as the parts before it are in.
 * The cuts depend on the file alone and the merges come in the same
 * order, so the result is the same whatever the number of threads, on
 * any machine; threads take the parts as the cuts are found.  What a
 * state is, how it takes a record and a state merges into another is the
 * caller's (fn).
 *
 * Part 0 is read on the calling thread from the source the caller opened,
 * through its bad-row policy.  A later part that meets a bad record or an
 * error stops, and is read again once the parts before it are done, on
 * the calling thread through that same policy: bad records, their order,
 * messages and line numbers are those of one reader from start to end.
 * With the lineage log on, the first reader still digests the whole file,
 * and it counts every part's records as its own.
 */
#ifndef WEIR_PARTS_H
#define WEIR_PARTS_H

#include <stddef.h>

#include "source.h"
#include "split.h"

/*
 * One part a size bytes, none under min bytes (and none at all when the
 * reader has read past min: a small file is read whole).
 */
struct weir_parts_size {
	uint64_t	 size, min;
};

#define WEIR_PART_SIZE	(32u << 20)
#define WEIR_PART_MIN	(1u << 20)

struct weir_parts_fn {
	void	*(*make)(void *arg);
	void	 (*add)(void *state, const struct weir_header *,
		    const struct weir_rec *);
	void	 (*merge)(void *dst, const void *src);
	void	 (*drop)(void *state);
	void	*arg;
};

/*
 * Read src (opened, nothing read past its header) to its end on threads
 * threads (the calling one included), into *state.  Returns the number
 * of parts (2 or more), 0 when src is not to be read in parts (too small,
 * not a plain file, or no cut found; nothing was read: read it as usual),
 * -1 on an error (the states dropped).
 */
int	weir_parts_read(struct weir_source *src, size_t threads,
	    const struct weir_parts_size *, const struct weir_parts_fn *fn,
	    void **state, struct weir_err *);
/* Online CPUs, at most WEIR_PARTS_MAX: the default number of threads. */
size_t	weir_parts_cpus(void);

#endif
