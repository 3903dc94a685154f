/*
 * err.h - error values, messages and exit codes shared by every program.
 *
 * lib/ never exits except when memory runs out: a function that fails fills
 * a struct weir_err with the exit status that fits the cause (sysexits) and
 * a one-line message, and returns -1.  cmd/ decides to die with
 * weir_die_err().  Messages follow "weir-NAME: FILE:LINE: what is wrong".
 */
#ifndef WEIR_ERR_H
#define WEIR_ERR_H

#include <stdarg.h>
#include <sysexits.h>

struct weir_err {
	int	code;		/* exit status for the program, e.g. EX_DATAERR */
	char	msg[512];	/* "orders.csv:12: unterminated quote" */
};

/*
 * Fill e (which may be NULL) and return -1.  Arguments may point into
 * e->msg: the message is formatted aside first.
 */
int		weir_errf(struct weir_err *e, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* As weir_errf, with ": strerror(errnum)" appended. */
int		weir_errnof(struct weir_err *e, int code, int errnum,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * Put context before the message already in e, keeping its code:
 * weir_err_prefix(e, "%s:%lu: ", path, line).  Returns -1.
 */
int		weir_err_prefix(struct weir_err *e, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* The exit status that fits a failed open(2) or read(2). */
int		weir_errno_code(int errnum, int for_output);

void		weir_setprog(const char *argv0);
const char	*weir_prog(void);

extern int	weir_quiet;	/* -q: silence warnings and progress */
/*
 * Called with the exit status on every way out that lib/ takes (die,
 * SIGPIPE, weir_exit_flush), before the process ends: the lineage log
 * writes its line there.  Returns the status to exit with.
 */
extern int	(*weir_exit_hook)(int status);
extern int	weir_verbose;	/* -v: say what was decided and counted */

_Noreturn void	weir_die(int code, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
_Noreturn void	weir_die_err(const struct weir_err *e);
/* exit(3) through weir_exit_hook. */
_Noreturn void	weir_exit(int code);
void		weir_warn(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/* What was detected or counted, for -v only (and never with -q). */
void		weir_info(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/* A message that -q does not silence (errors while carrying on). */
void		weir_note(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/*
 * Called with errno after a failed write: a reader that went away is not an
 * error, so end the way cat(1) does, by SIGPIPE.
 */
void		weir_check_pipe(int errnum);

#endif
