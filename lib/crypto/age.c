#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "age.h"
#include "bech32.h"
#include "clock.h"
#include "mem.h"
#include "secret.h"

/*
 * The layers, from the bytes up:
 *
 *   src		the age file as bytes: straight from the input window,
 *			or decoded line by line from the PEM armor
 *   header		read line by line into one buffer (the MAC covers its
 *			bytes as they came), parsed as it is read
 *   stanzas		checked (every X25519 and scrypt stanza, ours or
 *			not), then unwrapped to the file key
 *   engine		the STREAM payload: a ring of chunks that the reading
 *			thread fills in order, a pool of threads seals or
 *			opens, and the reading thread writes out in order
 *   sink		the output: bytes, or bytes wrapped in the armor
 *
 * Every secret (file key, wrap and payload keys, X25519 shared secrets,
 * the passphrase) lives in one struct secrets from sodium_malloc(): locked
 * where the system allows, wiped by sodium_free().
 */

#define CHUNK		WEIR_AGE_CHUNK
#define TAG		crypto_aead_chacha20poly1305_ietf_ABYTES
#define CCHUNK		(CHUNK + TAG)
#define HEADER_MAX	(1 << 20)	/* the most a header may take */
#define KEYFILE_MAX	(1 << 20)
#define PASS_MAX	4096
#define MAX_THREADS	64
#define MAX_RING	64

#define VERSION_LINE	"age-encryption.org/v1\n"
#define MAGIC		"age-encryption.org/"
#define ARMOR_BEGIN	"-----BEGIN AGE ENCRYPTED FILE-----"
#define ARMOR_END	"-----END AGE ENCRYPTED FILE-----"
#define X25519_INFO	"age-encryption.org/v1/X25519"
#define SCRYPT_LABEL	"age-encryption.org/v1/scrypt"

struct secrets {
	unsigned char	filekey[16];
	unsigned char	wrap[32];
	unsigned char	shared[32];
	unsigned char	esk[32];
	unsigned char	mackey[32];
	unsigned char	paykey[32];
	unsigned char	salt[sizeof(SCRYPT_LABEL) - 1 + 16];
	char		pass[PASS_MAX];
};

static int
ready(struct weir_err *e)
{
	if (sodium_init() < 0)
		return weir_errf(e, EX_SOFTWARE, "libsodium cannot start");
	return 0;
}

static struct secrets *
secrets_new(struct weir_err *e)
{
	struct secrets *s;

	if ((s = sodium_malloc(sizeof(*s))) == NULL) {
		weir_errnof(e, EX_OSERR, errno, "cannot allocate locked "
		    "memory");
		return NULL;
	}
	sodium_memzero(s, sizeof(*s));
	return s;
}

/* HKDF-SHA-256 (RFC 5869) with a 32-byte output, from HMAC-SHA-256. */
static void
hkdf(unsigned char out[32], const unsigned char *ikm, size_t ikmlen,
    const unsigned char *salt, size_t saltlen, const char *info)
{
	static const unsigned char none[1], one[1] = { 1 };
	crypto_auth_hmacsha256_state st;
	unsigned char prk[32];

	crypto_auth_hmacsha256_init(&st, saltlen ? salt : none, saltlen);
	crypto_auth_hmacsha256_update(&st, ikm, ikmlen);
	crypto_auth_hmacsha256_final(&st, prk);
	crypto_auth_hmacsha256_init(&st, prk, sizeof(prk));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)info,
	    strlen(info));
	crypto_auth_hmacsha256_update(&st, one, 1);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(prk, sizeof(prk));
	sodium_memzero(&st, sizeof(st));
}

/* Base64: unpadded and canonical in the header, padded in the armor. */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static const signed char b64tab[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
	-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static int
b64val(int c)
{
	return b64tab[c & 0xff];
}

static size_t
b64_encode(char *dst, const unsigned char *src, size_t n, int pad)
{
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8 |
		    src[i + 2];
		dst[o++] = b64chars[v >> 18];
		dst[o++] = b64chars[(v >> 12) & 63];
		dst[o++] = b64chars[(v >> 6) & 63];
		dst[o++] = b64chars[v & 63];
	}
	if (n - i == 1) {
		v = (uint32_t)src[i] << 16;
		dst[o++] = b64chars[v >> 18];
		dst[o++] = b64chars[(v >> 12) & 63];
		if (pad) {
			dst[o++] = '=';
			dst[o++] = '=';
		}
	} else if (n - i == 2) {
		v = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8;
		dst[o++] = b64chars[v >> 18];
		dst[o++] = b64chars[(v >> 12) & 63];
		dst[o++] = b64chars[(v >> 6) & 63];
		if (pad)
			dst[o++] = '=';
	}
	return o;
}

/*
 * Decode n characters of unpadded base64 into dst (size bytes): -1 for a
 * character outside the alphabet, a length no encoding has, leftover bits
 * that are not zero (a non-canonical encoding), or more than size bytes.
 */
static long
b64_decode(const char *s, size_t n, unsigned char *dst, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0, rest = n % 4;
	int32_t a, b, c, d;
	uint32_t v;

	if (rest == 1 || n / 4 * 3 + (rest ? rest - 1 : 0) > size)
		return -1;
	for (i = 0; i + 4 <= n; i += 4) {
		a = b64tab[u[i]];
		b = b64tab[u[i + 1]];
		c = b64tab[u[i + 2]];
		d = b64tab[u[i + 3]];
		if ((a | b | c | d) < 0)
			return -1;
		v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 |
		    (uint32_t)d;
		dst[o++] = (unsigned char)(v >> 16);
		dst[o++] = (unsigned char)(v >> 8);
		dst[o++] = (unsigned char)v;
	}
	if (rest >= 2) {
		a = b64tab[u[i]];
		b = b64tab[u[i + 1]];
		c = rest == 3 ? b64tab[u[i + 2]] : 0;
		if ((a | b | c) < 0)
			return -1;
		/* The bits past the last whole byte must be zero. */
		if (rest == 2 ? (b & 15) != 0 : (c & 3) != 0)
			return -1;
		v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6;
		dst[o++] = (unsigned char)(v >> 16);
		if (rest == 3)
			dst[o++] = (unsigned char)(v >> 8);
	}
	return (long)o;
}

/* Exactly size bytes, canonically encoded? */
static int
b64_exact(const char *s, size_t n, unsigned char *dst, size_t size)
{
	return b64_decode(s, n, dst, size) == (long)size ? 0 : -1;
}

/* Keys. */

int
weir_age_keygen(struct weir_age_key *k)
{
	if (ready(NULL) == -1)
		return -1;
	randombytes_buf(k->secret, sizeof(k->secret));
	crypto_scalarmult_base(k->public, k->secret);
	return 0;
}

void
weir_age_identity_text(const struct weir_age_key *k, char out[WEIR_AGE_KEYTEXT])
{
	weir_bech32_encode(out, WEIR_AGE_KEYTEXT, "age-secret-key-", k->secret,
	    sizeof(k->secret), 1);
}

void
weir_age_recipient_text(const unsigned char pk[32], char out[WEIR_AGE_KEYTEXT])
{
	weir_bech32_encode(out, WEIR_AGE_KEYTEXT, "age", pk, 32, 0);
}

/*
 * A recipient is public and is quoted in messages; any other text may be
 * a secret key given by mistake, so it never is.
 */
int
weir_age_recipient_parse(const char *s, unsigned char pk[32],
    struct weir_err *e)
{
	unsigned char data[64];
	const char *why = NULL;
	char hrp[32];
	size_t n;
	int quote = strncmp(s, "age1", 4) == 0, rv = -1;

