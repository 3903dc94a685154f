#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "secret.h"

void
weir_secret_lock(void *p, size_t n)
{
	(void)sodium_mlock(p, n);	/* RLIMIT_MEMLOCK may forbid it: fine */
}

void
weir_secret_wipe(void *p, size_t n)
{
	(void)sodium_munlock(p, n);	/* zeroes first, whatever munlock says */
}

/* Warn when a secret in a regular file can be read by group or others. */
static void
check_mode(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
		weir_warn("%s: readable by group or others (mode %03o); "
		    "chmod 600 it", path, (unsigned)(st.st_mode & 0777));
}


void
weir_secret_check_mode(const char *path)
{
	struct stat st;

	/* stat(2), not open(2): opening a FIFO would disturb its writer. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
		weir_warn("%s: readable by group or others (mode %03o); "
		    "chmod 600 it", path, (unsigned)(st.st_mode & 0777));
}

static int
open_secret(const char *path, struct weir_err *e)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", path);
	check_mode(fd, path);
	return fd;
}

/*
 * Read the first line of fd, a byte at a time so that nothing after it is
 * consumed; the line end (LF or CRLF) is dropped.
 */
static int
read_line(int fd, const char *what, char *buf, size_t size, size_t *len,
    struct weir_err *e)
{
	size_t n = 0;
	ssize_t r;
	char c;

	if (size > WEIR_SECRET_MAX)
		size = WEIR_SECRET_MAX;
	for (;;) {
		if ((r = read(fd, &c, 1)) == -1) {
			int err = errno;

			if (err == EINTR)
				continue;
			weir_secret_wipe(buf, size);
			return weir_errnof(e, err == EBADF ? EX_NOPERM :
			    EX_IOERR, err, "cannot read the passphrase from %s",
			    what);
		}
		if (r == 0 || c == '\n')
			break;
		if (n + 1 >= size) {
			weir_secret_wipe(buf, size);
			return weir_errf(e, EX_NOPERM, "the passphrase from %s "
			    "is longer than %zu bytes", what, size - 1);
		}
		buf[n++] = c;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	sodium_memzero(&c, sizeof(c));
	if (n == 0)
		return weir_errf(e, EX_NOPERM, "the passphrase from %s is "
		    "empty", what);
	*len = n;
	return 0;
}

/* Set by the handlers weir_secret_prompt() installs. */
static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	caught = sig;
}

int
weir_secret_prompt(int fd, const char *prompt, char *buf, size_t size,
    size_t *len, struct weir_err *e)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	struct sigaction sa, saved[sizeof(sigs) / sizeof(sigs[0])];
	struct termios old, quiet;
	size_t i, n = 0;
	ssize_t r;
	int echo_off = 0, rv = -1;
	char c;

	if (size > WEIR_SECRET_MAX)
		size = WEIR_SECRET_MAX;
	caught = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: read(2) gives EINTR */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	if (write(fd, prompt, strlen(prompt)) == -1) {
		weir_errnof(e, EX_NOPERM, errno, "cannot ask for the passphrase");
		goto out;
	}
	for (;;) {
		if ((r = read(fd, &c, 1)) == -1) {
			if (errno == EINTR && !caught)
				continue;
			if (caught)
				weir_errf(e, EX_NOPERM, "interrupted");
			else
				weir_errnof(e, EX_NOPERM, errno,
				    "cannot read the passphrase");
			goto out;
		}
		if (r == 0 || c == '\n')
			break;
		if (n + 1 >= size) {
			weir_errf(e, EX_NOPERM, "the passphrase is longer "
			    "than %zu bytes", size - 1);
			goto out;
		}
		buf[n++] = c;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	rv = 0;
out:
	sodium_memzero(&c, sizeof(c));
	if (echo_off)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (caught)
		(void)!write(fd, "\n", 1);
	if (rv == -1)
		weir_secret_wipe(buf, size);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &saved[i], NULL);
	if (caught)
		raise(caught);	/* the terminal is sane again: now die of it */
	return rv;
}

