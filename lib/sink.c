#include <string.h>

#include "sink.h"

static int
open_sink(struct weir_sink *k, const struct weir_cli *c, int raw,
    struct weir_err *e)
{
	memset(k, 0, sizeof(*k));
	if (weir_bad_init(&k->bad, c->bad_rows, c->max_bad, e) == -1)
		return -1;
	k->have_bad = 1;
	if ((raw ? weir_out_open_raw(&k->out, c->output, 0, e) :
	    weir_out_open(&k->out, c->output, c->gzip, 0, e)) == -1) {
		weir_sink_abort(k);
		return -1;
	}
	k->have_out = 1;
	return 0;
}

int
weir_sink_open(struct weir_sink *k, const struct weir_cli *c,
    struct weir_err *e)
{
	return open_sink(k, c, 0, e);
}

int
weir_sink_open_raw(struct weir_sink *k, const struct weir_cli *c,
    struct weir_err *e)
{
	return open_sink(k, c, 1, e);
}

void
weir_sink_wopts(struct weir_wopts *wo, const struct weir_cli *c, int in_fmt)
{
	memset(wo, 0, sizeof(*wo));
	wo->fmt = c->to != WEIR_F_AUTO ? c->to : in_fmt;
	/* -d is the input's: records between programs stay RFC 4180. */
	wo->delim = c->out_delim;
}

int
weir_sink_start(struct weir_sink *k, const struct weir_wopts *wo,
    const struct weir_header *h, struct weir_err *e)
{
	k->out.records = 0;
	k->w = weir_writer_new(&k->out, wo, h, e);
	return k->w == NULL ? -1 : 0;
}

int
weir_sink_put(struct weir_sink *k, const struct weir_rec *rec,
    struct weir_err *e)
{
	int rv = weir_writer_put(k->w, rec, e);

	if (rv == 0)
		k->out.records++;
	if (rv == WEIR_BAD)
		return weir_bad_put(&k->bad, weir_writer_bad(k->w), e);
	return rv == 0 ? 0 : -1;
}

int
weir_sink_pump(struct weir_sink *k, struct weir_source *in,
    struct weir_err *e)
{
	const struct weir_rec *rec;
	int rv;

	while ((rv = weir_source_next(in, &rec, e)) == 1)
		if (weir_sink_put(k, rec, e) == -1)
			return -1;
	return rv;
}

int
weir_sink_commit(struct weir_sink *k, struct weir_err *e)
{
	if (k->w != NULL && weir_writer_close(k->w, e) == -1)
		goto fail;
	k->have_out = 0;
	if (weir_out_commit(&k->out, e) == -1)
		goto fail;
	k->have_bad = 0;
	if (weir_bad_finish(&k->bad, e) == -1)
		goto fail;
	weir_writer_free(k->w);
	k->w = NULL;
	return 0;
fail:
	weir_sink_abort(k);
	return -1;
}

void
weir_sink_abort(struct weir_sink *k)
{
	if (k->have_out)
		weir_out_abort(&k->out);
	k->have_out = 0;
	if (k->have_bad)
		weir_bad_abort(&k->bad);
	k->have_bad = 0;
	weir_writer_free(k->w);
	k->w = NULL;
}

int
weir_sink_finish(struct weir_sink *k, struct weir_source *in,
    struct weir_err *e)
{
	if (in != NULL)
		weir_source_done(in);
	return weir_sink_commit(k, e);
}

void
weir_sink_close(struct weir_sink *k, struct weir_source *in)
{
	weir_sink_abort(k);
	if (in != NULL)
		weir_source_release(in);
}