	if (strncasecmp(s, "AGE-SECRET-KEY-", 15) == 0 ||
	    strncasecmp(s, "AGE-PLUGIN-", 11) == 0)
		return weir_errf(e, EX_USAGE, "invalid recipient: that is a "
		    "secret key, give its public key ('age1...', as "
		    "age-keygen -y prints it)");
	if (weir_bech32_decode(s, hrp, sizeof(hrp), data, sizeof(data), &n,
	    &why) == -1) {
		if (strncmp(s, "ssh-", 4) == 0)
			why = "SSH keys are not supported";
		else if (!quote)
			why = "not an 'age1...' recipient";
	} else if (strcmp(hrp, "age") != 0)
		why = quote ? "unsupported type (only X25519 'age1...' "
		    "recipients)" : "not an 'age1...' recipient";
	else if (!quote)
		why = "not lowercase";
	else if (n != 32)
		why = "not 32 bytes";
	else {
		memcpy(pk, data, 32);
		rv = 0;
	}
	sodium_memzero(data, sizeof(data));
	if (rv == -1 && quote)
		weir_errf(e, EX_USAGE, "invalid recipient '%.100s': %s", s,
		    why);
	else if (rv == -1)
		weir_errf(e, EX_USAGE, "invalid recipient: %s", why);
	return rv;
}

int
weir_age_identity_parse(const char *s, struct weir_age_key *k,
    struct weir_err *e)
{
	unsigned char data[64];
	const char *why = NULL;
	char hrp[32];
	size_t n;
	int rv = -1;

	if (ready(e) == -1)
		return -1;
	if (strncmp(s, "AGE-PLUGIN-", 11) == 0) {
		weir_errf(e, EX_DATAERR, "plugin identities are not supported");
		goto out;
	}
	if (weir_bech32_decode(s, hrp, sizeof(hrp), data, sizeof(data), &n,
	    &why) == -1) {
		weir_errf(e, EX_DATAERR, "invalid identity: %s", why);
		goto out;
	}
	if (strcmp(hrp, "age-secret-key-") != 0) {
		if (strncmp(hrp, "age-secret-key-", 15) == 0)
			weir_errf(e, EX_DATAERR, "unsupported identity type "
			    "'%s' (only X25519 identities)", hrp);
		else
			weir_errf(e, EX_DATAERR, "invalid identity: not an "
			    "'AGE-SECRET-KEY-1...'");
		goto out;
	}
	if (s[0] != 'A') {
		weir_errf(e, EX_DATAERR, "invalid identity: not uppercase");
		goto out;
	}
	if (n != 32) {
		weir_errf(e, EX_DATAERR, "invalid identity: %zu bytes, want 32",
		    n);
		goto out;
	}
	memcpy(k->secret, data, 32);
	crypto_scalarmult_base(k->public, k->secret);
	rv = 0;
out:
	sodium_memzero(data, sizeof(data));
	if (rv == -1)
		sodium_memzero(k, sizeof(*k));
	return rv;
}

/*
 * Read a whole key file (at most KEYFILE_MAX bytes) into *buf, from
 * sodium_malloc when it may hold secrets: growing it copies to a new
 * buffer and wipes the old one.
 */
static void *
key_alloc(int secret, size_t n)
{
	return secret ? sodium_malloc(n) : weir_xmalloc(n);
}

static void
key_free(int secret, void *p)
{
	if (secret)
		sodium_free(p);
	else
		free(p);
}

static int
slurp(const char *path, int secret, char **buf, size_t *len,
    struct weir_err *e)
{
	struct stat st;
	char *p, *q;
	size_t n = 0, cap = 4096;
	ssize_t r;
	int fd;

	*buf = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return weir_errf(e, EX_NOINPUT, "'%s' is a directory", path);
	}
	if (S_ISREG(st.st_mode) && st.st_size < KEYFILE_MAX)
		cap = (size_t)st.st_size + 2;
	if ((p = key_alloc(secret, cap)) == NULL)
		goto nomem;
	for (;;) {
		if (n + 1 == cap) {	/* room for the NUL, always */
			if (cap > KEYFILE_MAX) {
				weir_errf(e, EX_DATAERR, "%s: too large for a "
				    "key file", path);
				goto fail;
			}
			if ((q = key_alloc(secret, 2 * cap)) == NULL)
				goto nomem;
			memcpy(q, p, n);
			key_free(secret, p);
			p = q;
			cap *= 2;
		}
		r = read(fd, p + n, cap - 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			weir_errnof(e, weir_errno_code(errno, 0), errno,
			    "read '%s'", path);
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
nomem:
	weir_errnof(e, EX_OSERR, errno, "reading '%s'", path);
fail:
	close(fd);
	if (p != NULL)
		key_free(secret, p);
	return -1;
}

/*
 * The next line of text[*pos..len), with '#' comments, blank lines, a
 * trailing CR and surrounding blanks dropped; 0 at the end.
 */
static int
key_line(const char *text, size_t len, size_t *pos, unsigned long *lineno,
    const char **line, size_t *n)
{
	const char *p, *q, *end;

	while (*pos < len) {
		p = text + *pos;
		end = memchr(p, '\n', len - *pos);
		if (end == NULL)
			end = text + len;
		*pos = (size_t)(end - text) + (end < text + len);
		++*lineno;
		q = end;
		while (q > p && (q[-1] == '\r' || q[-1] == ' ' ||
		    q[-1] == '\t'))
			q--;
		while (p < q && (*p == ' ' || *p == '\t'))
			p++;
		if (p == q || *p == '#')
			continue;
		*line = p;
		*n = (size_t)(q - p);
		return 1;
	}
	return 0;
}

static int
looks_encrypted(const char *text, size_t len)
{
	while (len > 0 && (*text == ' ' || *text == '\t' || *text == '\n' ||
	    *text == '\r')) {
		text++;
		len--;
	}
	return (len >= sizeof(MAGIC) - 1 &&
	    memcmp(text, MAGIC, sizeof(MAGIC) - 1) == 0) ||
	    (len >= sizeof(ARMOR_BEGIN) - 1 &&
	    memcmp(text, ARMOR_BEGIN, sizeof(ARMOR_BEGIN) - 1) == 0);
}

int
weir_age_identities_parse(const char *text, size_t len, const char *name,
    struct weir_age_key **keys, size_t *nkeys, struct weir_err *e)
{
	struct weir_age_key *k = NULL;
	char buf[WEIR_AGE_KEYTEXT];
	unsigned long lineno = 0;
	const char *line;
	size_t pos = 0, n, count = 0, i = 0;
	int rv = -1;

	*keys = NULL;
	*nkeys = 0;
	if (ready(e) == -1)
		return -1;
	if (looks_encrypted(text, len))
		return weir_errf(e, EX_DATAERR, "%s: the identity file is "
		    "itself age-encrypted; decrypt it first", name);
	/* Count first: a growing array would leave copies of keys behind. */
	while (key_line(text, len, &pos, &lineno, &line, &n))
		count++;
	if (count == 0)
		return weir_errf(e, EX_DATAERR, "%s: no identities", name);
	k = weir_xcalloc(count, sizeof(*k));
	(void)sodium_mlock(k, count * sizeof(*k));
	pos = 0;
	lineno = 0;
	while (key_line(text, len, &pos, &lineno, &line, &n)) {
		if (n >= sizeof(buf)) {
			weir_errf(e, EX_DATAERR, "%s:%lu: not an age identity "
			    "('AGE-SECRET-KEY-1...')", name, lineno);
			goto out;
		}
		memcpy(buf, line, n);
		buf[n] = '\0';
		if (weir_age_identity_parse(buf, &k[i], e) == -1) {
			weir_err_prefix(e, "%s:%lu: ", name, lineno);
			goto out;
		}
		i++;
	}
	*keys = k;
	*nkeys = count;
	k = NULL;
	rv = 0;
out:
	sodium_memzero(buf, sizeof(buf));
	if (k != NULL)
		weir_age_keys_free(k, count);
	return rv;
}

int
weir_age_identities_load(const char *path, struct weir_age_key **keys,
    size_t *n, struct weir_err *e)
{
	char *text;
	size_t len;
	int rv;

	*keys = NULL;
	*n = 0;
	if (ready(e) == -1 || slurp(path, 1, &text, &len, e) == -1)
		return -1;
	rv = weir_age_identities_parse(text, len, path, keys, n, e);
	sodium_free(text);
	return rv;
}

void
weir_age_keys_free(struct weir_age_key *keys, size_t n)
{
	if (keys == NULL)
		return;
	sodium_munlock(keys, n * sizeof(*keys));	/* wipes them too */
	sodium_memzero(keys, n * sizeof(*keys));
	free(keys);
}

int
weir_age_recipients_load(const char *path, unsigned char (**pks)[32],
    size_t *npks, struct weir_err *e)
{
	unsigned char (*pk)[32] = NULL;
	unsigned long lineno = 0;
	char *text, *s;
	const char *line;
	size_t len, pos = 0, n, count = 0, i = 0;
	int rv = -1;

	*pks = NULL;
	*npks = 0;
	if (slurp(path, 0, &text, &len, e) == -1)
		return -1;
	while (key_line(text, len, &pos, &lineno, &line, &n))
		count++;
	if (count == 0) {
		weir_errf(e, EX_DATAERR, "%s: no recipients", path);
		goto out;
	}
	pk = weir_xcalloc(count, sizeof(*pk));
	pos = 0;
	lineno = 0;
	while (key_line(text, len, &pos, &lineno, &line, &n)) {
		s = weir_xmemdup(line, n);
		if (weir_age_recipient_parse(s, pk[i], e) == -1) {
			free(s);
			weir_err_prefix(e, "%s:%lu: ", path, lineno);
			goto out;
		}
		free(s);
		i++;
	}
	*pks = pk;
	*npks = count;
	pk = NULL;
	rv = 0;
out:
	free(pk);
	free(text);
	return rv;
}

/*
 * The age file as bytes.  Binary input is read straight from in's window;
 * armored input is decoded a line at a time into buf.  A failure records
 * its class in fail.
 */

#define IS_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || \
	(c) == '\v' || (c) == '\f')

