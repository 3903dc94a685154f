#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "pii.h"
#include "scan.h"

struct scol {
	unsigned long	values;
	unsigned long	kind[WEIR_PII_N];
};

struct weir_scan {
	const struct weir_header	*h;
	struct scol			*col;
	size_t				 ncol;
};

struct weir_scan *
weir_scan_new(const struct weir_header *h)
{
	struct weir_scan *s = weir_xcalloc(1, sizeof(*s));

	s->h = h;
	return s;
}

void
weir_scan_add(struct weir_scan *s, const struct weir_rec *r)
{
	size_t i;
	unsigned bits;
	int k;

	if (s->ncol < s->h->n) {	/* JSON headers grow */
		s->col = weir_xreallocarray(s->col, s->h->n, sizeof(*s->col));
		memset(s->col + s->ncol, 0, (s->h->n - s->ncol) *
		    sizeof(*s->col));
		s->ncol = s->h->n;
	}
	for (i = 0; i < r->n; i++) {
		const struct weir_field *f = &r->f[i];

		if (f->len == 0 || f->type == WEIR_NULL || f->col >= s->ncol)
			continue;
		s->col[f->col].values++;
		bits = weir_pii_classify(f->s, f->len);
		for (k = 0; k < WEIR_PII_N; k++)
			if (bits & 1u << k)
				s->col[f->col].kind[k]++;
	}
}

/* The kind most values are, if half or more are; else -1. */
static int
main_kind(const struct scol *c)
{
	int k, best = -1;

	for (k = 0; k < WEIR_PII_N; k++)
		if (c->values > 0 && 2 * c->kind[k] >= c->values &&
		    (best < 0 || c->kind[k] > c->kind[best]))
			best = k;
	return best;
}

size_t
weir_scan_report(const struct weir_scan *s, FILE *fp, int json,
    const unsigned char *covered)
{
	static const struct scol none;
	struct weir_buf b = WEIR_BUF_INIT;
	size_t i, bad = 0;
	int k;

	if (json)
		fputs("[\n", fp);
	else
		fprintf(fp, "%-20s %8s  %-6s %5s  %-8s %s\n", "column", "values",
		    "looks", "share", "name", "covered");
	for (i = 0; i < s->h->n; i++) {
		const struct scol *c = i < s->ncol ? &s->col[i] : &none;
		const char *hint = weir_pii_name_hint(s->h->name[i]);
		int mk = main_kind(c), personal = mk >= 0 || hint != NULL;
		double share = mk >= 0 ? 100.0 * (double)c->kind[mk] /
		    (double)c->values : 0;

		bad += personal && !covered[i];
		if (!json) {
			fprintf(fp, "%-20s %8lu  %-6s %4.0f%%  %-8s %s\n",
			    s->h->name[i], c->values, mk >= 0 ?
			    weir_pii_name(mk) : "-", share, hint ? hint : "-",
			    covered[i] ? "yes" : personal ? "NO" : "-");
			continue;
		}
		weir_buf_reset(&b);
		weir_json_put_string(&b, s->h->name[i], s->h->len[i]);
		fprintf(fp, "  {\"column\": %s, \"values\": %lu, \"kinds\": {",
		    b.p, c->values);
		for (k = 0; k < WEIR_PII_N; k++)
			fprintf(fp, "%s\"%s\": %lu", k ? ", " : "",
			    weir_pii_name(k), c->kind[k]);
		fprintf(fp, "}, \"name_hint\": %s%s%s, \"personal\": %s, "
		    "\"covered\": %s}%s\n", hint ? "\"" : "",
		    hint ? hint : "null", hint ? "\"" : "",
		    personal ? "true" : "false", covered[i] ? "true" : "false",
		    i + 1 < s->h->n ? "," : "");
	}
	if (json)
		fputs("]\n", fp);
	weir_buf_release(&b);
	return bad;
}

void
weir_scan_free(struct weir_scan *s)
{
	if (s == NULL)
		return;
	free(s->col);
	free(s);
}

int
weir_scan_run(struct weir_source *in, int json, const unsigned char *covered,
    size_t *uncovered, struct weir_err *e)
{
	struct weir_scan *s = weir_scan_new(weir_source_header(in));
	const struct weir_rec *r;
	int rv;

	while ((rv = weir_source_next(in, &r, e)) == 1)
		weir_scan_add(s, r);
	if (rv == -1) {
		weir_scan_free(s);
		return -1;
	}
	weir_source_done(in);
	*uncovered = weir_scan_report(s, stdout, json, covered);
	weir_scan_free(s);
	if (fflush(stdout) == EOF)
		return weir_errnof(e, EX_IOERR, errno, "standard output");
	return 0;
}
