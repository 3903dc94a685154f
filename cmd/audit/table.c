/*
 * table.c - the tables the weir-audit commands write for people (profile
 * -t table, drift, model): a fixed header, then rows built a cell at a
 * time, their texts in one buffer the fields point into once a row is put.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "num.h"

int
audit_table_open(struct audit_table *t, const struct weir_cli *cli, int fmt,
    const char *const *cols, size_t ncols, struct weir_err *e)
{
	struct weir_wopts wo;
	size_t i;

	memset(t, 0, sizeof(*t));
	weir_header_init(&t->h);
	for (i = 0; i < ncols; i++)
		weir_header_add(&t->h, cols[i], strlen(cols[i]));
	if (weir_sink_open(&t->out, cli, e) == -1)
		return -1;
	weir_sink_wopts(&wo, cli, fmt);
	return weir_sink_start(&t->out, &wo, &t->h, e);
}

void
audit_table_str(struct audit_table *t, const char *s, size_t len)
{
	weir_buf_add(&t->text, s, len);
	weir_rec_push(&t->rec, NULL, len, t->rec.n, len ? WEIR_STR : WEIR_NULL);
}

void
audit_table_num(struct audit_table *t, double x, int digits)
{
	char s[32];
	int n = 0;

	if (isfinite(x))
		n = digits > 0 ? snprintf(s, sizeof(s), "%.*g", digits, x) :
		    (int)weir_num_format(x, s);
	weir_buf_add(&t->text, s, (size_t)n);
	weir_rec_push(&t->rec, NULL, (size_t)n, t->rec.n, n ? WEIR_NUM :
	    WEIR_NULL);
}

int
audit_table_put(struct audit_table *t, struct weir_err *e)
{
	size_t j, off;
	int rv;

	/* the texts moved as the buffer grew: point at them now */
	for (j = 0, off = 0; j < t->rec.n; j++) {
		t->rec.f[j].s = t->text.p != NULL ? t->text.p + off : "";
		off += t->rec.f[j].len;
	}
	rv = weir_sink_put(&t->out, &t->rec, e);
	t->rec.n = 0;
	weir_buf_reset(&t->text);
	return rv;
}

int
audit_table_finish(struct audit_table *t, struct weir_err *e)
{
	return weir_sink_finish(&t->out, NULL, e);
}

void
audit_table_close(struct audit_table *t)
{
	weir_sink_close(&t->out, NULL);
	weir_header_release(&t->h);
	weir_rec_release(&t->rec);
	weir_buf_release(&t->text);
}
