/*
 * jsonfile.h - JSON documents as files (profiles, rules, results): read
 * whole with jansson, written atomically through weir_out ("-" or NULL:
 * standard output) with two-space indentation and a final newline;
 * numbers with 15 significant digits (any decimal of up to 15 digits, as
 * data holds, reads back as the same double, and 0.1 stays 0.1).
 */
#ifndef WEIR_JSONFILE_H
#define WEIR_JSONFILE_H

#include <jansson.h>

#include "err.h"

/* NULL with e: EX_NOINPUT for a missing file, EX_DATAERR "FILE:LINE: why". */
json_t	*weir_json_load(const char *path, struct weir_err *);
int	 weir_json_save(const json_t *, const char *path, struct weir_err *);
/*
 * The same with jansson's dump flags and gzip asked for: a model's
 * coefficients keep all 17 digits, so they read back exactly.
 */
int	 weir_json_write(const json_t *, const char *path, int gzip,
	    size_t flags, struct weir_err *);

#endif
