/* t_transcode.c - legacy encodings to UTF-8, in chunks and through readers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "stream.h"
#include "transcode.h"
#include "t.h"

static struct weir_err err;
static char out[1 << 16];
static long outlen;

/* Transcode src[0..n) in one call; the output is in out[0..outlen). */
static long
conv(int enc, const void *src, size_t n)
{
	struct weir_transcoder t;
	char *dst = weir_xmalloc(3 * n + 16);

	weir_transcoder_init(&t, enc);
	memset(&err, 0, sizeof(err));
	outlen = weir_transcode(&t, src, n, 1, dst, "in", &err);
	if (outlen > 0)
		memcpy(out, dst, (size_t)outlen);
	free(dst);
	return outlen;
}

/* The same, a piece of k bytes per call; last only with the final piece. */
static long
conv_by(int enc, const unsigned char *src, size_t n, size_t k)
{
	struct weir_transcoder t;
	char dst[64];
	size_t i, m;
	long w;

	weir_transcoder_init(&t, enc);
	memset(&err, 0, sizeof(err));
	outlen = 0;
	for (i = 0; i < n || i == 0; i += m) {
		m = n - i < k ? n - i : k;
		w = weir_transcode(&t, src + i, m, i + m == n, dst, "in", &err);
		if (w == -1)
			return outlen = -1;
		if ((size_t)w > 2 * m + 8)
			fprintf(stderr, "piece of %zu made %ld bytes\n", m, w);
		memcpy(out + outlen, dst, (size_t)w);
		outlen += w;
		if (n == 0)
			break;
	}
	return outlen;
}

#define IS(s)	(outlen == (long)sizeof(s) - 1 && memcmp(out, s, sizeof(s) - 1) == 0)
#define B(s)	(const unsigned char *)(s), sizeof(s) - 1

static void
test_parse(void)
{
	CHECK(weir_enc_parse("utf-8") == WEIR_ENC_UTF8);
	CHECK(weir_enc_parse("UTF8") == WEIR_ENC_UTF8);
	CHECK(weir_enc_parse("latin1") == WEIR_ENC_LATIN1);
	CHECK(weir_enc_parse("ISO-8859-1") == WEIR_ENC_LATIN1);
	CHECK(weir_enc_parse("windows-1252") == WEIR_ENC_CP1252);
	CHECK(weir_enc_parse("cp1252") == WEIR_ENC_CP1252);
	CHECK(weir_enc_parse("utf-16") == WEIR_ENC_UTF16);
	CHECK(weir_enc_parse("UTF-16LE") == WEIR_ENC_UTF16LE);
	CHECK(weir_enc_parse("utf-16be") == WEIR_ENC_UTF16BE);
	CHECK(weir_enc_parse("ebcdic") == -1);
	CHECK(weir_enc_parse("") == -1);
}

static void
test_8bit(void)
{
	unsigned char all[256];
	char want[512];
	size_t i, k = 0;

	for (i = 0; i < 256; i++) {
		all[i] = (unsigned char)i;
		if (i < 0x80)
			want[k++] = (char)i;
		else {
			want[k++] = (char)(0xC0 | i >> 6);
			want[k++] = (char)(0x80 | (i & 0x3F));
		}
	}
	CHECK(conv(WEIR_ENC_LATIN1, all, 256) == (long)k);
	CHECK(outlen == (long)k && memcmp(out, want, k) == 0);
	CHECK(conv(WEIR_ENC_LATIN1, B("caf\xE9")) == 5 && IS("caf\xC3\xA9"));
	CHECK(conv(WEIR_ENC_LATIN1, "", 0) == 0);

	CHECK(conv(WEIR_ENC_CP1252, B("\x80")) == 3 && IS("\xE2\x82\xAC"));
	CHECK(conv(WEIR_ENC_CP1252, B("\x81\x8D\x8F\x90\x9D")) == 10 &&
	    IS("\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D"));
	CHECK(conv(WEIR_ENC_CP1252, B("\x85\x93x\x94\x99\x9F")) > 0 &&
	    IS("\xE2\x80\xA6\xE2\x80\x9Cx\xE2\x80\x9D\xE2\x84\xA2\xC5\xB8"));
	CHECK(conv(WEIR_ENC_CP1252, B("A\xA0\xE9\xFF")) > 0 &&
	    IS("A\xC2\xA0\xC3\xA9\xC3\xBF"));
	/* the promise of transcode.h: at most 2 * n + 8 bytes out */
	{
		unsigned char euros[1000];

		memset(euros, 0x80, sizeof(euros));
		CHECK(conv(WEIR_ENC_CP1252, euros, 1000) == 3000);
		CHECK(outlen <= 3 * 1000 + 8);
	}
	/* piece by piece is the same */
	CHECK(conv_by(WEIR_ENC_CP1252, B("a\x80\xE9z"), 1) == 7 &&
	    IS("a\xE2\x82\xAC\xC3\xA9z"));
}

