/*
 * badrows.h - the bad-record policy every program shares (DESIGN §4).
 *
 * Without --bad-rows the first bad record stops the program (exit 65).
 * With it, each bad record is written to the file as one CSV row
 * "source,line,column,reason,record" and processing goes on, until more
 * than --max-bad were seen.  The file is written atomically like -o.
 * --max-bad N without --bad-rows skips up to N bad records, naming each on
 * stderr, so none vanishes silently.
 */
#ifndef WEIR_BADROWS_H
#define WEIR_BADROWS_H

#include <stddef.h>

#include "err.h"
#include "io.h"
#include "mem.h"
#include "rec.h"

/*
 * What a reader, writer or transform returns for a record it could not
 * take, after filling a struct weir_badrec and the error: the caller
 * hands both to weir_bad_put().
 */
#define WEIR_BAD	2

/*
 * The parts of a bad record, for --bad-rows.  The strings are borrowed:
 * they live as long as the record and the raw buffer they were made from
 * (until the next record of whoever filled it).
 */
struct weir_badrec {
	const char	*src;
	unsigned long	 line;
	const char	*column;	/* NULL when not about one column */
	char		 reason[320];
	const char	*raw;		/* the record as text */
	size_t		 rawlen;
};

/* Fill bad and e ("SRC:LINE: [column 'C': ]reason"); returns WEIR_BAD. */
int	weir_bad_set(struct weir_badrec *bad, struct weir_err *e,
	    const char *src, unsigned long line, const char *column,
	    const char *raw, size_t rawlen, const char *fmt, ...)
	    __attribute__((format(printf, 8, 9)));
/*
 * The same for a whole record: its text goes into raw (the caller's
 * buffer, reset first; bad->raw points into it) as one CSV line, or, when
 * h is given and some value is typed (JSON input), as one JSON object.
 */
int	weir_bad_rec(struct weir_badrec *bad, struct weir_buf *raw,
	    struct weir_err *e, const struct weir_header *h,
	    const struct weir_rec *rec, const char *column, const char *fmt,
	    ...) __attribute__((format(printf, 7, 8)));
/* Append fields as one CSV line, quoted only where RFC 4180 needs it. */
void	weir_bad_csv(struct weir_buf *b, const struct weir_field *f,
	    size_t n, int delim);


/*
 * The policy.  It borrows path for its life; the --bad-rows file is its
 * own weir_out, committed by weir_bad_finish() or removed by
 * weir_bad_abort() (safe to call after finish, or twice).
 */
struct weir_bad {
	const char	*path;
	long		 max;		/* -1: no limit */
	unsigned long	 count;
	struct weir_out	 out;
	int		 open;
};

int	weir_bad_init(struct weir_bad *, const char *path, long max,
	    struct weir_err *);
/*
 * Record a bad record whose error is in e: 0 to go on, -1 to stop (e
 * then holds the error to die with).
 */
int	weir_bad_put(struct weir_bad *, const struct weir_badrec *,
	    struct weir_err *e);
/* Commit the file and say how many there were; -1 on a write error. */
int	weir_bad_finish(struct weir_bad *, struct weir_err *);
void	weir_bad_abort(struct weir_bad *);

#endif
