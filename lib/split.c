#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "mem.h"
#include "split.h"

#define BLOCK	(1u << 18)
#define ONES	0x0101010101010101ULL
#define LOW7	0x7f7f7f7f7f7f7f7fULL
#define HIGH	0x8080808080808080ULL

struct scan {
	uint64_t	 quotes, lf, cr, crlf;
	int		 prev_cr;
};

/* Bit 7 of each byte of w equal to the byte of pat (exact, no carries). */
static inline uint64_t
eq(uint64_t w, uint64_t pat)
{
	uint64_t x = w ^ pat;

	return ~(((x & LOW7) + LOW7) | x) & HIGH;
}

/* How many bytes of m have bit 7 set (m has no other bits). */
static inline uint64_t
ones(uint64_t m)
{
	return ((m >> 7) * ONES) >> 56;
}

static inline void
byte(struct scan *s, unsigned char c, int quote)
{
	if (quote != 0 && c == quote)
		s->quotes++;
	else if (c == '\n') {
		s->lf++;
		s->crlf += s->prev_cr;
	} else if (c == '\r')
		s->cr++;
	s->prev_cr = c == '\r';
}

#ifdef __SSE2__
static uint64_t
sum_bytes(__m128i v)
{
	__m128i t = _mm_sad_epu8(v, _mm_setzero_si128());

	return (uint64_t)_mm_cvtsi128_si64(t) +
	    (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(t, t));
}

/*
 * Sixteen bytes a step from b[1] on (b[0] is done): per-byte counters, -1
 * per match subtracted, summed before they can wrap.  A CRLF is an LF
 * whose byte before, one load back, is a CR.  Returns where it stopped.
 */
static size_t
tally16(struct scan *s, const unsigned char *b, size_t n, int quote)
{
	const __m128i vq = _mm_set1_epi8((char)quote);
	const __m128i vl = _mm_set1_epi8('\n'), vc = _mm_set1_epi8('\r');
	__m128i w, lf, aq, al, ac, ap;
	size_t i = 1, stop;

	while (i + 16 <= n) {
		aq = al = ac = ap = _mm_setzero_si128();
		for (stop = i + 255 * 16; i + 16 <= n && i < stop; i += 16) {
			w = _mm_loadu_si128((const __m128i *)(b + i));
			lf = _mm_cmpeq_epi8(w, vl);
			aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(w, vq));
			al = _mm_sub_epi8(al, lf);
			ac = _mm_sub_epi8(ac, _mm_cmpeq_epi8(w, vc));
			ap = _mm_sub_epi8(ap, _mm_and_si128(lf, _mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(b + i - 1)), vc)));
		}
		if (quote != 0)
			s->quotes += sum_bytes(aq);
		s->lf += sum_bytes(al);
		s->cr += sum_bytes(ac);
		s->crlf += sum_bytes(ap);
	}
	return i;
}
#endif

/* Count what matters in b[0..n). */
static void
tally(struct scan *s, const unsigned char *b, size_t n, int quote)
{
	size_t i = 0;
#ifdef __SSE2__
	if (n > 32) {
		byte(s, b[0], quote);
		i = tally16(s, b, n, quote);
		s->prev_cr = b[i - 1] == '\r';
	}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w, lf, cr;

	/* eight bytes a step */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		lf = eq(w, '\n' * ONES);
		cr = eq(w, '\r' * ONES);
		if (quote != 0)
			s->quotes += ones(eq(w, (uint64_t)quote * ONES));
		s->lf += ones(lf);
		if ((cr | (uint64_t)s->prev_cr) != 0) {
			/* an LF whose byte before is a CR, across words too */
			s->cr += ones(cr);
			s->crlf += ones(lf & ((cr << 8) |
			    (s->prev_cr ? 0x80u : 0)));
		}
		s->prev_cr = (int)(cr >> 63);
	}
#endif
	for (; i < n; i++)
		byte(s, b[i], quote);
}

int
weir_split_plan(int fd, uint64_t size, int quote, size_t n, uint64_t min,
    struct weir_part *part, weir_split_fn found, void *arg,
    struct weir_err *e)
{
	struct scan s;
	unsigned char *buf;
	uint64_t off = 0, target, cut;
	size_t k = 1, i, m;
	ssize_t got;

	part[0].start = 0;
	part[0].end = size;
	part[0].line = 1;
	if (n > WEIR_PARTS_MAX)
		n = WEIR_PARTS_MAX;
	if (min == 0 || n > size / min)
		n = min == 0 ? 1 : (size_t)(size / min);
	if (n < 2) {
		if (found != NULL)
			found(arg, 0, &part[0]);
		return 1;
	}
	memset(&s, 0, sizeof(s));
	buf = weir_xmalloc(BLOCK);
	target = size / n;
	while (k < n) {
		do
			got = pread(fd, buf, BLOCK, (off_t)off);
		while (got == -1 && errno == EINTR);
		if (got == -1) {
			free(buf);
			return weir_errnof(e, EX_IOERR, errno, "read");
		}
		if (got == 0)
			break;
		for (i = 0; i < (size_t)got && k < n;) {
			if (off + i < target) {
				m = (size_t)got - i;
				if (m > target - (off + i))
					m = (size_t)(target - (off + i));
				tally(&s, buf + i, m, quote);
				i += m;
				continue;
			}
			/* past the target: the first newline outside quotes */
			byte(&s, buf[i], quote);
			if (buf[i++] != '\n' || s.quotes % 2 != 0)
				continue;
			if (s.cr != s.crlf)
				goto out;	/* a lone CR: lines are not LFs */
			if ((cut = off + i) >= size)
				goto out;
			part[k - 1].end = cut;
			if (found != NULL)
				found(arg, k - 1, &part[k - 1]);
			part[k].start = cut;
			part[k].end = size;
			part[k].line = (unsigned long)s.lf + 1;
			k++;
			target = size / n * k;
			if (target < cut + min)
				target = cut + min;
			if (target >= size)
				goto out;
		}
		off += (uint64_t)got;
	}
out:
	free(buf);
	part[k - 1].end = size;
	if (found != NULL)
		found(arg, k - 1, &part[k - 1]);
	return (int)k;
}
