/* t_cli.c - the shared options and the number parsers, with their messages. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "stream.h"
#include "t.h"
#include "tcapture.h"

static const char *msg;		/* what the last call wrote on stderr */

/* weir_cli_option(c, ch, arg), its message in msg. */
static int
opt(struct weir_cli *c, int ch, const char *arg)
{
	int rv;

	cap_begin();
	rv = weir_cli_option(c, ch, arg);
	msg = cap_end();
	return rv;
}

/* --delimiter ARG: the character, or -1 (and c.delim left alone). */
static int
delim(int ch, const char *arg)
{
	struct weir_cli c = WEIR_CLI_INIT;

	c.delim = c.out_delim = 'X';
	if (opt(&c, ch, arg) == -1)
		return c.delim == 'X' && c.out_delim == 'X' ? -1 : -2;
	return ch == 'd' ? c.delim : c.out_delim;
}

/* -f/-t ARG: the format, or -1 (and the field left alone). */
static int
fmt(int ch, const char *arg)
{
	struct weir_cli c = WEIR_CLI_INIT;

	c.from = c.to = 99;
	if (opt(&c, ch, arg) == -1)
		return c.from == 99 && c.to == 99 ? -1 : -2;
	return ch == 'f' ? c.from : c.to;
}

static void
test_flags(void)
{
	struct weir_cli c = WEIR_CLI_INIT;

	CHECK(!c.help && !c.gzip && !c.progress && c.from == WEIR_F_AUTO &&
	    c.to == WEIR_F_AUTO && c.delim == 0 && c.out_delim == 0 &&
	    c.max_bad == -1 && c.output == NULL && c.bad_rows == NULL);
	CHECK(opt(&c, 'h', NULL) == 0 && c.help == 1);
	CHECK(opt(&c, 'z', NULL) == 0 && c.gzip == 1);
	CHECK(opt(&c, WEIR_OPT_PROGRESS, NULL) == 0 && c.progress == 1);
	CHECK(weir_quiet == 0);
	CHECK(opt(&c, 'q', NULL) == 0 && weir_quiet == 1);
	weir_quiet = 0;
	CHECK(opt(&c, 'o', "out.csv") == 0);
	CHECK_STR(c.output, "out.csv");
	CHECK(opt(&c, 'o', "-") == 0);
	CHECK_STR(c.output, "-");
	CHECK(opt(&c, WEIR_OPT_BAD_ROWS, "bad.csv") == 0);
	CHECK_STR(c.bad_rows, "bad.csv");
	CHECK_STR(msg, "");
	/* Not a shared option: -1, and nothing said (getopt_long has). */
	CHECK(opt(&c, '?', NULL) == -1);
	CHECK_STR(msg, "");
	CHECK(opt(&c, 'x', "1") == -1);
	CHECK(opt(&c, WEIR_OPT_LOCAL, "1") == -1);
	CHECK(opt(&c, ':', NULL) == -1);
	CHECK_STR(msg, "");
}

static void
test_delim(void)
{
	CHECK(delim('d', ",") == ',');
	CHECK(delim('d', ";") == ';');
	CHECK(delim('d', "|") == '|');
	CHECK(delim('d', " ") == ' ');
	CHECK(delim('d', "tab") == '\t');
	CHECK(delim('d', "\\t") == '\t');
	CHECK(delim('d', "\t") == '\t');
	/* A byte >= 0x80 would split UTF-8 characters. */
	CHECK(delim('d', "\xa7") == -1);
	CHECK(delim('d', "\xff") == -1);
	CHECK(delim(WEIR_OPT_OUT_DELIM, "\x80") == -1);
	CHECK(delim('d', "") == -1);
	CHECK_STR(msg, "weir: --delimiter must be one ASCII character (or 'tab'), "
	    "not ''\n");
	CHECK(delim('d', ";;") == -1);
	CHECK_STR(msg, "weir: --delimiter must be one ASCII character (or 'tab'), "
	    "not ';;'\n");
	CHECK(delim('d', "\"") == -1);
	CHECK(delim('d', "\n") == -1);
	CHECK(delim('d', "\r") == -1);
	CHECK(delim('d', "TAB") == -1);
	CHECK(delim('d', "\xc2\xa7") == -1);	/* one character, two bytes */
	CHECK(delim(WEIR_OPT_OUT_DELIM, ";") == ';');
	CHECK(delim(WEIR_OPT_OUT_DELIM, "tab") == '\t');
	CHECK(delim(WEIR_OPT_OUT_DELIM, "ab") == -1);
	CHECK_STR(msg, "weir: --out-delimiter must be one ASCII character (or "
	    "'tab'), not 'ab'\n");
	CHECK(delim(WEIR_OPT_OUT_DELIM, "\"") == -1);
}

