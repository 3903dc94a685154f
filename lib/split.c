#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "split.h"

#define BLOCK	(1u << 20)
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

/* Count what matters in b[0..n): eight bytes a step where bytes are LE. */
static void
tally(struct scan *s, const unsigned char *b, size_t n, int quote)
{
	size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w, lf, cr;

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
    struct weir_part *part, struct weir_err *e)
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
	if (n < 2)
		return 1;
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
			if (s.cr != s.crlf) {
				k = 1;	/* a lone CR: lines are not LFs */
				goto out;
			}
			if ((cut = off + i) >= size)
				goto out;
			part[k - 1].end = cut;
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
	if (k == 1)
		part[0].end = size;
	return (int)k;
}
