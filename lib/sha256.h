/*
 * sha256.h - SHA-256 of bytes as they stream past (the digests of inputs
 * and outputs in the lineage log, ingest's state file).
 *
 * OpenSSL's libcrypto does the work: it uses the CPU's SHA extensions
 * (about 1.6 GB/s here, against 0.35 GB/s for libsodium's portable code),
 * so hashing costs a small share of a conversion.  A struct weir_sha256
 * owns its context: release it once; weir_sha256_peek() gives the digest
 * of everything so far and lets the stream go on.
 */
#ifndef WEIR_SHA256_H
#define WEIR_SHA256_H

#include <stddef.h>

#include "err.h"

struct weir_sha256_async;

struct weir_sha256 {
	void				*ctx;	/* EVP_MD_CTX */
	struct weir_sha256_async	*async;
};

void	weir_sha256_init(struct weir_sha256 *);
/*
 * The same, hashing on a thread of its own: update copies the bytes into
 * a ring of buffers and returns, so a stream pays a memcpy, not the hash
 * (the lineage log digests every input and output of a conversion).
 * The thread is stopped by release; peek waits for it to catch up.
 */
void	weir_sha256_init_async(struct weir_sha256 *);
void	weir_sha256_update(struct weir_sha256 *, const void *p, size_t n);
/* The digest of what was hashed so far; more may follow. */
void	weir_sha256_peek(const struct weir_sha256 *, unsigned char out[32]);
void	weir_sha256_release(struct weir_sha256 *);
/* One buffer at once. */
void	weir_sha256(const void *p, size_t n, unsigned char out[32]);
/* A whole file's digest as hex; -1 when it cannot be read. */
int	weir_sha256_file(const char *path, char hex[65], struct weir_err *e);
/* 64 lowercase hex digits and a NUL. */
void	weir_sha256_tohex(const unsigned char d[32], char hex[65]);

#endif
