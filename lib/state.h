/*
 * state.h - what earlier runs of weir-ingest --state already ingested.
 *
 * An input is the same as before when its path, size, mtime and SHA-256
 * all match.  The file is JSON: {"weir_state": 1, "inputs": [{"path",
 * "size", "mtime", "sha256"}, ...]}, and is rewritten atomically.
 */
#ifndef WEIR_STATE_H
#define WEIR_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct weir_state_entry {
	char		*path;
	uint64_t	 size;
	int64_t		 mtime;
	char		 sha256[65];
};

struct weir_state {
	struct weir_state_entry	*e;
	size_t			 n;
	size_t			 cap;
};

/* A missing file is an empty state. */
int	weir_state_load(struct weir_state *, const char *path,
	    struct weir_err *);
/* The entry for path with this size and mtime, or NULL. */
const struct weir_state_entry *weir_state_find(const struct weir_state *,
	    const char *path, uint64_t size, int64_t mtime);
/* Add or replace the entry for path. */
void	weir_state_set(struct weir_state *, const char *path, uint64_t size,
	    int64_t mtime, const char *sha256);
int	weir_state_save(const struct weir_state *, const char *path,
	    struct weir_err *);
void	weir_state_release(struct weir_state *);
/*
 * Of paths[0..n), mark in skip[] those ingested before: path, size and
 * mtime as in the state, and then the SHA-256 of the bytes too ("-" never
 * is).  Returns how many are left, or -1 when a file cannot be read.
 */
long	weir_state_skip(const struct weir_state *, char *const *paths,
	    size_t n, char *skip, struct weir_err *);

#endif
