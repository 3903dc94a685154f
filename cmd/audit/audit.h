/*
 * audit.h - the subcommands of weir-audit, one file each in cmd/audit/.
 * Each takes the arguments from its own name on (argv[0] is "log",
 * "profile", ...) and ends the program; cmd/audit.c picks one.
 */
#ifndef WEIR_AUDIT_H
#define WEIR_AUDIT_H

#include "cli.h"
#include "err.h"
#include "sink.h"

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
/*
 * A table for people (table.c): open with its columns (fmt: the default
 * output format), then per row cells and a put; finish, then close
 * (always, after a failure too).  A number is written with digits
 * significant digits (0: the shortest that reads back); an empty cell or
 * a number not finite is null.
 */
struct audit_table {
	struct weir_sink	 out;
	struct weir_header	 h;
	struct weir_rec		 rec;
	struct weir_buf		 text;
};
int		audit_table_open(struct audit_table *, const struct weir_cli *,
		    int fmt, const char *const *cols, size_t ncols,
		    struct weir_err *);
void		audit_table_str(struct audit_table *, const char *s, size_t len);
void		audit_table_num(struct audit_table *, double x, int digits);
int		audit_table_put(struct audit_table *, struct weir_err *);
int		audit_table_finish(struct audit_table *, struct weir_err *);
void		audit_table_close(struct audit_table *);
_Noreturn void	audit_card(int argc, char *argv[]);
_Noreturn void	audit_check(int argc, char *argv[]);
_Noreturn void	audit_drift(int argc, char *argv[]);
_Noreturn void	audit_keygen(int argc, char *argv[]);
_Noreturn void	audit_model(int argc, char *argv[]);
_Noreturn void	audit_profile(int argc, char *argv[]);
_Noreturn void	audit_report(int argc, char *argv[]);
_Noreturn void	audit_log(int argc, char *argv[]);

#endif
