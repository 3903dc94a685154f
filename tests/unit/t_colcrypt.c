/* t_colcrypt.c - column keys, weir1 tokens, and whole records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/colcrypt.h"
#include "err.h"
#include "mem.h"
#include "rec.h"
#include "stream.h"
#include "t.h"

/* Key bytes 00..1f; the vectors below come from an independent script. */
static const char key_text[] =
    "weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

static struct weir_colkey key, other;
static struct weir_err err;
static unsigned char scratch[4096];

static const char *
seal(const struct weir_colkey *k, const char *col, int type, const char *v,
    const unsigned char *nonce)
{
	static char out[2048];
	size_t n;

	n = weir_coltoken_seal(k, col, strlen(col), type, v, strlen(v), nonce,
	    scratch, out);
	if (n != strlen(out) || n != weir_coltoken_len(strlen(v)))
		return "(length mismatch)";
	return out;
}

/* Decrypt tok in column col: "type:value", or "E: why". */
static const char *
open_tok(const struct weir_colkey *k, const char *col, const char *tok)
{
	static char out[2048], res[2100];
	const char *why;
	size_t n;
	int type;

	if (weir_coltoken_open(k, col, strlen(col), tok, strlen(tok), &type,
	    out, &n, &why) == -1) {
		snprintf(res, sizeof(res), "E: %s", why);
		return res;
	}
	snprintf(res, sizeof(res), "%d:%.*s", type, (int)n, out);
	return res;
}

static int
parse(const char *text)
{
	struct weir_colkey k;

	memset(&err, 0, sizeof(err));
	return weir_colkey_parse(&k, text, strlen(text), "k", &err);
}

static void
test_keys(void)
{
	static const char commented[] = "# pii key\n\n" WEIR_COLKEY_PREFIX
	    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\r\n\n";
	char gen[WEIR_COLKEY_TEXT], gen2[WEIR_COLKEY_TEXT];
	struct weir_colkey a, b;

	CHECK(weir_colkey_parse(&key, key_text, strlen(key_text), "k",
	    &err) == 0);
	weir_colkey_generate(gen);
	weir_colkey_generate(gen2);
	CHECK(strlen(gen) == 18 + 43);
	CHECK(strncmp(gen, WEIR_COLKEY_PREFIX, 18) == 0);
	CHECK(strcmp(gen, gen2) != 0);
	CHECK(weir_colkey_parse(&other, gen, strlen(gen), "k", &err) == 0);
	CHECK(memcmp(key.aead, other.aead, 32) != 0);
	CHECK(memcmp(key.aead, key.siv, 32) != 0);	/* two subkeys */

	/* Comments, blank lines and CRLF around the one key line. */
	CHECK(weir_colkey_parse(&a, commented, sizeof(commented) - 1, "k",
	    &err) == 0);
	CHECK(weir_colkey_parse(&b, key_text, strlen(key_text) - 1, "k",
	    &err) == 0);	/* no final newline */
	CHECK(memcmp(&a, &key, sizeof(a)) == 0);
	CHECK(memcmp(&b, &key, sizeof(b)) == 0);

	CHECK(parse("") == -1 && err.code == EX_DATAERR);
	CHECK_STR(err.msg, "k: no column key (a line 'weir-column-key-1:...')");
	CHECK(parse("# only a comment\n") == -1);
	CHECK(parse("AGE-SECRET-KEY-1QQQ\n") == -1);
	CHECK_STR(err.msg, "k:1: not a column key (it starts with "
	    "'weir-column-key-1:')");
	CHECK(parse("weir-column-key-1:AAEC\n") == -1);
	CHECK_STR(err.msg, "k:1: damaged column key (want 32 bytes in "
	    "unpadded base64url)");
	/* Padding, standard base64 and a 33rd byte are all refused. */
	CHECK(parse("weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=") == -1);
	CHECK(parse("weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+") == -1);
	CHECK(parse("weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g") == -1);
	/* Non-zero bits past the last byte: not the canonical encoding. */
	CHECK(parse("weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9") == -1);
	CHECK(parse(key_text + 1) == -1);
	CHECK(parse("weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"
	    "weir-column-key-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n") == -1);
	CHECK_STR(err.msg, "k:2: more than one key in a column key file");

	memset(&err, 0, sizeof(err));
	CHECK(weir_colkey_load(&a, "/nonexistent/k", &err) == -1);
	CHECK(err.code == EX_NOINPUT);
	weir_colkey_wipe(&a);
	CHECK(a.aead[0] == 0 && a.siv[31] == 0);
}

