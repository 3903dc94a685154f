/*
 * reader.h - the inside of a reader, for the format readers (csv.c, tsv.c,
 * ndjson.c) and stream.c only: programs and other modules see the opaque
 * struct weir_reader of stream.h.
 *
 * Calls run one way: stream.c opens and sniffs, then calls the format's
 * init; the format's next() fills r->rec (and r->bad with WEIR_BAD) and
 * keeps its own state in r->state, which its free() releases; formats
 * call down into reader.c and badrows.c, never back into stream.c.  The
 * reader owns hdr, rec, bad and badraw; rec and bad live until the next
 * call of next().
 */
#ifndef WEIR_READER_H
#define WEIR_READER_H

#include "mem.h"
#include "stream.h"

struct weir_reader {
	struct weir_in		 in;
	struct weir_header	 hdr;
	struct weir_rec		 rec;
	struct weir_badrec	 bad;
	struct weir_buf		 badraw;	/* text of the last bad record */
	struct weir_ropts	 opts;
	int			 fmt;
	int			 fixed;
	size_t			 renamed;
	char			**orig;		/* per column: name before renaming */
	size_t			 norig;
	unsigned long		 nrec;
	unsigned long		 padded, truncated;	/* opts.ragged */
	int			 part;		/* a part: header given */
	unsigned long		 first_line;	/* of a part */
	void			*state;
	int			(*next)(struct weir_reader *, struct weir_err *);
	void			(*free)(struct weir_reader *);
};

int	weir_csv_reader_init(struct weir_reader *, struct weir_err *);
int	weir_tsv_reader_init(struct weir_reader *, struct weir_err *);
int	weir_ndjson_reader_init(struct weir_reader *, struct weir_err *);
int	weir_jsonarr_reader_init(struct weir_reader *, struct weir_err *);

/* Set the header from n names (deduplicated, with a warning). */
int	weir_reader_set_header(struct weir_reader *, const char **names,
	    const size_t *lens, size_t n, struct weir_err *);
/* Count newlines in s[0..n). */
unsigned long	weir_count_nl(const char *s, size_t n);
/* Fit r->rec to the header as opts.ragged allows; 0 if it cannot. */
int	weir_reader_fit(struct weir_reader *);

#endif
