/* t_metrics.c - accuracy, log loss, AUC, macro F1, RMSE, MAE, R^2. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/metrics.h"
#include "t.h"

#define NEAR(a, b)	(fabs((a) - (b)) <= 1e-12)

static void
test_auc(void)
{
	static const int y[4] = { 0, 0, 1, 1 };
	static const double s[4] = { 0.1, 0.4, 0.35, 0.8 };
	static const double tie[4] = { 0.5, 0.5, 0.5, 0.5 };
	static const int one[3] = { 1, 1, 1 };
	static const int y6[6] = { 1, 0, 1, 0, 1, 0 };
	static const double s6[6] = { 0.9, 0.9, 0.5, 0.2, 0.2, 0.1 };

	CHECK(NEAR(weir_metrics_auc(y, s, 4), 0.75));
	CHECK(NEAR(weir_metrics_auc(y, tie, 4), 0.5));
	CHECK(NEAR(weir_metrics_auc(one, s, 3), 0.5));
	CHECK(NEAR(weir_metrics_auc(y, s, 0), 0.5));
	/* as sklearn roc_auc_score: 6 of 9 pairs, ties counting half */
	CHECK(NEAR(weir_metrics_auc(y6, s6, 6), 2.0 / 3));
}

static void
test_classify(void)
{
	/* predicted classes 0 1 1 1 2 0 against 0 0 1 1 2 2 */
	static const int y[6] = { 0, 0, 1, 1, 2, 2 };
	static const double p[18] = {
		0.7, 0.2, 0.1,
		0.3, 0.6, 0.1,
		0.1, 0.8, 0.1,
		0.2, 0.5, 0.3,
		0.1, 0.1, 0.8,
		0.4, 0.3, 0.3
	};
	static const int yb[4] = { 0, 1, 1, 0 };
	static const double pb[8] = { 1, 0, 0, 1, 0.5, 0.5, 0.2, 0.8 };
	struct weir_metrics m;
	double ll;

	weir_metrics_classify(&m, y, p, 6, 3);
	CHECK(m.classify && m.rows == 6);
	CHECK(NEAR(m.accuracy, 4.0 / 6));
	/* F1 per class: 1/2, 4/5, 2/3 */
	CHECK(NEAR(m.macro_f1, (0.5 + 0.8 + 2.0 / 3) / 3));
	ll = -(log(0.7) + log(0.3) + log(0.8) + log(0.5) + log(0.8) +
	    log(0.3)) / 6;
	CHECK(NEAR(m.log_loss, ll));
	CHECK(!m.has_auc);

	/* binary: p = 0 for the true class is clipped at 1e-15; ties go to class 0 */
	weir_metrics_classify(&m, yb, pb, 4, 2);
	CHECK(m.has_auc);
	CHECK(NEAR(m.accuracy, 0.5));	/* rows 0 (right), 1 (right)... */
	CHECK(NEAR(m.log_loss, (-log(1 - 1e-15) - log(1 - 1e-15) -
	    log(0.5) - log(0.2)) / 4));
	/* scores 0, 1, 0.5, 0.8 for labels 0 1 1 0: AUC 3/4 */
	CHECK(NEAR(m.auc, 0.75));
	/* a class neither true nor predicted does not count in the macro F1 */
	{
		static const int y2[2] = { 0, 0 };
		static const double p2[4] = { 0.9, 0.1, 0.8, 0.2 };

		weir_metrics_classify(&m, y2, p2, 2, 2);
		CHECK(NEAR(m.accuracy, 1));
		CHECK(NEAR(m.macro_f1, 1));
	}
}

static void
test_regress(void)
{
	static const double y[3] = { 1, 2, 3 }, p[3] = { 1, 2, 4 };
	static const double c[3] = { 2, 2, 2 };
	struct weir_metrics m;

	weir_metrics_regress(&m, y, p, 3);
	CHECK(!m.classify);
	CHECK(NEAR(m.rmse, sqrt(1.0 / 3)));
	CHECK(NEAR(m.mae, 1.0 / 3));
	CHECK(NEAR(m.r2, 0.5));
	weir_metrics_regress(&m, c, c, 3);
	CHECK(m.r2 == 1 && m.rmse == 0);
	weir_metrics_regress(&m, c, p, 3);
	CHECK(m.r2 == 0);
}

static void
test_json(void)
{
	static const double y[3] = { 1, 2, 3 }, p[3] = { 1, 2, 4 };
	static const int yb[2] = { 0, 1 };
	static const double pb[4] = { 0.75, 0.25, 0.25, 0.75 };
	struct weir_metrics m;
	char *s, line[256];
	json_t *j;

	weir_metrics_regress(&m, y, p, 3);
	j = weir_metrics_json(&m);
	s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	CHECK_STR(s, "{\"rows\":3,\"rmse\":0.57735026918962573,"
	    "\"mae\":0.33333333333333331,\"r2\":0.5}");
	free(s);
	json_decref(j);
	weir_metrics_classify(&m, yb, pb, 2, 2);
	j = weir_metrics_json(&m);
	s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	CHECK_STR(s, "{\"rows\":2,\"accuracy\":1.0,"
	    "\"log_loss\":0.2876820724517809,\"auc\":1.0,\"macro_f1\":1.0}");
	free(s);
	json_decref(j);
	weir_metrics_line(&m, line, sizeof(line));
	CHECK_STR(line, "accuracy 1.0000, log_loss 0.287682, auc 1.000000, "
	    "macro_f1 1.0000");
}

int
main(void)
{
	test_auc();
	test_classify();
	test_regress();
	test_json();
	return T_DONE();
}
