/* t_sha256.c - streamed digests, in line and on a thread, agree with known ones. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "t.h"

static const char *
hex(const unsigned char d[32])
{
	static char h[65];

	weir_sha256_tohex(d, h);
	return h;
}

static void
test_known(void)
{
	unsigned char d[32];

	weir_sha256("", 0, d);
	CHECK_STR(hex(d), "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	weir_sha256("abc", 3, d);
	CHECK_STR(hex(d), "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

/* The thread gives the digest of the same bytes, fed in any pieces. */
static void
test_async(void)
{
	static const size_t sizes[] = { 0, 1, 63, 64, 4096, 524287, 524288,
	    524289, 3 * 524288 + 17, 9000000 };
	static const size_t pieces[] = { 1, 7, 4096, 65536, 1 << 20 };
	unsigned char *buf, want[32], got[32], mid[32], midwant[32];
	struct weir_sha256 a;
	size_t i, j, k, n;

	buf = malloc(9000000);
	for (i = 0; i < 9000000; i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 13);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (j = 0; j < sizeof(pieces) / sizeof(pieces[0]); j++) {
			if (pieces[j] == 1 && sizes[i] > 100000)
				continue;	/* slow, and says nothing new */
			weir_sha256(buf, sizes[i], want);
			weir_sha256(buf, sizes[i] / 2, midwant);
			weir_sha256_init_async(&a);
			for (k = 0; k < sizes[i]; k += n) {
				n = sizes[i] - k < pieces[j] ? sizes[i] - k :
				    pieces[j];
				if (k < sizes[i] / 2 && k + n > sizes[i] / 2)
					n = sizes[i] / 2 - k;
				weir_sha256_update(&a, buf + k, n);
				if (k + n == sizes[i] / 2) {
					/* a digest midway, then on */
					weir_sha256_peek(&a, mid);
					CHECK(memcmp(mid, midwant, 32) == 0);
				}
			}
			weir_sha256_peek(&a, got);
			CHECK(memcmp(got, want, 32) == 0);
			weir_sha256_peek(&a, got);	/* twice is fine */
			CHECK(memcmp(got, want, 32) == 0);
			weir_sha256_release(&a);
		}
	/* Released without a digest: the thread still stops. */
	weir_sha256_init_async(&a);
	weir_sha256_update(&a, buf, 2000000);
	weir_sha256_release(&a);
	free(buf);
}

int
main(void)
{
	test_known();
	test_async();
	return T_DONE();
}
