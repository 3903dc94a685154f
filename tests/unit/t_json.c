#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "rec.h"
#include "t.h"

#define M_MEMBER	"expected ',' or '}' after object member"
#define M_ELEMENT	"expected ',' or ']' after array element"
#define M_KEY		"expected '\"' to begin object key"
#define M_COLON		"expected ':' after object key"
#define M_OBJECT	"expected '{': a record must be a JSON object"
#define M_UTF8		"invalid UTF-8 in string"
#define M_LONE		"lone surrogate in \\u escape"

static struct weir_jobj	J;
static size_t		used;
static char		msg[128];

/*
 * Parse s[0..len) from a heap copy of exactly len bytes, so that the
 * sanitizer build catches any read past the end.
 */
static int
parsen(const char *s, size_t len, int flatten, const char *sep)
{
	struct weir_jopts o;
	char *copy;
	int r;

	o.flatten = flatten;
	o.sep = sep;
	o.seplen = strlen(sep);
	copy = weir_xmalloc(len);
	memcpy(copy, s, len);
	r = weir_json_object(copy, len, &o, &J, &used, msg, sizeof(msg));
	free(copy);
	return r;
}

static int
parse(const char *s)
{
	return parsen(s, strlen(s), 1, ".");
}

static int
parse_sep(const char *s, const char *sep)
{
	return parsen(s, strlen(s), 1, sep);
}

static int
parse_nf(const char *s)
{
	return parsen(s, strlen(s), 0, ".");
}

/* The fields as "name=value/T ...", T one of S N B 0 J. */
static const char *
dump(void)
{
	static struct weir_buf b;
	size_t i;

	weir_buf_reset(&b);
	for (i = 0; i < J.n; i++) {
		if (i > 0)
			weir_buf_addc(&b, ' ');
		weir_buf_add(&b, J.names.p + J.f[i].name, J.f[i].namelen);
		weir_buf_addc(&b, '=');
		weir_buf_add(&b, J.vals.p + J.f[i].val, J.f[i].vallen);
		weir_buf_addc(&b, '/');
		weir_buf_addc(&b, "?SNB0J"[J.f[i].type]);
	}
	weir_buf_addc(&b, '\0');
	return b.p;
}

/* 1 if parsing s gives exactly one field whose value is want[0..wlen). */
static int
one_value(const char *s, const char *want, size_t wlen)
{
	if (parse(s) != 1 || J.n != 1 || J.f[0].vallen != wlen)
		return 0;
	return memcmp(J.vals.p + J.f[0].val, want, wlen) == 0 &&
	    J.vals.p[J.f[0].val + wlen] == '\0';
}

/* 1 if s is an error at offset at with message m (NULL: any message). */
static int
bad(const char *s, size_t at, const char *m)
{
	int r = parse(s);

	if (r != -1 || used != at || (m != NULL && strcmp(msg, m) != 0)) {
		fprintf(stderr, "  %s: got %d at %zu \"%s\"\n", s, r, used,
		    msg);
		return 0;
	}
	return 1;
}

static void
test_flat(void)
{
	CHECK(parse("{\"a\":\"x\",\"b\":1,\"c\":true,\"d\":false,\"e\":null}")
	    == 1);
	CHECK_STR(dump(), "a=x/S b=1/N c=true/B d=false/B e=/0");
	CHECK(J.n == 5);
	CHECK(used == 43);
	CHECK(J.f[4].type == WEIR_NULL && J.f[4].vallen == 0);
	CHECK(J.f[0].type == WEIR_STR && J.f[1].type == WEIR_NUM);
	CHECK(J.f[2].type == WEIR_BOOL && J.f[3].type == WEIR_BOOL);
	/* names and values are NUL-terminated in their buffers */
	CHECK_STR(J.names.p + J.f[2].name, "c");
	CHECK_STR(J.vals.p + J.f[2].val, "true");
	CHECK_STR(J.vals.p + J.f[4].val, "");
	CHECK(msg[0] == '\0');

	CHECK(parse("{}") == 1 && J.n == 0 && used == 2);
	CHECK(parse(" \t\r\n{ \t\r\n} ") == 1 && J.n == 0 && used == 10);
	CHECK(parse_nf("{}") == 1 && J.n == 0);

	/* duplicates are the caller's business; both come out in order */
	CHECK(parse("{\"a\":1,\"a\":2}") == 1);
	CHECK_STR(dump(), "a=1/N a=2/N");
	CHECK(parse("{\"\":\"\"}") == 1);
	CHECK_STR(dump(), "=/S");
}

