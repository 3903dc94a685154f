/*
 * run.h - one run of weir-anonymize: the options as parsed, checked
 * together, then the input read and written through the operation asked
 * for (column operations, --scan, --dp, --k and --risk).
 */
#ifndef WEIR_PRIVACY_RUN_H
#define WEIR_PRIVACY_RUN_H

#include "cli.h"
#include "privacy/anon.h"
#include "privacy/dprun.h"
#include "privacy/krun.h"
#include "privacy/ledger.h"

struct weir_anon_run {
	struct weir_cli		 cli;
	struct weir_anon_opts	 o;
	int			 keygen;
	int			 no_header;
	int			 scan;
	int			 strict;	/* --scan fails on uncovered */
	int			 autopick;	/* --auto */
	struct weir_krun_opts	 k;
	int			 dp;
	struct weir_dp_opts	 d;
	int			 have_bounds;
	struct weir_budget	 budget;
	int			 show;
};

/*
 * The options that go together (and the defaults they imply): NULL, or
 * what is wrong, for a usage message.
 */
const char	*weir_anon_run_check(struct weir_anon_run *);
/* A new pseudonym key into path (0600, atomically). */
int		 weir_anon_keygen(const char *path, struct weir_err *);
/*
 * Read path ("-": standard input) and write what the run asks for: 0, 1
 * when a release was refused or --strict found uncovered columns (said),
 * -1 with e.
 */
int		 weir_anon_run(const struct weir_anon_run *, const char *path,
		    struct weir_err *);

#endif
