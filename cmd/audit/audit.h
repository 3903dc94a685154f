/*
 * audit.h - the subcommands of weir-audit, one file each in cmd/audit/.
 * Each takes the arguments from its own name on (argv[0] is "log",
 * "profile", ...) and ends the program; cmd/audit.c picks one.
 */
#ifndef WEIR_AUDIT_H
#define WEIR_AUDIT_H

#include "cli.h"
#include "err.h"

/* The options every subcommand takes: --audit-log, -h, -q, --version. */
#define AUDIT_LONGOPTS \
	{ "audit-log",	required_argument,	NULL,	WEIR_OPT_AUDIT_LOG }, \
	{ "help",	no_argument,		NULL,	'h' }, \
	{ "quiet",	no_argument,		NULL,	'q' }, \
	{ "version",	no_argument,		NULL,	WEIR_OPT_VERSION }

/*
 * Help on standard output (code 0), or the synopsis and a pointer to
 * --help on standard error; cmd is " profile", " log verify".
 */
_Noreturn void	audit_usage(int code, const char *synopsis, const char *help,
		    const char *cmd);
struct weir_profile;
/*
 * The profile of a data file (or "-"), bad records as the options say; a
 * large plain file is read in parts on threads (0: one per core).
 */
struct weir_profile *audit_read_profile(const struct weir_cli *, int no_header,
		    size_t threads, const char *path, struct weir_err *);
_Noreturn void	audit_card(int argc, char *argv[]);
_Noreturn void	audit_check(int argc, char *argv[]);
_Noreturn void	audit_drift(int argc, char *argv[]);
_Noreturn void	audit_keygen(int argc, char *argv[]);
_Noreturn void	audit_model(int argc, char *argv[]);
_Noreturn void	audit_profile(int argc, char *argv[]);
_Noreturn void	audit_report(int argc, char *argv[]);
_Noreturn void	audit_log(int argc, char *argv[]);

#endif
