#include "source.h"

int
weir_source_next(struct weir_source *s, const struct weir_rec **rec,
    struct weir_err *e)
{
	int rv;

	if (s->spill != NULL)
		return weir_spill_next(s->spill, rec, e);
	while ((rv = weir_reader_next(s->r, rec, e)) == WEIR_BAD)
		if (weir_bad_put(s->bad, weir_reader_bad(s->r), e) == -1)
			return -1;
	if (rv == 1)
		weir_progress_tick(&s->prog, weir_reader_in(s->r)->raw_bytes);
	return rv;
}

int
weir_source_spill(struct weir_source *s, struct weir_err *e)
{
	const struct weir_rec *rec;
	int rv;

	if ((s->spill = weir_spill_new(e)) == NULL)
		return -1;
	for (;;) {
		while ((rv = weir_reader_next(s->r, &rec, e)) == WEIR_BAD)
			if (weir_bad_put(s->bad, weir_reader_bad(s->r), e) == -1)
				return -1;
		if (rv != 1)
			break;
		weir_progress_tick(&s->prog, weir_reader_in(s->r)->raw_bytes);
		if (weir_spill_put(s->spill, rec, e) == -1)
			return -1;
	}
	return rv == -1 ? -1 : weir_spill_rewind(s->spill, e);
}

void
weir_source_release(struct weir_source *s)
{
	weir_progress_done(&s->prog);
	weir_spill_free(s->spill);
	s->spill = NULL;
}
