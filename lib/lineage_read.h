/*
 * lineage_read.h - reading the lineage log that lineage.h writes
 * (weir-formats(5)): check it line by line (JSON, Statement, DSSE
 * signatures, hash chain), load its steps, link them into a graph through
 * the digests of the bytes they read and wrote, and say how an artifact
 * was made.
 *
 * A log is read under a shared flock(2), so a writer's line is seen whole
 * or not at all; the lock is released before any function returns, so a
 * program that logs its own run to the log it reads never waits on
 * itself.  While the log is on, the bytes read are reported as an input of
 * the running program (weir_lineage_input()).
 *
 * A loaded log owns its steps and every string in them; they live until
 * weir_lineage_log_release().  Text made for output goes into a struct
 * weir_buf the caller owns.
 */
#ifndef WEIR_LINEAGE_READ_H
#define WEIR_LINEAGE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"
#include "sink.h"

#define WEIR_LINEAGE_PUBBYTES	32	/* an Ed25519 public key */

/* An input or an output of a step. */
struct weir_lineage_file {
	char		*name;		/* as the program was given it; "-" */
	char		 sha[65];	/* hex SHA-256 of the bytes */
	int64_t		 bytes;		/* -1: not logged */
	int64_t		 records;	/* -1: not logged */
	int		 kept;		/* outputs: 0 when discarded */
	size_t		 from;		/* inputs: 1 + the index of the step
					   that wrote these bytes, 0: none
					   (weir_lineage_link()) */
	int		 check;		/* enum weir_lineage_check */
	char		 now[65];	/* WEIR_LINEAGE_CHANGED: digest now */
};

enum weir_lineage_check {
	WEIR_LINEAGE_UNCHECKED,
	WEIR_LINEAGE_SAME,		/* the file still holds these bytes */
	WEIR_LINEAGE_CHANGED,		/* it holds others (now) */
	WEIR_LINEAGE_GONE		/* it is not there any more */
};

/* One line of the log: one run of one program. */
struct weir_lineage_step {
	unsigned long		 line;		/* 1-based */
	char			 hash[65];	/* of the line, newline excluded */
	char			 prev[65];
	char			*program;
	char			*version;
	char			**arg;
	size_t			 narg;
	struct weir_lineage_file *in;		/* one per name and digest */
	size_t			 nin;
	struct weir_lineage_file *out;
	size_t			 nout;
	char			 started[32];
	char			 finished[32];
	int			 status;
	int			 nsig;		/* DSSE signatures; 0: bare */
};

struct weir_lineage_log {
	struct weir_lineage_step *step;
	size_t			 n;
	size_t			 cut;	/* bytes after the last newline */
	int			 linked;
};

/*
 * Parse every line of path ("-": standard input) without checking chain or
 * signatures.  -1 with EX_DATAERR and "LOG:LINE: reason" when a line is
 * not a lineage line, or the errno code when the log cannot be read.
 * A last line without a newline is not loaded: cut says how long it was.
 */
int	weir_lineage_load(struct weir_lineage_log *, const char *path,
	    struct weir_err *);
void	weir_lineage_log_release(struct weir_lineage_log *);

/*
 * Parse one line (a Statement, or a DSSE envelope of one) into st, whose
 * line number the caller sets.  Returns 0, or -1 with *fault
 * WEIR_LINEAGE_NOT_JSON or _NOT_STEP and e (EX_DATAERR) the reason, with
 * no position.  Signatures are counted, not checked.  Release st with
 * weir_lineage_step_release() either way.
 */
int	weir_lineage_parse(const char *line, size_t len,
	    struct weir_lineage_step *st, int *fault, struct weir_err *);
void	weir_lineage_step_release(struct weir_lineage_step *);

/* Public keys: the text weir_lineage_pubkey() makes, or a file of it. */
int	weir_lineage_pub_parse(const char *text,
	    unsigned char pk[WEIR_LINEAGE_PUBBYTES]);
int	weir_lineage_pub_read(const char *path,
	    unsigned char pk[WEIR_LINEAGE_PUBBYTES], struct weir_err *);

/* What weir_lineage_verify() found wrong first. */
enum weir_lineage_fault {
	WEIR_LINEAGE_OK,
	WEIR_LINEAGE_NOT_JSON,		/* a line that is not JSON */
	WEIR_LINEAGE_NOT_STEP,		/* JSON, not a lineage line */
	WEIR_LINEAGE_BROKEN,		/* prev is no line's hash: the line
					   before was edited, or lines went */
	WEIR_LINEAGE_MOVED,		/* prev is another line's hash */
	WEIR_LINEAGE_UNSIGNED,		/* keys given, line not signed */
	WEIR_LINEAGE_BAD_SIG,		/* a known key's signature fails */
	WEIR_LINEAGE_UNKNOWN_KEY,	/* signed, by no key given */
	WEIR_LINEAGE_CUT,		/* the log ends inside a line */
	WEIR_LINEAGE_HEAD		/* the --head line is gone or other */
};

