/*
 * num.h - numbers as text, both ways (the model file, predictions, the
 * statistics of weir-clean and weir-audit).
 */
#ifndef WEIR_NUM_H
#define WEIR_NUM_H

#include <stddef.h>

/*
 * 1 and *v when s[0..len) is an RFC 8259 number within the range of a
 * double, else 0.  Correctly rounded (as strtod).
 */
int	weir_num_parse(const char *s, size_t len, double *v);
/*
 * Text that reads back as exactly v, in as few digits as Grisu2 finds
 * (the shortest possible but for about 1 value in 2000, which gets one
 * digit more; never more than 17): plain notation when the decimal
 * exponent is from -4 to 15 ("0.0001", "123000", "2.5"), else "1e-05",
 * "1.5e+16".  "-0" for negative zero; NaN and infinities as "nan", "inf",
 * "-inf".  Returns the length; buf gets a NUL.
 */
size_t	weir_num_format(double v, char buf[32]);

#endif
