/*
 * t_age - lib/age and lib/bech32: keys and key files, round trips,
 * tampering, armor, scrypt limits, and interop with age(1) when
 * /usr/bin/age (or $AGE) is there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/age.h"
#include "crypto/bech32.h"
#include "io.h"
#include "mem.h"
#include "t.h"

#define CH	WEIR_AGE_CHUNK

static char tmpdir[256];
static char path_pt[300], path_ct[300], path_out[300];

static void
tpath(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL) {
		perror(path);
		exit(70);
	}
	if (n > 0 && fwrite(p, 1, n, fp) != n)
		exit(70);
	fclose(fp);
}

static unsigned char *
read_file(const char *path, size_t *n)
{
	struct weir_buf b = WEIR_BUF_INIT;
	char c[65536];
	size_t r;
	FILE *fp = fopen(path, "rb");

	*n = 0;
	weir_buf_grow(&b, 1);
	if (fp == NULL)
		return (unsigned char *)b.p;
	while ((r = fread(c, 1, sizeof(c), fp)) > 0)
		weir_buf_add(&b, c, r);
	fclose(fp);
	*n = b.len;
	return (unsigned char *)b.p;
}

/* Encrypt pt into a new buffer; -1 with e set. */
static int
enc(const struct weir_age_enc *o, const unsigned char *pt, size_t n,
    unsigned char **ct, size_t *ctn, struct weir_err *e)
{
	struct weir_out out;
	struct weir_in in;
	int r;

	*ct = NULL;
	*ctn = 0;
	write_file(path_pt, pt, n);
	if (weir_in_open(&in, path_pt, WEIR_IN_RAW, e) == -1)
		return -1;
	if (weir_out_open_raw(&out, path_ct, 0, e) == -1) {
		weir_in_close(&in);
		return -1;
	}
	r = weir_age_encrypt(&in, &out, o, e);
	if (r == 0)
		r = weir_out_commit(&out, e);
	else
		weir_out_abort(&out);
	weir_in_close(&in);
	if (r == 0)
		*ct = read_file(path_ct, ctn);
	unlink(path_ct);
	return r;
}

struct released {
	unsigned long long	bytes;
	unsigned char		sha[32];
	enum weir_age_fail	kind;
};

/* Decrypt ct, hashing what is released (kept on failure too). */
static int
dec(const struct weir_age_dec *o, const unsigned char *ct, size_t n,
    struct released *rel, struct weir_err *e)
{
	struct weir_out out;
	struct weir_in in;
	int r;

	memset(rel, 0, sizeof(*rel));
	write_file(path_ct, ct, n);
	if (weir_in_open(&in, path_ct, WEIR_IN_RAW, e) == -1)
		return -1;
	if (weir_out_open_raw(&out, "/dev/null", 1, e) == -1) {
		weir_in_close(&in);
		return -1;
	}
	r = weir_age_decrypt_kind(&in, &out, o, &rel->kind, e);
	weir_out_flush_(&out);
	rel->bytes = out.bytes;
	weir_out_sha256(&out, rel->sha);
	weir_out_abort(&out);
	weir_in_close(&in);
	unlink(path_ct);
	return r;
}

/* Is what was released exactly the first len bytes of pt? */
static int
released_is(const struct released *rel, const unsigned char *pt, size_t len)
{
	unsigned char sha[32];

	crypto_hash_sha256(sha, pt, len);
	return rel->bytes == len && memcmp(sha, rel->sha, 32) == 0;
}

static int pass_calls;

static int
give_pass(void *ctx, char *buf, size_t size, struct weir_err *e)
{
	pass_calls++;
	if (ctx == NULL)
		return weir_errf(e, EX_NOPERM, "no passphrase here");
	snprintf(buf, size, "%s", (const char *)ctx);
	return 0;
}

