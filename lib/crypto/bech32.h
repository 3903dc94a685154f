/*
 * bech32.h - Bech32 (BIP 173) text for age keys.
 *
 * As age uses it: no limit on the length of the data part, and a string is
 * all lowercase or all uppercase, with the checksum always computed over
 * the lowercase form.  Data are 8-bit bytes, regrouped into 5-bit
 * characters; on decoding, leftover padding bits must be zero.
 *
 * Neither function keeps anything: the caller owns every buffer.  Secret
 * keys pass through here, so no temporary holds more than a few bits of
 * them, and nothing is written to the output on failure beyond what the
 * caller then wipes.
 */
#ifndef WEIR_BECH32_H
#define WEIR_BECH32_H

#include <stddef.h>

/*
 * Write hrp, "1", data and the checksum into out (size bytes, NUL
 * included), in uppercase when upper is set.  hrp must be lowercase ASCII
 * from 33 to 126.  Returns the length written, or -1 if out is too small.
 */
int	weir_bech32_encode(char *out, size_t size, const char *hrp,
	    const unsigned char *data, size_t len, int upper);

/*
 * Parse s.  The human-readable part goes to hrp (lowercased,
 * NUL-terminated, hrpsize bytes), the data to data (datasize bytes) and
 * their count to *len.  Returns 0, or -1 with *why (if why is not NULL)
 * set to a static phrase: "mixed case", "bad checksum", ...
 */
int	weir_bech32_decode(const char *s, char *hrp, size_t hrpsize,
	    unsigned char *data, size_t datasize, size_t *len,
	    const char **why);

#endif
