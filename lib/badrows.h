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

#include "err.h"
#include "io.h"
#include "stream.h"

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
