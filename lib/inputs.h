/*
 * inputs.h - turn command-line operands into a list of input paths:
 * "-" is stdin, a glob is expanded by weir (sorted), a directory is walked
 * recursively (sorted, hidden entries skipped, regular files only), any
 * other operand is taken as a path as it is.  Links are followed, but
 * each real file and folder (device and inode) is taken once, so a link
 * to a parent folder cannot loop and a file reached by two names is read
 * once (a warning when an operand names it again).  A broken symbolic
 * link is EX_NOINPUT, never skipped in silence.
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

struct weir_inputs_seen;

struct weir_inputs {
	char			**path;
	size_t			  n;
	size_t			  cap;
	struct weir_inputs_seen	 *seen;	/* files and folders taken */
};

int	weir_inputs_add(struct weir_inputs *, const char *operand,
	    struct weir_err *);
void	weir_inputs_release(struct weir_inputs *);

#endif
