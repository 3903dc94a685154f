#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parts.h"
#include "stream.h"

struct job {
	void			*state;
	struct weir_reader	*r;
	int			 done;
	int			 failed;	/* read it again */
};

/*
 * What the threads share, under mu: the parts as the plan finds them
 * (known of them are whole), the next part to take, the parts done.
 */
struct pool {
	pthread_mutex_t			 mu;
	pthread_cond_t			 cv;
	struct weir_source		*src;
	const struct weir_parts_fn	*fn;
	struct weir_part		 part[WEIR_PARTS_MAX];
	struct job			 job[WEIR_PARTS_MAX];
	int				 known;
	int				 n;	/* parts; final once planned */
	int				 planned;
	int				 next;
	int				 merged;	/* parts merged into 0 */
	int				 window;	/* taken ahead of merged */
	int				 stop;
};

/* A part of its own reader: any bad record or error, and it stops. */
static void
run(struct pool *p, int k)
{
	struct job *j = &p->job[k];
	const struct weir_part *pt = &p->part[k];
	const struct weir_header *h;
	const struct weir_rec *rec;
	struct weir_err e;
	unsigned long n;
	int rv;

	memset(&e, 0, sizeof(e));
	j->state = p->fn->make(p->fn->arg);
	if ((j->r = weir_reader_open_part(p->src->r, pt->start, pt->end,
	    pt->line, &e)) == NULL) {
		j->failed = 1;
		return;
	}
	h = weir_reader_header(j->r);
	for (n = 1; (rv = weir_reader_next(j->r, &rec, &e)) == 1; n++) {
		p->fn->add(j->state, h, rec);
		if ((n & 4095) == 0 && __atomic_load_n(&p->stop,
		    __ATOMIC_RELAXED))
			break;
	}
	if (rv != 0)
		j->failed = 1;
}

/*
 * The next part whose bounds are known, or -1 when none is left.  A part
 * is not taken too far ahead of the merging: a slow part would otherwise
 * leave every state after it alive, waiting.
 */
static int
take(struct pool *p, int wait)
{
	int k = -1;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->stop || (p->planned && p->next >= p->n))
			break;
		if (p->next < p->known && p->next < p->merged + p->window) {
			k = p->next++;
			break;
		}
		if (!wait)
			break;
		pthread_cond_wait(&p->cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return k;
}

static void
finish(struct pool *p, int k)
{
	pthread_mutex_lock(&p->mu);
	p->job[k].done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	int k;

	while ((k = take(p, 1)) != -1) {
		run(p, k);
		finish(p, k);
	}
	return NULL;
}

/* The plan found part k whole: a thread may take it. */
static void
found(void *arg, size_t k, const struct weir_part *part)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->mu);
	p->part[k] = *part;
	p->known = (int)k + 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* A part read again on the calling thread, through src's bad-row policy. */
static int
again(struct pool *p, int k, struct weir_err *e)
{
	struct weir_source s;
	const struct weir_rec *rec;
	struct job *j = &p->job[k];
	int rv;

	p->fn->drop(j->state);
	j->state = p->fn->make(p->fn->arg);
	memset(&s, 0, sizeof(s));
	s.bad = p->src->bad;
	if ((s.r = weir_reader_open_part(p->src->r, p->part[k].start,
	    p->part[k].end, p->part[k].line, e)) == NULL)
		return -1;
	while ((rv = weir_source_next(&s, &rec, e)) == 1)
		p->fn->add(j->state, weir_reader_header(s.r), rec);
	weir_reader_absorb(p->src->r, s.r);
	weir_source_release(&s);
	return rv;
}

/*
 * On the calling thread once part 0 is read: the parts merged into it in
 * order, each as soon as it is done (so few states live at once), and
 * parts no thread has taken yet read here meanwhile.
 */
