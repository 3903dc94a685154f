#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "schema.h"

static size_t
chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Byte offset of character k of s. */
static size_t
offset(const char *s, size_t len, size_t k)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && k-- == 0)
			return i;
	return len;
}

static int
number(const char *p, size_t *n)
{
	char *end;
	unsigned long v;

	if (*p < '0' || *p > '9')
		return -1;
	v = strtoul(p, &end, 10);
	if (*end != '\0' || v > 1000000)
		return -1;
	*n = v;
	return 0;
}

static int
regex_spec(struct weir_mask *m, const char *spec, struct weir_err *e)
{
	const char *body = spec + 6, *colon = strrchr(body, ':'), *bad;
	char *re, msg[128];
	int rc;

	if (colon == NULL || colon == body)
		return weir_errf(e, EX_USAGE, "--mask %s: regex:ERE:REPLACEMENT",
		    spec);
	re = weir_xmemdup(body, (size_t)(colon - body));
	if ((bad = weir_pattern_hazard(re)) != NULL) {
		free(re);
		return weir_errf(e, EX_USAGE, "--mask %s: the pattern is %s",
		    spec, bad);
	}
	rc = regcomp(&m->re, re, REG_EXTENDED);
	free(re);
	if (rc != 0) {
		regerror(rc, &m->re, msg, sizeof(msg));
		return weir_errf(e, EX_USAGE, "--mask %s: bad pattern: %s",
		    spec, msg);
	}
	m->have_re = 1;
	m->text = weir_xstrdup(colon + 1);
	return 0;
}

int
weir_mask_parse(struct weir_mask *m, const char *spec, struct weir_err *e)
{
	memset(m, 0, sizeof(*m));
	if (strncmp(spec, "keep-first:", 11) == 0 ||
	    strncmp(spec, "keep-last:", 10) == 0) {
		m->kind = spec[5] == 'f' ? WEIR_MASK_KEEP_FIRST :
		    WEIR_MASK_KEEP_LAST;
		if (number(strchr(spec, ':') + 1, &m->n) == -1)
			return weir_errf(e, EX_USAGE, "--mask %s: N must be a "
			    "whole number of characters", spec);
		return 0;
	}
	if (strcmp(spec, "email") == 0) {
		m->kind = WEIR_MASK_EMAIL;
		return 0;
	}
	if (strcmp(spec, "redact") == 0 || strncmp(spec, "redact:", 7) == 0) {
		m->kind = WEIR_MASK_REDACT;
		m->text = weir_xstrdup(spec[6] == ':' ? spec + 7 : "[REDACTED]");
		return 0;
	}
	if (strncmp(spec, "regex:", 6) == 0) {
		m->kind = WEIR_MASK_REGEX;
		return regex_spec(m, spec, e);
	}
	return weir_errf(e, EX_USAGE, "--mask: '%s' is not keep-first:N, "
	    "keep-last:N, email, redact[:TEXT] or regex:ERE:REPLACEMENT", spec);
}

static void
stars(struct weir_buf *out, size_t n)
{
	while (n-- > 0)
		weir_buf_addc(out, '*');
}

/* REPL with \1..\9 from the match in z. */
static void
replace(const struct weir_mask *m, const char *z, const regmatch_t *g,
    struct weir_buf *out)
{
	const char *r;

	for (r = m->text; *r != '\0'; r++) {
		if (*r == '\\' && r[1] >= '1' && r[1] <= '9') {
			const regmatch_t *x = &g[r[1] - '0'];

			if (x->rm_so >= 0)
				weir_buf_add(out, z + x->rm_so,
				    (size_t)(x->rm_eo - x->rm_so));
			r++;
		} else if (*r == '\\' && r[1] == '\\') {
			weir_buf_addc(out, '\\');
			r++;
		} else
			weir_buf_addc(out, *r);
	}
}

static void
regex_apply(const struct weir_mask *m, const char *s, size_t len,
    struct weir_buf *out)
{
	char *z = weir_xmemdup(s, len);		/* regexec wants a C string */
	const char *p = z;
	regmatch_t g[10];
	int flags = 0;

	while (*p != '\0' && regexec(&m->re, p, 10, g, flags) == 0) {
		weir_buf_add(out, p, (size_t)g[0].rm_so);
		replace(m, p, g, out);
		if (g[0].rm_eo == 0) {		/* an empty match: step on */
			weir_buf_addc(out, *p);
			p++;
		} else
			p += g[0].rm_eo;
		flags = REG_NOTBOL;
	}
	weir_buf_adds(out, p);
	free(z);
}

void
weir_mask_apply(const struct weir_mask *m, const char *s, size_t len,
    struct weir_buf *out)
{
	size_t n = chars(s, len), k;
	const char *at;

	weir_buf_reset(out);
	switch (m->kind) {
	case WEIR_MASK_KEEP_FIRST:
		k = m->n < n ? m->n : n;
		weir_buf_add(out, s, offset(s, len, k));
		stars(out, n - k);
		break;
	case WEIR_MASK_KEEP_LAST:
		k = m->n < n ? m->n : n;
		stars(out, n - k);
		weir_buf_add(out, s + offset(s, len, n - k),
		    len - offset(s, len, n - k));
		break;
	case WEIR_MASK_EMAIL:
		at = memchr(s, '@', len);
		if (at == NULL || at == s) {
			weir_buf_adds(out, "***");
			break;
		}
		weir_buf_add(out, s, offset(s, len, 1));
		weir_buf_adds(out, "***");
		weir_buf_add(out, at, len - (size_t)(at - s));
		break;
	case WEIR_MASK_REDACT:
		weir_buf_adds(out, m->text);
		break;
	default:
		regex_apply(m, s, len, out);
	}
}

void
weir_mask_release(struct weir_mask *m)
{
	free(m->text);
	if (m->have_re)
		regfree(&m->re);
	memset(m, 0, sizeof(*m));
}
