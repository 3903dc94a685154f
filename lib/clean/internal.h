/*
 * internal.h - the pipeline's state, shared by the files of lib/clean/:
 * plan.c builds it from the options, steps.c runs the record steps,
 * stats.c gathers what the second pass needs, run.c moves records
 * through fill, dedup, sort and the output.
 */
#ifndef WEIR_CLEAN_INTERNAL_H
#define WEIR_CLEAN_INTERNAL_H

#include "clean.h"
#include "cols.h"
#include "dedup.h"
#include "extsort.h"
#include "mem.h"
#include "schema.h"
#include "spill.h"
#include "where.h"

enum fill { FILL_NONE, FILL_VALUE, FILL_MEAN, FILL_MEDIAN, FILL_MODE,
	FILL_DOWN, FILL_UP };
enum outlier { OUT_NONE, OUT_IQR, OUT_ZSCORE };

/* A value being cleaned: s NULL when the record has no such field. */
struct val {
	const char	*s;
	size_t		 len;
	int		 type;		/* enum weir_type */
};

/* What the second pass needs to know about one column. */
struct colstat {
	double			 sum, mean, m2;	/* Welford */
	unsigned long		 n;		/* numeric values */
	struct weir_sorter	*numbers;	/* median, percentiles, IQR */
	struct weir_sorter	*texts;		/* mode */
};

struct ccol {
	size_t		 src;		/* input column; WEIR_NOCOL: a flag */
	int		 case_how;	/* -1, or enum weir_case */
	long		 schema_col;	/* -1, or the schema's column */
	int		 required;
	int		 fill;		/* enum fill */
	char		*fill_value;	/* FILL_VALUE, or the statistic */
	size_t		 fill_len;
	int		 fill_type;
	int		 clip;
	double		 clip_at[2];	/* values, or percentiles if pct */
	int		 clip_pct[2];
	double		 lo, hi;	/* the bounds, once known */
	int		 outlier;	/* enum outlier */
	double		 k;
	size_t		 flag;		/* output column COL_outlier, or NOCOL */
	double		 out_lo, out_hi;
	struct colstat	 st;
	int		 nonempty;	/* --drop-empty-columns */
	struct weir_buf	 last;		/* fill down: the last value seen */
	int		 last_type, have_last;
};

struct cwhere {
	struct weir_where	*w;
	size_t			 col;
};

struct skey {
	size_t	col;
	int	kind;		/* sortkey.h kind | WEIR_SK_REVERSE */
};

struct fillup;

struct weir_clean {
	const struct weir_clean_opts	*o;
	struct weir_bad			*bad;
	const struct weir_header	*inh;	/* the input header */
	struct weir_header		 h;	/* the output header */
	size_t				 nsel;	/* columns from the input */
	size_t				*outof;	/* input column -> output, or NOCOL */
	size_t				 nin;
	struct ccol			*col;	/* per output column */
	char				**nullv;	/* the sentinels */
	size_t				*nulllen;
	size_t				 nnull;
	struct weir_schema		 schema;
	int				 have_schema;
	struct cwhere			*where;
	size_t				 nwhere;
	size_t				*dkey;	/* --dedup-by columns */
	size_t				 ndkey;
	struct skey			*skey;
	size_t				 nskey;
	int				 two_pass, stats_ready;
	int				 typed;	/* JSON input: fills get types */
	int				 has_up;	/* some --fill COL=up */
	int				 phase;		/* after the input ended */
	/* working state */
	struct val			*v;	/* per output column */
	struct weir_arena		 arena;
	struct weir_buf			 tmp, key;
	struct weir_rec			 rec;	/* what a step hands out */
	struct weir_badrec		 badrec;
	struct weir_buf			 badraw;
	struct fillup			*up;
	struct weir_dedup		*dedup;
	struct weir_sorter		*sort;
	struct weir_spill		*hold;	/* --drop-empty-columns */
	struct weir_proj		 final;	/* ... the columns kept */
	struct weir_header		 finalh;
	int				 ended, draining;
	unsigned long			 held;
	const struct weir_rec		*ready;	/* one record to hand out */
	struct weir_clean_counts	 n;
};

#define NOCOL	((size_t)-1)

/* steps.c */
int	weir_clean_missing(const struct val *);
void	weir_clean_load(struct weir_clean *, const struct weir_rec *in,
	    int by_input);
const struct weir_rec *weir_clean_rec(struct weir_clean *);
int	weir_clean_early(struct weir_clean *, const struct weir_rec *in,
	    struct weir_err *);
int	weir_clean_late(struct weir_clean *, struct weir_err *);
int	weir_clean_bad(struct weir_clean *, const char *column,
	    struct weir_err *, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* plan.c -> run.c, stats.c */
int	weir_clean_setup(struct weir_clean *, struct weir_err *);
void	weir_clean_stats_setup(struct weir_clean *);

/* stats.c */
int	weir_clean_observe(struct weir_clean *, struct weir_err *);
int	weir_clean_stats_finish(struct weir_clean *, struct weir_err *);
void	weir_clean_stats_free(struct weir_clean *);

/* fill.c */
int	weir_clean_fill(struct weir_clean *, const struct weir_rec *in,
	    struct weir_err *);
int	weir_clean_fill_end(struct weir_clean *, struct weir_err *);
int	weir_clean_fill_draining(const struct weir_clean *);
int	weir_clean_fill_next(struct weir_clean *, struct weir_err *);
void	weir_clean_fill_free(struct weir_clean *);
/* run.c: a record past the fill, into the rest of the steps */
int	weir_clean_after_fill(struct weir_clean *, struct weir_err *);

#endif