static void
test_formats(void)
{
	static const char unknown[] = "weir: unknown format 'xml' (formats: "
	    "csv, tsv, ndjson, json, libsvm, markdown, table)\n";

	CHECK(fmt('f', "csv") == WEIR_F_CSV);
	CHECK(fmt('f', "tsv") == WEIR_F_TSV);
	CHECK(fmt('f', "ndjson") == WEIR_F_NDJSON);
	CHECK(fmt('f', "jsonl") == WEIR_F_NDJSON);
	CHECK(fmt('f', "json") == WEIR_F_JSON);
	CHECK(fmt('f', "CSV") == WEIR_F_CSV);
	CHECK(fmt('f', "Json") == WEIR_F_JSON);
	CHECK_STR(msg, "");
	/* Written, never read. */
	CHECK(fmt('f', "libsvm") == -1);
	CHECK_STR(msg, "weir: cannot read format 'libsvm' (readable: csv, tsv, "
	    "ndjson, json)\n");
	CHECK(fmt('f', "markdown") == -1);
	CHECK(fmt('f', "md") == -1);
	CHECK(fmt('f', "table") == -1);
	CHECK_STR(msg, "weir: cannot read format 'table' (readable: csv, tsv, "
	    "ndjson, json)\n");
	CHECK(fmt('f', "xml") == -1);
	CHECK_STR(msg, unknown);
	CHECK(fmt('f', "") == -1);
	CHECK(fmt('f', "auto") == -1);
	CHECK(fmt('f', "csv ") == -1);

	CHECK(fmt('t', "csv") == WEIR_F_CSV);
	CHECK(fmt('t', "tsv") == WEIR_F_TSV);
	CHECK(fmt('t', "ndjson") == WEIR_F_NDJSON);
	CHECK(fmt('t', "jsonl") == WEIR_F_NDJSON);
	CHECK(fmt('t', "json") == WEIR_F_JSON);
	CHECK(fmt('t', "libsvm") == WEIR_F_LIBSVM);
	CHECK(fmt('t', "markdown") == WEIR_F_MARKDOWN);
	CHECK(fmt('t', "md") == WEIR_F_MARKDOWN);
	CHECK(fmt('t', "table") == WEIR_F_TABLE);
	CHECK(fmt('t', "TABLE") == WEIR_F_TABLE);
	CHECK_STR(msg, "");
	CHECK(fmt('t', "xml") == -1);
	CHECK_STR(msg, unknown);
	CHECK(fmt('t', "") == -1);
	CHECK_STR(msg, "weir: unknown format '' (formats: csv, tsv, ndjson, "
	    "json, libsvm, markdown, table)\n");
}

static void
test_max_bad(void)
{
	struct weir_cli c = WEIR_CLI_INIT;

	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "0") == 0 && c.max_bad == 0);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "25") == 0 && c.max_bad == 25);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "4611686018427387904") == 0 &&
	    c.max_bad == 1L << 62);
	CHECK_STR(msg, "");
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "4611686018427387905") == -1);
	CHECK(c.max_bad == 1L << 62);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "-1") == -1);
	CHECK_STR(msg, "weir: --max-bad needs a whole number from 0 to "
	    "4611686018427387904, not '-1'\n");
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "") == -1);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "ten") == -1);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "10k") == -1);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "1.5") == -1);
	CHECK(opt(&c, WEIR_OPT_MAX_BAD, "99999999999999999999") == -1);
	CHECK(c.max_bad == 1L << 62);
}

/* weir_cli_long(arg, min, max, "--n"): the value, or -1 after a message. */
static long
num(const char *arg, long min, long max)
{
	long v = 12345;
	int rv;

	cap_begin();
	rv = weir_cli_long(arg, min, max, "--n", &v);
	msg = cap_end();
	if (rv == -1)
		return v == 12345 && *msg != '\0' ? -1 : -2;
	return *msg == '\0' ? v : -2;
}