static void
test_numbers(void)
{
	static const char *good[] = {
		"0", "-0", "1.10", "1234567890123456789012345", "1e5", "1E+2",
		"-1.5e-3", "0.0", "0e0", "-0.000", "123.456e789", "9E-0",
		"100", "-12345678901234567890.12345678901234567890e-123",
	};
	static const char *badnum[] = {
		"01", "+1", ".5", "1.", "1e", "-", "NaN", "-01", "1e+", "1.e5",
		"--1", "0x1", "Infinity", "-Infinity", "1.5.3", "00", "1e5e5",
		"1E+-2", "-.5", "1ee5", "0-1", "1+1",
	};
	char src[256];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(src, sizeof(src), "{\"n\":%s}", good[i]);
		CHECK(one_value(src, good[i], strlen(good[i])));
		CHECK(J.f[0].type == WEIR_NUM);
		/* and as array elements, verbatim too */
		snprintf(src, sizeof(src), "{\"n\":[ %s ,%s]}", good[i],
		    good[i]);
		CHECK(parse(src) == 1 && J.n == 1);
		CHECK(strncmp(J.vals.p + 1, good[i], strlen(good[i])) == 0);
	}
	for (i = 0; i < sizeof(badnum) / sizeof(badnum[0]); i++) {
		snprintf(src, sizeof(src), "{\"n\":%s}", badnum[i]);
		if (parse(src) != -1)
			fprintf(stderr, "  accepted %s\n", src);
		CHECK(parse(src) == -1);
		snprintf(src, sizeof(src), "{\"n\":[%s]}", badnum[i]);
		CHECK(parse(src) == -1);
	}
	CHECK(bad("{\"n\":01}", 6, "invalid number"));
	CHECK(bad("{\"n\":+1}", 5, "invalid number"));
	CHECK(bad("{\"n\":.5}", 5, "invalid number"));
	CHECK(bad("{\"n\":1.}", 7, "invalid number"));
	CHECK(bad("{\"n\":1e}", 7, "invalid number"));
	CHECK(bad("{\"n\":-}", 6, "invalid number"));
	CHECK(bad("{\"n\":NaN}", 5, "expected a value"));
	CHECK(bad("{\"n\":1x}", 6, M_MEMBER));
}

