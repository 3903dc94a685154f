/*
 * sink.h - where a filter's records go: the output (standard output or an
 * atomic -o file, gzip by name or -z), the writer for the output format,
 * and the bad-row policy (--bad-rows, --max-bad) that both ends share.
 *
 * A program opens the sink once its input is open, starts the writer once
 * the header is known, puts records, and commits: writer trailer, output,
 * then the bad-rows file, so an error in any final flush reaches the exit
 * status.  A record the writer cannot take (libsvm needs numbers) goes to
 * the bad-row policy.  weir_sink_abort() discards whatever is not
 * committed; it is safe after a commit, after a failed open and twice.
 *
 * The sink owns its output, writer and policy.  It borrows the header
 * given to weir_sink_start(), which must outlive the sink (JSON output
 * follows a header that grows).
 */
#ifndef WEIR_SINK_H
#define WEIR_SINK_H

#include "badrows.h"
#include "cli.h"
#include "io.h"
#include "source.h"
#include "writer.h"

struct weir_sink {
	struct weir_bad		 bad;
	struct weir_out		 out;
	struct weir_writer	*w;
	int			 have_bad;
	int			 have_out;
};

/* The bad-row policy and the output, as the shared options say. */
int	weir_sink_open(struct weir_sink *, const struct weir_cli *,
	    struct weir_err *);
/* The same with raw output: never gzip-compressed (encrypted text). */
int	weir_sink_open_raw(struct weir_sink *, const struct weir_cli *,
	    struct weir_err *);
/* Writer options from the shared ones: -t (else in_fmt), delimiters. */
void	weir_sink_wopts(struct weir_wopts *, const struct weir_cli *,
	    int in_fmt);
int	weir_sink_start(struct weir_sink *, const struct weir_wopts *,
	    const struct weir_header *, struct weir_err *);
/* 0, or -1 to stop (output error, or too many bad records). */
int	weir_sink_put(struct weir_sink *, const struct weir_rec *,
	    struct weir_err *);
/* Put every record of in; 0 at its end, -1 to stop. */
int	weir_sink_pump(struct weir_sink *, struct weir_source *in,
	    struct weir_err *);
int	weir_sink_commit(struct weir_sink *, struct weir_err *);
void	weir_sink_abort(struct weir_sink *);
/* The end of a filter: in's progress line done, then the commit. */
int	weir_sink_finish(struct weir_sink *, struct weir_source *in,
	    struct weir_err *);
/*
 * Whatever happened: abort what is not committed, release in.  in may be
 * NULL in both (output made from no record stream: reports).
 */
void	weir_sink_close(struct weir_sink *, struct weir_source *in);

#endif