enum { A_DATA, A_LAST, A_END };

#define ARMOR_LINE	64
#define SRC_NEED_MAX	(CCHUNK + 1)

struct src {
	struct weir_in		*in;
	int			 armored;
	int			 astate;
	unsigned char		*buf;	/* armored: decoded bytes */
	size_t			 pos, len, cap;
	enum weir_age_fail	 fail;
};

/* At least need bytes in in's window, unless it ends first. */
static long
in_fill(struct src *s, size_t need, struct weir_err *e)
{
	struct weir_in *in = s->in;

	while (in->len - in->pos < need && !in->eof)
		if (weir_in_more(in, e) == -1) {
			s->fail = WEIR_AGE_FAIL_OTHER;
			return -1;
		}
	return (long)(in->len - in->pos);
}

static int
armor_fail(struct src *s, struct weir_err *e, const char *why)
{
	s->fail = WEIR_AGE_FAIL_ARMOR;
	if (why == NULL)	/* neither binary nor armored */
		return weir_errf(e, EX_DATAERR, "%s: not an age file",
		    s->in->name);
	return weir_errf(e, EX_DATAERR, "%s: damaged age file: armor: %s",
	    s->in->name, why);
}

/*
 * The next line of the armor, without its LF or CRLF; *eol tells whether
 * it had one.  The line points into in's window: use it before reading on.
 */
static int
armor_line(struct src *s, const char **line, size_t *n, int *eol,
    struct weir_err *e)
{
	struct weir_in *in = s->in;
	const char *p, *q;
	long avail;

	/* Longest line: 64 columns and CRLF. */
	if ((avail = in_fill(s, ARMOR_LINE + 3, e)) == -1)
		return -1;
	p = in->buf + in->pos;
	q = memchr(p, '\n', (size_t)avail);
	if (q == NULL && avail >= ARMOR_LINE + 3)
		return armor_fail(s, e, "line too long");
	*eol = q != NULL;
	*n = q != NULL ? (size_t)(q - p) : (size_t)avail;
	in->pos += *n + (q != NULL);
	if (*n > 0 && p[*n - 1] == '\r')
		--*n;
	*line = p;
	return 0;
}

/* After the END line: whitespace only, to the end of the input. */
static int
armor_trailer(struct src *s, struct weir_err *e)
{
	struct weir_in *in = s->in;
	long avail;

	for (;;) {
		if ((avail = in_fill(s, 1, e)) == -1)
			return -1;
		if (avail == 0)
			return 0;
		for (; in->pos < in->len; in->pos++)
			if (!IS_WS((unsigned char)in->buf[in->pos]))
				return armor_fail(s, e,
				    "data after the end line");
	}
}

/* Decode one more line of the armor into buf. */
static int
armor_next(struct src *s, struct weir_err *e)
{
	const char *line;
	size_t n, pad = 0;
	long d;
	int eol;

	if (armor_line(s, &line, &n, &eol, e) == -1)
		return -1;
	if (n == sizeof(ARMOR_END) - 1 && memcmp(line, ARMOR_END, n) == 0) {
		s->astate = A_END;
		return eol ? armor_trailer(s, e) : 0;
	}
	if (n == 0 && !eol)
		return armor_fail(s, e, "no end line");
	if (s->astate == A_LAST)
		return armor_fail(s, e, "a line after the last short line");
	if (n == 0)
		return armor_fail(s, e, "empty line");
	if (n > ARMOR_LINE)
		return armor_fail(s, e, "line longer than 64 columns");
	if (n % 4 != 0)
		return armor_fail(s, e, "bad base64 (unpadded)");
	while (pad < 2 && line[n - 1 - pad] == '=')
		pad++;
	if (s->cap - s->len < ARMOR_LINE) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	d = b64_decode(line, n - pad, s->buf + s->len, s->cap - s->len);
	if (d == -1)	/* (padding, if any, ends the line and fits) */
		return armor_fail(s, e, "bad base64");
	s->len += (size_t)d;
	if (n < ARMOR_LINE || pad > 0)
		s->astate = A_LAST;
	return 0;
}

/* Is the input armored?  Skip to the first line of base64 if it is. */
static int
src_open(struct src *s, struct weir_in *in, int plain, struct weir_err *e)
{
	const char *line;
	size_t n;
	long avail;
	int eol;

	memset(s, 0, sizeof(*s));
	s->in = in;
	if (plain)
		return 0;
	if ((avail = in_fill(s, sizeof(MAGIC) - 1, e)) == -1)
		return -1;
	if ((size_t)avail > sizeof(MAGIC) - 1)
		avail = sizeof(MAGIC) - 1;
	if (memcmp(in->buf + in->pos, MAGIC, (size_t)avail) == 0)
		return 0;	/* binary (or empty, or cut short) */

	s->armored = 1;
	s->cap = SRC_NEED_MAX + ARMOR_LINE;
	s->buf = weir_xmalloc(s->cap);
	for (;;) {	/* whitespace may come first */
		if ((avail = in_fill(s, 1, e)) == -1)
			return -1;
		if (avail == 0)
			return armor_fail(s, e, NULL);
		while (in->pos < in->len &&
		    IS_WS((unsigned char)in->buf[in->pos]))
			in->pos++;
		if (in->pos < in->len)
			break;
	}
	if (in->buf[in->pos] != '-')
		return armor_fail(s, e, NULL);
	if (armor_line(s, &line, &n, &eol, e) == -1)
		return -1;
	if (n != sizeof(ARMOR_BEGIN) - 1 || memcmp(line, ARMOR_BEGIN, n) != 0)
		return armor_fail(s, e, "bad begin line");
	if (!eol)
		return armor_fail(s, e, "no end line");
	return 0;
}

