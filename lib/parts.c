#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parts.h"
#include "stream.h"

struct job {
	const struct weir_source	*src;
	const struct weir_parts_fn	*fn;
	struct weir_part		 part;
	void				*state;
	struct weir_reader		*r;
	pthread_t			 th;
	int				 started;
	int				 failed;	/* read it again */
	const int			*stop;
};

/* A later part on its own thread: any bad record or error, and it stops. */
static void *
work(void *arg)
{
	struct job *j = arg;
	const struct weir_rec *rec;
	void (*add)(void *, const struct weir_header *,
	    const struct weir_rec *);
	const struct weir_header *h;
	struct weir_reader *r;
	struct weir_err e;
	unsigned long n;
	void *state;
	int rv;

	memset(&e, 0, sizeof(e));
	j->r = weir_reader_open_part(j->src->r, j->part.start, j->part.end,
	    j->part.line, &e);
	if (j->r == NULL) {
		j->failed = 1;
		return NULL;
	}
	/* nothing of the job is read per record: the caller's stack is near */
	r = j->r;
	h = weir_reader_header(r);
	add = j->fn->add;
	state = j->state;
	/*
	 * The flag is looked at once in 4096 records: its cache line is the
	 * calling thread's, and a load per record made them fight over it.
	 */
	for (n = 1; (rv = weir_reader_next(r, &rec, &e)) == 1; n++) {
		add(state, h, rec);
		if ((n & 4095) == 0 &&
		    __atomic_load_n(j->stop, __ATOMIC_RELAXED))
			break;
	}
	if (rv != 0)
		j->failed = 1;
	return NULL;
}

/* A part read again on the calling thread, through src's bad-row policy. */
static int
again(struct weir_source *src, struct job *j, struct weir_err *e)
{
	struct weir_source s;
	const struct weir_rec *rec;
	int rv;

	j->fn->drop(j->state);
	j->state = j->fn->make(j->fn->arg);
	memset(&s, 0, sizeof(s));
	s.bad = src->bad;
	if ((s.r = weir_reader_open_part(src->r, j->part.start, j->part.end,
	    j->part.line, e)) == NULL)
		return -1;
	while ((rv = weir_source_next(&s, &rec, e)) == 1)
		j->fn->add(j->state, weir_reader_header(s.r), rec);
	weir_reader_absorb(src->r, s.r);
	weir_source_release(&s);
	return rv;
}

/* The parts of src's file, or 1 when it is not to be cut. */
static int
plan(struct weir_source *src, size_t threads, struct weir_part *part,
    struct weir_err *e)
{
	struct weir_in *in = weir_reader_in(src->r);
	int fmt = weir_reader_format(src->r);
	struct stat st;
	int n;

	if (threads < 2 || src->spill != NULL || src->xf.fn != NULL ||
	    src->prog.on || in->gzip || strcmp(in->name, "-") == 0 ||
	    (fmt != WEIR_F_CSV && fmt != WEIR_F_TSV) ||
	    fstat(in->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < 2 * (uint64_t)WEIR_PART_MIN)
		return 1;
	n = weir_split_plan(in->fd, (uint64_t)st.st_size,
	    fmt == WEIR_F_CSV ? '"' : 0, threads, WEIR_PART_MIN, part, e);
	if (n > 1 && weir_reader_limit(src->r, part[0].end) == -1)
		return 1;
	return n;
}

int
weir_parts_read(struct weir_source *src, size_t threads,
    const struct weir_parts_fn *fn, void *states[WEIR_PARTS_MAX],
    struct weir_err *e)
{
	struct weir_part part[WEIR_PARTS_MAX];
	struct job job[WEIR_PARTS_MAX];
	const struct weir_rec *rec;
	int n, k, rv, stop = 0;

	if ((n = plan(src, threads, part, e)) <= 1)
		return n == -1 ? -1 : 0;
	memset(job, 0, sizeof(job));
	for (k = 1; k < n; k++) {
		job[k].src = src;
		job[k].fn = fn;
		job[k].part = part[k];
		job[k].stop = &stop;
		job[k].state = fn->make(fn->arg);
		/* failed is the thread's once it runs: set only if it does not */
		if (!(job[k].started = pthread_create(&job[k].th, NULL, work,
		    &job[k]) == 0))
			job[k].failed = 1;
	}
	job[0].state = fn->make(fn->arg);
	while ((rv = weir_source_next(src, &rec, e)) == 1)
		fn->add(job[0].state, weir_source_header(src), rec);
	if (rv == 0)
		rv = weir_in_drain(weir_reader_in(src->r), e);
	if (rv == -1)
		__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (k = 1; k < n; k++) {
		if (job[k].started)
			pthread_join(job[k].th, NULL);
		if (rv != -1 && job[k].failed)
			rv = again(src, &job[k], e);
		else if (rv != -1)
			weir_reader_absorb(src->r, job[k].r);
		weir_reader_free(job[k].r);
	}
	for (k = 0; k < n; k++)
		if (rv == -1)
			fn->drop(job[k].state);
		else
			states[k] = job[k].state;
	return rv == -1 ? -1 : n;
}

size_t
weir_parts_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > WEIR_PARTS_MAX ? WEIR_PARTS_MAX : (size_t)n;
}