static void
test_strings(void)
{
	static const char nul[] = "a\0b";

	CHECK(one_value("{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
	    "a\"b\\c/d\b\f\n\r\t", 12));
	CHECK(J.f[0].type == WEIR_STR);
	CHECK(one_value("{\"s\":\"\"}", "", 0));
	CHECK(one_value("{\"s\":\"\\u00e9\"}", "\xc3\xa9", 2));
	CHECK(one_value("{\"s\":\"\\u00E9\"}", "\xc3\xa9", 2));
	CHECK(one_value("{\"s\":\"\\u0041\\u007f\"}", "A\x7f", 2));
	CHECK(one_value("{\"s\":\"\\u20ac\"}", "\xe2\x82\xac", 3));
	CHECK(one_value("{\"s\":\"\\ud83d\\ude00\"}", "\xf0\x9f\x98\x80", 4));
	CHECK(one_value("{\"s\":\"\\uD83D\\uDE00x\"}", "\xf0\x9f\x98\x80x", 5));
	CHECK(one_value("{\"s\":\"\\udbff\\udfff\"}", "\xf4\x8f\xbf\xbf", 4));
	CHECK(one_value("{\"s\":\"\\uffff\"}", "\xef\xbf\xbf", 3));
	CHECK(one_value("{\"s\":\"a\\u0000b\"}", nul, 3));
	CHECK(one_value("{\"s\":\"\\u0000\"}", nul + 1, 1));
	/* raw UTF-8 passes through */
	CHECK(one_value("{\"s\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14));
	CHECK(one_value("{\"s\":\"\x7f\"}", "\x7f", 1));
	CHECK(one_value("{\"s\":\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"}",
	    "\xef\xbf\xbf\xf4\x8f\xbf\xbf", 7));

	/* keys are unescaped the same way */
	CHECK(parse("{\"a\\nb\":1,\"\\u00e9\":2,\"x\\u0000y\":3}") == 1);
	CHECK(J.n == 3 && J.f[0].namelen == 3 && J.f[1].namelen == 2);
	CHECK(memcmp(J.names.p + J.f[0].name, "a\nb", 4) == 0);
	CHECK_STR(J.names.p + J.f[1].name, "\xc3\xa9");
	CHECK(J.f[2].namelen == 3 &&
	    memcmp(J.names.p + J.f[2].name, "x\0y", 4) == 0);

	/* escapes */
	CHECK(bad("{\"s\":\"x\\qy\"}", 7, "invalid escape '\\q'"));
	CHECK(bad("{\"s\":\"\\x41\"}", 6, "invalid escape '\\x'"));
	CHECK(bad("{\"s\":\"\\'\"}", 6, "invalid escape '\\''"));
	CHECK(bad("{\"s\":\"\\\x01\"}", 6, "invalid escape"));
	CHECK(bad("{\"s\":\"\\u12g4\"}", 6, "invalid \\u escape"));
	CHECK(bad("{\"s\":\"\\u12\"}", 6, "invalid \\u escape"));
	CHECK(bad("{\"s\\z\":1}", 3, "invalid escape '\\z'"));
	/* lone surrogates */
	CHECK(bad("{\"s\":\"\\ud800\"}", 6, M_LONE));
	CHECK(bad("{\"s\":\"\\udc00\"}", 6, M_LONE));
	CHECK(bad("{\"s\":\"ab\\udfff\"}", 8, M_LONE));
	CHECK(bad("{\"s\":\"\\ud800x\"}", 6, M_LONE));
	CHECK(bad("{\"s\":\"\\ud800\\n\"}", 6, M_LONE));
	CHECK(bad("{\"s\":\"\\ud800\\u0041\"}", 6,
	    M_LONE));
	CHECK(bad("{\"s\":\"\\ud800\\ud800\"}", 6,
	    M_LONE));
	CHECK(bad("{\"s\":\"\\ud800\\ud8\"}", 12, "invalid \\u escape"));
	CHECK(bad("{\"\\udc00\":1}", 2, M_LONE));

	/* raw control characters */
	CHECK(bad("{\"s\":\"a\tb\"}", 7, "control character in string"));
	CHECK(bad("{\"s\":\"a\nb\"}", 7, "control character in string"));
	CHECK(bad("{\"s\":\"\x01\"}", 6, "control character in string"));
	CHECK(bad("{\"s\":\"\x1f\"}", 6, "control character in string"));
	CHECK(bad("{\"a\x01\":1}", 3, "control character in string"));

	/* invalid UTF-8, reported at the start of the sequence */
	CHECK(bad("{\"s\":\"\x80\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"ab\xbf\"}", 8, M_UTF8));
	CHECK(bad("{\"s\":\"\xc0\x80\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xc1\xbf\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xe0\x80\x80\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xe0\x9f\xbf\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xed\xa0\x80\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xf0\x8f\xbf\xbf\"}", 6,
	    M_UTF8));
	CHECK(bad("{\"s\":\"\xf4\x90\x80\x80\"}", 6,
	    M_UTF8));
	CHECK(bad("{\"s\":\"\xf5\x80\x80\x80\"}", 6,
	    M_UTF8));
	CHECK(bad("{\"s\":\"\xff\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xc3\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xc3x\"}", 6, M_UTF8));
	CHECK(bad("{\"s\":\"\xe2\x82x\"}", 6, M_UTF8));
	CHECK(bad("{\"\xfe\":1}", 2, M_UTF8));
	CHECK(bad("{\"s\":[\"\xc3(\"]}", 7, M_UTF8));
	CHECK(bad("{\"s\":[\"\\ud800\"]}", 7, M_LONE));
	CHECK(bad("{\"s\":{\"k\\q\":1}}", 8, "invalid escape '\\q'"));
}

/*
 * Strings of every length around the 8-byte scanning window, with the
 * interesting byte at every position, so that both the word loop and the
 * byte loop see it.
 */
static void
test_string_window(void)
{
	static const char *ins[] = {
		"\\n", "\xc3\xa9", "\x01", "\\\"", "\xc3"
	};
	static const char *outs[] = { "\n", "\xc3\xa9", NULL, "\"", NULL };
	char src[128], want[64];
	size_t pos, k, i, wl;
	int ok;

	for (k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
		ok = 1;
		for (pos = 0; pos < 24; pos++) {
			i = (size_t)snprintf(src, sizeof(src), "{\"s\":\"");
			memset(src + i, 'a', pos);
			i += pos;
			i += (size_t)snprintf(src + i, sizeof(src) - i,
			    "%s%s\"}", ins[k], "bcdefghijklmnop");
			if (outs[k] == NULL) {
				/* an error at exactly 6 + pos */
				if (parse(src) != -1 || used != 6 + pos)
					ok = 0;
				continue;
			}
			memset(want, 'a', pos);
			wl = pos + (size_t)snprintf(want + pos,
			    sizeof(want) - pos, "%s%s", outs[k],
			    "bcdefghijklmnop");
			if (!one_value(src, want, wl))
				ok = 0;
		}
		CHECK(ok);
	}
}

static void
test_nesting(void)
{
	CHECK(parse("{\"a\":{\"b\":{\"c\":1}},\"d\":2}") == 1);
	CHECK_STR(dump(), "a.b.c=1/N d=2/N");
	CHECK(parse("{\"a\":{\"x\":1,\"y\":{\"z\":2,\"w\":\"s\"},"
	    "\"v\":4},\"t\":0}") == 1);
	CHECK_STR(dump(), "a.x=1/N a.y.z=2/N a.y.w=s/S a.v=4/N t=0/N");
	CHECK(J.f[2].namelen == 5);
	CHECK_STR(J.names.p + J.f[2].name, "a.y.w");
	CHECK_STR(J.names.p + J.f[3].name, "a.v");
	/* no name is left behind in the buffer: each name and its NUL only */
	CHECK(J.names.len == 4 + 6 + 6 + 4 + 2);
	CHECK(parse("{\"a\":{\"b\":{\"c\":{\"d\":true}},\"e\":null}}") == 1);
	CHECK_STR(dump(), "a.b.c.d=true/B a.e=/0");

	/* empty nested objects */
	CHECK(parse("{\"a\":{}}") == 1);
	CHECK_STR(dump(), "a={}/J");
	CHECK(parse("{\"a\":{\"b\":{ },\"c\":1},\"d\":{}}") == 1);
	CHECK_STR(dump(), "a.b={}/J a.c=1/N d={}/J");
	CHECK(parse("{\"a\":{\"b\":[1, {\"c\":2}]}}") == 1);
	CHECK_STR(dump(), "a.b=[1,{\"c\":2}]/J");
	/* escaped keys joined by the separator */
	CHECK(parse("{\"a\\u00e9\":{\"\\\"\":1}}") == 1);
	CHECK_STR(dump(), "a\xc3\xa9.\"=1/N");

	/* another separator */
	CHECK(parse_sep("{\"a\":{\"b\":{\"c\":1},\"d\":2}}", "__") == 1);
	CHECK_STR(dump(), "a__b__c=1/N a__d=2/N");
	CHECK(parse_sep("{\"a\":{\"b\":1}}", "") == 1);
	CHECK_STR(dump(), "ab=1/N");

	/* flatten off: one minified field */
	CHECK(parse_nf("{\"a\" : { \"b\" : { \"c\" : 1 } , \"d\":[ ] },"
	    "\"e\":1}") == 1);
	CHECK_STR(dump(), "a={\"b\":{\"c\":1},\"d\":[]}/J e=1/N");
	CHECK(parse_nf("{\"a\":{}}") == 1);
	CHECK_STR(dump(), "a={}/J");
	CHECK(parse_nf("{\"a\":{\"k\\n\\u00e9\":\"v\\t\"}}") == 1);
	CHECK_STR(dump(), "a={\"k\\n\\u00e9\":\"v\\t\"}/J");
}

static void
test_arrays(void)
{
	CHECK(parse("{\"a\":[ 1 , \"x y\" , [ ] , { } , {\"k\" : [true,false,"
	    "null]}, -1.50e+3, \"\\u00e9\\n\\\"\" , [[[\"\xc3\xa9\"]]] ]}")
	    == 1);
	CHECK_STR(dump(), "a=[1,\"x y\",[],{},{\"k\":[true,false,null]},"
	    "-1.50e+3,\"\\u00e9\\n\\\"\",[[[\"\xc3\xa9\"]]]]/J");
	CHECK(J.f[0].type == WEIR_JSON);
	CHECK(parse("{\"a\":[],\"b\":[\n]}") == 1);
	CHECK_STR(dump(), "a=[]/J b=[]/J");
	CHECK(parse("{\"a\":[{\"b\":{\"c\":1}}]}") == 1);
	CHECK_STR(dump(), "a=[{\"b\":{\"c\":1}}]/J");

	CHECK(bad("{\"a\":[1,]}", 8, "expected a value"));
	CHECK(bad("{\"a\":[1 2]}", 8, M_ELEMENT));
	CHECK(bad("{\"a\":[}", 6, "expected a value"));
	CHECK(bad("{\"a\":[1}", 7, M_ELEMENT));
	CHECK(bad("{\"a\":[{1:2}]}", 7, M_KEY));
	CHECK(bad("{\"a\":[{\"k\" 2}]}", 11, M_COLON));
	CHECK(bad("{\"a\":[{\"k\":2]}", 12,
	    M_MEMBER));
	CHECK(bad("{\"a\":[{\"k\":2,}]}", 13, M_KEY));
	CHECK(bad("{\"a\":[tRue]}", 7, "invalid literal"));
	CHECK(bad("{\"a\":[nul]}", 9, "invalid literal"));
	CHECK(bad("{\"a\":[\"a\x02\"]}", 8, "control character in string"));
	CHECK(bad("{\"a\":{\"b\":[01]}}", 12, "invalid number"));
}

static void
test_syntax_errors(void)
{
	CHECK(bad("[1]", 0, M_OBJECT));
	CHECK(bad("  \"x\"", 2, M_OBJECT));
	CHECK(bad("\n1", 1, M_OBJECT));
	CHECK(bad("null", 0, M_OBJECT));
	CHECK(bad("\xef\xbb\xbf{}", 0,
	    M_OBJECT));
	CHECK(bad("\f{}", 0, M_OBJECT));
	CHECK(bad("{\"a\" 1}", 5, M_COLON));
	CHECK(bad("{\"a\"=1}", 4, M_COLON));
	CHECK(bad("{a:1}", 1, M_KEY));
	CHECK(bad("{'a':1}", 1, M_KEY));
	CHECK(bad("{\"a\":1,}", 7, M_KEY));
	CHECK(bad("{,}", 1, M_KEY));
	CHECK(bad("{\"a\":1 \"b\":2}", 7,
	    M_MEMBER));
	CHECK(bad("{\"a\":1]", 6, M_MEMBER));
	CHECK(bad("{\"a\":}", 5, "expected a value"));
	CHECK(bad("{\"a\":tru}", 8, "invalid literal"));
	CHECK(bad("{\"a\":True}", 5, "expected a value"));
	CHECK(bad("{\"a\":truex}", 9, M_MEMBER));
	CHECK(bad("{\"a\":nulL}", 8, "invalid literal"));
	CHECK(bad("{\"a\":1,\"b\":{\"c\" 1}}", 16,
	    M_COLON));
	CHECK(bad("{\"a\":\"x\"\f}", 8, M_MEMBER));

	/* no message buffer */
	CHECK(weir_json_object("{x", 2, &(struct weir_jopts){ 1, ".", 1 }, &J,
	    &used, NULL, 0) == -1 && used == 1);
}

static void
test_depth(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	int i, flatten;

	/* the record's braces are level 1: 511 more levels are allowed */
	for (flatten = 0; flatten < 2; flatten++) {
		weir_buf_reset(&b);
		weir_buf_adds(&b, "{\"a\":");
		for (i = 0; i < 511; i++)
			weir_buf_adds(&b, "{\"a\":");
		weir_buf_adds(&b, "1");
		for (i = 0; i < 512; i++)
			weir_buf_addc(&b, '}');
		CHECK(parsen(b.p, b.len, flatten, ".") == 1 && J.n == 1);
		CHECK(J.f[0].namelen == (flatten ? 512 * 2 - 1 : 1));

		weir_buf_reset(&b);
		weir_buf_adds(&b, "{\"a\":");
		for (i = 0; i < 512; i++)
			weir_buf_adds(&b, "{\"a\":");
		weir_buf_adds(&b, "1");
		for (i = 0; i < 513; i++)
			weir_buf_addc(&b, '}');
		CHECK(parsen(b.p, b.len, flatten, ".") == -1);
		CHECK(used == 512 * 5);	/* the 513th '{' */
		CHECK_STR(msg, "nesting deeper than 512");
	}

	weir_buf_reset(&b);
	weir_buf_adds(&b, "{\"a\":");
	for (i = 0; i < 511; i++)
		weir_buf_addc(&b, '[');
	for (i = 0; i < 511; i++)
		weir_buf_addc(&b, ']');
	weir_buf_addc(&b, '}');
	CHECK(parsen(b.p, b.len, 1, ".") == 1 && J.f[0].vallen == 1022);

	weir_buf_reset(&b);
	weir_buf_adds(&b, "{\"a\":");
	for (i = 0; i < 100000; i++)
		weir_buf_addc(&b, '[');
	CHECK(parsen(b.p, b.len, 1, ".") == -1 && used == 5 + 511);
	CHECK_STR(msg, "nesting deeper than 512");
	weir_buf_release(&b);
}

/*
 * Every proper prefix of a valid object needs more input; no prefix is an
 * error and none is taken for a whole object.
 */
static void
test_prefixes(void)
{
	static const char *objs[] = {
		"{\"a\":\"x\",\"b\":1,\"c\":true,\"d\":false,\"e\":null}",
		("  \r\n\t{ \"a\" : -12.50e+10 , \"b\" :\t[ 1, \"s\", "
		    "{\"k\": [ ] } ] }"),
		("{\"s\":\"\\ud83d\\ude00 \\u00e9 \\n \\\" \xc3\xa9\xe2\x82\xac"
		    "\xf0\x9f\x98\x80 abcdefghijklmnopqrstuvwxyz\"}"),
		"{\"a\":{\"b\":{\"c\":0,\"d\":{}}},\"e\":[[[]]],\"f\":-0}",
		("{\"k\\u0000\":1E5,\"n\":null,\"t\":true,\"f\":false,"
		    "\"z\":0.5}"),
		"{\"a\":[\"\\ud800\\udc00\",\"\xf4\x8f\xbf\xbf\",1e-5,-0.0]}",
		"{}",
		"{\"\":{}}",
	};
	size_t i, k, len, bad_prefix;
	int flatten;

	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		len = strlen(objs[i]);
		for (flatten = 0; flatten < 2; flatten++) {
			bad_prefix = 0;
			for (k = 0; k < len; k++)
				if (parsen(objs[i], k, flatten, ".") != 0) {
					fprintf(stderr, "  prefix %zu of %s: "
					    "%s\n", k, objs[i], msg);
					bad_prefix++;
				}
			CHECK(bad_prefix == 0);
			CHECK(parsen(objs[i], len, flatten, ".") == 1 &&
			    used == len);
		}
	}
	CHECK(parsen("", 0, 1, ".") == 0);
	CHECK(parsen(" \n\t\r ", 5, 1, ".") == 0);
}