/* At least need bytes at src_ptr(), unless the file ends first. */
static long
src_fill(struct src *s, size_t need, struct weir_err *e)
{
	if (!s->armored)
		return in_fill(s, need, e);
	while (s->len - s->pos < need && s->astate != A_END)
		if (armor_next(s, e) == -1)
			return -1;
	return (long)(s->len - s->pos);
}

static const unsigned char *
src_ptr(struct src *s)
{
	return s->armored ? s->buf + s->pos :
	    (const unsigned char *)s->in->buf + s->in->pos;
}

static void
src_skip(struct src *s, size_t n)
{
	if (s->armored)
		s->pos += n;
	else
		s->in->pos += n;
}

static void
src_close(struct src *s)
{
	free(s->buf);
	s->buf = NULL;
}

/*
 * The header.  Its lines are read into text, which grows: stanzas keep
 * offsets into it, not pointers.
 */

struct stanza {
	size_t		 args;		/* arguments' offset */
	size_t		 argslen;
	size_t		 narg;
	unsigned char	*body;
	size_t		 bodylen;
};

struct header {
	struct weir_buf	 text;
	size_t		 maclen;	/* the MAC covers through "---" */
	unsigned char	 mac[32];
	struct stanza	*st;
	size_t		 nst, capst;
	int		 nscrypt;
};

static void
header_release(struct header *h)
{
	size_t i;

	for (i = 0; i < h->nst; i++)
		free(h->st[i].body);
	free(h->st);
	weir_buf_release(&h->text);
	memset(h, 0, sizeof(*h));
}

static int
header_fail(struct src *s, struct weir_err *e, const char *why)
{
	s->fail = WEIR_AGE_FAIL_HEADER;
	return weir_errf(e, EX_DATAERR, "%s: damaged age file: header: %s",
	    s->in->name, why);
}

/* Append the next line, LF included, to h->text; *off is where it starts. */
static int
header_line(struct src *s, struct header *h, size_t *off, size_t *n,
    struct weir_err *e)
{
	const unsigned char *p, *q;
	size_t k;
	long avail;

	*off = h->text.len;
	for (;;) {
		if ((avail = src_fill(s, 1, e)) == -1)
			return -1;
		if (avail == 0)
			return header_fail(s, e, h->text.len == 0 ?
			    "empty file" : "cut short");
		p = src_ptr(s);
		q = memchr(p, '\n', (size_t)avail);
		k = q != NULL ? (size_t)(q - p) + 1 : (size_t)avail;
		if (h->text.len + k > HEADER_MAX)
			return header_fail(s, e, "longer than 1 MiB");
		weir_buf_add(&h->text, p, k);
		src_skip(s, k);
		if (q != NULL)
			break;
	}
	*n = h->text.len - *off - 1;	/* without the LF */
	return 0;
}

/* The i-th argument of a stanza, as a pointer into h->text. */
static const char *
stanza_arg(const struct header *h, const struct stanza *st, size_t i,
    size_t *len)
{
	const char *p = h->text.p + st->args, *end = p + st->argslen, *q;

	for (;;) {
		q = memchr(p, ' ', (size_t)(end - p));
		if (q == NULL)
			q = end;
		if (i-- == 0) {
			*len = (size_t)(q - p);
			return p;
		}
		p = q + 1;
	}
}

static int
arg_is(const struct header *h, const struct stanza *st, const char *want)
{
	size_t n;
	const char *a = stanza_arg(h, st, 0, &n);

	return n == strlen(want) && memcmp(a, want, n) == 0;
}

static int
read_stanza(struct src *s, struct header *h, size_t off, size_t n,
    struct weir_err *e)
{
	struct weir_buf b64 = WEIR_BUF_INIT;
	struct stanza st;
	const char *a;
	size_t i, lo, ln;
	long d;
	int rv = -1;

	memset(&st, 0, sizeof(st));
	a = h->text.p + off;
	if (n < 4 || a[2] != ' ')
		return header_fail(s, e, "stanza without arguments");
	st.args = off + 3;
	st.argslen = n - 3;
	st.narg = 1;
	for (i = 3; i < n; i++) {
		if (a[i] == ' ') {
			if (i == 3 || a[i - 1] == ' ' || i == n - 1)
				return header_fail(s, e, "empty stanza "
				    "argument");
			st.narg++;
		} else if (a[i] < 33 || a[i] > 126)
			return header_fail(s, e, "bad character in a stanza "
			    "argument");
	}
	for (;;) {	/* the body: full lines, then one short line */
		if (header_line(s, h, &lo, &ln, e) == -1)
			goto out;
		if (ln > 64) {
			header_fail(s, e, "stanza body line longer than 64 "
			    "columns");
			goto out;
		}
		for (i = 0; i < ln; i++)
			if (b64val((unsigned char)h->text.p[lo + i]) < 0) {
				header_fail(s, e, "bad character in a stanza "
				    "body");
				goto out;
			}
		weir_buf_add(&b64, h->text.p + lo, ln);
		if (ln < 64)
			break;
	}
	st.body = weir_xmalloc(b64.len / 4 * 3 + 3);
	d = b64_decode(b64.p ? b64.p : "", b64.len, st.body,
	    b64.len / 4 * 3 + 3);
	if (d == -1) {
		free(st.body);
		header_fail(s, e, "stanza body is not canonical base64");
		goto out;
	}
	st.bodylen = (size_t)d;
	if (h->nst == h->capst) {
		h->capst = h->capst ? 2 * h->capst : 4;
		h->st = weir_xreallocarray(h->st, h->capst, sizeof(*h->st));
	}
	h->st[h->nst++] = st;
	if (arg_is(h, &st, "scrypt"))
		h->nscrypt++;
	rv = 0;
out:
	weir_buf_release(&b64);
	return rv;
}

static int
read_header(struct src *s, struct header *h, struct weir_err *e)
{
	const char *l;
	size_t off, n;

	if (header_line(s, h, &off, &n, e) == -1)
		return -1;
	if (strcmp(h->text.p, VERSION_LINE) != 0)
		return header_fail(s, e, strncmp(h->text.p, MAGIC,
		    sizeof(MAGIC) - 1) == 0 ? "unsupported version" :
		    "not an age file");
	for (;;) {
		if (header_line(s, h, &off, &n, e) == -1)
			return -1;
		l = h->text.p + off;
		if (n >= 3 && memcmp(l, "---", 3) == 0) {
			if (n != 4 + 43 || l[3] != ' ' ||
			    b64_exact(l + 4, 43, h->mac, 32) == -1)
				return header_fail(s, e, "bad MAC line");
			h->maclen = off + 3;
			break;
		}
		if (n < 2 || l[0] != '-' || l[1] != '>')
			return header_fail(s, e, "unexpected line");
		if (read_stanza(s, h, off, n, e) == -1)
			return -1;
	}
	if (h->nst == 0)
		return header_fail(s, e, "no recipient stanza");
	return 0;
}

/*
 * Check every stanza of a type we know, ours or not, before unwrapping
 * any: a malformed stanza fails the file whatever the order.
 */
static int
check_stanzas(struct src *s, struct header *h, int max_log_n,
    struct weir_err *e)
{
	unsigned char tmp[32];
	const struct stanza *st;
	const char *a;
	size_t i, n, k;
	char why[96];
	int logn;

