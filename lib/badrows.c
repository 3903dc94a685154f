#include <stdio.h>
#include <string.h>

#include "badrows.h"
#include "mem.h"
#include "reader.h"

static const char header[] = "source,line,column,reason,record\n";

int
weir_bad_init(struct weir_bad *b, const char *path, long max,
    struct weir_err *e)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->max = max;
	if (path == NULL)
		return 0;
	if (weir_out_open(&b->out, path, 0, 0, e) == -1)
		return -1;
	b->open = 1;
	return weir_out_write(&b->out, header, sizeof(header) - 1);
}

int
weir_bad_put(struct weir_bad *b, const struct weir_badrec *r,
    struct weir_err *e)
{
	struct weir_field f[5];
	struct weir_buf line = WEIR_BUF_INIT;
	char num[32];
	int rv;

	b->count++;
	if (!b->open) {
		/* --max-bad without a file: say what is skipped, on stderr. */
		if (b->max <= 0)
			return -1;	/* e already names the record */
		if (b->count > (unsigned long)b->max) {
			char why[sizeof(e->msg)];

			snprintf(why, sizeof(why), "%s", e->msg);
			return weir_errf(e, EX_DATAERR, "more than %ld bad "
			    "records (--max-bad); the last: %s", b->max, why);
		}
		weir_note("%s (skipped)", e->msg);
		return 0;
	}
	if (b->max >= 0 && b->count > (unsigned long)b->max) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		return weir_errf(e, EX_DATAERR, "more than %ld bad records "
		    "(--max-bad); the last: %s", b->max, why);
	}
	snprintf(num, sizeof(num), "%lu", r->line);
	memset(f, 0, sizeof(f));
	f[0].s = r->src ? r->src : "-";
	f[1].s = num;
	f[2].s = r->column ? r->column : "";
	f[3].s = r->reason;
	f[4].s = r->raw ? r->raw : "";
	f[4].len = r->raw ? r->rawlen : 0;
	f[0].len = strlen(f[0].s);
	f[1].len = strlen(f[1].s);
	f[2].len = strlen(f[2].s);
	f[3].len = strlen(f[3].s);
	weir_csv_encode_fields(&line, f, 5, ',');
	weir_buf_addc(&line, '\n');
	rv = weir_out_write(&b->out, line.p, line.len);
	weir_buf_release(&line);
	if (rv == -1) {
		*e = b->out.err;
		return -1;
	}
	return 0;
}

int
weir_bad_finish(struct weir_bad *b, struct weir_err *e)
{
	if (!b->open) {
		if (b->count > 0)
			weir_note("%lu bad record%s skipped", b->count,
			    b->count == 1 ? "" : "s");
		return 0;
	}
	b->open = 0;
	if (weir_out_commit(&b->out, e) == -1)
		return -1;
	if (b->count > 0)
		weir_note("%lu bad record%s written to '%s'", b->count,
		    b->count == 1 ? "" : "s", b->path);
	return 0;
}

void
weir_bad_abort(struct weir_bad *b)
{
	if (b->open)
		weir_out_abort(&b->out);
	b->open = 0;
}
