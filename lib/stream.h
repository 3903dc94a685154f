/*
 * stream.h - read records in any supported format.
 *
 * weir_reader_open() sniffs gzip and the format from the first bytes (the
 * bytes are kept, so stdin works), strips a UTF-8 BOM, and hands out one
 * record per weir_reader_next().  A reader owns the records it returns:
 * a record stays valid until the next weir_reader_next() or
 * weir_reader_free().  Copy what you keep.
 *
 * weir_reader_next() returns 1 with a record, 0 at the end, -1 on an error
 * that ends the stream (I/O, truncated gzip, broken quoting, a JSON array
 * that is not well-formed), or WEIR_BAD for a bad record the reader has
 * already stepped over: e says "FILE:LINE: reason" and weir_reader_bad()
 * gives the parts for a --bad-rows file.  The caller decides whether to go
 * on (see badrows.h).
 *
 * CSV and TSV readers have one header, known before the first record, and
 * every record they return has exactly its columns in order
 * (weir_reader_fixed() is 1).  JSON readers add columns to the header as
 * new keys appear; their records hold only the keys they had.
 */
#ifndef WEIR_STREAM_H
#define WEIR_STREAM_H

#include "badrows.h"
#include "err.h"
#include "io.h"
#include "rec.h"

enum weir_fmt {
	WEIR_F_AUTO,
	WEIR_F_CSV,
	WEIR_F_TSV,
	WEIR_F_NDJSON,
	WEIR_F_JSON,
	WEIR_F_LIBSVM,
	WEIR_F_MARKDOWN,
	WEIR_F_TABLE
};

/* -1 for an unknown name; accepts aliases jsonl and md. */
int		 weir_fmt_parse(const char *name);
const char	*weir_fmt_name(int fmt);
int		 weir_fmt_readable(int fmt);
int		 weir_fmt_flat(int fmt);	/* needs one header up front */

struct weir_ropts {
	int		 fmt;		/* WEIR_F_AUTO: sniff */
	int		 delim;		/* CSV delimiter; 0: ',' */
	int		 no_header;	/* CSV/TSV: names c1..cN */
	int		 flatten;	/* JSON: nested objects to dotted names */
	const char	*sep;		/* for flatten; NULL: "." */
	int		 encoding;	/* enum weir_enc; 0: UTF-8 */
	int		 hash;		/* SHA-256 the input bytes */
	int		 probe;		/* only a look at the header: not logged */
	int		 ragged;	/* CSV/TSV rows of another width: */
};

/*
 * What a CSV or TSV reader does with a row whose field count is not the
 * header's: by default it is a bad record; WEIR_RAGGED_PAD gives a short
 * row empty values for its missing columns, WEIR_RAGGED_TRUNCATE drops
 * the extra fields of a long row (both may be set).
 */
#define WEIR_RAGGED_PAD		1
#define WEIR_RAGGED_TRUNCATE	2

struct weir_reader;

struct weir_reader	*weir_reader_open(const char *path,
			    const struct weir_ropts *, struct weir_err *);
int			 weir_reader_next(struct weir_reader *,
			    const struct weir_rec **, struct weir_err *);
const struct weir_badrec *weir_reader_bad(const struct weir_reader *);
const struct weir_header *weir_reader_header(const struct weir_reader *);
int			 weir_reader_fixed(const struct weir_reader *);
int			 weir_reader_format(const struct weir_reader *);
struct weir_in		*weir_reader_in(struct weir_reader *);
unsigned long		 weir_reader_records(const struct weir_reader *);
/* Rows padded and rows truncated as opts.ragged asked. */
void			 weir_reader_ragged(const struct weir_reader *,
			    unsigned long *padded, unsigned long *truncated);
/* Names the reader renamed to keep them unique (a, a -> a, a_2). */
size_t			 weir_reader_renamed(const struct weir_reader *);
/*
 * NULL when nothing was renamed; else per column of the header as first
 * read, the name it had in the input (NULL for a column not renamed).
 * Selections by name must cover a renamed duplicate too (column
 * encryption, pseudonyms): a secret in "email" is a secret in "email_2".
 */
const char *const	*weir_reader_orig(const struct weir_reader *);
/*
 * Reading a plain CSV, TSV or NDJSON file in parts (see parts.h): a reader
 * of bytes [start, end) of first's file, a record boundary, with first's
 * format, delimiter and (CSV, TSV) header, its first byte on line line;
 * not logged.
 */
struct weir_reader	*weir_reader_open_part(const struct weir_reader *first,
			    uint64_t start, uint64_t end, unsigned long line,
			    struct weir_err *);
/* End r at byte end of its file; -1 when it cannot (see weir_in_limit). */
int			 weir_reader_limit(struct weir_reader *, uint64_t end);
/* Count part's records (read, padded, truncated) as r's own. */
void			 weir_reader_absorb(struct weir_reader *,
			    const struct weir_reader *part);
void			 weir_reader_free(struct weir_reader *);

#endif
