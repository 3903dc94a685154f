#include <string.h>

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

void
weir_pseudo_token(const struct weir_pseudo *p, const char *s, size_t len,
    struct weir_buf *out)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[32], dl[8];
	struct weir_buf folded = WEIR_BUF_INIT;
	const char *d = p->domain != NULL ? p->domain : "weir";
	size_t dlen = strlen(d), off, n, i, bits = 0;
	uint64_t acc = 0;
	int k;

	if (p->fold) {
		weir_text_trim(s, len, &off, &n);
		s += off;
		len = n;
		if (weir_text_fold(&folded, s, len)) {
			s = folded.p;
			len = folded.len;
		}
	}
	for (k = 0; k < 8; k++)
		dl[k] = (unsigned char)((uint64_t)dlen >> (56 - 8 * k));
	crypto_auth_hmacsha256_init(&st, p->key, sizeof(p->key));
	crypto_auth_hmacsha256_update(&st, dl, sizeof(dl));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)d, dlen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)s, len);
	crypto_auth_hmacsha256_final(&st, mac);
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
	weir_buf_release(&folded);
	sodium_memzero(&st, sizeof(st));
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
