/*
 * lineage_read.c - parse and verify the lineage log (lineage_read.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "lineage.h"
#include "lineage_read.h"
#include "mem.h"
#include "sha256.h"

/* ---- reading lines */

/* The log being read, line by line, under a shared lock. */
struct logfile {
	const char		*path;
	FILE			*fp;
	char			*line;
	size_t			 cap;
	size_t			 len;		/* of line, newline excluded */
	unsigned long		 lineno;	/* whole lines so far */
	uint64_t		 bytes;
	struct weir_sha256	 sha;
};

static int
log_open(struct logfile *f, const char *path, struct weir_err *e)
{
	struct stat st;
	int fd;

	memset(f, 0, sizeof(*f));
	f->path = path;
	if (strcmp(path, "-") == 0)
		fd = dup(0);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return weir_errf(e, EX_NOINPUT, "'%s' is a folder, not a log",
		    path);
	}
	/* Writers append under LOCK_EX: a line is there whole or not yet. */
	if (S_ISREG(st.st_mode))
		while (flock(fd, LOCK_SH) == -1 && errno == EINTR)
			;
	if ((f->fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return weir_errnof(e, EX_OSERR, errno, "cannot read '%s'",
		    path);
	}
	weir_sha256_init(&f->sha);
	return 0;
}

/*
 * The next line into f->line (NUL-terminated, newline removed): 1 for a
 * whole line, 2 for bytes at the end with no newline, 0 at the end, -1.
 */
static int
log_next(struct logfile *f, struct weir_err *e)
{
	ssize_t n;
	char *p = f->line;

	errno = 0;
	n = getline(&p, &f->cap, f->fp);
	f->line = p;
	if (n == -1) {
		if (ferror(f->fp))
			return weir_errnof(e, EX_IOERR, errno, "read '%s'",
			    f->path);
		return 0;
	}
	weir_sha256_update(&f->sha, f->line, (size_t)n);
	f->bytes += (uint64_t)n;
	if (f->line[n - 1] != '\n') {
		f->len = (size_t)n;
		return 2;
	}
	f->line[--n] = '\0';
	f->len = (size_t)n;
	f->lineno++;
	return 1;
}

/* Close (and unlock); the log becomes an input of this run. */
static void
log_close(struct logfile *f)
{
	unsigned char d[32];

	if (f->fp != NULL) {
		fclose(f->fp);
		weir_sha256_peek(&f->sha, d);
		weir_lineage_input(f->path, d, f->bytes);
		weir_lineage_input_records(f->path, f->lineno);
		weir_sha256_release(&f->sha);
	}
	free(f->line);
	f->fp = NULL;
	f->line = NULL;
}

/* ---- parsing one line */