struct weir_lineage_vopts {
	const unsigned char	(*pk)[WEIR_LINEAGE_PUBBYTES];
	size_t			 npk;		/* 0: signatures not checked */
	unsigned long		 head_line;	/* 0: no head to find */
	char			 head_hash[65];
};

struct weir_lineage_verdict {
	unsigned long	 lines;		/* whole lines in the log */
	unsigned long	 bad;		/* the first bad line; 0: all hold */
	int		 fault;		/* enum weir_lineage_fault */
	char		 why[320];	/* "prev does not match line 6 (...)" */
	unsigned long	 envelopes;	/* lines signed (DSSE envelopes) */
	unsigned long	 verified;	/* their signatures checked good */
	char		 head[65];	/* hash of the last line; genesis */
};

/*
 * Check every line of path: it parses, its signatures verify against the
 * keys given (every line must then be signed), its prev is the hash of
 * the line before (the genesis hash for line 1), and the log ends with a
 * newline.  Returns 0 with v saying what holds (v->bad is 0 when all
 * does); -1 when the log cannot be read, or with EX_DATAERR when it is no
 * lineage log at all (its first line is not one).
 */
int	weir_lineage_verify(const char *path, const struct weir_lineage_vopts *,
	    struct weir_lineage_verdict *v, struct weir_err *);
/* "LINE:HASH" (as a verify prints its head) into o; -1 if it is not. */
int	weir_lineage_head_parse(const char *text, struct weir_lineage_vopts *o);

/*
 * Set every input's from: the latest earlier step with an output of the
 * same digest (kept or not, standard output included), so the steps of a
 * pipeline join through the bytes in the pipe.  Inputs no earlier step
 * wrote are the original inputs.
 */
void	weir_lineage_link(struct weir_lineage_log *);
/*
 * The step that wrote bytes with digest sha last, or with name (when sha
 * is NULL or found nowhere) an output of that name: 1 + its index, 0: none.
 * *out is set to the output's index within the step.
 */
size_t	weir_lineage_writer(const struct weir_lineage_log *, const char *sha,
	    const char *name, size_t *out);

/*
 * The output an artifact names: a file that exists (hashed: the last step
 * that wrote those bytes, else the last that wrote a file of that name),
 * a SHA-256 in hex (after "sha256:" or not), or the name of a file a step
 * wrote.  Sets *step and *out (indices) and *state: SAME (the file holds
 * what was written), CHANGED (it holds other bytes, set in the output's
 * now), GONE (no such file), UNCHECKED (a digest).  -1 with code 1 when no
 * step wrote it, EX_NOINPUT when it is no file and no name written; path
 * names the log in messages.
 */
int	weir_lineage_find(struct weir_lineage_log *, const char *path,
	    const char *artifact, size_t *step, size_t *out, int *state,
	    struct weir_err *);

enum weir_lineage_tfmt { WEIR_LINEAGE_TREE, WEIR_LINEAGE_DOT,
    WEIR_LINEAGE_JSON };

/*
 * How the output `out` of step `step` (indices) was made, back to the
 * original inputs: an indented tree, a Graphviz digraph or JSON, into b.
 * name labels the artifact (the path given, or the output's name).
 */
void	weir_lineage_trace(const struct weir_lineage_log *, size_t step,
	    size_t out, const char *name, int fmt, struct weir_buf *b);
/*
 * Re-hash the files the trace of step reads (every input named, not "-",
 * on the way back) and set their check; each changed file is reported to
 * fn once, with the step that read or wrote it.  Returns how many changed.
 */
size_t	weir_lineage_check(struct weir_lineage_log *, size_t step,
	    void (*fn)(void *, const struct weir_lineage_step *,
	    const struct weir_lineage_file *), void *ctx);
/* SHA-256 of a file's bytes in hex; -1 when it cannot be read. */
int	weir_lineage_hash_file(const char *path, char hex[65],
	    struct weir_err *);

/*
 * weir audit log show: one record per step (line, time, program,
 * arguments, inputs, outputs, records, status) to an open sink, which it
 * starts and commits (the caller aborts it on -1): text for flat
 * formats, JSON arrays for ndjson and json.
 */
int	weir_lineage_show(const struct weir_lineage_log *, struct weir_sink *,
	    const struct weir_wopts *, struct weir_err *);

#endif
