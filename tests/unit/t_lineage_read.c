/*
 * t_lineage_read.c - lineage_read.c and lineage_trace.c: parsing lines,
 * keys, verifying chains and signatures, linking steps, tracing.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage.h"
#include "lineage_read.h"
#include "mem.h"
#include "sha256.h"
#include "t.h"

static struct weir_err err;
static char dir[64];

/* Hex digests standing for bytes: "a" repeated, "b" repeated... */
static const char *
hx(int c)
{
	static char buf[8][65];
	static int k;
	char *h = buf[k++ % 8];

	memset(h, c, 64);
	h[64] = '\0';
	return h;
}

/*
 * A Statement of program reading in (a digest, or NULL) and writing out
 * (NULL: nothing), chained to prev.
 */
static char *
statement(const char *prog, const char *prev, const char *in_name,
    const char *in, const char *out_name, const char *out)
{
	struct weir_buf b = WEIR_BUF_INIT;

	weir_buf_addf(&b, "{\"_type\":\"%s\",\"subject\":[],\"predicateType\":"
	    "\"%s\",\"predicate\":{\"program\":\"%s\",\"version\":\"0.1.0\","
	    "\"arguments\":[\"-x\",\"a b\"],\"inputs\":[", WEIR_LINEAGE_STATEMENT,
	    WEIR_LINEAGE_PREDICATE, prog);
	if (in != NULL)
		weir_buf_addf(&b, "{\"name\":\"%s\",\"digest\":{\"sha256\":"
		    "\"%s\"},\"bytes\":10,\"records\":2}", in_name, in);
	weir_buf_adds(&b, "],\"outputs\":[");
	if (out != NULL)
		weir_buf_addf(&b, "{\"name\":\"%s\",\"digest\":{\"sha256\":"
		    "\"%s\"},\"bytes\":12,\"records\":null,\"kept\":true}",
		    out_name, out);
	weir_buf_addf(&b, "],\"bad_records\":null,\"seed\":null,\"keys\":[],"
	    "\"privacy\":{},\"counts\":{},\"started\":\"2024-06-01T00:00:00Z\","
	    "\"finished\":\"2024-06-01T00:00:01Z\",\"status\":0,\"prev\":"
	    "\"%s\"}}", prev);
	return b.p;
}

static char *
b64(const void *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL);
	char *s = weir_xmalloc(cap);

	sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* The DSSE envelope of payload signed with sk, as the writer makes it. */
static char *
envelope(const char *payload, const unsigned char sk[64])
{
	struct weir_buf pae = WEIR_BUF_INIT, b = WEIR_BUF_INIT;
	unsigned char sig[64], id[32];
	char keyid[65], *p64, *s64;

	weir_buf_addf(&pae, "DSSEv1 %zu %s %zu %s",
	    strlen(WEIR_LINEAGE_PAYLOAD), WEIR_LINEAGE_PAYLOAD, strlen(payload),
	    payload);
	crypto_sign_detached(sig, NULL, (unsigned char *)pae.p, pae.len, sk);
	weir_sha256(sk + 32, 32, id);
	weir_sha256_tohex(id, keyid);
	p64 = b64(payload, strlen(payload));
	s64 = b64(sig, 64);
	weir_buf_addf(&b, "{\"payloadType\":\"%s\",\"payload\":\"%s\","
	    "\"signatures\":[{\"keyid\":\"%s\",\"sig\":\"%s\"}]}",
	    WEIR_LINEAGE_PAYLOAD, p64, keyid, s64);
	free(p64);
	free(s64);
	weir_buf_release(&pae);
	return b.p;
}

static void
hash_hex(const char *line, char hex[65])
{
	unsigned char d[32];

	weir_sha256(line, strlen(line), d);
	weir_sha256_tohex(d, hex);
}

/*
 * A log of n lines: line i (0-based) is program "p<i>" reading what line
 * i - 1 wrote, signed with sk when it is not NULL; lines[] get the text.
 */
static void
chain(char **lines, size_t n, const unsigned char *sk)
{
	char prev[65] = WEIR_LINEAGE_GENESIS, prog[32], *st;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(prog, sizeof(prog), "p%zu", i);
		st = statement(prog, prev, "-", i ? hx('a' + (int)i - 1) :
		    hx('0'), "-", hx('a' + (int)i));
		if (sk != NULL) {
			lines[i] = envelope(st, sk);
			free(st);
		} else
			lines[i] = st;
		hash_hex(lines[i], prev);
	}
}

