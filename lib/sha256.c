#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "sha256.h"

/* libcrypto failing to hash is a broken installation: nothing to recover. */
static _Noreturn void
broken(void)
{
	weir_die(EX_SOFTWARE, "libcrypto: SHA-256 failed");
}

void
weir_sha256_init(struct weir_sha256 *h)
{
	static int started;
	EVP_MD_CTX *c;

	/*
	 * No atexit cleanup: the lineage log hashes from an exit handler,
	 * which may run after one that OpenSSL would have registered.
	 */
	if (!started++)
		OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	c = EVP_MD_CTX_new();
	if (c == NULL)
		weir_die(EX_OSERR, "out of memory");
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		broken();
	h->ctx = c;
}

void
weir_sha256_update(struct weir_sha256 *h, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate(h->ctx, p, n) != 1)
		broken();
}

void
weir_sha256_peek(const struct weir_sha256 *h, unsigned char out[32])
{
	EVP_MD_CTX *copy = EVP_MD_CTX_new();
	unsigned int n = 32;

	if (copy == NULL)
		weir_die(EX_OSERR, "out of memory");
	if (EVP_MD_CTX_copy_ex(copy, h->ctx) != 1 ||
	    EVP_DigestFinal_ex(copy, out, &n) != 1 || n != 32)
		broken();
	EVP_MD_CTX_free(copy);
}

void
weir_sha256_release(struct weir_sha256 *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

void
weir_sha256(const void *p, size_t n, unsigned char out[32])
{
	struct weir_sha256 h;

	weir_sha256_init(&h);
	weir_sha256_update(&h, p, n);
	weir_sha256_peek(&h, out);
	weir_sha256_release(&h);
}

void
weir_sha256_tohex(const unsigned char d[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}
