/*
 * rec.h - headers, records and the values in them.
 *
 * A value keeps the exact text it had in the input; its type says how it
 * was written there (DESIGN §3).  Text from CSV or TSV is WEIR_TEXT: it has
 * no type until someone asks (weir_text_is_number() and friends).
 *
 * A record does not own its text: a reader's records point into the
 * reader's buffers and stay valid until the next weir_reader_next().  Each
 * field names its column by index into a header, so records from a JSON
 * reader (whose header grows as new keys appear) and from a CSV reader
 * (one fixed header) look alike to writers.
 */
#ifndef WEIR_REC_H
#define WEIR_REC_H

#include <stddef.h>

#include "mem.h"

enum weir_type {
	WEIR_TEXT,	/* untyped text from CSV/TSV */
	WEIR_STR,	/* a JSON string (unescaped) */
	WEIR_NUM,	/* a JSON number, its text verbatim */
	WEIR_BOOL,	/* "true" or "false" */
	WEIR_NULL,	/* JSON null; len is 0 */
	WEIR_JSON	/* an array (or an unflattened object) as minified JSON */
};

struct weir_field {
	const char	*s;
	size_t		 len;
	size_t		 col;	/* index into the reader's header */
	int		 type;	/* enum weir_type */
	int		 plain;	/* known free of '"', CR, LF and ',' */
};

struct weir_rec {
	struct weir_field	*f;
	size_t			 n;
	size_t			 cap;
	const char		*src;	/* source name for messages ("-" is stdin) */
	unsigned long		 line;	/* line where the record starts, 1-based */
};

/* Append a field, growing f as needed; returns it. */
struct weir_field	*weir_rec_push(struct weir_rec *r, const char *s,
			    size_t len, size_t col, int type);
void			 weir_rec_release(struct weir_rec *r);
/*
 * The field of column col, or NULL when the record lacks it (JSON input,
 * a projection): at its index when fields come in column order, else
 * found by a scan.
 */
const struct weir_field	*weir_rec_field(const struct weir_rec *r, size_t col);
/*
 * Copy src into dst with its text in *text (both reused: reset first), so
 * it outlives the reader or sort it came from.  src and line are copied,
 * the source name by pointer.
 */
void			 weir_rec_copy(struct weir_rec *dst,
			    struct weir_buf *text, const struct weir_rec *src);

/*
 * An ordered list of unique column names with a hash index.  Names are
 * copied and NUL-terminated; indices never change once given.
 */
struct weir_header {
	char	**name;
	size_t	 *len;
	size_t	  n;
	size_t	  cap;
	size_t	 *slot;		/* open-addressing table of index+1, 0 = empty */
	size_t	  nslot;
};

void	weir_header_init(struct weir_header *h);
void	weir_header_release(struct weir_header *h);
/* Index of name, or -1 when absent. */
long	weir_header_find(const struct weir_header *h, const char *name,
	    size_t len);
/* Index of name, adding it at the end when absent. */
size_t	weir_header_intern(struct weir_header *h, const char *name, size_t len);
/* Append name; the caller has made sure it is not present. */
size_t	weir_header_add(struct weir_header *h, const char *name, size_t len);
void	weir_header_copy(struct weir_header *dst, const struct weir_header *src);

/*
 * Give duplicate names a suffix so no value is lost: a, a, a -> a, a_2,
 * a_3 (skipping names already taken).  names[] are replaced in place with
 * malloc'd strings; returns the number of names changed.
 */
size_t	weir_names_dedup(char **names, size_t *lens, size_t n);

/* Typing of text on demand. */
int	weir_text_is_number(const char *s, size_t len);	/* RFC 8259 number */
int	weir_text_is_int(const char *s, size_t len);	/* -?[0-9]+, no leading 0 */

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int	weir_utf8_valid(const char *s, size_t len);
/* Byte offset of the first invalid sequence, or len when valid. */
size_t	weir_utf8_check(const char *s, size_t len);

#endif