	if (h->nscrypt > 0 && h->nst != 1)
		return header_fail(s, e, "an scrypt stanza must be alone");
	for (i = 0; i < h->nst; i++) {
		st = &h->st[i];
		if (arg_is(h, st, "X25519")) {
			if (st->narg != 2)
				return header_fail(s, e, "X25519 stanza: "
				    "wrong number of arguments");
			a = stanza_arg(h, st, 1, &n);
			if (b64_exact(a, n, tmp, 32) == -1)
				return header_fail(s, e, "X25519 stanza: bad "
				    "share");
			if (st->bodylen != 32)
				return header_fail(s, e, "X25519 stanza: bad "
				    "body length");
		} else if (arg_is(h, st, "scrypt")) {
			if (st->narg != 3)
				return header_fail(s, e, "scrypt stanza: "
				    "wrong number of arguments");
			a = stanza_arg(h, st, 1, &n);
			if (b64_exact(a, n, tmp, 16) == -1)
				return header_fail(s, e, "scrypt stanza: bad "
				    "salt");
			a = stanza_arg(h, st, 2, &n);
			if (n == 0 || a[0] < '1' || a[0] > '9')
				return header_fail(s, e, "scrypt stanza: bad "
				    "work factor");
			for (logn = 0, k = 0; k < n; k++) {
				if (a[k] < '0' || a[k] > '9')
					return header_fail(s, e, "scrypt "
					    "stanza: bad work factor");
				if (logn <= max_log_n)
					logn = 10 * logn + (a[k] - '0');
			}
			if (logn > max_log_n) {
				snprintf(why, sizeof(why), "scrypt work factor "
				    "%.*s is above the limit %d", n > 10 ?
				    10 : (int)n, a, max_log_n);
				return header_fail(s, e, why);
			}
			if (st->bodylen != 32)
				return header_fail(s, e, "scrypt stanza: bad "
				    "body length");
		}
	}
	return 0;
}

static int
nomatch(struct src *s, struct weir_err *e, const char *why)
{
	s->fail = WEIR_AGE_FAIL_NOMATCH;
	return weir_errf(e, EX_NOPERM, "%s: %s", s->in->name, why);
}

/* Find the file key: 0, or -1 with s->fail and e set. */
static int
unwrap(struct src *s, struct header *h, const struct weir_age_dec *o,
    struct secrets *sec, struct weir_err *e)
{
	static const unsigned char zero12[12];
	unsigned char share[32], salt[64];
	const struct stanza *st;
	const char *a;
	size_t i, j, n;
	int logn;

	if (h->nscrypt > 0) {
		st = &h->st[0];
		if (o->passphrase == NULL)
			return nomatch(s, e, "encrypted with a passphrase, "
			    "and none was given");
		if (o->passphrase(o->ctx, sec->pass, sizeof(sec->pass), e) ==
		    -1) {
			s->fail = WEIR_AGE_FAIL_OTHER;
			return -1;
		}
		sec->pass[sizeof(sec->pass) - 1] = '\0';
		memcpy(sec->salt, SCRYPT_LABEL, sizeof(SCRYPT_LABEL) - 1);
		a = stanza_arg(h, st, 1, &n);
		(void)b64_exact(a, n, sec->salt + sizeof(SCRYPT_LABEL) - 1, 16);
		a = stanza_arg(h, st, 2, &n);
		logn = atoi(a);		/* checked: within the limit */
		if (crypto_pwhash_scryptsalsa208sha256_ll(
		    (const uint8_t *)sec->pass, strlen(sec->pass), sec->salt,
		    sizeof(sec->salt), (uint64_t)1 << logn, 8, 1, sec->wrap,
		    sizeof(sec->wrap)) != 0) {
			s->fail = WEIR_AGE_FAIL_OTHER;
			return weir_errnof(e, EX_OSERR, errno, "scrypt with "
			    "work factor %d", logn);
		}
		if (crypto_aead_chacha20poly1305_ietf_decrypt(sec->filekey,
		    NULL, NULL, st->body, st->bodylen, NULL, 0, zero12,
		    sec->wrap) != 0)
			return nomatch(s, e, "wrong passphrase");
		return 0;
	}
	for (i = 0; i < o->nid; i++)
		for (j = 0; j < h->nst; j++) {
			st = &h->st[j];
			if (!arg_is(h, st, "X25519"))
				continue;
			a = stanza_arg(h, st, 1, &n);
			(void)b64_exact(a, n, share, 32);
			if (crypto_scalarmult(sec->shared, o->ids[i].secret,
			    share) != 0)
				return header_fail(s, e, "X25519 share is a "
				    "low-order point");
			memcpy(salt, share, 32);
			memcpy(salt + 32, o->ids[i].public, 32);
			hkdf(sec->wrap, sec->shared, 32, salt, 64, X25519_INFO);
			if (crypto_aead_chacha20poly1305_ietf_decrypt(
			    sec->filekey, NULL, NULL, st->body, st->bodylen,
			    NULL, 0, zero12, sec->wrap) == 0)
				return 0;
		}
	return nomatch(s, e, "no identity matches");
}

/*
 * The output: bytes as they are, or wrapped in the armor.
 */
struct sink {
	struct weir_out	*out;
	int		 armor;
	unsigned char	 carry[48];
	size_t		 ncarry;
};

