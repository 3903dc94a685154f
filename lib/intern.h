/*
 * intern.h - distinct byte strings numbered 0, 1, ... in the order first
 * seen: a string's number in O(1), and its bytes back from the number.
 * Memory: the strings once, plus a few words each.  (The generalization
 * lattice's values and groups, weir-anonymize --dp's groups and users.)
 */
#ifndef WEIR_INTERN_H
#define WEIR_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"

struct weir_intern {
	uint32_t	*slot;		/* number + 1; 0: empty */
	uint64_t	*hash;
	size_t		 nslot;
	struct weir_buf	 bytes;
	size_t		*off, *len;
	uint32_t	 n;		/* strings held */
	size_t		 cap;
};

#define WEIR_INTERN_INIT	{ NULL, NULL, 0, WEIR_BUF_INIT, NULL, NULL, 0, 0 }

/* The number of s, added when new (then *fresh is 1). */
uint32_t	weir_intern_add(struct weir_intern *, const void *s, size_t len,
		    int *fresh);
/* The number of s, or -1. */
long		weir_intern_find(const struct weir_intern *, const void *s,
		    size_t len);
/* Forget the string added last. */
void		weir_intern_pop(struct weir_intern *);
static inline const char *
weir_intern_str(const struct weir_intern *t, uint32_t i, size_t *len)
{
	*len = t->len[i];
	return t->bytes.p + t->off[i];
}
void		weir_intern_release(struct weir_intern *);

#endif
