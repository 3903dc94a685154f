/*
 * gendata - deterministic test and benchmark data for weir.
 *
 * usage: gendata [-hkL] [-n rows] [-s seed] [-t csv|ndjson]
 *
 * Writes rows records of made-up orders to stdout, as CSV (RFC 4180, header
 * row, LF line ends, minimal quoting) or NDJSON (one object per line).  The
 * same seed and row count give byte-identical output on every machine: the
 * generator has its own PRNG (splitmix64), does all arithmetic in integers
 * and never calls printf for data, so neither libc nor locale shows through.
 * Each record is drawn once and then written in the chosen form, so the CSV
 * and the NDJSON of one seed describe the same data, and CSV -> NDJSON -> CSV
 * gives back the CSV byte for byte.
 *
 * Columns: id, name, email, city, amount, qty, ratio, active, created, note;
 * with -k a last column sku (SKU-00000 .. SKU-09999, from the id alone, so
 * the other columns do not change).  -L writes instead the 10,000-row
 * product table those codes join with: sku, product, price, category.
 * About 140 bytes a CSV row (1M rows ~ 140 MB).  The awkward parts a reader
 * must get right come up regularly: UTF-8 names and cities (accents, CJK,
 * Hangul, Cyrillic, Greek), names and notes with commas and double quotes,
 * notes with an embedded newline, empty amount, qty and note.
 *
 * In NDJSON, id, qty, amount and ratio are JSON numbers (amount with its two
 * decimals, as in the CSV), active a JSON bool, everything else a string; an
 * empty value is "" whatever the column.
 *
 * Exit status: 0, 64 on a usage error, 74 when stdout cannot be written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_USAGE	64
#define EX_IOERR	74

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* PRNG: splitmix64 (Steele, Lea, Flood 2014), one 64-bit word of state. */
static uint64_t rng;

