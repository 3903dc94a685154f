/*
 * topk.h - the most frequent byte strings of a stream: a Misra-Gries
 * summary of m counters, mergeable (Agarwal et al., "Mergeable
 * Summaries", 2012).
 *
 * Up to 2m counters are held; at 2m the (m+1)-th largest count is taken
 * from every counter and those at 0 or less are dropped.  A count is then
 * low by at most what was taken so far, weir_topk_error(), which is at
 * most n / (m + 1); a string whose count is above that is certain to be
 * held.  Merging adds the counters and the errors, and reduces the same
 * way.
 */
#ifndef WEIR_STATS_TOPK_H
#define WEIR_STATS_TOPK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct weir_topk;

struct weir_topk_item {
	const char	*s;
	size_t		 len;
	uint64_t	 count;
};

struct weir_topk	*weir_topk_new(size_t m);
void			 weir_topk_add(struct weir_topk *, const char *s,
			    size_t len, uint64_t count);
void			 weir_topk_merge(struct weir_topk *dst,
			    const struct weir_topk *src);
/* Items by count, highest first, ties by bytes; valid until a change. */
size_t			 weir_topk_items(struct weir_topk *,
			    const struct weir_topk_item **);
uint64_t		 weir_topk_error(const struct weir_topk *);
uint64_t		 weir_topk_count(const struct weir_topk *);
json_t			*weir_topk_json(struct weir_topk *);
struct weir_topk	*weir_topk_from_json(const json_t *);
void			 weir_topk_free(struct weir_topk *);

#endif