/* Write lines[order[i]] for each i (order NULL: in order) to path. */
static void
write_log(const char *path, char *const *lines, size_t n, const size_t *order,
    const char *tail)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	for (i = 0; i < n; i++)
		fprintf(fp, "%s\n", lines[order ? order[i] : i]);
	if (tail != NULL)
		fputs(tail, fp);
	fclose(fp);
}

static void
free_lines(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
}

static void
test_parse(void)
{
	struct weir_lineage_step s;
	const char *dupkeys = "{\"_type\":\"a\",\"_type\":\"b\"}";
	char *st, *line;
	int fault;

	st = statement("weir-convert", hx('0'), "in.csv", hx('1'), "-",
	    hx('2'));
	CHECK(weir_lineage_parse(st, strlen(st), &s, &fault, &err) == 0);
	CHECK_STR(s.program, "weir-convert");
	CHECK_STR(s.version, "0.1.0");
	CHECK(s.narg == 2 && strcmp(s.arg[1], "a b") == 0);
	CHECK(s.nin == 1 && strcmp(s.in[0].name, "in.csv") == 0 &&
	    strcmp(s.in[0].sha, hx('1')) == 0 && s.in[0].bytes == 10 &&
	    s.in[0].records == 2);
	CHECK(s.nout == 1 && s.out[0].kept && s.out[0].records == -1);
	CHECK_STR(s.started, "2024-06-01T00:00:00Z");
	CHECK(s.status == 0 && s.nsig == 0);
	CHECK_STR(s.prev, hx('0'));
	weir_lineage_step_release(&s);
	free(st);

	/* One file read twice (two passes): one input, the last counts. */
	st = statement("weir-ingest", hx('0'), "a.csv", hx('1'), "-", hx('2'));
	line = strstr(st, "],\"outputs\"");
	{
		struct weir_buf b = WEIR_BUF_INIT;

		weir_buf_add(&b, st, (size_t)(line - st));
		weir_buf_addf(&b, ",{\"name\":\"a.csv\",\"digest\":{\"sha256\":"
		    "\"%s\"},\"bytes\":10,\"records\":7}", hx('1'));
		weir_buf_adds(&b, line);
		CHECK(weir_lineage_parse(b.p, b.len, &s, &fault, &err) == 0);
		CHECK(s.nin == 1 && s.in[0].records == 7);
		weir_lineage_step_release(&s);
		weir_buf_release(&b);
	}
	free(st);

	CHECK(weir_lineage_parse("{", 1, &s, &fault, &err) == -1 &&
	    fault == WEIR_LINEAGE_NOT_JSON && err.code == EX_DATAERR);
	weir_lineage_step_release(&s);
	CHECK(weir_lineage_parse("[1]", 3, &s, &fault, &err) == -1 &&
	    fault == WEIR_LINEAGE_NOT_STEP);
	weir_lineage_step_release(&s);
	CHECK(weir_lineage_parse("{\"_type\":\"x\"}", 13, &s, &fault,
	    &err) == -1 && fault == WEIR_LINEAGE_NOT_STEP &&
	    strstr(err.msg, "not an in-toto Statement v1") != NULL);
	weir_lineage_step_release(&s);
	/* Duplicate keys would let two readers see two lines. */
	CHECK(weir_lineage_parse(dupkeys, strlen(dupkeys), &s, &fault,
	    &err) == -1 &&
	    fault == WEIR_LINEAGE_NOT_JSON);
	weir_lineage_step_release(&s);
	/* prev must be 64 lowercase hex digits */
	st = statement("p", "ABC", NULL, NULL, NULL, NULL);
	CHECK(weir_lineage_parse(st, strlen(st), &s, &fault, &err) == -1 &&
	    strstr(err.msg, "predicate.prev") != NULL);
	weir_lineage_step_release(&s);
	free(st);
}

