#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cli.h"
#include "err.h"
#include "lineage.h"
#include "mem.h"
#include "sha256.h"

/* The one record of this process. */
static struct {
	char		*log;
	const char	*prog;
	json_t		*args;
	json_t		*inputs;
	json_t		*outputs;
	json_t		*counts;
	json_t		*keys;
	json_t		*privacy;
	json_t		*bad;
	json_t		*seed;
	time_t		 start;
	int		 started;
	int		 done;
} L;

/* Arguments that look like secrets never reach the log. */
static int
secret_like(const char *a)
{
	static const char *marks[] = { "AGE-SECRET-KEY-", "weir-column-key-",
	    WEIR_LINEAGE_KEY_PREFIX, "weir-pseudonym-key-" };
	size_t i, k, n = strlen(a);

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		for (k = 0; k + strlen(marks[i]) <= n; k++)
			if (strncasecmp(a + k, marks[i], strlen(marks[i])) == 0)
				return 1;
	return 0;
}

static void
at_exit(void)
{
	weir_lineage_finish(0);
}

static int
on_exit_code(int code)
{
	return weir_lineage_finish(code);
}

void
weir_lineage_start(int argc, char *const argv[])
{
	const char *log = getenv("WEIR_AUDIT_LOG"), *slash;
	int i;

	if (L.started)
		return;
	L.started = 1;
	slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	L.prog = argc > 0 ? (slash ? slash + 1 : argv[0]) : "weir";
	L.args = json_array();
	for (i = 1; i < argc; i++)
		json_array_append_new(L.args, json_string(secret_like(argv[i]) ?
		    "[secret removed]" : argv[i]));
	L.inputs = json_array();
	L.outputs = json_array();
	L.counts = json_object();
	L.keys = json_array();
	L.privacy = json_object();
	L.bad = json_null();
	L.seed = json_null();
	if (weir_clock_now(&L.start, NULL, NULL) == -1)
		L.start = time(NULL);
	if (log != NULL && *log != '\0')
		L.log = weir_xstrdup(log);
	weir_exit_hook = on_exit_code;
	/*
	 * A reader that goes away must not kill us before the line is
	 * written: writes then fail with EPIPE, and weir_check_pipe() logs
	 * and ends the way SIGPIPE would (status 141 in the shell).
	 */
	signal(SIGPIPE, SIG_IGN);
	atexit(at_exit);
}

void
weir_lineage_set_log(const char *path)
{
	signal(SIGPIPE, SIG_IGN);	/* as weir_lineage_start() says */
	free(L.log);
	L.log = path != NULL && *path != '\0' ? weir_xstrdup(path) : NULL;
}

int
weir_lineage_on(void)
{
	return L.started && !L.done && L.log != NULL;
}

static json_t *
digest(const unsigned char sha[32])
{
	char hex[65];

	weir_sha256_tohex(sha, hex);
	return json_pack("{s:s}", "sha256", hex);
}

/* The last entry of list named name, or NULL. */
static json_t *
find(json_t *list, const char *name)
{
	size_t i = json_array_size(list);
	json_t *v;

	while (i-- > 0) {
		v = json_array_get(list, i);
		if (strcmp(json_string_value(json_object_get(v, "name")),
		    name) == 0)
			return v;
	}
	return NULL;
}

void
weir_lineage_input(const char *name, const unsigned char sha[32],
    uint64_t bytes)
{
	if (!weir_lineage_on())
		return;
	json_array_append_new(L.inputs, json_pack("{s:s,s:o,s:I,s:n}",
	    "name", name != NULL ? name : "-", "digest", digest(sha),
	    "bytes", (json_int_t)bytes, "records"));
}

void
weir_lineage_input_records(const char *name, uint64_t records)
{
	json_t *v;

	if (weir_lineage_on() && (v = find(L.inputs, name ? name : "-")))
		json_object_set_new(v, "records", json_integer(
		    (json_int_t)records));
}

void
weir_lineage_output(const char *name, const unsigned char sha[32],
    uint64_t bytes, int committed)
{
	if (!weir_lineage_on())
		return;
	json_array_append_new(L.outputs, json_pack("{s:s,s:o,s:I,s:n,s:b}",
	    "name", name != NULL ? name : "-", "digest", digest(sha),
	    "bytes", (json_int_t)bytes, "records", "kept", committed));
}

