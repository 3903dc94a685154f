/*
 * cli.h - the options every program shares (DESIGN §4).
 *
 * A program puts WEIR_CLI_LONGOPTS first in its getopt_long table and
 * WEIR_CLI_SHORTOPTS first in its short options, numbers its own long-only
 * options from WEIR_OPT_LOCAL, and hands every option it does not know to
 * weir_cli_option().
 *
 * struct weir_cli borrows its strings (output, bad_rows) from argv: they
 * live as long as the program.  Messages about a wrong option go to
 * stderr at once (weir_note) and the function returns -1; the program
 * then calls usage(EX_USAGE).  Only weir_cli_usage(), weir_cli_version()
 * and weir_exit_flush() exit: they are for main() and its option code.
 */
#ifndef WEIR_CLI_H
#define WEIR_CLI_H

#include <getopt.h>
#include <stddef.h>

#define WEIR_VERSION	"0.1.0"

enum {
	WEIR_OPT_VERSION = 256,
	WEIR_OPT_BAD_ROWS,
	WEIR_OPT_MAX_BAD,
	WEIR_OPT_PROGRESS,
	WEIR_OPT_OUT_DELIM,
	WEIR_OPT_AUDIT_LOG,
	WEIR_OPT_LOCAL = 300
};

#define WEIR_CLI_SHORTOPTS	"hqvzd:f:o:t:"
#define WEIR_CLI_LONGOPTS \
	{ "audit-log",		required_argument,	NULL,	WEIR_OPT_AUDIT_LOG }, \
	{ "bad-rows",		required_argument,	NULL,	WEIR_OPT_BAD_ROWS }, \
	{ "delimiter",		required_argument,	NULL,	'd' }, \
	{ "from",		required_argument,	NULL,	'f' }, \
	{ "gzip",		no_argument,		NULL,	'z' }, \
	{ "help",		no_argument,		NULL,	'h' }, \
	{ "max-bad",		required_argument,	NULL,	WEIR_OPT_MAX_BAD }, \
	{ "out-delimiter",	required_argument,	NULL,	WEIR_OPT_OUT_DELIM }, \
	{ "output",		required_argument,	NULL,	'o' }, \
	{ "progress",		no_argument,		NULL,	WEIR_OPT_PROGRESS }, \
	{ "quiet",		no_argument,		NULL,	'q' }, \
	{ "to",			required_argument,	NULL,	't' }, \
	{ "verbose",		no_argument,		NULL,	'v' }, \
	{ "version",		no_argument,		NULL,	WEIR_OPT_VERSION }

struct weir_cli {
	int		 help;
	int		 gzip;
	int		 progress;
	int		 from;		/* enum weir_fmt; WEIR_F_AUTO */
	int		 to;		/* enum weir_fmt; WEIR_F_AUTO: as input */
	int		 delim;		/* 0: ',' */
	int		 out_delim;	/* 0: as delim */
	long		 max_bad;	/* -1: no limit */
	const char	*output;
	const char	*bad_rows;
};

#define WEIR_CLI_INIT	{ 0, 0, 0, 0, 0, 0, 0, -1, NULL, NULL }

/* Handle a shared option; -1 (after a message) if ch is not one or is wrong. */
int	weir_cli_option(struct weir_cli *, int ch, const char *arg);
/* Exit with code once standard output is flushed: 74 if it was not. */
_Noreturn void	weir_exit_flush(int code);
/* Print "weir-NAME 0.1.0" and exit 0 (--version). */
_Noreturn void	weir_cli_version(void);
/*
 * Print the synopsis and end: code 0 (--help) adds the help text on
 * standard output; any other code adds "Try 'weir-NAME --help'." on
 * standard error.  The synopsis matches the man page's SYNOPSIS.
 */
_Noreturn void	weir_cli_usage(int code, const char *synopsis,
		    const char *help);
/*
 * Outputs that would overwrite an input or each other (-o, --bad-rows,
 * inputs[0..n)): -1 after a message, before anything is read.
 */
int	weir_cli_check_paths(const struct weir_cli *, const char *const *inputs,
	    size_t n);
/* Parse a whole decimal number in [min, max]; -1 after a message. */
int	weir_cli_long(const char *arg, long min, long max, const char *what,
	    long *out);
/*
 * Parse a finite decimal number in [min, max] (above min when open_min);
 * -1 after a message in the style of weir_cli_long().
 */
int	weir_cli_real(const char *arg, double min, double max, int open_min,
	    const char *what, double *out);
/* "A,B": two finite numbers, A below B (bounds); -1 after a message. */
int	weir_cli_range(const char *arg, const char *what, double *lo,
	    double *hi);
/*
 * The index of arg among words[0..n), or -1 after a message naming opt
 * and the choices.
 */
int	weir_cli_choice(const char *opt, const char *arg,
	    const char *const *words, int n);
/*
 * Parse a size in bytes: a whole number with an optional K, M or G
 * (powers of 1024; "256M"), at least min; -1 after a message.
 */
int	weir_cli_size(const char *arg, size_t min, const char *what,
	    size_t *out);

#endif
