/*
 * pii.h - what personal data looks like (weir-anonymize --scan, --redact):
 * emails, phone numbers, IBANs (mod-97 checked), payment card numbers
 * (Luhn checked), IPv4 and IPv6 addresses, dates, US SSNs; and column
 * names that hint at personal data.  Patterns are deliberately strict
 * where a checksum exists and loose where none does (phones: 7 to 15
 * digits with the usual separators), so a scan errs toward saying "look
 * at this column".
 */
#ifndef WEIR_PRIVACY_PII_H
#define WEIR_PRIVACY_PII_H

#include <stddef.h>

#include "mem.h"

enum weir_pii { WEIR_PII_EMAIL, WEIR_PII_PHONE, WEIR_PII_IBAN,
	WEIR_PII_CARD, WEIR_PII_IPV4, WEIR_PII_IPV6, WEIR_PII_DATE,
	WEIR_PII_SSN, WEIR_PII_N };

/* "email", "phone", ...; -1 / NULL for an unknown one. */
const char	*weir_pii_name(int kind);
int		 weir_pii_kind(const char *name);
/* 1 when the whole value (blanks around ignored) is one of kind. */
int		 weir_pii_is(int kind, const char *s, size_t len);
/* The kinds the whole value is, as bits (1 << kind). */
unsigned	 weir_pii_classify(const char *s, size_t len);
/* Why a column name suggests personal data ("name", "birth"), or NULL. */
const char	*weir_pii_name_hint(const char *name);
/*
 * Free text with every span of the kinds in mask (bits) replaced by
 * "[EMAIL]", "[PHONE]", ...; returns how many spans were replaced.
 */
size_t		 weir_pii_redact(unsigned mask, const char *s, size_t len,
		    struct weir_buf *out);

#endif
