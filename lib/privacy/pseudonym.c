#include <stdlib.h>
#include <string.h>

/*
 * The SHA-256 of libcrypto uses the CPU's SHA extensions (several times
 * libsodium's); its low-level interface lets the HMAC states after the
 * key's pads (and the domain) be computed once and copied per value.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <sodium.h>

#include "pseudonym.h"
#include "secret.h"
#include "text.h"

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

void
weir_pseudo_keygen(char out[WEIR_PSEUDO_KEY_TEXT])
{
	unsigned char key[32];
	size_t n = strlen(WEIR_PSEUDO_KEY_PREFIX);

	randombytes_buf(key, sizeof(key));
	memcpy(out, WEIR_PSEUDO_KEY_PREFIX, n);
	sodium_bin2base64(out + n, WEIR_PSEUDO_KEY_TEXT - n - 1, key,
	    sizeof(key), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	n = strlen(out);
	out[n] = '\n';
	out[n + 1] = '\0';
	sodium_memzero(key, sizeof(key));
}

int
weir_pseudo_key_parse(const char *text, size_t len, unsigned char key[32],
    const char *what, struct weir_err *e)
{
	size_t n = strlen(WEIR_PSEUDO_KEY_PREFIX), got;
	const char *end;

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (len < n || memcmp(text, WEIR_PSEUDO_KEY_PREFIX, n) != 0)
		return weir_errf(e, EX_DATAERR, "%s: not a pseudonym key (it "
		    "starts with '%s'; make one with weir anonymize --keygen)",
		    what, WEIR_PSEUDO_KEY_PREFIX);
	if (sodium_base642bin(key, 32, text + n, len - n, NULL, &got, &end,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || got != 32 ||
	    end != text + len)
		return weir_errf(e, EX_DATAERR, "%s: a damaged pseudonym key "
		    "(32 bytes of base64url expected)", what);
	return 0;
}

int
weir_pseudo_key_load(const char *path, unsigned char key[32],
    struct weir_err *e)
{
	char buf[256];
	size_t len;
	int rv;

	if (weir_secret_read_file(path, buf, sizeof(buf), &len, e) == -1)
		return -1;
	weir_secret_check_mode(path);
	rv = weir_pseudo_key_parse(buf, len, key, path, e);
	sodium_memzero(buf, sizeof(buf));
	return rv;
}

/* HMAC-SHA-256 (RFC 2104) with the key's inner and outer states kept. */
struct weir_pseudo_state {
	unsigned char	 key[32];
	char		*domain;
	SHA256_CTX	 inner;		/* after the ipad block and the domain */
	SHA256_CTX	 outer;		/* after the opad block */
	struct weir_buf	 folded;
};

static struct weir_pseudo_state *
state(struct weir_pseudo *p, const char *d)
{
	struct weir_pseudo_state *st = p->state;
	unsigned char pad[64], dl[8];
	size_t dlen = strlen(d), i;

	if (st != NULL && memcmp(st->key, p->key, 32) == 0 &&
	    strcmp(st->domain, d) == 0)
		return st;
	if (st == NULL)
		st = p->state = weir_xcalloc(1, sizeof(*st));
	free(st->domain);
	st->domain = weir_xstrdup(d);
	memcpy(st->key, p->key, 32);
	for (i = 0; i < 8; i++)
		dl[i] = (unsigned char)((uint64_t)dlen >> (56 - 8 * i));
	memset(pad, 0x36, sizeof(pad));
	for (i = 0; i < 32; i++)
		pad[i] ^= p->key[i];
	SHA256_Init(&st->inner);
	SHA256_Update(&st->inner, pad, sizeof(pad));
	SHA256_Update(&st->inner, dl, sizeof(dl));
	SHA256_Update(&st->inner, d, dlen);
	memset(pad, 0x5c, sizeof(pad));
	for (i = 0; i < 32; i++)
		pad[i] ^= p->key[i];
	SHA256_Init(&st->outer);
	SHA256_Update(&st->outer, pad, sizeof(pad));
	sodium_memzero(pad, sizeof(pad));
	return st;
}

void
weir_pseudo_release(struct weir_pseudo *p)
{
	struct weir_pseudo_state *st = p->state;

	if (st == NULL)
		return;
	free(st->domain);
	weir_buf_release(&st->folded);
	sodium_memzero(st, sizeof(*st));
	free(st);
	p->state = NULL;
}

void
weir_pseudo_token(struct weir_pseudo *p, const char *s, size_t len,
    struct weir_buf *out)
{
	struct weir_pseudo_state *st = state(p, p->domain != NULL ?
	    p->domain : "weir");
	SHA256_CTX c;
	unsigned char mac[32];
	size_t off, n, i, bits = 0;
	uint64_t acc = 0;

	if (p->fold) {
		weir_text_trim(s, len, &off, &n);
		s += off;
		len = n;
		if (weir_text_fold(&st->folded, s, len)) {
			s = st->folded.p;
			len = st->folded.len;
		}
	}
	c = st->inner;
	SHA256_Update(&c, s, len);
	SHA256_Final(mac, &c);
	c = st->outer;
	SHA256_Update(&c, mac, sizeof(mac));
	SHA256_Final(mac, &c);
	weir_buf_reset(out);
	weir_buf_adds(out, p->prefix != NULL ? p->prefix : "");
	for (i = 0, n = 0; n < p->length && n < WEIR_PSEUDO_MAX; n++) {
		if (bits < 5) {
			acc = acc << 8 | mac[i++];
			bits += 8;
		}
		weir_buf_addc(out, b32[(acc >> (bits - 5)) & 31]);
		bits -= 5;
	}
	sodium_memzero(&c, sizeof(c));
}

void
weir_pseudo_fingerprint(const unsigned char key[32], char out[17])
{
	unsigned char h[8];

	/* a hash of the key under its own purpose, never the key itself */
	crypto_generichash(h, sizeof(h), key, 32,
	    (const unsigned char *)"weir pseudonym key id", 21);
	sodium_bin2hex(out, 17, h, sizeof(h));
}
