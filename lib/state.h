/*
 * state.h - what earlier runs of weir-ingest --state already ingested.
 *
 * An input is the same as before when its path, size, mtime and SHA-256
 * all match.  The file is JSON: {"weir_state": 1, "inputs": [{"path",
 * "size", "mtime", "sha256"}, ...]}, and is rewritten atomically.
 */
#ifndef WEIR_STATE_H
#define WEIR_STATE_H

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
/* SHA-256 of a whole file as hex. */
int	weir_sha256_file(const char *path, char hex[65], struct weir_err *);
void	weir_sha256_hex(const unsigned char d[32], char hex[65]);

#endif
