/* t_source.c - the record loop's two ends: source (read, spill, transform) and sink. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "mem.h"
#include "sink.h"
#include "source.h"
#include "t.h"

static char dir[] = "/tmp/weir-t-source.XXXXXX";
static char inpath[128], outpath[128], badpath[128];
static struct weir_err err;

static void
put_file(const char *path, const char *s)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fputs(s, fp) == EOF || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/* The whole file as a string (static; "(none)" when it does not exist). */
static const char *
slurp(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL)
		return "(none)";
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Transforms under test: count calls, upper-case field 0, refuse "bad". */
struct xctx {
	int			 calls;
	struct weir_rec		 rec;
	struct weir_buf		 text;
	struct weir_buf		 raw;
	struct weir_badrec	 br;
	int			 fail_on_bad;	/* -1 instead of WEIR_BAD */
};

static int
upper(void *ctx, const struct weir_header *h, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	struct xctx *x = ctx;
	size_t i, k;

	x->calls++;
	for (i = 0; i < in->n; i++)
		if (in->f[i].len == 3 && memcmp(in->f[i].s, "bad", 3) == 0) {
			if (x->fail_on_bad)
				return weir_errf(e, EX_DATAERR, "stop here");
			weir_bad_rec(&x->br, &x->raw, e, h, in,
			    h->name[in->f[i].col], "refused");
			*bad = &x->br;
			return WEIR_BAD;
		}
	weir_buf_reset(&x->text);
	weir_buf_grow(&x->text, 256);
	x->rec.n = 0;
	x->rec.src = in->src;
	x->rec.line = in->line;
	for (i = 0; i < in->n; i++) {
		size_t off = x->text.len;

		for (k = 0; k < in->f[i].len; k++)
			weir_buf_addc(&x->text, i == 0 ?
			    toupper((unsigned char)in->f[i].s[k]) :
			    in->f[i].s[k]);
		weir_buf_addc(&x->text, '\0');
		(void)off;
	}
	/* Addresses are stable once the buffer is whole. */
	for (i = 0, k = 0; i < in->n; i++) {
		weir_rec_push(&x->rec, x->text.p + k, in->f[i].len,
		    in->f[i].col, in->f[i].type);
		k += in->f[i].len + 1;
	}
	*out = &x->rec;
	return 0;
}

static void
xctx_release(struct xctx *x)
{
	weir_rec_release(&x->rec);
	weir_buf_release(&x->text);
	weir_buf_release(&x->raw);
}

/*
 * Run the filter loop every program runs: input -> (transform) -> output
 * in fmt; need forces a whole header first.  Returns the loop's result.
 */
static int
run(const char *input, int fmt, struct weir_cli *cli, struct xctx *x,
    int early, int need)
{
	struct weir_ropts ro;
	struct weir_wopts wo;
	struct weir_source in;
	struct weir_sink out;
	const struct weir_rec *rec;
	int rv;

	put_file(inpath, input);
	memset(&ro, 0, sizeof(ro));
	memset(&out, 0, sizeof(out));
	memset(&err, 0, sizeof(err));
	ro.flatten = 1;
	cli->output = outpath;
	cli->to = fmt;
	if (weir_source_open(&in, inpath, &ro, &out.bad, 0, &err) == -1 ||
	    weir_sink_open(&out, cli, &err) == -1)
		goto fail;
	if (x != NULL)
		weir_source_transform(&in, &(struct weir_xform){ upper, x,
		    early });
	weir_sink_wopts(&wo, cli, weir_reader_format(in.r));
	if (weir_source_fix_header(&in, need, &err) == -1 ||
	    weir_sink_start(&out, &wo, weir_source_header(&in), &err) == -1)
		goto fail;
	while ((rv = weir_source_next(&in, &rec, &err)) == 1)
		if (weir_sink_put(&out, rec, &err) == -1)
			goto fail;
	if (rv == -1)
		goto fail;
	weir_source_done(&in);
	if (weir_sink_commit(&out, &err) == -1)
		goto fail;
	weir_sink_abort(&out);		/* harmless after a commit */
	weir_source_release(&in);
	weir_source_release(&in);	/* and twice */
	return 0;
fail:
	weir_sink_abort(&out);
	weir_sink_abort(&out);
	weir_source_release(&in);
	return -1;
}