/* Copy into out's buffer, writing it out whenever it is full. */
static int
out_put(struct weir_out *o, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t k;

	while (n > 0) {
		if (o->len == o->cap && weir_out_flush_(o) == -1)
			return -1;
		k = o->cap - o->len < n ? o->cap - o->len : n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
	return o->failed ? -1 : 0;
}

static int
armor_lines(struct sink *k, const unsigned char *p, size_t n)
{
	char line[ARMOR_LINE + 1];

	while (n >= 48) {
		b64_encode(line, p, 48, 1);
		line[ARMOR_LINE] = '\n';
		if (out_put(k->out, line, sizeof(line)) == -1)
			return -1;
		p += 48;
		n -= 48;
	}
	return 0;
}

static int
sink_put(struct sink *k, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t take, whole;

	if (!k->armor)
		return out_put(k->out, p, n);
	if (k->ncarry > 0) {
		take = 48 - k->ncarry < n ? 48 - k->ncarry : n;
		memcpy(k->carry + k->ncarry, p, take);
		k->ncarry += take;
		p += take;
		n -= take;
		if (k->ncarry < 48)
			return 0;
		if (armor_lines(k, k->carry, 48) == -1)
			return -1;
		k->ncarry = 0;
	}
	whole = n / 48 * 48;
	if (armor_lines(k, p, whole) == -1)
		return -1;
	memcpy(k->carry, p + whole, n - whole);
	k->ncarry = n - whole;
	return 0;
}

static int
sink_start(struct sink *k, struct weir_out *out, int armor)
{
	memset(k, 0, sizeof(*k));
	k->out = out;
	k->armor = armor;
	return armor ? out_put(out, ARMOR_BEGIN "\n",
	    sizeof(ARMOR_BEGIN)) : 0;
}

static int
sink_finish(struct sink *k)
{
	char line[ARMOR_LINE + 1];
	size_t n;

	if (!k->armor)
		return k->out->failed ? -1 : 0;
	if (k->ncarry > 0) {
		n = b64_encode(line, k->carry, k->ncarry, 1);
		line[n++] = '\n';
		if (out_put(k->out, line, n) == -1)
			return -1;
	}
	return out_put(k->out, ARMOR_END "\n", sizeof(ARMOR_END));
}

/*
 * The STREAM engine.  Chunks go round a ring, numbered in the order of
 * the file: the calling thread reads chunk fill, the workers (and the
 * calling thread, when it has nothing else to do) seal or open chunk
 * next, and the calling thread writes chunk head once it is done.  So
 * head <= next <= fill <= head + ring size, and output is in order.
 * A chunk that fails to open stops everything: no later chunk is
 * written, whatever the workers did with it.  Wakeups are few (each is a
 * context switch): the caller sleeps until half the ring can be written,
 * and signals work only to idle workers.
 */

enum { C_FREE, C_QUEUED, C_BUSY, C_DONE };
enum { BAD_NONE, BAD_AUTH, BAD_SHORT, BAD_EMPTY_LAST, BAD_NO_CHUNK,
	BAD_TRUNCATED, BAD_TRAILING };

struct chunk {
	unsigned char	*in;		/* CCHUNK bytes, in place */
	unsigned char	*out;		/* opening: the plaintext */
	size_t		 len;
	size_t		 outlen;
	uint64_t	 counter;
	int		 last;
	int		 state;
	int		 bad;
};

struct engine {
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;
	pthread_cond_t		 done;
	struct chunk		*ring;
	size_t			 n;
	uint64_t		 head, next, fill;
	int			 open;		/* decrypting */
	int			 stop;
	int			 waiting;	/* the caller sleeps until */
	uint64_t		 batch;		/* ... so many from head are done */
	int			 idle;		/* workers waiting for work */
	const unsigned char	*key;
	pthread_t		 tid[MAX_THREADS];
	size_t			 nthr, want;
};

static void
make_nonce(unsigned char nonce[12], uint64_t counter, int last)
{
	int i;

	memset(nonce, 0, 12);
	for (i = 0; i < 8; i++)
		nonce[10 - i] = (unsigned char)(counter >> (8 * i));
	nonce[11] = last ? 1 : 0;
}

static void
crypt_chunk(const struct engine *g, struct chunk *c)
{
	unsigned char nonce[12];
	size_t n;

	make_nonce(nonce, c->counter, c->last);
	if (!g->open) {
		crypto_aead_chacha20poly1305_ietf_encrypt_detached(c->in,
		    c->in + c->len, NULL, c->in, c->len, NULL, 0, NULL, nonce,
		    g->key);
		c->len += TAG;
		return;
	}
	c->bad = BAD_NONE;
	c->outlen = 0;
	if (c->len == 0) {
		c->bad = BAD_NO_CHUNK;
		return;
	}
	if (c->len < TAG) {
		c->bad = BAD_SHORT;
		return;
	}
	if (c->last && c->len == TAG && c->counter > 0) {
		c->bad = BAD_EMPTY_LAST;
		return;
	}
	n = c->len - TAG;
	if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(c->out, NULL,
	    c->in, n, c->in + n, NULL, 0, nonce, g->key) == 0) {
		c->outlen = n;
		return;
	}
	/*
	 * A full chunk may open with the other flag: a final chunk with
	 * more after it, or a middle chunk where the file ends.  Its
	 * plaintext is authentic, so it is released, as the testkit wants,
	 * and the stream fails right after it.
	 */
	c->bad = BAD_AUTH;
	if (c->len == CCHUNK) {
		make_nonce(nonce, c->counter, !c->last);
		if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(c->out,
		    NULL, c->in, n, c->in + n, NULL, 0, nonce, g->key) == 0) {
			c->outlen = n;
			c->bad = c->last ? BAD_TRUNCATED : BAD_TRAILING;
		}
	}
}

/* How many chunks from head on are done (up to batch). */
static uint64_t
done_run(const struct engine *g)
{
	uint64_t i;

	for (i = g->head; i < g->fill && i - g->head < g->batch; i++)
		if (g->ring[i % g->n].state != C_DONE)
			break;
	return i - g->head;
}

static void *
worker(void *arg)
{
	struct engine *g = arg;
	struct chunk *c;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (g->next == g->fill && !g->stop) {
			g->idle++;
			pthread_cond_wait(&g->work, &g->mu);
			g->idle--;
		}
		if (g->stop)
			break;
		c = &g->ring[g->next++ % g->n];
		c->state = C_BUSY;
		pthread_mutex_unlock(&g->mu);
		crypt_chunk(g, c);
		pthread_mutex_lock(&g->mu);
		c->state = C_DONE;
		/* Wake the caller only for what it waits for. */
		if (g->waiting && done_run(g) >= g->batch)
			pthread_cond_signal(&g->done);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

static int
threads_wanted(int threads)
{
	long n = threads;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static void
engine_init(struct engine *g, int open, int threads, const unsigned char *key)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->work, NULL);
	pthread_cond_init(&g->done, NULL);
	g->open = open;
	g->key = key;
	/* The calling thread is one of them. */
	g->want = (size_t)threads_wanted(threads) - 1;
	g->n = g->want == 0 ? 1 : 8 * (g->want + 1);
	if (g->n > MAX_RING)
		g->n = MAX_RING;
	g->ring = weir_xcalloc(g->n, sizeof(*g->ring));
	for (i = 0; i < g->n; i++) {
		g->ring[i].in = weir_xmalloc(CCHUNK);
		if (open)
			g->ring[i].out = weir_xmalloc(CHUNK);
	}
}

static void
engine_release(struct engine *g)
{
	size_t i;

	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_broadcast(&g->work);
	pthread_mutex_unlock(&g->mu);
	for (i = 0; i < g->nthr; i++)
		pthread_join(g->tid[i], NULL);
	for (i = 0; i < g->n; i++) {
		free(g->ring[i].in);
		free(g->ring[i].out);
	}
	free(g->ring);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->work);
	pthread_cond_destroy(&g->done);
}

/* Workers start with the second chunk: small files need none. */
static void
engine_grow(struct engine *g)
{
	while (g->nthr < g->want &&
	    pthread_create(&g->tid[g->nthr], NULL, worker, g) == 0)
		g->nthr++;
	g->want = g->nthr;	/* if one could not start, do with fewer */
}

static int
payload_fail(struct src *s, const struct chunk *c, struct weir_err *e)
{
	unsigned long long i = (unsigned long long)c->counter;
	char msg[96];

	s->fail = WEIR_AGE_FAIL_PAYLOAD;
	switch (c->bad) {
	case BAD_SHORT:
		snprintf(msg, sizeof(msg), "chunk %llu is cut short", i);
		break;
	case BAD_EMPTY_LAST:
		snprintf(msg, sizeof(msg), "final chunk %llu is empty", i);
		break;
	case BAD_NO_CHUNK:
		snprintf(msg, sizeof(msg), "no chunks");
		break;
	case BAD_TRUNCATED:
		snprintf(msg, sizeof(msg), "cut short after chunk %llu", i);
		break;
	case BAD_TRAILING:
		snprintf(msg, sizeof(msg), "data after the final chunk %llu",
		    i);
		break;
	default:
		/*
		 * A last chunk shorter than a full one that fails is most
		 * often a file cut short inside it; say so, since no one
		 * can tell that from damage.
		 */
		if (c->last && c->len < CCHUNK)
			snprintf(msg, sizeof(msg), "final chunk %llu does not "
			    "authenticate: the file is cut short, or altered",
			    i);
		else
			snprintf(msg, sizeof(msg), "chunk %llu does not "
			    "authenticate", i);
		break;
	}
	return weir_errf(e, EX_DATAERR, "%s: damaged age file: payload: %s",
	    s->in->name, msg);
}

/*
 * Read chunks from s (plaintext to seal, or ciphertext to open), crypt
 * them and write them, in order, to k (sealing) or out (opening).
 */
