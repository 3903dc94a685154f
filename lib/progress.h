/*
 * progress.h - a progress line on stderr, only when stderr is a terminal
 * (or --progress), never with -q.  weir_progress_tick() is cheap enough to
 * call for every record: it looks at the clock every 4096 calls.
 */
#ifndef WEIR_PROGRESS_H
#define WEIR_PROGRESS_H

#include <stdint.h>

struct weir_progress {
	int		on;
	unsigned long	records;
	double		last;
	double		start;
	int		shown;
	int		tty;	/* redraw one line; otherwise a line each */
};

void	weir_progress_init(struct weir_progress *, int force);
void	weir_progress_tick_(struct weir_progress *, uint64_t bytes);
void	weir_progress_done(struct weir_progress *);

static inline void
weir_progress_tick(struct weir_progress *p, uint64_t bytes)
{
	if (p->on && (++p->records & 4095) == 0)
		weir_progress_tick_(p, bytes);
}

#endif