void
weir_lineage_output_records(const char *name, uint64_t records)
{
	json_t *v;

	if (weir_lineage_on() && (v = find(L.outputs, name ? name : "-")))
		json_object_set_new(v, "records", json_integer(
		    (json_int_t)records));
}

void
weir_lineage_bad(uint64_t count, const char *file)
{
	if (!weir_lineage_on())
		return;
	json_decref(L.bad);
	L.bad = json_pack("{s:I,s:s?}", "count", (json_int_t)count, "file",
	    file);
}

void
weir_lineage_seed(unsigned long long seed)
{
	if (!weir_lineage_on())
		return;
	json_decref(L.seed);
	L.seed = json_integer((json_int_t)seed);
}

void
weir_lineage_key(const char *role, const char *fingerprint)
{
	if (weir_lineage_on())
		json_array_append_new(L.keys, json_pack("{s:s,s:s}", "role",
		    role, "fingerprint", fingerprint));
}

void
weir_lineage_privacy(const char *name, double value)
{
	if (weir_lineage_on())
		json_object_set_new(L.privacy, name, json_real(value));
}

void
weir_lineage_count(const char *name, double value)
{
	if (!weir_lineage_on())
		return;
	if (value == (double)(json_int_t)value)
		json_object_set_new(L.counts, name,
		    json_integer((json_int_t)value));
	else
		json_object_set_new(L.counts, name, json_real(value));
}

void
weir_lineage_json(const char *name, const char *text)
{
	json_t *v;

	if (weir_lineage_on() && (v = json_loads(text, 0, NULL)) != NULL)
		json_object_set_new(L.counts, name, v);
}

