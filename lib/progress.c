#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "progress.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
weir_progress_init(struct weir_progress *p, int force)
{
	p->tty = isatty(2);
	p->on = !weir_quiet && (force || p->tty);
	p->records = 0;
	p->shown = 0;
	p->start = p->last = p->on ? now() : 0;
}

void
weir_progress_tick_(struct weir_progress *p, uint64_t bytes)
{
	double t = now();

	if (t - p->last < 0.5)
		return;
	p->last = t;
	p->shown = 1;
	fprintf(stderr, "%s%s: %lu records, %.1f MB, %.0f s%s",
	    p->tty ? "\r" : "", weir_prog(), p->records, bytes / 1e6,
	    t - p->start, p->tty ? " " : "\n");
}

void
weir_progress_done(struct weir_progress *p)
{
	if (p->shown && p->tty)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}