static void
test_trailing(void)
{
	const char *s = "{\"a\":1}\n{\"b\":2} x";
	size_t off;

	CHECK(parse(s) == 1 && used == 7);
	CHECK_STR(dump(), "a=1/N");
	off = used;
	CHECK(parse(s + off) == 1 && used == 8);
	CHECK_STR(dump(), "b=2/N");
	off += used;
	CHECK(parse(s + off) == -1 && used == 1);
	CHECK(parse("{}}") == 1 && used == 2);
	CHECK(parse("  {\"a\":[1]}{") == 1 && used == 11);
}

/* A big record then a small one: nothing from the first survives. */
static void
test_reuse(void)
{
	CHECK(parse("{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\":\"bbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	    "\",\"c\":1,\"d\":2,\"e\":3,\"f\":4,\"g\":5,\"h\":6,\"i\":7,"
	    "\"j\":8,"
	    "\"k\":9,\"l\":10,\"m\":11,\"n\":12,\"o\":13,\"p\":14,\"q\":15,"
	    "\"r\":16,\"s\":17}") == 1);
	CHECK(J.n == 18);
	CHECK(parse("{\"z\":0}") == 1 && J.n == 1);
	CHECK_STR(dump(), "z=0/N");
	CHECK(J.names.len == 2 && J.vals.len == 2);
	/* an error or a short read leaves the object empty */
	CHECK(parse("{\"z\":0,") == 0);
	CHECK(parse("x") == -1 && J.n == 0);
}