static int
stream(struct engine *g, struct src *s, struct sink *k, struct weir_out *out,
    struct weir_err *e)
{
	size_t size = g->open ? CCHUNK : CHUNK, take;
	struct chunk *c;
	int eof = 0;
	long avail;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		/* Write out what is done, in order. */
		while (g->head < g->fill &&
		    (c = &g->ring[g->head % g->n])->state == C_DONE) {
			pthread_mutex_unlock(&g->mu);
			if (g->open && c->bad != BAD_NONE && c->outlen == 0) {
				payload_fail(s, c, e);
				return -1;
			}
			if (g->open ? out_put(out, c->out, c->outlen) :
			    sink_put(k, c->in, c->len)) {
				s->fail = WEIR_AGE_FAIL_OTHER;
				*e = (g->open ? out : k->out)->err;
				return -1;
			}
			if (g->open && c->bad != BAD_NONE) {
				payload_fail(s, c, e);
				return -1;
			}
			pthread_mutex_lock(&g->mu);
			c->state = C_FREE;
			g->head++;
		}
		if (eof && g->head == g->fill)
			break;
		/* Read the next chunk while there is room. */
		if (!eof && g->fill - g->head < g->n) {
			c = &g->ring[g->fill % g->n];
			pthread_mutex_unlock(&g->mu);
			if ((avail = src_fill(s, size + 1, e)) == -1)
				return -1;
			take = (size_t)avail > size ? size : (size_t)avail;
			memcpy(c->in, src_ptr(s), take);
			src_skip(s, take);
			c->len = take;
			c->last = (size_t)avail <= size;
			eof = c->last;
			pthread_mutex_lock(&g->mu);
			c->counter = g->fill;
			c->state = C_QUEUED;
			if (g->fill++ == 1)
				engine_grow(g);
			if (g->idle > 0)
				pthread_cond_signal(&g->work);
			continue;
		}
		/*
		 * Nothing to read or write: lend a hand (leaving the last
		 * queued chunk to a worker, so that it does not run dry and
		 * sleep), or sleep until half the ring can be written.
		 */
		if (g->next < g->fill && (g->nthr == 0 ||
		    g->fill - g->next >= 2)) {
			c = &g->ring[g->next++ % g->n];
			c->state = C_BUSY;
			pthread_mutex_unlock(&g->mu);
			crypt_chunk(g, c);
			pthread_mutex_lock(&g->mu);
			c->state = C_DONE;
			continue;
		}
		g->batch = eof ? g->fill - g->head : g->n / 2;
		if (g->batch == 0)
			g->batch = 1;
		if (done_run(g) >= g->batch)
			continue;
		g->waiting = 1;
		pthread_cond_wait(&g->done, &g->mu);
		g->waiting = 0;
	}
	pthread_mutex_unlock(&g->mu);
	return 0;
}

/* Encryption. */

static int
add_x25519(struct weir_buf *hdr, const unsigned char pk[32],
    struct secrets *sec, struct weir_err *e)
{
	static const unsigned char zero12[12];
	unsigned char share[32], salt[64], body[32];
	char b64[64], text[WEIR_AGE_KEYTEXT];
	size_t n;

	randombytes_buf(sec->esk, sizeof(sec->esk));
	crypto_scalarmult_base(share, sec->esk);
	if (crypto_scalarmult(sec->shared, sec->esk, pk) != 0) {
		weir_age_recipient_text(pk, text);
		return weir_errf(e, EX_DATAERR, "recipient '%s' is not a "
		    "usable X25519 key", text);
	}
	memcpy(salt, share, 32);
	memcpy(salt + 32, pk, 32);
	hkdf(sec->wrap, sec->shared, 32, salt, 64, X25519_INFO);
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, sec->filekey, 16,
	    NULL, 0, NULL, zero12, sec->wrap);
	weir_buf_adds(hdr, "-> X25519 ");
	n = b64_encode(b64, share, 32, 0);
	weir_buf_add(hdr, b64, n);
	weir_buf_addc(hdr, '\n');
	n = b64_encode(b64, body, 32, 0);
	weir_buf_add(hdr, b64, n);
	weir_buf_addc(hdr, '\n');
	return 0;
}

static int
add_scrypt(struct weir_buf *hdr, const struct weir_age_enc *o, int logn,
    struct secrets *sec, struct weir_err *e)
{
	static const unsigned char zero12[12];
	unsigned char body[32];
	char b64[64];
	size_t n;

	memcpy(sec->salt, SCRYPT_LABEL, sizeof(SCRYPT_LABEL) - 1);
	randombytes_buf(sec->salt + sizeof(SCRYPT_LABEL) - 1, 16);
	if (crypto_pwhash_scryptsalsa208sha256_ll(
	    (const uint8_t *)o->passphrase, o->passlen, sec->salt,
	    sizeof(sec->salt), (uint64_t)1 << logn, 8, 1, sec->wrap,
	    sizeof(sec->wrap)) != 0)
		return weir_errnof(e, EX_OSERR, errno, "scrypt with work "
		    "factor %d", logn);
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, sec->filekey, 16,
	    NULL, 0, NULL, zero12, sec->wrap);
	weir_buf_adds(hdr, "-> scrypt ");
	n = b64_encode(b64, sec->salt + sizeof(SCRYPT_LABEL) - 1, 16, 0);
	weir_buf_add(hdr, b64, n);
	weir_buf_addf(hdr, " %d\n", logn);
	n = b64_encode(b64, body, 32, 0);
	weir_buf_add(hdr, b64, n);
	weir_buf_addc(hdr, '\n');
	return 0;
}

int
weir_age_encrypt(struct weir_in *in, struct weir_out *out,
    const struct weir_age_enc *o, struct weir_err *e)
{
	struct weir_buf hdr = WEIR_BUF_INIT;
	struct secrets *sec = NULL;
	unsigned char mac[32], nonce[16];
	struct engine g;
	struct sink k;
	struct src s;
	char b64[64];
	size_t i, n;
	int logn = o->scrypt_log_n ? o->scrypt_log_n : 18, rv = -1, started = 0;

	if (ready(e) == -1)
		return -1;
	if (o->passphrase != NULL && o->npk > 0)
		return weir_errf(e, EX_USAGE, "a passphrase cannot be mixed "
		    "with recipients");
	if (o->passphrase == NULL && o->npk == 0)
		return weir_errf(e, EX_USAGE, "no recipients");
	if (o->passphrase != NULL && o->passlen == 0)
		return weir_errf(e, EX_USAGE, "empty passphrase");
	if (logn < 1 || logn > 30)
		return weir_errf(e, EX_USAGE, "scrypt work factor %d is not "
		    "in 1..30", logn);
	if ((sec = secrets_new(e)) == NULL)
		return -1;

	randombytes_buf(sec->filekey, sizeof(sec->filekey));
	weir_buf_adds(&hdr, VERSION_LINE);
	for (i = 0; i < o->npk; i++)
		if (add_x25519(&hdr, o->pks[i], sec, e) == -1)
			goto out;
	if (o->passphrase != NULL && add_scrypt(&hdr, o, logn, sec, e) == -1)
		goto out;
	weir_buf_adds(&hdr, "---");
	hkdf(sec->mackey, sec->filekey, 16, NULL, 0, "header");
	crypto_auth_hmacsha256(mac, (const unsigned char *)hdr.p, hdr.len,
	    sec->mackey);
	n = b64_encode(b64, mac, 32, 0);
	weir_buf_addc(&hdr, ' ');
	weir_buf_add(&hdr, b64, n);
	weir_buf_addc(&hdr, '\n');
	randombytes_buf(nonce, sizeof(nonce));
	hkdf(sec->paykey, sec->filekey, 16, nonce, 16, "payload");

	src_open(&s, in, 1, e);
	engine_init(&g, 0, o->threads, sec->paykey);
	started = 1;
	if (sink_start(&k, out, o->armor) == -1 ||
	    sink_put(&k, hdr.p, hdr.len) == -1 ||
	    sink_put(&k, nonce, sizeof(nonce)) == -1) {
		*e = out->err;
		goto out;
	}
	if (stream(&g, &s, &k, NULL, e) == -1)
		goto out;
	if (sink_finish(&k) == -1) {
		*e = out->err;
		goto out;
	}
	rv = 0;
out:
	if (started) {
		engine_release(&g);
		src_close(&s);
	}
	weir_buf_release(&hdr);
	sodium_free(sec);
	return rv;
}

/* Decryption. */

