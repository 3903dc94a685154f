/* t.h - the whole unit-test framework: count checks, print one summary line. */
#ifndef WEIR_T_H
#define WEIR_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(c) do { if (c) t_pass++; else { t_fail++; \
	fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
	if (g_ != NULL && strcmp(g_, w_) == 0) t_pass++; else { t_fail++; \
	fprintf(stderr, "%s:%d: FAIL: %s is \"%s\", want \"%s\"\n", __FILE__, \
	    __LINE__, #got, g_ ? g_ : "(null)", w_); } } while (0)
#define T_DONE() (printf("%d passed, %d failed\n", t_pass, t_fail), t_fail != 0)

#endif