static uint64_t
next64(void)
{
	uint64_t z = (rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32 (Lemire's multiply-shift, bias < 2^-32 * n). */
static uint32_t
below(uint32_t n)
{
	return (uint32_t)(((next64() >> 32) * (uint64_t)n) >> 32);
}

/* True with probability per_mille / 1000. */
static int
chance(uint32_t per_mille)
{
	return below(1000) < per_mille;
}

struct person {
	const char	*name;	/* as written in the name column */
	const char	*ascii;	/* for the email address */
};

static const struct person firsts[] = {
	{ "José", "jose" }, { "María", "maria" }, { "François", "francois" },
	{ "Zoë", "zoe" }, { "Björn", "bjorn" }, { "Søren", "soren" },
	{ "Łukasz", "lukasz" }, { "Ana", "ana" }, { "John", "john" },
	{ "Emma", "emma" }, { "Olivia", "olivia" }, { "Liam", "liam" },
	{ "Noah", "noah" }, { "Chloé", "chloe" }, { "Jürgen", "jurgen" },
	{ "Íñigo", "inigo" }, { "Ayşe", "ayse" }, { "Dmitri", "dmitri" },
	{ "Siobhán", "siobhan" }, { "Mei", "mei" }, { "Hiroshi", "hiroshi" },
	{ "Priya", "priya" }, { "Kwame", "kwame" }, { "Fatima", "fatima" },
	{ "Amélie", "amelie" }, { "Ödön", "odon" }, { "Sarah", "sarah" },
	{ "David", "david" }, { "Lucía", "lucia" }, { "Mateo", "mateo" },
	{ "Anna", "anna" }, { "Peter", "peter" },
};

static const struct person lasts[] = {
	{ "García", "garcia" }, { "Müller", "muller" }, { "Smith", "smith" },
	{ "O'Brien", "obrien" }, { "Nguyễn", "nguyen" },
	{ "Kowalski", "kowalski" }, { "Dubois", "dubois" },
	{ "Rossi", "rossi" }, { "Johansson", "johansson" },
	{ "Novák", "novak" }, { "Østergaard", "ostergaard" },
	{ "Yılmaz", "yilmaz" }, { "Papadopoulos", "papadopoulos" },
	{ "Silva", "silva" }, { "Kim", "kim" }, { "Okafor", "okafor" },
	{ "Jones", "jones" }, { "Brown", "brown" }, { "Wójcik", "wojcik" },
	{ "Fernández", "fernandez" }, { "Schröder", "schroder" },
	{ "Williams", "williams" }, { "Lefèvre", "lefevre" },
	{ "Andersson", "andersson" },
};

/* Whole names in scripts without a first/last split the way Latin has. */
static const struct person wholes[] = {
	{ "王伟", "wang.wei" }, { "李娜", "li.na" }, { "张伟", "zhang.wei" },
	{ "陈静", "chen.jing" }, { "佐藤美咲", "sato.misaki" },
	{ "田中太郎", "tanaka.taro" }, { "김민준", "kim.minjun" },
	{ "이서연", "lee.seoyeon" }, { "Иван Петров", "ivan.petrov" },
	{ "Ελένη Παππά", "eleni.pappa" },
};

static const char *const nicks[] = { "Bob", "Jojo", "Ace", "Kiki", "Doc" };

static const char *const domains[] = {
	"example.com", "example.org", "example.net", "mail.example.com",
	"post.example.de", "correo.example.es",
};

static const char *const cities[] = {
	"New York", "London", "Paris", "Berlin", "Madrid", "Zürich",
	"São Paulo", "Kraków", "Montréal", "Reykjavík", "Düsseldorf",
	"Málaga", "İstanbul", "東京", "北京", "서울", "Москва", "Αθήνα",
	"Mexico City", "Lagos", "Mumbai", "Sydney", "Toronto",
	"Washington, D.C.", "Oslo", "Tromsø", "Córdoba", "Lyon", "Porto",
	"Cape Town", "Chicago", "Dublin",
};

static const char *const words[] = {
	"order", "shipped", "late", "customer", "asked", "for", "a", "refund",
	"the", "box", "was", "damaged", "call", "back", "on", "Monday",
	"gift", "wrap", "please", "deliver", "to", "side", "door", "paid",
	"by", "card", "invoice", "sent", "again", "priority", "handle",
	"with", "care", "café", "naïve", "résumé", "über", "fragile",
	"señor", "crème", "brûlée", "日本語", "配送", "привет", "👍",
	"and", "then", "not", "home", "left", "at", "reception",
};

static const char *const quoted[] = {
	"ASAP", "fragile", "urgent", "do not bend", "this side up", "merci",
};

/* A field of the current record: bytes in the record's scratch space. */
struct field {
	const char	*p;
	size_t		 n;
};

enum kind { STR, NUM, BOOL };

static const struct {
	const char	*name;
	enum kind	 kind;
} cols[] = {
	{ "id", NUM }, { "name", STR }, { "email", STR }, { "city", STR },
	{ "amount", NUM }, { "qty", NUM }, { "ratio", NUM },
	{ "active", BOOL }, { "created", STR }, { "note", STR },
};

#define NCOLS	NELEM(cols)

/* One record, built in scratch; every field fits with room to spare. */
struct rec {
	struct field	f[NCOLS];
	char		scratch[4096];
	size_t		used;
};

static char *
begin(struct rec *r)
{
	return r->scratch + r->used;
}

static void
end(struct rec *r, int col, char *start, char *stop)
{
	r->f[col].p = start;
	r->f[col].n = (size_t)(stop - start);
	r->used += (size_t)(stop - start);
}

static char *
put(char *d, const char *s)
{
	size_t n = strlen(s);

	memcpy(d, s, n);
	return d + n;
}

/* Decimal digits of v, at least width of them (zero-padded). */
static char *
putu(char *d, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 || n < width);
	while (n > 0)
		*d++ = tmp[--n];
	return d;
}

/* Days since 1970-01-01 to year, month, day (Hinnant's civil_from_days). */
static void
civil(long z, long *y, unsigned *m, unsigned *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static void
gen_name_email(struct rec *r)
{
	const struct person *a, *b = NULL;
	char *s, *e;
	uint32_t form = below(1000);

	a = &firsts[below(NELEM(firsts))];
	if (form < 80)
		a = &wholes[below(NELEM(wholes))];
	else
		b = &lasts[below(NELEM(lasts))];

	s = e = begin(r);
	if (b == NULL) {
		e = put(e, a->name);
	} else if (form < 110) {		/* "Last, First": a comma */
		e = put(e, b->name);
		e = put(e, ", ");
		e = put(e, a->name);
	} else if (form < 130) {		/* a nickname in double quotes */
		e = put(e, a->name);
		e = put(e, " \"");
		e = put(e, nicks[below(NELEM(nicks))]);
		e = put(e, "\" ");
		e = put(e, b->name);
	} else {
		e = put(e, a->name);
		if (form < 230) {		/* middle initial */
			*e++ = ' ';
			*e++ = (char)('A' + below(26));
			*e++ = '.';
		}
		*e++ = ' ';
		e = put(e, b->name);
	}
	end(r, 1, s, e);

	s = e;
	e = put(e, a->ascii);
	if (b != NULL) {
		*e++ = '.';
		e = put(e, b->ascii);
	}
	if (chance(600))
		e = putu(e, below(1000), 1);
	*e++ = '@';
	e = put(e, domains[below(NELEM(domains))]);
	end(r, 2, s, e);
}

static void
gen_note(struct rec *r)
{
	char *s, *e;
	uint32_t i, n;

	s = e = begin(r);
	if (!chance(120)) {
		n = 4 + below(8);
		for (i = 0; i < n; i++) {
			if (i > 0)
				*e++ = ' ';
			if (chance(40)) {
				*e++ = '"';
				e = put(e, quoted[below(NELEM(quoted))]);
				*e++ = '"';
			} else {
				e = put(e, words[below(NELEM(words))]);
			}
			if (i + 1 < n && chance(70))
				*e++ = ',';
			if (i + 1 < n && i > 0 && chance(5)) {
				*e++ = '.';
				*e++ = '\n';	/* a second line */
				e = put(e, words[below(NELEM(words))]);
			}
		}
		if (chance(500))
			*e++ = '.';
	}
	end(r, 9, s, e);
}

static void
gen(struct rec *r, uint64_t id)
{
	char *s, *e;
	uint32_t v;

	r->used = 0;

	s = begin(r);
	end(r, 0, s, putu(s, id, 1));

	gen_name_email(r);

	s = begin(r);
	end(r, 3, s, put(s, cities[below(NELEM(cities))]));

	s = e = begin(r);			/* amount: 2 decimals or empty */
	if (!chance(60)) {
		if (chance(30))
			*e++ = '-';
		v = below(100000);
		if (chance(100))
			v = below(100);		/* some under 1.00 */
		e = putu(e, v / 100, 1);
		*e++ = '.';
		e = putu(e, v % 100, 2);
	}
	end(r, 4, s, e);

	s = e = begin(r);			/* qty: int or empty */
	if (!chance(50))
		e = putu(e, chance(20) ? 0 : 1 + below(250), 1);
	end(r, 5, s, e);

	s = e = begin(r);			/* ratio: 0.dddddd */
	*e++ = '0';
	*e++ = '.';
	e = putu(e, below(1000000), 6);
	end(r, 6, s, e);

	s = begin(r);
	end(r, 7, s, put(s, chance(700) ? "true" : "false"));

	{					/* created: 2015-01-01 .. 2024-12-31 */
		long y;
		unsigned m, d;

		civil(16436 + (long)below(3653), &y, &m, &d);
		s = e = begin(r);
		e = putu(e, (uint64_t)y, 4);
		*e++ = '-';
		e = putu(e, m, 2);
		*e++ = '-';
		e = putu(e, d, 2);
		end(r, 8, s, e);
	}

	gen_note(r);
}

/* Output buffer, flushed whenever it might not hold another record. */
static char	out[1 << 20];
static size_t	outn;

static void
flush(void)
{
	if (outn > 0 && fwrite(out, 1, outn, stdout) != outn) {
		fprintf(stderr, "gendata: write: %s\n", strerror(errno));
		exit(EX_IOERR);
	}
	outn = 0;
}

static void
emit(const char *p, size_t n)
{
	memcpy(out + outn, p, n);
	outn += n;
}

static void
emitc(char c)
{
	out[outn++] = c;
}

static void
csv_field(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n')
			break;
	if (i == n) {
		emit(p, n);
		return;
	}
	emitc('"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			emitc('"');
		emitc(p[i]);
	}
	emitc('"');
}

static void
json_string(const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	unsigned char c;

	emitc('"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c == '"' || c == '\\') {
			emitc('\\');
			emitc((char)c);
		} else if (c == '\n') {
			emit("\\n", 2);
		} else if (c == '\r') {
			emit("\\r", 2);
		} else if (c == '\t') {
			emit("\\t", 2);
		} else if (c < 0x20) {
			emit("\\u00", 4);
			emitc(hex[c >> 4]);
			emitc(hex[c & 15]);
		} else {
			emitc((char)c);
		}
	}
	emitc('"');
}

static int	with_sku;

/* The product code of record id: spread over 10,000 codes. */
static void
sku(uint64_t id, char buf[10])
{
	uint64_t k = id * 2654435761u % 10000;

	memcpy(buf, "SKU-", 4);
	putu(buf + 4, k, 5);
}

static void
write_csv(const struct rec *r, uint64_t id)
{
	char code[10];
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		if (i > 0)
			emitc(',');
		csv_field(r->f[i].p, r->f[i].n);
	}
	if (with_sku) {
		sku(id, code);
		emitc(',');
		emit(code, 9);
	}
	emitc('\n');
}

/* -L: the product table the sku codes join with. */
static void
write_products(void)
{
	static const char *const cat[] = { "garden", "kitchen", "toys",
	    "books", "tools" };
	char code[10], num[24], *e;
	uint64_t k;

	emit("sku,product,price,category\n", 27);
	for (k = 0; k < 10000; k++) {
		memcpy(code, "SKU-", 4);
		putu(code + 4, k, 5);
		emit(code, 9);
		emit(",Product ", 9);
		e = putu(num, k, 5);
		emit(num, (size_t)(e - num));
		emitc(',');
		e = putu(num, 1 + k * 37 % 500, 1);
		emit(num, (size_t)(e - num));
		emit(".99,", 4);
		emit(cat[k % 5], strlen(cat[k % 5]));
		emitc('\n');
		if (outn > sizeof(out) - 256)
			flush();
	}
}

static void
write_ndjson(const struct rec *r, uint64_t id)
{
	size_t i;

	emitc('{');
	for (i = 0; i < NCOLS; i++) {
		if (i > 0)
			emitc(',');
		json_string(cols[i].name, strlen(cols[i].name));
		emitc(':');
		if (cols[i].kind == STR || r->f[i].n == 0)
			json_string(r->f[i].p, r->f[i].n);
		else
			emit(r->f[i].p, r->f[i].n);
	}
	if (with_sku) {
		char code[10];

		sku(id, code);
		emit(",\"sku\":\"", 8);
		emit(code, 9);
		emitc('"');
	}
	emit("}\n", 2);
}

static void
usage(int code)
{
	FILE *fp = code == 0 ? stdout : stderr;

	fprintf(fp, "usage: gendata [-hkL] [-n rows] [-s seed] [-t csv|ndjson]\n");
	if (code == 0)
		fprintf(fp, "Write rows (default 1000) deterministic test "
		    "records for seed (default 1)\nto standard output as CSV "
		    "(the default) or NDJSON.\n-k adds a column sku (10,000 "
		    "codes); -L writes the product table\nthey join with.\n");
	exit(code);
}

static uint64_t
number(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0) {
		fprintf(stderr, "gendata: %s: not a number: '%s'\n", what, s);
		usage(EX_USAGE);
	}
	return (uint64_t)v;
}