int
weir_age_decrypt_kind(struct weir_in *in, struct weir_out *out,
    const struct weir_age_dec *o, enum weir_age_fail *kind,
    struct weir_err *e)
{
	struct header h;
	struct secrets *sec = NULL;
	unsigned char mac[32], nonce[16];
	struct engine g;
	struct src s;
	int rv = -1, started = 0;
	long avail;

	memset(&h, 0, sizeof(h));
	memset(&s, 0, sizeof(s));
	s.in = in;
	s.fail = WEIR_AGE_FAIL_OTHER;
	if (ready(e) == -1 || (sec = secrets_new(e)) == NULL)
		goto out;
	if (src_open(&s, in, 0, e) == -1 || read_header(&s, &h, e) == -1 ||
	    check_stanzas(&s, &h, o->max_scrypt_log_n > 0 ?
	    (o->max_scrypt_log_n > 40 ? 40 : o->max_scrypt_log_n) : 22,
	    e) == -1 || unwrap(&s, &h, o, sec, e) == -1)
		goto out;

	hkdf(sec->mackey, sec->filekey, 16, NULL, 0, "header");
	crypto_auth_hmacsha256(mac, (const unsigned char *)h.text.p, h.maclen,
	    sec->mackey);
	if (crypto_verify_32(mac, h.mac) != 0) {
		s.fail = WEIR_AGE_FAIL_HMAC;
		weir_errf(e, EX_NOPERM, "%s: header MAC does not match "
		    "(the header was altered)", in->name);
		goto out;
	}
	if ((avail = src_fill(&s, sizeof(nonce), e)) == -1)
		goto out;
	if ((size_t)avail < sizeof(nonce)) {
		header_fail(&s, e, "no payload nonce");
		goto out;
	}
	memcpy(nonce, src_ptr(&s), sizeof(nonce));
	src_skip(&s, sizeof(nonce));
	hkdf(sec->paykey, sec->filekey, 16, nonce, 16, "payload");

	engine_init(&g, 1, o->threads, sec->paykey);
	started = 1;
	if (stream(&g, &s, NULL, out, e) == -1)
		goto out;
	s.fail = WEIR_AGE_OK;
	rv = 0;
out:
	if (started)
		engine_release(&g);
	if (kind != NULL)
		*kind = rv == 0 ? WEIR_AGE_OK : s.fail;
	src_close(&s);
	header_release(&h);
	sodium_free(sec);
	return rv;
}

int
weir_age_decrypt(struct weir_in *in, struct weir_out *out,
    const struct weir_age_dec *o, struct weir_err *e)
{
	return weir_age_decrypt_kind(in, out, o, NULL, e);
}

/*
 * Read ahead, without consuming, until the window holds the header (or
 * 64 KiB of it), then look for "\n-> scrypt " before "\n---".
 */
static int
has_scrypt(const char *p, size_t n)
{
	static const char st[] = "\n-> scrypt ";
	size_t i;

	for (i = 0; i + sizeof(st) - 1 <= n; i++) {
		if (memcmp(p + i, "\n---", 4) == 0)
			return 0;
		if (memcmp(p + i, st, sizeof(st) - 1) == 0)
			return 1;
	}
	return 0;
}

int
weir_age_wants_passphrase(struct weir_in *in, struct weir_err *e)
{
	struct weir_buf d = WEIR_BUF_INIT;
	const char *p, *q, *end;
	unsigned char tmp[48];
	size_t off;
	long k;
	int rv;

	while (!in->eof && in->len - in->pos < 96 * 1024)
		if (weir_in_more(in, e) == -1)
			return -1;
	p = in->buf + in->pos;
	end = in->buf + in->len;
	while (p < end && IS_WS((unsigned char)*p))
		p++;
	if ((size_t)(end - p) < sizeof(ARMOR_BEGIN) ||
	    memcmp(p, ARMOR_BEGIN, sizeof(ARMOR_BEGIN) - 1) != 0)
		return has_scrypt(in->buf + in->pos, in->len - in->pos);
	/* Armored: decode the first lines. */
	off = (size_t)(p - in->buf);
	while (off < in->len && d.len < 64 * 1024) {
		p = in->buf + off;
		if ((q = memchr(p, '\n', in->len - off)) == NULL)
			q = end;
		off = (size_t)(q - in->buf) + 1;
		while (q > p && (q[-1] == '\r' || q[-1] == '='))
			q--;
		if ((k = b64_decode(p, (size_t)(q - p), tmp, sizeof(tmp))) > 0)
			weir_buf_add(&d, tmp, (size_t)k);
	}
	rv = d.len > 0 ? has_scrypt(d.p, d.len) : 0;
	weir_buf_release(&d);
	return rv;
}

int
weir_age_identities_load_all(const char *const *paths, size_t n,
    struct weir_age_key **keys, size_t *nkeys, struct weir_err *e)
{
	struct weir_age_key *k, *all;
	size_t i, nk;

	*keys = NULL;
	*nkeys = 0;
	for (i = 0; i < n; i++) {
		weir_secret_check_mode(paths[i]);
		if (weir_age_identities_load(paths[i], &k, &nk, e) == -1) {
			weir_age_keys_free(*keys, *nkeys);
			*keys = NULL;
			*nkeys = 0;
			return -1;
		}
		all = weir_xcalloc(*nkeys + nk, sizeof(*all));
		sodium_mlock(all, (*nkeys + nk) * sizeof(*all));
		if (*nkeys > 0)
			memcpy(all, *keys, *nkeys * sizeof(*all));
		memcpy(all + *nkeys, k, nk * sizeof(*k));
		weir_age_keys_free(k, nk);
		weir_age_keys_free(*keys, *nkeys);
		*keys = all;
		*nkeys += nk;
	}
	return 0;
}

int
weir_age_recipients_collect(const char *const *texts, size_t ntexts,
    const char *const *files, size_t nfiles, unsigned char (**pks)[32],
    size_t *npk, struct weir_err *e)
{
	unsigned char (*more)[32];
	size_t i, n;

	*pks = weir_xcalloc(ntexts + 1, sizeof(**pks));
	*npk = 0;
	for (i = 0; i < ntexts; i++) {
		if (weir_age_recipient_parse(texts[i], (*pks)[*npk], e) == -1)
			return -1;
		(*npk)++;
	}
	for (i = 0; i < nfiles; i++) {
		if (weir_age_recipients_load(files[i], &more, &n, e) == -1)
			return -1;
		*pks = weir_xreallocarray(*pks, *npk + n + 1, sizeof(**pks));
		memcpy(*pks + *npk, more, n * sizeof(*more));
		*npk += n;
		free(more);
	}
	return 0;
}

int
weir_age_keygen_file(const char *path, char pub[WEIR_AGE_KEYTEXT],
    struct weir_err *e)
{
	struct weir_age_key k;
	char when[64], sec[WEIR_AGE_KEYTEXT];
	char text[2 * WEIR_AGE_KEYTEXT + 128];
	int n, rv = -1;

	if (weir_clock_rfc3339(when, sizeof(when), e) == -1)
		return -1;
	weir_secret_lock(&k, sizeof(k));
	weir_secret_lock(sec, sizeof(sec));
	weir_secret_lock(text, sizeof(text));
	if (weir_age_keygen(&k) == -1) {
		weir_errf(e, EX_OSERR, "cannot generate a key");
		goto out;
	}
	weir_age_identity_text(&k, sec);
	weir_age_recipient_text(k.public, pub);
	n = snprintf(text, sizeof(text), "# created: %s\n# public key: %s\n"
	    "%s\n", when, pub, sec);
	rv = weir_secret_write_file(path, text, (size_t)n, e);
out:
	weir_secret_wipe(&k, sizeof(k));
	weir_secret_wipe(sec, sizeof(sec));
	weir_secret_wipe(text, sizeof(text));
	return rv;
}
