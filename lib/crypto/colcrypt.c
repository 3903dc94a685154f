#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "badrows.h"
#include "colcrypt.h"
#include "cols.h"
#include "mem.h"
#include "secret.h"

#define KDF_CONTEXT	"weircol1"	/* crypto_kdf_CONTEXTBYTES: 8 */
#define KDF_ID_AEAD	1
#define KDF_ID_SIV	2
#define PREFIX_LEN	(sizeof(WEIR_COLTOKEN_PREFIX) - 1)
#define KEY_PREFIX_LEN	(sizeof(WEIR_COLKEY_PREFIX) - 1)
#define OVERHEAD	(WEIR_COLTOKEN_NONCE + 1 + WEIR_COLTOKEN_MAC)
#define NONCE_POOL	256	/* random nonces fetched at a time */

/* The type byte of each enum weir_type, in enum order. */
static const char type_byte[] = "tsnbzj";

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * Tokens are public, so they are coded with plain tables, several times
 * faster than libsodium's constant-time coder (kept for keys).  Unpadded;
 * returns the length written.
 */
static size_t
b64_encode(char *out, const unsigned char *p, size_t n)
{
	char *o = out;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 |
		    (unsigned long)p[i + 1] << 8 | p[i + 2];

		o[0] = b64url[v >> 18];
		o[1] = b64url[v >> 12 & 63];
		o[2] = b64url[v >> 6 & 63];
		o[3] = b64url[v & 63];
		o += 4;
	}
	if (n - i == 1) {
		*o++ = b64url[p[i] >> 2];
		*o++ = b64url[(p[i] & 3) << 4];
	} else if (n - i == 2) {
		*o++ = b64url[p[i] >> 2];
		*o++ = b64url[(p[i] & 3) << 4 | p[i + 1] >> 4];
		*o++ = b64url[(p[i + 1] & 15) << 2];
	}
	return (size_t)(o - out);
}

static unsigned char b64val[256];	/* value + 1; 0: not base64url */

static void
b64_init(void)
{
	size_t i;

	if (b64val['A'] != 0)
		return;
	for (i = 0; i < 64; i++)
		b64val[(unsigned char)b64url[i]] = (unsigned char)(i + 1);
}

/*
 * Decode strictly: only the alphabet, no padding, and no stray bits in
 * the last character, so that every value has exactly one token.
 */
static int
b64_decode(unsigned char *out, const char *s, size_t n, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char *o = out;
	unsigned long v;
	size_t i, k;

	if (n % 4 == 1)
		return -1;
	for (i = 0; i + 4 <= n; i += 4) {
		unsigned a = b64val[u[i]], b = b64val[u[i + 1]],
		    c = b64val[u[i + 2]], d = b64val[u[i + 3]];

		if (a == 0 || b == 0 || c == 0 || d == 0)
			return -1;
		v = (unsigned long)(a - 1) << 18 | (unsigned long)(b - 1) << 12 |
		    (unsigned long)(c - 1) << 6 | (unsigned long)(d - 1);
		o[0] = (unsigned char)(v >> 16);
		o[1] = (unsigned char)(v >> 8);
		o[2] = (unsigned char)v;
		o += 3;
	}
	if ((k = n - i) > 0) {
		for (v = 0; i < n; i++) {
			if (!b64val[u[i]])
				return -1;
			v = v << 6 | (unsigned long)(b64val[u[i]] - 1);
		}
		if (k == 2) {
			if (v & 15)
				return -1;
			*o++ = (unsigned char)(v >> 4);
		} else {
			if (v & 3)
				return -1;
			*o++ = (unsigned char)(v >> 10);
			*o++ = (unsigned char)(v >> 2);
		}
	}
	*outlen = (size_t)(o - out);
	return 0;
}

static void
init_sodium(void)
{
	if (sodium_init() < 0)
		weir_die(EX_OSERR, "libsodium cannot be initialised");
}

