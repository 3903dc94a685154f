/*
 * where.h - weir-clean's --where expressions: one condition on one
 * column, a small grammar rather than a language.
 *
 *	COL OP VALUE		OP: == (or =) != < <= > >= ~ !~
 *	COL in (A, B, ...)	COL not in (A, B, ...)
 *	COL is empty		COL is not empty
 *
 * COL is a bare name (letters, digits, _ . - and any non-ASCII
 * character) or a double-quoted one; VALUE and list items are bare (the
 * rest of the expression, or up to the next comma in a list, blanks
 * around cut) or quoted with ' or " (a backslash escapes the next
 * character).  Keywords are case-insensitive.
 *
 * == != < <= > >= compare as numbers, exactly (any length, 7 == 7.0 ==
 * 07), when both sides are numbers, else as bytes.  ~ and !~ take a POSIX
 * extended regular expression, unanchored.  A missing value (absent,
 * empty, JSON null) is the empty string for == != ~ !~ and "in"; the
 * ordering comparisons < <= > >= are false for it, so "age < 18" does
 * not keep records without an age.  "is empty" holds for exactly the
 * missing values.
 */
#ifndef WEIR_WHERE_H
#define WEIR_WHERE_H

#include <stddef.h>

#include "err.h"

struct weir_where;

/* NULL with EX_USAGE: "--where 'age >> 3': unknown operator '>>'". */
struct weir_where	*weir_where_parse(const char *expr, struct weir_err *);
/* The column named, NUL-terminated. */
const char		*weir_where_column(const struct weir_where *);
/* s NULL: the field is absent (missing).  One thread at a time. */
int			 weir_where_match(const struct weir_where *,
			    const char *s, size_t len);
void			 weir_where_free(struct weir_where *);

#endif