static void
test_vectors(void)
{
	unsigned char nonce[24];
	size_t i;

	for (i = 0; i < 24; i++)
		nonce[i] = (unsigned char)(0x40 + i);
	CHECK_STR(seal(&key, "email", WEIR_TEXT, "ann@example.org", nonce),
	    "weir1:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXAwYY6DnAMOdlfXCsaGKzkEHCZCBuRddtCCzY17_pRFA");
	CHECK_STR(seal(&key, "email", WEIR_TEXT, "ann@example.org", NULL),
	    "weir1:qsXMkco2J5QxzAEDzhEQP4c3ogb1HArb2JlIW1DM3HyWwbOo44nUrCQuozMd2CXaDVrOnJ9GY94");
	CHECK_STR(seal(&key, "email", WEIR_TEXT, "", NULL),
	    "weir1:2SbuDshdLThljqLxpDWO17eELqwQglgzbrQckYbaQ7186ag97JZmDBY");
	CHECK_STR(seal(&key, "amount", WEIR_NUM, "12.50", NULL),
	    "weir1:m68ep9ZzUdgSMsikZI6AwmZCc8Mj698D-JITOnpxeNoXMixDp5TGzJURJ1fH5A");
	CHECK_STR(open_tok(&key, "email",
	    "weir1:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXAwYY6DnAMOdlfXCsaGKzkEHCZCBuRddtCCzY17_pRFA"),
	    "0:ann@example.org");
	CHECK_STR(open_tok(&key, "amount",
	    "weir1:m68ep9ZzUdgSMsikZI6AwmZCc8Mj698D-JITOnpxeNoXMixDp5TGzJURJ1fH5A"),
	    "2:12.50");
}

static void
test_tokens(void)
{
	char a[2048], b[2100], v[300];
	static const char *const values[] = { "", "x", "ann@example.org",
	    "with,comma \"quotes\"\nand a newline", "\xc3\xa9t\xc3\xa9" };
	size_t i, n;
	int t, ok = 1;

	/* Every type and length round-trips; lengths match the formula. */
	for (t = WEIR_TEXT; t <= WEIR_JSON; t++)
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			char want[400];

			snprintf(want, sizeof(want), "%d:%s", t, values[i]);
			CHECK_STR(open_tok(&key, "c", seal(&key, "c", t,
			    values[i], NULL)), want);
		}
	for (n = 0; n < sizeof(v) - 1; n++) {
		char want[400];

		memset(v, 'v', n);
		v[n] = '\0';
		snprintf(want, sizeof(want), "0:%s", v);
		if (strcmp(open_tok(&key, "col", seal(&key, "col", WEIR_TEXT, v,
		    NULL)), want) != 0)
			ok = 0;
	}
	CHECK(ok);

	/* Random nonces differ; synthetic ones are equal per column. */
	snprintf(a, sizeof(a), "%s", seal(&key, "c", WEIR_TEXT, "v", scratch + 3000));
	memcpy(scratch + 3000, "another nonce, 24 bytes!", 24);
	snprintf(b, sizeof(b), "%s", seal(&key, "c", WEIR_TEXT, "v", scratch + 3000));
	CHECK(strcmp(a, b) != 0);
	snprintf(a, sizeof(a), "%s", seal(&key, "c", WEIR_TEXT, "v", NULL));
	CHECK_STR(seal(&key, "c", WEIR_TEXT, "v", NULL), a);
	CHECK(strcmp(seal(&key, "d", WEIR_TEXT, "v", NULL), a) != 0);
	CHECK(strcmp(seal(&key, "c", WEIR_STR, "v", NULL), a) != 0);
	CHECK(strcmp(seal(&key, "c", WEIR_TEXT, "w", NULL), a) != 0);
	CHECK(strcmp(seal(&other, "c", WEIR_TEXT, "v", NULL), a) != 0);
	/* The column name is length-prefixed: "ab"+"c" is not "a"+"bc". */
	snprintf(a, sizeof(a), "%s", seal(&key, "a", WEIR_TEXT, "bc", NULL));
	CHECK(strncmp(seal(&key, "ab", WEIR_TEXT, "c", NULL), a, 38) != 0);

	/* Moved, wrong key, damaged, truncated, not a token. */
	snprintf(a, sizeof(a), "%s", seal(&key, "email", WEIR_TEXT, "ann", NULL));
	CHECK_STR(open_tok(&key, "phone", a), "E: cannot decrypt: wrong key, "
	    "damaged token, or a token from another column");
	CHECK_STR(open_tok(&other, "email", a), "E: cannot decrypt: wrong key, "
	    "damaged token, or a token from another column");
	for (i = 6, ok = 1; i < strlen(a); i++) {
		snprintf(b, sizeof(b), "%s", a);
		b[i] = b[i] == 'A' ? 'B' : 'A';
		if (strncmp(open_tok(&key, "email", b), "E: ", 3) != 0)
			ok = 0;
	}
	CHECK(ok);
	for (i = 0, ok = 1; i < strlen(a); i++) {
		snprintf(b, sizeof(b), "%.*s", (int)i, a);
		if (strncmp(open_tok(&key, "email", b), "E: ", 3) != 0)
			ok = 0;
	}
	CHECK(ok);
	snprintf(b, sizeof(b), "%sAA", a);
	CHECK(strncmp(open_tok(&key, "email", b), "E: ", 3) == 0);
	CHECK_STR(open_tok(&key, "email", "ann@example.org"),
	    "E: not a weir1: token");
	CHECK_STR(open_tok(&key, "email", ""), "E: not a weir1: token");
	CHECK_STR(open_tok(&key, "email", "weir1:"), "E: damaged weir1: token");
	CHECK_STR(open_tok(&key, "email", "weir1:not base64!"),
	    "E: damaged weir1: token");
	snprintf(b, sizeof(b), "weir1:%s", a + 6);
	b[5] = '.';
	CHECK_STR(open_tok(&key, "email", b), "E: not a weir1: token");
}