static void
test_passthrough(void)
{
	struct weir_cli cli = WEIR_CLI_INIT;

	unlink(outpath);
	CHECK(run("a,b\n1,2\n3,4\n", WEIR_F_AUTO, &cli, NULL, 0, 0) == 0);
	CHECK_STR(slurp(outpath), "a,b\n1,2\n3,4\n");
	CHECK(run("a,b\n1,2\n", WEIR_F_NDJSON, &cli, NULL, 0, 0) == 0);
	CHECK_STR(slurp(outpath), "{\"a\":1,\"b\":2}\n");
}

/* JSON to CSV: the header is whole before the first line is written. */
static void
test_fix_header(void)
{
	static const char in[] = "{\"a\":1}\n{\"b\":2}\n{\"a\":3,\"c\":\"x\"}\n";
	struct weir_cli cli = WEIR_CLI_INIT;
	struct xctx early, late;

	CHECK(run(in, WEIR_F_CSV, &cli, NULL, 0, 1) == 0);
	CHECK_STR(slurp(outpath), "a,b,c\n1,,\n,2,\n3,,x\n");

	/* An early transform runs once per record, before the spill ... */
	memset(&early, 0, sizeof(early));
	CHECK(run("{\"a\":\"x\"}\n{\"b\":\"y\"}\n", WEIR_F_CSV, &cli, &early,
	    1, 1) == 0);
	CHECK(early.calls == 2);
	CHECK_STR(slurp(outpath), "a,b\nX,\n,Y\n");
	/* ... a late one as records are replayed: also once each. */
	memset(&late, 0, sizeof(late));
	CHECK(run("{\"a\":\"x\"}\n{\"b\":\"y\"}\n", WEIR_F_CSV, &cli, &late,
	    0, 1) == 0);
	CHECK(late.calls == 2);
	CHECK_STR(slurp(outpath), "a,b\nX,\n,Y\n");
	/* No need: no spill, the transform still runs once each. */
	late.calls = 0;
	CHECK(run("{\"a\":\"x\"}\n", WEIR_F_NDJSON, &cli, &late, 1, 0) == 0);
	CHECK(late.calls == 1);
	CHECK_STR(slurp(outpath), "{\"a\":\"X\"}\n");
	xctx_release(&early);
	xctx_release(&late);
}

/* A record the transform refuses goes to the bad-row policy. */
static void
test_transform_bad(void)
{
	struct weir_cli cli = WEIR_CLI_INIT;
	struct xctx x;

	memset(&x, 0, sizeof(x));
	unlink(outpath);
	/* No --bad-rows: the first one stops the run, the output is not made. */
	CHECK(run("k,v\na,1\nb,bad\nc,3\n", WEIR_F_AUTO, &cli, &x, 0, 0) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, ":3: column 'v': refused") != NULL);
	CHECK_STR(slurp(outpath), "(none)");

	/* --bad-rows: set aside, the rest written, the file committed. */
	cli.bad_rows = badpath;
	CHECK(run("k,v\na,1\nb,bad\nc,3\n", WEIR_F_AUTO, &cli, &x, 0, 0) == 0);
	CHECK_STR(slurp(outpath), "k,v\nA,1\nC,3\n");
	CHECK(strstr(slurp(badpath), ",3,v,refused,\"b,bad\"\n") != NULL);

	/* In a spill too (early), with the typed record kept as JSON. */
	CHECK(run("{\"k\":\"a\"}\n{\"k\":\"bad\",\"n\":1}\n", WEIR_F_CSV, &cli,
	    &x, 1, 1) == 0);
	CHECK_STR(slurp(outpath), "k,n\nA,\n");
	CHECK(strstr(slurp(badpath), "{\"\"k\"\":\"\"bad\"\",\"\"n\"\":1}")
	    != NULL);

	/* --max-bad 0 with a file: the first one is one too many. */
	cli.max_bad = 0;
	unlink(outpath);
	unlink(badpath);
	CHECK(run("k\nbad\n", WEIR_F_AUTO, &cli, &x, 0, 0) == -1);
	CHECK(strstr(err.msg, "more than 0 bad records") != NULL);
	CHECK_STR(slurp(outpath), "(none)");
	CHECK_STR(slurp(badpath), "(none)");

	/* -1 from a transform stops at once, whatever the policy. */
	cli.max_bad = -1;
	x.fail_on_bad = 1;
	CHECK(run("k\nbad\n", WEIR_F_AUTO, &cli, &x, 0, 0) == -1);
	CHECK_STR(err.msg, "stop here");
	xctx_release(&x);
}

