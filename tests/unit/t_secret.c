/* t_secret.c - passphrases from files, descriptors, the environment, a tty. */
#define _XOPEN_SOURCE	700	/* posix_openpt and friends */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "err.h"
#include "secret.h"
#include "t.h"

static struct weir_err err;
static char tmpdir[] = "/tmp/t_secret.XXXXXX";
static char pass[WEIR_SECRET_MAX];
static size_t passlen;

/* A pipe holding text, its read end returned. */
static int
pipe_with(const char *text, size_t n)
{
	int p[2];

	if (pipe(p) == -1)
		return -1;
	if (write(p[1], text, n) != (ssize_t)n)
		return -1;
	close(p[1]);
	return p[0];
}

/* The passphrase, or "E<code>: message". */
static const char *
get(const struct weir_pass_src *src, int confirm)
{
	static char out[600];

	memset(&err, 0, sizeof(err));
	if (weir_secret_passphrase(src, confirm, pass, sizeof(pass), &passlen,
	    &err) == -1) {
		snprintf(out, sizeof(out), "E%d: %s", err.code, err.msg);
		return out;
	}
	if (passlen != strlen(pass))
		return "(length mismatch)";
	return pass;
}

static const char *
from_fd(const char *text, size_t n)
{
	struct weir_pass_src src = WEIR_PASS_SRC_INIT;
	const char *r;

	src.fd = pipe_with(text, n);
	r = get(&src, 0);
	close(src.fd);
	return r;
}

static void
test_fd(void)
{
	struct weir_pass_src src = WEIR_PASS_SRC_INIT;
	char big[3000], rest[16], want[200];
	const char *r;

	CHECK_STR(from_fd("s3cret\n", 7), "s3cret");
	CHECK_STR(from_fd("s3cret", 6), "s3cret");
	CHECK_STR(from_fd("s3cret\r\n", 8), "s3cret");
	CHECK_STR(from_fd(" spaced out \n", 13), " spaced out ");
	r = from_fd("\n", 1);
	CHECK(strncmp(r, "E77: the passphrase from --passphrase-fd ", 41) == 0 &&
	    strstr(r, " is empty") != NULL);
	CHECK(strncmp(from_fd("", 0), "E77: ", 5) == 0);
	memset(big, 'x', sizeof(big));
	r = from_fd(big, sizeof(big));
	CHECK(strncmp(r, "E77: ", 5) == 0 && strstr(r, "longer than 1023 bytes"));
	CHECK(pass[0] == '\0' && pass[500] == '\0');	/* wiped */
	memset(big, 'y', WEIR_SECRET_MAX);
	big[WEIR_SECRET_MAX] = '\n';	/* 1024 bytes: one too many */
	CHECK(strncmp(from_fd(big, WEIR_SECRET_MAX + 1), "E77: ", 5) == 0);
	big[WEIR_SECRET_MAX - 1] = '\n';
	CHECK(strlen(from_fd(big, WEIR_SECRET_MAX)) == WEIR_SECRET_MAX - 1);

	/* Only the first line is read: the rest stays for someone else. */
	src.fd = pipe_with("first\nsecond\n", 13);
	CHECK_STR(get(&src, 0), "first");
	CHECK(read(src.fd, rest, sizeof(rest)) == 7 &&
	    memcmp(rest, "second\n", 7) == 0);
	close(src.fd);

	src.fd = dup(0);	/* then not open */
	close(src.fd);
	snprintf(want, sizeof(want), "E77: cannot read the passphrase from "
	    "--passphrase-fd %d: Bad file descriptor", src.fd);
	CHECK_STR(get(&src, 0), want);
}

static void
test_file_env(void)
{
	struct weir_pass_src src = WEIR_PASS_SRC_INIT;
	char path[64], msg[200];
	int fd;

	snprintf(path, sizeof(path), "%s/pass", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(write(fd, "from file\nignored\n", 18) == 18);
	close(fd);

	setenv(WEIR_PASSPHRASE_ENV, "from env", 1);
	src.file = path;
	src.fd = pipe_with("from fd\n", 8);
	CHECK_STR(get(&src, 1), "from file");	/* file, then fd, then env */
	src.file = NULL;
	CHECK_STR(get(&src, 1), "from fd");
	close(src.fd);
	src.fd = -1;
	CHECK_STR(get(&src, 1), "from env");
	setenv(WEIR_PASSPHRASE_ENV, "", 1);
	CHECK_STR(get(&src, 0), "E77: WEIR_PASSPHRASE is empty");
	unsetenv(WEIR_PASSPHRASE_ENV);

	src.file = "/nonexistent/pass";
	CHECK_STR(get(&src, 0), "E66: cannot open '/nonexistent/pass': "
	    "No such file or directory");
	snprintf(path, sizeof(path), "%s/empty", tmpdir);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600));
	src.file = path;
	snprintf(msg, sizeof(msg), "E77: the passphrase from '%s' is empty",
	    path);
	CHECK_STR(get(&src, 0), msg);

	/* No terminal: a clear message, and 77. */
	src.file = NULL;
	src.tty = "/nonexistent/tty";
	CHECK_STR(get(&src, 1), "E77: no passphrase: set WEIR_PASSPHRASE, or "
	    "give --passphrase-file or --passphrase-fd (there is no terminal "
	    "to ask on)");
}

