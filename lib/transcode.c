#include <string.h>
#include <strings.h>

#include "transcode.h"

/* Windows-1252 0x80-0x9F; the five unassigned bytes map to C1 as WHATWG does. */
static const unsigned short cp1252[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

int
weir_enc_parse(const char *name)
{
	static const struct {
		const char	*name;
		int		 enc;
	} tab[] = {
		{ "utf-8", WEIR_ENC_UTF8 }, { "utf8", WEIR_ENC_UTF8 },
		{ "latin1", WEIR_ENC_LATIN1 }, { "latin-1", WEIR_ENC_LATIN1 },
		{ "iso-8859-1", WEIR_ENC_LATIN1 },
		{ "windows-1252", WEIR_ENC_CP1252 }, { "cp1252", WEIR_ENC_CP1252 },
		{ "utf-16", WEIR_ENC_UTF16 }, { "utf16", WEIR_ENC_UTF16 },
		{ "utf-16le", WEIR_ENC_UTF16LE }, { "utf-16be", WEIR_ENC_UTF16BE },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcasecmp(name, tab[i].name) == 0)
			return tab[i].enc;
	return -1;
}

void
weir_transcoder_init(struct weir_transcoder *t, int enc)
{
	memset(t, 0, sizeof(*t));
	t->enc = enc;
	t->big_endian = enc == WEIR_ENC_UTF16BE;
}

static char *
put_utf8(char *d, unsigned long c)
{
	if (c < 0x80)
		*d++ = (char)c;
	else if (c < 0x800) {
		*d++ = (char)(0xC0 | (c >> 6));
		*d++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*d++ = (char)(0xE0 | (c >> 12));
		*d++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*d++ = (char)(0x80 | (c & 0x3F));
	} else {
		*d++ = (char)(0xF0 | (c >> 18));
		*d++ = (char)(0x80 | ((c >> 12) & 0x3F));
		*d++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*d++ = (char)(0x80 | (c & 0x3F));
	}
	return d;
}

static long
utf16(struct weir_transcoder *t, const unsigned char *src, size_t n, int last,
    char *dst, const char *name, struct weir_err *e)
{
	unsigned char u[4];
	char *d = dst;
	size_t i = 0, k;

	for (;;) {
		/* Gather the pending bytes and the next ones into one unit. */
		k = t->npend;
		memcpy(u, t->pend, k);
		while (k < 2 && i < n)
			u[k++] = src[i++];
		if (k < 2)
			break;
		unsigned c = t->big_endian ? (unsigned)(u[0] << 8 | u[1]) :
		    (unsigned)(u[1] << 8 | u[0]);
		if (!t->started) {
			t->started = 1;
			if (c == 0xFEFF) {
				t->npend = 0;
				t->offset += 2;
				continue;
			}
			if (c == 0xFFFE && t->enc == WEIR_ENC_UTF16) {
				t->big_endian = !t->big_endian;
				t->npend = 0;
				t->offset += 2;
				continue;
			}
		}
		if (c >= 0xD800 && c <= 0xDBFF) {
			while (k < 4 && i < n)
				u[k++] = src[i++];
			if (k < 4) {
				memcpy(t->pend, u, k);
				t->npend = k;
				break;
			}
			unsigned lo = t->big_endian ?
			    (unsigned)(u[2] << 8 | u[3]) :
			    (unsigned)(u[3] << 8 | u[2]);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return weir_errf(e, EX_DATAERR,
				    "%s: byte %llu: invalid UTF-16: unpaired "
				    "surrogate", name, t->offset);
			d = put_utf8(d, 0x10000 + ((unsigned long)(c - 0xD800) << 10) +
			    (lo - 0xDC00));
			t->offset += 4;
		} else if (c >= 0xDC00 && c <= 0xDFFF) {
			return weir_errf(e, EX_DATAERR, "%s: byte %llu: invalid "
			    "UTF-16: unpaired surrogate", name, t->offset);
		} else {
			d = put_utf8(d, c);
			t->offset += 2;
		}
		t->npend = 0;
	}
	if (k < 2 && k > 0) {
		memcpy(t->pend, u, k);
		t->npend = k;
	}
	if (last && t->npend)
		return weir_errf(e, EX_DATAERR, "%s: byte %llu: invalid UTF-16: "
		    "input ends inside a character", name, t->offset);
	return d - dst;
}

long
weir_transcode(struct weir_transcoder *t, const unsigned char *src, size_t n,
    int last, char *dst, const char *name, struct weir_err *e)
{
	char *d = dst;
	size_t i;

	switch (t->enc) {
	case WEIR_ENC_UTF8:
		memcpy(dst, src, n);
		return (long)n;
	case WEIR_ENC_LATIN1:
		for (i = 0; i < n; i++)
			d = put_utf8(d, src[i]);
		break;
	case WEIR_ENC_CP1252:
		for (i = 0; i < n; i++)
			d = put_utf8(d, src[i] >= 0x80 && src[i] < 0xA0 ?
			    cp1252[src[i] - 0x80] : src[i]);
		break;
	default:
		return utf16(t, src, n, last, dst, name, e);
	}
	t->offset += n;
	return d - dst;
}