/* Records the reader or the writer cannot take. */
static void
test_reader_writer_bad(void)
{
	struct weir_cli cli = WEIR_CLI_INIT;

	unlink(outpath);
	CHECK(run("a,b\n1,2\n3\n", WEIR_F_AUTO, &cli, NULL, 0, 0) == -1);
	CHECK(err.code == EX_DATAERR);
	CHECK(strstr(err.msg, ":3: 1 field, header has 2") != NULL);
	CHECK_STR(slurp(outpath), "(none)");

	cli.bad_rows = badpath;
	CHECK(run("a,b\n1,2\n3\n4,5\n", WEIR_F_AUTO, &cli, NULL, 0, 0) == 0);
	CHECK_STR(slurp(outpath), "a,b\n1,2\n4,5\n");
	CHECK(strstr(slurp(badpath), ",3,,\"1 field, header has 2\",3\n")
	    != NULL);

	/* libsvm needs numbers: the writer's refusal reaches the policy. */
	{
		struct weir_ropts ro;
		struct weir_wopts wo;
		struct weir_source in;
		struct weir_sink out;
		const struct weir_rec *rec;
		int rv, puts = 0;

		put_file(inpath, "y,x\n1,2\n0,z\n1,3\n");
		memset(&ro, 0, sizeof(ro));
		cli.output = outpath;
		cli.to = WEIR_F_LIBSVM;
		CHECK(weir_source_open(&in, inpath, &ro, &out.bad, 0,
		    &err) == 0);
		CHECK(weir_sink_open(&out, &cli, &err) == 0);
		weir_sink_wopts(&wo, &cli, weir_reader_format(in.r));
		wo.label = "y";
		CHECK(weir_sink_start(&out, &wo, weir_source_header(&in),
		    &err) == 0);
		while ((rv = weir_source_next(&in, &rec, &err)) == 1)
			puts += weir_sink_put(&out, rec, &err) == 0;
		CHECK(rv == 0 && puts == 3);
		CHECK(out.bad.count == 1);
		CHECK(weir_sink_commit(&out, &err) == 0);
		CHECK_STR(slurp(outpath), "1 1:2\n1 1:3\n");
		weir_source_release(&in);
	}
}

/* Nothing at all, or a header with no records. */
static void
test_empty(void)
{
	struct weir_ropts ro;
	struct weir_source in;
	struct weir_bad bad;

	memset(&ro, 0, sizeof(ro));
	memset(&bad, 0, sizeof(bad));
	put_file(inpath, "");
	CHECK(weir_source_open(&in, inpath, &ro, &bad, 0, &err) == 0);
	CHECK(weir_source_empty(&in));
	weir_source_release(&in);

	put_file(inpath, "a,b\n");
	CHECK(weir_source_open(&in, inpath, &ro, &bad, 0, &err) == 0);
	CHECK(!weir_source_empty(&in));
	weir_source_release(&in);

	put_file(inpath, "");
	ro.fmt = WEIR_F_NDJSON;
	CHECK(weir_source_open(&in, inpath, &ro, &bad, 0, &err) == 0);
	CHECK(weir_source_fix_header(&in, 1, &err) == 0);
	CHECK(weir_source_empty(&in));
	weir_source_release(&in);

	CHECK(weir_source_open(&in, "/nonexistent/x.csv", &ro, &bad, 0,
	    &err) == -1);
	CHECK(err.code == EX_NOINPUT);
	weir_source_release(&in);	/* safe after a failed open */
}

/* An output that cannot be made: the policy's file is not left behind. */
static void
test_sink_open_fails(void)
{
	struct weir_cli cli = WEIR_CLI_INIT;
	struct weir_sink out;

	unlink(badpath);
	cli.bad_rows = badpath;
	cli.output = "/nonexistent/dir/out.csv";
	CHECK(weir_sink_open(&out, &cli, &err) == -1);
	CHECK(err.code == EX_CANTCREAT);
	weir_sink_abort(&out);
	CHECK_STR(slurp(badpath), "(none)");
}

int
main(void)
{
	int rv;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(inpath, sizeof(inpath), "%s/in", dir);
	snprintf(outpath, sizeof(outpath), "%s/out", dir);
	snprintf(badpath, sizeof(badpath), "%s/bad.csv", dir);
	weir_quiet = 1;
	test_passthrough();
	test_fix_header();
	test_transform_bad();
	test_reader_writer_bad();
	test_empty();
	test_sink_open_fails();
	rv = T_DONE();
	unlink(inpath);
	unlink(outpath);
	unlink(badpath);
	rmdir(dir);
	return rv;
}
