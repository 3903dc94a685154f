/* t_kanon.c - class sizes, l-diversity, suppression and risk by hand. */
#include <stdio.h>
#include <string.h>

#include "privacy/kanon.h"
#include "t.h"

static void
add(struct weir_kanon *a, const char *key, const char *sens)
{
	weir_kanon_add(a, key, strlen(key), sens, sens ? strlen(sens) : 0);
}

int
main(void)
{
	struct weir_kanon *a = weir_kanon_new(4);
	struct weir_risk r;
	uint64_t size;
	unsigned distinct;
	int i;
	char key[16];

	/* class A: 3 records, 2 diagnoses; B: 1; C: 2 with one diagnosis */
	add(a, "30-39|021**", "flu");
	add(a, "30-39|021**", "flu");
	add(a, "30-39|021**", "cold");
	add(a, "40-49|021**", "flu");
	add(a, "20-29|100**", "hiv");
	add(a, "20-29|100**", "hiv");
	weir_kanon_class(a, "30-39|021**", 11, &size, &distinct);
	CHECK(size == 3 && distinct == 2);
	weir_kanon_class(a, "nope", 4, &size, &distinct);
	CHECK(size == 0 && distinct == 0);
	CHECK(weir_kanon_suppressed(a, 2, 0) == 1);	/* B */
	CHECK(weir_kanon_suppressed(a, 3, 0) == 3);	/* B and C */
	CHECK(weir_kanon_suppressed(a, 2, 2) == 3);	/* B, and C for l */
	weir_kanon_risk(a, 2, &r);
	CHECK(r.records == 6 && r.classes == 3 && r.smallest == 1);
	CHECK(r.below_k == 1 && r.uniques == 1);
	CHECK(r.highest == 1.0);
	CHECK(r.average > 0.4999 && r.average < 0.5001);	/* 3 / 6 */
	weir_kanon_free(a);
	/* many classes: the table grows and keeps every count */
	a = weir_kanon_new(0);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i % 1000);
		add(a, key, NULL);
	}
	weir_kanon_risk(a, 5, &r);
	CHECK(r.classes == 1000 && r.smallest == 5 && r.below_k == 0);
	weir_kanon_class(a, "k999", 4, &size, &distinct);
	CHECK(size == 5);
	weir_kanon_free(a);
	weir_kanon_free(NULL);
	return T_DONE();
}