static int
from_terminal(const char *tty, int confirm, char *buf, size_t size,
    size_t *len, struct weir_err *e)
{
	char again[WEIR_SECRET_MAX];
	size_t n2;
	int fd, rv = -1;

	if ((fd = open(tty ? tty : "/dev/tty", O_RDWR | O_CLOEXEC |
	    O_NOCTTY)) == -1)
		return weir_errf(e, EX_NOPERM, "no passphrase: set "
		    WEIR_PASSPHRASE_ENV ", or give --passphrase-file or "
		    "--passphrase-fd (there is no terminal to ask on)");
	if (weir_secret_prompt(fd, "Enter passphrase: ", buf, size, len,
	    e) == -1)
		goto out;
	if (*len == 0) {
		weir_errf(e, EX_NOPERM, "the passphrase is empty");
		goto out;
	}
	if (confirm) {
		weir_secret_lock(again, sizeof(again));
		if (weir_secret_prompt(fd, "Confirm passphrase: ", again,
		    sizeof(again), &n2, e) == -1) {
			weir_secret_wipe(again, sizeof(again));
			goto out;
		}
		if (n2 != *len || sodium_memcmp(again, buf, n2) != 0) {
			weir_secret_wipe(again, sizeof(again));
			weir_errf(e, EX_NOPERM, "the passphrases do not match");
			goto out;
		}
		weir_secret_wipe(again, sizeof(again));
	}
	rv = 0;
out:
	if (rv == -1)
		weir_secret_wipe(buf, size);
	close(fd);
	return rv;
}

int
weir_secret_passphrase(const struct weir_pass_src *src, int confirm,
    char *buf, size_t size, size_t *len, struct weir_err *e)
{
	char what[1024];
	const char *env;
	int fd, rv;

	if (size > WEIR_SECRET_MAX)
		size = WEIR_SECRET_MAX;
	if (src->file != NULL) {
		if ((fd = open_secret(src->file, e)) == -1)
			return -1;
		snprintf(what, sizeof(what), "'%s'", src->file);
		rv = read_line(fd, what, buf, size, len, e);
		close(fd);
		return rv;
	}
	if (src->fd >= 0) {
		snprintf(what, sizeof(what), "--passphrase-fd %d", src->fd);
		return read_line(src->fd, what, buf, size, len, e);
	}
	if ((env = getenv(WEIR_PASSPHRASE_ENV)) != NULL) {
		if ((*len = strlen(env)) == 0)
			return weir_errf(e, EX_NOPERM, WEIR_PASSPHRASE_ENV
			    " is empty");
		if (*len >= size)
			return weir_errf(e, EX_NOPERM, WEIR_PASSPHRASE_ENV
			    " is longer than %zu bytes", size - 1);
		memcpy(buf, env, *len + 1);
		return 0;
	}
	return from_terminal(src->tty, confirm, buf, size, len, e);
}

int
weir_secret_read_fd(int fd, const char *what, char *buf, size_t size,
    size_t *len, struct weir_err *e)
{
	size_t n = 0;
	ssize_t r;
	char more;

	for (;;) {
		if (n + 1 < size)
			r = read(fd, buf + n, size - 1 - n);
		else if ((r = read(fd, &more, 1)) > 0) {
			weir_secret_wipe(buf, size);
			return weir_errf(e, EX_DATAERR, "'%s' is too large for "
			    "a key file (more than %zu bytes)", what, size - 1);
		}
		if (r == -1) {
			int err = errno;

			if (err == EINTR)
				continue;
			weir_secret_wipe(buf, size);
			return weir_errnof(e, err == EISDIR ? EX_NOINPUT :
			    EX_IOERR, err, "cannot read '%s'", what);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return 0;
}

int
weir_secret_read_file(const char *path, char *buf, size_t size, size_t *len,
    struct weir_err *e)
{
	int fd, rv;

	if ((fd = open_secret(path, e)) == -1)
		return -1;
	rv = weir_secret_read_fd(fd, path, buf, size, len, e);
	close(fd);
	return rv;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
weir_secret_write_file(const char *path, const void *p, size_t n,
    struct weir_err *e)
{
	int fd, err;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (write_all(1, p, n) == -1) {
			weir_check_pipe(errno);
			return weir_errnof(e, EX_IOERR, errno,
			    "write to standard output");
		}
		return 0;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		if (errno == EEXIST)
			return weir_errf(e, EX_CANTCREAT, "'%s' exists; a key "
			    "file is never replaced", path);
		return weir_errnof(e, weir_errno_code(errno, 1), errno,
		    "cannot create '%s'", path);
	}
	if (write_all(fd, p, n) == -1 || fsync(fd) == -1) {
		err = errno;
		close(fd);
		unlink(path);
		return weir_errnof(e, EX_IOERR, err, "write to '%s'", path);
	}
	if (close(fd) == -1) {
		err = errno;
		unlink(path);
		return weir_errnof(e, EX_IOERR, err, "write to '%s'", path);
	}
	return 0;
}
