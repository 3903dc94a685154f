/*
 * coerce.h - messy values turned into the forms a schema checks
 * (weir-clean --schema): weir_coerce() runs first, then
 * weir_schema_check() validates and canonicalizes, so there is one
 * definition of each type's canonical text (schema.h).
 *
 * Numbers (int and float columns), after blanks at both ends:
 *   - a leading currency sign ($ EUR-sign POUND-sign YEN-sign, also after
 *     a minus: "-$5", "$-5") is dropped; so is an accounting negative's
 *     parentheses: "(5)" is -5;
 *   - thousands separators: ',' (or '.' with decimal_comma), a space,
 *     U+00A0 or U+202F, only between groups of exactly three digits after
 *     a first group of one to three ("1,234,567"; "1,23,4" is not a
 *     number);
 *   - decimal_comma: ',' is the decimal point ("1.234,56" is 1234.56);
 *     without it a comma that is not a thousands separator makes the value
 *     no number ("1,5" is an error, not 15);
 *   - a trailing '%': dropped, or with percent the value divided by 100
 *     in its decimal text, exactly ("12.5%" is 0.125; in an int column
 *     "50%" is 0.5, which is no int: an error).
 * Booleans: on/off as well as what the schema takes (true/false,
 * yes/no, t/f, y/n, 1/0, any case).
 * Dates (date and datetime columns): DD.MM.YYYY; NN/NN/YYYY as
 * date_order says (ISO: left as it is, so the schema refuses it: the
 * order is ambiguous); RFC 2822 ("Sat, 05 Dec 2026 10:00:00 +0000", the
 * weekday optional, checked when given), as a datetime with its offset or
 * as the date; with epoch, an integer (or decimal) number of Unix seconds,
 * as a UTC datetime ("...Z") or the UTC date (eight digits that make a
 * valid YYYYMMDD date are that date, not seconds).  A date with a time in the
 * same forms ("05.12.2026 10:00") goes to a datetime column; a date alone
 * in a datetime column is midnight.  ISO 8601 and YYYYMMDD pass to the
 * schema, which takes them already.
 * Strings are never touched.  Empty values are not coerced.
 */
#ifndef WEIR_COERCE_H
#define WEIR_COERCE_H

#include <stddef.h>

#include "err.h"
#include "mem.h"

enum weir_date_order { WEIR_DATE_ISO, WEIR_DATE_DMY, WEIR_DATE_MDY };

struct weir_coerce_opts {
	int	decimal_comma;
	int	percent;
	int	date_order;	/* enum weir_date_order */
	int	epoch;
};

/*
 * For schema type stype (enum weir_stype): 1 with the rewritten value in
 * out (reset first), 0 to pass s to the schema as it is, -1 when it
 * cannot be a value of the type (e: EX_DATAERR, "not a number: '1,2,3'",
 * the value quoted and cut to 40 bytes).
 */
int	weir_coerce(const struct weir_coerce_opts *, int stype, const char *s,
	    size_t len, struct weir_buf *out, struct weir_err *e);

#endif
