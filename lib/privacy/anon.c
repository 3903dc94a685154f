#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "anon.h"
#include "cols.h"
#include "generalize.h"
#include "lineage.h"
#include "mask.h"
#include "mem.h"
#include "pii.h"
#include "pseudonym.h"

enum op { OP_NONE, OP_PSEUDO, OP_MASK, OP_REDACT, OP_GEN };

/* What happens to one input column, in the fixed order. */
struct acol {
	int		 drop;
	int		 pseudo;
	struct weir_mask mask;
	int		 have_mask;
	unsigned	 redact;	/* pii kinds, as bits */
	struct weir_gen	 gen;
	int		 have_gen;
	int		 defer;		/* generalized by --auto, not here */
	size_t		 out;		/* output column */
};

struct weir_anon {
	const struct weir_anon_opts	*o;
	const struct weir_header	*in;
	struct weir_header		 h;
	struct acol			*col;
	struct weir_pseudo		 ps;
	struct weir_rec			 rec;
	struct weir_arena		 arena;
	struct weir_buf			 tmp, tmp2, raw;
	struct weir_badrec		 bad;
	struct weir_anon_counts		 n;
	unsigned char			*covered;
	size_t				 nin;	/* in may be gone at free */
};

static long
column(struct weir_anon *a, const char *arg, const char *what,
    const char **spec, struct weir_err *e)
{
	const char *eq = strchr(arg, '=');
	long j;

	if (eq == NULL || eq == arg || eq[1] == '\0') {
		weir_errf(e, EX_USAGE, "%s needs COLUMN=SPEC, not '%s'", what,
		    arg);
		return -1;
	}
	*spec = eq + 1;
	if ((j = weir_header_find(a->in, arg, (size_t)(eq - arg))) < 0)
		weir_cols_unknown(e, a->in, arg, (size_t)(eq - arg), what);
	return j;
}

static int
lists(struct weir_anon *a, struct weir_err *e)
{
	const struct weir_anon_opts *o = a->o;
	const char *spec, *p;
	struct weir_buf item = WEIR_BUF_INIT;
	size_t i;
	long j;
	int k;

	for (i = 0; i < o->masks.n; i++) {
		if ((j = column(a, o->masks.v[i], "--mask", &spec, e)) == -1 ||
		    weir_mask_parse(&a->col[j].mask, spec, e) == -1)
			goto fail;
		a->col[j].have_mask = 1;
	}
	for (i = 0; i < o->generalize.n; i++) {
		if ((j = column(a, o->generalize.v[i], "--generalize", &spec,
		    e)) == -1 || weir_gen_parse(&a->col[j].gen, spec, e) == -1)
			goto fail;
		a->col[j].have_gen = 1;
	}
	if (o->defer != NULL) {
		size_t *cols, n;

		if (weir_cols_parse(o->defer, a->in, "--quasi", &cols, &n,
		    e) == -1)
			goto fail;
		for (i = 0; i < n; i++)
			a->col[cols[i]].defer = 1;
		free(cols);
	}
	for (i = 0; i < o->redacts.n; i++) {
		if ((j = column(a, o->redacts.v[i], "--redact", &spec, e)) == -1)
			goto fail;
		p = spec;
		while (weir_cols_item(&p, &item)) {
			if (strcmp(item.p, "ip") == 0) {
				a->col[j].redact |= 1u << WEIR_PII_IPV4 |
				    1u << WEIR_PII_IPV6;
				continue;
			}
			if ((k = weir_pii_kind(item.p)) < 0) {
				weir_errf(e, EX_USAGE, "--redact %s: '%s' is not "
				    "one of email, phone, iban, card, ip, date, "
				    "ssn", o->redacts.v[i], item.p);
				goto fail;
			}
			a->col[j].redact |= 1u << k;
		}
	}
	weir_buf_release(&item);
	return 0;
fail:
	weir_buf_release(&item);
	return -1;
}

