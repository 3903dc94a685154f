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
	w = 0;
	if (n > 0)
		memcpy(&w, p, n);
	h = (h ^ w) * 0x94d049bb133111ebULL;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h ? h : 1;
}

#endif