static void
test_utf16(void)
{
	/* "a€😀\n" */
	static const unsigned char le_bom[] = { 0xFF, 0xFE, 'a', 0, 0xAC, 0x20,
	    0x3D, 0xD8, 0x00, 0xDE, '\n', 0 };
	static const unsigned char be_bom[] = { 0xFE, 0xFF, 0, 'a', 0x20, 0xAC,
	    0xD8, 0x3D, 0xDE, 0x00, 0, '\n' };
	static const char want[] = "a\xE2\x82\xAC\xF0\x9F\x98\x80\n";
	size_t k;

	CHECK(conv(WEIR_ENC_UTF16, le_bom, 12) == 9 && IS(want));
	CHECK(conv(WEIR_ENC_UTF16, be_bom, 12) == 9 && IS(want));
	CHECK(conv(WEIR_ENC_UTF16, le_bom + 2, 10) == 9 && IS(want));	/* LE */
	CHECK(conv(WEIR_ENC_UTF16LE, le_bom, 12) == 9 && IS(want));
	CHECK(conv(WEIR_ENC_UTF16LE, le_bom + 2, 10) == 9 && IS(want));
	CHECK(conv(WEIR_ENC_UTF16BE, be_bom, 12) == 9 && IS(want));
	CHECK(conv(WEIR_ENC_UTF16BE, be_bom + 2, 10) == 9 && IS(want));
	/* a BOM later on is a character (ZWNBSP), not a byte order */
	CHECK(conv(WEIR_ENC_UTF16, B("\xFF\xFE" "a\0\xFF\xFE")) == 4 &&
	    IS("a\xEF\xBB\xBF"));
	CHECK(conv(WEIR_ENC_UTF16, B("\xFF\xFE\xFF\xFE")) == 3 &&
	    IS("\xEF\xBB\xBF"));
	CHECK(conv(WEIR_ENC_UTF16, B("\xFF\xFE")) == 0);
	CHECK(conv(WEIR_ENC_UTF16, "", 0) == 0);
	/* the edges of the BMP and of the planes */
	CHECK(conv(WEIR_ENC_UTF16BE, B("\x00\x7F\x00\x80\x07\xFF\x08\x00"
	    "\xFF\xFF\xDB\xFF\xDF\xFF")) > 0 &&
	    IS("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF"));
	CHECK(conv(WEIR_ENC_UTF16LE, B("\x00\xD8\x00\xDC")) == 4 &&
	    IS("\xF0\x90\x80\x80"));

	/* one byte at a time, two, three: units split across calls */
	for (k = 1; k <= 5; k++) {
		CHECK(conv_by(WEIR_ENC_UTF16, le_bom, 12, k) == 9 && IS(want));
		CHECK(conv_by(WEIR_ENC_UTF16, be_bom, 12, k) == 9 && IS(want));
		CHECK(conv_by(WEIR_ENC_UTF16BE, be_bom + 2, 10, k) == 9 &&
		    IS(want));
	}

	/* errors */
	CHECK(conv(WEIR_ENC_UTF16LE, B("a\0\x3D\xD8" "b\0")) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, "unpaired surrogate") != NULL);
	CHECK(strstr(err.msg, "in: byte 2") != NULL);
	CHECK(conv(WEIR_ENC_UTF16LE, B("a\0\x00\xDE")) == -1);
	CHECK(strstr(err.msg, "unpaired surrogate") != NULL);
	CHECK(conv(WEIR_ENC_UTF16LE, B("\x3D\xD8\x3D\xD8")) == -1);
	CHECK(conv(WEIR_ENC_UTF16LE, B("a\0\x3D\xD8")) == -1);	/* cut */
	CHECK(strstr(err.msg, "ends inside a character") != NULL);
	CHECK(conv(WEIR_ENC_UTF16LE, B("a\0b")) == -1);		/* odd */
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, "ends inside a character") != NULL);
	CHECK(conv(WEIR_ENC_UTF16, B("\xFF")) == -1);
	CHECK(conv_by(WEIR_ENC_UTF16LE, B("a\0b"), 1) == -1);
	CHECK(conv_by(WEIR_ENC_UTF16LE, B("a\0\x3D\xD8\x00"), 1) == -1);
	CHECK(conv_by(WEIR_ENC_UTF16LE, B("a\0\x3D\xD8" "b\0"), 1) == -1);
	CHECK(strstr(err.msg, "unpaired surrogate") != NULL);
	/* not the end yet: held back, no error */
	{
		struct weir_transcoder t;
		char dst[32];

		weir_transcoder_init(&t, WEIR_ENC_UTF16LE);
		CHECK(weir_transcode(&t, B("a\0\x3D"), 0, dst, "in", &err)
		    == 1);
		CHECK(weir_transcode(&t, B("\xD8\x00"), 0, dst, "in", &err)
		    == 0);
		CHECK(weir_transcode(&t, B("\xDE"), 1, dst, "in", &err) == 4);
		CHECK(memcmp(dst, "\xF0\x9F\x98\x80", 4) == 0);
	}
}

