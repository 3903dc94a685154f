/*
 * age.h - the age v1 file format (C2SP age.md), with libsodium only:
 * X25519 and scrypt recipients, the header MAC, the STREAM payload in
 * 64 KiB chunks, and the PEM armor.
 *
 * Keys.  An X25519 identity is 32 secret bytes and the public key
 * computed from them; its text forms are "AGE-SECRET-KEY-1..." (uppercase
 * Bech32) and "age1..." (lowercase Bech32).  Functions that fill a
 * struct weir_age_key wipe it when they fail; weir_age_keys_free() wipes
 * what weir_age_identities_load() returned.  Messages never quote secret
 * text.
 *
 * Streams.  weir_age_encrypt() and weir_age_decrypt() read every byte of
 * in (open it with WEIR_IN_RAW, so nothing is gunzipped) and write to out
 * (open it with weir_out_open_raw()); they neither close nor commit
 * either: the caller commits out on success and aborts it on failure.
 * Memory stays bounded (a few MiB) whatever the size of the stream, apart
 * from what scrypt itself needs (256 MiB at work factor 18).  Chunks are
 * sealed and opened by a pool of threads, in order of output.
 *
 * Decryption releases only authenticated plaintext, in order: when it
 * fails, nothing past the last chunk that authenticated has been written
 * to out.  (A full chunk that authenticates but sits in the wrong place -
 * a final chunk with more after it, a middle chunk where the file ends -
 * is released, then the stream fails, as the C2SP testkit expects.)
 * Failures, as e->code and e->msg, where NAME is in->name:
 *   EX_DATAERR	"NAME: damaged age file: armor|header|payload: REASON"
 *		(truncation and trailing data included), or
 *		"NAME: not an age file"
 *   EX_NOPERM	"NAME: no identity matches", "NAME: wrong passphrase",
 *		"NAME: encrypted with a passphrase, and none was given",
 *		"NAME: header MAC does not match (the header was altered)",
 *		or the passphrase callback's own error
 *   EX_IOERR, EX_OSERR	reading in, writing out (out's own message),
 *		memory for scrypt
 * weir_age_decrypt_kind() also tells which testkit class a failure is in.
 *
 * Thread safety: no global state beyond sodium_init(), which every entry
 * point calls.
 */
#ifndef WEIR_AGE_H
#define WEIR_AGE_H

#include <stddef.h>

#include "err.h"
#include "io.h"

#define WEIR_AGE_CHUNK		65536
#define WEIR_AGE_KEYTEXT	128

struct weir_age_key {			/* an X25519 identity */
	unsigned char	secret[32];
	unsigned char	public[32];
};

/* A new random identity; 0, or -1 if libsodium cannot start. */
int	weir_age_keygen(struct weir_age_key *k);

/* "AGE-SECRET-KEY-1..." and "age1...", NUL-terminated. */
void	weir_age_identity_text(const struct weir_age_key *k,
	    char out[WEIR_AGE_KEYTEXT]);
void	weir_age_recipient_text(const unsigned char pk[32],
	    char out[WEIR_AGE_KEYTEXT]);

/*
 * Parse one recipient ("age1...", lowercase): EX_USAGE on bad text, with
 * the text quoted (recipients are public).  Parse one identity
 * ("AGE-SECRET-KEY-1...", uppercase): EX_DATAERR on bad text, which is
 * never quoted.  Leading and trailing blanks are not allowed in either.
 */
int	weir_age_recipient_parse(const char *s, unsigned char pk[32],
	    struct weir_err *e);
int	weir_age_identity_parse(const char *s, struct weir_age_key *k,
	    struct weir_err *e);

/*
 * Key files.  Identities in age-keygen format, recipients one per line;
 * lines starting with '#' and blank lines are skipped, a trailing CR and
 * trailing blanks are ignored.  A file with no key is an error.  Missing
 * file: EX_NOINPUT; unreadable: EX_NOPERM; a bad identity: EX_DATAERR
 * "FILE:LINE: ..."; a bad recipient: EX_USAGE "FILE:LINE: ...", the code
 * of the same mistake made with -r.  *keys and *pks are the caller's: free identities
 * with weir_age_keys_free() (which wipes them), recipients with free().
 * weir_age_identities_parse() reads text already in memory (an identity
 * file that was itself decrypted); name is for messages.
 */
int	weir_age_identities_load(const char *path,
	    struct weir_age_key **keys, size_t *n, struct weir_err *e);
