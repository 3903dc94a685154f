/*
 * ingest.h - weir-ingest's run: files, globs and directories (inputs.h)
 * read one after another into one record stream, their headers united by
 * name (or bound to a schema), with the source and line of each record on
 * request, inputs already ingested skipped (--state), and a schema
 * inferred on the way (--infer-schema).
 */
#ifndef WEIR_INGEST_H
#define WEIR_INGEST_H

#include "cli.h"
#include "err.h"

struct weir_ingest_opts {
	struct weir_cli	 cli;
	int		 encoding;
	const char	*infer_schema;
	const char	*line_column;
	const char	*schema;
	const char	*source_column;
	const char	*state;
	int		 safe_names;
	int		 strict;
};

/* The operands argv[0..argc): 0 when done (or nothing new), -1 with e. */
int	weir_ingest(const struct weir_ingest_opts *, int argc, char **argv,
	    struct weir_err *);

#endif
