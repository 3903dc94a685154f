/* t_names.c - weir_safe_names(): case, folding, separators, dedup. */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "names.h"
#include "t.h"

/*
 * Run weir_safe_names() on the n names in in[], compare with want[], and
 * check the count of changed names and that lens[] follow.
 */
static void
check_names(const char *const *in, const char *const *want, size_t n,
    size_t want_changed, int line)
{
	char **names = weir_xcalloc(n, sizeof(*names));
	size_t *lens = weir_xcalloc(n, sizeof(*lens));
	size_t i, changed;
	int ok = 1;

	for (i = 0; i < n; i++) {
		lens[i] = strlen(in[i]);
		names[i] = weir_xmemdup(in[i], lens[i]);
	}
	changed = weir_safe_names(names, lens, n);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], want[i]) != 0 ||
		    lens[i] != strlen(want[i])) {
			fprintf(stderr, "line %d: name %zu: got \"%s\" (%zu), "
			    "want \"%s\"\n", line, i + 1, names[i], lens[i],
			    want[i]);
			ok = 0;
		}
		free(names[i]);
	}
	if (changed != want_changed) {
		fprintf(stderr, "line %d: %zu changed, want %zu\n", line,
		    changed, want_changed);
		ok = 0;
	}
	CHECK(ok);
	free(names);
	free(lens);
}

/* One name alone (position 1). */
static void
one(const char *in, const char *want, int line)
{
	check_names(&in, &want, 1, strcmp(in, want) != 0, line);
}

#define ONE(in, want)	one(in, want, __LINE__)
#define MANY(in, want, c) check_names(in, want, sizeof(in) / sizeof(in[0]), \
	c, __LINE__)