int	weir_age_identities_parse(const char *text, size_t len,
	    const char *name, struct weir_age_key **keys, size_t *n,
	    struct weir_err *e);
void	weir_age_keys_free(struct weir_age_key *keys, size_t n);
int	weir_age_recipients_load(const char *path,
	    unsigned char (**pks)[32], size_t *n, struct weir_err *e);
/*
 * A new identity file at path ("-": stdout) as age-keygen writes it
 * ("# created: TIME", "# public key: age1...", the secret key), by
 * weir_secret_write_file()'s rules; pub gets the recipient text.  TIME
 * follows SOURCE_DATE_EPOCH (clock.h).
 */
int	weir_age_keygen_file(const char *path, char pub[WEIR_AGE_KEYTEXT],
	    struct weir_err *e);
/*
 * Every identity of every file in paths[0..n) into one array (locked in
 * memory; free it with weir_age_keys_free()), warning about a file that
 * others may read.  No copy of a key is freed without being wiped.
 */
int	weir_age_identities_load_all(const char *const *paths, size_t n,
	    struct weir_age_key **keys, size_t *nkeys, struct weir_err *e);
/*
 * The recipients given as text (-r) and in files (-R), in that order;
 * *pks is the caller's to free(), also after a failure.
 */
int	weir_age_recipients_collect(const char *const *texts, size_t ntexts,
	    const char *const *files, size_t nfiles,
	    unsigned char (**pks)[32], size_t *npk, struct weir_err *e);

struct weir_age_enc {
	const unsigned char	(*pks)[32];	/* X25519 recipients */
	size_t			 npk;
	/* Or a passphrase (then npk must be 0: scrypt stands alone). */
	const char		*passphrase;
	size_t			 passlen;
	int			 scrypt_log_n;	/* 0: 18 */
	int			 armor;		/* PEM armor */
	int			 threads;	/* 0: all cores */
};

/*
 * Encrypt every byte readable from in into out.  EX_USAGE when the
 * options are inconsistent (no recipient, recipients and a passphrase,
 * an empty passphrase, a work factor outside 1..30), EX_DATAERR for a
 * recipient that is not a usable X25519 key (low order).
 */
int	weir_age_encrypt(struct weir_in *in, struct weir_out *out,
	    const struct weir_age_enc *o, struct weir_err *e);

struct weir_age_dec {
	const struct weir_age_key *ids;
	size_t			 nid;
	/*
	 * Asked only when the header holds an scrypt stanza that passed
	 * every check; fills buf (NUL-terminated, at most size bytes) and
	 * returns 0, or -1 with e set (EX_NOPERM when none can be had).  NULL:
	 * such files fail with EX_NOPERM.
	 */
	int			(*passphrase)(void *ctx, char *buf,
				    size_t size, struct weir_err *e);
	void			*ctx;
	int			 max_scrypt_log_n;	/* 0: 22 */
	int			 threads;		/* 0: all cores */
};

/* Armored input is recognised by not starting as a binary file does. */
int	weir_age_decrypt(struct weir_in *in, struct weir_out *out,
	    const struct weir_age_dec *o, struct weir_err *e);

/* The failure classes of the C2SP testkit. */
enum weir_age_fail {
	WEIR_AGE_OK,
	WEIR_AGE_FAIL_ARMOR,	/* EX_DATAERR */
	WEIR_AGE_FAIL_HEADER,	/* EX_DATAERR */
	WEIR_AGE_FAIL_NOMATCH,	/* EX_NOPERM */
	WEIR_AGE_FAIL_HMAC,	/* EX_NOPERM */
	WEIR_AGE_FAIL_PAYLOAD,	/* EX_DATAERR */
	WEIR_AGE_FAIL_OTHER	/* I/O, memory, the passphrase callback */
};

/* weir_age_decrypt(), also telling which class a failure is in. */
int	weir_age_decrypt_kind(struct weir_in *in, struct weir_out *out,
	    const struct weir_age_dec *o, enum weir_age_fail *kind,
	    struct weir_err *e);

/*
 * Does in, just opened and not consumed, look like an age file whose
 * header holds an scrypt stanza (binary or armored)?  1 yes, 0 no, -1 on
 * a read error.  Only a hint for prompting early: it reads ahead into
 * in's window without consuming anything; weir_age_decrypt() makes the
 * real checks.
 */
int	weir_age_wants_passphrase(struct weir_in *in, struct weir_err *e);

#endif