static void
test_bech32(void)
{
	static const char *const good[] = {
		"A12UEL5L", "a12uel5l",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
	};
	static const char *const bad[] = {
		"A1G7SGD8",		/* checksum of an uppercase prefix */
		"10a06t8",		/* empty prefix */
		"1qzzfhee",
		"x1b4n0q5v",		/* 'b' is not in the alphabet */
		"li1dgmt3",		/* checksum too short */
		"A12uEL5L",		/* mixed case */
		" 1nwldj5",		/* a space */
		"a12uel5m",		/* one character off */
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx",
	};
	unsigned char data[64], back[64];
	char hrp[100], text[200];
	const char *why;
	size_t i, n, len;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why = NULL;
		n = 99;
		CHECK(weir_bech32_decode(good[i], hrp, sizeof(hrp), data,
		    sizeof(data), &n, &why) == 0 || strcmp(why, "bad padding")
		    == 0);
	}
	CHECK(weir_bech32_decode("A12UEL5L", hrp, sizeof(hrp), data,
	    sizeof(data), &n, NULL) == 0);
	CHECK_STR(hrp, "a");
	CHECK(n == 0);
	CHECK(weir_bech32_decode(good[2], hrp, sizeof(hrp), data, sizeof(data),
	    &n, NULL) == 0 && n == 20 && strcmp(hrp, "abcdef") == 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(weir_bech32_decode(bad[i], hrp, sizeof(hrp), data,
		    sizeof(data), &n, NULL) == -1);
	CHECK(weir_bech32_decode("A12uEL5L", hrp, sizeof(hrp), data,
	    sizeof(data), &n, &why) == -1);
	CHECK_STR(why, "mixed case");
	CHECK(weir_bech32_decode("a12uel5m", hrp, sizeof(hrp), data,
	    sizeof(data), &n, &why) == -1);
	CHECK_STR(why, "bad checksum");

	/* Round trips of every length up to 40 bytes, both cases. */
	for (len = 0; len <= 40; len++) {
		randombytes_buf(data, len);
		CHECK(weir_bech32_encode(text, sizeof(text), "test", data, len,
		    (int)(len & 1)) > 0);
		CHECK(weir_bech32_decode(text, hrp, sizeof(hrp), back,
		    sizeof(back), &n, NULL) == 0 && n == len &&
		    memcmp(back, data, len) == 0 && strcmp(hrp, "test") == 0);
	}
	/* Too small an output, too small a data buffer. */
	CHECK(weir_bech32_encode(text, 10, "test", data, 32, 0) == -1);
	weir_bech32_encode(text, sizeof(text), "test", data, 32, 0);
	CHECK(weir_bech32_decode(text, hrp, sizeof(hrp), back, 16, &n,
	    NULL) == -1);
}

static void
test_keys(void)
{
	static const char spec_id[] = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZ"
	    "GFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
	static const char spec_pk[] =
	    "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";
	struct weir_age_key k, k2;
	unsigned char pk[32];
	char text[WEIR_AGE_KEYTEXT], bad[WEIR_AGE_KEYTEXT];
	struct weir_err e;
	size_t i;

	CHECK(weir_age_identity_parse(spec_id, &k, &e) == 0);
	for (i = 0; i < 32 && k.secret[i] == 0x42; i++)
		;
	CHECK(i == 32);
	weir_age_recipient_text(k.public, text);
	CHECK_STR(text, spec_pk);
	weir_age_identity_text(&k, text);
	CHECK_STR(text, spec_id);
	CHECK(weir_age_recipient_parse(spec_pk, pk, &e) == 0 &&
	    memcmp(pk, k.public, 32) == 0);

	CHECK(weir_age_keygen(&k) == 0);
	weir_age_identity_text(&k, text);
	CHECK(strlen(text) == 74 && strncmp(text, "AGE-SECRET-KEY-1", 16) == 0);
	CHECK(weir_age_identity_parse(text, &k2, &e) == 0 &&
	    memcmp(&k, &k2, sizeof(k)) == 0);
	/* Lowercase identities, a changed character: refused, never quoted. */
	snprintf(bad, sizeof(bad), "%s", text);
	for (i = 0; bad[i]; i++)
		bad[i] = (char)(bad[i] >= 'A' && bad[i] <= 'Z' ? bad[i] + 32 :
		    bad[i]);
	CHECK(weir_age_identity_parse(bad, &k2, &e) == -1 &&
	    e.code == EX_DATAERR && strstr(e.msg, bad + 16) == NULL);
	snprintf(bad, sizeof(bad), "%s", text);
	bad[30] = bad[30] == 'Q' ? 'P' : 'Q';
	CHECK(weir_age_identity_parse(bad, &k2, &e) == -1 &&
	    e.code == EX_DATAERR && strstr(e.msg, "checksum") != NULL &&
	    strstr(e.msg, bad + 16) == NULL);
	bad[30] = 'b';	/* not in the alphabet, and mixed case */
	CHECK(weir_age_identity_parse(bad, &k2, &e) == -1);
	CHECK(weir_age_identity_parse("AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK"
	    "45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR", &k2, &e) == -1 &&
	    strstr(e.msg, "unsupported") != NULL);
	CHECK(weir_age_identity_parse("AGE-PLUGIN-YUBIKEY-1QQQQQQ", &k2,
	    &e) == -1 && strstr(e.msg, "plugin") != NULL);
	CHECK(weir_age_identity_parse(spec_pk, &k2, &e) == -1);
	CHECK(weir_age_identity_parse("", &k2, &e) == -1);

	weir_age_recipient_text(k.public, text);
	CHECK(strlen(text) == 62 && strncmp(text, "age1", 4) == 0);
	CHECK(weir_age_recipient_parse(text, pk, &e) == 0 &&
	    memcmp(pk, k.public, 32) == 0);
	snprintf(bad, sizeof(bad), "%s", text);
	for (i = 0; bad[i]; i++)
		bad[i] = (char)(bad[i] >= 'a' && bad[i] <= 'z' ? bad[i] - 32 :
		    bad[i]);
	CHECK(weir_age_recipient_parse(bad, pk, &e) == -1 &&
	    e.code == EX_USAGE);
	snprintf(bad, sizeof(bad), "%s", text);
	bad[20] = bad[20] == 'q' ? 'p' : 'q';
	CHECK(weir_age_recipient_parse(bad, pk, &e) == -1 &&
	    e.code == EX_USAGE && strstr(e.msg, "checksum") != NULL);
	/* A secret key where a recipient belongs is refused, not quoted. */
	CHECK(weir_age_recipient_parse(spec_id, pk, &e) == -1 &&
	    e.code == EX_USAGE && strstr(e.msg, "secret key") != NULL &&
	    strstr(e.msg, spec_id + 16) == NULL);
	snprintf(bad, sizeof(bad), "%s", spec_id);
	for (i = 0; bad[i]; i++)
		bad[i] = (char)(bad[i] >= 'A' && bad[i] <= 'Z' ? bad[i] + 32 :
		    bad[i]);
	CHECK(weir_age_recipient_parse(bad, pk, &e) == -1 &&
	    strstr(e.msg, bad + 16) == NULL);
	bad[3] = '_';	/* not a key of any kind: still not quoted */
	CHECK(weir_age_recipient_parse(bad, pk, &e) == -1 &&
	    strstr(e.msg, bad + 16) == NULL);
	CHECK(weir_age_recipient_parse("age1qqqq", pk, &e) == -1 &&
	    strstr(e.msg, "'age1qqqq'") != NULL);
	CHECK(weir_age_recipient_parse("ssh-ed25519 AAAAC3Nza", pk, &e) == -1 &&
	    strstr(e.msg, "SSH") != NULL);
	CHECK(weir_age_recipient_parse("age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9"
	    "rdelkjuh3y235jzxshfg87pzf5zrqtzdxz95paef6caq5aapdmwjjqpjfdyxnzr2"
	    "zampc3u", pk, &e) == -1);
	CHECK(weir_age_recipient_parse(" " "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2"
	    "s82hzrye869xeexvn73equnujwj", pk, &e) == -1);
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(&k2, sizeof(k2));
}

