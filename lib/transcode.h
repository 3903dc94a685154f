/*
 * transcode.h - legacy encodings to UTF-8, a chunk at a time.
 *
 * A multi-byte unit split across chunks is held back until the next call;
 * at the end of input a held-back unit is an error.  The output never
 * needs more than 3 * n + 8 bytes for n bytes of input (Windows-1252 turns
 * one byte into as many as three).
 */
#ifndef WEIR_TRANSCODE_H
#define WEIR_TRANSCODE_H

#include <stddef.h>

#include "err.h"

enum weir_enc {
	WEIR_ENC_UTF8,
	WEIR_ENC_LATIN1,
	WEIR_ENC_CP1252,
	WEIR_ENC_UTF16,		/* byte order from the BOM, else little-endian */
	WEIR_ENC_UTF16LE,
	WEIR_ENC_UTF16BE
};

struct weir_transcoder {
	int		enc;
	int		big_endian;
	int		started;	/* BOM looked at */
	unsigned char	pend[4];
	size_t		npend;
	unsigned long long offset;	/* input bytes consumed, for messages */
};

/* -1 when name is not a supported encoding. */
int	weir_enc_parse(const char *name);
void	weir_transcoder_init(struct weir_transcoder *t, int enc);
/*
 * Convert src[0..n) into dst (room for at least 3 * n + 8 bytes); returns
 * the bytes written, or -1 (EX_DATAERR) on input that is not valid in the
 * encoding.  last: this is the end of input.
 */
long	weir_transcode(struct weir_transcoder *t, const unsigned char *src,
	    size_t n, int last, char *dst, const char *name,
	    struct weir_err *e);

#endif