static void
test_put_string(void)
{
	struct weir_buf b = WEIR_BUF_INIT, src = WEIR_BUF_INIT;
	char all[256];
	int i, ok;

	weir_json_put_string(&b, "a\"b\\c\n\t\x01\x1f\x7f \xc3\xa9/", 14);
	CHECK_STR(b.p, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\x7f \xc3\xa9/\"");
	weir_buf_reset(&b);
	weir_json_put_string(&b, "", 0);
	CHECK_STR(b.p, "\"\"");
	weir_buf_reset(&b);
	weir_json_put_string(&b, "\b\f\r\0", 4);
	CHECK(b.len == 14 && memcmp(b.p, "\"\\b\\f\\r\\u0000\"", 15) == 0);
	weir_buf_reset(&b);
	weir_buf_adds(&b, "x");
	weir_json_put_string(&b, "abcdefghijklmnopqrstuvwxyz\"0123456789", 37);
	CHECK_STR(b.p, "x\"abcdefghijklmnopqrstuvwxyz\\\"0123456789\"");

	/* every ASCII byte, NUL too, and UTF-8 survive the round trip */
	for (i = 0; i < 128; i++)
		all[i] = (char)i;
	memcpy(all + 128, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
	ok = 1;
	for (i = 0; i <= 128; i++) {
		weir_buf_reset(&src);
		weir_buf_adds(&src, "{\"k\":");
		weir_json_put_string(&src, all + i, (size_t)(137 - i));
		weir_buf_addc(&src, '}');
		if (parsen(src.p, src.len, 1, ".") != 1 || J.n != 1 ||
		    J.f[0].vallen != (size_t)(137 - i) ||
		    memcmp(J.vals.p + J.f[0].val, all + i,
		    (size_t)(137 - i)) != 0)
			ok = 0;
	}
	CHECK(ok);
	/* and as a key */
	weir_buf_reset(&src);
	weir_buf_addc(&src, '{');
	weir_json_put_string(&src, all, 137);
	weir_buf_adds(&src, ":0}");
	CHECK(parsen(src.p, src.len, 1, ".") == 1 && J.f[0].namelen == 137 &&
	    memcmp(J.names.p + J.f[0].name, all, 137) == 0);
	weir_buf_release(&b);
	weir_buf_release(&src);
}

/*
 * Random mutations of valid records: whatever comes back must be
 * consistent (this is mostly for the sanitizer build).
 */
static void
test_mutations(void)
{
	static const char *seeds[] = {
		("{\"a\":\"x\\u00e9\\ud83d\\ude00\",\"b\":[1,{\"c\":"
		    "[true,null]}],\"d\":{\"e\":{\"f\":-1.5e3}},\"g\":false}"),
		("{\"s\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\n\\t\","
		    "\"n\":0}"),
	};
	static const char pool[] = "{}[]\":,\\u0aeEd8-+.1 \t\n\x80\xc3\xed\xf4";
	char buf[256];
	size_t len, i, k2, used2;
	unsigned long long seed = 12345;
	struct weir_jfield *f;
	int it, k, r, ok = 1;

	for (it = 0; it < 200000; it++) {
		const char *s0 = seeds[it % 2];

		len = strlen(s0);
		memcpy(buf, s0, len);
		for (k = 0; k < 1 + it % 4 && len > 1; k++) {
			seed = seed * 6364136223846793005ULL +
			    1442695040888963407ULL;
			i = (size_t)(seed >> 33) % len;
			switch ((seed >> 20) % 3) {
			case 0:		/* replace */
				k2 = (size_t)(seed >> 40) % (sizeof(pool) - 1);
				buf[i] = pool[k2];
				break;
			case 1:		/* delete */
				memmove(buf + i, buf + i + 1, len - i - 1);
				len--;
				break;
			default:	/* truncate */
				len = i + 1;
				break;
			}
		}
		r = parsen(buf, len, it % 3 != 0, ".");
		if (r == 1) {
			for (i = 0; i < J.n; i++) {
				f = &J.f[i];
				if (f->name + f->namelen >= J.names.len ||
				    f->val + f->vallen >= J.vals.len ||
				    J.vals.p[f->val + f->vallen] != '\0')
					ok = 0;
			}
			if (used > len)
				ok = 0;
		} else if (r == -1 && (used >= len || msg[0] == '\0'))
			ok = 0;
		/* a prefix of what parsed must not be an error */
		if (r == 1 && used > 1) {
			used2 = used;
			if (parsen(buf, used2 - 1, it % 3 != 0, ".") != 0)
				ok = 0;
		}
	}
	CHECK(ok);
}

int
main(void)
{
	weir_jobj_init(&J);
	test_flat();
	test_numbers();
	test_strings();
	test_string_window();
	test_nesting();
	test_arrays();
	test_syntax_errors();
	test_depth();
	test_prefixes();
	test_trailing();
	test_reuse();
	test_put_string();
	test_mutations();
	weir_jobj_release(&J);
	return T_DONE();
}
