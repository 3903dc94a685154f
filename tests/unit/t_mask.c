/* t_mask.c - masks count characters, not bytes; every spec and error. */
#include <string.h>

#include "err.h"
#include "mem.h"
#include "privacy/mask.h"
#include "t.h"

static struct weir_err err;
static struct weir_buf out;

static const char *
mask(const char *spec, const char *v)
{
	struct weir_mask m;

	if (weir_mask_parse(&m, spec, &err) == -1)
		return err.msg;
	weir_mask_apply(&m, v, strlen(v), &out);
	weir_mask_release(&m);
	return out.p;
}

int
main(void)
{
	CHECK_STR(mask("keep-last:4", "4111111111111234"), "************1234");
	CHECK_STR(mask("keep-first:2", "Zo\xc3\xab Kim"), "Zo*****");
	CHECK_STR(mask("keep-first:3", "Zo\xc3\xab Kim"), "Zo\xc3\xab****");
	CHECK_STR(mask("keep-last:3", "\xc3\xa9t\xc3\xa9!"), "*t\xc3\xa9!");
	CHECK_STR(mask("keep-first:10", "abc"), "abc");
	CHECK_STR(mask("keep-last:0", "abc"), "***");
	CHECK_STR(mask("email", "alice@example.com"), "a***@example.com");
	CHECK_STR(mask("email", "\xc3\xa9mile@x.fr"), "\xc3\xa9***@x.fr");
	CHECK_STR(mask("email", "no-at-sign"), "***");
	CHECK_STR(mask("redact", "secret"), "[REDACTED]");
	CHECK_STR(mask("redact:-", "secret"), "-");
	CHECK_STR(mask("redact:", "secret"), "");
	CHECK_STR(mask("regex:[0-9]:#", "a1b22"), "a#b##");
	CHECK_STR(mask("regex:([a-z]+)@([a-z.]+):\\2/\\1", "bob@x.org"),
	    "x.org/bob");
	CHECK_STR(mask("regex:^.:X", "abc"), "Xbc");	/* anchored once */
	CHECK_STR(mask("regex:x*:-", "ab"), "-a-b");	/* empty matches */
	CHECK_STR(mask("keep-last:x", "a"),
	    "--mask keep-last:x: N must be a whole number of characters");
	CHECK_STR(mask("keep-first:-1", "a"),
	    "--mask keep-first:-1: N must be a whole number of characters");
	CHECK_STR(mask("regex:abc", "a"), "--mask regex:abc: "
	    "regex:ERE:REPLACEMENT");
	CHECK(strstr(mask("regex:(:x", "a"), "bad pattern") != NULL);
	CHECK(strstr(mask("regex:a**:x", "a"), "two repetitions") != NULL);
	CHECK(strstr(mask("hash", "a"), "is not keep-first:N") != NULL);
	weir_buf_release(&out);
	return T_DONE();
}
