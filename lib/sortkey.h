/*
 * sortkey.h - byte strings whose memcmp order is the order a user asked
 * for, so one comparison (memcmp) sorts, groups and merges on any mix of
 * columns and kinds (extsort.h, weir-clean --sort-by and --dedup-by,
 * weir-merge's keys).
 *
 * A key is the concatenation of its parts, each appended with one call.
 * Every part is self-delimiting (its encoding never is a prefix of
 * another part's that compares differently), so
 * key(a1,b1) < key(a2,b2) exactly when a1 < a2, or a1 == a2 and b1 < b2.
 *
 * Kinds:
 *   TEXT     bytes, as LC_ALL=C sort (an empty value first).
 *   NUM      numbers by value, exactly (decimal text of any length: 7,
 *            7.0, 07, 7e0 and 0.7E1 are equal; -0 equals 0; no rounding
 *            through double), then values that are not numbers by bytes,
 *            then missing (empty) values last.  A number is what
 *            weir_text_is_number() accepts, plus a leading '+' and
 *            leading zeros (07), surrounding blanks not allowed.
 *   NATURAL  text where each run of ASCII digits compares as a number
 *            ("file2" < "file10", "a01" == "a1" then by bytes of the
 *            digits so the order is total and deterministic).
 * WEIR_SK_REVERSE inverts a part's order (every byte complemented, the
 * delimiter included); for NUM the missing values stay last.
 */
#ifndef WEIR_SORTKEY_H
#define WEIR_SORTKEY_H

#include <stddef.h>

#include "mem.h"

enum weir_sk_kind {
	WEIR_SK_TEXT,
	WEIR_SK_NUM,
	WEIR_SK_NATURAL
};

#define WEIR_SK_REVERSE	0x100	/* or'ed into the kind */

/* The first byte of a NUM part when the value is a number. */
#define WEIR_SK_NUMBER	0x10

/* Append the part for value s[0..len) to key. */
void	weir_sortkey_add(struct weir_buf *key, int kind, const char *s,
	    size_t len);
/* Append an unsigned 64-bit number, big-endian (input positions). */
void	weir_sortkey_u64(struct weir_buf *key, unsigned long long v);

#endif
