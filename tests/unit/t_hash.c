/* t_hash: weir_load_tail gives the bytes memcpy() gives, so the hash too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "t.h"

/* The hash as first written: the tail copied into a zeroed word. */
static uint64_t
reference(const void *data, size_t n)
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

int
main(void)
{
	unsigned char buf[128];
	size_t n, off, i;
	int ok = 1, differ = 0;

	srand(11);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rand();
	/* every length to 100 at every alignment: the same values */
	for (n = 0; n <= 100; n++)
		for (off = 0; off < 8; off++) {
			ok &= weir_hash64(buf + off, n) == reference(buf + off, n);
			differ += n > 0 && weir_hash64(buf + off, n) !=
			    weir_hash64(buf + off, n - 1);
		}
	CHECK(ok);
	CHECK(differ == 800);
	/* bytes past the end do not count; zero bytes in the tail do */
	memcpy(buf, "abc\0\0", 5);
	CHECK(weir_hash64(buf, 3) != weir_hash64(buf, 4));
	CHECK(weir_hash64("", 0) == reference("", 0) && weir_hash64("", 0) != 0);
	/* the tail itself, from the front and from the word before */
	for (n = 0, ok = 1; n < 8; n++)
		for (off = 0; off < 8; off++) {
			uint64_t w = 0;

			memcpy(&w, buf + 8 + off, n);
			ok &= weir_load_tail(buf + 8 + off, n, 0) == w &&
			    weir_load_tail(buf + 8 + off, n, 1) == w;
		}
	CHECK(ok);
	return T_DONE();
}