static struct weir_field *
field(struct weir_rec *r, const char *s, size_t col, int type)
{
	return weir_rec_push(r, s, strlen(s), col, type);
}

static void
test_records(void)
{
	struct weir_header h;
	struct weir_rec r = { 0 }, copy = { 0 };
	struct weir_colcrypt *enc, *dec, *det, *wrong;
	const struct weir_rec *out, *back;
	const struct weir_badrec *bad;
	char tok1[256], tok2[256];
	size_t i;

	weir_header_init(&h);
	weir_header_add(&h, "id", 2);
	weir_header_add(&h, "email", 5);
	weir_header_add(&h, "amount", 6);
	r.src = "in.csv";
	r.line = 7;
	field(&r, "1", 0, WEIR_TEXT);
	field(&r, "ann@example.org", 1, WEIR_TEXT);
	field(&r, "", 2, WEIR_TEXT);

	enc = weir_colcrypt_new(&key, 0);
	dec = weir_colcrypt_new(&key, WEIR_COLCRYPT_DECRYPT);
	det = weir_colcrypt_new(&key, WEIR_COLCRYPT_DETERMINISTIC);
	wrong = weir_colcrypt_new(&other, WEIR_COLCRYPT_DECRYPT);
	CHECK(weir_colcrypt_select(enc, "email,3", &h, NULL, 1, &err) == 0);
	CHECK(weir_colcrypt_select(dec, "2-3", &h, NULL, 1, &err) == 0);
	CHECK(weir_colcrypt_select(det, "email,amount", &h, NULL, 1, &err) == 0);
	CHECK(weir_colcrypt_select(wrong, "email,amount", &h, NULL, 1, &err) == 0);
	CHECK(weir_colcrypt_missing(enc, &err) == 0);

	CHECK(weir_colcrypt_apply(enc, &r, &out, &err) == 0);
	CHECK(out->n == 3 && out->line == 7 && strcmp(out->src, "in.csv") == 0);
	CHECK(out->f[0].s == r.f[0].s);		/* untouched, not copied */
	CHECK(strncmp(out->f[1].s, "weir1:", 6) == 0 && out->f[1].type == WEIR_STR);
	CHECK(out->f[2].len == weir_coltoken_len(0));	/* empty: encrypted */
	CHECK(out->f[1].s[out->f[1].len] == '\0');
	/* Keep a copy: the next apply on enc reuses its buffers. */
	for (i = 0; i < out->n; i++)
		weir_rec_push(&copy, weir_xmemdup(out->f[i].s, out->f[i].len),
		    out->f[i].len, out->f[i].col, out->f[i].type);
	copy.src = "enc.csv";
	copy.line = 2;
	snprintf(tok1, sizeof(tok1), "%s", out->f[1].s);
	CHECK(weir_colcrypt_apply(enc, &r, &out, &err) == 0);
	CHECK(strcmp(out->f[1].s, tok1) != 0);	/* random nonces */

	CHECK(weir_colcrypt_apply(dec, &copy, &back, &err) == 0);
	CHECK(back->n == 3);
	CHECK(back->f[1].len == 15 && memcmp(back->f[1].s, "ann@example.org",
	    15) == 0 && back->f[1].type == WEIR_TEXT);
	CHECK(back->f[2].len == 0 && back->f[2].type == WEIR_TEXT);

	CHECK(weir_colcrypt_apply(det, &r, &out, &err) == 0);
	snprintf(tok1, sizeof(tok1), "%s", out->f[1].s);
	snprintf(tok2, sizeof(tok2), "%s", out->f[2].s);
	CHECK(weir_colcrypt_apply(det, &r, &out, &err) == 0);
	CHECK_STR(out->f[1].s, tok1);
	CHECK_STR(out->f[2].s, tok2);
	CHECK_STR(tok1, "weir1:qsXMkco2J5QxzAEDzhEQP4c3ogb1HArb2JlIW1DM3HyWwbOo44nUrCQuozMd2CXaDVrOnJ9GY94");

	/* A wrong key: a bad record naming the source, line and column. */
	memset(&err, 0, sizeof(err));
	CHECK(weir_colcrypt_apply(wrong, &copy, &back, &err) == WEIR_BAD);
	CHECK(err.code == EX_DATAERR);
	CHECK_STR(err.msg, "enc.csv:2: column 'email': cannot decrypt: wrong "
	    "key, damaged token, or a token from another column");
	bad = weir_colcrypt_bad(wrong);
	CHECK(bad->line == 2 && strcmp(bad->column, "email") == 0);
	CHECK(bad->rawlen > 0 && strncmp(bad->raw, "1,weir1:", 8) == 0);
	/* Plain text where a token should be. */
	CHECK(weir_colcrypt_apply(dec, &r, &back, &err) == WEIR_BAD);
	CHECK_STR(err.msg, "in.csv:7: column 'email': not a weir1: token");

	/* JSON values: types come back, a number is not a token. */
	weir_rec_release(&r);
	memset(&r, 0, sizeof(r));
	r.src = "in.ndjson";
	r.line = 1;
	field(&r, "2", 0, WEIR_NUM);
	field(&r, "", 1, WEIR_NULL);
	field(&r, "12.5", 2, WEIR_NUM);
	CHECK(weir_colcrypt_apply(enc, &r, &out, &err) == 0);
	for (i = 0; i < copy.n; i++)
		free((char *)copy.f[i].s);
	weir_rec_release(&copy);
	memset(&copy, 0, sizeof(copy));
	for (i = 0; i < out->n; i++)
		weir_rec_push(&copy, weir_xmemdup(out->f[i].s, out->f[i].len),
		    out->f[i].len, out->f[i].col, out->f[i].type);
	CHECK(weir_colcrypt_apply(dec, &copy, &back, &err) == 0);
	CHECK(back->f[0].type == WEIR_NUM && back->f[1].type == WEIR_NULL &&
	    back->f[2].type == WEIR_NUM && back->f[2].len == 4);
	CHECK(weir_colcrypt_apply(dec, &r, &back, &err) == WEIR_BAD);
	CHECK_STR(err.msg, "in.ndjson:1: column 'email': not a weir1: token");
	for (i = 0; i < copy.n; i++)
		free((char *)copy.f[i].s);
	weir_rec_release(&copy);
	weir_rec_release(&r);

	/* An unknown name with a fixed header. */
	weir_colcrypt_free(enc);
	enc = weir_colcrypt_new(&key, 0);
	memset(&err, 0, sizeof(err));
	CHECK(weir_colcrypt_select(enc, "email,nope", &h, NULL, 1, &err) == -1);
	CHECK(err.code == EX_USAGE);

	weir_colcrypt_free(enc);
	weir_colcrypt_free(dec);
	weir_colcrypt_free(det);
	weir_colcrypt_free(wrong);
	weir_colcrypt_free(NULL);
	weir_header_release(&h);
}