/* Write s[0..n) to a temp file and read it as CSV with enc; the dump. */
static const char *
read_csv(const void *s, size_t n, int enc)
{
	static struct weir_buf b;
	struct weir_ropts o;
	struct weir_reader *r;
	const struct weir_rec *rec;
	const struct weir_header *h;
	char path[64];
	FILE *fp;
	size_t i;
	int fd, rv;

	snprintf(path, sizeof(path), "/tmp/weir-t-tc.XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "wb")) == NULL ||
	    fwrite(s, 1, n, fp) != n || fclose(fp) != 0)
		exit(2);
	memset(&o, 0, sizeof(o));
	o.fmt = WEIR_F_CSV;
	o.encoding = enc;
	weir_buf_reset(&b);
	weir_buf_grow(&b, 0);
	r = weir_reader_open(path, &o, &err);
	unlink(path);
	if (r == NULL) {
		weir_buf_addf(&b, "open E%d: %s", err.code, err.msg);
		return b.p;
	}
	h = weir_reader_header(r);
	for (i = 0; i < h->n; i++)
		weir_buf_addf(&b, "%s%s", i ? "|" : "", h->name[i]);
	weir_buf_addc(&b, '\n');
	while ((rv = weir_reader_next(r, &rec, &err)) != 0) {
		if (rv != 1) {
			weir_buf_addf(&b, "E%d\n", err.code);
			if (rv == -1)
				break;
			continue;
		}
		weir_buf_addf(&b, "L%lu:", rec->line);
		for (i = 0; i < rec->n; i++)
			weir_buf_addf(&b, "%s%.*s", i ? "|" : "",
			    (int)rec->f[i].len, rec->f[i].s);
		weir_buf_addc(&b, '\n');
	}
	weir_reader_free(r);
	return b.p;
}

