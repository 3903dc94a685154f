/*
 * text.h - Unicode text clean-up for weir-clean, and case folding for
 * comparisons (dedup keys), on utf8proc's tables.
 *
 * Input is valid UTF-8 (the readers check it).  Each function that can
 * rewrite a value returns 1 with the result in out (reset first), or 0
 * when the value would not change, leaving out untouched, so the common
 * case costs one scan and no copy.  Pure ASCII never reaches utf8proc.
 *
 * White space is Unicode's White_Space property (tab, LF, VT, FF, CR,
 * space, U+0085, U+00A0 NO-BREAK SPACE, U+1680, U+2000..U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000 IDEOGRAPHIC SPACE), plus U+200B ZERO
 * WIDTH SPACE and U+FEFF (a byte order mark left inside a value): both
 * are invisible and break equality the same way.
 *
 * Case mapping is utf8proc's: one code point to one (simple case
 * mapping), so upper("straße") is "STRAßE"; folding for comparisons is
 * full case folding ("Straße" and "STRASSE" fold alike).
 */
#ifndef WEIR_TEXT_H
#define WEIR_TEXT_H

#include <stddef.h>

#include "mem.h"

enum weir_case { WEIR_CASE_LOWER, WEIR_CASE_UPPER, WEIR_CASE_TITLE };
enum weir_norm { WEIR_NORM_NFC, WEIR_NORM_NFKC };

/* White space cut at both ends: *off and *newlen; 1 if any was cut. */
int	weir_text_trim(const char *s, size_t len, size_t *off, size_t *newlen);
/* Each run of white space to one ASCII space. */
int	weir_text_squeeze(struct weir_buf *out, const char *s, size_t len);
/*
 * lower, upper, or title: the first letter of each word titlecased, the
 * rest lowercased; a word is a run of letters, marks and digits, so
 * "o'neil mcdonald-smith" is "O'Neil Mcdonald-Smith".
 */
int	weir_text_case(struct weir_buf *out, int how, const char *s,
	    size_t len);
int	weir_text_normalize(struct weir_buf *out, int form, const char *s,
	    size_t len);
/* Case folded and NFC composed, for comparisons only. */
int	weir_text_fold(struct weir_buf *out, const char *s, size_t len);

#endif
