#include <string.h>

#include "source.h"

int
weir_source_open(struct weir_source *s, const char *path,
    const struct weir_ropts *ro, struct weir_bad *bad, int progress,
    struct weir_err *e)
{
	memset(s, 0, sizeof(*s));
	s->bad = bad;
	weir_progress_init(&s->prog, progress);
	if ((s->r = weir_reader_open(path, ro, e)) == NULL)
		return -1;
	return 0;
}

void
weir_source_transform(struct weir_source *s, const struct weir_xform *xf)
{
	s->xf = *xf;
}

/* The next record from the reader, bad ones set aside by policy. */
static int
next_read(struct weir_source *s, const struct weir_rec **rec,
    struct weir_err *e)
{
	int rv;

	while ((rv = weir_reader_next(s->r, rec, e)) == WEIR_BAD)
		if (weir_bad_put(s->bad, weir_reader_bad(s->r), e) == -1)
			return -1;
	if (rv == 1)
		weir_progress_tick(&s->prog, weir_reader_in(s->r)->raw_bytes);
	return rv;
}

/* 1 with *out, 0 when the record was set aside, -1 to stop. */
static int
transform(struct weir_source *s, const struct weir_rec *in,
    const struct weir_rec **out, struct weir_err *e)
{
	const struct weir_badrec *bad = NULL;
	int rv;

	rv = s->xf.fn(s->xf.ctx, weir_reader_header(s->r), in, out, &bad, e);
	if (rv == WEIR_BAD)
		return weir_bad_put(s->bad, bad, e) == -1 ? -1 : 0;
	return rv == 0 ? 1 : -1;
}

int
weir_source_next(struct weir_source *s, const struct weir_rec **rec,
    struct weir_err *e)
{
	const struct weir_rec *in;
	int rv;

	for (;;) {
		if (s->spill != NULL)
			rv = weir_spill_next(s->spill, &in, e);
		else
			rv = next_read(s, &in, e);
		if (rv != 1)
			return rv;
		if (s->xf.fn == NULL || (s->spill != NULL && s->xf.early)) {
			*rec = in;
			return 1;
		}
		if ((rv = transform(s, in, rec, e)) != 0)
			return rv;
	}
}

int
weir_source_fix_header(struct weir_source *s, int need, struct weir_err *e)
{
	const struct weir_rec *rec, *t;
	int rv;

	if (!need || weir_reader_fixed(s->r) || s->spill != NULL)
		return 0;
	if ((s->spill = weir_spill_new(e)) == NULL)
		return -1;
	while ((rv = next_read(s, &rec, e)) == 1) {
		if (s->xf.fn != NULL && s->xf.early) {
			if ((rv = transform(s, rec, &t, e)) == -1)
				return -1;
			if (rv == 0)
				continue;
			rec = t;
		}
		if (weir_spill_put(s->spill, rec, e) == -1)
			return -1;
	}
	return rv == -1 ? -1 : weir_spill_rewind(s->spill, e);
}

const struct weir_header *
weir_source_header(const struct weir_source *s)
{
	return weir_reader_header(s->r);
}

int
weir_source_empty(const struct weir_source *s)
{
	if (s->spill != NULL)
		return weir_spill_count(s->spill) == 0;
	return weir_reader_fixed(s->r) && weir_reader_header(s->r)->n == 0;
}

void
weir_source_done(struct weir_source *s)
{
	weir_progress_done(&s->prog);
}

void
weir_source_release(struct weir_source *s)
{
	weir_progress_done(&s->prog);
	weir_spill_free(s->spill);
	s->spill = NULL;
	weir_reader_free(s->r);
	s->r = NULL;
}
