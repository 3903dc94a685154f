/*
 * mask.h - masking of direct identifiers (weir-anonymize --mask COL=SPEC).
 * Characters are counted, not bytes, so masks never split a UTF-8
 * character.  Specs:
 *
 *   keep-first:N     the first N characters, then one '*' per character
 *   keep-last:N      one '*' per character, then the last N
 *                    ("************1234")
 *   email            the local part's first character, "***", then '@'
 *                    and the domain ("a***@example.com"): the length of
 *                    the local part is not shown; without '@', "***"
 *   redact[:TEXT]    the whole value becomes TEXT (default "[REDACTED]")
 *   regex:ERE:REPL   every match of the POSIX ERE becomes REPL, in which
 *                    \1..\9 are the groups and \\ a backslash; the last
 *                    ':' ends the ERE, so REPL holds no ':'
 *
 * Missing values are the caller's: they stay missing.
 */
#ifndef WEIR_PRIVACY_MASK_H
#define WEIR_PRIVACY_MASK_H

#include <regex.h>
#include <stddef.h>

#include "err.h"
#include "mem.h"

enum weir_mask_kind { WEIR_MASK_KEEP_FIRST, WEIR_MASK_KEEP_LAST,
	WEIR_MASK_EMAIL, WEIR_MASK_REDACT, WEIR_MASK_REGEX };

struct weir_mask {
	int		 kind;
	size_t		 n;
	char		*text;		/* redact: the text; regex: REPL */
	regex_t		 re;
	int		 have_re;
};

/* EX_USAGE: "--mask card=keep-last:x: N must be a whole number". */
int	weir_mask_parse(struct weir_mask *, const char *spec, struct weir_err *);
void	weir_mask_apply(const struct weir_mask *, const char *s, size_t len,
	    struct weir_buf *out);
void	weir_mask_release(struct weir_mask *);

#endif