static void
test_envelope(void)
{
	unsigned char pk[32], sk[64];
	struct weir_lineage_step s;
	char *st, *env, *p;
	int fault;

	crypto_sign_keypair(pk, sk);
	st = statement("weir-train", hx('0'), "-", hx('1'), "m.json", hx('2'));
	env = envelope(st, sk);
	CHECK(weir_lineage_parse(env, strlen(env), &s, &fault, &err) == 0);
	CHECK(s.nsig == 1 && strcmp(s.program, "weir-train") == 0);
	weir_lineage_step_release(&s);
	/* another payload type is not a lineage line */
	p = strstr(env, "in-toto+json");
	memcpy(p, "in-toto+jsoX", 12);
	CHECK(weir_lineage_parse(env, strlen(env), &s, &fault, &err) == -1 &&
	    fault == WEIR_LINEAGE_NOT_STEP);
	weir_lineage_step_release(&s);
	free(env);
	free(st);
}

static void
test_keys(void)
{
	unsigned char pk[32], want[32];
	char text[128], *p64, path[96];
	FILE *fp;

	memset(want, 7, sizeof(want));
	p64 = b64(want, 32);
	snprintf(text, sizeof(text), "%s%s\n", WEIR_LINEAGE_PUB_PREFIX, p64);
	CHECK(weir_lineage_pub_parse(text, pk) == 0 &&
	    memcmp(pk, want, 32) == 0);
	CHECK(weir_lineage_pub_parse(text + 1, pk) == -1);
	CHECK(weir_lineage_pub_parse("weir-audit-pub-1:AAAA", pk) == -1);
	snprintf(text, sizeof(text), "%s%s x", WEIR_LINEAGE_PUB_PREFIX, p64);
	CHECK(weir_lineage_pub_parse(text, pk) == -1);

	snprintf(path, sizeof(path), "%s/k.pub", dir);
	fp = fopen(path, "w");
	fprintf(fp, "# a comment\n\n%s%s\n", WEIR_LINEAGE_PUB_PREFIX, p64);
	fclose(fp);
	memset(pk, 0, sizeof(pk));
	CHECK(weir_lineage_pub_read(path, pk, &err) == 0 &&
	    memcmp(pk, want, 32) == 0);
	CHECK(weir_lineage_pub_read("/nonexistent/k.pub", pk, &err) == -1 &&
	    err.code == EX_NOINPUT);
	/* a signing key file is refused, and its secret never echoed */
	snprintf(path, sizeof(path), "%s/k.key", dir);
	CHECK(weir_lineage_keygen(path, text, sizeof(text), &err) == 0);
	CHECK(weir_lineage_pub_read(path, pk, &err) == -1 &&
	    err.code == EX_NOPERM && strstr(err.msg, "secret") != NULL &&
	    strstr(err.msg, WEIR_LINEAGE_KEY_PREFIX) == NULL);
	free(p64);
}

static void
test_head(void)
{
	struct weir_lineage_vopts o;
	char text[80];

	memset(&o, 0, sizeof(o));
	snprintf(text, sizeof(text), "12:%s", hx('c'));
	CHECK(weir_lineage_head_parse(text, &o) == 0 && o.head_line == 12 &&
	    strcmp(o.head_hash, hx('c')) == 0);
	CHECK(weir_lineage_head_parse("12", &o) == -1);
	snprintf(text, sizeof(text), "-1:%s", hx('c'));
	CHECK(weir_lineage_head_parse(text, &o) == -1);
	snprintf(text, sizeof(text), "1:%s", hx('C'));
	CHECK(weir_lineage_head_parse(text, &o) == -1);
	snprintf(text, sizeof(text), "1:%sd", hx('c'));
	CHECK(weir_lineage_head_parse(text, &o) == -1);
	snprintf(text, sizeof(text), ":%s", hx('c'));
	CHECK(weir_lineage_head_parse(text, &o) == -1);
}

/* Verify path; returns v.bad and leaves the verdict in *v. */
static unsigned long
verify(const char *path, const struct weir_lineage_vopts *o,
    struct weir_lineage_verdict *v)
{
	struct weir_lineage_vopts none;

	memset(&none, 0, sizeof(none));
	if (weir_lineage_verify(path, o ? o : &none, v, &err) == -1)
		return (unsigned long)-1;
	return v->bad;
}

