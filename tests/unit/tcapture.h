/*
 * tcapture.h - catch what lib/ writes on standard error (weir_note,
 * weir_warn), so that a test can check the message and its own output
 * stays readable.  Only one capture at a time; no CHECK in between (its
 * FAIL line would be caught too).
 *
 *	cap_begin();
 *	rv = weir_cli_long("x", 0, 9, "--n", &v);
 *	CHECK_STR(cap_end(), "weir: --n needs a whole number ...\n");
 */
#ifndef WEIR_TCAPTURE_H
#define WEIR_TCAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static FILE *cap_fp;
static int cap_saved = -1;

static inline void
cap_begin(void)
{
	fflush(stderr);
	if ((cap_fp = tmpfile()) == NULL || (cap_saved = dup(2)) == -1 ||
	    dup2(fileno(cap_fp), 2) == -1) {
		perror("tcapture");
		exit(2);
	}
}

/* Stop catching; what was written meanwhile (valid until the next call). */
static inline const char *
cap_end(void)
{
	static char text[4096];
	size_t n;

	fflush(stderr);
	dup2(cap_saved, 2);
	close(cap_saved);
	cap_saved = -1;
	rewind(cap_fp);
	n = fread(text, 1, sizeof(text) - 1, cap_fp);
	text[n] = '\0';
	fclose(cap_fp);
	cap_fp = NULL;
	return text;
}

#endif
