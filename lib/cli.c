#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "io.h"
#include "lineage.h"
#include "mem.h"
#include "stream.h"

static int
parse_delim(const char *arg, const char *what, int *out)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		*out = '\t';
	else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' &&
	    arg[0] != '\r' && (unsigned char)arg[0] < 0x80)
		*out = (unsigned char)arg[0];
	else {
		/* A byte >= 0x80 would split UTF-8 characters in two. */
		weir_note("%s must be one ASCII character (or 'tab'), not '%s'",
		    what, arg);
		return -1;
	}
	return 0;
}

static int
parse_fmt(const char *arg, int reading, int *out)
{
	int f = weir_fmt_parse(arg);

	if (f < 0) {
		weir_note("unknown format '%s' (formats: csv, tsv, ndjson, "
		    "json, libsvm, markdown, table)", arg);
		return -1;
	}
	if (reading && !weir_fmt_readable(f)) {
		weir_note("cannot read format '%s' (readable: csv, tsv, "
		    "ndjson, json)", arg);
		return -1;
	}
	*out = f;
	return 0;
}

int
weir_cli_option(struct weir_cli *c, int ch, const char *arg)
{
	switch (ch) {
	case 'h':
		c->help = 1;
		return 0;
	case 'q':
		weir_quiet = 1;
		return 0;
	case 'v':
		weir_verbose = 1;
		return 0;
	case 'z':
		c->gzip = 1;
		return 0;
	case 'd':
		return parse_delim(arg, "--delimiter", &c->delim);
	case WEIR_OPT_OUT_DELIM:
		return parse_delim(arg, "--out-delimiter", &c->out_delim);
	case 'f':
		return parse_fmt(arg, 1, &c->from);
	case 't':
		return parse_fmt(arg, 0, &c->to);
	case 'o':
		c->output = arg;
		return 0;
	case WEIR_OPT_BAD_ROWS:
		c->bad_rows = arg;
		return 0;
	case WEIR_OPT_AUDIT_LOG:
		weir_lineage_set_log(arg);
		return 0;
	case WEIR_OPT_MAX_BAD:
		return weir_cli_long(arg, 0, 1L << 62, "--max-bad", &c->max_bad);
	case WEIR_OPT_PROGRESS:
		c->progress = 1;
		return 0;
	case WEIR_OPT_VERSION:
		weir_cli_version();
	default:
		return -1;	/* getopt_long has said what was wrong */
	}
}

void
weir_exit_flush(int code)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		weir_check_pipe(errno);
		weir_die(EX_IOERR, "write to standard output: %s",
		    strerror(errno));
	}
	weir_exit(code);
}

void
weir_cli_version(void)
{
	printf("%s %s\n", weir_prog(), WEIR_VERSION);
	weir_exit_flush(0);
}

int
weir_cli_check_paths(const struct weir_cli *c, const char *const *inputs,
    size_t n)
{
	size_t i;

	if (weir_path_same(c->output, c->bad_rows)) {
		weir_note("-o and --bad-rows name the same file '%s'",
		    c->output);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (weir_path_same(c->output, inputs[i])) {
			weir_note("-o names the input '%s'; write elsewhere, "
			    "then rename", inputs[i]);
			return -1;
		}
		if (weir_path_same(c->bad_rows, inputs[i])) {
			weir_note("--bad-rows names the input '%s'", inputs[i]);
			return -1;
		}
	}
	return 0;
}

void
weir_cli_usage(int code, const char *synopsis, const char *help)
{
	FILE *fp = code == 0 ? stdout : stderr;

	fputs(synopsis, fp);
	if (code == 0)
		fputs(help, fp);
	else
		fprintf(fp, "Try '%s --help'.\n", weir_prog());
	weir_exit_flush(code);
}

int
weir_cli_long(const char *arg, long min, long max, const char *what, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno == ERANGE || v < min ||
	    v > max) {
		weir_note("%s needs a whole number from %ld to %ld, not '%s'",
		    what, min, max, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int
weir_cli_choice(const char *opt, const char *arg, const char *const *words,
    int n)
{
	struct weir_buf b = WEIR_BUF_INIT;
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	for (i = 0; i < n; i++)
		weir_buf_addf(&b, "%s%s", i == 0 ? "" : i == n - 1 ? " or " :
		    ", ", words[i]);
	weir_note("%s is %s, not '%s'", opt, b.p, arg);
	weir_buf_release(&b);
	return -1;
}

int
weir_cli_size(const char *arg, size_t min, const char *what, size_t *out)
{
	unsigned long long v = 0, mul = 1;
	const char *p = arg;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (ULLONG_MAX - 9) / 10)
			goto bad;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (p == arg)
		goto bad;
	switch (*p) {
	case 'k': case 'K': mul = 1ULL << 10; p++; break;
	case 'm': case 'M': mul = 1ULL << 20; p++; break;
	case 'g': case 'G': mul = 1ULL << 30; p++; break;
	}
	if (*p == 'B' || (*p == 'b' && mul > 1))
		p++;
	if (*p != '\0' || v > SIZE_MAX / mul || v * mul < min)
		goto bad;
	*out = (size_t)(v * mul);
	return 0;
bad:
	weir_note("%s needs a size in bytes of at least %zuK, such as 64K, "
	    "256M or 2G, not '%s'", what, min >> 10, arg);
	return -1;
}

int
weir_cli_real(const char *arg, double min, double max, int open_min,
    const char *what, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (*arg == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v) ||
	    v < min || v > max || (open_min && v == min)) {
		weir_note("%s needs a number %s %g and at most %g, not '%s'",
		    what, open_min ? "above" : "from", min, max, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int
weir_cli_range(const char *arg, const char *what, double *lo, double *hi)
{
	const char *c = strchr(arg, ',');
	char *first;
	int rv;

	if (c == NULL) {
		weir_note("%s %s: give two numbers, A,B", what, arg);
		return -1;
	}
	first = weir_xmemdup(arg, (size_t)(c - arg));
	rv = weir_cli_real(first, -HUGE_VAL, HUGE_VAL, 0, what, lo);
	free(first);
	if (rv == -1 || weir_cli_real(c + 1, -HUGE_VAL, HUGE_VAL, 0, what,
	    hi) == -1)
		return -1;
	if (!(*lo < *hi)) {
		weir_note("%s %s: the lower bound comes first and is below the "
		    "upper", what, arg);
		return -1;
	}
	return 0;
}
