/*
 * t_pseudonym.c - keyed pseudonyms against an independent computation
 * (OpenSSL's HMAC and a bit-by-bit base32), stability, separation by key
 * and domain, folding, key files.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "err.h"
#include "mem.h"
#include "privacy/pseudonym.h"
#include "t.h"

static struct weir_err err;

/* The expected token, computed another way. */
static void
expect(const unsigned char key[32], const char *domain, const char *v,
    size_t chars, char *out)
{
	static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char msg[512], mac[32];
	unsigned int maclen = 0;
	size_t dl = strlen(domain), n = 0, i, bit;
	int k;

	for (k = 7; k >= 0; k--)
		msg[n++] = (unsigned char)(dl >> (8 * k));
	memcpy(msg + n, domain, dl);
	n += dl;
	memcpy(msg + n, v, strlen(v));
	n += strlen(v);
	HMAC(EVP_sha256(), key, 32, msg, n, mac, &maclen);
	for (i = 0; i < chars; i++) {
		unsigned c = 0;

		for (bit = 5 * i; bit < 5 * i + 5; bit++)
			c = c << 1 | ((mac[bit / 8] >> (7 - bit % 8)) & 1);
		out[i] = b32[c];
	}
	out[chars] = '\0';
}

static void
test_token(void)
{
	struct weir_pseudo p;
	struct weir_buf a = WEIR_BUF_INIT, b = WEIR_BUF_INIT;
	char want[64];
	size_t i;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < 32; i++)
		p.key[i] = (unsigned char)i;
	p.length = 16;
	weir_pseudo_token(&p, "alice@example.com", 17, &a);
	expect(p.key, "weir", "alice@example.com", 16, want);
	CHECK_STR(a.p, want);
	p.length = 51;
	p.domain = "email";
	weir_pseudo_token(&p, "x", 1, &a);
	expect(p.key, "email", "x", 51, want);
	CHECK_STR(a.p, want);
	/* stable; another domain, key or value differs */
	weir_pseudo_token(&p, "x", 1, &b);
	CHECK_STR(a.p, b.p);
	p.domain = "emai";
	weir_pseudo_token(&p, "lx", 2, &b);	/* no (domain, value) overlap */
	CHECK(strcmp(a.p, b.p) != 0);
	p.domain = "email";
	p.key[0] ^= 1;
	weir_pseudo_token(&p, "x", 1, &b);
	CHECK(strcmp(a.p, b.p) != 0);
	p.key[0] ^= 1;
	/* prefix and length */
	p.prefix = "u_";
	p.length = 8;
	weir_pseudo_token(&p, "x", 1, &b);
	CHECK(b.len == 10 && memcmp(b.p, "u_", 2) == 0 &&
	    memcmp(b.p + 2, a.p, 8) == 0);
	/* fold: trimmed and case folded first */
	p.prefix = NULL;
	p.fold = 1;
	weir_pseudo_token(&p, "  Alice@Example.COM ", 20, &a);
	p.fold = 0;
	weir_pseudo_token(&p, "alice@example.com", 17, &b);
	CHECK_STR(a.p, b.p);
	weir_pseudo_release(&p);
	weir_buf_release(&a);
	weir_buf_release(&b);
}

static void
test_keys(void)
{
	char line[WEIR_PSEUDO_KEY_TEXT], bad[WEIR_PSEUDO_KEY_TEXT];
	unsigned char k1[32], k2[32];

	weir_pseudo_keygen(line);
	CHECK(strncmp(line, WEIR_PSEUDO_KEY_PREFIX,
	    strlen(WEIR_PSEUDO_KEY_PREFIX)) == 0);
	CHECK(line[strlen(line) - 1] == '\n');
	CHECK(weir_pseudo_key_parse(line, strlen(line), k1, "k", &err) == 0);
	weir_pseudo_keygen(bad);
	CHECK(weir_pseudo_key_parse(bad, strlen(bad), k2, "k", &err) == 0);
	CHECK(memcmp(k1, k2, 32) != 0);		/* random */
	CHECK(weir_pseudo_key_parse("weir-column-key-1:abc", 21, k1, "k",
	    &err) == -1 && err.code == EX_DATAERR);
	CHECK(strstr(err.msg, "not a pseudonym key") != NULL);
	strcpy(bad, line);
	bad[strlen(WEIR_PSEUDO_KEY_PREFIX) + 5] = '!';
	CHECK(weir_pseudo_key_parse(bad, strlen(bad), k1, "k", &err) == -1);
	CHECK(strstr(err.msg, "damaged") != NULL);
	CHECK(weir_pseudo_key_parse(line, strlen(line) - 5, k1, "k",
	    &err) == -1);
	CHECK(weir_pseudo_key_load("/nonexistent/key", k1, &err) == -1 &&
	    err.code == EX_NOINPUT);
}

static void
test_fingerprint(void)
{
	unsigned char k[32] = { 1 };
	char a[17], b[17];

	weir_pseudo_fingerprint(k, a);
	CHECK(strlen(a) == 16);
	k[31] = 1;
	weir_pseudo_fingerprint(k, b);
	CHECK(strcmp(a, b) != 0);
}

int
main(void)
{
	test_token();
	test_keys();
	test_fingerprint();
	return T_DONE();
}
