/*
 * record.h - the "training" object of a model file (weir-formats(5)): how
 * the model was made.  The inputs by SHA-256, bytes and records; the rows
 * read, skipped, trained on and held out; and every option that shapes the
 * model (the seed included), under the names of weir-train's options with
 * "_" for "-" and null for one not given.  It holds no time and no file
 * name, so that the same input, options and seed give the same bytes.
 *
 * A struct weir_record is plain data the caller fills in; it borrows the
 * inputs and options it points to, which weir_record_json() only reads
 * and which need to live only until it returns.
 */
#ifndef WEIR_RECORD_H
#define WEIR_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "badrows.h"
#include "cli.h"
#include "model.h"
#include "prep.h"

struct weir_record_input {
	char			 sha256[65];	/* hex, of the bytes as read */
	unsigned long long	 bytes;
	unsigned long		 records;
};

struct weir_record {
	const struct weir_record_input	*in;	/* one per input, in order */
	size_t				 nin;
	size_t				 rows;		/* good rows read */
	unsigned long			 bad;		/* bad records */
	size_t				 ntrain;	/* rows trained on */
	size_t				 ntest;		/* rows held out */
	/* The options. */
	const char			*task;		/* as given, or NULL */
	const struct weir_table_opts	*table;		/* the column lists */
	const struct weir_model_opts	*opts;
	double				 holdout;	/* 0: none */
	long				 cv;		/* folds; 0: none */
};

/*
 * The object for the trained model m, which gives the model type (hence
 * which options apply) and, for gbdt, the rounds kept; a new reference.
 */
/*
 * Read every input (paths[0..n), "-" for stdin) into t under the union of
 * their headers, bad records to bad (*reader_bad counts the reader's),
 * each input's SHA-256, bytes and records into in[i] for the record.
 */
int	weir_table_read(struct weir_table *t, const struct weir_cli *cli,
	    char *const *paths, int n, struct weir_bad *bad,
	    struct weir_record_input *in, unsigned long *reader_bad,
	    struct weir_err *e);
json_t	*weir_record_json(const struct weir_record *r,
	    const struct weir_model *m);

#endif