static void
test_verify(void)
{
	struct weir_lineage_verdict v;
	struct weir_lineage_vopts o;
	char *lines[6], path[96], head[65];
	static const size_t swap[] = { 0, 2, 1, 3, 4, 5 };
	static const size_t del[] = { 0, 1, 3, 4, 5 };
	static const size_t dup[] = { 0, 1, 1, 2, 3, 4, 5 };

	snprintf(path, sizeof(path), "%s/v.log", dir);
	chain(lines, 6, NULL);
	write_log(path, lines, 6, NULL, NULL);
	CHECK(verify(path, NULL, &v) == 0 && v.lines == 6 &&
	    v.envelopes == 0);
	hash_hex(lines[5], head);
	CHECK_STR(v.head, head);

	write_log(path, lines, 6, swap, NULL);
	CHECK(verify(path, NULL, &v) == 2 && v.fault == WEIR_LINEAGE_MOVED &&
	    strstr(v.why, "line 3") != NULL);
	write_log(path, lines, 5, del, NULL);
	CHECK(verify(path, NULL, &v) == 3 && v.fault == WEIR_LINEAGE_BROKEN &&
	    strstr(v.why, "line 2") != NULL);
	write_log(path, lines, 7, dup, NULL);
	CHECK(verify(path, NULL, &v) == 3 && strstr(v.why, "copy of line 2"));
	write_log(path, lines + 1, 5, NULL, NULL);
	CHECK(verify(path, NULL, &v) == 1 && strstr(v.why, "genesis"));
	write_log(path, lines, 4, NULL, "{\"_type\":");
	CHECK(verify(path, NULL, &v) == 5 && v.fault == WEIR_LINEAGE_CUT &&
	    v.lines == 4 && strstr(v.why, "after line 4") != NULL);

	/* --head: the line must be there, and be that line */
	memset(&o, 0, sizeof(o));
	o.head_line = 6;
	memcpy(o.head_hash, head, 65);
	write_log(path, lines, 6, NULL, NULL);
	CHECK(verify(path, &o, &v) == 0);
	write_log(path, lines, 5, NULL, NULL);
	CHECK(verify(path, &o, &v) == 6 && v.fault == WEIR_LINEAGE_HEAD);
	o.head_line = 5;
	CHECK(verify(path, &o, &v) == 5 && v.fault == WEIR_LINEAGE_HEAD);

	/* not a log at all, a line that is not one, nothing, no file */
	write_log(path, (char *[]){ (char *)"a,b" }, 1, NULL, NULL);
	CHECK(verify(path, NULL, &v) == (unsigned long)-1 &&
	    err.code == EX_DATAERR);
	{
		char *mixed[3] = { lines[0], (char *)"{\"x\":1}", lines[1] };

		write_log(path, mixed, 3, NULL, NULL);
		CHECK(verify(path, NULL, &v) == 2 &&
		    v.fault == WEIR_LINEAGE_NOT_STEP);
	}
	write_log(path, lines, 0, NULL, NULL);
	CHECK(verify(path, NULL, &v) == 0 && v.lines == 0 &&
	    strcmp(v.head, WEIR_LINEAGE_GENESIS) == 0);
	CHECK(verify("/nonexistent/v.log", NULL, &v) == (unsigned long)-1 &&
	    err.code == EX_NOINPUT);
	free_lines(lines, 6);
}