/* A growing (JSON) header: names are found as they appear. */
static void
test_growing(void)
{
	struct weir_header h;
	struct weir_rec r = { 0 };
	struct weir_colcrypt *enc;
	const struct weir_rec *out;

	weir_header_init(&h);
	enc = weir_colcrypt_new(&key, 0);
	CHECK(weir_colcrypt_select(enc, "b,a\\,b,3", &h, NULL, 0, &err) == 0);
	weir_header_add(&h, "a", 1);
	r.src = "-";
	r.line = 1;
	field(&r, "x", 0, WEIR_STR);
	CHECK(weir_colcrypt_apply(enc, &r, &out, &err) == 0);
	CHECK(out->f[0].s == r.f[0].s);
	memset(&err, 0, sizeof(err));
	CHECK(weir_colcrypt_missing(enc, &err) == -1);
	CHECK_STR(err.msg, "--columns: no column 'b' in the input");
	weir_header_add(&h, "b", 1);
	weir_header_add(&h, "a,b", 3);
	weir_header_add(&h, "3", 1);	/* with JSON, "3" is a name */
	field(&r, "y", 1, WEIR_STR);
	CHECK(weir_colcrypt_apply(enc, &r, &out, &err) == 0);
	CHECK(out->f[0].s == r.f[0].s);
	CHECK(strncmp(out->f[1].s, "weir1:", 6) == 0);
	CHECK(weir_colcrypt_missing(enc, &err) == 0);
	weir_colcrypt_free(enc);
	weir_rec_release(&r);
	weir_header_release(&h);
}

int
main(void)
{
	test_keys();
	test_vectors();
	test_tokens();
	test_records();
	test_growing();
	weir_colkey_wipe(&key);
	weir_colkey_wipe(&other);
	return T_DONE();
}
