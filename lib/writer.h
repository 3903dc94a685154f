/*
 * writer.h - write records in any supported format to a weir_out.
 *
 * The writer reads column names from hdr, which the caller keeps alive and
 * may let grow (JSON output follows new columns as they appear).  Flat
 * formats (csv, tsv, libsvm, markdown, table) write hdr as it is at the
 * first record, so it must be complete by then: callers with a growing
 * header spill first (spill.h).
 *
 * weir_writer_put() returns 0, -1 on an output error, or WEIR_BAD when the
 * record cannot be written in this format (libsvm needs numbers): e and
 * weir_writer_bad() say why, and nothing of the record was written.
 */
#ifndef WEIR_WRITER_H
#define WEIR_WRITER_H

#include "err.h"
#include "io.h"
#include "rec.h"
#include "stream.h"

struct weir_wopts {
	int		 fmt;
	int		 delim;		/* CSV; 0: ',' */
	int		 quote_all;	/* CSV: quote every field */
	int		 empty_as_null;	/* untyped empty text -> null */
	int		 strings;	/* every value as a JSON string */
	int		 unflatten;	/* JSON: dotted names -> nested objects */
	const char	*sep;		/* for unflatten; NULL: "." */
	const char	*label;		/* libsvm: the label column */
};

struct weir_writer;

struct weir_writer	*weir_writer_new(struct weir_out *,
			    const struct weir_wopts *,
			    const struct weir_header *, struct weir_err *);
int			 weir_writer_put(struct weir_writer *,
			    const struct weir_rec *, struct weir_err *);
const struct weir_badrec *weir_writer_bad(const struct weir_writer *);
/* Write what the format needs at the end; the caller commits the out. */
int			 weir_writer_close(struct weir_writer *,
			    struct weir_err *);
void			 weir_writer_free(struct weir_writer *);

#endif