void
weir_colkey_generate(char out[WEIR_COLKEY_TEXT])
{
	unsigned char raw[32];

	init_sodium();
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, WEIR_COLKEY_PREFIX, KEY_PREFIX_LEN);
	sodium_bin2base64(out + KEY_PREFIX_LEN, WEIR_COLKEY_TEXT - KEY_PREFIX_LEN,
	    raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
weir_colkey_fingerprint(const struct weir_colkey *k, char hex[33])
{
	static const char text[] = "weir column key fingerprint v1";
	unsigned char d[16];

	crypto_generichash(d, sizeof(d), (const unsigned char *)text,
	    sizeof(text) - 1, k->siv, sizeof(k->siv));
	sodium_bin2hex(hex, 33, d, sizeof(d));
}

int
weir_colkey_generate_file(const char *path, struct weir_err *e)
{
	char text[WEIR_COLKEY_TEXT + 1];
	size_t n;
	int rv;

	weir_secret_lock(text, sizeof(text));
	weir_colkey_generate(text);
	n = strlen(text);
	text[n++] = '\n';
	rv = weir_secret_write_file(path, text, n, e);
	weir_secret_wipe(text, sizeof(text));
	return rv;
}

static void
derive(struct weir_colkey *k, const unsigned char raw[32])
{
	crypto_kdf_derive_from_key(k->aead, sizeof(k->aead), KDF_ID_AEAD,
	    KDF_CONTEXT, raw);
	crypto_kdf_derive_from_key(k->siv, sizeof(k->siv), KDF_ID_SIV,
	    KDF_CONTEXT, raw);
}

int
weir_colkey_parse(struct weir_colkey *k, const char *text, size_t len,
    const char *what, struct weir_err *e)
{
	const char *p = text, *end = text + len, *nl, *key = NULL;
	unsigned char raw[32];
	size_t n, keylen = 0, rawlen;
	unsigned long line = 0, keyline = 0;
	int rv;

	init_sodium();
	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] == '#')
			continue;
		if (key != NULL)
			return weir_errf(e, EX_DATAERR, "%s:%lu: more than one "
			    "key in a column key file", what, line);
		key = p;
		keylen = n;
		keyline = line;
	}
	if (key == NULL)
		return weir_errf(e, EX_DATAERR, "%s: no column key (a line "
		    "'" WEIR_COLKEY_PREFIX "...')", what);
	if (keylen < KEY_PREFIX_LEN ||
	    memcmp(key, WEIR_COLKEY_PREFIX, KEY_PREFIX_LEN) != 0)
		return weir_errf(e, EX_DATAERR, "%s:%lu: not a column key "
		    "(it starts with '" WEIR_COLKEY_PREFIX "')", what, keyline);
	rv = sodium_base642bin(raw, sizeof(raw), key + KEY_PREFIX_LEN,
	    keylen - KEY_PREFIX_LEN, NULL, &rawlen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (rv != 0 || rawlen != sizeof(raw)) {
		sodium_memzero(raw, sizeof(raw));
		return weir_errf(e, EX_DATAERR, "%s:%lu: damaged column key "
		    "(want 32 bytes in unpadded base64url)", what, keyline);
	}
	derive(k, raw);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

int
weir_colkey_load(struct weir_colkey *k, const char *path, struct weir_err *e)
{
	char *buf;
	size_t len;
	int rv;

	buf = weir_xmalloc(WEIR_SECRET_FILE_MAX);
	weir_secret_lock(buf, WEIR_SECRET_FILE_MAX);
	rv = weir_secret_read_file(path, buf, WEIR_SECRET_FILE_MAX, &len, e);
	if (rv == 0)
		rv = weir_colkey_parse(k, buf, len, path, e);
	weir_secret_wipe(buf, WEIR_SECRET_FILE_MAX);
	free(buf);
	return rv;
}

void
weir_colkey_wipe(struct weir_colkey *k)
{
	sodium_memzero(k, sizeof(*k));
}

size_t
weir_coltoken_len(size_t vlen)
{
	size_t n = vlen + OVERHEAD;

	return PREFIX_LEN + n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

static void
synthetic_nonce(const struct weir_colkey *k, const char *col, size_t collen,
    const unsigned char *pt, size_t ptlen, unsigned char nonce[24])
{
	crypto_generichash_state st;
	unsigned char len8[8];
	uint64_t n = collen;
	int i;

	for (i = 0; i < 8; i++)
		len8[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_init(&st, k->siv, sizeof(k->siv),
	    WEIR_COLTOKEN_NONCE);
	crypto_generichash_update(&st, len8, sizeof(len8));
	crypto_generichash_update(&st, (const unsigned char *)col, collen);
	crypto_generichash_update(&st, pt, ptlen);
	crypto_generichash_final(&st, nonce, WEIR_COLTOKEN_NONCE);
}

size_t
weir_coltoken_seal(const struct weir_colkey *k, const char *col,
    size_t collen, int type, const char *v, size_t vlen,
    const unsigned char *nonce, unsigned char *scratch, char *out)
{
	size_t n = vlen + OVERHEAD;
	unsigned char *pt = scratch + n;	/* the binary token comes first */

	pt[0] = (unsigned char)type_byte[type];
	if (vlen > 0)
		memcpy(pt + 1, v, vlen);
	if (nonce != NULL)
		memcpy(scratch, nonce, WEIR_COLTOKEN_NONCE);
	else
		synthetic_nonce(k, col, collen, pt, vlen + 1, scratch);
	crypto_aead_xchacha20poly1305_ietf_encrypt(scratch + WEIR_COLTOKEN_NONCE,
	    NULL, pt, vlen + 1, (const unsigned char *)col, collen, NULL,
	    scratch, k->aead);
	memcpy(out, WEIR_COLTOKEN_PREFIX, PREFIX_LEN);
	n = PREFIX_LEN + b64_encode(out + PREFIX_LEN, scratch, n);
	out[n] = '\0';
	return n;
}

int
weir_coltoken_open(const struct weir_colkey *k, const char *col,
    size_t collen, const char *tok, size_t toklen, int *type, char *out,
    size_t *outlen, const char **why)
{
	unsigned char *bin = (unsigned char *)out;
	unsigned long long mlen;
	const char *t;
	size_t binlen;

	if (toklen < PREFIX_LEN ||
	    memcmp(tok, WEIR_COLTOKEN_PREFIX, PREFIX_LEN) != 0) {
		*why = "not a " WEIR_COLTOKEN_PREFIX " token";
		return -1;
	}
	b64_init();
	if (b64_decode(bin, tok + PREFIX_LEN, toklen - PREFIX_LEN, &binlen) != 0
	    || binlen < OVERHEAD) {
		*why = "damaged " WEIR_COLTOKEN_PREFIX " token";
		return -1;
	}
	/* Decrypt in place, the plaintext landing at the start of out. */
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(bin + WEIR_COLTOKEN_NONCE,
	    &mlen, NULL, bin + WEIR_COLTOKEN_NONCE, binlen - WEIR_COLTOKEN_NONCE,
	    (const unsigned char *)col, collen, bin, k->aead) != 0) {
		*why = "cannot decrypt: wrong key, damaged token, or a token "
		    "from another column";
		return -1;
	}
	if ((t = memchr(type_byte, bin[WEIR_COLTOKEN_NONCE],
	    sizeof(type_byte) - 1)) == NULL || bin[WEIR_COLTOKEN_NONCE] == 0) {
		*why = "unknown value type in token";
		return -1;
	}
	*type = (int)(t - type_byte);
	*outlen = (size_t)mlen - 1;
	memmove(out, bin + WEIR_COLTOKEN_NONCE + 1, *outlen);
	return 0;
}

struct weir_colcrypt {
	struct weir_colkey	 key;
	int			 flags;
	const struct weir_header *h;
	unsigned char		*sel;		/* per header column: 1 chosen */
	size_t			 nsel;
	char			**names;	/* for a growing header */
	size_t			*lens;
	unsigned char		*seen;
	size_t			 nnames;
	struct weir_rec		 out;
	struct weir_buf		 text;		/* tokens or decrypted values */
	struct weir_buf		 scratch;
	struct weir_buf		 raw;		/* a bad record as CSV */
	struct weir_badrec	 bad;
	size_t			*pos;		/* where each value is in text */
	size_t			 npos;
	unsigned char		 pool[NONCE_POOL * WEIR_COLTOKEN_NONCE];
	size_t			 pooled;	/* nonces left in pool */
	unsigned char		 seed[32];	/* ChaCha20 key for the pool */
	unsigned char		 ctr[12];	/* and its nonce, a counter */
};

struct weir_colcrypt *
weir_colcrypt_new(const struct weir_colkey *k, int flags)
{
	struct weir_colcrypt *c;

	init_sodium();
	c = weir_xcalloc(1, sizeof(*c));
	c->key = *k;
	weir_secret_lock(&c->key, sizeof(c->key));
	c->flags = flags;
	randombytes_buf(c->seed, sizeof(c->seed));
	b64_init();
	return c;
}

void
weir_colcrypt_free(struct weir_colcrypt *c)
{
	size_t i;

	if (c == NULL)
		return;
	weir_secret_wipe(&c->key, sizeof(c->key));
	sodium_memzero(c->seed, sizeof(c->seed));
	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->lens);
	free(c->seen);
	free(c->sel);
	free(c->pos);
	weir_rec_release(&c->out);
	weir_buf_release(&c->text);
	weir_buf_release(&c->scratch);
	weir_buf_release(&c->raw);
	free(c);
}

/*
 * A chosen name covers its column and, when nested objects are flattened
 * for a flat output, every column flattened from it ("address" covers
 * "address.street"): a secret does not leak because of its shape.
 */
static int
covers(const char *sel, size_t sellen, const char *name, size_t len)
{
	if (len < sellen || memcmp(name, sel, sellen) != 0)
		return 0;
	return len == sellen || name[sellen] == '.';
}

/*
 * Duplicate names in a header were renamed (email, email_2): choosing one
 * of them chooses all, since the input gave them one name.
 */
static void
cover_renamed(struct weir_colcrypt *c, const struct weir_header *h,
    const char *const *orig)
{
	size_t i, j;
	const char *oi, *oj;

	for (i = 0; i < h->n; i++) {
		if (c->sel[i])
			continue;
		oi = orig[i] != NULL ? orig[i] : h->name[i];
		for (j = 0; j < h->n && !c->sel[i]; j++) {
			if (!c->sel[j] || (orig[i] == NULL && orig[j] == NULL))
				continue;
			oj = orig[j] != NULL ? orig[j] : h->name[j];
			if (strcmp(oi, oj) == 0)
				c->sel[i] = 1;
		}
	}
}

/* Grow sel to cover the header, looking up the listed names in new columns. */
static void
follow_header(struct weir_colcrypt *c)
{
	const struct weir_header *h = c->h;
	size_t i, j;

	if (c->nsel >= h->n)
		return;
	c->sel = weir_xrealloc(c->sel, h->n);
	for (i = c->nsel; i < h->n; i++) {
		c->sel[i] = 0;
		for (j = 0; j < c->nnames; j++)
			if (covers(c->names[j], c->lens[j], h->name[i],
			    h->len[i])) {
				c->sel[i] = 1;
				c->seen[j] = 1;
			}
	}
	c->nsel = h->n;
}

/*
 * Choose the columns flattened from each item of list that names some
 * ("address" in a CSV with "address.zip"); return the items left for
 * weir_cols_parse() as a new list, or NULL when none is left.
 */
static char *
nested_names(struct weir_colcrypt *c, const char *list,
    const struct weir_header *h)
{
	struct weir_buf rest = WEIR_BUF_INIT, item = WEIR_BUF_INIT;
	const char *p = list;
	size_t i, k, n;
	int nested, exact, any = 0;

	while (weir_cols_item(&p, &item)) {
		n = item.len;
		nested = exact = 0;
		for (i = 0; i < h->n; i++)
			if (h->len[i] > n && h->name[i][n] == '.' &&
			    memcmp(h->name[i], item.p, n) == 0) {
				c->sel[i] = 1;
				nested = 1;
			} else if (h->len[i] == n &&
			    memcmp(h->name[i], item.p, n) == 0)
				exact = 1;
		if (nested && !exact)
			continue;
		if (any++)
			weir_buf_addc(&rest, ',');
		for (k = 0; k < n; k++) {	/* escaped again for the parser */
			if (item.p[k] == ',')
				weir_buf_addc(&rest, '\\');
			weir_buf_addc(&rest, item.p[k]);
		}
	}
	weir_buf_release(&item);
	if (!any) {
		weir_buf_release(&rest);
		return NULL;
	}
	weir_buf_addc(&rest, '\0');
	return rest.p;
}

int
weir_colcrypt_select(struct weir_colcrypt *c, const char *list,
    const struct weir_header *h, const char *const *orig, int fixed,
    struct weir_err *e)
{
	struct weir_buf item = WEIR_BUF_INIT;
	const char *p = list;
	size_t *cols, n, i;

	c->h = h;
	if (fixed) {
		c->nsel = h->n;
		c->sel = weir_xcalloc(h->n ? h->n : 1, 1);
		/* Names with flattened descendants are taken here ... */
		if ((list = nested_names(c, list, h)) == NULL)
			return 0;
		/* ... and the rest resolved as any column list. */
		i = weir_cols_parse(list, h, "--columns", &cols, &n, e) == -1;
		free((char *)list);
		if (i)
			return -1;
		for (i = 0; i < n; i++)
			c->sel[cols[i]] = 1;
		free(cols);
		if (orig != NULL)
			cover_renamed(c, h, orig);
		return 0;
	}
	while (weir_cols_item(&p, &item)) {
		c->names = weir_xreallocarray(c->names, c->nnames + 1,
		    sizeof(*c->names));
		c->lens = weir_xreallocarray(c->lens, c->nnames + 1,
		    sizeof(*c->lens));
		c->seen = weir_xrealloc(c->seen, c->nnames + 1);
		c->names[c->nnames] = weir_xmemdup(item.p, item.len);
		c->lens[c->nnames] = item.len;
		c->seen[c->nnames++] = 0;
	}
	weir_buf_release(&item);
	follow_header(c);
	return 0;
}

int
weir_colcrypt_missing(struct weir_colcrypt *c, struct weir_err *e)
{
	size_t i;

	follow_header(c);
	for (i = 0; i < c->nnames; i++)
		if (!c->seen[i])
			return weir_errf(e, EX_USAGE, "--columns: no column "
			    "'%s' in the input", c->names[i]);
	return 0;
}

/*
 * Random nonces: ChaCha20 keyed from the system's generator, drawn a pool
 * at a time (a system call per nonce would cost more than the sealing).
 */
static const unsigned char *
next_nonce(struct weir_colcrypt *c)
{
	if (c->pooled == 0) {
		crypto_stream_chacha20_ietf(c->pool, sizeof(c->pool), c->ctr,
		    c->seed);
		sodium_increment(c->ctr, sizeof(c->ctr));
		c->pooled = NONCE_POOL;
	}
	return c->pool + --c->pooled * WEIR_COLTOKEN_NONCE;
}

static int
bad_value(struct weir_colcrypt *c, const struct weir_rec *rec, size_t col,
    const char *why, struct weir_err *e)
{
	return weir_bad_rec(&c->bad, &c->raw, e, NULL, rec, c->h->name[col],
	    "%s", why);
}

int
weir_colcrypt_apply(struct weir_colcrypt *c, const struct weir_rec *rec,
    const struct weir_rec **out, struct weir_err *e)
{
	const struct weir_header *h = c->h;
	const int decrypt = c->flags & WEIR_COLCRYPT_DECRYPT;
	size_t i, need = 0, maxv = 0, k, len;
	const char *why;
	int type;

	follow_header(c);
	/* Room for every new value first: text must not move once filled. */
	for (i = 0; i < rec->n; i++) {
		const struct weir_field *f = &rec->f[i];

		if (f->col >= c->nsel || !c->sel[f->col])
			continue;
		len = decrypt ? f->len : weir_coltoken_len(f->len) + 1;
		need += len;
		if (f->len > maxv)
			maxv = f->len;
	}
	if (rec->n > c->npos) {
		c->pos = weir_xreallocarray(c->pos, rec->n, sizeof(*c->pos));
		c->npos = rec->n;
	}
	weir_buf_reset(&c->text);
	weir_buf_grow(&c->text, need);
	if (!decrypt) {
		weir_buf_reset(&c->scratch);
		weir_buf_grow(&c->scratch, 2 * (maxv + OVERHEAD));
	}
	if (c->out.cap < rec->n) {
		c->out.f = weir_xreallocarray(c->out.f, rec->n,
		    sizeof(*c->out.f));
		c->out.cap = rec->n;
	}
	memcpy(c->out.f, rec->f, rec->n * sizeof(*rec->f));
	c->out.n = rec->n;
	c->out.src = rec->src;
	c->out.line = rec->line;
	for (i = 0; i < rec->n; i++) {
		const struct weir_field *f = &rec->f[i];
		struct weir_field *o = &c->out.f[i];
		char *dst = c->text.p + c->text.len;

		if (f->col >= c->nsel || !c->sel[f->col])
			continue;
		/*
		 * An empty field of a flat file is a value the record did not
		 * have (JSON written as CSV): nothing was sealed, nothing to
		 * open.  Every value that was there, "" included, is a token.
		 */
		if (decrypt && f->len == 0 && f->type == WEIR_TEXT)
			continue;
		if (decrypt) {
			if ((f->type != WEIR_TEXT && f->type != WEIR_STR) ||
			    weir_coltoken_open(&c->key, h->name[f->col],
			    h->len[f->col], f->s, f->len, &type, dst, &len,
			    &why) == -1)
				return bad_value(c, rec, f->col,
				    f->type == WEIR_TEXT || f->type == WEIR_STR ?
				    why : "not a " WEIR_COLTOKEN_PREFIX " token", e);
			o->type = type;
			o->plain = 0;
		} else {
			len = weir_coltoken_seal(&c->key, h->name[f->col],
			    h->len[f->col], f->type, f->s, f->len,
			    c->flags & WEIR_COLCRYPT_DETERMINISTIC ? NULL :
			    next_nonce(c), (unsigned char *)c->scratch.p, dst);
			o->type = WEIR_STR;
			o->plain = 1;	/* base64url: no quote, comma or CR/LF */
		}
		o->s = dst;
		o->len = len;
		k = len + !decrypt;	/* the NUL after a token */
		c->text.len += k;
	}
	*out = &c->out;
	return 0;
}

const struct weir_badrec *
weir_colcrypt_bad(const struct weir_colcrypt *c)
{
	return &c->bad;
}
