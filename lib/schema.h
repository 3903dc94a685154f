/*
 * schema.h - the schema file: check values against it, or infer one.
 *
 * A schema is a JSON document (weir-formats(5)):
 *
 *	{
 *	  "weir_schema": 1,
 *	  "columns": [
 *	    {"name": "id", "type": "int", "required": true, "min": 1},
 *	    {"name": "day", "type": "date", "format": "%d/%m/%Y"}
 *	  ]
 *	}
 *
 * Each column has a name, a type (int, float, bool, date, datetime,
 * string) and optional constraints: "required" (default false), "min" and
 * "max" (numbers for int and float, ISO strings for date and datetime),
 * "pattern" (a POSIX extended regular expression, unanchored unless it
 * says so), "enum" (the allowed values, compared after canonicalization)
 * and "format" (the input form of a date or datetime: %Y %m %d %H %M %S,
 * %% and literal characters).  Anything else is a load error.
 *
 * weir_schema_check() turns a value into its canonical text (int
 * "+007" -> "7", float "+.5" -> "0.5", bool "Y" -> "true", date
 * "20240131" -> "2024-01-31", datetime "2024-01-31 10:00" ->
 * "2024-01-31T10:00:00") or fails with a reason; the caller puts the file,
 * line and column in front of it.  A column with a "format" still takes
 * the ISO forms, so canonical output checks again unchanged.  Times run
 * 00:00:00 to 23:59:59 (no leap second).  Numbers are compared with min
 * and max exactly, as decimals, so integers of any size and floats like
 * 0.1 compare the way they are written; dates and datetimes compare as
 * canonical text.  enum values are canonicalized when loaded (an int enum
 * ["01"] allows "+1").  Number text is read and written in the C locale
 * (LC_NUMERIC must be "C", the default without setlocale()).
 *
 * Ownership: a loaded schema owns all its strings and compiled patterns
 * until weir_schema_release().  The canonical text from a check lives in
 * the value itself or in the caller's buf until the next check with it.
 */
#ifndef WEIR_SCHEMA_H
#define WEIR_SCHEMA_H

#include <regex.h>
#include <stddef.h>

#include "badrows.h"
#include "err.h"
#include "mem.h"
#include "rec.h"

enum weir_stype {
	WEIR_S_INT,
	WEIR_S_FLOAT,
	WEIR_S_BOOL,
	WEIR_S_DATE,
	WEIR_S_DATETIME,
	WEIR_S_STRING
};

struct weir_schema_col {
	char	 *name;
	int	  type;		/* enum weir_stype */
	int	  required;
	char	 *min;		/* NULL, or decimal text (int, float) or */
	char	 *max;		/*   canonical ISO text (date, datetime) */
	char	 *pattern;	/* NULL, or the source of re */
	regex_t	  re;
	char	**enumv;	/* canonical allowed values, NUL-terminated */
	size_t	 *enumlen;
	size_t	  nenum;	/* 0: no enum */
	char	 *format;	/* NULL, or the date/datetime input form */
};

struct weir_schema {
	struct weir_schema_col	*col;
	size_t			 n;
};

struct weir_infer;

/*
 * Load a schema from path (EX_NOINPUT when missing) or from text.  Both
 * initialize *s; on failure it is left empty (releasing it is harmless)
 * and e holds "schema 'NAME': column 'id': unknown type 'integer'" with
 * EX_DATAERR for bad content.
 */
int		 weir_schema_load(struct weir_schema *s, const char *path,
		    struct weir_err *e);
int		 weir_schema_parse(struct weir_schema *s, const char *json_text,
		    const char *name_for_msgs, struct weir_err *e);
void		 weir_schema_release(struct weir_schema *s);

/* Index of the column called name, or -1. */
long		 weir_schema_find(const struct weir_schema *s,
		    const char *name);
const char	*weir_schema_col_name(const struct weir_schema *s, size_t i);
int		 weir_schema_col_required(const struct weir_schema *s,
		    size_t i);

