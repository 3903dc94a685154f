/*
 * agefile.h - a whole file or stream encrypted to age recipients or a
 * passphrase, or decrypted with identities or a passphrase, the way
 * weir-encrypt does it: keys loaded (identity files checked for their
 * mode), the passphrase asked where it may be, the output written
 * atomically (0600 when it is decrypted), the keys used named in the
 * lineage log (public keys only), every secret wiped.
 *
 * The job borrows its strings and arrays for the call.
 */
#ifndef WEIR_AGEFILE_H
#define WEIR_AGEFILE_H

#include <stddef.h>

#include "err.h"
#include "secret.h"

struct weir_age_job {
	const char			*input;		/* "-": stdin */
	const char			*output;	/* NULL or "-": stdout */
	int				 decrypt;
	int				 armor;
	int				 passphrase;	/* encrypt with one */
	long				 threads;	/* 0: every core */
	const char *const		*recipients;	/* -r */
	size_t				 nrecipients;
	const char *const		*rfiles;	/* -R */
	size_t				 nrfiles;
	const char *const		*ids;		/* -i */
	size_t				 nids;
	const struct weir_pass_src	*pass;
};

int	weir_age_run(const struct weir_age_job *, struct weir_err *);
/* The recipient of each identity in path, one a line, to output (-y). */
int	weir_age_print_recipients(const char *path, const char *output,
	    struct weir_err *e);

#endif