static json_t *
rfc3339(time_t t)
{
	char buf[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/* The Statement, with prev the hash of the log's last line. */
static char *
statement(int status, const char *prev)
{
	json_t *st, *subj = json_array(), *o, *pred;
	time_t now;
	size_t i;
	char *text;

	json_array_foreach(L.outputs, i, o)
		if (json_is_true(json_object_get(o, "kept")))
			json_array_append_new(subj, json_pack("{s:O,s:O}",
			    "name", json_object_get(o, "name"), "digest",
			    json_object_get(o, "digest")));
	if (json_array_size(subj) == 0) {
		/*
		 * in-toto wants a subject: a run that kept nothing wrote
		 * nothing to its standard output, whose digest is that of
		 * no bytes.
		 */
		unsigned char d[32];

		weir_sha256("", 0, d);
		json_array_append_new(subj, json_pack("{s:s,s:o}", "name", "-",
		    "digest", digest(d)));
	}
	if (weir_clock_now(&now, NULL, NULL) == -1)
		now = time(NULL);
	pred = json_pack("{s:s,s:s,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:o,s:o,"
	    "s:i,s:s}",
	    "program", L.prog, "version", WEIR_VERSION, "arguments", L.args,
	    "inputs", L.inputs, "outputs", L.outputs, "bad_records", L.bad,
	    "seed", L.seed, "keys", L.keys, "privacy", L.privacy,
	    "counts", L.counts, "started", rfc3339(L.start),
	    "finished", rfc3339(now), "status", status, "prev", prev);
	st = json_pack("{s:s,s:o,s:s,s:o}", "_type", WEIR_LINEAGE_STATEMENT,
	    "subject", subj, "predicateType", WEIR_LINEAGE_PREDICATE,
	    "predicate", pred);
	text = json_dumps(st, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(st);
	return text;
}

/* Read an Ed25519 signing key file; -1 when it is not one. */
static int
read_key(const char *path, unsigned char sk[crypto_sign_SECRETKEYBYTES],
    struct weir_err *e)
{
	char line[256], *s;
	size_t n, plen = strlen(WEIR_LINEAGE_KEY_PREFIX);
	FILE *fp;
	int rv = -1;

	if ((fp = fopen(path, "r")) == NULL)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "audit key '%s'", path);
	sodium_mlock(line, sizeof(line));
	while ((s = fgets(line, sizeof(line), fp)) != NULL && line[0] == '#')
		;
	fclose(fp);
	if (s != NULL)
		line[strcspn(line, "\r\n")] = '\0';
	if (s == NULL || strncmp(line, WEIR_LINEAGE_KEY_PREFIX, plen) != 0 ||
	    sodium_base642bin(sk, crypto_sign_SECRETKEYBYTES, line + plen,
	    strlen(line + plen), NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    n != crypto_sign_SECRETKEYBYTES)
		weir_errf(e, EX_NOPERM, "audit key '%s': not a weir audit "
		    "signing key", path);
	else
		rv = 0;
	sodium_munlock(line, sizeof(line));
	return rv;
}

/* The signing key named by WEIR_AUDIT_KEY: 1, 0 when none, -1 unusable. */
static int
signing_key(unsigned char sk[crypto_sign_SECRETKEYBYTES],
    struct weir_err *e)
{
	const char *path = getenv("WEIR_AUDIT_KEY");

	if (path == NULL || *path == '\0')
		return 0;
	return read_key(path, sk, e) == -1 ? -1 : 1;
}

static char *
b64(const void *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL);
	char *s = weir_xmalloc(cap);

	sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* The DSSE envelope of payload, signed over its pre-authentication text. */
static char *
envelope(const char *payload, const unsigned char *sk)
{
	struct weir_buf pae = WEIR_BUF_INIT;
	unsigned char sig[crypto_sign_BYTES], id[32];
	char keyid[65], *p64, *s64, *text;
	json_t *env;

	weir_buf_addf(&pae, "DSSEv1 %zu %s %zu ", strlen(WEIR_LINEAGE_PAYLOAD),
	    WEIR_LINEAGE_PAYLOAD, strlen(payload));
	weir_buf_adds(&pae, payload);
	crypto_sign_detached(sig, NULL, (const unsigned char *)pae.p, pae.len,
	    sk);
	weir_sha256(sk + 32, 32, id);		/* the public half */
	weir_sha256_tohex(id, keyid);
	p64 = b64(payload, strlen(payload));
	s64 = b64(sig, sizeof(sig));
	env = json_pack("{s:s,s:s,s:[{s:s,s:s}]}", "payloadType",
	    WEIR_LINEAGE_PAYLOAD, "payload", p64, "signatures", "keyid", keyid,
	    "sig", s64);
	text = json_dumps(env, JSON_COMPACT);
	json_decref(env);
	free(p64);
	free(s64);
	weir_buf_release(&pae);
	return text;
}

/*
 * Under the lock: cut a partial last line (a writer that died), and hash
 * the last whole line into prev.  *end is where the next line goes.
 */
static int
last_line(int fd, char prev[65], off_t *end, struct weir_err *e)
{
	unsigned char d[32];
	off_t size = lseek(fd, 0, SEEK_END), from, stop;
	char *buf = NULL;
	size_t win = 4096;
	ssize_t n;

	for (;;) {
		from = size > (off_t)win ? size - (off_t)win : 0;
		buf = weir_xrealloc(buf, (size_t)(size - from) + 1);
		n = pread(fd, buf, (size_t)(size - from), from);
		if (n != size - from) {
			free(buf);
			return weir_errnof(e, EX_IOERR, errno, "read the log");
		}
		/* stop: just past the last newline in the window, or -1 */
		for (stop = n; stop > 0 && buf[stop - 1] != '\n'; stop--)
			;
		if (stop > 0 || from == 0)
			break;
		win *= 4;
	}
	if (stop < n) {
		/* A line with no end: no writer finished it. */
		if (ftruncate(fd, from + stop) == -1) {
			free(buf);
			return weir_errnof(e, EX_IOERR, errno, "repair the log");
		}
		weir_warn("audit log: cut off an unfinished last line "
		    "(%lld bytes)", (long long)(n - stop));
		size = from + stop;
		n = stop;
	}
	*end = size;
	if (size == 0) {
		strcpy(prev, WEIR_LINEAGE_GENESIS);
		free(buf);
		return 0;
	}
	/* The last whole line is buf[k..n-1), before its newline. */
	for (;;) {
		off_t k;

		for (k = n - 1; k > 0 && buf[k - 1] != '\n'; k--)
			;
		if (k > 0 || from == 0) {
			weir_sha256(buf + k, (size_t)(n - 1 - k), d);
			break;
		}
		win *= 4;
		from = size > (off_t)win ? size - (off_t)win : 0;
		buf = weir_xrealloc(buf, (size_t)(size - from) + 1);
		if ((n = pread(fd, buf, (size_t)(size - from), from)) !=
		    size - from) {
			free(buf);
			return weir_errnof(e, EX_IOERR, errno, "read the log");
		}
	}
	weir_sha256_tohex(d, prev);
	free(buf);
	return 0;
}

static int
append(int status, struct weir_err *e)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char prev[65], *text = NULL, *line;
	const char *sync = getenv("WEIR_AUDIT_SYNC");
	off_t end = -1;
	size_t len;
	int fd, signing, rv = -1;

	if (sodium_init() < 0)
		return weir_errf(e, EX_SOFTWARE, "libsodium would not start");
	if ((signing = signing_key(sk, e)) == -1)
		return -1;
	if ((fd = open(L.log, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
	    0666)) == -1) {
		weir_errnof(e, weir_errno_code(errno, 1), errno, "audit log "
		    "'%s'", L.log);
		goto out;
	}
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			weir_errnof(e, EX_IOERR, errno, "lock '%s'", L.log);
			goto out;
		}
	if (last_line(fd, prev, &end, e) == -1)
		goto out;
	text = statement(status, prev);
	if (signing) {
		line = envelope(text, sk);
		free(text);
		text = line;
	}
	len = strlen(text);
	text = weir_xrealloc(text, len + 2);
	text[len++] = '\n';
	if (write(fd, text, len) != (ssize_t)len ||
	    (sync != NULL && strcmp(sync, "1") == 0 && fsync(fd) == -1)) {
		weir_errnof(e, EX_IOERR, errno, "write to '%s'", L.log);
		if (end < 0 || ftruncate(fd, end) == -1)
			weir_warn("audit log '%s': a partial line is left; "
			    "the next writer cuts it off", L.log);
		goto out;
	}
	rv = 0;
out:
	if (fd != -1)
		close(fd);		/* and the lock with it */
	sodium_memzero(sk, sizeof(sk));
	free(text);
	return rv;
}

int
weir_lineage_finish(int status)
{
	struct weir_err e;

	if (!L.started || L.done)
		return status;
	L.done = 1;
	weir_exit_hook = NULL;
	if (L.log != NULL && append(status, &e) == -1) {
		weir_note("%s", e.msg);
		if (status == 0)
			status = e.code;
	}
	return status;
}

int
weir_lineage_keygen(const char *path, char *pub, size_t pubsize,
    struct weir_err *e)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char *s64, *p64, *text = NULL;
	size_t n = 0, tsize = 0;
	int fd, rv = -1, tostdout;

	if (sodium_init() < 0)
		return weir_errf(e, EX_SOFTWARE, "libsodium would not start");
	crypto_sign_keypair(pk, sk);
	s64 = b64(sk, sizeof(sk));
	p64 = b64(pk, sizeof(pk));
	snprintf(pub, pubsize, "%s%s", WEIR_LINEAGE_PUB_PREFIX, p64);
	tsize = strlen(pub) + strlen(s64) + 128;
	text = weir_xmalloc(tsize);
	sodium_mlock(text, tsize);
	n = (size_t)sprintf(text, "# weir audit signing key; public key: %s\n"
	    "%s%s\n", pub, WEIR_LINEAGE_KEY_PREFIX, s64);
	tostdout = path == NULL || strcmp(path, "-") == 0;
	fd = tostdout ? 1 : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		weir_errnof(e, errno == EEXIST ? EX_CANTCREAT :
		    weir_errno_code(errno, 1), errno, "cannot create '%s'", path);
		goto out;
	}
	/* One write, then the disk: a key file is whole or not there. */
	if (write(fd, text, n) != (ssize_t)n || (!tostdout && fsync(fd) == -1) ||
	    (!tostdout && close(fd) == -1)) {
		weir_errnof(e, EX_IOERR, errno, "write to '%s'", path ? path :
		    "standard output");
		if (!tostdout)
			unlink(path);
		goto out;
	}
	rv = 0;
out:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(s64, strlen(s64));
	if (text != NULL) {
		sodium_munlock(text, tsize);	/* wipes it */
		free(text);
	}
	free(s64);
	free(p64);
	return rv;
}

int
weir_lineage_pubkey(const char *path, char *pub, size_t pubsize,
    struct weir_err *e)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char *p64;

	if (sodium_init() < 0)
		return weir_errf(e, EX_SOFTWARE, "libsodium would not start");
	if (read_key(path, sk, e) == -1)
		return -1;
	p64 = b64(sk + 32, 32);
	snprintf(pub, pubsize, "%s%s", WEIR_LINEAGE_PUB_PREFIX, p64);
	free(p64);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}
