/*
 * topk.h - the most frequent byte strings of a stream: a Misra-Gries
 * summary of m counters (WEIR_TOPK_M, 64, by default), mergeable as in
 * Agarwal, Cormode, Huang, Phillips, Wei and Yi, "Mergeable Summaries"
 * (2012).
 *
 * Guarantees, in plain words, for a stream of n occurrences (or the merge
 * of several): a string's count in the summary is never above its true
 * count, and below it by at most weir_topk_error(), which is at most
 * (n - the sum of the counts held) / (m + 1) and so at most n / (m + 1)
 * (1.5% of n at m 64).  Hence every string whose true count is above the
 * error is held, in particular every one that makes up more than
 * 1 / (m + 1) of the stream.  Memory: at most 2m counters and their
 * strings' bytes, whatever n.
 *
 * Counters are added until 2m are held; then the (m+1)-th largest count
 * is taken from every counter and those left at 0 or less are dropped
 * (each such step takes at least m + 1 times what it adds to the error).
 * A merge adds the other's counters and errors the same way.  The order
 * of the items is deterministic: by count, highest first, then by bytes
 * (memcmp, a prefix first).
 */
#ifndef WEIR_STATS_TOPK_H
#define WEIR_STATS_TOPK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define WEIR_TOPK_M	64

struct weir_topk;

struct weir_topk_item {
	const char	*s;		/* len bytes and a NUL */
	size_t		 len;
	uint64_t	 count;
};

/* m 0: WEIR_TOPK_M. */
struct weir_topk	*weir_topk_new(size_t m);
/* count occurrences of s[0..len); count 0 does nothing. */
void			 weir_topk_add(struct weir_topk *, const void *s,
			    size_t len, uint64_t count);
/* The same when the caller has weir_hash64(s, len) at hand. */
void			 weir_topk_add_hashed(struct weir_topk *, const void *s,
			    size_t len, uint64_t hash, uint64_t count);
/*
 * dst takes src in (src unchanged; dst may be src).  Summaries of
 * different m merge into one of the smaller m, whose bound then applies.
 */
void			 weir_topk_merge(struct weir_topk *dst,
			    const struct weir_topk *src);
/* Items by count, highest first, ties by bytes; valid until a change. */
size_t			 weir_topk_items(struct weir_topk *,
			    const struct weir_topk_item **);
/* How far below its true count any item's count may be. */
uint64_t		 weir_topk_error(const struct weir_topk *);
/* n: the occurrences added. */
uint64_t		 weir_topk_count(const struct weir_topk *);

/*
 * The whole state, for a file to hold; a summary imported from it answers
 * and goes on as the exported one would.
 */
struct weir_topk_state {
	size_t				 m;
	uint64_t			 n;
	uint64_t			 error;	/* UINT64_MAX: unknown */
	size_t				 nitems;
	const struct weir_topk_item	*items;
};

/* items point into the summary: valid until it changes. */
void			 weir_topk_export(struct weir_topk *,
			    struct weir_topk_state *);
/*
 * A summary from a state; NULL when m is 0 or the counts sum to more than
 * n.  A string given twice counts the sum; an error above
 * (n - sum) / (m + 1), or unknown, is taken as that.
 */
struct weir_topk	*weir_topk_import(const struct weir_topk_state *);
/*
 * As JSON: {"m", "n", "error", "items": [[string, count], ...]}; a string
 * that is not UTF-8 is written as U+FFFD.
 */
json_t			*weir_topk_json(struct weir_topk *);
struct weir_topk	*weir_topk_from_json(const json_t *);
void			 weir_topk_free(struct weir_topk *);

#endif
