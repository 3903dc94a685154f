/*
 * pseudonym.h - keyed pseudonyms (weir-anonymize --pseudonymize): the
 * same key, domain and value always give the same token, in any file,
 * column or run, so joins and counts survive; without the key nothing
 * links a token to its value (no dictionary attack, unlike a plain hash).
 *
 * token = prefix || base32(HMAC-SHA-256(key, u64be(len(domain)) || domain
 * || value))[0 .. length), base32 the RFC 4648 alphabet in lower case
 * without padding.  The domain's length goes first so that no (domain,
 * value) pair can be read as another.  With fold the value is trimmed
 * and case folded first (emails).  16 characters are 80 bits: among 10^9
 * distinct values the chance that any two share a token is about
 * n^2 / 2^81 = 4e-7.
 *
 * A pseudonym key file is one line: WEIR_PSEUDO_KEY_PREFIX and the 32
 * key bytes in unpadded base64url; written 0600, read with the secret-file
 * rules (secret.h), distinct from column-encryption keys so one cannot
 * be used for the other by mistake.
 */
#ifndef WEIR_PRIVACY_PSEUDONYM_H
#define WEIR_PRIVACY_PSEUDONYM_H

#include <stddef.h>

#include "err.h"
#include "mem.h"

#define WEIR_PSEUDO_KEY_PREFIX	"weir-pseudonym-key-1:"
#define WEIR_PSEUDO_KEY_TEXT	80	/* the key line with its NUL */
#define WEIR_PSEUDO_MAX		51	/* base32 characters in 256 bits */

struct weir_pseudo_state;

struct weir_pseudo {
	unsigned char	 key[32];
	const char	*domain;	/* default "weir" */
	int		 fold;
	size_t		 length;	/* characters, 1 .. WEIR_PSEUDO_MAX */
	const char	*prefix;	/* "" for none */
	struct weir_pseudo_state *state;	/* HMAC states: NULL at first */
};

/* A new random key as its file line (prefix, base64url, '\n'). */
void	weir_pseudo_keygen(char out[WEIR_PSEUDO_KEY_TEXT]);
/* Parse a key line; -1 with EX_DATAERR when it is not one. */
int	weir_pseudo_key_parse(const char *text, size_t len,
	    unsigned char key[32], const char *what, struct weir_err *);
/* Read a key file (warning when group or others can read it). */
int	weir_pseudo_key_load(const char *path, unsigned char key[32],
	    struct weir_err *);
/*
 * The token of s[0..len) into out (reset first).  The HMAC states of the
 * key and domain are kept in the struct (recomputed when either changes):
 * weir_pseudo_release() wipes and frees them.
 */
void	weir_pseudo_token(struct weir_pseudo *, const char *s,
	    size_t len, struct weir_buf *out);
void	weir_pseudo_release(struct weir_pseudo *);
/* A short public fingerprint of the key (for the lineage log). */
void	weir_pseudo_fingerprint(const unsigned char key[32], char out[17]);

#endif
