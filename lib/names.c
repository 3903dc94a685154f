/*
 * names.c - safe column names.
 *
 * A name is first folded to a row of ASCII characters, each with a class
 * (separator, upper, lower, digit, or "neutral" for letters with no case
 * of their own), then written out lowercase with '_' where a separator run
 * or a camelCase boundary was.  The boundaries are those of Rails'
 * underscore(): lower or digit before upper ("orderId"), and the last of
 * a run of uppers before a lower ("HTTPServer").
 *
 * Folding a letter to several letters needs the neutral class: "Æther"
 * folds to "AEther", and the 'E' must not count as an upper before a
 * lower, or the result would be "a_ether".  So all but the first letter of
 * an expansion (and both letters of 'ß') take the case of the next cased
 * letter in the word, else of the previous one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "names.h"

enum { C_SEP, C_UP, C_LO, C_DIG, C_NEU };

/* U+00C0 to U+017F folded to ASCII; "" for the two signs × and ÷. */
static const char *const fold[192] = {
	/* U+00C0 */
	"A", "A", "A", "A", "A", "A", "AE", "C",
	"E", "E", "E", "E", "I", "I", "I", "I",
	"D", "N", "O", "O", "O", "O", "O", "",
	"O", "U", "U", "U", "U", "Y", "TH", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */
	"A", "a", "A", "a", "A", "a", "C", "c",
	"C", "c", "C", "c", "C", "c", "D", "d",
	"D", "d", "E", "e", "E", "e", "E", "e",
	"E", "e", "E", "e", "G", "g", "G", "g",
	"G", "g", "G", "g", "H", "h", "H", "h",
	"I", "i", "I", "i", "I", "i", "I", "i",
	"I", "i", "IJ", "ij", "J", "j", "K", "k",
	"k", "L", "l", "L", "l", "L", "l", "L",
	"l", "L", "l", "N", "n", "N", "n", "N",
	"n", "n", "N", "n", "O", "o", "O", "o",
	"O", "o", "OE", "oe", "R", "r", "R", "r",
	"R", "r", "S", "s", "S", "s", "S", "s",
	"S", "s", "T", "t", "T", "t", "T", "t",
	"U", "u", "U", "u", "U", "u", "U", "u",
	"U", "u", "U", "u", "W", "w", "Y", "y",
	"Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

/* The code point of a well-formed UTF-8 sequence at s, or -1; *n its size. */
static long
utf8_decode(const unsigned char *s, size_t len, size_t *n)
{
	unsigned long cp;
	size_t k, need;

	need = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 &&
	    s[0] <= 0xef ? 3 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : 0;
	*n = 1;
	if (need == 0 || need > len)
		return -1;
	cp = s[0] & (need == 2 ? 0x1fu : need == 3 ? 0x0fu : 0x07u);
	for (k = 1; k < need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[k] & 0x3fu);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = need;
	return (long)cp;
}

/* The safe form of s[0..len), malloc'd; pos is 1-based, for "c<N>". */
static char *
safe_name(const char *s, size_t len, size_t pos)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char *ch, *cl;
	char *out;
	size_t i, j, k, m = 0, o = 0, n;
	const char *f;
	long cp;
	int c, sep = 0;

	/* an expansion is never longer than the UTF-8 it came from */
	ch = weir_xmalloc(len + 1);
	cl = weir_xmalloc(len + 1);
	for (i = 0; i < len; i += n) {
		n = 1;
		if (u[i] < 0x80) {
			c = u[i];
			ch[m] = (unsigned char)c;
			cl[m++] = c >= 'A' && c <= 'Z' ? C_UP :
			    c >= 'a' && c <= 'z' ? C_LO :
			    c >= '0' && c <= '9' ? C_DIG : C_SEP;
			continue;
		}
		cp = utf8_decode(u + i, len - i, &n);
		if (cp < 0xc0 || cp > 0x17f || *(f = fold[cp - 0xc0]) == '\0') {
			ch[m] = '_';
			cl[m++] = C_SEP;
			continue;
		}
		for (k = 0; f[k] != '\0'; k++) {
			ch[m] = (unsigned char)f[k];
			if (cp == 0xdf || (k > 0 && f[0] >= 'A' && f[0] <= 'Z'))
				cl[m++] = C_NEU;
			else
				cl[m++] = f[k] >= 'A' && f[k] <= 'Z' ? C_UP :
				    C_LO;
		}
	}

	/* neutral runs take the case of the next cased letter, else the last */
	for (i = 0; i < m; i = j) {
		if (cl[i] != C_NEU) {
			j = i + 1;
			continue;
		}
		for (j = i; j < m && cl[j] == C_NEU; j++)
			;
		if (j < m && (cl[j] == C_UP || cl[j] == C_LO))
			c = cl[j];
		else if (i > 0 && (cl[i - 1] == C_UP || cl[i - 1] == C_LO))
			c = cl[i - 1];
		else
			c = C_LO;
		for (k = i; k < j; k++)
			cl[k] = (unsigned char)c;
	}

	/* room for "x", a '_' before every character, and "c<N>" */
	out = weir_xmalloc(2 * m + 32);
	for (i = 0; i < m; i++) {
		if (cl[i] == C_SEP) {
			sep = 1;
			continue;
		}
		if (cl[i] == C_UP && i > 0 && (cl[i - 1] == C_LO ||
		    cl[i - 1] == C_DIG || (cl[i - 1] == C_UP && i + 1 < m &&
		    cl[i + 1] == C_LO)))
			sep = 1;
		if (sep && o > 0)
			out[o++] = '_';
		sep = 0;
		c = ch[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (o == 0 && c >= '0' && c <= '9')
			out[o++] = 'x';
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, 2 * m + 32, "c%zu", pos);
	free(ch);
	free(cl);
	return out;
}

/*
 * A set of names: open addressing, linear probing.  Each entry remembers
 * whether a column has claimed the name and the next suffix to try.
 */
struct ent {
	const char	*s;
	int		 claimed;
	size_t		 next;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct ent *
lookup(struct ent *t, size_t mask, const char *s, int add)
{
	size_t i = (size_t)hash(s) & mask;

	for (; t[i].s != NULL; i = (i + 1) & mask)
		if (strcmp(t[i].s, s) == 0)
			return &t[i];
	if (!add)
		return NULL;
	t[i].s = s;
	t[i].next = 2;
	return &t[i];
}

size_t
weir_safe_names(char **names, size_t *lens, size_t n)
{
	struct ent *t, *e;
	char **out, *alt;
	size_t i, nslot = 16, changed = 0, alen;

	if (n == 0)
		return 0;
	while (nslot < 4 * n)
		nslot *= 2;
	t = weir_xcalloc(nslot, sizeof(*t));
	out = weir_xcalloc(n, sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i] = safe_name(names[i], lens[i], i + 1);
		lookup(t, nslot - 1, out[i], 1);
	}
	/* every base name is taken up front, so a suffix never steals one */
	for (i = 0; i < n; i++) {
		e = lookup(t, nslot - 1, out[i], 0);
		if (!e->claimed) {
			e->claimed = 1;
			continue;
		}
		alen = strlen(out[i]) + 24;
		alt = weir_xmalloc(alen);
		do
			snprintf(alt, alen, "%s_%zu", out[i], e->next++);
		while (lookup(t, nslot - 1, alt, 0) != NULL);
		free(out[i]);
		out[i] = alt;
		lookup(t, nslot - 1, alt, 1)->claimed = 1;
	}
	for (i = 0; i < n; i++) {
		alen = strlen(out[i]);
		if (alen == lens[i] && memcmp(out[i], names[i], alen) == 0) {
			free(out[i]);
			continue;
		}
		free(names[i]);
		names[i] = out[i];
		lens[i] = alen;
		changed++;
	}
	free(out);
	free(t);
	return changed;
}