int
main(int argc, char *argv[])
{
	struct rec r;
	uint64_t i, rows = 1000;
	int ch, ndjson = 0, products = 0;

	rng = 1;
	while ((ch = getopt(argc, argv, "hkLn:s:t:")) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case 'k':
			with_sku = 1;
			break;
		case 'L':
			products = 1;
			break;
		case 'n':
			rows = number(optarg, "-n");
			break;
		case 's':
			rng = number(optarg, "-s");
			break;
		case 't':
			if (strcmp(optarg, "csv") == 0)
				ndjson = 0;
			else if (strcmp(optarg, "ndjson") == 0 ||
			    strcmp(optarg, "jsonl") == 0)
				ndjson = 1;
			else {
				fprintf(stderr, "gendata: -t: unknown format "
				    "'%s'\n", optarg);
				usage(EX_USAGE);
			}
			break;
		default:
			usage(EX_USAGE);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "gendata: unexpected argument '%s'\n",
		    argv[optind]);
		usage(EX_USAGE);
	}

	if (products) {
		write_products();
		rows = 0;
	} else if (!ndjson) {
		for (i = 0; i < NCOLS; i++) {
			if (i > 0)
				emitc(',');
			emit(cols[i].name, strlen(cols[i].name));
		}
		if (with_sku)
			emit(",sku", 4);
		emitc('\n');
	}
	for (i = 1; i <= rows; i++) {
		gen(&r, i);
		if (ndjson)
			write_ndjson(&r, i);
		else
			write_csv(&r, i);
		if (outn > sizeof(out) - 3 * sizeof(r.scratch))
			flush();
	}
	flush();
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "gendata: write: %s\n", strerror(errno));
		return EX_IOERR;
	}
	return 0;
}