static void
test_verify_signed(void)
{
	unsigned char pk[2][32], sk[2][64];
	struct weir_lineage_verdict v;
	struct weir_lineage_vopts o;
	char *lines[4], *other[4], path[96], *p;

	snprintf(path, sizeof(path), "%s/s.log", dir);
	crypto_sign_keypair(pk[0], sk[0]);
	crypto_sign_keypair(pk[1], sk[1]);
	chain(lines, 4, sk[0]);
	write_log(path, lines, 4, NULL, NULL);
	memset(&o, 0, sizeof(o));
	o.pk = (const unsigned char (*)[32])pk;
	o.npk = 1;
	CHECK(verify(path, &o, &v) == 0 && v.verified == 4 &&
	    v.envelopes == 4);
	CHECK(verify(path, NULL, &v) == 0 && v.verified == 0 &&
	    v.envelopes == 4);
	/* signed by the other key: unknown unless given */
	o.pk = (const unsigned char (*)[32])pk[1];
	CHECK(verify(path, &o, &v) == 1 &&
	    v.fault == WEIR_LINEAGE_UNKNOWN_KEY);
	o.pk = (const unsigned char (*)[32])pk;
	o.npk = 2;
	CHECK(verify(path, &o, &v) == 0);
	o.npk = 1;
	/* a changed payload: a bad signature, even on the last line */
	p = strstr(lines[3], "\"payload\":\"") + 11;
	*p = *p == 'e' ? 'f' : 'e';
	write_log(path, lines, 4, NULL, NULL);
	CHECK(verify(path, &o, &v) == 4 && v.fault == WEIR_LINEAGE_BAD_SIG);
	/* a bare Statement among signed lines */
	chain(other, 4, NULL);
	write_log(path, other, 4, NULL, NULL);
	CHECK(verify(path, &o, &v) == 1 && v.fault == WEIR_LINEAGE_UNSIGNED);
	free_lines(lines, 4);
	free_lines(other, 4);
}

/*
 * Three steps: "a" reads in.csv and writes "-"; "b" reads it and writes
 * m.json; "c" reads m.json and new.csv.  A fourth, "d", reads in.csv again.
 */
static void
make_graph(const char *path)
{
	char *l[4], prev[65] = WEIR_LINEAGE_GENESIS;

	l[0] = statement("a", prev, "in.csv", hx('1'), "-", hx('2'));
	hash_hex(l[0], prev);
	l[1] = statement("b", prev, "-", hx('2'), "m.json", hx('3'));
	hash_hex(l[1], prev);
	l[2] = statement("c", prev, "m.json", hx('3'), "-", hx('4'));
	hash_hex(l[2], prev);
	l[3] = statement("d", prev, "in.csv", hx('1'), "-", hx('5'));
	write_log(path, l, 4, NULL, NULL);
	free_lines(l, 4);
}

static void
test_trace(void)
{
	struct weir_lineage_log log;
	struct weir_buf b = WEIR_BUF_INIT;
	char path[96];
	size_t si, oi;

	snprintf(path, sizeof(path), "%s/g.log", dir);
	make_graph(path);
	CHECK(weir_lineage_load(&log, path, &err) == 0 && log.n == 4 &&
	    log.cut == 0);
	weir_lineage_link(&log);
	CHECK(log.step[0].in[0].from == 0);
	CHECK(log.step[1].in[0].from == 1);
	CHECK(log.step[2].in[0].from == 2);
	CHECK(log.step[3].in[0].from == 0);
	CHECK(weir_lineage_writer(&log, hx('3'), NULL, &oi) == 2 && oi == 0);
	CHECK(weir_lineage_writer(&log, hx('9'), NULL, &oi) == 0);
	CHECK(weir_lineage_writer(&log, hx('9'), "m.json", &oi) == 2);
	CHECK(weir_lineage_writer(&log, NULL, "nope", &oi) == 0);

	/* what an artifact names: a digest, a name written, or nothing */
	{
		char art[80];
		int state;

		CHECK(weir_lineage_find(&log, "g.log", hx('4'), &si, &oi,
		    &state, &err) == 0 && si == 2 && oi == 0 &&
		    state == WEIR_LINEAGE_UNCHECKED);
		snprintf(art, sizeof(art), "sha256:%s", hx('A'));
		memset(art + 7, 'A', 64);
		CHECK(weir_lineage_find(&log, "g.log", art, &si, &oi, &state,
		    &err) == -1 && err.code == 1);
		CHECK(weir_lineage_find(&log, "g.log", "m.json", &si, &oi,
		    &state, &err) == 0 && si == 1 &&
		    state == WEIR_LINEAGE_GONE);
		CHECK(weir_lineage_find(&log, "g.log", hx('1'), &si, &oi,
		    &state, &err) == -1 && err.code == 1 &&
		    strstr(err.msg, "original input") != NULL);
		CHECK(weir_lineage_find(&log, "g.log", "nope.csv", &si, &oi,
		    &state, &err) == -1 && err.code == EX_NOINPUT);
	}
	si = weir_lineage_writer(&log, hx('4'), NULL, &oi) - 1;
	weir_lineage_trace(&log, si, oi, "out.csv", WEIR_LINEAGE_TREE, &b);
	CHECK_STR(b.p,
	    "out.csv  sha256:444444444444  12 bytes\n"
	    "`-- line 3: c -x 'a b'  (2024-06-01T00:00:00Z, status 0)\n"
	    "    `-- m.json  sha256:333333333333  10 bytes, 2 records\n"
	    "        `-- line 2: b -x 'a b'  (2024-06-01T00:00:00Z, status 0)\n"
	    "            `-- -  sha256:222222222222  10 bytes, 2 records\n"
	    "                `-- line 1: a -x 'a b'  (2024-06-01T00:00:00Z, "
	    "status 0)\n"
	    "                    `-- in.csv  sha256:111111111111  10 bytes, "
	    "2 records\n");
	weir_buf_reset(&b);
	weir_lineage_trace(&log, si, oi, "out.csv", WEIR_LINEAGE_DOT, &b);
	CHECK(strncmp(b.p, "digraph lineage {", 17) == 0);
	CHECK(strstr(b.p, "\"s2\" -> \"f2:3333") != NULL);
	CHECK(strstr(b.p, "\"s4\"") == NULL);	/* not on the way back */
	weir_buf_reset(&b);
	weir_lineage_trace(&log, si, oi, "out.csv", WEIR_LINEAGE_JSON, &b);
	CHECK(strstr(b.p, "\"from\": 2") != NULL);
	CHECK(strstr(b.p, "\"program\": \"d\"") == NULL);
	weir_buf_release(&b);
	weir_lineage_log_release(&log);
}

