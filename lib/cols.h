/*
 * cols.h - column lists (-c/--columns) and projecting records onto them.
 *
 * A list is comma separated; each item is a column name, a 1-based index,
 * or a range of indices "3-5" (open: "3-").  A name wins over an index, so
 * a column called "2" can be named.  "\," is a comma inside a name.
 *
 * Ownership: weir_cols_parse() returns a malloc'd index array the caller
 * frees.  A projection copies src; the record weir_proj_apply() returns is
 * the projection's, valid until the next apply or release, and its fields
 * point into the input record's text (so it lives no longer than that).
 */
#ifndef WEIR_COLS_H
#define WEIR_COLS_H

#include <stddef.h>

#include "err.h"
#include "mem.h"
#include "rec.h"

#define WEIR_NOCOL	((size_t)-1)

/*
 * The item of a list at *p into item (NUL-terminated, "\," unescaped);
 * *p moves to the next one, or to NULL after the last.  0 when *p was
 * NULL already.
 */
int	weir_cols_item(const char **p, struct weir_buf *item);
/*
 * -1 with EX_USAGE: "unknown column 'x' in WHAT (columns: a, b, ...)", the
 * one message for a column an option names that the header lacks.
 */
int	weir_cols_unknown(struct weir_err *, const struct weir_header *,
	    const char *name, size_t len, const char *what);
/* Resolve list against h; *cols is malloc'd.  EX_USAGE on unknown names. */
int	weir_cols_parse(const char *list, const struct weir_header *h,
	    const char *what, size_t **cols, size_t *ncols, struct weir_err *);

/*
 * A projection: output column j takes input column src[j] (WEIR_NOCOL:
 * none).  Output records hold fields in output order, col = j; a column
 * the input record lacks is left out.
 */
struct weir_proj {
	size_t		*src;
	size_t		 n;
	long		*slot;
	size_t		 nslot;
	struct weir_rec	 rec;
};

void	weir_proj_init(struct weir_proj *, const size_t *src, size_t n);
const struct weir_rec *weir_proj_apply(struct weir_proj *,
	    const struct weir_rec *in);
void	weir_proj_release(struct weir_proj *);

/*
 * A union header over several inputs, or over a header that grows (JSON):
 * weir_remap_apply() rewrites a record read against `from` so that its
 * fields' col index `to`, the union of every header seen.  Columns keep
 * their first position; a name already in `to` maps onto it.
 *
 * The remap owns `to` and the record it returns; the record lives until
 * the next apply or release and points into the input record's text.
 * Call weir_remap_restart() before the records of another input header.
 * map[]/nmap are readable: after weir_remap_sync() returned k, columns
 * from k on are the ones `from` gained since the last sync.
 */
struct weir_remap {
	struct weir_header	 to;
	size_t			*map;		/* from column -> to column */
	size_t			 nmap;
	struct weir_rec		 rec;
};

void	weir_remap_init(struct weir_remap *);
void	weir_remap_restart(struct weir_remap *);
/* Map the columns `from` gained; returns the first new one. */
size_t	weir_remap_sync(struct weir_remap *, const struct weir_header *from);
const struct weir_rec *weir_remap_apply(struct weir_remap *,
	    const struct weir_header *from, const struct weir_rec *in);
void	weir_remap_release(struct weir_remap *);

#endif