static void
test_key_files(void)
{
	struct weir_age_key a, b, *keys;
	unsigned char (*pks)[32];
	char ta[WEIR_AGE_KEYTEXT], tb[WEIR_AGE_KEYTEXT];
	char ra[WEIR_AGE_KEYTEXT], rb[WEIR_AGE_KEYTEXT], path[300], text[1024];
	struct weir_err e;
	size_t n;

	weir_age_keygen(&a);
	weir_age_keygen(&b);
	weir_age_identity_text(&a, ta);
	weir_age_identity_text(&b, tb);
	weir_age_recipient_text(a.public, ra);
	weir_age_recipient_text(b.public, rb);
	tpath(path, sizeof(path), "keys.txt");

	snprintf(text, sizeof(text), "# created: 2024-01-01T00:00:00Z\n"
	    "# public key: %s\n%s\n\n# another\r\n%s\r\n", ra, ta, tb);
	write_file(path, text, strlen(text));
	CHECK(weir_age_identities_load(path, &keys, &n, &e) == 0 && n == 2 &&
	    memcmp(&keys[0], &a, sizeof(a)) == 0 &&
	    memcmp(&keys[1], &b, sizeof(b)) == 0);
	weir_age_keys_free(keys, n);
	CHECK(weir_age_identities_parse(text, strlen(text), "mem", &keys, &n,
	    &e) == 0 && n == 2);
	weir_age_keys_free(keys, n);

	snprintf(text, sizeof(text), "# ids\n%s\n%.40s\n", ta, tb);
	write_file(path, text, strlen(text));
	CHECK(weir_age_identities_load(path, &keys, &n, &e) == -1 &&
	    e.code == EX_DATAERR && strstr(e.msg, "keys.txt:3: ") != NULL &&
	    keys == NULL && n == 0 && strstr(e.msg, tb + 16) == NULL);
	write_file(path, "# nothing\n\n", 11);
	CHECK(weir_age_identities_load(path, &keys, &n, &e) == -1 &&
	    e.code == EX_DATAERR && strstr(e.msg, "no identities") != NULL);
	write_file(path, "age-encryption.org/v1\n", 22);
	CHECK(weir_age_identities_load(path, &keys, &n, &e) == -1 &&
	    e.code == EX_DATAERR && strstr(e.msg, "encrypted") != NULL);
	tpath(text, sizeof(text), "missing.txt");
	CHECK(weir_age_identities_load(text, &keys, &n, &e) == -1 &&
	    e.code == EX_NOINPUT);
	CHECK(weir_age_recipients_load(text, &pks, &n, &e) == -1 &&
	    e.code == EX_NOINPUT);
	CHECK(weir_age_identities_load(tmpdir, &keys, &n, &e) == -1 &&
	    e.code == EX_NOINPUT);
	if (geteuid() != 0) {	/* root reads everything */
		write_file(path, ta, strlen(ta));
		chmod(path, 0);
		CHECK(weir_age_identities_load(path, &keys, &n, &e) == -1 &&
		    e.code == EX_NOPERM);
		chmod(path, 0600);
	}

	/* From a pipe, longer than the first buffer. */
	tpath(path, sizeof(path), "fifo");
	if (mkfifo(path, 0600) == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			FILE *fp = fopen(path, "w");
			int i;

			for (i = 0; i < 500; i++)
				fprintf(fp, "# comment line %d\n", i);
			fprintf(fp, "%s\n", tb);
			fclose(fp);
			_exit(0);
		}
		CHECK(weir_age_identities_load(path, &keys, &n, &e) == 0 &&
		    n == 1 && memcmp(&keys[0], &b, sizeof(b)) == 0);
		weir_age_keys_free(keys, n);
		waitpid(pid, NULL, 0);
		unlink(path);
	}
	tpath(path, sizeof(path), "keys.txt");

	snprintf(text, sizeof(text), "# team\n%s\n\n  %s  \r\n# end\n", ra, rb);
	write_file(path, text, strlen(text));
	CHECK(weir_age_recipients_load(path, &pks, &n, &e) == 0 && n == 2 &&
	    memcmp(pks[0], a.public, 32) == 0 &&
	    memcmp(pks[1], b.public, 32) == 0);
	free(pks);
	snprintf(text, sizeof(text), "%s\n# x\nage1nope\n", ra);
	write_file(path, text, strlen(text));
	CHECK(weir_age_recipients_load(path, &pks, &n, &e) == -1 &&
	    e.code == EX_USAGE && strstr(e.msg, "keys.txt:3: ") != NULL);
	/* The context goes before the message from below, intact. */
	CHECK(strstr(e.msg, "keys.txt:3: invalid recipient 'age1nope'") !=
	    NULL);
	/* An identity file given as recipients: the secret stays out. */
	snprintf(text, sizeof(text), "# public key: %s\n%s\n", ra, ta);
	write_file(path, text, strlen(text));
	CHECK(weir_age_recipients_load(path, &pks, &n, &e) == -1 &&
	    e.code == EX_USAGE && strstr(e.msg, "keys.txt:2: ") != NULL &&
	    strstr(e.msg, ta + 16) == NULL);
	write_file(path, "", 0);
	CHECK(weir_age_recipients_load(path, &pks, &n, &e) == -1 &&
	    e.code == EX_DATAERR);
	unlink(path);
	sodium_memzero(&a, sizeof(a));
	sodium_memzero(&b, sizeof(b));
}

