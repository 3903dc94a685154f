/*
 * hash.h - a fast 64-bit hash of bytes for in-memory hash tables (dedup
 * keys, join keys): eight bytes a step, well mixed in the low bits that
 * pick a slot.  Never 0, so 0 can mark an empty slot.  Not for anything an
 * attacker chooses to collide on purpose: tables degrade, they do not
 * break.
 */
#ifndef WEIR_HASH_H
#define WEIR_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The n < 8 bytes at p as memcpy() into a zeroed word would give them,
 * without a byte loop through memory that the load after it must wait
 * for: overlapping loads, from the 8 bytes before p + n when they are
 * readable (back).  For any scan of a string eight bytes a step.
 */
static inline uint64_t
weir_load_tail(const unsigned char *p, size_t n, int back)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;
	uint32_t lo, hi;

	if (n == 0)
		return 0;
	if (back) {
		memcpy(&w, p + n - 8, 8);
		return w >> (8 * (8 - n));
	}
	if (n >= 4) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		return lo | (uint64_t)hi << (8 * (n - 4));
	}
	return (uint64_t)p[0] | (uint64_t)p[n / 2] << (8 * (n / 2)) |
	    (uint64_t)p[n - 1] << (8 * (n - 1));
#else
	uint64_t w = 0;

	(void)back;
	if (n > 0)
		memcpy(&w, p, n);
	return w;
#endif
}

static inline uint64_t
weir_hash64(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	w = weir_load_tail(p, n, p - (const unsigned char *)data >= 8);
	h = (h ^ w) * 0x94d049bb133111ebULL;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h ? h : 1;
}

#endif