static void
test_check(void)
{
	struct weir_lineage_log log;
	unsigned char d[32];
	char path[96], file[96], hex[65], prev[65] = WEIR_LINEAGE_GENESIS;
	char *l[2];
	FILE *fp;

	snprintf(file, sizeof(file), "%s/data.csv", dir);
	fp = fopen(file, "w");
	fputs("a,b\n1,2\n", fp);
	fclose(fp);
	CHECK(weir_lineage_hash_file(file, hex, &err) == 0);
	weir_sha256("a,b\n1,2\n", 8, d);
	{
		char want[65];

		weir_sha256_tohex(d, want);
		CHECK_STR(hex, want);
	}
	CHECK(weir_lineage_hash_file("/nonexistent", hex, &err) == -1 &&
	    err.code == EX_NOINPUT);
	/* logged as read with other bytes: changed; a missing file: gone */
	snprintf(path, sizeof(path), "%s/c.log", dir);
	l[0] = statement("a", prev, file, hx('1'), "-", hx('2'));
	hash_hex(l[0], prev);
	l[1] = statement("b", prev, "-", hx('2'), "-", hx('3'));
	write_log(path, l, 2, NULL, NULL);
	free_lines(l, 2);
	CHECK(weir_lineage_load(&log, path, &err) == 0);
	weir_lineage_link(&log);
	CHECK(weir_lineage_check(&log, 1, NULL, NULL) == 1);
	CHECK(log.step[0].in[0].check == WEIR_LINEAGE_CHANGED &&
	    strcmp(log.step[0].in[0].now, hex) == 0);
	weir_lineage_log_release(&log);
	unlink(file);
	CHECK(weir_lineage_load(&log, path, &err) == 0);
	weir_lineage_link(&log);
	CHECK(weir_lineage_check(&log, 1, NULL, NULL) == 0);
	CHECK(log.step[0].in[0].check == WEIR_LINEAGE_GONE);
	weir_lineage_log_release(&log);
	/* load: a bad line is a data error with its position */
	write_log(path, (char *[]){ (char *)"{}" }, 1, NULL, NULL);
	CHECK(weir_lineage_load(&log, path, &err) == -1 &&
	    err.code == EX_DATAERR && strstr(err.msg, ":1: ") != NULL);
}

int
main(void)
{
	char cmd[96];

	if (sodium_init() < 0)
		return 2;
	snprintf(dir, sizeof(dir), "%s/weir-t-lineage.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_parse();
	test_envelope();
	test_keys();
	test_head();
	test_verify();
	test_verify_signed();
	test_trace();
	test_check();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	return T_DONE();
}