static const size_t sizes[] = { 0, 1, CH - 1, CH, CH + 1, 3 * CH + 5 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

static size_t
chunks_of(size_t n)
{
	return n == 0 ? 1 : (n + CH - 1) / CH;
}

static void
test_roundtrips(const unsigned char *pt)
{
	struct weir_age_key ids[3];
	unsigned char pks[3][32], *ct;
	struct weir_age_enc eo;
	struct weir_age_dec d;
	struct released rel;
	struct weir_err e;
	size_t i, j, ctn, hdr;
	int t, mode, ok;

	for (i = 0; i < 3; i++) {
		weir_age_keygen(&ids[i]);
		memcpy(pks[i], ids[i].public, 32);
	}
	for (mode = 0; mode < 4; mode++)
		for (i = 0; i < NSIZES; i++) {
			memset(&eo, 0, sizeof(eo));
			memset(&d, 0, sizeof(d));
			switch (mode) {
			case 0:	/* one recipient */
			case 3:	/* one recipient, armored */
				eo.pks = (const unsigned char (*)[32])pks;
				eo.npk = 1;
				eo.armor = mode == 3;
				d.ids = &ids[0];
				d.nid = 1;
				break;
			case 1:	/* three, opened by the last */
				eo.pks = (const unsigned char (*)[32])pks;
				eo.npk = 3;
				d.ids = &ids[2];
				d.nid = 1;
				break;
			case 2:
				eo.passphrase = "correct horse";
				eo.passlen = 13;
				eo.scrypt_log_n = 10;
				d.passphrase = give_pass;
				d.ctx = (void *)(uintptr_t)"correct horse";
				break;
			}
			eo.threads = (int)(i % 3);	/* 0 (all), 1, 2 */
			if (enc(&eo, pt, sizes[i], &ct, &ctn, &e) == -1) {
				CHECK(!"encrypt");
				fprintf(stderr, "%s\n", e.msg);
				continue;
			}
			if (mode != 3) {
				/* Header, nonce, chunks with their tags. */
				hdr = (size_t)((unsigned char *)strstr(
				    (char *)ct, "\n---") - ct) + 49;
				CHECK(ctn == hdr + 16 + sizes[i] +
				    16 * chunks_of(sizes[i]));
			} else
				CHECK(strncmp((char *)ct, "-----BEGIN AGE "
				    "ENCRYPTED FILE-----\n", 35) == 0 &&
				    strcmp((char *)ct + ctn - 33,
				    "-----END AGE ENCRYPTED FILE-----\n") == 0);
			for (t = 1; t <= 3; t += 2) {
				d.threads = t;
				ok = dec(&d, ct, ctn, &rel, &e) == 0 &&
				    released_is(&rel, pt, sizes[i]);
				CHECK(ok);
				if (!ok)
					fprintf(stderr, "mode %d size %zu "
					    "threads %d: %s\n", mode, sizes[i],
					    t, e.msg);
			}
			/* The others of three recipients open it too. */
			if (mode == 1)
				for (j = 0; j < 2; j++) {
					d.ids = &ids[j];
					CHECK(dec(&d, ct, ctn, &rel, &e) == 0 &&
					    released_is(&rel, pt, sizes[i]));
				}
			free(ct);
		}
	sodium_memzero(ids, sizeof(ids));
}

/* Armor lines: 64 columns, the last shorter or full, then END. */
static void
test_armor_shape(const unsigned char *pt)
{
	struct weir_age_key k;
	struct weir_age_enc eo;
	unsigned char *ct;
	struct weir_err e;
	size_t ctn, n, full, nlines;
	const char *p, *q;
	int ok;

	weir_age_keygen(&k);
	memset(&eo, 0, sizeof(eo));
	eo.pks = &k.public;
	eo.npk = 1;
	eo.armor = 1;
	for (n = 0; n < 200; n += 7) {
		if (enc(&eo, pt, n, &ct, &ctn, &e) == -1) {
			CHECK(!"encrypt");
			continue;
		}
		p = strchr((char *)ct, '\n') + 1;
		ok = 1;
		full = nlines = 0;
		while ((q = strchr(p, '\n')) != NULL && *p != '-') {
			if (q - p == 64)
				full++;
			else if (q - p > 64 || q[1] != '-')
				ok = 0;
			nlines++;
			p = q + 1;
		}
		CHECK(ok && nlines > 0 &&
		    (full == nlines || full == nlines - 1));
		CHECK(strcmp(p, "-----END AGE ENCRYPTED FILE-----\n") == 0);
		free(ct);
	}
}

/*
 * Damage every region of a four-chunk file: whatever fails, what was
 * released is whole authenticated chunks from the start.
 */
static void
test_tamper(const unsigned char *pt)
{
	const size_t n = 3 * CH + 5;
	struct weir_age_key k;
	unsigned char *ct, *bad;
	struct weir_age_enc eo;
	struct weir_age_dec d;
	struct released rel;
	struct weir_err e;
	size_t ctn, hdr, body, c0, i;
	int t;

	weir_age_keygen(&k);
	memset(&eo, 0, sizeof(eo));
	eo.pks = &k.public;
	eo.npk = 1;
	memset(&d, 0, sizeof(d));
	d.ids = &k;
	d.nid = 1;
	if (enc(&eo, pt, n, &ct, &ctn, &e) == -1) {
		CHECK(!"encrypt");
		return;
	}
	bad = weir_xmalloc(ctn + 100);
	hdr = (size_t)((unsigned char *)strstr((char *)ct, "\n---") - ct) + 1;
	body = (size_t)((unsigned char *)strstr((char *)ct, "\n") - ct) + 1;
	body = (size_t)((unsigned char *)strchr((char *)ct + body, '\n') -
	    ct) + 1;		/* the stanza's body line */
	c0 = hdr + 48 + 16;	/* the first chunk */

	for (t = 1; t <= 4; t += 3) {
		d.threads = t;
#define TRY(len, want_code, want_kind, want_bytes) do { \
	int r_ = dec(&d, bad, (len), &rel, &e); \
	CHECK(r_ == -1 && e.code == (want_code) && rel.kind == (want_kind) && \
	    released_is(&rel, pt, (want_bytes))); \
	if (!(r_ == -1 && rel.kind == (want_kind))) \
		fprintf(stderr, "line %d: %s\n", __LINE__, e.msg); \
} while (0)
		/* The version line; not an age file at all. */
		memcpy(bad, ct, ctn);
		bad[19] = 'w';
		TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_HEADER, 0);
		memcpy(bad, ct, ctn);
		bad[5] ^= 1;
		TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_ARMOR, 0);
		CHECK(strstr(e.msg, ": not an age file") != NULL);
		/* A stanza's body: no key unwraps. */
		memcpy(bad, ct, ctn);
		bad[body + 3] = bad[body + 3] == 'A' ? 'B' : 'A';
		TRY(ctn, EX_NOPERM, WEIR_AGE_FAIL_NOMATCH, 0);
		/* The MAC. */
		memcpy(bad, ct, ctn);
		bad[hdr + 10] = bad[hdr + 10] == 'A' ? 'B' : 'A';
		TRY(ctn, EX_NOPERM, WEIR_AGE_FAIL_HMAC, 0);
		/* The nonce: the payload key changes. */
		memcpy(bad, ct, ctn);
		bad[hdr + 48 + 3] ^= 0x80;
		TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 0);
		/* Each chunk in turn. */
		for (i = 0; i < 4; i++) {
			memcpy(bad, ct, ctn);
			bad[c0 + i * (CH + 16) + (i == 3 ? 2 : 1000)] ^= 4;
			TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, i * CH);
		}
		/* A tag. */
		memcpy(bad, ct, ctn);
		bad[c0 + 2 * (CH + 16) - 1] ^= 1;
		TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, CH);
		/* Chunks swapped. */
		memcpy(bad, ct, ctn);
		memcpy(bad + c0, ct + c0 + CH + 16, CH + 16);
		memcpy(bad + c0 + CH + 16, ct + c0, CH + 16);
		TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 0);
		/*
		 * Cut at a chunk boundary: the chunk before authenticates
		 * (as a middle chunk) and is released, then it fails.
		 */
		memcpy(bad, ct, ctn);
		TRY(c0 + 3 * (CH + 16), EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD,
		    3 * CH);
		TRY(c0 + 1 * (CH + 16), EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, CH);
		/* Cut inside a chunk, cut inside the tag. */
		TRY(c0 + CH + 16 + 500, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, CH);
		TRY(ctn - 3, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 3 * CH);
		/* Nothing after the nonce, part of the nonce, no nonce. */
		TRY(c0, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 0);
		TRY(c0 - 5, EX_DATAERR, WEIR_AGE_FAIL_HEADER, 0);
		TRY(hdr + 48, EX_DATAERR, WEIR_AGE_FAIL_HEADER, 0);
		TRY(hdr + 20, EX_DATAERR, WEIR_AGE_FAIL_HEADER, 0);
		TRY(0, EX_DATAERR, WEIR_AGE_FAIL_HEADER, 0);
		/* Trailing garbage, short and long. */
		memcpy(bad + ctn, "garbage", 7);
		TRY(ctn + 1, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 3 * CH);
		TRY(ctn + 7, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 3 * CH);
	}
	free(ct);

	/*
	 * A full final chunk followed by more: it authenticates as the
	 * final one and is released, then the trailing data fails.
	 */
	if (enc(&eo, pt, CH, &ct, &ctn, &e) == 0) {
		memcpy(bad, ct, ctn);
		bad[ctn] = 0;
		TRY(ctn + 1, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, CH);
		TRY(ctn - 1, EX_DATAERR, WEIR_AGE_FAIL_PAYLOAD, 0);
		free(ct);
	}
	/* An armored file: a bad character, and garbage after the end. */
	eo.armor = 1;
	if (enc(&eo, pt, 1000, &ct, &ctn, &e) == 0) {
		memcpy(bad, ct, ctn);
		bad[200] = '*';
		TRY(ctn, EX_DATAERR, WEIR_AGE_FAIL_ARMOR, 0);
		memcpy(bad, ct, ctn);
		memcpy(bad + ctn, "x\n", 2);
		TRY(ctn + 2, EX_DATAERR, WEIR_AGE_FAIL_ARMOR, 0);
		memcpy(bad + ctn, " \r\n\t\n", 5);
		CHECK(dec(&d, bad, ctn + 5, &rel, &e) == 0 &&
		    released_is(&rel, pt, 1000));
		TRY(ctn - 10, EX_DATAERR, WEIR_AGE_FAIL_ARMOR, 0);
		free(ct);
	}
