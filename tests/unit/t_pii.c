/* t_pii.c - what personal data looks like, and redaction in free text. */
#include <string.h>

#include "mem.h"
#include "privacy/pii.h"
#include "t.h"

static int
is(int kind, const char *s)
{
	return weir_pii_is(kind, s, strlen(s));
}

static const char *
redact(unsigned mask, const char *s)
{
	static struct weir_buf out;

	weir_pii_redact(mask, s, strlen(s), &out);
	return out.p;
}

int
main(void)
{
	unsigned all = (1u << WEIR_PII_N) - 1;

	CHECK(is(WEIR_PII_EMAIL, "alice@example.com"));
	CHECK(is(WEIR_PII_EMAIL, " a.b+c@mail.example.co.uk "));
	CHECK(!is(WEIR_PII_EMAIL, "alice@example"));
	CHECK(!is(WEIR_PII_EMAIL, "@example.com"));
	CHECK(!is(WEIR_PII_EMAIL, "a@b..com"));
	CHECK(is(WEIR_PII_PHONE, "+33 1 23 45 67 89"));
	CHECK(is(WEIR_PII_PHONE, "(555) 123-4567"));
	CHECK(!is(WEIR_PII_PHONE, "12345"));
	CHECK(!is(WEIR_PII_PHONE, "2024-01-05"));	/* a date */
	CHECK(is(WEIR_PII_IBAN, "GB82 WEST 1234 5698 7654 32"));
	CHECK(is(WEIR_PII_IBAN, "DE89370400440532013000"));
	CHECK(!is(WEIR_PII_IBAN, "DE89370400440532013001"));	/* mod 97 */
	CHECK(is(WEIR_PII_CARD, "4111 1111 1111 1111"));
	CHECK(is(WEIR_PII_CARD, "5500-0000-0000-0004"));
	CHECK(!is(WEIR_PII_CARD, "4111 1111 1111 1112"));	/* Luhn */
	CHECK(is(WEIR_PII_IPV4, "192.168.0.1"));
	CHECK(!is(WEIR_PII_IPV4, "256.1.1.1"));
	CHECK(!is(WEIR_PII_IPV4, "1.2.3"));
	CHECK(is(WEIR_PII_IPV6, "2001:db8::1"));
	CHECK(!is(WEIR_PII_IPV6, "12:30"));
	CHECK(is(WEIR_PII_DATE, "1984-03-01"));
	CHECK(is(WEIR_PII_DATE, "01/03/1984"));
	CHECK(!is(WEIR_PII_DATE, "1984-13-01"));
	CHECK(is(WEIR_PII_SSN, "123-45-6789"));
	CHECK(!is(WEIR_PII_SSN, "000-45-6789"));
	CHECK(!is(WEIR_PII_SSN, "666-45-6789"));
	CHECK(weir_pii_classify("4111111111111111", 16) ==
	    1u << WEIR_PII_CARD);
	CHECK(weir_pii_classify("hello", 5) == 0);
	CHECK_STR(weir_pii_name_hint("Customer Name"), "name");
	CHECK_STR(weir_pii_name_hint("date_of_birth"), "birth");
	CHECK_STR(weir_pii_name_hint("client_ip"), "ip");
	CHECK_STR(weir_pii_name_hint("zip_code"), "zip");
	CHECK(weir_pii_name_hint("zipper_count") == NULL);	/* short: words only */
	CHECK(weir_pii_name_hint("shipping") == NULL);		/* not "ip" */
	CHECK(weir_pii_name_hint("amount") == NULL);
	CHECK(weir_pii_kind("iban") == WEIR_PII_IBAN && weir_pii_kind("x") == -1);
	CHECK_STR(redact(all, "write to alice@example.com or call +33 1 23 45 67 89."),
	    "write to [EMAIL] or call [PHONE].");
	CHECK_STR(redact(1u << WEIR_PII_EMAIL, "mail bob@x.org, tel 0123456789"),
	    "mail [EMAIL], tel 0123456789");
	CHECK_STR(redact(all, "card 4111 1111 1111 1111 from 10.0.0.1"),
	    "card [CARD] from [IP]");
	CHECK_STR(redact(all, "IBAN DE89370400440532013000 ok"),
	    "IBAN [IBAN] ok");
	CHECK_STR(redact(all, "nothing here, order 12"),
	    "nothing here, order 12");
	return T_DONE();
}
