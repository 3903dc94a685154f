/*
 * inputs.h - turn command-line operands into a list of input paths:
 * "-" is stdin, a glob is expanded by weir (sorted), a directory is walked
 * recursively (sorted, hidden entries skipped, regular files only), any
 * other operand is taken as a path as it is.
 *
 * The list owns its path strings (copies); they live until
 * weir_inputs_release().  A glob that matches nothing is EX_NOINPUT; a
 * directory that cannot be read gets the code of its errno (EX_NOINPUT,
 * EX_NOPERM, ...); both name the operand.
 */
#ifndef WEIR_INPUTS_H
#define WEIR_INPUTS_H

#include <stddef.h>

#include "err.h"

struct weir_inputs {
	char	**path;
	size_t	  n;
	size_t	  cap;
};

int	weir_inputs_add(struct weir_inputs *, const char *operand,
	    struct weir_err *);
void	weir_inputs_release(struct weir_inputs *);

#endif