int
main(void)
{
	/* already safe */
	ONE("id", "id");
	ONE("order_id", "order_id");
	ONE("a1", "a1");
	ONE("x", "x");

	/* case */
	ONE("ID", "id");
	ONE("Name", "name");
	ONE("orderID", "order_id");
	ONE("orderId", "order_id");
	ONE("HTTPServer", "http_server");
	ONE("getHTTPResponseCode", "get_http_response_code");
	ONE("XMLHttpRequest", "xml_http_request");
	ONE("userID2", "user_id2");
	ONE("sha256Hash", "sha256_hash");
	ONE("top10Items", "top10_items");
	ONE("ABC", "abc");
	ONE("aB", "a_b");
	ONE("Ab", "ab");
	ONE("ABc", "a_bc");
	ONE("already_Snake", "already_snake");
	ONE("Mixed_CaseName", "mixed_case_name");

	/* separators */
	ONE("first name", "first_name");
	ONE("  padded  ", "padded");
	ONE("a--b", "a_b");
	ONE("a__b", "a_b");
	ONE("_id", "id");
	ONE("id_", "id");
	ONE("__x__", "x");
	ONE("price ($)", "price");
	ONE("amount.usd", "amount_usd");
	ONE("a/b\\c", "a_b_c");
	ONE("e-mail address", "e_mail_address");
	ONE("Unit Price (EUR)", "unit_price_eur");
	ONE("a\tb\nc", "a_b_c");
	ONE("tax%", "tax");
	ONE("% done", "done");

	/* a leading digit */
	ONE("1st", "x1st");
	ONE("2024", "x2024");
	ONE("2nd place", "x2nd_place");
	ONE("  9lives", "x9lives");
	ONE("_1", "x1");
	ONE("3D", "x3_d");

	/* accented letters */
	ONE("Prénom", "prenom");
	ONE("café", "cafe");
	ONE("Ærø", "aero");
	ONE("Straße", "strasse");
	ONE("STRASSE", "strasse");
	ONE("STRAßE", "strasse");
	ONE("ßtart", "sstart");
	ONE("Æther", "aether");
	ONE("ÆTHER", "aether");
	ONE("fooÆther", "foo_aether");
	ONE("Œuvre", "oeuvre");
	ONE("œuvre", "oeuvre");
	ONE("Þorn", "thorn");
	ONE("ðe", "de");
	ONE("Łódź", "lodz");
	ONE("Ñandú", "nandu");
	ONE("Ålborg", "alborg");
	ONE("søster", "soster");
	ONE("Čapek", "capek");
	ONE("Ĳssel", "ijssel");
	ONE("İstanbul", "istanbul");
	ONE("ÿ", "y");
	ONE("žŽ", "z_z");
	ONE("naïveÉcole", "naive_ecole");
	ONE("ÀÉÎÕÜ", "aeiou");
	ONE("àéîõü", "aeiou");
	ONE("a×b", "a_b");
	ONE("a÷b", "a_b");

	/* other characters are separators */
	ONE("温度 (°C)", "c");
	ONE("név€", "nev");
	ONE("a\xc3" "b", "a_b");		/* truncated UTF-8 */
	ONE("a\xff" "b", "a_b");		/* invalid byte */
	ONE("a\xc0\xaf" "b", "a_b");		/* overlong */
	ONE("Ωmega", "mega");
	ONE("a😀b", "a_b");

	/* empty results become c<N> */
	ONE("", "c1");
	ONE("   ", "c1");
	ONE("___", "c1");
	ONE("名前", "c1");
	{
		static const char *const in[] = { "a", "", "日本", "?" };
		static const char *const want[] = { "a", "c2", "c3", "c4" };

		MANY(in, want, 3);
	}

	/* duplicates */
	{
		static const char *const in[] = { "a", "a", "a" };
		static const char *const want[] = { "a", "a_2", "a_3" };

		MANY(in, want, 2);
	}
	{
		static const char *const in[] = { "Name", "name", "NAME" };
		static const char *const want[] = { "name", "name_2",
		    "name_3" };

		MANY(in, want, 3);
	}
	{
		/* a_2 is taken by the third column: skip it */
		static const char *const in[] = { "a", "A", "a_2" };
		static const char *const want[] = { "a", "a_3", "a_2" };

		MANY(in, want, 1);
	}
	{
		/* a later name taken before the suffix reaches it */
		static const char *const in[] = { "x", "X", "x", "x_3",
		    "x_2" };
		static const char *const want[] = { "x", "x_4", "x_5",
		    "x_3", "x_2" };

		MANY(in, want, 2);
	}
	{
		/* an empty name's c<N> may clash with a real one */
		static const char *const in[] = { "c2", "" };
		static const char *const want[] = { "c2", "c2_2" };

		MANY(in, want, 1);
	}
	{
		static const char *const in[] = { "order ID", "orderId",
		    "order_id", "ORDER-ID" };
		static const char *const want[] = { "order_id", "order_id_2",
		    "order_id_3", "order_id_4" };

		/* the first comes first, even over a name already safe */
		MANY(in, want, 4);
	}
	{
		static const char *const in[] = { "id", "name", "amount" };
		static const char *const want[] = { "id", "name", "amount" };

		MANY(in, want, 0);
	}
	{
		static const char *const in[] = { "1", "1", "x1" };
		static const char *const want[] = { "x1", "x1_2", "x1_3" };

		MANY(in, want, 3);
	}

	/* many columns: the set grows, every name stays unique */
	{
		enum { N = 3000 };
		char **names = weir_xcalloc(N, sizeof(*names));
		size_t *lens = weir_xcalloc(N, sizeof(*lens));
		size_t i, j, changed;
		int uniq = 1;

		for (i = 0; i < N; i++) {
			names[i] = weir_xstrdup(i % 3 == 0 ? "Col" :
			    i % 3 == 1 ? "col" : "COL");
			lens[i] = 3;
		}
		changed = weir_safe_names(names, lens, N);
		CHECK(changed == N);
		CHECK_STR(names[0], "col");
		CHECK_STR(names[1], "col_2");
		CHECK_STR(names[N - 1], "col_3000");
		for (i = 0; i < N && uniq; i++)
			for (j = i + 1; j < N; j++)
				if (strcmp(names[i], names[j]) == 0) {
					uniq = 0;
					break;
				}
		CHECK(uniq);
		for (i = 0; i < N; i++)
			free(names[i]);
		free(names);
		free(lens);
	}

	/* nothing to do */
	CHECK(weir_safe_names(NULL, NULL, 0) == 0);

	return T_DONE();
}
