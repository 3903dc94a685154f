/*
 * colcrypt.h - encrypt single columns of a record stream (weir-formats(5)).
 *
 * A column key is 32 random bytes, kept as one line of text:
 * "weir-column-key-1:" and the key in unpadded base64url.  Two subkeys are
 * derived from it with libsodium's crypto_kdf (context "weircol1"): id 1
 * for XChaCha20-Poly1305, id 2 for the keyed BLAKE2b of synthetic nonces.
 *
 * A value becomes a token: "weir1:" and the unpadded base64url of
 * nonce (24 bytes) || XChaCha20-Poly1305 ciphertext of (type byte || text),
 * with the column name as associated data, so a token moved to another
 * column does not decrypt.  The type byte keeps the value's type (enum
 * weir_type) across a round trip: 't' text, 's' string, 'n' number,
 * 'b' boolean, 'z' null, 'j' JSON.  The nonce is random, or, when
 * deterministic, BLAKE2b-192 keyed with subkey 2 over LE64(length of the
 * column name) || column name || type byte || text (a synthetic IV): equal
 * values of one column give equal tokens under one key.
 *
 * struct weir_colcrypt applies this to whole records: it owns the records
 * it returns, valid until the next weir_colcrypt_apply() or _free().  It
 * copies the key, and wipes it when freed.
 */
#ifndef WEIR_COLCRYPT_H
#define WEIR_COLCRYPT_H

#include <stddef.h>

#include "err.h"
#include "rec.h"
#include "stream.h"

#define WEIR_COLKEY_PREFIX	"weir-column-key-1:"
#define WEIR_COLKEY_TEXT	64	/* the key line, with its NUL */
#define WEIR_COLTOKEN_PREFIX	"weir1:"
#define WEIR_COLTOKEN_NONCE	24
#define WEIR_COLTOKEN_MAC	16

struct weir_colkey {
	unsigned char	aead[32];	/* XChaCha20-Poly1305 key */
	unsigned char	siv[32];	/* BLAKE2b key for synthetic nonces */
};

/* A new random key as text, without a line end. */
void	weir_colkey_generate(char out[WEIR_COLKEY_TEXT]);
/* A new key file at path ("-": stdout), by weir_secret_write_file()'s rules. */
int	weir_colkey_generate_file(const char *path, struct weir_err *e);
/*
 * Parse the text of a key file: one key line; blank lines and lines that
 * start with '#' are skipped.  what names the file in messages (EX_DATAERR).
 */
int	weir_colkey_parse(struct weir_colkey *k, const char *text, size_t len,
	    const char *what, struct weir_err *e);
/* Read and parse a key file (a warning if others may read it). */
int	weir_colkey_load(struct weir_colkey *k, const char *path,
	    struct weir_err *e);
void	weir_colkey_wipe(struct weir_colkey *k);
/*
 * A name for the key that says nothing about it (for the lineage log):
 * 32 hex digits of a keyed BLAKE2b of a fixed text.
 */
void	weir_colkey_fingerprint(const struct weir_colkey *k, char hex[33]);

/* Length of the token of a value of vlen bytes. */
size_t	weir_coltoken_len(size_t vlen);
/*
 * Write the token of (type, v) in column col to out, which has room for
 * weir_coltoken_len(vlen) + 1 bytes (a NUL ends it); nonce is 24 bytes, or
 * NULL for the synthetic nonce.  scratch has room for 2 * (vlen + 41)
 * bytes.
 * Returns the token's length.
 */
size_t	weir_coltoken_seal(const struct weir_colkey *k, const char *col,
	    size_t collen, int type, const char *v, size_t vlen,
	    const unsigned char *nonce, unsigned char *scratch, char *out);
/*
 * Decrypt token tok into out (room for toklen bytes), giving the value's
 * type and length; -1 with *why set when it is not a token or does not
 * authenticate (wrong key, damaged, another column's).
 */
int	weir_coltoken_open(const struct weir_colkey *k, const char *col,
	    size_t collen, const char *tok, size_t toklen, int *type,
	    char *out, size_t *outlen, const char **why);

#define WEIR_COLCRYPT_DECRYPT		1
#define WEIR_COLCRYPT_DETERMINISTIC	2

struct weir_colcrypt;

struct weir_colcrypt	*weir_colcrypt_new(const struct weir_colkey *k,
			    int flags);
/*
 * Choose the columns from a --columns list.  With a fixed header (CSV,
 * TSV) the list is resolved now (names, indices, ranges: cols.h), and an
 * unknown name is EX_USAGE; orig (weir_reader_orig(), may be NULL) names
 * the duplicates the reader renamed, and choosing one of a group of
 * duplicates chooses them all.  Otherwise every item is a name, looked
 * for as the header grows, and covers the columns flattened from it
 * ("address" covers "address.zip"); weir_colcrypt_missing() then says
 * which never appeared.  h and orig must outlive the colcrypt.
 */
int	weir_colcrypt_select(struct weir_colcrypt *, const char *list,
	    const struct weir_header *h, const char *const *orig, int fixed,
	    struct weir_err *e);
/*
 * Transform the chosen fields of rec.  Returns 0 with *out set, or
 * WEIR_BAD when a value does not decrypt: e and weir_colcrypt_bad() name
 * the record and the column, and nothing is set.
 */
int	weir_colcrypt_apply(struct weir_colcrypt *, const struct weir_rec *rec,
	    const struct weir_rec **out, struct weir_err *e);
const struct weir_badrec *weir_colcrypt_bad(const struct weir_colcrypt *);
/* EX_USAGE naming the first listed name not seen in any record, or 0. */
int	weir_colcrypt_missing(struct weir_colcrypt *, struct weir_err *e);
void	weir_colcrypt_free(struct weir_colcrypt *);

#endif