static int
is_hex64(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Base64, standard or URL-safe, padded or not (DSSE allows either). */
static unsigned char *
unb64(const char *s, size_t *n)
{
	static const int variants[] = { sodium_base64_VARIANT_ORIGINAL,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
	    sodium_base64_VARIANT_URLSAFE,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING };
	size_t len = strlen(s), i;
	unsigned char *p = weir_xmalloc(len / 4 * 3 + 4);

	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (sodium_base642bin(p, len / 4 * 3 + 4, s, len, NULL, n,
		    NULL, variants[i]) == 0)
			return p;
	free(p);
	return NULL;
}

static int64_t
opt_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

static void
copy_str(char *dst, size_t size, json_t *v)
{
	const char *s = json_string_value(v);

	snprintf(dst, size, "%s", s != NULL ? s : "");
}

/*
 * The files of one list.  A program that reads a file twice (two passes)
 * reports it twice: one entry per name and digest, the last counts kept.
 */
static int
parse_files(json_t *list, const char *what, int outputs,
    struct weir_lineage_file **fp, size_t *np, struct weir_err *e)
{
	struct weir_lineage_file *f, *g;
	const char *name, *sha;
	json_t *v;
	size_t i, k, n = 0;

	if (!json_is_array(list))
		return weir_errf(e, EX_DATAERR, "predicate.%s is not a list",
		    what);
	f = weir_xcalloc(json_array_size(list) + 1, sizeof(*f));
	*fp = f;
	json_array_foreach(list, i, v) {
		name = json_string_value(json_object_get(v, "name"));
		sha = json_string_value(json_object_get(json_object_get(v,
		    "digest"), "sha256"));
		if (name == NULL || !is_hex64(sha)) {
			*np = n;
			return weir_errf(e, EX_DATAERR, "predicate.%s[%zu] has "
			    "no name or no sha256 digest", what, i);
		}
		for (k = 0, g = NULL; k < n; k++)
			if (strcmp(f[k].name, name) == 0 &&
			    strcmp(f[k].sha, sha) == 0)
				g = &f[k];
		if (g == NULL) {
			g = &f[n++];
			g->name = weir_xstrdup(name);
			memcpy(g->sha, sha, 65);
			g->bytes = g->records = -1;
		}
		if (opt_int(v, "bytes") >= 0)
			g->bytes = opt_int(v, "bytes");
		if (opt_int(v, "records") >= 0)
			g->records = opt_int(v, "records");
		g->kept = outputs ? json_is_true(json_object_get(v, "kept")) :
		    1;
	}
	*np = n;
	return 0;
}

static int
parse_statement(json_t *st, struct weir_lineage_step *s, struct weir_err *e)
{
	json_t *pred, *args, *v;
	const char *prog, *prev;
	size_t i;

	if (!json_is_object(st))
		return weir_errf(e, EX_DATAERR, "not a JSON object");
	if (!json_is_string(json_object_get(st, "_type")) ||
	    strcmp(json_string_value(json_object_get(st, "_type")),
	    WEIR_LINEAGE_STATEMENT) != 0)
		return weir_errf(e, EX_DATAERR, "not an in-toto Statement v1");
	v = json_object_get(st, "predicateType");
	if (!json_is_string(v) || strcmp(json_string_value(v),
	    WEIR_LINEAGE_PREDICATE) != 0)
		return weir_errf(e, EX_DATAERR, "predicateType is not '%s'",
		    WEIR_LINEAGE_PREDICATE);
	pred = json_object_get(st, "predicate");
	prog = json_string_value(json_object_get(pred, "program"));
	prev = json_string_value(json_object_get(pred, "prev"));
	if (prog == NULL)
		return weir_errf(e, EX_DATAERR, "no predicate.program");
	if (!is_hex64(prev))
		return weir_errf(e, EX_DATAERR, "no predicate.prev (64 hex "
		    "digits)");
	if (!json_is_integer(json_object_get(pred, "status")))
		return weir_errf(e, EX_DATAERR, "no predicate.status");
	s->program = weir_xstrdup(prog);
	memcpy(s->prev, prev, 65);
	s->version = weir_xstrdup(json_is_string(json_object_get(pred,
	    "version")) ? json_string_value(json_object_get(pred,
	    "version")) : "");
	s->status = (int)json_integer_value(json_object_get(pred, "status"));
	copy_str(s->started, sizeof(s->started), json_object_get(pred,
	    "started"));
	copy_str(s->finished, sizeof(s->finished), json_object_get(pred,
	    "finished"));
	args = json_object_get(pred, "arguments");
	s->arg = weir_xcalloc(json_array_size(args) + 1, sizeof(*s->arg));
	json_array_foreach(args, i, v)
		s->arg[s->narg++] = weir_xstrdup(json_is_string(v) ?
		    json_string_value(v) : "?");
	if (parse_files(json_object_get(pred, "inputs"), "inputs", 0, &s->in,
	    &s->nin, e) == -1 || parse_files(json_object_get(pred,
	    "outputs"), "outputs", 1, &s->out, &s->nout, e) == -1)
		return -1;
	return 0;
}

/* A DSSE envelope's parts, kept for the signature check. */
struct envelope {
	unsigned char	*payload;
	size_t		 len;
	json_t		*sigs;
};

static void
keyid(const unsigned char pk[32], char hex[65])
{
	unsigned char d[32];

	weir_sha256(pk, 32, d);
	weir_sha256_tohex(d, hex);
}

/*
 * The envelope's signatures against the keys: WEIR_LINEAGE_OK when one
 * by a known key verifies; else BAD_SIG when a known key's does not, or
 * UNKNOWN_KEY.  why names the key.
 */
static int
check_sigs(const struct envelope *env, const struct weir_lineage_vopts *o,
    char *why, size_t size)
{
	struct weir_buf pae = WEIR_BUF_INIT;
	unsigned char *sig;
	const char *id, *s64;
	char kid[65], first[65] = "";
	json_t *v;
	size_t i, k, n;
	int bad = 0, good = 0;

	weir_buf_addf(&pae, "DSSEv1 %zu %s %zu ", strlen(WEIR_LINEAGE_PAYLOAD),
	    WEIR_LINEAGE_PAYLOAD, env->len);
	weir_buf_add(&pae, env->payload, env->len);
	json_array_foreach(env->sigs, i, v) {
		id = json_string_value(json_object_get(v, "keyid"));
		s64 = json_string_value(json_object_get(v, "sig"));
		if (id == NULL)
			id = "";
		if (first[0] == '\0')
			snprintf(first, sizeof(first), "%s", id);
		sig = s64 != NULL ? unb64(s64, &n) : NULL;
		for (k = 0; k < o->npk; k++) {
			keyid(o->pk[k], kid);
			if (*id != '\0' && strcmp(id, kid) != 0)
				continue;
			if (sig != NULL && n == crypto_sign_BYTES &&
			    crypto_sign_verify_detached(sig,
			    (const unsigned char *)pae.p, pae.len,
			    o->pk[k]) == 0)
				good = 1;
			else if (*id != '\0') {
				bad = 1;
				snprintf(first, sizeof(first), "%s", id);
			}
		}
		free(sig);
	}
	weir_buf_release(&pae);
	if (good)
		return WEIR_LINEAGE_OK;
	if (bad) {
		snprintf(why, size, "bad signature (key %.16s)", first);
		return WEIR_LINEAGE_BAD_SIG;
	}
	if (first[0] != '\0')
		snprintf(why, size, "signed by an unknown key (keyid %.16s)",
		    first);
	else
		snprintf(why, size, "signed by an unknown key (no keyid, and "
		    "no key given verifies it)");
	return WEIR_LINEAGE_UNKNOWN_KEY;
}

/*
 * Parse line into s.  With keys (o not NULL, npk > 0) the line must be an
 * envelope with a good signature by one of them, checked before its
 * payload is parsed, so that any change to a signed line is a bad
 * signature.  -1 with *fault and e when the line fails.
 */
static int
parse_line(const char *line, size_t len, struct weir_lineage_step *s,
    const struct weir_lineage_vopts *o, int *fault, struct weir_err *e)
{
	struct envelope env;
	char why[160];
	json_error_t je;
	json_t *j, *st = NULL, *v;
	unsigned char *payload = NULL;
	const char *type, *p64;
	size_t plen = 0;
	int rv = -1;

	memset(s, 0, sizeof(*s));
	*fault = WEIR_LINEAGE_NOT_JSON;
	j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		return weir_errf(e, EX_DATAERR, "not JSON (%s, column %d)",
		    je.text, je.column);
	*fault = WEIR_LINEAGE_NOT_STEP;
	if (!json_is_object(j)) {
		weir_errf(e, EX_DATAERR, "not a JSON object");
		goto out;
	}
	if ((v = json_object_get(j, "payloadType")) != NULL) {
		type = json_string_value(v);
		p64 = json_string_value(json_object_get(j, "payload"));
		if (type == NULL || strcmp(type, WEIR_LINEAGE_PAYLOAD) != 0) {
			weir_errf(e, EX_DATAERR, "payloadType is not '%s'",
			    WEIR_LINEAGE_PAYLOAD);
			goto out;
		}
		if (p64 == NULL || (payload = unb64(p64, &plen)) == NULL) {
			weir_errf(e, EX_DATAERR, "the payload is not base64");
			goto out;
		}
		v = json_object_get(j, "signatures");
		if (!json_is_array(v)) {
			weir_errf(e, EX_DATAERR, "no signatures list");
			goto out;
		}
		s->nsig = (int)json_array_size(v);
		if (o != NULL && o->npk > 0 && s->nsig == 0) {
			*fault = WEIR_LINEAGE_UNSIGNED;
			weir_errf(e, EX_DATAERR, "not signed (an envelope with "
			    "no signature)");
			goto out;
		}
		env.payload = payload;
		env.len = plen;
		env.sigs = v;
		if (o != NULL && o->npk > 0 && (*fault = check_sigs(&env, o,
		    why, sizeof(why))) != WEIR_LINEAGE_OK) {
			weir_errf(e, EX_DATAERR, "%s", why);
			goto out;
		}
		*fault = WEIR_LINEAGE_NOT_STEP;
		if ((st = json_loadb((const char *)payload, plen,
		    JSON_REJECT_DUPLICATES, &je)) == NULL) {
			weir_errf(e, EX_DATAERR, "the payload is not JSON "
			    "(%s)", je.text);
			goto out;
		}
	} else if (o != NULL && o->npk > 0) {
		*fault = WEIR_LINEAGE_UNSIGNED;
		weir_errf(e, EX_DATAERR, "not signed (with --pubkey every line "
		    "must be)");
		goto out;
	} else
		st = json_incref(j);
	if (parse_statement(st, s, e) == -1)
		goto out;
	*fault = WEIR_LINEAGE_OK;
	rv = 0;
out:
	free(payload);
	json_decref(st);
	json_decref(j);
	return rv;
}

int
weir_lineage_parse(const char *line, size_t len, struct weir_lineage_step *s,
    int *fault, struct weir_err *e)
{
	if (parse_line(line, len, s, NULL, fault, e) == 0)
		return 0;
	if (*fault == WEIR_LINEAGE_NOT_STEP)
		weir_err_prefix(e, "not a weir lineage line: ");
	return -1;
}

void
weir_lineage_step_release(struct weir_lineage_step *s)
{
	size_t i;

	if (s == NULL)
		return;
	free(s->program);
	free(s->version);
	for (i = 0; i < s->narg; i++)
		free(s->arg[i]);
	free(s->arg);
	for (i = 0; i < s->nin; i++)
		free(s->in[i].name);
	free(s->in);
	for (i = 0; i < s->nout; i++)
		free(s->out[i].name);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

/* ---- loading a whole log */

int
weir_lineage_load(struct weir_lineage_log *log, const char *path,
    struct weir_err *e)
{
	struct weir_lineage_step s;
	struct logfile f;
	unsigned char d[32];
	size_t cap = 0;
	int r, fault;

	memset(log, 0, sizeof(*log));
	if (log_open(&f, path, e) == -1)
		return -1;
	while ((r = log_next(&f, e)) == 1) {
		if (weir_lineage_parse(f.line, f.len, &s, &fault, e) == -1) {
			weir_lineage_step_release(&s);
			weir_err_prefix(e, "%s:%lu: ", path, f.lineno);
			r = -1;
			break;
		}
		s.line = f.lineno;
		weir_sha256(f.line, f.len, d);
		weir_sha256_tohex(d, s.hash);
		if (log->n == cap) {
			cap = cap ? 2 * cap : 64;
			log->step = weir_xreallocarray(log->step, cap,
			    sizeof(*log->step));
		}
		log->step[log->n++] = s;
	}
	if (r == 2)
		log->cut = f.len;
	log_close(&f);
	if (r == -1) {
		weir_lineage_log_release(log);
		return -1;
	}
	return 0;
}

void
weir_lineage_log_release(struct weir_lineage_log *log)
{
	size_t i;

	for (i = 0; i < log->n; i++)
		weir_lineage_step_release(&log->step[i]);
	free(log->step);
	memset(log, 0, sizeof(*log));
}

/* ---- keys */

int
weir_lineage_pub_parse(const char *text, unsigned char pk[32])
{
	size_t plen = strlen(WEIR_LINEAGE_PUB_PREFIX), n, len;

	if (strncmp(text, WEIR_LINEAGE_PUB_PREFIX, plen) != 0)
		return -1;
	text += plen;
	len = strcspn(text, "\r\n");
	if (text[len] != '\0' && text[len + strspn(text + len, "\r\n")] !=
	    '\0')
		return -1;
	if (sodium_base642bin(pk, 32, text, len, NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || n != 32)
		return -1;
	return 0;
}

int
weir_lineage_pub_read(const char *path, unsigned char pk[32],
    struct weir_err *e)
{
	char line[256], *s;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "public key '%s'", path);
	while ((s = fgets(line, sizeof(line), fp)) != NULL &&
	    (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0'))
		;
	fclose(fp);
	if (s != NULL && strncmp(line, WEIR_LINEAGE_KEY_PREFIX,
	    strlen(WEIR_LINEAGE_KEY_PREFIX)) == 0) {
		sodium_memzero(line, sizeof(line));
		return weir_errf(e, EX_NOPERM, "public key '%s': it is the "
		    "secret signing key; give its public key (weir audit "
		    "keygen -y)", path);
	}
	if (s == NULL || weir_lineage_pub_parse(line, pk) == -1)
		return weir_errf(e, EX_NOPERM, "public key '%s': not a weir "
		    "audit public key ('%s...')", path, WEIR_LINEAGE_PUB_PREFIX);
	return 0;
}

/* ---- verifying */

static void
fail(struct weir_lineage_verdict *v, unsigned long line, int fault,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
fail(struct weir_lineage_verdict *v, unsigned long line, int fault,
    const char *fmt, ...)
{
	va_list ap;

	if (v->bad != 0 || v->fault != WEIR_LINEAGE_OK)
		return;
	v->bad = line;
	v->fault = fault;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
}

/*
 * Line k's prev is not the hash of line k-1: say what that means from
 * where prev leads (hashes of every line, hash[i] of line i + 1).
 */
static void
diagnose(struct weir_lineage_verdict *v, unsigned long k, const char *prev,
    unsigned char (*hash)[32], unsigned long n)
{
	unsigned char want[32];
	unsigned long m;
	size_t len;

	if (sodium_hex2bin(want, 32, prev, 64, NULL, &len, NULL) != 0)
		return;
	for (m = 1; m < k; m++)
		if (memcmp(hash[m - 1], hash[k - 1], 32) == 0) {
			snprintf(v->why, sizeof(v->why), "a copy of line %lu "
			    "(a line replayed)", m);
			v->fault = WEIR_LINEAGE_MOVED;
			return;
		}
	for (m = 1; m <= n; m++)
		if (memcmp(hash[m - 1], want, 32) == 0)
			break;
	if (m > n && k == 1)
		snprintf(v->why, sizeof(v->why), "prev is not the genesis "
		    "hash: the lines before it were removed (or edited)");
	else if (m > n)
		snprintf(v->why, sizeof(v->why), "prev does not match line "
		    "%lu: line %lu was edited or replaced, or lines after it "
		    "were removed", k - 1, k - 1);
	else if (m >= k)
		snprintf(v->why, sizeof(v->why), "out of order: prev is the "
		    "hash of line %lu, which comes after it (lines swapped or "
		    "moved)", m);
	else
		snprintf(v->why, sizeof(v->why), "out of place: prev is the "
		    "hash of line %lu, not of line %lu (lines inserted or "
		    "moved)", m, k - 1);
	v->fault = m > n ? WEIR_LINEAGE_BROKEN : WEIR_LINEAGE_MOVED;
}

int
weir_lineage_head_parse(const char *text, struct weir_lineage_vopts *o)
{
	char *end;
	unsigned long n;
	size_t i;

	errno = 0;
	n = strtoul(text, &end, 10);
	if (end == text || *end != ':' || errno == ERANGE || *text == '-' ||
	    *text == '+' || strlen(end + 1) != 64)
		return -1;
	for (i = 1; i <= 64; i++)
		if (!((end[i] >= '0' && end[i] <= '9') ||
		    (end[i] >= 'a' && end[i] <= 'f')))
			return -1;
	o->head_line = n;
	memcpy(o->head_hash, end + 1, 65);
	return 0;
}

int
weir_lineage_verify(const char *path, const struct weir_lineage_vopts *o,
    struct weir_lineage_verdict *v, struct weir_err *e)
{
	struct weir_lineage_step s;
	struct logfile f;
	unsigned char (*hash)[32] = NULL;
	char expect[65] = WEIR_LINEAGE_GENESIS, hex[65];
	char broke_prev[65] = "";
	struct weir_err pe;
	unsigned long broke = 0;
	size_t cap = 0;
	int r, fault, rv = -1;

	memset(v, 0, sizeof(*v));
	strcpy(v->head, WEIR_LINEAGE_GENESIS);
	if (log_open(&f, path, e) == -1)
		return -1;
	while ((r = log_next(&f, e)) == 1) {
		if (f.lineno > cap) {
			cap = cap ? 2 * cap : 256;
			hash = weir_xreallocarray(hash, cap, sizeof(*hash));
		}
		weir_sha256(f.line, f.len, hash[f.lineno - 1]);
		weir_sha256_tohex(hash[f.lineno - 1], hex);
		if (o->head_line == f.lineno && strcmp(hex, o->head_hash) != 0)
			fail(v, f.lineno, WEIR_LINEAGE_HEAD, "not the line "
			    "--head names (%.16s...): edited or replaced",
			    o->head_hash);
		if (v->bad != 0)
			continue;	/* hashes only, for diagnose() */
		if (parse_line(f.line, f.len, &s, o, &fault, &pe) == -1) {
			weir_lineage_step_release(&s);
			if (f.lineno == 1 && (fault == WEIR_LINEAGE_NOT_JSON ||
			    fault == WEIR_LINEAGE_NOT_STEP)) {
				weir_errf(e, EX_DATAERR, "%s:1: not a weir "
				    "lineage log: %s", path, pe.msg);
				goto out;
			}
			fail(v, f.lineno, fault, "%s%s", fault ==
			    WEIR_LINEAGE_NOT_STEP ? "not a weir lineage line: " :
			    "", pe.msg);
			continue;
		}
		if (s.nsig > 0)
			v->envelopes++;
		if (o->npk > 0)
			v->verified++;
		if (v->bad == 0 && strcmp(s.prev, expect) != 0) {
			fail(v, f.lineno, WEIR_LINEAGE_BROKEN, "prev does not "
			    "match");
			broke = f.lineno;
			memcpy(broke_prev, s.prev, 65);
		}
		memcpy(expect, hex, 65);
		weir_lineage_step_release(&s);
	}
	if (r == -1)
		goto out;
	v->lines = f.lineno;
	if (v->lines > 0)
		weir_sha256_tohex(hash[v->lines - 1], v->head);
	if (broke != 0)
		diagnose(v, broke, broke_prev, hash, v->lines);
	if (r == 2) {
		if (f.lineno == 0 && f.line[0] != '{') {
			weir_errf(e, EX_DATAERR, "%s: not a weir lineage log",
			    path);
			goto out;
		}
		if (f.lineno == 0)
			fail(v, 1, WEIR_LINEAGE_CUT, "cut short: %zu bytes "
			    "with no newline at the end, and no whole line",
			    f.len);
		else
			fail(v, f.lineno + 1, WEIR_LINEAGE_CUT, "cut short "
			    "after line %lu (lines 1-%lu verify): %zu bytes "
			    "with no newline at the end, from a truncated log "
			    "or a writer that died mid-write", f.lineno,
			    f.lineno, f.len);
	}
	if (o->head_line > v->lines)
		fail(v, v->lines + 1, WEIR_LINEAGE_HEAD, "ends after line %lu, "
		    "before line %lu that --head names: lines were removed "
		    "from its end", v->lines, o->head_line);
	rv = 0;
out:
	log_close(&f);
	free(hash);
	return rv;
}