#undef TRY
	free(bad);
	sodium_memzero(&k, sizeof(k));
}

static void
test_passphrase(const unsigned char *pt)
{
	struct weir_age_key k;
	unsigned char *ct;
	struct weir_age_enc eo;
	struct weir_age_dec d;
	struct released rel;
	struct weir_err e;
	struct weir_in in;
	size_t ctn;

	memset(&eo, 0, sizeof(eo));
	eo.passphrase = "pw";
	eo.passlen = 2;
	eo.scrypt_log_n = 10;
	eo.armor = 1;
	if (enc(&eo, pt, 5000, &ct, &ctn, &e) == -1) {
		CHECK(!"encrypt");
		return;
	}
	CHECK(strstr((char *)ct, "BEGIN") != NULL);
	memset(&d, 0, sizeof(d));
	d.passphrase = give_pass;
	d.ctx = (void *)(uintptr_t)"pw";
	CHECK(dec(&d, ct, ctn, &rel, &e) == 0 && released_is(&rel, pt, 5000));
	d.ctx = (void *)(uintptr_t)"wrong";
	CHECK(dec(&d, ct, ctn, &rel, &e) == -1 && e.code == EX_NOPERM &&
	    rel.kind == WEIR_AGE_FAIL_NOMATCH && rel.bytes == 0 &&
	    strstr(e.msg, "wrong passphrase") != NULL);
	d.ctx = NULL;
	CHECK(dec(&d, ct, ctn, &rel, &e) == -1 && e.code == EX_NOPERM &&
	    strstr(e.msg, "no passphrase here") != NULL);
	d.passphrase = NULL;
	CHECK(dec(&d, ct, ctn, &rel, &e) == -1 && e.code == EX_NOPERM);
	/* Above the limit: refused before anyone is asked. */
	d.passphrase = give_pass;
	d.ctx = (void *)(uintptr_t)"pw";
	d.max_scrypt_log_n = 9;
	pass_calls = 0;
	CHECK(dec(&d, ct, ctn, &rel, &e) == -1 && e.code == EX_DATAERR &&
	    rel.kind == WEIR_AGE_FAIL_HEADER && pass_calls == 0 &&
	    strstr(e.msg, "work factor 10") != NULL);
	d.max_scrypt_log_n = 10;
	CHECK(dec(&d, ct, ctn, &rel, &e) == 0);
	/* Identities do not open it. */
	weir_age_keygen(&k);
	d.ids = &k;
	d.nid = 1;
	d.passphrase = NULL;
	CHECK(dec(&d, ct, ctn, &rel, &e) == -1 && e.code == EX_NOPERM);

	/* The hint for prompting, armored and binary; nothing consumed. */
	write_file(path_ct, ct, ctn);
	CHECK(weir_in_open(&in, path_ct, WEIR_IN_RAW, &e) == 0);
	CHECK(weir_age_wants_passphrase(&in, &e) == 1);
	CHECK(in.pos == 0);
	weir_in_close(&in);
	free(ct);
	eo.armor = 0;
	if (enc(&eo, pt, 10, &ct, &ctn, &e) == 0) {
		write_file(path_ct, ct, ctn);
		CHECK(weir_in_open(&in, path_ct, WEIR_IN_RAW, &e) == 0);
		CHECK(weir_age_wants_passphrase(&in, &e) == 1);
		weir_in_close(&in);
		free(ct);
	}
	memset(&eo, 0, sizeof(eo));
	eo.pks = &k.public;
	eo.npk = 1;
	if (enc(&eo, pt, 10, &ct, &ctn, &e) == 0) {
		write_file(path_ct, ct, ctn);
		CHECK(weir_in_open(&in, path_ct, WEIR_IN_RAW, &e) == 0);
		CHECK(weir_age_wants_passphrase(&in, &e) == 0);
		weir_in_close(&in);
		free(ct);
	}
	unlink(path_ct);

	/* Options that do not go together. */
	eo.passphrase = "pw";
	eo.passlen = 2;
	CHECK(enc(&eo, pt, 10, &ct, &ctn, &e) == -1 && e.code == EX_USAGE);
	eo.npk = 0;
	eo.passlen = 0;
	CHECK(enc(&eo, pt, 10, &ct, &ctn, &e) == -1 && e.code == EX_USAGE);
	eo.passphrase = NULL;
	CHECK(enc(&eo, pt, 10, &ct, &ctn, &e) == -1 && e.code == EX_USAGE);
	eo.passphrase = "pw";
	eo.passlen = 2;
	eo.scrypt_log_n = 31;
	CHECK(enc(&eo, pt, 10, &ct, &ctn, &e) == -1 && e.code == EX_USAGE);
	/* A low-order point is not a recipient. */
	memset(&eo, 0, sizeof(eo));
	memset(k.public, 0, 32);
	eo.pks = &k.public;
	eo.npk = 1;
	CHECK(enc(&eo, pt, 10, &ct, &ctn, &e) == -1 && e.code == EX_DATAERR);
	sodium_memzero(&k, sizeof(k));
}