/* s as UTF-16 (ASCII only), with a BOM, in either byte order. */
static void
to_utf16(struct weir_buf *b, const char *s, size_t n, int be)
{
	size_t i;

	weir_buf_reset(b);
	weir_buf_add(b, be ? "\xFE\xFF" : "\xFF\xFE", 2);
	for (i = 0; i < n; i++) {
		weir_buf_addc(b, be ? 0 : s[i]);
		weir_buf_addc(b, be ? s[i] : 0);
	}
}

static void
test_readers(void)
{
	struct weir_buf u = WEIR_BUF_INIT, big = WEIR_BUF_INIT;
	const char *got;
	size_t i;
	int be;

	CHECK_STR(read_csv(B("name,city\ncaf\xE9,Z\xFCrich\n"),
	    WEIR_ENC_LATIN1), "name|city\nL2:caf\xC3\xA9|Z\xC3\xBCrich\n");
	CHECK_STR(read_csv(B("p\n\x80" "5\n"), WEIR_ENC_CP1252),
	    "p\nL2:\xE2\x82\xAC" "5\n");
	/* explicit UTF-16, and UTF-16 known by its BOM alone */
	for (be = 0; be < 2; be++) {
		to_utf16(&u, "a,b\r\n1,2\r\n", 10, be);
		CHECK_STR(read_csv(u.p, u.len, be ? WEIR_ENC_UTF16BE :
		    WEIR_ENC_UTF16LE), "a|b\nL2:1|2\n");
		CHECK_STR(read_csv(u.p, u.len, WEIR_ENC_UTF16), "a|b\nL2:1|2\n");
		CHECK_STR(read_csv(u.p, u.len, 0), "a|b\nL2:1|2\n");
	}
	/* bad UTF-16 ends the stream */
	got = read_csv(B("\xFF\xFE" "a\0\n\0\x00\xDC\n\0"), 0);
	CHECK(strstr(got, "E65") != NULL);
	got = read_csv(B("\xFF\xFE" "a\0\n\0b"), 0);
	CHECK(strstr(got, "E65") != NULL);

	/* large: past every buffer, with and without the option */
	weir_buf_adds(&big, "id,v\n");
	for (i = 0; i < 40000; i++)
		weir_buf_addf(&big, "%zu,x\n", i);
	for (be = 0; be < 2; be++) {
		to_utf16(&u, big.p, big.len, be);
		got = read_csv(u.p, u.len, 0);
		CHECK(strncmp(got, "id|v\nL2:0|x\n", 12) == 0 &&
		    strstr(got, "\nL40001:39999|x\n") != NULL &&
		    strstr(got, "E") == NULL);
		got = read_csv(u.p, u.len, WEIR_ENC_UTF16);
		CHECK(strstr(got, "\nL40001:39999|x\n") != NULL);
	}

	/*
	 * Windows-1252 that is nearly all euro signs: three bytes out for
	 * each in, more than weir_in_more() makes room for.  Run in a child,
	 * since a short buffer corrupts the heap.
	 */
	{
		pid_t pid;
		int st;

		fflush(stdout);
		fflush(stderr);
		if ((pid = fork()) == 0) {
			struct weir_buf e = WEIR_BUF_INIT, want = WEIR_BUF_INIT;

			weir_buf_adds(&e, "v\n");
			weir_buf_adds(&want, "v\nL2:");
			for (i = 0; i < 1000; i++) {	/* shifts the window */
				weir_buf_addc(&e, 'a');
				weir_buf_addc(&want, 'a');
			}
			for (i = 0; i < 300000; i++) {
				weir_buf_addc(&e, (char)0x80);
				weir_buf_adds(&want, "\xE2\x82\xAC");
			}
			weir_buf_adds(&e, "\n");
			weir_buf_adds(&want, "\n");
			_exit(strcmp(read_csv(e.p, e.len, WEIR_ENC_CP1252),
			    want.p) == 0 ? 0 : 1);
		}
		CHECK(waitpid(pid, &st, 0) == pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	weir_buf_release(&u);
	weir_buf_release(&big);
}

int
main(void)
{
	test_parse();
	test_8bit();
	test_utf16();
	test_readers();
	return T_DONE();
}
