/*
 * internal.h - a join's state, shared by the files of lib/merge/: keys.c
 * (keys, the output header, joined records and where they go), table.c
 * (the build side in memory), join.c (streaming and partitioned joins),
 * sorted.c (the merge join of sorted inputs).
 */
#ifndef WEIR_MERGE_INTERNAL_H
#define WEIR_MERGE_INTERNAL_H

#include <stdint.h>

#include "cols.h"
#include "extsort.h"
#include "merge.h"
#include "spill.h"

#define NOCOL	((size_t)-1)
#define LAST	UINT64_MAX	/* order key of an unmatched right record */

struct jside {
	struct weir_source		*src;
	const struct weir_header	*h;
	size_t				*key;
	size_t				 nkey;
	struct weir_sink		 um;	/* --unmatched-left/right */
	int				 have_um;
	struct weir_sorter		*umorder;	/* partitioned: restore */
};

struct join {
	const struct weir_join_opts	*o;
	const struct weir_cli		*cli;
	struct jside			 s[2];	/* left, right */
	struct weir_header		 out;	/* the joined header */
	size_t				*rmap;	/* right column -> out, or NOCOL */
	struct weir_header		 sel;	/* -c */
	struct weir_proj		 proj;
	int				 have_proj;
	struct weir_rec			 rec;	/* a joined record */
	struct weir_buf			 key, fold, okey;
	struct weir_sorter		*order;	/* NULL: records go out as made */
	struct weir_sink		*sink;
	const struct weir_wopts		*wo;
	struct weir_join_counts		*n;
	struct weir_err			*e;
};

/* keys.c */
int	weir_join_setup(struct join *, struct weir_err *);
/* The key of rec on side s into j->key: 0 when a key value is missing. */
int	weir_join_key(struct join *, int s, const struct weir_rec *);
/* A joined record (l or r may be NULL) out, or into the order sort. */
int	weir_join_emit(struct join *, const struct weir_rec *l,
	    const struct weir_rec *r);
/* A record of side s that found no partner, to --unmatched-*. */
int	weir_join_unmatched(struct join *, int s, const struct weir_rec *);
/* After the join: the order sort and the unmatched sorts out. */
int	weir_join_flush(struct join *);
void	weir_join_release(struct join *);

/* table.c: the build side in memory */
struct table;

struct table	*weir_jtable_new(void);
/* Hold rec (key: in the hash, or NULL for a record that has none). */
void		 weir_jtable_add(struct table *, const void *key, size_t len,
		    const struct weir_rec *);
size_t		 weir_jtable_bytes(const struct table *);
size_t		 weir_jtable_count(const struct table *);
/*
 * First record with this key (*last: the last one, if last is given),
 * then the next ones: NOCOL at the end.
 */
size_t		 weir_jtable_find(const struct table *, const void *key,
		    size_t len, size_t *last);
size_t		 weir_jtable_next(const struct table *, size_t i);
const struct weir_rec *weir_jtable_rec(struct table *, size_t i);
void		 weir_jtable_hit(struct table *, size_t i);
int		 weir_jtable_was_hit(const struct table *, size_t i);
void		 weir_jtable_free(struct table *);

/* join.c: --expect */
int	weir_join_must_be_unique(const struct join *, int side);
/* -1 with EX_DATAERR naming the key of r and both places. */
int	weir_join_violation(struct join *, int side,
	    const struct weir_rec *first, unsigned long first_line,
	    const struct weir_rec *r);

/* sorted.c */
int	weir_join_sorted(struct join *);

#endif