static void
test_long(void)
{
	char big[64];

	CHECK(num("0", 0, 10) == 0);
	CHECK(num("10", 0, 10) == 10);
	CHECK(num("7", 7, 7) == 7);
	CHECK(num("007", 0, 10) == 7);
	CHECK(num("11", 0, 10) == -1);
	CHECK_STR(msg, "weir: --n needs a whole number from 0 to 10, not '11'\n");
	CHECK(num("-1", 0, 10) == -1);
	CHECK(num("-3", -5, 5) == -3);
	CHECK(num("-6", -5, 5) == -1);
	CHECK_STR(msg, "weir: --n needs a whole number from -5 to 5, not '-6'\n");
	CHECK(num("", 0, 10) == -1);
	CHECK_STR(msg, "weir: --n needs a whole number from 0 to 10, not ''\n");
	CHECK(num("abc", 0, 10) == -1);
	CHECK(num("5x", 0, 10) == -1);
	CHECK(num("5 ", 0, 10) == -1);
	CHECK(num("5.0", 0, 10) == -1);
	CHECK(num("1e3", 0, 10000) == -1);
	CHECK(num("0x10", 0, 100) == -1);
	/* The ends of long, and past them. */
	snprintf(big, sizeof(big), "%ld", LONG_MAX);
	CHECK(num(big, 0, LONG_MAX) == LONG_MAX);
	snprintf(big, sizeof(big), "%ld", LONG_MIN);
	CHECK(num(big, LONG_MIN, 0) == LONG_MIN);
	CHECK(num("9223372036854775808", 0, LONG_MAX) == -1);
	CHECK(num("99999999999999999999999", 0, LONG_MAX) == -1);
	CHECK(num("-99999999999999999999999", LONG_MIN, 0) == -1);
}

/* weir_cli_real(arg, min, max, open_min, "--r"): 1 if it takes the
 * number (value in *v), 0 after a message, -1 if it broke its contract. */
static int
real(const char *arg, double min, double max, int open_min, double *v)
{
	double keep = -12345;
	int rv;

	*v = keep;
	cap_begin();
	rv = weir_cli_real(arg, min, max, open_min, "--r", v);
	msg = cap_end();
	if (rv == -1)
		return *v == keep && *msg != '\0' ? 0 : -1;
	return rv == 0 && *msg == '\0' ? 1 : -1;
}

static void
test_real(void)
{
	double v;

	CHECK(real("0.5", 0, 1, 0, &v) == 1 && v == 0.5);
	CHECK(real("0", 0, 1, 0, &v) == 1 && v == 0);
	CHECK(real("1", 0, 1, 0, &v) == 1 && v == 1);
	CHECK(real("1e-3", 0, 1, 0, &v) == 1 && v == 0.001);
	CHECK(real(".25", 0, 1, 0, &v) == 1 && v == 0.25);
	CHECK(real("-2.5", -10, 10, 0, &v) == 1 && v == -2.5);
	/* open_min: the bound itself is out, just above it is in. */
	CHECK(real("0", 0, 1, 1, &v) == 0);
	CHECK_STR(msg, "weir: --r needs a number above 0 and at most 1, "
	    "not '0'\n");
	CHECK(real("-0", 0, 1, 1, &v) == 0);
	CHECK(real("1e-9", 0, 1, 1, &v) == 1 && v == 1e-9);
	CHECK(real("1", 0, 1, 1, &v) == 1 && v == 1);
	/* out of range */
	CHECK(real("1.0001", 0, 1, 0, &v) == 0);
	CHECK_STR(msg, "weir: --r needs a number from 0 and at most 1, "
	    "not '1.0001'\n");
	CHECK(real("-0.1", 0, 1, 0, &v) == 0);
	CHECK(real("2", 0.5, 1.5, 0, &v) == 0);
	CHECK_STR(msg, "weir: --r needs a number from 0.5 and at most 1.5, "
	    "not '2'\n");
	/* garbage */
	CHECK(real("", 0, 1, 0, &v) == 0);
	CHECK(real("abc", 0, 1, 0, &v) == 0);
	CHECK(real("0.5x", 0, 1, 0, &v) == 0);
	CHECK(real("0.5 ", 0, 1, 0, &v) == 0);
	CHECK(real("0,5", 0, 1, 0, &v) == 0);
	/* not finite, or too big for a double */
	CHECK(real("nan", -1e300, 1e300, 0, &v) == 0);
	CHECK(real("inf", -1e300, 1e300, 0, &v) == 0);
	CHECK(real("-infinity", -1e300, 1e300, 0, &v) == 0);
	CHECK(real("1e400", -1e300, 1e300, 0, &v) == 0);
	CHECK(real("-1e400", -1e300, 1e300, 0, &v) == 0);
	CHECK(real("1e300", -1e300, 1e300, 0, &v) == 1 && v == 1e300);
}

