/*
 * t_agekit - run C2SP age testkit vectors through weir_age_decrypt().
 *
 *   t_agekit VECTOR...	one line per vector: "ok NAME", "skip NAME
 *			REASON" or "FAIL NAME: WHY", then "N passed, N
 *			failed, N skipped"; tests/cli/agekit.sh drives it
 *   t_agekit		checks the runner itself on vectors it makes
 *
 * A vector is "key: value" lines, a blank line, and the age file (zlib-
 * compressed when "compressed: zlib").  Each runs twice, on one thread and
 * on four, and must end as "expect" says: the failure class, its exit
 * status (65 for armor, header and payload damage, 77 for no match and a
 * bad header MAC), and the SHA-256 of every byte released, failures
 * included, when "payload" gives one.  Vectors with identities other than
 * X25519 (post-quantum, plugins) are skipped: libsodium lacks ML-KEM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include "crypto/age.h"
#include "io.h"
#include "mem.h"
#include "t.h"

#define MAXKEYS	8

struct vector {
	char		 expect[32];
	char		 payload[65];	/* hex, or "" */
	char		*ids[MAXKEYS];
	size_t		 nid;
	char		*pass[MAXKEYS];
	size_t		 npass;
	int		 armored;
	int		 zlib;
	char		 unknown[64];	/* an unknown key, if any */
	unsigned char	*body;
	size_t		 bodylen;
};

static void
vector_free(struct vector *v)
{
	size_t i;

	for (i = 0; i < v->nid; i++)
		free(v->ids[i]);
	for (i = 0; i < v->npass; i++)
		free(v->pass[i]);
	free(v->body);
	memset(v, 0, sizeof(*v));
}

static int
inflate_all(const unsigned char *p, size_t n, unsigned char **out,
    size_t *outlen)
{
	struct weir_buf b = WEIR_BUF_INIT;
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	do {
		weir_buf_grow(&b, 1 << 16);
		z.next_out = (Bytef *)b.p + b.len;
		z.avail_out = (uInt)(b.cap - b.len - 1);
		r = inflate(&z, Z_NO_FLUSH);
		b.len = b.cap - 1 - z.avail_out;
	} while (r == Z_OK);
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		weir_buf_release(&b);
		return -1;
	}
	*out = (unsigned char *)b.p;
	*outlen = b.len;
	return 0;
}

