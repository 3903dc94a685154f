/*
 * json.h - a strict (RFC 8259) parser of one JSON object at a time that
 * keeps the exact text of every value, and a JSON string writer.
 *
 * jansson cannot serve the record readers: it turns 1.10 into 1.1 and
 * overflows on 25-digit integers, and weir promises values verbatim.
 *
 * weir_json_object() parses one object into a struct weir_jobj that the
 * caller owns and reuses from record to record: it is reset at the start of
 * every call, and its buffers keep their memory, so a stream of records
 * costs no allocation once the buffers have grown.  The fields it holds
 * (offsets into names and vals, so growth never leaves them dangling) stay
 * valid until the next call or weir_jobj_release().  The input is never
 * kept.
 *
 * What the fields hold:
 *   string    unescaped (\uXXXX, surrogate pairs included, becomes UTF-8;
 *             \u0000 is a NUL inside the value: lengths are what count),
 *             WEIR_STR
 *   number    its text as written, WEIR_NUM
 *   boolean   "true" or "false", WEIR_BOOL
 *   null      "", WEIR_NULL
 *   array     one field, the array minified (whitespace outside strings
 *             dropped, strings and numbers exactly as written), WEIR_JSON
 *   object    with flatten, its members become fields named
 *             key SEP member (recursively), and an empty one becomes one
 *             field "{}" of type WEIR_JSON under its own name; without
 *             flatten, one WEIR_JSON field as for an array
 * Fields come in document order.  Keys are unescaped like strings; the
 * caller detects duplicates.  Nesting is limited to 512 levels, the
 * record's own braces counting as the first.
 */
#ifndef WEIR_JSON_H
#define WEIR_JSON_H

#include <stddef.h>

#include "mem.h"

#define WEIR_JSON_MAXDEPTH	512

struct weir_jopts {
	int		 flatten;	/* nested objects -> dotted names */
	const char	*sep;		/* joins flattened names, e.g. "." */
	size_t		 seplen;
};

struct weir_jfield {
	size_t	name, namelen;	/* offset/length into jobj.names */
	size_t	val, vallen;	/* offset/length into jobj.vals */
	int	type;		/* enum weir_type: WEIR_STR .. WEIR_JSON */
};

struct weir_jobj {
	struct weir_buf		 names;	/* names, each followed by a NUL */
	struct weir_buf		 vals;	/* values, each followed by a NUL */
	struct weir_jfield	*f;
	size_t			 n, cap;
};

void	weir_jobj_init(struct weir_jobj *);
void	weir_jobj_release(struct weir_jobj *);

/*
 * Parse one object from p[0..len), skipping leading whitespace (space, tab,
 * CR, LF).
 *  1: parsed; *used = bytes consumed through the closing '}' (trailing
 *     bytes are the caller's business).
 *  0: p[0..len) ends inside the object (or is empty or only whitespace):
 *     read more input and call again from the same start.  No prefix of a
 *     valid object is ever an error.
 * -1: syntax error; *used = offset from p of the offending byte (for a bad
 *     escape or UTF-8 sequence, of its first byte) and msg holds a short
 *     lowercase reason, e.g. "expected ':' after object key".
 * msg may be NULL when msgsize is 0.
 */
int	weir_json_object(const char *p, size_t len, const struct weir_jopts *,
	    struct weir_jobj *, size_t *used, char *msg, size_t msgsize);

/*
 * Append s[0..len) as a quoted JSON string: escape " \ and control
 * characters (\b \f \n \r \t, others \u00XX); pass UTF-8 through.
 */
void	weir_json_put_string(struct weir_buf *, const char *s, size_t len);

#endif