/* Interop with age(1): both ways, binary and armored. */

static int
run(const char *cmd)
{
	int r = system(cmd);

	return r == 0 ? 0 : -1;
}

static void
test_interop(const char *age, const unsigned char *pt)
{
	static const size_t isizes[] = { 0, 1, CH - 1, CH, CH + 1,
	    5 * CH + 77 };
	char idfile[300], idfile2[300], cmd[2048], text[WEIR_AGE_KEYTEXT];
	char r1[WEIR_AGE_KEYTEXT], r2[WEIR_AGE_KEYTEXT], r3[WEIR_AGE_KEYTEXT];
	struct weir_age_key k[3], *keys;
	unsigned char pks[3][32], *ct, *back;
	struct weir_age_enc eo;
	struct weir_age_dec d;
	struct released rel;
	struct weir_err e;
	size_t i, n, ctn, backn, nk;
	int armor, ok;
	FILE *fp;

	for (i = 0; i < 3; i++) {
		weir_age_keygen(&k[i]);
		memcpy(pks[i], k[i].public, 32);
	}
	weir_age_recipient_text(pks[0], r1);
	weir_age_recipient_text(pks[1], r2);
	weir_age_recipient_text(pks[2], r3);
	tpath(idfile, sizeof(idfile), "id2.txt");
	weir_age_identity_text(&k[2], text);
	fp = fopen(idfile, "w");
	fprintf(fp, "# public key: %s\n%s\n", r3, text);
	fclose(fp);

	/* age-keygen's identities load here, and give the same recipient. */
	tpath(idfile2, sizeof(idfile2), "agekeygen.txt");
	snprintf(cmd, sizeof(cmd), "%s-keygen -o '%s' 2>/dev/null", age,
	    idfile2);
	if (run(cmd) == 0) {
		CHECK(weir_age_identities_load(idfile2, &keys, &nk, &e) == 0 &&
		    nk == 1);
		weir_age_recipient_text(keys[0].public, text);
		snprintf(cmd, sizeof(cmd), "%s-keygen -y '%s' > '%s'", age,
		    idfile2, path_out);
		CHECK(run(cmd) == 0);
		back = read_file(path_out, &backn);
		CHECK(backn == 63 && memcmp(back, text, 62) == 0);
		free(back);
		unlink(path_out);
		weir_age_keys_free(keys, nk);
	}

	for (armor = 0; armor <= 1; armor++)
		for (i = 0; i < sizeof(isizes) / sizeof(isizes[0]); i++) {
			n = isizes[i];
			/* weir -> age, to three; age holds the third. */
			memset(&eo, 0, sizeof(eo));
			eo.pks = (const unsigned char (*)[32])pks;
			eo.npk = 3;
			eo.armor = armor;
			if (enc(&eo, pt, n, &ct, &ctn, &e) == -1) {
				CHECK(!"encrypt");
				continue;
			}
			write_file(path_ct, ct, ctn);
			free(ct);
			snprintf(cmd, sizeof(cmd), "%s -d -i '%s' -o '%s' '%s'",
			    age, idfile, path_out, path_ct);
			ok = run(cmd) == 0;
			back = read_file(path_out, &backn);
			ok = ok && backn == n && memcmp(back, pt, n) == 0;
			CHECK(ok);
			if (!ok)
				fprintf(stderr, "weir->age armor %d size %zu\n",
				    armor, n);
			free(back);
			unlink(path_out);

			/* age -> weir, to one or to three. */
			write_file(path_pt, pt, n);
			snprintf(cmd, sizeof(cmd), "%s %s -r %s %s%s%s%s "
			    "-o '%s' '%s'", age, armor ? "-a" : "", r1,
			    i % 2 ? "-r " : "", i % 2 ? r2 : "",
			    i % 2 ? " -r " : "", i % 2 ? r3 : "", path_ct,
			    path_pt);
			CHECK(run(cmd) == 0);
			ct = read_file(path_ct, &ctn);
			memset(&d, 0, sizeof(d));
			d.ids = i % 2 ? &k[2] : &k[0];
			d.nid = 1;
			ok = dec(&d, ct, ctn, &rel, &e) == 0 &&
			    released_is(&rel, pt, n);
			CHECK(ok);
			if (!ok)
				fprintf(stderr, "age->weir armor %d size %zu: "
				    "%s\n", armor, n, e.msg);
			free(ct);
		}
	/* A truncated age file: age fails, and so does weir. */
	write_file(path_pt, pt, 3 * CH);
	snprintf(cmd, sizeof(cmd), "%s -r %s -o '%s' '%s'", age, r1, path_ct,
	    path_pt);
	CHECK(run(cmd) == 0);
	ct = read_file(path_ct, &ctn);
	memset(&d, 0, sizeof(d));
	d.ids = &k[0];
	d.nid = 1;
	CHECK(dec(&d, ct, ctn - 1, &rel, &e) == -1 && e.code == EX_DATAERR);
	free(ct);
	unlink(path_pt);
	unlink(idfile);
	unlink(idfile2);
	sodium_memzero(k, sizeof(k));
}

int
main(void)
{
	static unsigned char pt[6 * CH];
	const char *t = getenv("TMPDIR"), *age = getenv("AGE");
	int rv;

	if (sodium_init() < 0)
		return 70;
	snprintf(tmpdir, sizeof(tmpdir), "%s/t_age.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 70;
	}
	tpath(path_pt, sizeof(path_pt), "pt");
	tpath(path_ct, sizeof(path_ct), "ct");
	tpath(path_out, sizeof(path_out), "out");
	randombytes_buf(pt, sizeof(pt));

	test_bech32();
	test_keys();
	test_key_files();
	test_roundtrips(pt);
	test_armor_shape(pt);
	test_tamper(pt);
	test_passphrase(pt);
	if (age == NULL || *age == '\0')
		age = "/usr/bin/age";
	if (access(age, X_OK) == 0)
		test_interop(age, pt);
	else
		fprintf(stderr, "t_age: no %s: interop with age not tested\n",
		    age);

	rv = T_DONE();
	rmdir(tmpdir);
	return rv;
}