/* Answers typed on a pseudo-terminal, each once its prompt has shown. */
struct typist {
	int		 master;
	const char	*answers[2];
	int		 n;
	char		 seen[1024];	/* everything the terminal showed */
	size_t		 nseen;
};

static void *
type_answers(void *arg)
{
	struct typist *t = arg;
	static const char *const prompts[] = { "Enter passphrase: ",
	    "Confirm passphrase: " };
	ssize_t r;
	int i;

	for (i = 0; i < t->n; i++) {
		while (strstr(t->seen, prompts[i]) == NULL) {
			r = read(t->master, t->seen + t->nseen,
			    sizeof(t->seen) - 1 - t->nseen);
			if (r <= 0)
				return NULL;
			t->nseen += (size_t)r;
			t->seen[t->nseen] = '\0';
		}
		if (write(t->master, t->answers[i], strlen(t->answers[i])) < 0)
			return NULL;
	}
	return NULL;
}

static const char *
typed(const char *a1, const char *a2, int confirm, struct typist *t,
    int *echo_back)
{
	struct weir_pass_src src = WEIR_PASS_SRC_INIT;
	struct termios tio;
	pthread_t th;
	const char *r;
	int slave;

	memset(t, 0, sizeof(*t));
	if ((t->master = posix_openpt(O_RDWR | O_NOCTTY)) == -1 ||
	    grantpt(t->master) == -1 || unlockpt(t->master) == -1)
		return "(no pty)";
	src.tty = ptsname(t->master);
	/* Hold the slave open so the master never sees a hang-up. */
	slave = open(src.tty, O_RDWR | O_NOCTTY);
	t->answers[0] = a1;
	t->answers[1] = a2;
	t->n = a2 ? 2 : 1;
	pthread_create(&th, NULL, type_answers, t);
	r = get(&src, confirm);
	pthread_join(th, NULL);
	*echo_back = tcgetattr(slave, &tio) == 0 && (tio.c_lflag & ECHO);
	close(slave);
	close(t->master);
	return r;
}

static void
test_tty(void)
{
	struct typist t;
	int echo, fd;

	if ((fd = posix_openpt(O_RDWR | O_NOCTTY)) == -1) {
		fprintf(stderr, "t_secret: no pseudo-terminal: prompts not "
		    "tested\n");
		return;
	}
	close(fd);
	unsetenv(WEIR_PASSPHRASE_ENV);
	CHECK_STR(typed("typed secret\n", NULL, 0, &t, &echo), "typed secret");
	CHECK(echo);			/* echo is on again */
	CHECK(strstr(t.seen, "typed") == NULL);	/* and was off meanwhile */
	CHECK(strstr(t.seen, "Confirm") == NULL);

	CHECK_STR(typed("same\n", "same\n", 1, &t, &echo), "same");
	CHECK(echo);
	CHECK(strstr(t.seen, "same") == NULL);
	CHECK(strstr(t.seen, "Confirm passphrase: ") != NULL);

	CHECK_STR(typed("one\n", "two\n", 1, &t, &echo),
	    "E77: the passphrases do not match");
	CHECK(echo);
	CHECK_STR(typed("\n", NULL, 1, &t, &echo), "E77: the passphrase is empty");
	CHECK(echo);
}

static void
test_files(void)
{
	char path[64], buf[64], msg[200];
	struct stat st;
	size_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/key", tmpdir);
	CHECK(weir_secret_write_file(path, "k3y\n", 4, &err) == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(weir_secret_read_file(path, buf, sizeof(buf), &len, &err) == 0);
	CHECK(len == 4 && strcmp(buf, "k3y\n") == 0);
	memset(&err, 0, sizeof(err));
	CHECK(weir_secret_write_file(path, "new\n", 4, &err) == -1);
	CHECK(err.code == EX_CANTCREAT);
	snprintf(msg, sizeof(msg), "'%s' exists; a key file is never replaced",
	    path);
	CHECK_STR(err.msg, msg);
	CHECK(weir_secret_read_file(path, buf, sizeof(buf), &len, &err) == 0);
	CHECK_STR(buf, "k3y\n");	/* untouched */
	CHECK(weir_secret_write_file("/nonexistent/key", "x", 1, &err) == -1);
	CHECK(err.code == EX_CANTCREAT);

	/* Too large, missing, a directory. */
	snprintf(path, sizeof(path), "%s/big", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(write(fd, "0123456789abcdef0123456789abcdef", 32) == 32);
	close(fd);
	CHECK(weir_secret_read_file(path, buf, 32, &len, &err) == -1);
	CHECK(err.code == EX_DATAERR && strstr(err.msg, "too large"));
	CHECK(buf[0] == '\0');
	CHECK(weir_secret_read_file(path, buf, 33, &len, &err) == 0 && len == 32);
	CHECK(weir_secret_read_file("/nonexistent/k", buf, sizeof(buf), &len,
	    &err) == -1 && err.code == EX_NOINPUT);
	CHECK(weir_secret_read_file(tmpdir, buf, sizeof(buf), &len,
	    &err) == -1 && err.code == EX_NOINPUT);
	unlink(path);
	snprintf(path, sizeof(path), "%s/key", tmpdir);
	unlink(path);
}

int
main(void)
{
	char path[64];

	alarm(20);	/* a prompt that never returns must not hang make check */
	weir_quiet = 1;
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_fd();
	test_file_env();
	test_tty();
	test_files();
	snprintf(path, sizeof(path), "%s/pass", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/empty", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return T_DONE();
}
