#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "mem.h"

static void
push(size_t **cols, size_t *n, size_t *cap, size_t c)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*cols = weir_xreallocarray(*cols, *cap, sizeof(**cols));
	}
	(*cols)[(*n)++] = c;
}

static int
parse_index(const char *s, size_t *out)
{
	size_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || v > 100000000)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static void
list_columns(struct weir_buf *b, const struct weir_header *h)
{
	size_t i;

	for (i = 0; i < h->n && b->len < 200; i++)
		weir_buf_addf(b, "%s%s", i ? ", " : "", h->name[i]);
	if (i < h->n)
		weir_buf_adds(b, ", ...");
}

int
weir_cols_unknown(struct weir_err *e, const struct weir_header *h,
    const char *name, size_t len, const char *what)
{
	struct weir_buf names = WEIR_BUF_INIT;

	list_columns(&names, h);
	weir_errf(e, EX_USAGE, "unknown column '%.*s' in %s (columns: %s)",
	    (int)len, name, what, names.len ? names.p : "none");
	weir_buf_release(&names);
	return -1;
}

int
weir_cols_item(const char **p, struct weir_buf *item)
{
	const char *s = *p;

	if (s == NULL)
		return 0;
	weir_buf_reset(item);
	weir_buf_grow(item, 1);
	for (; *s && *s != ','; s++) {
		if (*s == '\\' && s[1] == ',')
			s++;
		weir_buf_addc(item, *s);
	}
	*p = *s ? s + 1 : NULL;
	return 1;
}

int
weir_cols_parse(const char *list, const struct weir_header *h,
    const char *what, size_t **cols, size_t *ncols, struct weir_err *e)
{
	struct weir_buf item = WEIR_BUF_INIT;
	const char *p = list;
	size_t n = 0, cap = 0, a, b, k;
	char *dash;
	long c;
	int rv = -1;

	*cols = NULL;
	while (weir_cols_item(&p, &item)) {
		if ((c = weir_header_find(h, item.p, item.len)) >= 0)
			push(cols, &n, &cap, (size_t)c);
		else if (parse_index(item.p, &a) == 0) {
			if (a < 1 || a > h->n)
				goto range;
			push(cols, &n, &cap, a - 1);
		} else if ((dash = strchr(item.p, '-')) != NULL) {
			*dash = '\0';
			if (parse_index(item.p, &a) == -1 ||
			    (dash[1] != '\0' && parse_index(dash + 1, &b) == -1)) {
				*dash = '-';
				goto unknown;
			}
			if (dash[1] == '\0')
				b = h->n;
			if (a < 1 || a > h->n || b < a || b > h->n) {
				*dash = '-';
				goto range;
			}
			for (k = a; k <= b; k++)
				push(cols, &n, &cap, k - 1);
		} else
			goto unknown;
	}
	*ncols = n;
	rv = 0;
	goto out;
range:
	weir_errf(e, EX_USAGE, "%s: column %s is out of range (there are %zu "
	    "columns)", what, item.p, h->n);
	goto out;
unknown:
	weir_cols_unknown(e, h, item.p, item.len, what);
out:
	if (rv == -1) {
		free(*cols);
		*cols = NULL;
	}
	weir_buf_release(&item);
	return rv;
}

void
weir_proj_init(struct weir_proj *p, const size_t *src, size_t n)
{
	memset(p, 0, sizeof(*p));
	p->src = weir_xcalloc(n ? n : 1, sizeof(*p->src));
	memcpy(p->src, src, n * sizeof(*src));
	p->n = n;
}

const struct weir_rec *
weir_proj_apply(struct weir_proj *p, const struct weir_rec *in)
{
	size_t i, need = 0;

	for (i = 0; i < in->n; i++)
		if (in->f[i].col >= need)
			need = in->f[i].col + 1;
	if (need > p->nslot) {
		p->slot = weir_xreallocarray(p->slot, need, sizeof(long));
		for (i = p->nslot; i < need; i++)
			p->slot[i] = -1;
		p->nslot = need;
	}
	for (i = 0; i < in->n; i++)
		p->slot[in->f[i].col] = (long)i;
	p->rec.n = 0;
	p->rec.src = in->src;
	p->rec.line = in->line;
	for (i = 0; i < p->n; i++) {
		size_t s = p->src[i];
		const struct weir_field *f;

		if (s == WEIR_NOCOL || s >= p->nslot || p->slot[s] < 0)
			continue;
		f = &in->f[p->slot[s]];
		weir_rec_push(&p->rec, f->s, f->len, i, f->type);
	}
	for (i = 0; i < in->n; i++)
		p->slot[in->f[i].col] = -1;
	return &p->rec;
}

void
weir_proj_release(struct weir_proj *p)
{
	free(p->src);
	free(p->slot);
	weir_rec_release(&p->rec);
	memset(p, 0, sizeof(*p));
}

void
weir_remap_init(struct weir_remap *x)
{
	memset(x, 0, sizeof(*x));
	weir_header_init(&x->to);
}

void
weir_remap_restart(struct weir_remap *x)
{
	x->nmap = 0;
}

size_t
weir_remap_sync(struct weir_remap *x, const struct weir_header *from)
{
	size_t i, first = x->nmap;

	if (from->n <= x->nmap)
		return first;
	x->map = weir_xreallocarray(x->map, from->n, sizeof(*x->map));
	for (i = x->nmap; i < from->n; i++)
		x->map[i] = weir_header_intern(&x->to, from->name[i],
		    from->len[i]);
	x->nmap = from->n;
	return first;
}

const struct weir_rec *
weir_remap_apply(struct weir_remap *x, const struct weir_header *from,
    const struct weir_rec *in)
{
	size_t i;

	weir_remap_sync(x, from);
	x->rec.n = 0;
	for (i = 0; i < in->n; i++)
		weir_rec_push(&x->rec, in->f[i].s, in->f[i].len,
		    x->map[in->f[i].col], in->f[i].type);
	x->rec.src = in->src;
	x->rec.line = in->line;
	return &x->rec;
}

void
weir_remap_release(struct weir_remap *x)
{
	weir_header_release(&x->to);
	free(x->map);
	weir_rec_release(&x->rec);
	memset(x, 0, sizeof(*x));
}
