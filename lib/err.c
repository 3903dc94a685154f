#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

int weir_quiet;
int (*weir_exit_hook)(int);
int weir_verbose;
static const char *prog = "weir";

void
weir_setprog(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	prog = slash ? slash + 1 : argv0;
}

const char *
weir_prog(void)
{
	return prog;
}

/*
 * Messages are formatted aside and then copied in, so that an argument
 * may be e->msg itself ("FILE:LINE: %s", e->msg): adding context to an
 * error from below is safe, never an overlapping vsnprintf.
 */
static void
set_msg(struct weir_err *e, const char *fmt, va_list ap)
{
	char msg[sizeof(e->msg)];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	memcpy(e->msg, msg, sizeof(msg));
}

int
weir_errf(struct weir_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	set_msg(e, fmt, ap);
	va_end(ap);
	e->code = code;
	return -1;
}

int
weir_errnof(struct weir_err *e, int code, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	set_msg(e, fmt, ap);
	va_end(ap);
	e->code = code;
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, ": %s", strerror(errnum));
	return -1;
}

int
weir_err_prefix(struct weir_err *e, const char *fmt, ...)
{
	char pre[sizeof(e->msg)];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	return weir_errf(e, e->code, "%s%s", pre, e->msg);
}

int
weir_errno_code(int errnum, int for_output)
{
	switch (errnum) {
	case ENOENT:
	case ENOTDIR:
		return for_output ? EX_CANTCREAT : EX_NOINPUT;
	case EACCES:
	case EPERM:
		return for_output ? EX_CANTCREAT : EX_NOPERM;
	case ENOMEM:
		return EX_OSERR;
	case EISDIR:
		return for_output ? EX_CANTCREAT : EX_NOINPUT;
	default:
		return EX_IOERR;
	}
}

static void vmsg(const char *, va_list) __attribute__((format(printf, 1, 0)));

static void
vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
weir_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	weir_exit(code);
}

void
weir_die_err(const struct weir_err *e)
{
	fprintf(stderr, "%s: %s\n", prog, e->msg);
	weir_exit(e->code ? e->code : EX_SOFTWARE);
}

void
weir_exit(int code)
{
	if (weir_exit_hook != NULL)
		code = weir_exit_hook(code);
	exit(code);
}

void
weir_warn(const char *fmt, ...)
{
	va_list ap;

	if (weir_quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
weir_info(const char *fmt, ...)
{
	va_list ap;

	if (!weir_verbose || weir_quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
weir_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
weir_check_pipe(int errnum)
{
	if (errnum != EPIPE)
		return;
	if (weir_exit_hook != NULL)
		weir_exit_hook(128 + SIGPIPE);
	signal(SIGPIPE, SIG_DFL);	/* a parent may have ignored it */
	raise(SIGPIPE);
	_exit(128 + SIGPIPE);
}
