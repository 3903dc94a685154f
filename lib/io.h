/*
 * io.h - the byte layer: input that may be gzip-compressed, output that is
 * atomic and may be gzip-compressed, both able to count and SHA-256 the
 * bytes as they really cross the boundary (compressed bytes, for gzip).
 *
 * Input is a window of decoded bytes, buf[pos..len).  A consumer reads
 * from the window, advances pos, and calls weir_in_more() when it needs
 * more; that may move the window, so keep offsets across the call, never
 * pointers.
 *
 * Output collects bytes in a buffer and writes them out when it is full;
 * the first write error is kept and every later call returns -1, so a
 * writer can check once per record.  A path given to weir_out_open() is
 * written to ".NAME.XXXXXX" beside it and renamed by weir_out_commit();
 * the temporary file is removed by weir_out_abort(), at exit, and on
 * SIGINT, SIGTERM and SIGHUP.
 */
#ifndef WEIR_IO_H
#define WEIR_IO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"

struct weir_transcoder;

struct weir_in {
	char		*buf;		/* decoded bytes: buf[pos..len) unread */
	size_t		 pos;
	size_t		 len;
	size_t		 cap;
	char		*name;		/* for messages: the path, or "-" */
	int		 fd;
	int		 eof;		/* no more bytes will come */
	int		 gzip;		/* the input is gzip-compressed */
	uint64_t	 raw_bytes;	/* bytes read from fd */
	uint64_t	 line_base;	/* reserved for readers */
	int64_t		 records;	/* set by a reader: for the log */
	int		 probe;		/* WEIR_IN_PROBE */
	struct weir_in_priv *priv;
};

#define WEIR_IN_HASH	1	/* SHA-256 the raw bytes */
#define WEIR_IN_RAW	2	/* bytes as they are: no gzip, no UTF-16 BOM */
#define WEIR_IN_PROBE	4	/* a look ahead, not a read: not logged */

/* Open path ("-" or NULL: stdin) with WEIR_IN_* flags. */
int	weir_in_open(struct weir_in *in, const char *path, int flags,
	    struct weir_err *e);
/*
 * Transcode everything not yet decoded from enc (see transcode.h) to
 * UTF-8.  Call before consuming anything.
 */
int	weir_in_set_encoding(struct weir_in *in, int enc, struct weir_err *e);
/* Read more: returns bytes added, 0 at end of input, -1 on error. */
long	weir_in_more(struct weir_in *in, struct weir_err *e);
/*
 * Bytes [start, end) of first's plain file, for a reader of one part of
 * it (see parts.h): no gzip, no byte order mark, not hashed or logged;
 * an error if its name now leads to another file.
 */
int	weir_in_open_part(struct weir_in *in, const struct weir_in *first,
	    uint64_t start, uint64_t end, struct weir_err *e);
/*
 * End the input at byte end of the file (the rest is read by parts);
 * -1 when it cannot: compressed, transcoded, or read past end already.
 */
int	weir_in_limit(struct weir_in *in, uint64_t end);
/* After a limit: read the rest of the file into the digest, if hashed. */
int	weir_in_drain(struct weir_in *in, struct weir_err *e);
/* Digest of every raw byte read so far (hash must have been asked for). */
void	weir_in_sha256(struct weir_in *in, unsigned char out[32]);
void	weir_in_close(struct weir_in *in);

struct weir_out {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	int		 fd;
	int		 failed;
	struct weir_err	 err;
	uint64_t	 bytes;		/* bytes written to fd */
	int64_t		 records;	/* set by a writer: for the log */
	unsigned char	 sha256[32];	/* with hash: of every byte written, */
	int		 hashed;	/* once committed or aborted */
	struct weir_out_priv *priv;
};

/*
 * Open path ("-" or NULL: stdout); gzip also when path ends in ".gz".
 * A symbolic link is followed and its target replaced atomically (the
 * temporary file is made beside the target); an existing file keeps its
 * mode and, where permitted, its owner; a file the user may not write is
 * refused (EX_CANTCREAT) as the shell's > refuses it.  FIFOs, devices and
 * the process's own descriptors (/dev/stdout, /dev/fd/N, /proc/self/fd/N)
 * are written to directly.
 */
int	weir_out_open(struct weir_out *o, const char *path, int gzip,
	    int hash, struct weir_err *e);
/* The same, never compressed, whatever the name (encrypted output). */
int	weir_out_open_raw(struct weir_out *o, const char *path, int hash,
	    struct weir_err *e);
/*
 * A new file made by this output stays mode 0600 whatever the umask (it
 * holds decrypted data).  A file it replaces keeps its own mode.
 */
void	weir_out_private(struct weir_out *o);
int	weir_out_flush_(struct weir_out *o);
/* Finish: flush, fsync and rename a file; flush stdout.  Frees o. */
int	weir_out_commit(struct weir_out *o, struct weir_err *e);
/*
 * Discard a file being written (standard output gets what was written
 * so far); harmless after commit.  Frees o.
 */
void	weir_out_abort(struct weir_out *o);
void	weir_out_sha256(struct weir_out *o, unsigned char out[32]);

/*
 * 1 when a and b name the same regular file (after links), or the same
 * name that does not exist yet; "-", NULL and devices are never the same.
 */
int	weir_path_same(const char *a, const char *b);

static inline int
weir_out_write(struct weir_out *o, const void *p, size_t n)
{
	if (o->cap - o->len < n) {
		if (weir_out_flush_(o) == -1)
			return -1;
		if (n >= o->cap) {
			/* Large blocks go through in pieces of the buffer size. */
			const char *s = p;

			while (n > 0) {
				size_t k = n < o->cap ? n : o->cap;

				memcpy(o->buf, s, k);
				o->len = k;
				if (weir_out_flush_(o) == -1)
					return -1;
				s += k;
				n -= k;
			}
			return 0;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

static inline int
weir_out_putc(struct weir_out *o, int c)
{
	if (o->len == o->cap && weir_out_flush_(o) == -1)
		return -1;
	o->buf[o->len++] = (char)c;
	return 0;
}

/* Make room for n bytes at buf+len (n <= cap); the caller adds to len. */
static inline int
weir_out_reserve(struct weir_out *o, size_t n)
{
	if (o->cap - o->len < n)
		return weir_out_flush_(o);
	return 0;
}

#endif
