/*
 * secret.h - passphrases and secret files (DESIGN §4: never from argv).
 *
 * A passphrase comes, in this order, from a file (--passphrase-file), an
 * open file descriptor (--passphrase-fd), the environment variable
 * WEIR_PASSPHRASE, or a prompt on the controlling terminal with echo off
 * (asked twice when confirm is set).  A file or descriptor holds the
 * passphrase followed by at most one line end (LF or CRLF); a passphrase
 * cannot contain a line break and cannot be empty.  Without any of these
 * and without a terminal, the call fails with EX_NOPERM and a message that
 * says how to give one.
 *
 * The caller owns every buffer: lock it with weir_secret_lock() if it
 * likes and wipe it with weir_secret_wipe() as soon as it is done.  These
 * functions wipe every copy they make themselves.
 *
 * Secret files (keys) are read whole into the caller's buffer; a regular
 * file that group or others may read draws a warning.  They are written
 * with weir_secret_write_file(): created with mode 0600 and O_EXCL, so an
 * existing key is never replaced.
 */
#ifndef WEIR_SECRET_H
#define WEIR_SECRET_H

#include <stddef.h>

#include "err.h"

#define WEIR_SECRET_MAX		1024	/* longest passphrase, with its NUL */
#define WEIR_SECRET_FILE_MAX	65536	/* largest key file read */
#define WEIR_PASSPHRASE_ENV	"WEIR_PASSPHRASE"

struct weir_pass_src {
	const char	*file;		/* --passphrase-file, or NULL */
	int		 fd;		/* --passphrase-fd, or -1 */
	const char	*tty;		/* terminal to ask on; NULL: /dev/tty */
};

#define WEIR_PASS_SRC_INIT	{ NULL, -1, NULL }

/*
 * Fill buf (size bytes, at most WEIR_SECRET_MAX used) with a
 * NUL-terminated passphrase and *len with its length.
 */
int	weir_secret_passphrase(const struct weir_pass_src *, int confirm,
	    char *buf, size_t size, size_t *len, struct weir_err *e);

/*
 * Ask for a line on the terminal open as fd, with echo off (restored even
 * when a signal arrives meanwhile, which is then re-raised).
 */
int	weir_secret_prompt(int fd, const char *prompt, char *buf, size_t size,
	    size_t *len, struct weir_err *e);

/*
 * Read a whole secret from path, or from fd, into buf (NUL-terminated;
 * *len excludes the NUL).  what names the source in messages.
 */
int	weir_secret_read_file(const char *path, char *buf, size_t size,
	    size_t *len, struct weir_err *e);
int	weir_secret_read_fd(int fd, const char *what, char *buf, size_t size,
	    size_t *len, struct weir_err *e);

/*
 * Write p[0..n) to a new file path with mode 0600, refusing to replace one
 * (EX_CANTCREAT); NULL or "-" writes to standard output.  On failure
 * nothing is left behind.
 */
int	weir_secret_write_file(const char *path, const void *p, size_t n,
	    struct weir_err *e);

/*
 * Warn when path is a regular file that group or others can read (for
 * key files read by other modules); silent when it cannot be looked at.
 */
void	weir_secret_check_mode(const char *path);

/* Keep p out of swap where the system allows (a no-op otherwise). */
void	weir_secret_lock(void *p, size_t n);
/* Wipe p and unlock it. */
void	weir_secret_wipe(void *p, size_t n);

#endif