/* Parse a vector file; -1 with why filled if it cannot be read. */
static int
vector_read(const char *path, struct vector *v, char *why, size_t size)
{
	struct weir_buf b = WEIR_BUF_INIT;
	char chunk[65536], *p, *nl, *val;
	size_t n;
	FILE *fp;

	memset(v, 0, sizeof(*v));
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(why, size, "%s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		weir_buf_add(&b, chunk, n);
	fclose(fp);
	for (p = b.p; p != NULL && p < b.p + b.len; p = nl + 1) {
		if ((nl = memchr(p, '\n', b.len - (size_t)(p - b.p))) == NULL)
			break;
		*nl = '\0';
		if (p == nl) {	/* the blank line: the age file follows */
			n = b.len - (size_t)(nl + 1 - b.p);
			if (v->zlib) {
				if (inflate_all((unsigned char *)nl + 1, n,
				    &v->body, &v->bodylen) == -1) {
					snprintf(why, size, "bad zlib data");
					goto fail;
				}
			} else {
				v->body = (unsigned char *)weir_xmemdup(nl + 1,
				    n);
				v->bodylen = n;
			}
			weir_buf_release(&b);
			return 0;
		}
		if ((val = strstr(p, ": ")) == NULL) {
			snprintf(why, size, "bad header line");
			goto fail;
		}
		*val = '\0';
		val += 2;
		if (strcmp(p, "expect") == 0)
			snprintf(v->expect, sizeof(v->expect), "%s", val);
		else if (strcmp(p, "payload") == 0)
			snprintf(v->payload, sizeof(v->payload), "%s", val);
		else if (strcmp(p, "identity") == 0 && v->nid < MAXKEYS)
			v->ids[v->nid++] = weir_xstrdup(val);
		else if (strcmp(p, "passphrase") == 0 && v->npass < MAXKEYS)
			v->pass[v->npass++] = weir_xstrdup(val);
		else if (strcmp(p, "armored") == 0)
			v->armored = strcmp(val, "yes") == 0;
		else if (strcmp(p, "compressed") == 0)
			v->zlib = strcmp(val, "zlib") == 0;
		else if (strcmp(p, "file key") != 0 &&
		    strcmp(p, "comment") != 0 && v->unknown[0] == '\0')
			snprintf(v->unknown, sizeof(v->unknown), "%s", p);
	}
	snprintf(why, size, "no blank line");
fail:
	weir_buf_release(&b);
	vector_free(v);
	return -1;
}

static int
give_pass(void *ctx, char *buf, size_t size, struct weir_err *e)
{
	const char *p = ctx;

	if (p == NULL)
		return weir_errf(e, EX_NOPERM, "no passphrase");
	snprintf(buf, size, "%s", p);
	return 0;
}

static const char *const kinds[] = {
	"success", "armor failure", "header failure", "no match",
	"HMAC failure", "payload failure", "other failure"
};

static char tmpdir[256];

/* Decrypt file with the vector's keys; the kind, code and released hash. */
static int
decrypt_file(const char *file, const struct vector *v,
    const struct weir_age_key *ids, size_t nid, int threads,
    enum weir_age_fail *kind, int *code, char hex[65], struct weir_err *e)
{
	struct weir_age_dec o;
	struct weir_out out;
	struct weir_in in;
	unsigned char sha[32];
	int r;

	memset(&o, 0, sizeof(o));
	o.ids = ids;
	o.nid = nid;
	o.passphrase = give_pass;
	o.ctx = v->npass > 0 ? v->pass[0] : NULL;
	o.threads = threads;
	if (weir_in_open(&in, file, WEIR_IN_RAW, e) == -1)
		return -1;
	if (weir_out_open_raw(&out, "/dev/null", 1, e) == -1) {
		weir_in_close(&in);
		return -1;
	}
	r = weir_age_decrypt_kind(&in, &out, &o, kind, e);
	*code = r == 0 ? 0 : e->code;
	weir_out_flush_(&out);
	weir_out_sha256(&out, sha);
	sodium_bin2hex(hex, 65, sha, sizeof(sha));
	weir_out_abort(&out);
	weir_in_close(&in);
	return 0;
}

/*
 * Run one vector: 1 passed, 0 skipped (why says why), -1 failed (why
 * says how).
 */
static int
run_vector(const char *path, char *why, size_t size)
{
	struct weir_age_key ids[MAXKEYS];
	struct vector v;
	struct weir_err e;
	enum weir_age_fail kind;
	char file[300], hex[65];
	size_t i, nid = 0;
	int code, want, rv = -1, t;
	FILE *fp;

	if (vector_read(path, &v, why, size) == -1)
		return -1;
	if (v.unknown[0] != '\0') {
		snprintf(why, size, "unknown key '%s'", v.unknown);
		vector_free(&v);
		return 0;
	}
	for (i = 0; i < v.nid; i++) {
		if (strncmp(v.ids[i], "AGE-SECRET-KEY-1", 16) != 0) {
			snprintf(why, size, "identity type %.*s",
			    (int)(strrchr(v.ids[i], '1') ?
			    strrchr(v.ids[i], '1') - v.ids[i] : 20), v.ids[i]);
			vector_free(&v);
			return 0;
		}
		if (weir_age_identity_parse(v.ids[i], &ids[nid], &e) == -1) {
			snprintf(why, size, "identity: %.200s", e.msg);
			goto out;
		}
		nid++;
	}
	for (want = 0; want < 6; want++)
		if (strcmp(v.expect, kinds[want]) == 0)
			break;
	if (want == 6) {
		snprintf(why, size, "unknown expect '%s'", v.expect);
		vector_free(&v);
		return 0;
	}
	snprintf(file, sizeof(file), "%s/vector.age", tmpdir);
	if ((fp = fopen(file, "wb")) == NULL ||
	    fwrite(v.body, 1, v.bodylen, fp) != v.bodylen || fclose(fp) != 0) {
		snprintf(why, size, "cannot write %s", file);
		goto out;
	}
	for (t = 1; t <= 4; t += 3) {
		if (decrypt_file(file, &v, ids, nid, t, &kind, &code, hex,
		    &e) == -1) {
			snprintf(why, size, "%.300s", e.msg);
			goto out;
		}
		if ((int)kind != want) {
			snprintf(why, size, "threads %d: %s, want %s%s%.300s",
			    t, kinds[kind], v.expect, kind ? ": " : "",
			    kind ? e.msg : "");
			goto out;
		}
		if (code != (want == 0 ? 0 : want == WEIR_AGE_FAIL_NOMATCH ||
		    want == WEIR_AGE_FAIL_HMAC ? EX_NOPERM : EX_DATAERR)) {
			snprintf(why, size, "threads %d: exit status %d", t,
			    code);
			goto out;
		}
		if (v.payload[0] != '\0' && strcmp(hex, v.payload) != 0) {
			snprintf(why, size, "threads %d: released %s, want %s",
			    t, hex, v.payload);
			goto out;
		}
		if (want == 0 && v.payload[0] == '\0') {
			snprintf(why, size, "success without a payload hash");
			goto out;
		}
	}
	rv = 1;
out:
	unlink(file);
	sodium_memzero(ids, sizeof(ids));
	vector_free(&v);
	return rv;
}

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int
run_kit(int argc, char *argv[])
{
	int i, r, npass = 0, nfail = 0, nskip = 0;
	char why[512];

	for (i = 1; i < argc; i++) {
		r = run_vector(argv[i], why, sizeof(why));
		if (r == 1) {
			npass++;
			printf("ok %s\n", base(argv[i]));
		} else if (r == 0) {
			nskip++;
			printf("skip %s %s\n", base(argv[i]), why);
		} else {
			nfail++;
			printf("FAIL %s: %s\n", base(argv[i]), why);
		}
	}
	printf("%d passed, %d failed, %d skipped\n", npass, nfail, nskip);
	return nfail != 0;
}

/* Self-test: vectors made here, with what the runner must say of them. */

static void
write_vector(const char *path, const char *head, const unsigned char *body,
    size_t n, int zlib)
{
	unsigned char *z = NULL;
	uLongf zn = compressBound(n);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		return;
	fputs(head, fp);
	fputs("\n", fp);
	if (zlib) {
		z = weir_xmalloc(zn);
		compress(z, &zn, body, n);
		fwrite(z, 1, zn, fp);
		free(z);
	} else
		fwrite(body, 1, n, fp);
	fclose(fp);
}

static unsigned char *
encrypt_to(const struct weir_age_key *k, const unsigned char *pt, size_t n,
    int armor, size_t *outlen)
{
	struct weir_buf b = WEIR_BUF_INIT;
	char src[300], dst[300], c[4096];
	struct weir_age_enc o;
	struct weir_out out;
	struct weir_in in;
	struct weir_err e;
	size_t r;
	FILE *fp;

	snprintf(src, sizeof(src), "%s/pt", tmpdir);
	snprintf(dst, sizeof(dst), "%s/ct", tmpdir);
	if ((fp = fopen(src, "wb")) != NULL) {
		fwrite(pt, 1, n, fp);
		fclose(fp);
	}
	memset(&o, 0, sizeof(o));
	o.pks = &k->public;
	o.npk = 1;
	o.armor = armor;
	CHECK(weir_in_open(&in, src, WEIR_IN_RAW, &e) == 0);
	CHECK(weir_out_open_raw(&out, dst, 0, &e) == 0);
	CHECK(weir_age_encrypt(&in, &out, &o, &e) == 0);
	CHECK(weir_out_commit(&out, &e) == 0);
	weir_in_close(&in);
	if ((fp = fopen(dst, "rb")) != NULL) {
		while ((r = fread(c, 1, sizeof(c), fp)) > 0)
			weir_buf_add(&b, c, r);
		fclose(fp);
	}
	unlink(src);
	unlink(dst);
	*outlen = b.len;
	return (unsigned char *)b.p;
}

static void
self_test(void)
{
	static unsigned char pt[3 * 65536 + 5];
	struct weir_age_key k, other;
	char head[1024], idt[WEIR_AGE_KEYTEXT], hex[65], path[300], why[512];
	unsigned char sha[32], *ct;
	size_t n;

	randombytes_buf(pt, sizeof(pt));
	CHECK(weir_age_keygen(&k) == 0);
	CHECK(weir_age_keygen(&other) == 0);
	weir_age_identity_text(&k, idt);
	crypto_hash_sha256(sha, pt, sizeof(pt));
	sodium_bin2hex(hex, sizeof(hex), sha, sizeof(sha));
	snprintf(path, sizeof(path), "%s/v", tmpdir);

	ct = encrypt_to(&k, pt, sizeof(pt), 0, &n);
	snprintf(head, sizeof(head), "expect: success\npayload: %s\n"
	    "identity: %s\ncomment: made by t_agekit\n", hex, idt);
	write_vector(path, head, ct, n, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 1);
	write_vector(path, head, ct, n, 1);
	CHECK(run_vector(path, why, sizeof(why)) == -1);	/* not marked */
	snprintf(head, sizeof(head), "expect: success\npayload: %s\n"
	    "identity: %s\ncompressed: zlib\n", hex, idt);
	write_vector(path, head, ct, n, 1);
	CHECK(run_vector(path, why, sizeof(why)) == 1);

	/* A wrong hash, a wrong expectation: the runner must fail them. */
	snprintf(head, sizeof(head), "expect: success\npayload: %064d\n"
	    "identity: %s\n", 0, idt);
	write_vector(path, head, ct, n, 0);
	CHECK(run_vector(path, why, sizeof(why)) == -1);
	snprintf(head, sizeof(head), "expect: no match\nidentity: %s\n", idt);
	write_vector(path, head, ct, n, 0);
	CHECK(run_vector(path, why, sizeof(why)) == -1);
	weir_age_identity_text(&other, idt);
	snprintf(head, sizeof(head), "expect: no match\nidentity: %s\n", idt);
	write_vector(path, head, ct, n, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 1);

	/* Cut the final chunk: the first three chunks are released. */
	weir_age_identity_text(&k, idt);
	crypto_hash_sha256(sha, pt, 3 * 65536);
	sodium_bin2hex(hex, sizeof(hex), sha, sizeof(sha));
	snprintf(head, sizeof(head), "expect: payload failure\npayload: %s\n"
	    "identity: %s\n", hex, idt);
	write_vector(path, head, ct, n - 21, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 1);
	free(ct);

	/* Armored. */
	crypto_hash_sha256(sha, pt, 1000);
	sodium_bin2hex(hex, sizeof(hex), sha, sizeof(sha));
	ct = encrypt_to(&k, pt, 1000, 1, &n);
	snprintf(head, sizeof(head), "expect: success\npayload: %s\n"
	    "identity: %s\narmored: yes\n", hex, idt);
	write_vector(path, head, ct, n, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 1);
	ct[n / 2] = '*';
	snprintf(head, sizeof(head), "expect: armor failure\n"
	    "identity: %s\narmored: yes\n", idt);
	write_vector(path, head, ct, n, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 1);
	free(ct);

	/* Skipped: other identity types, unknown keys. */
	write_vector(path, "expect: success\nidentity: AGE-SECRET-KEY-PQ-1XX\n",
	    (const unsigned char *)"", 0, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 0);
	CHECK(strstr(why, "AGE-SECRET-KEY-PQ-") != NULL);
	write_vector(path, "expect: success\nnew key: 1\n",
	    (const unsigned char *)"", 0, 0);
	CHECK(run_vector(path, why, sizeof(why)) == 0);
	unlink(path);
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(&other, sizeof(other));
}

int
main(int argc, char *argv[])
{
	const char *t = getenv("TMPDIR");
	int rv;

	if (sodium_init() < 0)
		return 70;
	snprintf(tmpdir, sizeof(tmpdir), "%s/t_agekit.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 70;
	}
	if (argc > 1)
		rv = run_kit(argc, argv);
	else {
		self_test();
		rv = T_DONE();
	}
	rmdir(tmpdir);
	return rv;
}
