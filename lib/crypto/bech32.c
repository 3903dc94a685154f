#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "bech32.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t
polymod_step(uint32_t chk, unsigned v)
{
	static const uint32_t gen[5] = {
		0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
	};
	uint32_t b = chk >> 25;
	int i;

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (i = 0; i < 5; i++)
		if ((b >> i) & 1)
			chk ^= gen[i];
	return chk;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The checksum starts with the expanded (lowercase) human-readable part. */
static uint32_t
polymod_hrp(const char *hrp, size_t n)
{
	uint32_t chk = 1;
	size_t i;

	for (i = 0; i < n; i++)
		chk = polymod_step(chk, (unsigned)lower(hrp[i]) >> 5);
	chk = polymod_step(chk, 0);
	for (i = 0; i < n; i++)
		chk = polymod_step(chk, (unsigned)lower(hrp[i]) & 31);
	return chk;
}

int
weir_bech32_encode(char *out, size_t size, const char *hrp,
    const unsigned char *data, size_t len, int upper)
{
	size_t hlen = strlen(hrp), nchar = (len * 8 + 4) / 5, o = 0, i;
	uint32_t chk, acc = 0;
	unsigned bits = 0, v;
	int c;

	if (hlen + 1 + nchar + 6 + 1 > size)
		return -1;
	for (i = 0; i < hlen; i++) {
		c = (unsigned char)hrp[i];
		out[o++] = (char)(upper && c >= 'a' && c <= 'z' ? c - 32 : c);
	}
	out[o++] = '1';
	chk = polymod_hrp(hrp, hlen);
	for (i = 0; i < len || bits > 0; ) {
		if (bits < 5 && i < len) {
			acc = (acc << 8) | data[i++];
			bits += 8;
		}
		if (bits >= 5) {
			bits -= 5;
			v = (acc >> bits) & 31;
		} else {	/* the last group, padded with zero bits */
			v = (acc << (5 - bits)) & 31;
			bits = 0;
		}
		chk = polymod_step(chk, v);
		c = charset[v];
		out[o++] = (char)(upper && c >= 'a' ? c - 32 : c);
	}
	for (i = 0; i < 6; i++)
		chk = polymod_step(chk, 0);
	chk ^= 1;
	for (i = 0; i < 6; i++) {
		c = charset[(chk >> (5 * (5 - i))) & 31];
		out[o++] = (char)(upper && c >= 'a' ? c - 32 : c);
	}
	out[o] = '\0';
	acc = 0;
	return (int)o;
}

static int
fail(const char **why, const char *msg)
{
	if (why != NULL)
		*why = msg;
	return -1;
}

int
weir_bech32_decode(const char *s, char *hrp, size_t hrpsize,
    unsigned char *data, size_t datasize, size_t *len, const char **why)
{
	size_t n = strlen(s), sep, i, o = 0;
	int has_lower = 0, has_upper = 0, c;
	const char *p;
	uint32_t chk, acc = 0;
	unsigned bits = 0, v;

	*len = 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 33 || c > 126)
			return fail(why, "invalid character");
		has_lower |= c >= 'a' && c <= 'z';
		has_upper |= c >= 'A' && c <= 'Z';
	}
	if (has_lower && has_upper)
		return fail(why, "mixed case");
	if ((p = strrchr(s, '1')) == NULL)
		return fail(why, "no separator");
	sep = (size_t)(p - s);
	if (sep == 0)
		return fail(why, "empty prefix");
	if (n - sep - 1 < 6)
		return fail(why, "too short");
	if (sep + 1 > hrpsize)
		return fail(why, "prefix too long");
	for (i = 0; i < sep; i++)
		hrp[i] = (char)lower(s[i]);
	hrp[sep] = '\0';

	chk = polymod_hrp(s, sep);
	for (i = sep + 1; i < n; i++) {
		if ((p = strchr(charset, lower(s[i]))) == NULL || *p == '\0')
			goto bad_char;
		v = (unsigned)(p - charset);
		chk = polymod_step(chk, v);
		if (i >= n - 6)
			continue;
		acc = ((acc << 5) | v) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o == datasize)
				goto too_long;
			data[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (chk != 1) {
		sodium_memzero(data, o);
		return fail(why, "bad checksum");
	}
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) {
		sodium_memzero(data, o);
		return fail(why, "bad padding");
	}
	acc = 0;
	*len = o;
	return 0;
bad_char:
	sodium_memzero(data, o);
	return fail(why, "invalid character");
too_long:
	sodium_memzero(data, o);
	return fail(why, "too long");
}