/* --version prints "weir 0.1.0" and exits 0, in a child. */
static void
test_version(void)
{
	struct weir_cli c = WEIR_CLI_INIT;
	char out[64];
	FILE *fp;
	pid_t pid;
	int st;
	size_t n;

	if ((fp = tmpfile()) == NULL) {
		perror("tmpfile");
		exit(2);
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		dup2(fileno(fp), 1);
		weir_cli_option(&c, WEIR_OPT_VERSION, NULL);
		_exit(3);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	fclose(fp);
	CHECK_STR(out, "weir " WEIR_VERSION "\n");
}

/* weir_cli_size(arg, 64K, "--m"): 1 if it takes the argument. */
static int
size_ok(const char *arg, size_t *v)
{
	int rv;

	cap_begin();
	rv = weir_cli_size(arg, 64 << 10, "--m", v);
	msg = cap_end();
	/* a refusal says why; an acceptance says nothing */
	return rv == 0 ? *msg == '\0' : *msg == '\0' ? 1 : 0;
}

static void
test_size(void)
{
	size_t v = 0;

	CHECK(size_ok("65536", &v) && v == 65536);
	CHECK(size_ok("64K", &v) && v == 65536);
	CHECK(size_ok("64k", &v) && v == 65536);
	CHECK(size_ok("256M", &v) && v == (size_t)256 << 20);
	CHECK(size_ok("256MB", &v) && v == (size_t)256 << 20);
	CHECK(size_ok("2G", &v) && v == (size_t)2 << 30);
	CHECK(!size_ok("1K", &v));		/* below the minimum */
	CHECK(!size_ok("", &v));
	CHECK(!size_ok("M", &v));
	CHECK(!size_ok("12Q", &v));
	CHECK(!size_ok("-5M", &v));
	CHECK(!size_ok("5 M", &v));
	CHECK(!size_ok("1.5G", &v));
	CHECK(!size_ok("99999999999999999999G", &v));
	CHECK(!size_ok("20000000000G", &v));
}

static void
test_choice(void)
{
	static const char *const w[] = { "inner", "left", "right" };

	cap_begin();
	CHECK(weir_cli_choice("--join", "left", w, 3) == 1);
	msg = cap_end();
	CHECK_STR(msg, "");
	cap_begin();
	CHECK(weir_cli_choice("--join", "outer", w, 3) == -1);
	msg = cap_end();
	CHECK(strstr(msg, "--join is inner, left or right, not 'outer'") !=
	    NULL);
}

/* weir_cli_range: "A,B", A below B; the bounds untouched on a refusal. */
static void
test_range(void)
{
	double lo = 7, hi = 7;
	int rv;

	cap_begin();
	rv = weir_cli_range("-1.5,2e3", "--bounds", &lo, &hi);
	msg = cap_end();
	CHECK(rv == 0 && lo == -1.5 && hi == 2000 && *msg == '\0');
	cap_begin();
	rv = weir_cli_range("5", "--bounds", &lo, &hi);
	msg = cap_end();
	CHECK(rv == -1 && strstr(msg, "--bounds 5: give two numbers, A,B"));
	cap_begin();
	rv = weir_cli_range("3,3", "--bounds", &lo, &hi);
	msg = cap_end();
	CHECK(rv == -1 && strstr(msg, "the lower bound comes first"));
	cap_begin();
	rv = weir_cli_range("1,x", "--bounds", &lo, &hi);
	msg = cap_end();
	CHECK(rv == -1 && strstr(msg, "not 'x'"));
	cap_begin();
	rv = weir_cli_range(",1", "--bounds", &lo, &hi);
	msg = cap_end();
	CHECK(rv == -1 && *msg != '\0');
}

int
main(void)
{
	test_choice();
	test_size();
	test_flags();
	test_delim();
	test_formats();
	test_max_bad();
	test_long();
	test_real();
	test_range();
	test_version();
	return T_DONE();
}