static int
gather(struct pool *p, struct weir_err *e)
{
	struct job *j;
	int k = 1, t, done;

	while (k < p->n) {
		pthread_mutex_lock(&p->mu);
		done = p->job[k].done;
		pthread_mutex_unlock(&p->mu);
		if (!done) {
			if ((t = take(p, 0)) != -1) {
				run(p, t);
				finish(p, t);
				continue;
			}
			pthread_mutex_lock(&p->mu);
			while (!p->job[k].done)
				pthread_cond_wait(&p->cv, &p->mu);
			pthread_mutex_unlock(&p->mu);
		}
		j = &p->job[k];
		if (j->failed && again(p, k, e) == -1)
			return -1;
		if (!j->failed)
			weir_reader_absorb(p->src->r, j->r);
		weir_reader_free(j->r);
		j->r = NULL;
		p->fn->merge(p->job[0].state, j->state);
		p->fn->drop(j->state);
		j->state = NULL;
		pthread_mutex_lock(&p->mu);
		p->merged = ++k;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return 0;
}

/* How many parts: one a sz->size, two at least, WEIR_PARTS_MAX at most. */
static size_t
parts_for(uint64_t size, const struct weir_parts_size *sz)
{
	uint64_t n = size / sz->size;

	return n < 2 ? 2 : n > WEIR_PARTS_MAX ? WEIR_PARTS_MAX : (size_t)n;
}

/* Whether src is a file to read in parts, and its size. */
static int
splittable(struct weir_source *src, uint64_t min, uint64_t *size)
{
	struct weir_in *in = weir_reader_in(src->r);
	int fmt = weir_reader_format(src->r);
	struct stat st;

	if (src->spill != NULL || src->xf.fn != NULL || src->prog.on ||
	    in->gzip || strcmp(in->name, "-") == 0 ||
	    (fmt != WEIR_F_CSV && fmt != WEIR_F_TSV &&
	    fmt != WEIR_F_NDJSON) ||
	    fstat(in->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < 2 * min ||
	    /* the first part ends past its first min bytes: set it there */
	    weir_in_limit(in, min) == -1)
		return 0;
	*size = (uint64_t)st.st_size;
	return 1;
}

int
weir_parts_read(struct weir_source *src, size_t threads,
    const struct weir_parts_size *sz, const struct weir_parts_fn *fn,
    void **state, struct weir_err *e)
{
	struct weir_in *in = weir_reader_in(src->r);
	pthread_t th[WEIR_PARTS_MAX];
	const struct weir_rec *rec;
	struct pool *p;
	uint64_t size;
	size_t nth = 0, i;
	int n, k, rv;

	if (!splittable(src, sz->min, &size))
		return 0;
	p = weir_xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->src = src;
	p->fn = fn;
	p->next = 1;		/* part 0 is src's, read here */
	p->merged = 1;
	p->window = 2 * (int)(threads < WEIR_PARTS_MAX ? threads :
	    WEIR_PARTS_MAX);
	/* the threads take parts as the plan finds them */
	for (i = 1; i < threads && i < WEIR_PARTS_MAX; i++)
		if (pthread_create(&th[nth], NULL, worker, p) == 0)
			nth++;
	/* a quote protects a newline in CSV only (not TSV, not NDJSON) */
	n = weir_split_plan(in->fd, size, weir_reader_format(src->r) ==
	    WEIR_F_CSV ? '"' : 0, parts_for(size, sz), sz->min, p->part,
	    found, p, e);
	pthread_mutex_lock(&p->mu);
	p->planned = 1;
	p->n = n < 1 ? 1 : n;
	__atomic_store_n(&p->stop, n == -1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	/*
	 * The cut is past the first megabyte, the reader is not.  No cut
	 * (a lone CR, a quoted field to the end): read as usual, returning 0.
	 */
	rv = n == -1 ? -1 : 0;
	if (rv == 0)
		weir_in_limit(in, p->part[0].end);
	if (rv == 0 && n > 1) {
		p->job[0].state = fn->make(fn->arg);
		while ((rv = weir_source_next(src, &rec, e)) == 1)
			fn->add(p->job[0].state, weir_source_header(src), rec);
		if (rv == 0)
			rv = weir_in_drain(in, e);
		if (rv == 0)
			rv = gather(p, e);
	}
	if (rv == -1) {
		pthread_mutex_lock(&p->mu);
		__atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	for (k = 0; k < WEIR_PARTS_MAX; k++) {
		weir_reader_free(p->job[k].r);
		if (p->job[k].state != NULL && (rv == -1 || k > 0))
			fn->drop(p->job[k].state);
	}
	*state = rv == 0 ? p->job[0].state : NULL;	/* NULL: not cut */
	if (rv == 0 && n > 1)
		rv = n;
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	return rv;
}

size_t
weir_parts_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > WEIR_PARTS_MAX ? WEIR_PARTS_MAX : (size_t)n;
}