static int
pseudonyms(struct weir_anon *a, struct weir_err *e)
{
	const struct weir_anon_opts *o = a->o;
	size_t *cols, n, i;
	char fp[17];

	if (o->pseudonymize == NULL)
		return 0;
	if (o->key_file == NULL)
		return weir_errf(e, EX_USAGE, "--pseudonymize needs --key-file "
		    "(make one with weir anonymize --keygen -o FILE)");
	if (weir_cols_parse(o->pseudonymize, a->in, "--pseudonymize", &cols,
	    &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++)
		a->col[cols[i]].pseudo = 1;
	free(cols);
	if (weir_pseudo_key_load(o->key_file, a->ps.key, e) == -1)
		return -1;
	sodium_mlock(a->ps.key, sizeof(a->ps.key));
	a->ps.domain = o->domain;
	a->ps.fold = o->fold;
	a->ps.length = o->length;
	a->ps.prefix = o->prefix;
	weir_pseudo_fingerprint(a->ps.key, fp);
	weir_lineage_key("pseudonym key (fingerprint)", fp);
	return 0;
}

struct weir_anon *
weir_anon_new(const struct weir_anon_opts *o, const struct weir_header *in,
    struct weir_err *e)
{
	struct weir_anon *a = weir_xcalloc(1, sizeof(*a));
	size_t *cols = NULL, n = 0, i;

	a->o = o;
	a->in = in;
	a->nin = in->n;
	a->col = weir_xcalloc(in->n + 1, sizeof(*a->col));
	weir_header_init(&a->h);
	if (o->drop != NULL) {
		if (weir_cols_parse(o->drop, in, "--drop", &cols, &n, e) == -1)
			goto fail;
		for (i = 0; i < n; i++)
			a->col[cols[i]].drop = 1;
		free(cols);
	}
	if (pseudonyms(a, e) == -1 || lists(a, e) == -1)
		goto fail;
	a->covered = weir_xcalloc(in->n + 1, 1);
	for (i = 0; i < in->n; i++) {
		const struct acol *c = &a->col[i];

		a->covered[i] = c->drop || c->pseudo || c->have_mask ||
		    c->redact != 0 || c->have_gen;
		if (!c->drop)
			a->col[i].out = weir_header_add(&a->h, in->name[i],
			    in->len[i]);
	}
	return a;
fail:
	weir_anon_free(a);
	return NULL;
}

const struct weir_header *
weir_anon_header(const struct weir_anon *a)
{
	return &a->h;
}

static const char *
keep(struct weir_anon *a, const struct weir_buf *b)
{
	return weir_arena_dup(&a->arena, b->p, b->len);
}

int
weir_anon_apply(struct weir_anon *a, const struct weir_rec *in,
    const struct weir_rec **out, const struct weir_badrec **bad,
    struct weir_err *e)
{
	size_t i;
	char why[sizeof(e->msg)];

	weir_arena_reset(&a->arena);
	a->rec.n = 0;
	for (i = 0; i < in->n; i++) {
		const struct weir_field *f = &in->f[i];
		struct acol *c = f->col < a->in->n ? &a->col[f->col] : NULL;
		const char *s = f->s;
		size_t len = f->len;
		int type = f->type;

		if (c == NULL || c->drop)
			continue;
		if (len > 0 && type != WEIR_NULL) {
			if (c->pseudo) {
				weir_pseudo_token(&a->ps, s, len, &a->tmp);
				s = keep(a, &a->tmp), len = a->tmp.len;
				type = type == WEIR_TEXT ? WEIR_TEXT : WEIR_STR;
				a->n.pseudonymized++;
			}
			if (c->have_mask) {
				weir_mask_apply(&c->mask, s, len, &a->tmp);
				s = keep(a, &a->tmp), len = a->tmp.len;
				type = type == WEIR_TEXT ? WEIR_TEXT : WEIR_STR;
				a->n.masked++;
			}
			if (c->redact != 0 && weir_pii_redact(c->redact, s, len,
			    &a->tmp) > 0) {
				s = keep(a, &a->tmp), len = a->tmp.len;
				a->n.redacted++;
			}
			if (c->have_gen && !c->defer && c->gen.level > 0) {
				if (weir_gen_apply(&c->gen, c->gen.level, s,
				    len, &a->tmp, e) == -1) {
					snprintf(why, sizeof(why), "%s", e->msg);
					*bad = &a->bad;
					return weir_bad_rec(&a->bad, &a->raw, e,
					    a->in, in, a->in->name[f->col], "%s",
					    why);
				}
				s = keep(a, &a->tmp), len = a->tmp.len;
				type = type == WEIR_TEXT ? WEIR_TEXT : WEIR_STR;
				a->n.generalized++;
			}
		}
		weir_rec_push(&a->rec, s, len, c->out, type);
	}
	a->rec.src = in->src;
	a->rec.line = in->line;
	*out = &a->rec;
	return 0;
}

const struct weir_gen *
weir_anon_gen(const struct weir_anon *a, size_t out)
{
	size_t i;

	for (i = 0; i < a->in->n; i++)
		if (!a->col[i].drop && a->col[i].out == out)
			return a->col[i].have_gen ? &a->col[i].gen : NULL;
	return NULL;
}

const struct weir_anon_counts *
weir_anon_counts(const struct weir_anon *a)
{
	return &a->n;
}

const unsigned char *
weir_anon_covered(const struct weir_anon *a)
{
	return a->covered;
}

void
weir_anon_free(struct weir_anon *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nin; i++) {
		if (a->col[i].have_mask)
			weir_mask_release(&a->col[i].mask);
		if (a->col[i].have_gen)
			weir_gen_release(&a->col[i].gen);
	}
	free(a->col);
	free(a->covered);
	weir_pseudo_release(&a->ps);
	sodium_memzero(a->ps.key, sizeof(a->ps.key));
	weir_header_release(&a->h);
	weir_rec_release(&a->rec);
	weir_arena_release(&a->arena);
	weir_buf_release(&a->tmp);
	weir_buf_release(&a->tmp2);
	weir_buf_release(&a->raw);
	free(a);
}
