/*
 * reader.h - what the format readers share with stream.c (private to lib/).
 *
 * Each format fills r->rec on next() and keeps its state in r->state.
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
	unsigned long		 nrec;
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

#endif