/*
 * Check s[0..len) against column i.  On success *out and *outlen give the
 * canonical text: s itself, or a copy in buf (which is reset and reused;
 * s must not point into buf).  An empty value passes, as itself, unless
 * the column is required.  On failure e gets EX_DATAERR and a reason such
 * as "not an int: 'x1'" or "above max 99.25: '100'", the value quoted and
 * cut to 40 bytes.
 */
int		 weir_schema_check(const struct weir_schema *s, size_t i,
		    const char *v, size_t len, struct weir_buf *buf,
		    const char **out, size_t *outlen, struct weir_err *e);

/*
 * Why a POSIX extended regular expression from a user must not go to
 * regcomp(3) (two repetitions in a row: undefined, and exponential time
 * in glibc; over 4096 bytes), or NULL when it may.
 */
const char	*weir_pattern_hazard(const char *re);

/*
 * The value type (rec.h) a canonical value of schema type stype has:
 * numbers and booleans typed, others as they were (TEXT from CSV).
 */
int		 weir_schema_typed(int stype, int was);

/*
 * A schema applied to a record stream (weir-ingest --schema, and
 * weir-clean --schema after it): schema columns are found by name in the
 * output header h as it grows, then every record is checked column by
 * column and, when all pass, its values are replaced in place by their
 * canonical texts and types (int and float numbers, bool booleans, empty
 * values of those types null).  A record that fails is set aside as it
 * came in: WEIR_BAD with *bad filled, "column 'x': not an int: 'x1'".
 *
 * The binding owns its schema and the canonical texts, which the record
 * points into until the next apply or release; the header is borrowed.
 */
struct weir_schema_bind {
	struct weir_schema	 s;
	const char		*path;		/* for messages */
	long			*col;		/* schema column -> h column */
	struct weir_buf		*canon;
	const char		**cv;
	size_t			*cvlen;
	long			*slot;		/* h column -> field index */
	size_t			 nslot;
	struct weir_buf		 raw;		/* a bad record's text */
};

int	weir_schema_bind_load(struct weir_schema_bind *, const char *path,
	    struct weir_err *);
/* Find the schema columns not found yet among h's columns. */
void	weir_schema_bind_map(struct weir_schema_bind *,
	    const struct weir_header *h);
/* EX_DATAERR for a required column that h, complete, lacks. */
int	weir_schema_bind_required(const struct weir_schema_bind *,
	    struct weir_err *);
/* 0 with rec canonical; WEIR_BAD with *bad filled; -1 never. */
int	weir_schema_bind_apply(struct weir_schema_bind *, struct weir_rec *rec,
	    const struct weir_header *h, struct weir_badrec *bad,
	    struct weir_err *);
void	weir_schema_bind_release(struct weir_schema_bind *);
/* Write what inference found to path ("-": stdout), atomically. */
int	weir_infer_write(const struct weir_infer *, const char *path,
	    struct weir_err *);

/*
 * Inference, one value at a time, in O(1) memory per column: each column
 * gets the narrowest type that fits all its non-empty values (int < float;
 * bool, date, datetime alone; anything else string), "required" when no
 * value was empty, and min and max for numbers, dates and datetimes.
 *
 * Columns are indices that may come in any order and grow (JSON input);
 * name is copied the first time a column is seen.  A column seen fewer
 * times than the most-seen column was missing from some records and is
 * not required, so a caller need not feed empty values for keys that
 * appeared late; columns never seen are left out.
 */
struct weir_infer;

/*
 * What one value looks like, as inference sees it: a JSON integer or
 * other number, true/false (any case), an ISO 8601 date or datetime, or
 * a string (weir-audit profile's type and shares).
 */
enum weir_value_kind { WEIR_KIND_EMPTY, WEIR_KIND_INT, WEIR_KIND_FLOAT,
	WEIR_KIND_BOOL, WEIR_KIND_DATE, WEIR_KIND_DATETIME, WEIR_KIND_STRING };

int			 weir_value_kind(const char *s, size_t len);
struct weir_infer	*weir_infer_new(void);
void			 weir_infer_free(struct weir_infer *inf);
void			 weir_infer_value(struct weir_infer *inf, size_t col,
			    const char *name, const char *s, size_t len);
/* The schema as malloc'd JSON text, one column per line. */
char			*weir_infer_json(const struct weir_infer *inf);

#endif
