/*
 * lineage.h - the lineage log (DESIGN §5, weir-formats(5)): when
 * WEIR_AUDIT_LOG or --audit-log names a file, every program appends one
 * line to it as it ends, on success and on failure: an in-toto Statement
 * v1 whose subjects are the outputs with the SHA-256 of the bytes written,
 * and whose predicate says what ran (program, version, arguments), what it
 * read (every input with the SHA-256 of its bytes as read, byte and record
 * counts), what it counted, the keys it used (fingerprints, never keys),
 * the privacy it spent, when, with which exit status, and the hash of the
 * log's previous line.  With WEIR_AUDIT_KEY the Statement is wrapped in a
 * DSSE envelope signed with Ed25519.
 *
 * One record per process: weir_lineage_start() from main() first; the
 * byte layer (io.c) hashes every stream while the log is on and reports
 * each input and output itself, readers add record counts, and the exit
 * paths of err.c and cli.c write the line with the status.  Programs add
 * what only they know (counts, seed, keys, privacy).  Nothing here keeps a
 * pointer to the caller's strings: they are copied.
 *
 * Appends are serialized with flock(2); the line is written with one
 * write(2) under the lock; a partial line left by a crash is cut off by
 * the next writer before it appends, so the chain stays linear.
 * WEIR_AUDIT_SYNC=1 fsyncs each line.
 */
#ifndef WEIR_LINEAGE_H
#define WEIR_LINEAGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define WEIR_LINEAGE_STATEMENT	"https://in-toto.io/Statement/v1"
#define WEIR_LINEAGE_PREDICATE	"https://weir.dev/lineage/step/v1"
#define WEIR_LINEAGE_PAYLOAD	"application/vnd.in-toto+json"
#define WEIR_LINEAGE_KEY_PREFIX	"WEIR-AUDIT-SIGNING-KEY-1:"
#define WEIR_LINEAGE_PUB_PREFIX	"weir-audit-pub-1:"
/* prev of a log's first line */
#define WEIR_LINEAGE_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Remember the program, its arguments and the start; read the environment. */
void	weir_lineage_start(int argc, char *const argv[]);
/* --audit-log FILE: wins over WEIR_AUDIT_LOG. */
void	weir_lineage_set_log(const char *path);
/* 1 while a log is asked for: streams are then hashed. */
int	weir_lineage_on(void);

/* What the byte layer and the readers report. */
void	weir_lineage_input(const char *name, const unsigned char sha[32],
	    uint64_t bytes);
void	weir_lineage_input_records(const char *name, uint64_t records);
void	weir_lineage_output(const char *name, const unsigned char sha[32],
	    uint64_t bytes, int committed);
void	weir_lineage_output_records(const char *name, uint64_t records);

/* What only the program knows. */
void	weir_lineage_bad(uint64_t count, const char *file);
void	weir_lineage_seed(unsigned long long seed);
void	weir_lineage_key(const char *role, const char *fingerprint);
void	weir_lineage_privacy(const char *name, double value);
void	weir_lineage_count(const char *name, double value);
/* A JSON text (an object or array) kept under name in "counts". */
void	weir_lineage_json(const char *name, const char *json);

/*
 * Append the line with this exit status (once; later calls do nothing).
 * Failing to write the log is reported on stderr; it turns a success into
 * EX_IOERR: the returned status is the one to exit with.
 */
int	weir_lineage_finish(int status);

/* Ed25519 signing keys for the log: WEIR_LINEAGE_KEY_PREFIX + base64. */
int	weir_lineage_keygen(const char *path, char *pub, size_t pubsize,
	    struct weir_err *e);
/* The public key text (WEIR_LINEAGE_PUB_PREFIX + base64) of a key file. */
int	weir_lineage_pubkey(const char *path, char *pub, size_t pubsize,
	    struct weir_err *e);

#endif
